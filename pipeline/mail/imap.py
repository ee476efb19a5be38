"""Forms by e-mail: fetch them from a mailbox over IMAP, answer by SMTP.

``[epost]`` in ``strategi.toml`` names the servers, user and folders; the
passwords come from the environment variables ``IKTPLAN_IMAP_PASSORD`` and
``IKTPLAN_SMTP_PASSORD`` and are never logged, printed or written anywhere.

For each message in the folder, :func:`fetch_mail`:

1. downloads it without marking it read (``BODY.PEEK[]``);
2. records each attached form as a submission from the sender (the same checks,
   archive and receipt as a form from the inbox folder), and keeps the message
   whole, with a receipt naming what was not taken, when it had no form or not
   every attachment was taken
   (:func:`pipeline.intake.receivemessage.receive_message`);
3. sends the receipts back to the sender by SMTP, when configured;
4. only then, with all of it accounted for, moves the message to the done
   folder (``MOVE``, or ``COPY`` and then the
   ``\\Deleted`` flag on this one message). Nothing is ever expunged but that
   message, and no message is ever deleted outright.

A message that fails at any step stays where it was and is tried again next
time; one that was recorded before the failure is then finished, not recorded
twice. Auto-replies and bounces without a form are moved unanswered, so two
robots never mail each other forever.

The settings live in :mod:`pipeline.mail.settings`, the SMTP receipts in
:mod:`pipeline.mail.smtp`; this module is the IMAP side.
"""

from __future__ import annotations

import base64
import hashlib
import imaplib
import logging
import ssl
from dataclasses import dataclass, field
from typing import Any, Callable

from pipeline.errors import ConfigError, IktplanError
from pipeline.fileio import WorkspaceLock
from pipeline.i18n import Msg, nMsg
from pipeline.intake.message import MailSubmission, submissions_from_message
from pipeline.intake.receive import Outcome
from pipeline.intake.receivemessage import receive_message
from pipeline.mail.settings import (
    IMAP_PASSWORD_VARIABLE,
    MailError,
    MailSettings,
    os_reason,
    password_from_env,
    tls_context,
    mail_settings,
)
from pipeline.forms.reader import require_safe_xml
from pipeline.mail.smtp import ReceiptSender
from pipeline.intake.store import open_store
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.mail")

#: Messages larger than this are not downloaded; they stay in the folder, flagged.
MAX_FETCH_BYTES = 60 * 1024 * 1024
TOO_LARGE_FLAG = "$IktplanForStor"


# -- the report ----------------------------------------------------------------------------------


@dataclass
class MessageResult:
    """What became of one message in the mailbox."""

    subject: str
    sender: str | None
    outcomes: list[Outcome] = field(default_factory=list)
    moved: bool = False
    automatic: bool = False
    error: Msg | str | None = None  # shown with lang.render; None: the message was handled
    receipts_sent: int = 0


@dataclass
class FetchReport:
    messages: list[MessageResult] = field(default_factory=list)
    receipt_errors: list[Msg | str] = field(default_factory=list)  # shown with lang.render
    left_too_large: int = 0  # messages too large to download, left in the folder

    @property
    def outcomes(self) -> list[Outcome]:
        return [o for m in self.messages for o in m.outcomes]

    @property
    def failed(self) -> list[MessageResult]:
        return [m for m in self.messages if m.error is not None]


# -- fetching -----------------------------------------------------------------------------------


def fetch_mail(
    ws: Workspace, settings: MailSettings | None = None, *, progress: Callable[[str], None] | None = None
) -> FetchReport:
    """Take the forms from every message in the configured mailbox folder (see the
    module docstring). Holds the workspace lock while it records submissions."""
    say = progress or (lambda message: None)
    config = ws.config()
    settings = settings or mail_settings(config, ws.root)
    if settings is None or settings.imap_server is None:
        raise ConfigError(Msg(
            "Ingen postkasse er satt opp. Legg inn [epost] med «imap_server» og «imap_bruker» i strategi.toml."
        ))
    require_safe_xml()  # refuse before touching the mailbox, not once per message
    password = password_from_env(IMAP_PASSWORD_VARIABLE, "IMAP")
    report = FetchReport()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        conn = _imap_connect(settings, password)
        sender = ReceiptSender(settings, report.receipt_errors, config.lang) if settings.sends_receipts else None
        try:
            capabilities = _capabilities(conn)
            folder = _mailbox(conn, settings.imap_folder)
            typ, data = conn.select(_quote(folder))
            if typ != "OK":
                raise MailError(Msg("Finner ikke mappen «{folder}» i postkassen ({reply}).",
                                     folder=settings.imap_folder, reply=_text(data)))
            done = _mailbox(conn, settings.done_folder)
            uids = _search(conn)
            if uids:
                _ensure_folder(conn, done)
                say(nMsg("{n} e-post(er) i «{folder}».", "{n} e-post(er) i «{folder}».", len(uids),
                         folder=settings.imap_folder))
            for uid in uids:
                result = _one_message(ws, store, config, conn, uid, done, capabilities, sender, report)
                if result is not None:
                    report.messages.append(result)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailError(nMsg(
                "Forbindelsen til IMAP-serveren {server} brøt underveis ({reason}). "
                "{n} e-post(er) ble behandlet; resten hentes neste gang.",
                "Forbindelsen til IMAP-serveren {server} brøt underveis ({reason}). "
                "{n} e-post(er) ble behandlet; resten hentes neste gang.",
                len(report.messages), server=settings.imap_server, reason=os_reason(exc),
            )) from None
        finally:
            if sender is not None:
                sender.close()
            _logout(conn)
    return report


def _one_message(ws, store, config, conn, uid: bytes, done: str, capabilities, sender, report) -> MessageResult | None:
    size = _size(conn, uid)
    if size is None:
        return None  # gone since the search (moved by someone else)
    if size > MAX_FETCH_BYTES:
        conn.uid("STORE", uid, "+FLAGS", f"({TOO_LARGE_FLAG})")
        report.left_too_large += 1
        return None
    data = _fetch(conn, uid)
    if data is None:
        return None
    found: MailSubmission = submissions_from_message(data)
    result = MessageResult(subject=found.subject, sender=found.sender, automatic=found.automatic)
    try:
        # The bytes name the message: fetched again after a failure, it is finished,
        # not recorded twice (UIDs can be reused after a UIDVALIDITY change).
        arrival = "imap:" + hashlib.sha256(data).hexdigest()[:32]
        result.outcomes = receive_message(
            ws, store, config, data, arrival=arrival, found=found, skip_automatic=True
        )
        if sender is not None and found.reply_to and not found.automatic:
            for o in result.outcomes:
                if sender.send(ws, o, found):
                    result.receipts_sent += 1
        _move(conn, uid, done, capabilities)
        result.moved = True
    except (OSError, IktplanError, imaplib.IMAP4.error, ValueError) as exc:
        result.error = _reason(exc)
        log.info("e-post uid=%s ikke behandlet: %s", uid.decode(), type(exc).__name__)  # the text may quote a name
    return result


def _reason(exc: BaseException) -> Msg | str:
    if isinstance(exc, IktplanError):
        return exc.msg
    if isinstance(exc, OSError):
        return Msg("Kunne ikke skrive i arbeidsmappen ({reason}).", reason=exc.strerror or type(exc).__name__)
    return Msg("Serveren avviste en kommando ({reply}).", reply=str(exc))


def _imap_connect(settings: MailSettings, password: str) -> imaplib.IMAP4:
    host, port = settings.imap_server, settings.imap_port
    where = f"{host}:{port}"
    try:
        if settings.tls == "tls":
            conn = imaplib.IMAP4_SSL(host, port, ssl_context=tls_context(settings), timeout=settings.timeout)
        else:
            conn = imaplib.IMAP4(host, port, timeout=settings.timeout)
            if settings.tls == "starttls":
                conn.starttls(ssl_context=tls_context(settings))
    except ssl.SSLCertVerificationError as exc:
        raise MailError(Msg(
            "Sertifikatet til IMAP-serveren {server} kunne ikke bekreftes ({reason}). "
            "Bruker kommunen et eget sertifikat, oppgi det med «epost.ca_fil».",
            server=where, reason=str(exc.verify_message),
        )) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailError(Msg("Får ikke kontakt med IMAP-serveren {server}: {reason}.",
                            server=where, reason=os_reason(exc))) from None
    try:
        caps = _capabilities(conn)
        user = settings.imap_user or ""
        if "AUTH=PLAIN" in caps:
            # SASL PLAIN carries a UTF-8 password; LOGIN would refuse æøå.
            conn.authenticate("PLAIN", lambda _challenge: f"\0{user}\0{password}".encode("utf-8"))
        else:
            conn._simple_command("LOGIN", _quote(user), _quote(password))  # noqa: SLF001
            conn.state = "AUTH"
    except imaplib.IMAP4.error:
        _logout(conn)
        raise MailError(Msg(
            "IMAP-serveren {server} avviste innloggingen for «{user}». Sjekk «epost.imap_bruker» "
            "og passordet i miljøvariabelen {variable}.",
            server=where, user=settings.imap_user or "", variable=IMAP_PASSWORD_VARIABLE,
        )) from None
    except OSError as exc:
        raise MailError(Msg("Forbindelsen til IMAP-serveren {server} brøt: {reason}.",
                            server=where, reason=os_reason(exc))) from None
    return conn


def _logout(conn: imaplib.IMAP4) -> None:
    try:
        conn.logout()
    except (OSError, imaplib.IMAP4.error):
        pass


def _capabilities(conn: imaplib.IMAP4) -> set[str]:
    # Servers change their capabilities after login (MOVE, UIDPLUS), so ask each time.
    typ, data = conn.capability()
    if typ != "OK" or not data or data[0] is None:
        return set(conn.capabilities)
    return {c.upper() for c in data[0].decode("ascii", "replace").split()}


def _search(conn: imaplib.IMAP4) -> list[bytes]:
    # UNDELETED: a message moved by COPY on a server without UIDPLUS keeps its \Deleted flag here.
    typ, data = conn.uid("SEARCH", None, "UNDELETED", "UNKEYWORD", TOO_LARGE_FLAG)
    if typ != "OK":
        raise MailError(Msg("IMAP-serveren avviste søket etter e-post ({reply}).", reply=_text(data)))
    return [u for u in (data[0] or b"").split() if u]


def _size(conn: imaplib.IMAP4, uid: bytes) -> int | None:
    typ, data = conn.uid("FETCH", uid, "(RFC822.SIZE)")
    for item in data or ():
        line = item[0] if isinstance(item, tuple) else item
        if isinstance(line, bytes) and b"RFC822.SIZE" in line:
            return int(line.split(b"RFC822.SIZE", 1)[1].strip().split(b")")[0].split()[0])
    return None


def _fetch(conn: imaplib.IMAP4, uid: bytes) -> bytes | None:
    # PEEK: a message that fails stays unread for whoever looks at the mailbox.
    typ, data = conn.uid("FETCH", uid, "(BODY.PEEK[])")
    if typ != "OK":
        raise MailError(Msg("IMAP-serveren ga ikke ut e-posten ({reply}).", reply=_text(data)))
    for item in data or ():
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _move(conn: imaplib.IMAP4, uid: bytes, done: str, capabilities: set[str]) -> None:
    target = _quote(done)
    if "MOVE" in capabilities:
        typ, data = conn.uid("MOVE", uid, target)
        if typ != "OK":
            raise MailError(Msg("Kunne ikke flytte e-posten til «{folder}» ({reply}).", folder=done, reply=_text(data)))
        return
    typ, data = conn.uid("COPY", uid, target)
    if typ != "OK":
        raise MailError(Msg("Kunne ikke kopiere e-posten til «{folder}» ({reply}).", folder=done, reply=_text(data)))
    # Only after the copy exists is the original marked; only it is expunged, and only
    # where the server can expunge one message (UIDPLUS). Without it, the flag stays.
    typ, data = conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
    if typ != "OK":
        raise MailError(Msg("Kunne ikke merke e-posten som flyttet ({reply}).", reply=_text(data)))
    if "UIDPLUS" in capabilities:
        conn.uid("EXPUNGE", uid)


def _mailbox(conn: imaplib.IMAP4, name: str) -> str:
    """The server's name for folder *name* ("iktplan/behandlet": «/» separates levels,
    whatever the server's own separator is), in IMAP's modified UTF-7."""
    parts = [p.strip() for p in name.strip().strip("/").split("/") if p.strip()]
    if len(parts) == 1 and parts[0].upper() == "INBOX":
        return "INBOX"
    typ, data = conn.list('""', '""')
    delimiter = "/"
    if typ == "OK" and data and isinstance(data[0], bytes):
        fields = data[0].decode("ascii", "replace").split('"')
        if len(fields) >= 2 and len(fields[1]) == 1:
            delimiter = fields[1]
        elif " NIL " in data[0].decode("ascii", "replace"):
            delimiter = "/"
    for p in parts:
        if delimiter in p:
            raise ConfigError(Msg("Mappenavnet «{name}» kan ikke inneholde «{delimiter}» på denne e-postserveren.",
                                  name=name, delimiter=delimiter))
    return imap_utf7(delimiter.join(parts))


def _ensure_folder(conn: imaplib.IMAP4, folder: str) -> None:
    typ, data = conn.list('""', _quote(folder))
    if typ == "OK" and data and data[0] is not None:
        return
    typ, data = conn.create(_quote(folder))
    if typ != "OK":
        raise MailError(Msg("Kunne ikke lage mappen «{folder}» i postkassen ({reply}).", folder=folder, reply=_text(data)))
    conn.subscribe(_quote(folder))  # so Outlook shows it


def imap_utf7(name: str) -> str:
    """*name* in IMAP's modified UTF-7 (RFC 3501 5.1.3): «Behandlet æøå» → «Behandlet &AOYA+ADl-»."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).decode("ascii")
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(data: Any) -> str:
    if isinstance(data, (list, tuple)) and data:
        data = data[-1]
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return str(data)


