"""``beslutninger.xlsx`` edited the way a person edits it in Excel: cells typed
into the rows of given measures (by id) and columns (by header), and read back."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from pipeline.forms.decisionbook import FIRST_ROW, HEADER_ROW, SHEET


def edit_decisions(path: Path, changes: dict[str, dict[str, object]], extra: dict | None = None) -> Path:
    """Type *changes* ({id: {header: value}}) into the workbook at *path* and save
    it. *extra* = {"header": …, "values": {id: value}} adds a column of one's own."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    columns = {c.value: c.column for c in ws[HEADER_ROW] if c.value}
    rows = {ws.cell(r, 1).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    for id, cells in changes.items():
        for header, value in cells.items():
            cell = ws.cell(rows[id], columns[header], value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed as text ('=… in Excel), not as a formula
    if extra:
        column = ws.max_column + 1
        ws.cell(HEADER_ROW, column, extra["header"])
        for id, value in extra["values"].items():
            ws.cell(rows[id], column, value)
    wb.save(path)
    return path


def decision_rows(path: Path) -> dict[str, dict[str, object]]:
    """Every row of the workbook by id: {header: value}, in the file's order."""
    ws = openpyxl.load_workbook(path, read_only=True)[SHEET]
    rows = list(ws.iter_rows(values_only=True))
    headers = rows[HEADER_ROW - 1]
    return {r[0]: dict(zip(headers, r)) for r in rows[FIRST_ROW - 1:] if r and r[0]}
