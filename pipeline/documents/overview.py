"""``Samlet-oversikt.xlsx``: the secretariat's working copy of everything.

Regenerated on every run from the combined model and the assessment. One Excel
table per sheet (filters, frozen header row, kroner and date formats, widths
from the content). Every text that comes from a form is written as a text cell,
so ``=SUM(A1)``, ``+47 …``, ``-`` or ``@navn`` stay text and never become a
formula (openpyxl would otherwise store a string starting with ``=`` as a
formula, and ``#N/A`` as an error value).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import NUMERIC_TYPES, safe_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.core.assessment import ECONOMY, RISK, STRATEGY, TIME, Assessment
from pipeline.core.coordination import normalize
from pipeline.fileio import atomic_write_bytes
from pipeline.core.model import Municipality


KRONER_FORMAT = '#,##0 "kr"'
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
SCORE_FORMAT = "0.0"
RATIO_FORMAT = "0.00"
MAX_WIDTH = 60
MIN_WIDTH = 8
#: Excel's limit for the text in one cell.
MAX_TEXT = 32_767

_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, int, kr, score, ratio, years, date, datetime
    width: int | None = None  # None: from the content


_FORMATS = {
    "kr": KRONER_FORMAT,
    "score": SCORE_FORMAT,
    "ratio": RATIO_FORMAT,
    "years": SCORE_FORMAT,
    "date": DATE_FORMAT,
    "datetime": DATETIME_FORMAT,
    "int": "0",
}


def write_overview(model: Municipality, assessment: Assessment, path: Path) -> Path:
    """Write the overview workbook to *path* atomically and return *path*."""
    book = _Book()
    _measures(book, model, assessment)
    _years(book, assessment)
    _problems(book, model, assessment)
    _systems(book, model, assessment)
    _barometer(book, model, assessment)
    _barometer_answers(book, model)
    _coordination(book, assessment)
    _units(book, model)
    _explanation(book, model, assessment)
    return atomic_write_bytes(path, book.save())


# --- sheets ------------------------------------------------------------------------


def _measures(wb: _Book, model: Municipality, assessment: Assessment) -> None:
    columns = [
        Column("Rang", "int", 7),
        Column("Id", width=10),
        Column("Enhet"),
        Column("Tjenesteområde"),
        Column("Tiltak", width=40),
        Column("Poeng", "score"),
        Column("Poeng økonomi", "score"),
        Column("Poeng strategi", "score"),
        Column("Poeng risiko", "score"),
        Column("Poeng tid", "score"),
        Column("Begrunnelse", width=MAX_WIDTH),
        Column("Kategori (vurdering)"),
        Column("Kategori (enhetens forslag)"),
        Column("Uenig om kategori"),
        Column("Innenfor rammen"),
        Column("Rammeår", "int"),
        Column("Grunn til utenfor rammen", width=45),
        Column("Merknader", width=MAX_WIDTH),
        Column("Samordning"),
        Column("Avhenger av"),
        Column("Nåverdi (kr)", "kr"),
        Column("Nytte/kost", "ratio"),
        Column("Tilbakebetaling (år)", "years"),
        Column("Nåverdi kostnader (kr)", "kr"),
        Column("Nåverdi gevinst (kr)", "kr"),
        Column("Nr", "int", 6),
        Column("Beskrivelse", width=MAX_WIDTH),
        Column("Delmål"),
        Column("Problem nr"),
        Column("Investering (kr)", "kr"),
        Column("Årlig drift (kr)", "kr"),
        Column("Årlig gevinst (kr)", "kr"),
        Column("Gevinstbeskrivelse", width=45),
        Column("Tidsrom"),
        Column("Varighet (mnd)", "int"),
        Column("Ansvarlig gjennomføring"),
        Column("Ansvarlig oppfølging"),
        Column("Risiko"),
        Column("Avhengigheter", width=40),
        Column("Revisjon", "int"),
        Column("Levert", "datetime"),
        Column("Ark"),
        Column("Rad", "int", 6),
    ]
    rows = []
    for a in assessment.measures:
        m, e = a.measure, a.economics
        rows.append(
            [
                a.rank,
                a.id,
                a.unit.name,
                a.unit.service_area,
                m.title,
                a.score,
                a.part(ECONOMY).points,
                a.part(STRATEGY).points,
                a.part(RISK).points,
                a.part(TIME).points,
                "\n".join(f"{p.criterion}: {p.reason}" for p in a.parts),
                a.category,
                m.category,
                _yes(a.category_disagrees),
                _yes(a.in_frame),
                a.frame_year,
                a.frame_reason,
                "\n".join(a.flags),
                ", ".join(a.coordination),
                ", ".join(a.depends_on),
                round(e.npv),
                e.benefit_cost_ratio,
                e.payback_years if e.payback_years is not None else "Ikke tilbakebetalt innen horisonten",
                round(e.total_cost),
                round(e.total_benefit),
                m.nr,
                m.description,
                m.sub_goal,
                ", ".join(str(n) for n in m.problem_nrs),
                m.investment,
                m.operating_cost,
                m.benefit,
                m.benefit_description,
                m.period.label if m.period else None,
                m.duration_months,
                m.responsible,
                m.follow_up,
                m.risk,
                m.dependencies,
                m.prov.revision,
                a.unit.delivered_at,
                m.prov.sheet,
                m.prov.row,
            ]
        )
    _table(wb, "Tiltak", "Tiltak", columns, rows)


def _years(wb: _Book, assessment: Assessment) -> None:
    columns = [
        Column("År", "int", 8),
        Column("Ramme (kr)", "kr"),
        Column("Investering innenfor rammen (kr)", "kr"),
        Column("Igjen av rammen (kr)", "kr"),
        Column("Tiltak innenfor rammen", "int"),
        Column("Tiltak utenfor rammen", "int"),
        Column("Investering alle forslag (kr)", "kr"),
        Column("Årlig drift innenfor rammen (kr)", "kr"),
        Column("Årlig gevinst innenfor rammen (kr)", "kr"),
        Column("Årlig drift alle forslag (kr)", "kr"),
        Column("Årlig gevinst alle forslag (kr)", "kr"),
    ]
    rows = [
        [
            y.year,
            y.frame,
            y.investment_in_frame,
            y.remaining,
            y.measures_in_frame,
            y.measures_outside,
            y.investment,
            y.operating_cost_in_frame,
            y.benefit_in_frame,
            y.operating_cost,
            y.benefit,
        ]
        for y in assessment.years
    ]
    ws = _table(wb, "Per år", "PerAr", columns, rows)
    note = ws.cell(row=len(rows) + 3, column=1)
    _put(
        note,
        "Investeringen regnes i året tiltaket starter. Årlig drift og gevinst regnes fra året etter "
        "oppstart og ut strategiperioden. Tiltak uten tidsrom er ikke med i noe år. "
        "Tom ramme betyr at det ikke er satt en investeringsramme.",
    )


def _problems(wb: _Book, model: Municipality, assessment: Assessment) -> None:
    columns = [
        Column("Enhet"),
        Column("Tjenesteområde"),
        Column("Nr", "int", 6),
        Column("Beskrivelse", width=MAX_WIDTH),
        Column("Type"),
        Column("Konsekvens", width=45),
        Column("Prioritet"),
        Column("Tiltak"),
        Column("Revisjon", "int"),
        Column("Rad", "int", 6),
    ]
    of_unit: dict[str, list] = {}  # the measures of each unit, in rank order
    for a in assessment.measures:
        of_unit.setdefault(a.measure.prov.unit, []).append(a)
    rows = []
    for p in model.problems:
        unit = model.unit(p.prov.unit)
        answered = [a.id for a in of_unit.get(p.prov.unit, ()) if p.nr in a.measure.problem_nrs]
        rows.append(
            [
                unit.name,
                unit.service_area,
                p.nr,
                p.description,
                p.type,
                p.consequence,
                p.priority,
                ", ".join(answered),
                p.prov.revision,
                p.prov.row,
            ]
        )
    _table(wb, "Problemer", "Problemer", columns, rows)


def _systems(wb: _Book, model: Municipality, assessment: Assessment) -> None:
    shared = {normalize(s.name): s for s in assessment.shared_systems}
    duplicates = {}
    for group in assessment.duplicate_systems:
        for name in group.systems:
            others = [n for n in group.systems if normalize(n) != normalize(name)]
            duplicates[normalize(name)] = f"Samme formål som {', '.join(others)} ({group.purpose})"
    columns = [
        Column("Enhet"),
        Column("Tjenesteområde"),
        Column("System"),
        Column("Leverandør"),
        Column("Formål", width=40),
        Column("Brukere", "int"),
        Column("Tilfredshet (1-5)", "int"),
        Column("Livsløp"),
        Column("Kommentar", width=45),
        Column("Delt system"),
        Column("Antall enheter", "int"),
        Column("Mulig duplikat", width=45),
        Column("Revisjon", "int"),
        Column("Rad", "int", 6),
    ]
    rows = []
    for s in model.systems:
        unit = model.unit(s.prov.unit)
        key = normalize(s.name)
        rows.append(
            [
                unit.name,
                unit.service_area,
                s.name,
                s.supplier,
                s.purpose,
                s.users,
                s.satisfaction,
                s.lifecycle,
                s.comment,
                _yes(key in shared),
                shared[key].count if key in shared else 1,
                duplicates.get(key),
                s.prov.revision,
                s.prov.row,
            ]
        )
    _table(wb, "Systemer", "Systemer", columns, rows)


def _barometer(wb: _Book, model: Municipality, assessment: Assessment) -> None:
    columns = [
        Column("Område", width=36),
        Column("Nivå"),
        Column("Navn"),
        Column("Tjenesteområde"),
        Column("Snitt (1-5)", "ratio"),
        Column("Antall svar", "int"),
    ]
    area_of = {u.name: u.service_area for u in model.units}
    rows = []
    for area in assessment.barometer_areas:
        rows.append([area.area, "Kommunen", model.config.municipality, None, area.average, area.answers])
        for s in area.service_areas:
            rows.append([area.area, "Tjenesteområde", s.name, s.name, s.average, s.answers])
        for s in area.units:
            rows.append([area.area, "Enhet", s.name, area_of.get(s.name), s.average, s.answers])
    _table(wb, "Barometer", "Barometer", columns, rows)


def _barometer_answers(wb: _Book, model: Municipality) -> None:
    columns = [
        Column("Enhet"),
        Column("Tjenesteområde"),
        Column("Område", width=36),
        Column("Påstand", width=MAX_WIDTH),
        Column("Score (1-5)", "int"),
        Column("Kommentar", width=45),
        Column("Revisjon", "int"),
        Column("Rad", "int", 6),
    ]
    rows = []
    for b in model.barometer:
        unit = model.unit(b.prov.unit)
        rows.append(
            [unit.name, unit.service_area, b.area, b.statement, b.score, b.comment, b.prov.revision, b.prov.row]
        )
    _table(wb, "Barometersvar", "Barometersvar", columns, rows)


def _coordination(wb: _Book, assessment: Assessment) -> None:
    columns = [
        Column("Gruppe", "int", 8),
        Column("Tiltak"),
        Column("Enheter", width=45),
        Column("Systemer"),
        Column("Grunn", width=MAX_WIDTH),
    ]
    rows = [
        [i, ", ".join(g.ids), ", ".join(g.units), ", ".join(g.systems), g.reason]
        for i, g in enumerate(assessment.coordination_groups, start=1)
    ]
    _table(wb, "Samordning", "Samordning", columns, rows)


def _units(wb: _Book, model: Municipality) -> None:
    columns = [
        Column("Enhet"),
        Column("Kode"),
        Column("Tjenesteområde"),
        Column("Kontaktperson"),
        Column("E-post"),
        Column("Revisjon", "int"),
        Column("Levert", "datetime"),
        Column("Skjemadato", "date"),
        Column("Levert skjema"),
        Column("På listen over enheter"),
    ]
    rows = [
        [u.name, u.code, u.service_area, u.contact, u.email, u.revision, u.delivered_at, u.form_date]
        + ["Ja", _yes(u.expected)]
        for u in model.units
    ]
    rows += [
        [u.name, u.code, u.service_area, None, None, None, None, None, "Nei", "Ja"] for u in model.missing_units
    ]
    _table(wb, "Enheter", "Enheter", columns, rows)


def _explanation(wb: _Book, model: Municipality, assessment: Assessment) -> None:
    ws = wb.create_sheet("Forklaring")
    ws.column_dimensions["A"].width = 110
    title = ws.cell(row=1, column=1)
    _put(title, f"Slik er tiltakene vurdert – {model.config.municipality}")
    title.font = Font(bold=True, size=14)
    for i, line in enumerate(assessment.explanation.split("\n"), start=3):
        cell = ws.cell(row=i, column=1)
        _put(cell, line)
        cell.alignment = _WRAP


# --- helpers -----------------------------------------------------------------------


def _table(wb: _Book, title: str, name: str, columns: Sequence[Column], rows: list[list[Any]]) -> Worksheet:
    ws = wb.create_sheet(title)
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        _put(cell, col.header)
        cell.font = Font(bold=True)
        cell.alignment = _WRAP
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


class _Book:
    """The workbook, with the data rows of the tables written apart.

    openpyxl spends most of its time on cell objects (a few hundred thousand
    with 200 units). The sheets, headers, tables and styles are made with
    openpyxl; the data rows are kept as values and written straight into each
    sheet's XML when the workbook is saved, as the same ``<c>`` elements
    openpyxl writes (inline strings, ``%.16g`` numbers, Excel serial dates),
    with the style each cell would get from :func:`_put` and the column."""

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
        # Each sheet's cells, with the style ids registered before openpyxl writes the styles.
        xml = {title: self._sheet_rows(columns, rows) for title, (columns, rows) in self._rows.items()}
        if self._scratch is not None:
            self.wb.remove(self._scratch)
        buffer = io.BytesIO()
        self.wb.save(buffer)
        paths = {ws.title: ws.path[1:] for ws in self.wb.worksheets}
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zin, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            parts = {paths[title]: (rows, last) for title, (rows, last) in xml.items()}
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename in parts:
                    data = _with_rows(data, *parts[info.filename])
                zout.writestr(info, data)
        return out.getvalue()

    def _sheet_rows(self, columns: Sequence[Column], rows: list[list[Any]]) -> tuple[bytes, str | None]:
        """(the ``<row>`` elements for rows 2…, the last cell's reference or None)."""
        letters = [get_column_letter(j) for j in range(1, len(columns) + 1)]
        wide = [bool(col.width and col.width >= 40) for col in columns]
        epoch = self.wb.epoch
        styles: dict[tuple, str] = {}  # (column, type, wrap) → ' s="N"' or ""
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
                    value = _clean(value)
                    wrap = wide[j] or "\n" in value
                else:
                    if kind is datetime and value.tzinfo is not None:
                        value = value.astimezone().replace(tzinfo=None)
                    wrap = wide[j]
                key = (j, kind, wrap)
                s = styles.get(key)
                if s is None:
                    style = self._style(columns[j], value, wrap)
                    s = styles[key] = f' s="{style}"' if style is not None else ""
                ref = f"{letters[j]}{i}"
                if kind is str:
                    if not value:
                        out.append(f'<c r="{ref}"{s} t="inlineStr"></c>')
                    else:
                        space = ' xml:space="preserve"' if value != value.strip() else ""
                        out.append(f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>')
                elif kind is int:
                    out.append(f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>')
                else:
                    out.append(_cell(ref, s, value, epoch))
            out.append("</row>")
        last = f"{letters[-1]}{len(rows) + 1}" if rows and letters else None
        return "".join(out).encode("utf-8"), last

    def _style(self, col: Column, value: Any, wrap: bool) -> int | None:
        """The style id openpyxl would give the cell (None: no style)."""
        key = (col.kind, type(value), wrap)
        if key not in self._styles:
            if self._scratch is None:
                self._scratch = self.wb.create_sheet("_stiler")
            cell = self._scratch.cell(row=len(self._styles) + 1, column=1)
            _put(cell, value)  # as the cell would be written: a date gets a date format first
            if col.kind in _FORMATS and not isinstance(value, str):
                cell.number_format = _FORMATS[col.kind]
            if wrap:
                cell.alignment = _WRAP
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


def _with_rows(sheet: bytes, rows: bytes, last: str | None) -> bytes:
    """*sheet* (a worksheet's XML from openpyxl, with row 1 and perhaps rows
    after the data) with *rows* after row 1 and its dimension widened to *last*."""
    if not rows:
        return sheet
    start = sheet.index(b"<sheetData>")
    end = sheet.index(b"</row>", start) + len(b"</row>")
    sheet = sheet[:end] + rows + sheet[end:]
    match = re.search(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>', sheet)
    if match and last:
        col = re.match(r"[A-Z]+", last).group(0)
        row = int(last[len(col):])
        end_col = (match.group(3) or match.group(1)).decode()
        end_row = max(int(match.group(4) or match.group(2)), row)
        wider = max((end_col, col), key=lambda c: (len(c), c)).encode()
        sheet = sheet[: match.start()] + b'<dimension ref="' + match.group(1) + match.group(2) + b":" + wider \
            + str(end_row).encode() + b'"/>' + sheet[match.end():]
    return sheet


def _width(col: Column, values: list[Any]) -> int:
    def length(v: Any) -> int:
        if v is None:
            return 0
        if isinstance(v, (date, datetime)):
            return 16 if isinstance(v, datetime) else 10
        if isinstance(v, (int, float)) and col.kind == "kr":
            return len(f"{v:,.0f}") + 3
        text = v if isinstance(v, str) else str(v)
        return max(map(len, text.split("\n"))) if "\n" in text else len(text)

    widest = max([len(col.header) + 2, *(length(v) + 2 for v in values)])
    return max(MIN_WIDTH, min(MAX_WIDTH, widest))


def _put(cell, value: Any) -> None:
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


def _yes(value: bool) -> str:
    return "Ja" if value else "Nei"

