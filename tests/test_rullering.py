"""The yearly rullering (issue 15, part b) through the command line: the demo workspace's
plan adopted, the follow-up forms handed out and filled in from the generated forms the
way units do, taken in by a run; then ``iktplan rullering`` writes the rolled plan and
the case, and ``iktplan vedta --fra-ar`` records the rolled plan as the new adopted plan.
A real workspace, the CLI in a real process, the documents read back with python-docx."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from pipeline.demo.followupyear import fill_followup_form
from pipeline.intake.store import open_store
from support.documents import document_text
from support.stores import cli, copy_workspace


@pytest.fixture(scope="module")
def reported(demo_workspace, tmp_path_factory):
    """The demo workspace with its plan adopted and every unit's follow-up form for 2027 in."""
    ws = copy_workspace(demo_workspace, tmp_path_factory.mktemp("rullering") / "fjordvik")
    for args in (("vedta", "--dato", "10.12.2026", "--sak", "PS 45/26"),
                 ("oppfolging", "--ar", "2027", "--frist", "31.01.2028")):
        code, out = cli(ws.root, *args)
        assert code == 0, out
    with open_store(ws) as store:
        [baseline] = store.baselines()
    for form in sorted((ws.forms / "Oppfølging 2027").glob("*.xlsx")):
        fill_followup_form(form, baseline, ws.inbox)
    code, out = cli(ws.root, "run")
    assert code == 0, out
    return ws


@pytest.fixture
def ws(reported, tmp_path):
    return copy_workspace(reported, tmp_path / "ws")


def test_rullering_writes_the_rolled_plan_and_the_case_into_the_outbox(ws):
    code, out = cli(ws.root, "rullering", "--ar", "2028")
    assert code == 0, out
    folder = ws.outbox / "Rullering 2028"
    plan_doc, case_doc = folder / "Handlingsplan 2028 (rullert).docx", folder / "Saksframlegg rullering 2028.docx"
    assert plan_doc.is_file() and case_doc.is_file()
    assert "Handlingsplanen er rullert til 2028" in out and "vedta --fra-ar 2028" in out
    text = document_text(plan_doc)
    assert "SRV-1: " in text.split("Ferdige tiltak")[1]  # reported «Ferdig» by Servicetorget
    assert "NAV-4: " in text.split("Tiltak som utgår")[1].split("Ferdige tiltak")[0]
    table = next(t for t in Document(str(plan_doc)).tables if t.rows[0].cells[0].text == "Nr.")
    ids = [row.cells[1].text.split(":")[0] for row in table.rows[1:]]
    assert "SRV-1" not in ids and "NAV-4" not in ids
    case = document_text(case_doc)
    assert "vedtatt 10.12.2026, sak PS 45/26" in case and "statusrapporten for IKT-handlingsplanen 2027" in case


def test_a_rolled_plan_edited_by_hand_is_kept_before_rullering_writes_it_again(ws):
    code, out = cli(ws.root, "rullering", "--ar", "2028")
    assert code == 0, out
    plan_doc = ws.outbox / "Rullering 2028" / "Handlingsplan 2028 (rullert).docx"
    edited = Document(str(plan_doc))
    edited.add_paragraph("Sekretariatets merknad skrevet i Word.")
    edited.save(str(plan_doc))
    code, out = cli(ws.root, "rullering", "--ar", "2028")
    assert code == 0, out
    kept = [p for p in (ws.outbox / "Rullering 2028" / "arkiv").rglob("*redigert*.docx")]
    assert len(kept) == 1 and "Sekretariatets merknad skrevet i Word." in document_text(kept[0])
    assert "var endret for hånd" in out and "Sekretariatets merknad" not in document_text(plan_doc)


def test_without_follow_up_forms_rullering_says_what_to_do(demo_workspace, tmp_path):
    ws = copy_workspace(demo_workspace, tmp_path / "ws")
    code, out = cli(ws.root, "vedta", "--dato", "10.12.2026")
    assert code == 0, out
    code, out = cli(ws.root, "rullering")
    assert code != 0 and "iktplan oppfolging" in out and "Traceback" not in out


def test_vedta_from_the_next_year_records_the_rolled_plan(ws):
    code, out = cli(ws.root, "vedta", "--fra-ar", "2028", "--dato", "12.03.2028", "--sak", "PS 14/28")
    assert code == 0, out
    assert "den rullerte handlingsplanen med" in out and "gjelder fra 2028" in out
    with open_store(ws) as store:
        first, second = store.baselines()
    assert (second.first_year, second.case_ref) == (2028, "PS 14/28")
    ids = {m.id for m in second.adopted}
    assert "SRV-1" not in ids and "NAV-4" not in ids  # done, stopped
    tek3 = second.measure("TEK-3")  # «Utsatt» to 31.10.2028: carried, with the adopted investment
    assert tek3 is not None and tek3.investment == first.measure("TEK-3").investment
    assert tek3.end.year == 2028 and tek3.end.month == 10
    # The forms of 2028 ask about the rolled plan.
    code, out = cli(ws.root, "oppfolging", "--ar", "2028", "--frist", "31.01.2029")
    assert code == 0, out
