"""Follow-up forms filled the way a unit fills them: the form the secretariat handed
out (:mod:`pipeline.forms.followupform`), opened with openpyxl, the yellow cells typed
into by header, saved. And a frozen plan to make those forms from, out of the demo."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from pipeline import contract as c


def fill_followup(form: Path, out: Path, rows: dict[str, dict[str, Any]] | None = None,
                  unit: dict[str, Any] | None = None, extra_rows: list[dict[str, Any]] = ()) -> Path:
    """*form* filled into *out*: *rows* by measure id → {header: value}; *unit* by
    the ``Enhet`` sheet's field names (kontaktperson and epost are given a default);
    *extra_rows* typed below the last measure (a unit adding a row)."""
    wb = load_workbook(form)
    unit = {"kontaktperson": "Ingrid Berg", "epost": "ingrid.berg@fjordvik.kommune.no", **(unit or {})}
    for name, value in unit.items():
        sheet, cell = next(iter(wb.defined_names[name].destinations))
        wb[sheet][cell.replace("$", "")].value = value
    ws = wb[c.SHEET_FOLLOWUP]
    headers = {ws.cell(1, col).value: col for col in range(1, ws.max_column + 1)}
    last = 1
    for row in range(2, ws.max_row + 1):
        measure_id = ws.cell(row, 1).value
        if not measure_id:
            continue
        last = row
        for header, value in (rows or {}).get(measure_id, {}).items():
            ws.cell(row, headers[header], value)
    for offset, values in enumerate(extra_rows, 1):
        for header, value in values.items():
            ws.cell(last + offset, headers[header], value)
    wb.save(out)
    return out


def demo_baseline(config, blank_form: Path, folder: Path, *, adopted_on: date = date(2026, 12, 10),
                  first_year: int = 2027):
    """The demo municipality's plan, frozen as ``iktplan vedta`` freezes version 1."""
    from pipeline.core.assessment import assess
    from pipeline.core.baseline import freeze
    from pipeline.core.model import combine
    from pipeline.core.versions import snapshot
    from support.examples import demo_submissions

    subs = [_with_plans(s) for s in demo_submissions(config, blank_form, folder)]
    model = combine(config, subs)
    snap = snapshot(model, assess(model))
    return freeze(number=1, version=1, snapshot=snap, contents={(s.unit_key, s.revision): s.content for s in subs},
                  config=config, adopted_on=adopted_on, case_ref="PS 45/26", first_year=first_year,
                  recorded_at=datetime(2026, 12, 11, 9, 0))


def _with_plans(sub):
    """The demo unit's even-numbered measures given a benefit plan, as a unit fills in form 1.1's last columns."""
    import dataclasses

    measures = tuple(dataclasses.replace(m, benefit_owner="Rektor", indicator="Timer brukt på papirarbeid per uke",
                                         indicator_baseline="40 timer", indicator_target="25 timer",
                                         target_date=date(2029, 6, 30)) if m.nr % 2 == 0 else m
                     for m in sub.content.measures)
    return dataclasses.replace(sub, content=dataclasses.replace(sub.content, measures=measures))
