"""Member units of an IKT-samarbeid, as the secretariat reads them from the shared store
(:class:`pipeline.core.joint.MemberUnit`): systems and measures with only what is shared."""

from __future__ import annotations

from pipeline.contract import SHEET_MEASURES, SHEET_SYSTEMS
from pipeline.core.joint import MemberUnit
from pipeline.core.model import Measure, Period, Provenance, System


def system(name: str, users: int | None = 10, satisfaction: int | None = 3, lifecycle: str | None = "Beholde",
           supplier: str | None = "Leverandør AS", purpose: str | None = None) -> System:
    return System(name, supplier, purpose, users, satisfaction, lifecycle, None, Provenance(SHEET_SYSTEMS, 2))


def measure(nr: int, title: str, description: str | None = None, investment: int | None = 100_000,
            operating_cost: int | None = 10_000, benefit: int | None = 0) -> Measure:
    return Measure(nr=nr, title=title, description=description, sub_goal=None, problem_nrs=(), investment=investment,
                   operating_cost=operating_cost, benefit=benefit, benefit_description=None,
                   period=Period(2028, "Vår"), duration_months=6, responsible="", follow_up=None, risk=None,
                   category=None, dependencies=None, prov=Provenance(SHEET_MEASURES, 1 + nr))


def unit(municipality: str, name: str, systems=(), measures=(), area: str = "Oppvekst og utdanning") -> MemberUnit:
    return MemberUnit(municipality, name, area, tuple(systems), tuple(measures))
