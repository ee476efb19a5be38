"""Names from outside — file names in the inbox, attachment names in e-mail —
as text a person can read and every part of the pipeline can write. Pure.

A name is untrusted text. A file name is whatever bytes the file system holds:
Latin-1 from a zip unpacked on Windows, or from a share mounted with the wrong
character set, reaches Python as lone surrogates (``os`` decodes names with
``surrogateescape``), which SQLite, the receipts, the terminal and SMTP all refuse.
An attachment name may carry control characters, a right-to-left override that
makes ``…exe`` look like ``….xlsx``, invisible characters, or a thousand
characters. :func:`printable_name` turns any of these into one line of valid,
visible Unicode (NFC) for receipts, the store, the status and the terminal;
:func:`name_key` keeps the exact name, reversibly, so an interrupted run can
recognise the very file it had begun. Neither ever decides where anything is
written (that is :func:`pipeline.core.receipts.safe_name`).
"""

from __future__ import annotations

import codecs
import unicodedata

#: A name longer than this (in characters) is shortened in the middle when shown.
MAX_NAME_CHARS = 255
NO_NAME = "(uten navn)"

# Bidirectional controls reorder what is shown (U+202E makes «fdp.xlsx» read «xslx.pdf»):
# shown as «?», never obeyed.
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
# The zero-width joiner holds emoji such as 👩‍💻 together; other invisible format
# characters (zero-width space, soft hyphen, byte order mark, word joiner) are dropped.
_KEEP_FORMAT = {"\u200d"}


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """*data* as text: in the *declared* character set when it is a known one
    and the bytes fit it, else UTF-8, else Windows-1252 (Latin-1 as Windows
    writes it), which never fails."""
    for charset in (declared, "utf-8"):
        if not charset:
            continue
        try:
            codecs.lookup(charset)
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    return data.decode("cp1252", "replace")


def without_surrogates(text: str) -> str:
    """*text* with undecodable bytes (lone surrogates from ``surrogateescape``)
    read as UTF-8, else Windows-1252; any other lone surrogate becomes U+FFFD."""
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate that is no escaped byte
            raw = text.encode("utf-8", "replace")
        text = decode_bytes(raw)
    return text


def printable_name(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """*name* as one line of visible, valid Unicode in NFC: undecodable bytes read
    as UTF-8 or Windows-1252, control characters, line separators and
    bidirectional controls shown as «?», invisible format characters dropped,
    white space at the ends removed, and a name longer than *limit* characters
    shortened in the middle (keeping its extension). :data:`NO_NAME` if nothing
    is left."""
    text = unicodedata.normalize("NFC", without_surrogates(name))
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Zl", "Zp", "Cs") or ch in _BIDI:
            out.append("?")
        elif category == "Cf" and ch not in _KEEP_FORMAT:
            continue
        else:
            out.append(ch)
    text = "".join(out).strip()
    if len(text) > limit:
        _, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and 0 < len(ext) <= 8 else ""
        body = text[: len(text) - len(ext)]
        room = max(limit - 1 - len(ext), 2)  # characters of the body kept around the «…»
        head, tail = room - room // 3, room // 3
        text = body[:head] + "…" + (body[len(body) - tail :] if tail else "") + ext
    return text or NO_NAME


def name_key(name: str) -> str:
    """The exact name, as valid text: the same file name always gives the same
    key and two different names never do (bytes that are not UTF-8 are written
    ``\\xNN``). For the store's record of where a file came from."""
    if not _has_surrogates(name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)
