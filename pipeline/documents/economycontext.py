"""The money in the template context (``okonomi`` in
:data:`pipeline.documents.context.SCHEMA`): the cash view per year, the sums, the
net present values, and what a politician must not read as cash.

The cash view is the budget's: investment, operating cost and the benefits the
units state as money in the budget (``contract.BENEFIT_CASH``), and the net of
the three (benefit minus operating cost minus investment) per year. Benefits in
time or quality, and benefits of no stated kind (forms from before the
«Gevinsttype» column), are never shown as cash: they are counted, in words,
beside the table. The net present value and the score still count them as the
units valued them (R-109 values time too), and the text says so.

Tables get exact amounts (:func:`~pipeline.formatting.kroner`); running text gets
rounded ones (:func:`~pipeline.formatting.amount`) under ``okonomi.tekst``.
"""

from __future__ import annotations

from typing import Any

from pipeline.contract import BENEFIT_CASH, BENEFIT_KINDS
from pipeline.core.assessment import Assessment
from pipeline.core.frame import YearTotals, overrun_text
from pipeline.core.model import Municipality
from pipeline.documents.fields import FLAG, TEXT
from pipeline.formatting import amount, kroner, number, percent

DASH = "–"
#: How every document shows an amount that is not computed.
COST_UNKNOWN = "kostnad utredes"
BENEFIT_UNKNOWN = "gevinst utredes"

YEAR: dict[str, Any] = {"ar": TEXT, "ramme": TEXT, "investering": TEXT, "drift": TEXT, "gevinst": TEXT,
                        "netto": TEXT}
TOTAL: dict[str, Any] = dict(YEAR)  # the sum row: «ar» is «Sum»
ECONOMY: dict[str, Any] = {
    "ar": [YEAR], "sum": TOTAL, "alle_ar": [YEAR], "alle_sum": TOTAL,
    "naverdi": TEXT, "naverdi_innenfor": TEXT, "rente": TEXT, "horisont": TEXT,
    "har_ramme": FLAG, "ramme_per_ar": TEXT, "investering": TEXT, "drift_per_ar": TEXT, "okonomiplan": TEXT,
    "tekst": {k: TEXT for k in ("investering", "ramme", "drift_per_ar", "gevinst_per_ar", "netto_per_ar")},
    "andre_gevinster": [TEXT], "utredes": TEXT, "innenfor_ramme": FLAG,
    "overskridelse": TEXT,
}

#: The «utredes» sentence lists at most this many measures by id.
UNCOSTED_IDS_LISTED = 8

#: How a measure's benefit kind reads in its description (None: not stated).
KIND_TEXT = {BENEFIT_CASH: "penger i budsjettet", "Tid": "spart tid", "Kvalitet": "bedre kvalitet",
             None: "type ikke oppgitt"}


def benefit_text(benefit: int | None, kind: str | None, description: str | None) -> str:
    """A measure's benefit as its description shows it: the amount and what kind
    it is (*benefit* None: not computed)."""
    if benefit is None:
        head = BENEFIT_UNKNOWN.capitalize()
    elif benefit == 0:
        head = "Ingen gevinst i kroner oppgitt"
    elif kind == BENEFIT_CASH:
        head = f"{kroner(benefit)} per år i penger i budsjettet"
    elif kind in BENEFIT_KINDS:
        head = f"{KIND_TEXT[kind].capitalize()}, verdsatt til {kroner(benefit)} per år (ikke penger i budsjettet)"
    else:
        head = (f"{kroner(benefit)} per år, uten oppgitt gevinsttype (regnes ikke som penger i budsjettet)")
    return head + (f"\n{description}" if description else "")


def _row(year: str, frame: int | None, investment: int, cost: int, cash: int, uncosted: int = 0) -> dict[str, str]:
    """One row of the amounts per year. A row that leaves out measures with a
    cost not computed says how many, in short (the column is narrow; the
    sentence ``okonomi.utredes`` under the table says it in words)."""
    left_out = f" (+{number(uncosted)}\u00a0utredes)" if uncosted else ""  # the note wraps whole, never inside
    return {
        "ar": year,
        "ramme": kroner(frame) if frame is not None else DASH,
        "investering": kroner(investment) + left_out,
        "drift": kroner(cost),
        "gevinst": kroner(cash),
        "netto": kroner(cash - cost - investment),
    }


def _rows(years: tuple[YearTotals, ...], in_frame: bool) -> tuple[list[dict[str, str]], dict[str, str]]:
    def get(y: YearTotals) -> tuple[int, int, int, int]:
        if in_frame:
            return y.investment_in_frame, y.operating_cost_in_frame, y.cash_benefit_in_frame, y.uncosted_in_frame
        return y.investment, y.operating_cost, y.cash_benefit, y.uncosted

    rows = [_row(str(y.year), y.frame, *get(y)) for y in years]
    frames = [y.frame for y in years if y.frame is not None]
    sums = [sum(get(y)[i] for y in years) for i in range(4)]
    total = _row("Sum", sum(frames) if frames or any(y.frame is not None for y in years) else None, *sums)
    return rows, total


def economy_context(model: Municipality, assessment: Assessment) -> dict[str, Any]:
    """``okonomi``: the cash view per year inside the frame and for every proposed
    measure, the sums, the net present values, and the benefits that are not cash."""
    config = model.config
    years = assessment.years
    has_frame = config.investment_frame is not None
    rows, total = _rows(years, in_frame=True)
    every, every_total = _rows(years, in_frame=False)
    if not has_frame:
        total["ramme"] = every_total["ramme"] = DASH
    inside = [a.measure for a in assessment.measures if a.in_frame]
    yearly_cost = sum(m.operating_cost or 0 for m in inside)
    yearly_cash = sum(m.benefit or 0 for m in inside if m.benefit_kind == BENEFIT_CASH)
    uncosted = [a for a in assessment.uncosted if a.in_frame]
    invested = sum(y.investment_in_frame for y in years)
    frames = [y.frame for y in years if y.frame is not None]
    return {
        "ar": rows,
        "sum": total,
        "alle_ar": every,
        "alle_sum": every_total,
        "naverdi": amount(assessment.npv_total),
        "naverdi_innenfor": amount(assessment.npv_in_frame),
        "rente": percent(config.criteria.discount_rate),
        "horisont": str(config.criteria.horizon_years),
        "har_ramme": has_frame,
        "ramme_per_ar": ", ".join(f"{y.year}: {kroner(y.frame)}" for y in years if y.frame is not None),
        "investering": kroner(invested) + (f" ({_count(len(uncosted))} med kostnad som utredes er ikke tatt med)"
                                           if uncosted else ""),
        "drift_per_ar": kroner(yearly_cost),
        "okonomiplan": config.case.economic_plan or f"{config.period_from}–{config.period_to}",
        "tekst": {
            "investering": amount(invested),
            "ramme": amount(sum(frames)) if frames else "",
            "drift_per_ar": amount(yearly_cost),
            "gevinst_per_ar": amount(yearly_cash),
            "netto_per_ar": amount(yearly_cash - yearly_cost),
        },
        "andre_gevinster": _other_benefits(inside),
        "utredes": (f"{_count(len(uncosted))} med kostnad som utredes er ikke tatt med i summene "
                    f"({', '.join(a.id for a in uncosted[:UNCOSTED_IDS_LISTED])}"
                    f"{' …' if len(uncosted) > UNCOSTED_IDS_LISTED else ''})." if uncosted else ""),
        "innenfor_ramme": all(y.remaining is None or y.remaining >= 0 for y in years),
        "overskridelse": overrun_text([(y.year, y.over_frame) for y in years], model.config.lang),
    }


def _count(n: int) -> str:
    return f"{number(n)} tiltak"


def _other_benefits(inside) -> list[str]:
    """Sentences on the benefits inside the frame that are not cash (empty: there are none)."""
    def count(kind: str | None) -> int:
        return sum(1 for m in inside if m.benefit and m.benefit_kind == kind)

    time, quality, unknown = count("Tid"), count("Kvalitet"), count(None)
    parts = [f"{number(n)} {what}" for n, what in ((time, "gir spart tid"), (quality, "gir bedre kvalitet")) if n]
    sentences = []
    if parts:
        first, *rest = parts
        n, _, what = first.partition(" ")
        sentences.append(
            f"{n} av tiltakene innenfor rammen {what}" + "".join(f", og {r.replace(' gir ', ' ')}" for r in rest)
            + ". Slike gevinster frigjør ikke penger i budsjettet og er ikke regnet med i tabellen; de kommer "
            "brukerne og de ansatte til gode som bedre tjenester og mer tid."
        )
    if unknown:
        sentences.append(
            f"{number(unknown)} {'tiltak' if unknown == 1 else 'tiltak'} innenfor rammen har en gevinst der "
            "enheten ikke har oppgitt om den er penger i budsjettet, tid eller kvalitet. Den er ikke regnet med "
            "i tabellen."
        )
    return sentences
