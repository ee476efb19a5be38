"""The rolled action plan and the rullering case (issue 15 b): rendered from the demo's plan
and a year of follow-up, read back with python-docx, and converted once with LibreOffice."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from pipeline.contract import DONE, IN_PROGRESS, POSTPONED, STOPPED
from pipeline.core.followup import FollowUpSubmission, combine_followup
from pipeline.core.followupreport import FollowUpReport, ReportedMeasure, ReportUnit
from pipeline.core.model import Provenance, combine
from pipeline.core.rollover import roll
from pipeline.documents.rollcontext import ROLL_DOCUMENTS, ROLL_SCHEMA, roll_context
from pipeline.i18n.filenames import FileNames
from pipeline.documents.rolldocs import render_rolled
from pipeline.documents.templatecheck import check_template
from support.documents import document_text
from support.examples import demo_submissions
from support.followupforms import demo_baseline
from support.libreoffice import needs_libreoffice

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "word_templates"


def _row(id, status, **fields):
    values = dict(percent_done=None, spent=None, new_end=None, benefit_realised=None, benefit_text=None,
                  indicator_value=None, comment=None)
    values.update(fields)
    return ReportedMeasure(id=id, status=status, prov=Provenance("Oppfølging", 2), **values)


@pytest.fixture(scope="module")
def rolled(config, blank_form, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rolled")
    baseline = demo_baseline(config, blank_form, folder / "a")
    model = combine(config, demo_submissions(config, blank_form, folder / "m"))
    done, late, stopped, going = baseline.adopted[:4]
    rows = {done.id: _row(done.id, DONE, percent_done=100, spent=done.investment, benefit_realised=20_000),
            late.id: _row(late.id, POSTPONED, spent=10_000, new_end=date(2029, 6, 30),
                          comment="Leverandøren leverer først neste år."),
            stopped.id: _row(stopped.id, STOPPED, spent=5_000, comment="Erstattet av en nasjonal løsning."),
            going.id: _row(going.id, IN_PROGRESS, percent_done=50, spent=(going.investment or 0) // 2)}
    forms = []
    for unit in baseline.reporting_units:
        mine = tuple(rows[m.id] for m in baseline.adopted_for(unit.key) if m.id in rows)
        if mine:
            report = FollowUpReport(ReportUnit("Fjordvik kommune", unit.name, "Ingrid Berg", "i@fjordvik.no", None,
                                               "1.0"), 2027, mine)
            forms.append(FollowUpSubmission(unit.key, 2027, 1, datetime(2028, 1, 20), "skjema.xlsx", 1, report))
    plan = roll(baseline, combine_followup(baseline, forms, 2027), model)
    paths = render_rolled(plan, config, date(2028, 2, 15), TEMPLATES, folder / "out")
    return plan, paths, (done, late, stopped, going)


def test_the_shipped_templates_use_only_fields_the_context_has(config, rolled):
    plan, _, _ = rolled
    for name in ROLL_DOCUMENTS:
        assert check_template(TEMPLATES / FileNames().name(name), ROLL_SCHEMA) == [], name
    context = roll_context(plan, config, date(2028, 2, 15), config.lang)
    assert set(context) == set(ROLL_SCHEMA)


def test_the_rolled_plan_marks_what_is_carried_new_dropped_and_done(rolled):
    plan, paths, (done, late, stopped, going) = rolled
    assert [p.name for p in paths] == ["Handlingsplan 2028 (rullert).docx", "Saksframlegg rullering 2028.docx"]
    text = document_text(paths[0])
    assert "Handlingsplan for IKT 2028" in text
    plan_table = next(t for t in Document(str(paths[0])).tables if t.rows[0].cells[0].text == "Nr.")
    listed = {row.cells[1].text.split(":")[0]: row.cells[2].text for row in plan_table.rows[1:]}
    assert done.id not in listed and stopped.id not in listed
    assert set(listed.values()) <= {"Videreført", "Nytt", "Vurdert på nytt"} and "Videreført" in listed.values()
    assert "Tiltak som utgår" in text and "Erstattet av en nasjonal løsning." in text
    ferdige = next(t for t in Document(str(paths[0])).tables if t.rows[0].cells[0].text == "Tiltak"
                   and t.rows[0].cells[-1].text == "Gevinst hittil")
    assert ferdige.rows[1].cells[0].text.startswith(f"{done.id}: ")
    carried = next(t for t in Document(str(paths[0])).tables if [c.text for c in t.rows[0].cells][-2:] == ["Gjenstår", "År"])
    late_row = next(r for r in carried.rows[1:] if r.cells[0].text.startswith(f"{late.id}:"))
    assert late_row.cells[1].text == "Utsatt" and "Leverandøren leverer først neste år." in late_row.cells[0].text
    remaining = next(m.carry.remaining for m in plan.measures if m.carry and m.followup.measure.key == late.key)
    assert late_row.cells[4].text.replace("\u00a0", " ") == f"{remaining:,} kr".replace(",", " ")
    assert "{{" not in text and "{%" not in text


def test_the_case_refers_to_the_adopted_strategy_and_the_status_report_and_proposes_the_plan(rolled):
    plan, paths, (_, _, stopped, _) = rolled
    doc = Document(str(paths[1]))
    text = document_text(paths[1])
    assert "Rullering av handlingsplanen for IKT 2028" in text
    assert "vedtatt 10.12.2026, sak PS 45/26" in text
    assert "tar statusrapporten for IKT-handlingsplanen 2027 til orientering" in text
    points = [p.text for p in doc.paragraphs if p.style.name == "Vedtakspunkt"]
    assert len(points) >= 3 and "vedtar den rullerte handlingsplanen for 2028" in points[1]
    assert any(stopped.id in p and "utgår" in p for p in points)
    vedlegg = [p.text for p in doc.paragraphs if p.style.name == "Nummerert liste"]
    assert vedlegg == ["Statusrapport for IKT-handlingsplanen 2027", "Handlingsplan for IKT 2028 (rullert)"]


@needs_libreoffice
def test_both_documents_convert_to_pdf(rolled, tmp_path):
    from pipeline.documents.pdf import convert_to_pdf

    _, paths, _ = rolled
    pdfs = convert_to_pdf(paths, tmp_path)
    assert [p.suffix for p in pdfs] == [".pdf", ".pdf"] and all(p.stat().st_size > 10_000 for p in pdfs)
