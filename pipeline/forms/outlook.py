"""Outlook messages saved as files (``.msg``): who sent one, and what is attached.

A unit that drags an e-mail from Outlook to the inbox share, or saves it with
«Lagre som», delivers a ``.msg``: an OLE compound file (MS-OXMSG) with the
message's properties in ``__substg1.0_…`` streams and each attachment in a
``__attach_version1.0_#…`` storage. :func:`read_outlook` takes the attachments
out; :mod:`pipeline.intake` then treats them as the attachments of an e-mail.

Read with python-oxmsg (MIT; by the author of python-docx, on olefile), not with
extract-msg, which is GPL-licensed and pulls in seven packages for bodies and
RTF this needs none of. The bytes are untrusted: call this in the parse worker
(:mod:`pipeline.intake.worker`), with its time and memory limits; it needs at
most a few times the file's size, which the intake bounds. Nothing is written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

#: PidTagAttachMethod values (MS-OXCMSG 2.2.2.9).
BY_VALUE = 1
EMBEDDED_MESSAGE = 5
OLE_OBJECT = 6
_BY_REFERENCE = (2, 3, 4, 7)  # a path, a link or a web reference (OneDrive/SharePoint): not the file itself

_LONG_FILENAME, _FILENAME, _DISPLAY_NAME = 0x3707, 0x3704, 0x3001
_METHOD, _MIME_TAG, _CONTENT_ID, _HIDDEN, _FLAGS = 0x3705, 0x370E, 0x3712, 0x7FFE, 0x3714
_RENDERED_IN_BODY = 0x4  # PidTagAttachFlags attRenderedInBody: a picture in the text


class OutlookError(Exception):
    """The bytes are not an Outlook message that can be read."""


@dataclass(frozen=True)
class OutlookAttachment:
    """One attachment: its name as the sender wrote it (None: it has none), its
    bytes (None: not attached by value — a link, an embedded message or an OLE
    object), how it is attached, and whether it is a picture shown in the text."""

    name: str | None
    data: bytes | None
    method: int | None
    mime_type: str | None
    in_text: bool = False


@dataclass(frozen=True)
class OutlookMessage:
    sender: str | None  # as the message has it: a From: header or «"Navn" <adresse>»; None: not recorded
    subject: str
    attachments: tuple[OutlookAttachment, ...]


def read_outlook(data: bytes) -> OutlookMessage:
    """The sender, subject and attachments of the ``.msg`` *data*. Raises
    :class:`OutlookError` when it cannot be read."""
    import olefile
    from oxmsg import Message  # only when a .msg comes

    try:
        # olefile reads a damaged file as far as it can (a truncated .msg gives a
        # message without subject or attachments); checked strictly first, a
        # damaged file is refused as damaged.
        with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            if not ole.exists("__properties_version1.0"):
                raise OutlookError("ingen egenskaper")
        message = Message.load(io.BytesIO(data))
        attachments = tuple(_attachment(a) for a in message.attachments)
        sender = _quiet(lambda: message.sender)
        subject = _quiet(lambda: message.subject) or ""
    except OutlookError:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile and oxmsg fail in many ways on a broken file
        raise OutlookError(type(exc).__name__) from None
    return OutlookMessage(sender=sender, subject=subject, attachments=attachments)


def _attachment(attachment) -> OutlookAttachment:
    props = attachment.properties
    name = None
    for pid in (_LONG_FILENAME, _FILENAME, _DISPLAY_NAME):
        name = _quiet(lambda: props.str_prop_value(pid))
        if name:
            break
    method = _quiet(lambda: props.int_prop_value(_METHOD))
    data = _quiet(lambda: attachment.file_bytes) if method in (BY_VALUE, None) else None
    mime = _quiet(lambda: props.str_prop_value(_MIME_TAG))
    flags = _quiet(lambda: props.int_prop_value(_FLAGS)) or 0
    hidden = bool(_quiet(lambda: _value(props, _HIDDEN)))
    in_text = hidden or bool(flags & _RENDERED_IN_BODY) or bool(
        (mime or "").startswith("image/") and _quiet(lambda: props.str_prop_value(_CONTENT_ID)))
    return OutlookAttachment(name=name or None, data=data, method=method, mime_type=mime, in_text=in_text)


def _value(props, pid: int):
    prop = props._properties_mapping.get(pid)  # noqa: SLF001 - oxmsg has no public getter for booleans
    return None if prop is None else prop.value


def _quiet(get):
    """One property: a damaged one is missing, not a reason to lose the others."""
    try:
        return get()
    except Exception:  # noqa: BLE001
        return None
