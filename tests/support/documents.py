"""Rendering the three documents from a model, and reading them back with
python-docx as a reader sees them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.core.assessment import assess
from pipeline.core.versions import VersionInfo
from pipeline.documents.rendering import render_documents
from pipeline.i18n.filenames import FileNames
from support.paths import REPO

TEMPLATES = REPO / "word_templates"
#: The documents' and the overview's names in a bokmål workspace (other languages: FileNames(lang)).
DOCUMENTS = FileNames().documents
OVERVIEW_NAME = FileNames().overview
STRATEGY, MEASURES, CASE = DOCUMENTS
CREATED = datetime(2027, 2, 1, 12, 0)


def render(model, out: Path, version: VersionInfo | None = None, templates: Path = TEMPLATES):
    assessment = assess(model)
    paths = render_documents(model, assessment, version or VersionInfo(1, CREATED), templates, out)
    return assessment, paths


# --- reading the documents back --------------------------------------------------------


def _paragraph_texts(doc) -> list[str]:
    return [Paragraph(p, doc).text for p in doc.element.body.iter(qn("w:p"))]


def header_footer_texts(path: Path) -> list[str]:
    doc = Document(str(path))
    texts = []
    for part in doc.part.package.parts:
        if part.partname.endswith(".xml") and ("/header" in part.partname or "/footer" in part.partname):
            from lxml import etree

            root = etree.fromstring(part.blob)
            texts.append("".join(t.text or "" for t in root.iter(qn("w:t"))))
    return texts


def document_text(path: Path) -> str:
    """Every paragraph (also in tables), the headers and footers and the core
    properties, one paragraph a line; Word line breaks as ``\\n``, tabs as ``\\t``."""
    doc = Document(str(path))
    props = doc.core_properties
    return "\n".join(
        _paragraph_texts(doc) + header_footer_texts(path) + [props.title or "", props.comments or "", props.author or ""]
    )


def tables_with_header(path: Path, header: list[str]):
    doc = Document(str(path))
    return [t for t in doc.tables if [c.text for c in t.rows[0].cells] == header]
