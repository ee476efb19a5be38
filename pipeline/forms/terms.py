"""The form's words in every language: what a form in language X calls a sheet, a
column, a field or a dropdown value, and the way back to the contract's canonical
value (:mod:`pipeline.contract`: the bokmål source text, which is what the model
stores).

Built once per process from the catalogues (:func:`pipeline.i18n.available`), so a
new language needs no code here. Pure: no files but the catalogues.

* :func:`sheet_name`, :func:`header`, :func:`field_label`, :func:`value_label` –
  canonical → the label in one language (what the blank form writes);
* :func:`canonical_sheet`, :func:`canonical_value` – any language's label → canonical;
* :func:`detect` – the language a workbook is written in.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline import contract as c
from pipeline.i18n import DEFAULT_LANGUAGE, Lang, available
from pipeline.identity import key as _key

__all__ = ["sheet_name", "header", "headers", "field_label", "value_label", "list_header", "canonical_sheet",
           "canonical_value", "guide_names", "detect", "lang_of", "is_followup_kind"]


def lang_of(code: str | None) -> Lang:
    """The :class:`Lang` for *code*; ``None`` or an unknown code: bokmål."""
    try:
        return Lang.for_code(code) if code else Lang.source()
    except LookupError:
        return Lang.source()


def sheet_name(sheet: str, code: str | None) -> str:
    """The name of the contract's *sheet* in a form in language *code*."""
    return lang_of(code).pgettext("sheet", sheet)


def header(column: str, code: str | None) -> str:
    """The header of the contract's *column* in language *code*."""
    return lang_of(code).pgettext("column", column)


def headers(sheet: str, code: str | None) -> tuple[str, ...]:
    """The header row of a table *sheet* in language *code*, in contract order."""
    return tuple(header(h, code) for h in c.TABLE_HEADERS[sheet])


def field_label(label: str, code: str | None) -> str:
    """An ``Enhet`` field's label (the contract's :attr:`~pipeline.contract.UnitField.label`) in *code*."""
    return lang_of(code).pgettext("field", label)


def list_header(name: str, code: str | None) -> str:
    """A ``Lister`` column header in *code*."""
    return lang_of(code).pgettext("list", name)


def value_label(kind: str, value: str, code: str | None) -> str:
    """A fixed value (one of :data:`pipeline.contract.KIND_VALUES` [*kind*]) as a form in *code* shows it."""
    return lang_of(code).pgettext(c.KIND_CONTEXT[kind], value)


def area_label(area: str, code: str | None) -> str:
    """A barometer area in *code* (an area not in the contract is shown as it is)."""
    return lang_of(code).pgettext("area", area)


def statement_label(statement: str, code: str | None) -> str:
    """A barometer statement in *code*."""
    return lang_of(code).gettext(statement)


# --- the way back ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _sheets(sheets: tuple[str, ...] = c.SHEETS) -> dict[str, dict[str, str]]:
    """language code → {key of the sheet's name in that language: canonical sheet}, for
    the contract's *sheets* (the mapping form's, or the follow-up form's)."""
    return {code: {_key(sheet_name(s, code)): s for s in sheets} for code in available()}


def canonical_sheet(name: str, code: str | None = None, sheets: tuple[str, ...] = c.SHEETS) -> str | None:
    """The contract's sheet (one of *sheets*) that a sheet called *name* is, in
    language *code* (``None``: any language); ``None`` if it is none of them."""
    table = _sheets(sheets)
    codes = [code] if code in table else list(table)
    return next((table[k][_key(name)] for k in codes if _key(name) in table[k]), None)


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    return frozenset(_key(lang_of(code).pgettext("form kind", c.FOLLOWUP_KIND)) for code in available())


def is_followup_kind(text: str) -> bool:
    """*text* (the ``skjematype`` cell) names the follow-up form in any language."""
    return _key(text) in _kinds()


@lru_cache(maxsize=1)
def guide_names() -> frozenset[str]:
    """The guide sheet's name in every language (the readers skip it, unread)."""
    return frozenset(sheet_name(c.SHEET_GUIDE, code) for code in available())


@lru_cache(maxsize=1)
def _values() -> dict[str, dict[str, str]]:
    """kind → {key of a label in any language: canonical value}, the definite
    seasons («Hausten», «Foråret») included."""
    table: dict[str, dict[str, str]] = {}
    for kind, values in c.KIND_VALUES.items():
        found = table[kind] = {}
        for code in available():
            lang = lang_of(code)
            for value in values:
                found.setdefault(_key(value_label(kind, value, code)), value)
            if kind == "season":
                for definite, value in zip(c.SEASONS_DEFINITE, values):
                    found.setdefault(_key(lang.pgettext("season, definite", definite)), value)
    return table


def canonical_value(kind: str, text: str) -> str | None:
    """The canonical value of *kind* that *text* names in any language («Høg»,
    «Høj» → ``"Høy"``; for seasons also the definite form); ``None`` if none."""
    return _values()[kind].get(_key(text))


def value_words(kind: str) -> dict[str, str]:
    """Every accepted spelling key of *kind* → canonical value (for tests and clash checks)."""
    return dict(_values()[kind])


@lru_cache(maxsize=1)
def _areas() -> dict[str, str]:
    return {_key(area_label(a, code)): a for code in available() for a in c.BAROMETER_AREAS}


@lru_cache(maxsize=1)
def _statements() -> dict[str, tuple[str, str]]:
    return {_key(statement_label(s, code)): (a, s) for code in available() for a, s in c.BAROMETER}


def canonical_area(text: str) -> str | None:
    """A barometer area in any language → the contract's; ``None`` if unknown."""
    return _areas().get(_key(text))


def canonical_statement(text: str) -> tuple[str, str] | None:
    """A barometer statement in any language → the contract's (area, statement); ``None`` if unknown."""
    return _statements().get(_key(text))


# --- which language a workbook is in -------------------------------------------------------


def detect(names: dict[str, object], sheets: list[str], contract_sheets: tuple[str, ...] = c.SHEETS) -> str:
    """The language of a workbook with defined-name values *names* and sheet
    names *sheets*: the ``skjemasprak`` cell if it names an available language;
    else the language whose names of the contract's *contract_sheets* match most
    (a tie, and no match at all: bokmål, the language of every form before
    ``skjemasprak``)."""
    marked = names.get("skjemasprak")
    if isinstance(marked, str) and marked.strip().casefold() in available():
        return marked.strip().casefold()
    keys = {_key(s) for s in sheets}
    votes = {code: len(keys & set(table)) for code, table in _sheets(contract_sheets).items()}
    best = max(votes.values(), default=0)
    winners = [code for code, n in votes.items() if n == best]
    if best == 0 or DEFAULT_LANGUAGE in winners:
        return DEFAULT_LANGUAGE
    return winners[0]
