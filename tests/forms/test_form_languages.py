"""The form in three languages (issue 14): the blank form in nynorsk and Danish is
in that language only, and a form in any language is read – a bokmål form in a
nynorsk or Danish workspace, a nynorsk form in a bokmål one, older forms without
the language cell, and every language's words for seasons and priorities. Forms
are the project's own blank forms, filled as a unit would (pipeline.forms.formfill)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pipeline import contract as c
from pipeline.config import load_config
from pipeline.forms import terms
from pipeline.forms.blankform import write_blank_form
from pipeline.forms.fastreader import read_workbook
from pipeline.forms.formfill import example_unit, fill_form
from pipeline.forms.validation import validate
from pipeline.i18n import available, defaults_file
from support.languages import assert_no_foreign_words
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice


@pytest.fixture(scope="module")
def configs():
    return {code: load_config(defaults_file("strategi.toml", code)) for code in ("nb", "nn", "da")}


@pytest.fixture(scope="module")
def blanks(configs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("blanks")
    return {code: write_blank_form(config, folder / f"{code}.xlsx") for code, config in configs.items()}


def form_text(path: Path) -> str:
    """Everything a unit reads in a workbook: sheet names, cells, and the input and error
    messages of the data validations."""
    wb = openpyxl.load_workbook(path)
    texts = []
    for ws in wb.worksheets:
        texts.append(ws.title)
        texts += [cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
        for dv in ws.data_validations.dataValidation:
            texts += [t for t in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) if t]
    return "\n".join(texts)


def unit_for(config) -> dict:
    """A valid unit of *config*'s own lists (each language's defaults have their own units)."""
    unit = config.expected_units[0]
    return {"enhet": unit.name, "tjenesteomrade": unit.service_area, "kontaktperson": "Ingrid Berg",
            "epost": "ingrid.berg@example.org"}


def filled(blank: Path, out: Path, config, **changes) -> Path:
    data = example_unit()
    data["unit"] = {**data["unit"], **unit_for(config)}
    goal = config.sub_goals[0].code
    data["measures"] = [{**m, "Delmål": goal} for m in data["measures"]]
    data.update(changes)
    return fill_form(blank, out, **data)


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_blank_form_in_nynorsk_and_danish_has_no_word_of_the_other_languages(blanks, code):
    assert_no_foreign_words(form_text(blanks[code]), code, f"det tomme skjemaet ({code})")


@pytest.mark.parametrize("code", ["nb", "nn", "da"])
def test_the_blank_form_names_its_sheets_and_headers_in_its_language_and_records_it(blanks, code):
    wb = openpyxl.load_workbook(blanks[code])
    assert wb.sheetnames == [terms.sheet_name(s, code) for s in c.SHEETS]
    measures = wb[terms.sheet_name(c.SHEET_MEASURES, code)]
    assert tuple(cell.value for cell in measures[1]) == terms.headers(c.SHEET_MEASURES, code)
    raw = read_workbook(blanks[code])
    assert raw.names["skjemasprak"] == code and terms.detect(raw.names, list(raw.sheets)) == code


def test_the_languages_name_their_sheets_differently_enough_to_be_told_apart():
    names = {code: {terms.sheet_name(s, code) for s in c.SHEETS} for code in available()}
    for a in names:
        for b in names:
            if a < b:
                assert len(names[a] - names[b]) >= 2, (a, b)


def test_no_word_means_two_values_of_one_kind_in_any_language():
    for kind, values in c.KIND_VALUES.items():
        for code in available():
            for value in values:
                assert terms.canonical_value(kind, terms.value_label(kind, value, code)) == value, (kind, code)


@pytest.mark.parametrize("workspace", ["nb", "nn", "da"])
@pytest.mark.parametrize("form", ["nb", "nn", "da"])
def test_a_form_in_any_language_is_read_in_a_workspace_of_any_language(configs, blanks, tmp_path, form, workspace):
    config = configs[workspace]
    path = filled(blanks[form], tmp_path / "skjema.xlsx", config)
    result = validate(read_workbook(path), config)
    assert result.ok, [str(e) for e in result.errors]
    assert result.form == form
    content = result.content
    assert {m.title for m in content.measures} == {m["Tiltak"] for m in example_unit()["measures"]}
    assert {m.risk for m in content.measures} <= set(c.RISKS)  # the contract's values, whatever the form said
    assert len(content.barometer) == len(c.BAROMETER)
    assert {a.statement for a in content.barometer} == {s for _, s in c.BAROMETER}


@pytest.mark.parametrize("typed, season, year", [
    ("Haust 2027", "Høst", 2027), ("hausten 2027", "Høst", 2027), ("Vår 2028", "Vår", 2028),
    ("Forår 2027", "Vår", 2027), ("Efterår 2027", "Høst", 2027), ("Efteråret 2028", "Høst", 2028),
    ("Sommar 2029", "Sommer", 2029), ("Foråret-2029", "Vår", 2029), ("Høst 2027", "Høst", 2027),
])
@pytest.mark.parametrize("workspace", ["nn", "da"])
def test_every_languages_season_is_understood_in_a_bokmal_form(configs, blanks, tmp_path, typed, season, year,
                                                              workspace):
    config = configs[workspace]
    data = example_unit()
    measures = [{**data["measures"][0], "Tidsrom": typed, "Delmål": config.sub_goals[0].code}]
    path = filled(blanks["nb"], tmp_path / "skjema.xlsx", config, measures=measures)
    result = validate(read_workbook(path), config)
    assert result.ok, [str(e) for e in result.errors]
    [measure] = result.content.measures
    assert (measure.period.season, measure.period.year) == (season, year)


@pytest.mark.parametrize("priority, risk, expected", [
    ("Høg", "Låg", ("Høy", "Lav")), ("Høj", "Mellem", ("Høy", "Middels")), ("høy", "lav", ("Høy", "Lav")),
    ("Middels", "Høj", ("Middels", "Høy")),
])
def test_every_languages_priority_and_risk_is_understood(configs, blanks, tmp_path, priority, risk, expected):
    config = configs["nn"]
    data = example_unit()
    problems = [{**data["problems"][0], "Prioritet": priority}]
    measures = [{**data["measures"][0], "Risiko": risk, "Delmål": config.sub_goals[0].code, "Problem nr": None}]
    path = filled(blanks["da"], tmp_path / "skjema.xlsx", config, problems=problems, measures=measures)
    result = validate(read_workbook(path), config)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.content.problems[0].priority, result.content.measures[0].risk) == expected


def test_a_word_of_no_language_is_an_error_offering_the_readers_words(configs, blanks, tmp_path):
    config = configs["nn"]
    data = example_unit()
    measures = [{**data["measures"][0], "Risiko": "Enorm", "Delmål": config.sub_goals[0].code}]
    path = filled(blanks["nn"], tmp_path / "skjema.xlsx", config, measures=measures)
    [error] = validate(read_workbook(path), config).errors
    assert (error.sheet, error.column) == (c.SHEET_MEASURES, "Risiko")
    assert config.lang.render(error.located()).startswith(
        "Tiltak, rad 2, «Risiko»: «Enorm» er ikkje eit gyldig val. Vel «Låg», «Middels» eller «Høg».")


def test_an_older_form_without_the_language_cell_is_read_as_bokmal(configs, blanks, tmp_path):
    path = filled(blanks["nb"], tmp_path / "skjema.xlsx", configs["nn"])
    wb = openpyxl.load_workbook(path)
    del wb.defined_names["skjemasprak"]
    wb.save(path)
    raw = read_workbook(path)
    assert "skjemasprak" not in raw.names
    result = validate(raw, configs["nn"])
    assert result.ok, [str(e) for e in result.errors]
    assert result.form == "nb"


@needs_libreoffice
def test_a_nynorsk_form_saved_by_libreoffice_calc_is_read_with_its_language(configs, blanks, tmp_path):
    config = configs["da"]  # a Danish workspace receives a nynorsk form
    data = example_unit()
    measures = [{**m, "Tidsrom": "Haust 2027", "Risiko": "Høg"} for m in data["measures"]]
    path = filled(blanks["nn"], tmp_path / "skjema.xlsx", config, measures=measures)
    saved = libreoffice_roundtrip(path, tmp_path)
    raw = read_workbook(saved)
    assert raw.names["skjemasprak"] == "nn"
    result = validate(raw, config)
    assert result.ok, [str(e) for e in result.errors]
    assert result.form == "nn"
    assert {(m.period.season, m.risk) for m in result.content.measures} == {("Høst", "Høy")}
