"""The forms reader on real .xlsx files: rows, defined names, limits and broken files."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from pipeline.forms import reader

from pipeline.forms import sniff
from pipeline.errors import IktplanError
from pipeline.forms.reader import FormReadError, UnsafeXmlError, read_workbook
from support.workbooks import BROKEN, NOT_READABLE, broken_files, rewrite, sheet_xml, small_workbook


def add_rows(sheet: str, rows_xml: bytes):
    def change(name, data):
        if name == sheet:
            return data.replace(b"</sheetData>", rows_xml + b"</sheetData>")
        return data

    return change


def open_fds_to(path: Path) -> list[str]:
    target = str(path.resolve())
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == target:
                found.append(fd)
        except OSError:
            pass
    return found


# --- rows --------------------------------------------------------------------------


def test_non_empty_rows_are_read_with_their_excel_row_numbers(tmp_path):
    raw = read_workbook(small_workbook(tmp_path / "a.xlsx"))
    rows = raw.sheets["Tiltak"].rows
    assert [n for n, _ in rows] == [1, 10, 12, 14]
    assert rows[0] == (1, ("Nr", "Tiltak"))  # trailing empty and whitespace-only cells cut
    assert rows[1] == (10, (3,))
    assert rows[2] == (12, (None, " mellomrom beholdes "))  # text is not stripped


def test_columns_past_forty_are_not_read(tmp_path):
    rows = dict(read_workbook(small_workbook(tmp_path / "a.xlsx")).sheets["Tiltak"].rows)
    assert 13 not in rows
    assert len(rows[14]) == reader.MAX_COLUMNS and rows[14][-1] == "kolonne 40"


def test_dates_arrive_as_datetime_and_sheets_in_workbook_order(tmp_path):
    raw = read_workbook(small_workbook(tmp_path / "a.xlsx"))
    assert list(raw.sheets) == ["Enhet", "Veiledning", "Tiltak"]
    assert dict(raw.sheets["Enhet"].rows)[3] == ("Dato", datetime(2027, 3, 15))


def test_guide_sheet_is_listed_but_never_read(tmp_path):
    raw = read_workbook(small_workbook(tmp_path / "a.xlsx"))
    assert raw.sheets["Veiledning"].rows == []


# --- defined names -----------------------------------------------------------------


def test_defined_names_resolve_to_the_cell_value_with_or_without_quotes(tmp_path):
    raw = read_workbook(small_workbook(tmp_path / "a.xlsx"))
    assert raw.names["enhet"] == "Fjordvik skole"
    assert raw.names["dato"] == datetime(2027, 3, 15)  # names are case-insensitive: stored in lower case
    assert raw.name_cells["enhet"] == ("Enhet", "B2")
    assert raw.name_cells["dato"] == ("Enhet", "B3")


def test_name_pointing_at_a_range_gives_its_first_cell(tmp_path):
    raw = read_workbook(small_workbook(tmp_path / "a.xlsx"))
    assert raw.names["omrade"] == "Fjordvik skole"


def test_name_pointing_at_an_empty_cell_maps_to_none_and_broken_names_are_missing(tmp_path):
    raw = read_workbook(small_workbook(tmp_path / "a.xlsx"))
    assert "tom" in raw.names and raw.names["tom"] is None
    for broken in ("brutt", "brutt2", "konstant"):
        assert broken not in raw.names and broken not in raw.name_cells


def test_name_pointing_into_the_unread_guide_sheet_is_still_resolved(tmp_path):
    raw = read_workbook(small_workbook(tmp_path / "a.xlsx"))
    assert raw.names["guide"] == "Slik fyller du ut skjemaet"


def test_sheet_scoped_name_is_used_when_no_workbook_name_exists(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Enhet"
    ws["B5"] = "kari@fjordvik.no"
    ws.defined_names["epost"] = DefinedName("epost", attr_text="Enhet!$B$5")
    wb.save(tmp_path / "s.xlsx")
    assert read_workbook(tmp_path / "s.xlsx").names["epost"] == "kari@fjordvik.no"


# --- sources and file handles ------------------------------------------------------


def test_file_object_source_is_read_and_left_open(tmp_path):
    data = small_workbook(tmp_path / "a.xlsx").read_bytes()
    buffer = io.BytesIO(data)
    assert read_workbook(buffer).names["enhet"] == "Fjordvik skole"
    assert not buffer.closed


def test_file_is_closed_after_reading_and_after_a_failure(tmp_path):
    path = small_workbook(tmp_path / "a.xlsx")
    read_workbook(path)
    assert open_fds_to(path) == []
    broken = rewrite(path, tmp_path / "b.xlsx", lambda n, d: d.replace(b"<sheetData>", b"<sheetData><row")
                     if n == sheet_xml(1) else d)
    with pytest.raises(FormReadError):
        read_workbook(broken)
    assert open_fds_to(broken) == []


def test_missing_defusedxml_stops_reading_and_is_never_blamed_on_the_form(tmp_path, monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(UnsafeXmlError, match="defusedxml") as exc:
        read_workbook(small_workbook(tmp_path / "a.xlsx"))
    assert not isinstance(exc.value, FormReadError)  # a form is never quarantined for the installation's fault
    with pytest.raises(UnsafeXmlError):
        reader.require_safe_xml()


def test_defusedxml_is_active_in_this_installation():
    reader.require_safe_xml()
    from openpyxl.worksheet import _reader

    assert _reader.iterparse.__module__.startswith("defusedxml")


# --- limits ------------------------------------------------------------------------


def test_dimension_claiming_a_million_rows_is_ignored(tmp_path):
    path = small_workbook(tmp_path / "a.xlsx")
    huge = rewrite(path, tmp_path / "dim.xlsx", lambda n, d: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d) if n.startswith("xl/worksheets/") else d)
    start = time.perf_counter()
    raw = read_workbook(huge)
    assert time.perf_counter() - start < 2
    assert [n for n, _ in raw.sheets["Tiltak"].rows] == [1, 10, 12, 14]


def test_dimension_claiming_too_few_rows_does_not_hide_rows(tmp_path):
    path = small_workbook(tmp_path / "a.xlsx")
    small = rewrite(path, tmp_path / "dim.xlsx", lambda n, d: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', d) if n.startswith("xl/worksheets/") else d)
    assert [n for n, _ in read_workbook(small).sheets["Tiltak"].rows] == [1, 10, 12, 14]


def test_sheet_with_more_than_max_rows_filled_is_refused(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiltak"
    for i in range(reader.MAX_ROWS + 1):
        ws.cell(i + 1, 2, "x")
    wb.save(tmp_path / "many.xlsx")
    with pytest.raises(FormReadError, match=r"Arket «Tiltak» har mer enn 5\xa0000 utfylte rader"):
        read_workbook(tmp_path / "many.xlsx")


def test_exactly_max_rows_filled_is_read(tmp_path):
    wb = Workbook()
    ws = wb.active
    for i in range(reader.MAX_ROWS):
        ws.cell(i + 1, 1, i)
    wb.save(tmp_path / "max.xlsx")
    assert len(read_workbook(tmp_path / "max.xlsx").sheets["Sheet"].rows) == reader.MAX_ROWS


def test_many_formatted_empty_rows_are_refused_quickly(tmp_path):
    path = small_workbook(tmp_path / "a.xlsx")
    rows = b"".join(b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/><c r="B%d" s="1"/></row>' % (i, i, i)
                    for i in range(20, 80_000))
    styled = rewrite(path, tmp_path / "styled.xlsx", add_rows(sheet_xml(3), rows))
    start = time.perf_counter()
    with pytest.raises(FormReadError, match="rader med innhold eller formatering"):
        read_workbook(styled)
    assert time.perf_counter() - start < 5


def test_row_number_beyond_excel_is_refused_without_padding(tmp_path):
    path = small_workbook(tmp_path / "a.xlsx")
    row = b'<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>x</t></is></c></row>'
    bad = rewrite(path, tmp_path / "row.xlsx", add_rows(sheet_xml(3), row))
    start = time.perf_counter()
    with pytest.raises(FormReadError, match=NOT_READABLE):
        read_workbook(bad)
    assert time.perf_counter() - start < 2


def test_value_far_down_the_sheet_is_read_without_scanning_the_gap(tmp_path):
    path = small_workbook(tmp_path / "a.xlsx")
    row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>nederst</t></is></c></row>'
    far = rewrite(path, tmp_path / "far.xlsx", add_rows(sheet_xml(3), row))
    assert read_workbook(far).sheets["Tiltak"].rows[-1] == (1048576, ("nederst",))


def test_sheet_that_unpacks_beyond_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    path = small_workbook(tmp_path / "a.xlsx")
    monkeypatch.setattr(sniff, "MAX_PART_BYTES", 2000)
    rows = b"".join(b'<row r="%d"><c r="A%d" s="0"/></row>' % (i, i) for i in range(20, 200))
    big = rewrite(path, tmp_path / "big.xlsx", add_rows(sheet_xml(3), rows))
    with pytest.raises(FormReadError, match="altfor stort") as exc:
        read_workbook(big)
    assert exc.value.code == "too-large-unpacked"


def test_a_file_beyond_the_size_limit_is_not_read_into_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    path = small_workbook(tmp_path / "a.xlsx")
    with pytest.raises(FormReadError, match="for stor") as exc:
        read_workbook(path)
    assert exc.value.code == "too-large"
    with pytest.raises(FormReadError, match="for stor"):
        read_workbook(io.BytesIO(path.read_bytes()))


# --- files that are not readable workbooks -----------------------------------------


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_or_foreign_file_gives_a_norwegian_error_not_a_traceback(tmp_path, kind):
    path = broken_files(tmp_path)[kind]
    with pytest.raises(FormReadError) as exc:
        read_workbook(path)
    code, phrase = BROKEN[kind]
    assert isinstance(exc.value, IktplanError)
    assert exc.value.code == code and phrase in str(exc.value)
    assert str(exc.value).startswith("Filen ")
    assert "Error" not in str(exc.value) and "Traceback" not in str(exc.value)


def test_reasons_for_foreign_files_say_what_to_do(tmp_path):
    files = broken_files(tmp_path)
    assert "Lagre som" in str(pytest.raises(FormReadError, read_workbook, files["legacy-xls"]).value)
    assert "passord" in str(pytest.raises(FormReadError, read_workbook, files["legacy-xls"]).value)
    assert "Lagre som" in str(pytest.raises(FormReadError, read_workbook, files["ods"]).value)
    assert "Send kartleggingsskjemaet" in str(pytest.raises(FormReadError, read_workbook, files["docx"]).value)
    assert "send det igjen" in str(pytest.raises(FormReadError, read_workbook, files["empty"]).value)


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(FormReadError, match="Finner ikke fila"):
        read_workbook(tmp_path / "finnes-ikke.xlsx")


def test_many_formatted_empty_cells_in_wide_rows_are_refused_quickly(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_SCANNED_CELLS", 20_000)  # the real limit is 250 000: same code, less waiting
    path = small_workbook(tmp_path / "a.xlsx")
    columns = [openpyxl.utils.get_column_letter(i).encode() for i in range(1, 5001)]
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (c, r) for c in columns) + b"</row>"
                    for r in range(20, 26))
    wide = rewrite(path, tmp_path / "wide.xlsx", add_rows(sheet_xml(3), rows))
    start = time.perf_counter()
    with pytest.raises(FormReadError, match="mer enn 20\xa0000 celler med innhold eller formatering") as exc:
        read_workbook(wide)
    assert exc.value.code == "too-many-cells" and time.perf_counter() - start < 2


# --- formulas and links ------------------------------------------------------------


def formula_workbook(path: Path) -> Path:
    """openpyxl writes formulas without a stored value, as any program that does not calculate."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiltak"
    ws["A1"], ws["B1"] = "Nr", "Investering"
    ws["A2"], ws["B2"] = 1, "=1000*2"
    ws["A3"], ws["AZ3"] = 2, "=A2"  # beyond the columns read: not reported
    ws["C4"] = "=SUM(B2:B3)"  # a row with nothing but a formula
    wb.save(path)
    return path


def test_formula_without_stored_value_is_reported_not_read_as_a_value(tmp_path):
    raw = read_workbook(formula_workbook(tmp_path / "f.xlsx"))
    assert raw.formulas_without_value == [("Tiltak", 2, 1), ("Tiltak", 4, 2)]
    rows = dict(raw.sheets["Tiltak"].rows)
    assert rows[2] == (1,) and 4 not in rows  # the cell itself reads as empty: validation must say why


def test_formula_with_a_stored_value_reads_the_value_excel_showed(tmp_path):
    path = formula_workbook(tmp_path / "f.xlsx")
    # What Excel writes after calculating: the formula and the value it showed.
    cached = rewrite(path, tmp_path / "cached.xlsx", lambda n, d: d.replace(
        b"<f>1000*2</f><v></v>", b"<f>1000*2</f><v>2000</v>").replace(
        b"<f>1000*2</f><v />", b"<f>1000*2</f><v>2000</v>").replace(
        b"<f>1000*2</f></c>", b"<f>1000*2</f><v>2000</v></c>") if n == sheet_xml(1) else d)
    raw = read_workbook(cached)
    assert dict(raw.sheets["Tiltak"].rows)[2] == (1, 2000)
    assert ("Tiltak", 2, 1) not in raw.formulas_without_value


def test_formula_with_an_empty_text_result_has_a_stored_value(tmp_path):
    path = formula_workbook(tmp_path / "f.xlsx")
    empty = rewrite(path, tmp_path / "e.xlsx", lambda n, d: re.sub(
        rb'<c r="B2"([^>]*)><f>1000\*2</f>(<v\s*/>|<v></v>)?</c>', rb'<c r="B2" t="str"><f>""</f><v></v></c>', d)
        if n == sheet_xml(1) else d)
    raw = read_workbook(empty)
    assert ("Tiltak", 2, 1) not in raw.formulas_without_value


def external_link_workbook(path: Path, target: str) -> Path:
    """A workbook whose formula takes a value from another workbook, as Excel stores it."""
    small_workbook(path)
    link = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<externalBook r:id="rId1"><sheetNames><sheetName val="Ark1"/></sheetNames>'
            b'<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>42</v></cell></row></sheetData>'
            b'</sheetDataSet></externalBook></externalLink>')
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'externalLinkPath" Target="' + target.encode() + b'" TargetMode="External"/></Relationships>')
    out = tmp_path_of(path) / ("linked-" + path.name)

    def change(name, data):
        if name == "xl/workbook.xml":
            return data.replace(b"</workbook>", b'<externalReferences><externalReference xmlns:r="http://schemas.'
                                b'openxmlformats.org/officeDocument/2006/relationships" r:id="rId99"/>'
                                b"</externalReferences></workbook>")
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats'
                                b'.org/officeDocument/2006/relationships/externalLink" '
                                b'Target="externalLinks/externalLink1.xml"/></Relationships>')
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                                b'"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
                                b"</Types>")
        if name == sheet_xml(1):
            return data.replace(b"</sheetData>", b'<row r="30"><c r="A30"><f>[1]Ark1!A1</f><v>42</v></c></row>'
                                b"</sheetData>")
        return data

    rewrite(path, out, change)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("xl/externalLinks/externalLink1.xml", link)
        z.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", rels)
    return out


def tmp_path_of(path: Path) -> Path:
    return path.parent


def test_external_workbook_links_are_counted_and_never_followed(tmp_path):
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    try:
        path = external_link_workbook(tmp_path / "a.xlsx", f"http://127.0.0.1:{port}/hemmelig.xlsx")
        raw = read_workbook(path)
        assert raw.external_links == 1
        assert dict(raw.sheets["Enhet"].rows)[30] == (42,)  # the value as stored, not fetched
        with pytest.raises(socket.timeout):
            server.accept()  # nobody came to fetch the linked workbook
    finally:
        server.close()


def test_the_parser_itself_refuses_entities_if_sniffing_ever_misses_them(tmp_path, monkeypatch):
    # Second line of defence: with the byte check switched off, defusedxml still refuses.
    monkeypatch.setattr(reader, "inspect", lambda data: None)
    path = broken_files(tmp_path)["entity-bomb"]
    with pytest.raises(FormReadError) as exc:
        read_workbook(path)
    assert exc.value.code == "xml-dtd"
