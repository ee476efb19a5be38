"""The demo's second year (issue 15's done-when): after the three first rounds, a fourth
``iktplan demo`` adopts the plan, makes the follow-up forms, fills them in as the Fjordvik
units would, takes them in, and writes the rolled plan and the rullering case. A real
workspace, the CLI in a real process, the documents read back with python-docx."""

from __future__ import annotations

import pytest
from docx import Document

from pipeline.contract import DONE, POSTPONED, STOPPED
from pipeline.core.followup import combine_followup
from pipeline.intake.store import open_store
from support.documents import document_text
from support.stores import cli, copy_workspace


@pytest.fixture(scope="module")
def second_year(demo_workspace, tmp_path_factory):
    ws = copy_workspace(demo_workspace, tmp_path_factory.mktemp("andre-aar") / "fjordvik")
    outputs = []
    for _ in range(3):  # the third round, the second year, and one more call
        code, out = cli(ws.root, "demo", str(ws.root))
        assert code == 0, out
        outputs.append(out)
    return ws, outputs


def test_the_fourth_call_adopts_the_plan_and_every_unit_reports(second_year):
    ws, (_, fourth, _) = second_year
    assert "Andre år: kommunestyret vedtok planen 10.12.2026 (sak PS 45/26)" in fourth
    with open_store(ws) as store:
        [baseline] = store.baselines()
        follow = combine_followup(baseline, store.followup_submissions(), 2027)
    assert not follow.missing_units and not follow.not_reported
    assert len(follow.done) >= 2 and len(follow.delayed) >= 2 and len(follow.stopped) == 1
    assert {m.status for m in follow.measures} >= {DONE, POSTPONED, STOPPED}
    # Benefits partly realised: some measures with a yearly benefit report some of it, the rest none yet.
    promised = [m for m in follow.measures if m.measure.benefit]
    realised = [m for m in promised if m.benefit_realised]
    assert 0 < len(realised) < len(promised)
    assert all(m.benefit_realised < m.measure.benefit for m in realised)
    assert 0 < follow.totals.spent < follow.totals.planned_investment


def test_the_fourth_call_writes_the_rolled_plan_with_the_new_measure_and_the_case(second_year):
    ws, (_, fourth, _) = second_year
    folder = ws.outbox / "Rullering 2028"
    plan_doc = folder / "Handlingsplan 2028 (rullert).docx"
    assert plan_doc.is_file() and (folder / "Saksframlegg rullering 2028.docx").is_file()
    tables = Document(str(plan_doc)).tables
    new = next(t for t in tables if [c.text for c in t.rows[0].cells] == ["Tiltak", "Investering", "År", "Plass"])
    assert new.rows[1].cells[0].text.startswith("FBS-7: Digitale skjermer i alle klasserom")
    assert "NAV-4: " in document_text(plan_doc).split("Tiltak som utgår")[1]
    assert "Demoen har ikke flere runder" in fourth
    assert (ws.outbox / "Statusrapport 2027.docx").is_file()
    case = Document(str(folder / "Saksframlegg rullering 2028.docx"))
    assert [p.text for p in case.paragraphs if p.style.name == "Nummerert liste"][0] == \
        "Statusrapport for IKT-handlingsplanen 2027"


def test_a_call_after_the_second_year_says_the_demo_is_done(second_year):
    ws, (_, _, fifth) = second_year
    assert "Demoen har vist alle rundene" in fifth
    with open_store(ws) as store:
        assert len(store.baselines()) == 1
