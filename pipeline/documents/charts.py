"""The charts in the documents, drawn with matplotlib and returned as PNG bytes.

Pure apart from drawing: plain numbers in, image bytes out. Figures are made with
``matplotlib.figure.Figure`` and the Agg canvas, never ``pyplot``, so no window
system and no global state are involved (safe in watch mode and in threads).
Numbers on the axes follow the Norwegian convention (``1,5 mill. kr``).

No chart carries meaning by colour alone (WCAG 1.4.1): the service areas in the
barometer have a marker shape each, the economy's series a hatch each and their
values on the bars, the timeline's categories a pattern each; every legend shows
the same shapes and patterns, so the charts read in greyscale. Every colour that
marks something has a contrast of at least 3:1 against the white page
(WCAG 1.4.11), and touching bars are parted by a white edge. What a chart shows
is also said in words, from the same rows, by :mod:`pipeline.documents.charttext`.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Sequence

from typing import TYPE_CHECKING

from pipeline.i18n import Lang
from pipeline.i18n.message import N_

# matplotlib is imported where a chart is drawn: it takes about a second to
# import, and a rerun whose charts are all cached (see pipeline.documents.rendering) draws none.
if TYPE_CHECKING:
    from matplotlib.figure import Figure

DARK = "#1F3864"
TEXT = "#333333"  # tick labels
NOTE = "#595959"  # notes and «Ingen svar ennå» (7:1 on white)
AXIS = "#767676"  # axis lines (4.5:1 on white)
#: One colour and one marker per service area in the barometer (colours at least 3:1 on white).
PALETTE = ("#4E79A7", "#C2410C", "#2E7D32", "#A23B72", "#8F5B00", "#6A3D9A", "#00798C", "#767676",
           "#B03A2E", "#7B5E00")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
#: (label, attribute of YearAmounts, colour, hatch) of the economy chart's series.
ECONOMY_SERIES = ((N_("Investering"), "investment", "#1F3864", ""),
                  (N_("Årlig drift"), "operating_cost", "#B03A2E", "////"),
                  (N_("Årlig gevinst"), "benefit", "#2E7D32", "...."))
#: (colour, hatch) of the timeline's categories.
CATEGORY_STYLE = {N_("Kritisk prosess"): ("#2E5597", ""), N_("Quick win"): ("#2E7D32", "....")}
UNKNOWN_DURATION = N_("Varighet ikke oppgitt")
WIDTH_IN = 6.3  # the text width of the templates (163 mm)
DPI = 200


@dataclass(frozen=True)
class BarometerRow:
    area: str
    municipality: float | None  # None: no answers in this area
    groups: tuple[tuple[str, float | None], ...]  # (service area, average or None)


@dataclass(frozen=True)
class YearAmounts:
    year: int
    investment: int
    operating_cost: int
    benefit: int


@dataclass(frozen=True)
class TimelineItem:
    label: str
    year: int
    start_month: int  # 1–12
    months: int | None  # None: not given (drawn as a marker of 1 month, hatched)
    category: str


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # A unit's emoji is missing from the chart font; it is drawn as a box, which is fine.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(AXIS)
    ax.spines["bottom"].set_color(AXIS)
    ax.tick_params(colors=TEXT, labelsize=8)


def _label(text: str) -> str:
    """Text as matplotlib prints it literally: ``$`` would start mathtext."""
    return text.replace("$", r"\$")


def _wrap(text: str, width: int = 24) -> str:
    words, lines, line = _label(text).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)


def barometer_chart(rows: Sequence[BarometerRow], own_label: str | None = None, lang: str = "nb") -> bytes:
    """Dot plot: one line per area, a dot per service area, a dark bar for the
    municipality, whose average also stands under the area's name. The comparison
    with other municipalities is the same chart: a dot per other municipality, and
    the bar labelled *own_label* (the municipality's name; None: «Kommunen»). *lang*: the
    language code of the labels."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    t = Lang.for_code(lang)
    own_label = own_label or t.gettext("Kommunen")

    n = max(len(rows), 1)
    fig = Figure(figsize=(WIDTH_IN, 1.2 + 0.8 * n))
    ax = fig.add_subplot()
    groups = list(dict.fromkeys(name for r in rows for name, _ in r.groups))
    colors = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    markers = {g: MARKERS[i % len(MARKERS)] for i, g in enumerate(groups)}
    spread = min(0.13, 0.75 / max(len(groups), 1))
    drawn: set[str] = set()
    for i, r in enumerate(rows):
        y = n - 1 - i
        ax.axhline(y, color="#E5E5E5", linewidth=0.8, zorder=0)
        for j, (name, value) in enumerate(r.groups):
            if value is None:
                continue
            drawn.add(name)
            # spread the groups vertically so equal scores do not hide each other
            ax.scatter(value, y - (j - (len(r.groups) - 1) / 2) * spread, s=34, color=colors[name], zorder=3,
                       marker=markers[name], edgecolors="white", linewidths=0.5)
        if r.municipality is not None:
            drawn.add("")
            ax.vlines(r.municipality, y - 0.38, y + 0.38, color=DARK, linewidth=2.4, zorder=2)

    def label(r: BarometerRow) -> str:
        value = ("\n" + _label(own_label) + ": " + t.number(r.municipality, 1) if r.municipality is not None
                 else "\n" + t.gettext("Ingen svar"))
        return _wrap(r.area) + value

    ax.set_yticks(range(n))
    ax.set_yticklabels([label(r) for r in reversed(rows)] if rows else [""], fontsize=8)
    ax.set_xlim(0.8, 5.2)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_xlabel(t.gettext("Snitt (1–5, der 5 er best)"), fontsize=8)
    _style(ax)
    if drawn:
        handles = [Line2D([], [], color=DARK, linewidth=2.4, label=_label(own_label))]
        handles += [Line2D([], [], color=colors[g], marker=markers[g], linestyle="", markersize=5.5,
                           label=_label(g)) for g in groups if g in drawn]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.42, -0.08 - 0.5 / n),
                  ncol=min(4, len(handles)), fontsize=7.5, frameon=False)
    else:
        ax.text(3, (n - 1) / 2, t.gettext("Ingen svar ennå"), ha="center", va="center", fontsize=11, color=NOTE)
    return _png(fig)


def _kroner_axis(value: float, _pos=None, t: Lang | None = None) -> str:
    t = t or Lang.source()
    if abs(value) >= 1_000_000:
        return t.gettext("{amount} mill. kr", amount=t.number(value / 1_000_000, 1))
    return t.gettext("{amount} kr", amount=t.number(value))


def _kroner_label(value: float, t: Lang) -> str:
    """The value over a bar, short: ``1,3 mill. kr``, ``450 000 kr``."""
    if abs(value) >= 1_000_000:
        return t.gettext("{amount} mill. kr", amount=t.number(value / 1_000_000, 2 if abs(value) < 10_000_000 else 1))
    return t.gettext("{amount} kr", amount=t.number(value))


def economy_chart(years: Sequence[YearAmounts], lang: str = "nb") -> bytes:
    """Grouped bars per year: investment, operating cost and the benefit that is
    money in the budget, each with its hatch and its amount over the bar."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    t = Lang.for_code(lang)

    fig = Figure(figsize=(WIDTH_IN, 3.3))
    ax = fig.add_subplot()
    width = 0.26
    highest = max((getattr(y, attr) for y in years for _l, attr, _c, _h in ECONOMY_SERIES), default=0)
    for k, (label, attr, color, hatch) in enumerate(ECONOMY_SERIES):
        xs = [i + (k - 1) * width for i in range(len(years))]
        values = [getattr(y, attr) for y in years]
        bars = ax.bar(xs, values, width=width * 0.95, color=color, hatch=hatch, edgecolor="white",
                      linewidth=0.8, label=t.gettext(label))
        if highest:
            ax.bar_label(bars, labels=[_kroner_label(v, t) for v in values], rotation=90, fontsize=6.5,
                         padding=2, color=TEXT)
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y.year) for y in years])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, pos: _kroner_axis(value, pos, t)))
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    _style(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8, frameon=False)
    if highest:
        ax.set_ylim(0, highest * 1.45)  # room for the amounts over the highest bar
    else:
        ax.set_ylim(0, 1)
        ax.text((len(years) - 1) / 2 if years else 0, 0.5, t.gettext("Ingen beløp ennå"), ha="center", va="center",
                fontsize=11, color=NOTE)
    return _png(fig)


def timeline_chart(items: Sequence[TimelineItem], first_year: int, last_year: int,
                   note: str | None = None, lang: str = "nb") -> bytes:
    """A Gantt chart: one bar per measure from its start for its duration, a
    diamond at the start and the category in words when the duration is not
    given; *note* (``None``: none) is printed above it."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    t = Lang.for_code(lang)

    n = max(len(items), 1)
    fig = Figure(figsize=(WIDTH_IN, 0.9 + 0.28 * n))
    ax = fig.add_subplot()
    start0 = first_year * 12
    end = (last_year + 1) * 12
    unknown = False
    for i, it in enumerate(items):
        y = n - 1 - i
        start = it.year * 12 + it.start_month - 1
        color, hatch = CATEGORY_STYLE.get(it.category, (NOTE, ""))
        if it.months:
            end = max(end, start + it.months)
            ax.barh(y, it.months, left=start - start0, height=0.6, color=color, hatch=hatch, edgecolor="white",
                    linewidth=0.5)
        else:
            unknown = True
            end = max(end, start + 1)
            ax.scatter(start - start0 + 0.5, y, marker="D", s=30, color=color, edgecolors=DARK, linewidths=0.6,
                       zorder=3)
            # A diamond has no room for the category's pattern: it is said in words beside it.
            late = start - start0 > (last_year - first_year + 1) * 6  # in the second half: the words go left
            ax.text(start - start0 + (-0.6 if late else 1.6), y, t.gettext("{category}, varighet ikke oppgitt", category=t.gettext(it.category).lower()),
                    va="center", ha="right" if late else "left", fontsize=6.5, color=NOTE)
    ax.set_yticks(range(n))
    ax.set_yticklabels([_short(it.label) for it in reversed(items)] if items else [""], fontsize=7.5)
    years = range(first_year, (end + 11) // 12)
    ax.set_xticks([(y - first_year) * 12 for y in years])
    ax.set_xticklabels([str(y) for y in years], ha="left")
    ax.set_xlim(0, ((end + 11) // 12 - first_year) * 12)
    ax.set_ylim(-0.6, n - 0.4)
    ax.grid(axis="x", color="#CCCCCC", linewidth=0.8)
    ax.set_axisbelow(True)
    _style(ax)
    handles = [Patch(facecolor=c, hatch=h, edgecolor="white", label=t.gettext(label)) for label, (c, h) in CATEGORY_STYLE.items()]
    if unknown:
        handles.append(Line2D([], [], marker="D", linestyle="", color=NOTE, markeredgecolor=DARK, markersize=5,
                              label=t.gettext(UNKNOWN_DURATION)))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.06 - 0.6 / n), ncol=len(handles),
              fontsize=7.5, frameon=False)
    if note:
        ax.set_title(note, fontsize=7.5, loc="left", color=NOTE)
    if not items:
        ax.text(((last_year - first_year + 1) * 12) / 2, 0, t.gettext("Ingen tiltak innenfor rammen ennå"), ha="center",
                va="center", fontsize=11, color=NOTE)
    return _png(fig)


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return _label(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")
