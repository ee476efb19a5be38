"""Setting up (a new workspace, the blank form, the templates), strategi.toml's warnings, and the one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import formatting as fmt
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.documents.templatecheck import TemplateProblem
    from pipeline.workspace import Workspace


def print_workspace_made(ws: Workspace, form: Path, texts: list[Path] = ()) -> None:
    echo(f"Arbeidsmappen er laget: {ws.root}")
    echo("Neste steg:")
    echo(f"  1. Rediger {ws.config_path.name} (kommune, periode, mål, enheter).")
    echo(f"  2. Kjør «iktplan -w \"{ws.root}\" forms» og send {form.name} til enhetene.")
    echo(f"  3. Legg innkomne skjemaer i {ws.inbox} og kjør «iktplan -w \"{ws.root}\" run».")
    if texts:
        echo(f"  4. Skriv kommunens egne tekster i Word i {ws.texts} ({len(texts)} filer, med veiledning i hver).")


def print_blank_form(path: Path) -> None:
    echo(f"Tomt skjema skrevet: {path}")


def print_template_problems(problems: list[TemplateProblem], warnings: list[TemplateProblem] | None = None) -> None:
    """The template errors (the documents cannot be made) and the warnings about
    universal design (they can, but should not be published so; None: not looked for)."""
    if warnings:
        echo(f"{fmt.plural(len(warnings), 'merknad', 'merknader')} om universell utforming (dokumentene "
             "lages likevel, men bør rettes før de publiseres):", fg="yellow")
        for w in warnings:
            echo(f"  - {w}")
    if not problems:
        echo("Malene kan brukes." if warnings else "Malene er i orden.")
        return
    echo(f"Fant {fmt.plural(len(problems), 'problem', 'problemer')} i malene:", fg="red", err=True)
    for p in problems:
        echo(f"  - {p}", err=True)


def config_warning_line(warning: str) -> str:
    return f"Advarsel: {warning}"


def print_config_warnings(warnings: tuple[str, ...]) -> None:
    """What strategi.toml allows but is probably a mistake (:attr:`Config.warnings`), before a run."""
    for warning in warnings:
        echo(config_warning_line(warning), err=True, fg="yellow")


def print_user_error(message: str) -> None:
    echo(f"Feil: {message}", err=True, fg="red")


def print_interrupted() -> None:
    echo("Avbrutt.", err=True)


def print_unexpected(exc: BaseException) -> None:
    echo(
        f"Uventet feil ({type(exc).__name__}). Ingen innleverte filer er tapt. "
        "Kjør kommandoen på nytt med --debug for detaljer, og send dem til den som drifter iktplan.",
        err=True,
        fg="red",
    )
