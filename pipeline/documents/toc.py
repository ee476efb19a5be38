"""The table of contents: one entry per Heading 1–3 (or the levels the field's
``\\o "1-N"`` asks for), with a bookmark on the
heading and a PAGEREF field for its page, put into the cached result of the
document's TOC field, so the document shows a table of contents even before
Word updates the field on opening (LibreOffice shows these entries as they are).

:func:`fill_toc` does it on a whole document; :mod:`pipeline.documents.docxtemplate`
does the same segment by segment, with these functions."""

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
