"""Hand-made form contents and the combined model of a municipality made from
them: small pieces with sensible defaults, so a test names only what it checks."""

from __future__ import annotations

from datetime import date, datetime

from pipeline.core.model import (
    BarometerAnswer,
    FormContent,
    Measure,
    Period,
    Problem,
    Provenance,
    Submission,
    System,
    UnitInfo,
    combine,
    unit_key,
)

AREA = "Oppvekst og utdanning"


def measure(nr: int = 1, title: str = "Tiltak", **fields) -> Measure:
    values = dict(
        description=None,
        sub_goal="D1",
        problem_nrs=(),
        investment=0,
        operating_cost=0,
        benefit=0,
        benefit_description=None,
        period=Period(2027, "Vår"),
        duration_months=6,
        responsible="Rektor",
        follow_up="Kommunalsjef",
        risk="Lav",
        category=None,
        dependencies=None,
        prov=Provenance("Tiltak", 4 + nr),
    )
    values.update(fields)
    return Measure(nr=nr, title=title, **values)


def problem(nr: int, priority: str | None = "Høy", description: str = "Problem") -> Problem:
    return Problem(nr, description, "Problem", None, priority, Provenance("Problemer og muligheter", 4 + nr))


def system(name: str, purpose: str | None = None, **fields) -> System:
    values = dict(supplier=None, users=None, satisfaction=None, lifecycle=None, comment=None)
    values.update(fields)
    return System(name=name, purpose=purpose, prov=Provenance("Systemer", 5), **values)


def answer(area: str, score: int | None, statement: str = "Påstand") -> BarometerAnswer:
    return BarometerAnswer(area, statement, score, None, Provenance("IKT-barometer", 5))


def form(name: str = "Fjordvik barneskole", area: str = AREA, **parts) -> FormContent:
    unit = UnitInfo(
        "Fjordvik kommune", name, area, "Kari Nordmann", "kari@fjordvik.kommune.no", date(2027, 1, 15), "1.0"
    )
    return FormContent(unit=unit, **parts)


def municipality(config, *forms: FormContent):
    return combine(
        config,
        [
            Submission(unit_key(f.unit.name), 1, datetime(2027, 2, 1, 12, 0), f"{f.unit.name}.xlsx", f)
            for f in forms
        ],
    )
