"""The demo's secretariat: what it decides in ``beslutninger.xlsx`` between the
two rounds, typed in with openpyxl the way a person types in Excel (the cells
of the rows, by the measure's id; nothing else in the file is touched).

* The security plan and ROS analyses (SRV-4) are required by law: locked into
  the plan with «Ta med», so one more form can no longer push them out.
* The nursing home (FSH-1) and home care (HJT-1) proposed the same digital
  supervision: HJT-1 is merged into FSH-1, one joint measure counted once,
  which is locked in as well, under a title both units recognise. FSH-1
  needs the wireless network in wing B (FSH-4): a prerequisite is never
  pulled forward on its own, so the secretariat locks it in too.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.decisions import COL_CHOICE, COL_ID, COL_MERGE, COL_REASON, COL_TITLE, INCLUDE
from pipeline.demo.data import load
from pipeline.forms.decisionbook import choice_label, header, header_columns
from pipeline.i18n import Lang

#: demo.toml's decision keys → the workbook's columns, and its choice codes → what is typed.
_COLUMNS = {"choice": COL_CHOICE, "merge_into": COL_MERGE, "title": COL_TITLE, "reason": COL_REASON}
_CHOICES = {"include": INCLUDE}

Decisions = tuple[tuple[str, dict[str, str]], ...]


def decisions(language: str = "nb") -> Decisions:
    """The demo secretariat's decisions in *language*: (measure id, {column: value}) in
    the order it types them; the column is canonical (:data:`~pipeline.core.decisions.COL_CHOICE` …),
    a choice is typed as the workbook's dropdown in *language* lists it."""
    lang = Lang.for_code(language)
    return tuple((id, {_COLUMNS[key]: choice_label(_CHOICES.get(value, value), lang) if key == "choice" else value
                       for key, value in cells.items()})
                 for id, cells in load(language).decisions)


#: The bokmål demo's decisions.
DEMO_DECISIONS: Decisions = decisions()


def decide(path: Path, language: str = "nb") -> list[str]:
    """Type the decisions of the demo in *language* into the workbook at *path* and
    save it; one line per decision typed. Empty when there is no workbook (the
    first round has not run) or a row is missing."""
    import openpyxl

    if not Path(path).is_file():
        return []
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]  # the decisions sheet, in whatever language the workspace wrote it
    header_row, columns = _header(ws)
    if header_row is None:
        return []
    rows = {str(ws.cell(r, columns[COL_ID]).value or "").strip(): r for r in range(header_row + 1, ws.max_row + 1)}
    typed = []
    lang = Lang.for_code(language)
    for id, cells in decisions(language):
        if id not in rows:
            continue
        for column, value in cells.items():
            ws.cell(rows[id], columns[column], value)
        typed.append(f"{id}: " + "; ".join(f"{header(column, lang)} «{value}»" for column, value in cells.items()))
    if typed:  # another demo municipality has none of these measures: its file stays as it is
        wb.save(path)
    return typed


def _header(ws) -> tuple[int | None, dict[str, int]]:
    """(header row, canonical column → Excel column number), the headers in any language."""
    for r in range(1, 11):
        names = header_columns(c.value for c in ws[r])
        if COL_ID in names and COL_CHOICE in names:
            return r, {column: j + 1 for column, j in names.items()}
    return None, {}
