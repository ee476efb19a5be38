"""Values made safe for a Word template: no character XML forbids, line breaks
as ``\\n``, and every string escaped for XML (with braces as character references)
before docxtpl sees it."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

# Characters XML 1.0 forbids (C0 controls except tab, LF, CR; lone surrogates;
# U+FFFE/U+FFFF). docxtpl would turn \a and \f into paragraph and page breaks.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """*text* without XML-illegal characters, with every line break as ``\\n``."""
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


#: A text without any of these is already clean and escaped as it stands.
_NEEDS_WORK = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff&<>\"'{}]")


def clean(value: Any, _memo: dict[int, Any] | None = None, _texts: dict[str, Markup] | None = None) -> Any:
    """Clean every string in a context tree (dicts, lists, tuples) and escape it
    for XML. Braces become character references: docxtpl rewrites ``{_{`` and
    similar sequences in its output, which would change what a unit wrote.

    A dict or list that appears in several places (a measure is listed under its
    sub-goal, in the action plan and in the full list) is cleaned once, and so
    is a text that appears many times (a unit's name, a category)."""
    if isinstance(value, str):
        return _clean_text(value, {} if _texts is None else _texts)
    if not isinstance(value, (dict, list, tuple)):
        return value
    memo = {} if _memo is None else _memo
    texts = {} if _texts is None else _texts
    key = id(value)  # the tree is alive throughout, so an id stays one object's
    if key not in memo:
        if isinstance(value, dict):
            memo[key] = {k: clean(v, memo, texts) for k, v in value.items()}
        else:
            memo[key] = [clean(v, memo, texts) for v in value]
    return memo[key]


def _clean_text(text: str, texts: dict[str, Markup]) -> Markup:
    done = texts.get(text)
    if done is None:
        if _NEEDS_WORK.search(text) is None:
            done = str.__new__(Markup, text)  # nothing to change: the text as Markup, without markupsafe's checks
        else:
            done = Markup(str(escape(clean_text(text))).replace("{", "&#123;").replace("}", "&#125;"))
        texts[text] = done
    return done
