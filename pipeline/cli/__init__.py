"""The ``iktplan`` command line. Thin: each command parses its arguments, calls
one library function, and prints what happened in Norwegian
(:mod:`pipeline.console`).

Every command takes ``-w/--workspace`` and ``--debug`` before or after its name
(:class:`_Command` adds them), speaks Norwegian also in click's own messages
(:func:`pipeline.i18n.clicklang.click_language` around :meth:`_Group.main`),
and ends with one of the :class:`Exit` codes listed in ``iktplan --help``: user
errors (:class:`~pipeline.errors.IktplanError`) print one line and exit 1,
usage errors exit 2, anything else prints one line too, with the traceback only
under ``--debug``. A new command declared with ``@cli.command()`` gets all of
this for free.

This module holds the group and its conventions; the commands live beside it,
by what they work on: :mod:`~pipeline.cli.setup` (init, forms, check-templates,
demo), :mod:`~pipeline.cli.inbox` (run, watch, fetch-mail, status),
:mod:`~pipeline.cli.secretariat` (publiser and the secretariat's judgements),
:mod:`~pipeline.cli.followup` (vedta, oppfolging: the adopted plan's follow-up) and
:mod:`~pipeline.cli.store` (the store commands).
"""

from __future__ import annotations

import logging
import sys
import textwrap
import time
import traceback
from enum import IntEnum
from pathlib import Path

import click

from pipeline import __version__, console, i18n, runlog, terminal
from pipeline.errors import IktplanError
from pipeline.i18n import N_, clicklang
from pipeline.workspace import Workspace, open_workspace

log = logging.getLogger("iktplan.cli")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Exit(IntEnum):
    """The exit codes, with what they mean (listed in ``iktplan --help``)."""

    OK = 0
    USER_ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


#: What each exit code means, as ``iktplan --help`` lists them (bokmål; translated when shown).
EXIT_MEANINGS = {
    Exit.OK: N_("ferdig uten feil (også når skjemaer ble avvist: de har fått kvittering)"),
    Exit.USER_ERROR: N_("en feil du kan rette (oppsett, arbeidsmappe, maler), en e-post fetch-mail "
                        "ikke kunne behandle (den ligger til neste gang), eller en uventet feil"),
    Exit.USAGE: N_("kommandoen er skrevet feil (ukjent kommando eller valg, manglende argument, ugyldig verdi)"),
    Exit.INTERRUPTED: N_("avbrutt med Ctrl+C"),
}


def _exit_codes_epilog(lang: i18n.Lang | None = None) -> str:
    lang = lang or i18n.Lang.source()
    width = max(len(str(int(c))) for c in EXIT_MEANINGS)
    rows = []
    for code, text in EXIT_MEANINGS.items():
        lines = textwrap.wrap(lang.gettext(text), 72, break_on_hyphens=False)
        rows.append(f"  {int(code):>{width}}  {lines[0]}")
        rows += [" " * (width + 4) + line for line in lines[1:]]
    return "\b\n" + lang.gettext("Avslutningskoder:") + "\n" + "\n".join(rows)


def _translated(text: str | None) -> str | None:
    """A help text (marked with ``N_`` where it is declared) in the language the
    command line speaks now; ``None`` stays ``None``. A paragraph with indented
    lines (examples, usage) is kept as written: click's ``\\b`` is added here, so
    the catalogue holds no control characters."""
    if not text:
        return text
    paragraphs = clicklang.current().gettext(text).split("\n\n")
    return "\n\n".join("\b\n" + p if any(line.startswith("  ") for line in p.splitlines()) else p
                       for p in paragraphs)


def _help_in_the_command_lines_language() -> property:
    """``help`` read in the command line's language, whenever click reads it: the
    texts are declared at import, before the language is known, and one process (a
    test) may speak several languages in turn."""

    def get(self) -> str | None:
        return _translated(self.__dict__.get("_help"))

    def put(self, value: str | None) -> None:
        self.__dict__["_help"] = value

    return property(get, put)


class _Option(clicklang.Option):
    """An option whose help text is translated when shown (one base only: an option
    declared with ``@click.option`` becomes one by changing its class)."""

    help = _help_in_the_command_lines_language()


def _remember(ctx: click.Context, param: click.Parameter, value):
    """Keep a shared option's value in ``ctx.obj`` (one dict for the whole
    command line), wherever it was given: the last one given wins."""
    settings = ctx.ensure_object(dict)
    if value is not None and value is not False:
        settings[param.name] = value
    return value


def shared_options() -> list[click.Option]:
    """``-w/--workspace`` and ``--debug``, fresh for each command (and the group)."""
    return [
        click.Option(
            ["-w", "--workspace"],
            type=clicklang.Path(file_okay=False, path_type=Path),
            metavar="MAPPE",
            expose_value=False,
            callback=_remember,
            help=N_("Arbeidsmappen (med strategi.toml). Standard: mappen du står i."),
        ),
        click.Option(["--debug"], is_flag=True, expose_value=False, callback=_remember,
                     help=N_("Vis tekniske detaljer ved feil.")),
    ]


class _HelpOption(clicklang.Option):
    """``-h/--help``: click makes it once per command, with its help text in the
    language of that moment; this one says it in the language of each command line."""

    @property
    def help(self) -> str:
        return clicklang._click_gettext("Show this message and exit.")

    @help.setter
    def help(self, value) -> None:
        pass  # always click's own sentence, translated when shown


class _Norwegian:
    """Our command classes: placeholders in the usage line and help texts in the
    command line's language, the shared options on every command, ``-h`` beside
    ``--help``. click's own words (headings, errors) come from its gettext catalogue
    (:mod:`pipeline.i18n.clicklang`); ours from our catalogue, when shown."""

    help = _help_in_the_command_lines_language()

    def __init__(self, *args, **kwargs):
        kwargs["context_settings"] = {**CONTEXT, **(kwargs.get("context_settings") or {})}
        super().__init__(*args, **kwargs)
        if isinstance(self, click.Group):
            self.params[:0] = shared_options()
        else:
            self.params += shared_options()  # a command's own options first in its help
        clicklang.quote_params(self.params)
        for p in self.params:
            if type(p) is clicklang.Option:
                text, p.__class__ = p.help, _Option
                p.help = text

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None and type(option) in (click.Option, clicklang.Option):
            option.__class__ = _HelpOption
        return option

    @property
    def options_metavar(self) -> str:
        # TRANSLATORS: the options in a usage line: «Bruk: iktplan run [VALG]».
        return clicklang.current().gettext("[VALG]")

    @options_metavar.setter
    def options_metavar(self, value) -> None:
        pass  # always ours

    @property
    def subcommand_metavar(self) -> str:
        return clicklang.current().gettext("KOMMANDO [ARGUMENTER]...")

    @subcommand_metavar.setter
    def subcommand_metavar(self, value) -> None:
        pass  # always ours

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if exc.ctx is None:  # click's parser raises some without: then the usage line and the hint are missing
                exc.ctx, exc.cmd = ctx, self
            raise clicklang.requote(exc)


class _Command(_Norwegian, click.Command):
    def invoke(self, ctx: click.Context):
        # Here both places for the shared options have been parsed.
        runlog.configure_terminal(debug=bool(ctx.obj and ctx.obj.get("debug")))
        return super().invoke(ctx)


class _Group(_Norwegian, click.Group):
    command_class = _Command
    group_class = type  # sub-groups are _Group too

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise clicklang.requote(exc)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog == _EXIT_CODES:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_exit_codes_epilog(clicklang.current()))
        else:
            super().format_epilog(ctx, formatter)

    def main(self, args=None, prog_name=None, **extra):
        # click's own messages come while it parses: the language is found before (--språk, or the workspace's).
        language = i18n.peek_language(sys.argv[1:] if args is None else args)
        with clicklang.click_language(language), terminal.guarded_output():
            return super().main(args, prog_name, **extra)

    def invoke(self, ctx: click.Context):
        settings = ctx.ensure_object(dict)
        settings.setdefault("workspace", None)
        settings.setdefault("debug", False)
        started = time.monotonic()
        try:
            result = super().invoke(ctx)
        except IktplanError as exc:
            log.info("brukerfeil %s", type(exc).__name__)
            console.print_user_error(exc)
            ctx.exit(Exit.USER_ERROR)
        except click.exceptions.Exit as exc:
            log.info("slutt kode=%d sekunder=%.1f", exc.exit_code, time.monotonic() - started)
            raise
        except (click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            log.info("avbrutt")
            console.print_interrupted()
            ctx.exit(Exit.INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if terminal.pipe_closed(exc):
                # The reader went away (``iktplan … | head``) outside the console's
                # guarded lines, so something was cut short: quiet, but not 0.
                terminal.silence_stdout()
                ctx.exit(Exit.USER_ERROR)
            log.error("uventet feil %s", type(exc).__name__, exc_info=True)
            if settings.get("debug"):
                traceback.print_exc()
            console.print_unexpected(exc)
            ctx.exit(Exit.USER_ERROR)
        log.info("slutt kode=0 sekunder=%.1f", time.monotonic() - started)
        return result


#: Stands for the list of exit codes, written in the command line's language when shown.
_EXIT_CODES = "\b\nAvslutningskoder"


@click.group(cls=_Group, epilog=_EXIT_CODES, help=N_(
    "iktplan: fra kartleggingsskjemaene til enhetene til IKT-strategi,\n"
    "handlingsplan og saksframlegg.\n"
    "\n"
    "Vanlig bruk:\n"
    "  iktplan init K:\\IKT-strategi   lag en arbeidsmappe\n"
    "  iktplan forms                  lag det tomme skjemaet som sendes ut\n"
    "  iktplan run                    les innboksen og lag dokumentene\n"
    "  iktplan watch                  følg med på innboksen og kjør selv\n"
    "  iktplan status                 se hvem som har levert\n"
    "  iktplan publiser               send gjeldende versjon til politisk behandling\n"
    "  iktplan demo                   prøv alt med eksempeldata\n"
    "\n"
    "-w MAPPE og --debug kan stå både før og etter kommandoen."
))
@click.version_option(package_name="iktplan", message="iktplan %(version)s", help=N_("Vis versjonen og avslutt."))
def cli() -> None:
    """The ``iktplan`` group (its help is declared above, to be translated)."""


def _languages(lang: i18n.Lang) -> str:
    """«nb (norsk bokmål), nn (norsk nynorsk) eller da (dansk)» in *lang* – from the catalogues, not a list in code."""
    names = [f"{c} ({i18n.Lang.for_code(c).locale.get_display_name(lang.locale)})" for c in i18n.available()]
    return lang.join(names, last="or")


class LanguageOption(_Option):
    """``--språk``: its help lists the languages iktplan has catalogues for, in the
    command line's language (*sentence*: the help, with ``{languages}``)."""

    sentence = N_("Språket i skjema, kvitteringer og dokumenter: {languages}.")

    @property
    def help(self) -> str | None:
        lang = clicklang.current()
        return lang.gettext(self.sentence, languages=_languages(lang))

    @help.setter
    def help(self, value: str | None) -> None:
        pass  # always the sentence above


class DemoLanguageOption(LanguageOption):
    """``iktplan demo --språk``."""

    sentence = N_("Språket en ny demomappe får, med eksempeldata skrevet på det språket: {languages} (standard: nb).")


def _ws(ctx: click.Context, *, record: bool = False) -> Workspace:
    """The workspace of ``-w`` (or the current folder). *record*: the command
    changes it, so its log file (``.iktplan/logg/``) gets the command's lines."""
    ws = open_workspace(ctx.obj["workspace"])
    if record:
        _record(ctx, ws)
    return ws


def _record(ctx: click.Context, ws: Workspace) -> None:
    handler = runlog.attach(ws)
    if handler is not None:
        ctx.find_root().call_on_close(lambda: runlog.detach(handler))
    log.info("start kommando=%s iktplan=%s", ctx.info_name, __version__)


def json_option(help: str):
    """``--json``; *help*: its help text, marked with ``N_`` («Skriv … som JSON for skript …»)."""
    return click.option("--json", "as_json", is_flag=True, help=help)


# The commands register themselves on ``cli``; imported here, after it exists,
# so ``pipeline.cli`` still offers every command function by name.
from pipeline.cli.followup import oppfolging, statusrapport, vedta  # noqa: E402
from pipeline.cli.inbox import fetch_mail_command, run, status, watch  # noqa: E402
from pipeline.cli.secretariat import angre, godta_enhet, koble_enhet, publiser, trekk_tilbake  # noqa: E402
from pipeline.cli.setup import check_templates, demo, forms, init  # noqa: E402
from pipeline.cli.yearly import rullering  # noqa: E402
from pipeline.cli.store import (  # noqa: E402
    gjenopprett_lager, kopier_lager, lager_ny_kommune, lager_nytt_sekretariat, samarbeid_oversikt)


def main() -> None:
    cli(prog_name="iktplan")


if __name__ == "__main__":
    sys.exit(main())
