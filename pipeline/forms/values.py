"""Parsing of single cell values as units type them: periods, dates, whole
numbers, problem references, sub-goals and dropdown choices (amounts are in
:mod:`pipeline.forms.amounts`).

Pure functions. Each returns the parsed value or raises :class:`ValueError`
whose only argument is a :class:`~pipeline.i18n.Msg`: a complete sentence (often
with a hint on how to fix it) that quotes the value (``str(exc)`` is bokmål). Fixed
values (priorities, seasons …) are understood in every language the catalogues
have (:mod:`pipeline.forms.terms`). The caller adds where the value was
(sheet, row, column). The helpers are meant for non-empty cells: an empty value
(``None`` or whitespace) raises ``ValueError`` too, except in
:func:`parse_problem_refs`, where empty means "no references".

Decisions worth knowing:

* Texts are compared through :func:`pipeline.identity.key` (case, spaces,
  Unicode form and invisible characters do not count), and read through
  :func:`pipeline.identity.clean`.
* Codes Excel changed: a cell formatted «General» turns «1.1» into the number
  1,1 (or, in Norwegian Excel, into the date 01.01.), «1,3» into 1,3. A
  sub-goal or problem reference that Excel changed this way is mapped back
  when exactly one reading fits, and the parser returns it as
  :class:`Remarked`, so the unit is told in the receipt.
* Periods accept the definite form too (``Våren 2027``) and any of space, ``-``,
  ``–`` or ``/`` between season and year.
* Dates: Excel dates, Excel serial numbers, ``d.m.yyyy``, ``d.m.yy`` (20yy),
  ``d/m/yyyy``, ``d-m-yyyy`` and ISO ``yyyy-mm-dd``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable

from pipeline import identity
from pipeline import contract as c
from pipeline.core.model import Period
from pipeline.forms import terms
from pipeline.i18n import Msg, Words, pMsg

_MINUS = "-\u2212\u2012\u2013\u2014"
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Remarked:
    """A value read with a remark the unit must see: the parser understood the
    cell, but not as written (e.g. a code Excel had turned into a date). The
    caller stores *value* and puts *remark* in the receipt as a warning."""

    value: Any
    remark: Msg | str


def text_value(value: Any) -> str:
    """A cell as free text: text keeps its inner spaces and line breaks
    (:func:`pipeline.identity.clean`); anything else is shown as Excel shows it."""
    if isinstance(value, str):
        return identity.clean(value)
    return shown(value)


def name_value(value: Any) -> str:
    """A name (a unit, a system, a person): :func:`text_value` on one line, with
    single spaces, so it reads and compares the same however it was pasted."""
    return identity.one_line(text_value(value))


def clean_text(value: Any) -> str:
    """Text as a unit meant it (:func:`pipeline.identity.clean`). Inner line breaks are kept."""
    return identity.clean(str(value))


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


def quoted(value: Any) -> Msg:
    """*value* as Excel shows it, cut to 60 characters, in the reader's quotation marks."""
    text = shown(value)
    return quote(text[:57] + "…" if len(text) > 60 else text)


def quote(text: str | Msg) -> Msg:
    """*text* in quotation marks: «…» in Norwegian, »…« in Danish."""
    return pMsg("quote", "«{text}»", text=text)


_q = quoted


def require(value: Any) -> None:
    """``ValueError`` for an empty cell (the parsers are meant for non-empty ones)."""
    if is_empty(value):
        raise ValueError(Msg("Feltet er tomt."))


_require = require


# --- whole numbers, periods, dates ----------------------------------------------


_ABOUT = re.compile(r"^(?:ca\.?|cirka|circa|omtrent|omkring|rundt|~|≈)\s*", re.IGNORECASE)


def parse_whole(value: Any, minimum: int | None = None, maximum: int | None = None, *,
                words: tuple[str, ...] = ()) -> int:
    """A whole number: ``3``, ``3.0`` (as Excel/LibreOffice store it) or text
    digits (``"3"``, ``"1 200"``), checked against *minimum*/*maximum* (``None``:
    no limit). With *words*, text may say what is counted, as units write it
    (``"6 mnd"``, ``"ca. 50 brukere"``): one of *words* after the number, and
    an approximation (``ca.``, ``omtrent``) before it, are read past."""
    _require(value)
    range_hint = _range_hint(minimum, maximum)
    not_whole = ValueError(Msg("{value} er ikke et helt tall. {hint}", value=_q(value), hint=range_hint))
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
        if words:
            text = _ABOUT.sub("", text)
            unit = re.search(r"\s*(" + "|".join(map(re.escape, words)) + r")\.?$", text, re.IGNORECASE)
            text = text[: unit.start()] if unit and unit.start() > 0 else text
        if text and text[0] in _MINUS:
            text = "-" + text[1:].strip()
        match = re.fullmatch(r"(-?(?:\d+|\d{1,3}(?: \d{3})+))(?:[.,]0+)?", text)
        if not match:
            raise not_whole
        number = int(match.group(1).replace(" ", ""))
    else:
        raise not_whole
    if minimum is not None and number < minimum:
        raise ValueError(Msg("{value} er for lite. {hint}", value=_q(value), hint=range_hint))
    if maximum is not None and number > maximum:
        raise ValueError(Msg("{value} er for stort. {hint}", value=_q(value), hint=range_hint))
    return number


def _range_hint(minimum: int | None, maximum: int | None) -> Msg:
    if minimum is not None and maximum is not None:
        return Msg("Skriv et helt tall fra {minimum} til {maximum}.", minimum=minimum, maximum=maximum)
    if minimum is not None:
        return Msg("Skriv et helt tall som er {minimum} eller mer.", minimum=minimum)
    if maximum is not None:
        return Msg("Skriv et helt tall som er {maximum} eller mindre.", maximum=maximum)
    return Msg("Skriv et helt tall uten desimaler.")


_PERIOD = re.compile(r"([^\W\d_]+)\s*[-\u2013\u2014/]?\s*(\d{4})")
#: The hint after a period that could not be read; the season names come in the
#: reader's language, and every language's are understood.
# (Babel drops a message whose arguments call a marker with a variable: build those first.)
_SPRING = pMsg("season", c.SEASONS[1])
_SEASONS = Words(tuple(pMsg("season", s) for s in c.SEASONS), last="or")
_EXAMPLE = quote(Msg("{season} 2027", season=_SPRING))
PERIOD_HINT = Msg("Skriv årstid og år, f.eks. {example} ({seasons}).", example=_EXAMPLE, seasons=_SEASONS)


def parse_period(value: Any) -> Period:
    """``Vår 2027``, ``Vår-2027``, ``VÅR 2027``, ``våren 2027``, ``Haust 2027``,
    ``Foråret 2027`` → ``Period(2027, "Vår")`` (the season in the contract's spelling)."""
    _require(value)
    match = _PERIOD.fullmatch(clean_text(value).casefold()) if isinstance(value, str) else None
    season = terms.canonical_value("season", match.group(1)) if match else None
    if match is None or season is None:
        raise ValueError(Msg("{value} er ikke et tidsrom. {hint}", value=_q(value), hint=PERIOD_HINT))
    year = int(match.group(2))
    if not 2000 <= year <= 2100:
        raise ValueError(Msg("{value} har et årstall som ikke stemmer. {hint}", value=_q(value), hint=PERIOD_HINT))
    return Period(year, season)


DATE_HINT = Msg("Skriv datoen som dd.mm.åååå, f.eks. 15.03.2027.")


def parse_date(value: Any) -> date:
    """An Excel date, an Excel serial number (1900 date system) or a date typed
    as text."""
    _require(value)
    not_date = ValueError(Msg("{value} er ikke en dato. {hint}", value=_q(value), hint=DATE_HINT))
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
        raise ValueError(Msg("{value} er ikke en dato som finnes. {hint}", value=_q(value), hint=DATE_HINT)) from None


def parse_target_date(value: Any) -> date | Remarked:
    """A date (:func:`parse_date`), or a year alone (``2029``, ``"2029"``, ``"innen 2029"``),
    read as the last day of that year with a remark: a benefit plan often names only the year."""
    require(value)
    year = None
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, float) and math.isfinite(value) and value == int(value) and 2000 <= value <= 2100:
        year = int(value)
    elif isinstance(value, str):
        # «innen 2029», «i 2029», «året 2029»; nynorsk «innan», Danish «inden», «senest»
        match = re.fullmatch(r"(?:(?:innen|innan|inden|senest|i|år|året)\s+)?(\d{4})", clean_text(value),
                             re.IGNORECASE)
        year = int(match.group(1)) if match else None
    if year is not None and 2000 <= year <= 2100:
        return Remarked(date(year, 12, 31), Msg("{value} er lest som 31.12.{year}. Er en annen dag ment, skriv hele "
                                                "datoen, f.eks. 30.06.{year}.", value=_q(value), year=year))
    if year is not None and not isinstance(value, str) and year < 2000:
        raise ValueError(Msg("{value} er ikke en dato. {hint}", value=_q(value), hint=DATE_HINT))
    return parse_date(value)


# --- references and choices -------------------------------------------------------

_REF_SPLIT = re.compile(r"\s*(?:[,;&+]|\bog\b|\s)\s*", re.IGNORECASE)
# (Babel drops a message whose arguments call a marker with a variable: build those first.)
_PROBLEMS_SHEET = quote(pMsg("sheet", c.SHEET_PROBLEMS))
REFS_HINT = Msg("Skriv numrene fra arket {sheet}, skilt med komma, f.eks. «1, 3».", sheet=_PROBLEMS_SHEET)


def parse_problem_refs(value: Any) -> tuple[int, ...] | Remarked:
    """``None``/empty → ``()``; ``3``, ``3.0`` or ``"3"`` → ``(3,)``;
    ``"1, 3"``, ``"1;3"``, ``"1 3"``, ``"1 og 3"`` → ``(1, 3)``. Repeated numbers
    are kept once, in the order written. The number 1,3 (what Excel makes of
    «1,3» typed in a number cell) is read as ``(1, 3)``, :class:`Remarked`."""
    if is_empty(value):
        return ()
    if isinstance(value, float) and math.isfinite(value) and value != int(value):
        return _refs_from_decimal(value)
    if isinstance(value, (datetime, date)):
        raise ValueError(Msg("{value} er en dato, ikke problemnumre: Excel har gjort det som ble skrevet om til en "
                             "dato. {hint}", value=_q(value), hint=REFS_HINT))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        parts = [shown(value)]
    elif isinstance(value, str):
        parts = [p for p in _REF_SPLIT.split(clean_text(value)) if p]
    else:
        raise ValueError(Msg("{value} er ikke problemnumre. {hint}", value=_q(value), hint=REFS_HINT))
    numbers: list[int] = []
    for part in parts:
        if not re.fullmatch(r"\d+", part) or int(part) < 1:
            raise ValueError(Msg("{value} er ikke problemnumre. {hint}", value=_q(value), hint=REFS_HINT))
        if int(part) not in numbers:
            numbers.append(int(part))
    return tuple(numbers)


def _refs_from_decimal(value: float) -> Remarked:
    """Excel turns «1,3» typed in a cell formatted «General» into the number 1,3."""
    whole, _, fraction = f"{value:.15g}".partition(".")
    if not fraction or fraction.startswith("0") or "e" in whole or int(whole) < 1:
        raise ValueError(Msg("{value} er et desimaltall, ikke problemnumre. Skriv mellomrom etter kommaet, "
                             "f.eks. «1, 2».", value=_q(value)))
    first, second = int(whole), int(fraction)
    return Remarked((first, second) if first != second else (first,),
                    Msg("{value} er lest som problem nr {first} og {second}. Excel hadde gjort «{first},{second}» "
                        "om til desimaltallet {number}. Stemmer ikke det, skriv numrene med mellomrom etter "
                        "kommaet, f.eks. «{first}, {second}», og send skjemaet på nytt.",
                        value=_q(value), first=first, second=second, number=shown(value)))


def excel_spellings(value: Any) -> tuple[str, ...]:
    """What a unit may have typed into a cell formatted «General» for Excel to
    store *value* instead: ``1.1`` or ``1,1`` (and ``1.10`` …) for the number
    1,1; ``1.1``, ``01.01``, ``1-1``, ``1.1.27`` … for the date 1 January
    (Norwegian Excel reads day.month). Empty for text and anything else."""
    if isinstance(value, bool):
        return ()
    if isinstance(value, (int, float)) and math.isfinite(value):
        whole, _, fraction = f"{value:.15g}".partition(".")
        if not fraction:
            return (whole,) if "e" not in whole else ()
        return tuple(f"{whole}{sign}{fraction}{'0' * zeros}" for sign in ".," for zeros in range(3))
    if isinstance(value, datetime) and value.time() != time():
        return ()
    if isinstance(value, date):
        d, m, y = value.day, value.month, value.year
        forms = []
        for sign in ".-/":
            forms += [f"{d}{sign}{m}", f"{d:02d}{sign}{m:02d}", f"{d}{sign}{m}{sign}{y % 100}",
                      f"{d}{sign}{m}{sign}{y % 100:02d}", f"{d}{sign}{m}{sign}{y}"]
        return tuple(dict.fromkeys(forms))
    return ()


def text_key(text: Any) -> str:
    """What two spellings must share to be the same choice, header or name
    (:func:`pipeline.identity.key` of the value as Excel shows it)."""
    return identity.key(shown(text))


def parse_choice(value: Any, allowed: Iterable[str]) -> str:
    """The canonical spelling in *allowed* that *value* matches, ignoring letter
    case, outer and repeated spaces and Unicode normal form."""
    _require(value)
    options = list(allowed)
    for option in options:
        if text_key(option) == text_key(value):
            return option
    raise ValueError(Msg("{value} er ikke et gyldig valg. Velg {options}.", value=_q(value),
                         options=Words(tuple(quote(o) for o in options), last="or")))


def parse_fixed(value: Any, kind: str) -> str:
    """One of the contract's fixed values of *kind* (``priority``, ``risk`` …,
    :data:`pipeline.contract.KIND_VALUES`) written in any language («Høg»,
    «Høj», «Mellem») → its canonical spelling (``"Høy"``)."""
    _require(value)
    found = terms.canonical_value(kind, shown(value))
    if found is None:
        options = Words(tuple(quote(pMsg(c.KIND_CONTEXT[kind], o)) for o in c.KIND_VALUES[kind]), last="or")
        raise ValueError(Msg("{value} er ikke et gyldig valg. Velg {options}.", value=_q(value), options=options))
    return found


def parse_sub_goal(value: Any, goals: Iterable[Any]) -> str | Remarked:
    """The code of one of *goals* (objects with ``code`` and ``text``): the code
    itself (any case), the goal's text, or «D3 – text» as picked from a list
    showing both (the longest code that fits, so «1.1 – …» is 1.1, not 1).
    A code Excel turned into a number or a date (``1.1`` → 1,1 or 01.01.) is
    mapped back if exactly one goal fits, and returned :class:`Remarked`."""
    _require(value)
    goals = list(goals)
    text = text_key(value)
    for goal in goals:
        if text in (text_key(goal.code), text_key(goal.text)):
            return goal.code
    leading = [g for g in goals if re.match(re.escape(text_key(g.code)) + r"(?:\s*[:.\u2013\u2014-]|\s)", text)]
    if leading:
        return max(leading, key=lambda g: len(text_key(g.code))).code
    spellings = {identity.key(s) for s in excel_spellings(value)}
    converted = [g for g in goals if text_key(g.code) in spellings]
    if len(converted) == 1:
        code = converted[0].code
        if isinstance(value, date):
            remark = Msg("{value} er lest som delmål {code}. Excel hadde gjort {code} om til datoen {shown}. Stemmer "
                         "det, trenger dere ikke gjøre noe; ellers velg delmålet fra listen.",
                         value=_q(value), code=quote(code), shown=shown(value))
        else:
            remark = Msg("{value} er lest som delmål {code}. Excel hadde gjort {code} om til tallet {shown}. Stemmer "
                         "det, trenger dere ikke gjøre noe; ellers velg delmålet fra listen.",
                         value=_q(value), code=quote(code), shown=shown(value))
        return Remarked(code, remark)
    codes = Words(tuple(g.code for g in goals), last="or")
    raise ValueError(Msg("{value} er ikke et av strategiens delmål. Velg et delmål fra listen ({codes}).",
                         value=_q(value), codes=codes))


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
        raise ValueError(Msg("{value} er ikke en gyldig e-postadresse. Skriv adressen slik: navn@kommune.no.",
                             value=_q(value)))
    return text


_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9æøåÆØÅ](?:[A-Za-z0-9æøåÆØÅ-]{0,61}[A-Za-z0-9æøåÆØÅ])?\.)+[A-Za-z]{2,24}"
)


def valid_email(text: str) -> bool:
    """A pragmatic check (no network): one ``@``, no spaces, a domain with a dot
    and a top-level domain of letters. Allows æøå in the domain."""
    return isinstance(text, str) and len(text) <= 254 and _EMAIL.fullmatch(clean_text(text)) is not None
