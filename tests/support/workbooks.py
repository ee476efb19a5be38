"""Small workbooks built by hand with openpyxl, their packages rewritten member
by member, and files that are not readable workbooks at all."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

NOT_READABLE = "Filen kan ikke leses som et Excel-regneark"


def small_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Enhet"
    ws["A2"], ws["B2"] = "Enhet", "Fjordvik skole"
    ws["A3"], ws["B3"] = "Dato", datetime(2027, 3, 15)
    ws["B4"] = "   "  # whitespace only: empty
    guide = wb.create_sheet("Veiledning")
    guide["A1"] = "Slik fyller du ut skjemaet"
    tiltak = wb.create_sheet("Tiltak")
    tiltak.append(["Nr", "Tiltak", None, "  "])
    tiltak["A10"] = 3
    tiltak["B12"] = " mellomrom beholdes "
    tiltak["AO13"] = "kolonne 41: leses ikke"
    tiltak["AN14"] = "kolonne 40"
    wb.defined_names["enhet"] = DefinedName("enhet", attr_text="'Enhet'!$B$2")
    wb.defined_names["Dato"] = DefinedName("Dato", attr_text="Enhet!$B$3")
    wb.defined_names["omrade"] = DefinedName("omrade", attr_text="Enhet!$B$2:$B$4")
    wb.defined_names["tom"] = DefinedName("tom", attr_text="Enhet!$B$4")
    wb.defined_names["brutt"] = DefinedName("brutt", attr_text="#REF!")
    wb.defined_names["brutt2"] = DefinedName("brutt2", attr_text="Enhet!#REF!")
    wb.defined_names["konstant"] = DefinedName("konstant", attr_text='"1.0"')
    wb.defined_names["guide"] = DefinedName("guide", attr_text="Veiledning!$A$1")
    wb.save(path)
    return path


def rewrite(src: Path, dst: Path, change) -> Path:
    """Copy an .xlsx package, passing each member's bytes through *change(name, data)*."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, change(info.filename, zin.read(info.filename)))
    return dst


def sheet_xml(title_index: int):
    return f"xl/worksheets/sheet{title_index}.xml"


def broken_files(tmp_path: Path) -> dict[str, Path]:
    good = small_workbook(tmp_path / "good.xlsx")
    data = good.read_bytes()
    files = {
        "garbage": b"dette er ikke et regneark\n" * 20,
        "empty": b"",
        "legacy-xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000,
        "truncated": data[: len(data) // 2],
    }
    paths = {name: tmp_path / f"{name}.xlsx" for name in files}
    for name, content in files.items():
        paths[name].write_bytes(content)
    paths["bad-xml"] = rewrite(good, tmp_path / "badxml.xlsx",
                               lambda n, d: d.replace(b"<sheetData>", b"<sheetData><row") if n == sheet_xml(1) else d)
    paths["no-workbook-part"] = rewrite(good, tmp_path / "nowb.xlsx",
                                        lambda n, d: d if n != "xl/worksheets/sheet3.xml" else b"")
    paths["entity-bomb"] = rewrite(good, tmp_path / "entity.xlsx", lambda n, d: d.replace(
        b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet', 1)
        if n == sheet_xml(1) else d)
    ods = tmp_path / "calc.xlsx"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    paths["ods"] = ods
    docx = tmp_path / "brev.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    paths["docx"] = docx
    return paths


#: What each broken file is called in the error the unit reads.
BROKEN = {
    "garbage": ("text", "tekstfil"),
    "empty": ("empty", "tom"),
    "legacy-xls": ("ole", ".xls"),
    "truncated": ("corrupt", "skadet eller ufullstendig"),
    "bad-xml": ("unreadable", NOT_READABLE + " (fila er skadet eller ufullstendig)"),
    "no-workbook-part": ("unreadable", NOT_READABLE + " (fila er skadet eller ufullstendig)"),
    "entity-bomb": ("xml-dtd", "DTD eller entiteter"),
    "ods": ("ods", ".ods"),
    "docx": ("docx", "Word-dokument"),
}


#: Transitional → Strict namespaces (ECMA-376 Part 1, 5th ed., the Strict schemas),
#: as Excel rewrites them for «Strict Open XML Spreadsheet». Package parts (content
#: types, package relationships, core properties) keep their namespaces.
STRICT_NAMESPACES = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/", b"http://purl.oclc.org/ooxml/drawingml/"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/extended-properties",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
]


def strict_open_xml(src: Path, dst: Path) -> Path:
    """*src* (a real .xlsx) as Excel saves it with «Strict Open XML Spreadsheet»:
    the Strict namespaces everywhere and ``conformance="strict"`` on the workbook."""

    def change(name: str, data: bytes) -> bytes:
        for old, new in STRICT_NAMESPACES:
            data = data.replace(old, new)
        if name == "xl/workbook.xml":
            data = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
        return data

    return rewrite(src, dst, change)


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.DOTALL)
_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
_SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def as_excel_saves(src: Path, dst: Path, escapes: dict[str, str] | None = None) -> Path:
    """*src* (written by openpyxl, which stores text in the cells) with its text
    moved into a shared-string table, as Excel stores it; each key of *escapes*
    in a text is replaced by its value in the raw XML, e.g. ``{"~VT~": "_x000B_"}`` (ASCII: openpyxl writes other
    characters as references)
    for what Excel writes when a cell holds text pasted from Word with Shift+Enter."""
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        text = match.group(3)
        for marker, escape in (escapes or {}).items():
            text = text.replace(marker.encode(), escape.encode())
        strings.append(b"<si>" + text + b"</si>")
        return b'<c %st="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), len(strings) - 1)

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
            return _INLINE.sub(shared, data)
        return data

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = {info.filename: change(info.filename, zin.read(info.filename)) for info in zin.infolist()}
        assert "xl/sharedStrings.xml" not in parts, "the source already has a shared-string table"
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % _SST_TYPE)
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdSst" Type="%s" Target="sharedStrings.xml"/></Relationships>'
            % _SST_REL)
        parts["xl/sharedStrings.xml"] = _SST % (len(strings), len(strings), b"".join(strings))
        for name, data in parts.items():
            zout.writestr(name, data)
    return dst
