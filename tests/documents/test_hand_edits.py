"""Hand edits are never lost: a document, PDF or workbook someone changed in
outbox/ is kept in the archive before a new version replaces it, one that is open
is not replaced at all (the new version waits in the archive), and the run and
``status`` say so. Real workspaces, real runs, documents edited with python-docx
and openpyxl the way Word and Excel save them."""

from __future__ import annotations

import os
from datetime import datetime

from docx import Document
from openpyxl import load_workbook

from pipeline import build, console
from support.documents import OVERVIEW_NAME
from support.bokmal import nb
from pipeline.documents.outbox import archive_dir, edited_name
from pipeline.workspace import init_workspace

CASE = "Saksframlegg.docx"
ADDED = "Avsnitt lagt til for hånd av sekretariatet."


def workspace_with_version_1(tmp_path, make_form):
    ws = init_workspace(tmp_path / "ws")
    make_form(name="a.xlsx").replace(ws.inbox / "a.xlsx")
    assert build.run(ws).version == 1
    return ws


def deliver_revision(ws, make_form) -> None:
    """A second revision of the unit, with a measure fewer: the model changes."""
    from pipeline.forms.formfill import example_unit

    revised = example_unit()
    revised["measures"] = revised["measures"][:1]
    make_form(name="b.xlsx", measures=revised["measures"]).replace(ws.inbox / "b.xlsx")


def edit_by_hand(path, when: datetime = datetime(2026, 11, 29, 14, 2)) -> bytes:
    doc = Document(str(path))
    doc.add_paragraph(ADDED)
    doc.save(str(path))
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))
    return path.read_bytes()


def test_an_edited_document_is_kept_in_the_archive_before_the_new_version_replaces_it(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    edited = edit_by_hand(ws.outbox / CASE)
    deliver_revision(ws, make_form)
    report = build.run(ws)
    assert report.new_version and report.version == 2
    kept = archive_dir(ws.outbox, 1) / "Saksframlegg (redigert 29.11.2026 kl. 14.02).docx"
    assert kept.read_bytes() == edited  # their bytes, exactly
    assert ADDED in [p.text for p in Document(str(kept)).paragraphs]
    assert (ws.outbox / CASE).read_bytes() == (archive_dir(ws.outbox, 2) / CASE).read_bytes()
    assert report.outbox.kept == [(CASE, kept)]
    assert any("var endret for hånd" in n and "outbox/arkiv/v1/Saksframlegg (redigert" in n for n in nb(report.notes))
    lines = console.status_lines(build.status(ws))
    assert any("outbox/arkiv/v1/Saksframlegg (redigert 29.11.2026 kl. 14.02).docx" in line for line in lines)


def test_the_run_prints_that_it_kept_the_edited_document(tmp_path, make_form, capsys):
    ws = workspace_with_version_1(tmp_path, make_form)
    edit_by_hand(ws.outbox / CASE)
    deliver_revision(ws, make_form)
    console.print_run(build.run(ws))
    out = capsys.readouterr().out
    assert "Merk: Saksframlegg.docx var endret for hånd." in out


def test_an_edited_document_without_a_new_version_is_left_alone_and_status_says_so(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    edited = edit_by_hand(ws.outbox / CASE)
    report = build.run(ws)  # nothing new: no new version
    assert not report.new_version
    assert (ws.outbox / CASE).read_bytes() == edited
    assert report.outbox.edited == [CASE]
    lines = console.status_lines(build.status(ws))
    assert any("Saksframlegg.docx i outbox/ er endret for hånd" in line for line in lines)


def test_the_same_edit_is_kept_once_even_when_the_run_is_repeated(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    edited = edit_by_hand(ws.outbox / CASE)
    deliver_revision(ws, make_form)
    build.run(ws)
    # someone puts their edited copy back in outbox/ and a later version comes
    (ws.outbox / CASE).write_bytes(edited)
    os.utime(ws.outbox / CASE, (datetime(2026, 11, 29, 14, 2).timestamp(),) * 2)
    (ws.root / "strategi.toml").write_text((ws.root / "strategi.toml").read_text("utf-8") + "\n# endret\n", "utf-8")
    assert build.run(ws).version == 3
    kept = sorted(p.name for p in ws.archive.rglob("*redigert*"))
    assert kept == ["Saksframlegg (redigert 29.11.2026 kl. 14.02).docx"] * 2  # once in v1, once in v2
    assert (archive_dir(ws.outbox, 2) / kept[0]).read_bytes() == edited


def test_an_open_document_is_not_replaced_and_the_new_version_waits_in_the_archive(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    version_1 = (ws.outbox / CASE).read_bytes()
    lock = ws.outbox / ".~lock.Saksframlegg.docx#"  # LibreOffice has it open
    lock.write_text(",Kari Nordmann,kontor,29.11.2026 14:02,file:///home/kari;\n", "utf-8")
    deliver_revision(ws, make_form)
    report = build.run(ws)
    assert report.version == 2
    assert (ws.outbox / CASE).read_bytes() == version_1  # not touched while open
    waiting = archive_dir(ws.outbox, 2) / CASE
    assert report.outbox.waiting == [(CASE, lock, waiting)]
    assert any("er åpen i et annet program" in n and "outbox/arkiv/v2/Saksframlegg.docx" in n for n in nb(report.notes))
    assert any("er åpen i et annet program" in line for line in console.status_lines(build.status(ws)))
    lock.unlink()  # closed
    again = build.run(ws)
    assert not again.new_version and (ws.outbox / CASE) in again.outputs
    assert (ws.outbox / CASE).read_bytes() == waiting.read_bytes()


def test_a_document_open_in_word_is_recognised_by_words_owner_file(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    before = (ws.outbox / CASE).read_bytes()
    (ws.outbox / "~$ksframlegg.docx").write_bytes(b"\x0bKari Nordmann" + b" " * 40)  # Word cuts two letters
    deliver_revision(ws, make_form)
    assert [name for name, _, _ in build.run(ws).outbox.waiting] == [CASE]
    assert (ws.outbox / CASE).read_bytes() == before


def test_an_open_and_edited_document_is_kept_when_it_is_closed_and_replaced(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    lock = ws.outbox / ".~lock.Saksframlegg.docx#"
    lock.write_text("x", "utf-8")
    deliver_revision(ws, make_form)
    build.run(ws)
    edited = edit_by_hand(ws.outbox / CASE)  # saved while it was open
    lock.unlink()
    report = build.run(ws)
    # Edited since its version: no new version replaces it, so it stays and is reported.
    assert report.outbox.edited == [CASE] and (ws.outbox / CASE).read_bytes() == edited


def test_an_edited_overview_workbook_is_kept_too(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    path = ws.outbox / OVERVIEW_NAME
    wb = load_workbook(path)
    wb.active["A1"].value = "Min egen merknad"
    wb.save(path)
    edited = path.read_bytes()
    deliver_revision(ws, make_form)
    report = build.run(ws)
    [(name, kept)] = report.outbox.kept
    assert name == OVERVIEW_NAME and kept.read_bytes() == edited and kept.parent == archive_dir(ws.outbox, 1)


def test_an_edited_pdf_of_an_older_version_is_kept_before_it_is_taken_away(tmp_path, make_form):
    ws = workspace_with_version_1(tmp_path, make_form)
    pdf = ws.outbox / "Saksframlegg.pdf"
    pdf.write_bytes(b"%PDF-1.7 en PDF sekretariatet har laget og merket selv\n")
    deliver_revision(ws, make_form)
    report = build.run(ws)  # no PDFs this time: the old one must go, but not silently
    assert not pdf.exists()
    [(name, kept)] = report.outbox.kept
    assert name == "Saksframlegg.pdf" and kept.read_bytes().startswith(b"%PDF-1.7 en PDF sekretariatet")


def test_the_edited_copy_is_named_by_when_it_was_saved():
    assert edited_name("Saksframlegg.docx", datetime(2026, 11, 29, 14, 2)) == (
        "Saksframlegg (redigert 29.11.2026 kl. 14.02).docx")
    assert edited_name("Samlet-oversikt.xlsx", datetime(2027, 1, 5, 9, 30)) == (
        "Samlet-oversikt (redigert 05.01.2027 kl. 09.30).xlsx")
