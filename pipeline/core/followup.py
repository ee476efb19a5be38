"""The yearly follow-up: the adopted plan against what the units report. Pure: no I/O.

:func:`combine_followup` is to the follow-up forms what :func:`pipeline.core.model.combine`
is to the mapping forms: it takes the :class:`~pipeline.core.baseline.Baseline` in force
for a year and the accepted follow-up forms (:class:`FollowUpSubmission`, every year's:
the store's :meth:`~pipeline.intake.store_followup.FollowUpQueries.followup_submissions`),
keeps the latest revision of each unit per year, and gives a :class:`FollowUp`: per
adopted measure what was planned (from the baseline) and what was reported (status,
progress, money spent, new end date, benefit realised in kroner and in words, the
indicator's value, comment), the benefit realised in every year so far, the totals,
and which units have reported. This is what the yearly outputs render (the status
report, the rolled plan, the overview's follow-up sheets).

Conventions: amounts are whole kroner; ``None`` always means «not given» (a unit that
has not reported, or left the cell empty), never zero; lists keep the plan's rank
order; units keep the baseline's order (service area, then name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable

from pipeline.contract import DONE, FOLLOWUP_STATUSES, IN_PROGRESS, NOT_STARTED, POSTPONED, STOPPED
from pipeline.core.baseline import Baseline, PlannedMeasure, PlannedUnit, id_key
from pipeline.core.followupreport import FollowUpReport, ReportedMeasure
from pipeline.core.model import unit_key


@dataclass(frozen=True)
class FollowUpSubmission:
    """One accepted revision of a unit's follow-up form for a year, as the store hands it over."""

    unit_key: str
    year: int
    revision: int  # per unit and year: 1, 2, …
    received_at: datetime
    original_name: str
    baseline: int  # the number of the baseline it was checked against
    report: FollowUpReport


@dataclass(frozen=True)
class MeasureFollowUp:
    """One adopted measure in the follow-up of a year: the plan, and the unit's report.
    Every reported field is ``None`` when the unit has not reported on the measure this
    year (no form yet, or the row left empty) or left that cell empty."""

    measure: PlannedMeasure  # as adopted
    unit: PlannedUnit
    year: int
    status: str | None  # «Ikke startet», «Pågår», «Ferdig», «Utsatt» or «Avbrutt»; None: not reported
    percent_done: int | None  # 0–100
    spent: int | None  # kroner spent to date
    new_end: date | None  # the new end date the unit gave
    benefit_realised: int | None  # kroner realised in the year
    benefit_text: str | None  # the benefit realised in the year, in words
    indicator_value: str | None  # the indicator now, as written
    comment: str | None
    revision: int | None  # the unit's revision of the year it comes from; None: no form from the unit
    reported_at: datetime | None  # when that revision arrived; None: no form
    #: Kroner realised per year, from the latest revision of each year up to this one that
    #: gave an amount; a year without one is absent.
    realised_by_year: dict[int, int] = field(default_factory=dict)
    previous_status: str | None = None  # the status reported for the year before; None: none reported

    @property
    def id(self) -> str:
        return self.measure.id

    @property
    def reported(self) -> bool:
        """The unit has reported something on the measure this year."""
        return any(v is not None for v in (self.status, self.percent_done, self.spent, self.new_end,
                                           self.benefit_realised, self.benefit_text, self.indicator_value,
                                           self.comment))

    @property
    def planned_investment(self) -> int | None:
        """The adopted investment; None: not computed (an unknown cost)."""
        return self.measure.investment

    @property
    def planned_benefit(self) -> int:
        """The benefit the plan promised in this year (0 before the year after the start)."""
        return self.measure.planned_benefit(self.year)

    @property
    def planned_benefit_to_date(self) -> int:
        """The benefit the plan promised from the measure's start through this year."""
        start = self.measure.start_year
        return 0 if start is None else sum(self.measure.planned_benefit(y) for y in range(start, self.year + 1))

    @property
    def realised_to_date(self) -> int | None:
        """The benefit realised in all years reported so far; None: never given."""
        return sum(self.realised_by_year.values()) if self.realised_by_year else None

    @property
    def spent_share(self) -> float | None:
        """Spent ÷ planned investment (1.0 = all of it); None: either is not known or nothing was planned."""
        if self.spent is None or not self.measure.investment:
            return None
        return self.spent / self.measure.investment

    @property
    def end(self) -> date | None:
        """When the measure is now expected done: the new end date, else the planned end; None: neither."""
        return self.new_end or self.measure.end

    @property
    def delayed(self) -> bool:
        """Reported «Utsatt», or given a new end date after the planned end."""
        if self.status == POSTPONED:
            return True
        return self.new_end is not None and self.measure.end is not None and self.new_end > self.measure.end

    @property
    def indicator_progress(self) -> float | None:
        """How far the indicator has moved from the baseline value towards the target
        (0.0 = still at the baseline, 1.0 = at the target, may be outside 0–1); None: the
        plan has no indicator, a value is missing or not a number, or baseline = target."""
        plan = self.measure.plan
        if plan is None:
            return None
        base, target, now = (leading_number(v) for v in (plan.baseline_value, plan.target_value,
                                                          self.indicator_value))
        if base is None or target is None or now is None or base == target:
            return None
        return (now - base) / (target - base)


@dataclass(frozen=True)
class UnitFollowUp:
    """A unit with measures in the adopted plan, and its follow-up form of the year."""

    unit: PlannedUnit
    measures: int  # its measures in the adopted plan
    reported: int  # of those, how many its form reports on (0 without a form)
    revision: int | None  # its latest revision for the year; None: no form accepted yet
    delivered_at: datetime | None  # when that revision arrived; None: no form
    contact: str | None  # the form's contact person; None: no form
    email: str | None

    @property
    def delivered(self) -> bool:
        return self.revision is not None


@dataclass(frozen=True)
class FollowUpTotals:
    """The year's follow-up in sums. Amounts count what was given (an unknown cost counts 0)."""

    measures: int  # adopted measures
    reported: int  # of those, reported on this year
    by_status: dict[str, int]  # every status of contract.FOLLOWUP_STATUSES → how many measures
    planned_investment: int
    spent: int  # spent to date, on the measures that gave an amount
    planned_benefit: int  # promised in this year
    realised_benefit: int  # realised in this year
    planned_benefit_to_date: int  # promised from the period's start through this year
    realised_to_date: int  # realised in every year reported, through this one


@dataclass(frozen=True)
class FollowUp:
    """The follow-up of one year: every adopted measure, planned against reported."""

    year: int
    baseline: Baseline  # the adopted plan in force for the year
    measures: tuple[MeasureFollowUp, ...]  # the adopted measures, in the plan's rank order
    units: tuple[UnitFollowUp, ...]  # the units with adopted measures, in the baseline's order
    #: Rows of the year's forms naming a measure the baseline does not have (a form checked
    #: against an earlier baseline of the year): (unit key, the row). Not counted anywhere.
    unknown: tuple[tuple[str, ReportedMeasure], ...] = ()

    def with_status(self, status: str) -> tuple[MeasureFollowUp, ...]:
        """The measures reported with *status* (one of contract.FOLLOWUP_STATUSES)."""
        return tuple(m for m in self.measures if m.status == status)

    @property
    def done(self) -> tuple[MeasureFollowUp, ...]:
        return self.with_status(DONE)

    @property
    def in_progress(self) -> tuple[MeasureFollowUp, ...]:
        return self.with_status(IN_PROGRESS)

    @property
    def not_started(self) -> tuple[MeasureFollowUp, ...]:
        return self.with_status(NOT_STARTED)

    @property
    def stopped(self) -> tuple[MeasureFollowUp, ...]:
        return self.with_status(STOPPED)

    @property
    def delayed(self) -> tuple[MeasureFollowUp, ...]:
        """Reported «Utsatt», or with a new end date after the planned one (not «Ferdig» or «Avbrutt»)."""
        return tuple(m for m in self.measures if m.delayed and m.status not in (DONE, STOPPED))

    @property
    def not_reported(self) -> tuple[MeasureFollowUp, ...]:
        return tuple(m for m in self.measures if not m.reported)

    @property
    def reported_units(self) -> tuple[UnitFollowUp, ...]:
        return tuple(u for u in self.units if u.delivered)

    @property
    def missing_units(self) -> tuple[UnitFollowUp, ...]:
        """Units with adopted measures that have sent no accepted form for the year."""
        return tuple(u for u in self.units if not u.delivered)

    def unit_measures(self, key: str) -> tuple[MeasureFollowUp, ...]:
        return tuple(m for m in self.measures if m.unit.key == key)

    @property
    def totals(self) -> FollowUpTotals:
        ms = self.measures
        return FollowUpTotals(
            measures=len(ms),
            reported=sum(1 for m in ms if m.reported),
            by_status={s: sum(1 for m in ms if m.status == s) for s in FOLLOWUP_STATUSES},
            planned_investment=sum(m.measure.investment or 0 for m in ms),
            spent=sum(m.spent or 0 for m in ms),
            planned_benefit=sum(m.planned_benefit for m in ms),
            realised_benefit=sum(m.benefit_realised or 0 for m in ms),
            planned_benefit_to_date=sum(m.planned_benefit_to_date for m in ms),
            realised_to_date=sum(m.realised_to_date or 0 for m in ms),
        )


def latest_per_unit(submissions: Iterable[FollowUpSubmission], year: int) -> dict[str, FollowUpSubmission]:
    """The latest revision of each unit's follow-up form for *year*, by unit key."""
    latest: dict[str, FollowUpSubmission] = {}
    for s in submissions:
        if s.year != year:
            continue
        key = unit_key(s.report.unit.name)
        if key not in latest or (s.revision, s.received_at) > (latest[key].revision, latest[key].received_at):
            latest[key] = s
    return latest


def combine_followup(baseline: Baseline, submissions: Iterable[FollowUpSubmission], year: int) -> FollowUp:
    """The follow-up of *year* against *baseline* (the one in force for the year:
    :func:`pipeline.core.baseline.baseline_for`). *submissions* may hold every year's
    forms: the earlier years give each measure's benefit realised so far and the status
    reported the year before. Pure and deterministic."""
    every = list(submissions)
    by_year = {y: latest_per_unit(every, y) for y in sorted({s.year for s in every}) if y <= year}
    rows_by_year: dict[int, dict[str, tuple[FollowUpSubmission, ReportedMeasure]]] = {}
    for y, latest in by_year.items():
        rows = rows_by_year[y] = {}
        for s in latest.values():
            for row in s.report.measures:
                rows.setdefault(id_key(row.id), (s, row))
    this_year = rows_by_year.get(year, {})
    forms = by_year.get(year, {})

    measures = []
    for m in baseline.adopted:
        unit = baseline.unit(m.unit_key) or PlannedUnit(m.unit_key, m.unit_key, m.unit_key, None, 0, None, None)
        found = this_year.get(id_key(m.id))
        form = forms.get(m.unit_key)
        row = found[1] if found is not None and found[0].unit_key == m.unit_key else None
        realised = {}
        for y, rows in rows_by_year.items():
            hit = rows.get(id_key(m.id))
            if hit is not None and hit[0].unit_key == m.unit_key and hit[1].benefit_realised is not None:
                realised[y] = hit[1].benefit_realised
        before = rows_by_year.get(year - 1, {}).get(id_key(m.id))
        measures.append(MeasureFollowUp(
            measure=m, unit=unit, year=year,
            status=row.status if row else None, percent_done=row.percent_done if row else None,
            spent=row.spent if row else None, new_end=row.new_end if row else None,
            benefit_realised=row.benefit_realised if row else None, benefit_text=row.benefit_text if row else None,
            indicator_value=row.indicator_value if row else None, comment=row.comment if row else None,
            revision=form.revision if form else None, reported_at=form.received_at if form else None,
            realised_by_year=realised,
            previous_status=before[1].status if before is not None and before[0].unit_key == m.unit_key else None,
        ))

    adopted = {id_key(m.id) for m in baseline.adopted}
    units = []
    for u in baseline.reporting_units:
        form = forms.get(u.key)
        mine = [x for x in measures if x.unit.key == u.key]
        units.append(UnitFollowUp(
            unit=u, measures=len(mine), reported=sum(1 for x in mine if x.reported),
            revision=form.revision if form else None, delivered_at=form.received_at if form else None,
            contact=form.report.unit.contact if form else None, email=form.report.unit.email if form else None,
        ))
    unknown = tuple((s.unit_key, row) for s in forms.values() for row in s.report.measures
                    if id_key(row.id) not in adopted)
    return FollowUp(year=year, baseline=baseline, measures=tuple(measures), units=tuple(units), unknown=unknown)


def leading_number(text: str | None) -> float | None:
    """The number a value starts with, as units write them: ``"40 per uke"`` → 40.0,
    ``"12,5 timer"`` → 12.5, ``"1 200 kr"`` → 1200.0, ``"-3"`` → -3.0; None: no number first."""
    if text is None:
        return None
    match = re.match(r"\s*([-\u2212]?\s*\d{1,3}(?:[ \u00a0]\d{3})+|[-\u2212]?\s*\d+)(?:[.,](\d+))?", str(text))
    if match is None:
        return None
    whole = match.group(1).replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
    return float(f"{whole}.{match.group(2)}" if match.group(2) else whole)
