"""The form filler: values land under the right headers, typed as given, in the real
blank form, which keeps its names, tables and validations."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from pipeline import contract as c
from pipeline.forms.formfill import Text, example_unit, fill_form, header_columns
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice


def rows_by_header(ws) -> dict[int, dict[str, object]]:
    """Non-empty rows below the header as {Excel row: {header: value}}."""
    header_row, columns = header_columns(ws)
    found = {}
    for r in range(header_row + 1, ws.max_row + 1):
        values = {h: ws.cell(r, col).value for h, col in columns.items()}
        if any(v is not None for v in values.values()):
            found[r] = {h: v for h, v in values.items() if v is not None}
    return found


def named(wb, name):
    (sheet, ref), = wb.defined_names[name].destinations
    return wb[sheet][ref.replace("$", "")]


def test_example_values_land_under_their_headers_with_their_types(make_form):
    wb = openpyxl.load_workbook(make_form())
    data = example_unit()
    for sheet, items in ((c.SHEET_PROBLEMS, data["problems"]), (c.SHEET_SYSTEMS, data["systems"]),
                         (c.SHEET_MEASURES, data["measures"])):
        found = rows_by_header(wb[sheet])
        assert list(found) == list(range(2, 2 + len(items)))
        for row, item in zip(found.values(), items):
            assert row == item
            assert [type(v) for v in row.values()] == [type(v) for v in item.values()]


def test_text_amounts_stay_text_and_numbers_stay_numbers(make_form):
    measures = [{"Nr": 1, "Tiltak": "A", "Investering (kr)": "150 000 kr", "Årlig drift (kr)": 12000,
                 "Årlig gevinst (kr)": 1.5, "Problem nr": "1, 3"}]
    ws = openpyxl.load_workbook(make_form(measures=measures))[c.SHEET_MEASURES]
    _, columns = header_columns(ws)
    assert ws.cell(2, columns["Investering (kr)"]).data_type == "s"
    assert ws.cell(2, columns["Investering (kr)"]).value == "150 000 kr"
    assert ws.cell(2, columns["Årlig drift (kr)"]).value == 12000
    assert ws.cell(2, columns["Årlig gevinst (kr)"]).data_type == "n"
    assert ws.cell(2, columns["Problem nr"]).value == "1, 3"


def test_unit_values_go_to_the_defined_names(make_form):
    unit = {"enhet": "Solsiden barnehage", "tjenesteomrade": "Oppvekst og utdanning", "kontaktperson": "Per Li",
            "epost": "per.li@fjordvik.kommune.no", "dato": "15.03.2027", "skjemaversjon": "2.0"}
    wb = openpyxl.load_workbook(make_form(unit=unit))
    for name, value in unit.items():
        assert named(wb, name).value == value
    assert named(wb, "kommune").value == "Fjordvik kommune"


def test_a_date_becomes_an_excel_date_shown_the_norwegian_way(make_form):
    wb = openpyxl.load_workbook(make_form())
    cell = named(wb, "dato")
    assert cell.value == datetime(2026, 11, 20)
    assert cell.number_format.lower() == "dd.mm.yyyy"


def test_unit_cells_are_found_by_name_not_by_position(blank_form, tmp_path):
    moved = tmp_path / "moved.xlsx"
    wb = openpyxl.load_workbook(blank_form)
    wb.defined_names["enhet"].attr_text = f"'{c.SHEET_UNIT}'!$D$12"
    wb.save(moved)
    out = fill_form(moved, tmp_path / "out.xlsx", unit={"enhet": "Servicetorget"})
    ws = openpyxl.load_workbook(out)[c.SHEET_UNIT]
    assert ws["D12"].value == "Servicetorget"
    assert ws["B3"].value is None


def test_none_empties_a_unit_cell(make_form):
    unit = dict(example_unit()["unit"], enhet=None, kommune=None)
    wb = openpyxl.load_workbook(make_form(unit=unit))
    assert named(wb, "enhet").value is None
    assert named(wb, "kommune").value is None


def test_row_key_places_a_row_past_the_table_and_later_rows_follow_it(make_form):
    problems = [
        {"Nr": 1, "Beskrivelse": "Første"},
        {"_row": 45, "Nr": 2, "Beskrivelse": "Langt nede"},
        {"Nr": 3, "Beskrivelse": "Rett etter"},
        {"_row": 5, "Nr": 4, "Beskrivelse": "Etter et hull"},
    ]
    ws = openpyxl.load_workbook(make_form(problems=problems))[c.SHEET_PROBLEMS]
    found = rows_by_header(ws)
    assert {r: v["Nr"] for r, v in found.items()} == {2: 1, 5: 4, 45: 2, 46: 3}
    assert found[45]["Beskrivelse"] == "Langt nede"
    assert ws.tables["Problemer"].ref.endswith("31")  # the table does not grow, as in LibreOffice


def test_start_row_moves_the_first_row(blank_form, tmp_path):
    out = fill_form(blank_form, tmp_path / "x.xlsx", unit={}, systems=[{"System": "A"}, {"System": "B"}],
                    start_row=4)
    found = rows_by_header(openpyxl.load_workbook(out)[c.SHEET_SYSTEMS])
    assert {r: v["System"] for r, v in found.items()} == {4: "A", 5: "B"}


def test_unknown_header_raises_keyerror(make_form):
    with pytest.raises(KeyError, match=r"\[.Investering.\]"):
        make_form(measures=[{"Nr": 1, "Investering": 100}])


def test_unknown_defined_name_raises_keyerror(make_form):
    with pytest.raises(KeyError, match="avdeling"):
        make_form(unit={"avdeling": "x"})


def test_barometer_takes_a_list_or_a_dict_with_comments(blank_form, tmp_path):
    out = fill_form(blank_form, tmp_path / "a.xlsx", unit={}, barometer={0: 5, 17: (1, "Ingen oppfølging"),
                                                                         4: "4"})
    ws = openpyxl.load_workbook(out)[c.SHEET_BAROMETER]
    by_statement = {ws.cell(r, 2).value: (ws.cell(r, 3).value, ws.cell(r, 4).value) for r in range(2, ws.max_row + 1)}
    assert by_statement[c.BAROMETER[0][1]] == (5, None)
    assert by_statement[c.BAROMETER[4][1]] == ("4", None)
    assert by_statement[c.BAROMETER[17][1]] == (1, "Ingen oppfølging")
    assert sum(score is not None for score, _ in by_statement.values()) == 3

    out = fill_form(blank_form, tmp_path / "b.xlsx", unit={}, barometer=[3] * len(c.BAROMETER))
    ws = openpyxl.load_workbook(out)[c.SHEET_BAROMETER]
    assert [ws.cell(r, 3).value for r in range(2, len(c.BAROMETER) + 2)] == [3] * len(c.BAROMETER)


def test_barometer_index_outside_the_statements_raises(make_form):
    with pytest.raises(KeyError):
        make_form(barometer={len(c.BAROMETER): 3})


def test_equals_sign_makes_a_formula_unless_wrapped_in_text(make_form):
    measures = [{"Nr": 1, "Tiltak": "=1+2", "Beskrivelse": Text("=HYPERLINK(\"http://x\")"),
                 "Avhengigheter": Text("#N/A")}]
    ws = openpyxl.load_workbook(make_form(measures=measures))[c.SHEET_MEASURES]
    _, columns = header_columns(ws)
    assert ws.cell(2, columns["Tiltak"]).data_type == "f"
    described = ws.cell(2, columns["Beskrivelse"])
    assert described.data_type == "s" and described.value == "=HYPERLINK(\"http://x\")"
    assert ws.cell(2, columns["Avhengigheter"]).data_type == "s"


def test_typed_cells_take_the_column_style_as_in_excel(make_form):
    ws = openpyxl.load_workbook(make_form())[c.SHEET_MEASURES]
    _, columns = header_columns(ws)
    cell = ws.cell(2, columns["Investering (kr)"])
    assert not cell.protection.locked
    assert cell.number_format == "#,##0"
    assert ws.cell(2, columns["Beskrivelse"]).alignment.wrap_text


def test_filled_form_keeps_names_tables_validations_and_hidden_lists(make_form, blank_form):
    blank = openpyxl.load_workbook(blank_form)
    wb = openpyxl.load_workbook(make_form())
    assert wb.sheetnames == blank.sheetnames
    assert set(wb.defined_names) == {f.name for f in c.UNIT_FIELDS}
    for sheet in c.TABLE_HEADERS:
        assert list(wb[sheet].tables) == list(blank[sheet].tables)
        assert len(wb[sheet].data_validations.dataValidation) == len(blank[sheet].data_validations.dataValidation)
        assert wb[sheet].protection.sheet
    assert wb[c.SHEET_LISTS].sheet_state == "hidden"


def test_example_is_consistent_with_the_default_configuration(config):
    data = example_unit()
    assert data["unit"]["tjenesteomrade"] in config.service_areas
    assert data["unit"]["enhet"] in {u.name for u in config.expected_units}
    problem_numbers = {p["Nr"] for p in data["problems"]}
    periods = {f"{s} {y}" for y in config.years for s in c.SEASONS}
    for m in data["measures"]:
        assert config.sub_goal(m["Delmål"]) is not None
        assert {int(n) for n in str(m.get("Problem nr", "")).split(",") if n.strip()} <= problem_numbers
        assert m["Tidsrom"] in periods
        assert set(m) <= set(c.MEASURE_HEADERS)
    assert len(data["barometer"]) == len(c.BAROMETER)
    assert example_unit() is not example_unit() and example_unit() == example_unit()


def test_make_form_fixture_replaces_only_the_given_part(make_form):
    wb = openpyxl.load_workbook(make_form(measures=[]))
    assert rows_by_header(wb[c.SHEET_MEASURES]) == {}
    assert len(rows_by_header(wb[c.SHEET_PROBLEMS])) == len(example_unit()["problems"])


@needs_libreoffice
def test_filled_form_survives_a_libreoffice_save(make_form, tmp_path):
    src = make_form("enhet.xlsx")
    wb = openpyxl.load_workbook(libreoffice_roundtrip(src, tmp_path))
    data = example_unit()
    assert named(wb, "enhet").value == data["unit"]["enhet"]
    assert named(wb, "dato").value.date() == date(2026, 11, 20)
    found = rows_by_header(wb[c.SHEET_MEASURES])
    assert [row["Investering (kr)"] for row in found.values()] == [m["Investering (kr)"] for m in data["measures"]]
    assert [row["Tidsrom"] for row in found.values()] == [m["Tidsrom"] for m in data["measures"]]
