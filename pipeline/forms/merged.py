"""Merged cells read as the unit sees them.

A unit that merges «Ansvarlig gjennomføring» over three measures sees the name
beside all three rows, but the file holds it only in the first cell of the
merge. Validation (:mod:`pipeline.forms.validation`) asks this module what
each covered cell shows: the value of the merge's first cell goes down its
column to every row of the merge that has content of its own in the table
(a row with nothing else in it is not a new item), and a :class:`Spread` says
which cells took it, so the unit is told in the receipt.

Only downwards: the columns a merge covers to the right show the same one
value, once, across the cells; they stay empty, as the unit sees them.

Pure: works on :class:`~pipeline.forms.reader.RawWorkbook` data, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from pipeline.forms.values import is_empty

Range = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


@dataclass(frozen=True)
class Spread:
    """The value of merged cell *ref* read into *rows* (besides its own first row)."""

    ref: str  # e.g. "L2:L4"
    row: int  # the merge's first row, where the value is stored
    column: int  # 0-based column of the value
    value: Any
    rows: tuple[int, ...]  # the rows below that took the value, ascending


def reference(merge: Range) -> str:
    first_row, first_col, last_row, last_col = merge
    return f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"


def spread(rows: list[tuple[int, tuple[Any, ...]]], merges: tuple[Range, ...], below: int,
           width: int) -> tuple[dict[int, dict[int, Any]], list[Spread]]:
    """What the merges in *merges* show in the table rows after row *below*
    that have content in the first *width* columns: row → {0-based column →
    value}, and one :class:`Spread` per merge that filled a row."""
    values = {number: cells for number, cells in rows}
    filled: dict[int, dict[int, Any]] = {}
    spreads = []
    for merge in merges:
        first_row, first_col, last_row, _ = merge
        column = first_col - 1
        if last_row == first_row or first_row <= below or column >= width:
            continue
        value = _cell(values, first_row, column)
        if is_empty(value):
            continue
        taken = tuple(number for number in sorted(values) if first_row < number <= last_row
                      and any(not is_empty(v) for v in values[number][:width]))
        for number in taken:
            filled.setdefault(number, {})[column] = value
        if taken:
            spreads.append(Spread(reference(merge), first_row, column, value, taken))
    return filled, spreads


def covering(merges: tuple[Range, ...], cell: str) -> Range | None:
    """The merge that covers *cell* (``"B3"``) without starting at it, in the
    same column and below the merge's first row; ``None`` if there is none."""
    match = re.fullmatch(r"([A-Z]{1,3})(\d+)", cell)
    if match is None:
        return None
    row = int(match.group(2))
    letters = match.group(1)
    for merge in merges:
        first_row, first_col, last_row, _ = merge
        if get_column_letter(first_col) == letters and first_row < row <= last_row:
            return merge
    return None


def _cell(values: dict[int, tuple[Any, ...]], row: int, column: int) -> Any:
    cells = values.get(row, ())
    return cells[column] if column < len(cells) else None
