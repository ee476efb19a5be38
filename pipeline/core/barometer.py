"""The IKT-barometer's averages: per area for the municipality, each service
area and each unit. Every answered statement counts once in an average."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.contract import BAROMETER_AREAS
from pipeline.core.model import Municipality


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


def barometer_areas(model: Municipality) -> tuple[BarometerArea, ...]:
    """The configured areas in order, then any other area that has answers."""
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
