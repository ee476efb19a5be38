"""docxtpl's template, rendered the same way, with the whole-document steps done
segment by segment, so that a document with hundreds of measures never becomes
one XML tree, and a revision redoes only the segments whose text changed."""

from __future__ import annotations

import hashlib
import io
import re
import sqlite3
import zipfile
from importlib.metadata import version
from pathlib import Path
from typing import Any, Iterator

import jinja2
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from lxml import etree

from pipeline.documents import toc
from pipeline.documents.columns import fit_columns
from pipeline.documents.latevalues import LateValues, late_values
from pipeline.documents.segments import BODY_END, CannotCut, PieceCache, Segmenter, segments

#: docxtpl's own pattern for a paragraph (``DocxTemplate.resolve_listing``).
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
#: What ``resolve_listing`` turns into Word markup (line break, tab, …).
_LISTING = re.compile("[\t\a\n\f]")
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
_DOCPRS = etree.XPath(".//wp:docPr", namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"})

# Marks a processed segment carries where the whole document decides: picture ids,
# the bookmarks of headings, and the table of contents field. None can come from
# text: text never holds a «<».
_DOCPR_ID = "\ue0d0"
_HEADING_ID = "\ue0d1"
_TOC_NS = "urn:x-iktplan:toc"
_MARKS = re.compile(
    rb'(?P<docpr><[\w.-]+:docPr\b[^>]*? id=")\xee\x83\x90"'
    rb'|<w:bookmarkStart w:id="\xee\x83\x91(?P<start>\d+)" w:name="\xee\x83\x91"/>'
    rb'|<w:bookmarkEnd w:id="\xee\x83\x91(?P<end>\d+)"/>'
    rb'|<(?P<p>ns\d+):(?P<toc>start|end) xmlns:(?P=p)="urn:x-iktplan:toc"/>'
)


#: New segments are processed together once this much of their text has come.
BATCH_CHARS = 1 << 19
#: The element each segment is wrapped in while a batch is one tree.
_SEGMENT_NS, _SEGMENT_PREFIX = "urn:x-iktplan:segment", "iktplan-segment"
_SEGMENT = f"{_SEGMENT_PREFIX}:s"
_SEGMENT_XML = re.compile(rb"<iktplan-segment:s>(.*?)</iktplan-segment:s>|<iktplan-segment:s/>()", re.DOTALL)


def engine_salt() -> bytes:
    """What the processing of a segment depends on besides its text: this
    code, and the libraries that parse and write it."""
    if not _SALT:
        here = Path(__file__).parent
        sources = b"".join((here / name).read_bytes()
                           for name in ("docxtemplate.py", "segments.py", "toc.py", "columns.py", "latevalues.py"))
        libraries = ",".join(version(name) for name in ("docxtpl", "lxml", "python-docx"))
        _SALT.append(hashlib.sha256(sources + libraries.encode()).digest())
    return _SALT[0]


_SALT: list[bytes] = []


class PiecewiseTemplate(DocxTemplate):
    """docxtpl's template, rendered the same way, with two costs removed for
    large documents (hundreds of measures make a body of tens of megabytes):

    * the body Jinja renders is never held whole, nor made one XML tree (1.6
      million elements take 400 MB): it is cut into segments of whole
      top-level elements as it comes (:mod:`pipeline.documents.segments`),
      and each is processed on its own — the line-break and tab markup
      (``resolve_listing``) where it has such a character, table grids and
      column widths from the content (:mod:`pipeline.documents.columns`), and
      picture ids and the table of contents' bookmarks as marks the whole
      document fills in when it is written;
    * a segment processed before (the same text, in a revision) is taken
      from *pieces*, a folder that keeps them (None: only this render).

    The result is the document docxtpl and :func:`pipeline.documents.toc.fill_toc`
    make. Where the segments cannot be used (a body with text boxes, or one
    that is not well-formed XML), the whole-tree way is taken instead."""

    def __init__(self, template_file: Any, pieces: Path | None = None):
        super().__init__(template_file)
        self.piece_folder = pieces
        self._segments: list[tuple[bytes, Any]] | None = None  # (key, meta) of each segment, in order
        self._cache: PieceCache | None = None
        self._whole: str | None = None  # the rendered body, where the segments could not be used
        self._late: LateValues | None = None  # values filled in when the document is put together

    _patched: dict[str, str] = {}  # docxtpl's patch_xml of a part's XML, by that XML (the same each run)

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl's, done once for the same XML in this process."""
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = DocxTemplate.patch_xml(self, src_xml)
            if len(self._patched) > 32:
                self._patched.clear()
            self._patched[src_xml] = patched
        return patched

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's, worked out only for the paragraphs that hold such a character."""
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
        """``DocxTemplate.render`` up to the body's segments, which :meth:`package`
        puts together (headers, footers, properties and footnotes are done)."""
        self.render_init()
        env.autoescape = True
        self._context, self._env = context, env
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.patch_xml(self.get_xml()))  # as render_xml_part
        self.current_rendering_part = self.docx._part
        try:
            template = env.from_string(source)
        except jinja2.TemplateError as exc:
            raise _with_docx_context(exc, source)
        start = re.match(r"<w:body(?:\s[^>]*)?>", source)
        self._start_tag = start.group() if start else None
        if self._start_tag is not None:
            self._late = late_values(env, source, context)
            self._render_segments(template, source, context if self._late is None else self._late.context)
        if self._segments is None:
            self._whole = self._render_whole()
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            for key, xml in self.build_headers_footers_xml(context, uri, env):
                self.map_headers_footers_xml(key, xml)
        self.render_properties(context, env)
        self.render_footnotes(context, env)
        self.is_rendered = True

    def _render_segments(self, template: jinja2.Template, source: str, context: dict[str, Any]) -> None:
        """Stream the body out of Jinja, segment by segment, each taken from the
        cache or processed (a few hundred kilobytes of new ones at a time).
        Leaves ``_segments`` None where the whole-tree way must be taken.
        *context* may hold marks (:mod:`pipeline.documents.latevalues`); a
        segment with a table gets their values before it is processed, since
        column widths depend on its text."""
        self._cache = PieceCache(self.piece_folder, Path(str(self.template_file)).name,
                                 engine_salt() + self._start_tag.encode())
        segmenter = Segmenter()
        done: list[tuple[bytes, Any]] = []
        waiting: dict[bytes, tuple[str, list[int]]] = {}  # new segments: key → (text, where they stand)
        size = 0
        try:
            late = self._late
            for text in segments(template.generate(context), segmenter):
                text = one_full_stop(text)
                if late is not None and "<w:tbl" in text and late.has_marks(text):
                    text = late.fill_text(text)
                key = self._cache.key(text)
                known, meta = self._cache.get(key)
                if not known:
                    if key not in waiting:
                        waiting[key] = (text, [])
                        size += len(text)
                    waiting[key][1].append(len(done))
                done.append((key, meta))
                if size >= BATCH_CHARS:
                    self._process_waiting(waiting, done)
                    waiting, size = {}, 0
            self._process_waiting(waiting, done)
            if segmenter.start_tag != self._start_tag:
                raise CannotCut()
            self._cache.commit()
            self._segments = done
        except jinja2.TemplateError as exc:
            self._close_cache()
            raise _with_docx_context(exc, source)
        except (CannotCut, etree.XMLSyntaxError, sqlite3.Error):
            self._close_cache()
        except BaseException:
            self._close_cache()
            raise

    def _process_waiting(self, waiting: dict[bytes, tuple[str, list[int]]], done: list[tuple[bytes, Any]]) -> None:
        if not waiting:
            return
        for key, (xml, meta) in zip(waiting, self._process([text for text, _ in waiting.values()])):
            self._cache.add(key, xml, meta)
            for i in waiting[key][1]:
                done[i] = (key, meta)

    def _process(self, texts: list[str]) -> list[tuple[bytes, Any]]:
        """Segments as the whole document would have them (``render_xml_part``'s
        last steps, then ``DocxTemplate.render``'s and :func:`fill_toc`'s),
        with marks for what the whole document decides; and, for each, what
        the marks need to know (None: no marks). They are parsed and written as
        one tree (each in an element of its own), which costs less than one
        tree each and gives the same."""
        prepared = []
        for text in texts:
            text = text.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            text = text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if _LISTING.search(text):
                text = self.resolve_listing(text)
            prepared.append(text)
        start = self._start_tag[:-1] + f' xmlns:{_SEGMENT_PREFIX}="{_SEGMENT_NS}">'
        root = etree.fromstring(start + "".join(f"<{_SEGMENT}>{t}</{_SEGMENT}>" for t in prepared) + BODY_END,
                                etree.XMLParser())  # strict: a segment that is not well-formed goes the whole-tree way
        metas = [self._mark(wrapper, text) for wrapper, text in zip(root, prepared)]
        if self._late is not None:  # segments whose marks get their values when the document is put together
            metas = [dict(meta or {"headings": [], "highest": 0, "toc": None}, late=True)
                     if self._late.has_marks(text) else meta for meta, text in zip(metas, prepared)]
        xml = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
        pieces = _SEGMENT_XML.findall(xml, xml.index(b">") + 1)
        if len(pieces) != len(texts) or len(root) != len(texts):
            raise CannotCut()
        return [(a or b"", meta) for (a, _), meta in zip(pieces, metas)]

    def _mark(self, segment, text: str) -> Any:
        """Fix the tables of one parsed *segment* and put in its marks; what the marks need to know."""
        # Each step only where its elements can be: their names never hide in text.
        if "<w:tbl" in text:
            self._fix_tables_in(segment, self._start_tag)
        pictures = _DOCPRS(segment) if "docPr" in text else []
        for docpr in pictures:
            docpr.attrib["id"] = _DOCPR_ID
        highest = toc._max_bookmark_id(segment) if "bookmarkStart" in text else 0
        found = toc._find_toc(segment) if "instrText" in text else None
        instruction = None
        if found is not None:
            paragraph, instruction = found
            paragraph.addprevious(etree.Element(f"{{{_TOC_NS}}}start"))
            paragraph.addnext(etree.Element(f"{{{_TOC_NS}}}end"))
        headings = []
        for p in toc._HEADINGS(segment) if "Heading" in text else ():
            heading = toc._heading(p)
            if heading is not None:
                _mark_heading(p, len(headings))
                headings.append(list(heading))
        if not (pictures or headings or instruction or highest):
            return None
        return {"headings": headings, "highest": highest, "toc": instruction}

    def _fix_tables_in(self, root, start_tag: str) -> None:
        """``DocxTemplate.fix_tables`` for the tables of one segment: a table whose
        grid already fits every row is left as it is; any other is given to
        docxtpl's own code (it works on text, so the table goes there and back)."""
        for table in list(root.iter(_W_TBL)):
            if not _TABLE_FITS(table, columns=_GRID_COLUMNS(table)):
                tree = self.fix_tables(start_tag + etree.tostring(table, encoding="unicode") + "</w:body>")
                table.getparent().replace(table, tree[0])
        for table in root.iter(_W_TBL):
            fit_columns(table)

    def package(self) -> bytes:
        """The .docx: the template's parts as rendered, and its document.xml
        with the body's segments put together — picture ids numbered, the table
        of contents filled in (or docxtpl's and :func:`fill_toc`'s whole-tree
        way, where the segments could not be used)."""
        cache, segments_, whole, late = self._cache, self._segments, self._whole, self._late
        self._cache = self._segments = self._whole = self._late = None
        if segments_ is None:
            return self._package_whole(whole)
        try:
            outline = self._outline()
            if outline is None:
                cache.close()
                return self._package_whole(self._render_whole())
            before, frame, after = outline
            parts = _assemble(segments_, cache, self.docx_ids_index, late)
            data = _replace_part(frame, "word/document.xml", [before, b"<w:body>", *parts, b"</w:body>", after])
        except sqlite3.Error:
            cache.close()  # the kept segments failed: the body is rendered again, the whole-tree way
            return self._package_whole(self._render_whole())
        cache.finish()
        return data

    def _close_cache(self) -> None:
        if self._cache is not None:
            self._cache.close()
        self._cache = self._segments = None

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

    def _render_whole(self) -> str:
        """The body rendered again, docxtpl's own way (as one text)."""
        self.current_rendering_part = self.docx._part
        return one_full_stop(DocxTemplate.build_xml(self, self._context, self._env))

    def _package_whole(self, body: str) -> bytes:
        """docxtpl's own way: the rendered body as one tree."""
        self.docx_ids_index = 1000
        tree = self.fix_tables(body)
        for table in tree.iter(_W_TBL):
            fit_columns(table)
        self.fix_docpr_ids(tree)
        self.map_tree(tree)
        toc.fill_toc(self.docx)
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


#: An amount that ends in an abbreviation's full stop («1.250.000 kr.», Danish),
#: followed by the template's own full stop at the end of a sentence: in one run, or
#: in the next run when Word split the sentence (formatting, a spell-check mark).
_DOUBLE_STOP = re.compile(
    r"(?<=\bkr)\.((?:</w:t>|</w:r>|<w:r(?:\s[^>]*)?>|<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>|<w:proofErr[^>]*/>"
    r"|<w:t(?:\s[^>]*)?>)*)\.(?!\.)")


def one_full_stop(text: str) -> str:
    """*text* (a part's XML) with «kr..» written «kr.»: an abbreviation at the end of
    a sentence takes no second full stop, and a template cannot know which amounts end
    a sentence in which language. Text outside Word: :func:`pipeline.i18n.lang.one_full_stop`."""
    return _DOUBLE_STOP.sub(r".\1", text) if "kr." in text else text


def _with_docx_context(exc: jinja2.TemplateError, source: str) -> jinja2.TemplateError:
    """The error with the lines of the template around it, as docxtpl gives it."""
    if getattr(exc, "lineno", None) is not None:
        line = max(exc.lineno - 4, 0)
        exc.docx_context = [re.sub(r"<[^>]+>", "", x) for x in source.splitlines()[line: line + 7]]
    return exc


def _mark_heading(p, number: int) -> None:
    """:func:`toc._bookmark` with marks for the id and name the document gives."""
    start = etree.Element(qn("w:bookmarkStart"))
    start.set(qn("w:id"), f"{_HEADING_ID}{number}")
    start.set(qn("w:name"), _HEADING_ID)
    end = etree.Element(qn("w:bookmarkEnd"))
    end.set(qn("w:id"), f"{_HEADING_ID}{number}")
    ppr = p.find(qn("w:pPr"))
    (ppr.addnext(start) if ppr is not None else p.insert(0, start))
    p.append(end)


def _assemble(segments_: list[tuple[bytes, Any]], cache: PieceCache, docpr_id: int,
              late: LateValues | None = None) -> Iterator[bytes]:
    """The body's processed segments, in order, with the marks filled in as
    :func:`toc.fill_toc` and ``DocxTemplate.fix_docpr_ids`` number them on the
    whole tree, and the *late* values put in (None: the body has none)."""
    instruction, first_toc, highest = None, None, 0
    for i, (_, meta) in enumerate(segments_):
        if meta is not None:
            highest = max(highest, meta["highest"])
            if first_toc is None and meta["toc"] is not None:
                first_toc, instruction = i, meta["toc"]
    bookmarks: dict[tuple[int, int], int] = {}  # (segment, heading) → bookmark id
    entries: list[tuple[int, str, str]] = []
    if instruction is not None:
        next_id, deepest = highest + 1, toc._deepest(instruction)
        for i, (_, meta) in enumerate(segments_):
            for h, (level, text) in enumerate(meta["headings"] if meta else ()):
                if level > deepest:
                    continue  # the field does not list this level: no entry, no bookmark
                bookmarks[i, h] = next_id
                entries.append((level, late.fill_text(text, plain=True) if late else text, _bookmark_name(next_id)))
                next_id += 1
    toc_xml = _toc_xml(entries, instruction) if entries else None
    for i, ((key, meta), xml) in enumerate(zip(segments_, cache.xmls([key for key, _ in segments_]))):
        if meta is None:
            yield xml
            continue
        out, done, skipping = [], 0, False
        for mark in _MARKS.finditer(xml):
            if not skipping:
                out.append(xml[done:mark.start()])
            done = mark.end()
            if mark["docpr"]:
                docpr_id += 1
                if not skipping:
                    out.append(mark["docpr"] + str(docpr_id).encode() + b'"')
            elif mark["start"] is not None or mark["end"] is not None:
                number = bookmarks.get((i, int(mark["start"] or mark["end"])))
                if number is not None and not skipping:
                    out.append(f'<w:bookmarkStart w:id="{number}" w:name="{_bookmark_name(number)}"/>'.encode()
                               if mark["start"] is not None else f'<w:bookmarkEnd w:id="{number}"/>'.encode())
            elif mark["toc"] == b"start":
                if i == first_toc and toc_xml is not None:
                    out.append(toc_xml)  # the first table of contents: its entries instead of the paragraph
                    skipping = True
            else:
                skipping = False
        out.append(xml[done:])
        xml = b"".join(out)
        yield late.fill_bytes(xml) if late is not None and meta.get("late") else xml


def _bookmark_name(number: int) -> str:
    return f"_Toc{100000000 + number}"


def _toc_xml(entries: list[tuple[int, str, str]], instruction: str) -> bytes:
    declaration = b" " + nsdecls("w").encode()
    return b"".join(etree.tostring(p).replace(declaration, b"", 1) for p in toc._toc_paragraphs(entries, instruction))


def _replace_part(package: bytes, name: str, parts: Iterator[bytes] | list[bytes]) -> bytes:
    """*package* (a zip) with the member *name* holding the *parts* joined, all
    else as it was. The parts are written one by one, as they come."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != name:
                zout.writestr(info, zin.read(info.filename))
                continue
            with zout.open(info, "w") as member:
                for part in parts:
                    member.write(part)
    return out.getvalue()
