"""Render the three Word documents from the docxtpl templates.

:func:`render_documents` checks the templates (:mod:`pipeline.templatecheck`),
builds the context (:mod:`pipeline.context`), draws the charts
(:mod:`pipeline.charts`) and renders each template with docxtpl into *out_dir*.

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

import io
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from pipeline import charts
from pipeline.assessment import Assessment
from pipeline.context import build_context
from pipeline.errors import RenderError, TemplateError
from pipeline.fileio import atomic_write_bytes
from pipeline.model import Municipality
from pipeline.versions import VersionInfo

DOCUMENTS = ("IKT-strategi.docx", "Tiltaksbeskrivelser.docx", "Saksframlegg.docx")
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


def clean(value: Any) -> Any:
    """Clean every string in a context tree (dicts, lists, tuples) and escape it
    for XML. Braces become character references: docxtpl rewrites ``{_{`` and
    similar sequences in its output, which would change what a unit wrote."""
    if isinstance(value, str):
        return Markup(str(escape(clean_text(value))).replace("{", "&#123;").replace("}", "&#125;"))
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def template_bytes(templates_dir: Path) -> bytes:
    """The three templates' bytes in a fixed order, for the version fingerprint.
    A missing template contributes its name only (rendering will then fail)."""
    parts = []
    for name in DOCUMENTS:
        path = Path(templates_dir) / name
        parts.append(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<mangler>") + b"\0")
    return b"".join(parts)


def render_documents(
    model: Municipality,
    assessment: Assessment,
    version: VersionInfo,
    templates_dir: Path,
    out_dir: Path,
) -> list[Path]:
    """Render the three documents into *out_dir*; return their paths, in
    :data:`DOCUMENTS` order. Raises :class:`TemplateError` when a template is
    missing or has problems, :class:`RenderError` when a document cannot be
    written."""
    from pipeline.templatecheck import check_templates, describe

    templates_dir, out_dir = Path(templates_dir), Path(out_dir)
    problems = check_templates(templates_dir)
    if problems:
        raise TemplateError(describe(problems))
    context = clean(build_context(model, assessment, version))
    images = _charts(model, assessment)
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
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail in many ways inside python-docx
        raise TemplateError(f"Malen {name} kan ikke åpnes som et Word-dokument (.docx): {exc}.") from None
    full = dict(context)
    for field, png in images.items():
        full[field] = InlineImage(tpl, io.BytesIO(png), width=CHART_WIDTH)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(full, env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"Malen {name} bruker feltet «{_undefined_name(exc)}», som iktplan ikke har. Rett eller fjern "
            "feltet i malen (se «iktplan check-templates»)."
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Malen {name} har en feil i en kode: {exc.message}.") from None
    fill_toc(tpl.docx)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    match = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
    return match.group(1) if match else text


# --- charts ---------------------------------------------------------------------


def _charts(model: Municipality, assessment: Assessment) -> dict[str, bytes]:
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
    return {
        "diagram_barometer": charts.barometer_chart(barometer),
        "diagram_okonomi": charts.economy_chart(years),
        "diagram_tidslinje": charts.timeline_chart(items, config.period_from, config.period_to, note=note),
    }


# --- table of contents --------------------------------------------------------------


def _text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def fill_toc(document) -> int:
    """Put one entry per Heading 1–3 into the cached result of the document's TOC
    field; return the number of entries. Word rebuilds the field on opening
    (``w:updateFields``); LibreOffice shows these entries as they are."""
    body = document.element.body
    toc_par = None
    for instr in body.iter(qn("w:instrText")):
        if (instr.text or "").strip().startswith("TOC"):
            toc_par = next(a for a in instr.iterancestors(qn("w:p")))
            break
    if toc_par is None:
        return 0
    instruction = "".join(i.text or "" for i in toc_par.iter(qn("w:instrText")))

    used = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart")) if (b.get(qn("w:id")) or "").isdigit()]
    next_id = max(used, default=0) + 1
    entries = []
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        level = _HEADING_IDS.get(style.get(qn("w:val"))) if style is not None else None
        text = _text_of(p).strip()
        if level is None or not text:
            continue
        name = f"_Toc{100000000 + next_id}"
        start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{next_id}" w:name="{name}"/>')
        end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{next_id}"/>')
        ppr = p.find(qn("w:pPr"))
        (ppr.addnext(start) if ppr is not None else p.insert(0, start))
        p.append(end)
        entries.append((level, text, name))
        next_id += 1
    if not entries:
        return 0

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
    anchor = toc_par
    for new in paragraphs:
        anchor.addnext(new)
        anchor = new
    toc_par.getparent().remove(toc_par)
    return len(entries)
