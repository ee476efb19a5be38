"""Formats for what people read: ``1 250 000 kr``, ``15.03.2027``, in the workspace's language.

Used by receipts, the overview and the documents, so a number looks the same
everywhere. A no-break space (U+00A0 – in Word safer than U+202F, which some
fonts lack) keeps ``1 250 000`` on one line.

**The convention** (issue 14): every function takes ``lang``, a
:class:`~pipeline.i18n.Lang` – ``None`` means bokmål, the output this module has
always had, so existing callers need no change. New and swept code passes the
workspace's language (``fmt.kroner(x, lang=config.lang)``) or calls the same
format on the language itself (``lang.kroner(x)``); the two are one
implementation (:mod:`pipeline.i18n.formats`, on Babel's CLDR data)::

    fmt.kroner(1_250_000)                         # «1 250 000 kr»
    fmt.kroner(1_250_000, lang=Lang.for_code("da"))  # «1.250.000 kr.»

Text around the numbers belongs in the catalogue, not here (docs/sprak.md).
"""

from __future__ import annotations

from datetime import date, datetime

from pipeline.i18n import Lang
from pipeline.i18n.formats import NBSP

__all__ = ["NBSP", "number", "kroner", "amount", "percent", "day", "long_day", "timestamp", "file_stamp", "plural"]


def _lang(lang: Lang | None) -> Lang:
    return lang if lang is not None else Lang.source()


def number(value: float | int | None, decimals: int = 0, lang: Lang | None = None) -> str:
    """``1250000`` → ``1 250 000``; ``None`` → empty string; negative with a minus sign."""
    return _lang(lang).number(value, decimals)


def kroner(value: float | int | None, lang: Lang | None = None) -> str:
    """``1250000`` → ``1 250 000 kr`` (da ``1.250.000 kr.``); ``None`` → empty string."""
    return _lang(lang).kroner(value)


def amount(value: float | int | None, lang: Lang | None = None) -> str:
    """An amount in running text, rounded for a reader: ``6280134`` → ``6,3 mill. kr``
    (da ``6,3 mio. kr.``), ``488737`` → ``489 000 kr``, ``8540`` → ``8 500 kr``,
    ``2_400_000_000`` → ``2,4 mrd. kr``; ``None`` → empty string. Tables show
    :func:`kroner` (exact).

    From a million on, one decimal (none when it is 0, or from 100 million);
    below, the nearest thousand (from 10 000) or hundred (from 1 000). Every space
    inside is a no-break space, so the amount never breaks across lines."""
    return _lang(lang).amount(value)


def percent(value: float | None, decimals: int = 1, lang: Lang | None = None) -> str:
    """``0.04`` → ``4,0 %``; ``None`` → empty string."""
    return _lang(lang).percent(value, decimals)


def day(value: date | datetime | None, lang: Lang | None = None) -> str:
    """``date(2027, 3, 15)`` → ``15.03.2027``; ``None`` → empty string."""
    return _lang(lang).day(value)


def long_day(value: date | datetime | None, lang: Lang | None = None) -> str:
    """``mandag 1. februar 2027`` (nn «måndag …», da «mandag den 1. februar 2027»);
    ``None`` → empty string."""
    return _lang(lang).long_day(value)


def timestamp(value: datetime | None, lang: Lang | None = None) -> str:
    """``15.03.2027 kl. 14:05`` (da ``kl. 14.05``); ``None`` → empty string."""
    return _lang(lang).timestamp(value)


def file_stamp(value: datetime, lang: Lang | None = None) -> str:
    """``29.11.2026 kl. 14.02``: a time in a file name (no colon, which Windows forbids)."""
    return _lang(lang).timestamp(value).replace(":", ".")


def plural(n: int, one: str, many: str, lang: Lang | None = None) -> str:
    """``plural(1, "tiltak", "tiltak")``; ``plural(3, "feil", "feil")``; ``plural(2, "rad", "rader")``.

    The two words are already in one language. New text writes
    ``lang.ngettext("{n} rad", "{n} rader", n)`` instead, so the catalogue holds
    the words and each language's plural rule picks the form."""
    return _lang(lang).plural(n, one, many)


def join(items, lang: Lang | None = None) -> str:
    """«A», «A og B», «A, B og C» (the language's list pattern; empty for none)."""
    return _lang(lang).join(list(items))
