"""``iktplan fetch-mail`` and the ``[epost]`` settings speak the workspace's language
(issue 14): a missing mailbox, a missing setting and a server that refuses the
connection, each in a nynorsk and a Danish workspace, with no word from the other
languages' marker lists. Bokmål stays as it was (tests/mail/test_mail.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.workspace import Workspace
from support.languages import assert_no_foreign_words


def _workspace(tmp_path: Path, code: str, epost: str | None = None) -> Path:
    ws = tmp_path / f"ws-{code}"
    result = CliRunner().invoke(cli, ["init", "--språk", code, str(ws)])
    assert result.exit_code == 0, result.output
    if epost is not None:
        toml = ws / "strategi.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + "\n[epost]\n" + epost, encoding="utf-8")
    return ws


def _fetch_mail(ws: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "IKTPLAN_IMAP_PASSORD": "hemmeleg"}
    return subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), "fetch-mail"],
                          capture_output=True, text=True, env=env)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.mark.parametrize("code", ["nn", "da"])
def test_fetch_mail_without_a_mailbox_says_so_in_the_workspaces_language(tmp_path, code):
    run = _fetch_mail(_workspace(tmp_path, code))
    assert run.returncode == 1
    assert {"nn": "Det er ikkje sett opp nokon postkasse", "da": "Der er ikke sat nogen postkasse op"}[code] in run.stderr
    assert "Traceback" not in run.stderr
    assert_no_foreign_words(run.stdout + run.stderr, code, where=f"«iktplan fetch-mail» ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_missing_mail_setting_is_named_in_the_workspaces_language(tmp_path, code):
    run = _fetch_mail(_workspace(tmp_path, code, 'imap_server = "localhost"\n'))
    assert run.returncode == 1
    assert {"nn": "«epost.imap_bruker» manglar", "da": "»epost.imap_bruker« mangler"}[code] in run.stderr
    assert_no_foreign_words(run.stdout + run.stderr, code, where=f"«iktplan fetch-mail» ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_refused_connection_is_explained_in_the_workspaces_language(tmp_path, code):
    port = _closed_port()
    ws = _workspace(tmp_path, code, f'imap_server = "127.0.0.1"\nimap_port = {port}\nimap_bruker = "ikt"\ntls = false\n')
    run = _fetch_mail(ws)
    assert run.returncode == 1
    expected = {"nn": f"Får ikkje kontakt med IMAP-tenaren 127.0.0.1:{port}: sambandet vart nekta.",
                "da": f"Kan ikke få forbindelse til IMAP-serveren 127.0.0.1:{port}: forbindelsen blev afvist."}[code]
    assert expected in run.stderr
    assert_no_foreign_words(run.stdout + run.stderr, code, where=f"«iktplan fetch-mail» ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_receipt_the_smtp_server_does_not_take_is_explained_in_the_workspaces_language(tmp_path, imap, code):
    from email.message import EmailMessage

    from support.mailservers import PASSWORD

    user = f"sekretariat-smtp-{code}"
    smtp_port = _closed_port()
    ws = _workspace(tmp_path, code, f'imap_server = "127.0.0.1"\nimap_port = {imap.imaps_port}\n'
                                    f'imap_bruker = "{user}"\nca_fil = "{imap.cert}"\n'
                                    f'ferdig_mappe = "iktplan/behandlet"\nsmtp_server = "127.0.0.1"\n'
                                    f'smtp_port = {smtp_port}\nsmtp_tls = false\navsender = "ikt@fjordvik.no"\n')
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "rektor@fjordvik.no", "ikt@fjordvik.no", "Skjema"
    msg["Message-ID"] = f"<smtp-{code}@fjordvik.no>"
    msg.set_content("Her er skjemaet.")
    form = Workspace(ws).blank_form.read_bytes()  # blank: rejected, but answered
    msg.add_attachment(form, maintype="application", subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       filename="skjema.xlsx")
    imap.append(user, msg.as_bytes())
    env = {**os.environ, "IKTPLAN_IMAP_PASSORD": PASSWORD, "IKTPLAN_SMTP_PASSORD": PASSWORD}
    run = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), "fetch-mail"],
                         capture_output=True, text=True, env=env)
    assert "Traceback" not in run.stderr, run.stderr
    expected = {"nn": f"Kvitteringa er ikkje send: til rektor@fjordvik.no: Får ikkje sendt via SMTP-tenaren "
                      f"127.0.0.1:{smtp_port}: sambandet vart nekta.",
                "da": f"Kvitteringen er ikke sendt: til rektor@fjordvik.no: Kan ikke sende via SMTP-serveren "
                      f"127.0.0.1:{smtp_port}: forbindelsen blev afvist."}[code]
    assert expected in run.stdout + run.stderr, run.stdout + run.stderr
    line = next(line for line in (run.stdout + run.stderr).splitlines() if "SMTP" in line)
    assert_no_foreign_words(line, code, where=f"«iktplan fetch-mail», the receipt not sent ({code})")
