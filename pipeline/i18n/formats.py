"""Numbers, money and dates the way each language writes them, from CLDR (Babel).

The digits are rounded the way :mod:`pipeline.formatting` always has (Python's
own rounding of the float, so bokmål output stays byte-identical); the symbols
around them – grouping, decimal sign, minus, currency and percent patterns, the
«mill.»/«mio.» of a rounded amount, month and weekday names, time patterns –
come from the locale's CLDR data, so a new language needs no code here.

Every function returns ``""`` for ``None``. A no-break space (U+00A0, CLDR's
grouping space for nb and nn) keeps ``1 250 000 kr`` on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import (
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_pattern,
)

NBSP = "\u00a0"


@dataclass(frozen=True)
class _Symbols:
    """What a locale writes around its digits, looked up once (formats run
    thousands of times for a large overview)."""

    group: str
    decimal: str
    minus: str
    percent: tuple[str, str]  # prefix, suffix
    currency: tuple[str, str]  # prefix, suffix, with ¤ still in them


# By the locale object's id (hashing a babel Locale costs more than the formatting);
# the object is kept with its entry, so an id is never reused while it is here.
_SYMBOLS: dict[int, tuple[Locale, _Symbols]] = {}


def _symbols(locale: Locale) -> _Symbols:
    found = _SYMBOLS.get(id(locale))
    if found is None or found[0] is not locale:
        found = _SYMBOLS[id(locale)] = (locale, _lookup(locale))
    return found[1]


def _lookup(locale: Locale) -> _Symbols:
    sign = locale.number_symbols["latn"]["percentSign"]
    return _Symbols(
        group=get_group_symbol(locale),
        decimal=get_decimal_symbol(locale),
        minus=get_minus_sign_symbol(locale),
        percent=tuple(part.replace("%", sign) for part in _affixes(locale.percent_formats[None].pattern)),
        currency=_affixes(locale.currency_formats["standard"].pattern),
    )


def number(value: float | int | None, decimals: int, locale: Locale) -> str:
    """``1250000`` → ``1 250 000`` (nb) / ``1.250.000`` (da); a minus only when
    the shown number is not zero (``-0.01`` with 0 decimals is ``0``)."""
    if value is None:
        return ""
    symbols = _symbols(locale)
    digits = f"{abs(value):,.{decimals}f}"
    text = digits.replace(",", "\0").replace(".", symbols.decimal).replace("\0", symbols.group)
    negative = value < 0 and round(abs(value), decimals) != 0
    return (symbols.minus if negative else "") + text


def money(value: float | int | None, currency: str, locale: Locale) -> str:
    """Whole kroner with the locale's currency pattern: ``1 250 000 kr`` /
    ``1.250.000 kr.``."""
    if value is None:
        return ""
    prefix, suffix = _symbols(locale).currency
    symbol = _currency_symbol(currency, locale)
    return prefix.replace("¤", symbol) + number(round(value), 0, locale) + suffix.replace("¤", symbol)


def _currency_symbol(currency: str, locale: Locale) -> str:
    found = _CURRENCY.get((currency, id(locale)))
    if found is None or found[0] is not locale:
        found = _CURRENCY[(currency, id(locale))] = (locale, get_currency_symbol(currency, locale))
    return found[1]


_CURRENCY: dict[tuple[str, int], tuple[Locale, str]] = {}


def rounded_money(value: float | int | None, currency: str, locale: Locale) -> str:
    """An amount rounded for running text: ``6 280 134`` → ``6,3 mill. kr`` (da
    ``6,3 mio. kr.``), ``2 400 000 000`` → ``2,4 mrd. kr``, ``488 737`` →
    ``489 000 kr``, ``8 540`` → ``8 500 kr``. From a million on one decimal (none
    when it is 0, or from 100 million), rounded half up as a reader rounds;
    below, the nearest thousand (from 10 000) or hundred (from 1 000)."""
    if value is None:
        return ""
    size = Decimal(str(abs(value)))
    minus = _symbols(locale).minus if value < 0 else ""
    symbol = _currency_symbol(currency, locale)
    for limit in (1_000_000_000, 1_000_000):
        if size >= limit * Decimal("0.9995"):
            scaled = size / limit
            tenths = scaled.quantize(Decimal("0.1"), ROUND_HALF_UP)
            decimals = 0 if tenths >= 100 or tenths == tenths.to_integral_value() else 1
            shown = scaled.quantize(Decimal(1) if decimals == 0 else Decimal("0.1"), ROUND_HALF_UP)
            pattern = _compact_pattern(locale, limit, shown)
            if pattern is not None:
                prefix, suffix = _affixes(pattern)
                return minus + (prefix + number(float(shown), decimals, locale) + suffix).replace("¤", symbol)
            break  # the locale has no word for a million: whole kroner, rounded below
    step = 1000 if size >= 10_000 else 100 if size >= 1000 else 1
    whole = int((size / step).quantize(Decimal(1), ROUND_HALF_UP)) * step
    return money(-whole if minus else whole, currency, locale)


def percent(value: float | None, decimals: int, locale: Locale) -> str:
    """``0.035`` → ``3,5 %``."""
    if value is None:
        return ""
    prefix, suffix = _symbols(locale).percent
    return prefix + number(value * 100, decimals, locale) + suffix


def day(value: date | datetime | None, locale: Locale) -> str:
    """``15.03.2027`` (the locale's short date)."""
    if value is None:
        return ""
    return format_date(_date(value), "short", locale=locale)


def long_day(value: date | datetime | None, locale: Locale) -> str:
    """«mandag 1. februar 2027», nn «måndag 1. februar 2027», da «mandag den 1. februar 2027»."""
    if value is None:
        return ""
    return format_date(_date(value), "full", locale=locale)


def clock(value: datetime, locale: Locale) -> str:
    """``14:05`` / da ``14.05`` – the wall-clock time the value shows, whatever its zone."""
    return format_time(value.replace(tzinfo=None).time(), "short", locale=locale)


def words(items: list[str], last: str, locale: Locale) -> str:
    """«A, B og C»; ``last="or"``: «A, B eller C»; one item as it is, none ``""``."""
    if not items:
        return ""
    return format_list(list(items), style="or" if last == "or" else "standard", locale=locale)


# --- helpers ---------------------------------------------------------------------------------


def _date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@lru_cache(maxsize=None)
def _affixes(pattern: str) -> tuple[str, str]:
    """The positive prefix and suffix of a CLDR number *pattern*, unquoted."""
    parsed = parse_pattern(pattern)
    return _unquote(parsed.prefix[0]), _unquote(parsed.suffix[0])


def _unquote(text: str) -> str:
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", text)


def _compact_pattern(locale: Locale, magnitude: int, shown: Decimal) -> str | None:
    """CLDR's short currency pattern for *magnitude* («0 mill. ¤»), in the plural
    form of *shown*; ``None`` when the locale has none."""
    formats = locale.compact_currency_formats.get("short") or {}
    form = locale.plural_form(shown.normalize())
    for name in (form, "other"):
        found = (formats.get(name) or {}).get(str(magnitude))
        if found is not None:
            return found.pattern
    return None
