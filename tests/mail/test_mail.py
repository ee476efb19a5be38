"""E-mail intake against real servers on localhost: Dovecot over IMAP (TLS and
STARTTLS), aiosmtpd for receipts. See tests/support/mailservers.py."""

from __future__ import annotations

import itertools
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from pipeline import console
from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.forms.formfill import example_unit
from pipeline.mail.imap import fetch_mail, imap_utf7
from pipeline.mail.settings import IMAP_PASSWORD_VARIABLE, SMTP_PASSWORD_VARIABLE, MailError, mail_settings
from pipeline.intake.store import Store
from pipeline.workspace import init_workspace
from support import mailservers
from support.bokmal import nb
from support.mailservers import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_users = itertools.count(1)

needs_dovecot = pytest.mark.skipif(
    mailservers.dovecot_binary() is None, reason="Dovecot er ikke installert (kjør tests/setup_mail.sh)"
)


@pytest.fixture
def smtp():
    server = mailservers.start_smtp()
    yield server
    server.stop()


@pytest.fixture
def user():
    return f"sekretariat{next(_users)}"


@pytest.fixture(autouse=True)
def passwords(monkeypatch):
    monkeypatch.setenv(IMAP_PASSWORD_VARIABLE, PASSWORD)
    monkeypatch.setenv(SMTP_PASSWORD_VARIABLE, PASSWORD)


def workspace(tmp_path, imap, user, extra: str = "", **keys):
    ws = init_workspace(tmp_path / "ws")
    values = {
        "imap_server": "127.0.0.1",
        "imap_port": imap.imaps_port,
        "imap_bruker": user,
        "ca_fil": str(imap.cert),
        "ferdig_mappe": "iktplan/behandlet",
        **keys,
    }
    lines = ["", "[epost]"] + [f"{k} = {_toml(v)}" for k, v in values.items() if v is not None] + [extra]
    with ws.config_path.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return ws


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def message(sender="Ingrid Berg <ingrid.berg@fjordvik.kommune.no>", subject="Kartleggingsskjema", attachments=(),
            **headers) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ikt-strategi@fjordvik.kommune.no"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<skjema-{next(_users)}@fjordvik.kommune.no>"
    for k, v in headers.items():
        msg[k.replace("_", "-")] = v
    msg.set_content("Hei! Her er skjemaet vårt.\n\nHilsen Ingrid")
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype=XLSX.split("/")[1], filename=name)
    return msg.as_bytes(policy=policy.SMTP)


def parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


# -- settings -------------------------------------------------------------------------------------


def config_with(tmp_path, block: str):
    ws = init_workspace(tmp_path / "cfg")
    with ws.config_path.open("a", encoding="utf-8") as f:
        f.write("\n[epost]\n" + block + "\n")
    return ws, load_config(ws.config_path)


def test_without_an_epost_table_there_are_no_mail_settings(config):
    assert mail_settings(config) is None


def test_settings_default_to_tls_and_the_usual_ports(tmp_path):
    ws, cfg = config_with(tmp_path, 'imap_server = "imap.fjordvik.no"\nimap_bruker = "ikt@fjordvik.no"\n'
                                    'smtp_server = "smtp.fjordvik.no"\nsmtp_bruker = "ikt@fjordvik.no"')
    s = mail_settings(cfg, ws.root)
    assert (s.tls, s.imap_port, s.imap_folder, s.done_folder) == ("tls", 993, "INBOX", "iktplan/behandlet")
    assert (s.smtp_tls, s.smtp_port, s.sender_address, s.sends_receipts) == ("starttls", 587, "ikt@fjordvik.no", True)
    assert "passord" not in repr(s).lower()


@pytest.mark.parametrize(
    "block, key",
    [
        ('imap_server = "imap.fjordvik.no"', "epost.imap_bruker"),
        ('imap_server = "imap.fjordvik.no"\nimap_bruker = "x"\ntls = false', "epost.tls"),
        ('imap_server = "imap.fjordvik.no"\nimap_bruker = "x"\nimap_port = "993"', "epost.imap_port"),
        ('imap_server = "imap.fjordvik.no"\nimap_bruker = "x"\ntls = "ja"', "epost.tls"),
        ('smtp_server = "smtp.fjordvik.no"\navsender = "ikke en adresse"', "epost.avsender"),
        ('imap_server = "i"\nimap_bruker = "x"\nferdig_mappe = "INBOX"', "epost.ferdig_mappe"),
        ('imap_server = "i"\nimap_bruker = "x"\nca_fil = "finnes-ikke.pem"', "epost.ca_fil"),
        ('smtp_server = "smtp.fjordvik.no"\nsmtp_bruker = "x@y.no"\nsmtp_tls = false', "epost.smtp_tls"),
    ],
)
def test_a_wrong_setting_is_named_in_norwegian(tmp_path, block, key):
    ws, cfg = config_with(tmp_path, block)
    with pytest.raises(ConfigError) as err:
        mail_settings(cfg, ws.root)
    assert f"«{key}" in str(err.value)


def test_plain_connections_are_allowed_to_localhost_only(tmp_path):
    ws, cfg = config_with(tmp_path, 'imap_server = "localhost"\nimap_bruker = "x"\ntls = false')
    assert mail_settings(cfg, ws.root).imap_port == 143


def test_folder_names_are_sent_in_modified_utf7():
    assert imap_utf7("INBOX") == "INBOX"
    assert imap_utf7("Behandlet æøå") == "Behandlet &AOYA+ADl-"
    assert imap_utf7("A&B") == "A&-B"
    assert imap_utf7("日本語") == "&ZeVnLIqe-"


# -- fetching -------------------------------------------------------------------------------------


def test_fetch_takes_the_form_records_the_sender_and_moves_the_message(tmp_path, imap, user, make_form):
    form = make_form("Skjema barneskole.xlsx").read_bytes()
    raw = message(attachments=[("Skjema barneskole.xlsx", form)])
    imap.append(user, raw)
    ws = workspace(tmp_path, imap, user)

    report = fetch_mail(ws)

    [result] = report.messages
    assert result.moved and result.error is None
    [outcome] = result.outcomes
    assert outcome.status == "godkjent"
    assert outcome.record.sender == "Ingrid Berg <ingrid.berg@fjordvik.kommune.no>"
    assert outcome.record.source == "epost" and outcome.record.original_name == "Skjema barneskole.xlsx"
    assert (ws.root / outcome.record.stored_path).read_bytes() == form
    text = outcome.receipt.read_text("utf-8-sig")
    assert "Fra:       Ingrid Berg <ingrid.berg@fjordvik.kommune.no>" in text and "GODKJENT" in text
    assert imap.messages(user) == []
    [(flags, kept)] = imap.messages(user, "iktplan.behandlet")
    assert kept == raw and b"\\Deleted" not in flags
    assert b"\\Seen" not in flags  # fetched with PEEK: the secretariat still sees it as new
    assert any("GODKJENT  Skjema barneskole.xlsx: Fjordvik barneskole, revisjon 1" in line for line in console.mail_lines(report))


def test_every_form_in_a_message_is_a_submission_and_the_message_is_kept_for_the_rest(tmp_path, imap, user,
                                                                                       make_form):
    a = make_form("a.xlsx").read_bytes()
    b = make_form("b.xlsx", unit={**example_unit()["unit"], "enhet": "Solsiden barnehage"}).read_bytes()
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "kari@fjordvik.kommune.no", "To skjema"
    msg.set_content("Vedlagt.")
    msg.add_attachment(a, maintype="application", subtype=XLSX.split("/")[1], filename="Barneskolen.xlsx")
    msg.add_attachment(b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="Referat.pdf")
    msg.add_attachment(b, maintype="application", subtype="octet-stream", filename="Barnehagen.xlsx")
    raw = msg.as_bytes(policy=policy.SMTP)
    imap.append(user, raw)
    ws = workspace(tmp_path, imap, user)

    report = fetch_mail(ws)

    names = [(o.record.original_name, o.record.unit_name, o.status) for o in report.outcomes]
    assert names == [("Barneskolen.xlsx", "Fjordvik barneskole", "godkjent"),
                     ("Barnehagen.xlsx", "Solsiden barnehage", "godkjent"), ("To skjema.eml", None, "avvist")]
    kept = report.outcomes[-1]
    assert (ws.root / kept.record.stored_path).read_bytes() == raw
    assert "«Referat.pdf»: Vedlegget er ikke et Excel-skjema" in kept.receipt.read_text("utf-8-sig")
    with Store(ws.database) as store:
        assert all(r.sender == "kari@fjordvik.kommune.no" for r in store.submissions())
    assert report.messages[0].moved


def test_a_message_with_thirty_forms_is_moved_only_when_all_of_it_is_accounted_for(tmp_path, imap, user, smtp,
                                                                                     make_form):
    forms = [make_form(f"{i}.xlsx", unit={**example_unit()["unit"], "enhet": f"Enhet {i:02d}"}).read_bytes()
             for i in range(30)]
    raw = message(subject="Alle enhetene", attachments=[(f"Enhet {i:02d}.xlsx", f) for i, f in enumerate(forms)])
    imap.append(user, raw)
    from support.units import without_unit_list

    ws = without_unit_list(workspace(tmp_path, imap, user, smtp_server="127.0.0.1", smtp_port=smtp.port,
                                     smtp_tls=False, avsender="IKT-strategien <ikt-strategi@fjordvik.kommune.no>"))
    # The first fetch cannot keep a rejected form (a file stands where the quarantine
    # should be): nothing is lost, and the message must stay in the mailbox.
    ws.quarantine.rmdir()
    ws.quarantine.write_text("ikke en mappe")
    broken = message(subject="Alle enhetene", attachments=[(f"Enhet {i:02d}.xlsx", f) for i, f in enumerate(forms)]
                     + [("Ødelagt.xlsx", b"PK\x03\x04 ikke en hel zip")])
    imap.append(user, broken)

    first = fetch_mail(ws)

    whole, with_broken = first.messages
    assert whole.moved and len(whole.outcomes) == 30 and {o.status for o in whole.outcomes} == {"godkjent"}
    assert not with_broken.moved and with_broken.error
    [(_, left)] = imap.messages(user)
    assert left == broken
    ws.quarantine.unlink()

    second = fetch_mail(ws)

    [result] = second.messages
    assert result.moved and len(result.outcomes) == 31
    assert [o.status for o in result.outcomes] == ["duplikat"] * 30 + ["avvist"]
    with Store(ws.database) as store:
        assert len(store.submissions()) == 30 + 31  # every attachment exactly once per message
    assert imap.messages(user) == [] and len(imap.messages(user, "iktplan.behandlet")) == 2
    assert len(smtp.wait_for(61)) == 61  # a receipt for every form, each from its own message


def test_fetch_over_starttls_works(tmp_path, imap, user, make_form):
    imap.append(user, message(attachments=[("s.xlsx", make_form().read_bytes())]))
    ws = workspace(tmp_path, imap, user, imap_port=imap.imap_port, tls="starttls")
    assert [o.status for o in fetch_mail(ws).outcomes] == ["godkjent"]


def test_an_untrusted_certificate_is_refused_with_advice(tmp_path, imap, user):
    ws = workspace(tmp_path, imap, user, ca_fil=None)
    with pytest.raises(MailError) as err:
        fetch_mail(ws)
    assert "sertifikat" in str(err.value).lower() and "epost.ca_fil" in str(err.value)


def test_a_missing_password_names_the_variable(tmp_path, imap, user, monkeypatch):
    monkeypatch.delenv(IMAP_PASSWORD_VARIABLE)
    ws = workspace(tmp_path, imap, user)
    with pytest.raises(MailError) as err:
        fetch_mail(ws)
    assert IMAP_PASSWORD_VARIABLE in str(err.value)


def test_a_wrong_password_is_refused_without_showing_it(tmp_path, imap, user, monkeypatch, caplog):
    monkeypatch.setenv(IMAP_PASSWORD_VARIABLE, "feil-passord-123")
    ws = workspace(tmp_path, imap, user)
    with pytest.raises(MailError) as err:
        fetch_mail(ws)
    assert "avviste innloggingen" in str(err.value)
    assert "feil-passord-123" not in str(err.value) and "feil-passord-123" not in caplog.text
    assert "feil-passord-123" not in ws.config_path.read_text("utf-8")


def test_a_message_that_fails_stays_for_the_next_try(tmp_path, imap, user, make_form):
    good = message(subject="Godt skjema", attachments=[("god.xlsx", make_form().read_bytes())])
    broken = message(subject="Ødelagt skjema", attachments=[("ødelagt.xlsx", b"PK\x03\x04 ikke en hel zip")])
    imap.append(user, good)
    imap.append(user, broken)
    ws = workspace(tmp_path, imap, user)
    # The quarantine cannot be written (a file stands where its folder should be):
    # the rejected form cannot be kept, so its message must not be moved.
    ws.quarantine.rmdir()
    ws.quarantine.write_text("ikke en mappe")

    first = fetch_mail(ws)

    assert [(m.subject, m.moved) for m in first.messages] == [("Godt skjema", True), ("Ødelagt skjema", False)]
    error = str(first.failed[0].error)  # a message; str() is its bokmål text
    assert "skrive" in error and "karantene" in error
    assert any("ikke behandlet" in line and "Prøves igjen" in line for line in console.mail_lines(first))
    [(_, left)] = imap.messages(user)
    assert left == broken

    ws.quarantine.unlink()
    second = fetch_mail(ws)

    [result] = second.messages
    assert result.moved and [o.status for o in result.outcomes] == ["avvist"]
    assert imap.messages(user) == []
    assert len(imap.messages(user, "iktplan.behandlet")) == 2
    with Store(ws.database) as store:
        assert [r.status for r in store.submissions()] == ["godkjent", "avvist"]


def test_a_message_without_a_form_gets_a_receipt_and_is_kept(tmp_path, imap, user):
    raw = message(subject="Spørsmål om skjemaet")
    imap.append(user, raw)
    ws = workspace(tmp_path, imap, user)

    [outcome] = fetch_mail(ws).outcomes

    assert outcome.status == "avvist"
    assert "hadde ikke kartleggingsskjemaet vedlagt" in outcome.receipt.read_text("utf-8-sig")
    assert (ws.root / outcome.record.stored_path).read_bytes() == raw
    assert outcome.record.stored_path.endswith(".eml")
    assert len(imap.messages(user, "iktplan.behandlet")) == 1


def test_an_auto_reply_is_moved_without_record_or_receipt(tmp_path, imap, user, smtp):
    imap.append(user, message(subject="Fraværsmelding: Kartleggingsskjema", Auto_Submitted="auto-replied"))
    ws = workspace(tmp_path, imap, user, smtp_server="127.0.0.1", smtp_port=smtp.port, smtp_tls=False,
                   avsender="ikt-strategi@fjordvik.kommune.no")

    report = fetch_mail(ws)

    assert [(m.automatic, m.moved, m.outcomes) for m in report.messages] == [(True, True, [])]
    assert smtp.wait_for(1, timeout=0.5) == []
    with Store(ws.database) as store:
        assert store.submissions() == []


def test_the_done_folder_may_have_norwegian_letters(tmp_path, imap, user, make_form):
    imap.append(user, message(attachments=[("s.xlsx", make_form().read_bytes())]))
    ws = workspace(tmp_path, imap, user, ferdig_mappe="Kartlegging/Ferdig behandlet æøå")
    assert fetch_mail(ws).messages[0].moved
    assert "Kartlegging.Ferdig behandlet &AOYA+ADl-" in imap.folders(user)


@needs_dovecot
@pytest.mark.parametrize("uidplus", [True, False], ids=["uidplus", "uten-uidplus"])
def test_without_move_the_message_is_copied_then_only_it_is_flagged(tmp_path, user, make_form, uidplus):
    server = mailservers.start_dovecot(
        capabilities="IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN" + (" UIDPLUS" if uidplus else "")
    )
    try:
        # The secretariat has flagged a message of its own as deleted, without expunging.
        own = message(subject="Sekretariatets egen")
        server.append(user, own)
        conn = server.client(user)
        conn.select("INBOX")
        conn.uid("STORE", b"1", "+FLAGS", r"(\Deleted)")
        conn.logout()
        raw = message(attachments=[("s.xlsx", make_form().read_bytes())])
        server.append(user, raw)
        ws = workspace(tmp_path, server, user)

        first = fetch_mail(ws)
        second = fetch_mail(ws)

        assert [m.moved for m in first.messages] == [True]
        assert second.messages == []  # a copied message flagged \Deleted is not taken again
        [(_, copied)] = server.messages(user, "iktplan.behandlet")
        assert copied == raw
        left = server.messages(user)
        assert left[0][1] == own and b"\\Deleted" in left[0][0]  # never expunged by us
        if uidplus:
            assert len(left) == 1  # UID EXPUNGE removed exactly the moved one
        else:
            assert len(left) == 2 and b"\\Deleted" in left[1][0]
    finally:
        server.stop()


# -- receipts by SMTP -------------------------------------------------------------------------------


def test_receipts_go_back_to_the_sender_by_smtp(tmp_path, imap, user, smtp, make_form):
    form = make_form().read_bytes()
    raw = message(subject="Skjema fra barneskolen", attachments=[("Barneskolen æøå.xlsx", form),
                                                                  ("Feil.xlsx", b"ikke excel")])
    imap.append(user, raw)
    ws = workspace(tmp_path, imap, user, smtp_server="127.0.0.1", smtp_port=smtp.port, smtp_tls=False,
                   avsender="IKT-strategien <ikt-strategi@fjordvik.kommune.no>")

    report = fetch_mail(ws)

    assert report.messages[0].receipts_sent == 2 and report.receipt_errors == []
    received = smtp.wait_for(2)
    by_subject = {parse(r[2])["Subject"]: (r, parse(r[2])) for r in received}
    assert set(by_subject) == {"Kvittering: Barneskolen æøå.xlsx – godkjent", "Kvittering: Feil.xlsx – avvist"}
    original = parse(raw)
    for outcome in report.outcomes:
        (envelope_from, rcpts, _), mail = by_subject[f"Kvittering: {outcome.record.original_name} – "
                                                     f"{outcome.status}"]
        assert rcpts == ["ingrid.berg@fjordvik.kommune.no"]
        assert mail.get_content() == outcome.receipt.read_text("utf-8-sig")
        assert mail["In-Reply-To"] == original["Message-ID"]
        assert mail["Auto-Submitted"] == "auto-replied"


def test_receipts_use_starttls_and_login_when_configured(tmp_path, imap, user, make_form):
    server = mailservers.start_smtp(cert=imap.cert, key=imap.root / "key.pem", user="ikt-strategi@fjordvik.kommune.no")
    try:
        imap.append(user, message(attachments=[("s.xlsx", make_form().read_bytes())], Reply_To="rektor@fjordvik.no"))
        ws = workspace(tmp_path, imap, user, smtp_server="localhost", smtp_port=server.port, smtp_tls="starttls",
                       smtp_bruker="ikt-strategi@fjordvik.kommune.no")
        report = fetch_mail(ws)
        assert report.receipt_errors == []
        [(_, rcpts, _)] = server.wait_for(1)
        assert rcpts == ["rektor@fjordvik.no"]  # Reply-To wins over From
        assert server.logins == [("ikt-strategi@fjordvik.kommune.no", True)]
    finally:
        server.stop()


def test_an_smtp_failure_is_reported_and_the_message_still_handled(tmp_path, imap, user, make_form):
    imap.append(user, message(attachments=[("s.xlsx", make_form().read_bytes())]))
    dead_port = mailservers.free_port()  # nothing listens here
    ws = workspace(tmp_path, imap, user, smtp_server="127.0.0.1", smtp_port=dead_port, smtp_tls=False,
                   avsender="ikt@fjordvik.no")
    report = fetch_mail(ws)
    assert report.messages[0].moved and report.messages[0].outcomes[0].receipt.is_file()
    assert report.receipt_errors and "forbindelsen ble nektet" in nb(report.receipt_errors[0])


def test_watch_with_mail_takes_forms_from_the_mailbox_and_updates_the_documents(tmp_path, imap, user, make_form):
    import threading
    import time

    from pipeline.watch import watch

    imap.append(user, message(attachments=[("Fra e-post.xlsx", make_form().read_bytes())]))
    ws = workspace(tmp_path, imap, user)
    events, stop = [], threading.Event()
    thread = threading.Thread(target=watch, args=(ws,), daemon=True, kwargs=dict(
        mail=True, settle_seconds=0.2, rescan_seconds=30, on_event=events.append, stop=stop, handle_signals=False))
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not any(e.kind == "run" for e in events) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=20)
    mail_lines = [e.message for e in events if e.kind == "mail"]
    assert any("GODKJENT  Fra e-post.xlsx: Fjordvik barneskole, revisjon 1" in line for line in mail_lines)
    [run] = [e for e in events if e.kind == "run"]
    assert [u.name for u in run.data.model.units] == ["Fjordvik barneskole"]
    assert imap.messages(user) == []


def test_the_fetch_mail_command_takes_the_form_and_makes_the_documents(tmp_path, imap, user, make_form):
    from click.testing import CliRunner

    from pipeline.cli import cli

    imap.append(user, message(attachments=[("Skjema.xlsx", make_form().read_bytes())]))
    ws = workspace(tmp_path, imap, user)

    result = CliRunner().invoke(cli, ["-w", str(ws.root), "fetch-mail"])

    assert result.exit_code == 0, result.output
    assert "GODKJENT  Skjema.xlsx: Fjordvik barneskole, revisjon 1" in result.output
    assert "versjon 1" in result.output.lower() and (ws.outbox / "IKT-strategi.docx").exists()
    assert PASSWORD not in result.output
    again = CliRunner().invoke(cli, ["-w", str(ws.root), "fetch-mail"])
    assert again.exit_code == 0 and "Ingen nye e-poster." in again.output


def test_the_fetch_mail_command_without_a_mailbox_says_what_to_configure(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    ws = init_workspace(tmp_path / "ws")
    result = CliRunner().invoke(cli, ["-w", str(ws.root), "fetch-mail"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "[epost]" in result.output and "imap_server" in result.output


def test_fetch_mail_json_counts_the_messages_and_names_no_sender(tmp_path, imap, user, make_form):
    import json

    from click.testing import CliRunner

    from pipeline.cli import cli

    imap.append(user, message(attachments=[("Skjema.xlsx", make_form().read_bytes())]))
    imap.append(user, message(subject="Bare hei", attachments=[]))
    ws = workspace(tmp_path, imap, user)

    result = CliRunner().invoke(cli, ["fetch-mail", "--json", "-w", str(ws.root)])

    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "iktplan.fetch-mail/1"
    assert doc["messages"]["total"] == 2 and doc["messages"]["failed"] == 0
    assert [o["status"] for o in doc["outcomes"]] == ["accepted", "rejected"]
    assert all(o["source"] == "email" for o in doc["outcomes"])
    assert doc["run"]["schema"] == "iktplan.run/1" and doc["run"]["version"]["number"] == 1
    # The sender is never named; a message without a form is named as its file is everywhere (status too).
    assert "ingrid" not in result.stdout.lower() and "@" not in result.stdout
