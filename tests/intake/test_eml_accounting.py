"""Every attachment of a saved e-mail is accounted for, through the command line:
received as a form, or kept with the message, which is answered with a receipt
naming each attachment not taken and why. A head of service sends all her
units' forms in one message; a hostile message cannot cost hours."""

from __future__ import annotations

import shutil
from email import policy
from email.message import EmailMessage

import pytest

from pipeline.intake.message import MAX_FORMS_PER_MESSAGE
from pipeline.intake.store import Store
from pipeline.workspace import Workspace, init_workspace
from support.crashrun import iktplan
from support.units import without_unit_list

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def ws(tmp_path, blank_form) -> Workspace:
    """A workspace whose units are named freely: it lists no ``[[enheter]]``, so every
    new name counts (a name not on a list waits for the secretariat, tests/intake/test_held.py)."""
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(blank_form, ws.blank_form)
    return without_unit_list(ws)


def unit_forms(make_form, count: int) -> list[bytes]:
    from pipeline.forms.formfill import example_unit

    return [make_form(f"f{i}.xlsx", unit={**example_unit()["unit"], "enhet": f"Enhet {i + 1:02d}"}).read_bytes()
            for i in range(count)]


def message(forms: list[tuple[str, bytes]], *extra: tuple[str, bytes, str, str]) -> bytes:
    """A message as Outlook or Thunderbird saves it, from a head of service, with
    *forms* and *extra* attachments (name, bytes, maintype, subtype)."""
    msg = EmailMessage()
    msg["From"] = "Kari Helse <kari.helse@fjordvik.kommune.no>"
    msg["To"] = "ikt-strategi@fjordvik.kommune.no"
    msg["Subject"] = "Skjemaer fra helse og omsorg"
    msg["Message-ID"] = "<helse-1@fjordvik.kommune.no>"
    msg.set_content("Hei! Her er skjemaene fra alle enhetene mine.")
    for name, data in forms:
        msg.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    for name, data, maintype, subtype in extra:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes(policy=policy.SMTP)


def records(ws: Workspace):
    with Store(ws.database) as store:
        return store.submissions()


def test_thirty_forms_in_one_message_are_all_received_and_the_message_leaves_the_inbox(ws, make_form):
    forms = unit_forms(make_form, 30)
    (ws.inbox / "Fra helse.eml").write_bytes(message([(f"Enhet {i + 1:02d}.xlsx", f) for i, f in enumerate(forms)]))
    code, output = iktplan(ws.root)
    assert code == 0, output
    rows = records(ws)
    assert [(r.original_name, r.status, r.unit_name) for r in rows] == [
        (f"Enhet {i:02d}.xlsx", "godkjent", f"Enhet {i:02d}") for i in range(1, 31)]
    assert all(r.sender == "Kari Helse <kari.helse@fjordvik.kommune.no>" for r in rows)
    assert len({r.receipt_path for r in rows}) == 30
    assert list(ws.inbox.iterdir()) == [] and list(ws.quarantine.iterdir()) == []  # nothing else to keep


def test_what_is_not_taken_from_a_message_is_kept_with_it_and_named_in_a_receipt(ws, make_form):
    [form] = unit_forms(make_form, 1)
    data = message([("Skolen.xlsx", form)],
                   ("Følgebrev.pdf", b"%PDF-1.4 brev", "application", "pdf"),
                   ("winmail.dat", b"\x78\x9f\x3e\x22" + b"\0" * 64, "application", "ms-tnef"),
                   ("smime.p7s", b"0\x82signatur", "application", "pkcs7-signature"))
    (ws.inbox / "Fra skolen.eml").write_bytes(data)
    code, output = iktplan(ws.root)
    assert code == 0, output
    form_row, kept = records(ws)
    assert (form_row.original_name, form_row.status) == ("Skolen.xlsx", "godkjent")
    assert (kept.original_name, kept.status) == ("Fra skolen.eml", "avvist")
    assert (ws.root / kept.stored_path).read_bytes() == data  # the whole message, byte for byte
    receipt = (ws.root / kept.receipt_path).read_text("utf-8-sig")
    assert "AVVIST – ikke alt i e-posten er registrert" in receipt
    assert "«Følgebrev.pdf»: Vedlegget er ikke et Excel-skjema" in receipt
    assert "«winmail.dat»: Outlook sendte vedlegget som «winmail.dat»" in receipt
    assert "smime.p7s" not in receipt  # a signature is part of the message, not an attachment
    assert "1 skjema fra den samme meldingen er behandlet hver for seg" in receipt
    assert "E-posten er tatt vare på hos sekretariatet" in receipt
    assert list(ws.inbox.iterdir()) == []
    code, status = iktplan(ws.root, "status")
    assert "Fra skolen.eml" in status  # in quarantine, for the secretariat to see


@pytest.mark.slow
def test_forms_beyond_the_limit_stay_in_the_kept_message_with_a_receipt_naming_each(ws, make_form):
    [form] = unit_forms(make_form, 1)
    over = 3
    names = [f"Skjema {i:03d}.xlsx" for i in range(1, MAX_FORMS_PER_MESSAGE + over + 1)]
    data = message([(name, form) for name in names])  # identical bytes: one revision, the rest duplicates
    (ws.inbox / "Alle.eml").write_bytes(data)
    code, output = iktplan(ws.root, timeout=600)
    assert code == 0, output
    rows = records(ws)
    taken = [r for r in rows if r.original_name != "Alle.eml"]
    assert [r.original_name for r in taken] == names[:MAX_FORMS_PER_MESSAGE]
    assert [r.status for r in taken] == ["godkjent"] + ["duplikat"] * (MAX_FORMS_PER_MESSAGE - 1)
    [kept] = [r for r in rows if r.original_name == "Alle.eml"]
    assert kept.status == "avvist" and (ws.root / kept.stored_path).read_bytes() == data
    receipt = (ws.root / kept.receipt_path).read_text("utf-8-sig")
    for name in names[MAX_FORMS_PER_MESSAGE:]:
        assert f"«{name}»: E-posten har flere enn {MAX_FORMS_PER_MESSAGE} skjemaer" in receipt
        assert "Send dette skjemaet i en ny e-post" in receipt
    assert list(ws.inbox.iterdir()) == []


def test_attachment_names_in_a_wrong_or_unknown_character_set_are_read_through_the_cli(ws, make_form):
    forms = unit_forms(make_form, 4)
    dispositions = [
        "attachment; filename*=x-ukjent''Skjema%20%E6%F8%E5.xlsx",  # RFC 2231, unknown charset, Latin-1 bytes
        "attachment; filename*=utf-8''Skjema%20%E6%F8%E5%202.xlsx",  # claims UTF-8, is Latin-1
        'attachment; filename="=?x-ukjent?Q?Skjema_=E6=F8=E5_3.xlsx?="',  # RFC 2047, unknown charset
        "attachment; filename*=utf-8''Skjema%0D%0ABcc%3A%20x%40y.no%E2%80%AE.xlsx",  # line break, RLO
    ]
    import base64

    parts = [f"--G\r\nContent-Type: {'/'.join(XLSX)}\r\nContent-Disposition: {d}\r\n"
             f"Content-Transfer-Encoding: base64\r\n\r\n{base64.encodebytes(f).decode()}\r\n"
             for d, f in zip(dispositions, forms)]
    raw = ("From: a@fjordvik.no\r\nSubject: Skjemaer\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"G\"\r\n\r\n" + "".join(parts) + "--G--\r\n")
    (ws.inbox / "Navn.eml").write_bytes(raw.encode())
    code, output = iktplan(ws.root)
    assert code == 0, output
    assert [r.original_name for r in records(ws)] == [
        "Skjema æøå.xlsx", "Skjema æøå 2.xlsx", "Skjema æøå 3.xlsx", "Skjema??Bcc: x@y.no?.xlsx"]
