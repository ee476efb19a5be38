"""E-mail messages as submissions: parsing real MIME (as Outlook, Thunderbird and
Gmail write it), .eml files in the inbox, and hostile attachment names."""

from __future__ import annotations

import base64
import os
import unicodedata
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.intake import message as eml
from pipeline.intake.message import submissions_from_message
from pipeline.intake.receivemessage import receive_eml_file, receive_message
from pipeline.forms.formfill import example_unit
from pipeline.core.names import printable_name
from pipeline.core.receipts import safe_name
from pipeline.errors import WorkspaceError
from pipeline.intake.store import Store
from pipeline.workspace import init_workspace

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def ws(tmp_path):
    return init_workspace(tmp_path / "ws")


def raw_message(*parts: tuple[str, bytes], sender="Ingrid Berg <ingrid.berg@fjordvik.kommune.no>",
                subject="Kartleggingsskjema", extra_headers="") -> bytes:
    """A multipart/mixed message written by hand, so headers arrive exactly as given.
    Each part: (its header lines, its body bytes, sent as base64)."""
    out = [f"From: {sender}", "To: ikt-strategi@fjordvik.kommune.no", f"Subject: {subject}",
           "Message-ID: <abc-123@fjordvik.kommune.no>", "MIME-Version: 1.0"]
    if extra_headers:
        out.append(extra_headers)
    out += ['Content-Type: multipart/mixed; boundary="GRENSE"', "", "--GRENSE",
            "Content-Type: text/plain; charset=utf-8", "", "Hei! Skjemaet ligger ved."]
    body = "\r\n".join(out).encode("utf-8")
    for headers, data in parts:
        body += b"\r\n--GRENSE\r\n" + headers.encode("utf-8", "surrogateescape") + b"\r\n"
        body += b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data).replace(b"\n", b"\r\n")
    return body + b"\r\n--GRENSE--\r\n"


def xlsx_part(disposition: str) -> str:
    return f"Content-Type: {XLSX_TYPE}\r\nContent-Disposition: {disposition}"


# -- parsing ----------------------------------------------------------------------------------------


def test_sender_subject_and_one_form_are_read(make_form):
    form = make_form().read_bytes()
    found = submissions_from_message(raw_message((xlsx_part('attachment; filename="Skjema.xlsx"'), form)))
    assert found.sender == "Ingrid Berg <ingrid.berg@fjordvik.kommune.no>"
    assert found.reply_to == "ingrid.berg@fjordvik.kommune.no"
    assert found.subject == "Kartleggingsskjema" and found.message_id == "<abc-123@fjordvik.kommune.no>"
    assert found.attachments == [("Skjema.xlsx", form)]
    assert not found.automatic


@pytest.mark.parametrize(
    "disposition",
    [
        "attachment; filename*=UTF-8''Skjema%20%C3%A6%C3%B8%C3%A5.xlsx",  # RFC 2231 (Thunderbird)
        "attachment;\r\n filename*0*=UTF-8''Skjema%20%C3%A6;\r\n filename*1*=%C3%B8%C3%A5.xlsx",  # continued
        'attachment; filename="=?UTF-8?B?U2tqZW1hIMOmw7jDpS54bHN4?="',  # encoded word (Outlook, Gmail)
        'attachment; filename="=?iso-8859-1?Q?Skjema_=E6=F8=E5.xlsx?="',  # encoded word, Latin-1
        'attachment; filename="Skjema æøå.xlsx"',  # raw UTF-8 (some webmail)
        'attachment; filename="Skjema \udce6\udcf8\udce5.xlsx"',  # raw Latin-1 bytes
        "attachment; filename*=UTF-8''Skjema%20a%CC%8A%C3%A6%C3%B8.xlsx",  # NFD å from a Mac
    ],
    ids=["rfc2231", "rfc2231-continued", "encoded-word", "encoded-word-latin1", "raw-utf8", "raw-latin1", "nfd"],
)
def test_attachment_names_with_norwegian_letters_are_decoded(disposition):
    found = submissions_from_message(raw_message((xlsx_part(disposition), b"PK\x03\x04")))
    [(name, _)] = found.attachments
    assert name in ("Skjema æøå.xlsx", "Skjema åæø.xlsx")
    assert unicodedata.is_normalized("NFC", name)


def test_sender_name_in_an_encoded_word_is_decoded():
    found = submissions_from_message(raw_message(sender="=?UTF-8?Q?=C3=85se_=C3=98deg=C3=A5rd?= <ase@fjordvik.no>"))
    assert found.sender == "Åse Ødegård <ase@fjordvik.no>"


def test_a_form_inside_a_forwarded_message_is_found(make_form):
    form = make_form().read_bytes()
    inner = raw_message((xlsx_part('attachment; filename="Fra rektor.xlsx"'), form), sender="rektor@fjordvik.no")
    outer = EmailMessage(policy=policy.SMTP)
    outer["From"], outer["Subject"] = "Kari <kari@fjordvik.no>", "VS: Kartleggingsskjema"
    outer.set_content("Videresender skjemaet fra rektor.")
    outer.add_attachment(eml.parse_message(inner))  # message/rfc822
    found = submissions_from_message(outer.as_bytes())
    assert found.attachments == [("Fra rektor.xlsx", form)]
    assert found.sender == "Kari <kari@fjordvik.no>"  # the receipt goes to whoever sent it to us


def test_winmail_dat_is_reported_not_taken():
    found = submissions_from_message(raw_message(
        ('Content-Type: application/ms-tnef; name="winmail.dat"\r\nContent-Disposition: attachment; '
         'filename="winmail.dat"', b"\x78\x9f\x3e\x22" + b"\0" * 100)))
    assert found.attachments == []
    [skipped] = found.skipped
    assert skipped.name == "winmail.dat" and "Outlook" in str(skipped.reason) and "HTML" in str(skipped.reason)
    errors, _ = eml.kept_message_errors(found)
    assert any("winmail.dat" in str(e) for e in errors)


def test_a_huge_attachment_is_not_decoded(monkeypatch):
    monkeypatch.setattr(eml, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    big = os.urandom(3 * 1024 * 1024)
    found = submissions_from_message(raw_message((xlsx_part('attachment; filename="Stor.xlsx"'), big)))
    assert found.attachments == []
    assert "for stort" in str(found.skipped[0].reason)


def test_a_huge_message_is_not_parsed(monkeypatch):
    monkeypatch.setattr(eml, "MAX_MESSAGE_BYTES", 1024 * 1024)
    found = submissions_from_message(raw_message((xlsx_part('attachment; filename="s.xlsx"'), os.urandom(900_000))))
    assert found.too_large and found.attachments == [] and found.sender.endswith("<ingrid.berg@fjordvik.kommune.no>")
    assert "for stor" in str(eml.kept_message_errors(found)[0][0])


def test_logos_and_other_files_are_not_forms_but_an_unnamed_workbook_is(make_form):
    form = make_form().read_bytes()
    found = submissions_from_message(raw_message(
        ('Content-Type: image/png\r\nContent-Disposition: inline; filename="logo.png"\r\nContent-ID: <logo>',
         b"\x89PNG\r\n\x1a\n"),
        ('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="Referat.pdf"', b"%PDF-1.4"),
        ("Content-Type: application/octet-stream\r\nContent-Disposition: attachment", form),
        ('Content-Type: application/vnd.ms-excel\r\nContent-Disposition: attachment; filename="Gammelt.xls"',
         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le")),
    ))
    assert [name for name, _ in found.attachments] == ["vedlegg-1.xlsx", "Gammelt.xls"]
    assert [s.name for s in found.skipped] == ["Referat.pdf"]


@pytest.mark.parametrize(
    "headers",
    ["Auto-Submitted: auto-replied", "Precedence: bulk", "X-Autoreply: yes", "Return-Path: <>"],
)
def test_auto_replies_and_bounces_are_recognised(headers):
    assert submissions_from_message(raw_message(extra_headers=headers)).automatic


# -- .eml files in the inbox ------------------------------------------------------------------------


def drop_eml(ws, name: str, data: bytes) -> Path:
    path = ws.inbox / name
    path.write_bytes(data)
    return path


def test_eml_with_one_form_becomes_a_submission_from_the_sender(ws, config, make_form):
    form = make_form().read_bytes()
    path = drop_eml(ws, "Skjema fra skolen.eml", raw_message((xlsx_part('attachment; filename="Skole.xlsx"'), form)))
    with Store(ws.database) as store:
        [o] = receive_eml_file(ws, store, config, path)
    assert o.status == "godkjent" and o.record.sender == "Ingrid Berg <ingrid.berg@fjordvik.kommune.no>"
    assert o.record.original_name == "Skole.xlsx"
    assert "Fra:       Ingrid Berg" in o.receipt.read_text("utf-8-sig")
    assert not path.exists()


def test_eml_with_two_forms_gives_two_submissions(ws, config, make_form):
    a = make_form("a.xlsx").read_bytes()
    b = make_form("b.xlsx", unit={**example_unit()["unit"], "enhet": "Fjordvik sykehjem",
                                  "tjenesteomrade": "Helse og omsorg"}).read_bytes()
    path = drop_eml(ws, "to.eml", raw_message((xlsx_part('attachment; filename="A.xlsx"'), a),
                                              (xlsx_part('attachment; filename="B.xlsx"'), b)))
    with Store(ws.database) as store:
        outcomes = receive_eml_file(ws, store, config, path)
    assert [(o.record.original_name, o.record.unit_name, o.status) for o in outcomes] == [
        ("A.xlsx", "Fjordvik barneskole", "godkjent"), ("B.xlsx", "Fjordvik sykehjem", "godkjent")]


def test_eml_without_a_form_gets_a_receipt_and_is_kept(ws, config):
    data = raw_message(('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="Skjema.pdf"',
                        b"%PDF-1.4"))
    path = drop_eml(ws, "Uten skjema.eml", data)
    with Store(ws.database) as store:
        [o] = receive_eml_file(ws, store, config, path)
    assert o.status == "avvist" and o.record.sender.endswith("<ingrid.berg@fjordvik.kommune.no>")
    text = o.receipt.read_text("utf-8-sig")
    assert "hadde ikke kartleggingsskjemaet vedlagt" in text and "«Skjema.pdf»: Vedlegget er ikke et Excel-skjema" in text
    assert "ingen skjema er registrert fra e-posten" in text and "E-posten er tatt vare på" in text
    kept = ws.root / o.record.stored_path
    assert kept.parent == ws.quarantine and kept.read_bytes() == data and kept.name.endswith("Uten skjema.eml")
    assert not path.exists()


def test_an_interrupted_eml_is_finished_not_recorded_twice(ws, config, make_form):
    data = raw_message((xlsx_part('attachment; filename="A.xlsx"'), make_form().read_bytes()),
                       (xlsx_part('attachment; filename="B.xlsx"'), b"ikke excel"))
    with Store(ws.database) as store:
        first = receive_message(ws, store, config, data, "x.eml", arrival="fil:x.eml", arrival_ns=123)
        again = receive_message(ws, store, config, data, "x.eml", arrival="fil:x.eml", arrival_ns=123)
        assert [o.repaired for o in again] == [True, True]
        assert [o.record.id for o in again] == [o.record.id for o in first]
        assert len(store.submissions()) == 2


def test_a_message_without_a_form_that_cannot_be_kept_stops_with_a_clear_message_and_stays(ws, config):
    # The message goes the intake's one quarantine path: a write that fails is a
    # WorkspaceError in Norwegian, nothing is recorded, and the .eml waits in the inbox.
    path = drop_eml(ws, "Uten skjema.eml", raw_message(subject="Bare et spørsmål"))
    ws.quarantine.rmdir()
    ws.quarantine.write_bytes(b"")  # the quarantine folder cannot be made
    with Store(ws.database) as store:
        with pytest.raises(WorkspaceError) as err:
            receive_eml_file(ws, store, config, path)
        assert store.submissions() == []
    assert "Ingen innleverte filer er tapt" in str(err.value)
    assert path.exists()


# -- hostile attachment names ---------------------------------------------------------------------------

HOSTILE = {
    "dotdot": "../../../etc/passwd.xlsx",
    "dotdot-windows": "..\\..\\Windows\\System32\\evil.xlsx",
    "drive": "C:\\Users\\Public\\evil.xlsx",
    "unc": "\\\\server\\share\\evil.xlsx",
    "nul": "skjema\x00.xlsx.exe",
    "reserved": "CON",
    "reserved-ext": "aux.xlsx",
    "long": "S" * 300 + ".xlsx",
    "nfd": unicodedata.normalize("NFD", "Skjema Ærlig Østre Åsen.xlsx"),
    "only-dots": "..",
    "newline": "skjema\r\nBcc: x@y.no.xlsx",
}


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_safe_name_never_yields_a_path_or_a_device(name):
    safe = safe_name(name)
    assert safe and not any(c in safe for c in '/\\:\x00\r\n<>"|?*')
    assert safe not in (".", "..")
    assert safe.split(".")[0].upper() not in ("CON", "PRN", "AUX", "NUL") + tuple(f"COM{i}" for i in range(10))
    assert len(safe) <= 80 and unicodedata.is_normalized("NFC", safe)
    assert len(safe.encode("utf-8")) <= 255


def test_safe_name_stays_within_255_bytes_for_four_byte_characters():
    assert len(safe_name("😀" * 300 + ".xlsx").encode("utf-8")) <= 255


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("content", ["form", "junk"])
def test_a_hostile_attachment_name_writes_nothing_outside_the_workspace(tmp_path, ws, config, make_form, name, content):
    data = make_form().read_bytes() if content == "form" else b"ikke et regneark"
    encoded = "".join(f"%{b:02X}" for b in name.encode("utf-8"))
    message = raw_message((xlsx_part(f"attachment; filename*=UTF-8''{encoded}"), data))
    before = {p for p in tmp_path.rglob("*")}
    with Store(ws.database) as store:
        [o] = receive_message(ws, store, config, message)
    new = {p for p in tmp_path.rglob("*")} - before
    assert all(p.resolve().is_relative_to(ws.root) for p in new)
    # The name is metadata: kept (as valid, printable text), never a path.
    assert o.record.original_name == printable_name(name)
    assert o.status == ("godkjent" if content == "form" else "avvist")
    stored = ws.root / o.record.stored_path
    assert stored.parent in (ws.submissions, ws.quarantine) and stored.read_bytes() == data
    assert o.receipt.parent == ws.receipts


def test_a_run_opens_an_eml_in_the_inbox(ws, make_form):
    from pipeline import build

    form = make_form().read_bytes()
    drop_eml(ws, "Fra skolen.eml", raw_message((xlsx_part('attachment; filename="Skole.xlsx"'), form)))
    drop_eml(ws, "Uten skjema.eml", raw_message(subject="Bare et spørsmål"))
    report = build.run(ws)
    assert sorted((o.record.original_name, o.status) for o in report.outcomes) == [
        ("Skole.xlsx", "godkjent"), ("Uten skjema.eml", "avvist")]
    assert all(o.record.sender.endswith("<ingrid.berg@fjordvik.kommune.no>") for o in report.outcomes)
    assert list(ws.inbox.iterdir()) == []


def test_a_subject_and_sender_are_shown_printable_in_the_kept_message(ws, config):
    data = raw_message(subject="Skjema\u202egnp.exe", sender="=?UTF-8?Q?Kari=E2=80=AE_Nordmann?= <kari@fjordvik.no>")
    with Store(ws.database) as store:
        [o] = receive_message(ws, store, config, data)
    assert o.record.original_name == "Skjema?gnp.exe.eml" and o.record.sender == "Kari? Nordmann <kari@fjordvik.no>"


def test_an_attachment_without_a_name_is_named_in_the_receipts_language():
    """A PDF sent with no file name: the receipt lists it as «(utan namn)» in nynorsk,
    «(uden navn)» in Danish, not as the bokmål words."""
    from pipeline.i18n import Lang

    msg = EmailMessage()
    msg["From"] = "Ola <ola@fjordvik.kommune.no>"
    msg["To"] = "ikt@fjordvik.kommune.no"
    msg["Subject"] = "Skjema"
    msg.set_content("Her er det.")
    msg.add_attachment(b"%PDF-1.4 not a form", maintype="application", subtype="pdf")
    msg.add_attachment(b"%PDF-1.4 nor this", maintype="application", subtype="pdf", filename="\u200b")  # invisible
    found = submissions_from_message(msg.as_bytes())
    assert len(found.skipped) == 2
    errors, _ = eml.kept_message_errors(found)
    said = {code: "\n".join(Lang.for_code(code).render(e) for e in errors) for code in ("nb", "nn", "da")}
    assert "(uten navn)" in said["nb"]
    assert said["nn"].count("(utan namn)") == 2 and said["da"].count("(uden navn)") == 2
    assert "uten navn" not in said["nn"] + said["da"]
