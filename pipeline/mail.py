"""Forms by e-mail: fetch them from a mailbox over IMAP, answer by SMTP.

``[epost]`` in ``strategi.toml`` names the servers, user and folders; the
passwords come from the environment variables ``IKTPLAN_IMAP_PASSORD`` and
``IKTPLAN_SMTP_PASSORD`` and are never logged, printed or written anywhere.

For each message in the folder, :func:`fetch_mail`:

1. downloads it without marking it read (``BODY.PEEK[]``);
2. records each attached form as a submission from the sender (the same checks,
   archive and receipt as a form from the inbox folder);
3. sends the receipts back to the sender by SMTP, when configured;
4. moves the message to the done folder (``MOVE``, or ``COPY`` and then the
   ``\\Deleted`` flag on this one message). Nothing is ever expunged but that
   message, and no message is ever deleted outright.

A message that fails at any step stays where it was and is tried again next
time; one that was recorded before the failure is then finished, not recorded
twice. Auto-replies and bounces without a form are moved unanswered, so two
robots never mail each other forever.
"""

from __future__ import annotations

import base64
import hashlib
import imaplib
import logging
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Callable

from pipeline.config import Config
from pipeline.eml import MailSubmission, receive_message, submissions_from_message
from pipeline.errors import ConfigError, IktplanError
from pipeline.fileio import WorkspaceLock
from pipeline.intake import RECEIPT_ENCODING, Outcome
from pipeline.reader import require_safe_xml
from pipeline.store import Store
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.mail")

IMAP_PASSWORD_VARIABLE = "IKTPLAN_IMAP_PASSORD"
SMTP_PASSWORD_VARIABLE = "IKTPLAN_SMTP_PASSORD"
#: Messages larger than this are not downloaded; they stay in the folder, flagged.
MAX_FETCH_BYTES = 60 * 1024 * 1024
TOO_LARGE_FLAG = "$IktplanForStor"
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_STATUS_WORDS = {"godkjent": "godkjent", "avvist": "avvist", "duplikat": "mottatt tidligere"}


class MailError(IktplanError):
    """The mail server could not be reached, refused the login, or refused a command."""


@dataclass(frozen=True)
class MailSettings:
    """``[epost]`` from ``strategi.toml``. ``imap_server`` ``None``: no mailbox to
    fetch from; ``smtp_server`` ``None``: receipts are not e-mailed."""

    imap_server: str | None = None
    imap_port: int = 993
    imap_user: str | None = None
    imap_folder: str = "INBOX"
    done_folder: str = "iktplan/behandlet"
    tls: str = "tls"  # 'tls' (implicit TLS), 'starttls' or 'ingen' (localhost only)
    smtp_server: str | None = None
    smtp_port: int = 587
    smtp_tls: str = "starttls"
    smtp_user: str | None = None  # None: the SMTP server takes mail without login
    sender_address: str | None = None  # From: of receipts
    send_receipts: bool = True
    ca_file: Path | None = None  # None: the system's trusted certificates
    timeout: float = 30.0

    @property
    def sends_receipts(self) -> bool:
        return self.send_receipts and self.smtp_server is not None


_KEYS = {
    "imap_server", "imap_port", "imap_bruker", "imap_mappe", "ferdig_mappe", "tls",
    "smtp_server", "smtp_port", "smtp_tls", "smtp_bruker", "avsender", "send_kvittering",
    "ca_fil", "tidsavbrudd_sek",
}


def mail_settings(config: Config, root: Path | None = None) -> MailSettings | None:
    """The ``[epost]`` settings, or ``None`` when ``strategi.toml`` has no such
    table. *root* resolves a relative ``ca_fil`` (the workspace folder)."""
    table = config.extra.get("epost")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError("«epost» skal være en tabell: skriv [epost] på en egen linje og innstillingene under.")
    for key in table:
        if key not in _KEYS:
            raise ConfigError(
                f"«epost.{key}» er ikke en kjent innstilling. Kjente er: {', '.join(sorted(_KEYS))}."
            )

    def text(key: str) -> str | None:
        value = table.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise ConfigError(f"«epost.{key}» skal være tekst i anførselstegn, ikke {value!r}.")
        return value.strip()

    def port(key: str, default: int) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
            raise ConfigError(f"«epost.{key}» skal være et portnummer mellom 1 og 65535, ikke «{value}».")
        return value

    def mode(key: str, default: str) -> str:
        value = table.get(key, default)
        if value is True:
            return "tls"
        if value is False:
            return "ingen"
        if isinstance(value, str) and value.strip().lower() in ("tls", "starttls", "ingen"):
            return value.strip().lower()
        raise ConfigError(
            f"«epost.{key}» = {value!r}: skriv true (kryptert forbindelse, standard), \"starttls\" eller false."
        )

    imap_server = text("imap_server")
    tls = mode("tls", "tls")
    imap_user = text("imap_bruker")
    if imap_server and not imap_user:
        raise ConfigError("«epost.imap_bruker» mangler: brukernavnet til postkassen iktplan skal lese.")
    if imap_server and tls == "ingen" and imap_server.lower() not in _LOCAL_HOSTS:
        raise ConfigError(
            "«epost.tls» = false er bare tillatt mot localhost: passordet ville ellers gått ukryptert over nettet. "
            "Bruk true eller \"starttls\"."
        )
    smtp_server = text("smtp_server")
    smtp_tls = mode("smtp_tls", "starttls")
    smtp_user = text("smtp_bruker")
    if smtp_server and smtp_user and smtp_tls == "ingen" and smtp_server.lower() not in _LOCAL_HOSTS:
        raise ConfigError(
            "«epost.smtp_tls» = false med «epost.smtp_bruker» er bare tillatt mot localhost: passordet ville "
            "ellers gått ukryptert over nettet."
        )
    sender = text("avsender")
    send = table.get("send_kvittering", True)
    if not isinstance(send, bool):
        raise ConfigError(f"«epost.send_kvittering» skal være true eller false, ikke «{send}».")
    if smtp_server and send:
        if not sender:
            sender = smtp_user or imap_user
        if not sender or "@" not in parseaddr(sender)[1]:
            raise ConfigError(
                "«epost.avsender» mangler eller er ikke en e-postadresse: adressen kvitteringene sendes fra, "
                "f.eks. \"IKT-strategien <ikt-strategi@kommune.no>\"."
            )
    folder = text("imap_mappe") or "INBOX"
    done = text("ferdig_mappe") or "iktplan/behandlet"
    if _folder_key(done) == _folder_key(folder):
        raise ConfigError("«epost.ferdig_mappe» kan ikke være den samme mappen som «epost.imap_mappe».")
    ca = text("ca_fil")
    ca_path = None
    if ca:
        ca_path = Path(ca).expanduser()
        if not ca_path.is_absolute() and root is not None:
            ca_path = root / ca_path
        if not ca_path.is_file():
            raise ConfigError(f"«epost.ca_fil»: finner ikke sertifikatfila {ca_path}.")
    timeout = table.get("tidsavbrudd_sek", 30)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 1 <= timeout <= 600:
        raise ConfigError(
            f"«epost.tidsavbrudd_sek» skal være et antall sekunder mellom 1 og 600, ikke «{timeout}»."
        )
    return MailSettings(
        imap_server=imap_server,
        imap_port=port("imap_port", 993 if tls == "tls" else 143),
        imap_user=imap_user,
        imap_folder=folder,
        done_folder=done,
        tls=tls,
        smtp_server=smtp_server,
        smtp_port=port("smtp_port", {"tls": 465, "starttls": 587, "ingen": 25}[smtp_tls]),
        smtp_tls=smtp_tls,
        smtp_user=smtp_user,
        sender_address=sender,
        send_receipts=send,
        ca_file=ca_path,
        timeout=float(timeout),
    )


def _folder_key(name: str) -> str:
    name = name.strip().strip("/")
    return "INBOX" if name.upper() == "INBOX" else name


# -- the report ----------------------------------------------------------------------------------


@dataclass
class MessageResult:
    """What became of one message in the mailbox."""

    subject: str
    sender: str | None
    outcomes: list[Outcome] = field(default_factory=list)
    moved: bool = False
    automatic: bool = False
    error: str | None = None  # Norwegian; None: the message was handled
    receipts_sent: int = 0


@dataclass
class FetchReport:
    messages: list[MessageResult] = field(default_factory=list)
    receipt_errors: list[str] = field(default_factory=list)
    left_too_large: int = 0  # messages too large to download, left in the folder

    @property
    def outcomes(self) -> list[Outcome]:
        return [o for m in self.messages for o in m.outcomes]

    @property
    def failed(self) -> list[MessageResult]:
        return [m for m in self.messages if m.error is not None]

    def lines(self) -> list[str]:
        """One Norwegian line per message and per form, for the terminal and logs."""
        out = []
        for m in self.messages:
            who = m.sender or "ukjent avsender"
            subject = f"«{m.subject}»" if m.subject else "(uten emne)"
            if m.error:
                out.append(f"E-post fra {who} {subject}: ikke behandlet – {m.error} Prøves igjen neste gang.")
                continue
            if m.automatic and not m.outcomes:
                out.append(f"E-post fra {who} {subject}: automatisk svar uten skjema, flyttet uten kvittering.")
                continue
            out.append(f"E-post fra {who} {subject}:")
            for o in m.outcomes:
                out.append("  " + outcome_line(o))
        if self.left_too_large:
            out.append(
                f"{self.left_too_large} e-post(er) er over {MAX_FETCH_BYTES // (1024 * 1024)} MB og er ikke hentet; "
                "de ligger igjen i postkassen, merket «IktplanForStor»."
            )
        out += [f"Kvittering ikke sendt: {e}" for e in self.receipt_errors]
        return out


def outcome_line(o: Outcome) -> str:
    r = o.record
    if r.status == "godkjent":
        return f"GODKJENT  {r.original_name}: {r.unit_name}, revisjon {r.revision}"
    if r.status == "duplikat":
        return f"MOTTATT TIDLIGERE  {r.original_name}: identisk med en tidligere revisjon"
    n = len(r.errors)
    return f"AVVIST    {r.original_name}: {n} feil" + (f" ({r.unit_name})" if r.unit_name else "")


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
        raise ConfigError(
            "Ingen postkasse er satt opp. Legg inn [epost] med «imap_server» og «imap_bruker» i strategi.toml."
        )
    require_safe_xml()  # refuse before touching the mailbox, not once per message
    password = _password(IMAP_PASSWORD_VARIABLE, "IMAP")
    report = FetchReport()
    with WorkspaceLock(ws.lock_path), Store(ws.database) as store:
        conn = _imap_connect(settings, password)
        sender = _ReceiptSender(settings, report) if settings.sends_receipts else None
        try:
            capabilities = _capabilities(conn)
            folder = _mailbox(conn, settings.imap_folder)
            typ, data = conn.select(_quote(folder))
            if typ != "OK":
                raise MailError(f"Finner ikke mappen «{settings.imap_folder}» i postkassen ({_text(data)}).")
            done = _mailbox(conn, settings.done_folder)
            uids = _search(conn)
            if uids:
                _ensure_folder(conn, done)
                say(f"{len(uids)} e-post(er) i «{settings.imap_folder}».")
            for uid in uids:
                result = _one_message(ws, store, config, conn, uid, done, capabilities, sender, report)
                if result is not None:
                    report.messages.append(result)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailError(
                f"Forbindelsen til IMAP-serveren {settings.imap_server} brøt underveis ({_os_reason(exc)}). "
                f"{len(report.messages)} e-post(er) ble behandlet; resten hentes neste gang."
            ) from None
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
        log.info("e-post uid=%s ikke behandlet: %s", uid.decode(), result.error)
    return result


def _reason(exc: BaseException) -> str:
    if isinstance(exc, IktplanError):
        return exc.message
    if isinstance(exc, OSError):
        return f"Kunne ikke skrive i arbeidsmappen ({exc.strerror or type(exc).__name__})."
    return f"Serveren avviste en kommando ({exc})."


def _password(variable: str, what: str) -> str:
    value = os.environ.get(variable)
    if not value:
        raise MailError(
            f"Passordet til {what}-serveren mangler: sett miljøvariabelen {variable} før du starter iktplan "
            "(passordet skrives aldri i strategi.toml)."
        )
    return value


def _tls_context(settings: MailSettings) -> ssl.SSLContext:
    if settings.ca_file is not None:
        return ssl.create_default_context(cafile=str(settings.ca_file))
    return ssl.create_default_context()


def _imap_connect(settings: MailSettings, password: str) -> imaplib.IMAP4:
    host, port = settings.imap_server, settings.imap_port
    where = f"{host}:{port}"
    try:
        if settings.tls == "tls":
            conn = imaplib.IMAP4_SSL(host, port, ssl_context=_tls_context(settings), timeout=settings.timeout)
        else:
            conn = imaplib.IMAP4(host, port, timeout=settings.timeout)
            if settings.tls == "starttls":
                conn.starttls(ssl_context=_tls_context(settings))
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"Sertifikatet til IMAP-serveren {where} kunne ikke bekreftes ({exc.verify_message}). "
            "Bruker kommunen et eget sertifikat, oppgi det med «epost.ca_fil»."
        ) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailError(f"Får ikke kontakt med IMAP-serveren {where}: {_os_reason(exc)}.") from None
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
        raise MailError(
            f"IMAP-serveren {where} avviste innloggingen for «{settings.imap_user}». Sjekk «epost.imap_bruker» "
            f"og passordet i miljøvariabelen {IMAP_PASSWORD_VARIABLE}."
        ) from None
    except OSError as exc:
        raise MailError(f"Forbindelsen til IMAP-serveren {where} brøt: {_os_reason(exc)}.") from None
    return conn


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "tidsavbrudd"
    if isinstance(exc, ConnectionRefusedError):
        return "forbindelsen ble nektet"
    if isinstance(exc, socket.gaierror):
        return "finner ikke servernavnet"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


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
        raise MailError(f"IMAP-serveren avviste søket etter e-post ({_text(data)}).")
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
        raise MailError(f"IMAP-serveren ga ikke ut e-posten ({_text(data)}).")
    for item in data or ():
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _move(conn: imaplib.IMAP4, uid: bytes, done: str, capabilities: set[str]) -> None:
    target = _quote(done)
    if "MOVE" in capabilities:
        typ, data = conn.uid("MOVE", uid, target)
        if typ != "OK":
            raise MailError(f"Kunne ikke flytte e-posten til «{done}» ({_text(data)}).")
        return
    typ, data = conn.uid("COPY", uid, target)
    if typ != "OK":
        raise MailError(f"Kunne ikke kopiere e-posten til «{done}» ({_text(data)}).")
    # Only after the copy exists is the original marked; only it is expunged, and only
    # where the server can expunge one message (UIDPLUS). Without it, the flag stays.
    typ, data = conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
    if typ != "OK":
        raise MailError(f"Kunne ikke merke e-posten som flyttet ({_text(data)}).")
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
            raise ConfigError(f"Mappenavnet «{name}» kan ikke inneholde «{delimiter}» på denne e-postserveren.")
    return imap_utf7(delimiter.join(parts))


def _ensure_folder(conn: imaplib.IMAP4, folder: str) -> None:
    typ, data = conn.list('""', _quote(folder))
    if typ == "OK" and data and data[0] is not None:
        return
    typ, data = conn.create(_quote(folder))
    if typ != "OK":
        raise MailError(f"Kunne ikke lage mappen «{folder}» i postkassen ({_text(data)}).")
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


# -- receipts by SMTP -----------------------------------------------------------------------------


class _ReceiptSender:
    """One SMTP connection for a fetch, opened when the first receipt is due. A
    failure is reported, never fatal: the receipt file is written either way."""

    def __init__(self, settings: MailSettings, report: FetchReport):
        self.settings = settings
        self.report = report
        self.smtp: smtplib.SMTP | None = None
        self.broken = False

    def send(self, ws: Workspace, outcome: Outcome, found: MailSubmission) -> bool:
        if self.broken or outcome.receipt is None or not found.reply_to:
            return False
        try:
            message = receipt_message(self.settings, outcome, found)
            if self.smtp is None:
                self.smtp = smtp_connect(self.settings)
            self.smtp.send_message(message)
            return True
        except Exception as exc:  # noqa: BLE001 - a receipt must never cost the unit its submission
            reason = exc.message if isinstance(exc, IktplanError) else _smtp_reason(exc)
            self.report.receipt_errors.append(f"til {found.reply_to}: {reason}")
            log.info("kvittering ikke sendt: %s", reason)  # no address in the log
            if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                self.broken = True  # don't hammer a server that is down
            return False

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None


def _smtp_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"SMTP-serveren avviste innloggingen (sjekk «epost.smtp_bruker» og {SMTP_PASSWORD_VARIABLE})"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "SMTP-serveren tok ikke imot mottakeradressen"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"SMTP-serveren svarte {exc.smtp_code}"
    return _os_reason(exc)


def smtp_connect(settings: MailSettings) -> smtplib.SMTP:
    """A logged-in SMTP connection (login only when ``smtp_bruker`` is set)."""
    host, port = settings.smtp_server, settings.smtp_port
    try:
        if settings.smtp_tls == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=settings.timeout, context=_tls_context(settings))
        else:
            smtp = smtplib.SMTP(host, port, timeout=settings.timeout)
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=_tls_context(settings))
        if settings.smtp_user:
            _smtp_login(smtp, settings.smtp_user, _password(SMTP_PASSWORD_VARIABLE, "SMTP"))
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"Sertifikatet til SMTP-serveren {host}:{port} kunne ikke bekreftes ({exc.verify_message}). "
            "Bruker kommunen et eget sertifikat, oppgi det med «epost.ca_fil»."
        ) from None
    except smtplib.SMTPAuthenticationError:
        raise MailError(
            f"SMTP-serveren {host}:{port} avviste innloggingen for «{settings.smtp_user}». "
            "Sjekk «epost.smtp_bruker» "
            f"og passordet i miljøvariabelen {SMTP_PASSWORD_VARIABLE}."
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"Får ikke sendt via SMTP-serveren {host}:{port}: {_smtp_reason(exc)}.") from None
    return smtp


def _smtp_login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    smtp.ehlo_or_helo_if_needed()
    methods = smtp.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in methods:
        # smtplib's own login encodes as ASCII and fails on a password with æøå.
        token = base64.b64encode(f"\0{user}\0{password}".encode("utf-8")).decode("ascii")
        code, response = smtp.docmd("AUTH", "PLAIN " + token)
        if code not in (235, 503):
            raise smtplib.SMTPAuthenticationError(code, response)
        return
    smtp.login(user, password)


def receipt_subject(outcome: Outcome) -> str:
    r = outcome.record
    return f"Kvittering: {r.original_name} – {_STATUS_WORDS.get(r.status, r.status)}"


def receipt_message(settings: MailSettings, outcome: Outcome, found: MailSubmission) -> EmailMessage:
    """The receipt as an e-mail to the sender: the receipt file's text, as a reply."""
    assert outcome.receipt is not None
    text = outcome.receipt.read_text(RECEIPT_ENCODING)
    msg = EmailMessage()
    msg["From"] = settings.sender_address or ""
    msg["To"] = found.reply_to or ""
    msg["Subject"] = " ".join(receipt_subject(outcome).split())[:200]
    msg["Date"] = formatdate(localtime=True)
    domain = parseaddr(settings.sender_address or "")[1].rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid("iktplan", domain=domain)
    if found.message_id:
        msg["In-Reply-To"] = found.message_id
        msg["References"] = found.message_id
    # RFC 3834: an automatic answer, which auto-responders must not answer in turn.
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(text)
    return msg
