"""docxtpl's template, rendered the same way, with the whole-document steps done
in pieces so that a document with hundreds of measures never becomes one XML tree."""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from lxml import etree
from docx.oxml.ns import qn

from pipeline.documents.columns import fit_columns
from pipeline.documents.toc import NeedsWholeTree, TocPlan, fill_toc

#: docxtpl's own pattern for a paragraph (``DocxTemplate.resolve_listing``).
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
#: What ``resolve_listing`` turns into Word markup (line break, tab, …).
_LISTING = re.compile("[\t\a\n\f]")
#: Start and end tags of the elements that hold paragraphs at the top of the body.
_CONTAINER_TAG = re.compile(r"<(/?)w:(?:tbl|sdt)(?=[\s/>])[^>]*?(/?)>")
#: The body is parsed in pieces of about this many characters (see PiecewiseTemplate.package).
CHUNK_CHARS = 1 << 20
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_W_TBL = qn("w:tbl")
#: True when docxtpl's fix_tables would leave a table alone: it has a grid, no row
#: (its own or a nested table's) has more cells than grid columns, some row spans
#: all of them, and every gridSpan is a plain number.
_TABLE_FITS = etree.XPath(
    "boolean(w:tblGrid) and not(.//w:tr[count(w:tc) > $columns])"
    " and boolean(.//w:tr[sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val) + count(w:tc[not(w:tcPr[1]/w:gridSpan[1])])"
    " >= $columns])"
    " and not(.//w:tc/w:tcPr[1]/w:gridSpan[1][not(@w:val) or translate(@w:val, '0123456789', '') != ''])",
    namespaces=_NS,
)
_GRID_COLUMNS = etree.XPath("count(w:tblGrid[1]/w:gridCol)", namespaces=_NS)


class PiecewiseTemplate(DocxTemplate):
    """docxtpl's template, rendered the same way, with two costs removed for
    large documents (hundreds of measures make a body of tens of megabytes):

    * the line-break and tab markup (``resolve_listing``) is worked out only
      for the paragraphs that hold such a character, not for every paragraph;
    * the rendered body is never one XML tree (1.6 million elements take
      400 MB): it is parsed, fixed (table grids, column widths from the content
      (:mod:`pipeline.documents.columns`), picture ids, the table of contents)
      and written in pieces of whole top-level elements.

    The result is the document docxtpl and :func:`fill_toc` make. Where the
    pieces cannot be used (a docxtpl without the steps relied on, or a rendered
    body that is not well-formed XML), the whole-tree way is taken instead."""

    _deferred = False  # while the body is rendered: package() resolves it piece by piece

    def resolve_listing(self, xml: str) -> str:
        if self._deferred:
            return xml
        special = [m.start() for m in _LISTING.finditer(xml)]
        if not special:
            return xml
        parts, done, k = [], 0, 0
        for match in _PARAGRAPH.finditer(xml):  # docxtpl's paragraphs, found the same way
            start, end = match.span()
            while k < len(special) and special[k] < start:
                k += 1
            if k == len(special):
                break
            if special[k] < end:
                # The same pattern on one paragraph matches exactly that paragraph.
                parts += [xml[done:start], DocxTemplate.resolve_listing(self, xml[start:end])]
                done = end
        parts.append(xml[done:])
        return "".join(parts)

    def render_body(self, context: dict[str, Any], env: jinja2.Environment) -> None:
        """``DocxTemplate.render`` up to the rendered body, which is kept as text
        for :meth:`package` (headers, footers, properties and footnotes are done)."""
        self.render_init()
        env.autoescape = True
        self._deferred = True
        try:
            self._body = self.build_xml(context, env)
        finally:
            self._deferred = False
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            for key, xml in self.build_headers_footers_xml(context, uri, env):
                self.map_headers_footers_xml(key, xml)
        self.render_properties(context, env)
        self.render_footnotes(context, env)
        self.is_rendered = True

    def package(self) -> bytes:
        """The .docx with *body*: table grids fixed, picture ids numbered, the
        table of contents filled in (``DocxTemplate.render``'s last steps and
        :func:`fill_toc`), one piece of the body at a time."""
        body, self._body = self._body, None  # only the pieces below are kept: the text is large
        pieces = _pieces(body)
        outline = self._outline() if pieces is not None else None
        if pieces is None or outline is None:
            return self._package_whole(self.resolve_listing(body))
        del body
        start_tag, chunks = pieces
        before, frame, after = outline
        parser = etree.XMLParser()  # strict: a body that is not well-formed goes the whole-tree way
        try:
            chunks = [self.resolve_listing(chunk) for chunk in chunks]  # see _pieces: the same paragraphs
            toc = TocPlan.scan(start_tag, chunks, parser)
            written = []
            for chunk in chunks:
                root = etree.fromstring(start_tag + chunk + "</w:body>", parser)
                self._fix_tables_in(root, start_tag)
                self.fix_docpr_ids(root)
                toc.apply(root)
                xml = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
                written.append(xml[xml.index(b">") + 1: -len(b"</w:body>")])
                del root, xml
            toc.finish(written)
        except (etree.XMLSyntaxError, NeedsWholeTree):
            return self._package_whole(start_tag + "".join(chunks) + "</w:body>")
        del chunks
        return _replace_part(frame, "word/document.xml", [before, b"<w:body>", *written, b"</w:body>", after])

    def _fix_tables_in(self, root, start_tag: str) -> None:
        """``DocxTemplate.fix_tables`` for the tables of one piece: a table whose
        grid already fits every row is left as it is; any other is given to
        docxtpl's own code (it works on text, so the table goes there and back)."""
        for table in list(root.iter(_W_TBL)):
            if not _TABLE_FITS(table, columns=_GRID_COLUMNS(table)):
                tree = self.fix_tables(start_tag + etree.tostring(table, encoding="unicode") + "</w:body>")
                table.getparent().replace(table, tree[0])
        for table in root.iter(_W_TBL):
            fit_columns(table)

    def _outline(self) -> tuple[bytes, bytes, bytes] | None:
        """(document.xml before the body, the saved package, document.xml after
        the body), from the template's document with an empty body; None if the
        body cannot be told apart."""
        document = self.docx.element
        kept = list(document.body)
        for child in kept:
            document.body.remove(child)
        try:
            xml = etree.tostring(document, encoding="UTF-8", standalone=True)  # as python-docx writes a part
            if xml.count(b"<w:body/>") != 1:
                return None
            buffer = io.BytesIO()
            self.save(buffer)
        finally:
            for child in kept:
                document.body.append(child)
        before, after = xml.split(b"<w:body/>")
        return before, buffer.getvalue(), after

    def _package_whole(self, body: str) -> bytes:
        """docxtpl's own way: the rendered body as one tree."""
        tree = self.fix_tables(body)
        for table in tree.iter(_W_TBL):
            fit_columns(table)
        self.fix_docpr_ids(tree)
        self.map_tree(tree)
        fill_toc(self.docx)
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def _pieces(body: str) -> tuple[str, list[str]] | None:
    """(the body's start tag, its content cut into pieces of whole top-level
    elements), or None when the body is not cut (it holds text boxes, or does
    not look as expected).

    Every cut is right after the end tag of a top-level paragraph, so docxtpl's
    paragraph pattern (:data:`_PARAGRAPH`) finds the same paragraphs in the
    pieces as in the whole. Paragraphs nest only in text boxes; without them,
    the tables and content controls are all that must be followed. A cut inside
    any other element leaves that element unclosed in its piece, which then
    fails to parse (and the whole-tree way is taken)."""
    match = re.match(r"<w:body(?:\s[^>]*)?>", body)
    if match is None or not body.endswith("</w:body>") or "txbxContent" in body:
        return None
    start, end = match.end(), len(body) - len("</w:body>")
    blocks: list[tuple[int, int]] = []  # top-level tables and content controls, (start, end)
    depth, opened = 0, start
    for tag in _CONTAINER_TAG.finditer(body, start, end):
        closing, empty = tag.group(1), tag.group(2)
        if empty:
            if depth == 0:
                blocks.append((tag.start(), tag.end()))
        elif not closing:
            if depth == 0:
                opened = tag.start()
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                blocks.append((opened, tag.end()))
    if depth != 0:
        return None
    ends = [e for _, e in blocks]
    chunks: list[str] = []
    last = start
    while end - last > CHUNK_CHARS:
        cut = _cut_after(body, last + CHUNK_CHARS, end, blocks, ends)
        if cut is None:
            break
        chunks.append(body[last:cut])
        last = cut
    chunks.append(body[last:end])
    return body[: match.end()], [c for c in chunks if c]


def _cut_after(body: str, at: int, end: int, blocks: list[tuple[int, int]], ends: list[int]) -> int | None:
    """The end of the first top-level paragraph ending after *at*; None if there is none."""
    while True:
        k = bisect.bisect_right(ends, at)
        if k < len(blocks) and blocks[k][0] < at:  # inside a table: look after it
            at = ends[k]
            continue
        close = body.find("</w:p>", at, end)
        if close < 0:
            return None
        if k < len(blocks) and close > blocks[k][0]:  # that paragraph is in the next table
            at = ends[k]
            continue
        return close + len("</w:p>")


def _replace_part(package: bytes, name: str, parts: list[bytes]) -> bytes:
    """*package* (a zip) with the member *name* holding the *parts* joined, all
    else as it was. The parts are written one by one (no second copy of them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != name:
                zout.writestr(info, zin.read(info.filename))
                continue
            with zout.open(info, "w") as member:
                while parts:
                    member.write(parts.pop(0))
    return out.getvalue()
