"""The charts in the documents, drawn with matplotlib and returned as PNG bytes.

Pure apart from drawing: plain numbers in, image bytes out. Figures are made with
``matplotlib.figure.Figure`` and the Agg canvas, never ``pyplot``, so no window
system and no global state are involved (safe in watch mode and in threads).
Numbers on the axes follow the Norwegian convention (``1,5 mill. kr``).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Sequence

from typing import TYPE_CHECKING

from pipeline.formatting import number

# matplotlib is imported where a chart is drawn: it takes about a second to
# import, and a rerun whose charts are all cached (see pipeline.documents.rendering) draws none.
if TYPE_CHECKING:
    from matplotlib.figure import Figure

DARK = "#1F3864"
PALETTE = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#9C755F",
           "#FF9DA7", "#BAB0AC")
CATEGORY_COLORS = {"Kritisk prosess": "#2E5597", "Quick win": "#59A14F"}
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
    ax.spines["left"].set_color("#888888")
    ax.spines["bottom"].set_color("#888888")
    ax.tick_params(colors="#333333", labelsize=8)


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


def barometer_chart(rows: Sequence[BarometerRow]) -> bytes:
    """Dot plot: one line per area, a dot per service area, a dark bar for the
    municipality, whose average also stands under the area's name."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    n = max(len(rows), 1)
    fig = Figure(figsize=(WIDTH_IN, 1.2 + 0.8 * n))
    ax = fig.add_subplot()
    groups = list(dict.fromkeys(name for r in rows for name, _ in r.groups))
    colors = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
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
            ax.scatter(value, y - (j - (len(r.groups) - 1) / 2) * spread, s=30, color=colors[name], zorder=3,
                       edgecolors="white", linewidths=0.5)
        if r.municipality is not None:
            drawn.add("")
            ax.vlines(r.municipality, y - 0.38, y + 0.38, color=DARK, linewidth=2.4, zorder=2)

    def label(r: BarometerRow) -> str:
        value = f"\nKommunen: {number(r.municipality, 1)}" if r.municipality is not None else "\nIngen svar"
        return _wrap(r.area) + value

    ax.set_yticks(range(n))
    ax.set_yticklabels([label(r) for r in reversed(rows)] if rows else [""], fontsize=8)
    ax.set_xlim(0.8, 5.2)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_xlabel("Snitt (1–5, der 5 er best)", fontsize=8)
    _style(ax)
    if drawn:
        handles = [Line2D([], [], color=DARK, linewidth=2.4, label="Kommunen")]
        handles += [Line2D([], [], color=colors[g], marker="o", linestyle="", markersize=5, label=_label(g))
                    for g in groups if g in drawn]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.42, -0.08 - 0.5 / n),
                  ncol=min(4, len(handles)), fontsize=7.5, frameon=False)
    else:
        ax.text(3, (n - 1) / 2, "Ingen svar ennå", ha="center", va="center", fontsize=11, color="#777777")
    return _png(fig)


def _kroner_axis(value: float, _pos=None) -> str:
    if abs(value) >= 1_000_000:
        return f"{number(value / 1_000_000, 1)} mill. kr"
    return f"{number(value)} kr"


def economy_chart(years: Sequence[YearAmounts]) -> bytes:
    """Grouped bars per year: investment, operating cost and the benefit that is money in the budget."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(WIDTH_IN, 3.0))
    ax = fig.add_subplot()
    series = (("Investering", "investment", "#2E5597"), ("Årlig drift", "operating_cost", "#E15759"),
              ("Gevinst i kroner", "benefit", "#59A14F"))
    width = 0.26
    for k, (label, attr, color) in enumerate(series):
        xs = [i + (k - 1) * width for i in range(len(years))]
        ax.bar(xs, [getattr(y, attr) for y in years], width=width * 0.95, color=color, label=label)
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y.year) for y in years])
    ax.yaxis.set_major_formatter(FuncFormatter(_kroner_axis))
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    _style(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8, frameon=False)
    if not any(y.investment or y.operating_cost or y.benefit for y in years):
        ax.set_ylim(0, 1)
        ax.text((len(years) - 1) / 2 if years else 0, 0.5, "Ingen beløp ennå", ha="center", va="center",
                fontsize=11, color="#777777")
    return _png(fig)


def timeline_chart(items: Sequence[TimelineItem], first_year: int, last_year: int,
                   note: str | None = None) -> bytes:
    """A Gantt chart: one bar per measure from its start for its duration; *note*
    (``None``: none) is printed above it."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    n = max(len(items), 1)
    fig = Figure(figsize=(WIDTH_IN, 0.9 + 0.28 * n))
    ax = fig.add_subplot()
    start0 = first_year * 12
    end = (last_year + 1) * 12
    for i, it in enumerate(items):
        y = n - 1 - i
        start = it.year * 12 + it.start_month - 1
        months = it.months if it.months else 1
        end = max(end, start + months)
        ax.barh(y, months, left=start - start0, height=0.6, color=CATEGORY_COLORS.get(it.category, "#888888"),
                hatch=None if it.months else "///", edgecolor="white", linewidth=0.5)
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
    ax.legend(handles=[Patch(color=c, label=label) for label, c in CATEGORY_COLORS.items()],
              loc="upper center", bbox_to_anchor=(0.4, -0.06 - 0.6 / n), ncol=2, fontsize=7.5, frameon=False)
    if note:
        ax.set_title(note, fontsize=7.5, loc="left", color="#555555")
    if not items:
        ax.text(((last_year - first_year + 1) * 12) / 2, 0, "Ingen tiltak innenfor rammen ennå", ha="center",
                va="center", fontsize=11, color="#777777")
    return _png(fig)


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return _label(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")
