"""Outlook messages saved as files (``.msg``) in the inbox: the forms attached are
taken out (in the parse worker) and received; what is not taken stays in the
kept message with a receipt that says what to do. A real Outlook file
(``tests/data/outlook/outer.msg``) and messages written by
``tests/support/outlookmsg.py`` with the project's own forms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.forms.outlook import OutlookError, read_outlook
from pipeline.forms.sniff import inspect, is_outlook_message
from pipeline.intake.message import submissions_from_message
from pipeline.intake.store import Store
from pipeline.workspace import Workspace, init_workspace
from support.crashrun import iktplan
from support.outlookmsg import BY_REFERENCE_ONLY, outlook_message
from support.paths import REPO
from support.units import without_unit_list

REAL = REPO / "tests" / "data" / "outlook" / "outer.msg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def ws(tmp_path, blank_form) -> Workspace:
    """A workspace whose units are named freely: it lists no ``[[enheter]]``, so every
    new name counts (a name not on a list waits for the secretariat, tests/intake/test_held.py)."""
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(blank_form, ws.blank_form)
    return without_unit_list(ws)


def unit_form(make_form, name: str) -> bytes:
    from pipeline.forms.formfill import example_unit

    return make_form(f"{name}.xlsx", unit={**example_unit()["unit"], "enhet": name}).read_bytes()


def records(ws: Workspace):
    with Store(ws.database) as store:
        return store.submissions()


def test_a_real_outlook_file_is_recognised_by_its_bytes_and_read():
    data = REAL.read_bytes()
    assert is_outlook_message(data) and inspect(data).code == "msg"
    message = read_outlook(data)
    assert message.subject == "outer subject"
    [attached] = message.attachments
    assert attached.method == 5 and attached.data is None  # another e-mail embedded in it
    with pytest.raises(OutlookError):
        read_outlook(data[: len(data) // 3])


def test_a_msg_with_forms_gives_each_form_a_submission_from_its_sender(ws, make_form):
    forms = [unit_form(make_form, "Fjordvik skole"), unit_form(make_form, "Fjordvik sykehjem")]
    data = outlook_message([
        {"name": "Skole æøå.xlsx", "data": forms[0], "mime": XLSX},
        {"name": "Sykehjem.xlsx", "data": forms[1], "mime": XLSX},
        {"name": "image001.png", "data": b"\x89PNG\r\n\x1a\n" + bytes(5000), "mime": "image/png", "inline": True},
    ])
    (ws.inbox / "Skjemaer fra Ingrid.msg").write_bytes(data)
    code, output = iktplan(ws.root)
    assert code == 0, output
    rows = records(ws)
    assert [(r.original_name, r.status, r.unit_name) for r in rows] == [
        ("Skole æøå.xlsx", "godkjent", "Fjordvik skole"), ("Sykehjem.xlsx", "godkjent", "Fjordvik sykehjem")]
    assert all(r.sender == "Ingrid Berg <ingrid.berg@fjordvik.kommune.no>" for r in rows)
    assert [(ws.root / r.stored_path).read_bytes() for r in rows] == forms
    assert "Fra:       Ingrid Berg" in (ws.root / rows[0].receipt_path).read_text("utf-8-sig")
    assert list(ws.inbox.iterdir()) == []


def test_what_a_msg_holds_besides_forms_is_kept_with_it_and_named(ws, make_form):
    data = outlook_message([
        {"name": "Skjema.xlsx", "data": unit_form(make_form, "Fjordvik skole"), "mime": XLSX},
        {"name": "Følgebrev.pdf", "data": b"%PDF-1.4 brev", "mime": "application/pdf"},
        {"name": "Skjema i OneDrive.xlsx", "data": b"", "method": BY_REFERENCE_ONLY},
    ])
    (ws.inbox / "Melding.xlsx").write_bytes(data)  # renamed: the bytes decide
    code, output = iktplan(ws.root)
    assert code == 0, output
    form_row, kept = records(ws)
    assert form_row.status == "godkjent"
    assert kept.status == "avvist" and (ws.root / kept.stored_path).read_bytes() == data
    assert kept.stored_path.endswith(".msg")
    receipt = (ws.root / kept.receipt_path).read_text("utf-8-sig")
    assert "AVVIST – ikke alt i Outlook-meldingen er registrert" in receipt
    assert "«Følgebrev.pdf»: Vedlegget er ikke et Excel-skjema" in receipt
    assert "«Skjema i OneDrive.xlsx»: Vedlegget er en lenke til en fil" in receipt
    assert "Outlook-meldingen er tatt vare på hos sekretariatet" in receipt


def test_a_real_msg_without_a_form_and_a_damaged_one_are_kept_with_advice(ws):
    (ws.inbox / "outer.msg").write_bytes(REAL.read_bytes())
    (ws.inbox / "skadet.msg").write_bytes(REAL.read_bytes()[:20_000])
    code, output = iktplan(ws.root)
    assert code == 0, output
    by_name = {r.original_name: r for r in records(ws)}
    real = (ws.root / by_name["outer.msg"].receipt_path).read_text("utf-8-sig")
    assert "ingen skjema er registrert fra Outlook-meldingen" in real
    assert "Vedlegget er en annen e-post lagt inn i meldingen" in real
    damaged = (ws.root / by_name["skadet.msg"].receipt_path).read_text("utf-8-sig")
    assert "kan ikke leses" in damaged and "«Lagre som»" in damaged and ".eml" in damaged
    assert {(ws.root / r.stored_path).read_bytes() for r in by_name.values()} == {
        REAL.read_bytes(), REAL.read_bytes()[:20_000]}
    assert list(ws.inbox.iterdir()) == []


def test_a_msg_attached_to_an_email_is_named_with_what_to_do_and_the_email_kept(make_form):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["Subject"] = "a@fjordvik.no", "Videresendt"
    msg.set_content("Se vedlagt.")
    msg.add_attachment(outlook_message([{"name": "Skjema.xlsx", "data": b"PK", "mime": XLSX}]),
                       maintype="application", subtype="vnd.ms-outlook", filename="Skjema fra skolen.msg")
    found = submissions_from_message(msg.as_bytes())
    assert found.attachments == []
    [skipped] = found.skipped
    assert skipped.name == "Skjema fra skolen.msg" and "Outlook-melding (.msg)" in str(skipped.reason)


def test_an_outlook_file_named_as_a_form_gets_the_outlook_advice_from_the_sniff():
    rejection = inspect(REAL.read_bytes(), "Skjema.xlsx")
    assert rejection.code == "msg" and "Outlook-melding" in rejection.message and "«Lagre som»" in rejection.message
    assert Path(REAL).stat().st_size == 47616  # the file as committed (see tests/data/outlook/README.md)
