"""What stops the documents (a missing template, a template that is not a Word file,
a field the context does not have) and what stops the PDFs (LibreOffice missing, a
document gone, LibreOffice failing) reads in the workspace's language (issue 14);
``str()`` stays bokmål for the logs."""

from __future__ import annotations

import shutil

import pytest

from pipeline.documents import pdf
from pipeline.documents.rendering import render_template
from pipeline.errors import PdfError, TemplateError
from pipeline.i18n import Lang
from support.documents import TEMPLATES
from support.languages import assert_no_foreign_words

LANGUAGES = ("nn", "da")


def _shown(error, code: str) -> str:
    text = error.render(Lang.for_code(code))
    assert text != str(error), "not translated"
    return text


def _check(text: str, code: str, *names: str) -> None:
    for name in names:
        assert name in text
        text = text.replace(name, " ")
    assert_no_foreign_words(text, code, where="feilmeldinga")


@pytest.mark.parametrize("code", LANGUAGES)
def test_template_errors_read_in_the_language(code, tmp_path):
    with pytest.raises(TemplateError) as missing:
        render_template(tmp_path / "Borte.docx", {}, {})
    _check(_shown(missing.value, code), code, "Borte.docx", str(tmp_path))
    (tmp_path / "Skadd.docx").write_bytes(b"ikkje eit Word-dokument")
    with pytest.raises(TemplateError) as broken:
        render_template(tmp_path / "Skadd.docx", {}, {})
    shown = _shown(broken.value, code)
    _check(shown.split(":")[0], code, "Skadd.docx")
    template = tmp_path / "Saksframlegg.docx"
    shutil.copy(TEMPLATES / "Saksframlegg.docx", template)
    with pytest.raises(TemplateError) as unknown:
        render_template(template, {}, {})
    _check(_shown(unknown.value, code), code, "Saksframlegg.docx", "check-templates", "iktplan")


@pytest.mark.parametrize("code", LANGUAGES)
def test_pdf_errors_read_in_the_language(code, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(PdfError) as no_office:
        pdf.convert_to_pdf([tmp_path / "Borte.docx"], tmp_path)
    _check(_shown(no_office.value, code), code, "soffice", "--pdf")
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/true")
    with pytest.raises(PdfError) as gone:
        pdf.convert_to_pdf([tmp_path / "Borte.docx"], tmp_path)
    _check(_shown(gone.value, code), code, "Borte.docx")
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 81\n")
    script.chmod(0o755)
    document = tmp_path / "Saksframlegg.docx"
    shutil.copy(TEMPLATES / "Saksframlegg.docx", document)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    with pytest.raises(PdfError) as failed:
        pdf.convert_to_pdf([document], tmp_path / "ut")
    shown = _shown(failed.value, code)
    assert "81" in shown
    _check(shown.split(":")[0], code)
