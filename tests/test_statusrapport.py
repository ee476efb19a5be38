"""``iktplan statusrapport --ar ÅR`` (issue 15, part b): a real workspace after two demo
rounds, its plan adopted, the follow-up forms handed out, filled the way units fill them
and sent through the inbox; the report in outbox/ read back with python-docx, made again
without losing a person's edits, and converted to PDF by LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline import contract as c
from pipeline.documents.pdf import convert_to_pdf
from support.followupforms import fill_followup
from support.libreoffice import needs_libreoffice
from support.stores import cli, copy_workspace

WHY = "Leverandøren er forsinket med integrasjonen."


@pytest.fixture(scope="module")
def reported(demo_workspace, tmp_path_factory):
    """The demo with its plan adopted and two units' forms for 2027 received: the first
    unit's first measure done, its second postponed with a reason."""
    ws = copy_workspace(demo_workspace, tmp_path_factory.mktemp("statusrapport") / "fjordvik")
    assert cli(ws.root, "vedta", "--dato", "10.12.2026", "--sak", "PS 45/26")[0] == 0
    assert cli(ws.root, "oppfolging", "--ar", "2027")[0] == 0
    forms = sorted((ws.forms / "Oppfølging 2027").glob("*.xlsx"))
    for i, form in enumerate(forms[:2]):
        sheet = load_workbook(form)[c.SHEET_FOLLOWUP]
        ids = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value]
        rows = {ids[0]: {"Status": "Ferdig", "Fullført (%)": 100, "Brukt investering hittil (kr)": 50000}}
        if i == 0:
            rows[ids[1]] = {"Status": "Utsatt", "Ny sluttdato": "30.06.2029", "Kommentar": WHY}
        fill_followup(form, ws.inbox / f"svar {i}.xlsx", rows=rows)
    code, out = cli(ws.root, "run")
    assert code == 0, out
    return ws


@pytest.fixture
def ws(reported, tmp_path):
    return copy_workspace(reported, tmp_path / "ws")


def _text(path: Path) -> str:
    doc = Document(path)
    return "\n".join([p.text for p in doc.paragraphs] + [cell.text for t in doc.tables for r in t.rows
                                                          for cell in r.cells])


def test_statusrapport_writes_the_report_into_the_outbox_and_says_who_has_reported(ws):
    code, out = cli(ws.root, "statusrapport", "--ar", "2027")
    assert code == 0, out
    report = ws.outbox / "Statusrapport 2027.docx"
    assert "Statusrapporten for 2027 er laget: outbox/Statusrapport 2027.docx" in out
    assert "2 av " in out and "enheter har rapportert" in out and "Ikke levert ennå:" in out
    text = _text(report)
    assert "Statusrapport for IKT-handlingsplanen 2027" in text and "(PS 45/26)" in text
    assert WHY in text and "30.06.2029" in text
    # The investment chart; no benefit chart: the plan promises a benefit from the year after a
    # measure starts (the demo's start in 2027), and no unit reported one.
    assert len(Document(report).inline_shapes) == 1
    assert "Handlingsplanen lovet ingen gevinst i kroner til og med 2027" in text
    archived = list((ws.outbox / "arkiv" / "Statusrapport 2027").glob("Statusrapport 2027 (laget *).docx"))
    assert [p.read_bytes() for p in archived] == [report.read_bytes()]


def _table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_the_workbook_next_to_the_report_holds_the_follow_up_and_benefits_with_the_reports_numbers(ws):
    from pipeline.followuprun import followup_for

    code, out = cli(ws.root, "statusrapport", "--ar", "2027")
    assert code == 0, out
    assert "Oppfølgingen og gevinstene per tiltak står også som regneark i outbox/Statusrapport 2027.xlsx." in out
    f = followup_for(ws, 2027)
    book = load_workbook(ws.outbox / "Statusrapport 2027.xlsx")
    assert book.sheetnames == ["Oppfølging", "Gevinster"]
    follow, benefits = _table(book["Oppfølging"]), _table(book["Gevinster"])
    assert [r["Id"] for r in follow] == [r["Id"] for r in benefits] == [m.id for m in f.measures]
    t = f.totals
    assert sum(r["Brukt hittil (kr)"] or 0 for r in follow) == t.spent > 0
    assert sum(r["Planlagt investering (kr)"] for r in follow if isinstance(r["Planlagt investering (kr)"], int)) \
        == t.planned_investment
    assert sum(r["Lovet gevinst hittil (kr)"] for r in benefits) == t.planned_benefit_to_date
    assert sum(r["Realisert gevinst i året (kr)"] or 0 for r in benefits) == t.realised_benefit
    # The rows as the units reported them: done, and postponed with a new end date and the reason.
    done = [r for r in follow if r["Status"] == "Ferdig"]
    assert len(done) == 2 and all(r["Fullført (%)"] == 100 and r["Brukt hittil (kr)"] == 50000 for r in done)
    [late] = [r for r in follow if r["Status"] == "Utsatt"]
    assert late["Kommentar"] == WHY and late["Ny sluttdato"].date().isoformat() == "2029-06-30"
    assert late["Rapportert i revisjon"] == 1 and late["Rapportert"] is not None
    assert sum(r["Status"] == "Ikke rapportert" for r in follow) == t.measures - t.reported
    assert {c.number_format for c in book["Oppfølging"]["G"][1:] if c.value is not None} == {'#,##0 "kr"'}
    assert {r["Gevinsttype"] for r in benefits} <= {"Kroner (budsjett)", "Tid", "Kvalitet", "Ikke oppgitt"}
    archived = list((ws.outbox / "arkiv" / "Statusrapport 2027").glob("Statusrapport 2027 (laget *).xlsx"))
    assert [p.read_bytes() for p in archived] == [(ws.outbox / "Statusrapport 2027.xlsx").read_bytes()]


def test_a_workbook_edited_by_hand_is_kept_when_the_report_is_made_again(ws):
    assert cli(ws.root, "statusrapport", "--ar", "2027")[0] == 0
    path = ws.outbox / "Statusrapport 2027.xlsx"
    book = load_workbook(path)
    book["Oppfølging"]["J2"] = "Sekretariatet: sjekk med enheten."
    book.save(path)
    edited = path.read_bytes()
    code, out = cli(ws.root, "statusrapport", "--ar", "2027")
    assert code == 0, out
    assert "Det forrige regnearket var redigert for hånd" in out
    kept = list((ws.outbox / "arkiv" / "Statusrapport 2027").glob("Statusrapport 2027 (redigert *).xlsx"))
    assert [p.read_bytes() for p in kept] == [edited]
    assert load_workbook(path)["Oppfølging"]["J2"].value != "Sekretariatet: sjekk med enheten."


def test_a_report_edited_by_hand_is_kept_when_it_is_made_again(ws):
    assert cli(ws.root, "statusrapport", "--ar", "2027")[0] == 0
    report = ws.outbox / "Statusrapport 2027.docx"
    doc = Document(report)
    doc.add_paragraph("Kommunedirektørens merknad: følges opp i neste møte.")
    doc.save(report)
    edited = report.read_bytes()
    code, out = cli(ws.root, "statusrapport", "--ar", "2027")
    assert code == 0, out
    assert "redigert for hånd" in out
    kept = list((ws.outbox / "arkiv" / "Statusrapport 2027").glob("Statusrapport 2027 (redigert *).docx"))
    assert [p.read_bytes() for p in kept] == [edited]
    assert "Kommunedirektørens merknad" not in _text(report)


def test_without_a_year_the_report_is_for_the_latest_year_with_follow_up_forms(ws):
    code, out = cli(ws.root, "statusrapport")
    assert code == 0, out
    assert "Statusrapporten for 2027 er laget: outbox/Statusrapport 2027.docx" in out
    assert (ws.outbox / "Statusrapport 2027.docx").is_file()


def test_without_a_year_or_forms_the_report_is_for_the_first_year_of_the_adopted_plan(demo_workspace, tmp_path):
    ws = copy_workspace(demo_workspace, tmp_path / "ws")
    code, out = cli(ws.root, "statusrapport")
    assert code == 1 and "Ingen vedtatt plan er registrert" in out and "Traceback" not in out
    assert cli(ws.root, "vedta", "--dato", "10.12.2026", "--fra-ar", "2028")[0] == 0
    code, out = cli(ws.root, "statusrapport")
    assert code == 0, out
    assert "Statusrapporten for 2028 er laget" in out and "0 av " in out


def test_a_year_no_adopted_plan_covers_is_a_clear_error(ws):
    code, out = cli(ws.root, "statusrapport", "--ar", "2035")
    assert code == 1
    assert "Den vedtatte planen gjelder ikke 2035" in out and "Traceback" not in out


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_converts_the_report_to_pdf(ws, tmp_path):
    assert cli(ws.root, "statusrapport", "--ar", "2027")[0] == 0
    [pdf] = convert_to_pdf([ws.outbox / "Statusrapport 2027.docx"], tmp_path / "pdf")
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) >= 4
        assert str(doc.open_metadata().get("dc:title", "")).startswith("Statusrapport for IKT-handlingsplanen 2027")
