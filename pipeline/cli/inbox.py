"""The inbox: a run, the watcher, a mail fetch, and who has delivered."""

from __future__ import annotations

import click

from pipeline import build, console, jsonreport
from pipeline.cli import Exit, _ws, cli, json_option
from pipeline.i18n import clicklang


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
