"""One measure as the templates see it (``MEASURE`` in
:data:`pipeline.documents.context.SCHEMA`): every field written out in the
workspace's language (``config.lang``), with «Ikke oppgitt» where the unit gave
nothing. All three documents list measures."""

from __future__ import annotations

from typing import Any

from pipeline.core.assessment import EXCLUDED, MERGED, OUTSIDE, Assessment, MeasureAssessment
from pipeline.core.decisions import AUTOMATIC, EXCLUDE, INCLUDE, POSTPONE
from pipeline.core.labels import label as core_label
from pipeline.core.model import Measure, Municipality, Period
from pipeline.contract import BENEFIT_CASH, QUICK_WIN, SEASONS
from pipeline.documents.economycontext import BENEFIT_UNKNOWN, COST_UNKNOWN, benefit_text
from pipeline.forms.decisionbook import Reference
from pipeline.i18n import Lang, Words
from pipeline.i18n.message import N_

NOT_GIVEN = N_("Ikke oppgitt")
#: A measure's «Gevinsttype» as a reader sees it.
BENEFIT_KIND_LABEL = {BENEFIT_CASH: N_("Penger i budsjettet"), "Tid": N_("Spart tid"), "Kvalitet": N_("Bedre kvalitet"),
                      None: N_("Ikke oppgitt (regnes ikke som penger i budsjettet)")}


def _exact(value: int | None, t: Lang, unknown: str = COST_UNKNOWN) -> str:
    """Kroner, or *unknown* when the amount is not computed."""
    return t.gettext(unknown) if value is None else t.kroner(value)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def measure_context(model: Municipality, a: MeasureAssessment) -> dict[str, Any]:
    """The template's entry for the assessed measure *a*."""
    m = a.measure
    config = model.config
    t = config.lang
    _ = t.gettext
    econ = a.economics
    horizon = config.criteria.horizon_years
    weights = config.criteria.weights
    duration = m.duration_months
    category = _(a.category)
    not_computed = _("Ikke beregnet ({what})", what=_(_unknown_what(a)))
    return {
        "id": a.id,
        "tittel": a.title,
        "overskrift": f"{a.id}: {a.title}",
        "rangering": str(a.rank),
        "poeng": t.number(a.score, 1),
        "enhet": t.join(list(a.owners)) if a.owners else a.unit.name,
        "omrade": a.unit.service_area,
        "beskrivelse": m.description or _(NOT_GIVEN),
        "delmal": _sub_goal(model, a, t),
        "problemer": _measure_problems(model, a, t),
        "investering": _exact(m.investment, t),
        # TRANSLATORS: keep the non-breaking space between the word and the amount.
        "investering_tekst": (_(COST_UNKNOWN) if m.investment is None
                              else _("investering\u00a0{amount}", amount=t.kroner(m.investment))),
        "investering_avrundet": _(COST_UNKNOWN) if m.investment is None else t.amount(m.investment),
        "drift": _exact(m.operating_cost, t),
        "gevinst": _exact(m.benefit, t, BENEFIT_UNKNOWN),
        "gevinst_tekst": m.benefit_description or "",
        "gevinst_type": _(BENEFIT_KIND_LABEL.get(m.benefit_kind, BENEFIT_KIND_LABEL[None])),
        "gevinst_samlet": benefit_text(m.benefit, m.benefit_kind, m.benefit_description, t),
        "naverdi": _("{amount} over {horizon} år", amount=t.kroner(econ.npv), horizon=horizon) if econ else not_computed,
        "nytte_kost": (
            not_computed if econ is None else
            _("{ratio} (nåverdien av gevinsten delt på nåverdien av kostnadene)",
              ratio=t.number(econ.benefit_cost_ratio, 2))
            if econ.benefit_cost_ratio is not None else _("Ingen kostnader")
        ),
        "tilbakebetaling": _payback(a, horizon, t),
        "tidsrom": _period(a, t),
        "varighet": _(NOT_GIVEN) if duration is None else t.ngettext("{n} måned", "{n} måneder", duration),
        "tidsrom_plan": _period(a, t, duration),
        "ansvarlig": m.responsible or _(NOT_GIVEN),
        "oppfolging": m.follow_up or _(NOT_GIVEN),
        "risiko": t.pgettext("risk", m.risk) if m.risk else _(NOT_GIVEN),
        "kategori": category,
        "kategori_liten": _lower(category),
        "kategori_tekst": _category_text(a, t),
        "avhengigheter": m.dependencies or _("Ingen oppgitt"),
        "status": status_text(model, a),
        "ramme_tekst": _frame_text(model, a),
        "innenfor": bool(a.in_frame),
        "beslutning": decision_text(a, t),
        "samordning": _coordination_text(a, t),
        "begrunnelse": t.render(a.parts[0].reason) if a.parts else "",
        "poengdeler": [
            {
                "kriterium": t.render(p.name),
                "vekt": t.number(p.weight * 100 / weights.total, 0),
                "poeng": t.number(p.points, 1),
                "begrunnelse": t.render(p.reason),
            }
            for p in a.parts
        ],
        "advarsler": [t.render(f) for f in a.flags],
        "gevinstplan": benefit_plan_context(m, t),
    }


def benefit_plan_context(m: Measure, lang: Lang | None = None) -> dict[str, Any]:
    """The measure's benefit plan (``t.gevinstplan``): ``har`` is false when the unit
    gave none of it (a form from before the columns, or left empty). *lang* None: bokmål."""
    t = lang or Lang.source()
    not_given = t.gettext(NOT_GIVEN)
    return {
        "har": m.has_benefit_plan,
        "eier": m.benefit_owner or m.follow_up or not_given,
        "indikator": m.indicator or not_given,
        "nullpunkt": m.indicator_baseline or not_given,
        "malverdi": m.indicator_target or not_given,
        "maldato": t.day(m.target_date) if m.target_date else not_given,
    }


def _period(a: MeasureAssessment, t: Lang, duration: int | None = None) -> str:
    """When the measure runs in the plan: the unit's season, in the year the plan
    starts it («Vår 2029 (flyttet fra vår 2028)»); with *duration*, the months
    too («Vår 2029, 8 mnd. (flyttet fra vår 2028)»). The score's time part keeps
    the unit's own period (placing depends on the score)."""
    period = a.measure.period
    if period is None:
        return t.gettext(NOT_GIVEN)
    label = t.render(period.name)
    if a.status == MERGED or a.frame_year is None or a.frame_year == period.year:
        return label if duration is None else t.gettext("{period}, {months} mnd.", period=label, months=duration)
    moved = t.render(period.moved_to(a.frame_year).name)
    if duration is not None:
        moved = t.gettext("{period}, {months} mnd.", period=moved, months=duration)
    if a.choice == POSTPONE:
        return t.gettext("{period} (utsatt fra {before})", period=moved, before=t.render(period.words))
    return t.gettext("{period} (flyttet fra {before})", period=moved, before=t.render(period.words))


def _sub_goal(model: Municipality, a: MeasureAssessment, t: Lang) -> str:
    m = a.measure
    goal = model.config.sub_goal(m.sub_goal)
    if goal:
        return f"{goal.code}: {goal.text}"
    if m.sub_goal:
        return t.gettext("{code} (finnes ikke i strategien)", code=m.sub_goal)
    return t.gettext(NOT_GIVEN)


def _unknown_what(a: MeasureAssessment) -> str:
    m = a.measure
    return COST_UNKNOWN if m.investment is None or m.operating_cost is None else BENEFIT_UNKNOWN


def _payback(a: MeasureAssessment, horizon: int, t: Lang) -> str:
    if a.economics is None:
        return t.gettext("Ikke beregnet ({what})", what=t.gettext(_unknown_what(a)))
    years = a.economics.payback_years
    if years is None:
        return t.gettext("Ikke innen {horizon} år", horizon=horizon)
    if years == 0:
        return t.gettext("Straks (ingen investering å betale tilbake)")
    return t.gettext("{years} år", years=t.number(years, 1))


def _category_text(a: MeasureAssessment, t: Lang) -> str:
    """The assessed category, and what the unit proposed."""
    if a.measure.investment is None:
        return t.gettext("{proposal} Investeringen utredes, så kategorien bygger på varighet og risiko.",
                         proposal=_category_proposal(a, t))
    return _category_proposal(a, t)


def _category_proposal(a: MeasureAssessment, t: Lang) -> str:
    m = a.measure
    category = t.gettext(a.category)
    if m.category is None:
        return t.gettext("{category}. Enheten foreslo ingen kategori.", category=category)
    if a.category_disagrees:
        proposed = _lower(t.gettext(m.category))
        if m.category == QUICK_WIN:
            return t.gettext("{category}. Enheten foreslo {proposed}, men tiltaket oppfyller ikke kriteriene for det "
                             "(se «Slik er tiltakene vurdert»).", category=category, proposed=proposed)
        return t.gettext("{category}. Enheten foreslo {proposed}, men tiltaket oppfyller kriteriene for {assessed}.",
                         category=category, proposed=proposed, assessed=_lower(category))
    return t.gettext("{category}, som enheten foreslo.", category=category)


def _measure_problems(model: Municipality, a: MeasureAssessment, t: Lang) -> str:
    lines = []
    for nr in a.measure.problem_nrs:
        p = model.problem(a.measure.prov.unit, nr)
        if p is None:
            lines.append(t.gettext("Nr. {nr}: finnes ikke i enhetens problemliste", nr=nr))
        elif p.priority:
            # (Babel drops a message whose arguments call a marker with a variable: build it first.)
            priority = _lower(t.pgettext("priority", p.priority))
            lines.append(t.gettext("Nr. {nr} ({priority} prioritet): {description}", nr=nr, priority=priority,
                                   description=p.description))
        else:
            lines.append(t.gettext("Nr. {nr}: {description}", nr=nr, description=p.description))
    return "\n".join(lines) or t.gettext("Ingen oppgitt")


def decision_references(model: Municipality, assessment: Assessment) -> list[tuple[str, Reference]]:
    """(id, the pipeline's columns of ``beslutninger.xlsx``) for every measure,
    in rank order. A measure in a coordination group is proposed for a joint
    measure with the group's highest-ranked measure («S-3: …, 2 enheter → FSH-1»)."""
    rank = {a.id: a.rank for a in assessment.measures}
    proposals = {}
    lang = model.config.lang
    for g in assessment.coordination_groups:
        target = min(g.ids, key=rank.__getitem__)
        for id in g.ids:
            label = lang.render(g.label)
            proposals[id] = (lang.gettext("{label} (felles tiltak)", label=label) if id == target
                             else f"{label} → {target}")
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
    t = model.config.lang
    _ = t.gettext
    if a.status == MERGED:
        return _("slått sammen med {id}", id=a.merged_into)
    if a.status == EXCLUDED:
        return _("ikke tatt med (beslutning)")
    if a.status == OUTSIDE:
        return _("utenfor rammen")
    if model.config.investment_frame is None:
        text = _("med i planen")
    elif a.measure.investment is None:
        text = (_("med i planen {year}, kostnad utredes", year=a.frame_year) if a.frame_year
                else _("med i planen, kostnad utredes"))
    elif a.measure.investment == 0:
        text = _("innenfor rammen (ingen investering)")
    else:
        text = _("innenfor rammen {year}", year=a.frame_year)
    asked = a.measure.period.year if a.measure.period else None
    if a.choice == INCLUDE:
        return _("{status}, tatt med etter beslutning", status=text)
    if a.choice == POSTPONE:
        if asked and asked != a.frame_year:
            return _("{status} (utsatt fra {year})", status=text, year=asked)
        return _("{status}, utsatt etter beslutning", status=text)
    if asked is not None and a.frame_year is not None and a.frame_year != asked:
        return _("{status} (flyttet fra {year})", status=text, year=asked)
    return text


def _frame_text(model: Municipality, a: MeasureAssessment) -> str:
    """Where the measure is in the plan, and every rule and decision that put it there."""
    t = model.config.lang
    _ = t.gettext
    if a.status == MERGED:
        return _("Slått sammen med {id}: tiltaket regnes som en del av det felles tiltaket, med tallene til {id}, og "
                 "står ikke for seg i planen.", id=a.merged_into)
    if not a.in_frame:
        reason = t.render(a.frame_reason) or _("Utenfor rammen.")
        if a.status == EXCLUDED and a.decision and a.decision.reason:
            reason += " " + _("Begrunnelse: {reason}", reason=a.decision.reason)
        return reason
    parts = []
    if model.config.investment_frame is None:
        parts.append(_("Ingen investeringsramme er satt; tiltaket er med i planen."))
    elif a.measure.investment == 0:
        parts.append(_("Tiltaket har ingen investering og belaster ikke rammen."))
    elif a.measure.investment is not None:
        parts.append(_("Innenfor rammen for {year}.", year=a.frame_year))
    if a.choice == POSTPONE:
        parts.append(_("Utsatt til {year} etter beslutning.", year=a.decision.year))
    elif a.choice == INCLUDE:
        parts.append(_("Tatt med etter beslutning, før tiltakene som er plassert etter poengsum."))
    if a.placement:
        parts.append(t.render(a.placement))
    return " ".join(parts).strip()


def decision_text(a: MeasureAssessment, lang: Lang | None = None) -> str:
    """The secretariat's decision on the measure and its reason, as one sentence or two
    (*lang* None: bokmål)."""
    t = lang or Lang.source()
    _ = t.gettext
    d = a.decision
    automatic = _("Automatisk: plassert etter poengsum, avhengigheter og investeringsramme.")
    joint = (_("Felles tiltak: {ids} er slått sammen med dette, og tallene herfra gjelder.", ids=Words(a.joint))
             if a.joint else "")
    if d is None:
        return joint or automatic
    parts = []
    if a.status == MERGED:
        parts.append(_("Slått sammen med {id}.", id=a.merged_into))
    elif d.choice == INCLUDE:
        parts.append(_("Ta med: tiltaket er låst inn i planen for {year}.", year=d.year) if d.year
                     else _("Ta med: tiltaket er låst inn i planen."))
    elif d.choice == EXCLUDE:
        parts.append(_("Ta ikke med: tiltaket er ikke med i planen."))
    elif d.choice == POSTPONE:
        parts.append(_("Utsett til {year}.", year=d.year))
    elif d.choice == AUTOMATIC and not a.joint:
        parts.append(automatic)
    if joint:
        parts.append(joint)
    if d.title:
        parts.append(_("Tittelen er satt av sekretariatet (enhetens tittel: {title}).", title=t.quote(a.measure.title)))
    if d.reason:
        parts.append(_("Begrunnelse: {reason}", reason=d.reason))
    return " ".join(parts)


def _coordination_text(a: MeasureAssessment, t: Lang) -> str:
    _ = t.gettext
    if a.status == MERGED:
        return _("Inngår i det felles tiltaket {id}.", id=a.merged_into)
    parts = []
    if a.joint:
        parts.append(_("Felles tiltak for {owners}; {ids} regnes her.", owners=Words(a.owners), ids=Words(a.joint)))
    if a.group:
        parts.append(_("Samordningsgruppe {group} sammen med {ids}.", group=a.group, ids=Words(a.coordination))
                     if a.coordination else _("Samordningsgruppe {group}.", group=a.group))
    return " ".join(parts) or _("Ingen")


# --- one field of a measure's snapshot (the changes since the previous version) ---------

_MONEY = {"investment", "operating_cost", "benefit", "npv"}
#: Snapshot fields whose values are the core's fixed words, by their kind in :mod:`pipeline.core.labels`.
_LABELLED = {"status": "status", "category": "category", "risk": "risk"}


def format_field(name: str, value: Any, lang: Lang | None = None) -> str:
    """A snapshot value as a reader sees it (see :data:`pipeline.core.versions.MEASURE_FIELDS`;
    *lang* None: bokmål)."""
    t = lang or Lang.source()
    if value is None and name == "npv":
        return t.gettext("Ikke beregnet")
    if value is None and name in _MONEY:
        unknown = BENEFIT_UNKNOWN if name == "benefit" else COST_UNKNOWN
        return t.gettext(unknown)
    if value is None or value == "":
        return t.gettext(NOT_GIVEN)
    if name in _MONEY:
        return t.kroner(value)
    if name == "benefit_kind":
        return t.gettext(BENEFIT_KIND_LABEL[value]) if value in BENEFIT_KIND_LABEL else str(value)
    if isinstance(value, bool):  # in_frame, sub_goal_known
        return t.gettext("Ja") if value else t.gettext("Nei")
    if name == "score":
        return t.number(value, 1)
    if name == "duration_months":
        return t.gettext("{months} mnd.", months=value)
    if name == "period" and isinstance(value, str):
        # Stored as the bokmål label («Vår 2027»); a label this version cannot read is shown as stored.
        season, _sep, year = value.rpartition(" ")
        if season in SEASONS and year.isdecimal() and year.isascii():
            return t.render(Period(int(year), season).name)
    if name in _LABELLED and isinstance(value, str):
        # Stored as the core's bokmål words («innenfor», «Høy»), shown in the reader's language.
        status, _sep, other = value.partition(" med ") if name == "status" else (value, "", "")
        shown = t.render(core_label(_LABELLED[name], status))
        # TRANSLATORS: a measure's place in the plan when merged: «slått sammen med FSH-1».
        return t.gettext("{status} med {measure}", status=shown, measure=other) if other else shown
    return t.render(value) if not isinstance(value, str) else value
