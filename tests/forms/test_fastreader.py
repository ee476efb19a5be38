"""The fast reader gives what the openpyxl reader gives: the same RawWorkbook
(values of the same types), the same validation, the same errors.

Every file is read both ways and compared with ``repr`` (so ``3`` and ``3.0``,
or a date and a datetime, count as different). Forms iktplan hands out must
take the fast way; files it cannot vouch for go to openpyxl, with the same
result."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from pipeline.forms import fastreader

from pipeline.forms import reader
from pipeline.demo.forms import all_forms
from pipeline.demo.health import demo_revision
from pipeline.demo.solsiden import ERROR_FORM, demo_correction
from pipeline.forms.formfill import Text, fill_form
from pipeline.forms.reader import FormReadError
from pipeline.forms.validation import validate
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice
from support.workbooks import BROKEN, broken_files, rewrite, sheet_xml, small_workbook


def outcome(read, source) -> str:
    """What reading *source* gives, as comparable text."""
    try:
        return repr(read(source))
    except FormReadError as exc:
        return f"FormReadError({exc.code!r}, {str(exc)!r})"


def assert_same(path: Path, *, fast: bool | None = True) -> None:
    """Both readers agree on *path*; *fast*: the fast way must (True) or must
    not (False) be taken; None: either."""
    assert outcome(fastreader.read_workbook, path) == outcome(reader.read_workbook, path)
    if fast is not None:
        assert (fastreader._plan(path.read_bytes()) is not None) is fast


def assert_same_validation(path: Path, config) -> None:
    a = validate(fastreader.read_workbook(path), config)
    b = validate(reader.read_workbook(path), config)
    assert repr(a) == repr(b)
    assert [str(e) for e in a.errors] == [str(e) for e in b.errors]


# --- the forms units send ----------------------------------------------------------


@pytest.fixture(scope="module")
def demo_files(blank_form, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("demo")
    entries = [*all_forms(), demo_revision(), demo_correction()]
    return [fill_form(blank_form, folder / f"{i}.xlsx", **e["form"]) for i, e in enumerate(entries)]


def test_every_demo_form_reads_the_same_the_fast_way(demo_files, config):
    for path in demo_files:
        assert_same(path)
        assert_same_validation(path, config)


def test_the_form_with_errors_gives_the_same_errors_word_for_word(blank_form, tmp_path, config):
    path = fill_form(blank_form, tmp_path / "feil.xlsx", **ERROR_FORM["form"])
    assert_same(path)
    result = validate(fastreader.read_workbook(path), config)
    assert result.content is None and len(result.errors) >= 8
    assert_same_validation(path, config)


def test_generated_benchmark_forms_read_the_same(blank_form, tmp_path, config):
    from benchmarks.generate import revision, unit_form, write_forms

    entries = [unit_form(i) for i in range(0, 60, 7)] + [revision(3)]
    for path in write_forms(blank_form, tmp_path, entries, workers=1):
        assert_same(path)
        assert_same_validation(path, config)


@needs_libreoffice
def test_a_form_saved_by_libreoffice_reads_the_same_the_fast_way(demo_files, tmp_path, config):
    saved = libreoffice_roundtrip(demo_files[0], tmp_path)
    assert_same(saved)
    assert_same_validation(saved, config)


def test_values_typed_every_way_keep_their_types(blank_form, tmp_path, config):
    from pipeline.forms.formfill import example_unit

    data = example_unit()
    data["unit"] = {**data["unit"], "dato": datetime(2026, 11, 20), "kontaktperson": "  Ingrid Berg  "}
    data["measures"][0].update({"Investering (kr)": 450000.5, "Årlig drift (kr)": 12, "Varighet (mnd)": 8.0,
                                "Beskrivelse": "Linje 1\nLinje 2\tmed tab og æøå 🚀", "Problem nr": "1, 2"})
    data["measures"][1].update({"Tiltak": Text("=SUM(A1)"), "Gevinstbeskrivelse": Text("#N/A"),
                                "Tidsrom": "  Vår 2027 ", "Årlig gevinst (kr)": True})
    data["systems"][0].update({"Brukere": 12345678901234, "Kommentar": "   "})
    path = fill_form(blank_form, tmp_path / "typer.xlsx", **data)
    assert_same(path)
    assert_same_validation(path, config)


# --- what goes to openpyxl -----------------------------------------------------------


def test_a_form_with_a_formula_goes_to_openpyxl_with_the_same_result(blank_form, tmp_path, config):
    from pipeline.forms.formfill import example_unit

    data = example_unit()
    data["measures"][0]["Investering (kr)"] = "=100000*4"  # no stored value: openpyxl reports it
    path = fill_form(blank_form, tmp_path / "formel.xlsx", **data)
    assert_same(path, fast=False)
    assert_same_validation(path, config)


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_or_foreign_files_give_the_same_error(tmp_path, kind):
    assert_same(broken_files(tmp_path)[kind], fast=None)


def test_reader_test_workbook_gives_the_same_rows_and_names(tmp_path):
    # Names into the guide sheet and cells past column 40: openpyxl reads those.
    assert_same(small_workbook(tmp_path / "a.xlsx"), fast=False)


def test_limits_are_left_to_openpyxl_and_worded_the_same(tmp_path):
    path = small_workbook(tmp_path / "a.xlsx")
    rows = b"".join(b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/></row>' % (i, i) for i in range(20, 30_000))
    assert_same(rewrite(path, tmp_path / "mange.xlsx", lambda n, d: d.replace(b"</sheetData>", rows + b"</sheetData>")
                        if n == sheet_xml(3) else d), fast=False)
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>nederst</t></is></c></row>'
    assert_same(rewrite(path, tmp_path / "langt.xlsx", lambda n, d: d.replace(b"</sheetData>", far + b"</sheetData>")
                        if n == sheet_xml(3) else d), fast=False)


def sheet_with(tmp_path: Path, name: str, cells_xml: bytes) -> Path:
    """A one-sheet workbook whose sheetData is *cells_xml*."""
    wb = Workbook()
    wb.active.title = "Tiltak"
    wb.active["A1"] = "x"
    wb.defined_names["enhet"] = DefinedName("enhet", attr_text="Tiltak!$A$1")
    wb.save(tmp_path / "base.xlsx")
    return rewrite(tmp_path / "base.xlsx", tmp_path / name, lambda n, d: d.replace(
        d[d.index(b"<sheetData>"): d.index(b"</sheetData>") + len(b"</sheetData>")],
        b"<sheetData>" + cells_xml + b"</sheetData>") if n == sheet_xml(1) else d)


@pytest.mark.parametrize("cells", [
    b'<row r="1"><c r="A1" t="n"><v>3.0</v></c></row>',  # openpyxl keeps 3.0 a float
    b'<row r="1"><c r="A1" t="n"><v>12345678901234567890</v></c></row>',  # beyond a double
    b'<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>',  # an error value
    b'<row r="1"><c r="A1" t="d"><v>2027-03-15T00:00:00</v></c></row>',  # an ISO date
    b'<row r="1"><c r="A1" t="n"><v></v></c></row>',  # openpyxl refuses an empty value
    b'<row r="1"><c r="B2" t="inlineStr"><is><t>feil rad</t></is></c></row>',  # cell not in its row
    b'<row r="1"><c t="inlineStr"><is><t>uten plass</t></is></c></row>',  # cell without position
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>_x2028_ escaped above U+00FF: calamine keeps it</t></is></c></row>',
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>_xD83D__xDE80_ a surrogate pair</t></is></c></row>',
    b'<row r="2"><c r="A2" t="b"><v>true</v></c></row>',
    b'<row r="1"><c r="A1" t="s"><v>99</v></c></row>',  # no such shared string
    b'<row r="1"><c r="A1" t="inlineStr"><is><r><t>rik</t></r><r><t> tekst</t></r></is></c></row>',  # space dropped
])
def test_cells_the_fast_way_cannot_vouch_for_go_to_openpyxl(tmp_path, cells):
    assert_same(sheet_with(tmp_path, "x.xlsx", cells), fast=False)


def test_plain_cells_take_the_fast_way(tmp_path):
    cells = (b'<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> pad </t></is></c>'
             b'<c r="B1" t="n"><v>3</v></c><c r="C1"><v>1.25</v></c><c r="D1" t="b"><v>1</v></c>'
             b'<c r="E1" t="inlineStr"><is><r><t>rik</t></r><r><t xml:space="preserve"> tekst</t></r></is></c></row>'
             b'<row r="4"><c r="A4" t="inlineStr"><is><t>   </t></is></c><c r="AN4" t="n"><v>-7</v></c>'
             b'<c r="AO4" t="n"><v>8</v></c></row>')
    assert_same(sheet_with(tmp_path, "x.xlsx", cells), fast=True)


def test_merged_cells_read_the_same_also_a_merge_of_one_cell(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiltak"
    for ref in ("A1:C1", "D1", "B3:C5"):  # openpyxl writes a merge of one column as «D1» (beslutninger.xlsx does)
        ws.merge_cells(ref)
        ws[ref.split(":")[0]] = f"flettet {ref}"
    wb.save(tmp_path / "flettet.xlsx")
    assert_same(tmp_path / "flettet.xlsx", fast=True)
    assert fastreader.read_workbook(tmp_path / "flettet.xlsx").merged["Tiltak"] == ((1, 1, 1, 3), (1, 4, 1, 4),
                                                                                    (3, 2, 5, 3))


# --- number formats ----------------------------------------------------------------


FORMATS = ["General", "0", "0.00", "#,##0", "#,##0.00", "0%", "0.00%", "mm-dd-yy", "d-mmm-yy", "d-mmm", "mmm-yy",
           "m/d/yy h:mm", "@", "dd.mm.yyyy", "DD.MM.YYYY", "dd\\.mm\\.yyyy", "yyyy-mm-dd", "d. mmmm yyyy",
           '#,##0 "kr"', '#,##0\\ "kr";\\-#,##0\\ "kr"', "[$-414]dd.mm.yyyy", "h:mm", "[h]:mm:ss", "mm:ss",
           "0.00E+00", "[Red]0.00", "dd.mm.yyyy hh:mm", "# ?/?"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_and_dates_in_any_format_read_the_same(tmp_path, fmt):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiltak"
    for row, value in enumerate([3, 2.5, 46346, 46346.5, 0, -12, 61, 0.25], start=1):
        ws.cell(row, 1, value).number_format = fmt
    ws.cell(1, 2, datetime(2027, 3, 15)).number_format = fmt
    ws.cell(2, 2, date(2027, 3, 15)).number_format = fmt
    ws.cell(3, 2, time(12, 30))
    wb.save(tmp_path / "f.xlsx")
    assert_same(tmp_path / "f.xlsx", fast=None)


# --- anything a unit can type ---------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=30)
_value = st.one_of(
    _text,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.none(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_value, min_size=1, max_size=6), min_size=1, max_size=6))
def test_random_cells_read_the_same_or_go_to_openpyxl(tmp_path_factory, rows):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    ws = wb.active
    ws.title = "Tiltak"
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = ws.cell(r, c)
                cell.value = value
                cell.data_type = "s"  # as a unit types it: text stays text
            else:
                ws.cell(r, c, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path_factory.mktemp("h") / "h.xlsx"
    path.write_bytes(buffer.getvalue())
    assert_same(path, fast=None)


def test_without_calamine_everything_goes_to_openpyxl(demo_files, monkeypatch):
    monkeypatch.setattr(fastreader, "python_calamine", None)
    assert outcome(fastreader.read_workbook, demo_files[0]) == outcome(reader.read_workbook, demo_files[0])


def test_a_file_object_is_read_and_left_open(demo_files):
    buffer = io.BytesIO(demo_files[0].read_bytes())
    assert repr(fastreader.read_workbook(buffer)) == repr(reader.read_workbook(demo_files[0]))
    assert not buffer.closed


def test_a_missing_file_is_the_same_user_error(tmp_path):
    assert outcome(fastreader.read_workbook, tmp_path / "borte.xlsx") == outcome(reader.read_workbook,
                                                                                 tmp_path / "borte.xlsx")


# --- the intake reads the fast way, with the same outcome -----------------------------


def checked_both_ways(path: Path, config, monkeypatch) -> tuple[str, str]:
    """``worker.check_form`` (the intake's check) on *path* as it is (fast reader) and with the openpyxl reader."""
    from pipeline.intake import worker

    data = path.read_bytes()
    fast = repr(worker.check_form(data, config))
    with monkeypatch.context() as m:
        m.setattr(worker, "read_workbook", reader.read_workbook)
        slow = repr(worker.check_form(data, config))
    return fast, slow


def test_the_intake_reads_with_the_fast_reader():
    from pipeline.intake import worker

    assert worker.read_workbook is fastreader.read_workbook


def test_the_intake_checks_forms_from_the_form_filler_the_same_way(demo_files, blank_form, tmp_path, config,
                                                                   monkeypatch):
    errors = fill_form(blank_form, tmp_path / "feil.xlsx", **ERROR_FORM["form"])
    for path in [*demo_files, errors]:
        fast, slow = checked_both_ways(path, config, monkeypatch)
        assert fast == slow
    assert "code='invalid'" in checked_both_ways(errors, config, monkeypatch)[0]


@needs_libreoffice
def test_the_intake_checks_a_form_saved_by_libreoffice_the_same_way(demo_files, tmp_path, config, monkeypatch):
    saved = libreoffice_roundtrip(demo_files[0], tmp_path)
    fast, slow = checked_both_ways(saved, config, monkeypatch)
    assert fast == slow and "code='ok'" in fast


def test_the_intake_refuses_a_broken_file_with_the_same_message(tmp_path, config, monkeypatch):
    path = tmp_path / "ødelagt.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    fast, slow = checked_both_ways(path, config, monkeypatch)
    assert fast == slow
