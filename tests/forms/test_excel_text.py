"""Text as Excel stores it (issue 10, item 8): a character XML cannot hold is
written as an ``_xHHHH_`` escape (ECMA-376 ST_Xstring). Text pasted from Word
with Shift+Enter is ``_x000B_``, a carriage return ``_x000D_``, and a unit who
really types ``_x000B_`` gets ``_x005F_x000B_``. Both readers decode them, the
same way, and the documents show line breaks, not escapes."""

from __future__ import annotations

import shutil

import pytest

from pipeline import build
from support.documents import DOCUMENTS
from pipeline.forms import fastreader, reader
from pipeline.forms.formfill import example_unit
from pipeline.forms.validation import validate
from pipeline.workspace import init_workspace
from support.documents import document_text
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice
from support.workbooks import as_excel_saves

ESCAPES = {"~VT~": "_x000B_", "~CR~": "_x000D_", "~LIT~": "_x005F_x000B_", "~BEL~": "_x0007_", "~NUL~": "_x0000_",
           "~vt~": "_x000b_"}


@pytest.fixture
def excel_form(make_form, tmp_path):
    """A filled form saved as Excel saves it: shared strings, with the escapes
    Excel writes for text pasted from Word."""
    data = example_unit()
    data["measures"][0].update({
        "Tiltak": "Felles skoleplattform~VT~for foreldre og elever",
        "Beskrivelse": "Linje én~VT~Linje to~CR~\nLinje tre~vt~Linje fire",
        "Avhengigheter": "Skrev ~LIT~ med vilje, og en bjelle~BEL~ og en null~NUL~ som ikke vises",
        "Ansvarlig gjennomføring": "~VT~Rektor~CR~",
    })
    return as_excel_saves(make_form("word.xlsx", **data), tmp_path / "Skjema fra Excel.xlsx", ESCAPES)


def test_escapes_in_shared_strings_are_decoded_by_both_readers_the_same_way(excel_form):
    raw = reader.read_workbook(excel_form)
    assert repr(fastreader.read_workbook(excel_form)) == repr(raw)
    assert fastreader._plan(excel_form.read_bytes()) is not None  # calamine decodes these itself
    rows = dict(raw.sheets["Tiltak"].rows)
    assert rows[2][1] == "Felles skoleplattform\nfor foreldre og elever"
    assert rows[2][2] == "Linje én\nLinje to\nLinje tre\nLinje fire"  # CR + LF is one line break
    assert rows[2][15] == "Skrev _x000B_ med vilje, og en bjelle og en null som ikke vises"


def test_the_measure_reads_with_line_breaks_and_without_forbidden_characters(excel_form, config):
    result = validate(fastreader.read_workbook(excel_form), config)
    assert result.ok, [str(e) for e in result.errors]
    measure = result.content.measures[0]
    assert measure.description == "Linje én\nLinje to\nLinje tre\nLinje fire"
    assert measure.responsible == "Rektor"  # outer line breaks are outer whitespace
    assert "\x07" not in measure.dependencies and "\x00" not in measure.dependencies


def test_all_three_documents_show_a_line_break_not_the_escape(excel_form, tmp_path):
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(excel_form, ws.inbox / excel_form.name)
    report = build.run(ws)
    assert report.new_version and [o.record.status for o in report.outcomes] == ["godkjent"]
    texts = {name: document_text(ws.outbox / name) for name in DOCUMENTS}
    for name, text in texts.items():
        typed = "Skrev _x000B_ med vilje"  # the one the unit typed: Excel escaped its underscore
        assert "_x00" not in text.replace(typed, "") and "\x0b" not in text, name
        assert "Felles skoleplattform\nfor foreldre og elever" in text, name
    assert "Linje én\nLinje to\nLinje tre\nLinje fire" in texts["Tiltaksbeskrivelser.docx"]


@needs_libreoffice
def test_a_form_saved_again_by_libreoffice_keeps_the_decoded_text(excel_form, tmp_path, config):
    saved = libreoffice_roundtrip(excel_form, tmp_path)
    assert repr(fastreader.read_workbook(saved)) == repr(reader.read_workbook(saved))
    measure = validate(reader.read_workbook(saved), config).content.measures[0]
    assert measure.description == "Linje én\nLinje to\nLinje tre\nLinje fire"
