"""Values that depend on other measures, filled in when a document is put together.

A measure's page says «Prioritet 12 av 2 000», and a measure in a large
coordination group has the remark «Inngår i samordningsgruppe S-1, …, med 367
tiltak fra 50 enheter». Rendered as they stand, a revision that adds a measure
high in the ranking, or to that group, changes those lines on every page, and
every page's segments are processed again (:mod:`pipeline.documents.segments`).
So the body is rendered with a mark in place of each such value — a measure's
rank (``rangering``), its remarks (``advarsler``) and the number of measures
(``antall.tiltak``) — and :mod:`pipeline.documents.docxtemplate` puts the values
in when it writes the document: a segment then depends only on the measures it
shows (and on how many remarks each has).

The template is the secretariat's, and they edit it. A field gets marks only
where the template prints its values as they are (``{{ t.rangering }}``,
``{% for a in t.advarsler %}{{ a }}{% endfor %}``, ``{% if t.advarsler %}``); a
template that computes with one, compares it, filters it, sorts by it or keeps
it in a variable (``{{ t.rangering|int + 1 }}``, ``{% if antall.tiltak == "1" %}``,
``{% set n = antall.tiltak %}``) gets that field's values themselves, as before.
The result is the same document either way: a value is marked only where it is
text the XML writes without markup of its own (no quote, line break or tab;
see :func:`_markable`), so putting it in before or after processing gives the
same bytes. A segment with a mark inside a table gets its values before it is
processed (column widths depend on the text); so does the table of contents'
text of a heading.
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from jinja2 import nodes

#: A mark: a private-use pair around a number. A text that holds either
#: character turns the marks off for that render.
START, END = "\ue0d2", "\ue0d3"
_COUNT = f"{START}0{END}"
_MARK = re.compile(f"{START}[0-9]+{END}")
_MARK_BYTES = re.compile(f"{START}[0-9]+{END}".encode())
#: Characters a marked value may not hold once unescaped: quotes are written as
#: references in attributes, and docxtpl turns the others into Word markup.
_NOT_MARKABLE = re.compile("[\"'\n\r\t\a\f]")
#: The fields that get marks: a measure's (a dict with an ``id``), and the count.
RANK, REMARKS, COUNT = "rangering", "advarsler", "antall"
#: Jinja's ways of reaching into the context other than printing a field.
_UNSAFE_NODES = (nodes.FilterBlock, nodes.AssignBlock, nodes.Macro, nodes.CallBlock)
_UNSAFE_ATTRS = {"items", "values", "keys", "get"}
_UNSAFE_FILTERS = {"dictsort", "tojson", "pprint", "string", "list", "items", "attr"}


class LateValues:
    """The marks of one render: :attr:`context` to render the body with, and
    :meth:`fill_text`/:meth:`fill_bytes` to put the values in."""

    def __init__(self, context: dict[str, Any], values: dict[str, str]):
        self.context = context
        self._values = values  # mark → the value as Jinja prints it (escaped for XML)
        self._plain = {k: html.unescape(v) for k, v in values.items()}
        # As lxml writes the text: only &, < and > escaped (quotes are not markable).
        self._bytes = {k.encode(): escape(v).encode() for k, v in self._plain.items()}

    def fill_text(self, text: str, plain: bool = False) -> str:
        """*text* with the values in: as Jinja prints them, or (*plain*) as the text reads."""
        values = self._plain if plain else self._values
        return _MARK.sub(lambda m: values.get(m.group(), m.group()), text) if START in text else text

    def fill_bytes(self, data: bytes) -> bytes:
        """Processed XML with the values in, as the processing writes them."""
        return _MARK_BYTES.sub(lambda m: self._bytes.get(m.group(), m.group()), data)

    @staticmethod
    def has_marks(text: str) -> bool:
        return START in text


def late_values(env: jinja2.Environment, source: str, context: dict[str, Any]) -> LateValues | None:
    """The marks for rendering the body *source* with *context*, or None where
    none are used: the template prints none of these fields plainly (see the
    module), or a text holds a mark's character."""
    if START in source or END in source:
        return None
    known = _PLAIN.get(source)
    if known is None:
        known = _printed_plainly(env, source)
        if len(_PLAIN) > 32:
            _PLAIN.clear()
        _PLAIN[source] = known
    fields, names = known
    if not fields:
        return None
    values: dict[str, str] = {}
    marked = dict(context)
    try:  # only what the template can reach: the other values can hold no mark that matters
        for name in names & context.keys():
            kept = _KEPT.get((name, fields))
            if kept is None or kept[0] is not context[name]:  # the documents of one run share most values
                found: dict[str, str] = {}
                kept = _KEPT[name, fields] = (context[name], _marked(context[name], fields, found, {}), found)
            marked[name] = kept[1]
            for mark, value in kept[2].items():
                if values.setdefault(mark, value) != value:
                    raise _NoMarks()
    except _NoMarks:
        return None
    counts = marked.get(COUNT) if COUNT in fields and isinstance(marked, dict) else None
    if isinstance(counts, dict) and _markable(counts.get("tiltak")):
        values[_COUNT] = str(counts["tiltak"])
        marked = {**marked, COUNT: {**counts, "tiltak": _Mark(_COUNT)}}
    return LateValues(marked, values) if values else None


_PLAIN: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # _printed_plainly by template source
#: (name, fields) → (the context's value, marked, its marks' values), for the next document of the run.
_KEPT: dict[tuple[str, frozenset[str]], tuple[Any, Any, dict[str, str]]] = {}


def forget() -> None:
    """Let go of the values kept for the documents of one run (call when they are written)."""
    _KEPT.clear()


class _Mark(str):
    """A mark as the context holds it: markupsafe's ``__html__``, so Jinja's
    autoescape writes it as it is."""

    def __html__(self) -> str:
        return str(self)


class _NoMarks(Exception):
    """A text holds a mark's character, or one measure would get two values for one mark."""


def _markable(value: Any) -> bool:
    """Whether *value* (cleaned: escaped for XML) can stand as a mark: a text
    that, unescaped, is not empty, has no space at either end and holds no
    character of :data:`_NOT_MARKABLE`."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return False
    text = html.unescape(str(value))
    return bool(text) and text == text.strip() and not _NOT_MARKABLE.search(text)


def _mark(*parts: Any) -> str:
    digest = hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=7).digest()
    return f"{START}{int.from_bytes(digest, 'big') + 1}{END}"


def _put(values: dict[str, str], mark: str, value: Any) -> _Mark:
    value = str(value)
    if values.setdefault(mark, value) != value:
        raise _NoMarks()
    return _Mark(mark)


def _marked(value: Any, fields: frozenset[str], values: dict[str, str], memo: dict[int, Any]) -> Any:
    """*value* with the marked fields of each measure (a dict with an ``id``)
    replaced by marks: a dict or list is copied only where something in it
    changed, and one that appears in several places stays one object.
    Raises :class:`_NoMarks`."""
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
        out = {}
        for k, v in value.items():
            if isinstance(v, str):  # most values: checked here rather than in a call of their own
                if START in v or END in v:
                    raise _NoMarks()
                out[k] = v
            else:
                out[k] = _marked(v, fields, values, memo)
        measure = out.get("id")
        if measure is not None and RANK in fields and _markable(out.get(RANK)):
            out[RANK] = _put(values, _mark(measure, RANK), out[RANK])
        remarks = out.get(REMARKS) if measure is not None and REMARKS in fields else None
        if isinstance(remarks, list):
            out[REMARKS] = [_put(values, _mark(measure, REMARKS, i), r) if _markable(r) else r
                            for i, r in enumerate(remarks)]
        if all(out[k] is v for k, v in value.items()):
            out = value
    else:
        items = [_marked(v, fields, values, memo) for v in value]
        out = value if all(a is b for a, b in zip(items, value)) else type(value)(items)
    memo[key] = out
    return out


def _printed_plainly(env: jinja2.Environment, source: str) -> tuple[frozenset[str], frozenset[str]]:
    """The fields the template *source* uses only as the module says (a
    measure's ``rangering`` and ``antall.tiltak`` printed on their own, a
    measure's ``advarsler`` looped over, each printed on its own, or tested),
    and the names it reads from the context."""
    nothing = frozenset(), frozenset()
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError:
        return nothing  # the render reports it
    if any(True for _ in tree.find_all(_UNSAFE_NODES)) or any(
            f.name in _UNSAFE_FILTERS for f in tree.find_all(nodes.Filter)):
        return nothing
    fields = {f for f in (RANK, REMARKS, COUNT) if f in source}
    printed = {id(n) for output in tree.find_all(nodes.Output) for n in output.nodes}
    loops = list(tree.find_all(nodes.For))
    tested = ({id(f.iter) for f in loops} | {id(n.test) for n in tree.find_all(nodes.If)}
              | {id(n.node) for n in tree.find_all(nodes.Not)}
              | {id(n.node) for n in tree.find_all(nodes.Filter) if n.name in ("length", "count")})
    counts_reached = set()
    for node in tree.find_all(nodes.Getattr):
        if node.attr in _UNSAFE_ATTRS:
            return nothing
        is_count = isinstance(node.node, nodes.Name) and node.node.name == COUNT
        if is_count:
            counts_reached.add(id(node.node))
        if (node.attr == RANK and id(node) not in printed) or (is_count and node.attr == "tiltak"
                                                                and id(node) not in printed):
            fields.discard(RANK if node.attr == RANK else COUNT)
        if node.attr == REMARKS and id(node) not in tested:
            fields.discard(REMARKS)
    if any(n.name == COUNT and id(n) not in counts_reached for n in tree.find_all(nodes.Name)):
        fields.discard(COUNT)  # the counts as a whole: indexed, looped over, assigned
    for const in tree.find_all(nodes.Const):  # t["rangering"], sort(attribute="rangering"), …
        fields.discard(const.value) if isinstance(const.value, str) else None
    for loop in loops:  # a remark itself is only printed
        if isinstance(loop.iter, nodes.Getattr) and loop.iter.attr == REMARKS:
            if not isinstance(loop.target, nodes.Name):
                fields.discard(REMARKS)
                continue
            uses = [n for n in loop.find_all(nodes.Name) if n.name == loop.target.name and n.ctx == "load"]
            if any(id(n) not in printed for n in uses):
                fields.discard(REMARKS)
    return frozenset(fields), frozenset(n.name for n in tree.find_all(nodes.Name) if n.ctx == "load")
