"""Excel tables, one per sheet, written fast: the sheets, headers, tables and
styles are made with openpyxl, the data rows are written straight into each
sheet's XML (see :class:`Book`). Every text is written as a text cell, so
``=SUM(A1)``, ``+47 …``, ``-`` or ``@navn`` stay text and never become a formula
(openpyxl would otherwise store a string starting with ``=`` as a formula, and
``#N/A`` as an error value)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import NUMERIC_TYPES, safe_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.i18n import Lang

KRONER_FORMAT = '#,##0 "kr"'
#: Kroner as Danish writes them («1.250.000 kr.»; Excel groups the digits as the reader's Windows does).
KRONER_FORMAT_DA = '#,##0 "kr."'
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
SCORE_FORMAT = "0.0"
RATIO_FORMAT = "0.00"
MAX_WIDTH = 60
MIN_WIDTH = 8
#: Excel's limit for the text in one cell.
MAX_TEXT = 32_767
#: Data rows are written into a sheet's XML about this many at a time.
ROWS_PER_CHUNK = 2000

WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    """A column of a table: its header, how its values are formatted, its width."""

    header: str
    kind: str = "text"  # text, int, kr (kr. in a language that writes «kr.»), score, ratio, years, date, datetime
    width: int | None = None  # None: from the content


#: The number format of each kind of column (text has none).
FORMATS = {
    "kr": KRONER_FORMAT,
    "kr.": KRONER_FORMAT_DA,
    "score": SCORE_FORMAT,
    "ratio": RATIO_FORMAT,
    "years": SCORE_FORMAT,
    "date": DATE_FORMAT,
    "datetime": DATETIME_FORMAT,
    "int": "0",
}


def add_table(wb: Book, title: str, name: str, columns: Sequence[Column], rows: list[list[Any]],
              lang: Lang | None = None) -> Worksheet:
    """A sheet *title* holding one Excel table *name*: a bold header row, the
    *rows* (one value per column), filters, a frozen header, landscape pages,
    and widths from the content where a column gives none. With *lang*, each
    header is a bokmål msgid (marked ``N_``) shown in that language; None: as written."""
    if lang is not None:
        money = "kr." if lang.kroner(0).endswith("kr.") else "kr"
        columns = [replace(col, header=lang.gettext(col.header), kind=money if col.kind == "kr" else col.kind)
                   for col in columns]
    ws = wb.create_sheet(title)
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        put(cell, col.header)
        cell.font = Font(bold=True)
        cell.alignment = WRAP
    wb.add_rows(ws, columns, rows)
    # A table needs at least one data row, or Excel reports the file as damaged.
    last_row = max(2, len(rows) + 1)
    ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    # What openpyxl does when it saves a table without columns, but from the header
    # row alone: it would otherwise create a cell for every cell of the table.
    table._initialise_columns()
    for j, column in enumerate(table.tableColumns, start=1):
        column.name = str(ws.cell(row=1, column=j).value)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    for j, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = col.width or _width(col, [r[j - 1] for r in rows])
    return ws


class Book:
    """The workbook, with the data rows of the tables written apart.

    openpyxl spends most of its time on cell objects (a few hundred thousand
    with 200 units). The sheets, headers, tables and styles are made with
    openpyxl; the data rows are kept as values and written straight into each
    sheet's XML when the workbook is saved, as the same ``<c>`` elements
    openpyxl writes (inline strings, ``%.16g`` numbers, Excel serial dates),
    with the style each cell would get from :func:`put` and the column."""

    def __init__(self) -> None:
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self._rows: dict[str, tuple[Sequence[Column], list[list[Any]]]] = {}
        self._styles: dict[tuple, int | None] = {}
        self._scratch: Worksheet | None = None

    def create_sheet(self, title: str) -> Worksheet:
        return self.wb.create_sheet(title)

    def add_rows(self, ws: Worksheet, columns: Sequence[Column], rows: list[list[Any]]) -> None:
        """Rows 2, 3, … of *ws* (row 1 is written by openpyxl)."""
        for values in rows:
            if len(values) != len(columns):
                raise ValueError(f"{ws.title}: a row has {len(values)} values for {len(columns)} columns")
        self._rows[ws.title] = (columns, rows)

    def save(self) -> bytes:
        """The workbook as .xlsx bytes. Each sheet's data rows are written into
        its XML as they are made, a few thousand at a time (never one string)."""
        # The style ids every cell needs, registered before openpyxl writes the styles.
        attributes = {title: self._style_attributes(columns, rows) for title, (columns, rows) in self._rows.items()}
        if self._scratch is not None:
            self.wb.remove(self._scratch)
        buffer = io.BytesIO()
        self.wb.save(buffer)
        paths = {ws.path[1:]: ws.title for ws in self.wb.worksheets}
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zin, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                title = paths.get(info.filename)
                columns, rows = self._rows.get(title, ((), ()))
                if not rows:
                    zout.writestr(info, data)
                    continue
                letters = [get_column_letter(j) for j in range(1, len(columns) + 1)]
                head, tail = _around_rows(data, f"{letters[-1]}{len(rows) + 1}" if letters else None)
                with zout.open(info, "w") as member:
                    member.write(head)
                    for chunk in self._sheet_rows(columns, rows, attributes[title], letters):
                        member.write(chunk)
                    member.write(tail)
        return out.getvalue()

    def _style_attributes(self, columns: Sequence[Column], rows: list[list[Any]]) -> dict[tuple, str]:
        """(column, type, wrap) → the cell's style attribute (' s="N"' or ""), for
        every cell of *rows*, registered in the order the cells come."""
        wide = [bool(col.width and col.width >= 40) for col in columns]
        attributes: dict[tuple, str] = {}
        for values in rows:
            for j, value in enumerate(values):
                if value is None:
                    continue
                kind = type(value)
                if kind is not str and isinstance(value, str):
                    value, kind = str(value), str
                if kind is str:
                    wrap = wide[j] or ("\n" in value and (len(value) <= MAX_TEXT or "\n" in _clean(value)))
                else:
                    if kind is datetime and value.tzinfo is not None:
                        value = value.astimezone().replace(tzinfo=None)
                    wrap = wide[j]
                key = (j, kind, wrap)
                if key not in attributes:
                    style = self._style(columns[j], value, wrap)
                    attributes[key] = f' s="{style}"' if style is not None else ""
        return attributes

    def _sheet_rows(self, columns: Sequence[Column], rows: list[list[Any]], attributes: dict[tuple, str],
                    letters: list[str]) -> Iterator[bytes]:
        """The ``<row>`` elements for rows 2…, a few thousand at a time."""
        wide = [bool(col.width and col.width >= 40) for col in columns]
        epoch = self.wb.epoch
        texts: dict[str, tuple[bool, str]] = {}  # a text → (wraps, what its cell holds after the style)
        out: list[str] = []
        for i, values in enumerate(rows, start=2):
            out.append(f'<row r="{i}">')
            for j, value in enumerate(values):
                if value is None:
                    continue  # openpyxl writes no empty cell without a style
                kind = type(value)
                if kind is not str and isinstance(value, str):
                    value, kind = str(value), str
                if kind is str:
                    cell = texts.get(value)
                    if cell is None:
                        text = _clean(value)
                        space = ' xml:space="preserve"' if text != text.strip() else ""
                        cell = texts[value] = ("\n" in text, f' t="inlineStr"><is><t{space}>{_text(text)}</t></is></c>'
                                               if text else ' t="inlineStr"></c>')
                    out.append(f'<c r="{letters[j]}{i}"{attributes[j, str, wide[j] or cell[0]]}{cell[1]}')
                    continue
                if kind is datetime and value.tzinfo is not None:
                    value = value.astimezone().replace(tzinfo=None)
                s = attributes[j, kind, wide[j]]
                if kind is int:  # safe_string's way with a number
                    out.append(f'<c r="{letters[j]}{i}"{s} t="n"><v>{"%.16g" % value}</v></c>')
                else:
                    out.append(_cell(f"{letters[j]}{i}", s, value, epoch))
            out.append("</row>")
            if i % ROWS_PER_CHUNK == 0:
                yield "".join(out).encode("utf-8")
                out = []
        yield "".join(out).encode("utf-8")

    def _style(self, col: Column, value: Any, wrap: bool) -> int | None:
        """The style id openpyxl would give the cell (None: no style)."""
        key = (col.kind, type(value), wrap)
        if key not in self._styles:
            if self._scratch is None:
                self._scratch = self.wb.create_sheet("_stiler")
            cell = self._scratch.cell(row=len(self._styles) + 1, column=1)
            put(cell, value)  # as the cell would be written: a date gets a date format first
            if col.kind in FORMATS and not isinstance(value, str):
                cell.number_format = FORMATS[col.kind]
            if wrap:
                cell.alignment = WRAP
            self._styles[key] = self.wb._cell_styles.add(cell._style) if cell.has_style else None
        return self._styles[key]


def _cell(ref: str, s: str, value: Any, epoch) -> str:
    """One ``<c>`` as openpyxl's cell writer makes it (*s*: the style attribute or "")."""
    if isinstance(value, str):
        if value == "":
            return f'<c r="{ref}"{s} t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{safe_string(value)}</v></c>'
    if isinstance(value, (datetime, date, time, timedelta)):
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(to_excel(value, epoch))}</v></c>'
    if isinstance(value, NUMERIC_TYPES):
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>'
    raise TypeError(f"cannot write {type(value).__name__} to the overview")


_TO_ESCAPE = re.compile("[&<>\r]")


def _text(value: str) -> str:
    """Text escaped as lxml writes element content (a CR would otherwise become LF)."""
    if not _TO_ESCAPE.search(value):
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _around_rows(sheet: bytes, last: str | None) -> tuple[bytes, bytes]:
    """*sheet* (a worksheet's XML from openpyxl, with row 1 and perhaps rows
    after the data) cut where the data rows go, after row 1, with its
    dimension widened to *last*."""
    start = sheet.index(b"<sheetData>")
    end = sheet.index(b"</row>", start) + len(b"</row>")
    head, tail = sheet[:end], sheet[end:]
    match = re.search(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>', head)
    if match and last:
        col = re.match(r"[A-Z]+", last).group(0)
        row = int(last[len(col):])
        end_col = (match.group(3) or match.group(1)).decode()
        end_row = max(int(match.group(4) or match.group(2)), row)
        wider = max((end_col, col), key=lambda c: (len(c), c)).encode()
        head = head[: match.start()] + b'<dimension ref="' + match.group(1) + match.group(2) + b":" + wider \
            + str(end_row).encode() + b'"/>' + head[match.end():]
    return head, tail


def _width(col: Column, values: list[Any]) -> int:
    def length(v: Any) -> int:
        if v is None:
            return 0
        if isinstance(v, (date, datetime)):
            return 16 if isinstance(v, datetime) else 10
        if isinstance(v, (int, float)) and col.kind in ("kr", "kr."):
            return len(f"{v:,.0f}") + 3
        text = v if isinstance(v, str) else str(v)
        return max(map(len, text.split("\n"))) if "\n" in text else len(text)

    # Plain texts (most values) measured in one go; the rest one by one.
    texts = [v for v in values if type(v) is str]
    lines = [v for v in texts if "\n" in v]
    widest = max(len(col.header), max(map(len, texts), default=0) if not lines else
                 max(max(map(len, (v for v in texts if "\n" not in v)), default=0), *(length(v) for v in lines)))
    if len(texts) < len(values):
        widest = max(widest, *(length(v) for v in values if type(v) is not str))
    return max(MIN_WIDTH, min(MAX_WIDTH, widest + 2))


def put(cell, value: Any) -> None:
    """Write *value*; text always as text, never a formula or an error value."""
    if isinstance(value, str):
        value = _clean(value)
        cell.value = value
        cell.data_type = "s"
    elif isinstance(value, datetime) and value.tzinfo is not None:
        cell.value = value.astimezone().replace(tzinfo=None)
    else:
        cell.value = value


def _clean(text: str) -> str:
    # Control characters cannot be stored in the XML; Excel truncates at its limit.
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]


def yes(value: bool) -> str:
    return "Ja" if value else "Nei"

