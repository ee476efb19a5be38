"""The ``iktplan`` command line. Thin: each command parses its arguments, calls
one library function, and prints what happened in Norwegian
(:mod:`pipeline.console`).

User errors (:class:`~pipeline.errors.IktplanError`) print one line and exit 1;
usage errors exit 2 (click); anything else prints one line too, with the
traceback only under ``--debug``.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

import click

from pipeline import build, console
from pipeline.errors import IktplanError
from pipeline.workspace import Workspace, init_workspace, open_workspace

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

HELP_TEXT = "Vis denne hjelpen og avslutt."


class _Norwegian:
    """Help in Norwegian: click's own headings and help option are English."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        if issubclass(type(self), click.Group):
            kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Bruk: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("Valg"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(n, c) for n in self.list_commands(ctx) if (c := self.get_command(ctx, n)) and not c.hidden]
        limit = formatter.width - 6 - max((len(n) for n, _ in commands), default=0)
        rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
        if rows:
            with formatter.section("Kommandoer"):
                formatter.write_dl(rows)


class _Command(_Norwegian, click.Command):
    pass


class _Group(_Norwegian, click.Group):
    command_class = _Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except IktplanError as exc:
            console.print_user_error(exc.message)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            console.print_interrupted()
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            console.print_unexpected(exc)
            ctx.exit(1)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option(
    "-w",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Arbeidsmappen (med strategi.toml). Standard: mappen du står i.",
)
@click.option("--debug", is_flag=True, help="Vis tekniske detaljer ved feil.")
@click.version_option(package_name="iktplan", message="iktplan %(version)s", help="Vis versjonen og avslutt.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None, debug: bool) -> None:
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
    """
    ctx.obj = {"workspace": workspace, "debug": debug}
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def _ws(ctx: click.Context) -> Workspace:
    return open_workspace(ctx.obj["workspace"])


@cli.command(context_settings=CONTEXT)
@click.argument("directory", metavar="MAPPE", type=click.Path(path_type=Path))
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


@cli.command(context_settings=CONTEXT)
@click.pass_context
def forms(ctx: click.Context) -> None:
    """Lag det tomme kartleggingsskjemaet fra strategi.toml.

    Skriver excel_forms/Kartleggingsskjema.xlsx. Kjør den på nytt når
    tjenesteområder, delmål eller perioden er endret.

    \b
    Eksempel:
      iktplan forms
    """
    console.print_blank_form(build.write_forms(_ws(ctx)))


@cli.command(context_settings=CONTEXT)
@click.option("--pdf", is_flag=True, help="Lag også PDF av dokumentene (krever LibreOffice).")
@click.pass_context
def run(ctx: click.Context, pdf: bool) -> None:
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
      iktplan -w "K:\\IKT-strategi 2027" run
    """
    ws = _ws(ctx)
    console.print_config_warnings(ws.config().warnings)  # weights not summing to 100, …: on every run
    console.print_run(build.run(ws, pdf=pdf, progress=click.echo, on_outcome=console.print_outcome))


@cli.command(context_settings=CONTEXT)
@click.option("--polling", is_flag=True,
              help="Sjekk innboksen hvert sekund i stedet for å vente på varsler fra filsystemet. "
                   "Bruk dette når innboksen ligger på en nettverksdisk (SMB/NFS).")
@click.option("--mail", is_flag=True,
              help="Hent også skjemaer fra e-postkassen i [epost] i strategi.toml "
                   "(passordet i miljøvariabelen IKTPLAN_IMAP_PASSORD).")
@click.option("--pdf", is_flag=True, help="Lag også PDF av dokumentene ved hver kjøring (krever LibreOffice).")
@click.option("--intervall", type=click.IntRange(5, 3600), default=60, show_default=True, metavar="SEKUNDER",
              help="Hvor ofte hele innboksen gås gjennom uansett, og e-posten hentes.")
@click.pass_context
def watch(ctx: click.Context, polling: bool, mail: bool, pdf: bool, intervall: int) -> None:
    """Følg med på innboksen og lag dokumentene på nytt når skjemaer kommer.

    Skjemaer som kommer samtidig, behandles i én kjøring. En fil som
    fortsatt kopieres, eller som er åpen i Excel, tas først når den er
    ferdig. Hver fil får kvittering som ved «iktplan run». Stopp med
    Ctrl+C; en kjøring som pågår, blir gjort ferdig først.

    \b
    Eksempel:
      iktplan watch
      iktplan -w "K:\\IKT-strategi 2027" watch --polling --mail
    """
    from pipeline.watch import watch as watch_inbox

    watch_inbox(_ws(ctx), polling=polling, mail=mail, pdf=pdf, rescan_seconds=intervall)


@cli.command("fetch-mail", context_settings=CONTEXT)
@click.option("--uten-kjoring", is_flag=True, help="Bare hent e-posten og gi kvitteringer; ikke lag dokumentene.")
@click.pass_context
def fetch_mail_command(ctx: click.Context, uten_kjoring: bool) -> None:
    """Hent skjemaer fra e-postkassen, gi kvitteringer og lag dokumentene.

    Leser mappen i [epost] i strategi.toml. Hvert vedlagt skjema
    kontrolleres som om det var lagt i inbox/, og avsenderen får
    kvitteringen på e-post når SMTP er satt opp. Behandlede e-poster
    flyttes til «ferdig_mappe»; ingen e-post slettes. En e-post som
    ikke kunne behandles, blir liggende til neste gang.

    \b
    Eksempel (passordet settes først, og skrives aldri i strategi.toml):
      set IKTPLAN_IMAP_PASSORD=...          (Windows)
      export IKTPLAN_IMAP_PASSORD=...       (Linux og macOS)
      iktplan fetch-mail
    """
    from pipeline.mail.imap import fetch_mail

    ws = _ws(ctx)
    report = fetch_mail(ws, progress=click.echo)
    console.print_mail(report)
    if report.outcomes and not uten_kjoring:
        console.print_run(build.run(ws, progress=click.echo))
    if report.failed:
        ctx.exit(1)


@cli.command(context_settings=CONTEXT)
@click.pass_context
def status(ctx: click.Context) -> None:
    """Vis hvilke enheter som har levert, med revisjon og dato.

    \b
    Eksempel:
      iktplan status
    """
    console.print_status(build.status(_ws(ctx)))


@cli.command("check-templates", context_settings=CONTEXT)
@click.pass_context
def check_templates(ctx: click.Context) -> None:
    """Kontroller Word-malene i word_templates/ før du kjører.

    Finner merker som Word har delt opp, felt som ikke finnes, og
    for/if-blokker uten slutt, og sier hvor i malen de står. Kjør den
    etter at du har redigert en mal. (Den kjøres også før hver «run».)

    \b
    Eksempel:
      iktplan check-templates
    """
    problems = build.check_templates(_ws(ctx))
    console.print_template_problems(problems)
    if problems:
        ctx.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("directory", metavar="[MAPPE]", type=click.Path(path_type=Path), required=False)
@click.pass_context
def demo(ctx: click.Context, directory: Path | None) -> None:
    """Prøv hele flyten med eksempeldata fra den oppdiktede Fjordvik kommune.

    Første gang: legger skjemaer fra åtte enheter (ett av dem med feil) i
    innboksen og kjører pipelinen. Neste gang i samme mappe: Hjemmetjenesten
    sender en ny revisjon, Solsiden barnehage et rettet skjema og
    Kulturhuset et nytt skjema med navnet feilskrevet (det venter på
    sekretariatet), så du ser en ny versjon av dokumentene med endringene.
    Tredje gang: sekretariatet kobler det feilskrevne navnet til enheten.
    Uten MAPPE brukes arbeidsmappen (standard: mappen du står i); en ny
    mappe lages med «init».

    \b
    Eksempel:
      iktplan demo /tmp/fjordvik
      iktplan demo /tmp/fjordvik      (andre runde: revisjon, rettet skjema, feilskrevet navn)
      iktplan demo /tmp/fjordvik      (tredje runde: sekretariatet kobler navnet)
    """
    from pipeline.demo import populate_followup, populate_inbox, waits_for_mapping

    if directory is not None and not (directory / "strategi.toml").exists():
        ws = init_workspace(directory)
    else:
        ws = open_workspace(directory or ctx.obj["workspace"])
    form = build.write_forms(ws)
    before = build.status(ws)
    again = f"iktplan demo {directory}" if directory is not None else "iktplan demo"
    if waits_for_mapping([p.typed for p in before.held]):
        # Third round: the secretariat maps the mistyped name, as «iktplan koble-enhet» does.
        from pipeline import sekretariat
        from pipeline.demo.misspelled import MEANT, MISSPELLED, REASON

        console.print_demo_mapping(MISSPELLED, MEANT, REASON)
        console.print_action(sekretariat.map_unit(ws, MISSPELLED, MEANT, REASON))
        click.echo("")
    else:
        first = before.delivered == 0
        files = populate_inbox(ws.config(), form, ws.inbox) if first else populate_followup(form, ws.inbox)
        console.print_demo_round(first, len(files), ws.inbox)
    report = build.run(ws, progress=click.echo, on_outcome=console.print_outcome)
    waiting = waits_for_mapping([p.typed for p in report.held])
    report.held = ()  # the status below lists what waits
    console.print_run(report)
    click.echo("")
    console.print_status(build.status(ws))
    console.print_demo_end(ws.outbox, again, waiting=waiting)


# --- the secretariat's judgements on units and submissions (issue 12) -------------------------------

_REASON = click.option("--grunn", required=True, metavar="TEKST",
                       help="Hvorfor. Lagres med handlingen og står i endringslisten i saksframlegget.")
_NO_RUN = click.option("--uten-kjoring", is_flag=True,
                       help="Bare registrer handlingen; ikke lag dokumentene på nytt nå.")


def _after_action(ctx: click.Context, report, uten_kjoring: bool) -> None:
    console.print_action(report)
    if not uten_kjoring:
        click.echo("")
        console.print_run(build.run(_ws(ctx), progress=click.echo, on_outcome=console.print_outcome))


@cli.command("trekk-tilbake", context_settings=CONTEXT)
@click.argument("innlevering", metavar="INNLEVERING", type=click.IntRange(min=1))
@_REASON
@_NO_RUN
@click.pass_context
def trekk_tilbake(ctx: click.Context, innlevering: int, grunn: str, uten_kjoring: bool) -> None:
    """Trekk tilbake en innlevering: den tas vare på, men teller ikke lenger.

    INNLEVERING er nummeret «iktplan status» viser. Enhetens forrige
    revisjon blir gjeldende igjen. Handlingen lagres med tid og grunn,
    står i endringslisten i saksframlegget og kan angres med
    «iktplan angre». Dokumentene lages på nytt etterpå.

    \b
    Eksempel:
      iktplan trekk-tilbake 12 --grunn "sendt av feil enhet"
    """
    from pipeline import sekretariat

    _after_action(ctx, sekretariat.withdraw(_ws(ctx), innlevering, grunn), uten_kjoring)


@cli.command("koble-enhet", context_settings=CONTEXT)
@click.argument("navn", metavar="NAVN")
@click.option("--til", "til", required=True, metavar="ENHET",
              help="Enheten skjemaene skal telle for: en enhet i [[enheter]], eller en enhet som har levert.")
@_REASON
@_NO_RUN
@click.pass_context
def koble_enhet(ctx: click.Context, navn: str, til: str, grunn: str, uten_kjoring: bool) -> None:
    """Koble et enhetsnavn til en enhet: skjemaene teller som enhetens revisjoner.

    NAVN er enhetsnavnet slik skjemaet skrev det, eller nummeret på en
    innlevering med det navnet («iktplan status» viser begge). Alle
    skjemaer med navnet – de som venter, de som alt er talt som egen
    enhet, og de som kommer senere – teller som revisjoner av ENHET, i
    den rekkefølgen de kom. Skjemaer som ventet, får ny kvittering.
    Dokumentene bruker navnet fra strategi.toml.

    \b
    Eksempel:
      iktplan koble-enhet 14 --til "Kulturhuset og biblioteket" --grunn "skrivefeil i enhetsnavnet"
      iktplan koble-enhet "Kulturhuset og bibloteket" --til "Kulturhuset og biblioteket" --grunn "skrivefeil"
    """
    from pipeline import sekretariat

    _after_action(ctx, sekretariat.map_unit(_ws(ctx), navn, til, grunn), uten_kjoring)


@cli.command("godta-enhet", context_settings=CONTEXT)
@click.argument("navn", metavar="NAVN")
@_REASON
@_NO_RUN
@click.pass_context
def godta_enhet(ctx: click.Context, navn: str, grunn: str, uten_kjoring: bool) -> None:
    """Godta et enhetsnavn som ny enhet: skjemaene fra den teller fra nå av.

    For en enhet som ikke står i [[enheter]] i strategi.toml. NAVN er
    enhetsnavnet slik skjemaet skrev det, eller nummeret på en innlevering
    med det navnet. Skjemaer som ventet, får ny kvittering. Legg gjerne
    enheten inn i [[enheter]] etterpå; kommandoen viser hva du kan lime inn.

    \b
    Eksempel:
      iktplan godta-enhet 15 --grunn "ny enhet fra 2027"
    """
    from pipeline import sekretariat

    _after_action(ctx, sekretariat.accept_unit(_ws(ctx), navn, grunn), uten_kjoring)


@cli.command("angre", context_settings=CONTEXT)
@click.argument("handling", metavar="HANDLING", type=click.IntRange(min=1))
@_REASON
@_NO_RUN
@click.pass_context
def angre(ctx: click.Context, handling: int, grunn: str, uten_kjoring: bool) -> None:
    """Angre en av sekretariatets handlinger.

    HANDLING er nummeret «iktplan status» viser under «Sekretariatets
    handlinger». Angringen lagres som en egen handling med tid og grunn,
    og står i endringslisten i saksframlegget.

    \b
    Eksempel:
      iktplan angre 3 --grunn "koblet til feil enhet"
    """
    from pipeline import sekretariat

    _after_action(ctx, sekretariat.undo(_ws(ctx), handling, grunn), uten_kjoring)


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


def main() -> None:
    cli(prog_name="iktplan")


if __name__ == "__main__":
    sys.exit(main())
