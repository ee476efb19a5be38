"""The one normaliser: when two texts people typed are the same name, code or choice.

Names arrive copied out of Teams, SharePoint, Word and e-mail, and carry
characters nobody sees: zero-width spaces, soft hyphens, byte order marks,
non-breaking spaces, direction marks, decomposed letters (``a`` + combining
ring instead of ``å``). «Teknisk\\u200b drift» and «Teknisk drift» look the
same in Excel, in ``iktplan status`` and in the documents, so they must be the
same unit. Every identity (unit names, unit and sub-goal codes, service areas,
system names, dropdown values, headers) is compared through :func:`key`, and
names people read are shown through :func:`clean`.

Pure: no I/O, imports nothing from the project.

Changing :func:`key` changes identities already kept in a store: raise
:data:`KEY_VERSION`, and the store re-keys its rows when it is opened
(:mod:`pipeline.intake.store`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Raised whenever :func:`key` changes meaning; the store re-keys older rows.
#: 1: NFC, spaces collapsed, case-folded. 2: also NFKC and without invisible characters.
KEY_VERSION = 2

# Characters with no visible glyph of their own: Unicode's format characters
# (category Cf) such as the zero-width space U+200B, soft hyphen U+00AD, byte
# order mark U+FEFF, word joiner U+2060, direction marks and isolates. Spelled
# out, not computed, because scanning the code space costs half a second per
# start; tests/core/test_identity.py checks the list against ``unicodedata``.
_FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
           "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
           "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
# Control characters other than tab and the line breaks are invisible too (and
# XML 1.0 forbids most of them).
_CONTROL = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
# The zero-width joiner (U+200D) and the tag characters (U+E0020–E007F) stay in
# text people read, because emoji are built with them (👩‍💻, flags of regions).
_INVISIBLE_IN_TEXT = re.compile("[" + _CONTROL + _FORMAT.replace("\u200b-\u200f", "\u200b\u200c\u200e\u200f")
                                .replace("\U000e0020-\U000e007f", "") + "]")
# In an identity, also the default-ignorable characters that are not Cf: the
# combining grapheme joiner, Hangul fillers, Mongolian and other variation selectors.
_IGNORABLE = re.compile("[" + _CONTROL + _FORMAT + "\u034f\u115f\u1160\u3164\uffa0\u180b-\u180d\u180f\ufe00-\ufe0f"
                        "\U000e0100-\U000e01ef]")
#: Space separators other than the plain space (no-break, narrow no-break,
#: thin, em, ideographic …): Unicode category Zs without U+0020.
ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ODD_SPACE = re.compile("[" + ODD_SPACES + "]")
# Line breaks in any convention; Word's Shift+Enter arrives as U+000B, its
# line and paragraph separators as U+2028/U+2029.
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def clean(text: str) -> str:
    """*text* as its writer meant it: Unicode NFC, invisible characters removed,
    odd spaces made plain, every line break ``\\n``, outer whitespace removed.
    Inner spaces and line breaks are kept (see :func:`one_line` for names)."""
    text = _INVISIBLE_IN_TEXT.sub("", unicodedata.normalize("NFC", text))
    text = _LINE_BREAK.sub("\n", _ODD_SPACE.sub(" ", text))
    return text.strip()


def one_line(text: str) -> str:
    """A name as it should be shown: :func:`clean`, with every run of spaces
    and line breaks made one space (``" Teknisk \\n drift"`` → ``"Teknisk drift"``)."""
    return " ".join(clean(text).split())


@lru_cache(maxsize=1 << 14)  # the same options, headers and names are compared over and over
def key(text: str) -> str:
    """The identity of a name, code or choice: what two spellings must share to
    be the same. Without invisible characters, in Unicode compatibility form
    (NFKC: full-width letters, ligatures and odd spaces become plain ones),
    case-folded, with single spaces and no outer whitespace.
    ``"\\ufeffTek\\u00adnisk\\u200b  DRIFT "`` → ``"teknisk drift"``."""
    text = _IGNORABLE.sub("", unicodedata.normalize("NFKC", text))
    text = unicodedata.normalize("NFKC", text.casefold())  # case folding can undo NFKC (e.g. «ǅ»)
    return " ".join(_IGNORABLE.sub("", text).split())


def same(a: str | None, b: str | None) -> bool:
    """Are *a* and *b* the same name (``None`` is the same only as ``None``)?"""
    if a is None or b is None:
        return a is b
    return key(a) == key(b)
