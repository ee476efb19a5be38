"""The adopted plan and its yearly follow-up (issue 15): ``vedta`` freezes the adopted
version as the baseline, ``oppfolging`` writes the year's follow-up forms."""

from __future__ import annotations

from datetime import date

import click

from pipeline import console
from pipeline.cli import _ws, cli
from pipeline.i18n import clicklang


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
