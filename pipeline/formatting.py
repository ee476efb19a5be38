"""Norwegian formats for what people read: ``1 250 000 kr``, ``15.03.2027``.

Used by receipts, the overview and the documents, so a number looks the same
everywhere. A narrow no-break space (U+00A0 in Word is safer than U+202F, which
some fonts lack) keeps ``1 250 000`` on one line.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"


def number(value: float | int | None, decimals: int = 0) -> str:
    """``1250000`` → ``1 250 000``; ``None`` → empty string; negative with a minus sign."""
    if value is None:
        return ""
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return ("−" if value < 0 and round(abs(value), decimals) != 0 else "") + text


def kroner(value: float | int | None) -> str:
    """``1250000`` → ``1 250 000 kr``; ``None`` → empty string."""
    if value is None:
        return ""
    return f"{number(round(value))}{NBSP}kr"


def amount(value: float | int | None) -> str:
    """An amount in running text, rounded for a reader: ``6280134`` → ``6,3 mill. kr``,
    ``488737`` → ``489 000 kr``, ``8540`` → ``8 500 kr``, ``2_400_000_000`` →
    ``2,4 mrd. kr``; ``None`` → empty string. Tables show :func:`kroner` (exact).

    From a million on, one decimal (none when it is 0, or from 100 million);
    below, the nearest thousand (from 10 000) or hundred (from 1 000). Every space
    inside is a no-break space, so the amount never breaks across lines."""
    if value is None:
        return ""
    size = Decimal(str(abs(value)))
    sign = "−" if value < 0 else ""
    for limit, word in ((1_000_000_000, "mrd."), (1_000_000, "mill.")):
        if size >= limit * Decimal("0.9995"):
            scaled = size / limit
            tenths = scaled.quantize(Decimal("0.1"), ROUND_HALF_UP)
            decimals = 0 if tenths >= 100 or tenths == tenths.to_integral_value() else 1
            shown = scaled.quantize(Decimal(1) if decimals == 0 else Decimal("0.1"), ROUND_HALF_UP)
            return f"{sign}{number(float(shown), decimals)}{NBSP}{word}{NBSP}kr"
    step = 1000 if size >= 10_000 else 100 if size >= 1000 else 1
    rounded = int((size / step).quantize(Decimal(1), ROUND_HALF_UP)) * step
    return f"{sign if rounded else ''}{number(rounded)}{NBSP}kr"


def percent(value: float | None, decimals: int = 1) -> str:
    """``0.04`` → ``4,0 %``; ``None`` → empty string."""
    if value is None:
        return ""
    return f"{number(value * 100, decimals)}{NBSP}%"


def day(value: date | datetime | None) -> str:
    """``date(2027, 3, 15)`` → ``15.03.2027``; ``None`` → empty string."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y")


def timestamp(value: datetime | None) -> str:
    """``15.03.2027 kl. 14:05``; ``None`` → empty string."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y kl. %H:%M")


def file_stamp(value: datetime) -> str:
    """``29.11.2026 kl. 14.02``: a time in a file name (no colon, which Windows forbids)."""
    return value.strftime("%d.%m.%Y kl. %H.%M")


def plural(n: int, one: str, many: str) -> str:
    """``plural(1, "tiltak", "tiltak")``; ``plural(3, "feil", "feil")``; ``plural(2, "rad", "rader")``."""
    return f"{number(n)} {one if n == 1 else many}"
