"""The demo municipality's documents and their PDFs, made once for the
document tests that only read them (the PDF conversion takes seconds)."""

from __future__ import annotations

import time

import pytest

from support.documents import DOCUMENTS
from support.documents import render
from support.examples import demo_model


@pytest.fixture(scope="session")
def demo_documents(config, blank_form, tmp_path_factory):
    """(model, assessment, {document name: .docx path}) of the demo municipality."""
    model = demo_model(config, blank_form, tmp_path_factory.mktemp("demo-skjema"))
    assessment, paths = render(model, tmp_path_factory.mktemp("demo-dokumenter"))
    return model, assessment, dict(zip(DOCUMENTS, paths))


@pytest.fixture(scope="session")
def demo_pdfs(demo_documents, tmp_path_factory):
    """(the PDFs of the demo documents in one LibreOffice run, the seconds it took)."""
    from pipeline.documents.pdf import convert_to_pdf

    started = time.monotonic()
    pdfs = convert_to_pdf(list(demo_documents[2].values()), tmp_path_factory.mktemp("demo-pdf"))
    return pdfs, time.monotonic() - started
