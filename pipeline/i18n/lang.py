"""One language, passed explicitly to every edge that writes for a reader.

``Lang.for_code("nn")`` is nynorsk: its catalogue (``pipeline/locale/nn/
LC_MESSAGES/iktplan.mo``), its CLDR locale and its currency. An edge – a
receipt, a document context, the overview, the CLI – gets one from the
configuration (``config.lang``) and writes through it::

    _ = lang.gettext
    _("Vi fant ingen feil.")
    _("Rammen for {year} er brukt opp.", year=2027)       # with parameters: formatted
    lang.pgettext("status", "avvist")                      # a short label with a context
    lang.ngettext("{n} rad", "{n} rader", 3)               # «3 rader»; {n} is the count
    lang.render(msg)                                       # a Msg from the core (or old plain text)
    lang.kroner(1_250_000)                                 # «1 250 000 kr» / «1.250.000 kr.»

Without parameters ``gettext`` returns the translated text as it is (braces
and all); with parameters it formats them the way :mod:`pipeline.i18n.message`
describes (``Amount`` as kroner, ``Day`` as a date …). A translation whose
placeholders do not fit its msgid (the catalogue tests prevent that) falls back
to the bokmål source rather than fail in front of a reader.

Untranslated text – a msgid with no ``msgstr`` yet – is shown in bokmål, the
source language: that is the state of a module before its sweep (docs/sprak.md).
"""

from __future__ import annotations

import re

import gettext as _gettext
import logging
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.numbers import get_territory_currencies

from pipeline.i18n import formats
from pipeline.i18n.languages import DEFAULT_LANGUAGE, DOMAIN, LOCALE_DIR, available
from pipeline.i18n.message import (
    Amount, Day, LongDay, Msg, Number, Percent, Rounded, Timestamp, Words,
)

log = logging.getLogger(__name__)

NBSP = formats.NBSP


class Lang:
    """A language: translations and formats (see the module docstring).

    Get one with :meth:`for_code` (cached: one object per code and process).
    ``code`` is the language's code (``nb``, ``nn``, ``da``), ``locale`` its
    Babel locale, ``currency`` the ISO code amounts are shown in."""

    __slots__ = ("code", "locale", "currency", "_translations")

    def __init__(self, code: str, translations: _gettext.NullTranslations, currency: str | None = None):
        self.code = code
        self.locale = Locale.parse(code)
        self.currency = currency or _currency(code)
        self._translations = translations

    def __repr__(self) -> str:
        return f"Lang({self.code!r})"

    @classmethod
    def for_code(cls, code: str) -> Lang:
        """The language *code*. Raises :class:`LookupError` for a language
        iktplan has no catalogue for (:func:`~pipeline.i18n.languages.available`)."""
        return _lang(code)

    @classmethod
    def source(cls) -> Lang:
        """Bokmål, the language the msgids are written in."""
        return _lang(DEFAULT_LANGUAGE)

    @property
    def name(self) -> str:
        """The language's name in itself: «norsk bokmål», «norsk nynorsk», «dansk»."""
        return self.locale.get_display_name(self.locale)

    # --- translation ------------------------------------------------------------------------

    def gettext(self, msgid: str, /, **params: Any) -> str:
        text = self._translations.gettext(msgid)
        return self._format(text, msgid, params) if params else text

    _ = gettext

    def pgettext(self, context: str, msgid: str, /, **params: Any) -> str:
        text = self._translations.pgettext(context, msgid)
        return self._format(text, msgid, params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        """The form for *n* (the language's plural rule), formatted; ``{n}`` is *n*."""
        text = self._translations.ngettext(singular, plural, n)
        params.setdefault("n", n)
        return self._format(text, singular if n == 1 else plural, params)

    def npgettext(self, context: str, singular: str, plural: str, n: int, /, **params: Any) -> str:
        text = self._translations.npgettext(context, singular, plural, n)
        params.setdefault("n", n)
        return self._format(text, singular if n == 1 else plural, params)

    def render(self, item: Msg | str | None) -> str:
        """A message in this language; plain text (what stores and code from
        before issue 14 hold) as it is; ``None`` as ``""``."""
        if item is None:
            return ""
        if not isinstance(item, Msg):
            return str(item)
        text = self.template(item)
        if item.plural is None and not item.params:
            return text
        return self._format(text, item.id if item.plural is None or item.n == 1 else item.plural, item.kwargs)

    def template(self, msg: Msg, n: int | None = None) -> str:
        """*msg*'s translation, unformatted (placeholders as written), in the
        plural form for *n* (``None``: ``msg.n``)."""
        n = msg.n if n is None else n
        t = self._translations
        if msg.plural is None:
            return t.gettext(msg.id) if msg.context is None else t.pgettext(msg.context, msg.id)
        if msg.context is None:
            return t.ngettext(msg.id, msg.plural, n)
        return t.npgettext(msg.context, msg.id, msg.plural, n)

    def _format(self, text: str, source: str, params: dict[str, Any]) -> str:
        shown = {name: self.show(value) for name, value in params.items()}
        try:
            return one_full_stop(text.format(**shown))
        except (KeyError, IndexError, ValueError):
            if text == source:
                raise
            log.warning("Oversettelsen (%s) passer ikke til plassholderne; bruker kildeteksten", self.code)
            return one_full_stop(source.format(**shown))

    def show(self, value: Any) -> str:
        """A message parameter as text (the rules in :mod:`pipeline.i18n.message`)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, Msg):
            return self.render(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Number):
            return self.number(value.value, value.decimals)
        if isinstance(value, Amount):
            return self.kroner(value.value)
        if isinstance(value, Rounded):
            return self.amount(value.value)
        if isinstance(value, Percent):
            return self.percent(value.value, value.decimals)
        if isinstance(value, Day):
            return self.day(value.value)
        if isinstance(value, LongDay):
            return self.long_day(value.value)
        if isinstance(value, Timestamp):
            return self.timestamp(value.value)
        if isinstance(value, Words):
            return self.join([self.show(i) for i in value.items], value.last)
        if isinstance(value, float):
            return self.number(value, 2).rstrip("0").rstrip(formats.get_decimal_symbol(self.locale))
        raise TypeError(f"cannot show a {type(value).__name__} in a message")

    # --- formats ----------------------------------------------------------------------------

    def number(self, value: float | int | None, decimals: int = 0) -> str:
        """``1 250 000`` / ``1.250.000``; ``72,5`` with one decimal; ``None`` → ``""``."""
        return formats.number(value, decimals, self.locale)

    def kroner(self, value: float | int | None) -> str:
        """Exact whole kroner, for tables: ``1 250 000 kr`` / da ``1.250.000 kr.``."""
        return formats.money(value, self.currency, self.locale)

    def amount(self, value: float | int | None) -> str:
        """Kroner rounded for running text: ``6,3 mill. kr`` / da ``6,3 mio. kr.``."""
        return formats.rounded_money(value, self.currency, self.locale)

    def percent(self, value: float | None, decimals: int = 1) -> str:
        """``0.04`` → ``4,0 %``."""
        return formats.percent(value, decimals, self.locale)

    def day(self, value: date | datetime | None) -> str:
        """``15.03.2027``."""
        return formats.day(value, self.locale)

    def long_day(self, value: date | datetime | None) -> str:
        """«mandag 1. februar 2027», nn «måndag …», da «mandag den 1. februar 2027»."""
        return formats.long_day(value, self.locale)

    def timestamp(self, value: datetime | None) -> str:
        """«15.03.2027 kl. 14:05», da «15.03.2027 kl. 14.05»."""
        if value is None:
            return ""
        # TRANSLATORS: a point in time, e.g. «15.03.2027 kl. 14:05»; {date} and {time} are formatted for you.
        return self.pgettext("timestamp", "{date} kl. {time}", date=self.day(value),
                             time=formats.clock(value, self.locale))

    def join(self, items: list[str], last: str = "and") -> str:
        """«A, B og C»; ``last="or"``: «A, B eller C»."""
        return formats.words(items, last, self.locale)

    def quote(self, text: str) -> str:
        """*text* in the language's quotation marks: «…» (nb, nn), »…« (da)."""
        # TRANSLATORS: quotation marks around a name or a value from a form or a file.
        return self.pgettext("quote", "«{text}»", text=text)

    def plural(self, n: int, one: str, many: str) -> str:
        """``3 rader`` from two words already in this language. For new text,
        write ``lang.ngettext("{n} rad", "{n} rader", n)`` instead: the
        catalogue then holds the words and the language's plural rule picks."""
        return f"{self.number(n)} {one if n == 1 else many}"


@lru_cache(maxsize=None)
def _lang(code: str) -> Lang:
    if code not in available():
        raise LookupError(f"no catalogue for language {code!r} (available: {', '.join(available())})")
    translations = _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[code], fallback=True)
    return Lang(code, translations)


def _currency(code: str) -> str:
    """The currency of the territory the language is most likely written in
    (CLDR: nb, nn → NO → NOK; da → DK → DKK)."""
    likely = get_global("likely_subtags").get(code, code)
    territory = Locale.parse(likely).territory
    found = get_territory_currencies(territory, date.today()) if territory else []
    return found[0] if found else "NOK"


def every_translation(msg: Msg) -> set[str]:
    """The text of *msg* in every available language, unformatted (placeholders
    as written) and every plural form: for readers that must understand what any
    language wrote – an old receipt, a season typed in a form."""
    found = set()
    for code in available():
        lang = _lang(code)
        counts = range(0, 30) if msg.plural is not None else (None,)
        found.update(lang.template(msg, n) for n in counts)
    return found


_DOUBLE_STOP = re.compile(r"(?<=\bkr)\.\.(?!\.)")


def one_full_stop(text: str) -> str:
    """*text* with «kr..» written «kr.»: a Danish amount («460.000 kr.») at the end of a
    sentence takes no second full stop. The Word documents: :func:`pipeline.documents.
    docxtemplate.one_full_stop`."""
    return _DOUBLE_STOP.sub(".", text) if "kr.." in text else text
