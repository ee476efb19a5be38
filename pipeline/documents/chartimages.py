"""The documents' three chart images, drawn from the assessment with
:mod:`pipeline.documents.charts`, and drawn only once for the same numbers: kept
in memory for the process and, when a folder is given, as PNG files there.

Each comes with its alternative text, made from the same rows
(:mod:`pipeline.documents.charttext`).

Charts that must be drawn are drawn in a separate process (matplotlib takes
a second to import and a second to draw), while this one renders the
documents that show no chart (:func:`start_charts`); where no process can be
started, they are drawn here.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import pickle
import subprocess
import sys
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.core.assessment import Assessment
from pipeline.core.comparison import NO_COMPARISON, BarometerComparison
from pipeline.core.model import Municipality
from pipeline.documents.cleaning import clean_text
from pipeline.fileio import atomic_write_bytes

log = logging.getLogger("iktplan.documents")

#: The timeline shows at most this many measures (the highest ranked inside the frame).
TIMELINE_LIMIT = 40
#: Seconds the drawing process may take for all charts before they are drawn here instead.
DRAW_SECONDS = 300.0
#: The comparison chart's dot for the mean of the other municipalities.
OTHERS_MEAN = "Snitt andre kommuner"


class ChartImage(NamedTuple):
    png: bytes
    alt: str  # what the chart shows, with its numbers, in words


def chart_images(model: Municipality, assessment: Assessment, cache: Path | None = None,
                 comparison: BarometerComparison = NO_COMPARISON) -> dict[str, ChartImage]:
    """The charts by template field (``diagram_*``). *cache* is a folder that
    keeps the images of the last call (None: only kept in memory, for the next
    call in this process). The comparison with other municipalities
    (``diagram_sammenligning``) is drawn only when *comparison* shows something."""
    charts = start_charts(model, assessment, cache, comparison)
    try:
        return charts.images()
    finally:
        charts.close()


class Charts:
    """The chart images of one render, perhaps still being drawn (in a separate
    process; here, if that fails). Call :meth:`close` when done."""

    def __init__(self, known: dict[str, bytes], jobs: dict[str, tuple[str, str, tuple, dict]],
                 cache: Path | None, used: set[str], alts: dict[str, str]):
        self._known = known
        self._alts = alts
        self._jobs = jobs  # field → (key, chart function's name, args, kwargs)
        self._cache, self._used = cache, used
        self._future: Future | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._process: subprocess.Popen | None = None
        self._closed = False
        if jobs:
            self._process = _warm.pop() if _warm and _warm[-1].poll() is None else _start_drawing()
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="iktplan-diagrammer")
            self._future = self._pool.submit(self._draw, [job[1:] for job in jobs.values()])

    def images(self) -> dict[str, ChartImage]:
        """Every chart by field, once drawn."""
        if self._future is not None:
            pngs = self._future.result()
            self._future = None
            for (field, (key, *_)), png in zip(self._jobs.items(), pngs):
                _keep(self._cache, key, png)
                self._known[field] = png
            _forget_others(self._cache, self._used)
            self.close()
        return {field: ChartImage(png, self._alts[field]) for field, png in self._known.items()}

    def close(self) -> None:
        """Stop drawing what is not drawn yet."""
        self._closed = True
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _draw(self, jobs: list[tuple[str, tuple, dict]]) -> list[bytes]:
        process = self._process
        if process is not None:
            try:
                out, _ = process.communicate(pickle.dumps(jobs), timeout=DRAW_SECONDS)
                pngs = pickle.loads(out) if process.returncode == 0 else None
                if isinstance(pngs, list) and len(pngs) == len(jobs) and all(isinstance(p, bytes) for p in pngs):
                    return pngs
                log.warning("diagramprosessen svarte ikke som ventet; diagrammene tegnes her")
            except (OSError, subprocess.SubprocessError, pickle.UnpicklingError, EOFError, ValueError) as exc:
                process.kill()
                log.warning("diagrammene kunne ikke tegnes i en egen prosess (%s); de tegnes her", type(exc).__name__)
        if self._closed:
            return []
        return _draw_here(jobs)


def start_charts(model: Municipality, assessment: Assessment, cache: Path | None = None,
                 comparison: BarometerComparison = NO_COMPARISON) -> Charts:
    """The charts of :func:`chart_images`, those not drawn before being drawn
    (in another process) while the caller goes on."""
    from pipeline.documents import charts  # matplotlib itself is imported where a chart is drawn
    from pipeline.documents.charttext import barometer_text, comparison_text, economy_text, timeline_text

    config = model.config
    lang = config.lang
    barometer = [
        charts.BarometerRow(clean_text(lang.pgettext("area", area.area)), area.average,
                            tuple((clean_text(s.name), s.average) for s in area.service_areas))
        for area in assessment.barometer_areas
    ]
    years = [
        charts.YearAmounts(y.year, y.investment_in_frame, y.operating_cost_in_frame, y.cash_benefit_in_frame)
        for y in assessment.years
    ]
    # When each starts in the plan: a measure moved or postponed to a later year is drawn there.
    planned = [(a, a.plan_period) for a in assessment.in_plan if a.plan_period is not None]
    items = [
        charts.TimelineItem(clean_text(f"{a.id} {a.title}"), period.year, period.start_month,
                            a.measure.duration_months, a.category)
        for a, period in planned[:TIMELINE_LIMIT]
    ]
    note = (lang.gettext("Viser de {shown} høyest prioriterte av {total} tiltak med tidsrom.", shown=TIMELINE_LIMIT,
                         total=len(planned))
            if len(planned) > TIMELINE_LIMIT else None)
    # The language is an argument of every chart, so it is part of the cache key too.
    code = {"lang": lang.code}
    wanted = {
        "diagram_barometer": ("barometer_chart", (barometer,), code),
        "diagram_okonomi": ("economy_chart", (years,), code),
        "diagram_tidslinje": ("timeline_chart", (items, config.period_from, config.period_to), {"note": note, **code}),
    }
    alts = {
        "diagram_barometer": barometer_text(barometer, lang),
        "diagram_okonomi": economy_text(years, lang),
        "diagram_tidslinje": timeline_text(items, config.period_from, config.period_to, note, lang),
    }
    if comparison.shown:
        rows = comparison_rows(comparison)
        own = clean_text(config.municipality)
        wanted["diagram_sammenligning"] = ("barometer_chart", (rows,), {"own_label": own, **code})
        alts["diagram_sammenligning"] = comparison_text(rows, own, lang)
    return start_named(wanted, alts, cache)


def start_named(wanted: dict[str, tuple[str, tuple, dict]], alts: dict[str, str], cache: Path | None = None) -> Charts:
    """Charts by template field: *wanted* gives each field's chart (a function of
    :mod:`pipeline.documents.charts` by name, its arguments: plain values, pickled to the
    drawing process), *alts* its alternative text. Those drawn before come from *cache*."""
    known, jobs, used = {}, {}, set()
    for field, (name, args, kwargs) in wanted.items():
        key = _key(name, args, kwargs)
        used.add(key)
        png = _kept(cache, key)
        if png is None:
            jobs[field] = (key, name, args, kwargs)
        else:
            known[field] = png
    if not jobs:
        _forget_others(cache, used)
    return Charts(known, jobs, cache, used, alts)


def comparison_rows(comparison: BarometerComparison) -> list:
    """The comparison as the barometer chart draws it: per area the municipality's
    mean, then each other municipality's (None: too few answers there) and, when
    there are several, their mean (with one it would only hide that one's dot)."""
    from pipeline.documents.charts import BarometerRow

    several = len(comparison.others) > 1
    rows = []
    for a in comparison.areas():
        means = {s.municipality: s.mean for s in a.others}
        groups = tuple((clean_text(name), means.get(name)) for name in comparison.others)
        rows.append(BarometerRow(clean_text(a.area), a.own.mean if a.own else None,
                                 groups + (((OTHERS_MEAN, a.others_mean),) if several else ())))
    return rows


#: Charts drawn in this process, by key (watch mode renders again and again).
_DRAWN: OrderedDict[str, bytes] = OrderedDict()
_DRAWN_LIMIT = 12


def _key(name: str, args: tuple, kwargs: dict) -> str:
    """The inputs are plain numbers and texts, so equal inputs (and the same
    chart code and matplotlib) give the same picture."""
    return hashlib.sha256(repr((name, args, sorted(kwargs.items()), _chart_code())).encode()).hexdigest()


def _kept(cache: Path | None, key: str) -> bytes | None:
    """The image drawn before under *key* (in memory, or in *cache*), or None."""
    if key in _DRAWN:
        _DRAWN.move_to_end(key)
        return _DRAWN[key]
    stored = Path(cache) / f"{key}.png" if cache is not None else None
    if stored is not None and stored.is_file():
        try:
            png = stored.read_bytes()
        except OSError:
            return None
        _remember(key, png)
        return png
    return None


def _keep(cache: Path | None, key: str, png: bytes) -> None:
    _remember(key, png)
    if cache is not None:
        try:
            Path(cache).mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(Path(cache) / f"{key}.png", png)
        except OSError:
            pass  # a cache that cannot be written only costs time next run


def _remember(key: str, png: bytes) -> None:
    _DRAWN[key] = png
    _DRAWN.move_to_end(key)
    while len(_DRAWN) > _DRAWN_LIMIT:
        _DRAWN.popitem(last=False)


def _forget_others(cache: Path | None, used: set[str]) -> None:
    """Keep only the images of the latest documents in *cache*."""
    if cache is None or not Path(cache).is_dir():
        return
    for p in Path(cache).glob("*.png"):
        if p.stem not in used:
            try:
                p.unlink()
            except OSError:
                pass


# --- drawing ----------------------------------------------------------------------------------

_DRAW_MAIN = "from pipeline.documents.chartimages import serve; serve()"


_warm: list[subprocess.Popen] = []  # a drawing process started ahead, not used yet


def warm_up() -> None:
    """Start the drawing process now: it imports matplotlib while the caller
    builds the model (:func:`start_charts` takes it; :func:`cool_down` ends it
    if no chart needed drawing)."""
    if not _warm:
        process = _start_drawing()
        if process is not None:
            _warm.append(process)


def cool_down() -> None:
    """End a drawing process started ahead and not used."""
    while _warm:
        process = _warm.pop()
        if process.poll() is None:
            process.kill()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass


atexit.register(cool_down)


def _start_drawing() -> subprocess.Popen | None:
    """The process that draws (see :func:`serve`); None where none can be started."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # the process must import this very package
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    try:
        return subprocess.Popen([sys.executable, "-c", _DRAW_MAIN], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env)
    except OSError:
        return None


def _draw_here(jobs: list[tuple[str, tuple, dict]]) -> list[bytes]:
    from pipeline.documents import charts

    return [getattr(charts, name)(*args, **kwargs) for name, args, kwargs in jobs]


def serve() -> None:
    """The drawing process: jobs in on stdin, PNGs out on stdout."""
    import warnings

    from matplotlib.backends import backend_agg  # noqa: F401 - imported while the caller builds the model
    from matplotlib import figure  # noqa: F401

    warnings.simplefilter("ignore")
    try:
        jobs = pickle.load(sys.stdin.buffer)
    except EOFError:
        return  # started ahead and not needed
    pngs = _draw_here(jobs)
    sys.stdout.buffer.write(pickle.dumps(pngs, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


_CHART_CODE: list[str] = []


def _chart_code() -> str:
    """What else decides a chart's pixels: the chart code and matplotlib's version."""
    if not _CHART_CODE:
        from importlib.metadata import version

        source = (Path(__file__).parent / "charts.py").read_bytes()
        _CHART_CODE.append(hashlib.sha256(source).hexdigest() + version("matplotlib"))
    return _CHART_CODE[0]
