"""Table column widths from the content: no column narrower than its widest word.

Word and LibreOffice break a word that is wider than its column in the middle
(«Revisjo|n», «29.11.20|26», «9 000 000 k|r»). After rendering, every table with
a fixed layout gets its grid checked against what it now holds: a column whose
longest unbreakable piece of text (a word, or an amount or date held together by
no-break spaces) does not fit is widened to fit it, and the width is taken from
the columns with room to spare, so the table keeps its width on the page.

Text widths are measured with the metrics of Calibri, the templates' font
(Carlito, LibreOffice's stand-in, has the same metrics): :data:`_REGULAR` and
:data:`_BOLD` hold the advance width of each character in thousandths of an em.
A character not in the tables counts as the widest letter, so an estimate errs
on the wide side.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docx.oxml.ns import qn

_CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
    "æøåÆØÅéèêüöäÖÄÜáó–—«»§€°½·’‘“”…\u00a0−×"
)
_REGULAR_W = (
    226, 326, 401, 498, 507, 715, 682, 221, 303, 303, 498, 498, 250, 306, 252, 386, 507, 507, 507, 507, 507, 507,
    507, 507, 507, 507, 268, 268, 498, 498, 498, 463, 894, 579, 544, 533, 615, 488, 459, 631, 623, 252, 319, 520,
    420, 855, 646, 662, 517, 673, 543, 459, 487, 642, 567, 890, 519, 487, 468, 307, 386, 307, 498, 498, 291, 479,
    525, 423, 525, 498, 305, 471, 525, 230, 239, 455, 230, 799, 525, 527, 525, 525, 349, 391, 335, 525, 452, 715,
    433, 453, 395, 314, 460, 314, 498, 773, 529, 479, 763, 664, 579, 498, 498, 498, 525, 527, 479, 662, 579, 642,
    479, 527, 498, 905, 512, 512, 498, 507, 339, 671, 252, 250, 250, 418, 418, 690, 226, 498, 498,
)
_BOLD_W = (
    226, 326, 438, 498, 507, 729, 705, 233, 312, 312, 498, 498, 258, 306, 267, 430, 507, 507, 507, 507, 507, 507,
    507, 507, 507, 507, 276, 276, 498, 498, 498, 463, 898, 606, 561, 529, 630, 488, 459, 637, 631, 267, 331, 547,
    423, 874, 659, 676, 532, 686, 563, 473, 495, 653, 591, 906, 551, 520, 478, 325, 430, 325, 498, 498, 300, 494,
    537, 418, 537, 503, 316, 474, 537, 246, 255, 480, 246, 813, 537, 538, 537, 537, 355, 399, 347, 537, 473, 745,
    459, 474, 397, 344, 475, 344, 498, 775, 544, 494, 775, 681, 606, 503, 503, 503, 537, 538, 494, 676, 606, 653,
    494, 538, 498, 905, 539, 539, 498, 507, 342, 691, 268, 258, 258, 435, 435, 711, 226, 498, 498,
)
_REGULAR = dict(zip(_CHARS, _REGULAR_W, strict=True))
_BOLD = dict(zip(_CHARS, _BOLD_W, strict=True))
_WIDEST = 906

#: Where a line may break: a space, a tab, a line break, a soft hyphen, or after a hyphen or slash.
_BREAK = re.compile(r"[ \t\n\u00ad]+|(?<=[-/])")
#: Default size in tables (half-points: 10 pt), and what a cell needs beyond its text
#: (the margins «Iktplan tabell» sets, 90 twips each side, and a little air).
_TABLE_SIZE = 20
_CELL_EXTRA = 180 + 60


def text_width(text: str, half_points: int = _TABLE_SIZE, bold: bool = False) -> int:
    """The width of *text* in twips (1/20 pt) at *half_points* size."""
    widths = _BOLD if bold else _REGULAR
    thousandths = sum(widths.get(c, _WIDEST) for c in text)
    return round(thousandths * half_points / 2 * 20 / 1000)


def widest_piece(text: str, half_points: int = _TABLE_SIZE, bold: bool = False) -> int:
    """The width in twips of the widest piece of *text* that cannot break across lines."""
    return max((text_width(p, half_points, bold) for p in _BREAK.split(text) if p), default=0)


def fit_columns(table) -> bool:
    """Widen the columns of *table* (a ``w:tbl`` element with a fixed layout)
    that are narrower than their widest unbreakable text, taking the width from
    columns with room to spare. Returns True when the grid was changed."""
    grid = table.find(qn("w:tblGrid"))
    layout = table.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
    if grid is None or layout is None or layout.get(qn("w:type")) != "fixed":
        return False
    cols = grid.findall(qn("w:gridCol"))
    widths = [int(c.get(qn("w:w"), "0") or 0) for c in cols]
    if not widths or 0 in widths:
        return False
    need = [0] * len(widths)
    for row in table.iterchildren(qn("w:tr")):
        header = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        col = 0
        for cell in row.iterchildren(qn("w:tc")):
            span_el = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_el.get(qn("w:val"), "1")) if span_el is not None else 1
            if span == 1 and col < len(need):
                need[col] = max(need[col], _cell_need(cell, header))
            col += span
    need = [n + _CELL_EXTRA if n else 0 for n in need]
    short = [max(0, n - w) for n, w in zip(need, widths)]
    missing = sum(short)
    if missing == 0:
        return False
    spare = [max(0, w - max(n, _CELL_EXTRA)) for n, w in zip(need, widths)]
    available = sum(spare)
    if available == 0:
        return False
    take = min(missing, available)
    grow = [s * take // missing for s in short]  # all of it when there is room; a fair share when not
    new = [w + g - (sp * take // available) for w, g, sp in zip(widths, grow, spare)]
    new[max(range(len(new)), key=lambda i: spare[i])] += sum(widths) - sum(new)  # rounding: same total
    for c, w in zip(cols, new):
        c.set(qn("w:w"), str(w))
    for row in table.iterchildren(qn("w:tr")):
        col = 0
        for cell in row.iterchildren(qn("w:tc")):
            tcpr = cell.find(qn("w:tcPr"))
            span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
            span = int(span_el.get(qn("w:val"), "1")) if span_el is not None else 1
            width_el = tcpr.find(qn("w:tcW")) if tcpr is not None else None
            if width_el is not None:
                width_el.set(qn("w:w"), str(sum(new[col:col + span])))
                width_el.set(qn("w:type"), "dxa")
            col += span
    return True


def _cell_need(cell, header: bool) -> int:
    """The widest unbreakable text in *cell*, in twips (a nested table is measured on its own)."""
    widest = 0
    for paragraph in cell.iter(qn("w:p")):
        if next(paragraph.iterancestors(qn("w:tc"))) is not cell:
            continue
        runs: list[tuple[str, bool, int]] = []
        for run in paragraph.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if text:
                runs.append((text, *_font(run, header)))
        if not runs:
            continue
        if all(r[1:] == runs[0][1:] for r in runs):  # one font, as nearly every cell: by pieces
            widest = max(widest, _widest_in_font("".join(r[0] for r in runs), *runs[0][1:]))
        else:
            widest = max(widest, _widest([(c, bold, size) for text, bold, size in runs for c in text]))
    return widest


#: The pieces :func:`_widest` measures: a break before a space, tab, line break or soft
#: hyphen (which take no width) and after a hyphen or slash.
_PIECE = re.compile("[^ \t\n\u00ad/-]+[-/]?|[-/]")
_ROUNDED: dict[tuple[bool, int], tuple[dict[str, int], int]] = {}


@lru_cache(maxsize=8192)
def _widest_in_font(text: str, bold: bool, size: int) -> int:
    """:func:`_widest` of *text* all in one font (the same sum of rounded character widths)."""
    font = _ROUNDED.get((bold, size))
    if font is None:
        table = _BOLD if bold else _REGULAR
        font = _ROUNDED[bold, size] = ({c: round(w * size * 10 / 1000) for c, w in table.items()},
                                       round(_WIDEST * size * 10 / 1000))
    widths, other = font
    get = widths.get
    return max((sum(get(c, other) for c in piece) for piece in _PIECE.findall(text)), default=0)


def _font(run, header: bool) -> tuple[bool, int]:
    """Bold and size (half-points) of *run*: its own properties, else the table's defaults."""
    bold, size = header, _TABLE_SIZE
    rpr = run.find(qn("w:rPr"))
    if rpr is not None:
        b = rpr.find(qn("w:b"))
        if b is not None:
            bold = b.get(qn("w:val"), "true") not in ("0", "false")
        sz = rpr.find(qn("w:sz"))
        if sz is not None and (sz.get(qn("w:val")) or "").isdigit():
            size = int(sz.get(qn("w:val")))
    return bold, size


def _widest(chars: list[tuple[str, bool, int]]) -> int:
    """The widest piece between break opportunities, each character in its own run's font."""
    widest = current = 0
    previous = ""
    for c, bold, size in chars:
        if c in " \t\n\u00ad" or previous in "-/":
            widest, current = max(widest, current), 0
            previous = c
            if c in " \t\n\u00ad":
                continue
        table = _BOLD if bold else _REGULAR
        current += round(table.get(c, _WIDEST) * size * 10 / 1000)
        previous = c
    return max(widest, current)
