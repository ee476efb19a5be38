"""``beslutninger.xlsx`` as a file: written by the pipeline, edited by a person
(openpyxl, as in Excel; and saved through LibreOffice Calc), read back with
every cell the person wrote kept, and a message per bad row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pipeline.core.decisions import AUTOMATIC, EXCLUDE, INCLUDE, POSTPONE, VANISHED, Decision
from pipeline.forms.decisionbook import (
    FIRST_ROW,
    HEADER_ROW,
    INFO,
    OWN,
    SHEET,
    DecisionBookError,
    Reference,
    merge_rows,
    read_book,
    unchanged,
)
from pipeline.forms.decisionsheet import book_bytes
from support.bokmal import nb
from support.decisionbooks import edit_decisions
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice
from support.workbooks import broken_files

YEARS = (2027, 2028, 2029, 2030)


def ref(title: str, score: float = 50.0, proposal: str | None = None) -> Reference:
    return Reference(title, "Fjordvik barneskole", score, "Quick win", "innenfor rammen 2027", 2027, proposal)


MEASURES = [("FBS-1", ref("Nytt nett", 80.0)), ("FBS-2", ref("Nye PC-er", 70.0, "S-1: Nye PC-er, 2 enheter → FBS-2")),
            ("SBH-1", ref("Vigilo", 60.0))]


def write(path: Path, book=None, measures=MEASURES, notes=None) -> Path:
    entries = merge_rows(book, measures, notes or {})
    path.write_bytes(book_bytes(entries, book.extra_headers if book else (), "Fjordvik kommune", YEARS))
    return path


def test_the_pipeline_writes_a_row_per_measure_with_its_own_columns_marked_and_a_guide(tmp_path):
    path = write(tmp_path / "beslutninger.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == [*OWN, *INFO]
    assert [ws.cell(r, 1).value for r in range(FIRST_ROW, FIRST_ROW + 3)] == ["FBS-1", "FBS-2", "SBH-1"]
    assert ws.cell(FIRST_ROW + 1, OWN.__len__() + INFO.index("Foreslått samordning") + 1).value.endswith("→ FBS-2")
    assert ws.protection.sheet
    assert not ws.cell(FIRST_ROW, 2).protection.locked and ws.cell(FIRST_ROW, len(OWN) + 1).protection.locked
    assert ws.cell(FIRST_ROW, 2).fill.fgColor.rgb != ws.cell(FIRST_ROW, len(OWN) + 1).fill.fgColor.rgb
    assert "Til informasjon" in ws.cell(1, len(OWN) + 1).value
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and all(choice in lists[0].formula1 for choice in ("Automatisk", "Ta med", "Ta ikke med",
                                                                     "Utsett til år"))
    assert "Veiledning" in wb.sheetnames
    book = read_book(path.read_bytes())
    assert [r.id for r in book.rows] == ["FBS-1", "FBS-2", "SBH-1"]
    assert book.decisions.issues == () and all(d.empty for d in book.decisions.rows)


def test_what_a_person_types_is_read_and_written_back_exactly_as_typed(tmp_path):
    path = edit_decisions(write(tmp_path / "beslutninger.xlsx"), {
        "FBS-1": {"Beslutning": "Ta med", "Begrunnelse": "=Lovpålagt, står i sak 12/34"},
        "FBS-2": {"Beslutning": "utsett til år", "År": 2029, "Tittel i dokumentene": "PC-er til 5.–7. trinn"},
        "SBH-1": {"Slå sammen med": "fbs-1", "Begrunnelse": "Samme\nløsning"},
    }, extra={"header": "Notat", "values": {"FBS-2": "Ring IKT"}})
    book = read_book(path.read_bytes())
    decisions = {d.id: d for d in book.decisions.rows}
    assert decisions["FBS-1"] == Decision("FBS-1", INCLUDE, reason="=Lovpålagt, står i sak 12/34", row=FIRST_ROW)
    assert (decisions["FBS-2"].choice, decisions["FBS-2"].year) == (POSTPONE, 2029)
    assert (decisions["SBH-1"].merge_into, decisions["SBH-1"].reason) == ("fbs-1", "Samme\nløsning")
    assert book.extra_headers == ("Notat",)

    again = write(tmp_path / "igjen.xlsx", book)  # the next run, same measures
    reread = read_book(again.read_bytes())
    assert [r.cells for r in reread.rows] == [r.cells for r in book.rows]  # not a character changed
    assert [r.extra for r in reread.rows] == [(None,), ("Ring IKT",), (None,)]
    ws = openpyxl.load_workbook(again)[SHEET]
    assert ws.cell(FIRST_ROW, 6).data_type == "s"  # «=Lovpålagt …» stays text, never a formula


def test_a_new_measure_gets_a_row_at_the_end_and_the_secretariats_order_is_kept(tmp_path):
    path = write(tmp_path / "beslutninger.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    ws.move_range(f"A{FIRST_ROW}:N{FIRST_ROW}", rows=10)  # the person moves FBS-1 below the others
    wb.save(path)
    book = read_book(path.read_bytes())
    entries = merge_rows(book, [*MEASURES, ("NAV-1", ref("DigiSos"))], {})
    assert [e.cells[0] for e in entries] == ["FBS-2", "SBH-1", "FBS-1", "NAV-1"]


def test_a_decision_on_a_measure_that_has_disappeared_is_kept_at_the_end_and_marked(tmp_path):
    path = edit_decisions(write(tmp_path / "beslutninger.xlsx"), {"FBS-1": {"Beslutning": "Ta ikke med"}})
    book = read_book(path.read_bytes())
    entries = merge_rows(book, MEASURES[1:], {})  # FBS-1 is gone; SBH-1 had no decision
    assert [e.cells[0] for e in entries] == ["FBS-2", "SBH-1", "FBS-1"]
    gone = entries[-1]
    assert gone.reference is None and nb(gone.note).startswith(VANISHED) and gone.cells[1] == "Ta ikke med"
    quiet = merge_rows(read_book(write(tmp_path / "b.xlsx").read_bytes()), MEASURES[1:], {})
    assert [e.cells[0] for e in quiet] == ["FBS-2", "SBH-1"]  # nothing written for FBS-1: its row goes


def test_a_bad_row_gets_a_message_naming_its_row_and_column_and_the_rest_counts(tmp_path):
    path = edit_decisions(write(tmp_path / "beslutninger.xlsx"), {
        "FBS-1": {"Beslutning": "Kanskje"},
        "FBS-2": {"Beslutning": "Utsett til år", "År": "neste år"},
        "SBH-1": {"Beslutning": "Ta ikke med"},
    })
    wb = openpyxl.load_workbook(path)
    wb[SHEET].cell(FIRST_ROW + 5, 2, "Ta med")  # a decision in a row without a measure
    wb.save(path)
    book = read_book(path.read_bytes())
    issues = [(i.row, i.column) for i in book.decisions.issues]
    assert issues == [(FIRST_ROW, "Beslutning"), (FIRST_ROW + 1, "År"), (FIRST_ROW + 5, "Tiltak")]
    assert "«Kanskje» er ikke et valg" in nb(book.decisions.issues[0].message)
    decisions = {d.id: d for d in book.decisions.rows}
    assert decisions["FBS-1"].choice == AUTOMATIC and decisions["SBH-1"].choice == EXCLUDE
    entries = merge_rows(book, MEASURES, {FIRST_ROW: "Les meg"})
    assert entries[0].note == "Les meg" and entries[-1].cells[1] == "Ta med"  # the stray row keeps its place


def test_unchanged_when_the_file_already_says_what_the_run_would_write(tmp_path):
    path = write(tmp_path / "beslutninger.xlsx")
    book = read_book(path.read_bytes())
    assert unchanged(book, merge_rows(book, MEASURES, {}), ())
    assert not unchanged(book, merge_rows(book, [*MEASURES, ("NAV-1", ref("DigiSos"))], {}), ())
    moved = [(id, Reference(r.title, r.unit, r.score, r.category, "utenfor rammen", None, r.proposal))
             for id, r in MEASURES]
    assert not unchanged(book, merge_rows(book, moved, {}), ())
    assert not unchanged(book, merge_rows(book, MEASURES, {FIRST_ROW: "En merknad"}), ())


@needs_libreoffice
def test_a_workbook_saved_through_libreoffice_reads_to_the_same_decisions(tmp_path):
    path = edit_decisions(write(tmp_path / "beslutninger.xlsx"), {
        "FBS-1": {"Beslutning": "Ta med", "Begrunnelse": "Lovpålagt – «viktig» & haster"},
        "FBS-2": {"Beslutning": "Utsett til år", "År": 2029},
        "SBH-1": {"Slå sammen med": "FBS-1"},
    })
    saved = libreoffice_roundtrip(path, tmp_path)
    assert saved.read_bytes() != path.read_bytes()
    before, after = read_book(path.read_bytes()), read_book(saved.read_bytes())
    assert after.decisions == before.decisions and after.decisions.issues == ()
    rewritten = read_book(write(tmp_path / "igjen.xlsx", after).read_bytes())
    assert rewritten.decisions == before.decisions


@pytest.mark.parametrize("name", ["garbage", "empty", "legacy-xls", "truncated", "ods", "entity-bomb"])
def test_a_file_that_is_no_readable_workbook_is_refused_with_a_message_that_keeps_it(tmp_path, name):
    path = broken_files(tmp_path)[name]
    with pytest.raises(DecisionBookError) as caught:
        read_book(path.read_bytes())
    assert "beslutninger.xlsx kan ikke leses" in caught.value.message
    assert "Fila er ikke endret" in caught.value.message


def test_a_workbook_without_the_sheet_or_the_headers_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Ark1"
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(DecisionBookError) as caught:
        read_book((tmp_path / "a.xlsx").read_bytes())
    assert caught.value.code == "no-sheet"
    wb.active.title = SHEET
    wb.active["A1"] = "Noe annet"
    wb.save(tmp_path / "b.xlsx")
    with pytest.raises(DecisionBookError) as caught:
        read_book((tmp_path / "b.xlsx").read_bytes())
    assert caught.value.code == "no-header"


def test_the_header_row_is_found_when_a_person_inserts_rows_above_it(tmp_path):
    path = edit_decisions(write(tmp_path / "beslutninger.xlsx"), {"FBS-2": {"Beslutning": "Ta med"}})
    wb = openpyxl.load_workbook(path)
    wb[SHEET].insert_rows(1, 2)
    wb.save(path)
    book = read_book(path.read_bytes())
    assert [(d.id, d.choice, d.row) for d in book.decisions.rows if not d.empty] == [("FBS-2", INCLUDE,
                                                                                       FIRST_ROW + 3)]
