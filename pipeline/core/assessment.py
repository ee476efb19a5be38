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
   threshold, the duration is given and at most the configured months, the risk
   is given and not Høy, and the net present value is positive; otherwise
   «Kritisk prosess».
5. **Frame** (:mod:`pipeline.core.frame`): in rank order, each measure's whole investment is charged to the
   year it starts (also when it runs into the next year). It is inside when the
   year's remaining frame covers it; a measure without investment is always
   inside. A measure with investment but no time is outside (it cannot be
   charged to a year). No frame configured: everything is inside. A year missing
   from the configured frame has a frame of 0.

The remarks on each measure are made in :mod:`pipeline.core.flags`, the
barometer's averages in :mod:`pipeline.core.barometer`, shared systems and
measures to coordinate in :mod:`pipeline.core.coordination`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.core.barometer import BarometerArea, barometer_areas
from pipeline.core.coordination import (
    CoordinationGroup,
    DuplicateSystems,
    SharedSystem,
    coordination,
    duplicate_systems,
    shared_systems,
)
from pipeline.core.economics import Economics, compute_economics
from pipeline.core.flags import References, cites_unknown_sub_goal, dependency_flag, measure_flags
from pipeline.core.frame import YearTotals, frame_reasons, year_totals
from pipeline.core.model import Measure, Municipality, Problem, Unit
from pipeline.core.scoring import CRITICAL, QUICK_WIN, ScorePart, category, score_parts, scoring_explanation


@dataclass(frozen=True)
class MeasureAssessment:
    """One measure as assessed: its score and parts, category, rank, place in the frame and remarks."""

    measure: Measure
    id: str  # e.g. "FBS-3"
    unit: Unit
    score: float  # 0–100, one decimal
    parts: tuple[ScorePart, ...]  # economy, strategy, risk, time
    economics: Economics
    category: str  # the assessment's: "Quick win" or "Kritisk prosess"
    category_disagrees: bool  # the unit proposed the other category
    rank: int  # 1 = highest priority
    in_frame: bool
    frame_year: int | None  # the year charged; None: the measure gives no time
    frame_reason: str | None  # Norwegian, why outside the frame; None when inside
    flags: tuple[str, ...]  # Norwegian sentences
    coordination: tuple[str, ...]  # ids of related measures in other units
    depends_on: tuple[str, ...] = ()  # ids of known measures named under «Avhengigheter»
    sub_goal_known: bool = True  # False: the measure cites a delmål the configuration does not have

    def part(self, criterion: str) -> ScorePart:
        return next(p for p in self.parts if p.criterion == criterion)


@dataclass(frozen=True)
class Assessment:
    """Every measure assessed, the totals per year, and what the documents show beside them."""

    measures: tuple[MeasureAssessment, ...]  # in rank order
    years: tuple[YearTotals, ...]  # one per year of the strategy period
    npv_total: float  # all measures
    shared_systems: tuple[SharedSystem, ...]
    duplicate_systems: tuple[DuplicateSystems, ...]
    coordination_groups: tuple[CoordinationGroup, ...]
    barometer_areas: tuple[BarometerArea, ...]
    explanation: str  # the scoring explanation with the configured values
    npv_in_frame: float = 0.0  # measures inside the frame

    def by_id(self, id: str) -> MeasureAssessment:
        """The measure with this id; KeyError if there is none."""
        for m in self.measures:
            if m.id == id:
                return m
        raise KeyError(id)

    @property
    def quick_wins(self) -> tuple[MeasureAssessment, ...]:
        """Quick wins inside the frame, in rank order."""
        return tuple(m for m in self.measures if m.in_frame and m.category == QUICK_WIN)

    @property
    def critical(self) -> tuple[MeasureAssessment, ...]:
        """Critical processes inside the frame, in rank order."""
        return tuple(m for m in self.measures if m.in_frame and m.category == CRITICAL)

    @property
    def outside_frame(self) -> tuple[MeasureAssessment, ...]:
        """Measures outside the frame, in rank order."""
        return tuple(m for m in self.measures if not m.in_frame)

    @property
    def unknown_sub_goals(self) -> tuple[tuple[str, str], ...]:
        """(measure id, delmål) of each measure that cites a delmål the
        configuration does not have, unit by unit, in the order of their numbers."""
        unknown = sorted((a for a in self.measures if not a.sub_goal_known),
                         key=lambda a: (a.measure.prov.unit, a.measure.nr))
        return tuple((a.id, a.measure.sub_goal or "") for a in unknown)


def assess(model: Municipality) -> Assessment:
    """Score, rank, categorise and frame every measure of *model*."""
    config = model.config
    ids = {m: model.measure_id(m) for m in model.measures}
    groups, links = coordination(model, ids)
    refs = References(model, ids)
    problems = _problem_index(model)

    drafts = [_draft(model, m, ids[m], refs, problems, links.get(ids[m], ())) for m in model.measures]
    ranked = sorted(drafts, key=_rank_key)
    ranked = [replace(a, rank=i) for i, a in enumerate(ranked, start=1)]
    ranked = _fit_frame(ranked, config.investment_frame)
    ranked = _dependency_flags(ranked)

    return Assessment(
        measures=tuple(ranked),
        years=year_totals(config, [a.measure for a in ranked], [a.in_frame for a in ranked]),
        npv_total=sum(a.economics.npv for a in ranked),
        npv_in_frame=sum(a.economics.npv for a in ranked if a.in_frame),
        shared_systems=shared_systems(model),
        duplicate_systems=duplicate_systems(model),
        coordination_groups=groups,
        barometer_areas=barometer_areas(model),
        explanation=scoring_explanation(config.criteria),
    )


def _draft(model: Municipality, m: Measure, id: str, refs: References,
           problems: dict[tuple[str, int], Problem], linked: tuple[str, ...]) -> MeasureAssessment:
    """*m* judged on its own: score, category and remarks; not yet ranked or framed."""
    criteria = model.config.criteria
    econ = compute_economics(
        m.investment, m.operating_cost, m.benefit, rate=criteria.discount_rate, horizon=criteria.horizon_years
    )
    parts = score_parts(model, m, econ, problems)
    depends_on, unknown = refs.resolve(m)
    judged = category(m, econ, criteria)
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
        flags=tuple(measure_flags(model, m, unknown, problems, linked)),
        coordination=linked,
        depends_on=depends_on,
        sub_goal_known=not cites_unknown_sub_goal(model, m),
    )


def _problem_index(model: Municipality) -> dict[tuple[str, int], Problem]:
    """(unit key, nr) → the problem :meth:`Municipality.problem` gives (the first)."""
    index: dict[tuple[str, int], Problem] = {}
    for p in model.problems:
        index.setdefault((p.prov.unit, p.nr), p)
    return index


def _rank_key(a: MeasureAssessment) -> tuple:
    """Score, highest first; ties by net present value (highest), investment
    (lowest), then unit code and measure number."""
    return (-a.score, -a.economics.npv, a.measure.investment, a.unit.code.casefold(), a.measure.nr, a.unit.key)


def _fit_frame(ranked: list[MeasureAssessment], frame: dict[int, int] | None) -> list[MeasureAssessment]:
    """*ranked* with the measures that do not fit the *frame* marked outside, with the reason."""
    reasons = frame_reasons([a.measure for a in ranked], frame)
    return [a if reason is None else replace(a, in_frame=False, frame_reason=reason)
            for a, reason in zip(ranked, reasons, strict=True)]


def _dependency_flags(ranked: list[MeasureAssessment]) -> list[MeasureAssessment]:
    """*ranked* with a remark on each measure inside the frame that depends on one outside it."""
    outside = {a.id for a in ranked if not a.in_frame}
    result = []
    for a in ranked:
        flag = dependency_flag(a.depends_on, outside) if a.in_frame else None
        result.append(a if flag is None else replace(a, flags=a.flags + (flag,)))
    return result
