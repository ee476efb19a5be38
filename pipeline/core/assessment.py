"""The assessment: score, categorise and prioritise every measure, and fit the
plan into the yearly investment frame. Pure and deterministic, no I/O.

:func:`assess` takes the combined :class:`~pipeline.core.model.Municipality` and
returns an :class:`Assessment`. The rules, in the order they are applied:

1. **Economy** (:mod:`pipeline.core.economics`): net present value over the
   configured horizon at the configured real discount rate (R-109), investment
   in year 0, operation and benefit in years 1..horizon.
2. **Score** 0–100 (:mod:`pipeline.core.scoring`): four parts, each the criterion's share of the configured
   weights (normalised to sum 100) times a fraction 0–1:

   * *Økonomi*: benefit/cost ratio ÷ 2, capped at 1 (benefit equal to cost gives
     half, twice the cost gives all). No costs: all if there is a benefit, half
     (neutral, with a flag) if there is no money at all. Monotone in the benefit.
   * *Strategisk forankring*: ½ for serving a configured sub-goal, plus ½ × the
     highest priority of the problems it answers (Høy 1, Middels 0.6, Lav 0.3;
     a linked problem without priority counts as Lav; no linked problem 0).
   * *Risiko*: Lav 1, Middels 0.5, Høy 0; not given 0.25 (with a flag).
   * *Tid til effekt*: 1 − (months from the start of the strategy period until
     the measure is finished) ÷ (months in the period), within 0–1. No time
     given: 0.25 (with a flag); no duration given: counted as 12 months (flag).

   Each part's points are rounded to one decimal and the score is their sum.
3. **Rank**: score, highest first; ties by net present value (highest), then
   investment (lowest), then unit code and measure number.
4. **Category** (:mod:`pipeline.core.scoring`): «Quick win» when the investment is at most the configured
   threshold (or not computed), the duration is given and at most the configured
   months, and the risk is given and not Høy; otherwise «Kritisk prosess». A
   positive net present value is not required: profit counts in the score.
5. **Decisions** (:mod:`pipeline.core.decisions`): the secretariat's
   ``beslutninger.xlsx``, checked against the measures. A measure merged into
   another is not placed on its own: the joint measure is, once, with the
   dependencies of both.
6. **Frame** (:mod:`pipeline.core.frame`): included measures first, then the
   rest in rank order; a measure waits for its prerequisites; each measure's
   whole investment is charged to the year it starts; a measure that does not
   fit may move to a later year (a setting). The rules are listed there.

An amount that is not computed («kostnad utredes», ``None`` in the model) gives
no net present value and no economy points, is flagged, is placed in its year
without using frame money, and is left out of every sum (which say so).

The remarks on each measure are made in :mod:`pipeline.core.flags`, the
barometer's averages in :mod:`pipeline.core.barometer`, shared systems and
measures to coordinate in :mod:`pipeline.core.coordination`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline.core.barometer import BarometerArea, barometer_areas
from pipeline.core.coordination import (
    CoordinationGroup,
    DuplicateSystems,
    SharedSystem,
    coordination,
    duplicate_systems,
    shared_systems,
)
from pipeline.core.decisions import AUTOMATIC, EXCLUDE, INCLUDE, POSTPONE, Decision, Decisions, Resolved, resolve
from pipeline.core.economics import Economics, measure_economics
from pipeline.core.flags import (
    References,
    cites_unknown_sub_goal,
    coordination_flag,
    cycle_flag,
    measure_flags,
    moved_past_period_flag,
    placement_flags,
)
from pipeline.core.frame import Candidate, Placement, YearRow, YearTotals, place, year_totals
from pipeline.core.model import Measure, Municipality, Period, Problem, Unit
from pipeline.core.scoring import CRITICAL, QUICK_WIN, ScorePart, category, score_parts, scoring_explanation
from pipeline.i18n import Msg

#: Where a measure ended up (``MeasureAssessment.status``).
INSIDE, OUTSIDE, EXCLUDED, MERGED = "innenfor", "utenfor", "tatt ut", "slått sammen"


@dataclass(frozen=True)
class MeasureAssessment:
    """One measure as assessed: its score and parts, category, rank, place in the plan and remarks."""

    measure: Measure
    id: str  # e.g. "FBS-3"
    unit: Unit
    score: float  # 0–100, one decimal
    parts: tuple[ScorePart, ...]  # economy, strategy, risk, time
    economics: Economics | None  # None: an amount is not computed («kostnad utredes»)
    category: str  # the assessment's: "Quick win" or "Kritisk prosess"
    category_disagrees: bool  # the unit proposed the other category
    rank: int  # 1 = highest priority
    in_frame: bool  # in the plan (status INSIDE)
    frame_year: int | None  # the year charged, or asked for when outside; None: the measure gives no time
    frame_reason: Msg | None  # why not in the plan; None when it is
    flags: tuple[Msg, ...]  # the remarks, rendered by the edge (``lang.render``)
    coordination: tuple[str, ...]  # ids of the measures in other units of a small coordination group
    depends_on: tuple[str, ...] = ()  # ids of known measures named under «Avhengigheter»
    status: str = INSIDE  # INSIDE, OUTSIDE, EXCLUDED (by decision) or MERGED (into a joint measure)
    title: str = ""  # the title the documents use: the secretariat's «Tittel i dokumentene», else the unit's
    decision: Decision | None = None  # the secretariat's decision as used; None: none («Automatisk»)
    placement: Msg | None = None  # how a frame rule placed it in the plan (moved, waited, …); None: as asked
    merged_into: str | None = None  # MERGED: the joint measure's id
    joint: tuple[str, ...] = ()  # ids merged into this one (it is a joint measure when not empty)
    owners: tuple[str, ...] = ()  # a joint measure's units, its own first; empty otherwise
    group: str | None = None  # the id of its coordination group («S-3»); None: in none
    cycle: tuple[str, ...] = ()  # the measures it depends on in a circle with, itself included
    over_frame: int = 0  # kroner an included measure takes beyond its year's frame
    sub_goal_known: bool = True  # False: the measure cites a delmål the configuration does not have

    def part(self, criterion: str) -> ScorePart:
        return next(p for p in self.parts if p.criterion == criterion)

    @property
    def plan_period(self) -> Period | None:
        """When it starts in the plan: the unit's season in the year charged. None: no time given."""
        if self.frame_year is None:
            return None
        season = self.measure.period.season if self.measure.period else "Vår"
        return Period(self.frame_year, season)

    @property
    def uncosted(self) -> bool:
        """An amount is not computed («kostnad utredes»)."""
        m = self.measure
        return m.investment is None or m.operating_cost is None or m.benefit is None

    @property
    def choice(self) -> str:
        return self.decision.choice if self.decision else AUTOMATIC


@dataclass(frozen=True)
class Assessment:
    """Every measure assessed, the totals per year, and what the documents show beside them."""

    measures: tuple[MeasureAssessment, ...]  # in rank order
    years: tuple[YearTotals, ...]  # one per year of the strategy period
    npv_total: float  # all measures with their amounts computed (a merged one counts in its joint measure)
    shared_systems: tuple[SharedSystem, ...]
    duplicate_systems: tuple[DuplicateSystems, ...]
    coordination_groups: tuple[CoordinationGroup, ...]
    barometer_areas: tuple[BarometerArea, ...]
    explanation: tuple[Msg, ...]  # the scoring explanation with the configured values, one message a paragraph
    npv_in_frame: float = 0.0  # measures in the plan
    decisions: Resolved = field(default_factory=Resolved)  # the decisions used, and what could not be
    cycles: tuple[tuple[str, ...], ...] = ()  # measures depending on each other in a circle

    def by_id(self, id: str) -> MeasureAssessment:
        """The measure with this id; KeyError if there is none."""
        for m in self.measures:
            if m.id == id:
                return m
        raise KeyError(id)

    @property
    def quick_wins(self) -> tuple[MeasureAssessment, ...]:
        """Quick wins in the plan, in the plan's order (see :attr:`in_plan`)."""
        return tuple(m for m in self.in_plan if m.category == QUICK_WIN)

    @property
    def critical(self) -> tuple[MeasureAssessment, ...]:
        """Critical processes in the plan, in the plan's order."""
        return tuple(m for m in self.in_plan if m.category == CRITICAL)

    @property
    def in_plan(self) -> tuple[MeasureAssessment, ...]:
        """Measures in the plan: those the secretariat included first («Ta med»), then the rest, in rank order."""
        inside = [m for m in self.measures if m.in_frame]
        return tuple(sorted(inside, key=lambda m: (m.choice != INCLUDE, m.rank)))

    @property
    def outside_frame(self) -> tuple[MeasureAssessment, ...]:
        """Measures not in the plan (outside the frame, or left out by decision), in rank order."""
        return tuple(m for m in self.measures if m.status in (OUTSIDE, EXCLUDED))

    @property
    def merged(self) -> tuple[MeasureAssessment, ...]:
        """Measures merged into a joint measure, in rank order."""
        return tuple(m for m in self.measures if m.status == MERGED)

    @property
    def uncosted(self) -> tuple[MeasureAssessment, ...]:
        """Measures with an amount not computed, in rank order (merged ones count in their joint measure)."""
        return tuple(m for m in self.measures if m.uncosted and m.status != MERGED)

    @property
    def unknown_sub_goals(self) -> tuple[tuple[str, str], ...]:
        """(measure id, delmål) of each measure that cites a delmål the
        configuration does not have, unit by unit, in the order of their numbers."""
        unknown = sorted((a for a in self.measures if not a.sub_goal_known),
                         key=lambda a: (a.measure.prov.unit, a.measure.nr))
        return tuple((a.id, a.measure.sub_goal or "") for a in unknown)


def assess(model: Municipality, decisions: Decisions | None = None) -> Assessment:
    """Score, rank, categorise and place every measure of *model*, with the
    secretariat's *decisions* (None: none; every measure «Automatisk»)."""
    config = model.config
    ids = {m: model.measure_id(m) for m in model.measures}
    groups, _ = coordination(model, ids)
    group_of = {id: g for g in groups for id in g.ids}
    refs = References(model, ids)
    problems = _problem_index(model)
    resolved = resolve(decisions, list(ids.values()), config.years)
    unit_of = {ids[m]: m.prov.unit for m in model.measures}

    drafts = [_draft(model, m, ids[m], refs, problems, group_of.get(ids[m]), resolved.get(ids[m]), unit_of)
              for m in model.measures]
    ranked = sorted(drafts, key=_rank_key)
    ranked = [replace(a, rank=i) for i, a in enumerate(ranked, start=1)]
    groups = _without_merged(groups, resolved.merged, {a.id: a.unit.name for a in drafts})
    shown = {g.id for g in groups}
    ranked = [replace(a, group=a.group if a.group in shown and a.id not in resolved.merged else None,
                      coordination=tuple(i for i in a.coordination if i not in resolved.merged))
              for a in ranked]
    ranked, cycles = _place(ranked, resolved, config, {g.id: g for g in groups})
    counted = [a for a in ranked if a.status != MERGED and a.economics is not None]

    return Assessment(
        measures=tuple(ranked),
        years=year_totals(config, [YearRow(a.measure.investment, a.measure.operating_cost, a.measure.benefit,
                                           a.frame_year, a.in_frame, a.status != MERGED, a.measure.benefit_kind)
                                   for a in ranked]),
        npv_total=sum(a.economics.npv for a in counted),
        npv_in_frame=sum(a.economics.npv for a in counted if a.in_frame),
        shared_systems=shared_systems(model),
        duplicate_systems=duplicate_systems(model),
        coordination_groups=groups,
        barometer_areas=barometer_areas(model),
        explanation=scoring_explanation(config.criteria),
        decisions=resolved,
        cycles=cycles,
    )


def _draft(model: Municipality, m: Measure, id: str, refs: References, problems: dict[tuple[str, int], Problem],
           group: CoordinationGroup | None, decision: Decision | None,
           unit_of: dict[str, str]) -> MeasureAssessment:
    """*m* judged on its own: score, category and remarks; not yet ranked or placed."""
    criteria = model.config.criteria
    econ = measure_economics(m.investment, m.operating_cost, m.benefit, rate=criteria.discount_rate,
                             horizon=criteria.horizon_years)
    parts = score_parts(model, m, econ, problems)
    depends_on, unknown = refs.resolve(m)
    judged = category(m, criteria)
    partners = _partners(id, m.prov.unit, group, unit_of)
    flags = measure_flags(model, m, unknown, problems)  # the coordination remark comes with the placing
    return MeasureAssessment(
        measure=m,
        id=id,
        unit=model.unit(m.prov.unit),
        score=round(sum(p.points for p in parts), 1),
        parts=parts,
        economics=econ,
        category=judged,
        category_disagrees=m.category is not None and m.category != judged,
        rank=0,
        in_frame=True,
        frame_year=m.period.year if m.period else None,
        frame_reason=None,
        flags=tuple(flags),
        coordination=partners,
        depends_on=depends_on,
        title=(decision.title if decision and decision.title else m.title),
        decision=decision,
        group=group.id if group else None,
        sub_goal_known=not cites_unknown_sub_goal(model, m),
    )


#: A coordination group with at most this many other measures is listed by id
#: on each measure; a larger one is named by its id only (sizes stay linear).
PARTNERS_LISTED = 3


def _partners(id: str, unit: str, group: CoordinationGroup | None, unit_of: dict[str, str]) -> tuple[str, ...]:
    """The other measures of a small *group* in other units than *unit* (empty
    for a large group); *unit_of* maps every measure id to its unit key."""
    if group is None or len(group.ids) > PARTNERS_LISTED + 1:
        return ()
    return tuple(i for i in group.ids if i != id and unit_of.get(i) != unit)


def _problem_index(model: Municipality) -> dict[tuple[str, int], Problem]:
    """(unit key, nr) → the problem :meth:`Municipality.problem` gives (the first)."""
    index: dict[tuple[str, int], Problem] = {}
    for p in model.problems:
        index.setdefault((p.prov.unit, p.nr), p)
    return index


def _rank_key(a: MeasureAssessment) -> tuple:
    """Score, highest first; ties by net present value (highest; not computed
    last), investment (lowest; not computed last), then unit code and measure number."""
    npv = a.economics.npv if a.economics is not None else None
    investment = a.measure.investment
    return (-a.score, npv is None, -(npv or 0.0), investment is None, investment or 0,
            a.unit.code.casefold(), a.measure.nr, a.unit.key)


def _without_merged(groups: tuple[CoordinationGroup, ...], merged: dict[str, str], unit_of: dict[str, str]
                    ) -> tuple[CoordinationGroup, ...]:
    """The coordination groups once the secretariat's merges are made: a merged
    measure leaves its group (its unit stays when the joint measure is in the
    group), and a group left with one measure is gone: nothing is left to coordinate."""
    result = []
    for g in groups:
        ids = tuple(i for i in g.ids if i not in merged)
        if len(ids) < 2:
            continue
        owners = {unit_of[i] for i in ids} | {unit_of[m] for m, target in merged.items() if target in ids}
        result.append(replace(g, ids=ids, units=tuple(u for u in g.units if u in owners)))
    return tuple(result)


def _place(ranked: list[MeasureAssessment], resolved: Resolved, config, groups: dict[str, CoordinationGroup]
           ) -> tuple[list[MeasureAssessment], tuple[tuple[str, ...], ...]]:
    """*ranked* placed in the plan (:func:`pipeline.core.frame.place`) with the
    decisions; merged measures follow their joint measure. A measure's
    coordination remark is added here: none on a merged measure, and none for
    the partners already merged into a joint one."""
    merged = resolved.merged
    joint: dict[str, list[MeasureAssessment]] = {}
    for a in ranked:
        if a.id in merged:
            joint.setdefault(merged[a.id], []).append(a)
    candidates = []
    for a in ranked:
        if a.id in merged:
            continue
        needs = [*a.depends_on, *(d for b in joint.get(a.id, ()) for d in b.depends_on)]
        needs = tuple(dict.fromkeys(merged.get(d, d) for d in needs if merged.get(d, d) != a.id))
        d = a.decision
        year = d.year if d and d.year is not None and d.choice in (POSTPONE, INCLUDE) else a.frame_year
        candidates.append(Candidate(a.id, a.measure.investment, year, included=a.choice == INCLUDE,
                                    excluded=a.choice == EXCLUDE, depends_on=needs))
    plan = place(candidates, config.investment_frame, config.years, config.criteria.move_to_later_year)
    placed: dict[str, Placement] = {c.id: p for c, p in zip(candidates, plan.placements, strict=True)}
    in_cycle = {id: members for members in plan.cycles for id in members}
    result = []
    by_id = {a.id: a for a in ranked}
    for a in ranked:
        if a.id in merged:
            target = by_id[merged[a.id]]
            result.append(replace(a, status=MERGED, in_frame=False, frame_year=placed[target.id].year,
                                  merged_into=target.id))
            continue
        p = placed[a.id]
        members = in_cycle.get(a.id, ())
        flags = list(a.flags)
        others = joint.get(a.id, [])
        partners = tuple(i for i in a.coordination if i not in {b.id for b in others})
        if a.group is not None and (partners or not a.coordination):
            flags.append(coordination_flag(groups[a.group], partners))
        if members:
            flags.append(cycle_flag(a.id, members))
        flags += placement_flags(a.choice == INCLUDE, p.waits_for, p.over_frame, p.year, p.needed_by)
        flags += moved_past_period_flag(a.measure, p.year, config.period_to)
        status = INSIDE if p.in_plan else EXCLUDED if a.choice == EXCLUDE else OUTSIDE
        result.append(replace(
            a, status=status, in_frame=p.in_plan, frame_year=p.year,
            frame_reason=None if p.in_plan else p.reason, placement=p.note if p.in_plan else None,
            flags=tuple(flags), cycle=members, over_frame=p.over_frame,
            joint=tuple(b.id for b in others),
            owners=tuple(dict.fromkeys([a.unit.name, *(b.unit.name for b in others)])) if others else (),
        ))
    return result, plan.cycles
