"""The blank form: the contract's sheets, headers and names, dropdowns fed from the
configuration, protection that keeps headers safe, and a file LibreOffice opens."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from pipeline import contract as c
from pipeline.forms.blankform import AMOUNT_FORMAT, TABLE_NAMES, write_blank_form
from pipeline.config import SubGoal
from pipeline.errors import WorkspaceError
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice

LIST_COLUMNS = [  # (sheet, header, Lister header) for every dropdown
    (c.SHEET_PROBLEMS, "Type", "Type"),
    (c.SHEET_PROBLEMS, "Prioritet", "Prioritet"),
    (c.SHEET_SYSTEMS, "Livsløp", "Livsløp"),
    (c.SHEET_MEASURES, "Delmål", "Delmål"),
    (c.SHEET_MEASURES, "Tidsrom", "Tidsrom"),
    (c.SHEET_MEASURES, "Risiko", "Risiko"),
    (c.SHEET_MEASURES, "Kategori", "Kategori"),
]
WHOLE_COLUMNS = [  # (sheet, header, operator, minimum, maximum)
    (c.SHEET_SYSTEMS, "Brukere", "greaterThanOrEqual", "0", None),
    (c.SHEET_SYSTEMS, "Tilfredshet (1-5)", "between", "1", "5"),
    (c.SHEET_MEASURES, "Varighet (mnd)", "greaterThanOrEqual", "1", None),
    (c.SHEET_BAROMETER, "Score (1-5)", "between", "1", "5"),
]
AMOUNT_HEADERS = ("Investering (kr)", "Årlig drift (kr)", "Årlig gevinst (kr)")


@pytest.fixture(scope="module")
def wb(blank_form):
    return openpyxl.load_workbook(blank_form)


def column_of(ws, header: str) -> str:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column_letter
    raise AssertionError(f"{header!r} not in row 1 of {ws.title}")


def validation_at(ws, coordinate: str):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate}: {len(found)} validations"
    return found[0]


def range_values(wb, formula: str) -> list:
    sheet, ref = formula.lstrip("=").split("!")
    return [row[0].value for row in wb[sheet.strip("'")][ref.replace("$", "")]]


def test_sheets_follow_the_contract_and_the_guide_opens_first(wb):
    assert tuple(wb.sheetnames) == c.SHEETS
    assert wb.active.title == c.SHEET_GUIDE


@pytest.mark.parametrize("sheet", list(c.TABLE_HEADERS))
def test_table_sheet_has_the_contract_headers_in_row_one_bold_and_frozen(wb, sheet):
    ws = wb[sheet]
    headers = c.TABLE_HEADERS[sheet]
    assert tuple(cell.value for cell in ws[1][: len(headers)]) == headers
    assert ws.cell(1, len(headers) + 1).value is None
    assert all(cell.font.b for cell in ws[1][: len(headers)])
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize("sheet", list(c.TABLE_HEADERS))
def test_excel_table_spans_the_headers_with_a_valid_unique_name(wb, sheet):
    ws = wb[sheet]
    (table,) = ws.tables.values()
    name = table.displayName
    assert name == TABLE_NAMES[sheet] and name.isascii() and name.isidentifier()
    assert name.casefold() not in {n.casefold() for n in wb.defined_names}
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    assert (min_col, min_row, max_col) == (1, 1, len(c.TABLE_HEADERS[sheet]))
    assert max_row >= (len(c.BAROMETER) + 1 if sheet == c.SHEET_BAROMETER else 11)
    assert [col.name for col in table.tableColumns] == list(c.TABLE_HEADERS[sheet])


def test_table_names_are_unique_across_the_workbook(wb):
    names = [name.casefold() for ws in wb for name in ws.tables]
    assert len(names) == len(set(names)) == 4


def test_no_data_row_is_prefilled_so_no_phantom_items(wb):
    for sheet in (c.SHEET_PROBLEMS, c.SHEET_SYSTEMS, c.SHEET_MEASURES):
        ws = wb[sheet]
        assert all(cell.value is None for row in ws.iter_rows(min_row=2) for cell in row)


def test_every_unit_field_has_a_workbook_defined_name_on_its_label_row(wb, config):
    ws = wb[c.SHEET_UNIT]
    for field in c.UNIT_FIELDS:
        defined = wb.defined_names[field.name]
        assert defined.localSheetId is None
        (sheet, ref), = defined.destinations
        assert sheet == c.SHEET_UNIT
        assert ref.startswith("$B$")
        assert ws[f"A{ref.split('$')[-1]}"].value == field.label


def test_municipality_and_form_version_are_prefilled_and_locked(wb, config):
    ws = wb[c.SHEET_UNIT]
    for name, expected in (("kommune", config.municipality), ("skjemaversjon", c.FORM_VERSION)):
        (_, ref), = wb.defined_names[name].destinations
        cell = ws[ref.replace("$", "")]
        assert cell.value == expected
        assert cell.protection.locked
    for name in ("enhet", "tjenesteomrade", "kontaktperson", "epost", "dato"):
        (_, ref), = wb.defined_names[name].destinations
        cell = ws[ref.replace("$", "")]
        assert cell.value is None
        assert not cell.protection.locked
        assert validation_at(ws, cell.coordinate).prompt


def test_date_cell_shows_norwegian_date(wb):
    (_, ref), = wb.defined_names["dato"].destinations
    assert wb[c.SHEET_UNIT][ref.replace("$", "")].number_format.lower() == "dd.mm.yyyy"


def test_service_area_dropdown_offers_the_configured_areas(wb, config):
    (_, ref), = wb.defined_names["tjenesteomrade"].destinations
    dv = validation_at(wb[c.SHEET_UNIT], ref.replace("$", ""))
    assert dv.type == "list" and dv.showErrorMessage
    assert range_values(wb, dv.formula1) == list(config.service_areas)


@pytest.mark.parametrize("sheet,header,list_header", LIST_COLUMNS)
def test_dropdown_points_at_its_lister_column(wb, sheet, header, list_header):
    ws = wb[sheet]
    col = column_of(ws, header)
    dv = validation_at(ws, f"{col}2")
    assert f"{col}500" in dv.sqref
    assert dv.type == "list" and dv.allow_blank and dv.showErrorMessage
    assert dv.formula1.startswith(f"{c.SHEET_LISTS}!$") or dv.formula1.startswith(f"'{c.SHEET_LISTS}'!$")
    lister = wb[c.SHEET_LISTS]
    list_col = column_of(lister, list_header)
    _, ref = dv.formula1.split("!")
    assert ref.replace("$", "").startswith(f"{list_col}2:{list_col}")
    values = range_values(wb, dv.formula1)
    assert values and None not in values
    # The range covers the whole list and nothing after it.
    assert lister.cell(len(values) + 2, lister[f"{list_col}1"].column).value is None


def test_dropdown_values_match_configuration_and_contract(wb, config):
    def values(sheet, header):
        return range_values(wb, validation_at(wb[sheet], f"{column_of(wb[sheet], header)}2").formula1)

    assert values(c.SHEET_MEASURES, "Delmål") == [g.code for g in config.sub_goals]
    assert values(c.SHEET_PROBLEMS, "Type") == ["Problem", "Mulighet"]
    assert values(c.SHEET_PROBLEMS, "Prioritet") == ["Høy", "Middels", "Lav"]
    assert values(c.SHEET_SYSTEMS, "Livsløp") == ["Beholde", "Videreutvikle", "Erstatte", "Avvikle"]
    assert values(c.SHEET_MEASURES, "Kategori") == ["Kritisk prosess", "Quick win"]
    periods = values(c.SHEET_MEASURES, "Tidsrom")
    assert len(periods) == 4 * len(config.years)
    assert periods[:4] == [f"Vinter {config.period_from}", f"Vår {config.period_from}",
                           f"Sommer {config.period_from}", f"Høst {config.period_from}"]
    assert periods[-1] == f"Høst {config.period_to}"


def test_lister_sheet_holds_every_list_hidden_and_protected(wb, config):
    ws = wb[c.SHEET_LISTS]
    assert ws.sheet_state == "hidden" and ws.protection.sheet
    assert tuple(cell.value for cell in ws[1]) == c.LIST_HEADERS
    texts = [cell.value for cell in ws[column_of(ws, "Delmål tekst")][1:] if cell.value is not None]
    assert texts == [g.text for g in config.sub_goals]


def test_the_unit_field_is_a_dropdown_of_the_configured_units_that_only_warns(wb, config):
    (_, ref), = wb.defined_names["enhet"].destinations
    dv = validation_at(wb[c.SHEET_UNIT], ref.replace("$", ""))
    assert dv.type == "list" and dv.showErrorMessage and dv.errorStyle == "warning"
    assert range_values(wb, dv.formula1) == [u.name for u in config.expected_units]
    assert "Er dere en ny enhet, velg Ja" in dv.error and "Står den ikke der, skriv navnet" in dv.prompt


def test_without_a_list_of_units_the_unit_field_is_free_text(tmp_path, config):
    other = dataclasses.replace(config, expected_units=())
    wb = openpyxl.load_workbook(write_blank_form(other, tmp_path / "skjema.xlsx"))
    (_, ref), = wb.defined_names["enhet"].destinations
    dv = validation_at(wb[c.SHEET_UNIT], ref.replace("$", ""))
    assert dv.type is None and dv.prompt  # the input message stays
    assert wb[c.SHEET_LISTS][f"{column_of(wb[c.SHEET_LISTS], 'Enhet')}2"].value is None


def test_period_list_follows_the_configured_years(tmp_path, config):
    other = dataclasses.replace(config, period_from=2031, period_to=2032)
    wb = openpyxl.load_workbook(write_blank_form(other, tmp_path / "skjema.xlsx"))
    ws = wb[c.SHEET_MEASURES]
    periods = range_values(wb, validation_at(ws, f"{column_of(ws, 'Tidsrom')}2").formula1)
    assert periods == [f"{s} {y}" for y in (2031, 2032) for s in ("Vinter", "Vår", "Sommer", "Høst")]


def test_period_dropdown_only_warns_because_units_type_variants(wb):
    ws = wb[c.SHEET_MEASURES]
    assert validation_at(ws, f"{column_of(ws, 'Tidsrom')}2").errorStyle == "warning"
    assert validation_at(ws, f"{column_of(ws, 'Risiko')}2").errorStyle in (None, "stop")


@pytest.mark.parametrize("sheet,header,operator,low,high", WHOLE_COLUMNS)
def test_whole_number_columns_are_checked(wb, sheet, header, operator, low, high):
    ws = wb[sheet]
    dv = validation_at(ws, f"{column_of(ws, header)}2")
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", operator, low, high)
    assert dv.showErrorMessage and dv.allow_blank and dv.error


def test_amount_columns_accept_text_and_show_thousands(wb):
    ws = wb[c.SHEET_MEASURES]
    for header in AMOUNT_HEADERS:
        col = column_of(ws, header)
        dv = validation_at(ws, f"{col}2")
        assert dv.type is None and not dv.showErrorMessage
        assert "150 000" in dv.prompt
        dim = next(d for d in ws.column_dimensions.values() if d.min <= ws[f"{col}1"].column <= d.max)
        assert dim.number_format == AMOUNT_FORMAT


@pytest.mark.parametrize("sheet", list(c.TABLE_HEADERS))
def test_every_input_column_has_an_input_message_within_excel_limits(wb, sheet):
    ws = wb[sheet]
    prefilled = {"Område", "Påstand"} if sheet == c.SHEET_BAROMETER else set()
    for header in c.TABLE_HEADERS[sheet]:
        if header in prefilled:
            continue
        dv = validation_at(ws, f"{column_of(ws, header)}2")
        assert dv.showInputMessage and dv.prompt and dv.promptTitle
        assert len(dv.promptTitle) <= 32 and len(dv.prompt) <= 255
        assert len(dv.errorTitle or "") <= 32 and len(dv.error or "") <= 225


def test_sub_goal_message_lists_every_code(wb, config):
    ws = wb[c.SHEET_MEASURES]
    prompt = validation_at(ws, f"{column_of(ws, 'Delmål')}2").prompt
    for goal in config.sub_goals:
        assert f"{goal.code}: " in prompt


def test_many_long_sub_goals_still_fit_the_input_message(tmp_path, config):
    goals = tuple(SubGoal(f"D{i}", "Et svært langt delmål som beskriver mye " * 3) for i in range(1, 13))
    path = write_blank_form(dataclasses.replace(config, sub_goals=goals), tmp_path / "skjema.xlsx")
    ws = openpyxl.load_workbook(path)[c.SHEET_MEASURES]
    prompt = validation_at(ws, f"{column_of(ws, 'Delmål')}2").prompt
    assert len(prompt) <= 255
    assert all(goal.code in prompt for goal in goals)


@pytest.mark.parametrize("sheet", list(c.TABLE_HEADERS))
def test_headers_are_locked_inputs_unlocked_and_row_editing_allowed(wb, sheet):
    ws = wb[sheet]
    prot = ws.protection
    assert prot.sheet and not prot.password
    # In openpyxl, False means the action is allowed on the protected sheet.
    assert not prot.formatCells and not prot.formatColumns and not prot.autoFilter
    assert prot.insertColumns and prot.deleteColumns
    if sheet != c.SHEET_BAROMETER:
        assert not prot.insertRows and not prot.deleteRows and not prot.sort
    assert all(cell.protection.locked for cell in ws[1])
    prefilled = {"Område", "Påstand"} if sheet == c.SHEET_BAROMETER else set()
    for header in c.TABLE_HEADERS[sheet]:
        index = ws[f"{column_of(ws, header)}1"].column
        dim = next(d for d in ws.column_dimensions.values() if d.min <= index <= d.max)
        assert dim.protection.locked == (header in prefilled), header
        assert dim.alignment.wrap_text
        assert dim.width >= 5


def test_barometer_statements_are_prefilled_and_locked(wb):
    ws = wb[c.SHEET_BAROMETER]
    rows = [(r[0].value, r[1].value, r[2].value) for r in ws.iter_rows(min_row=2, max_row=len(c.BAROMETER) + 1)]
    assert [(a, s) for a, s, _ in rows] == list(c.BAROMETER)
    assert all(score is None for _, _, score in rows)
    assert all(ws.cell(r, col).protection.locked for r in range(2, len(c.BAROMETER) + 2) for col in (1, 2))
    assert ws.cell(len(c.BAROMETER) + 2, 1).value is None


def test_guide_explains_amounts_periods_unit_name_and_return(wb, config):
    ws = wb[c.SHEET_GUIDE]
    text = "\n".join(str(cell.value) for row in ws.iter_rows() for cell in row if cell.value)
    assert ws["A1"].font.b and ws["A1"].font.sz > 11
    assert ws.column_dimensions["A"].width >= 80
    for phrase in ("150 000", "kr 150.000", "1,5 mill", "Vår 2027", ".xlsx", "kvittering", "nyeste",
                   "KS", "innboks", "e-post", config.municipality):
        assert phrase in text, phrase
    for goal in config.sub_goals:
        assert f"{goal.code}: {goal.text}" in text
    assert ws.protection.sheet


def test_write_replaces_atomically_and_leaves_no_temp_files(tmp_path, config):
    target = tmp_path / "Kartleggingsskjema.xlsx"
    target.write_bytes(b"old")
    assert write_blank_form(config, target) == target
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert openpyxl.load_workbook(target).sheetnames == list(c.SHEETS)


def test_failed_write_keeps_the_old_file_and_no_temp_file(tmp_path, config, monkeypatch):
    target = tmp_path / "Kartleggingsskjema.xlsx"
    target.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr("pipeline.fileio.os.fsync", broken_fsync)
    with pytest.raises(WorkspaceError, match="Kan ikke lagre skjemaet .*disk full"):
        write_blank_form(config, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@needs_libreoffice
def test_libreoffice_keeps_sheets_headers_names_dropdowns_and_tables(blank_form, tmp_path, config):
    wb = openpyxl.load_workbook(libreoffice_roundtrip(blank_form, tmp_path))
    assert tuple(wb.sheetnames) == c.SHEETS
    for sheet, headers in c.TABLE_HEADERS.items():
        assert tuple(cell.value for cell in wb[sheet][1][: len(headers)]) == headers
        assert list(wb[sheet].tables) == [TABLE_NAMES[sheet]]
        assert wb[sheet].protection.sheet
    for field in c.UNIT_FIELDS:
        (sheet, ref), = wb.defined_names[field.name].destinations
        assert wb[sheet][f"A{ref.split('$')[-1]}"].value == field.label
    (_, ref), = wb.defined_names["kommune"].destinations
    assert wb[c.SHEET_UNIT][ref.replace("$", "")].value == config.municipality
    ws = wb[c.SHEET_MEASURES]
    dv = validation_at(ws, f"{column_of(ws, 'Delmål')}2")
    assert dv.type == "list"
    assert range_values(wb, dv.formula1) == [g.code for g in config.sub_goals]
    assert validation_at(ws, f"{column_of(ws, 'Tidsrom')}2").errorStyle == "warning"
    assert wb[c.SHEET_LISTS].sheet_state == "hidden"


def test_configuration_text_that_looks_like_a_formula_stays_text(tmp_path, config):
    odd = dataclasses.replace(config, municipality="=Fjordvik", service_areas=("=SUM(A1)", "Helse & omsorg"))
    wb = openpyxl.load_workbook(write_blank_form(odd, tmp_path / "skjema.xlsx"))
    lister = wb[c.SHEET_LISTS]
    assert [lister["A2"].data_type, lister["A2"].value] == ["s", "=SUM(A1)"]
    assert lister["A3"].value == "Helse & omsorg"
    (_, ref), = wb.defined_names["kommune"].destinations
    assert wb[c.SHEET_UNIT][ref.replace("$", "")].data_type == "s"
