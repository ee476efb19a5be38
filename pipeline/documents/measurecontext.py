"""One measure as the templates see it (``MEASURE`` in
:data:`pipeline.documents.context.SCHEMA`): every field written out in Norwegian,
with «Ikke oppgitt» where the unit gave nothing. All three documents list measures."""

from __future__ import annotations

from typing import Any

from pipeline.core.assessment import EXCLUDED, MERGED, OUTSIDE, Assessment, MeasureAssessment
from pipeline.core.decisions import AUTOMATIC, EXCLUDE, INCLUDE, POSTPONE
from pipeline.core.model import Measure, Municipality
from pipeline.contract import BENEFIT_CASH, QUICK_WIN
from pipeline.documents.economycontext import BENEFIT_UNKNOWN, COST_UNKNOWN, benefit_text
from pipeline.forms.decisionbook import Reference
from pipeline.formatting import amount, day, join, kroner, number

NOT_GIVEN = "Ikke oppgitt"
#: A measure's «Gevinsttype» as a reader sees it.
BENEFIT_KIND_LABEL = {BENEFIT_CASH: "Penger i budsjettet", "Tid": "Spart tid", "Kvalitet": "Bedre kvalitet",
                      None: "Ikke oppgitt (regnes ikke som penger i budsjettet)"}


def _exact(value: int | None, unknown: str = COST_UNKNOWN) -> str:
    """Kroner, or *unknown* when the amount is not computed."""
    return unknown if value is None else kroner(value)


def measure_context(model: Municipality, a: MeasureAssessment) -> dict[str, Any]:
    """The template's entry for the assessed measure *a*."""
    m = a.measure
    config = model.config
    econ = a.economics
    horizon = config.criteria.horizon_years
    weights = config.criteria.weights
    duration = m.duration_months
    lang = config.lang
    return {
        "id": a.id,
        "tittel": a.title,
        "overskrift": f"{a.id}: {a.title}",
        "rangering": str(a.rank),
        "poeng": number(a.score, 1),
        "enhet": join(list(a.owners)) if a.owners else a.unit.name,
        "omrade": a.unit.service_area,
        "beskrivelse": m.description or NOT_GIVEN,
        "delmal": _sub_goal(model, a),
        "problemer": _measure_problems(model, a),
        "investering": _exact(m.investment),
        "investering_tekst": COST_UNKNOWN if m.investment is None else f"investering\u00a0{kroner(m.investment)}",
        "investering_avrundet": COST_UNKNOWN if m.investment is None else amount(m.investment),
        "drift": _exact(m.operating_cost),
        "gevinst": _exact(m.benefit, BENEFIT_UNKNOWN),
        "gevinst_tekst": m.benefit_description or "",
        "gevinst_type": BENEFIT_KIND_LABEL.get(m.benefit_kind, BENEFIT_KIND_LABEL[None]),
        "gevinst_samlet": benefit_text(m.benefit, m.benefit_kind, m.benefit_description),
        "naverdi": f"{kroner(econ.npv)} over {horizon} år" if econ else f"Ikke beregnet ({_unknown_what(a)})",
        "nytte_kost": (
            f"Ikke beregnet ({_unknown_what(a)})" if econ is None else
            f"{number(econ.benefit_cost_ratio, 2)} (nåverdien av gevinsten delt på nåverdien av kostnadene)"
            if econ.benefit_cost_ratio is not None else "Ingen kostnader"
        ),
        "tilbakebetaling": _payback(a, horizon),
        "tidsrom": _period(a),
        "varighet": NOT_GIVEN if duration is None else f"{duration} {'måned' if duration == 1 else 'måneder'}",
        "tidsrom_plan": _period(a, duration),
        "ansvarlig": m.responsible or NOT_GIVEN,
        "oppfolging": m.follow_up or NOT_GIVEN,
        "risiko": m.risk or NOT_GIVEN,
        "kategori": a.category,
        "kategori_liten": a.category[0].lower() + a.category[1:],
        "kategori_tekst": _category_text(a),
        "avhengigheter": m.dependencies or "Ingen oppgitt",
        "status": status_text(model, a),
        "ramme_tekst": _frame_text(model, a),
        "innenfor": bool(a.in_frame),
        "beslutning": decision_text(a),
        "samordning": _coordination_text(a),
        "begrunnelse": lang.render(a.parts[0].reason) if a.parts else "",
        "poengdeler": [
            {
                "kriterium": lang.render(p.name),
                "vekt": number(p.weight * 100 / weights.total, 0),
                "poeng": number(p.points, 1),
                "begrunnelse": lang.render(p.reason),
            }
            for p in a.parts
        ],
        "advarsler": [lang.render(f) for f in a.flags],
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


def _period(a: MeasureAssessment, duration: int | None = None) -> str:
    """When the measure runs in the plan: the unit's season, in the year the plan
    starts it («Vår 2029 (flyttet fra vår 2028)»); with *duration*, the months
    too («Vår 2029, 8 mnd. (flyttet fra vår 2028)»). The score's time part keeps
    the unit's own period (placing depends on the score)."""
    period = a.measure.period
    if period is None:
        return NOT_GIVEN
    months = f", {duration} mnd." if duration is not None else ""
    if a.status == MERGED or a.frame_year is None or a.frame_year == period.year:
        return period.label + months
    how = "utsatt" if a.choice == POSTPONE else "flyttet"
    return f"{period.moved_to(a.frame_year).label}{months} ({how} fra {period.label.lower()})"


def _sub_goal(model: Municipality, a: MeasureAssessment) -> str:
    m = a.measure
    goal = model.config.sub_goal(m.sub_goal)
    if goal:
        return f"{goal.code}: {goal.text}"
    if m.sub_goal:
        return f"{m.sub_goal} (finnes ikke i strategien)"
    return NOT_GIVEN


def _unknown_what(a: MeasureAssessment) -> str:
    m = a.measure
    return COST_UNKNOWN if m.investment is None or m.operating_cost is None else BENEFIT_UNKNOWN


def _payback(a: MeasureAssessment, horizon: int) -> str:
    if a.economics is None:
        return f"Ikke beregnet ({_unknown_what(a)})"
    years = a.economics.payback_years
    if years is None:
        return f"Ikke innen {horizon} år"
    if years == 0:
        return "Straks (ingen investering å betale tilbake)"
    return f"{number(years, 1)} år"


def _category_text(a: MeasureAssessment) -> str:
    """The assessed category, and what the unit proposed."""
    m = a.measure
    if m.investment is None:
        return _category_proposal(a) + " Investeringen utredes, så kategorien bygger på varighet og risiko."
    return _category_proposal(a)


def _category_proposal(a: MeasureAssessment) -> str:
    m = a.measure
    if m.category is None:
        return f"{a.category}. Enheten foreslo ingen kategori."
    if a.category_disagrees:
        proposed = m.category[0].lower() + m.category[1:]
        return (
            f"{a.category}. Enheten foreslo {proposed}, men tiltaket oppfyller ikke kriteriene for det "
            "(se «Slik er tiltakene vurdert»)." if m.category == QUICK_WIN else
            f"{a.category}. Enheten foreslo {proposed}, men tiltaket oppfyller kriteriene for "
            f"{a.category[0].lower() + a.category[1:]}."
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


def decision_references(model: Municipality, assessment: Assessment) -> list[tuple[str, Reference]]:
    """(id, the pipeline's columns of ``beslutninger.xlsx``) for every measure,
    in rank order. A measure in a coordination group is proposed for a joint
    measure with the group's highest-ranked measure («S-3: …, 2 enheter → FSH-1»)."""
    rank = {a.id: a.rank for a in assessment.measures}
    proposals = {}
    render = model.config.lang.render
    for g in assessment.coordination_groups:
        target = min(g.ids, key=rank.__getitem__)
        for id in g.ids:
            label = render(g.label)
            proposals[id] = f"{label} (felles tiltak)" if id == target else f"{label} → {target}"
    return [
        (a.id, Reference(
            title=a.measure.title,
            unit=a.unit.name,
            score=a.score,
            category=a.category,
            result=status_text(model, a),
            year=a.frame_year if a.in_frame else None,
            proposal=proposals.get(a.id),
        ))
        for a in assessment.measures
    ]


def status_text(model: Municipality, a: MeasureAssessment) -> str:
    if a.status == MERGED:
        return f"slått sammen med {a.merged_into}"
    if a.status == EXCLUDED:
        return "ikke tatt med (beslutning)"
    if a.status == OUTSIDE:
        return "utenfor rammen"
    if model.config.investment_frame is None:
        text = "med i planen"
    elif a.measure.investment is None:
        text = f"med i planen {a.frame_year}, {COST_UNKNOWN}" if a.frame_year else f"med i planen, {COST_UNKNOWN}"
    elif a.measure.investment == 0:
        text = "innenfor rammen (ingen investering)"
    else:
        text = f"innenfor rammen {a.frame_year}"
    asked = a.measure.period.year if a.measure.period else None
    if a.choice == INCLUDE:
        text += ", tatt med etter beslutning"
    elif a.choice == POSTPONE:
        text += f" (utsatt fra {asked})" if asked and asked != a.frame_year else ", utsatt etter beslutning"
    elif asked is not None and a.frame_year is not None and a.frame_year != asked:
        text += f" (flyttet fra {asked})"
    return text


def _frame_text(model: Municipality, a: MeasureAssessment) -> str:
    """Where the measure is in the plan, and every rule and decision that put it there."""
    if a.status == MERGED:
        return (f"Slått sammen med {a.merged_into}: tiltaket regnes som en del av det felles tiltaket, med "
                f"tallene til {a.merged_into}, og står ikke for seg i planen.")
    render = model.config.lang.render
    if not a.in_frame:
        reason = render(a.frame_reason) or "Utenfor rammen."
        if a.status == EXCLUDED and a.decision and a.decision.reason:
            reason += f" Begrunnelse: {a.decision.reason}"
        return reason
    if model.config.investment_frame is None:
        text = "Ingen investeringsramme er satt; tiltaket er med i planen."
    elif a.measure.investment is None:
        text = ""
    elif a.measure.investment == 0:
        text = "Tiltaket har ingen investering og belaster ikke rammen."
    else:
        text = f"Innenfor rammen for {a.frame_year}."
    if a.choice == POSTPONE:
        text += f" Utsatt til {a.decision.year} etter beslutning."
    elif a.choice == INCLUDE:
        text += " Tatt med etter beslutning, før tiltakene som er plassert etter poengsum."
    if a.placement:
        text += f" {render(a.placement)}"
    return text.strip()


def decision_text(a: MeasureAssessment) -> str:
    """The secretariat's decision on the measure and its reason, as one sentence or two."""
    d = a.decision
    if d is None and a.joint:
        return f"Felles tiltak: {join(list(a.joint))} er slått sammen med dette, og tallene herfra gjelder."
    if d is None:
        return "Automatisk: plassert etter poengsum, avhengigheter og investeringsramme."
    parts = []
    if a.status == MERGED:
        parts.append(f"Slått sammen med {a.merged_into}.")
    elif d.choice == INCLUDE:
        parts.append("Ta med: tiltaket er låst inn i planen" + (f" for {d.year}." if d.year else "."))
    elif d.choice == EXCLUDE:
        parts.append("Ta ikke med: tiltaket er ikke med i planen.")
    elif d.choice == POSTPONE:
        parts.append(f"Utsett til {d.year}.")
    elif d.choice == AUTOMATIC and not a.joint:
        parts.append("Automatisk: plassert etter poengsum, avhengigheter og investeringsramme.")
    if a.joint:
        parts.append(f"Felles tiltak: {join(list(a.joint))} er slått sammen med dette, og tallene herfra gjelder.")
    if d.title:
        parts.append(f"Tittelen er satt av sekretariatet (enhetens tittel: «{a.measure.title}»).")
    if d.reason:
        parts.append(f"Begrunnelse: {d.reason}")
    return " ".join(parts)


def _coordination_text(a: MeasureAssessment) -> str:
    if a.status == MERGED:
        return f"Inngår i det felles tiltaket {a.merged_into}."
    parts = []
    if a.joint:
        parts.append(f"Felles tiltak for {join(list(a.owners))}; {join(list(a.joint))} regnes her.")
    if a.group:
        parts.append(f"Samordningsgruppe {a.group}" + (f" sammen med {join(list(a.coordination))}."
                                                       if a.coordination else "."))
    return " ".join(parts) or "Ingen"


# --- one field of a measure's snapshot (the changes since the previous version) ---------

_MONEY = {"investment", "operating_cost", "benefit", "npv"}


def format_field(name: str, value: Any) -> str:
    """A snapshot value as a reader sees it (see :data:`pipeline.core.versions.MEASURE_FIELDS`)."""
    if value is None and name == "npv":
        return "Ikke beregnet"
    if value is None and name in _MONEY:
        return BENEFIT_UNKNOWN if name == "benefit" else COST_UNKNOWN
    if value is None or value == "":
        return NOT_GIVEN
    if name in _MONEY:
        return kroner(value)
    if name == "benefit_kind":
        return BENEFIT_KIND_LABEL.get(value, str(value))
    if isinstance(value, bool):  # in_frame, sub_goal_known
        return "Ja" if value else "Nei"
    if name == "score":
        return number(value, 1)
    if name == "duration_months":
        return f"{value} mnd."
    return str(value)
