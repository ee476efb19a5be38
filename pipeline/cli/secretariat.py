"""The secretariat's judgements on units and submissions (issue 12), and sending a
version to political treatment."""

from __future__ import annotations

import click

from pipeline import build, console, jsonreport
from pipeline.cli import _ws, cli, json_option
from pipeline.i18n import N_


_JSON = N_("Skriv handlingen og kjøringen som JSON for skript (docs/maskinlesbar.md), og ingenting annet.")
_REASON = click.option("--grunn", required=True, metavar="TEKST",
                       help=N_("Hvorfor. Lagres med handlingen og står i endringslisten i saksframlegget."))
_NO_RUN = click.option("--uten-kjoring", is_flag=True,
                       help=N_("Bare registrer handlingen; ikke lag dokumentene på nytt nå."))


def _action(ctx: click.Context, act, uten_kjoring: bool, as_json: bool) -> None:
    """Record one action with *act* (a :mod:`pipeline.sekretariat` command, given the
    workspace), say what it did, and make the documents again unless *uten_kjoring*."""
    ws = _ws(ctx, record=True)
    report = act(ws)
    run_report = None if uten_kjoring else build.run(
        ws, progress=None if as_json else console.print_progress,
        on_outcome=None if as_json else console.print_outcome)
    if as_json:
        console.print_json(jsonreport.action_document(report, run_report, ws.config()))
        return
    console.print_action(report)
    if run_report is not None:
        console.print_lines([""])
        console.print_run(run_report)


@cli.command("trekk-tilbake", help=N_(
    "Trekk tilbake en innlevering: den tas vare på, men teller ikke lenger.\n"
    "\n"
    "INNLEVERING er nummeret «iktplan status» viser. Enhetens forrige\n"
    "revisjon blir gjeldende igjen. Handlingen lagres med tid og grunn,\n"
    "står i endringslisten i saksframlegget og kan angres med\n"
    "«iktplan angre». Dokumentene lages på nytt etterpå.\n"
    "\n"
    "Eksempel:\n"
    '  iktplan trekk-tilbake 12 --grunn "sendt av feil enhet"'
))
@click.argument("innlevering", metavar="INNLEVERING", type=int)
@_REASON
@_NO_RUN
@json_option(_JSON)
@click.pass_context
def trekk_tilbake(ctx: click.Context, innlevering: int, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
    from pipeline import sekretariat

    _action(ctx, lambda ws: sekretariat.withdraw(ws, innlevering, grunn), uten_kjoring, as_json)


@cli.command("koble-enhet", help=N_(
    "Koble et enhetsnavn til en enhet: skjemaene teller som enhetens revisjoner.\n"
    "\n"
    "NAVN er enhetsnavnet slik skjemaet skrev det, eller nummeret på en\n"
    "innlevering med det navnet («iktplan status» viser begge). Alle\n"
    "skjemaer med navnet – de som venter, de som alt er talt som egen\n"
    "enhet, og de som kommer senere – teller som revisjoner av ENHET, i\n"
    "den rekkefølgen de kom. Skjemaer som ventet, får ny kvittering.\n"
    "Dokumentene bruker navnet fra strategi.toml.\n"
    "\n"
    "Eksempel:\n"
    '  iktplan koble-enhet 14 --til "Kulturhuset og biblioteket" --grunn "skrivefeil i enhetsnavnet"\n'
    '  iktplan koble-enhet "Kulturhuset og bibloteket" --til "Kulturhuset og biblioteket" --grunn "skrivefeil"'
))
@click.argument("navn", metavar="NAVN")
@click.option("--til", "til", required=True, metavar="ENHET",
              help=N_("Enheten skjemaene skal telle for: en enhet i [[enheter]], eller en enhet som har levert."))
@_REASON
@_NO_RUN
@json_option(_JSON)
@click.pass_context
def koble_enhet(ctx: click.Context, navn: str, til: str, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
    from pipeline import sekretariat

    _action(ctx, lambda ws: sekretariat.map_unit(ws, navn, til, grunn), uten_kjoring, as_json)


@cli.command("godta-enhet", help=N_(
    "Godta et enhetsnavn som ny enhet: skjemaene fra den teller fra nå av.\n"
    "\n"
    "For en enhet som ikke står i [[enheter]] i strategi.toml. NAVN er\n"
    "enhetsnavnet slik skjemaet skrev det, eller nummeret på en innlevering\n"
    "med det navnet. Skjemaer som ventet, får ny kvittering. Legg gjerne\n"
    "enheten inn i [[enheter]] etterpå; kommandoen viser hva du kan lime inn.\n"
    "\n"
    "Eksempel:\n"
    '  iktplan godta-enhet 15 --grunn "ny enhet fra 2027"'
))
@click.argument("navn", metavar="NAVN")
@_REASON
@_NO_RUN
@json_option(_JSON)
@click.pass_context
def godta_enhet(ctx: click.Context, navn: str, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
    from pipeline import sekretariat

    _action(ctx, lambda ws: sekretariat.accept_unit(ws, navn, grunn), uten_kjoring, as_json)


@cli.command("angre", help=N_(
    "Angre en av sekretariatets handlinger.\n"
    "\n"
    "HANDLING er nummeret «iktplan status» viser under «Sekretariatets\n"
    "handlinger». Angringen lagres som en egen handling med tid og grunn,\n"
    "og står i endringslisten i saksframlegget.\n"
    "\n"
    "Eksempel:\n"
    '  iktplan angre 3 --grunn "koblet til feil enhet"'
))
@click.argument("handling", metavar="HANDLING", type=int)
@_REASON
@_NO_RUN
@json_option(_JSON)
@click.pass_context
def angre(ctx: click.Context, handling: int, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
    from pipeline import sekretariat

    _action(ctx, lambda ws: sekretariat.undo(ws, handling, grunn), uten_kjoring, as_json)


@cli.command(help=N_(
    "Merk gjeldende versjon som den som sendes til politisk behandling.\n"
    "\n"
    "Til da er dokumentene utkast, med «Utkast» i toppteksten og på\n"
    "forsiden. Dokumentene lages på nytt uten utkastmerkene, legges i\n"
    "outbox/ og tas vare på i outbox/arkiv/vN/sendt/. Saksframlegget i\n"
    "senere versjoner viser endringene siden versjonen som sist ble sendt.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan publiser\n"
    "  iktplan publiser 4 --pdf\n"
    "  iktplan publiser --angre"
))
@click.argument("versjon", metavar="[VERSJON]", type=click.IntRange(1), required=False)
@click.option("--angre", is_flag=True, help=N_("Ta bort merket: versjonen blir et utkast igjen."))
@click.option("--pdf", is_flag=True, help=N_("Lag også PDF av dokumentene som sendes (krever LibreOffice)."))
@click.pass_context
def publiser(ctx: click.Context, versjon: int | None, angre: bool, pdf: bool) -> None:
    from pipeline.publication import send, unsend

    ws = _ws(ctx, record=True)
    console.print_sent(unsend(ws, versjon) if angre else send(ws, versjon, pdf=pdf))
