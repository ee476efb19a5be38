"""Rolling the action plan over to the next year («rullering»). Pure: no I/O.

:func:`roll` takes the adopted plan (:class:`~pipeline.core.baseline.Baseline`), the
year's follow-up (:func:`pipeline.core.followup.combine_followup`), the current
mapping-form model (:func:`pipeline.core.model.combine`) and the secretariat's later
decisions, and gives the :class:`RolledPlan` for the next year. The rules (docs/rullering.md
says the same for the secretariat):

1. **Carry-over** (:func:`carry_over`, per measure of the adopted plan, from the status
   the unit reported for the year):

   * «Ferdig» → :data:`DONE`: listed as done, not in the new plan;
   * «Avbrutt» → :data:`DROPPED` («utgår»), with the unit's comment;
   * «Pågår», «Ikke startet», «Utsatt», and a measure nobody reported on →
     :data:`CARRIED` («videreført»). What is left to invest is the adopted investment
     minus what was spent to date, never below 0 (nothing reported spent: all of it).
     The year it is charged to: a measure planned to start in the next year or later,
     with no new end date, keeps its planned time. Otherwise the remaining work is charged
     to the year it is now expected done (the new end date, else the planned end), and at
     the earliest to the next year; it counts as starting in January of that year and
     running to that end (past ends: 12 months).

2. **New and waiting measures.** A measure of the current forms the adopted version did
   not have is :data:`NEW` («nytt»): a unit added it in a revision after the adoption. A
   measure the adopted version had outside the plan is :data:`REASSESSED`. Both keep what
   the unit wrote; a start before the next year is moved to the next year (same season).
   A measure merged into a joint measure follows the joint measure.

3. **Re-prioritising.** Everything left is assessed again with the existing assessment
   (:func:`pipeline.core.assessment.assess`: the same scoring, ranking and frame rules) inside
   the current configuration's frame, with the decisions in force (:func:`decisions_in_force`:
   those frozen with the baseline, overridden per measure by later ones; a decision on a
   measure that is done or dropped is left out, and a year before the next year is not used).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Sequence

from pipeline.contract import DONE as REPORTED_DONE
from pipeline.contract import STOPPED as REPORTED_STOPPED
from pipeline.core.assessment import Assessment, MeasureAssessment, assess
from pipeline.core.baseline import Baseline, PlannedMeasure, PlannedUnit, id_key
from pipeline.core.decisions import AUTOMATIC, POSTPONE, Decision, Decisions, from_snapshot
from pipeline.core.followup import FollowUp, MeasureFollowUp
from pipeline.core.model import Measure, Municipality, Period, Provenance, Unit

#: What the rolled plan says about a measure («Endring» in the plan), as stored identifiers.
CARRIED, NEW, REASSESSED, DROPPED, DONE = "videreført", "nytt", "vurdert på nytt", "utgår", "ferdig"

#: The season a carried measure's remaining work counts as starting in (January).
_YEAR_START = "Vinter"


@dataclass(frozen=True)
class Carry:
    """What the carry-over rules make of one measure of the adopted plan."""

    outcome: str  # CARRIED, DONE or DROPPED
    remaining: int | None  # kroner left to invest (CARRIED); None: not computed, or not carried
    period: Period | None  # when the remaining work starts in the plan; None: no time given, or not carried
    duration_months: int | None  # None: not given, or not carried

    @property
    def frame_year(self) -> int | None:
        """The year the remaining investment is charged to; None: no time, or not carried."""
        return self.period.year if self.period else None


def carry_over(m: MeasureFollowUp, next_year: int) -> Carry:
    """The carry-over rules for one measure's follow-up (see the module docstring)."""
    if m.status == REPORTED_DONE:
        return Carry(DONE, None, None, None)
    if m.status == REPORTED_STOPPED:
        return Carry(DROPPED, None, None, None)
    planned = m.measure.investment
    remaining = None if planned is None else max(0, planned - (m.spent or 0))
    start = m.measure.start
    if start is None:
        return Carry(CARRIED, remaining, None, m.measure.duration_months)
    if start.year >= next_year and m.new_end is None:
        season = m.measure.period.rpartition(" ")[0] if m.measure.period else _YEAR_START
        return Carry(CARRIED, remaining, Period(start.year, season), m.measure.duration_months)
    end = m.new_end or m.measure.end
    year = max(next_year, end.year) if end else next_year
    months = end.month if end and end.year == year else 12
    return Carry(CARRIED, remaining, Period(year, _YEAR_START), months)


@dataclass(frozen=True)
class RolledMeasure:
    """A measure of the rolled plan, assessed again."""

    origin: str  # CARRIED, NEW or REASSESSED
    assessment: MeasureAssessment  # its place in the rolled plan
    followup: MeasureFollowUp | None = None  # CARRIED: what the unit reported for the year; else None
    carry: Carry | None = None  # CARRIED: what the rules made of it; else None

    @property
    def id(self) -> str:
        return self.assessment.id

    @property
    def in_plan(self) -> bool:
        return self.assessment.in_frame


@dataclass(frozen=True)
class RolledPlan:
    """The action plan rolled over to :attr:`year`."""

    year: int  # the year the plan is rolled to (the follow-up's year + 1)
    baseline: Baseline
    followup: FollowUp  # the year before's follow-up it was rolled from
    model: Municipality  # the model the plan was assessed from (carried measures with what is left)
    assessment: Assessment
    measures: tuple[RolledMeasure, ...]  # every measure assessed, in rank order
    done: tuple[MeasureFollowUp, ...]  # finished: listed, not carried
    dropped: tuple[MeasureFollowUp, ...]  # stopped («utgår»): listed with the unit's comment
    decisions: Decisions  # the decisions in force the plan was assessed with

    def with_origin(self, origin: str) -> tuple[RolledMeasure, ...]:
        return tuple(m for m in self.measures if m.origin == origin)

    @property
    def in_plan(self) -> tuple[RolledMeasure, ...]:
        """The measures in the rolled plan, in the plan's order (included first, then by rank)."""
        by_id = {m.id: m for m in self.measures}
        return tuple(by_id[a.id] for a in self.assessment.in_plan)

    @property
    def outside(self) -> tuple[RolledMeasure, ...]:
        return tuple(m for m in self.measures if not m.in_plan)

    @property
    def remaining_investment(self) -> int:
        """Kroner left to invest in the carried measures that are in the plan."""
        return sum(m.carry.remaining or 0 for m in self.in_plan if m.carry)


def decisions_in_force(baseline: Baseline, later: Decisions | None, *, gone: Sequence[str] = (),
                       next_year: int | None = None) -> Decisions:
    """The decisions frozen with *baseline*, each overridden by a *later* row for the same
    measure (ids compared as :func:`id_key` does); rows on the measure ids in *gone* (done
    or dropped) are left out; a year before *next_year* is not used («Utsett til år» then
    counts as «Automatisk»). *later* None: no later decisions."""
    rows: dict[str, Decision] = {id_key(d.id): d for d in from_snapshot(baseline.decisions).rows}
    issues = ()
    if later is not None:
        rows.update({id_key(d.id): d for d in later.rows})
        issues = later.issues
    skip = {id_key(i) for i in gone}
    kept = []
    for key, d in rows.items():
        if key in skip:
            continue
        if next_year is not None and d.year is not None and d.year < next_year:
            d = replace(d, year=None, choice=AUTOMATIC if d.choice == POSTPONE else d.choice)
        kept.append(d)
    return Decisions(tuple(kept), issues)


def roll(baseline: Baseline, followup: FollowUp, model: Municipality, later: Decisions | None = None) -> RolledPlan:
    """The action plan rolled over from *followup*'s year to the next (see the module
    docstring). *model*: the current mapping forms combined; *later*: the secretariat's
    decisions now (None: none besides the baseline's). Pure and deterministic."""
    next_year = followup.year + 1
    reported = {m.measure.key: m for m in followup.measures}
    carries = {key: carry_over(m, next_year) for key, m in reported.items()}
    planned = {m.key: m for m in baseline.measures}
    gone_keys = {k for k, c in carries.items() if c.outcome != CARRIED}
    gone_ids = {id_key(planned[k].id) for k in gone_keys}

    measures, origins = [], {}
    present = set()
    for m in model.measures:
        key = f"{m.prov.unit}#{m.nr}"
        present.add(key)
        bm = planned.get(key)
        if bm is not None and bm.merged_into and id_key(bm.merged_into) in gone_ids:
            continue  # merged into a joint measure that is done or dropped
        if key in carries:
            c = carries[key]
            if c.outcome != CARRIED:
                continue
            m = replace(m, investment=c.remaining, period=c.period, duration_months=c.duration_months)
            origins[key] = CARRIED
        else:
            m = _not_before(m, next_year)
            # A measure merged into a carried joint measure goes along with it.
            origins[key] = NEW if bm is None else CARRIED if bm.merged_into else REASSESSED
        measures.append(m)

    units = list(model.units)
    known = {u.key for u in units}
    for key, c in carries.items():
        if c.outcome != CARRIED or key in present:
            continue
        # Adopted, but no longer in the unit's form: the adopted plan decides, so it is carried as adopted.
        bm = planned[key]
        if bm.unit_key not in known:
            units.append(_unit(baseline.unit(bm.unit_key), bm.unit_key))
            known.add(bm.unit_key)
        measures.append(_measure(bm, c))
        origins[key] = CARRIED
    rolled = replace(model, units=tuple(units), measures=tuple(measures),
                     _units_by_key={u.key: u for u in units})

    gone = [planned[k].id for k in gone_keys]
    decisions = decisions_in_force(baseline, later, gone=gone, next_year=next_year)
    assessment = assess(rolled, decisions)
    by_id = {rolled.measure_id(m): f"{m.prov.unit}#{m.nr}" for m in rolled.measures}
    out = []
    for a in assessment.measures:
        key = by_id[a.id]
        origin = origins[key]
        out.append(RolledMeasure(origin, a, reported.get(key) if origin == CARRIED else None,
                                 carries.get(key) if origin == CARRIED else None))
    return RolledPlan(
        year=next_year, baseline=baseline, followup=followup, model=rolled, assessment=assessment,
        measures=tuple(out),
        done=tuple(m for m in followup.measures if carries[m.measure.key].outcome == DONE),
        dropped=tuple(m for m in followup.measures if carries[m.measure.key].outcome == DROPPED),
        decisions=decisions,
    )


def _not_before(m: Measure, year: int) -> Measure:
    """*m* starting in *year* (same season) when it was to start before it."""
    if m.period is None or m.period.year >= year:
        return m
    return replace(m, period=Period(year, m.period.season))


def _unit(u: PlannedUnit | None, key: str) -> Unit:
    name = u.name if u else key
    return Unit(key=key, name=name, code=u.code if u else key, service_area=(u.service_area if u else None) or "",
                contact=(u.contact if u else None) or "", email=(u.email if u else None) or "",
                revision=u.revision if u else 0, delivered_at=datetime(1970, 1, 1), form_date=None, expected=False)


def _measure(bm: PlannedMeasure, c: Carry) -> Measure:
    plan = bm.plan
    return Measure(
        nr=bm.nr, title=bm.title, description=bm.description, sub_goal=bm.sub_goal, problem_nrs=(),
        investment=c.remaining, operating_cost=bm.operating_cost, benefit=bm.benefit,
        benefit_description=bm.benefit_description, period=c.period, duration_months=c.duration_months,
        responsible=bm.responsible or "", follow_up=bm.follow_up, risk=bm.risk, category=None, dependencies=None,
        prov=Provenance("Tiltak", 0, bm.unit_key, 0),
        benefit_owner=plan.owner if plan else None, indicator=plan.indicator if plan else None,
        indicator_baseline=plan.baseline_value if plan else None,
        indicator_target=plan.target_value if plan else None, target_date=plan.target_date if plan else None,
    )
