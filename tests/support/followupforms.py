"""Follow-up forms filled the way a unit fills them: the form the secretariat handed
out (:mod:`pipeline.forms.followupform`), opened with openpyxl, the yellow cells typed
into by header, saved. And a frozen plan to make those forms from, out of the demo."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from pipeline import contract as c
from pipeline.forms import terms


def form_language(wb) -> str:
    """The language code in a follow-up form's ``skjemasprak`` cell (a 1.0 form without it: bokmål)."""
    if "skjemasprak" not in wb.defined_names:
        return "nb"
    sheet, cell = next(iter(wb.defined_names["skjemasprak"].destinations))
    return wb[sheet][cell.replace("$", "")].value or "nb"


def fill_followup(form: Path, out: Path, rows: dict[str, dict[str, Any]] | None = None,
                  unit: dict[str, Any] | None = None, extra_rows: list[dict[str, Any]] = ()) -> Path:
    """*form* filled into *out*: *rows* by measure id → {contract header: value, typed as
    given}, in whatever language the form is; *unit* by
    the ``Enhet`` sheet's field names (kontaktperson and epost are given a default);
    *extra_rows* typed below the last measure (a unit adding a row)."""
    wb = load_workbook(form)
    code = form_language(wb)
    unit = {"kontaktperson": "Ingrid Berg", "epost": "ingrid.berg@fjordvik.kommune.no", **(unit or {})}
    for name, value in unit.items():
        sheet, cell = next(iter(wb.defined_names[name].destinations))
        wb[sheet][cell.replace("$", "")].value = value
    ws = wb[terms.sheet_name(c.SHEET_FOLLOWUP, code)]
    # The caller names columns by the contract's headers; the form names them in its language.
    shown = {ws.cell(1, col).value: col for col in range(1, ws.max_column + 1)}
    headers = {h: shown[terms.header(h, code)] for h in c.FOLLOWUP_HEADERS}
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


def reported_forms(config, baseline, year: int, folder: Path, fill) -> list:
    """Every unit's follow-up form of *year*, made from *baseline* as ``iktplan oppfolging``
    makes them, filled and read back as the intake reads them: a
    :class:`~pipeline.core.followup.FollowUpSubmission` each. *fill(unit_key, ids)* gives
    the rows to type ({measure id: {header: value}}), or None: the unit sends nothing."""
    from pipeline.core.followup import FollowUpSubmission
    from pipeline.forms.followupform import write_followup_forms
    from pipeline.forms.followupvalidation import validate_followup
    from pipeline.forms.reader import read_workbook

    forms = write_followup_forms(config, baseline, year, folder / "skjemaer")
    out = []
    for i, (unit, form) in enumerate(zip(baseline.reporting_units, forms), 1):
        assert unit.name in form.name
        rows = fill(unit.key, [m.id for m in baseline.adopted_for(unit.key)])
        if rows is None:
            continue
        filled = fill_followup(form, folder / f"svar {i}.xlsx", rows=rows)
        result = validate_followup(read_workbook(filled), config)
        assert result.ok, result.errors
        out.append(FollowUpSubmission(unit.key, year, 1, datetime(year + 1, 1, 10 + i, 9), filled.name,
                                      baseline.number, result.report))
    return out
