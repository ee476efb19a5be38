"""Languages: bokmål, nynorsk and Danish, everywhere a reader looks (issue 14).

* :class:`Msg` (and :func:`pMsg`, :func:`nMsg`, :func:`npMsg`) – a message the
  pure core returns instead of text; it pickles and goes into the store as JSON.
* :class:`Lang` – one language, passed explicitly to the edges that write for a
  reader: ``Lang.for_code("nn")`` or ``config.lang``; ``lang.gettext``,
  ``lang.render(msg)``, ``lang.kroner(x)``, ``lang.day(d)`` …
* the catalogues – gettext, domain ``iktplan``, msgids in bokmål:
  ``pipeline/locale/<code>/LC_MESSAGES/iktplan.po`` and the committed ``.mo``,
  kept with ``python3 -m pipeline.i18n.catalogue update|compile|check``;
* click's own messages (usage errors, help headings) through click's gettext
  domain ``click`` (:mod:`pipeline.i18n.clicklang`), in the same folders.

The conventions for marking text, the glossary and how to add a language are
in docs/sprak.md.
"""

from __future__ import annotations

from pipeline.i18n.languages import (
    DEFAULT_LANGUAGE,
    DEFAULTS_DIR,
    DOMAIN,
    LOCALE_DIR,
    available,
    defaults_file,
    peek_language,
)
from pipeline.i18n.message import (
    NP_,
    Amount,
    Day,
    LongDay,
    Msg,
    N_,
    Number,
    Percent,
    Rounded,
    Timestamp,
    Words,
    from_stored,
    nMsg,
    npMsg,
    pMsg,
    to_stored,
)
from pipeline.i18n.lang import Lang, every_translation

__all__ = [
    "DEFAULT_LANGUAGE", "DEFAULTS_DIR", "DOMAIN", "LOCALE_DIR", "available", "defaults_file", "peek_language",
    "Msg", "pMsg", "nMsg", "npMsg", "N_", "NP_",
    "Number", "Amount", "Rounded", "Percent", "Day", "LongDay", "Timestamp", "Words",
    "to_stored", "from_stored", "Lang", "every_translation",
]
