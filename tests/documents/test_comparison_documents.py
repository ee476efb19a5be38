"""The IKT-barometer beside other municipalities' in the strategy (3.3) and the overview,
rendered from the comparison the build hands over as data: a table and an accessible
chart when there is someone to compare with, one sentence when the municipality
consented but there is no one, nothing without consent."""

from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline.core.assessment import assess
from pipeline.core.comparison import comparison_of
from pipeline.core.versions import VersionInfo
from support.documents import DOCUMENTS
from pipeline.documents.accessibility import WP_DOCPR, heading_level, is_header_row
from pipeline.documents.comparisoncontext import NOTHING_TO_COMPARE
from pipeline.documents.overview import write_overview
from pipeline.documents.rendering import render_documents
from pipeline.formatting import number
from pipeline.intake.samarbeid import own_area_scores
from support.comparisons import demo_comparison
from support.documents import CREATED, STRATEGY, TEMPLATES, document_text, tables_with_header
from support.examples import demo_model, demo_submissions

HEADER = ["Område", "Kommunen", "Andre kommuner", "Forskjell", "Hver kommune"]
HEADING = "Sammenligning med andre kommuner"
KS_QUOTE = "«ved sammenligning med andre kommuner som benytter metoden»"


@pytest.fixture(scope="module")
def submissions(config, blank_form, tmp_path_factory):
    return demo_submissions(config, blank_form, tmp_path_factory.mktemp("skjema"))


@pytest.fixture(scope="module")
def compared(config, blank_form, submissions, tmp_path_factory):
    """The demo beside Havvik (by name, higher everywhere) and «Kommune A» (lower, and
    with too few answers in the first area): the documents and the overview."""
    first_area = own_area_scores(submissions, "Fjordvik kommune")[0].area
    comparison = demo_comparison(submissions, others={"Havvik kommune": 0.4}, anonymous={"Kommune A": -0.3},
                                 missing={"Kommune A": {first_area}})
    return _render(config, blank_form, tmp_path_factory.mktemp("sammenlignet"), comparison)


def _render(config, blank_form, folder, comparison):
    model = demo_model(config, blank_form, folder)
    assessment = assess(model)
    paths = render_documents(model, assessment, VersionInfo(1, CREATED), TEMPLATES, folder / "ut",
                             comparison=comparison)
    overview = write_overview(model, assessment, folder / "ut" / "Samlet-oversikt.xlsx", comparison=comparison)
    return comparison, dict(zip(DOCUMENTS, paths)), overview


def test_the_strategy_compares_every_area_with_each_municipality_and_their_mean(compared):
    comparison, docs, _ = compared
    text = document_text(docs[STRATEGY])
    assert HEADING in text and KS_QUOTE in text
    assert "Kommuner som ikke vil vises med navn, står som «Kommune A»" in text
    (table,) = tables_with_header(docs[STRATEGY], HEADER)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    areas = comparison.areas()
    assert [r[0] for r in rows] == [a.area for a in areas] and len(areas) == 6
    for row, area in zip(rows, areas):
        assert row[1] == f"{number(area.own.mean, 1)}\n{area.own.answers} svar"
        assert row[2].startswith(number(area.others_mean, 1) + "\n")
        # the difference of the figures as shown, with a sign on every change: the row adds up
        own_shown, theirs_shown = (float(c.split("\n")[0].replace(",", ".")) for c in row[1:3])
        expected = number(own_shown - theirs_shown, 1)
        assert row[3] == ("+" + expected if expected[0].isdigit() and expected != "0,0" else expected)
        for s in area.others:
            assert f"{s.municipality}: {number(s.mean, 1)} ({s.answers} svar)" in row[4]
    # Havvik is higher everywhere, «Kommune A» lower and missing where it had too few answers
    assert "Kommune A" not in rows[0][4] and rows[0][2].endswith("1 kommune, " + f"{areas[0].others_answers} svar")
    assert all("Kommune A" in r[4] and "Havvik kommune" in r[4] for r in rows[1:])


def test_the_comparison_chart_states_its_data_and_moves_the_later_figures_up(compared):
    comparison, docs, _ = compared
    text = document_text(docs[STRATEGY])
    assert "Figur 2. IKT-barometeret sammenlignet med andre kommuner" in text
    assert "Figur 3. Tidslinje for handlingsplanen." in text and "Figur 4. Investering" in text
    alt = [d.get("descr") or "" for d in Document(str(docs[STRATEGY])).element.body.iter(WP_DOCPR)]
    assert len(alt) == 4
    (chart,) = [a for a in alt if a.startswith("Diagram over IKT-barometeret sammenlignet")]
    for area in comparison.areas():
        assert f"{area.area}: Fjordvik kommune {number(area.own.mean, 1)}" in chart
        assert f"Snitt andre kommuner {number(area.others_mean, 1)}" in chart
        for s in area.others:
            assert f"{s.municipality} {number(s.mean, 1)}" in chart
    assert f"{comparison.areas()[0].area}: Fjordvik kommune" in chart and "Kommune A for få svar" in chart


def test_the_comparison_keeps_the_headings_in_order_and_its_table_has_a_header_row(compared):
    _, docs, _ = compared
    doc = Document(str(docs[STRATEGY]))
    headings = [(heading_level(p.style), p.text) for p in doc.paragraphs if heading_level(p.style)]
    at = headings.index((3, HEADING))
    assert headings[at - 1] == (2, "3.3 IKT-barometeret")
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == HEADER)
    assert is_header_row(table.rows[0]._tr) and not any(is_header_row(r._tr) for r in table.rows[1:])


def test_the_overview_gets_a_sheet_with_the_same_figures(compared):
    comparison, _, overview = compared
    sheet = load_workbook(overview)["Sammenligning"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Område", "Kommune", "Hvem", "Snitt (1-5)", "Antall svar", "Forskjell (egen − andre)")
    for area in comparison.areas():
        mine = [r for r in rows[1:] if r[0] == area.area]
        assert mine[0][1:5] == ("Fjordvik kommune", "Egen kommune", area.own.mean, area.own.answers)
        assert [r[1] for r in mine[1:-1]] == [s.municipality for s in area.others]
        assert mine[-1][1] == "Snitt andre kommuner" and mine[-1][3:] == (area.others_mean, area.others_answers,
                                                                            area.difference)
    assert {r[2] for r in rows[1:]} >= {"Annen kommune", "Annen kommune, uten navn"}


def test_consent_without_anyone_to_compare_with_is_one_sentence(config, blank_form, submissions, tmp_path):
    alone = comparison_of(True, own_area_scores(submissions, "Fjordvik kommune"))
    _, docs, overview = _render(config, blank_form, tmp_path, alone)
    text = document_text(docs[STRATEGY])
    assert HEADING in text and NOTHING_TO_COMPARE in text and KS_QUOTE not in text
    assert not tables_with_header(docs[STRATEGY], HEADER)
    assert "Figur 2. Tidslinje for handlingsplanen." in text and "sammenlignet med andre" not in text
    assert len(list(Document(str(docs[STRATEGY])).element.body.iter(WP_DOCPR))) == 3
    assert "Sammenligning" not in load_workbook(overview).sheetnames


def test_without_consent_there_is_no_comparison_at_all(demo_documents):
    _, _, docs = demo_documents  # rendered without a comparison, as a run without [samarbeid] renders
    text = document_text(docs[STRATEGY])
    assert HEADING not in text and NOTHING_TO_COMPARE not in text and "Kommune A" not in text
    assert "Figur 2. Tidslinje for handlingsplanen." in text and "Figur 3. Investering" in text
