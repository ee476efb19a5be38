"""The secretariat's judgements on units and submissions (issue 12), and sending a
version to political treatment."""

from __future__ import annotations

import click

from pipeline import build, console, jsonreport
from pipeline.cli import _ws, cli, json_option


_REASON = click.option("--grunn", required=True, metavar="TEKST",
                       help="Hvorfor. Lagres med handlingen og står i endringslisten i saksframlegget.")
_NO_RUN = click.option("--uten-kjoring", is_flag=True,
                       help="Bare registrer handlingen; ikke lag dokumentene på nytt nå.")


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


@cli.command("trekk-tilbake")
@click.argument("innlevering", metavar="INNLEVERING", type=int)
@_REASON
@_NO_RUN
@json_option("handlingen og kjøringen")
@click.pass_context
def trekk_tilbake(ctx: click.Context, innlevering: int, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
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

    _action(ctx, lambda ws: sekretariat.withdraw(ws, innlevering, grunn), uten_kjoring, as_json)


@cli.command("koble-enhet")
@click.argument("navn", metavar="NAVN")
@click.option("--til", "til", required=True, metavar="ENHET",
              help="Enheten skjemaene skal telle for: en enhet i [[enheter]], eller en enhet som har levert.")
@_REASON
@_NO_RUN
@json_option("handlingen og kjøringen")
@click.pass_context
def koble_enhet(ctx: click.Context, navn: str, til: str, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
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

    _action(ctx, lambda ws: sekretariat.map_unit(ws, navn, til, grunn), uten_kjoring, as_json)


@cli.command("godta-enhet")
@click.argument("navn", metavar="NAVN")
@_REASON
@_NO_RUN
@json_option("handlingen og kjøringen")
@click.pass_context
def godta_enhet(ctx: click.Context, navn: str, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
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

    _action(ctx, lambda ws: sekretariat.accept_unit(ws, navn, grunn), uten_kjoring, as_json)


@cli.command("angre")
@click.argument("handling", metavar="HANDLING", type=int)
@_REASON
@_NO_RUN
@json_option("handlingen og kjøringen")
@click.pass_context
def angre(ctx: click.Context, handling: int, grunn: str, uten_kjoring: bool, as_json: bool) -> None:
    """Angre en av sekretariatets handlinger.

    HANDLING er nummeret «iktplan status» viser under «Sekretariatets
    handlinger». Angringen lagres som en egen handling med tid og grunn,
    og står i endringslisten i saksframlegget.

    \b
    Eksempel:
      iktplan angre 3 --grunn "koblet til feil enhet"
    """
    from pipeline import sekretariat

    _action(ctx, lambda ws: sekretariat.undo(ws, handling, grunn), uten_kjoring, as_json)


@cli.command()
@click.argument("versjon", metavar="[VERSJON]", type=click.IntRange(1), required=False)
@click.option("--angre", is_flag=True, help="Ta bort merket: versjonen blir et utkast igjen.")
@click.option("--pdf", is_flag=True, help="Lag også PDF av dokumentene som sendes (krever LibreOffice).")
@click.pass_context
def publiser(ctx: click.Context, versjon: int | None, angre: bool, pdf: bool) -> None:
    """Merk gjeldende versjon som den som sendes til politisk behandling.

    Til da er dokumentene utkast, med «Utkast» i toppteksten og på
    forsiden. Dokumentene lages på nytt uten utkastmerkene, legges i
    outbox/ og tas vare på i outbox/arkiv/vN/sendt/. Saksframlegget i
    senere versjoner viser endringene siden versjonen som sist ble sendt.

    \b
    Eksempel:
      iktplan publiser
      iktplan publiser 4 --pdf
      iktplan publiser --angre
    """
    from pipeline.publication import send, unsend

    ws = _ws(ctx, record=True)
    console.print_sent(unsend(ws, versjon) if angre else send(ws, versjon, pdf=pdf))
