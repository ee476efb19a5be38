"""Render the three Word documents from the docxtpl templates.

:func:`render_documents` checks the templates (:mod:`pipeline.documents.templatecheck`),
builds the context (:mod:`pipeline.documents.context`), draws the charts
(:mod:`pipeline.documents.chartimages`) and renders each template with docxtpl into *out_dir*.

Data never breaks the XML and is never evaluated: every string in the context
is cleaned of the characters XML forbids (control characters) and escaped
(:func:`pipeline.documents.cleaning.clean`), and rendering uses ``autoescape=True``
for anything else, so ``&``, ``<``, ``>``, quotes and braces arrive as written;
a unit's ``{{ x }}`` is printed as text because values are inserted, never
parsed as template code. docxtpl turns a line break in a value into a Word line
break and a tab into a Word tab. The Jinja environment uses ``StrictUndefined``:
a template that names a field the context lacks fails with a
:class:`~pipeline.errors.TemplateError` naming the template and the field,
never with an empty gap in the document.

The secretariat's own texts (:mod:`pipeline.documents.prose`) are added as
docxtpl subdocuments, one per template, so their styles and numbering are
carried into that document.

The template is docxtpl's, rendered in pieces
(:class:`pipeline.documents.docxtemplate.PiecewiseTemplate`), and its table of
contents field gets one entry per heading (:mod:`pipeline.documents.toc`).

For universal design (:mod:`pipeline.documents.accessibility`) every chart gets
its alternative text (:class:`AltInlineImage`), and every document the
workspace's language and a title in its properties; the template's title may
use fields (``{{ kommune }}``).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from docx.oxml import parse_xml
from docx.shared import Mm
from docxtpl import InlineImage

from pipeline.core.assessment import Assessment
from pipeline.core.comparison import NO_COMPARISON, BarometerComparison
from pipeline.core.model import Municipality
from pipeline.core.versions import DOCUMENTS, VersionInfo
from pipeline.documents.templatefiles import template_paths
from pipeline.i18n.filenames import FileNames, every_name
from pipeline.documents.accessibility import WP_DOCPR, language_tag, set_language
from pipeline.documents.chartimages import ChartImage, start_charts
from pipeline.documents.cleaning import clean, clean_text
from pipeline.documents.context import IMAGE_FIELDS, build_context
from pipeline.documents import latevalues
from pipeline.documents.docxtemplate import PiecewiseTemplate
from pipeline.documents.prose import PROSE_SECTIONS, Prose
from pipeline.errors import RenderError, TemplateError
from pipeline.fileio import atomic_write_bytes
from pipeline.i18n import Msg

CHART_WIDTH = Mm(160)
#: The core properties docxtpl renders as templates: their values come from the escaped context.
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "subject", "title")

def _default_title(name: str, names: FileNames) -> str:
    """A document's title when its template has none (``{tittel}``: «IKT-strategi for Fjordvik
    kommune 2027–2030»; the others «Saksframlegg – {tittel}», by the document's name in its language)."""
    for key in DOCUMENTS:
        if name in every_name(key):  # a template kept under another language's name gets its document's name
            return "{tittel}" if key == "strategy" else f"{names.name(key).removesuffix('.docx')} – {{tittel}}"
    return "{tittel}"


_ALT_PLACE = "iktplan-alt-text"


class AltInlineImage(InlineImage):
    """docxtpl's inline picture with its alternative text (docxtpl 0.20 has no
    argument for it): *alt* becomes the picture's description, which Word shows
    as alt text and LibreOffice writes as the PDF figure's ``/Alt``. The title
    attribute stays empty: LibreOffice would put it in front of the description."""

    def __init__(self, tpl, image_descriptor, width=None, height=None, anchor=None, *, alt: str):
        super().__init__(tpl, image_descriptor, width=width, height=height, anchor=anchor)
        self.alt = alt

    def _insert_image(self) -> str:
        xml = super()._insert_image()
        head, _, rest = xml.partition("<w:drawing>")
        inner, _, tail = rest.rpartition("</w:drawing>")
        inline = parse_xml(inner)
        for docpr in inline.iter(WP_DOCPR):
            docpr.set("descr", _ALT_PLACE)
        # Escaped here, braces too: docxtpl rewrites «{_{» and the like in what it renders.
        alt = escape(clean_text(self.alt), {'"': "&quot;", "{": "&#123;", "}": "&#125;", "\n": "&#10;",
                                             "\t": "&#9;"})
        return f"{head}<w:drawing>{inline.xml.replace(_ALT_PLACE, alt)}</w:drawing>{tail}"


def render_documents(
    model: Municipality,
    assessment: Assessment,
    version: VersionInfo,
    templates_dir: Path,
    out_dir: Path,
    chart_cache: Path | None = None,
    prose: Prose | None = None,
    comparison: BarometerComparison = NO_COMPARISON,
    piece_cache: Path | None = None,
) -> list[Path]:
    """Render the three documents into *out_dir*, named in the language of
    *model*'s configuration; return their paths, in :data:`DOCUMENTS` order.
    Raises :class:`TemplateError` when a template is missing or has problems,
    :class:`RenderError` when a document cannot be written.

    *chart_cache* is a folder that keeps the chart images of the last call, so
    a chart whose numbers did not change is not drawn again (None: only kept
    in memory, for the next call in this process). *prose* is the
    secretariat's own texts (None: none; every section takes its default); a
    text that cannot be brought in adds a note to ``prose.notes``. *comparison*:
    the IKT-barometer beside other municipalities', gathered by the build (the
    documents never open the store). *piece_cache* is a folder that keeps the
    documents' processed segments, so a revision processes again only what
    changed (None: none kept)."""
    templates_dir, out_dir = Path(templates_dir), Path(out_dir)
    lang = model.config.lang
    names, templates = FileNames(lang), template_paths(templates_dir, lang)
    _check(templates, piece_cache)
    charts = start_charts(model, assessment, chart_cache, comparison)  # drawn in another process meanwhile
    try:
        context = clean(build_context(model, assessment, version, comparison))
        language = language_tag(model.config)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = {}
        # The documents that show no chart first, while the charts are drawn.
        for key in sorted(DOCUMENTS, key=lambda k: _shows_charts(templates[k])):
            images = charts.images() if _shows_charts(templates[key]) else {}
            data = render_template(templates[key], context, images, language, prose, pieces=piece_cache,
                                   names=names)
            name = names.name(key)
            try:
                written[key] = atomic_write_bytes(out_dir / name, data)
            except OSError as exc:
                raise RenderError(Msg("Kan ikke skrive {file}: {error}.", file=str(out_dir / name),
                                      error=str(exc.strerror))) from None
        charts.images()  # all of them kept for the next run, shown or not
    finally:
        latevalues.forget()
        charts.close()
    return [written[key] for key in DOCUMENTS]


def _check(templates: dict[str, Path], cache: Path | None) -> None:
    """Raise :class:`TemplateError` if the templates have problems. Templates
    found fine are not checked again (in this process, or, with a *cache*
    folder, where it records them) until they or the checking code change."""
    from pipeline.documents import templatecheck

    digest = hashlib.sha256()
    for path in [*templates.values()] + [Path(templatecheck.__file__), Path(__file__).parent
                                                                  / "context.py"]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing\0")  # checked below, and found missing
        digest.update(path.name.encode() + b"\0")
    seen = digest.hexdigest()
    record = Path(cache) / "maler-kontrollert.txt" if cache is not None else None
    if seen in _CHECKED:
        return
    try:
        if record is not None and record.read_text(encoding="ascii") == seen:
            _CHECKED.add(seen)
            return
    except (OSError, ValueError):
        pass
    problems = [p for path in templates.values() for p in templatecheck.check_template(path)]
    if problems:
        raise templatecheck.template_error(problems)
    _CHECKED.add(seen)
    if record is not None:
        try:
            atomic_write_bytes(record, seen.encode("ascii"))
        except OSError:
            pass  # checked again next time


_CHECKED: set[str] = set()


class _Environment(jinja2.Environment):
    """The rendering's Jinja environment, which keeps what it compiled from
    text: a run renders the same templates (body, headers, footers) as the
    run before, and watch mode runs again and again."""

    KEEP = 32

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self._compiled: OrderedDict[str, jinja2.Template] = OrderedDict()

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's own name
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
            while len(self._compiled) > self.KEEP:
                self._compiled.popitem(last=False)
        return template


_ENVIRONMENT: list[_Environment] = []


def _environment() -> _Environment:
    if not _ENVIRONMENT:
        _ENVIRONMENT.append(_Environment())
    return _ENVIRONMENT[0]


def _shows_charts(path: Path) -> bool:
    """Whether the template *path* may use a chart field: its name anywhere in
    the text of its XML parts, tags removed (True where the template cannot be
    read: it is then rendered last, and fails there as it would anyway). A
    template told False is rendered before the charts are drawn, and gets none."""
    try:
        with zipfile.ZipFile(path) as z:
            text = "".join(re.sub(r"<[^>]*>", "", z.read(n).decode("utf-8", "replace"))
                           for n in z.namelist() if n.endswith((".xml", ".rels")))
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError):
        return True
    return any(field in text for field in IMAGE_FIELDS)


def render_template(path: Path, context: dict[str, Any], images: dict[str, ChartImage],
                    language: str = "nb-NO", prose: Prose | None = None, *, pieces: Path | None = None,
                    names: FileNames | None = None) -> bytes:
    """Render one template with a cleaned *context*, the charts by field name, the
    document language tag *language* and the secretariat's *prose* texts (None:
    none); *pieces* keeps processed segments between renders (see
    :func:`render_documents`); *names*: the documents' names in the workspace's language
    (None: bokmål), for the default title."""
    name = path.name
    if not path.is_file():
        raise TemplateError(Msg(
            "Finner ikke malen {template} i {folder}. Kopier den inn igjen fra en ny arbeidsmappe "
            "(«iktplan init»), eller legg tilbake en tidligere kopi.", template=name, folder=str(path.parent)))
    try:
        tpl = PiecewiseTemplate(str(path), pieces=pieces)
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail in many ways inside python-docx
        raise TemplateError(Msg("Malen {template} kan ikke åpnes som et Word-dokument (.docx): {error}.",
                                template=name, error=str(exc))) from None
    full = with_images(tpl, context, images)
    if prose is not None:
        _add_prose(tpl, full, prose, name)
    try:
        tpl.render_body(full, _environment())
    except jinja2.UndefinedError as exc:
        raise TemplateError(Msg(
            "Malen {template} bruker feltet «{field}», som iktplan ikke har. Rett eller fjern "
            "feltet i malen (se «iktplan check-templates»).", template=name, field=_undefined_name(exc))) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(Msg("Malen {template} har en feil i en kode: {error}.", template=name,
                                error=str(exc.message))) from None
    finish_properties(tpl.docx, name, context, language, names)
    return tpl.package()


def _add_prose(tpl: PiecewiseTemplate, context: dict[str, Any], prose: Prose, name: str) -> None:
    """The texts from Word as subdocuments of *tpl*: ``prosa.<section>`` and each ``delmal[i].prosa``."""
    def subdoc(data: bytes | None, label: str):
        if not data:
            return ""
        try:
            return tpl.new_subdoc(io.BytesIO(data))
        except Exception:  # noqa: BLE001 - a text Word opens can still fail in docxcompose; the default is used
            note = Msg("{file} kunne ikke settes inn i {document}; standardteksten er brukt der.", file=label,
                       document=name)
            if note not in prose.notes:
                prose.notes.append(note)
            return ""

    context["prosa"] = {key: subdoc(prose.sections.get(key), f"tekster/{PROSE_SECTIONS[key].file}")
                        for key in PROSE_SECTIONS}
    goals = []
    for goal in context.get("delmal", []):
        code = str(goal["kode"])
        goals.append({**goal, "prosa": subdoc(prose.goals.get(_unescaped(code)), f"tekster/Delmål {code}.docx")})
    context["delmal"] = goals


def _unescaped(text: str) -> str:
    """A cleaned context value back as written (codes are plain, but cleaning escaped them)."""
    return html.unescape(str(text))


def with_images(tpl, context: dict[str, Any], images: dict[str, ChartImage]) -> dict[str, Any]:
    """*context* with the charts as pictures with alt text, for *tpl*. A chart that was
    not drawn (the comparison, when there is none) is empty text: the shipped templates
    only place it when it is there, and a template of one's own gets an empty line."""
    full = dict.fromkeys(IMAGE_FIELDS, "") | context
    for field, chart in images.items():
        full[field] = AltInlineImage(tpl, io.BytesIO(chart.png), width=CHART_WIDTH, alt=chart.alt)
    return full


def finish_properties(doc, name: str, context: dict[str, Any], language: str, names: FileNames | None = None) -> None:
    """The language and the properties of a rendered document: docxtpl rendered
    the properties from the context, whose values are escaped for XML, so they
    are unescaped again (python-docx escapes what it writes); a document whose
    template has no title gets the default one."""
    props = doc.core_properties
    for prop in _RENDERED_PROPERTIES:
        value = getattr(props, prop)
        if value:
            setattr(props, prop, html.unescape(value))
    if not (props.title or "").strip():
        title = html.unescape(str(context.get("tittel", "")))
        props.title = _default_title(name, names or FileNames()).format(tittel=title)
    set_language(doc, language)


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    match = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
    return match.group(1) if match else text

