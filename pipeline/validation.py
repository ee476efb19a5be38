"""Validation: :class:`~pipeline.reader.RawWorkbook` → form content + every problem.

Pure: no I/O. Collects *all* errors, not only the first, each naming the sheet,
the row as Excel shows it, the column header and the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.model import FormContent


@dataclass(frozen=True)
class Issue:
    """One error or warning, as the unit will read it in the receipt."""

    sheet: str
    row: int | None  # None: concerns the whole sheet or workbook
    column: str | None  # the header text (or the Enhet label); None: whole row/sheet
    value: Any  # the offending value as read; None when not about a value
    message: str  # Norwegian; completes the sentence after the location

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", rad {self.row}"
        if self.column:
            where += f", «{self.column}»"
        return f"{where}: {self.message}"


@dataclass
class ValidationResult:
    content: FormContent | None  # None when there are errors
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    unit_name: str | None = None  # the «Enhet» value when readable, even if the form has errors

    @property
    def ok(self) -> bool:
        return not self.errors
