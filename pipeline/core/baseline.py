"""The adopted plan as the baseline of the period («vedtatt plan»). Pure: no I/O.

When the kommunestyre has adopted version N of the documents, the secretariat records
it (``iktplan vedta``). The plan is then frozen as it stood in that version — every
measure with its id, unit, time, amounts, place in the plan and benefit plan, and the
secretariat's decisions in force then — so the yearly follow-up compares with what was
promised, whatever later happens to the forms, the configuration or the decisions.

:func:`freeze` makes a :class:`Baseline` from the version's snapshot (what the
documents showed: ids, ranks, scores, place in the frame; see
:func:`pipeline.core.versions.snapshot`) and the unit revisions the version was made of
(what the units wrote: descriptions, benefit plans). :meth:`Baseline.to_dict` and
:meth:`Baseline.from_dict` are its JSON form, which the store keeps. A later adoption
(the rolled plan of a later year) is a new baseline that governs from its
:attr:`Baseline.first_year`; :func:`baseline_for` picks the one in force for a year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from pipeline.config import Config
from pipeline.contract import SEASONS
from pipeline.core.model import SEASON_START_MONTH, FormContent, Measure

#: The version of :meth:`Baseline.to_dict`'s shape; a store keeps it for four years and more.
BASELINE_FORMAT = 1


def id_key(text: str) -> str:
    """How measure ids are compared: case, spaces and the kind of dash do not count
    (``" fbs – 3"`` ~ ``"FBS-3"``)."""
    return re.sub(r"[\u2010-\u2015\u2212]", "-", "".join(str(text).split())).casefold()


@dataclass(frozen=True)
class BenefitPlan:
    """What the unit promised to measure (the benefit plan's columns of the form)."""

    owner: str | None  # «Gevinsteier»; None: not given
    indicator: str | None  # what is measured; None: not given
    baseline_value: str | None  # «Nullpunkt», as the unit wrote it; None: not given
    target_value: str | None  # «Målverdi», as written; None: not given
    target_date: date | None  # «Måldato»; None: not given


@dataclass(frozen=True)
class PlannedUnit:
    """A unit with measures in the adopted version."""

    key: str  # the unit key (:func:`pipeline.core.model.unit_key`)
    name: str
    code: str  # the short code of its measure ids («FBS»)
    service_area: str | None  # None: its form could not be found in the store
    revision: int  # the revision the adopted version was made of
    contact: str | None  # from that revision; None: not known
    email: str | None


@dataclass(frozen=True)
class PlannedMeasure:
    """One measure as the adopted version had it."""

    key: str  # "<unit key>#<nr>", as in a version's snapshot
    id: str  # «FBS-3»
    unit_key: str
    nr: int
    title: str
    description: str | None  # None: not given (or the revision's content not found)
    sub_goal: str | None
    investment: int | None  # kroner; None: not computed (an unknown cost)
    operating_cost: int | None  # kroner per year; None: not computed
    benefit: int | None  # kroner per year; None: not computed
    benefit_description: str | None
    period: str | None  # «Høst 2027»; None: no time given
    duration_months: int | None  # None: not given
    responsible: str | None
    follow_up: str | None
    risk: str | None
    category: str  # the assessment's: «Quick win» or «Kritisk prosess»
    rank: int  # 1 = highest priority
    score: float
    in_plan: bool  # in the adopted action plan (inside the frame, or included by a decision)
    frame_year: int | None  # the year its investment is charged to; None: no time given
    place: str | None = None  # the version's «Plass i planen» (with decisions); None: not recorded
    merged_into: str | None = None  # the id of the joint measure it was merged into; None: not merged
    plan: BenefitPlan | None = None  # None: the unit gave no benefit plan
    #: contract.BENEFIT_* («Kroner (budsjett)», «Tid», «Kvalitet»); None: not stated (an older
    #: form, or a baseline recorded before the kind was kept)
    benefit_kind: str | None = None

    @property
    def start(self) -> date | None:
        """The first day of the planned season; None: no time given."""
        if not self.period:
            return None
        season, _, year = self.period.rpartition(" ")
        if season not in SEASONS or not year.isdigit():
            return None
        return date(int(year), SEASON_START_MONTH[season], 1)

    @property
    def start_year(self) -> int | None:
        """The year the measure starts; None: no time given."""
        start = self.start
        return start.year if start else None

    @property
    def end(self) -> date | None:
        """The last day of the planned work: the season's start plus the duration (without
        a duration: the end of the start year); None: no time given."""
        start = self.start
        if start is None:
            return None
        if self.duration_months is None:
            return date(start.year, 12, 31)
        months = start.month - 1 + self.duration_months - 1
        year, month = start.year + months // 12, months % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])

    def planned_benefit(self, year: int) -> int:
        """The benefit the plan promised in *year*, in kroner: the yearly benefit from the
        year after the start (the economic convention of the assessment), 0 before that
        and for a measure without time or benefit."""
        start = self.start_year
        if start is None or not self.benefit or year <= start:
            return 0
        return self.benefit


@dataclass(frozen=True)
class Baseline:
    """The adopted plan, frozen: what the yearly follow-up is measured against."""

    number: int  # the adoption's number in the store: 1, 2, …
    version: int  # the document version the kommunestyre adopted
    adopted_on: date  # the date of the decision
    case_ref: str | None  # the case's number in the council, e.g. «PS 12/27»; None: not given
    first_year: int  # the first year this baseline governs
    period_from: int  # the strategy period
    period_to: int
    municipality: str
    recorded_at: datetime  # when the secretariat recorded the adoption
    units: tuple[PlannedUnit, ...]  # in the order of the version (service area, then name)
    measures: tuple[PlannedMeasure, ...]  # every measure of the version, in rank order
    #: The investment frame per year as configured when it was adopted; None: no frame configured.
    frame: dict[int, int] | None = None
    #: The secretariat's decisions (``beslutninger.xlsx``) as the version recorded them, by
    #: measure id; empty: none recorded.
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def years(self) -> tuple[int, ...]:
        """The years this baseline governs: from :attr:`first_year` to the period's end."""
        return tuple(range(self.first_year, self.period_to + 1))

    def governs(self, year: int) -> bool:
        return self.first_year <= year <= self.period_to

    @property
    def adopted(self) -> tuple[PlannedMeasure, ...]:
        """The measures in the adopted action plan (the follow-up asks about these), in rank order."""
        return tuple(m for m in self.measures if m.in_plan)

    def unit(self, key: str) -> PlannedUnit | None:
        """The unit by its key; None: no measure of the version is that unit's."""
        return next((u for u in self.units if u.key == key), None)

    def measure(self, id: str) -> PlannedMeasure | None:
        """The measure by its id (compared by :func:`id_key`); None: the version has none."""
        wanted = id_key(id)
        return next((m for m in self.measures if id_key(m.id) == wanted), None)

    def adopted_for(self, unit_key: str) -> tuple[PlannedMeasure, ...]:
        """The unit's measures in the adopted plan, by number: what its follow-up form lists."""
        return tuple(sorted((m for m in self.adopted if m.unit_key == unit_key), key=lambda m: m.nr))

    @property
    def reporting_units(self) -> tuple[PlannedUnit, ...]:
        """The units with at least one measure in the adopted plan: those who report."""
        keys = {m.unit_key for m in self.adopted}
        return tuple(u for u in self.units if u.key in keys)

    def co_units(self, measure_id: str) -> tuple[str, ...]:
        """The unit keys whose measures were merged into the joint measure *measure_id*."""
        wanted = id_key(measure_id)
        return tuple(dict.fromkeys(m.unit_key for m in self.measures
                                   if m.merged_into and id_key(m.merged_into) == wanted))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: dates as ISO text."""
        return {
            "format": BASELINE_FORMAT,
            **{f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("units", "measures", "frame")},
            "adopted_on": self.adopted_on.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "frame": None if self.frame is None else {str(y): v for y, v in self.frame.items()},
            "units": [u.__dict__ for u in self.units],
            "measures": [_measure_dict(m) for m in self.measures],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Baseline:
        """The baseline :meth:`to_dict` wrote. Raises ``ValueError`` (or ``KeyError``,
        ``TypeError``) for anything else: the caller says the store is damaged."""
        if d.get("format") != BASELINE_FORMAT:
            raise ValueError(f"unknown baseline format {d.get('format')!r}")
        return cls(
            number=d["number"], version=d["version"], adopted_on=date.fromisoformat(d["adopted_on"]),
            case_ref=d["case_ref"], first_year=d["first_year"], period_from=d["period_from"],
            period_to=d["period_to"], municipality=d["municipality"],
            recorded_at=datetime.fromisoformat(d["recorded_at"]),
            units=tuple(PlannedUnit(**u) for u in d["units"]),
            measures=tuple(_measure(m) for m in d["measures"]),
            frame=None if d["frame"] is None else {int(y): v for y, v in d["frame"].items()},
            decisions=dict(d.get("decisions") or {}),
        )


def _measure_dict(m: PlannedMeasure) -> dict[str, Any]:
    out = {f.name: getattr(m, f.name) for f in fields(m) if f.name != "plan"}
    if m.plan is None:
        out["plan"] = None
    else:
        out["plan"] = {**m.plan.__dict__,
                       "target_date": m.plan.target_date.isoformat() if m.plan.target_date else None}
    return out


def _measure(d: Mapping[str, Any]) -> PlannedMeasure:
    plan = d.get("plan")
    if plan is not None:
        plan = BenefitPlan(**{**plan, "target_date": date.fromisoformat(plan["target_date"])
                              if plan["target_date"] else None})
    return PlannedMeasure(**{**d, "plan": plan})


def freeze(*, number: int, version: int, snapshot: Mapping[str, Any],
           contents: Mapping[tuple[str, int], FormContent], config: Config, adopted_on: date,
           case_ref: str | None, first_year: int, recorded_at: datetime) -> Baseline:
    """The baseline of version *version*, made from its *snapshot* (as the store keeps it)
    and *contents*, the accepted forms by (unit key, revision): those the snapshot's units
    name are looked up (a missing one leaves its measures without description and plan).
    *config* gives the municipality, the period and the frame as they are now."""
    revisions = {key: u.get("revision") for key, u in snapshot.get("units", {}).items()}
    names = {key: u.get("name", key) for key, u in snapshot.get("units", {}).items()}
    decisions = snapshot.get("decisions") or {}
    measures, codes = [], {}
    for key, s in snapshot.get("measures", {}).items():
        unit_key, _, nr_text = key.rpartition("#")
        nr = int(nr_text)
        content = contents.get((unit_key, revisions.get(unit_key)))
        written = _written(content, nr)
        id = s.get("id") or key
        codes.setdefault(unit_key, id[: -len(f"-{nr}")] if id.endswith(f"-{nr}") else id)
        place = s.get("status")
        merged = (decisions.get(id) or {}).get("merge_into")
        measures.append(PlannedMeasure(
            key=key, id=id, unit_key=unit_key, nr=nr, title=s.get("title") or (written.title if written else id),
            description=written.description if written else None, sub_goal=s.get("sub_goal"),
            investment=s.get("investment"), operating_cost=s.get("operating_cost"), benefit=s.get("benefit"),
            benefit_description=written.benefit_description if written else None, period=s.get("period"),
            duration_months=s.get("duration_months"), responsible=s.get("responsible"),
            follow_up=s.get("follow_up"), risk=s.get("risk"), category=s.get("category") or "",
            rank=s.get("rank") or 0, score=float(s.get("score") or 0), in_plan=bool(s.get("in_frame")),
            frame_year=s.get("frame_year"), place=place, merged_into=merged,
            plan=_plan(written) if written is not None and written.has_benefit_plan else None,
            benefit_kind=s.get("benefit_kind"),
        ))
    measures.sort(key=lambda m: (m.rank or len(measures) + 1, m.unit_key, m.nr))
    units = []
    for key in names:
        content = contents.get((key, revisions.get(key)))
        info = content.unit if content else None
        units.append(PlannedUnit(key=key, name=names[key], code=codes.get(key, names[key]),
                                 service_area=info.service_area if info else None, revision=revisions.get(key) or 0,
                                 contact=info.contact if info else None, email=info.email if info else None))
    return Baseline(
        number=number, version=version, adopted_on=adopted_on, case_ref=case_ref or None, first_year=first_year,
        period_from=config.period_from, period_to=config.period_to, municipality=config.municipality,
        recorded_at=recorded_at, units=tuple(units), measures=tuple(measures),
        frame=dict(config.investment_frame) if config.investment_frame is not None else None,
        decisions={str(k): dict(v) for k, v in decisions.items()},
    )


def _written(content: FormContent | None, nr: int) -> Measure | None:
    if content is None:
        return None
    return next((m for m in content.measures if m.nr == nr), None)


def _plan(m: Measure) -> BenefitPlan:
    return BenefitPlan(m.benefit_owner, m.indicator, m.indicator_baseline, m.indicator_target, m.target_date)


def baseline_for(baselines: Iterable[Baseline], year: int) -> Baseline | None:
    """The baseline in force for *year*: of those that govern it, the one with the latest
    first year, and of those the one adopted last (a new adoption replaces an earlier one
    from the same year). None: no adopted plan covers *year*."""
    candidates = [b for b in baselines if b.governs(year)]
    if not candidates:
        return None
    return max(candidates, key=lambda b: (b.first_year, b.number))
