"""Codes Excel would change (issue 17, «the form»): the blank form formats
every text and code column as text, and a code Excel has already turned into
a number or a date is recognised and mapped back, with a remark naming the cell."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import openpyxl
import pytest

from pipeline import contract as c
from pipeline.config import SubGoal
from pipeline.forms import fastreader, reader
from pipeline.forms.blankform import AMOUNT_FORMAT, COLUMNS, TEXT_FORMAT, write_blank_form
from pipeline.forms.formfill import example_unit, fill_form
from pipeline.forms.validation import validate
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice

#: Columns holding codes or numbers-as-text that Excel would otherwise turn into numbers or dates.
CODE_COLUMNS = [(c.SHEET_MEASURES, "Delmål"), (c.SHEET_MEASURES, "Problem nr"), (c.SHEET_MEASURES, "Tidsrom"),
                (c.SHEET_MEASURES, "Avhengigheter"), (c.SHEET_SYSTEMS, "System"), (c.SHEET_PROBLEMS, "Beskrivelse")]
NUMBER_COLUMNS = {"Nr": "General", "Brukere": "General", "Tilfredshet (1-5)": "General", "Varighet (mnd)": "General",
                  "Score (1-5)": "General", "Investering (kr)": AMOUNT_FORMAT, "Årlig drift (kr)": AMOUNT_FORMAT,
                  "Årlig gevinst (kr)": AMOUNT_FORMAT}


def column_format(ws, header: str) -> str:
    col = next(cell.column for cell in ws[1] if cell.value == header)
    dim = next(d for d in ws.column_dimensions.values() if d.min <= col <= d.max)
    return dim.number_format


def test_every_column_but_numbers_is_formatted_as_text_in_the_blank_form(blank_form):
    wb = openpyxl.load_workbook(blank_form)
    for sheet, columns in COLUMNS.items():
        for header in columns:
            assert column_format(wb[sheet], header) == NUMBER_COLUMNS.get(header, TEXT_FORMAT), (sheet, header)
    for field in c.UNIT_FIELDS:
        (sheet, ref), = wb.defined_names[field.name].destinations
        expected = "dd.mm.yyyy" if field.name == "dato" else TEXT_FORMAT
        assert wb[sheet][ref.replace("$", "")].number_format == expected, field.name


def test_a_value_typed_into_a_code_column_gets_the_text_format(make_form):
    wb = openpyxl.load_workbook(make_form())
    for sheet, header in CODE_COLUMNS:
        ws = wb[sheet]
        col = next(cell.column for cell in ws[1] if cell.value == header)
        assert ws.cell(2, col).number_format == TEXT_FORMAT, (sheet, header)


@needs_libreoffice
def test_libreoffice_keeps_the_text_format_of_the_code_columns(blank_form, tmp_path):
    wb = openpyxl.load_workbook(libreoffice_roundtrip(blank_form, tmp_path))
    for sheet, header in CODE_COLUMNS:
        assert column_format(wb[sheet], header) == TEXT_FORMAT, (sheet, header)


DOTTED = (SubGoal("1.1", "Flere tjenester skal kunne søkes om digitalt."),
          SubGoal("1.2", "Informasjonssikkerhet i alle systemer."),
          SubGoal("2.10", "Digital kompetanse for alle ansatte."))


@pytest.fixture(scope="module")
def dotted_blank(config, tmp_path_factory):
    """The blank form of a municipality whose sub-goals are numbered like Ballangen's (1.1, 1.2 …)."""
    dotted = dataclasses.replace(config, sub_goals=DOTTED)
    return dotted, write_blank_form(dotted, tmp_path_factory.mktemp("punktum") / "Kartleggingsskjema.xlsx")


def test_codes_excel_turned_into_numbers_and_dates_are_mapped_back_with_remarks(dotted_blank, tmp_path):
    config, blank = dotted_blank
    data = example_unit()
    # What Excel stores when «1.2», «2.10» and «1,3» are typed into cells formatted «General»:
    # English Excel keeps 1.2 a number (and drops the zero of 2.10); Norwegian Excel makes «2.10» the
    # date 2 October; «1,3» in Problem nr becomes the number 1,3.
    data["measures"][0].update({"Delmål": 1.2, "Problem nr": 1.3})
    data["measures"][1].update({"Delmål": datetime(2027, 10, 2)})
    data["measures"][2].update({"Delmål": "1.1"})
    path = fill_form(blank, tmp_path / "excel.xlsx", **data)
    raw = reader.read_workbook(path)
    assert repr(fastreader.read_workbook(path)) == repr(raw)
    result = validate(raw, config)
    assert result.ok, [str(e) for e in result.errors]
    assert [m.sub_goal for m in result.content.measures] == ["1.2", "2.10", "1.1"]
    assert result.content.measures[0].problem_nrs == (1, 3)
    remarks = [str(w) for w in result.warnings if w.column in ("Delmål", "Problem nr")]
    assert remarks == [
        "Tiltak, rad 2, «Delmål»: «1,2» er lest som delmål «1.2». Excel hadde gjort «1.2» om til tallet 1,2. "
        "Stemmer det, trenger dere ikke gjøre noe; ellers velg delmålet fra listen.",
        "Tiltak, rad 2, «Problem nr»: «1,3» er lest som problem nr 1 og 3. Excel hadde gjort «1,3» om til "
        "desimaltallet 1,3. Stemmer ikke det, skriv numrene med mellomrom etter kommaet, f.eks. «1, 3», og send "
        "skjemaet på nytt.",
        "Tiltak, rad 3, «Delmål»: «02.10.2027» er lest som delmål «2.10». Excel hadde gjort «2.10» om til datoen "
        "02.10.2027. Stemmer det, trenger dere ikke gjøre noe; ellers velg delmålet fra listen.",
    ]


def test_a_date_that_is_no_configured_code_is_still_an_error(dotted_blank, tmp_path):
    config, blank = dotted_blank
    data = example_unit()
    data["measures"][0]["Delmål"] = datetime(2027, 3, 4)
    result = validate(reader.read_workbook(fill_form(blank, tmp_path / "feil.xlsx", **data)), config)
    [error] = [e for e in result.errors if e.row == 2]
    assert error.column == "Delmål" and error.text.startswith("«04.03.2027» er ikke et av strategiens delmål")
