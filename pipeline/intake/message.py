"""E-mail messages, parsed: the forms attached to a message, and who sent it.

Pure: the bytes of an RFC 5322 message (an ``.eml`` file saved from Outlook or
Thunderbird, or a message fetched over IMAP) in, a :class:`MailSubmission` out —
the sender, the attached forms with their names and bytes, whether it is an
automatic message, and the attachments left out and why. No store, no workspace:
:func:`pipeline.intake.receivemessage.receive_message` records what this module found,
so an attached form gets exactly the checks, archive and receipt a form from the
folder gets.

Attachment names are untrusted text. They are kept as metadata only (see
:func:`pipeline.core.names.printable_name`); nothing is ever written under them.
A name in a wrong or unknown character set (RFC 2047 or 2231) is read as UTF-8,
else Windows-1252, never as replacement characters.

Nothing in a message is dropped in silence: an attachment that is not taken as a
form (not a spreadsheet, too large, an Outlook ``winmail.dat``, beyond
:data:`MAX_FORMS_PER_MESSAGE`) is listed in :attr:`MailSubmission.skipped` with
why, and the message is then kept whole with a receipt naming each one
(:func:`kept_message_errors`). Only the message text, pictures in it and
signatures are not attachments.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses
from typing import NamedTuple

from pipeline.core.names import NO_NAME, decode_bytes, printable_name, without_surrogates
from pipeline.forms.outlook import EMBEDDED_MESSAGE, OLE_OBJECT, OutlookMessage
from pipeline.forms.sniff import MAX_FILE_BYTES, is_outlook_message
from pipeline.i18n import Msg, nMsg, pMsg

#: A message larger than this is not parsed at all (it is kept and answered).
MAX_MESSAGE_BYTES = 60 * 1024 * 1024
#: An attachment larger than this is not decoded (the form check would refuse it anyway).
MAX_ATTACHMENT_BYTES = MAX_FILE_BYTES
#: Forms taken from one message. A head of service sends all her units' forms at
#: once (30 is normal); the bound only keeps a hostile message from costing hours.
#: The attachments beyond it stay in the message, which is kept and answered.
MAX_FORMS_PER_MESSAGE = 200

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
# Parts of the message itself, not attachments: signatures (S/MIME, PGP) and the
# machine-readable parts of a delivery report.
_STRUCTURE_TYPES = (
    "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
    "application/pgp-keys", "message/delivery-status", "message/disposition-notification", "text/rfc822-headers",
)
_OUTLOOK_TYPES = ("application/vnd.ms-outlook", "application/x-ms-outlook")


class Attachment(NamedTuple):
    """One attached form: its name as the sender wrote it (metadata only) and its bytes."""

    name: str
    data: bytes


#: An attachment without a file name, as a receipt names it.
UNNAMED = pMsg("file", "(uten navn)")


@dataclass(frozen=True)
class Skipped:
    """An attachment that is not taken as a form, and why (Norwegian, for receipts and logs)."""

    name: str | Msg  # the attachment's file name, or :data:`UNNAMED`
    reason: Msg | str  # a message (plain text from code before issue 14)


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


def submissions_from_outlook(message: OutlookMessage) -> MailSubmission:
    """The forms attached to an Outlook message saved as a file (read by
    :func:`pipeline.forms.outlook.read_outlook`), chosen as an e-mail's are."""
    sender = _first_address(parse_message(f"From: {message.sender}\r\n\r\n".encode("utf-8", "surrogateescape")),
                            "From") if message.sender else None
    result = MailSubmission(sender=sender[0] if sender else None, reply_to=None,
                            subject=clean_text(" ".join(message.subject.split())), message_id=None)
    for attachment in message.attachments:
        name = _visible_name(attachment.name)
        ctype = (attachment.mime_type or "application/octet-stream").lower()
        if attachment.in_text and not _looks_like_form(name, ctype):
            continue  # a picture in the text
        if attachment.data is None:
            result.skipped.append(Skipped(name or UNNAMED, _NOT_BY_VALUE.get(attachment.method, _LINK_REASON)))
        elif len(attachment.data) > MAX_ATTACHMENT_BYTES:
            result.skipped.append(Skipped(name or UNNAMED, _too_large(len(attachment.data))))
        else:
            _take_bytes(result, name, ctype, attachment.data)
    return result


_LINK_REASON = Msg(
    "Vedlegget er en lenke til en fil (for eksempel i OneDrive eller SharePoint), ikke selve filen. Legg ved en "
    "kopi av skjemaet: i Outlook, velg pilen ved vedlegget → «Legg ved som kopi»."
)
_NOT_BY_VALUE = {
    None: Msg("Vedlegget kunne ikke leses ut av meldingen (delen er skadet). Legg ved selve skjemaet (.xlsx) på "
              "nytt."),
    EMBEDDED_MESSAGE: Msg("Vedlegget er en annen e-post lagt inn i meldingen. Legg ved selve skjemaet (.xlsx) i "
                          "stedet."),
    OLE_OBJECT: Msg("Vedlegget er et innebygd objekt, ikke en fil. Legg ved selve skjemaet (.xlsx) i stedet."),
}


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
                return printable_name(clean_text(str(a))), printable_name(clean_text(a.addr_spec))
        pairs = getaddresses([str(header)])
    except Exception:  # noqa: BLE001 - a malformed header must not lose the message
        return None
    for display, addr in pairs:
        if "@" in addr:
            display = clean_text(display)
            addr = clean_text(addr)
            return printable_name(f"{display} <{addr}>" if display else addr), printable_name(addr)
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
    if ctype in _STRUCTURE_TYPES:
        return
    if ctype in _TNEF_TYPES or (name or "").lower() == "winmail.dat":
        result.skipped.append(Skipped(name or "winmail.dat", TNEF_REASON))
        return
    if not name and (disposition != "attachment" or ctype.startswith("text/")):
        return  # the message text itself, or an unnamed inline part
    looks_like_form = _looks_like_form(name, ctype)
    if not looks_like_form and ctype.startswith("image/") and (disposition == "inline" or part.get("Content-ID")):
        return  # logos in signatures, pictures in the text
    estimated = _estimated_size(part)
    if estimated > MAX_ATTACHMENT_BYTES:
        result.skipped.append(Skipped(name or UNNAMED, _too_large(estimated)))
        return
    _take_bytes(result, name, ctype, _payload(part))


def _too_large(size: int) -> Msg:
    return Msg("Vedlegget er for stort (omtrent {mb} MB) og er ikke åpnet. Et utfylt kartleggingsskjema er "
               "vanligvis under 1 MB.", mb=size // (1024 * 1024))


def _take_bytes(result: MailSubmission, name: str | None, ctype: str, data: bytes) -> None:
    """One attachment with its bytes: taken as a form, or listed as skipped with why."""
    shown = name or UNNAMED
    looks_like_form = _looks_like_form(name, ctype)
    if ctype in _OUTLOOK_TYPES or (name or "").lower().endswith(".msg") or _is_outlook(data):
        result.skipped.append(Skipped(shown, OUTLOOK_REASON))
        return
    if not looks_like_form and not (data and _sniffs_like_workbook(data)):
        result.skipped.append(Skipped(shown, Msg("Vedlegget er ikke et Excel-skjema og er ikke registrert.")))
        return
    if len(result.attachments) >= MAX_FORMS_PER_MESSAGE:
        result.skipped.append(Skipped(
            shown,
            Msg("E-posten har flere enn {n} skjemaer, og vi tar høyst {n} fra én e-post. Send dette skjemaet i en "
                "ny e-post.", n=MAX_FORMS_PER_MESSAGE),
        ))
        return
    result.attachments.append(Attachment(name or f"vedlegg-{len(result.attachments) + 1}.xlsx", data))


TNEF_REASON = Msg(
    "Outlook sendte vedlegget som «winmail.dat», et format bare Outlook kan åpne, så skjemaet kom ikke fram. "
    "Send e-posten på nytt formatert som HTML eller ren tekst (i Outlook: Formater tekst → HTML), "
    "med skjemaet lagt ved."
)
OUTLOOK_REASON = Msg(
    "Vedlegget er en Outlook-melding (.msg) lagt ved e-posten. Legg ved selve skjemaet (.xlsx) i stedet: "
    "åpne meldingen, høyreklikk på skjemaet og velg «Lagre som», og legg ved den lagrede filen."
)


def _visible_name(raw: str | None) -> str | None:
    """*raw* as a printable file name; None when nothing visible is left (the receipt
    then says :data:`UNNAMED` in its own language, not :data:`~pipeline.core.names.NO_NAME`)."""
    name = printable_name(raw) if raw and raw.strip() else ""
    return name if name and name != NO_NAME else None


def _part_name(part: Message) -> str | None:
    """The attachment's file name (``filename`` of Content-Disposition, else ``name``
    of Content-Type), decoded whatever character set it claims; None if it has none."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = _raw_header(part, header)
        if raw is None:
            continue
        try:
            holder = Message()  # compat32: parameters parsed from the header as it was sent
            holder[header] = without_surrogates(raw)  # raw 8-bit bytes: UTF-8, else Windows-1252
            value = holder.get_param(param, header=header)
        except Exception:  # noqa: BLE001 - broken parameters: no name from this header
            continue
        name = _visible_name(_decoded_param(value) if value else "")
        if name:
            return name
    return None


def _raw_header(part: Message, wanted: str) -> str | None:
    for key, value in part.raw_items():
        if key.lower() == wanted:
            return str(value)
    return None


def _decoded_param(value) -> str:
    """A parameter value as text. RFC 2231 (``filename*=charset\'\'%XX``) gives
    (charset, language, text with each byte as one character); RFC 2047 encoded
    words may stand in a plain value (Outlook, Gmail); raw 8-bit bytes arrive as
    surrogate escapes. Bytes are read in the declared character set when they fit
    it, else as UTF-8, else as Windows-1252."""
    if isinstance(value, tuple):
        charset, _, text = value
        raw = text.encode("latin-1", "surrogateescape") if isinstance(text, str) else bytes(text or b"")
        return decode_bytes(raw, charset)
    text = str(value)
    if "=?" in text and "?=" in text:
        try:
            pieces = decode_header(text)
        except Exception:  # noqa: BLE001 - not encoded words after all
            pieces = [(text, None)]
        return "".join(p if isinstance(p, str) else decode_bytes(p, c) for p, c in pieces)
    return without_surrogates(text)


def _looks_like_form(name: str | None, ctype: str) -> bool:
    if name and name.lower().rstrip(" .").endswith(FORM_SUFFIXES):
        return True
    return ctype.startswith(FORM_TYPES)


def _sniffs_like_workbook(data: bytes) -> bool:
    """An unnamed or oddly named attachment whose bytes are a spreadsheet."""
    if data.startswith(b"PK") and b"xl/" in data[:200_000]:
        return True
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and "Workbook".encode("utf-16-le") in data


def _is_outlook(data: bytes) -> bool:
    return is_outlook_message(data)


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
    return unicodedata.normalize("NFC", _CONTROL.sub("?", without_surrogates(text)))


# -- what a message without a form is called and told -------------------------------------------


def must_keep(found: MailSubmission) -> bool:
    """The message is kept whole (and answered): it had no form, or something in
    it was not taken as a form."""
    return not found.attachments or bool(found.skipped)


#: What a message kept whole is called at the start of a sentence in its receipt.
EMAIL = pMsg("message kept", "E-posten")
OUTLOOK_MESSAGE = pMsg("message kept", "Outlook-meldingen")


def kept_message_errors(found: MailSubmission, what: Msg | str = EMAIL) -> tuple[tuple[Msg, ...], tuple[Msg, ...]]:
    """(errors, remarks) in the receipt of a message kept whole: why no form was
    registered from it, and each attachment not taken with why. *what* names the
    message (:data:`EMAIL`, :data:`OUTLOOK_MESSAGE`)."""
    if found.too_large:
        return (
            Msg("{what} er for stor (over {mb} MB) til å åpnes. Send bare det utfylte kartleggingsskjemaet (.xlsx) "
                "som vedlegg.", what=what, mb=MAX_MESSAGE_BYTES // (1024 * 1024)),
        ), ()
    errors = [Msg("{name}: {reason}", name=pMsg("quote", "«{text}»", text=s.name), reason=s.reason)
              for s in found.skipped]
    remarks: tuple[Msg, ...] = ()
    if not found.attachments:
        errors.insert(0, Msg("{what} hadde ikke kartleggingsskjemaet vedlagt (vi fant ingen Excel-fil). Legg ved "
                             "det utfylte skjemaet (.xlsx) og send det på nytt.", what=what))
    else:
        remarks = (nMsg("{n} skjema fra den samme meldingen er behandlet hver for seg og har fått egen kvittering. Det "
                        "trenger du ikke sende på nytt.",
                        "{n} skjemaer fra den samme meldingen er behandlet hver for seg og har fått egen kvittering. "
                        "De trenger du ikke sende på nytt.", len(found.attachments)),)
    return tuple(errors), remarks


def message_name(found: MailSubmission) -> str:
    """The name a message is known by in receipts when it is kept as a whole."""
    subject = printable_name(found.subject[:120]) if found.subject.strip() else "e-post uten emne"
    return f"{subject}.eml"
