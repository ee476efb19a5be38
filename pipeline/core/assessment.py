"""The assessment: score, categorise and prioritise every measure, and fit the
plan into the yearly investment frame. Pure and deterministic, no I/O.

:func:`assess` takes the combined :class:`~pipeline.core.model.Municipality` and
returns an :class:`Assessment`. The rules, in the order they are applied:

1. **Economy** (:mod:`pipeline.core.economics`): net present value over the
   configured horizon at the configured real discount rate (R-109), investment
   in year 0, operation and benefit in years 1..horizon.
2. **Score** 0–100: four parts, each the criterion's share of the configured
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
4. **Category**: «Quick win» when the investment is at most the configured
   threshold, the duration is given and at most the configured months, the risk
   is given and not Høy, and the net present value is positive; otherwise
   «Kritisk prosess».
5. **Frame**: in rank order, each measure's whole investment is charged to the
   year it starts (also when it runs into the next year). It is inside when the
   year's remaining frame covers it; a measure without investment is always
   inside. A measure with investment but no time is outside (it cannot be
   charged to a year). No frame configured: everything is inside. A year missing
   from the configured frame has a frame of 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.config import Criteria
from pipeline.contract import BAROMETER_AREAS, CATEGORIES
from pipeline.core.coordination import (
    CoordinationGroup,
    DuplicateSystems,
    SharedSystem,
    coordination,
    duplicate_systems,
    shared_systems,
)
from pipeline.core.economics import Economics, compute_economics
from pipeline.formatting import kroner, number, percent
from pipeline.core.model import Measure, Municipality, Problem, Unit

__all__ = [
    "Assessment",
    "BarometerArea",
    "BarometerScore",
    "CoordinationGroup",
    "DuplicateSystems",
    "Economics",
    "MeasureAssessment",
    "SCORING_EXPLANATION",
    "ScorePart",
    "SharedSystem",
    "YearTotals",
    "assess",
    "scoring_explanation",
]

CRITICAL, QUICK_WIN = CATEGORIES  # "Kritisk prosess", "Quick win"

ECONOMY, STRATEGY, RISK, TIME = "Økonomi", "Strategisk forankring", "Risiko", "Tid til effekt"

PRIORITY_FRACTION = {"Høy": 1.0, "Middels": 0.6, "Lav": 0.3}
RISK_FRACTION = {"Lav": 1.0, "Middels": 0.5, "Høy": 0.0}
#: Fraction given when the risk or the time is not stated: low, so a measure is
#: never rewarded for missing information, but above the worst answer.
UNKNOWN_FRACTION = 0.25
#: Duration assumed when a measure gives a time but no duration.
ASSUMED_DURATION_MONTHS = 12


@dataclass(frozen=True)
class ScorePart:
    """One criterion's contribution to a measure's score."""

    criterion: str  # «Økonomi», «Strategisk forankring», «Risiko», «Tid til effekt»
    weight: float  # the configured weight
    points: float  # contribution to the 0–100 score, one decimal
    reason: str  # one Norwegian sentence


@dataclass(frozen=True)
class MeasureAssessment:
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

    def part(self, criterion: str) -> ScorePart:
        return next(p for p in self.parts if p.criterion == criterion)


@dataclass(frozen=True)
class YearTotals:
    """One year of the strategy period, in kroner.

    Investment counts in the year a measure starts. Operating cost and benefit
    count from the year after the start (year 1 of the economic convention)
    through the end of the period. Measures without a time count in no year.
    """

    year: int
    investment: int  # all proposed measures starting this year
    operating_cost: int  # all proposed measures running this year
    benefit: int  # all proposed measures running this year
    investment_in_frame: int  # measures inside the frame starting this year
    frame: int | None  # None: no frame configured
    operating_cost_in_frame: int = 0
    benefit_in_frame: int = 0
    measures_in_frame: int = 0  # measures inside the frame starting this year
    measures_outside: int = 0  # measures outside the frame starting this year

    @property
    def remaining(self) -> int | None:
        """Frame left after the measures inside it; None: no frame configured."""
        return None if self.frame is None else self.frame - self.investment_in_frame


@dataclass(frozen=True)
class BarometerScore:
    """The average of the answered statements of one area for one group."""

    name: str  # service area or unit name
    average: float | None  # None: no answers
    answers: int


@dataclass(frozen=True)
class BarometerArea:
    """One barometer area. Every answered statement counts once in an average."""

    area: str
    average: float | None  # the municipality's; None: no answers at all
    answers: int
    service_areas: tuple[BarometerScore, ...]  # configured order, then others
    units: tuple[BarometerScore, ...]  # in the model's unit order


@dataclass(frozen=True)
class Assessment:
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


def scoring_explanation(criteria: Criteria) -> str:
    """The scoring in a few lines a politician can read, with the configured values."""
    w = criteria.weights
    scale = 100 / w.total
    weights = [round(x * scale) for x in (w.economy, w.strategy, w.risk, w.time)]
    return (
        "Hvert tiltak får en poengsum fra 0 til 100. Poengene er summen av fire kriterier: "
        f"økonomi ({weights[0]} poeng), strategisk forankring ({weights[1]}), "
        f"risiko ({weights[2]}) og tid til effekt ({weights[3]}).\n"
        f"Økonomi: Nåverdien regnes over {criteria.horizon_years} år med "
        f"{_rate(criteria.discount_rate)} reell kalkulasjonsrente, slik Finansdepartementets "
        "rundskriv R-109 anbefaler. Investeringen regnes i år 0, årlig drift og gevinst fra år 1. "
        "Er gevinsten like stor som kostnaden (begge regnet som nåverdi), får tiltaket halve "
        "økonomipoengene; dobbelt så stor gevinst gir fulle poeng.\n"
        "Strategisk forankring: Halve poengene for å bygge opp under et delmål i strategien, "
        "resten etter prioriteten til problemene tiltaket løser.\n"
        "Risiko: Lav risiko gir fulle poeng, middels halve, høy ingen. Tid til effekt: Jo tidligere "
        "i strategiperioden tiltaket er ferdig, jo flere poeng. Mangler et svar, gir det lave poeng "
        "og en merknad.\n"
        "Ved lik poengsum går tiltaket med høyest nåverdi foran, deretter det med lavest investering. "
        "Tiltakene tas inn i prioritert rekkefølge innenfor hvert års investeringsramme; hele "
        "investeringen regnes i året tiltaket starter.\n"
        f"Et tiltak er en «Quick win» når investeringen er høyst {kroner(criteria.quick_win_max_investment)}, "
        f"det tar høyst {criteria.quick_win_max_months} måneder, risikoen er oppgitt og ikke høy, og "
        "nåverdien er positiv. De andre er «Kritiske prosesser»."
    )


def _rate(rate: float) -> str:
    whole = abs(rate * 100 - round(rate * 100)) < 1e-9
    return percent(rate, 0 if whole else 1)


#: The explanation with the default criteria. Documents should prefer
#: ``Assessment.explanation``, which shows the workspace's configured values.
SCORING_EXPLANATION = scoring_explanation(Criteria())


def assess(model: Municipality) -> Assessment:
    """Score, rank, categorise and frame every measure of *model*."""
    config = model.config
    criteria = config.criteria
    ids = {m: model.measure_id(m) for m in model.measures}
    groups, links = coordination(model, ids)
    refs = _References(model, ids)
    problems = _problem_index(model)

    drafts = []
    for m in model.measures:
        econ = compute_economics(
            m.investment, m.operating_cost, m.benefit, rate=criteria.discount_rate, horizon=criteria.horizon_years
        )
        parts = _parts(model, m, econ, problems)
        depends_on, unknown = refs.resolve(m)
        flags = _flags(model, m, unknown, problems)
        if ids[m] in links:
            flags.append(f"Kan samordnes med {_join(links[ids[m]])} i andre enheter.")
        category = _category(m, econ, criteria)
        drafts.append(
            MeasureAssessment(
                measure=m,
                id=ids[m],
                unit=model.unit(m.prov.unit),
                score=round(sum(p.points for p in parts), 1),
                parts=parts,
                economics=econ,
                category=category,
                category_disagrees=m.category is not None and m.category != category,
                rank=0,
                in_frame=True,
                frame_year=m.period.year if m.period else None,
                frame_reason=None,
                flags=tuple(flags),
                coordination=links.get(ids[m], ()),
                depends_on=depends_on,
            )
        )

    ranked = sorted(drafts, key=_rank_key)
    ranked = [replace(a, rank=i) for i, a in enumerate(ranked, start=1)]
    ranked = _fit_frame(ranked, config.investment_frame)
    ranked = _dependency_flags(ranked)

    return Assessment(
        measures=tuple(ranked),
        years=_years(model, ranked),
        npv_total=sum(a.economics.npv for a in ranked),
        npv_in_frame=sum(a.economics.npv for a in ranked if a.in_frame),
        shared_systems=shared_systems(model),
        duplicate_systems=duplicate_systems(model),
        coordination_groups=groups,
        barometer_areas=_barometer(model),
        explanation=scoring_explanation(criteria),
    )


# --- score ----------------------------------------------------------------------


def _problem_index(model: Municipality) -> dict[tuple[str, int], Problem]:
    """(unit key, nr) → the problem :meth:`Municipality.problem` gives (the first)."""
    index: dict[tuple[str, int], Problem] = {}
    for p in model.problems:
        index.setdefault((p.prov.unit, p.nr), p)
    return index


def _parts(model: Municipality, m: Measure, econ: Economics,
           problems: dict[tuple[str, int], Problem]) -> tuple[ScorePart, ...]:
    w = model.config.criteria.weights
    scale = 100 / w.total
    economy, economy_reason = _economy(econ, model.config.criteria.horizon_years)
    strategy, strategy_reason = _strategy(model, m, problems)
    risk, risk_reason = _risk(m)
    time, time_reason = _time(model, m)
    return (
        ScorePart(ECONOMY, w.economy, round(w.economy * scale * economy, 1), economy_reason),
        ScorePart(STRATEGY, w.strategy, round(w.strategy * scale * strategy, 1), strategy_reason),
        ScorePart(RISK, w.risk, round(w.risk * scale * risk, 1), risk_reason),
        ScorePart(TIME, w.time, round(w.time * scale * time, 1), time_reason),
    )


def _economy(econ: Economics, horizon: int) -> tuple[float, str]:
    over = f"over {horizon} år"
    if econ.benefit_cost_ratio is not None:
        ratio = econ.benefit_cost_ratio
        return (
            min(ratio / 2, 1.0),
            f"Nåverdien {over} er {kroner(econ.npv)}; gevinsten er {number(ratio, 2)} ganger kostnaden.",
        )
    if econ.total_benefit > 0:
        return 1.0, f"Tiltaket har ingen kostnader og en nåverdi {over} på {kroner(econ.npv)}."
    return 0.5, "Verken kostnader eller gevinst er oppgitt i kroner, så økonomien gir halve poeng."


def _strategy(model: Municipality, m: Measure, index: dict[tuple[str, int], Problem]) -> tuple[float, str]:
    goal = model.config.sub_goal(m.sub_goal)
    problems = [p for nr in m.problem_nrs if (p := index.get((m.prov.unit, nr))) is not None]
    priorities = [p.priority for p in problems if p.priority in PRIORITY_FRACTION]
    if priorities:
        best = max(priorities, key=PRIORITY_FRACTION.__getitem__)
        fraction, answers = PRIORITY_FRACTION[best], f"et problem med {best.lower()} prioritet"
    elif problems:
        fraction, answers = PRIORITY_FRACTION["Lav"], "et problem uten oppgitt prioritet (regnet som lav)"
    else:
        fraction, answers = 0.0, None
    serves = f"Bygger opp under delmål {goal.code}" if goal else "Er ikke knyttet til et delmål"
    reason = f"{serves} og svarer på {answers}." if answers else f"{serves} og svarer ikke på et registrert problem."
    return (0.5 if goal else 0.0) + 0.5 * fraction, reason


def _risk(m: Measure) -> tuple[float, str]:
    if m.risk in RISK_FRACTION:
        return RISK_FRACTION[m.risk], f"Risikoen er vurdert som {m.risk.lower()}."
    return UNKNOWN_FRACTION, "Risikoen er ikke oppgitt, så den gir lave poeng."


def _time(model: Municipality, m: Measure) -> tuple[float, str]:
    config = model.config
    if m.period is None:
        return UNKNOWN_FRACTION, "Tidsrom er ikke oppgitt, så tid til effekt gir lave poeng."
    span = 12 * len(config.years)
    duration = m.duration_months or ASSUMED_DURATION_MONTHS
    start = max(0, (m.period.year - config.period_from) * 12 + m.period.start_month - 1)
    done = start + duration
    fraction = min(1.0, max(0.0, 1 - done / span))
    if m.duration_months:
        lasts = f"varer {duration} måneder"
    else:
        lasts = f"varighet er ikke oppgitt (regnet som {duration} måneder)"
    return fraction, (
        f"Starter {m.period.label} og {lasts}: ferdig etter om lag {done} av {span} måneder i strategiperioden."
    )


def _rank_key(a: MeasureAssessment) -> tuple:
    return (-a.score, -a.economics.npv, a.measure.investment, a.unit.code.casefold(), a.measure.nr, a.unit.key)


def _category(m: Measure, econ: Economics, criteria: Criteria) -> str:
    quick = (
        m.investment <= criteria.quick_win_max_investment
        and m.duration_months is not None
        and m.duration_months <= criteria.quick_win_max_months
        and m.risk in ("Lav", "Middels")
        and econ.npv > 0
    )
    return QUICK_WIN if quick else CRITICAL


# --- frame ----------------------------------------------------------------------


def _fit_frame(ranked: list[MeasureAssessment], frame: dict[int, int] | None) -> list[MeasureAssessment]:
    if frame is None:
        return ranked
    used: dict[int, int] = {}
    result = []
    for a in ranked:
        investment = a.measure.investment
        year = a.frame_year
        if investment == 0:
            result.append(a)
            continue
        if year is None:
            reason = "Tiltaket har ingen tidsrom, så investeringen kan ikke knyttes til et års ramme."
        else:
            limit = frame.get(year, 0)
            left = limit - used.get(year, 0)
            if investment <= left:
                used[year] = used.get(year, 0) + investment
                result.append(a)
                continue
            reason = _outside_reason(year, investment, limit, left, year in frame)
        result.append(replace(a, in_frame=False, frame_reason=reason))
    return result


def _outside_reason(year: int, investment: int, limit: int, left: int, configured: bool) -> str:
    if not configured:
        return f"Det er ikke satt av investeringsramme for {year}."
    if investment > limit:
        return f"Investeringen på {kroner(investment)} er større enn rammen for {year} ({kroner(limit)})."
    if left <= 0:
        return f"Rammen for {year} er brukt opp av tiltak med høyere prioritet."
    return (
        f"Det er bare {kroner(left)} igjen av rammen for {year} etter tiltak med høyere prioritet, "
        f"og investeringen er {kroner(investment)}."
    )


# --- flags ----------------------------------------------------------------------


def _flags(model: Municipality, m: Measure, unknown_refs: tuple[str, ...],
           problems: dict[tuple[str, int], Problem]) -> list[str]:
    config = model.config
    flags = []
    if not m.sub_goal:
        flags.append("Tiltaket er ikke knyttet til et delmål.")
    elif config.sub_goal(m.sub_goal) is None:
        flags.append(f"Delmålet «{m.sub_goal}» finnes ikke i strategien.")
    for nr in m.problem_nrs:
        if (m.prov.unit, nr) not in problems:
            flags.append(f"Problem nr. {nr} finnes ikke i enhetens problemliste.")
    if m.investment + m.operating_cost > 0 and m.benefit == 0:
        words = " (gevinsten er bare beskrevet i ord)" if m.benefit_description else ""
        flags.append(f"Tiltaket har kostnader, men ingen gevinst i kroner{words}.")
    if m.investment == 0 and m.operating_cost == 0 and m.benefit == 0:
        flags.append("Tiltaket har verken kostnader eller gevinst i kroner.")
    if not _named(m.responsible):
        flags.append("Ingen er satt som ansvarlig for gjennomføring.")
    if not _named(m.follow_up):
        flags.append("Ingen er satt som ansvarlig for oppfølging.")
    if m.risk not in RISK_FRACTION:
        flags.append("Risiko er ikke oppgitt.")
    period = f"{config.period_from}–{config.period_to}"
    if m.period is None:
        flags.append("Tidsrom er ikke oppgitt.")
    elif not config.period_from <= m.period.year <= config.period_to:
        flags.append(f"Tidsrommet {m.period.label} er utenfor strategiperioden {period}.")
    elif m.duration_months is not None:
        end_month = (m.period.start_month - 1) + m.duration_months  # months after 1 January of the start year
        if m.period.year + (end_month - 1) // 12 > config.period_to:
            flags.append(
                f"Med {m.duration_months} måneders varighet blir tiltaket ikke ferdig innen strategiperioden {period}."
            )
    if m.duration_months is None:
        flags.append(f"Varighet er ikke oppgitt (regnet som {ASSUMED_DURATION_MONTHS} måneder).")
    for ref in unknown_refs:
        flags.append(f"Avhengigheten «{ref}» viser ikke til noe kjent tiltak.")
    return flags


def _named(text: str | None) -> bool:
    """A name, not a placeholder such as «-» or «?»."""
    return any(ch.isalnum() for ch in text or "")


def _dependency_flags(ranked: list[MeasureAssessment]) -> list[MeasureAssessment]:
    outside = {a.id for a in ranked if not a.in_frame}
    result = []
    for a in ranked:
        missing = [d for d in a.depends_on if d in outside]
        if a.in_frame and missing:
            flag = f"Tiltaket avhenger av {_join(missing)}, som er utenfor rammen."
            a = replace(a, flags=a.flags + (flag,))
        result.append(a)
    return result


class _References:
    """Finds measure references in the free text «Avhengigheter».

    ``<unit code>-<nr>`` (any configured or used unit code, any letter case,
    e.g. ``FBS-3``) names a measure of that unit; ``tiltak 3`` / ``tiltak nr. 3``
    names the same unit's measure 3. Anything else that looks like a measure id,
    two to six capital letters, a hyphen and a number (``ABC-7``), names an
    unknown unit. A reference to no existing measure is reported."""

    _ID = re.compile(r"(?<![\w-])([A-ZÆØÅ]{2,6})\s?-\s?(\d{1,3})(?![\d-])")
    _LOCAL = re.compile(r"\btiltak(?:\s+(?:nr\.?|nummer))?\s*(\d{1,3})\b", re.IGNORECASE)

    def __init__(self, model: Municipality, ids: dict[Measure, str]):
        self.known = {(m.prov.unit, m.nr): ids[m] for m in model.measures}
        codes = sorted(((u.code, u.key) for u in model.units), key=lambda c: (-len(c[0]), c[0]))
        self.codes = [
            (re.compile(r"(?<![\w-])" + re.escape(code) + r"\s?-\s?(\d{1,3})(?![\d-])", re.IGNORECASE), key)
            for code, key in codes
        ]

    def resolve(self, m: Measure) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(ids of the known measures named, references as written that name none)."""
        text = m.dependencies or ""
        # Longest unit codes first, then unknown ids, then «tiltak N»; a stretch of
        # text is only read once.
        # Every id pattern needs a hyphen; most texts have none (or no text at all).
        ids = [(pattern, key) for pattern, key in self.codes] + [(self._ID, None)] if "-" in text else []
        searches = ids + [(self._LOCAL, m.prov.unit)]
        found: list[tuple[int, int, str, str | None, int]] = []  # start, end, as written, unit key, nr
        for pattern, key in searches:
            for match in pattern.finditer(text):
                start, end = match.span()
                if all(end <= s or start >= e for s, e, *_ in found):
                    found.append((start, end, match.group(0), key, int(match.group(match.lastindex))))
        known, unknown = [], []
        for _, _, written, key, nr in sorted(found):
            target = self.known.get((key, nr)) if key else None
            if target is None:
                unknown.append(written)
            elif (key, nr) != (m.prov.unit, m.nr):
                known.append(target)
        return tuple(dict.fromkeys(known)), tuple(dict.fromkeys(unknown))


# --- totals and barometer ----------------------------------------------------------


def _years(model: Municipality, ranked: list[MeasureAssessment]) -> tuple[YearTotals, ...]:
    frame = model.config.investment_frame
    result = []
    for year in model.config.years:
        starting = [a for a in ranked if a.measure.period and a.measure.period.year == year]
        running = [a for a in ranked if a.measure.period and a.measure.period.year < year]
        result.append(
            YearTotals(
                year=year,
                investment=sum(a.measure.investment for a in starting),
                operating_cost=sum(a.measure.operating_cost for a in running),
                benefit=sum(a.measure.benefit for a in running),
                investment_in_frame=sum(a.measure.investment for a in starting if a.in_frame),
                frame=None if frame is None else frame.get(year, 0),
                operating_cost_in_frame=sum(a.measure.operating_cost for a in running if a.in_frame),
                benefit_in_frame=sum(a.measure.benefit for a in running if a.in_frame),
                measures_in_frame=sum(1 for a in starting if a.in_frame),
                measures_outside=sum(1 for a in starting if not a.in_frame),
            )
        )
    return tuple(result)


def _barometer(model: Municipality) -> tuple[BarometerArea, ...]:
    areas = list(dict.fromkeys([*BAROMETER_AREAS, *(b.area for b in model.barometer)]))
    service_areas = list(
        dict.fromkeys([*model.config.service_areas, *(u.service_area for u in model.units)])
    )
    area_of = {u.key: u.service_area for u in model.units}
    result = []
    for area in areas:
        answers = [b for b in model.barometer if b.area == area and b.score is not None]
        if not answers and area not in BAROMETER_AREAS:
            continue
        average, count = _average(b.score for b in answers)
        by_area = []
        of_area: dict[str | None, list[int]] = {}
        for b in answers:
            of_area.setdefault(area_of.get(b.prov.unit), []).append(b.score)
        for sa in service_areas:
            scores = of_area.get(sa, [])
            if scores or sa in model.config.service_areas:
                by_area.append(BarometerScore(sa, *_average(scores)))
        of_unit: dict[str, list[int]] = {}
        for b in answers:
            of_unit.setdefault(b.prov.unit, []).append(b.score)
        by_unit = [BarometerScore(u.name, *_average(of_unit.get(u.key, ()))) for u in model.units]
        result.append(BarometerArea(area, average, count, tuple(by_area), tuple(by_unit)))
    return tuple(result)


def _average(scores) -> tuple[float | None, int]:
    values = list(scores)
    return (sum(values) / len(values) if values else None), len(values)


def _join(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]
