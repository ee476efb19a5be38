"""Messages that are not yet in any language: what the pure core returns.

The core (validation, assessment, the receipts' facts …) never translates. It
returns a :class:`Msg` – a bokmål msgid, its parameters, and for short labels a
context or for counts a plural – and an edge renders it with a
:class:`~pipeline.i18n.lang.Lang` (``lang.render(msg)``) when it writes for a
reader. So a result is the same whatever the workspace's language: it pickles
across the parse worker and goes into the store as JSON (:meth:`Msg.to_json`).

Make messages with the four markers, which the catalogue tool extracts
(``python3 -m pipeline.i18n.catalogue update``)::

    Msg("Feltet er tomt, men må fylles ut.")
    Msg("Rammen for {year} er brukt opp.", year=2027)
    pMsg("status", "avvist")                                  # a short label, with a context
    nMsg("Vi fant {n} feil som må rettes:", "Vi fant {n} feil som må rettes:", len(errors))
    npMsg("sheet", "{n} ark", "{n} ark", 3)

The text is a literal with named ``{fields}``, never an f-string (extraction
cannot see what an f-string becomes). In a plural message the count is the
field ``{n}``. A parameter says how it is shown by its type:

* ``str`` – as it is (text from a form or the configuration is never translated);
* ``int`` – as digits, without grouping (a year, a row, a revision: ``2027``);
  wrap counts that can pass 9 999 in :class:`Number`;
* a wrapper – :class:`Number`, :class:`Amount` (``1 250 000 kr``),
  :class:`Rounded` (``6,3 mill. kr``), :class:`Percent`, :class:`Day`,
  :class:`LongDay`, :class:`Timestamp`, :class:`Words` (``A, B og C``);
* a :class:`Msg` – rendered in the same language (``pMsg("priority", "Høy")``).

``str(msg)`` is the bokmål text (logs, ``--debug``, tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = [
    "Msg", "pMsg", "nMsg", "npMsg", "N_", "NP_",
    "Number", "Amount", "Rounded", "Percent", "Day", "LongDay", "Timestamp", "Words",
    "to_stored", "from_stored",
]


# --- how a parameter is shown ---------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A number with grouping and *decimals* decimals: ``1 250 000``, ``72,5``."""

    value: float | int | None
    decimals: int = 0


@dataclass(frozen=True)
class Amount:
    """An exact amount in the workspace's currency: ``1 250 000 kr`` / ``1.250.000 kr.``."""

    value: float | int | None


@dataclass(frozen=True)
class Rounded:
    """An amount rounded for running text: ``6,3 mill. kr`` / ``6,3 mio. kr.``."""

    value: float | int | None


@dataclass(frozen=True)
class Percent:
    """A share as a percentage: ``0.035`` → ``3,5 %``."""

    value: float | None
    decimals: int = 1


@dataclass(frozen=True)
class Day:
    """A date as in a table: ``15.03.2027``."""

    value: date | None


@dataclass(frozen=True)
class LongDay:
    """A date in a sentence: «mandag 1. februar 2027», «mandag den 1. februar 2027»."""

    value: date | None


@dataclass(frozen=True)
class Timestamp:
    """A point in time: «15.03.2027 kl. 14:05», Danish «15.03.2027 kl. 14.05»."""

    value: datetime | None


@dataclass(frozen=True)
class Words:
    """A list in a sentence: «A, B og C»; with ``last="or"`` «A, B eller C».
    The items are text or messages."""

    items: tuple[Any, ...]
    last: str = "and"  # "and" | "or"

    def __post_init__(self):
        object.__setattr__(self, "items", tuple(self.items))
        if self.last not in ("and", "or"):
            raise ValueError(f"Words(last=…) is 'and' or 'or', not {self.last!r}")


_WRAPPERS: dict[str, type] = {
    "number": Number, "amount": Amount, "rounded": Rounded, "percent": Percent,
    "day": Day, "long_day": LongDay, "timestamp": Timestamp, "words": Words,
}
_WRAPPER_NAMES = {cls: name for name, cls in _WRAPPERS.items()}


# --- the message ------------------------------------------------------------------------------


class Msg:
    """A message to be rendered later in some language (see the module docstring).

    ``Msg(msgid, **params)``; :func:`pMsg`, :func:`nMsg` and :func:`npMsg` add a
    context or a plural. Immutable, hashable, comparable, picklable."""

    __slots__ = ("id", "context", "plural", "n", "params")

    id: str  # the bokmål msgid
    context: str | None  # msgctxt; None: none
    plural: str | None  # msgid_plural; None: not a plural message
    n: int | None  # the count choosing the plural form; None: not a plural message
    params: tuple[tuple[str, Any], ...]  # sorted by name

    def __init__(self, msgid: str, /, **params: Any):
        _init(self, msgid, None, None, None, params)

    def __setattr__(self, name, value):
        raise AttributeError("Msg is immutable")

    def __delattr__(self, name):
        raise AttributeError("Msg is immutable")

    def _key(self):
        return (self.id, self.context, self.plural, self.n, self.params)

    def __eq__(self, other):
        return isinstance(other, Msg) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __reduce__(self):
        return (_rebuild, self._key())

    def __repr__(self) -> str:
        parts = [repr(self.id)]
        if self.context is not None:
            parts.insert(0, f"context={self.context!r}")
        if self.plural is not None:
            parts += [f"plural={self.plural!r}", f"n={self.n!r}"]
        parts += [f"{k}={v!r}" for k, v in self.params]
        return f"Msg({', '.join(parts)})"

    def __str__(self) -> str:
        """The bokmål text (for logs and tracebacks; a reader gets ``lang.render``)."""
        from pipeline.i18n.lang import Lang

        return Lang.source().render(self)

    def fill(self, n: int | None = None, /, **params: Any) -> Msg:
        """This message with *params* (and, for a plural message, the count *n*):
        a module keeps a message as a constant and fills it where it is used."""
        msg = object.__new__(Msg)
        _init(msg, self.id, self.context, self.plural, self.n if n is None else int(n), {**dict(self.params), **params})
        return msg

    @property
    def kwargs(self) -> dict[str, Any]:
        """The parameters as a dict (with ``n`` for a plural message, unless given)."""
        found = dict(self.params)
        if self.n is not None:
            found.setdefault("n", self.n)
        return found

    # -- JSON, for the store ------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict: ``{"msgid": …, "params": {…}}`` plus ``context``,
        ``plural`` and ``n`` when set. :meth:`from_json` reads it back."""
        data: dict[str, Any] = {"msgid": self.id}
        if self.context is not None:
            data["context"] = self.context
        if self.plural is not None:
            data["plural"] = self.plural
            data["n"] = self.n
        if self.params:
            data["params"] = {k: _encode(v) for k, v in self.params}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Msg:
        params = {k: _decode(v) for k, v in data.get("params", {}).items()}
        msg = object.__new__(cls)
        _init(msg, data["msgid"], data.get("context"), data.get("plural"), data.get("n"), params)
        return msg


def _init(msg: Msg, msgid: str, context: str | None, plural: str | None, n: int | None, params: dict) -> None:
    if not isinstance(msgid, str):
        raise TypeError(f"a msgid is text, not {type(msgid).__name__}")
    for name, value in params.items():
        _check_param(name, value)
    set_ = object.__setattr__
    set_(msg, "id", msgid)
    set_(msg, "context", context)
    set_(msg, "plural", plural)
    set_(msg, "n", n)
    set_(msg, "params", tuple(sorted(params.items())))


def _check_param(name: str, value: Any) -> None:
    if isinstance(value, float):
        raise TypeError(f"parameter {name!r}: wrap a float in Number, Amount, Rounded or Percent "
                        "(it says how many decimals a reader sees)")
    if value is not None and not isinstance(value, (str, int, Msg, *_WRAPPER_NAMES)):
        raise TypeError(f"parameter {name!r}: {type(value).__name__} cannot be shown in a message "
                        "(use str, int, a Msg or a wrapper such as Day or Amount)")


def _rebuild(msgid, context, plural, n, params) -> Msg:
    msg = object.__new__(Msg)
    _init(msg, msgid, context, plural, n, dict(params))
    return msg


def pMsg(context: str, msgid: str, /, **params: Any) -> Msg:  # noqa: N802 - named like pgettext
    """A message with a context (``msgctxt``), for short labels that would
    otherwise collide: ``pMsg("status", "avvist")``."""
    msg = object.__new__(Msg)
    _init(msg, msgid, context, None, None, params)
    return msg


def nMsg(singular: str, plural: str, n: int, /, **params: Any) -> Msg:  # noqa: N802 - named like ngettext
    """A message with a count: the language's plural rule picks the form; ``{n}`` is the count."""
    msg = object.__new__(Msg)
    _init(msg, singular, None, plural, int(n), params)
    return msg


def npMsg(context: str, singular: str, plural: str, n: int, /, **params: Any) -> Msg:  # noqa: N802
    """:func:`nMsg` with a context."""
    msg = object.__new__(Msg)
    _init(msg, singular, context, plural, int(n), params)
    return msg


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention
    """Marks *msgid* for extraction and returns it unchanged: for tables of
    source texts that an edge translates later with ``lang.gettext(text)``."""
    return msgid


def NP_(context: str, msgid: str) -> Msg:  # noqa: N802 - the gettext convention
    """Marks a label with a context for extraction; returns it as a :class:`Msg`."""
    return pMsg(context, msgid)


# --- parameters as JSON -----------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, Msg):
        return {"msg": value.to_json()}
    name = _WRAPPER_NAMES[type(value)]
    if isinstance(value, Words):
        return {name: [_encode(i) for i in value.items], "last": value.last}
    if isinstance(value, (Day, LongDay, Timestamp)):
        return {name: value.value.isoformat() if value.value is not None else None}
    data = {name: value.value}
    if isinstance(value, (Number, Percent)):
        data["decimals"] = value.decimals
    return data


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "msg" in value:
        return Msg.from_json(value["msg"])
    (name, inner), *rest = value.items()
    options = dict(rest)
    if name == "words":
        return Words(tuple(_decode(i) for i in inner), **options)
    if name in ("day", "long_day"):
        # a day given as a datetime (an action's time) comes back as one, so the message is equal
        return _WRAPPERS[name](None if inner is None else
                               date.fromisoformat(inner) if len(inner) == 10 else datetime.fromisoformat(inner))
    if name == "timestamp":
        return Timestamp(datetime.fromisoformat(inner) if inner is not None else None)
    return _WRAPPERS[name](inner, **options)


def to_stored(item: str | Msg) -> str | dict[str, Any]:
    """An issue (warning, error) as the store keeps it in its JSON lists: a
    message as its dict, plain text (what stores before issue 14 hold) as it is."""
    return item.to_json() if isinstance(item, Msg) else item


def from_stored(item: str | dict[str, Any]) -> str | Msg:
    """What :func:`to_stored` wrote, back: a :class:`Msg`, or the old plain text."""
    return Msg.from_json(item) if isinstance(item, dict) else item
