"""Kroner as units write them: ``150 000``, ``kr 1 500 000,-``, ``1,5 MNOK``,
``1,5 mill. kr``, ``300 tkr``, ``1.500.000``, and what they probably meant when
the number cannot be right.

Pure functions; errors are :class:`ValueError` with a complete Norwegian
sentence that quotes the value (the caller adds sheet, row and column).

How an amount is read (``tests/forms/test_amounts.py`` has a table of real strings):

* An optional currency (``kr``, ``kr.``, ``kroner``, ``NOK``, ``DKK``) before or
  after the number, and a trailing ``,-``.
* The number: comma is the decimal sign; space, ``.`` and ``'`` group thousands
  (``1 500 000``, ``1.500.000``, ``1'500'000``); ``1,500,000.50`` is read too.
  ``1,500`` without a multiplier is rejected as ambiguous (1,5 or 1 500?).
* A multiplier, alone or fused with the currency, spaces and dots ignored:
  millions ``m``, ``mill``, ``million(er)``, ``mln``, ``mio`` (Danish),
  ``MNOK``, ``MKr``; thousands ``k``, ``tusen``, ``tusind``, ``kNOK``, ``tkr``,
  ``t.kr.``, ``TNOK`` (``t`` only with a currency). With a multiplier a single
  separator is always the decimal sign: ``1.500 mill`` = 1,5 mill.
* A lone dash (``-``, ``–``) means nothing: 0 kr.
* Not computed yet (:func:`parse_cost`): «utredes», «prisavhengig», «ukjent» and
  the few other words in :data:`NOT_COMPUTED` are their own state, ``None``
  («ikke beregnet»; the documents say «kostnad utredes»), never 0 kr. So is
  an empty cost cell: the validation decides which cells that holds for.

What is refused, each with its own message: approximations (``ca. 2 mill``:
write the number alone; every amount in the form is an estimate), ranges
(``1-2 mill.``: the plan needs one number), negative amounts, billions
(``1,5 mrd.``) and anything from :data:`IMPLAUSIBLE` up, and — the trap that
made a 1,5-million project a nearly free quick win — a number with a fraction
below :data:`FRACTION_LIMIT` and no multiplier (``1,5``, ``0,4``, or the
number 1,5 that Excel made of it): the unit almost certainly meant millions,
and the message says so. Whole amounts from 1 kr up to :data:`SMALL` are read
but remarked on (:func:`small_amount_remark`).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pipeline import identity
from pipeline.forms.values import quote, quoted, require
from pipeline.i18n import Amount, Msg, Number

#: Below this, a number with a fraction and no multiplier (``1,5``) is refused
#: as millions written without «mill». From here up, a fraction is øre and is
#: rounded (``150 000,50`` → 150 001).
FRACTION_LIMIT = 1_000
#: Whole amounts from 1 kr up to below this are read with a remark: an
#: investment, a yearly cost or a yearly benefit that small is more likely
#: thousands or millions written without the multiplier.
SMALL = 1_000
#: From 1 milliard kroner up an amount is refused: no single measure of one
#: unit costs that much, so it is a typing error (one zero too many, or «mrd»).
IMPLAUSIBLE = 1_000_000_000

HINT = Msg("Skriv et tall, f.eks. 2 000 000 eller «2 mill».")

_MINUS = "-\u2212\u2012\u2013\u2014"
_CURRENCY = r"(?:kroner|kr|nok|dkk)"
_PREFIX = re.compile(rf"^{_CURRENCY}\.?\s*")
_DASH_SUFFIX = re.compile(r"\s*[,.]?\s*[-\u2013\u2014]+$")  # «150 000,-», «kr 0.–»
_APPROXIMATE = re.compile(r"^(ca\.?|cirka|circa|omtrent|omkring|rundt|anslagsvis|~|≈)\s*", re.IGNORECASE)
_NUMBER = re.compile(r"(\d(?:[\d .,'\u2019]*\d)?)\s*(.*)")
_RANGE = re.compile(rf"^(?:[{_MINUS}]|til\b|à\b)\s*\d")
# The rest after the number, without spaces and dots: currency, multiplier, currency.
_SUFFIX = re.compile(
    rf"{_CURRENCY}?(?P<mult>mrd|milliard(?:er)?|mia|millioner|million|mill|mln|mio|m|tusener|tusen|tusind|k|t)?"
    rf"(?P<cur>{_CURRENCY})?"
)
_FACTORS = {"mrd": 10**9, "milliard": 10**9, "milliarder": 10**9, "mia": 10**9, "millioner": 10**6,
            "million": 10**6, "mill": 10**6, "mln": 10**6, "mio": 10**6, "m": 10**6, "tusener": 10**3,
            "tusen": 10**3, "tusind": 10**3, "k": 10**3, "t": 10**3}


#: What units write in an amount cell when the amount is not known yet (compared
#: case-folded, without the final full stop). Ballangen's adopted plan (seed 003)
#: has «kostnad utredes» and «prisavhengig».
NOT_COMPUTED = frozenset({
    "utredes", "skal utredes", "under utredning", "kostnad utredes", "prisavhengig", "ukjent", "ikke kjent",
    "ikke beregnet", "ikke avklart", "avklares", "vet ikke", "?",
    # nynorsk and Danish, as the guide of those forms tells units to write
    "skal greiast ut", "kostnaden skal greiast ut", "blir greidd ut", "ukjend", "ikkje kjent", "ikkje kjend",
    "ikkje rekna ut", "veit ikkje", "undersøges", "skal undersøges", "udgiften undersøges", "ukendt", "ikke kendt",
    "ikke beregnet", "afklares", "ved ikke",
})


def parse_cost(value: Any) -> int | None:
    """:func:`parse_amount`, or None for a word that says the amount is not
    computed yet (:data:`NOT_COMPUTED`)."""
    if isinstance(value, str) and " ".join(identity.clean(value).casefold().split()).rstrip(".!") in NOT_COMPUTED:
        return None
    return parse_amount(value)


def parse_amount(value: Any) -> int:
    """Kroner, rounded to whole kroner (half up). ``ValueError`` for anything
    that is not one plausible non-negative amount (see the module docstring)."""
    require(value)
    not_amount = ValueError(Msg("{value} er ikke et beløp. {hint}", value=quoted(value), hint=HINT))
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise not_amount
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise not_amount
        return _checked(Decimal(str(value)), 1, value)
    return _parse_text(value, not_amount)


def _parse_text(value: str, not_amount: ValueError) -> int:
    text = " ".join(identity.clean(value).lower().split())
    approximate = _APPROXIMATE.match(text)
    if approximate and text[approximate.end():]:
        rest = value.strip()[len(approximate.group(0).strip()):].strip() if value.strip() else ""
        raise ValueError(Msg(
            "{value} er ikke et beløp slik det står: skriv bare tallet, uten {word}, f.eks. {example}. Alle "
            "beløpene i skjemaet er anslag, så det er godt nok.",
            value=quoted(value), word=quote(approximate.group(1)), example=quote(rest or "2 mill")))
    if text.strip("".join(_MINUS) + " ") == "":
        return 0  # «-» or «–» in a cost cell: nothing
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting style: (150 000)
        negative, text = True, text[1:-1].strip()
    for _ in range(2):  # «kr -150 000,-» and «-150 000 kr» both occur
        text = _DASH_SUFFIX.sub("", text).strip()
        if text[:1] and text[0] in _MINUS:
            negative, text = True, text[1:].strip()
        text = _PREFIX.sub("", text).strip()
    if text.startswith("mellom "):
        raise _range(value)
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise not_amount
    digits, rest = match.groups()
    if _RANGE.match(rest):
        raise _range(value)
    suffix = _SUFFIX.fullmatch(re.sub(r"[\s.]", "", rest))
    if suffix is None or (suffix.group("mult") == "t" and not suffix.group("cur")):
        raise not_amount
    factor = _FACTORS.get(suffix.group("mult") or "", 1)
    try:
        amount = _decimal(digits, scaled=factor > 1)
    except _Ambiguous:
        whole, fraction = digits.split(",")
        small = f"{whole},{fraction.rstrip('0')}" if fraction.rstrip("0") else whole
        raise ValueError(Msg(
            "{value} kan leses både som {whole} {fraction} og {small} kroner. "
            "Skriv beløpet uten komma, f.eks. 1500, eller med «mill», f.eks. «1,5 mill».",
            value=quoted(value), whole=whole, fraction=fraction, small=small)) from None
    if amount is None:
        raise not_amount
    if negative and amount:
        raise _negative(value)
    if factor >= 10**9:
        raise ValueError(Msg(
            "{value} er {amount}, og det er urimelig mye for ett tiltak. Mente du {meant}? Skriv beløpet i hele "
            "kroner eller med «mill».",
            value=quoted(value), amount=Amount(int(amount * factor)), meant=quote(f"{_comma(amount)} mill")))
    return _checked(amount, factor, value)


def _checked(amount: Decimal, factor: int, original: Any) -> int:
    """*amount* × *factor* in whole kroner, or the error that says what was probably meant."""
    if amount < 0:
        raise _negative(original)
    total = amount * factor
    if total >= IMPLAUSIBLE:
        raise ValueError(Msg(
            "{value} er et urimelig stort beløp for ett tiltak ({amount}). Sjekk antall nuller. {hint}",
            value=quoted(original), amount=Amount(int(total)), hint=HINT))
    if factor == 1 and amount != amount.to_integral_value() and amount < FRACTION_LIMIT:
        millions = int(amount * 10**6)
        raise ValueError(Msg(
            "{value} er ikke et helt kronebeløp. Mente du {written} mill. kr ({amount})? Skriv i så fall {meant} "
            "eller {number}. Beløpene skrives i hele kroner.",
            value=quoted(original), written=_comma(amount), amount=Amount(millions),
            meant=quote(f"{_comma(amount)} mill"), number=Number(millions)))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def small_amount_remark(value: Any, amount: int) -> Msg | None:
    """The warning for a whole amount from 1 kr up to below :data:`SMALL`, or
    ``None`` when *amount* is 0 or large enough to be taken as written."""
    if not 0 < amount < SMALL:
        return None
    return Msg("{value} er lest som {amount}, og det er svært lite. Mente dere tusen eller millioner kroner, skriv "
               "f.eks. «{n} tusen» eller «{n} mill». Stemmer beløpet, trenger dere ikke gjøre noe.",
               value=quoted(value), amount=Amount(amount), n=amount)


def _comma(amount: Decimal) -> str:
    """``Decimal("1.50")`` → ``1,5``, as a Norwegian writes it."""
    text = format(amount.normalize(), "f")
    return text.replace(".", ",")


def _negative(value: Any) -> ValueError:
    return ValueError(Msg("{value} er et negativt beløp. Beløpet må være 0 eller mer.", value=quoted(value)))


def _range(value: Any) -> ValueError:
    return ValueError(Msg(
        "{value} er et intervall, ikke ett beløp. Skriv ett beløp, f.eks. det dere regner som mest sannsynlig; "
        "usikkerheten kan dere beskrive i «Beskrivelse».", value=quoted(value)))


class _Ambiguous(Exception):
    pass


def _decimal(text: str, scaled: bool) -> Decimal | None:
    """A number as written in Norway: ``150 000``, ``150.000``, ``150000,50``,
    ``150.000,50``, ``1'500'000``; also ``1,500,000.50``. With *scaled* (a
    multiplier follows) a single separator is always the decimal sign:
    ``1.500 mill`` = 1,5 mill. ``None`` if *text* is not a number."""
    text = text.replace("\u2019", "'")
    if "'" in text:
        whole = _ungroup(text, "'")
        return Decimal(whole) if whole is not None else None
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
