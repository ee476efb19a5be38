"""Validation against the form contract: mostly on hand-built raw workbooks (fast,
pure), and on real forms filled in from the project's blank form."""

from __future__ import annotations

import subprocess
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import contract as c
from pipeline.forms.blankform import TABLE_ROWS
from pipeline.core.model import BarometerAnswer, FormContent, Measure, Period, Problem, Provenance, System, UnitInfo
from pipeline.forms.reader import RawSheet, RawWorkbook, read_workbook
from pipeline.forms.validation import Issue, validate
from support.libreoffice import needs_libreoffice

UNIT = {
    "kommune": "Fjordvik kommune",
    "enhet": "Fjordvik barneskole",
    "tjenesteomrade": "Oppvekst og utdanning",
    "kontaktperson": "Ingrid Berg",
    "epost": "ingrid.berg@fjordvik.kommune.no",
    "dato": datetime(2026, 11, 20),
    "skjemaversjon": "1.0",
}
PROBLEM = {"Nr": 1, "Beskrivelse": "Nettet faller ut.", "Type": "Problem", "Prioritet": "Høy"}
SYSTEM = {"System": "Visma Flyt Skole", "Brukere": 45, "Tilfredshet (1-5)": 3, "Livsløp": "Beholde"}
MEASURE = {
    "Nr": 1, "Tiltak": "Nytt trådløst nett", "Delmål": "D4", "Problem nr": "1", "Investering (kr)": "85 000 kr",
    "Årlig drift (kr)": 6000, "Årlig gevinst (kr)": "0", "Gevinstbeskrivelse": "Undervisning uten avbrudd.",
    "Tidsrom": "Vår 2027", "Varighet (mnd)": 2, "Ansvarlig gjennomføring": "IKT-avdelingen",
    "Ansvarlig oppfølging": "Rektor", "Risiko": "Lav", "Kategori": "Quick win", "Gevinsttype": "Tid",
}


def table_rows(sheet: str, items: list[dict[str, Any]], start: int = 2) -> list[tuple[int, tuple]]:
    headers = c.TABLE_HEADERS[sheet]
    rows, number = [(1, headers)], start
    for item in items:
        number = item.get("_row", number)
        rows.append((number, tuple(item.get(h) for h in headers)))
        number += 1
    return rows


def raw_form(unit=None, problems=(PROBLEM,), systems=(SYSTEM,), measures=(MEASURE,), barometer=None,
             drop_sheets=(), drop_names=()) -> RawWorkbook:
    """A RawWorkbook as the reader returns it for the blank form filled in with these values.
    *barometer* maps a statement index to a score (``None``: all unanswered)."""
    values = {**UNIT, **(unit or {})}
    unit_rows = [(1, ("Opplysning", "Fyll ut her", "Forklaring"))]
    unit_rows += [(i, (f.label, values.get(f.name), f.help)) for i, f in enumerate(c.UNIT_FIELDS, 2)]
    answers = barometer or {}
    baro = [{"Område": a, "Påstand": s, "Score (1-5)": answers.get(i)} for i, (a, s) in enumerate(c.BAROMETER)]
    sheets = {
        c.SHEET_GUIDE: [],
        c.SHEET_UNIT: unit_rows,
        c.SHEET_PROBLEMS: table_rows(c.SHEET_PROBLEMS, list(problems)),
        c.SHEET_SYSTEMS: table_rows(c.SHEET_SYSTEMS, list(systems)),
        c.SHEET_MEASURES: table_rows(c.SHEET_MEASURES, list(measures)),
        c.SHEET_BAROMETER: table_rows(c.SHEET_BAROMETER, baro),
        c.SHEET_LISTS: [(1, c.LIST_HEADERS)],
    }
    raw = RawWorkbook({name: RawSheet(name, rows) for name, rows in sheets.items() if name not in drop_sheets})
    for row, f in enumerate(c.UNIT_FIELDS, 2):
        if f.name not in drop_names:
            raw.names[f.name] = values.get(f.name)
            raw.name_cells[f.name] = (c.SHEET_UNIT, f"B{row}")
    return raw


def where(issues: list[Issue]) -> list[tuple]:
    return [(i.sheet, i.row, i.column) for i in issues]


def only(issues: list[Issue], sheet: str | None = None, row: int | None = None, column: str | None = None) -> Issue:
    found = [i for i in issues if (sheet is None or i.sheet == sheet) and (row is None or i.row == row)
             and (column is None or i.column == column)]
    assert len(found) == 1, [str(i) for i in issues]
    return found[0]


# --- a valid form --------------------------------------------------------------------


def test_valid_form_gives_its_content_and_no_errors(config):
    result = validate(raw_form(barometer={0: 3, 5: "4"}), config)
    assert result.ok and result.errors == []
    content = result.content
    assert content.unit == UnitInfo("Fjordvik kommune", "Fjordvik barneskole", "Oppvekst og utdanning",
                                    "Ingrid Berg", "ingrid.berg@fjordvik.kommune.no", date(2026, 11, 20), "1.0")
    assert content.problems == (Problem(1, "Nettet faller ut.", "Problem", None, "Høy",
                                        Provenance(c.SHEET_PROBLEMS, 2)),)
    assert content.systems == (System("Visma Flyt Skole", None, None, 45, 3, "Beholde", None,
                                      Provenance(c.SHEET_SYSTEMS, 2)),)
    assert content.measures == (Measure(1, "Nytt trådløst nett", None, "D4", (1,), 85000, 6000, 0,
                                        "Undervisning uten avbrudd.", Period(2027, "Vår"), 2, "IKT-avdelingen",
                                        "Rektor", "Lav", "Quick win", None, Provenance(c.SHEET_MEASURES, 2),
                                        "Tid"),)
    assert len(content.barometer) == len(c.BAROMETER)
    assert content.barometer[0] == BarometerAnswer(*c.BAROMETER[0], 3, None, Provenance(c.SHEET_BAROMETER, 2))
    assert content.barometer[5].score == 4 and content.barometer[1].score is None
    assert result.unit_name == "Fjordvik barneskole"
    assert result.warnings == []


def test_choices_and_service_area_are_stored_in_canonical_spelling(config):
    problem = {**PROBLEM, "Type": " mulighet", "Prioritet": "HØY"}
    measure = {**MEASURE, "Risiko": "middels", "Kategori": "quick WIN", "Delmål": "d4", "Tidsrom": "høst-2028"}
    result = validate(raw_form(unit={"tjenesteomrade": "oppvekst  og UTDANNING"}, problems=[problem],
                               measures=[measure], barometer={0: 1}), config)
    assert result.ok, [str(e) for e in result.errors]
    assert result.content.unit.service_area == "Oppvekst og utdanning"
    assert (result.content.problems[0].type, result.content.problems[0].priority) == ("Mulighet", "Høy")
    m = result.content.measures[0]
    assert (m.risk, m.category, m.sub_goal, m.period) == ("Middels", "Quick win", "D4", Period(2028, "Høst"))


def test_date_typed_as_text_is_read(config):
    result = validate(raw_form(unit={"dato": "15.03.2027"}, barometer={0: 1}), config)
    assert result.content.unit.form_date == date(2027, 3, 15)


def test_optional_cells_left_empty_get_their_defaults_and_empty_costs_are_not_computed(config):
    measure = {"Nr": 4, "Tiltak": "Kurs", "Ansvarlig gjennomføring": "Rektor", "Ansvarlig oppfølging": "Rektor"}
    result = validate(raw_form(measures=[measure], unit={"dato": None}, barometer={0: 1}), config)
    m = result.content.measures[0]
    # An empty cost is «ikke beregnet» (None), never 0 kr; an empty benefit is no benefit in money.
    assert (m.investment, m.operating_cost, m.benefit, m.problem_nrs, m.period, m.sub_goal) == (
        None, None, 0, (), None, None)
    assert result.content.unit.form_date is None
    assert str(only(result.warnings)) == (
        "Tiltak, rad 2, «Investering (kr)»: «Investering (kr)» og «Årlig drift (kr)» har ikke noe beløp, så tiltaket "
        "vises som «kostnad utredes» og får ingen økonomipoeng før beløpet er kjent. Skriv 0 hvis det ikke koster "
        "noe, eller beløpet når dere vet det.")


@pytest.mark.parametrize("typed", ["utredes", "Prisavhengig", " UKJENT. ", "kostnad utredes", "?"])
def test_an_amount_typed_as_not_known_yet_is_not_computed(config, typed):
    measure = {**MEASURE, "Investering (kr)": typed, "Årlig drift (kr)": 0, "Årlig gevinst (kr)": typed}
    result = validate(raw_form(measures=[measure], barometer={0: 1}), config)
    assert result.ok
    m = result.content.measures[0]
    assert (m.investment, m.operating_cost, m.benefit) == (None, 0, None)
    assert any("kostnad utredes" in w.text for w in result.warnings)


def test_zero_and_a_dash_are_zero_kroner_not_unknown(config):
    measure = {**MEASURE, "Investering (kr)": 0, "Årlig drift (kr)": "-", "Årlig gevinst (kr)": None}
    result = validate(raw_form(measures=[measure], barometer={0: 1}), config)
    m = result.content.measures[0]
    assert (m.investment, m.operating_cost, m.benefit) == (0, 0, 0)


# --- structure ---------------------------------------------------------------------


def test_workbook_of_another_layout_gives_one_clear_error(config):
    raw = RawWorkbook({"Ark1": RawSheet("Ark1", [(1, ("Navn", "Beløp"))])})
    result = validate(raw, config)
    assert len(result.errors) == 1 and result.content is None
    assert "ikke kartleggingsskjemaet" in result.errors[0].text
    assert result.errors[0].row is None


def test_missing_sheet_is_named_and_a_renamed_one_is_pointed_out(config):
    raw = raw_form(drop_sheets=(c.SHEET_MEASURES, c.SHEET_SYSTEMS))
    raw.sheets["tiltak "] = RawSheet("tiltak ", [])
    result = validate(raw, config)
    error = only(result.errors, sheet="Arbeidsboka")
    assert "«Systemer»" in error.text and "«Tiltak» (arket «tiltak » må hete «Tiltak»)" in error.text
    assert result.content is None


def test_missing_lists_sheet_only_warns(config):
    result = validate(raw_form(drop_sheets=(c.SHEET_LISTS,), barometer={0: 1}), config)
    assert result.ok
    assert "«Lister» mangler" in only(result.warnings).text


def test_renamed_header_is_an_error_naming_expected_and_found_and_rows_are_still_checked(config):
    raw = raw_form(measures=[{**MEASURE, "Risiko": "Kanskje"}])
    rows = raw.sheets[c.SHEET_MEASURES].rows
    headers = list(rows[0][1])
    headers[5] = "Investering"
    rows[0] = (1, tuple(headers))
    result = validate(raw, config)
    header_error = only(result.errors, column="Investering (kr)")
    assert (header_error.sheet, header_error.row, header_error.value) == (c.SHEET_MEASURES, 1, "Investering")
    assert "Kolonne F skal ha overskriften «Investering (kr)», men har «Investering»" in header_error.text
    assert only(result.errors, column="Risiko").row == 2


def test_inserted_column_stops_checking_that_sheet_instead_of_misreading_it(config):
    raw = raw_form()
    rows = raw.sheets[c.SHEET_PROBLEMS].rows
    raw.sheets[c.SHEET_PROBLEMS].rows = [(n, cells[:1] + ("Ny kolonne",) + cells[1:]) for n, cells in rows]
    result = validate(raw, config)
    error = only(result.errors)
    assert (error.sheet, error.row, error.column) == (c.SHEET_PROBLEMS, 1, None)
    assert "men er «Nr», «Ny kolonne», «Beskrivelse», «Type» og «Konsekvens»" in error.text
    assert "flyttet, satt inn eller slettet" in error.text
    # the measure's reference to problem 1 is not reported: that sheet could not be read
    assert not any(e.column == "Problem nr" for e in result.errors)


def test_header_row_below_a_title_row_is_found(config):
    raw = raw_form(barometer={0: 2})
    sheet = raw.sheets[c.SHEET_SYSTEMS]
    sheet.rows = [(1, ("Systemene vi bruker",))] + [(n + 2, cells) for n, cells in sheet.rows]
    result = validate(raw, config)
    assert result.ok
    assert result.content.systems[0].prov == Provenance(c.SHEET_SYSTEMS, 4)


def test_missing_header_row_is_an_error(config):
    raw = raw_form()
    raw.sheets[c.SHEET_SYSTEMS].rows = raw.sheets[c.SHEET_SYSTEMS].rows[1:]
    error = only(validate(raw, config).errors)
    assert (error.sheet, error.row) == (c.SHEET_SYSTEMS, None)
    assert "Finner ikke overskriftsraden" in error.text and "«System»" in error.text


def test_missing_defined_name_is_an_error_naming_the_label(config):
    result = validate(raw_form(drop_names=("epost",)), config)
    error = only(result.errors)
    assert (error.sheet, error.column) == (c.SHEET_UNIT, "E-post")
    assert "«epost»" in error.text


# --- form version --------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2.0", "0.9", 2, "3"])
def test_form_of_another_major_version_is_rejected_with_a_hint_to_fetch_a_new_one(config, version):
    result = validate(raw_form(unit={"skjemaversjon": version, "epost": "ugyldig"}), config)
    error = only(result.errors)
    assert (error.sheet, error.row, error.column) == (c.SHEET_UNIT, 8, "Skjemaversjon")
    assert "Hent et nytt skjema hos sekretariatet" in error.text
    assert result.content is None and result.unit_name == "Fjordvik barneskole"


@pytest.mark.parametrize("version", ["1.0", "1.3", 1, 1.0])
def test_form_of_the_same_major_version_is_read(config, version):
    assert validate(raw_form(unit={"skjemaversjon": version}, barometer={0: 1}), config).ok


def test_missing_form_version_is_an_error(config):
    error = only(validate(raw_form(unit={"skjemaversjon": None}), config).errors)
    assert error.column == "Skjemaversjon" and "sekretariatet" in error.text


# --- the Enhet sheet -----------------------------------------------------------------


def test_required_unit_fields_are_errors_when_empty(config):
    result = validate(raw_form(unit={"enhet": " ", "tjenesteomrade": None, "kontaktperson": None, "epost": None}),
                      config)
    assert where(result.errors) == [(c.SHEET_UNIT, 3, "Enhet"), (c.SHEET_UNIT, 4, "Tjenesteområde"),
                                    (c.SHEET_UNIT, 5, "Kontaktperson"), (c.SHEET_UNIT, 6, "E-post")]
    assert all(e.text.startswith("Feltet er tomt, men må fylles ut.") for e in result.errors)
    assert result.unit_name is None and result.content is None


def test_invalid_unit_values_are_errors_with_the_value(config):
    result = validate(raw_form(unit={"tjenesteomrade": "Skole", "epost": "ingrid at fjordvik", "dato": "32.13.2027"}),
                      config)
    assert where(result.errors) == [(c.SHEET_UNIT, 4, "Tjenesteområde"), (c.SHEET_UNIT, 6, "E-post"),
                                    (c.SHEET_UNIT, 7, "Dato")]
    assert [e.value for e in result.errors] == ["Skole", "ingrid at fjordvik", "32.13.2027"]
    assert str(result.errors[1]) == ("Enhet, rad 6, «E-post»: «ingrid at fjordvik» er ikke en gyldig "
                                     "e-postadresse. Skriv adressen slik: navn@kommune.no.")
    assert result.unit_name == "Fjordvik barneskole"


def test_other_municipality_only_warns(config):
    result = validate(raw_form(unit={"kommune": "Bergen kommune"}, barometer={0: 1}), config)
    assert result.ok
    assert "Bergen kommune" in only(result.warnings, column="Kommune").text


def test_unit_not_on_the_expected_list_warns_and_suggests_the_closest_name(config):
    result = validate(raw_form(unit={"enhet": "Fjordvik barneskolen"}, barometer={0: 1}), config)
    assert result.ok
    warning = only(result.warnings, column="Enhet")
    assert "Mente dere «Fjordvik barneskole»?" in warning.text


def test_expected_unit_is_recognised_despite_case_and_spaces(config):
    result = validate(raw_form(unit={"enhet": "  fjordvik   BARNESKOLE "}, barometer={0: 1}), config)
    assert result.ok and result.warnings == []
    assert result.content.unit.name == "fjordvik BARNESKOLE"  # a name is read on one line, single spaces


@pytest.mark.parametrize("typed", ["Fjordvik\u200b barneskole", "Fjord\u00advik barneskole", "\ufeffFjordvik barneskole",
                                   "Fjordvik\u00a0barneskole"])
def test_a_unit_name_with_invisible_characters_is_the_expected_unit_and_reads_clean(config, typed):
    result = validate(raw_form(unit={"enhet": typed}, barometer={0: 1}), config)
    assert result.ok and result.warnings == []
    assert result.content.unit.name == result.unit_name == "Fjordvik barneskole"


def test_a_service_area_other_than_the_configured_one_is_remarked_on(config):
    result = validate(raw_form(unit={"tjenesteomrade": "Helse og omsorg"}, barometer={0: 1}), config)
    assert result.ok and result.content.unit.service_area == "Helse og omsorg"
    assert str(only(result.warnings)) == (
        "Enhet, rad 4, «Tjenesteområde»: Sekretariatet har «Fjordvik barneskole» under tjenesteområdet «Oppvekst og "
        "utdanning», men skjemaet har «Helse og omsorg». Skjemaet er lest med «Helse og omsorg». Er det feil, velg "
        "«Oppvekst og utdanning» og send skjemaet på nytt; er det riktig, gi beskjed til sekretariatet, så retter "
        "de listen.")


@pytest.mark.parametrize("typed", ["oppvekst og UTDANNING", "Oppvekst\u00a0og utdanning", "Oppvekst og\u200b utdanning"])
def test_the_configured_service_area_in_another_spelling_is_no_remark(config, typed):
    result = validate(raw_form(unit={"tjenesteomrade": typed}, barometer={0: 1}), config)
    assert result.ok and result.warnings == [] and result.content.unit.service_area == "Oppvekst og utdanning"


def test_a_unit_not_on_the_list_gets_no_service_area_remark(config):
    result = validate(raw_form(unit={"enhet": "Ny enhet", "tjenesteomrade": "Helse og omsorg"}, barometer={0: 1}),
                      config)
    assert [w.column for w in result.warnings] == ["Enhet"]


# --- table rules ---------------------------------------------------------------------


def test_a_fraction_in_a_kroner_column_is_an_error_that_names_the_cell_and_what_was_meant(config):
    result = validate(raw_form(measures=[{**MEASURE, "_row": 5, "Investering (kr)": "1,5", "Årlig drift (kr)": 0.4}]),
                      config)
    assert [str(e) for e in result.errors] == [
        "Tiltak, rad 5, «Investering (kr)»: «1,5» er ikke et helt kronebeløp. Mente du 1,5 mill. kr "
        "(1\u00a0500\u00a0000\u00a0kr)? Skriv i så fall «1,5 mill» eller 1\u00a0500\u00a0000. Beløpene skrives i hele kroner.",
        "Tiltak, rad 5, «Årlig drift (kr)»: «0,4» er ikke et helt kronebeløp. Mente du 0,4 mill. kr (400\u00a0000\u00a0kr)? "
        "Skriv i så fall «0,4 mill» eller 400\u00a0000. Beløpene skrives i hele kroner.",
    ]


def test_a_small_whole_amount_is_read_with_a_warning_that_names_the_cell(config):
    result = validate(raw_form(measures=[{**MEASURE, "Investering (kr)": "15", "Årlig gevinst (kr)": "1,5 MNOK"}]),
                      config)
    assert result.ok
    measure = result.content.measures[0]
    assert (measure.investment, measure.benefit) == (15, 1_500_000)
    assert str(only(result.warnings, column="Investering (kr)")).startswith(
        "Tiltak, rad 2, «Investering (kr)»: «15» er lest som 15\u00a0kr, og det er svært lite.")


def test_amount_that_is_not_a_number_gives_the_contract_message(config):
    result = validate(raw_form(measures=[{**MEASURE, "_row": 7, "Investering (kr)": "ca. 2 mill"}]), config)
    assert str(only(result.errors)) == ("Tiltak, rad 7, «Investering (kr)»: «ca. 2 mill» er ikke et beløp slik det "
                                        "står: skriv bare tallet, uten «ca.», f.eks. «2 mill». Alle beløpene i "
                                        "skjemaet er anslag, så det er godt nok.")
    assert only(result.errors).value == "ca. 2 mill"


def test_amounts_typed_as_text_are_read_in_kroner(config):
    measure = {**MEASURE, "Investering (kr)": "1,5 mill", "Årlig drift (kr)": "kr 150.000",
               "Årlig gevinst (kr)": "150 000 kr"}
    m = validate(raw_form(measures=[measure], barometer={0: 1}), config).content.measures[0]
    assert (m.investment, m.operating_cost, m.benefit) == (1_500_000, 150_000, 150_000)


def test_every_invalid_cell_of_a_measure_is_reported_in_column_order(config):
    measure = {**MEASURE, "Nr": "en", "Delmål": "D9", "Problem nr": "1-2", "Årlig drift (kr)": -5,
               "Tidsrom": "neste år", "Varighet (mnd)": 0, "Risiko": "Enorm", "Kategori": "Viktig"}
    result = validate(raw_form(measures=[measure]), config)
    assert where(result.errors) == [(c.SHEET_MEASURES, 2, h) for h in (
        "Nr", "Delmål", "Problem nr", "Årlig drift (kr)", "Tidsrom", "Varighet (mnd)", "Risiko", "Kategori")]
    assert "D1, D2, D3, D4, D5 eller D6" in only(result.errors, column="Delmål").text


def test_invalid_problem_and_system_cells_are_reported(config):
    problem = {**PROBLEM, "Nr": 0, "Type": "Utfordring", "Prioritet": "Akutt"}
    system = {**SYSTEM, "Brukere": -3, "Tilfredshet (1-5)": 6, "Livsløp": "Kaste"}
    result = validate(raw_form(problems=[problem], systems=[system], measures=[]), config)
    assert where(result.errors) == [
        (c.SHEET_PROBLEMS, 2, "Nr"), (c.SHEET_PROBLEMS, 2, "Type"), (c.SHEET_PROBLEMS, 2, "Prioritet"),
        (c.SHEET_SYSTEMS, 2, "Brukere"), (c.SHEET_SYSTEMS, 2, "Tilfredshet (1-5)"), (c.SHEET_SYSTEMS, 2, "Livsløp")]


def test_row_with_content_but_missing_required_fields_is_an_error_not_skipped(config):
    result = validate(raw_form(measures=[MEASURE, {"_row": 9, "Investering (kr)": 50000}]), config)
    assert where(result.errors) == [(c.SHEET_MEASURES, 9, "Nr"), (c.SHEET_MEASURES, 9, "Tiltak"),
                                    (c.SHEET_MEASURES, 9, "Ansvarlig gjennomføring")]
    assert all("må fylles ut" in e.text for e in result.errors)


def test_required_problem_and_system_fields(config):
    result = validate(raw_form(problems=[{"Nr": 1, "Type": "Problem"}], systems=[{"Brukere": 3}], measures=[]),
                      config)
    assert where(result.errors) == [(c.SHEET_PROBLEMS, 2, "Beskrivelse"), (c.SHEET_SYSTEMS, 2, "System")]


def test_duplicate_nr_is_an_error_on_the_later_row_naming_the_first(config):
    problems = [PROBLEM, {**PROBLEM, "Beskrivelse": "Annet"}, {**PROBLEM, "Nr": 2}]
    error = only(validate(raw_form(problems=problems), config).errors)
    assert (error.sheet, error.row, error.column, error.value) == (c.SHEET_PROBLEMS, 3, "Nr", 1)
    assert "også brukt på rad 2" in error.text


def test_same_nr_on_problems_and_measures_is_fine(config):
    assert validate(raw_form(barometer={0: 1}), config).ok  # problem 1 and measure 1


def test_reference_to_a_problem_that_does_not_exist_names_the_number(config):
    result = validate(raw_form(measures=[{**MEASURE, "Problem nr": "1, 4 og 7"}]), config)
    error = only(result.errors)
    assert (error.row, error.column, error.value) == (2, "Problem nr", "4, 7")
    assert error.text.startswith("Problem nr 4 og 7 finnes ikke i arket «Problemer og muligheter»")


def test_rows_after_gaps_are_items_and_entirely_empty_rows_are_skipped(config):
    problems = [PROBLEM, {**PROBLEM, "Nr": 2, "_row": 40}, {**PROBLEM, "Nr": 3, "_row": 400}]
    measures = [{**MEASURE, "Problem nr": "3", "_row": 1200}]
    result = validate(raw_form(problems=problems, measures=measures, barometer={0: 1}), config)
    assert result.ok
    assert [p.prov.row for p in result.content.problems] == [2, 40, 400]
    assert result.content.measures[0].prov == Provenance(c.SHEET_MEASURES, 1200)


def test_content_only_right_of_the_table_warns_and_is_not_an_item(config):
    raw = raw_form(barometer={0: 1})
    raw.sheets[c.SHEET_SYSTEMS].rows.append((20, (None,) * 9 + ("notat",)))
    result = validate(raw, config)
    assert result.ok and len(result.content.systems) == 1
    assert only(result.warnings, sheet=c.SHEET_SYSTEMS).row == 20


# --- warnings ------------------------------------------------------------------------


def test_measure_with_costs_and_no_benefit_warns(config):
    measure = {**MEASURE, "Gevinstbeskrivelse": None, "Årlig gevinst (kr)": None}
    result = validate(raw_form(measures=[measure], barometer={0: 1}), config)
    assert result.ok
    warning = only(result.warnings)
    assert (warning.sheet, warning.row, warning.column) == (c.SHEET_MEASURES, 2, "Årlig gevinst (kr)")
    assert "kostnader, men ingen gevinst" in warning.text


@pytest.mark.parametrize("benefit", [{"Årlig gevinst (kr)": "10 000"}, {"Gevinstbeskrivelse": "Bedre kvalitet"}])
def test_measure_with_either_kind_of_benefit_does_not_warn(config, benefit):
    measure = {**MEASURE, "Gevinstbeskrivelse": None, "Årlig gevinst (kr)": None, **benefit}
    assert validate(raw_form(measures=[measure], barometer={0: 1}), config).warnings == []


def test_measure_outside_the_strategy_period_warns(config):
    result = validate(raw_form(measures=[{**MEASURE, "Tidsrom": "Høst 2031"}], barometer={0: 1}), config)
    assert result.ok
    warning = only(result.warnings, column="Tidsrom")
    assert "utenfor strategiperioden 2027–2030" in warning.text


def test_measure_without_follow_up_warns(config):
    result = validate(raw_form(measures=[{**MEASURE, "Ansvarlig oppfølging": None}], barometer={0: 1}), config)
    assert result.ok
    assert only(result.warnings).column == "Ansvarlig oppfølging"


def test_empty_sheets_warn_but_the_form_is_accepted(config):
    result = validate(raw_form(problems=[], systems=[], measures=[]), config)
    assert result.ok
    assert where(result.warnings) == [(c.SHEET_PROBLEMS, None, None), (c.SHEET_SYSTEMS, None, None),
                                      (c.SHEET_MEASURES, None, None), (c.SHEET_BAROMETER, None, None)]
    assert result.content.counts() == {"problemer": 0, "systemer": 0, "tiltak": 0, "barometersvar": 0}


# --- the IKT barometer -------------------------------------------------------------------


def test_barometer_score_outside_one_to_five_is_an_error(config):
    result = validate(raw_form(barometer={0: 0, 1: 6, 2: "fire", 3: 4.5}), config)
    assert where(result.errors) == [(c.SHEET_BAROMETER, row, "Score (1-5)") for row in (2, 3, 4, 5)]


def test_edited_statement_warns_and_is_read_as_written(config):
    raw = raw_form(barometer={0: 4})
    rows = raw.sheets[c.SHEET_BAROMETER].rows
    n, cells = rows[1]
    rows[1] = (n, (cells[0], "Innbyggerne kan søke om alt digitalt.", cells[2]))
    result = validate(raw, config)
    assert result.ok
    assert result.content.barometer[0].statement == "Innbyggerne kan søke om alt digitalt."
    warning = only(result.warnings, column="Påstand")
    assert warning.row == 2
    sheet_level = [w for w in result.warnings if w.row is None]
    assert len(sheet_level) == 1 and "1 av skjemaets 18 påstander mangler" in sheet_level[0].text


def test_statement_matching_after_spacing_and_case_gets_the_canonical_text_and_area(config):
    raw = raw_form(barometer={0: 4})
    rows = raw.sheets[c.SHEET_BAROMETER].rows
    n, cells = rows[1]
    rows[1] = (n, (None, "  " + cells[1].upper(), cells[2]))
    result = validate(raw, config)
    assert result.ok and result.warnings == []
    answer = result.content.barometer[0]
    assert (answer.area, answer.statement, answer.score) == (*c.BAROMETER[0], 4)


def test_answer_without_a_statement_is_an_error(config):
    raw = raw_form(barometer={0: 4})
    raw.sheets[c.SHEET_BAROMETER].rows.append((30, (None, None, 3)))
    error = only(validate(raw, config).errors)
    assert (error.row, error.column) == (30, "Påstand")


def test_statement_answered_twice_is_an_error(config):
    raw = raw_form(barometer={0: 4})
    raw.sheets[c.SHEET_BAROMETER].rows.append((30, (*c.BAROMETER[0], 2)))
    error = only(validate(raw, config).errors)
    assert (error.row, error.column) == (30, "Påstand") and "også på rad 2" in error.text


def test_unanswered_barometer_warns(config):
    result = validate(raw_form(), config)
    assert result.ok
    assert "Ingen av påstandene" in only(result.warnings, sheet=c.SHEET_BAROMETER).text
    assert all(a.score is None for a in result.content.barometer)


# --- reporting -------------------------------------------------------------------------


def test_all_errors_are_collected_in_reading_order(config):
    result = validate(raw_form(unit={"epost": "x"}, problems=[{**PROBLEM, "Prioritet": "?"}],
                               measures=[{**MEASURE, "Problem nr": "5", "Risiko": "?"},
                                         {**MEASURE, "Nr": 2, "_row": 5, "Varighet (mnd)": -1}]), config)
    assert where(result.errors) == [(c.SHEET_UNIT, 6, "E-post"), (c.SHEET_PROBLEMS, 2, "Prioritet"),
                                    (c.SHEET_MEASURES, 2, "Problem nr"), (c.SHEET_MEASURES, 2, "Risiko"),
                                    (c.SHEET_MEASURES, 5, "Varighet (mnd)")]  # cross-sheet checks in column order
    assert result.content is None


def test_messages_are_norwegian_sentences_that_quote_values(config):
    result = validate(raw_form(problems=[{**PROBLEM, "Type": "Feil"}]), config)
    assert str(only(result.errors)) == ("Problemer og muligheter, rad 2, «Type»: «Feil» er ikke et gyldig valg. "
                                        "Velg «Problem» eller «Mulighet».")


# --- real forms, filled in from the project's blank form ------------------------------------


EXAMPLE_MEASURE = {
    "Nr": 1, "Tiltak": "Felles skoleplattform & meldinger <ny>", "Beskrivelse": "Én innlogging.\nFor alle.",
    "Delmål": "D5", "Problem nr": "1, 2", "Investering (kr)": "450 000 kr", "Årlig drift (kr)": "kr 120.000",
    "Årlig gevinst (kr)": 150000, "Gevinstbeskrivelse": "Færre henvendelser.", "Tidsrom": "Høst-2027",
    "Varighet (mnd)": 8, "Ansvarlig gjennomføring": "Rektor", "Ansvarlig oppfølging": "Kommunalsjef",
    "Risiko": "Middels", "Kategori": "Kritisk prosess", "Avhengigheter": "«Valg» av plattform",
    "Gevinsttype": "Kroner (budsjett)",
}


def real_parts() -> dict[str, Any]:
    return {
        "unit": {"enhet": "Fjordvik barneskole", "tjenesteomrade": "Oppvekst og utdanning",
                 "kontaktperson": "Ingrid Berg", "epost": "ingrid.berg@fjordvik.kommune.no",
                 "dato": date(2026, 11, 20)},
        "problems": [{"Nr": 1, "Beskrivelse": "Tre systemer for meldinger.", "Type": "Problem",
                      "Konsekvens": "Beskjeder blir borte.", "Prioritet": "Høy"},
                     {"Nr": 2, "Beskrivelse": "Lesetrening hjemme.", "Type": "Mulighet", "_row": 6}],
        "systems": [{"System": "itslearning", "Leverandør": "itslearning AS", "Formål": "Læringsplattform",
                     "Brukere": 320, "Tilfredshet (1-5)": 2, "Livsløp": "Erstatte", "Kommentar": "Avtalen går ut."}],
        "measures": [EXAMPLE_MEASURE,
                     {"Nr": 2, "Tiltak": "Bedre trådløst nett", "Investering (kr)": 85000, "Årlig drift (kr)": 0,
                      "Gevinstbeskrivelse": "Ingen avbrudd.", "Tidsrom": "Vår 2027", "Varighet (mnd)": 2,
                      "Ansvarlig gjennomføring": "IKT-avdelingen", "Ansvarlig oppfølging": "Rektor", "_row": 60}],
        "barometer": {0: 3, 4: (2, "Få kjenner avviksrutinen."), 17: 1},
    }


def expected_content() -> FormContent:
    unit = UnitInfo("Fjordvik kommune", "Fjordvik barneskole", "Oppvekst og utdanning", "Ingrid Berg",
                    "ingrid.berg@fjordvik.kommune.no", date(2026, 11, 20), c.FORM_VERSION)
    problems = (Problem(1, "Tre systemer for meldinger.", "Problem", "Beskjeder blir borte.", "Høy",
                        Provenance(c.SHEET_PROBLEMS, 2)),
                Problem(2, "Lesetrening hjemme.", "Mulighet", None, None, Provenance(c.SHEET_PROBLEMS, 6)))
    systems = (System("itslearning", "itslearning AS", "Læringsplattform", 320, 2, "Erstatte", "Avtalen går ut.",
                      Provenance(c.SHEET_SYSTEMS, 2)),)
    measures = (Measure(1, "Felles skoleplattform & meldinger <ny>", "Én innlogging.\nFor alle.", "D5", (1, 2),
                        450000, 120000, 150000, "Færre henvendelser.", Period(2027, "Høst"), 8, "Rektor",
                        "Kommunalsjef", "Middels", "Kritisk prosess", "«Valg» av plattform",
                        Provenance(c.SHEET_MEASURES, 2), "Kroner (budsjett)"),
                Measure(2, "Bedre trådløst nett", None, None, (), 85000, 0, 0, "Ingen avbrudd.", Period(2027, "Vår"),
                        2, "IKT-avdelingen", "Rektor", None, None, None, Provenance(c.SHEET_MEASURES, 60)))
    scores = {0: (3, None), 4: (2, "Få kjenner avviksrutinen."), 17: (1, None)}
    barometer = tuple(BarometerAnswer(area, statement, *scores.get(i, (None, None)),
                                      Provenance(c.SHEET_BAROMETER, i + 2))
                      for i, (area, statement) in enumerate(c.BAROMETER))
    return FormContent(unit, problems, systems, measures, barometer)


def test_real_valid_form_reads_to_the_expected_content(make_form, config):
    result = validate(read_workbook(make_form(**real_parts())), config)
    assert result.errors == [] and result.warnings == []
    assert result.content == expected_content()


def test_project_example_form_is_valid(make_form, config):
    result = validate(read_workbook(make_form()), config)
    assert result.ok, [str(e) for e in result.errors]
    assert result.content.counts() == {"problemer": 3, "systemer": 3, "tiltak": 3, "barometersvar": 18}


def test_blank_form_lists_the_missing_unit_fields(blank_form, config):
    result = validate(read_workbook(blank_form), config)
    assert [e.column for e in result.errors] == ["Enhet", "Tjenesteområde", "Kontaktperson", "E-post"]


def test_real_form_with_many_errors_lists_every_one_with_sheet_row_and_column(make_form, config):
    parts = real_parts()
    parts["unit"] = {**parts["unit"], "epost": "ingrid.berg", "tjenesteomrade": "Skole"}
    parts["problems"].append({"Nr": 1, "Beskrivelse": "Dobbelt nummer", "Prioritet": "Snart", "_row": 8})
    parts["systems"][0]["Tilfredshet (1-5)"] = 9
    parts["measures"][0] = {**EXAMPLE_MEASURE, "Investering (kr)": "ca. 2 mill", "Problem nr": "1, 9",
                            "Tidsrom": "Neste vår"}
    parts["measures"].append({"Årlig drift (kr)": "12 000", "_row": 70})
    parts["barometer"] = {0: 7}
    result = validate(read_workbook(make_form(**parts)), config)
    assert where(result.errors) == [
        (c.SHEET_UNIT, 4, "Tjenesteområde"), (c.SHEET_UNIT, 6, "E-post"),
        (c.SHEET_PROBLEMS, 8, "Nr"), (c.SHEET_PROBLEMS, 8, "Prioritet"),
        (c.SHEET_SYSTEMS, 2, "Tilfredshet (1-5)"),
        (c.SHEET_MEASURES, 2, "Problem nr"), (c.SHEET_MEASURES, 2, "Investering (kr)"),
        (c.SHEET_MEASURES, 2, "Tidsrom"),
        (c.SHEET_MEASURES, 70, "Nr"), (c.SHEET_MEASURES, 70, "Tiltak"),
        (c.SHEET_MEASURES, 70, "Ansvarlig gjennomføring"),
        (c.SHEET_BAROMETER, 2, "Score (1-5)"),
    ]
    assert result.content is None and result.unit_name == "Fjordvik barneskole"
    assert str(result.errors[6]).startswith("Tiltak, rad 2, «Investering (kr)»: «ca. 2 mill» er ikke et beløp")


def test_real_rows_after_a_gap_and_past_the_excel_table_are_read(make_form, config):
    table_end = 1 + TABLE_ROWS  # the last row of the blank form's Excel table
    placed = [(1, 2), (2, table_end), (3, table_end + 1), (4, table_end + 470)]
    problems = [{"Nr": n, "Beskrivelse": f"Problem {n}", "_row": row} for n, row in placed]
    result = validate(read_workbook(make_form(problems=problems)), config)
    assert result.ok, [str(e) for e in result.errors]
    assert [(p.nr, p.prov.row) for p in result.content.problems] == placed


def test_real_form_of_an_outdated_major_version_is_rejected(make_form, config):
    parts = real_parts()
    parts["unit"] = {**parts["unit"], "skjemaversjon": "0.9"}
    result = validate(read_workbook(make_form(**parts)), config)
    error = only(result.errors)
    assert (error.sheet, error.column, error.value) == (c.SHEET_UNIT, "Skjemaversjon", "0.9")
    assert f"gjeldende versjon er {c.FORM_VERSION}" in error.text
    assert result.content is None


def libreoffice_save(src: Path, tmp_path: Path) -> Path:
    """Open *src* in LibreOffice Calc and save it as .xlsx again, as a unit with Calc does."""
    outdir = tmp_path / "lo-out"
    outdir.mkdir()
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to",
                           "xlsx", "--outdir", str(outdir), str(src)], capture_output=True, text=True, timeout=180)
    out = outdir / src.name
    assert out.exists(), done.stderr
    return out


@needs_libreoffice
def test_form_saved_by_libreoffice_validates_to_the_same_content(make_form, config, tmp_path):
    original = make_form(**real_parts())
    saved = libreoffice_save(original, tmp_path)
    assert saved.read_bytes() != original.read_bytes()
    before = validate(read_workbook(original), config)
    after = validate(read_workbook(saved), config)
    assert after.errors == [] and after.warnings == before.warnings
    assert after.content == before.content == expected_content()


def test_duration_and_users_may_be_written_with_their_unit(config):
    measure = {**MEASURE, "Varighet (mnd)": "8 mnd"}
    system = {**SYSTEM, "Brukere": "ca. 45 brukere"}
    result = validate(raw_form(measures=[measure], systems=[system], barometer={0: 1}), config)
    assert result.ok and result.warnings == []
    assert (result.content.measures[0].duration_months, result.content.systems[0].users) == (8, 45)


def test_a_duration_longer_than_ten_years_is_read_with_a_remark(config):
    result = validate(raw_form(measures=[{**MEASURE, "Varighet (mnd)": 2027}], barometer={0: 1}), config)
    assert result.ok and result.content.measures[0].duration_months == 2027
    assert str(only(result.warnings)) == (
        "Tiltak, rad 2, «Varighet (mnd)»: «2027» måneder er mer enn 10 år. Mente dere år, eller et årstall? Skriv "
        "hvor mange måneder gjennomføringen tar, f.eks. 6. Stemmer tallet, trenger dere ikke gjøre noe.")


_INVISIBLE = st.sampled_from(["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200e", "\u202c", "\u200c", "\x07"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 19), _INVISIBLE), min_size=1, max_size=4), st.booleans())
def test_a_unit_name_with_any_invisible_characters_is_the_listed_unit(insertions, nfd):
    import unicodedata

    from pipeline.config import load_config
    from support.paths import DEFAULTS

    name = "Fjordvik barneskole"
    for at, ch in insertions:
        name = name[:at] + ch + name[at:]
    name = unicodedata.normalize("NFD", name) if nfd else name
    result = validate(raw_form(unit={"enhet": name}, barometer={0: 1}), load_config(DEFAULTS / "strategi.toml"))
    assert result.ok and result.warnings == []
    assert result.content.key == "fjordvik barneskole" and result.content.unit.name == "Fjordvik barneskole"


# --- «Gevinsttype»: the column added in form version 1.1 ----------------------------------------------


def test_a_form_from_before_the_benefit_kind_column_is_read_with_the_kind_unknown(make_form, config, tmp_path):
    """A 1.0 form has no «Gevinsttype» column: it is accepted, and its benefit has no kind
    (never counted as money), with a remark that says so."""
    from openpyxl import load_workbook

    path = make_form(**real_parts())
    wb = load_workbook(path)
    ws = wb[c.SHEET_MEASURES]
    header_row = next(r for r in range(1, 11) if ws.cell(r, 1).value == "Nr")
    column = c.MEASURE_HEADERS.index("Gevinsttype") + 1
    assert ws.cell(header_row, column).value == "Gevinsttype"
    ws.delete_cols(column, len(c.MEASURE_HEADERS) - column + 1)  # the form as it was in version 1.0
    wb["Enhet"]["B8"].value = "1.0"
    old = tmp_path / "gammelt skjema.xlsx"
    wb.save(old)
    result = validate(read_workbook(old), config)
    assert result.errors == []
    first = result.content.measures[0]
    assert (first.benefit, first.benefit_kind) == (150000, None)
    (remark,) = [w for w in result.warnings if w.column == "Gevinsttype"]
    assert remark.row == 2 and "regnes ikke som penger i budsjettet" in remark.text


def test_a_benefit_kind_outside_the_list_is_an_error(make_form, config):
    parts = real_parts()
    parts["measures"] = [{**EXAMPLE_MEASURE, "Gevinsttype": "Penger"}]
    result = validate(read_workbook(make_form(**parts)), config)
    (error,) = [e for e in result.errors if e.column == "Gevinsttype"]
    assert error.value == "Penger"
