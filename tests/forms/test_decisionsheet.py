"""``beslutninger.xlsx`` written with each kind of cell's style made once
(issue 18) is the file the per-cell styling wrote: the oracle is
``book_bytes`` as it was before, kept here verbatim. And the file the pipeline
writes is read the fast way (python-calamine) to the very same book as the
openpyxl reader reads it."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter

from pipeline.contract import SHEET_GUIDE
from pipeline.core.decisions import INCLUDE, POSTPONE
from pipeline.forms import decisionbook, fastreader, reader
from pipeline.forms.decisionbook import (FIRST_ROW, HEADER_ROW, INFO, OWN, SHEET, Reference, merge_rows, read_book,
                                         reference_values)
from pipeline.forms.decisionbook import header, sheet_name
from pipeline.i18n import Lang
from pipeline.forms.decisionsheet import (GROUP_EXTRA, GROUP_INFO, GROUP_OWN, GUIDE_SHEET, _FILL_GONE, _FILL_HEADER, _FILL_INFO, _FILL_INFO_HEADER, _FILL_INPUT,
                                          _WHITE_BOLD, _WRAP, _group, _guide, _put, _validations, book_bytes)
from support.decisionbooks import edit_decisions

YEARS = (2027, 2028, 2029, 2030)


# --- the oracle: decisionsheet.book_bytes before issue 18 (every cell styled one by one) ---------


def old_book_bytes(entries, extra_headers, municipality, years, lang=None) -> bytes:
    lang = lang or Lang.source()
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(lang)
    headers = (*(header(h, lang) for h in (*OWN, *INFO)), *extra_headers)
    info_from, info_to = len(OWN) + 1, len(OWN) + len(INFO)
    _group(ws, 1, len(OWN), lang.render(GROUP_OWN), _FILL_HEADER)
    _group(ws, info_from, info_to, lang.render(GROUP_INFO), _FILL_INFO_HEADER)
    if extra_headers:
        _group(ws, info_to + 1, len(headers), lang.render(GROUP_EXTRA), _FILL_HEADER)
    for j, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, j, text)
        cell.font = _WHITE_BOLD
        cell.fill = _FILL_INFO_HEADER if info_from <= j <= info_to else _FILL_HEADER
        cell.alignment = _WRAP
        cell.protection = Protection(locked=True)
    last = HEADER_ROW + len(entries)
    for i, e in enumerate(entries, start=FIRST_ROW):
        values = [*e.cells, *reference_values(e, lang), *e.extra]
        for j, value in enumerate(values, start=1):
            cell = ws.cell(i, j)
            _put(cell, value)
            cell.alignment = _WRAP
            own = 1 < j <= len(OWN) or j > info_to
            cell.protection = Protection(locked=not own)
            cell.fill = _FILL_GONE if e.reference is None and j <= len(OWN) and e.cells[0] else \
                _FILL_INPUT if own else _FILL_INFO
    for j, width in enumerate((10, 16, 8, 14, 30, 40, 34, 22, 7, 15, 30, 8, 30, 40), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    for j in range(len(OWN) + len(INFO) + 1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 20
    _validations(ws, max(last, FIRST_ROW + 200), years, lang)
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{max(last, FIRST_ROW)}"
    ws.protection.sheet = True
    for allowed in ("sort", "autoFilter", "formatColumns", "formatRows", "formatCells", "insertRows",
                    "insertColumns"):
        setattr(ws.protection, allowed, False)
    _guide(wb.create_sheet(lang.render(GUIDE_SHEET)), municipality, years, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- a realistic book: what a secretariat's file looks like after a few runs ------------------


def measures(count: int, unit: str = "Fjordvik barneskole") -> list[tuple[str, Reference]]:
    return [(f"FBS-{i}", Reference(f"Tiltak {i}: nye PC-er til {unit}", unit, 40.0 + i % 7 * 7.5,
                                   ("Quick win", "Strategisk", "Vurderes")[i % 3],
                                   "innenfor rammen 2027" if i % 4 else "utenfor rammen", 2027 + i % 4 if i % 4 else None,
                                   f"S-{i}: Nye PC-er, 3 enheter → FBS-{i}" if i % 5 == 0 else None))
            for i in range(1, count + 1)]


@pytest.fixture(scope="module")
def book_entries(tmp_path_factory):
    """The entries of a run on a book the secretariat has edited: decisions,
    years, merges, text that looks like a formula, a date, two columns of its
    own, a row without an id, a bad row with the run's note, a measure that has
    disappeared and new measures at the end."""
    path = tmp_path_factory.mktemp("bok") / "beslutninger.xlsx"
    first = measures(40)
    path.write_bytes(book_bytes(merge_rows(None, first, {}), (), "Fjordvik kommune", YEARS))
    edit_decisions(path, {
        "FBS-1": {"Beslutning": "Ta med", "Begrunnelse": "=Lovpålagt, står i sak 12/34"},
        "FBS-2": {"Beslutning": "Utsett til år", "År": 2029, "Tittel i dokumentene": "PC-er til 5.–7. trinn"},
        "FBS-3": {"Slå sammen med": "FBS-1", "Begrunnelse": "Samme\nløsning"},
        "FBS-4": {"Beslutning": "Ta ikke med", "Begrunnelse": datetime(2027, 3, 15)},
        "FBS-5": {"Beslutning": "kanskje", "År": "neste år"},
        "FBS-9": {"Beslutning": "Ta med", "År": 2028},
    }, extra={"header": "Notat", "values": {"FBS-2": "Ring IKT", "FBS-9": 3.5}})
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    ws.cell(HEADER_ROW, ws.max_column + 1, "Ansvarlig")
    ws.cell(FIRST_ROW + 3, ws.max_column, "Kari")
    ws.cell(ws.max_row + 1, 2, "Ta med")  # a decision without a measure
    wb.save(path)
    book = read_book(path.read_bytes())
    later = [m for m in first if m[0] != "FBS-9"] + measures(45)[40:]  # FBS-9 disappears, five new ones
    notes = {i.row: i.message for i in book.decisions.issues if i.row}
    return merge_rows(book, later, notes), book.extra_headers


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("code", ["nb", "nn", "da"])
def test_the_workbook_is_the_one_the_per_cell_styling_wrote(book_entries, code):
    entries, extra = book_entries
    assert any(e.reference is None and e.cells[0] for e in entries) and len(extra) == 2  # the book is realistic
    lang = Lang.for_code(code)
    new = book_bytes(entries, extra, "Fjordvik kommune", YEARS, lang)
    old = old_book_bytes(entries, extra, "Fjordvik kommune", YEARS, lang)
    new_parts, old_parts = parts(new), parts(old)
    assert new_parts.keys() == old_parts.keys()
    for name in new_parts:
        if name != "docProps/core.xml":  # holds the time it was written
            assert new_parts[name] == old_parts[name], name


def test_every_cell_has_the_value_and_style_the_per_cell_styling_gave_it(book_entries):
    entries, extra = book_entries
    new = openpyxl.load_workbook(io.BytesIO(book_bytes(entries, extra, "Fjordvik kommune", YEARS)))
    old = openpyxl.load_workbook(io.BytesIO(old_book_bytes(entries, extra, "Fjordvik kommune", YEARS)))
    for name in (SHEET, SHEET_GUIDE):
        a, b = new[name], old[name]
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column)
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows()):
            for x, y in zip(row_a, row_b):
                assert (x.value, x.data_type) == (y.value, y.data_type), x.coordinate
                assert (x.font.b, x.font.color and x.font.color.rgb, x.font.sz) == \
                       (y.font.b, y.font.color and y.font.color.rgb, y.font.sz), x.coordinate
                assert (x.fill.fill_type, x.fill.fgColor.rgb) == (y.fill.fill_type, y.fill.fgColor.rgb), x.coordinate
                assert (x.protection.locked, x.number_format) == (y.protection.locked, y.number_format), x.coordinate
                assert (x.alignment.wrap_text, x.alignment.vertical) == (y.alignment.wrap_text, y.alignment.vertical)
        assert {k: d.width for k, d in a.column_dimensions.items()} == \
               {k: d.width for k, d in b.column_dimensions.items()}
        assert [(v.type, v.formula1, v.formula2, str(v.sqref)) for v in a.data_validations.dataValidation] == \
               [(v.type, v.formula1, v.formula2, str(v.sqref)) for v in b.data_validations.dataValidation]
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert (a.protection.sheet, a.freeze_panes, a.auto_filter.ref) == \
               (b.protection.sheet, b.freeze_panes, b.auto_filter.ref)
    ws = new[SHEET]
    gone = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "FBS-9")
    assert ws.cell(gone, 2).fill.fgColor.rgb == _FILL_GONE.fgColor.rgb and not ws.cell(gone, 2).protection.locked
    assert ws.cell(gone, 1).protection.locked  # the id stays locked, red or not


def test_the_workbook_is_read_the_fast_way_to_the_same_book_as_openpyxl_reads_it(book_entries, monkeypatch):
    entries, extra = book_entries
    data = book_bytes(entries, extra, "Fjordvik kommune", YEARS)
    assert fastreader._plan(data) is not None  # no fallback to openpyxl for the file iktplan writes
    assert repr(fastreader.read_workbook(io.BytesIO(data))) == repr(reader.read_workbook(io.BytesIO(data)))
    fast = read_book(data)
    monkeypatch.setattr(decisionbook, "read_workbook", reader.read_workbook)
    slow = read_book(data)
    assert repr(fast) == repr(slow)
    decided = {d.id: d for d in fast.decisions.rows if not d.empty}
    assert (decided["FBS-1"].choice, decided["FBS-2"].choice, decided["FBS-2"].year) == (INCLUDE, POSTPONE, 2029)
    assert decided["FBS-1"].reason == "=Lovpålagt, står i sak 12/34"
    assert fast.extra_headers == ("Notat", "Ansvarlig") and fast.decisions.issues
