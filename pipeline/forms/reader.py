"""Forms reader: an .xlsx workbook → :class:`RawWorkbook` (cell values, no rules).

Validation (``pipeline.forms.validation``) works only on ``RawWorkbook``, so the
reader can be swapped (openpyxl today; a faster reader later) without touching a
single rule or message.

The reader is bounded, because forms arrive by e-mail from anyone. Before
openpyxl sees a byte, :func:`pipeline.forms.sniff.inspect` (the one place that
decides from the bytes and the zip directory) refuses what is not an .xlsx
package, zip bombs, macros and XML with a DTD. While parsing, a sheet may have
at most :data:`MAX_ROWS` non-empty rows, :data:`MAX_SCANNED_ROWS` rows and
:data:`MAX_SCANNED_CELLS` cells in all (formatting alone makes a row or a
cell), and only the first :data:`MAX_COLUMNS` columns are kept. Sheet dimensions stored in the file are ignored (some tools
write none, others claim all 1 048 576 rows). Measured: the filled example form
reads in about 0.05 s, the same form saved by LibreOffice (1 001 formatted rows
per table sheet) in about 0.35 s, and a sheet of 80 000 formatted empty rows is
refused after about 1 s. Time itself is bounded by the caller
(:mod:`pipeline.intake.receive` reads in a worker process with a deadline).

XML is parsed only through defusedxml (:func:`require_safe_xml`); links to
other workbooks are counted, never opened; a formula is read as the value
Excel stored for it, and a formula with no stored value is reported, not read
as an empty cell.

Text is read as the unit sees it in Excel (:func:`excel_text`): Excel stores a
character XML cannot hold as an escape, ``_xHHHH_`` (ECMA-376 ST_Xstring; a
line break pasted from Word with Shift+Enter is ``_x000B_``, a carriage return
``_x000D_``), and openpyxl leaves the escapes in the text. They are decoded
here, run by run as the standard says; every line break becomes ``\n``, and
characters XML 1.0 forbids are dropped. Merged cells are listed
(:attr:`RawWorkbook.merged`); validation decides what they mean.
"""

from __future__ import annotations

import io
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.cell.text import Text
from openpyxl.packaging.manifest import Manifest
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.worksheet import _reader as openpyxl_sheet_reader
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring, iterparse

from pipeline import faults
from pipeline.forms.terms import guide_names
from pipeline.i18n import Msg, Number, pMsg
from pipeline.errors import IktplanError
from pipeline.forms.sniff import MAX_FILE_BYTES, inspect, too_large

MAX_ROWS = 5000  # non-empty rows per sheet
MAX_SCANNED_ROWS = 25_000  # rows present in a sheet's XML, empty or not
MAX_SCANNED_CELLS = 250_000  # cells present in a sheet's XML, empty or not (a LibreOffice form has 20 000)
MAX_COLUMNS = 40
EXCEL_MAX_ROW = 1_048_576

_DAMAGED = Msg("Filen kan ikke leses som et Excel-regneark (fila er skadet eller ufullstendig).")
_XML_DTD = Msg(
    "Filen inneholder XML-definisjoner (DTD eller entiteter) som Excel aldri lager. Slike kan brukes til å "
    "angripe maskinen som leser filen, så den er avvist av sikkerhetshensyn. Lagre skjemaet på nytt i Excel "
    "(som Excel-arbeidsbok, .xlsx) og send det igjen."
)


class FormReadError(IktplanError):
    """The file is not a readable .xlsx workbook, or too large to be a form.
    *code* names the cause for logs and tests (the :mod:`pipeline.forms.sniff` codes,
    or ``unreadable``, ``xml-dtd``, ``too-many-rows``, ``bad-row-number``)."""

    def __init__(self, message: str | Msg, code: str = "unreadable"):
        super().__init__(message)
        self.code = code


class UnsafeXmlError(IktplanError, RuntimeError):
    """openpyxl would parse XML without defusedxml. Not a problem with a form:
    nothing may be read until the installation is fixed."""


def require_safe_xml() -> None:
    """Raise :class:`UnsafeXmlError` unless openpyxl parses worksheets through
    defusedxml. The pipeline calls this before a run touches the inbox."""
    if not openpyxl.DEFUSEDXML or not openpyxl_sheet_reader.iterparse.__module__.startswith("defusedxml"):
        raise UnsafeXmlError(
            "iktplan starter ikke: openpyxl leser ikke XML gjennom defusedxml, og da kan et skjema fra hvem som "
            "helst angripe maskinen. Installer pakken defusedxml (f.eks. «pip install defusedxml») og sjekk at "
            "miljøvariabelen OPENPYXL_DEFUSEDXML ikke er satt til noe annet enn True."
        )


@dataclass
class RawSheet:
    name: str
    #: Non-empty rows only, as (Excel row number, cell values from column A).
    #: Trailing empty cells may be cut; a value is str, int, float, bool,
    #: datetime, or None for an empty cell.
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


@dataclass
class RawWorkbook:
    sheets: dict[str, RawSheet]  # by sheet name, in workbook order
    #: Workbook-level defined name (in lower case) → value of the single cell it
    #: points to (the first cell, if it points at a range).
    #: A name that is missing from the workbook is absent from the dict; a name
    #: that points at an empty cell maps to None.
    names: dict[str, Any] = field(default_factory=dict)
    #: Defined name → (sheet, cell reference like "B3"), for error messages.
    name_cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: (sheet, row, column index from 0) of formula cells with no stored value,
    #: in the sheets read (not the guide). Such a cell is None in ``rows`` (and
    #: its row may be absent), but Excel shows something there that the file
    #: does not contain. None: the reader cannot tell.
    formulas_without_value: list[tuple[str, int, int]] | None = None
    #: How many links to other workbooks (``xl/externalLinks/``) the file has.
    #: They are never opened; formulas using them are read as stored.
    external_links: int = 0
    #: Merged cells of the sheets read, by sheet (only sheets that have any):
    #: (first row, first column, last row, last column), 1-based, sorted. Only
    #: the first cell of a merge holds a value in ``rows``.
    merged: dict[str, tuple[tuple[int, int, int, int], ...]] = field(default_factory=dict)


def read_workbook(source: Path | str | IO[bytes], *, point: str = "reader.parse") -> RawWorkbook:
    """Read every non-empty row of every sheet and the cells behind the defined
    names (``Veiledning`` is listed with no rows: it is never read). *source* is
    a path or a seekable binary file object (left open). *point* names the
    fault point before parsing (another workbook than a form has its own).
    Raises :class:`FormReadError` for a file that is not a readable .xlsx
    workbook or is beyond the limits, and :class:`UnsafeXmlError` if defusedxml
    is not active."""
    require_safe_xml()
    data = _bytes_of(source)
    rejection = inspect(data)
    if rejection is not None:
        raise FormReadError(rejection.msg, rejection.code)
    faults.point(point)
    with _corrupt_file():
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        return _read(wb)
    finally:
        wb.close()


def _bytes_of(source: Path | str | IO[bytes]) -> bytes:
    if hasattr(source, "read"):
        source.seek(0)  # type: ignore[union-attr]
        data = source.read(MAX_FILE_BYTES + 1)  # type: ignore[union-attr]
        if len(data) > MAX_FILE_BYTES:
            raise FormReadError(too_large(len(data)).msg, "too-large")
        return data
    path = Path(source)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise FormReadError(too_large(size).msg, "too-large")
            return fh.read()
    except FileNotFoundError:
        raise FormReadError(Msg("Finner ikke fila {name}.", name=path.name), "missing") from None
    except OSError as exc:
        raise FormReadError(Msg("Kan ikke åpne fila {name} ({reason}).", name=path.name, reason=exc.strerror or ""),
                            "unopenable") from None


@contextmanager
def _corrupt_file() -> Iterator[None]:
    """Around openpyxl code working on the file's content only: whatever it
    raises (zipfile, zlib, XML, value and type errors of many kinds) means the
    file is damaged. Our own code stays outside, so its bugs keep their tracebacks."""
    try:
        yield
    except FormReadError:
        raise
    except Exception as exc:
        if _caused_by(exc, MemoryError):
            raise MemoryError("the reader's memory limit") from exc  # the caller's limit, not a damaged file
        if _caused_by(exc, DefusedXmlException):
            # sniff refuses a DTD before parsing; this is the second line, for XML it could not see
            raise FormReadError(_XML_DTD, "xml-dtd") from exc
        raise FormReadError(_DAMAGED) from exc


def _caused_by(exc: BaseException | None, kind: type[BaseException]) -> bool:
    """Is *kind* anywhere in the chain (openpyxl wraps parser errors in ValueError)?"""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, kind):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


class _SheetParser(WorkSheetParser):
    """openpyxl's streaming sheet parser, noting formula cells that have no stored
    value: ``<f>`` without ``<v>``, or with an empty ``<v>`` that is not a text
    result (``t="str"``, how Excel stores a formula showing ""). Such files come
    from programs that do not calculate (openpyxl itself writes ``<v></v>``), so
    what Excel would show is not in the file."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.formulas_without_value: list[tuple[int, int]] = []

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        kind = element.get("t")
        if kind == "inlineStr" and cell["value"] is not None:
            cell["value"] = excel_text(_runs(Text.from_tree(element.find(INLINE_STRING))))
        elif kind == "str" and isinstance(cell["value"], str):
            cell["value"] = excel_text([cell["value"]])
        # Cheap: only cells read as empty are looked at again.
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            stored = element.find(VALUE_TAG)
            if stored is None or (not stored.text and element.get("t") != "str"):
                self.formulas_without_value.append((cell["row"], cell["column"]))
        return cell


def _read(wb: Any) -> RawWorkbook:
    sheets: dict[str, RawSheet] = {}
    formulas: list[tuple[str, int, int]] = []
    merged: dict[str, tuple[tuple[int, int, int, int], ...]] = {}
    with _corrupt_file():
        strings = _shared_strings(wb._archive)
    for ws in wb.worksheets:
        ws._shared_strings = strings  # decoded (openpyxl's own list keeps the escapes)
        # The guide is text for people: listed (so its absence can be told) but never read.
        sheets[ws.title] = RawSheet(ws.title, [] if ws.title in guide_names() else _rows(wb, ws, formulas, merged))
    links = sum(1 for n in wb._archive.namelist() if n.lower().startswith("xl/externallinks/") and n.endswith(".xml"))
    raw = RawWorkbook(sheets=sheets, formulas_without_value=formulas, external_links=links, merged=merged)
    for name, ref in _defined_names(wb).items():
        target = _parse_ref(ref)
        if target is None or target[0] not in wb.sheetnames:
            continue  # «#REF!», a constant or a formula: treated as a missing name
        sheet, column, row = target
        raw.names[name] = _cell_value(wb, sheets, sheet, row, column)
        raw.name_cells[name] = (sheet, f"{column}{row}")
    return raw


def _rows(wb: Any, ws: Any, formulas: list[tuple[str, int, int]],
          merged: dict[str, tuple[tuple[int, int, int, int], ...]]) -> list[tuple[int, tuple[Any, ...]]]:
    # openpyxl's own row iterator cannot tell a physical row from a gap it pads
    # (and pads up to the stored dimension), so the parser it uses is driven
    # directly: only rows present in the file cost anything, and they are counted.
    found: dict[int, tuple[Any, ...]] = {}
    scanned = cells_scanned = 0
    # The same arguments ReadOnlyWorksheet passes (openpyxl 3.1); an AttributeError
    # here is an openpyxl upgrade to adapt to, not a damaged file.
    archive, path, strings = wb._archive, ws._worksheet_path, ws._shared_strings
    formats = dict(epoch=wb.epoch, date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
    parser = _SheetParser(None, strings, data_only=True, **formats)
    with _corrupt_file(), archive.open(path) as source:
        parser.source = source
        for number, cells in parser.parse():
            scanned += 1
            if scanned > MAX_SCANNED_ROWS:
                raise FormReadError(
                    _too_many_rows(ws.title, MAX_SCANNED_ROWS, "formatted"), "too-many-rows"
                )
            if not 1 <= number <= EXCEL_MAX_ROW:
                raise FormReadError(
                    Msg("Filen kan ikke leses som et Excel-regneark (arket {sheet} har ugyldige radnumre).",
                        sheet=quote(ws.title)), "bad-row-number"
                )
            cells_scanned += len(cells)
            if cells_scanned > MAX_SCANNED_CELLS:
                raise FormReadError(
                    _too_many_rows(ws.title, MAX_SCANNED_CELLS, "cells"),
                    "too-many-cells",
                )
            values: list[Any] = [None] * MAX_COLUMNS
            for cell in cells:
                if 1 <= cell["column"] <= MAX_COLUMNS:
                    values[cell["column"] - 1] = _clean(cell["value"])
            while values and values[-1] is None:
                values.pop()
            if not values or number in found:
                continue
            if len(found) >= MAX_ROWS:
                raise FormReadError(_too_many_rows(ws.title, MAX_ROWS, "filled"), "too-many-rows")
            found[number] = tuple(values)
    formulas.extend((ws.title, row, column - 1) for row, column in parser.formulas_without_value
                    if 1 <= column <= MAX_COLUMNS)
    ranges = _merged_ranges(parser.merged_cells)
    if ranges:
        merged[ws.title] = ranges
    return sorted(found.items())


def _merged_ranges(merge_cells: Any) -> tuple[tuple[int, int, int, int], ...]:
    """openpyxl's ``<mergeCells>`` as sorted (first row, first column, last row,
    last column); a reference that is not a cell range is left out."""
    found = set()
    for cell in getattr(merge_cells, "mergeCell", None) or ():
        try:
            first_col, first_row, last_col, last_row = range_boundaries(cell.ref)
        except (TypeError, ValueError):
            continue
        if None not in (first_col, first_row, last_col, last_row):
            found.add((min(first_row, last_row), min(first_col, last_col),
                       max(first_row, last_row), max(first_col, last_col)))
    return tuple(sorted(found))


# --- text as Excel shows it -----------------------------------------------------

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def excel_text(runs: list[str]) -> str:
    """A cell's text from its runs as stored (one run, or the runs of rich
    text): ``_xHHHH_`` escapes decoded in each run (``_x005F_`` is a literal
    ``_``), the runs joined, then :func:`tidy_text`."""
    return tidy_text("".join(_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), run) for run in runs))


def tidy_text(text: str) -> str:
    """Every line break (CR LF, CR, vertical tab from Word's Shift+Enter, form
    feed) as ``\n``; an escaped surrogate pair joined into its character;
    characters XML 1.0 forbids (other controls, lone surrogates, U+FFFE/FFFF) dropped."""
    text = _LINE_BREAK.sub("\n", text)
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return _NOT_XML.sub("", text)


def _runs(text: Any) -> list[str]:
    """The text runs of an openpyxl :class:`~openpyxl.cell.text.Text`, in the
    order ``Text.content`` joins them (phonetic runs left out)."""
    runs = [text.plain] if text.plain is not None else []
    return runs + [r.t for r in text.r if r.t is not None]


def _shared_strings(archive: Any) -> list[str]:
    """The shared strings, found and parsed as openpyxl does, decoded by
    :func:`excel_text` (openpyxl's own list keeps the escapes, and mangles
    ``_x005F_``)."""
    manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    part = manifest.find(SHARED_STRINGS)
    if part is None:
        return []
    strings = []
    with archive.open(part.PartName[1:]) as source:
        for _, node in iterparse(source):
            if node.tag == f"{{{SHEET_MAIN_NS}}}si":
                strings.append(excel_text(_runs(Text.from_tree(node))))
                node.clear()
    return strings


_TOO_MANY = {
    "filled": Msg("Arket {sheet} har mer enn {limit} utfylte rader, og det er for mye for et kartleggingsskjema. "
                  "Slett rader og kolonner som ikke hører til skjemaet (eller lim innholdet inn i et nytt, tomt "
                  "skjema fra sekretariatet), og send det på nytt."),
    "formatted": Msg("Arket {sheet} har mer enn {limit} rader med innhold eller formatering, og det er for mye for "
                     "et kartleggingsskjema. Slett rader og kolonner som ikke hører til skjemaet (eller lim "
                     "innholdet inn i et nytt, tomt skjema fra sekretariatet), og send det på nytt."),
    "cells": Msg("Arket {sheet} har mer enn {limit} celler med innhold eller formatering, og det er for mye for "
                 "et kartleggingsskjema. Slett rader og kolonner som ikke hører til skjemaet (eller lim innholdet "
                 "inn i et nytt, tomt skjema fra sekretariatet), og send det på nytt."),
}


def _too_many_rows(sheet: str, limit: int, what: str) -> Msg:
    """*what*: ``filled`` rows, ``formatted`` rows or ``cells``."""
    return _TOO_MANY[what].fill(sheet=quote(sheet), limit=Number(limit))


def quote(text: str) -> Msg:
    return pMsg("quote", "«{text}»", text=text)


def _clean(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _defined_names(wb: Any) -> dict[str, str]:
    """Name → reference text. Workbook-level names win; a name defined only on
    a sheet is used as a fallback (some tools move names to the sheet scope)."""
    # Keys are lower case: Excel treats names case-insensitively and the
    # contract spells them in lower case.
    found: dict[str, str] = {}
    for ws in wb.worksheets:
        for name, defn in getattr(ws, "defined_names", {}).items():
            found.setdefault(name.lower(), defn.attr_text or "")
    for name, defn in wb.defined_names.items():
        if not name.startswith("_xlnm."):
            found[name.lower()] = defn.attr_text or ""
    return found


_REF = re.compile(r"=?\s*(?:'((?:[^']|'')+)'|([^'!:,]+))!\$?([A-Za-z]{1,3})\$?(\d+)")


def _parse_ref(ref: str) -> tuple[str, str, int] | None:
    """``'Enhet'!$B$2`` or ``Enhet!$B$2:$B$4`` → ``("Enhet", "B", 2)`` (first
    cell of a range); ``None`` for ``#REF!``, constants and formulas."""
    match = _REF.match(ref.strip())
    if not match:
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2).strip()
    row = int(match.group(4))
    if not 1 <= row <= EXCEL_MAX_ROW:
        return None
    return sheet, match.group(3).upper(), row


def _cell_value(wb: Any, sheets: dict[str, RawSheet], sheet: str, row: int, column: str) -> Any:
    index = column_index_from_string(column)
    if sheet in sheets and sheet not in guide_names() and index <= MAX_COLUMNS:
        for number, values in sheets[sheet].rows:
            if number == row:
                return values[index - 1] if index <= len(values) else None
        return None
    # A name pointing at a sheet or column the reader skipped: look it up directly.
    with _corrupt_file():
        return _clean(wb[sheet].cell(row=row, column=index).value)
