"""The PDFs as archive and web copy, read back with pikepdf: PDF/A-2b and PDF/UA-1
identification in the XMP, the structure tree with the document's headings,
figures with the charts' alt text, tables with their header cells, the language
and the title, embedded fonts; and a LibreOffice that does not make PDF/A is an
error. Apache PDFBox Preflight, the one PDF/A validator that installs here (from
Debian), runs too; it knows only PDF/A-1b rules."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.documents import pdf
from pipeline.documents.accessibility import WP_DOCPR, document_language, has_header_column, heading_level
from pipeline.documents.pdfa import structure, table_rows
from pipeline.errors import PdfError
from support.libreoffice import needs_libreoffice

pytestmark = needs_libreoffice


@pytest.fixture(scope="module")
def pairs(demo_documents, demo_pdfs):
    """(the .docx, the PDF) of each demo document."""
    return list(zip(demo_documents[2].values(), demo_pdfs[0]))


def _standard(tag: str, rolemap) -> str:
    """The standard structure type of *tag*, through the /RoleMap (LibreOffice names tags after styles)."""
    seen = set()
    while pikepdf.Name(tag) in rolemap and tag not in seen:
        seen.add(tag)
        tag = str(rolemap[pikepdf.Name(tag)])
    return tag


def _scope(cell) -> str | None:
    """The ``/Scope`` in a cell's table attributes (``/A`` is one dictionary or an array of them)."""
    attributes = cell.get("/A")
    for owner in [attributes] if isinstance(attributes, pikepdf.Dictionary) else list(attributes or []):
        if isinstance(owner, pikepdf.Dictionary) and owner.get("/O") == "/Table" and "/Scope" in owner:
            return str(owner.Scope)
    return None


def _kids(element) -> list:
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and k.get("/Type", "/StructElem") == "/StructElem"]


def test_each_pdf_says_it_is_pdf_a_2b_and_pdf_ua_1_and_declares_what_it_says(pairs):
    for _docx, path in pairs:
        with pikepdf.open(path) as doc:
            meta = doc.open_metadata()
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B"), path.name
            assert meta.get("pdfuaid:part") == "1"
            xmp = doc.Root.Metadata.read_bytes()
            # PDF/A accepts only declared schemas: pdfuaid is declared as an extension
            assert b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in xmp
            assert "/Filter" not in doc.Root.Metadata  # metadata readable as it is (PDF/A 6.6.2.1)
            intents = doc.Root.OutputIntents
            assert any(i.S == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents)
            assert not doc.is_encrypted and "/ID" in doc.trailer
            assert b"/ObjStm" in path.read_bytes()  # written with object streams (the size)


def test_each_pdf_has_the_title_and_the_language_of_its_document(pairs):
    for docx, path in pairs:
        source = Document(str(docx))
        with pikepdf.open(path) as doc:
            title = source.core_properties.title
            assert title and doc.open_metadata().get("dc:title") == title
            assert str(doc.docinfo.Title) == title
            assert doc.Root.ViewerPreferences.DisplayDocTitle is True  # the window shows the title, not the file
            assert str(doc.Root.Lang) == document_language(source) == "nb-NO"


def test_each_pdf_is_tagged_with_the_headings_of_its_document(pairs):
    for docx, path in pairs:
        source = Document(str(docx))
        expected = [lvl for lvl in (heading_level(p.style) for p in source.paragraphs) if lvl]
        with pikepdf.open(path) as doc:
            assert doc.Root.MarkInfo.Marked is True and "/StructTreeRoot" in doc.Root
            rolemap = doc.Root.StructTreeRoot.get("/RoleMap") or {}
            tags = [_standard(str(e.S), rolemap) for e in structure(doc)]
            headings = [int(t[2:]) for t in tags if re.fullmatch(r"/H[1-6]", t)]
            assert headings == expected, path.name
            assert "/P" in tags and "/Table" in tags


def test_every_figure_has_the_alt_text_of_its_chart(pairs):
    for docx, path in pairs:
        alts = [docpr.get("descr") for docpr in Document(str(docx)).element.body.iter(WP_DOCPR)]
        with pikepdf.open(path) as doc:
            figures = [e for e in structure(doc) if e.S == "/Figure"]
            assert [str(f.get("/Alt", "")) for f in figures] == alts, path.name
    with pikepdf.open(pairs[0][1]) as doc:  # the strategy, with the three charts
        assert len([e for e in structure(doc) if e.S == "/Figure"]) == 3


def test_header_cells_are_th_in_header_rows_and_label_columns(pairs):
    for docx, path in pairs:
        tables = list(Document(str(docx)).element.body.iter(qn("w:tbl")))
        with pikepdf.open(path) as doc:
            found = [e for e in structure(doc) if e.S == "/Table"]
            assert len(found) == len(tables), path.name
            for tbl, table in zip(tables, found):
                rows = [[c for c in _kids(r)] for r in table_rows(table)]
                if has_header_column(tbl):
                    for cells in rows:
                        assert cells[0].S == "/TH" and _scope(cells[0]) == "/Row"
                        assert all(c.S == "/TD" for c in cells[1:])
                else:
                    assert all(c.S == "/TH" and _scope(c) == "/Column" for c in rows[0])
                    assert all(c.S == "/TD" for r in rows[1:] for c in r)


def test_every_font_is_embedded_and_pages_with_links_are_read_in_structure_order(pairs):
    for _docx, path in pairs:
        with pikepdf.open(path) as doc:
            fonts = {}
            for page in doc.pages:
                for _name, font in (page.Resources.get("/Font") or {}).items():
                    fonts[font.objgen] = font
                if "/Annots" in page.obj:
                    assert page.obj.Tabs == pikepdf.Name.S  # a name, not LibreOffice's string (S)
            assert fonts
            for font in fonts.values():
                descriptor = (font.DescendantFonts[0] if font.Subtype == "/Type0" else font).FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), str(font.BaseFont)


def _fake_soffice(tmp_path: Path, plain: Path) -> str:
    script = tmp_path / "soffice"
    script.write_text(f'#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\ncp "{plain}" "$2/Saksframlegg.pdf"\n')
    script.chmod(0o755)
    return str(script)


@pytest.mark.skipif(os.name != "posix", reason="shell script stands in for soffice")
def test_a_pdf_that_is_not_pdf_a_is_an_error(demo_documents, tmp_path, monkeypatch):
    plain = tmp_path / "vanlig.pdf"
    with pikepdf.new() as doc:  # what LibreOffice writes when it ignores the PDF/A option
        doc.add_blank_page()
        doc.save(plain)
    monkeypatch.setattr(pdf, "find_soffice", lambda: _fake_soffice(tmp_path, plain))
    with pytest.raises(PdfError) as exc:
        pdf.convert_to_pdf([demo_documents[2]["Saksframlegg.docx"]], tmp_path / "ut")
    assert str(exc.value).startswith("LibreOffice laget ikke en arkivfast PDF (PDF/A-2) av Saksframlegg.docx: "
                                     "den er ikke merket som PDF/A.")
    assert not (tmp_path / "ut" / "Saksframlegg.pdf").exists()


# --- Apache PDFBox Preflight (Debian: libpdfbox2-java) ------------------------------------------

_JARS = ("preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api")
#: What PDF/A-1b forbids and PDF/A-2b allows; Preflight knows only PDF/A-1b.
_PDF_A1_ONLY = {
    "1.4": "cross reference streams are not allowed",  # object streams: allowed from PDF/A-2 (and keep it small)
    "2.2.2": "Soft Mask must be null or None",  # the charts' transparency: allowed from PDF/A-2
    "7.11.2": "part must be 1",  # it is PDF/A-2
}


def _preflight_classpath() -> str | None:
    jars = [Path("/usr/share/java") / f"{name}.jar" for name in _JARS]
    return os.pathsep.join(map(str, jars)) if shutil.which("java") and all(j.is_file() for j in jars) else None


@pytest.mark.slow
@pytest.mark.skipif(_preflight_classpath() is None, reason="PDFBox Preflight er ikke installert (tests/setup.sh)")
def test_pdfbox_preflight_finds_nothing_but_what_pdf_a_2_allows(pairs, tmp_path):
    from lxml import etree

    listing = tmp_path / "pdfer.txt"
    listing.write_text("\n".join(str(path) for _docx, path in pairs) + "\n", "utf-8")
    # one Java start for all three: «group» writes one report beside the list
    result = subprocess.run(["java", "-cp", _preflight_classpath(), "org.apache.pdfbox.preflight.Validator_A1b",
                             "xml", "group", str(listing)], capture_output=True, text=True, timeout=600)
    report = listing.with_name(listing.name + ".preflight.xml")
    assert report.is_file(), result.stdout + result.stderr
    checked = etree.parse(str(report)).getroot().findall("preflight")
    assert sorted(p.get("name") for p in checked) == sorted(path.name for _docx, path in pairs)
    for preflight in checked:
        findings = [(e.findtext("code"), e.findtext("details") or "") for e in preflight.iter("error")]
        unexpected = [(code, text[:120]) for code, text in findings
                      if code not in _PDF_A1_ONLY or _PDF_A1_ONLY[code] not in text]
        assert unexpected == [], preflight.get("name")
        assert preflight.findtext("isValid") in ("true", "false")  # it read the file to the end
