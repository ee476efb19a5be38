"""Fast forms reader: the same :class:`~pipeline.forms.reader.RawWorkbook` as
:func:`pipeline.forms.reader.read_workbook`, with the cells read by python-calamine.

openpyxl spends about 50 ms on a filled form (most of it walking the XML in
Python); calamine reads every cell in about 3 ms. This module reads a form
with calamine when it can tell, from the file itself, that calamine and the
openpyxl reader give the same values, and hands the file to
:func:`pipeline.forms.reader.read_workbook` otherwise. Validation therefore sees the
very same rows, names and values either way, and every error message stays as
it is.

What must hold for the fast way (checked on the raw XML, cheaply, before
calamine reads anything; any doubt means openpyxl):

* the package is an ordinary workbook: the workbook part where openpyxl looks
  for it, every sheet a worksheet whose part exists, no 1904 date system;
* the worksheets read are well-formed XML without a DTD, with no formula
  (openpyxl reports a formula without a stored value; calamine cannot tell),
  no error or ISO-date cells and no phonetic runs (the two readers treat
  those differently);
* text escaped as ``_xHHHH_`` (ST_Xstring) only for characters below U+0100:
  calamine decodes those, run by run, as :func:`pipeline.forms.reader.excel_text`
  does, and leaves higher ones as they are (the openpyxl reader decodes them);
  line breaks and characters XML forbids are then tidied the same way
  (:func:`pipeline.forms.reader.tidy_text`);
* merged cells are plain ranges (``A1:B3``, or one cell ``A1``), read from the sheet's XML;
* every row and cell names its own position, no row number twice, at most
  :data:`MAX_ROW` rows and :data:`MAX_COLUMN` columns (calamine fills the
  whole rectangle), and no more rows than the openpyxl reader allows;
* every number is stored the way openpyxl reads the same value: a whole
  number without a decimal point (openpyxl keeps ``3.0`` a float, calamine
  cannot tell ``3`` from ``3.0``) and with at most 15 digits;
* every style used gives a date in both readers or a number in both (the
  common built-in formats and plain custom formats such as ``dd.mm.yyyy`` or
  ``#,##0``), and every date is a whole day after 28 February 1900;
* the defined names point into the sheets that are read, within 40 columns.

The forms iktplan hands out, filled in Excel, LibreOffice or iktplan's own
form filler, take the fast way. A file openpyxl would refuse for an invalid
value outside the cells (a style, a print setting, a document property) is
not looked at that closely here and is read; everything else behaves exactly
as with :mod:`pipeline.forms.reader`.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from pipeline import faults
from pipeline.forms import reader
from pipeline.forms.terms import guide_names
from pipeline.forms.reader import (MAX_COLUMNS, MAX_ROWS, MAX_SCANNED_ROWS, FormReadError, RawSheet, RawWorkbook,
                                   tidy_text)
from pipeline.forms.sniff import inspect

try:  # optional: without it every form is read by openpyxl
    import python_calamine
except ImportError:  # pragma: no cover - python-calamine is a dependency
    python_calamine = None

#: Rows and columns beyond these go to openpyxl (calamine would fill the whole
#: rectangle up to the last cell in memory).
MAX_ROW = 10_000
MAX_COLUMN = 200

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_ESCAPE = re.compile(rb"_x([0-9A-Fa-f]{4})_")
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"\s*/>')
_ANY_MERGE = re.compile(rb"<mergeCell[\s>/]")
_PADDED_TEXT = re.compile(rb"<r>(?:<rPr>.*?</rPr>)?<t(\s[^>]*)?>(?:\s|[^<]*\s</t>)", re.DOTALL)
_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.DOTALL)
_ANY_ROW = re.compile(rb"<row[\s>/]")
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})\d+"')
_ANY_CELL = re.compile(rb"<c[\s>/]")
_CELL_TYPE = re.compile(rb'<c r="[A-Z]+\d+"[^>]*?\st="([^"]*)"')
_CELL_STYLE = re.compile(rb'<c r="[A-Z]+\d+"[^>]*?\ss="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_EMPTY_VALUE = re.compile(rb"<v\s*/>|<v>\s*</v>")
_STRING_INDEX = re.compile(rb'<c r="[A-Z]+\d+"[^>]*?\st="s"[^>]*(?<!/)>\s*<v>\s*(\d+)\s*</v>\s*</c>')
_EMPTY_STRING_CELL = re.compile(rb'<c r="[A-Z]+\d+"[^>]*?\st="s"[^>]*/>')
_BOOLEAN = re.compile(rb'<c r="[A-Z]+\d+"[^>]*?\st="b"[^>]*>\s*<v>([^<]*)</v>')
_SHARED_STRING = re.compile(rb"<si[\s>/]")
_SAFE_TYPES = {b"s", b"inlineStr", b"n", b"b"}

# Number formats both readers see the same way. Built-in ids: 0–13 and 37–44
# are numbers, 48 is «##0.0E+0», 49 is text; 14–17 are dates and 22 a date
# with time. Other built-ins (times, durations, the East Asian dates 27–36 and
# 50–58 that calamine knows and openpyxl does not) go to openpyxl.
_BUILTIN_NUMBER = {*range(0, 14), *range(37, 45), 48, 49}
_BUILTIN_DATE = {14, 15, 16, 17, 22}
_QUOTED = re.compile(r'"[^"]*"|\\.')
_LOCALE = re.compile(r"\[\$[^\]]*\]")
_NUMBER_FORMAT = re.compile(r"[#0?,.%\s+\-()/€$£*_]*", re.IGNORECASE)
_DATE_FORMAT = re.compile(r"(?:d{1,4}|m{1,4}|yy(?:yy)?|h{1,2}|s{1,2}|[\s.,/\-:])+", re.IGNORECASE)
_LAST_1900_BUG = date(1900, 3, 1)  # before this, Excel's serial numbers and the calendar disagree
#: What an unusual or damaged package makes the checks raise (a bug in them is no such thing).
_ODD_FILE = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, IndexError, OSError, EOFError,
             SafeET.ParseError, DefusedXmlException, NotImplementedError)


def read_workbook(source: Path | str | IO[bytes], *, point: str = "reader.parse") -> RawWorkbook:
    """:func:`pipeline.forms.reader.read_workbook`, faster: same arguments, same
    result, same errors (see the module docstring)."""
    reader.require_safe_xml()
    data = reader._bytes_of(source)
    rejection = inspect(data)
    if rejection is not None:
        raise FormReadError(rejection.msg, rejection.code)
    plan = _plan(data) if python_calamine is not None else None
    if plan is None:
        return reader.read_workbook(io.BytesIO(data), point=point)
    faults.point(point)
    raw = _read(data, plan)
    return raw if raw is not None else reader.read_workbook(io.BytesIO(data), point=point)


class _Plan:
    """What the XML says, for reading the file with calamine."""

    def __init__(self) -> None:
        self.sheets: list[str] = []  # every sheet, in workbook order
        self.names: dict[str, str] = {}  # as reader._defined_names gives them
        self.external_links = 0
        self.merged: dict[str, tuple[tuple[int, int, int, int], ...]] = {}  # as RawWorkbook.merged


def _plan(data: bytes) -> _Plan | None:
    """The plan for the fast way, or None where openpyxl must read the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return _plan_package(z)
    except _ODD_FILE:  # for openpyxl to judge (and word)
        return None


def _plan_package(z: zipfile.ZipFile) -> _Plan | None:
    files = set(z.namelist())
    types = _xml(z, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{_TYPES}Override")}
    if overrides.get("/xl/workbook.xml") not in _WORKBOOK_TYPES:
        return None  # openpyxl finds the workbook part some other way
    if "xl/styles.xml" not in files:
        return None
    strings = [p[1:] for p, t in overrides.items() if t == _SHARED_STRINGS and p]
    if len(strings) > 1:
        return None
    shared = z.read(strings[0]) if strings else b""
    if strings and not _plain_strings(shared):
        return None

    workbook = _xml(z, "xl/workbook.xml")
    properties = workbook.find(f"{_MAIN}workbookPr")
    if properties is not None and properties.get("date1904") not in (None, "0", "false"):
        return None
    rels = {r.get("Id"): r for r in _xml(z, "xl/_rels/workbook.xml.rels").iter(f"{_PKG_REL}Relationship")}
    plan = _Plan()
    parts: list[str] = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        rel = rels.get(sheet.get(f"{_REL}id"))
        if rel is None or rel.get("Type") != _WORKSHEET_REL or rel.get("TargetMode") == "External":
            return None
        target = rel.get("Target", "")
        part = target[1:] if target.startswith("/") else "xl/" + target
        if part not in files:
            return None
        plan.sheets.append(sheet.get("name"))
        parts.append(part)
    if len(set(plan.sheets)) != len(plan.sheets) or not plan.sheets:
        return None

    numbers = _number_styles(_xml(z, "xl/styles.xml"))
    for name, part in zip(plan.sheets, parts):
        if name in guide_names():
            continue  # never read (and openpyxl does not parse it either)
        xml = z.read(part)
        styles = _sheet_styles(xml, len(_SHARED_STRING.findall(shared)))
        merged = _merged(xml)
        if styles is None or merged is None or any(numbers.get(s) is None for s in styles):
            return None
        if merged:
            plan.merged[name] = merged

    names = _defined_names(workbook, plan.sheets)
    if names is None:
        return None
    for name, ref in names.items():
        target = reader._parse_ref(ref)
        if target is None or target[0] not in plan.sheets:
            continue
        sheet, column, _ = target
        if sheet in guide_names() or _column_index(column) > MAX_COLUMNS:
            return None  # openpyxl looks those up in a sheet the fast way does not read
    plan.names = names
    plan.external_links = sum(1 for n in files if n.lower().startswith("xl/externallinks/") and n.endswith(".xml"))
    return plan


def _xml(z: zipfile.ZipFile, name: str):
    return SafeET.fromstring(z.read(name), forbid_dtd=True)


def _plain_strings(xml: bytes) -> bool:
    """Well-formed, no phonetic runs, escapes calamine decodes like the openpyxl
    reader, and nothing openpyxl rewrites."""
    return _well_formed(xml) and b"<rPh" not in xml and _plain_escapes(xml) and not _padded(xml)


def _plain_escapes(xml: bytes) -> bool:
    """Every ``_xHHHH_`` escape is for a character below U+0100 (calamine leaves the others escaped)."""
    return all(int(code, 16) < 0x100 for code in _ESCAPE.findall(xml))


def _merged(xml: bytes) -> tuple[tuple[int, int, int, int], ...] | None:
    """The sheet's merged cells as :attr:`RawWorkbook.merged` lists them; None
    if one is not a plain range (openpyxl decides about those)."""
    found = _MERGE.findall(xml)
    if len(found) != len(_ANY_MERGE.findall(xml)):
        return None
    ranges = set()
    for first_col, first_row, last_col, last_row in found:
        if not last_col:  # one cell (openpyxl writes a merge of one column so): openpyxl reads it as a range of one
            last_col, last_row = first_col, first_row
        first = (int(first_row), _column_index(first_col.decode()))
        last = (int(last_row), _column_index(last_col.decode()))
        if first[0] < 1 or last < first or last[1] < first[1]:
            return None
        ranges.add((*first, *last))
    return tuple(sorted(ranges))


def _padded(xml: bytes) -> bool:
    """A rich-text run with outer spaces not marked ``xml:space="preserve"``:
    openpyxl drops them there, calamine keeps them."""
    return any(b"preserve" not in (m.group(1) or b"") for m in _PADDED_TEXT.finditer(xml))


def _number_styles(styles) -> dict[int, str | None]:
    """Cell style index → "number" or "date" where both readers agree; None where not."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE, builtin_format_code, is_date_format, \
        is_timedelta_format

    custom = {}
    formats = styles.find(f"{_MAIN}numFmts")
    for f in formats if formats is not None else ():
        custom[int(f.get("numFmtId"))] = f.get("formatCode")
    cell_xfs = styles.find(f"{_MAIN}cellXfs")
    result: dict[int, str | None] = {}
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
        number = int(xf.get("numFmtId", 0))
        if number in custom:  # as openpyxl's Stylesheet._normalise_numbers
            fmt = custom[number]
            builtin = BUILTIN_FORMATS_REVERSE.get(fmt)
        else:
            fmt, builtin = builtin_format_code(number), number
        openpyxl_date = is_date_format(fmt) and not is_timedelta_format(fmt)
        if builtin is not None:
            kind = "number" if builtin in _BUILTIN_NUMBER else "date" if builtin in _BUILTIN_DATE else None
        else:
            kind = _custom_kind(fmt)
        if kind == "date" and not openpyxl_date:
            kind = None
        if kind == "number" and is_date_format(fmt):
            kind = None
        result[index] = kind
    if not result:
        result[0] = "number"  # no styles: every cell is General
    return result


def _custom_kind(fmt: str | None) -> str | None:
    """"number", "date" or None (not sure) for a custom number format."""
    if fmt is None:
        return None
    if fmt.strip().casefold() == "general":
        return "number"
    sections = [_LOCALE.sub("", _QUOTED.sub("", section)) for section in fmt.split(";")]
    if "[" in "".join(sections) or "@" in "".join(sections[:-1]):
        return None  # colours, conditions and elapsed times: not worth the doubt
    if all(_NUMBER_FORMAT.fullmatch(s.replace("@", "")) for s in sections):
        return "number"
    if len(sections) == 1 and _DATE_FORMAT.fullmatch(sections[0]) and re.search(r"[dDyY]", sections[0]):
        return "date"
    return None


def _sheet_styles(xml: bytes, strings: int) -> set[int] | None:
    """The styles a worksheet's cells use, or None if the sheet is not for the
    fast way (see the module docstring). *strings* is the number of shared
    strings. Each check is one regular expression over the whole sheet."""
    if not _well_formed(xml) or _FORMULA.search(xml) or not _plain_escapes(xml) or b"<rPh" in xml or _padded(xml):
        return None
    if b"<sheetData" not in xml:
        return None  # a prefixed or unusual sheet
    rows = _ROW.findall(xml)
    if len(rows) > MAX_SCANNED_ROWS or len(_ANY_ROW.findall(xml)) != len(rows):
        return None  # a row without its number first
    numbers = [int(n) for n, _ in rows]
    if len(set(numbers)) != len(numbers) or any(not 1 <= n <= MAX_ROW for n in numbers):
        return None
    in_rows = 0
    for number, content in rows:  # every cell in the row that holds it, where openpyxl looks
        found = _CELL_ROW.findall(content) if content else []
        if any(r != number for r in found):
            return None
        in_rows += len(found)
    cells = _CELL_REF.findall(xml)
    if len(cells) != len(_ANY_CELL.findall(xml)) or len(cells) != in_rows:
        return None  # a cell without its position first, or outside a row
    if cells and max(_column_index(c.decode()) for c in set(cells)) > MAX_COLUMN:
        return None
    types = _CELL_TYPE.findall(xml)
    if not set(types) <= _SAFE_TYPES or _EMPTY_VALUE.search(xml):
        return None  # errors, ISO dates, formula strings; an empty value openpyxl refuses
    if xml.count(b"<is>") > types.count(b"inlineStr") or not all(_plain_number(v) for v in _VALUE.findall(xml)):
        return None
    indexes = _STRING_INDEX.findall(xml)
    if types.count(b"s") != len(indexes) + len(_EMPTY_STRING_CELL.findall(xml)):
        return None  # a shared-string cell holding anything but an index
    if any(int(i) >= strings for i in indexes):
        return None
    if any(v.strip() not in (b"0", b"1") for v in _BOOLEAN.findall(xml)):
        return None
    return {int(s) for s in _CELL_STYLE.findall(xml)} | {0}


def _plain_number(text: bytes) -> bool:
    """Stored so that openpyxl and calamine give the same value: a whole number
    of at most 15 digits, or a number with a fraction."""
    if b"." in text or b"e" in text or b"E" in text:
        try:
            return not float(text).is_integer()  # openpyxl keeps «3.0» a float; calamine cannot tell
        except ValueError:
            return False
    digits = text.strip().lstrip(b"-")
    return digits.isdigit() and len(digits.lstrip(b"0")) <= 15


def _well_formed(xml: bytes) -> bool:
    """Well-formed XML with bound prefixes and no DTD (what openpyxl's parser
    would accept), checked without building a tree."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args: Any) -> None:
        raise ValueError("DTD")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(xml, True)
    except (expat.ExpatError, ValueError):
        return False
    return True


def _defined_names(workbook, sheets: list[str]) -> dict[str, str] | None:
    """Name (lower case) → reference text, as :func:`pipeline.forms.reader._defined_names`
    finds them after openpyxl has read the workbook (global names win, a
    sheet-scoped one is the fallback); None if openpyxl could fail on them."""
    from openpyxl.workbook.defined_name import RESERVED_REGEX
    from openpyxl.worksheet.print_settings import PrintArea, PrintTitles

    container = workbook.find(f"{_MAIN}definedNames")
    global_names: dict[str, str] = {}
    scoped: dict[int, dict[str, str]] = {}
    for element in container if container is not None else ():
        if element.tag != f"{_MAIN}definedName":
            return None
        name, text, scope = element.get("name"), element.text or "", element.get("localSheetId")
        if name is None:
            return None
        if scope is None:
            if name in ("_xlnm.Print_Titles", "_xlnm.Print_Area", "_xlnm._FilterDatabase"):
                continue
            global_names[name] = text
        else:
            if not scope.strip().isdigit():
                return None
            scoped.setdefault(int(scope), {})[name] = text
    found: dict[str, str] = {}
    for index in sorted(scoped):  # openpyxl binds them to sheets in sheet order
        if index >= len(sheets):
            continue  # openpyxl warns and drops them
        for name, text in scoped[index].items():
            match = RESERVED_REGEX.match(name)
            try:
                if match and match.group("name") == "Print_Titles":
                    PrintTitles.from_string(text)
                elif match and match.group("name") == "Print_Area":
                    try:
                        PrintArea.from_string(text)
                    except TypeError:
                        pass
            except Exception:  # noqa: BLE001 - openpyxl would stop on it: let it
                return None
            if match is None:
                found.setdefault(name.lower(), text)
    for name, text in global_names.items():
        if not name.startswith("_xlnm."):
            found[name.lower()] = text
    return found


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def _read(data: bytes, plan: _Plan) -> RawWorkbook | None:
    """The workbook read with calamine; None if a value turns out not to be one
    the fast way can vouch for."""
    failures = (python_calamine.CalamineError, ValueError, OverflowError, OSError)  # openpyxl will explain
    try:
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except failures:
        return None
    try:
        if list(wb.sheet_names) != plan.sheets:
            return None
        sheets: dict[str, RawSheet] = {}
        for name in plan.sheets:
            if name in guide_names():
                sheets[name] = RawSheet(name, [])
                continue
            rows = _rows(wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
            if rows is None:
                return None
            sheets[name] = RawSheet(name, rows)
    except failures:
        return None
    finally:
        wb.close()
    raw = RawWorkbook(sheets=sheets, formulas_without_value=[], external_links=plan.external_links,
                      merged=dict(plan.merged))
    for name, ref in plan.names.items():
        target = reader._parse_ref(ref)
        if target is None or target[0] not in sheets:
            continue
        sheet, column, row = target
        index = _column_index(column)
        value = None
        for number, values in sheets[sheet].rows:
            if number == row:
                value = values[index - 1] if index <= len(values) else None
                break
        raw.names[name] = value
        raw.name_cells[name] = (sheet, f"{column}{row}")
    return raw


_MISSING = object()


def _rows(grid: list[list[Any]]) -> list[tuple[int, tuple[Any, ...]]] | None:
    rows = []
    for number, cells in enumerate(grid, start=1):
        values = []
        for cell in cells[:MAX_COLUMNS]:
            value = _value(cell)
            if value is _MISSING:
                return None
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        if not values:
            continue
        if len(rows) >= MAX_ROWS:
            return None  # openpyxl words the refusal
        rows.append((number, tuple(values)))
    return rows


def _value(cell: Any) -> Any:
    """A calamine value as openpyxl's reader gives it (:data:`_MISSING`: cannot say)."""
    if isinstance(cell, str):
        cell = tidy_text(cell)  # calamine has decoded the escapes (see the module docstring)
        return cell if cell.strip() else None
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else cell
    if isinstance(cell, int):
        return cell
    if isinstance(cell, datetime):
        if cell.time() != datetime.min.time() or cell.date() < _LAST_1900_BUG:
            return _MISSING
        return cell
    if isinstance(cell, date):
        if cell < _LAST_1900_BUG:
            return _MISSING
        return datetime(cell.year, cell.month, cell.day)
    return _MISSING
