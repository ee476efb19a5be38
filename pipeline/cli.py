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
"""

from __future__ import annotations

import logging
import sys
import textwrap
import time
import traceback
from datetime import date
from enum import IntEnum
from pathlib import Path

import click

from pipeline import __version__, build, console, jsonreport, runlog, terminal
from pipeline.errors import IktplanError
from pipeline.i18n import clicklang
from pipeline.workspace import Workspace, init_workspace, open_workspace

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
        with clicklang.click_language(), terminal.guarded_output():
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
      iktplan demo                   prøv alt med eksempeldata

    -w MAPPE og --debug kan stå både før og etter kommandoen.
    """


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


@cli.command()
@click.argument("directory", metavar="MAPPE", type=clicklang.Path(path_type=Path))
def init(directory: Path) -> None:
    """Lag en ny arbeidsmappe MAPPE med standardoppsett.

    Mappen får strategi.toml (rediger den først), inbox/, outbox/,
    excel_forms/ og word_templates/.

    \b
    Eksempel:
      iktplan init "K:\\IKT-strategi 2027"
    """
    ws = init_workspace(directory)
    console.print_workspace_made(ws, build.write_forms(ws))


@cli.command()
@click.pass_context
def forms(ctx: click.Context) -> None:
    """Lag det tomme kartleggingsskjemaet fra strategi.toml.

    Skriver excel_forms/Kartleggingsskjema.xlsx. Kjør den på nytt når
    tjenesteområder, delmål eller perioden er endret.

    \b
    Eksempel:
      iktplan forms
    """
    ws = _ws(ctx)
    console.print_config_warnings(ws.config().warnings)
    console.print_blank_form(build.write_forms(ws))


def json_option(what: str):
    return click.option("--json", "as_json", is_flag=True,
                        help=f"Skriv {what} som JSON for skript (docs/maskinlesbar.md), og ingenting annet.")


@cli.command()
@click.option("--pdf", is_flag=True, help="Lag også PDF av dokumentene (krever LibreOffice).")
@json_option("hva kjøringen gjorde")
@click.pass_context
def run(ctx: click.Context, pdf: bool, as_json: bool) -> None:
    """Les innboksen, gi kvitteringer og lag dokumentene på nytt.

    Alle skjemaer i inbox/ kontrolleres. Godkjente lagres som ny revisjon
    for enheten; avviste legges i outbox/karantene/. Hver fil får en
    kvittering i outbox/kvitteringer/. Har noe endret seg, lages en ny
    versjon av dokumentene i outbox/; tidligere versjoner ligger i
    outbox/arkiv/.

    \b
    Eksempel:
      iktplan run
      iktplan run --pdf
      iktplan run -w "K:\\IKT-strategi 2027"
    """
    ws = _ws(ctx, record=True)
    if as_json:
        console.print_json(jsonreport.run_document(build.run(ws, pdf=pdf), ws.config()))
        return
    console.print_config_warnings(ws.config().warnings)
    report = build.run(ws, pdf=pdf, progress=console.print_progress, on_outcome=console.print_outcome)
    console.print_run(report)


@cli.command()
@click.option("--polling", is_flag=True,
              help="Sjekk innboksen hvert sekund i stedet for å vente på varsler fra filsystemet. "
                   "Bruk dette når innboksen ligger på en nettverksdisk (SMB/NFS).")
@click.option("--mail", is_flag=True,
              help="Hent også skjemaer fra e-postkassen i [epost] i strategi.toml "
                   "(passordet i miljøvariabelen IKTPLAN_IMAP_PASSORD).")
@click.option("--pdf", is_flag=True, help="Lag også PDF av dokumentene ved hver kjøring (krever LibreOffice).")
@click.option("--intervall", type=clicklang.IntRange(5, 3600), default=60, show_default=True, metavar="SEKUNDER",
              help="Hvor ofte hele innboksen gås gjennom uansett, og e-posten hentes.")
@click.pass_context
def watch(ctx: click.Context, polling: bool, mail: bool, pdf: bool, intervall: int) -> None:
    """Følg med på innboksen og lag dokumentene på nytt når skjemaer kommer.

    Skjemaer som kommer samtidig, behandles i én kjøring. En fil som
    fortsatt kopieres, eller som er åpen i Excel, tas først når den er
    ferdig. Hver fil får kvittering som ved «iktplan run». Stopp med
    Ctrl+C; en kjøring som pågår, blir gjort ferdig først. Hva som skjer,
    skrives også i loggfilen .iktplan/logg/iktplan.log.

    \b
    Eksempel:
      iktplan watch
      iktplan watch -w "K:\\IKT-strategi 2027" --polling --mail
    """
    from pipeline.watch import watch as watch_inbox

    ws = _ws(ctx, record=True)
    console.print_config_warnings(ws.config().warnings)
    watch_inbox(ws, polling=polling, mail=mail, pdf=pdf, rescan_seconds=intervall)


@cli.command("fetch-mail")
@click.option("--uten-kjoring", is_flag=True, help="Bare hent e-posten og gi kvitteringer; ikke lag dokumentene.")
@json_option("hva som ble hentet og kjørt")
@click.pass_context
def fetch_mail_command(ctx: click.Context, uten_kjoring: bool, as_json: bool) -> None:
    """Hent skjemaer fra e-postkassen, gi kvitteringer og lag dokumentene.

    Leser mappen i [epost] i strategi.toml. Hvert vedlagt skjema
    kontrolleres som om det var lagt i inbox/, og avsenderen får
    kvitteringen på e-post når SMTP er satt opp. Behandlede e-poster
    flyttes til «ferdig_mappe»; ingen e-post slettes. En e-post som
    ikke kunne behandles, blir liggende til neste gang (avslutningskode 3).

    \b
    Eksempel (passordet settes først, og skrives aldri i strategi.toml):
      set IKTPLAN_IMAP_PASSORD=...          (Windows)
      export IKTPLAN_IMAP_PASSORD=...       (Linux og macOS)
      iktplan fetch-mail
    """
    from pipeline.mail.imap import fetch_mail

    ws = _ws(ctx, record=True)
    if not as_json:
        console.print_config_warnings(ws.config().warnings)
    report = fetch_mail(ws, progress=None if as_json else console.print_progress)
    if not as_json:
        console.print_mail(report)
    run_report = None
    if report.outcomes and not uten_kjoring:
        run_report = build.run(ws, progress=None if as_json else console.print_progress)
        if not as_json:
            console.print_run(run_report)
    if as_json:
        console.print_json(jsonreport.mail_document(report, run_report, ws.config()))
    if report.failed:
        ctx.exit(Exit.USER_ERROR)


@cli.command()
@json_option("oversikten")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Vis hvilke enheter som har levert, med revisjon og dato.

    \b
    Eksempel:
      iktplan status
      iktplan status --json
    """
    ws = _ws(ctx)
    report = build.status(ws)
    if as_json:
        console.print_json(jsonreport.status_document(report, ws.config()))
        return
    console.print_config_warnings(ws.config().warnings)
    console.print_status(report)


def _date(ctx: click.Context, param: click.Parameter, value: str | None):
    """A date as users write them (10.12.2026 or 2026-12-10); None: not given."""
    from pipeline.forms.values import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.option("--dato", default=None, callback=_date, metavar="DATO",
              help="Datoen kommunestyret vedtok planen, f.eks. 10.12.2026 (standard: i dag).")
@click.option("--versjon", type=clicklang.IntRange(1), default=None, metavar="N",
              help="Dokumentversjonen som ble vedtatt (standard: den sist sendt til politisk behandling, "
                   "ellers den nyeste).")
@click.option("--sak", default=None, metavar="SAKSNR", help="Saksnummeret i kommunestyret, f.eks. «PS 45/26».")
@click.option("--fra-ar", "first_year", type=clicklang.IntRange(2000, 2100), default=None, metavar="ÅR",
              help="Første år planen gjelder (standard: vedtaksåret, tidligst periodens første år).")
@click.pass_context
def vedta(ctx: click.Context, dato, versjon: int | None, sak: str | None, first_year: int | None) -> None:
    """Registrer at kommunestyret har vedtatt handlingsplanen.

    Fryser dokumentversjonen med tiltak, beløp, gevinstplan og beslutninger
    som utgangspunkt for den årlige oppfølgingen.

    \b
    Eksempel:
      iktplan vedta --dato 10.12.2026 --sak "PS 45/26"
    """
    from pipeline.intake.followup import adopt_in_workspace

    ws = _ws(ctx, record=True)
    console.print_adopted(adopt_in_workspace(ws, adopted_on=dato or date.today(), version=versjon, case_ref=sak,
                                             first_year=first_year))


@cli.command()
@click.option("--ar", "year", type=clicklang.IntRange(2000, 2100), default=None, metavar="ÅR",
              help="Året enhetene rapporterer for (standard: året etter forrige runde, ellers planens første år).")
@click.option("--frist", default=None, callback=_date, metavar="DATO", help="Fristen for å levere, f.eks. 31.01.2028.")
@click.pass_context
def oppfolging(ctx: click.Context, year: int | None, frist) -> None:
    """Lag oppfølgingsskjemaene for ÅR, ett per enhet med tiltak i den vedtatte planen.

    Skriver excel_forms/Oppfølging ÅR/. Skjemaene leveres i innboksen eller
    på e-post som kartleggingsskjemaene, og «iktplan status» viser hvem som
    har rapportert.

    \b
    Eksempel:
      iktplan oppfolging --ar 2027 --frist 31.01.2028
    """
    from pipeline.intake.followup import write_round

    ws = _ws(ctx, record=True)
    console.print_followup_round(write_round(ws, year, frist))


@cli.command("check-templates")
@click.pass_context
def check_templates(ctx: click.Context) -> None:
    """Kontroller Word-malene i word_templates/ før du kjører.

    Finner merker som Word har delt opp, felt som ikke finnes, og
    for/if-blokker uten slutt, og sier hvor i malen de står. Kjør den
    etter at du har redigert en mal. (Den kjøres også før hver «run».)
    Gir også merknader om universell utforming: bilder uten alternativ
    tekst, overskrifter som hopper over et nivå, tabeller uten
    overskriftsrad og tekst med for svak kontrast.

    \b
    Eksempel:
      iktplan check-templates
    """
    problems = build.check_templates(_ws(ctx))
    console.print_template_problems(problems, build.template_warnings(_ws(ctx)))
    if problems:
        ctx.exit(Exit.USER_ERROR)


@cli.command()
@click.argument("directory", metavar="[MAPPE]", type=clicklang.Path(path_type=Path), required=False)
@click.option("--kommune", type=click.Choice(["fjordvik", "havvik"], case_sensitive=False), default=None,
              help="Hvilken oppdiktet kommune en ny mappe får: fjordvik (standard) eller nabokommunen havvik.")
@click.option("--lager", "store_url", metavar="URL", default=None,
              help="En ny mappe bruker dette PostgreSQL-lageret og deler med de andre kommunene i det.")
@click.pass_context
def demo(ctx: click.Context, directory: Path | None, kommune: str | None, store_url: str | None) -> None:
    """Prøv hele flyten med eksempeldata fra den oppdiktede Fjordvik kommune.

    Første gang: legger skjemaer fra åtte enheter (ett av dem med feil) i
    innboksen og kjører pipelinen. Neste gang i samme mappe: Hjemmetjenesten
    sender en ny revisjon og Solsiden barnehage et rettet skjema, så du ser
    en ny versjon av dokumentene med endringene. Uten MAPPE brukes
    arbeidsmappen (standard: mappen du står i); en ny mappe lages med «init».

    Med --lager deler to demokommuner (Fjordvik og nabokommunen Havvik,
    --kommune havvik) ett PostgreSQL-lager: strategien og oversikten får da
    en sammenligning av IKT-barometeret, og sekretariatet en felles oversikt.

    \b
    Eksempel:
      iktplan demo /tmp/fjordvik
      iktplan demo /tmp/fjordvik      (andre runde: revisjon og rettet skjema)
      iktplan demo /tmp/fjordvik --lager postgresql://iktplan@dbserver/iktplan
      iktplan demo /tmp/havvik --kommune havvik --lager postgresql://iktplan@dbserver/iktplan
    """
    from pipeline.demo import populate_followup, populate_inbox, prepare_workspace, second_round_text
    from pipeline.errors import WorkspaceError

    if directory is not None and not (directory / "strategi.toml").exists():
        ws = init_workspace(directory)
        if kommune or store_url:
            prepare_workspace(ws.config_path, (kommune or "fjordvik").lower(), store_url)
    elif kommune or store_url:
        raise WorkspaceError("--kommune og --lager gjelder bare en ny demomappe. Gi en mappe som ikke finnes ennå, "
                             "f.eks. «iktplan demo /tmp/havvik --kommune havvik».")
    else:
        ws = open_workspace(directory or ctx.obj["workspace"])
    _record(ctx, ws)
    config = ws.config()
    if store_url:
        from pipeline.demo.sharedstore import CONSENT
        from pipeline.intake.store_settings import redact

        console.print_demo_shared_store(config.municipality, redact(store_url), CONSENT[(kommune or "fjordvik").lower()])
    form = build.write_forms(ws)
    first = build.status(ws).delivered == 0
    files = populate_inbox(config, form, ws.inbox) if first else populate_followup(form, ws.inbox, config)
    console.print_demo_round(first, len(files), ws.inbox, second_round_text(config))
    console.print_run(build.run(ws, progress=console.print_progress, on_outcome=console.print_outcome))
    console.print_status(build.status(ws), blank_line_before=True)
    again = f"iktplan demo {directory}" if directory is not None else "iktplan demo"
    console.print_demo_end(ws.outbox, again)


# --- the store (issue 10 and 19) ---------------------------------------------------------------


@cli.command("gjenopprett-lager", context_settings=CONTEXT)
@click.pass_context
def gjenopprett_lager(ctx: click.Context) -> None:
    """Bygg lageret opp igjen fra skjemaene og kvitteringene som er tatt vare på.

    Brukes når .iktplan/iktplan.sqlite er borte, tom eller skadet. Leser
    kvitteringene i outbox/kvitteringer, de godkjente skjemaene i
    .iktplan/innleveringer, de avviste i outbox/karantene og arkivet
    outbox/arkiv, og gir samme innleveringsnumre, revisjoner og
    dokumentversjoner som før. Det gamle lageret flyttes til side, aldri
    slettet.

    \b
    Eksempel:
      iktplan gjenopprett-lager
      iktplan run
    """
    from pipeline.lager import rebuild

    console.print_lines(console.rebuild_lines(rebuild(_ws(ctx))))


@cli.command("kopier-lager", context_settings=CONTEXT)
@click.pass_context
def kopier_lager(ctx: click.Context) -> None:
    """Kopier lageret i .iktplan (SQLite) til PostgreSQL-databasen under [lager].

    Alle innleveringer (med nummer og revisjon), alle dokumentversjoner og
    alle innleverte filer kopieres i én transaksjon, og alt kontrolleres mot
    kilden før det lagres. SQLite-lageret endres ikke. Passordet hentes fra
    miljøvariabelen IKTPLAN_LAGER_PASSORD.

    \b
    Eksempel (sett først url under [lager] i strategi.toml):
      export IKTPLAN_LAGER_PASSORD=...      (Linux og macOS)
      iktplan kopier-lager
    """
    from pipeline.lager import copy_to_shared_store

    console.print_lines(console.copy_lines(copy_to_shared_store(_ws(ctx))))


@cli.command("lager-ny-kommune", context_settings=CONTEXT)
@click.argument("kommune", metavar="KOMMUNE")
@click.option("--url", "admin_url", required=True, metavar="URL",
              help="Databasen, med en bruker som kan lage brukere og skjemaer (passordet i IKTPLAN_LAGER_PASSORD).")
@click.option("--uten-passord", is_flag=True, help="Ikke gi den nye brukeren passord (bare for servere som stoler "
                                                   "på maskinene).")
def lager_ny_kommune(kommune: str, admin_url: str, uten_passord: bool) -> None:
    """Gi en kommune egen bruker og eget skjema i en felles PostgreSQL-database.

    For den som drifter databasen når flere kommuner (f.eks. et
    IKT-samarbeid) deler lager: hver kommune får en bruker som bare ser
    sine egne skjemaer og dokumenter. Kommandoen spør etter passordet til
    den nye brukeren, og skriver hva som skal stå under [lager].

    \b
    Eksempel:
      iktplan lager-ny-kommune "Havvik kommune" --url postgresql://postgres@dbserver/iktplan
    """
    from pipeline.lager import new_municipality

    password = None if uten_passord else click.prompt(
        f"Passord for {kommune}s bruker", hide_input=True, confirmation_prompt="Skriv det en gang til")
    role, schema, url = new_municipality(admin_url, kommune, password)
    console.print_lines(console.new_municipality_lines(kommune, role, schema, url, password is not None))


@cli.command("lager-nytt-sekretariat")
@click.argument("samarbeid", metavar="SAMARBEID")
@click.option("--url", "admin_url", required=True, metavar="URL",
              help="Databasen, med en bruker som kan lage brukere (passordet i IKTPLAN_LAGER_PASSORD).")
@click.option("--uten-passord", is_flag=True, help="Ikke gi den nye brukeren passord (bare for servere som stoler "
                                                   "på maskinene).")
def lager_nytt_sekretariat(samarbeid: str, admin_url: str, uten_passord: bool) -> None:
    """Gi sekretariatet i et IKT-samarbeid en bruker i den felles PostgreSQL-databasen.

    Brukeren kan lese tiltakene og systemene til kommunene som deler dem
    (del_tiltak = true under [samarbeid]), til «iktplan samarbeid-oversikt»,
    og ingenting annet: ingen kommunes skjema, ingen barometersvar.
    Kommandoen spør etter passordet til den nye brukeren.

    \b
    Eksempel:
      iktplan lager-nytt-sekretariat "Fjordregionen IKT" --url postgresql://postgres@dbserver/iktplan
    """
    from pipeline.lager import new_secretariat

    password = None if uten_passord else click.prompt(
        f"Passord for sekretariatet i {samarbeid}", hide_input=True, confirmation_prompt="Skriv det en gang til")
    role, url = new_secretariat(admin_url, samarbeid, password)
    console.print_lines(console.new_secretariat_lines(samarbeid, role, url, password is not None))


@cli.command("samarbeid-oversikt")
@click.option("--ut", "out", type=clicklang.Path(dir_okay=False, path_type=Path), default=None, metavar="FIL",
              help="Hvor oversikten skrives. Standard: outbox/Samarbeid-oversikt.xlsx i arbeidsmappen.")
@click.pass_context
def samarbeid_oversikt(ctx: click.Context, out: Path | None) -> None:
    """Lag IKT-samarbeidets felles oversikt over kommunene i lageret.

    For sekretariatet: leser tiltakene og systemene kommunene deler
    (del_tiltak = true under [samarbeid]) fra PostgreSQL-lageret under
    [lager] url, og skriver Samarbeid-oversikt.xlsx med systemer som brukes i
    flere kommuner, like tiltak i flere kommuner og kandidater til felles
    anskaffelse med investeringene lagt sammen.

    \b
    Eksempel:
      iktplan samarbeid-oversikt
      iktplan samarbeid-oversikt --ut K:\\Samarbeid\\Samarbeid-oversikt.xlsx
    """
    from pipeline.lager import joint_overview

    console.print_lines(console.joint_overview_lines(joint_overview(_ws(ctx, record=True), out)))


def main() -> None:
    cli(prog_name="iktplan")


if __name__ == "__main__":
    sys.exit(main())
