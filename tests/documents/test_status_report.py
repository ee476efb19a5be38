"""«Statusrapport for IKT-handlingsplanen <år>» (issue 15, part b): the demo's plan frozen,
its follow-up forms made, filled the way units fill them and read back, combined, and the
report rendered from the shipped template and read back with python-docx."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from docx import Document

from pipeline.contract import DONE, IN_PROGRESS, POSTPONED, STOPPED
from pipeline.core.followup import combine_followup
from pipeline.documents.chartimages import start_named
from pipeline.documents.cleaning import clean
from pipeline.documents.rendering import render_template
from pipeline.documents.statuscontext import STATUS_SCHEMA, status_charts, status_context
from pipeline.i18n.filenames import FileNames
from pipeline.documents.templatecheck import check_template
from pipeline.i18n import Lang
from pipeline.i18n.languages import defaults_file
from support.followupforms import demo_baseline, reported_forms

STATUS_TEMPLATE = FileNames().name("status_template")  # «Statusrapport.docx» in every language so far
TEMPLATE = defaults_file("word_templates", "nb") / STATUS_TEMPLATE
MADE = datetime(2028, 2, 1, 12, 0)
KR = Lang.for_code("nb").kroner
WHY_LATE = "Leverandøren leverer integrasjonen først i 2029."
WHY_STOPPED = "Dekket av en nasjonal fellesløsning."


@pytest.fixture(scope="module")
def year_2028(config, blank_form, tmp_path_factory):
    """The plan adopted for 2027–2030, reported on for 2027 and 2028. In 2028 the first unit
    reports every measure: the first done (spent 120 000 kr, realised 50 000 kr), the second
    postponed with a reason, the third stopped with a reason, the rest in progress; the last
    unit sends nothing. In 2027 the first measure realised 20 000 kr."""
    folder = tmp_path_factory.mktemp("statusrapport")
    baseline = demo_baseline(config, blank_form, folder, first_year=2027)
    first_unit = baseline.reporting_units[0].key
    last_unit = baseline.reporting_units[-1].key

    def fill_2027(unit, ids):
        return {ids[0]: {"Status": "Pågår", "Realisert gevinst i året (kr)": 20000}} if unit == first_unit else {}

    def fill_2028(unit, ids):
        if unit == last_unit:
            return None
        if unit != first_unit:
            return {i: {"Status": "Pågår", "Fullført (%)": 50} for i in ids}
        rows = {i: {"Status": "Pågår"} for i in ids}
        rows[ids[0]] = {"Status": "Ferdig", "Fullført (%)": 100, "Brukt investering hittil (kr)": 120000,
                        "Realisert gevinst i året (kr)": 50000}
        rows[ids[1]] = {"Status": "Utsatt", "Ny sluttdato": "30.06.2029", "Kommentar": WHY_LATE}
        rows[ids[2]] = {"Status": "Avbrutt", "Brukt investering hittil (kr)": 10000, "Kommentar": WHY_STOPPED}
        return rows

    subs = (reported_forms(config, baseline, 2027, folder / "2027", fill_2027)
            + reported_forms(config, baseline, 2028, folder / "2028", fill_2028))
    return combine_followup(baseline, subs, 2028)


def _first_three(f):
    """The first unit's first three measures in its form (done, postponed, stopped in 2028)."""
    by_id = {m.id: m for m in f.measures}
    return [by_id[m.id] for m in f.baseline.adopted_for(f.baseline.reporting_units[0].key)[:3]]


def _render(f, code="nb") -> Document:
    lang = Lang.for_code(code)
    wanted, alts = status_charts(f, lang)
    charts = start_named(wanted, alts)
    try:
        images = charts.images()
    finally:
        charts.close()
    data = render_template(TEMPLATE, clean(status_context(f, lang, MADE)), images)
    return Document(io.BytesIO(data))


def _text(doc) -> str:
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _table(doc, first_header: str, second_header: str):
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == [first_header, second_header])


def test_the_shipped_template_uses_only_the_status_reports_fields():
    assert check_template(TEMPLATE, STATUS_SCHEMA) == []


def test_the_report_has_status_money_benefit_delays_and_what_is_done(year_2028):
    f = year_2028
    first, second, third = _first_three(f)
    assert (first.status, second.status, third.status) == (DONE, POSTPONED, STOPPED)
    doc = _render(f)
    text = _text(doc)
    assert doc.paragraphs[1].text == "Statusrapport for IKT-handlingsplanen 2028"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:6] == ["Sammendrag", "Investering: planlagt og brukt", "Gevinster: lovet og realisert",
                            "Indikatorene i gevinstplanen", "Forsinket eller avbrutt", "Forsinket"]
    assert "Ferdige tiltak" in headings and "Status per tiltak" in headings and "Rapporteringen" in headings
    # Status counts, in the order of the form's dropdown, and those not reported.
    statuses = {r.cells[0].text: r.cells[1].text for r in _table(doc, "Status", "Tiltak").rows[1:]}
    assert statuses["Ferdig"] == "1" and statuses["Utsatt"] == "1" and statuses["Avbrutt"] == "1"
    assert statuses["Pågår"] == str(len(f.in_progress))
    assert statuses["Ikke rapportert"] == str(len(f.not_reported)) != "0"
    assert statuses["Sum"] == str(len(f.measures))
    # Planned against spent, per measure and in total.
    money = {r.cells[0].text.split("\n")[0]: [c.text for c in r.cells[1:]]
             for r in _table(doc, "Tiltak", "Planlagt").rows[1:]}
    assert money[f"{first.id} {first.measure.title}"][1] == KR(120_000)
    assert money["Sum"][1] == KR(130_000)
    # Promised against realised: the first measure's two years are summed.
    benefit = {r.cells[0].text.split("\n")[0]: [c.text for c in r.cells[1:]]
               for r in _table(doc, "Tiltak", "Lovet hittil").rows[1:]}
    assert benefit[f"{first.id} {first.measure.title}"][1:] == [KR(50_000), KR(70_000)]
    assert benefit["Sum"][2] == KR(70_000)
    # Delayed and stopped, with the unit's reasons; done.
    late = _table(doc, "Tiltak", "Planlagt ferdig")
    assert [r.cells[2].text for r in late.rows[1:]] == ["30.06.2029"] and WHY_LATE in late.rows[1].cells[3].text
    assert WHY_STOPPED in _table(doc, "Tiltak", "Brukt hittil").rows[1].cells[2].text
    assert [r.cells[0].text.split("\n")[0] for r in _table(doc, "Tiltak", "Investering").rows[1:]] == [
        f"{first.id} {first.measure.title}"]
    # Who reported: the last unit did not.
    assert f.baseline.reporting_units[-1].name in text and "har ikke levert oppfølgingsskjema" in text
    assert "{{" not in text and "{%" not in text


def test_both_charts_are_in_the_report_with_their_numbers_in_words(year_2028):
    doc = _render(year_2028)
    pictures = doc.inline_shapes
    assert len(pictures) == 2
    alts = [s._inline.docPr.get("descr") for s in pictures]
    first = _first_three(year_2028)[0]
    assert alts[0].startswith("Planlagt investering og Brukt hittil per tiltak:")
    assert f"{first.id} {first.measure.title}" in alts[0] and KR(120_000) in alts[0]
    assert alts[1].startswith("Gevinst lovet hittil og Gevinst realisert hittil per tiltak:")


def test_a_year_with_nothing_delayed_says_so(year_2028):
    f = year_2028
    quiet = combine_followup(f.baseline, [], 2027)  # nobody has reported yet
    text = _text(_render(quiet))
    assert "Ingen tiltak er rapportert som forsinket eller avbrutt." in text
    assert "Ingen tiltak er rapportert som ferdige ennå." in text
    assert "0 av " in text and f"{len(f.baseline.adopted)} tiltak er ikke rapportert." in text
    assert not any(m.reported for m in quiet.measures) and IN_PROGRESS not in text.split("Sammendrag")[0]


def test_the_report_is_told_in_the_workspaces_language_where_it_is_translated(year_2028):
    text = _text(_render(year_2028, "da"))
    assert "Statusrapport for it-handleplanen 2028" in text
    assert "Udskudt" in text and Lang.for_code("da").kroner(130_000) in text


def test_the_shipped_status_template_is_what_the_build_script_makes(tmp_path):
    from pipeline.documents.templatebuild import build_all
    from support.paths import REPO

    build_all([tmp_path])
    built = (tmp_path / STATUS_TEMPLATE).read_bytes()
    for folder in (REPO / "word_templates", REPO / "pipeline" / "defaults" / "word_templates"):
        assert (folder / STATUS_TEMPLATE).read_bytes() == built, "kjør «python -m pipeline.documents.templatebuild»"


def test_the_status_template_has_no_universal_design_warnings():
    from pipeline.documents.templatewarnings import accessibility_warnings

    assert accessibility_warnings(TEMPLATE) == []
