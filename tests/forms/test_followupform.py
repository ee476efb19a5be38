"""The follow-up form (issue 15): made from the adopted plan, filled in as a unit does,
read back and checked on its own and against the plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import contract as c
from pipeline.forms.followupform import write_followup_forms
from pipeline.forms.followupvalidation import check_against_plan, is_followup, validate_followup
from pipeline.forms.reader import read_workbook
from support.followupforms import demo_baseline, fill_followup
from support.libreoffice import has_soffice, libreoffice_roundtrip


@pytest.fixture
def plan(config, blank_form, tmp_path):
    baseline = demo_baseline(config, blank_form, tmp_path)
    forms = write_followup_forms(config, baseline, 2027, tmp_path, deadline=date(2028, 1, 31))
    return baseline, forms


def _check(path: Path, config):
    raw = read_workbook(path)
    assert is_followup(raw)
    return validate_followup(raw, config)


def test_one_form_per_reporting_unit_prefilled_with_its_adopted_measures(plan):
    baseline, forms = plan
    assert len(forms) == len(baseline.reporting_units)
    for unit, path in zip(baseline.reporting_units, forms):
        wb = load_workbook(path)
        ws = wb[c.SHEET_FOLLOWUP]
        assert [ws.cell(1, i + 1).value for i in range(len(c.FOLLOWUP_HEADERS))] == list(c.FOLLOWUP_HEADERS)
        ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
        assert ids == [m.id for m in baseline.adopted_for(unit.key)]
        assert unit.name in path.name and "2027" in path.name


def test_the_layout_is_protected_and_the_status_is_a_dropdown_of_the_five_statuses(plan):
    _, forms = plan
    wb = load_workbook(forms[0])
    ws = wb[c.SHEET_FOLLOWUP]
    assert ws.protection.sheet and wb[c.SHEET_UNIT].protection.sheet
    assert ws.protection.insertRows and ws.protection.deleteRows and ws.protection.sort  # True = not allowed
    status_col = c.FOLLOWUP_HEADERS.index("Status") + 1
    assert ws.cell(2, 1).protection.locked and not ws.cell(2, status_col).protection.locked
    lists = wb[c.SHEET_LISTS]
    assert [lists.cell(r, 1).value for r in range(2, 7)] == list(c.FOLLOWUP_STATUSES)
    dropdown = next(dv for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert c.SHEET_LISTS in dropdown.formula1
    assert any(dv.type == "whole" for dv in ws.data_validations.dataValidation)  # per cent 0–100


def test_a_form_filled_as_a_unit_does_is_read_with_every_field(plan, config, tmp_path):
    baseline, forms = plan
    unit = baseline.reporting_units[0]
    first, second, third = baseline.adopted_for(unit.key)[:3]
    path = fill_followup(forms[0], tmp_path / "utfylt.xlsx", rows={
        first.id: {"Status": "ferdig", "Fullført (%)": 100, "Brukt investering hittil (kr)": "kr 150.000",
                   "Realisert gevinst i året (kr)": "20 000", "Realisert gevinst i året (tekst)": "Mindre papir",
                   "Indikatorverdi nå": "30 timer", "Kommentar": "Ferdig i juni"},
        second.id: {"Status": "Utsatt", "Ny sluttdato": "30.06.2029", "Kommentar": "Leverandøren er forsinket"},
        third.id: {"Status": "Avbrutt", "Kommentar": "Erstattet av nasjonal løsning"},
    })
    found = _check(path, config)
    assert found.ok, [str(e) for e in found.errors]
    report = found.report
    assert report.year == 2027 and report.unit.name == unit.name
    rows = {m.id: m for m in report.measures}
    assert rows[first.id].status == c.DONE and rows[first.id].spent == 150_000
    assert rows[first.id].benefit_realised == 20_000 and rows[first.id].benefit_text == "Mindre papir"
    assert rows[second.id].new_end == date(2029, 6, 30)
    assert rows[third.id].status == c.STOPPED
    _, errors, _ = check_against_plan(report, [baseline])
    assert errors == []


def test_a_bad_value_is_named_by_sheet_row_and_column(plan, config, tmp_path):
    baseline, forms = plan
    first = baseline.adopted_for(baseline.reporting_units[0].key)[0]
    path = fill_followup(forms[0], tmp_path / "feil.xlsx",
                         rows={first.id: {"Status": "Nesten ferdig", "Fullført (%)": 140}})
    text = [str(e) for e in _check(path, config).errors]
    assert any(t.startswith("Oppfølging, rad 2, «Status»") for t in text), text
    assert any(t.startswith("Oppfølging, rad 2, «Fullført (%)»") for t in text), text


def test_a_measure_not_in_the_adopted_plan_is_an_error_naming_sheet_row_and_column(plan, config, tmp_path):
    baseline, forms = plan
    unit = baseline.reporting_units[0]
    n = len(baseline.adopted_for(unit.key))
    path = fill_followup(forms[0], tmp_path / "ukjent.xlsx", extra_rows=[{"Tiltak": "XYZ-99", "Status": "Pågår"}])
    found = _check(path, config)
    assert found.ok
    _, errors, _ = check_against_plan(found.report, [baseline])
    assert [str(e) for e in errors] == [
        f"Oppfølging, rad {n + 2}, «Tiltak»: Tiltaket «XYZ-99» finnes ikke i den vedtatte handlingsplanen "
        "(vedtatt 10.12.2026). Rapporter bare på tiltakene skjemaet ble sendt ut med; nye tiltak meldes i "
        "kartleggingsskjemaet."]


def test_another_units_measure_is_an_error(plan, config, tmp_path):
    baseline, forms = plan
    theirs = baseline.adopted_for(baseline.reporting_units[1].key)[0]
    path = fill_followup(forms[0], tmp_path / "annen.xlsx", extra_rows=[{"Tiltak": theirs.id, "Status": "Pågår"}])
    _, errors, _ = check_against_plan(_check(path, config).report, [baseline])
    assert len(errors) == 1 and f"hører til {baseline.reporting_units[1].name}" in str(errors[0])


def test_a_form_for_a_year_outside_the_plan_or_before_any_adoption_is_refused(plan, config, tmp_path):
    baseline, forms = plan
    path = fill_followup(forms[0], tmp_path / "aar.xlsx", unit={"ar": None})
    assert _check(path, config).report is None  # «År» is required
    report = _check(fill_followup(forms[0], tmp_path / "ok.xlsx"), config).report
    _, errors, _ = check_against_plan(report, [])
    assert "iktplan vedta" in str(errors[0])
    late = type(report)(report.unit, config.period_to + 1, report.measures)
    _, errors, _ = check_against_plan(late, [baseline])
    assert f"gjelder {config.period_to + 1}" in str(errors[0])


def test_a_mapping_form_is_not_taken_for_a_follow_up_form(blank_form):
    assert not is_followup(read_workbook(blank_form))


@pytest.mark.skipif(not has_soffice(), reason="LibreOffice (soffice) is not installed")
def test_a_form_saved_by_libreoffice_calc_is_read_the_same(plan, config, tmp_path):
    baseline, forms = plan
    first = baseline.adopted_for(baseline.reporting_units[0].key)[0]
    filled = fill_followup(forms[0], tmp_path / "calc.xlsx", rows={
        first.id: {"Status": "Pågår", "Fullført (%)": 40, "Brukt investering hittil (kr)": 50_000,
                   "Ny sluttdato": date(2029, 3, 31), "Kommentar": "God fremdrift"}})
    direct = _check(filled, config)
    saved = libreoffice_roundtrip(filled, tmp_path)
    again = _check(saved, config)
    assert again.ok, [str(e) for e in again.errors]
    assert again.report.measures == direct.report.measures
    assert again.report.unit == direct.report.unit
