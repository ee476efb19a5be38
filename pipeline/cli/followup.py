"""The adopted plan and its yearly follow-up (issue 15): ``vedta`` freezes the adopted
version as the baseline, ``oppfolging`` writes the year's follow-up forms."""

from __future__ import annotations

from datetime import date

import click

from pipeline import console
from pipeline.cli import _ws, cli
from pipeline.i18n import N_, clicklang


def _date(ctx: click.Context, param: click.Parameter, value: str | None):
    """A date as users write them (10.12.2026 or 2026-12-10); None: not given."""
    from pipeline.forms.values import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        # the reason is a Msg: say it in the language click speaks now, not bokmål
        raise click.BadParameter(clicklang.current().render(exc.args[0] if exc.args else str(exc))) from None


@cli.command(help=N_(
    "Registrer at kommunestyret har vedtatt handlingsplanen.\n"
    "\n"
    "Fryser dokumentversjonen med tiltak, beløp, gevinstplan og beslutninger\n"
    "som utgangspunkt for den årlige oppfølgingen. Med --fra-ar etter en\n"
    "rullering («iktplan rullering») er det den rullerte planen som vedtas.\n"
    "\n"
    "Eksempel:\n"
    '  iktplan vedta --dato 10.12.2026 --sak "PS 45/26"\n'
    '  iktplan vedta --fra-ar 2028 --dato 12.03.2028 --sak "PS 14/28"   (den rullerte planen)'
))
@click.option("--dato", default=None, callback=_date, metavar="DATO",
              help=N_("Datoen kommunestyret vedtok planen, f.eks. 10.12.2026 (standard: i dag)."))
@click.option("--versjon", type=clicklang.IntRange(1), default=None, metavar="N",
              help=N_("Dokumentversjonen som ble vedtatt (standard: den sist sendt til politisk behandling, "
                      "ellers den nyeste)."))
@click.option("--sak", default=None, metavar="SAKSNR", help=N_("Saksnummeret i kommunestyret, f.eks. «PS 45/26»."))
@click.option("--fra-ar", "first_year", type=clicklang.IntRange(2000, 2100), default=None, metavar="ÅR",
              help=N_("Første år planen gjelder (standard: vedtaksåret, tidligst periodens første år)."))
@click.pass_context
def vedta(ctx: click.Context, dato, versjon: int | None, sak: str | None, first_year: int | None) -> None:
    from pipeline.rollrun import adopt

    ws = _ws(ctx, record=True)
    baseline, rolled = adopt(ws, adopted_on=dato or date.today(), version=versjon, case_ref=sak,
                             first_year=first_year)
    if rolled:
        console.print_adopted_rolled(baseline, ws.config().lang)
    else:
        console.print_adopted(baseline)


@cli.command(help=N_(
    "Lag oppfølgingsskjemaene for ÅR, ett per enhet med tiltak i den vedtatte planen.\n"
    "\n"
    "Skriver excel_forms/Oppfølging ÅR/. Skjemaene leveres i innboksen eller\n"
    "på e-post som kartleggingsskjemaene, og «iktplan status» viser hvem som\n"
    "har rapportert.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan oppfolging --ar 2027 --frist 31.01.2028"
))
@click.option("--ar", "year", type=clicklang.IntRange(2000, 2100), default=None, metavar="ÅR",
              help=N_("Året enhetene rapporterer for (standard: året etter forrige runde, ellers planens "
                      "første år)."))
@click.option("--frist", default=None, callback=_date, metavar="DATO",
              help=N_("Fristen for å levere, f.eks. 31.01.2028."))
@click.pass_context
def oppfolging(ctx: click.Context, year: int | None, frist) -> None:
    from pipeline.intake.followup import write_round

    ws = _ws(ctx, record=True)
    console.print_followup_round(write_round(ws, year, frist))


@cli.command(help=N_(
    "Lag statusrapporten for handlingsplanen for ÅR.\n"
    "\n"
    "Viser status per tiltak, planlagt mot brukt investering, lovet mot\n"
    "realisert gevinst, hva som er forsinket eller avbrutt (med enhetenes\n"
    "forklaring) og hva som er ferdig, fra oppfølgingsskjemaene som er kommet\n"
    "inn. Skriver outbox/Statusrapport ÅR.docx, og oppfølgingen og gevinstene\n"
    "per tiltak som regneark i outbox/Statusrapport ÅR.xlsx; kan kjøres på nytt\n"
    "når flere skjemaer er kommet.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan statusrapport\n"
    "  iktplan statusrapport --ar 2027"
))
@click.option("--ar", "year", type=clicklang.IntRange(2000, 2100), default=None, metavar="ÅR",
              help=N_("Året rapporten gjelder (standard: det siste året med oppfølgingsskjemaer, ellers "
                      "første år i den nyeste vedtatte planen)."))
@click.pass_context
def statusrapport(ctx: click.Context, year: int | None) -> None:
    from pipeline.followuprun import status_report

    ws = _ws(ctx, record=True)
    console.print_status_report(status_report(ws, year), ws.root)
