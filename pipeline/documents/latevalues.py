"""Values that depend on every measure, filled in when a document is put together.

A measure's page says «Prioritet 12 av 2 000». Rendered as it stands, a
revision that adds a measure high in the ranking changes that line on every
page, and every page's segments are processed again
(:mod:`pipeline.documents.segments`). So the body is rendered with a mark in
place of each such value — a measure's rank (``rangering``) and the number of
measures (``antall.tiltak``) — and :mod:`pipeline.documents.docxtemplate` puts
the values in when it writes the document: a segment then depends only on the
measures it shows.

The template is the secretariat's, and they edit it. A mark only stands in for
a value that the template prints as it is (``{{ t.rangering }}``); a template
that computes with it, compares it, filters it, sorts by it or keeps it in a
variable (``{{ t.rangering|int + 1 }}``, ``{% if antall.tiltak == "1" %}``,
``{% set n = antall.tiltak %}``) is rendered with the values themselves, as
before. The result is the same document either way: a value is filled in only
where it is plain text that the XML writes as it stands (digits, letters,
spaces; see :data:`_INERT`), so putting it in before or after processing gives
the same bytes. A segment with a mark inside a table gets its values before it
is processed (column widths depend on the text); so does the table of
contents' text of a heading.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import jinja2
from jinja2 import nodes

#: A mark: the start and end of a private-use pair around a number. Text a unit
#: typed that holds the start character turns the marks off for that render.
START, END = "\ue0d2", "\ue0d3"
_COUNT = f"{START}0{END}"
_MARK = re.compile(f"{START}[0-9]+{END}")
_MARK_BYTES = re.compile(f"{START}[0-9]+{END}".encode())
#: A value that needs no escaping and no Word markup, and that lxml writes unchanged.
_INERT = re.compile(r"[0-9A-Za-zÆØÅæøå\u00a0 .,:/()+-]+")
#: Jinja's ways of reaching into a measure or the counts other than printing a field.
_UNSAFE_NODES = (nodes.FilterBlock, nodes.AssignBlock, nodes.Macro, nodes.CallBlock)
_UNSAFE_ATTRS = {"items", "values", "keys", "get"}
_UNSAFE_FILTERS = {"dictsort", "tojson", "pprint", "string", "list", "items", "attr"}


class LateValues:
    """The marks of one render: :attr:`context` to render the body with, and
    :meth:`fill_text`/:meth:`fill_bytes` to put the values in."""

    def __init__(self, context: dict[str, Any], values: dict[str, str]):
        self.context = context
        self._values = values
        self._bytes = {k.encode(): v.encode() for k, v in values.items()}

    def fill_text(self, text: str) -> str:
        return _MARK.sub(lambda m: self._values.get(m.group(), m.group()), text) if START in text else text

    def fill_bytes(self, data: bytes) -> bytes:
        return _MARK_BYTES.sub(lambda m: self._bytes.get(m.group(), m.group()), data)

    @staticmethod
    def has_marks(text: str) -> bool:
        return START in text


def late_values(env: jinja2.Environment, source: str, context: dict[str, Any]) -> LateValues | None:
    """The marks for rendering the body *source* with *context*, or None where
    they are not used: the template does not print these values, or uses them
    in a way a mark would change (see the module), or a text holds a mark's
    character, or a value is not plain text."""
    if "rangering" not in source and "antall" not in source:
        return None
    if START in source or END in source:
        return None
    plain = _PLAIN.get(source)
    if plain is None:
        plain = _prints_them_plainly(env, source)
        if len(_PLAIN) > 32:
            _PLAIN.clear()
        _PLAIN[source] = plain
    if not plain:
        return None
    values: dict[str, str] = {}
    try:
        marked = _marked(context, values, {})
    except _NoMarks:
        return None
    counts = marked.get("antall") if isinstance(marked, dict) else None
    if isinstance(counts, dict) and "tiltak" in counts:
        value = str(counts["tiltak"])
        if not _INERT.fullmatch(value) or value != value.strip():
            return None
        values[_COUNT] = value
        marked = {**marked, "antall": {**counts, "tiltak": _Mark(_COUNT)}}
    return LateValues(marked, values) if values else None


_PLAIN: dict[str, bool] = {}  # _prints_them_plainly by template source (the same each run)


class _Mark(str):
    """A mark as the context holds it: markupsafe's ``__html__``, so Jinja's
    autoescape writes it as it is."""

    def __html__(self) -> str:
        return str(self)


def _measure_mark(measure_id: str) -> str:
    number = int.from_bytes(hashlib.blake2b(measure_id.encode(), digest_size=7).digest(), "big") + 1
    return f"{START}{number}{END}"


class _NoMarks(Exception):
    """A text holds a mark's character, or a rank cannot be a mark."""


def _marked(value: Any, values: dict[str, str], memo: dict[int, Any]) -> Any:
    """*value* with each measure's rank replaced by its mark (a measure is a
    dict with ``id`` and ``rangering``): a dict or list is copied only where
    something in it changed, and one that appears in several places stays
    one object. Raises :class:`_NoMarks`."""
    if isinstance(value, str):
        if START in value or END in value:
            raise _NoMarks()
        return value
    if not isinstance(value, (dict, list, tuple)):
        return value
    key = id(value)  # the tree is alive throughout, so an id stays one object's
    if key in memo:
        return memo[key]
    if isinstance(value, dict):
        out = {k: _marked(v, values, memo) for k, v in value.items()}
        rank = out.get("rangering")
        if isinstance(rank, str) and "id" in out:
            rank = str(rank)
            mark = _measure_mark(str(out["id"]))
            if not _INERT.fullmatch(rank) or rank != rank.strip() or values.get(mark, rank) != rank:
                raise _NoMarks()
            values[mark] = rank
            out["rangering"] = _Mark(mark)
        elif all(out[k] is v for k, v in value.items()):
            out = value
    else:
        items = [_marked(v, values, memo) for v in value]
        out = value if all(a is b for a, b in zip(items, value)) else type(value)(items)
    memo[key] = out
    return out


def _prints_them_plainly(env: jinja2.Environment, source: str) -> bool:
    """Whether the template uses a measure's ``rangering`` and ``antall.tiltak``
    only as ``{{ x.rangering }}`` and ``{{ antall.tiltak }}`` on their own."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError:
        return False  # the render reports it
    if any(True for _ in tree.find_all(_UNSAFE_NODES)):
        return False
    printed = {id(n) for output in tree.find_all(nodes.Output) for n in output.nodes}
    counts_reached = set()
    for node in tree.find_all(nodes.Getattr):
        if node.attr in _UNSAFE_ATTRS:
            return False
        is_count = isinstance(node.node, nodes.Name) and node.node.name == "antall"
        if is_count:
            counts_reached.add(id(node.node))
        if (node.attr == "rangering" or (is_count and node.attr == "tiltak")) and id(node) not in printed:
            return False
    for node in tree.find_all(nodes.Name):
        if node.name == "antall" and id(node) not in counts_reached:
            return False  # the counts as a whole: indexed, looped over, assigned
    if any(n.value == "rangering" for n in tree.find_all(nodes.Const)):
        return False  # t["rangering"], sort(attribute="rangering"), map(attribute="rangering")
    return not any(f.name in _UNSAFE_FILTERS for f in tree.find_all(nodes.Filter))
