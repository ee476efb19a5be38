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
from pipeline.i18n import clicklang
from pipeline.workspace import Workspace, open_workspace

log = logging.getLogger("iktplan.cli")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Exit(IntEnum):
    """The exit codes, with what they mean (listed in ``iktplan --help``)."""

    OK = 0
    USER_ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


#: What each exit code means, as ``iktplan --help`` lists them.
EXIT_MEANINGS = {
    Exit.OK: "ferdig uten feil (også når skjemaer ble avvist: de har fått kvittering)",
    Exit.USER_ERROR: "en feil du kan rette (oppsett, arbeidsmappe, maler), en e-post fetch-mail "
                     "ikke kunne behandle (den ligger til neste gang), eller en uventet feil",
    Exit.USAGE: "kommandoen er skrevet feil (ukjent kommando eller valg, manglende argument, ugyldig verdi)",
    Exit.INTERRUPTED: "avbrutt med Ctrl+C",
}


def _exit_codes_epilog() -> str:
    width = max(len(str(int(c))) for c in EXIT_MEANINGS)
    rows = []
    for code, text in EXIT_MEANINGS.items():
        lines = textwrap.wrap(text, 72, break_on_hyphens=False)
        rows.append(f"  {int(code):>{width}}  {lines[0]}")
        rows += [" " * (width + 4) + line for line in lines[1:]]
    return "\b\nAvslutningskoder:\n" + "\n".join(rows)


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
            help="Arbeidsmappen (med strategi.toml). Standard: mappen du står i.",
        ),
        click.Option(["--debug"], is_flag=True, expose_value=False, callback=_remember,
                     help="Vis tekniske detaljer ved feil."),
    ]


class _Norwegian:
    """Our command classes: Norwegian placeholders in the usage line, the
    shared options on every command, ``-h`` beside ``--help``. click's own words
    (headings, errors) come from its gettext catalogue (:mod:`pipeline.i18n.clicklang`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        kwargs["context_settings"] = {**CONTEXT, **(kwargs.get("context_settings") or {})}
        if issubclass(type(self), click.Group):
            kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)
        if isinstance(self, click.Group):
            self.params[:0] = shared_options()
        else:
            self.params += shared_options()  # a command's own options first in its help
        clicklang.quote_params(self.params)

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
            console.print_user_error(exc.message)
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


@click.group(cls=_Group, epilog=_exit_codes_epilog())
@click.version_option(package_name="iktplan", message="iktplan %(version)s", help="Vis versjonen og avslutt.")
def cli() -> None:
    """iktplan: fra kartleggingsskjemaene til enhetene til IKT-strategi,
    handlingsplan og saksframlegg.

    \b
    Vanlig bruk:
      iktplan init K:\\IKT-strategi   lag en arbeidsmappe
      iktplan forms                  lag det tomme skjemaet som sendes ut
      iktplan run                    les innboksen og lag dokumentene
      iktplan watch                  følg med på innboksen og kjør selv
      iktplan status                 se hvem som har levert
      iktplan publiser               send gjeldende versjon til politisk behandling
      iktplan demo                   prøv alt med eksempeldata

    -w MAPPE og --debug kan stå både før og etter kommandoen.
    """


def _languages() -> str:
    """«nb (norsk bokmål), nn (norsk nynorsk) eller da (dansk)» – from the catalogues, not a list in code."""
    names = [f"{c} ({i18n.Lang.for_code(c).locale.get_display_name('nb')})" for c in i18n.available()]
    return ", ".join(names[:-1]) + " eller " + names[-1] if len(names) > 1 else names[0]


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


def json_option(what: str):
    return click.option("--json", "as_json", is_flag=True,
                        help=f"Skriv {what} som JSON for skript (docs/maskinlesbar.md), og ingenting annet.")


# The commands register themselves on ``cli``; imported here, after it exists,
# so ``pipeline.cli`` still offers every command function by name.
from pipeline.cli.followup import oppfolging, vedta  # noqa: E402
from pipeline.cli.inbox import fetch_mail_command, run, status, watch  # noqa: E402
from pipeline.cli.secretariat import angre, godta_enhet, koble_enhet, publiser, trekk_tilbake  # noqa: E402
from pipeline.cli.setup import check_templates, demo, forms, init  # noqa: E402
from pipeline.cli.store import (  # noqa: E402
    gjenopprett_lager, kopier_lager, lager_ny_kommune, lager_nytt_sekretariat, samarbeid_oversikt)


def main() -> None:
    cli(prog_name="iktplan")


if __name__ == "__main__":
    sys.exit(main())
