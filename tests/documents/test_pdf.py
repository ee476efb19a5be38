"""PDF with LibreOffice: all three documents in one soffice run, and every way
LibreOffice can fail turned into a clear Norwegian message."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest
from lxml import etree

from pipeline.documents import pdf
from pipeline.errors import PdfError
from support.libreoffice import needs_libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def documents(demo_documents):
    return list(demo_documents[2].values())


def _pages(path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


@needs_libreoffice
def test_each_document_converts_to_a_pdf_in_one_libreoffice_run(demo_pdfs):
    pdfs, elapsed = demo_pdfs
    assert [p.name for p in pdfs] == ["IKT-strategi.pdf", "Tiltaksbeskrivelser.pdf", "Saksframlegg.pdf"]
    for path in pdfs:
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
        assert _pages(path) >= 2, path.name
    assert elapsed < 180
    assert not [p for p in pdfs[0].parent.iterdir() if p.suffix != ".pdf"]


def test_pdf_is_made_from_a_copy_whose_table_of_contents_libreoffice_can_number(documents):
    original = documents[0].read_bytes()
    copy = pdf._print_copy(original)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(copy)).read("word/document.xml"))
    instructions = [t.text.strip() for t in root.iter(f"{W}instrText")]
    assert not [i for i in instructions if i.startswith("TOC")]
    assert sum(1 for i in instructions if i.startswith("PAGEREF _Toc")) >= 10
    before = etree.fromstring(zipfile.ZipFile(io.BytesIO(original)).read("word/document.xml"))
    assert any((t.text or "").strip().startswith("TOC") for t in before.iter(f"{W}instrText"))
    assert documents[0].read_bytes() == original  # the .docx itself is untouched


def test_missing_libreoffice_gives_a_clear_message(documents, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(PdfError) as exc:
        pdf.convert_to_pdf(documents, tmp_path)
    assert "LibreOffice er ikke installert" in str(exc.value) and "--pdf" in str(exc.value)


def fake_soffice(tmp_path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return str(script)


@pytest.mark.skipif(os.name != "posix", reason="shell script stands in for soffice")
def test_libreoffice_that_exits_0_without_writing_a_pdf_is_an_error(documents, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake_soffice(tmp_path, "exit 0\n"))
    with pytest.raises(PdfError) as exc:
        pdf.convert_to_pdf(documents, tmp_path / "ut")
    assert "laget ingen brukbar PDF av IKT-strategi.docx" in str(exc.value)


@pytest.mark.skipif(os.name != "posix", reason="shell script stands in for soffice")
def test_an_empty_pdf_is_an_error(documents, tmp_path, monkeypatch):
    body = 'for last; do :; done\nwhile [ "$1" != "--outdir" ]; do shift; done\n: > "$2/IKT-strategi.pdf"\n'
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake_soffice(tmp_path, body))
    with pytest.raises(PdfError) as exc:
        pdf.convert_to_pdf(documents[:1], tmp_path / "ut")
    assert "ingen brukbar PDF" in str(exc.value)


@pytest.mark.skipif(os.name != "posix", reason="shell script stands in for soffice")
def test_a_hanging_libreoffice_is_stopped_with_its_children(documents, tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    body = f"sleep 300 &\necho $! > {pids}\nsleep 300\n"
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake_soffice(tmp_path, body))
    started = time.monotonic()
    with pytest.raises(PdfError) as exc:
        pdf.convert_to_pdf(documents, tmp_path / "ut", timeout=1.5)
    assert time.monotonic() - started < 20
    assert "mer enn 1.5 sekunder" in str(exc.value) or "mer enn 1,5 sekunder" in str(exc.value)
    child = int(pids.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the child process of soffice is still running")


@pytest.mark.skipif(os.name != "posix", reason="shell script stands in for soffice")
def test_libreoffice_failing_reports_its_exit_code(documents, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 81\n"))
    with pytest.raises(PdfError) as exc:
        pdf.convert_to_pdf(documents, tmp_path / "ut")
    assert "kode 81" in str(exc.value) and "could not be loaded" in str(exc.value)


def test_a_missing_document_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/true")
    with pytest.raises(PdfError) as exc:
        pdf.convert_to_pdf([tmp_path / "Borte.docx"], tmp_path)
    assert str(exc.value) == "Kan ikke lage PDF av Borte.docx: fila finnes ikke."
