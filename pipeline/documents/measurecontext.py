"""One measure as the templates see it (``MEASURE`` in
:data:`pipeline.documents.context.SCHEMA`): every field written out in Norwegian,
with «Ikke oppgitt» where the unit gave nothing. All three documents list measures."""

from __future__ import annotations

from typing import Any

from pipeline.core.assessment import MeasureAssessment
from pipeline.core.model import Measure, Municipality
from pipeline.formatting import day, kroner, number

NOT_GIVEN = "Ikke oppgitt"


def measure_context(model: Municipality, a: MeasureAssessment) -> dict[str, Any]:
    """The template's entry for the assessed measure *a*."""
    m = a.measure
    config = model.config
    econ = a.economics
    horizon = config.criteria.horizon_years
    weights = config.criteria.weights
    duration = m.duration_months
    return {
        "id": a.id,
        "tittel": m.title,
        "overskrift": f"{a.id}: {m.title}",
        "rangering": str(a.rank),
        "poeng": number(a.score, 1),
        "enhet": a.unit.name,
        "omrade": a.unit.service_area,
        "beskrivelse": m.description or NOT_GIVEN,
        "delmal": _sub_goal(model, a),
        "problemer": _measure_problems(model, a),
        "investering": kroner(m.investment),
        "drift": kroner(m.operating_cost),
        "gevinst": kroner(m.benefit),
        "gevinst_tekst": m.benefit_description or "",
        "gevinst_samlet": f"{kroner(m.benefit)} per år" + (f"\n{m.benefit_description}" if m.benefit_description else ""),
        "naverdi": f"{kroner(econ.npv)} over {horizon} år",
        "nytte_kost": (
            f"{number(econ.benefit_cost_ratio, 2)} (nåverdien av gevinsten delt på nåverdien av kostnadene)"
            if econ.benefit_cost_ratio is not None else "Ingen kostnader"
        ),
        "tilbakebetaling": _payback(a, horizon),
        "tidsrom": m.period.label if m.period else NOT_GIVEN,
        "varighet": NOT_GIVEN if duration is None else f"{duration} {'måned' if duration == 1 else 'måneder'}",
        "tidsrom_plan": (
            NOT_GIVEN if m.period is None else
            m.period.label + (f", {duration} mnd." if duration is not None else "")
        ),
        "ansvarlig": m.responsible or NOT_GIVEN,
        "oppfolging": m.follow_up or NOT_GIVEN,
        "risiko": m.risk or NOT_GIVEN,
        "kategori": a.category,
        "kategori_liten": a.category[0].lower() + a.category[1:],
        "kategori_tekst": _category_text(a),
        "avhengigheter": m.dependencies or "Ingen oppgitt",
        "status": _status(model, a),
        "ramme_tekst": _frame_text(model, a),
        "innenfor": bool(a.in_frame),
        "begrunnelse": a.parts[0].reason if a.parts else "",
        "poengdeler": [
            {
                "kriterium": p.criterion,
                "vekt": number(p.weight * 100 / weights.total, 0),
                "poeng": number(p.points, 1),
                "begrunnelse": p.reason,
            }
            for p in a.parts
        ],
        "advarsler": list(a.flags),
        "gevinstplan": benefit_plan_context(m),
    }


def benefit_plan_context(m: Measure) -> dict[str, Any]:
    """The measure's benefit plan (``t.gevinstplan``): ``har`` is false when the unit
    gave none of it (a form from before the columns, or left empty)."""
    return {
        "har": m.has_benefit_plan,
        "eier": m.benefit_owner or m.follow_up or NOT_GIVEN,
        "indikator": m.indicator or NOT_GIVEN,
        "nullpunkt": m.indicator_baseline or NOT_GIVEN,
        "malverdi": m.indicator_target or NOT_GIVEN,
        "maldato": day(m.target_date) if m.target_date else NOT_GIVEN,
    }


def _sub_goal(model: Municipality, a: MeasureAssessment) -> str:
    m = a.measure
    goal = model.config.sub_goal(m.sub_goal)
    if goal:
        return f"{goal.code}: {goal.text}"
    if m.sub_goal:
        return f"{m.sub_goal} (finnes ikke i strategien)"
    return NOT_GIVEN


def _payback(a: MeasureAssessment, horizon: int) -> str:
    years = a.economics.payback_years
    if years is None:
        return f"Ikke innen {horizon} år"
    if years == 0:
        return "Straks (ingen investering å betale tilbake)"
    return f"{number(years, 1)} år"


def _category_text(a: MeasureAssessment) -> str:
    """The assessed category, and what the unit proposed."""
    m = a.measure
    if m.category is None:
        return f"{a.category}. Enheten foreslo ingen kategori."
    if a.category_disagrees:
        return (
            f"{a.category}. Enheten foreslo «{m.category}», men tiltaket oppfyller ikke kriteriene for det "
            "(se «Slik er tiltakene vurdert»)." if m.category == "Quick win" else
            f"{a.category}. Enheten foreslo «{m.category}», men tiltaket oppfyller kriteriene for "
            f"«{a.category}»."
        )
    return f"{a.category}, som enheten foreslo."


def _measure_problems(model: Municipality, a: MeasureAssessment) -> str:
    lines = []
    for nr in a.measure.problem_nrs:
        p = model.problem(a.measure.prov.unit, nr)
        if p is None:
            lines.append(f"Nr. {nr}: finnes ikke i enhetens problemliste")
        else:
            priority = f" ({p.priority.lower()} prioritet)" if p.priority else ""
            lines.append(f"Nr. {nr}{priority}: {p.description}")
    return "\n".join(lines) or "Ingen oppgitt"


def _status(model: Municipality, a: MeasureAssessment) -> str:
    if not a.in_frame:
        return "utenfor rammen"
    if model.config.investment_frame is None:
        return "med i planen"
    if a.measure.investment == 0:
        return "innenfor rammen (ingen investering)"
    return f"innenfor rammen {a.frame_year}"


def _frame_text(model: Municipality, a: MeasureAssessment) -> str:
    if not a.in_frame:
        return a.frame_reason or "Utenfor rammen."
    if model.config.investment_frame is None:
        return "Ingen investeringsramme er satt; tiltaket er med i planen."
    if a.measure.investment == 0:
        return "Tiltaket har ingen investering og belaster ikke rammen."
    return f"Innenfor rammen for {a.frame_year}."


# --- one field of a measure's snapshot (the changes since the previous version) ---------

_MONEY = {"investment", "operating_cost", "benefit", "npv"}


def format_field(name: str, value: Any) -> str:
    """A snapshot value as a reader sees it (see :data:`pipeline.core.versions.MEASURE_FIELDS`)."""
    if value is None or value == "":
        return NOT_GIVEN
    if name in _MONEY:
        return kroner(value)
    if isinstance(value, bool):  # in_frame, sub_goal_known
        return "Ja" if value else "Nei"
    if name == "score":
        return number(value, 1)
    if name == "duration_months":
        return f"{value} mnd."
    return str(value)

