"""An IKT-samarbeid's joint overview across its member municipalities: the systems
several of them use, the measures several of them propose, and the candidates
for joint procurement. Pure and deterministic, no I/O.

The rules are :mod:`pipeline.core.coordination`'s, applied one level up: the
samarbeid becomes one model whose «units» are its municipalities, so a system is
*shared* when two municipalities use it (same name after normalising), and
measures are *alike* when they come from two municipalities and mention the same
system or share enough words. Two units of the same municipality proposing the
same thing is that municipality's own coordination, not the samarbeid's.

A **joint procurement candidate** is a group of alike measures (their amounts
summed), or a shared system no such group is about (the measures that mention it,
in any member, summed) — in both cases in at least two municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Sequence

from pipeline import identity
from pipeline.config import Config
from pipeline.core.coordination import coordination, normalize, shared_systems
from pipeline.core.model import Measure, Municipality, System, Unit
from pipeline.i18n import Msg

_NO_TIME = datetime(1970, 1, 1)


@dataclass(frozen=True)
class MemberUnit:
    """One unit of a member municipality, as it shares itself (``[samarbeid] del_tiltak``)."""

    municipality: str
    name: str
    service_area: str
    systems: tuple[System, ...]
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Member:
    """A member municipality in the overview, with what it shares."""

    name: str
    units: int
    systems: int
    measures: int
    investment: int


@dataclass(frozen=True)
class JointSystem:
    """A system used in two or more member municipalities."""

    name: str  # the most common spelling
    supplier: str | None  # the most common supplier given; None: none given
    municipalities: tuple[str, ...]
    units: tuple[tuple[str, int], ...]  # (municipality, how many of its units use it)
    users: int | None  # «Brukere» summed; None: none given
    satisfaction: float | None  # the mean «Tilfredshet» given; None: none given
    lifecycles: tuple[str, ...]

    @property
    def unit_count(self) -> int:
        return sum(n for _, n in self.units)


@dataclass(frozen=True)
class JointMeasure:
    municipality: str
    unit: str
    measure: Measure


@dataclass(frozen=True)
class JointGroup:
    """Alike measures from two or more member municipalities. In the sums an amount
    that is not known yet counts as nothing."""

    number: int  # from 1, in the order of the groups' first measures
    name: str  # the system(s) they share, else their most common title
    measures: tuple[JointMeasure, ...]
    municipalities: tuple[str, ...]
    systems: tuple[str, ...]
    reason: Msg  # one sentence (from the coordination group), rendered by the edge

    @property
    def investment(self) -> int:
        return sum(m.measure.investment or 0 for m in self.measures)

    @property
    def operating_cost(self) -> int:
        return sum(m.measure.operating_cost or 0 for m in self.measures)

    @property
    def benefit(self) -> int:
        return sum(m.measure.benefit or 0 for m in self.measures)


@dataclass(frozen=True)
class ProcurementCandidate:
    name: str
    basis: Msg  # «Like tiltak (gruppe 2)», «Samme system»
    municipalities: tuple[str, ...]
    units: int
    measures: int  # the measures whose amounts are summed
    investment: int
    operating_cost: int
    benefit: int


@dataclass(frozen=True)
class JointOverview:
    members: tuple[Member, ...]
    systems: tuple[JointSystem, ...]
    groups: tuple[JointGroup, ...]
    candidates: tuple[ProcurementCandidate, ...]


def joint_overview(config: Config, units: Sequence[MemberUnit]) -> JointOverview:
    """The overview of *units* (every unit of every member that shares). *config* is
    the secretariat's own; the rules use none of it."""
    names = sorted({u.municipality for u in units}, key=lambda n: (identity.key(n), n))
    key = {n: identity.key(n) for n in names}
    systems: list[System] = []
    measures: list[Measure] = []
    origin: dict[Measure, JointMeasure] = {}
    users_of: dict[str, dict[str, int]] = {}  # normalised system name → municipality → units
    suppliers_of: dict[str, dict[str, int]] = {}  # normalised system name → supplier → how often given
    for u in sorted(units, key=lambda u: (key[u.municipality], identity.key(u.name))):
        for s in u.systems:
            systems.append(replace(s, prov=replace(s.prov, unit=key[u.municipality], row=len(systems))))
            name = normalize(s.name)
            per = users_of.setdefault(name, {})
            per[u.municipality] = per.get(u.municipality, 0) + 1
            if s.supplier and s.supplier.strip():
                given = suppliers_of.setdefault(name, {})
                given[s.supplier.strip()] = given.get(s.supplier.strip(), 0) + 1
        for m in u.measures:
            stamped = replace(m, prov=replace(m.prov, unit=key[u.municipality], row=len(measures)))
            measures.append(stamped)
            origin[stamped] = JointMeasure(u.municipality, u.name, m)
    # Each municipality is one «unit» of the samarbeid: what coordination compares across.
    as_units = {key[n]: Unit(key=key[n], name=n, code=n, service_area="", contact="", email="", revision=0,
                             delivered_at=_NO_TIME, form_date=None, expected=True) for n in names}
    model = Municipality(
        config=config, units=tuple(as_units.values()), problems=(), systems=tuple(systems),
        measures=tuple(measures), barometer=(), missing_units=(), _units_by_key=as_units,
    )
    joint_systems = tuple(_joint_system(s, suppliers_of, users_of) for s in shared_systems(model))
    ids = {m: f"M{i}" for i, m in enumerate(measures)}
    found, _ = coordination(model, ids)
    by_id = {f"M{i}": m for i, m in enumerate(measures)}
    groups = []
    for number, g in enumerate(found, start=1):
        members = tuple(origin[by_id[i]] for i in g.ids)
        groups.append(JointGroup(number, _group_name(g.systems, [m.measure.title for m in members]), members,
                                 tuple(g.units), g.systems, g.reason))
    return JointOverview(_members(names, units), joint_systems, tuple(groups),
                         _candidates(groups, joint_systems, measures, origin))


def _members(names: list[str], units: Sequence[MemberUnit]) -> tuple[Member, ...]:
    result = []
    for n in names:
        own = [u for u in units if u.municipality == n]
        result.append(Member(n, len(own), sum(len(u.systems) for u in own), sum(len(u.measures) for u in own),
                             sum(m.investment or 0 for u in own for m in u.measures)))
    return tuple(result)


def _joint_system(shared, suppliers_of: dict[str, dict[str, int]], users_of: dict[str, dict[str, int]]) -> JointSystem:
    name = normalize(shared.name)
    suppliers = suppliers_of.get(name, {})
    supplier = max(suppliers, key=lambda k: suppliers[k]) if suppliers else None  # ties: the first seen
    per = users_of.get(name, {})
    return JointSystem(shared.name, supplier, tuple(shared.units),
                       tuple((m, per.get(m, 0)) for m in shared.units), shared.users, shared.satisfaction,
                       shared.lifecycles)


def _group_name(systems: Sequence[str], titles: Sequence[str]) -> str:
    """The system the group's measures share («Visma Flyt Skole»; more joined with «og»),
    else the title most of them have (after normalising; ties: the first)."""
    if systems:
        return systems[0] if len(systems) == 1 else ", ".join(systems[:-1]) + " og " + systems[-1]
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for title in titles:
        counts[normalize(title)] = counts.get(normalize(title), 0) + 1
        spelling.setdefault(normalize(title), " ".join(title.split()))
    best = max(counts.values())
    return spelling[next(k for k, n in counts.items() if n == best)]


def _candidates(groups: list[JointGroup], systems: tuple[JointSystem, ...], measures: list[Measure],
                origin: dict[Measure, JointMeasure]) -> tuple[ProcurementCandidate, ...]:
    result = []
    covered = {normalize(s) for g in groups for s in g.systems}
    texts = [f" {normalize(m.title)} {normalize(m.description)} " for m in measures]  # as coordination reads them
    for g in groups:
        result.append(ProcurementCandidate(
            g.name, Msg("Like tiltak (gruppe {number})", number=g.number), g.municipalities,
            len({(m.municipality, identity.key(m.unit)) for m in g.measures}), len(g.measures),
            g.investment, g.operating_cost, g.benefit))
    for s in systems:
        if normalize(s.name) in covered:
            continue
        name = normalize(s.name)
        about = [origin[m].measure for m, text in zip(measures, texts) if name and f" {name} " in text]
        result.append(ProcurementCandidate(
            s.name, Msg("Samme system"), s.municipalities, s.unit_count, len(about),
            sum(m.investment or 0 for m in about), sum(m.operating_cost or 0 for m in about),
            sum(m.benefit or 0 for m in about)))
    return tuple(sorted(result, key=lambda c: (-len(c.municipalities), -c.investment, normalize(c.name))))
