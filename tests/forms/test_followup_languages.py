"""The follow-up form in three languages (issue 14): written in the workspace's language
(sheets, headers, guide, statuses, input and error messages, the ``skjemasprak`` cell),
and read back in a workspace of any language – the contract's statuses inside, the
words of the form outside. Forms are the project's own (``write_followup_forms``, as
``iktplan oppfolging`` writes them), filled with openpyxl as a unit would."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pipeline import contract as c
from pipeline.forms import terms
from pipeline.forms.blankform import ERROR_LIMIT, PROMPT_LIMIT, TITLE_LIMIT
from pipeline.forms.followupform import write_followup_forms
from pipeline.forms.followupvalidation import check_against_plan, is_followup, validate_followup
from pipeline.forms.reader import read_workbook
from pipeline.i18n import Lang
from support.followupforms import demo_baseline, fill_followup, form_language
from support.language_leaks import xlsx_pieces
from support.languages import assert_no_foreign_words
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice

LANGUAGES = ("nb", "nn", "da")
S, PCT, SPENT, END, KR, TEXT, IND, NOTE = c.FOLLOWUP_REPORT_HEADERS


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    """The demo's adopted plan, and its first unit's follow-up form of 2027 in each language."""
    from pipeline.config import load_config
    from pipeline.forms.blankform import write_blank_form
    from support.paths import DEFAULTS

    folder = tmp_path_factory.mktemp("oppfolging")
    config = load_config(DEFAULTS / "strategi.toml")
    baseline = demo_baseline(config, write_blank_form(config, folder / "blank.xlsx"), folder)
    forms = {}
    for code in LANGUAGES:
        (folder / code).mkdir()
        written = write_followup_forms(_in(config, code), baseline, 2027, folder / code, deadline=date(2028, 1, 31))
        forms[code] = written[0]
    return config, baseline, forms


def _in(config, code: str):
    """*config* as a workspace in language *code*."""
    return dataclasses.replace(config, language=code)


def _status(value: str, code: str) -> str:
    return terms.value_label("status", value, code)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_form_names_its_sheets_headers_and_statuses_in_the_workspace_language_and_records_it(plan, code):
    _, _, forms = plan
    wb = openpyxl.load_workbook(forms[code])
    assert wb.sheetnames == [terms.sheet_name(s, code) for s in c.FOLLOWUP_SHEETS]
    ws = wb[terms.sheet_name(c.SHEET_FOLLOWUP, code)]
    assert [cell.value for cell in ws[1]] == [terms.header(h, code) for h in c.FOLLOWUP_HEADERS]
    lists = wb[terms.sheet_name(c.SHEET_LISTS, code)]
    assert [lists.cell(r, 1).value for r in range(2, 7)] == [_status(s, code) for s in c.FOLLOWUP_STATUSES]
    raw = read_workbook(forms[code])
    assert raw.names["skjemasprak"] == code and raw.names["skjemaversjon"] == c.FOLLOWUP_FORM_VERSION
    assert raw.names["skjematype"] == Lang.for_code(code).pgettext("form kind", c.FOLLOWUP_KIND)
    assert is_followup(raw)


def test_the_bokmal_form_has_no_nynorsk_or_danish_word(plan):
    # The nynorsk and Danish forms are checked in workspaces of their own (their plan is in their
    # language): tests/intake/test_followup_intake_languages.py.
    _, _, forms = plan
    assert_no_foreign_words("\n".join(p.text for p in xlsx_pieces(forms["nb"])), "nb", "oppfølgingsskjemaet (nb)")


def test_the_statuses_are_the_agreed_words_of_each_language():
    assert [_status(s, "nb") for s in c.FOLLOWUP_STATUSES] == ["Ikke startet", "Pågår", "Ferdig", "Utsatt", "Avbrutt"]
    assert [_status(s, "nn") for s in c.FOLLOWUP_STATUSES] == ["Ikkje starta", "Pågår", "Ferdig", "Utsett", "Avbrote"]
    assert [_status(s, "da") for s in c.FOLLOWUP_STATUSES] == ["Ikke startet", "I gang", "Afsluttet", "Udskudt",
                                                              "Afbrudt"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_input_and_error_message_fits_excel_and_no_title_is_cut(plan, code):
    _, _, forms = plan
    wb = openpyxl.load_workbook(forms[code])
    validations = [(ws.title, dv) for ws in wb.worksheets for dv in ws.data_validations.dataValidation]
    assert len(validations) >= 8 + 3  # the unit's eight columns, and Kontaktperson, E-post, Dato
    shown = {terms.header(h, code) for h in c.FOLLOWUP_HEADERS} | {
        terms.field_label(f.label, code) for f in c.FOLLOWUP_UNIT_FIELDS}
    for sheet, dv in validations:
        assert dv.promptTitle in shown and len(dv.promptTitle) <= TITLE_LIMIT, (sheet, dv.promptTitle)
        assert dv.prompt and len(dv.prompt) <= PROMPT_LIMIT, (sheet, dv.promptTitle)
        assert len(dv.error or "") <= ERROR_LIMIT and len(dv.errorTitle or "") <= TITLE_LIMIT, (sheet, dv.promptTitle)


def _filled(form: Path, out: Path, baseline, code: str) -> tuple[Path, list[str]]:
    """*form* filled with three rows in the words of *code* (another language than the form's, if
    the caller wants: a unit may type what it knows)."""
    unit = baseline.reporting_units[0]
    first, second, third = (m.id for m in baseline.adopted_for(unit.key)[:3])
    rows = {
        first: {S: _status(c.DONE, code), PCT: 100, SPENT: "kr 150.000", KR: "20 000", TEXT: "Mindre papir",
                IND: "30 timar", NOTE: "Ferdig i juni"},
        second: {S: _status(c.POSTPONED, code).lower(), END: "30.06.2029", NOTE: "Leverandøren er forseinka"},
        third: {S: _status(c.STOPPED, code), NOTE: "Nasjonal løysing"},
    }
    return fill_followup(form, out, rows=rows), [first, second, third]


@pytest.mark.parametrize("workspace", LANGUAGES)
@pytest.mark.parametrize("form", LANGUAGES)
def test_a_form_in_any_language_is_read_in_a_workspace_of_any_language(plan, tmp_path, form, workspace):
    config, baseline, forms = plan
    path, (first, second, third) = _filled(forms[form], tmp_path / "svar.xlsx", baseline, form)
    found = validate_followup(read_workbook(path), _in(config, workspace))
    assert found.ok, [str(e) for e in found.errors]
    assert found.form == form
    rows = {m.id: m for m in found.report.measures}
    assert (rows[first].status, rows[second].status, rows[third].status) == (c.DONE, c.POSTPONED, c.STOPPED)
    assert rows[first].spent == 150_000 and rows[second].new_end == date(2029, 6, 30)
    _, errors, _ = check_against_plan(found.report, [baseline], found.form)
    assert errors == []


@pytest.mark.parametrize("typed", ["Ikkje starta", "ikke startet", "I GANG", "Afsluttet", "utsett", "Afbrudt"])
def test_every_languages_status_is_understood_in_any_form(plan, tmp_path, typed):
    config, baseline, forms = plan
    first = baseline.adopted_for(baseline.reporting_units[0].key)[0].id
    path = fill_followup(forms["nb"], tmp_path / "svar.xlsx", rows={first: {S: typed, NOTE: "Grunn"}})
    found = validate_followup(read_workbook(path), _in(config, "nn"))
    assert found.ok, [str(e) for e in found.errors]
    [status] = [m.status for m in found.report.measures if m.id == first]
    assert status in c.FOLLOWUP_STATUSES and terms.canonical_value("status", typed) == status


def _rendered(issues, code: str) -> list[str]:
    lang = Lang.for_code(code)
    return [lang.render(i.located()) for i in issues]


@pytest.mark.parametrize("workspace", ["nb", "da"])
def test_an_unknown_status_is_an_error_naming_the_forms_sheet_row_and_column_in_the_workspace_language(
        plan, tmp_path, workspace):
    config, baseline, forms = plan
    first = baseline.adopted_for(baseline.reporting_units[0].key)[0].id
    path = fill_followup(forms["nn"], tmp_path / "feil.xlsx", rows={first: {S: "Nesten ferdig", PCT: 140}})
    found = validate_followup(read_workbook(path), _in(config, workspace))
    assert [(e.sheet, e.row, e.column) for e in found.errors] == [(c.SHEET_FOLLOWUP, 2, S), (c.SHEET_FOLLOWUP, 2, PCT)]
    status, percent = _rendered(found.errors, workspace)
    # The sheet and the column as the nynorsk form names them; the sentence in the workspace's language.
    assert status.startswith("Oppfølging, rad 2, «Status»: «Nesten ferdig»" if workspace == "nb"
                             else "Oppfølging, række 2, »Status«: »Nesten ferdig«"), status
    options = Lang.for_code(workspace).quote(_status(c.POSTPONED, workspace))
    assert options in status, status
    assert percent.startswith("Oppfølging, rad 2, «Fullført (%)»" if workspace == "nb"
                              else "Oppfølging, række 2, »Fullført (%)«"), percent


def test_issues_against_the_plan_name_the_danish_forms_sheet_and_column_in_a_nynorsk_workspace(plan, tmp_path):
    config, baseline, forms = plan
    n = len(baseline.adopted_for(baseline.reporting_units[0].key))
    path = fill_followup(forms["da"], tmp_path / "ukjent.xlsx",
                         extra_rows=[{"Tiltak": "XYZ-99", S: _status(c.IN_PROGRESS, "da")}])
    found = validate_followup(read_workbook(path), _in(config, "nn"))
    assert found.ok and found.form == "da"
    _, errors, _ = check_against_plan(found.report, [baseline], found.form)
    assert _rendered(errors, "nn") == [
        f"Opfølgning, rad {n + 2}, «Tiltag»: Tiltaket «XYZ-99» finst ikkje i den vedtekne handlingsplanen (vedteken "
        "10.12.2026). Rapporter berre på tiltaka skjemaet vart sendt ut med; nye tiltak skal meldast i "
        "kartleggingsskjemaet."]


def test_a_postponed_measure_without_a_reason_is_told_in_the_forms_words(plan, tmp_path):
    config, baseline, forms = plan
    first = baseline.adopted_for(baseline.reporting_units[0].key)[0].id
    path = fill_followup(forms["da"], tmp_path / "svar.xlsx", rows={first: {S: "Udskudt"}})
    found = validate_followup(read_workbook(path), _in(config, "da"))
    assert found.ok
    warnings = _rendered(found.warnings, "da")
    assert any(w.startswith("Opfølgning, række 2, »Kommentar«: Skriv i »Kommentar«, hvorfor") for w in warnings), \
        warnings
    assert any("»Ny slutdato«" in w for w in warnings), warnings


def test_an_older_bokmal_form_without_the_language_cell_is_read(plan, tmp_path):
    config, baseline, forms = plan
    path, _ = _filled(forms["nb"], tmp_path / "svar.xlsx", baseline, "nb")
    wb = openpyxl.load_workbook(path)
    del wb.defined_names["skjemasprak"]
    wb.save(path)
    assert form_language(openpyxl.load_workbook(path)) == "nb"
    found = validate_followup(read_workbook(path), _in(config, "da"))
    assert found.ok, [str(e) for e in found.errors]
    assert found.form == "nb"


@needs_libreoffice
def test_a_nynorsk_form_saved_by_libreoffice_calc_is_read_the_same_in_a_danish_workspace(plan, tmp_path):
    config, baseline, forms = plan
    path, _ = _filled(forms["nn"], tmp_path / "calc.xlsx", baseline, "nn")
    direct = validate_followup(read_workbook(path), _in(config, "da"))
    saved = libreoffice_roundtrip(path, tmp_path)
    raw = read_workbook(saved)
    assert raw.names["skjemasprak"] == "nn" and is_followup(raw)
    again = validate_followup(raw, _in(config, "da"))
    assert again.ok, [str(e) for e in again.errors]
    assert again.form == "nn" and again.report.measures == direct.report.measures


@pytest.mark.parametrize("code, council", [("da", "Kommunalbestyrelsen"), ("nn", "Bystyret"), ("da", None)])
def test_the_guide_names_the_body_that_adopted_the_plan_as_the_configuration_does(plan, tmp_path, code, council):
    """The last meeting of the case's route adopted the plan (a Danish kommune may have a
    «kommunalbestyrelse», not a «byråd»); without one, the language's council."""
    from pipeline.config import Meeting

    config, baseline, _ = plan
    case = dataclasses.replace(config.case, meetings=(Meeting(council, None, ""),) if council else ())
    (form,) = write_followup_forms(dataclasses.replace(_in(config, code), case=case), baseline, 2027, tmp_path,
                                   deadline=date(2028, 1, 31))[:1]
    wb = openpyxl.load_workbook(form)
    guide = "\n".join(str(c_.value) for row in wb[terms.sheet_name(c.SHEET_GUIDE, code)].iter_rows() for c_ in row
                      if c_.value)
    expected = council or {"da": "Byrådet", "nn": "Kommunestyret"}[code]
    assert f"{expected} {'godkendte' if code == 'da' else 'vedtok'} " in guide
