"""The table of contents: one entry per Heading 1–3 (or the levels the field's
``\\o "1-N"`` asks for), with a bookmark on the
heading and a PAGEREF field for its page, put into the cached result of the
document's TOC field, so the document shows a table of contents even before
Word updates the field on opening (LibreOffice shows these entries as they are).

:func:`fill_toc` does it on a whole document; :class:`TocPlan` on a body seen in
pieces (:mod:`pipeline.documents.docxtemplate`)."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

_HEADING_IDS = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
#: Paragraphs that may be Heading 1–3 (:func:`_heading` decides).
_HEADING_CANDIDATES = ".//w:p[w:pPr/w:pStyle[@w:val='Heading1' or @w:val='Heading2' or @w:val='Heading3']]"
_HEADINGS = etree.XPath(_HEADING_CANDIDATES, namespaces=_NS)
_PLACEHOLDER = "{urn:x-iktplan:placeholder}toc"
_LEVELS = re.compile(r'\\o\s*"\s*\d\s*-\s*(\d)\s*"')


def _deepest(instruction: str) -> int:
    """The deepest heading level the TOC field *instruction* lists (``\\o "1-2"`` → 2; 3 when it says none)."""
    match = _LEVELS.search(instruction)
    return min(int(match.group(1)), 3) if match else 3


def _text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def fill_toc(document) -> int:
    """Put one entry per Heading 1–3 into the cached result of the document's TOC
    field; return the number of entries. Word rebuilds the field on opening
    (``w:updateFields``); LibreOffice shows these entries as they are."""
    body = document.element.body
    found = _find_toc(body)
    if found is None:
        return 0
    toc_par, instruction = found
    next_id = _max_bookmark_id(body) + 1
    entries = []
    deepest = _deepest(instruction)
    for p in body.iter(qn("w:p")):
        heading = _heading(p)
        if heading is not None and heading[0] <= deepest:
            entries.append((*heading, _bookmark(p, next_id)))
            next_id += 1
    if not entries:
        return 0
    _replace_toc(toc_par, _toc_paragraphs(entries, instruction))
    return len(entries)


def _find_toc(root) -> tuple[Any, str] | None:
    """(the paragraph holding the TOC field, its instruction), or None."""
    for instr in root.iter(qn("w:instrText")):
        if (instr.text or "").strip().startswith("TOC"):
            toc_par = next(a for a in instr.iterancestors(qn("w:p")))
            return toc_par, "".join(i.text or "" for i in toc_par.iter(qn("w:instrText")))
    return None


def _max_bookmark_id(root) -> int:
    used = [int(b.get(qn("w:id"))) for b in root.iter(qn("w:bookmarkStart")) if (b.get(qn("w:id")) or "").isdigit()]
    return max(used, default=0)


def _heading(p) -> tuple[int, str] | None:
    """(level, text) of a Heading 1–3 paragraph with text; None for any other."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    level = _HEADING_IDS.get(style.get(qn("w:val"))) if style is not None else None
    if level is None:
        return None
    text = _text_of(p).strip()
    return (level, text) if text else None


def _bookmark(p, number: int) -> str:
    """Put a TOC bookmark around heading *p*; return its name."""
    name = f"_Toc{100000000 + number}"
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
    end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>')
    ppr = p.find(qn("w:pPr"))
    (ppr.addnext(start) if ppr is not None else p.insert(0, start))
    p.append(end)
    return name


def _toc_paragraphs(entries: list[tuple[int, str, str]], instruction: str) -> list[Any]:
    from xml.sax.saxutils import escape

    paragraphs = []
    for k, (level, text, name) in enumerate(entries):
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if k == 0 else ""
        )
        close = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if k == len(entries) - 1 else ""
        paragraphs.append(parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="TOC{level}"/></w:pPr>{begin}'
            f'<w:hyperlink w:anchor="{name}" w:history="1">'
            f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r><w:r><w:tab/></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGEREF {name} \\h </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t></w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
            f"{close}</w:p>"
        ))
    return paragraphs


def _replace_toc(toc_par, paragraphs: list[Any]) -> None:
    anchor = toc_par
    for new in paragraphs:
        anchor.addnext(new)
        anchor = new
    toc_par.getparent().remove(toc_par)


# --- the same, for a body seen in pieces ---------------------------------------------


class NeedsWholeTree(Exception):
    """The pieces cannot give what the whole tree gives; take the whole-tree way."""


class TocPlan:
    """:func:`fill_toc` for a body seen in pieces, in order.

    What must be known before the first piece is written (is there a TOC field,
    and the highest bookmark id) is found in the few pieces that can hold it.
    The entries need every heading, so the TOC paragraph is written as a
    placeholder and filled in at the end (:meth:`finish`)."""

    def __init__(self, instruction: str | None, first_id: int):
        self.instruction = instruction  # of the first TOC field; None: there is none
        self.next_id = first_id
        self.entries: list[tuple[int, str, str]] = []
        self.placed: int | None = None  # piece with the placeholder

    @classmethod
    def scan(cls, start_tag: str, chunks: list[str], parser) -> TocPlan:
        instruction, highest = None, 0
        for chunk in chunks:
            # Only these elements matter here, and their names cannot hide in the text.
            if "instrText" in chunk or "bookmarkStart" in chunk:
                root = etree.fromstring(start_tag + chunk + "</w:body>", parser)
                if instruction is None and (found := _find_toc(root)) is not None:
                    instruction = found[1]
                highest = max(highest, _max_bookmark_id(root))
        return cls(instruction, highest + 1)

    def apply(self, root) -> None:
        if self.instruction is None:
            return
        deepest = _deepest(self.instruction)
        for p in _HEADINGS(root):
            heading = _heading(p)
            if heading is not None and heading[0] <= deepest:
                self.entries.append((*heading, _bookmark(p, self.next_id)))
                self.next_id += 1
        if self.placed is None and (found := _find_toc(root)) is not None:
            self.placed = -1  # set to the piece's index by finish
            found[0].getparent().replace(found[0], etree.Element(_PLACEHOLDER))

    def finish(self, written: list[bytes]) -> None:
        """Put the entries where the placeholder is (in the last piece written
        that has it: the one apply() was given when it found the field)."""
        if self.instruction is None:
            return
        if not self.entries:
            raise NeedsWholeTree()  # fill_toc leaves the document alone; the placeholder must go
        marker = etree.tostring(etree.Element(_PLACEHOLDER))
        where = [i for i, xml in enumerate(written) if marker in xml]
        if len(where) != 1 or written[where[0]].count(marker) != 1:
            raise NeedsWholeTree()
        declaration = b" " + nsdecls("w").encode()
        entries = b"".join(etree.tostring(p).replace(declaration, b"", 1)
                           for p in _toc_paragraphs(self.entries, self.instruction))
        written[where[0]] = written[where[0]].replace(marker, entries)
