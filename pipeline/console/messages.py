"""Setting up (a new workspace, the blank form, the templates), strategi.toml's warnings, and the one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.console.common import lang_of
from pipeline.i18n import Lang, Msg
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.documents.templatecheck import TemplateProblem
    from pipeline.errors import IktplanError
    from pipeline.workspace import Workspace


def print_workspace_made(ws: Workspace, form: Path, texts: list[Path] = (), lang: Lang | None = None) -> None:
    lang = lang_of(lang)
    _ = lang.gettext
    echo(_("Arbeidsmappen er laget: {folder}", folder=str(ws.root)))
    echo(_("Neste steg:"))
    echo("  " + _("1. Rediger {file} (kommune, periode, mål, enheter).", file=ws.config_path.name))
    echo("  " + _("2. Kjør «iktplan -w \"{folder}\" forms» og send {form} til enhetene.",
                  folder=str(ws.root), form=form.name))
    echo("  " + _("3. Legg innkomne skjemaer i {inbox} og kjør «iktplan -w \"{folder}\" run».",
                  inbox=str(ws.inbox), folder=str(ws.root)))
    if texts:
        echo("  " + lang.ngettext(
            "4. Skriv kommunens egne tekster i Word i {folder} ({n} fil, med veiledning i hver).",
            "4. Skriv kommunens egne tekster i Word i {folder} ({n} filer, med veiledning i hver).",
            len(texts), folder=str(ws.texts)))


def print_blank_form(path: Path, lang: Lang | None = None) -> None:
    echo(lang_of(lang).gettext("Tomt skjema skrevet: {file}", file=str(path)))


def print_template_problems(problems: list[TemplateProblem], warnings: list[TemplateProblem] | None = None,
                            lang: Lang | None = None) -> None:
    """The template errors (the documents cannot be made) and the warnings about
    universal design (they can, but should not be published so; None: not looked for)."""
    lang = lang_of(lang)
    if warnings:
        echo(lang.ngettext("{n} merknad om universell utforming (dokumentene lages likevel, men bør rettes før de "
                           "publiseres):",
                           "{n} merknader om universell utforming (dokumentene lages likevel, men bør rettes før de "
                           "publiseres):", len(warnings)), fg="yellow")
        for w in warnings:
            echo(f"  - {w.render(lang)}")
    if not problems:
        echo(lang.gettext("Malene kan brukes.") if warnings else lang.gettext("Malene er i orden."))
        return
    echo(lang.ngettext("Fant {n} problem i malene:", "Fant {n} problemer i malene:", len(problems)),
         fg="red", err=True)
    for p in problems:
        echo(f"  - {p.render(lang)}", err=True)


def config_warning_line(warning: Msg | str, lang: Lang | None = None) -> str:
    lang = lang_of(lang)
    return lang.gettext("Advarsel: {warning}", warning=lang.render(warning))


def print_config_warnings(warnings: tuple[Msg | str, ...], lang: Lang | None = None) -> None:
    """What strategi.toml allows but is probably a mistake (:attr:`Config.warnings`), before a run."""
    for warning in warnings:
        echo(config_warning_line(warning, lang), err=True, fg="yellow")


def print_user_error(error: IktplanError | Msg | str, lang: Lang | None = None) -> None:
    """One line (or a few) for an error the user can fix, in *lang* (``None``: the
    command line's language)."""
    lang = lang_of(lang)
    text = error.render(lang) if hasattr(error, "render") else lang.render(error)
    echo(lang.gettext("Feil: {message}", message=text), err=True, fg="red")


def print_interrupted(lang: Lang | None = None) -> None:
    echo(lang_of(lang).gettext("Avbrutt."), err=True)


def print_unexpected(exc: BaseException, lang: Lang | None = None) -> None:
    echo(
        lang_of(lang).gettext(
            "Uventet feil ({type}). Ingen innleverte filer er tapt. Kjør kommandoen på nytt med --debug for detaljer, "
            "og send dem til den som drifter iktplan.", type=type(exc).__name__),
        err=True,
        fg="red",
    )
