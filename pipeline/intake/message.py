"""E-mail messages, parsed: the forms attached to a message, and who sent it.

Pure: the bytes of an RFC 5322 message (an ``.eml`` file saved from Outlook or
Thunderbird, or a message fetched over IMAP) in, a :class:`MailSubmission` out —
the sender, the attached forms with their names and bytes, whether it is an
automatic message, and the attachments left out and why. No store, no workspace:
:func:`pipeline.intake.receive.receive_message` records what this module found,
so an attached form gets exactly the checks, archive and receipt a form from the
folder gets.

Attachment names are untrusted text. They are kept as metadata only (cleaned
into valid Unicode, NFC); nothing is ever written under them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses
from typing import NamedTuple

from pipeline.forms.sniff import MAX_FILE_BYTES

#: A message larger than this is not parsed at all (it is kept and answered).
MAX_MESSAGE_BYTES = 60 * 1024 * 1024
#: An attachment larger than this is not decoded (the form check would refuse it anyway).
MAX_ATTACHMENT_BYTES = MAX_FILE_BYTES
#: Attachments taken from one message; more than this is not a unit sending its form.
MAX_FORMS_PER_MESSAGE = 20

# Spreadsheet-looking attachments become submissions, so a unit that sends .xls or
# .ods gets the form check's precise advice ("save as .xlsx") in its receipt.
FORM_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".xlt")
FORM_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml",
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/excel",
    "application/x-excel",
    "application/x-msexcel",
)
_TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")


class Attachment(NamedTuple):
    """One attached form: its name as the sender wrote it (metadata only) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Skipped:
    """An attachment that is not taken as a form, and why (Norwegian, for receipts and logs)."""

    name: str
    reason: str


@dataclass
class MailSubmission:
    """What one message holds for the pipeline."""

    sender: str | None  # "Navn <adresse>" from From:; None if the message has none we can read
    reply_to: str | None  # the bare address a receipt goes to (Reply-To, else From); None: nowhere
    subject: str
    message_id: str | None  # None: the message has no Message-ID
    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    automatic: bool = False  # an auto-reply, bounce or list mail: never answered, never recorded
    too_large: bool = False  # the message itself exceeded MAX_MESSAGE_BYTES and was not parsed

    @property
    def has_forms(self) -> bool:
        return bool(self.attachments)


def parse_message(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)  # type: ignore[return-value]


def submissions_from_message(data: bytes) -> MailSubmission:
    """The forms attached to the RFC 5322 message *data* (nested forwarded messages
    included), the sender, and the attachments that were left out and why. Pure."""
    if len(data) > MAX_MESSAGE_BYTES:
        head = parse_message(_headers_only(data))
        result = _envelope(head)
        result.too_large = True
        return result
    msg = parse_message(data)
    result = _envelope(msg)
    for part in _leaves(msg):
        _take(part, result)
    return result


def _headers_only(data: bytes) -> bytes:
    end = data.find(b"\r\n\r\n")
    if end < 0:
        end = data.find(b"\n\n")
    return data[: end if 0 <= end < 1_000_000 else 1_000_000] + b"\r\n\r\n"


def _envelope(msg: Message) -> MailSubmission:
    sender = _first_address(msg, "From")
    reply = _first_address(msg, "Reply-To") or sender
    return MailSubmission(
        sender=sender[0] if sender else None,
        reply_to=reply[1] if reply else None,
        subject=_header_text(msg, "Subject"),
        message_id=_header_text(msg, "Message-ID") or None,
        automatic=is_automatic(msg),
    )


def _first_address(msg: Message, name: str) -> tuple[str, str] | None:
    """("Navn <adresse>", "adresse") for the first address in header *name*, or None."""
    try:
        header = msg.get(name)
        if header is None:
            return None
        addresses = getattr(header, "addresses", None)
        if addresses:
            a = addresses[0]
            if a.addr_spec and "@" in a.addr_spec:
                return clean_text(str(a)), clean_text(a.addr_spec)
        pairs = getaddresses([str(header)])
    except Exception:  # noqa: BLE001 - a malformed header must not lose the message
        return None
    for display, addr in pairs:
        if "@" in addr:
            display = clean_text(display)
            addr = clean_text(addr)
            return (f"{display} <{addr}>" if display else addr), addr
    return None


def _header_text(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001
        return ""
    return clean_text(" ".join(str(value).split())) if value is not None else ""


def is_automatic(msg: Message) -> bool:
    """An auto-reply, delivery report or list mail (RFC 3834): answering it could
    start a mail loop between two robots."""
    auto = _header_text(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if _header_text(msg, "Precedence").lower() in ("bulk", "junk", "list", "auto_reply"):
        return True
    if any(msg.get(h) is not None for h in ("X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe")):
        return True
    if _header_text(msg, "Return-Path") == "<>":
        return True
    if msg.get_content_type() == "multipart/report":
        return True
    sender = _header_text(msg, "From").lower()
    return any(s in sender for s in ("mailer-daemon", "postmaster@"))


def _leaves(msg: Message):
    """Every non-multipart part, including those inside attached messages."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        yield part


def _take(part: Message, result: MailSubmission) -> None:
    name = _part_name(part)
    ctype = part.get_content_type()
    disposition = part.get_content_disposition()
    if ctype in _TNEF_TYPES or (name or "").lower() == "winmail.dat":
        result.skipped.append(Skipped(name or "winmail.dat", TNEF_REASON))
        return
    if not name and (disposition != "attachment" or ctype.startswith("text/")):
        return  # the message text itself, or an unnamed inline part
    looks_like_form = _looks_like_form(name, ctype)
    if not looks_like_form and disposition == "inline" and ctype.startswith("image/"):
        return  # logos in signatures
    estimated = _estimated_size(part)
    if estimated > MAX_ATTACHMENT_BYTES:
        result.skipped.append(
            Skipped(
                name or "(uten navn)",
                f"Vedlegget er for stort (omtrent {estimated // (1024 * 1024)} MB) og er ikke åpnet. "
                "Et utfylt kartleggingsskjema er vanligvis under 1 MB.",
            )
        )
        return
    if not looks_like_form:
        data = _payload(part)
        if not (data and _sniffs_like_workbook(data)):
            result.skipped.append(Skipped(name or "(uten navn)", "ikke et Excel-skjema"))
            return
    else:
        data = _payload(part)
    if len(result.attachments) >= MAX_FORMS_PER_MESSAGE:
        result.skipped.append(
            Skipped(
                name or "(uten navn)",
                f"E-posten har mer enn {MAX_FORMS_PER_MESSAGE} skjemaer; resten er ikke tatt med.",
            )
        )
        return
    result.attachments.append(Attachment(name or f"vedlegg-{len(result.attachments) + 1}.xlsx", data or b""))


TNEF_REASON = (
    "Outlook sendte vedlegget som «winmail.dat», et format bare Outlook kan åpne, så skjemaet kom ikke fram. "
    "Send e-posten på nytt formatert som HTML eller ren tekst (i Outlook: Formater tekst → HTML), "
    "med skjemaet lagt ved."
)


def _part_name(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - broken parameters: treat as unnamed
        name = None
    if name and "\ufffd" in name:
        name = _raw_filename(part) or name
    if not name:
        return None
    name = clean_text(name).strip()
    return name or None


_RAW_NAME = re.compile(r'(?:^|;)\s*(?:file)?name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))', re.IGNORECASE)


def _raw_filename(part: Message) -> str | None:
    """The file name from the header as stored, before the parser replaced
    undecodable bytes (a Latin-1 name sent unencoded) with U+FFFD."""
    for wanted in ("content-disposition", "content-type"):
        for key, value in part.raw_items():
            if key.lower() == wanted:
                match = _RAW_NAME.search(str(value))
                if match:
                    return match.group(1) if match.group(1) is not None else match.group(2)
    return None


def _looks_like_form(name: str | None, ctype: str) -> bool:
    if name and name.lower().rstrip(" .").endswith(FORM_SUFFIXES):
        return True
    return ctype.startswith(FORM_TYPES)


def _sniffs_like_workbook(data: bytes) -> bool:
    """An unnamed or oddly named attachment whose bytes are a spreadsheet."""
    if data.startswith(b"PK") and b"xl/" in data[:200_000]:
        return True
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and "Workbook".encode("utf-16-le") in data


def _estimated_size(part: Message) -> int:
    raw = part.get_payload(decode=False)
    if not isinstance(raw, str):
        return 0
    if (part.get("Content-Transfer-Encoding") or "").strip().lower() == "base64":
        return len(raw) * 3 // 4
    return len(raw)


def _payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Valid Unicode in NFC: undecodable header bytes (kept by the parser as
    surrogate escapes) are read as UTF-8, else Windows-1252, and control characters
    other than tab and newline become «?»."""
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raw = text.encode("utf-8", "surrogateescape")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "replace")
    text = text.encode("utf-8", "replace").decode("utf-8")  # any other lone surrogate
    return unicodedata.normalize("NFC", _CONTROL.sub("?", text))


# -- what a message without a form is called and told -------------------------------------------


def no_form_message(found: MailSubmission) -> str:
    """The rejection a unit reads when its message had no form attached."""
    if found.too_large:
        return (
            f"E-posten er for stor (over {MAX_MESSAGE_BYTES // (1024 * 1024)} MB) til å åpnes. "
            "Send bare det utfylte kartleggingsskjemaet (.xlsx) som vedlegg."
        )
    lines = ["E-posten hadde ikke kartleggingsskjemaet vedlagt (vi fant ingen Excel-fil)."]
    if found.skipped:
        lines.append(
            "Vedlegg vi fant: " + "; ".join(f"«{s.name}» – {s.reason}" for s in found.skipped) + "."
        )
    lines.append("Legg ved det utfylte skjemaet (.xlsx) og send e-posten på nytt.")
    return " ".join(lines)


def message_name(found: MailSubmission) -> str:
    """The name a message is known by in receipts when it is kept as a whole."""
    subject = found.subject.strip() or "e-post uten emne"
    return f"{subject[:120]}.eml"
