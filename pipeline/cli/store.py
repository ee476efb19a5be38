"""The store (issue 10 and 19): rebuilding and copying it, and the shared PostgreSQL store's users."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import console
from pipeline.cli import CONTEXT, _ws, cli
from pipeline.i18n import clicklang


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
