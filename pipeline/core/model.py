"""The pure model: what one form says, and the combined municipality.

No I/O here. :class:`FormContent` is what validation makes of one accepted
form; :func:`combine` merges the latest accepted revision of every unit with the
configuration into a :class:`Municipality`, which the assessment and the
documents are built from. Every item keeps its :class:`Provenance`, so any line
in a document can be traced back to a unit, a revision, a sheet and a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime
from typing import Any, Iterable

from pipeline import identity
from pipeline.config import Config, ExpectedUnit
from pipeline.contract import SEASONS
from pipeline.i18n import Msg, pMsg

#: The month each season starts, for ordering and timelines.
SEASON_START_MONTH = {"Vinter": 1, "Vår": 4, "Sommer": 6, "Høst": 9}
#: The seasons as a reader sees them: as a label («Vår 2027») and inside a sentence («starter nå vår 2028»).
SEASON_NAMES = {"Vinter": pMsg("season", "Vinter"), "Vår": pMsg("season", "Vår"),
                "Sommer": pMsg("season", "Sommer"), "Høst": pMsg("season", "Høst")}
SEASON_WORDS = {"Vinter": pMsg("season", "vinter"), "Vår": pMsg("season", "vår"),
                "Sommer": pMsg("season", "sommer"), "Høst": pMsg("season", "høst")}


def unit_key(name: str) -> str:
    """The identity of a unit across revisions: :func:`pipeline.identity.key`
    (``" Fjordvik  Skole"`` ~ ``"fjordvik skole"`` ~ ``"Fjordvik\u200b skole"``)."""
    return identity.key(name)


@dataclass(frozen=True)
class Provenance:
    """Where an item came from. ``unit`` is empty and ``revision`` 0 until the
    form is accepted and merged (validation does not know them yet)."""

    sheet: str
    row: int
    unit: str = ""
    revision: int = 0


@dataclass(frozen=True, order=True)
class Period:
    """A season and a year, as in the action plan («Vår 2027»)."""

    year: int
    season: str

    @property
    def start_month(self) -> int:
        return SEASON_START_MONTH[self.season]

    @property
    def start(self) -> date:
        return date(self.year, self.start_month, 1)

    @property
    def label(self) -> str:
        """«Vår 2027» in bokmål (an identifier in data and logs; a reader gets :attr:`name`)."""
        return f"{self.season} {self.year}"

    @property
    def name(self) -> Msg:
        """«Vår 2027», «Haust 2027», «Forår 2027»: the period as a label, for a reader."""
        # TRANSLATORS: a season and a year as a label, e.g. «Vår 2027».
        return pMsg("period", "{season} {year}", season=SEASON_NAMES.get(self.season, self.season), year=self.year)

    @property
    def words(self) -> Msg:
        """«vår 2027»: the period inside a sentence."""
        # TRANSLATORS: a season and a year inside a sentence, e.g. «starter nå vår 2028».
        return pMsg("period", "{season} {year}", season=SEASON_WORDS.get(self.season, self.season), year=self.year)

    def sort_key(self) -> tuple[int, int]:
        return (self.year, SEASONS.index(self.season))

    def moved_to(self, year: int) -> Period:
        """The same season in *year*: where a measure the plan moved now starts."""
        return Period(year, self.season)

    def end_year(self, months: int) -> int:
        """The year a measure starting here and lasting *months* (≥ 1) finishes."""
        return self.year + (self.start_month - 1 + months - 1) // 12


@dataclass(frozen=True)
class UnitInfo:
    municipality: str | None  # None: the cell was left empty
    name: str
    service_area: str
    contact: str
    email: str
    form_date: date | None  # None: not filled in
    form_version: str


@dataclass(frozen=True)
class Problem:
    nr: int
    description: str
    type: str | None  # None: not given
    consequence: str | None
    priority: str | None
    prov: Provenance


@dataclass(frozen=True)
class System:
    name: str
    supplier: str | None
    purpose: str | None
    users: int | None
    satisfaction: int | None  # 1–5, None: not answered
    lifecycle: str | None
    comment: str | None
    prov: Provenance


@dataclass(frozen=True)
class Measure:
    nr: int
    title: str
    description: str | None
    sub_goal: str | None  # a configured sub-goal code; None: not given
    problem_nrs: tuple[int, ...]
    # Kroner (per year for operation and benefit). None: «ikke beregnet», the
    # amount is not known yet (the documents say «kostnad utredes»); never 0.
    investment: int | None
    operating_cost: int | None
    benefit: int | None
    benefit_description: str | None
    period: Period | None  # None: no time given
    duration_months: int | None  # None: not given
    responsible: str
    follow_up: str | None
    risk: str | None
    category: str | None  # the unit's own proposal; None: no proposal
    dependencies: str | None
    prov: Provenance
    #: What kind of benefit «Årlig gevinst» is (one of ``contract.BENEFIT_KINDS``).
    #: None: not stated (forms from before the column existed): «ukjent type», never counted as money.
    benefit_kind: str | None = None
    # The benefit plan (form 1.2; a form without the columns has None in all five).
    benefit_owner: str | None = None  # «Gevinsteier»: who answers for the benefit; None: not given
    indicator: str | None = None  # what is measured to see the benefit; None: not given
    indicator_baseline: str | None = None  # «Nullpunkt»: its value before the measure, as written; None: not given
    indicator_target: str | None = None  # «Målverdi»: the value aimed at, as written; None: not given
    target_date: date | None = None  # «Måldato»: when the target is to be reached; None: not given

    @property
    def has_benefit_plan(self) -> bool:
        """Any of the benefit plan's fields is given."""
        return any(v is not None for v in (self.benefit_owner, self.indicator, self.indicator_baseline,
                                           self.indicator_target, self.target_date))


@dataclass(frozen=True)
class BarometerAnswer:
    area: str
    statement: str
    score: int | None  # None: not answered
    comment: str | None
    prov: Provenance


@dataclass(frozen=True)
class FormContent:
    """Everything one valid form says."""

    unit: UnitInfo
    problems: tuple[Problem, ...] = ()
    systems: tuple[System, ...] = ()
    measures: tuple[Measure, ...] = ()
    barometer: tuple[BarometerAnswer, ...] = ()

    @property
    def key(self) -> str:
        return unit_key(self.unit.name)

    def counts(self) -> dict[str, int]:
        return {
            "problemer": len(self.problems),
            "systemer": len(self.systems),
            "tiltak": len(self.measures),
            "barometersvar": sum(1 for a in self.barometer if a.score is not None),
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: dates as ISO text, tuples as lists. Not
        ``dataclasses.asdict``, which deep-copies every value on the way (five
        times slower; intake stores every form)."""
        return _plain(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FormContent:
        u = d["unit"]
        unit = UnitInfo(**{**u, "form_date": _parse_date(u["form_date"])})
        return cls(
            unit=unit,
            problems=tuple(Problem(**{**p, "prov": Provenance(**p["prov"])}) for p in d["problems"]),
            systems=tuple(System(**{**s, "prov": Provenance(**s["prov"])}) for s in d["systems"]),
            measures=tuple(
                Measure(
                    **{
                        **m,
                        "problem_nrs": tuple(m["problem_nrs"]),
                        "period": Period(**m["period"]) if m["period"] else None,
                        "prov": Provenance(**m["prov"]),
                        "target_date": _parse_date(m.get("target_date")),
                    }
                )
                for m in d["measures"]
            ),
            barometer=tuple(BarometerAnswer(**{**b, "prov": Provenance(**b["prov"])}) for b in d["barometer"]),
        )


_FIELDS: dict[type, tuple[str, ...]] = {}


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- the combined model -------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """One counted revision of a unit, as the store hands it to :func:`combine`."""

    unit_key: str
    revision: int
    received_at: datetime
    original_name: str
    content: FormContent
    #: The unit's name as the documents spell it, and *unit_key* the unit it counts for,
    #: as the roster placed it (:mod:`pipeline.core.roster`: the configured spelling,
    #: and the unit a mapped name counts as). None: not placed; the form's own name
    #: (its key and, for a configured unit, the configured spelling) is used.
    unit_name: str | None = None


@dataclass(frozen=True)
class Unit:
    key: str
    name: str  # as configured in [[enheter]]; else as the roster spells it (accepted or written in the latest revision), on one line
    code: str  # short code for measure ids: configured, else the name
    service_area: str
    contact: str
    email: str
    revision: int
    delivered_at: datetime
    form_date: date | None
    expected: bool  # listed in strategi.toml's [[enheter]]


@dataclass(frozen=True)
class Municipality:
    """The combined model: the latest accepted revision of every unit."""

    config: Config
    units: tuple[Unit, ...]
    problems: tuple[Problem, ...]
    systems: tuple[System, ...]
    measures: tuple[Measure, ...]
    barometer: tuple[BarometerAnswer, ...]
    missing_units: tuple[ExpectedUnit, ...]  # expected, but no accepted form yet
    #: The secretariat's recorded actions as (number, sentence), in order (:meth:`Roster.notes
    #: <pipeline.core.roster.Roster.notes>`): part of a version, listed in its change list.
    actions: tuple[tuple[int, Msg | str], ...] = ()
    _units_by_key: dict[str, Unit] = field(default_factory=dict, repr=False, compare=False)
    #: (unit key, nr) → the first such problem; filled on first use (the documents
    #: look a problem up for every measure: thousands of lookups at 200 units).
    _problem_index: dict[tuple[str, int], Problem] = field(default_factory=dict, init=False, repr=False, compare=False)

    def unit(self, key: str) -> Unit:
        return self._units_by_key[key]

    def measure_id(self, measure: Measure) -> str:
        """The id a reader sees, ``<unit code>-<nr>`` (e.g. ``FBS-3``)."""
        return f"{self.unit(measure.prov.unit).code}-{measure.nr}"

    def problem(self, unit: str, nr: int) -> Problem | None:
        """The problem *nr* of *unit*, or ``None`` if the unit has none by that number."""
        index = self._problem_index
        if not index and self.problems:
            for p in self.problems:
                index.setdefault((p.prov.unit, p.nr), p)
        return index.get((unit, nr))


def combine(config: Config, submissions: Iterable[Submission],
            actions: tuple[tuple[int, Msg | str], ...] = ()) -> Municipality:
    """Merge the latest revision of each unit. Pure and deterministic: units are
    ordered by service area (as configured) and then by name. *actions*: the
    secretariat's actions as (number, sentence), kept with the model."""
    latest: dict[str, Submission] = {}
    for s in submissions:
        key = unit_key(s.content.unit.name) if s.unit_name is None else s.unit_key
        if key != s.unit_key:  # kept under an older normaliser's key (see identity.KEY_VERSION)
            s = replace(s, unit_key=key)
        if key not in latest or (s.revision, s.received_at) > (latest[key].revision, latest[key].received_at):
            latest[key] = s

    expected = {unit_key(u.name): u for u in config.expected_units}
    area_order = {identity.key(a): i for i, a in enumerate(config.service_areas)}
    # A form read under an older configuration may spell an area differently: the
    # configured spelling is the one the documents group and show by.
    area_name = {identity.key(a): a for a in config.service_areas}

    def order(s: Submission) -> tuple:
        area = identity.key(s.content.unit.service_area)
        return (area_order.get(area, len(area_order)), s.unit_key)

    units, problems, systems, measures, barometer = [], [], [], [], []
    for s in sorted(latest.values(), key=order):
        info = s.content.unit
        conf = expected.get(s.unit_key)
        units.append(
            Unit(
                key=s.unit_key,
                # The configured spelling; else the roster's, on one line (also for forms kept before names were cleaned).
                name=conf.name if conf else identity.one_line(s.unit_name or info.name),
                code=(conf.code if conf and conf.code else (s.unit_name or info.name)),
                service_area=area_name.get(identity.key(info.service_area), info.service_area),
                contact=info.contact,
                email=info.email,
                revision=s.revision,
                delivered_at=s.received_at,
                form_date=info.form_date,
                expected=conf is not None,
            )
        )

        def stamp(item):
            return replace(item, prov=replace(item.prov, unit=s.unit_key, revision=s.revision))

        problems += [stamp(p) for p in s.content.problems]
        systems += [stamp(x) for x in s.content.systems]
        measures += [stamp(m) for m in s.content.measures]
        barometer += [stamp(b) for b in s.content.barometer]

    return Municipality(
        config=config,
        units=tuple(units),
        problems=tuple(problems),
        systems=tuple(systems),
        measures=tuple(measures),
        barometer=tuple(barometer),
        missing_units=tuple(u for k, u in expected.items() if k not in latest),
        actions=tuple(actions),
        _units_by_key={u.key: u for u in units},
    )
