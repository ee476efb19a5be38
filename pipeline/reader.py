"""Forms reader: an .xlsx workbook → :class:`RawWorkbook` (cell values, no rules).

Validation (``pipeline.validation``) works only on ``RawWorkbook``, so the
reader can be swapped (openpyxl today; a faster reader later) without touching a
single rule or message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawSheet:
    name: str
    #: Non-empty rows only, as (Excel row number, cell values from column A).
    #: Trailing empty cells may be cut; a value is str, int, float, bool,
    #: datetime, or None for an empty cell.
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


@dataclass
class RawWorkbook:
    sheets: dict[str, RawSheet]  # by sheet name, in workbook order
    #: Workbook-level defined name → value of the single cell it points to.
    #: A name that is missing from the workbook is absent from the dict; a name
    #: that points at an empty cell maps to None.
    names: dict[str, Any] = field(default_factory=dict)
    #: Defined name → (sheet, cell reference like "B3"), for error messages.
    name_cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: (sheet, row, column index from 0) of formula cells with no stored value.
    #: None: the reader cannot tell (e.g. read with cached values only).
    formulas_without_value: list[tuple[str, int, int]] | None = None
