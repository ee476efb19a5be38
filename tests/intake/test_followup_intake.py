"""The yearly follow-up through the intake (issue 15, part a): ``iktplan vedta`` freezes
the adopted plan, ``iktplan oppfolging`` hands out one form per unit, filled forms come
through the inbox with receipts, revisions and quarantine, and ``status`` shows who has
reported. A real workspace after two demo rounds, the CLI in a real process."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import contract as c
from pipeline.core.submission import SubmissionStatus
from pipeline.intake.store import open_store
from pipeline.intake.store_history import receipt_ids
from support.followupforms import fill_followup
from support.stores import cli, copy_workspace


@pytest.fixture(scope="module")
def adopted(demo_workspace, tmp_path_factory):
    """The demo workspace with its version 2 adopted and the forms of 2027 handed out."""
    ws = copy_workspace(demo_workspace, tmp_path_factory.mktemp("oppfolging") / "fjordvik")
    code, out = cli(ws.root, "vedta", "--dato", "10.12.2026", "--sak", "PS 45/26")
    assert code == 0, out
    code, out = cli(ws.root, "oppfolging", "--ar", "2027", "--frist", "31.01.2028")
    assert code == 0, out
    return ws


@pytest.fixture
def ws(adopted, tmp_path):
    return copy_workspace(adopted, tmp_path / "ws")


def _forms(ws) -> list[Path]:
    return sorted((ws.forms / "Oppfølging 2027").glob("*.xlsx"))


def _ids(form: Path) -> list[str]:
    sheet = load_workbook(form)[c.SHEET_FOLLOWUP]
    return [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value]


def _receipt(ws, record) -> str:
    return (ws.root / record.receipt_path).read_text(encoding="utf-8-sig")


def test_vedta_freezes_the_version_and_marks_it_sent(ws):
    with open_store(ws) as store:
        [baseline] = store.baselines()
        version = store.version(baseline.version)
    assert baseline.version == 2 and baseline.case_ref == "PS 45/26" and baseline.first_year == 2027
    assert version.published_at is not None
    assert baseline.adopted and all(m.in_plan for m in baseline.adopted)


def test_oppfolging_makes_one_prefilled_form_per_unit_with_adopted_measures(ws):
    with open_store(ws) as store:
        [baseline] = store.baselines()
    forms = _forms(ws)
    assert len(forms) == len(baseline.reporting_units)
    unit = baseline.reporting_units[0]
    form = next(f for f in forms if unit.name in f.name)
    assert _ids(form) == [m.id for m in baseline.adopted_for(unit.key)]


def test_a_filled_form_is_accepted_answered_and_a_new_one_is_the_next_revision(ws):
    with open_store(ws) as store:
        mapping_forms = store.submissions()
    form = _forms(ws)[0]
    first, second = _ids(form)[:2]
    fill_followup(form, ws.inbox / "svar.xlsx", rows={
        first: {"Status": "Ferdig", "Fullført (%)": 100, "Realisert gevinst i året (kr)": "20 000"},
        second: {"Status": "Utsatt", "Ny sluttdato": "30.06.2029", "Kommentar": "Leverandøren er forsinket"}})
    code, out = cli(ws.root, "run")
    assert code == 0, out
    with open_store(ws) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.ACCEPTED and record.revision == 1 and record.year == 2027
    receipt = _receipt(ws, record)
    assert receipt.startswith("KVITTERING – oppfølgingsskjema for IKT-handlingsplanen 2027")
    assert "registrert som revisjon 1" in receipt and "Ferdig:" in receipt and "Utsatt:" in receipt
    assert not (ws.inbox / "svar.xlsx").exists()
    name = Path(record.receipt_path).name
    assert name.endswith(" – oppfølging 2027 – revisjon 1 – godkjent.txt") and f"_O{record.id:04d} " in name
    with open_store(ws) as store:  # the store's history check counts the mapping forms' receipts only
        assert sorted(receipt_ids(ws)) == sorted(r.id for r in store.submissions() if r.receipt_path)

    again = ws.inbox / "svar2.xlsx"
    fill_followup(form, again, rows={first: {"Status": "Ferdig"}, second: {"Status": "Pågår"}})
    same = again.read_bytes()
    assert cli(ws.root, "run")[0] == 0
    (ws.inbox / "kopi.xlsx").write_bytes(same)
    assert cli(ws.root, "run")[0] == 0
    with open_store(ws) as store:
        records = store.followups()
    assert [(r.status, r.revision) for r in records] == [
        (SubmissionStatus.ACCEPTED, 1), (SubmissionStatus.ACCEPTED, 2), (SubmissionStatus.DUPLICATE, None)]
    assert "erstatter revisjon 1" in _receipt(ws, records[1])
    assert "identisk med revisjon 2" in _receipt(ws, records[2])
    with open_store(ws) as store:
        assert store.submissions() == mapping_forms  # the mapping forms never see a follow-up form


def test_a_measure_not_in_the_plan_sends_the_form_to_quarantine_with_a_clear_receipt(ws):
    form = _forms(ws)[0]
    n = len(_ids(form))
    fill_followup(form, ws.inbox / "ny.xlsx", extra_rows=[{"Tiltak": "XYZ-9", "Status": "Pågår"}])
    assert cli(ws.root, "run")[0] == 0
    with open_store(ws) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.REJECTED
    assert (ws.root / record.stored_path).parent == ws.quarantine
    receipt = _receipt(ws, record)
    assert f"Oppfølging, rad {n + 2}, «Tiltak»: Tiltaket «XYZ-9» finnes ikke i den vedtatte handlingsplanen" in receipt
    assert (ws.root / (record.stored_path + ".kvittering.txt")).is_file()


def test_status_shows_which_units_have_reported_on_the_year(ws):
    forms = _forms(ws)
    fill_followup(forms[0], ws.inbox / "a.xlsx", rows={_ids(forms[0])[0]: {"Status": "Pågår"}})
    assert cli(ws.root, "run")[0] == 0
    code, out = cli(ws.root, "status")
    assert code == 0, out
    assert "Oppfølging 2027 (vedtatt plan 10.12.2026):" in out
    assert f"1 av {len(forms)} enheter har rapportert på oppfølgingen for 2027." in out
    assert "Ikke levert" in out.split("Oppfølging 2027")[1]


def test_a_follow_up_form_before_any_plan_is_adopted_is_kept_and_refused(demo_workspace, adopted, tmp_path):
    fresh = copy_workspace(demo_workspace, tmp_path / "uvedtatt")
    form = _forms(adopted)[0]
    fill_followup(form, fresh.inbox / "tidlig.xlsx", rows={_ids(form)[0]: {"Status": "Pågår"}})
    assert cli(fresh.root, "run")[0] == 0
    with open_store(fresh) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.REJECTED
    assert "iktplan vedta" in _receipt(fresh, record)


def test_a_follow_up_form_attached_to_an_e_mail_is_received_the_same_way(ws):
    from email.message import EmailMessage

    form = _forms(ws)[0]
    filled = fill_followup(form, ws.root / "svar.xlsx", rows={_ids(form)[0]: {"Status": "Pågår"}})
    message = EmailMessage()
    message["From"] = "Ingrid Berg <ingrid.berg@fjordvik.kommune.no>"
    message["To"] = "ikt-strategi@fjordvik.kommune.no"
    message["Subject"] = "Oppfølging 2027"
    message.set_content("Her er rapporten vår.")
    message.add_attachment(filled.read_bytes(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="Oppfølging.xlsx")
    (ws.inbox / "rapport.eml").write_bytes(message.as_bytes())
    assert cli(ws.root, "run")[0] == 0
    with open_store(ws) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.ACCEPTED and record.source == "epost"
    assert "Fra:       Ingrid Berg <ingrid.berg@fjordvik.kommune.no>" in _receipt(ws, record)
