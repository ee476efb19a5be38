"""Universal design in edited templates: each rule ``iktplan check-templates``
warns about is broken in a copy of a shipped template, edited with python-docx
the way an edit in Word leaves it, and named with the template and the place."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from pipeline.documents.templatecheck import check_templates
from pipeline.documents.templatewarnings import accessibility_warnings, template_warnings
from support.paths import REPO

SHIPPED = REPO / "word_templates"


@pytest.fixture
def templates(tmp_path) -> Path:
    folder = tmp_path / "word_templates"
    shutil.copytree(SHIPPED, folder)
    return folder


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1F3864").save(buffer, format="PNG")
    return buffer.getvalue()


def _paragraph(doc, text: str):
    return next(p for p in doc.paragraphs if p.text == text)


def test_the_shipped_templates_give_no_warnings():
    assert template_warnings(SHIPPED) == []
    assert template_warnings(REPO / "pipeline" / "defaults" / "word_templates") == []


def test_a_picture_without_alt_text_is_named_and_one_with_alt_text_is_not(templates):
    path = templates / "Saksframlegg.docx"
    doc = Document(str(path))
    _paragraph(doc, "Sammendrag").insert_paragraph_before("Kommunevåpenet:")
    doc.paragraphs[0].insert_paragraph_before().add_run().add_picture(io.BytesIO(_png()), width=Mm(20))
    described = doc.add_paragraph().add_run()
    described.add_picture(io.BytesIO(_png()), width=Mm(20))
    described._r.xpath(".//wp:docPr")[0].set("descr", "Kommunevåpenet til Fjordvik")
    doc.save(str(path))
    (warning,) = accessibility_warnings(path)
    assert warning.template == "Saksframlegg.docx"
    assert warning.where.startswith("brødteksten")
    assert warning.message.startswith("Bildet har ingen alternativ tekst")
    assert "«Rediger alternativ tekst»" in warning.message
    assert check_templates(templates) == []  # a warning, not an error: the documents are made


def test_a_heading_that_skips_a_level_is_named_with_the_level_to_use(templates):
    path = templates / "Saksframlegg.docx"
    doc = Document(str(path))
    _paragraph(doc, "{{ sak.forslag_overskrift }}").style = doc.styles["Heading 3"]
    doc.save(str(path))
    (warning,) = accessibility_warnings(path)
    assert warning.where == "brødteksten, ved «{{ sak.forslag_overskrift }}»"
    assert warning.message.startswith("Overskriften er på nivå 3, men kommer etter en overskrift på nivå 1. "
                                      "Bruk «Overskrift 2» (Heading 2)")


def test_a_heading_style_used_for_body_text_is_named(templates):
    path = templates / "IKT-strategi.docx"
    doc = Document(str(path))
    long_text = "Strategien bygger på virksomhetsmålet. " * 6
    _paragraph(doc, "Strategien bygger på virksomhetsmålet og hovedmålene i kapittel 4. Den skal gi retning for "
                    "hvordan kommunen bruker IKT i perioden {{ periode }}, og handlingsplanen i kapittel 6 viser "
                    "hvilke tiltak som gjennomføres, når, og hvem som har ansvaret.").text = long_text
    _paragraph(doc, long_text).style = doc.styles["Heading 2"]
    _paragraph(doc, "1.2 Slik er arbeidet gjort").insert_paragraph_before("", style="Heading 2")
    doc.save(str(path))
    messages = [w.message for w in accessibility_warnings(path)]
    assert len(messages) == 2, messages
    assert messages[0].startswith("Avsnittet har overskriftsstilen «Heading 2», men er svært lang.")
    assert messages[1].startswith("Avsnittet har overskriftsstilen «Heading 2», men er tom.")


def test_a_table_without_a_header_row_is_named_and_a_label_table_is_not(templates):
    path = templates / "Saksframlegg.docx"
    doc = Document(str(path))
    gang = next(t for t in doc.tables if t.rows[0].cells[0].text == "Saksgang")
    trpr = gang.rows[0]._tr.trPr
    trpr.remove(trpr.find(qn("w:tblHeader")))  # «Gjenta overskriftsrader» switched off
    doc.save(str(path))
    (warning,) = accessibility_warnings(path)
    assert warning.where == "brødteksten, i en tabell, ved «Saksgang»"
    assert warning.message.startswith("Tabellen har ingen overskriftsrad.")
    assert "«Gjenta overskriftsrader»" in warning.message and "«Første kolonne»" in warning.message


def test_a_new_table_without_header_is_named(templates):
    path = templates / "Tiltaksbeskrivelser.docx"
    doc = Document(str(path))
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Kontaktperson"
    doc.save(str(path))
    (warning,) = accessibility_warnings(path)
    assert warning.template == "Tiltaksbeskrivelser.docx" and "«Kontaktperson»" in warning.where


def test_pale_text_is_named_with_its_contrast_and_dark_text_is_not(templates):
    path = templates / "Saksframlegg.docx"
    doc = Document(str(path))
    paragraph = _paragraph(doc, "Saksbehandler")
    paragraph.runs[0].font.color.rgb = RGBColor.from_string("AAAAAA")
    _paragraph(doc, "Sammendrag").runs[0].font.color.rgb = RGBColor.from_string("1F3864")
    doc.save(str(path))
    (warning,) = accessibility_warnings(path)
    assert warning.where == "brødteksten, ved «Saksbehandler»"
    assert warning.message.startswith("Teksten har farge #AAAAAA på #FFFFFF, med kontrast 2,3:1. Tekst må ha "
                                      "minst 4,5:1")


def test_pale_text_in_the_header_is_named_there(templates):
    path = templates / "IKT-strategi.docx"
    doc = Document(str(path))
    for run in doc.sections[0].header.paragraphs[0].runs:
        run.font.color.rgb = RGBColor.from_string("BBBBBB")
    doc.save(str(path))
    (warning,) = accessibility_warnings(path)
    assert warning.where.startswith("topptekst, ved «{{ kommune }}")


def test_a_link_that_says_only_here_is_named(templates):
    path = templates / "IKT-strategi.docx"
    doc = Document(str(path))
    paragraph = _paragraph(doc, "8 Standarder og retningslinjer").insert_paragraph_before("Les KS' veileder ")
    for text in ("her", "KS' veileder for IKT-strategi"):
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), paragraph.part.relate_to("https://www.ks.no/", RELATIONSHIP_TYPE.HYPERLINK,
                                                      is_external=True))
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        link.append(run)
        paragraph._p.append(link)
    doc.save(str(path))
    (warning,) = accessibility_warnings(path)
    assert warning.message.startswith("Lenketeksten «her» sier ikke hvor lenken går.")
    assert "Les KS' veileder" in warning.where


def test_check_templates_prints_the_warnings_and_still_succeeds(templates):
    from click.testing import CliRunner

    from pipeline.cli import cli

    workspace = templates.parent
    CliRunner().invoke(cli, ["init", str(workspace / "ws")], catch_exceptions=False)
    target = workspace / "ws" / "word_templates" / "Saksframlegg.docx"
    doc = Document(str(target))
    _paragraph(doc, "{{ sak.forslag_overskrift }}").style = doc.styles["Heading 3"]
    doc.save(str(target))
    result = CliRunner().invoke(cli, ["-w", str(workspace / "ws"), "check-templates"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 merknad om universell utforming")
    assert "  - Saksframlegg.docx, brødteksten, ved «{{ sak.forslag_overskrift }}»: Overskriften er på nivå 3" \
        in result.output
    assert result.output.rstrip().endswith("Malene kan brukes.")
