"""Parsing of single cell values as units type them: amounts, periods, dates,
whole numbers, problem references and dropdown choices.

Pure functions. Each returns the parsed value or raises :class:`ValueError`
whose message is a complete Norwegian sentence (often with a hint on how to fix
it) that quotes the value with « ». The caller adds where the value was
(sheet, row, column). The helpers are meant for non-empty cells: an empty value
(``None`` or whitespace) raises ``ValueError`` too, except in
:func:`parse_problem_refs`, where empty means "no references".

Decisions worth knowing:

* Amounts: comma is the Norwegian decimal sign and ``.``/space the thousands
  separator (``kr 150.000`` = 150 000, ``150.000,50`` ≈ 150 001). ``1.5 mill`` is
  1 500 000. ``300k``/``300 tusen`` are accepted (= 300 000) because units write
  so and the reading is unambiguous. ``1,500`` without ``mill`` is rejected as
  ambiguous (1,5 or 1 500?). Approximations (``ca.``), ranges and negative
  amounts are errors: the action plan needs one number.
* Periods accept the definite form too (``Våren 2027``) and any of space, ``-``,
  ``–`` or ``/`` between season and year.
* Dates: Excel dates, Excel serial numbers, ``d.m.yyyy``, ``d.m.yy`` (20yy),
  ``d/m/yyyy``, ``d-m-yyyy`` and ISO ``yyyy-mm-dd``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from pipeline.contract import SEASONS
from pipeline.core.model import Period

#: Characters people (and Word/Excel) use as a thousands separator besides " ".
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u2005\u2006\u2008\u200a"
_MINUS = "-\u2212\u2012\u2013\u2014"
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_AMOUNT = 10**12  # 1 000 milliarder: anything larger is a typing error

AMOUNT_HINT = "Skriv et tall, f.eks. 2 000 000 eller «2 mill»."


def text_value(value: Any) -> str:
    """A cell as free text: text keeps its inner spaces and line breaks (NFC,
    outer whitespace removed); anything else is shown as Excel shows it."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return shown(value)


def clean_text(value: Any) -> str:
    """Text as a unit meant it: NFC, odd spaces made plain, outer whitespace
    removed. Inner line breaks are kept."""
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(" " if c in _SPACES else c for c in text)
    return text.strip()


def is_empty(value: Any) -> bool:
    """``None`` and whitespace-only text are empty; ``0`` and ``False`` are not."""
    return value is None or (isinstance(value, str) and not clean_text(value))


def shown(value: Any) -> str:
    """A cell value the way the unit sees it in Excel (Norwegian decimal comma,
    dd.mm.yyyy dates), for quoting in messages."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANN" if value else "USANN"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return f"{value:.15g}".replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") + ("" if value.time() == time() else value.strftime(" %H:%M"))
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _q(value: Any) -> str:
    text = shown(value)
    return f"«{text[:57] + '…' if len(text) > 60 else text}»"


def _require(value: Any) -> None:
    if is_empty(value):
        raise ValueError("Feltet er tomt.")


# --- amounts ------------------------------------------------------------------

_MULTIPLIERS = (
    (re.compile(r"(mill(ion(er)?)?|mln|mnok)\.?$"), 1_000_000),
    (re.compile(r"(k|tusen|tusener|tkr)\.?$"), 1_000),
)
_CURRENCY_PREFIX = re.compile(r"^(kr\.?|nok)\s*")
_CURRENCY_SUFFIX = re.compile(r"\s*(kr\.?|nok|kroner)$")
_DASH_SUFFIX = re.compile(r"[,.]\s*[-\u2013]+$")  # «150 000,-»


def parse_amount(value: Any) -> int:
    """Kroner, rounded to whole kroner (half up). ``ValueError`` for anything
    that is not one non-negative amount."""
    _require(value)
    not_amount = ValueError(f"{_q(value)} er ikke et beløp. {AMOUNT_HINT}")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise not_amount
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise not_amount
        return _whole_kroner(Decimal(str(value)), value)

    text, negative = clean_text(value).lower(), False
    for _ in range(2):  # «kr -150 000,-» and «-150 000 kr» both occur
        text = _DASH_SUFFIX.sub("", text).strip()
        if text[:1] and text[0] in _MINUS:
            negative, text = True, text[1:].strip()
        text = _CURRENCY_SUFFIX.sub("", _CURRENCY_PREFIX.sub("", text)).strip()
    factor = 1
    for pattern, multiplier in _MULTIPLIERS:
        match = pattern.search(text)
        if match and match.start() > 0:
            factor, text = multiplier, text[: match.start()].strip()
            break
    text = _CURRENCY_SUFFIX.sub("", text).strip()  # «1,5 kr mill» is seen too
    try:
        number = _decimal(text, scaled=factor > 1)
    except _Ambiguous:
        whole, fraction = text.split(",")
        small = f"{whole},{fraction.rstrip('0')}" if fraction.rstrip("0") else whole
        raise ValueError(
            f"{_q(value)} kan leses både som {whole} {fraction} og {small} kroner. "
            "Skriv beløpet uten komma, f.eks. 1500, eller med «mill», f.eks. «1,5 mill»."
        ) from None
    if number is None:
        raise not_amount
    if negative:
        raise ValueError(f"{_q(value)} er et negativt beløp. Beløpet må være 0 eller mer.")
    return _whole_kroner(number * factor, value)


def _whole_kroner(number: Decimal, original: Any) -> int:
    if number < 0:
        raise ValueError(f"{_q(original)} er et negativt beløp. Beløpet må være 0 eller mer.")
    if number > _MAX_AMOUNT:
        raise ValueError(f"{_q(original)} er et urimelig stort beløp. {AMOUNT_HINT}")
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class _Ambiguous(Exception):
    pass


def _decimal(text: str, scaled: bool) -> Decimal | None:
    """A number as written in Norway: ``150 000``, ``150.000``, ``150000,50``,
    ``150.000,50``; also ``1,500,000.50``. With *scaled* (a ``mill`` follows) a
    single separator is always the decimal sign: ``1.500 mill`` = 1,5 mill.
    ``None`` if *text* is not a number."""
    if not re.fullmatch(r"\d[\d ,.]*", text) or not text[-1].isdigit():
        return None
    dots, commas = text.count("."), text.count(",")
    fraction = None
    if dots and commas:
        decimal_sign = "." if text.rfind(".") > text.rfind(",") else ","
        if text.count(decimal_sign) != 1:
            return None
        whole, fraction = text.split(decimal_sign)
        whole = _ungroup(whole, "," if decimal_sign == "." else ".")
    elif dots + commas >= 2:
        whole = _ungroup(text, "." if dots else ",")
    elif dots + commas == 1:
        sign = "." if dots else ","
        whole, fraction = text.split(sign)
        if len(fraction) == 3 and not scaled and re.fullmatch(r"\d{1,3}", whole):
            if sign == ",":
                raise _Ambiguous
            whole, fraction = whole + fraction, None  # «150.000» is the Norwegian thousands dot
    else:
        whole = text
    if whole is None or not re.fullmatch(r"\d+|\d{1,3}(?: \d{3})+", whole):
        return None
    if fraction is not None and not re.fullmatch(r"\d+", fraction):
        return None
    digits = whole.replace(" ", "")
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def _ungroup(text: str, separator: str) -> str | None:
    """``1.500.000`` → ``1500000`` if every group after the first has three digits."""
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+", text):
        return text.replace(separator, "")
    return None


# --- whole numbers, periods, dates ----------------------------------------------


def parse_whole(value: Any, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number: ``3``, ``3.0`` (as Excel/LibreOffice store it) or text
    digits (``"3"``, ``"1 200"``), checked against *minimum*/*maximum* (``None``:
    no limit)."""
    _require(value)
    range_hint = _range_hint(minimum, maximum)
    not_whole = ValueError(f"{_q(value)} er ikke et helt tall.{range_hint}")
    if isinstance(value, bool):
        raise not_whole
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise not_whole
        number = int(value)
    elif isinstance(value, str):
        text = " ".join(clean_text(value).split())
        if text and text[0] in _MINUS:
            text = "-" + text[1:].strip()
        match = re.fullmatch(r"(-?(?:\d+|\d{1,3}(?: \d{3})+))(?:[.,]0+)?", text)
        if not match:
            raise not_whole
        number = int(match.group(1).replace(" ", ""))
    else:
        raise not_whole
    if minimum is not None and number < minimum:
        raise ValueError(f"{_q(value)} er for lite.{range_hint}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{_q(value)} er for stort.{range_hint}")
    return number


def _range_hint(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f" Skriv et helt tall fra {minimum} til {maximum}."
    if minimum is not None:
        return f" Skriv et helt tall som er {minimum} eller mer."
    if maximum is not None:
        return f" Skriv et helt tall som er {maximum} eller mindre."
    return " Skriv et helt tall uten desimaler."


_SEASON_WORDS = {s.casefold(): s for s in SEASONS}
_SEASON_WORDS.update({"vinteren": "Vinter", "våren": "Vår", "sommeren": "Sommer", "høsten": "Høst"})
_PERIOD = re.compile(r"([^\W\d_]+)\s*[-\u2013\u2014/]?\s*(\d{4})")
PERIOD_HINT = "Skriv årstid og år, f.eks. «Vår 2027» (Vinter, Vår, Sommer eller Høst)."


def parse_period(value: Any) -> Period:
    """``Vår 2027``, ``Vår-2027``, ``VÅR 2027``, ``våren 2027`` → ``Period(2027, "Vår")``."""
    _require(value)
    match = _PERIOD.fullmatch(clean_text(value).casefold()) if isinstance(value, str) else None
    season = _SEASON_WORDS.get(match.group(1)) if match else None
    if match is None or season is None:
        raise ValueError(f"{_q(value)} er ikke et tidsrom. {PERIOD_HINT}")
    year = int(match.group(2))
    if not 2000 <= year <= 2100:
        raise ValueError(f"{_q(value)} har et årstall som ikke stemmer. {PERIOD_HINT}")
    return Period(year, season)


DATE_HINT = "Skriv datoen som dd.mm.åååå, f.eks. 15.03.2027."


def parse_date(value: Any) -> date:
    """An Excel date, an Excel serial number (1900 date system) or a date typed
    as text."""
    _require(value)
    not_date = ValueError(f"{_q(value)} er ikke en dato. {DATE_HINT}")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise not_date
    if isinstance(value, (int, float)):
        # 1 = 01.01.1900 … 2958465 = 31.12.9999; fractions are the time of day
        if not (isinstance(value, int) or math.isfinite(value)) or not 1 <= value < 2958466:
            raise not_date
        return _EXCEL_EPOCH + timedelta(days=int(value))
    if not isinstance(value, str):
        raise not_date
    text = clean_text(value)
    match = re.fullmatch(r"(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})", text)
    if match:
        d, m, y = int(match.group(1)), int(match.group(3)), match.group(4)
        year = int(y) + 2000 if len(y) == 2 else int(y)
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not match:
            raise not_date
        year, m, d = (int(g) for g in match.groups())
    try:
        return date(year, m, d)
    except ValueError:
        raise ValueError(f"{_q(value)} er ikke en dato som finnes. {DATE_HINT}") from None


# --- references and choices -------------------------------------------------------

_REF_SPLIT = re.compile(r"\s*(?:[,;&+]|\bog\b|\s)\s*", re.IGNORECASE)
REFS_HINT = "Skriv numrene fra arket «Problemer og muligheter», skilt med komma, f.eks. «1, 3»."


def parse_problem_refs(value: Any) -> tuple[int, ...]:
    """``None``/empty → ``()``; ``3``, ``3.0`` or ``"3"`` → ``(3,)``;
    ``"1, 3"``, ``"1;3"``, ``"1 3"``, ``"1 og 3"`` → ``(1, 3)``. Repeated numbers
    are kept once, in the order written."""
    if is_empty(value):
        return ()
    if isinstance(value, float) and math.isfinite(value) and value != int(value):
        # Excel turns «1,2» typed in a number cell into the decimal number 1,2.
        raise ValueError(
            f"{_q(value)} ble lest som et desimaltall, ikke som problemnumre. "
            "Skriv mellomrom etter kommaet, f.eks. «1, 2»."
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        parts = [shown(value)]
    elif isinstance(value, str):
        parts = [p for p in _REF_SPLIT.split(clean_text(value)) if p]
    else:
        raise ValueError(f"{_q(value)} er ikke problemnumre. {REFS_HINT}")
    numbers: list[int] = []
    for part in parts:
        if not re.fullmatch(r"\d+", part) or int(part) < 1:
            raise ValueError(f"{_q(value)} er ikke problemnumre. {REFS_HINT}")
        if int(part) not in numbers:
            numbers.append(int(part))
    return tuple(numbers)


def text_key(text: Any) -> str:
    """What two spellings must share to be the same choice, header or name:
    NFC, spaces collapsed, case-folded."""
    return " ".join(clean_text(shown(text)).split()).casefold()


def parse_choice(value: Any, allowed: Iterable[str]) -> str:
    """The canonical spelling in *allowed* that *value* matches, ignoring letter
    case, outer and repeated spaces and Unicode normal form."""
    _require(value)
    options = list(allowed)
    for option in options:
        if text_key(option) == text_key(value):
            return option
    raise ValueError(f"{_q(value)} er ikke et gyldig valg. Velg {join_words([f'«{o}»' for o in options], 'eller')}.")


def parse_sub_goal(value: Any, goals: Iterable[Any]) -> str:
    """The code of one of *goals* (objects with ``code`` and ``text``): the code
    itself (any case), the goal's text, or «D3 – text» as picked from a list
    showing both."""
    _require(value)
    goals = list(goals)
    text = text_key(value)
    lead = re.match(r"([^\s:.\u2013-]+)\s*[:.\u2013-]?", text)
    for goal in goals:
        if text in (text_key(goal.code), text_key(goal.text)) or (lead and lead.group(1) == text_key(goal.code)):
            return goal.code
    codes = join_words([g.code for g in goals], "eller")
    raise ValueError(f"{_q(value)} er ikke et av strategiens delmål. Velg et delmål fra listen ({codes}).")


def join_words(words: list[str], last: str = "og") -> str:
    """``["a", "b", "c"]`` → ``"a, b og c"``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def parse_email(value: Any) -> str:
    """An e-mail address, trimmed (and without a pasted ``mailto:``)."""
    _require(value)
    text = re.sub(r"^mailto:", "", clean_text(value), flags=re.IGNORECASE).strip()
    if not valid_email(text):
        raise ValueError(f"{_q(value)} er ikke en gyldig e-postadresse. Skriv adressen slik: navn@kommune.no.")
    return text


_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9æøåÆØÅ](?:[A-Za-z0-9æøåÆØÅ-]{0,61}[A-Za-z0-9æøåÆØÅ])?\.)+[A-Za-z]{2,24}"
)


def valid_email(text: str) -> bool:
    """A pragmatic check (no network): one ``@``, no spaces, a domain with a dot
    and a top-level domain of letters. Allows æøå in the domain."""
    return isinstance(text, str) and len(text) <= 254 and _EMAIL.fullmatch(clean_text(text)) is not None
