"""Render the three Word documents from the docxtpl templates.

:func:`render_documents` checks the templates (:mod:`pipeline.documents.templatecheck`),
builds the context (:mod:`pipeline.documents.context`), draws the charts
(:mod:`pipeline.documents.charts`) and renders each template with docxtpl into *out_dir*.

Data never breaks the XML and is never evaluated: every string in the context
is cleaned of the characters XML forbids (control characters) and escaped
(:func:`clean`), and rendering uses ``autoescape=True`` for anything else, so
``&``, ``<``, ``>``, quotes and braces arrive as written;
a unit's ``{{ x }}`` is printed as text because values are inserted, never
parsed as template code. docxtpl turns a line break in a value into a Word line
break and a tab into a Word tab. The Jinja environment uses ``StrictUndefined``:
a template that names a field the context lacks fails with a
:class:`~pipeline.errors.TemplateError` naming the template and the field,
never with an empty gap in the document.

After rendering, the table of contents field gets one entry per heading (with
a PAGEREF field for the page number), so the document shows a table of contents
even before Word updates the field on opening.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree
from markupsafe import Markup, escape
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from pipeline.core.assessment import Assessment
from pipeline.documents.context import build_context
from pipeline.errors import RenderError, TemplateError
from pipeline.fileio import atomic_write_bytes
from pipeline.core.model import Municipality
from pipeline.core.versions import DOCUMENTS, VersionInfo

CHART_WIDTH = Mm(160)
#: The timeline shows at most this many measures (the highest ranked inside the frame).
TIMELINE_LIMIT = 40

# Characters XML 1.0 forbids (C0 controls except tab, LF, CR; lone surrogates;
# U+FFFE/U+FFFF). docxtpl would turn \a and \f into paragraph and page breaks.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_HEADING_IDS = {"Heading1": 1, "Heading2": 2, "Heading3": 3}


def clean_text(text: str) -> str:
    """*text* without XML-illegal characters, with every line break as ``\\n``."""
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean(value: Any, _memo: dict[int, Any] | None = None) -> Any:
    """Clean every string in a context tree (dicts, lists, tuples) and escape it
    for XML. Braces become character references: docxtpl rewrites ``{_{`` and
    similar sequences in its output, which would change what a unit wrote.

    A dict or list that appears in several places (a measure is listed under its
    sub-goal, in the action plan and in the full list) is cleaned once."""
    if isinstance(value, str):
        return Markup(str(escape(clean_text(value))).replace("{", "&#123;").replace("}", "&#125;"))
    if not isinstance(value, (dict, list, tuple)):
        return value
    memo = {} if _memo is None else _memo
    key = id(value)  # the tree is alive throughout, so an id stays one object's
    if key not in memo:
        if isinstance(value, dict):
            memo[key] = {k: clean(v, memo) for k, v in value.items()}
        else:
            memo[key] = [clean(v, memo) for v in value]
    return memo[key]


def render_documents(
    model: Municipality,
    assessment: Assessment,
    version: VersionInfo,
    templates_dir: Path,
    out_dir: Path,
    chart_cache: Path | None = None,
) -> list[Path]:
    """Render the three documents into *out_dir*; return their paths, in
    :data:`DOCUMENTS` order. Raises :class:`TemplateError` when a template is
    missing or has problems, :class:`RenderError` when a document cannot be
    written.

    *chart_cache* is a folder that keeps the chart images of the last call, so
    a chart whose numbers did not change is not drawn again (None: only kept
    in memory, for the next call in this process)."""
    from pipeline.documents.templatecheck import check_templates, describe

    templates_dir, out_dir = Path(templates_dir), Path(out_dir)
    problems = check_templates(templates_dir)
    if problems:
        raise TemplateError(describe(problems))
    context = clean(build_context(model, assessment, version))
    images = _charts(model, assessment, chart_cache)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DOCUMENTS:
        data = render_template(templates_dir / name, context, images)
        try:
            written.append(atomic_write_bytes(out_dir / name, data))
        except OSError as exc:
            raise RenderError(f"Kan ikke skrive {out_dir / name}: {exc.strerror}.") from None
    return written


def render_template(path: Path, context: dict[str, Any], images: dict[str, bytes]) -> bytes:
    """Render one template with a cleaned *context* and chart PNGs by field name."""
    name = path.name
    if not path.is_file():
        raise TemplateError(
            f"Finner ikke malen {name} i {path.parent}. Kopier den inn igjen fra en ny arbeidsmappe "
            "(«iktplan init»), eller legg tilbake en tidligere kopi."
        )
    try:
        tpl = _Template(str(path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail in many ways inside python-docx
        raise TemplateError(f"Malen {name} kan ikke åpnes som et Word-dokument (.docx): {exc}.") from None
    full = dict(context)
    for field, png in images.items():
        full[field] = InlineImage(tpl, io.BytesIO(png), width=CHART_WIDTH)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render_body(full, env)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"Malen {name} bruker feltet «{_undefined_name(exc)}», som iktplan ikke har. Rett eller fjern "
            "feltet i malen (se «iktplan check-templates»)."
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Malen {name} har en feil i en kode: {exc.message}.") from None
    return tpl.package()


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    match = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
    return match.group(1) if match else text


# --- charts ---------------------------------------------------------------------


def _charts(model: Municipality, assessment: Assessment, cache: Path | None = None) -> dict[str, bytes]:
    from pipeline.documents import charts  # matplotlib is slow to import; a run that renders nothing never needs it

    config = model.config
    barometer = [
        charts.BarometerRow(clean_text(area.area), area.average,
                            tuple((clean_text(s.name), s.average) for s in area.service_areas))
        for area in assessment.barometer_areas
    ]
    years = [
        charts.YearAmounts(y.year, y.investment_in_frame, y.operating_cost_in_frame, y.benefit_in_frame)
        for y in assessment.years
    ]
    planned = [a for a in assessment.measures if a.in_frame and a.measure.period is not None]
    items = [
        charts.TimelineItem(clean_text(f"{a.id} {a.measure.title}"), a.measure.period.year, a.measure.period.start_month,
                            a.measure.duration_months, a.category)
        for a in planned[:TIMELINE_LIMIT]
    ]
    note = (f"Viser de {TIMELINE_LIMIT} høyest prioriterte av {len(planned)} tiltak med tidsrom."
            if len(planned) > TIMELINE_LIMIT else None)
    used: set[str] = set()
    images = {
        "diagram_barometer": _chart(cache, used, charts.barometer_chart, barometer),
        "diagram_okonomi": _chart(cache, used, charts.economy_chart, years),
        "diagram_tidslinje": _chart(cache, used, charts.timeline_chart, items, config.period_from, config.period_to,
                                    note=note),
    }
    if cache is not None:  # keep only the images of the latest documents
        for p in Path(cache).glob("*.png"):
            if p.stem not in used:
                try:
                    p.unlink()
                except OSError:
                    pass
    return images


#: Charts drawn in this process, by key (watch mode renders again and again).
_DRAWN: OrderedDict[str, bytes] = OrderedDict()
_DRAWN_LIMIT = 12


def _chart(cache: Path | None, used: set[str], draw: Any, *args: Any, **kwargs: Any) -> bytes:
    """``draw(*args, **kwargs)``, or the same image drawn before: the inputs
    are plain numbers and texts, so equal inputs (and the same chart code and
    matplotlib) give the same picture."""
    key = hashlib.sha256(repr((draw.__name__, args, sorted(kwargs.items()), _chart_code())).encode()).hexdigest()
    used.add(key)
    if key in _DRAWN:
        _DRAWN.move_to_end(key)
        return _DRAWN[key]
    stored = Path(cache) / f"{key}.png" if cache is not None else None
    png = None
    if stored is not None and stored.is_file():
        try:
            png = stored.read_bytes()
        except OSError:
            png = None
    if png is None:
        png = draw(*args, **kwargs)
        if stored is not None:
            try:
                stored.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(stored, png)
            except OSError:
                pass  # a cache that cannot be written only costs time next run
    _DRAWN[key] = png
    while len(_DRAWN) > _DRAWN_LIMIT:
        _DRAWN.popitem(last=False)
    return png


_CHART_CODE: list[str] = []


def _chart_code() -> str:
    """What else decides a chart's pixels: the chart code and matplotlib's version."""
    if not _CHART_CODE:
        from importlib.metadata import version

        source = (Path(__file__).parent / "charts.py").read_bytes()
        _CHART_CODE.append(hashlib.sha256(source).hexdigest() + version("matplotlib"))
    return _CHART_CODE[0]


# --- table of contents --------------------------------------------------------------


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
    for p in body.iter(qn("w:p")):
        heading = _heading(p)
        if heading is not None:
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


# --- the template: docxtpl, with the whole-document steps done in pieces ------------------

#: docxtpl's own pattern for a paragraph (``DocxTemplate.resolve_listing``).
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
#: What ``resolve_listing`` turns into Word markup (line break, tab, …).
_LISTING = re.compile("[\t\a\n\f]")
#: Start and end tags of the elements that hold paragraphs at the top of the body.
_CONTAINER_TAG = re.compile(r"<(/?)w:(?:tbl|sdt)(?=[\s/>])[^>]*?(/?)>")
#: The body is parsed in pieces of about this many characters (see _Template.package).
CHUNK_CHARS = 1 << 20
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_W_TBL = qn("w:tbl")
#: Paragraphs that may be Heading 1–3 (:func:`_heading` decides).
_HEADING_CANDIDATES = ".//w:p[w:pPr/w:pStyle[@w:val='Heading1' or @w:val='Heading2' or @w:val='Heading3']]"
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
_HEADINGS = etree.XPath(_HEADING_CANDIDATES, namespaces=_NS)
_PLACEHOLDER = "{urn:x-iktplan:placeholder}toc"


class _Template(DocxTemplate):
    """docxtpl's template, rendered the same way, with two costs removed for
    large documents (hundreds of measures make a body of tens of megabytes):

    * the line-break and tab markup (``resolve_listing``) is worked out only
      for the paragraphs that hold such a character, not for every paragraph;
    * the rendered body is never one XML tree (1.6 million elements take
      400 MB): it is parsed, fixed (table grids, picture ids, the table of
      contents) and written in pieces of whole top-level elements.

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
            toc = _TocPlan.scan(start_tag, chunks, parser)
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
        except (etree.XMLSyntaxError, _Whole):
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


class _Whole(Exception):
    """The pieces cannot give what the whole tree gives; take the whole-tree way."""


class _TocPlan:
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
    def scan(cls, start_tag: str, chunks: list[str], parser) -> _TocPlan:
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
        for p in _HEADINGS(root):
            heading = _heading(p)
            if heading is not None:
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
            raise _Whole()  # fill_toc leaves the document alone; the placeholder must go
        marker = etree.tostring(etree.Element(_PLACEHOLDER))
        where = [i for i, xml in enumerate(written) if marker in xml]
        if len(where) != 1 or written[where[0]].count(marker) != 1:
            raise _Whole()
        declaration = b" " + nsdecls("w").encode()
        entries = b"".join(etree.tostring(p).replace(declaration, b"", 1)
                           for p in _toc_paragraphs(self.entries, self.instruction))
        written[where[0]] = written[where[0]].replace(marker, entries)


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
