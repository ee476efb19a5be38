"""The benefit plan in the documents: a «Gevinstplan» section in the measure's
description (only where the unit gave a plan), and its columns in the overview."""

from __future__ import annotations

from datetime import date

from docx import Document
from openpyxl import load_workbook

from pipeline.core.assessment import assess
from pipeline.documents.overview import write_overview
from support.documents import MEASURES, document_text, render
from support.models import form, measure, municipality

PLAN = dict(benefit_owner="Kommunalsjef oppvekst", indicator="Henvendelser fra foreldre per uke",
            indicator_baseline="40 per uke", indicator_target="10 per uke", target_date=date(2028, 12, 31))


def model_with_plan(config):
    return municipality(config, form(measures=(
        measure(1, "Felles skoleplattform", investment=100_000, benefit=50_000, **PLAN),
        measure(2, "Trådløst nett", investment=50_000),
    )))


def section_of(path, heading: str) -> list[str]:
    """The paragraphs (tables included) from the Heading 1 *heading* to the next Heading 1."""
    doc = Document(str(path))
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    out, inside = [], False
    for element in doc.element.body.iter(qn("w:p")):
        p = Paragraph(element, doc)
        if p.style is not None and p.style.name == "Heading 1":
            inside = p.text == heading
        if inside:
            out.append(p.text)
    return out


def test_a_measure_with_a_benefit_plan_has_a_gevinstplan_section_with_every_field(config, tmp_path):
    model = model_with_plan(config)
    assessment, paths = render(model, tmp_path)
    doc = paths[1]
    assert doc.name == MEASURES
    first = next(a for a in assessment.measures if a.measure.nr == 1)
    section = section_of(doc, f"{first.id}: Felles skoleplattform")
    at = section.index("Gevinstplan")
    table = section[at + 1:]
    for label, value in (("Gevinsteier", "Kommunalsjef oppvekst"), ("Indikator", "Henvendelser fra foreldre per uke"),
                         ("Nullpunkt (i dag)", "40 per uke"), ("Målverdi", "10 per uke"),
                         ("Når målet skal nås", "31.12.2028")):
        assert table[table.index(label) + 1] == value, label


def test_a_measure_without_a_benefit_plan_has_no_gevinstplan_section(config, tmp_path):
    model = model_with_plan(config)
    assessment, paths = render(model, tmp_path)
    doc = paths[1]
    second = next(a for a in assessment.measures if a.measure.nr == 2)
    assert "Gevinstplan" not in section_of(doc, f"{second.id}: Trådløst nett")
    assert document_text(doc).count("\nGevinstplan\n") == 1


def test_the_overview_lists_each_measures_benefit_plan(config, tmp_path):
    model = model_with_plan(config)
    path = write_overview(model, assess(model), tmp_path / "Samlet-oversikt.xlsx")
    ws = load_workbook(path)["Tiltak"]
    headers = [c.value for c in ws[1]]
    rows = {r[headers.index("Nr")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    plan = [rows[1][headers.index(h)] for h in ("Gevinsteier", "Indikator", "Nullpunkt", "Målverdi", "Måldato")]
    assert plan[:4] == ["Kommunalsjef oppvekst", "Henvendelser fra foreldre per uke", "40 per uke", "10 per uke"]
    assert plan[4].date() == date(2028, 12, 31)
    assert [rows[2][headers.index(h)] for h in ("Gevinsteier", "Indikator", "Måldato")] == [None, None, None]
