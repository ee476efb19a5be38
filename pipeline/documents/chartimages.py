"""The documents' three chart images, drawn from the assessment with
:mod:`pipeline.documents.charts`, and drawn only once for the same numbers: kept
in memory for the process and, when a folder is given, as PNG files there. Each
comes with its alternative text, made from the same rows
(:mod:`pipeline.documents.charttext`)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.core.assessment import Assessment
from pipeline.core.model import Municipality
from pipeline.documents.cleaning import clean_text
from pipeline.fileio import atomic_write_bytes

#: The timeline shows at most this many measures (the highest ranked inside the frame).
TIMELINE_LIMIT = 40


class ChartImage(NamedTuple):
    png: bytes
    alt: str  # what the chart shows, with its numbers, in words


def chart_images(model: Municipality, assessment: Assessment, cache: Path | None = None) -> dict[str, ChartImage]:
    """The charts by template field (``diagram_*``). *cache* is a folder that
    keeps the images of the last call (None: only kept in memory, for the next
    call in this process)."""
    from pipeline.documents import charts  # matplotlib is slow to import; a run that renders nothing never needs it
    from pipeline.documents.charttext import barometer_text, economy_text, timeline_text

    config = model.config
    barometer = [
        charts.BarometerRow(clean_text(area.area), area.average,
                            tuple((clean_text(s.name), s.average) for s in area.service_areas))
        for area in assessment.barometer_areas
    ]
    years = [
        charts.YearAmounts(y.year, y.investment_in_frame, y.operating_cost_in_frame, y.benefit_in_frame)
        for y in assessment.years
    ]
    planned = [a for a in assessment.measures if a.in_frame and a.measure.period is not None]
    items = [
        charts.TimelineItem(clean_text(f"{a.id} {a.measure.title}"), a.measure.period.year, a.measure.period.start_month,
                            a.measure.duration_months, a.category)
        for a in planned[:TIMELINE_LIMIT]
    ]
    note = (f"Viser de {TIMELINE_LIMIT} høyest prioriterte av {len(planned)} tiltak med tidsrom."
            if len(planned) > TIMELINE_LIMIT else None)
    used: set[str] = set()
    images = {
        "diagram_barometer": ChartImage(_chart(cache, used, charts.barometer_chart, barometer),
                                        barometer_text(barometer)),
        "diagram_okonomi": ChartImage(_chart(cache, used, charts.economy_chart, years), economy_text(years)),
        "diagram_tidslinje": ChartImage(
            _chart(cache, used, charts.timeline_chart, items, config.period_from, config.period_to, note=note),
            timeline_text(items, config.period_from, config.period_to, note)),
    }
    if cache is not None:  # keep only the images of the latest documents
        for p in Path(cache).glob("*.png"):
            if p.stem not in used:
                try:
                    p.unlink()
                except OSError:
                    pass
    return images


#: Charts drawn in this process, by key (watch mode renders again and again).
_DRAWN: OrderedDict[str, bytes] = OrderedDict()
_DRAWN_LIMIT = 12


def _chart(cache: Path | None, used: set[str], draw: Any, *args: Any, **kwargs: Any) -> bytes:
    """``draw(*args, **kwargs)``, or the same image drawn before: the inputs
    are plain numbers and texts, so equal inputs (and the same chart code and
    matplotlib) give the same picture."""
    key = hashlib.sha256(repr((draw.__name__, args, sorted(kwargs.items()), _chart_code())).encode()).hexdigest()
    used.add(key)
    if key in _DRAWN:
        _DRAWN.move_to_end(key)
        return _DRAWN[key]
    stored = Path(cache) / f"{key}.png" if cache is not None else None
    png = None
    if stored is not None and stored.is_file():
        try:
            png = stored.read_bytes()
        except OSError:
            png = None
    if png is None:
        png = draw(*args, **kwargs)
        if stored is not None:
            try:
                stored.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(stored, png)
            except OSError:
                pass  # a cache that cannot be written only costs time next run
    _DRAWN[key] = png
    while len(_DRAWN) > _DRAWN_LIMIT:
        _DRAWN.popitem(last=False)
    return png


_CHART_CODE: list[str] = []


def _chart_code() -> str:
    """What else decides a chart's pixels: the chart code and matplotlib's version."""
    if not _CHART_CODE:
        from importlib.metadata import version

        source = (Path(__file__).parent / "charts.py").read_bytes()
        _CHART_CODE.append(hashlib.sha256(source).hexdigest() + version("matplotlib"))
    return _CHART_CODE[0]
