"""The store (issue 10 and 19): rebuilding and copying it, and the shared PostgreSQL store's users."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import console
from pipeline.cli import CONTEXT, _ws, cli
from pipeline.i18n import N_, clicklang


@cli.command("gjenopprett-lager", context_settings=CONTEXT, help=N_(
    "Bygg lageret opp igjen fra skjemaene og kvitteringene som er tatt vare på.\n"
    "\n"
    "Brukes når .iktplan/iktplan.sqlite er borte, tom eller skadet. Leser\n"
    "kvitteringene i outbox/kvitteringer, de godkjente skjemaene i\n"
    ".iktplan/innleveringer, de avviste i outbox/karantene og arkivet\n"
    "outbox/arkiv, og gir samme innleveringsnumre, revisjoner og\n"
    "dokumentversjoner som før. Det gamle lageret flyttes til side, aldri\n"
    "slettet.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan gjenopprett-lager\n"
    "  iktplan run"
))
@click.pass_context
def gjenopprett_lager(ctx: click.Context) -> None:
    from pipeline.lager import rebuild

    console.print_lines(console.rebuild_lines(rebuild(_ws(ctx))))


@cli.command("kopier-lager", context_settings=CONTEXT, help=N_(
    "Kopier lageret i .iktplan (SQLite) til PostgreSQL-databasen under [lager].\n"
    "\n"
    "Alle innleveringer (med nummer og revisjon), alle dokumentversjoner og\n"
    "alle innleverte filer kopieres i én transaksjon, og alt kontrolleres mot\n"
    "kilden før det lagres. SQLite-lageret endres ikke. Passordet hentes fra\n"
    "miljøvariabelen IKTPLAN_LAGER_PASSORD.\n"
    "\n"
    "Eksempel (sett først url under [lager] i strategi.toml):\n"
    "  export IKTPLAN_LAGER_PASSORD=...      (Linux og macOS)\n"
    "  iktplan kopier-lager"
))
@click.pass_context
def kopier_lager(ctx: click.Context) -> None:
    from pipeline.lager import copy_to_shared_store

    console.print_lines(console.copy_lines(copy_to_shared_store(_ws(ctx))))


@cli.command("lager-ny-kommune", context_settings=CONTEXT, help=N_(
    "Gi en kommune egen bruker og eget skjema i en felles PostgreSQL-database.\n"
    "\n"
    "For den som drifter databasen når flere kommuner (f.eks. et\n"
    "IKT-samarbeid) deler lager: hver kommune får en bruker som bare ser\n"
    "sine egne skjemaer og dokumenter. Kommandoen spør etter passordet til\n"
    "den nye brukeren, og skriver hva som skal stå under [lager].\n"
    "\n"
    "Eksempel:\n"
    '  iktplan lager-ny-kommune "Havvik kommune" --url postgresql://postgres@dbserver/iktplan'
))
@click.argument("kommune", metavar="KOMMUNE")
@click.option("--url", "admin_url", required=True, metavar="URL",
              help=N_("Databasen, med en bruker som kan lage brukere og skjemaer (passordet i IKTPLAN_LAGER_PASSORD)."))
@click.option("--uten-passord", is_flag=True, help=N_("Ikke gi den nye brukeren passord (bare for servere som stoler "
                                                   "på maskinene)."))
def lager_ny_kommune(kommune: str, admin_url: str, uten_passord: bool) -> None:
    from pipeline.lager import new_municipality

    password = None if uten_passord else click.prompt(
        f"Passord for {kommune}s bruker", hide_input=True, confirmation_prompt="Skriv det en gang til")
    role, schema, url = new_municipality(admin_url, kommune, password)
    console.print_lines(console.new_municipality_lines(kommune, role, schema, url, password is not None))


@cli.command("lager-nytt-sekretariat", help=N_(
    "Gi sekretariatet i et IKT-samarbeid en bruker i den felles PostgreSQL-databasen.\n"
    "\n"
    "Brukeren kan lese tiltakene og systemene til kommunene som deler dem\n"
    "(del_tiltak = true under [samarbeid]), til «iktplan samarbeid-oversikt»,\n"
    "og ingenting annet: ingen kommunes skjema, ingen barometersvar.\n"
    "Kommandoen spør etter passordet til den nye brukeren.\n"
    "\n"
    "Eksempel:\n"
    '  iktplan lager-nytt-sekretariat "Fjordregionen IKT" --url postgresql://postgres@dbserver/iktplan'
))
@click.argument("samarbeid", metavar="SAMARBEID")
@click.option("--url", "admin_url", required=True, metavar="URL",
              help=N_("Databasen, med en bruker som kan lage brukere (passordet i IKTPLAN_LAGER_PASSORD)."))
@click.option("--uten-passord", is_flag=True, help=N_("Ikke gi den nye brukeren passord (bare for servere som stoler "
                                                   "på maskinene)."))
def lager_nytt_sekretariat(samarbeid: str, admin_url: str, uten_passord: bool) -> None:
    from pipeline.lager import new_secretariat

    password = None if uten_passord else click.prompt(
        f"Passord for sekretariatet i {samarbeid}", hide_input=True, confirmation_prompt="Skriv det en gang til")
    role, url = new_secretariat(admin_url, samarbeid, password)
    console.print_lines(console.new_secretariat_lines(samarbeid, role, url, password is not None))


@cli.command("samarbeid-oversikt", help=N_(
    "Lag IKT-samarbeidets felles oversikt over kommunene i lageret.\n"
    "\n"
    "For sekretariatet: leser tiltakene og systemene kommunene deler\n"
    "(del_tiltak = true under [samarbeid]) fra PostgreSQL-lageret under\n"
    "[lager] url, og skriver Samarbeid-oversikt.xlsx med systemer som brukes i\n"
    "flere kommuner, like tiltak i flere kommuner og kandidater til felles\n"
    "anskaffelse med investeringene lagt sammen.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan samarbeid-oversikt\n"
    "  iktplan samarbeid-oversikt --ut K:\\Samarbeid\\Samarbeid-oversikt.xlsx"
))
@click.option("--ut", "out", type=clicklang.Path(dir_okay=False, path_type=Path), default=None, metavar="FIL",
              help=N_("Hvor oversikten skrives. Standard: outbox/Samarbeid-oversikt.xlsx i arbeidsmappen."))
@click.pass_context
def samarbeid_oversikt(ctx: click.Context, out: Path | None) -> None:
    from pipeline.lager import joint_overview

    console.print_lines(console.joint_overview_lines(joint_overview(_ws(ctx, record=True), out)))
