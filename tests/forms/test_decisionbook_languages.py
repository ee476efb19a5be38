"""``beslutninger.xlsx`` in nynorsk and Danish: written in the workspace's language
with no word of the other languages, filled in in that language and read back to
the same decisions, and a workbook in any language (a bokmål one from before the
workspace changed its language, a label typed in another) read in any workspace."""

from __future__ import annotations

import io

import openpyxl
import pytest

from pipeline.core.decisions import AUTOMATIC, CHOICES, COL_CHOICE, COL_MERGE, COL_REASON, COL_YEAR, EXCLUDE, \
    INCLUDE, POSTPONE
from pipeline.forms.decisionbook import (FIRST_ROW, HEADER_ROW, Reference, choice_label, header, merge_rows, read_book,
                                         sheet_name)
from pipeline.forms.decisionsheet import book_bytes
from pipeline.i18n import Lang
from support.languages import assert_no_foreign_words
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice

YEARS = (2027, 2028, 2029, 2030)
MEASURES = [(f"FBS-{i}", Reference(f"Wi-Fi {i}", "Fjordvik", 50.0 + i, ("Quick win", "Kritisk prosess")[i % 2],
                                   "2027", 2027, None))  # the result text is measurecontext's
            for i in range(1, 5)]


def written(lang: Lang | None) -> bytes:
    return book_bytes(merge_rows(None, MEASURES, {}), (), "Fjordvik kommune", YEARS, lang)


def fill(data: bytes, rows: dict[str, dict[str, object]], lang: Lang | None) -> bytes:
    """Type *rows* ({id: {canonical column: value}}) under the headers as *lang* writes them."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    columns = {c.value: c.column for c in ws[HEADER_ROW] if c.value}
    at = {ws.cell(r, 1).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    for id, cells in rows.items():
        for column, value in cells.items():
            ws.cell(at[id], columns[header(column, lang)], value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def every_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    parts = list(wb.sheetnames)
    for ws in wb.worksheets:
        parts += [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        for v in ws.data_validations.dataValidation:
            parts += [v.formula1 or "", v.prompt or "", v.promptTitle or "", v.error or "", v.errorTitle or ""]
    return "\n".join(parts)


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_workbook_is_written_in_the_workspace_language_with_no_foreign_word(code):
    lang = Lang.for_code(code)
    data = written(lang)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == sheet_name(lang)  # nn «Avgjerder»; Danish says «Beslutninger» as bokmål does
    text = every_text(data)
    assert_no_foreign_words(text, code, where="beslutninger.xlsx")
    assert all(choice_label(c, lang) in text for c in CHOICES)
    assert header(COL_CHOICE, lang) in [c.value for c in wb.worksheets[0][HEADER_ROW]]


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_workbook_filled_in_the_workspace_language_is_read_to_the_right_decisions(code):
    lang = Lang.for_code(code)
    data = fill(written(lang), {
        "FBS-1": {COL_CHOICE: choice_label(INCLUDE, lang), COL_REASON: "Lovpålagd"},
        "FBS-2": {COL_CHOICE: choice_label(POSTPONE, lang), COL_YEAR: 2029},
        "FBS-3": {COL_CHOICE: choice_label(EXCLUDE, lang)},
        "FBS-4": {COL_MERGE: "FBS-1"},
    }, lang)
    book = read_book(data)
    got = {d.id: (d.choice, d.year, d.merge_into) for d in book.decisions.rows}
    assert got == {"FBS-1": (INCLUDE, None, None), "FBS-2": (POSTPONE, 2029, None), "FBS-3": (EXCLUDE, None, None),
                   "FBS-4": (AUTOMATIC, None, "FBS-1")}
    assert not book.decisions.issues


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_bokmal_workbook_from_before_the_switch_is_read_and_rewritten_in_the_new_language(code):
    lang = Lang.for_code(code)
    old = fill(written(None), {"FBS-1": {COL_CHOICE: "Ta med"}, "FBS-2": {COL_CHOICE: "Utsett til år", COL_YEAR: 2028}},
               None)
    book = read_book(old)
    assert {d.id: d.choice for d in book.decisions.rows if not d.empty} == {"FBS-1": INCLUDE, "FBS-2": POSTPONE}
    again = read_book(book_bytes(merge_rows(book, MEASURES, {}), (), "Fjordvik kommune", YEARS, lang))
    assert openpyxl.load_workbook(io.BytesIO(
        book_bytes(merge_rows(book, MEASURES, {}), (), "Fjordvik kommune", YEARS, lang))).sheetnames[0] == sheet_name(lang)
    assert {d.id: d.choice for d in again.decisions.rows if not d.empty} == {"FBS-1": INCLUDE, "FBS-2": POSTPONE}


def test_a_choice_typed_in_any_language_is_understood_in_any_workbook():
    data = fill(written(Lang.for_code("nn")), {
        "FBS-1": {COL_CHOICE: "tag med"},  # Danish, lower case, in a nynorsk workbook
        "FBS-2": {COL_CHOICE: "Ta ikke med"},  # bokmål
        "FBS-3": {COL_CHOICE: "  Udskyd til år ", COL_YEAR: 2029},
    }, Lang.for_code("nn"))
    book = read_book(data)
    assert {d.id: d.choice for d in book.decisions.rows if not d.empty} == {"FBS-1": INCLUDE, "FBS-2": EXCLUDE,
                                                                           "FBS-3": POSTPONE}


def test_a_bad_choice_in_a_danish_workbook_is_explained_in_danish():
    lang = Lang.for_code("da")
    book = read_book(fill(written(lang), {"FBS-1": {COL_CHOICE: "måske"}}, lang))
    (issue,) = book.decisions.issues
    text = lang.render(issue.message)
    assert "»måske«" in text and choice_label(POSTPONE, lang) in text
    assert_no_foreign_words(text, "da", where="bemærkningen")


@needs_libreoffice
def test_a_nynorsk_workbook_saved_through_libreoffice_reads_to_the_same_decisions(tmp_path):
    lang = Lang.for_code("nn")
    path = tmp_path / "beslutninger.xlsx"
    path.write_bytes(fill(written(lang), {"FBS-1": {COL_CHOICE: choice_label(INCLUDE, lang)},
                                          "FBS-2": {COL_CHOICE: choice_label(POSTPONE, lang), COL_YEAR: 2029}}, lang))
    before = read_book(path.read_bytes()).decisions.rows
    after = read_book(libreoffice_roundtrip(path, tmp_path).read_bytes()).decisions.rows
    assert [(d.id, d.choice, d.year) for d in after] == [(d.id, d.choice, d.year) for d in before]
    assert {d.id: d.choice for d in after if not d.empty} == {"FBS-1": INCLUDE, "FBS-2": POSTPONE}
