"""The benefit plan on a measure (form 1.1): «Gevinsteier», «Indikator», «Nullpunkt»,
«Målverdi» and «Måldato», optional columns at the end of the ``Tiltak`` sheet. A form
made by today's blank form carries them; an older form without the columns is
still accepted, its measures without a plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pipeline import contract as c
from pipeline.core.model import FormContent
from pipeline.forms.formfill import example_unit, fill_form
from pipeline.forms.reader import read_workbook
from pipeline.forms.validation import validate
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice

PLAN = {"Gevinsteier": "Kommunalsjef oppvekst", "Indikator": "Henvendelser fra foreldre per uke",
        "Nullpunkt": "40 per uke", "Målverdi": "10 per uke", "Måldato": "31.12.2028"}


def with_plan(**plans: dict) -> dict:
    """The example unit, its measures given the benefit plans *plans* (by measure number as text)."""
    data = example_unit()
    for m in data["measures"]:
        m.update(plans.get(str(m["Nr"]), {}))
    return data


def older_form(path: Path, out: Path, keep: int = 0) -> Path:
    """*path* as the form of version 1.1 was (main's, with «Gevinsttype»): the benefit plan's
    columns deleted (all but the first *keep* of them), the version 1.1."""
    wb = openpyxl.load_workbook(path)
    ws = wb[c.SHEET_MEASURES]
    first = c.MEASURE_HEADERS.index(c.BENEFIT_PLAN_HEADERS[0]) + 1 + keep
    assert ws.cell(1, first).value == c.BENEFIT_PLAN_HEADERS[keep]
    ws.delete_cols(first, len(c.BENEFIT_PLAN_HEADERS) - keep)
    table = next(iter(ws.tables.values()))
    last = openpyxl.utils.get_column_letter(first - 1)
    table.ref = f"A1:{last}{table.ref.split(':')[1].lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
    table.autoFilter.ref = table.ref
    table.tableColumns = table.tableColumns[: first - 1]
    sheet, ref = next(wb.defined_names["skjemaversjon"].destinations)
    wb[sheet][ref.replace("$", "")].value = "1.1"
    wb.save(out)
    return out


def read(path: Path, config) -> tuple[FormContent | None, list, list]:
    result = validate(read_workbook(path), config)
    return result.content, result.errors, result.warnings


def test_the_blank_form_has_the_benefit_plan_columns_last_with_input_help(blank_form):
    wb = openpyxl.load_workbook(blank_form)
    ws = wb[c.SHEET_MEASURES]
    headers = [cell.value for cell in ws[1]]
    assert tuple(headers[-len(c.BENEFIT_PLAN_HEADERS):]) == c.BENEFIT_PLAN_HEADERS
    prompts = {dv.promptTitle: dv.prompt for dv in ws.data_validations.dataValidation}
    assert "Gevinsteier" in prompts and "gevinsten faktisk tas ut" in prompts["Gevinsteier"]
    assert "bare året" in prompts["Måldato"]
    assert any("gevinstplanen" in (row[0].value or "") for row in wb[c.SHEET_GUIDE].iter_rows())


def test_a_filled_benefit_plan_is_read_with_the_measure(blank_form, tmp_path, config):
    form = fill_form(blank_form, tmp_path / "plan.xlsx", **with_plan(**{"1": PLAN}))
    content, errors, warnings = read(form, config)
    assert errors == []
    first, second = content.measures[:2]
    assert (first.benefit_owner, first.indicator, first.indicator_baseline, first.indicator_target,
            first.target_date) == ("Kommunalsjef oppvekst", "Henvendelser fra foreldre per uke", "40 per uke",
                                   "10 per uke", date(2028, 12, 31))
    assert first.has_benefit_plan and not second.has_benefit_plan
    assert second.benefit_owner is None and second.target_date is None
    assert not [w for w in warnings if w.column in c.BENEFIT_PLAN_HEADERS]


def test_the_benefit_plan_survives_the_store_as_json(blank_form, tmp_path, config):
    import json

    form = fill_form(blank_form, tmp_path / "plan.xlsx", **with_plan(**{"2": PLAN}))
    content, errors, _ = read(form, config)
    assert errors == []
    again = FormContent.from_dict(json.loads(json.dumps(content.to_dict())))
    assert again == content and again.measures[1].target_date == date(2028, 12, 31)


def test_stored_content_from_before_the_benefit_plan_reads_without_a_plan(blank_form, tmp_path, config):
    form = fill_form(blank_form, tmp_path / "plan.xlsx", **example_unit())
    content, _, _ = read(form, config)
    stored = content.to_dict()
    for m in stored["measures"]:  # what an older iktplan kept
        for key in ("benefit_owner", "indicator", "indicator_baseline", "indicator_target", "target_date"):
            del m[key]
    assert FormContent.from_dict(stored) == content


def test_a_form_without_the_benefit_plan_columns_is_accepted_with_no_plan(blank_form, tmp_path, config):
    filled = fill_form(blank_form, tmp_path / "ny.xlsx", **example_unit())
    old = older_form(filled, tmp_path / "gammel.xlsx")
    assert [cell.value for cell in openpyxl.load_workbook(old)[c.SHEET_MEASURES][1]][-1] == "Gevinsttype"
    content, errors, warnings = read(old, config)
    assert errors == []
    assert content.unit.form_version == "1.1"
    assert len(content.measures) == 3 and not any(m.has_benefit_plan for m in content.measures)
    new, _, new_warnings = read(filled, config)
    assert content.measures == new.measures and len(warnings) == len(new_warnings)


def test_a_form_that_has_only_the_first_benefit_plan_columns_reads_the_rest_as_empty(blank_form, tmp_path, config):
    filled = fill_form(blank_form, tmp_path / "ny.xlsx", **with_plan(**{"1": {"Gevinsteier": "Rektor",
                                                                              "Indikator": "Fravær"}}))
    part = older_form(filled, tmp_path / "delvis.xlsx", keep=2)
    content, errors, warnings = read(part, config)
    assert errors == []
    assert (content.measures[0].benefit_owner, content.measures[0].indicator) == ("Rektor", "Fravær")
    assert content.measures[0].indicator_target is None
    (remark,) = [w for w in warnings if w.column == "Målverdi"]
    assert remark.row == 2 and "ingen målverdi" in remark.text


def test_a_benefit_plan_column_moved_to_another_place_is_an_error(blank_form, tmp_path, config):
    filled = fill_form(blank_form, tmp_path / "ny.xlsx", **example_unit())
    wb = openpyxl.load_workbook(filled)
    ws = wb[c.SHEET_MEASURES]
    at = c.MEASURE_HEADERS.index("Indikator") + 1
    ws.cell(1, at).value, ws.cell(1, at + 1).value = "Nullpunkt", "Indikator"
    wb.save(tmp_path / "byttet.xlsx")
    content, errors, _ = read(tmp_path / "byttet.xlsx", config)
    assert content is None
    (error,) = errors
    assert error.sheet == c.SHEET_MEASURES and "flyttet, satt inn eller slettet" in error.text


@pytest.mark.parametrize("typed, read_as, remark", [
    ("2029", date(2029, 12, 31), "er lest som 31.12.2029"),
    ("innen 2030", date(2030, 12, 31), "er lest som 31.12.2030"),
    ("1.6.2029", date(2029, 6, 1), None),
    (date(2029, 6, 30), date(2029, 6, 30), None),
])
def test_a_target_date_may_be_a_date_or_a_year_alone(blank_form, tmp_path, config, typed, read_as, remark):
    form = fill_form(blank_form, tmp_path / "dato.xlsx", **with_plan(**{"1": {**PLAN, "Måldato": typed}}))
    content, errors, warnings = read(form, config)
    assert errors == []
    assert content.measures[0].target_date == read_as
    found = [w for w in warnings if w.column == "Måldato"]
    assert [remark in w.text for w in found] == ([True] if remark else [])


def test_a_target_date_that_is_no_date_is_an_error_in_its_cell(blank_form, tmp_path, config):
    form = fill_form(blank_form, tmp_path / "dato.xlsx", **with_plan(**{"2": {**PLAN, "Måldato": "snart"}}))
    content, errors, _ = read(form, config)
    assert content is None
    (error,) = errors
    assert (error.sheet, error.row, error.column, error.value) == (c.SHEET_MEASURES, 3, "Måldato", "snart")
    assert "er ikke en dato" in error.text


def test_a_baseline_or_target_without_an_indicator_gets_a_remark(blank_form, tmp_path, config):
    form = fill_form(blank_form, tmp_path / "x.xlsx", **with_plan(**{"3": {"Nullpunkt": "12", "Målverdi": "20"}}))
    content, errors, warnings = read(form, config)
    assert errors == [] and content.measures[2].indicator is None
    (remark,) = [w for w in warnings if w.column == "Indikator"]
    assert remark.row == 4 and "ikke hva som måles" in remark.text


@needs_libreoffice
def test_a_benefit_plan_saved_through_libreoffice_is_read_the_same(blank_form, tmp_path, config):
    form = fill_form(blank_form, tmp_path / "plan.xlsx", **with_plan(**{"1": PLAN, "3": {**PLAN, "Måldato": "2029"}}))
    saved = libreoffice_roundtrip(form, tmp_path)
    before, _, _ = read(form, config)
    after, errors, _ = read(saved, config)
    assert errors == []
    assert [(m.benefit_owner, m.indicator, m.indicator_baseline, m.indicator_target, m.target_date)
            for m in after.measures] == [(m.benefit_owner, m.indicator, m.indicator_baseline, m.indicator_target,
                                          m.target_date) for m in before.measures]
    assert after.measures[2].target_date == date(2029, 12, 31)
