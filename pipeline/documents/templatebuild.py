"""Build the three shipped Word templates with python-docx.

``python -m pipeline.documents.templatebuild`` writes ``word_templates/*.docx`` in the
repository and identical copies in ``pipeline/defaults/word_templates/`` (what
``iktplan init`` copies into a new workspace). The shipped .docx files are what
the secretariat edits in Word afterwards; this script only makes the starting
point reproducible.

The templates use real Word styles (Title, Heading 1–3 for the navigation pane and
the table of contents, «Iktplan tabell» with a repeating header row), a header and
a footer with the municipality, the document, the version and «Side x av y», a
cover page and a TOC field that Word fills in when the document opens. Template
tags are docxtpl's: ``{{ felt }}`` for a value, ``{%p … %}`` alone in a paragraph
and ``{%tr … %}`` alone in a table row for conditions and repetition. Every name
a tag uses is listed in :data:`pipeline.documents.context.SCHEMA`.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Iterable, Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

from pipeline.fileio import atomic_write_bytes
from pipeline.core.versions import DOCUMENTS

REPO = Path(__file__).resolve().parents[2]
TARGETS = (REPO / "word_templates", REPO / "pipeline" / "defaults" / "word_templates")

STRATEGY, MEASURES, CASE = DOCUMENTS

FONT = "Calibri"
DARK = "1F3864"  # headings, table header rows
ACCENT = "2E5597"
GROUP_FILL = "DCE6F2"  # group rows in the action plan
LABEL_FILL = "F2F2F2"  # label column of the measure description table
GREY = "595959"
BORDER = "A6A6A6"

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_L, MARGIN_R = Mm(25), Mm(22)
TEXT_W_MM = 210 - 25 - 22  # 163 mm of text width
TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
TOC_PLACEHOLDER = (
    "Innholdsfortegnelsen fylles ut når dokumentet åpnes i Word. "
    "Hvis den ikke vises: høyreklikk her og velg «Oppdater felt»."
)
TABLE_STYLE = "Iktplan tabell"


# --- styles -------------------------------------------------------------------


def _fonts(rpr, name: str = FONT) -> None:
    """Set an explicit font, dropping theme fonts (which would win in Word)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _paragraph_style(doc, name: str, *, base: str = "Normal", size: float | None = None, bold: bool | None = None,
                     italic: bool | None = None, color: str | None = None, before: float | None = None,
                     after: float | None = None, keep_next: bool = False):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base and style.name != base:
        style.base_style = styles[base]
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)
    pf = style.paragraph_format
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next:
        pf.keep_with_next = True
    _fonts(style.element.get_or_add_rPr())
    return style


def _setup_styles(doc) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "nb-NO")
    lang.set(qn("w:eastAsia"), "nb-NO")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "264")

    _paragraph_style(doc, "Normal", base="", size=11)
    _paragraph_style(doc, "Title", size=30, bold=True, color=DARK, before=0, after=6)
    title = styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)
    _paragraph_style(doc, "Subtitle", size=16, italic=False, color=ACCENT, before=0, after=24)
    _paragraph_style(doc, "Heading 1", size=17, bold=True, color=DARK, before=24, after=8, keep_next=True)
    _paragraph_style(doc, "Heading 2", size=13.5, bold=True, color=DARK, before=16, after=6, keep_next=True)
    _paragraph_style(doc, "Heading 3", size=11.5, bold=True, color=ACCENT, before=12, after=4, keep_next=True)
    for n in (1, 2, 3):
        # The default template gives headings theme colours and italics; make them plain.
        rpr = styles[f"Heading {n}"].element.get_or_add_rPr()
        for tag in ("w:i", "w:iCs"):
            for el in rpr.findall(qn(tag)):
                rpr.remove(el)
        color = rpr.find(qn("w:color"))
        for attr in ("w:themeColor", "w:themeShade"):
            color.attrib.pop(qn(attr), None)
    _paragraph_style(doc, "TOC Heading", size=17, bold=True, color=DARK, before=0, after=12)
    _paragraph_style(doc, "Caption", size=9, bold=False, italic=True, color=GREY, before=2, after=12)
    _paragraph_style(doc, "List Bullet", after=3)
    for name in ("Header", "Footer"):
        _paragraph_style(doc, name, size=9, color=GREY)
        ppr = styles[name].element.get_or_add_pPr()
        for old in ppr.findall(qn("w:tabs")):
            ppr.remove(old)
        styles[name].paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_W_MM), WD_TAB_ALIGNMENT.RIGHT)
    _paragraph_style(doc, "Tabelltekst", size=10, before=0, after=0)
    styles["Tabelltekst"].paragraph_format.line_spacing = 1.0
    _paragraph_style(doc, "Merknad", size=9.5, italic=True, color=GREY, after=6)
    _paragraph_style(doc, "Underoverskrift", size=12, bold=True, color=DARK, before=14, after=4, keep_next=True)
    _paragraph_style(doc, "Forside kommune", size=16, bold=True, color=ACCENT, before=150, after=12)
    _paragraph_style(doc, "Forside info", size=12, color=GREY, after=4)
    _paragraph_style(doc, "Vedtakspunkt", after=6)
    point = styles["Vedtakspunkt"].paragraph_format
    point.left_indent = Cm(0.8)
    point.first_line_indent = Cm(-0.8)
    point.tab_stops.add_tab_stop(Cm(0.8))
    _paragraph_style(doc, "Figur", after=2)
    styles["Figur"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Figur"].paragraph_format.keep_with_next = True
    for level in (1, 2, 3):
        _toc_style(doc, level)
    _table_style(doc)


def _toc_style(doc, level: int) -> None:
    """Word's built-in «toc N» styles (ids TOC1…): Word uses them when it fills the field."""
    indent = (level - 1) * 340
    bold = "<w:b/>" if level == 1 else ""
    before = 120 if level == 1 else 0
    doc.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC{level}">'
        f'<w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{_twips(TEXT_W_MM)}"/></w:tabs>'
        f'<w:spacing w:before="{before}" w:after="40"/><w:ind w:left="{indent}"/></w:pPr>'
        f'<w:rPr>{bold}</w:rPr></w:style>'
    ))


def _table_style(doc) -> None:
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    doc.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="IktplanTabell">'
        f'<w:name w:val="{TABLE_STYLE}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
        f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        '<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{DARK}"/></w:tcPr></w:tblStylePr>'
        '</w:style>'
    ))


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


# --- fields, header and footer ---------------------------------------------------


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, …) with *shown* as its cached result."""
    def char(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                     "w:tblPrChange")


def _bottom_border(paragraph, color: str = BORDER, size: int = 4, space: int = 4) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'
        "</w:pBdr>"
    ), *_AFTER_PBDR)


def _setup_page(doc, header_left: str, header_right: str, *, cover: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin, section.right_margin = MARGIN_L, MARGIN_R
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.header_distance, section.footer_distance = Mm(11), Mm(10)
    section.different_first_page_header_footer = cover

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.add_run(header_left)
    header.add_run("\t" + header_right)
    _bottom_border(header)

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Side ")
    _field(footer, " PAGE ", "1")
    footer.add_run(" av ")
    _field(footer, " NUMPAGES ", "1")


def _settings(doc, update_fields: bool) -> None:
    """``w:updateFields`` makes Word refresh the TOC and page numbers on opening."""
    settings = doc.settings.element
    if update_fields:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        compat = settings.find(qn("w:compat"))
        compat.addprevious(el)  # schema order: updateFields comes right before compat


# --- the writer ---------------------------------------------------------------------

Cell = str | Sequence[tuple[str, dict]]


class Writer:
    """A thin layer over python-docx that writes template paragraphs and tables."""

    def __init__(self, *, title: str, header_left: str, header_right: str, cover: bool, toc: bool):
        self.doc = Document()
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)
        _setup_styles(self.doc)
        _setup_page(self.doc, header_left, header_right, cover=cover)
        _settings(self.doc, update_fields=toc)
        props = self.doc.core_properties
        props.title, props.author, props.language = title, "iktplan", "nb-NO"
        props.comments = "Mal for iktplan. Feltene i doble krøllparenteser fylles ut av iktplan."

    # paragraphs
    def p(self, content: Cell = "", style: str | None = None, *, align=None, page_break_before: bool = False,
          keep_next: bool = False):
        para = self.doc.add_paragraph(style=style)
        if isinstance(content, str):
            if content:
                para.add_run(content)
        else:
            for text, fmt in content:
                run = para.add_run(text)
                run.bold = fmt.get("bold")
                run.italic = fmt.get("italic")
                if "color" in fmt:
                    run.font.color.rgb = RGBColor.from_string(fmt["color"])
                if "size" in fmt:
                    run.font.size = Pt(fmt["size"])
        if align is not None:
            para.alignment = align
        if page_break_before:
            para.paragraph_format.page_break_before = True
        if keep_next:
            para.paragraph_format.keep_with_next = True
        return para

    def h(self, text: str, level: int, **kw):
        return self.p(text, f"Heading {level}", **kw)

    def tag(self, tag: str):
        """A paragraph that holds only a ``{%p … %}`` tag (removed when rendering)."""
        return self.p(tag)

    def bullets(self, loop: str, text: Cell):
        self.tag("{%p for " + loop + " %}")
        self.p(text, "List Bullet")
        self.tag("{%p endfor %}")

    def page_break(self):
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self):
        self.p("Innhold", "TOC Heading")
        para = self.doc.add_paragraph()
        _field(para, TOC_INSTRUCTION, TOC_PLACEHOLDER)

    def figure(self, image_tag: str, caption: str):
        self.p(image_tag, "Figur")
        self.p(caption, "Caption")

    # tables
    def table(self, widths_mm: Sequence[float], header: Sequence[str] | None, rows: Iterable,
              *, label_column: bool = False):
        """A table in «Iktplan tabell». *rows* holds lists of cells, a ``{%tr … %}``
        tag string (a row of its own), or ``("group", text)`` for a shaded row
        spanning all columns."""
        cols = len(widths_mm)
        table = self.doc.add_table(rows=0, cols=cols)
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        tblpr = table._tbl.tblPr
        look = tblpr.find(qn("w:tblLook"))
        look.set(qn("w:firstRow"), "1" if header else "0")
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:val"), "0420" if header else "0400")
        tblpr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
        width = tblpr.find(qn("w:tblW"))
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(sum(_twips(w) for w in widths_mm)))
        grid = table._tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
            col.set(qn("w:w"), str(_twips(w)))

        if header:
            row = table.add_row()
            _row_props(row, header=True)
            for cell, text in zip(row.cells, header):
                self._cell(cell, [(text, {"bold": True, "color": "FFFFFF"})], fill=DARK)
        for spec in rows:
            row = table.add_row()
            if isinstance(spec, str):  # a {%tr %} tag row
                merged = row.cells[0].merge(row.cells[-1]) if cols > 1 else row.cells[0]
                self._cell(merged, spec)
            elif isinstance(spec, tuple) and spec[0] == "group":
                _row_props(row, cant_split=True)
                merged = row.cells[0].merge(row.cells[-1]) if cols > 1 else row.cells[0]
                self._cell(merged, [(spec[1], {"bold": True, "color": DARK})], fill=GROUP_FILL)
                merged.paragraphs[0].paragraph_format.keep_with_next = True
            else:
                _row_props(row, cant_split=True)
                for i, (cell, content) in enumerate(zip(row.cells, spec)):
                    label = label_column and i == 0
                    if label and isinstance(content, str):
                        content = [(content, {"bold": True})]
                    self._cell(cell, content, fill=LABEL_FILL if label else None)
        for row in table.rows:
            for cell, w in zip(row.cells, widths_mm):
                cell.width = Mm(w)
        self.doc.add_paragraph(style="Tabelltekst")  # breathing space; Word needs a paragraph after a table
        return table

    def _cell(self, cell, content: Cell, fill: str | None = None):
        para = cell.paragraphs[0]
        para.style = self.doc.styles["Tabelltekst"]
        parts = [(content, {})] if isinstance(content, str) else content
        first = True
        for text, fmt in parts:
            if fmt.get("new_paragraph") and not first:
                para = cell.add_paragraph(style="Tabelltekst")
            first = False
            run = para.add_run(text)
            run.bold = fmt.get("bold")
            run.italic = fmt.get("italic")
            if "color" in fmt:
                run.font.color.rgb = RGBColor.from_string(fmt["color"])
            if "size" in fmt:
                run.font.size = Pt(fmt["size"])
        if fill:
            tcpr = cell._tc.get_or_add_tcPr()
            tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so a rebuild gives identical bytes
    (the template bytes are part of the version fingerprint)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def _row_props(row, *, header: bool = False, cant_split: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    if cant_split or header:
        trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))  # repeat on every page the table spans


def _small(text: str) -> tuple[str, dict]:
    return (text, {"color": GREY, "size": 9, "new_paragraph": True})


def _cover(w: Writer, title: str, subtitle: str) -> None:
    w.p("{{ kommune }}", "Forside kommune")
    w.p(title, "Title")
    _bottom_border(w.p(subtitle, "Subtitle"), ACCENT, size=12, space=10)
    w.p("Versjon {{ versjon.nummer }}, {{ versjon.dato }}", "Forside info")
    w.p("Bygger på kartleggingsskjema fra {{ deltakelse.levert }} av {{ deltakelse.forventet }} enheter.",
        "Forside info")
    w.page_break()
    w.toc()
    w.page_break()


# --- IKT-strategi ----------------------------------------------------------------------

PLAN_HEADER = ("Aktivitet/prosjekt", "Tidsrom for gjennomføring", "Ansvarlig for gjennomføring",
               "Ansvarlig for oppfølging")
PLAN_WIDTHS = (61, 32, 35, 35)


def _plan_row(var: str, *, outside: bool = False) -> list[Cell]:
    detail = (
        f"Prioritet {{{{ {var}.rangering }}}} · {{{{ {var}.kategori }}}} · investering\u00a0{{{{ {var}.investering }}}}"
        if outside else
        f"Prioritet {{{{ {var}.rangering }}}} · {{{{ {var}.poeng }}}} poeng · investering\u00a0{{{{ {var}.investering }}}}"
    )
    first: list[tuple[str, dict]] = [
        (f"{{{{ {var}.id }}}}: {{{{ {var}.tittel }}}}", {"bold": True}),
        _small(detail),
    ]
    if outside:
        first.append(_small(f"{{{{ {var}.ramme_tekst }}}}"))
    return [first, f"{{{{ {var}.tidsrom_plan }}}}", f"{{{{ {var}.ansvarlig }}}}", f"{{{{ {var}.oppfolging }}}}"]


def build_strategy() -> bytes:
    w = Writer(title="IKT-strategi", header_left="{{ kommune }} – IKT-strategi {{ periode }}",
               header_right="Versjon {{ versjon.nummer }}, {{ versjon.dato }}", cover=True, toc=True)
    _cover(w, "IKT-strategi {{ periode }}", "med handlingsplan")

    w.h("1 Innledning", 1)
    w.h("1.1 Bakgrunn og mandat", 2)
    w.tag("{%p for avsnitt in mandat %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")
    w.p("Strategien bygger på virksomhetsmålet og hovedmålene i kapittel 4. Den skal gi retning for "
        "hvordan kommunen bruker IKT i perioden {{ periode }}, og handlingsplanen i kapittel 6 viser "
        "hvilke tiltak som gjennomføres, når, og hvem som har ansvaret.")
    w.h("1.2 Slik er arbeidet gjort", 2)
    w.p("Arbeidet følger KS' verktøykasse for strategisk IKT-planlegging. Hver enhet har fylt ut et "
        "kartleggingsskjema med problemer og muligheter, systemene den bruker, forslag til tiltak og "
        "IKT-barometeret. Skjemaene er samlet, og alle tiltakene er vurdert etter de samme kriteriene "
        "(se 6.4). {{ deltakelse.tekst }}")
    w.table((68, 50, 25, 20), ("Enhet", "Tjenesteområde", "Levert", "Revisjon"), [
        "{%tr for e in enheter %}",
        ["{{ e.navn }}", "{{ e.omrade }}", "{{ e.levert }}", "{{ e.revisjon }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if enheter_mangler %}")
    w.p("Disse enhetene har ikke levert skjema, og er ikke med i grunnlaget:", keep_next=True)
    w.bullets("e in enheter_mangler", "{{ e.navn }} ({{ e.omrade }})")
    w.tag("{%p endif %}")

    w.h("2 Oppsummering", 1)
    w.p("Enhetene har meldt inn {{ antall.problemer }} problemer og muligheter og foreslått "
        "{{ antall.tiltak }} tiltak. {{ antall.innenfor }} tiltak får plass innenfor investeringsrammen "
        "({{ antall.kritiske }} kritiske prosesser og {{ antall.quick_wins }} quick wins), og "
        "{{ antall.utenfor }} er utenfor rammen.")
    w.tag("{%p if hovedutfordringer %}")
    w.p("De viktigste utfordringene enhetene peker på:", keep_next=True)
    w.bullets("u in hovedutfordringer", "{{ u }}")
    w.tag("{%p endif %}")
    w.tag("{%p if topp_tiltak %}")
    w.p("De høyest prioriterte tiltakene:", keep_next=True)
    w.bullets("t in topp_tiltak", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (" ({{ t.enhet }}, {{ t.poeng }} poeng, {{ t.status }})", {})])
    w.tag("{%p endif %}")
    w.p("Tiltakene innenfor rammen gir disse beløpene per år:", keep_next=True)
    _economy_table(w, in_frame=True)

    w.h("3 Nåsituasjon", 1)
    w.h("3.1 Systemporteføljen", 2)
    w.p("Enhetene har registrert {{ systemer.antall }} systemer. Tabellen viser antallet per "
        "tjenesteområde, gjennomsnittlig tilfredshet (1–5, der 5 er best) og hva enhetene vil gjøre "
        "med systemene videre.")
    w.table((46, 18, 22, 19, 22, 18, 18),
            ("Tjenesteområde", "Systemer", "Tilfredshet", "Beholde", "Videre­utvikle", "Erstatte", "Avvikle"), [
        "{%tr for s in systemer.per_omrade %}",
        ["{{ s.omrade }}", "{{ s.antall }}", "{{ s.tilfredshet }}", "{{ s.beholde }}", "{{ s.videreutvikle }}",
         "{{ s.erstatte }}", "{{ s.avvikle }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if systemer.felles %}")
    w.p("Systemer som brukes av flere enheter:", "Underoverskrift")
    w.table((45, 68, 22, 28), ("System", "Enheter", "Tilfredshet", "Livsløp"), [
        "{%tr for s in systemer.felles %}",
        ["{{ s.navn }}", "{{ s.enheter }}", "{{ s.tilfredshet }}", "{{ s.livslop }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")
    w.tag("{%p if systemer.overlapp %}")
    w.p("Mulig overlapp: ulike systemer som brukes til det samme", "Underoverskrift")
    w.bullets("s in systemer.overlapp", "{{ s }}")
    w.tag("{%p endif %}")

    w.h("3.2 Problemer og muligheter", 2)
    w.p("Problemene og mulighetene enhetene har meldt inn, sortert etter prioritet.")
    w.table((20, 38, 60, 45), ("Prioritet", "Enhet", "Problem eller mulighet", "Konsekvens"), [
        "{%tr for p in problemer %}",
        ["{{ p.prioritet }}", "{{ p.enhet }}", [("{{ p.beskrivelse }}", {}), _small("{{ p.type }}")],
         "{{ p.konsekvens }}"],
        "{%tr endfor %}",
    ])
    w.h("3.3 IKT-barometeret", 2)
    w.p("I IKT-barometeret har enhetene tatt stilling til påstander om bruken av IKT, på en skala fra 1 "
        "til 5 der 5 er best. {{ barometer.tekst }} Tabellen viser kommunens snitt per område, og "
        "tjenesteområdet med lavest og høyest snitt.")
    w.table((58, 21, 42, 42), ("Område", "Kommunen", "Lavest", "Høyest"), [
        "{%tr for b in barometer.omrader %}",
        ["{{ b.omrade }}", "{{ b.kommune }}", "{{ b.lavest }}", "{{ b.hoyest }}"],
        "{%tr endfor %}",
    ])
    w.figure("{{ diagram_barometer }}",
             "Figur 1. IKT-barometeret: kommunens snitt og hvert tjenesteområde, per område (1–5).")

    w.h("4 Mål", 1)
    w.h("4.1 Virksomhetsmål", 2)
    w.p("{{ virksomhetsmal }}")
    w.h("4.2 Hovedmål", 2)
    w.bullets("m in hovedmal", "{{ m }}")
    w.h("4.3 Delmål", 2)
    w.table((18, 145), ("Kode", "Delmål"), [
        "{%tr for d in delmal %}",
        ["{{ d.kode }}", "{{ d.tekst }}"],
        "{%tr endfor %}",
    ])

    w.h("5 Strategiske valg og satsingsområder", 1)
    w.p("Hvert tiltak bygger opp under ett av delmålene. Her er tiltakene samlet under delmålet de "
        "tjener, i prioritert rekkefølge.")
    w.tag("{%p for d in delmal %}")
    w.p("{{ d.kode }}: {{ d.tekst }}", "Underoverskrift")
    w.tag("{%p for t in d.tiltak %}")
    w.p([("{{ t.id }}: {{ t.tittel }}", {"bold": True}), (" – {{ t.enhet }}, {{ t.status }}", {})],
        "List Bullet")
    w.tag("{%p endfor %}")
    w.tag("{%p if not d.tiltak %}")
    w.p("Ingen tiltak er knyttet til dette delmålet ennå.", "Merknad")
    w.tag("{%p endif %}")
    w.tag("{%p endfor %}")
    w.tag("{%p if uten_delmal %}")
    w.p("Tiltak uten gyldig delmål", "Underoverskrift")
    w.bullets("t in uten_delmal", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (" – {{ t.enhet }}, {{ t.status }}", {})])
    w.tag("{%p endif %}")

    w.h("6 Handlingsplan", 1, page_break_before=True)
    w.p("Handlingsplanen viser tiltakene i prioritert rekkefølge, gruppert som i KS' verktøykasse: "
        "kritiske prosesser, og quick wins – små og raske tiltak som lønner seg. Tiltakene er tatt inn "
        "i prioritert rekkefølge så langt investeringsrammen for hvert år rekker.")
    w.h("6.1 Tiltak innenfor rammen", 2)
    w.table(PLAN_WIDTHS, PLAN_HEADER, [
        ("group", "Kritiske prosesser"),
        "{%tr for t in handlingsplan.kritiske %}",
        _plan_row("t"),
        "{%tr endfor %}",
        "{%tr if not handlingsplan.kritiske %}",
        ["Ingen kritiske prosesser innenfor rammen.", "", "", ""],
        "{%tr endif %}",
        ("group", "Quick wins"),
        "{%tr for t in handlingsplan.quick_wins %}",
        _plan_row("t"),
        "{%tr endfor %}",
        "{%tr if not handlingsplan.quick_wins %}",
        ["Ingen quick wins innenfor rammen.", "", "", ""],
        "{%tr endif %}",
    ])
    w.h("6.2 Tiltak utenfor rammen", 2)
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p("Disse tiltakene er foreslått, men får ikke plass innenfor investeringsrammen. De er ikke en "
        "del av handlingsplanen, og kan vurderes på nytt når planen rulleres.")
    w.table(PLAN_WIDTHS, PLAN_HEADER, [
        ("group", "Utenfor rammen"),
        "{%tr for t in handlingsplan.utenfor %}",
        _plan_row("t", outside=True),
        "{%tr endfor %}",
    ])
    w.tag("{%p else %}")
    w.p("Alle de foreslåtte tiltakene får plass innenfor rammen.")
    w.tag("{%p endif %}")
    w.h("6.3 Tidslinje", 2)
    w.p("Tidslinjen viser når tiltakene innenfor rammen starter og hvor lenge de varer.", keep_next=True)
    w.figure("{{ diagram_tidslinje }}", "Figur 2. Tidslinje for handlingsplanen.")
    w.h("6.4 Slik er tiltakene vurdert", 2)
    w.tag("{%p for avsnitt in vurdering.forklaring %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")

    w.h("7 Økonomi", 1)
    w.p("Investeringen regnes i året tiltaket starter. Årlig drift og gevinst regnes fra året etter, "
        "og summeres for tiltakene som er i gang. Tabellen viser tiltakene innenfor rammen.")
    _economy_table(w, in_frame=True, frame_column=True)
    w.p("Nåverdien av tiltakene innenfor rammen er {{ okonomi.naverdi_innenfor }}, regnet over "
        "{{ okonomi.horisont }} år med {{ okonomi.rente }} reell kalkulasjonsrente. Alle de "
        "{{ antall.tiltak }} foreslåtte tiltakene har til sammen en nåverdi på {{ okonomi.naverdi }}.")
    w.p("Alle foreslåtte tiltak, også de utenfor rammen:", "Underoverskrift")
    _economy_table(w, in_frame=False)
    w.figure("{{ diagram_okonomi }}",
             "Figur 3. Investering, årlig drift og årlig gevinst per år for tiltakene innenfor rammen.")

    w.h("8 Standarder og retningslinjer", 1)
    w.tag("{%p for avsnitt in standarder %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")

    w.h("9 Vedlegg", 1)
    w.p("Tiltaksbeskrivelser: én beskrivelse per tiltak, med kostnader, gevinster og vurdering "
        "(eget dokument, versjon {{ versjon.nummer }}).", "List Bullet")
    w.p("Saksframlegg til politisk behandling (eget dokument, versjon {{ versjon.nummer }}).", "List Bullet")
    w.p("Kartleggingsskjemaene fra enhetene:", keep_next=True)
    w.bullets("e in enheter", "{{ e.navn }}, revisjon {{ e.revisjon }}, levert {{ e.levert }}")
    return w.save()


def _economy_table(w: Writer, *, in_frame: bool, frame_column: bool = False) -> None:
    source = "okonomi.ar" if in_frame else "okonomi.alle_ar"
    total = "okonomi.sum" if in_frame else "okonomi.alle_sum"
    if frame_column:
        widths = (22, 28, 28, 28, 28, 29)
        header = ("År", "Ramme", "Investering", "Årlig drift", "Årlig gevinst", "Netto per år")
        row = ["{{ a.ar }}", "{{ a.ramme }}", "{{ a.investering }}", "{{ a.drift }}", "{{ a.gevinst }}",
               "{{ a.netto }}"]
        sum_row = [[("Sum", {"bold": True})], [(f"{{{{ {total}.ramme }}}}", {"bold": True})],
                   [(f"{{{{ {total}.investering }}}}", {"bold": True})],
                   [(f"{{{{ {total}.drift }}}}", {"bold": True})],
                   [(f"{{{{ {total}.gevinst }}}}", {"bold": True})],
                   [(f"{{{{ {total}.netto }}}}", {"bold": True})]]
    else:
        widths = (25, 35, 34, 34, 35)
        header = ("År", "Investering", "Årlig drift", "Årlig gevinst", "Netto per år")
        row = ["{{ a.ar }}", "{{ a.investering }}", "{{ a.drift }}", "{{ a.gevinst }}", "{{ a.netto }}"]
        sum_row = [[("Sum", {"bold": True})], [(f"{{{{ {total}.investering }}}}", {"bold": True})],
                   [(f"{{{{ {total}.drift }}}}", {"bold": True})],
                   [(f"{{{{ {total}.gevinst }}}}", {"bold": True})],
                   [(f"{{{{ {total}.netto }}}}", {"bold": True})]]
    table = w.table(widths, header, [f"{{%tr for a in {source} %}}", row, "{%tr endfor %}", sum_row])
    _align_numbers(table)
    _keep_together(table)


def _keep_together(table) -> None:
    """Keep a short table on one page: every row but the last keeps with the next."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def _align_numbers(table) -> None:
    """Right-align every column but the first: amounts line up."""
    for row in table.rows:
        for cell in row.cells[1:]:
            for para in cell.paragraphs:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


# --- Tiltaksbeskrivelser -------------------------------------------------------------------


def build_measures() -> bytes:
    w = Writer(title="Tiltaksbeskrivelser", header_left="{{ kommune }} – Tiltaksbeskrivelser {{ periode }}",
               header_right="Versjon {{ versjon.nummer }}, {{ versjon.dato }}", cover=True, toc=True)
    _cover(w, "Tiltaksbeskrivelser", "Vedlegg til IKT-strategi {{ periode }}")

    w.h("Om tiltaksbeskrivelsene", 1)
    w.p("Dokumentet beskriver hvert tiltak enhetene har foreslått, i prioritert rekkefølge, etter mal 3 "
        "i KS' verktøykasse. Tiltaksnummeret består av enhetens kode og tiltakets nummer i enhetens "
        "skjema, f.eks. FBS-3. Beløp er i kroner; nåverdi er regnet over {{ okonomi.horisont }} år med "
        "{{ okonomi.rente }} reell kalkulasjonsrente.")
    w.table((18, 62, 40, 15, 28), ("Prioritet", "Tiltak", "Enhet", "Poeng", "Status"), [
        "{%tr for t in tiltak %}",
        ["{{ t.rangering }}", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}), _small("{{ t.kategori }}")],
         "{{ t.enhet }}", "{{ t.poeng }}", "{{ t.status }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if not tiltak %}")
    w.p("Ingen enheter har foreslått tiltak ennå.", "Merknad")
    w.tag("{%p endif %}")
    w.p("Slik er tiltakene vurdert", "Underoverskrift")
    w.tag("{%p for avsnitt in vurdering.forklaring %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")

    w.tag("{%p for t in tiltak %}")
    w.h("{{ t.overskrift }}", 1, page_break_before=True)
    w.p("Prioritet {{ t.rangering }} av {{ antall.tiltak }} · {{ t.poeng }} poeng · {{ t.kategori }} · "
        "{{ t.status }}", "Merknad")
    rows = [
        ("Foreslått av", "{{ t.enhet }} ({{ t.omrade }})"),
        ("Beskrivelse", "{{ t.beskrivelse }}"),
        ("Delmål", "{{ t.delmal }}"),
        ("Problemer tiltaket løser", "{{ t.problemer }}"),
        ("Gevinst", "{{ t.gevinst_samlet }}"),
        ("Investering", "{{ t.investering }}"),
        ("Årlig drift", "{{ t.drift }}"),
        ("Nåverdi", "{{ t.naverdi }}"),
        ("Gevinst i forhold til kostnad", "{{ t.nytte_kost }}"),
        ("Tilbakebetalingstid", "{{ t.tilbakebetaling }}"),
        ("Tidsrom", "{{ t.tidsrom }}"),
        ("Varighet", "{{ t.varighet }}"),
        ("Ansvarlig for gjennomføring", "{{ t.ansvarlig }}"),
        ("Ansvarlig for oppfølging", "{{ t.oppfolging }}"),
        ("Risiko", "{{ t.risiko }}"),
        ("Kategori", "{{ t.kategori_tekst }}"),
        ("Avhengigheter", "{{ t.avhengigheter }}"),
        ("Investeringsramme", "{{ t.ramme_tekst }}"),
    ]
    w.table((52, 111), None, [[label, value] for label, value in rows], label_column=True)
    w.p("Vurdering: {{ t.poeng }} av 100 poeng", "Underoverskrift")
    table = w.table((40, 15, 15, 93), ("Kriterium", "Vekt", "Poeng", "Begrunnelse"), [
        "{%tr for d in t.poengdeler %}",
        ["{{ d.kriterium }}", "{{ d.vekt }}", "{{ d.poeng }}", "{{ d.begrunnelse }}"],
        "{%tr endfor %}",
        [[("Sum", {"bold": True})], "", [("{{ t.poeng }}", {"bold": True})], ""],
    ])
    for row in table.rows:
        for cell in row.cells[1:3]:
            for para in cell.paragraphs:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    w.tag("{%p if t.advarsler %}")
    w.p("Merknader", "Underoverskrift")
    w.bullets("a in t.advarsler", "{{ a }}")
    w.tag("{%p endif %}")
    w.tag("{%p endfor %}")
    return w.save()


# --- Saksframlegg -----------------------------------------------------------------------------


def build_case() -> bytes:
    w = Writer(title="Saksframlegg", header_left="{{ kommune }} – Saksframlegg",
               header_right="Versjon {{ versjon.nummer }}, {{ versjon.dato }}", cover=False, toc=False)
    w.p("{{ kommune }}", "Forside kommune").paragraph_format.space_before = Pt(0)
    w.p("Saksframlegg", "Title")
    info = w.table((40, 123), None, [
        ["Saksbehandler:", "{{ sak.saksbehandler }}"],
        ["Arkivsaksnr.:", "{{ sak.arkivsaksnr }}"],
        ["Versjon:", "{{ versjon.nummer }} ({{ versjon.dato }})"],
    ], label_column=True)
    _no_borders(info)
    table = w.table((80, 40, 43), ("Saksgang", "Møtedato", "Saksnr"), [
        "{%tr for m in sak.saksgang %}",
        ["{{ m.utvalg }}", "{{ m.motedato }}", "{{ m.saksnr }}"],
        "{%tr endfor %}",
    ])
    del table

    w.h("{{ sak.tittel }}", 1)
    w.h("{{ sak.forslag_overskrift }}", 2)
    w.p("1.\t{{ sak.vedtaksorgan }} vedtar IKT-strategi for {{ kommune }} {{ periode }}.", "Vedtakspunkt")
    w.tag("{%p if okonomi.har_ramme %}")
    w.p("2.\tHandlingsplanen for {{ periode }} vedtas med {{ antall.innenfor }} tiltak og en samlet investering "
        "på {{ okonomi.sum.investering }}, innenfor investeringsrammen på {{ okonomi.sum.ramme }} "
        "({{ okonomi.ramme_per_ar }}).", "Vedtakspunkt")
    w.tag("{%p else %}")
    w.p("2.\tHandlingsplanen for {{ periode }} vedtas med {{ antall.innenfor }} tiltak og en samlet "
        "investering på {{ okonomi.sum.investering }}.", "Vedtakspunkt")
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p("3.\tTiltakene som ikke får plass innenfor rammen, vurderes på nytt når handlingsplanen rulleres.",
        "Vedtakspunkt")
    w.tag("{%p endif %}")

    w.h("Sammendrag", 2)
    w.p("{{ kommune }} har revidert IKT-strategien for {{ periode }}. {{ deltakelse.levert }} av "
        "{{ deltakelse.forventet }} enheter har levert kartleggingsskjema med til sammen {{ antall.tiltak }} "
        "forslag til tiltak. Alle tiltakene er vurdert etter økonomi, strategisk forankring, risiko og tid "
        "til effekt. {{ antall.innenfor }} tiltak får plass innenfor investeringsrammen, med en samlet "
        "investering på {{ okonomi.sum.investering }} og en nåverdi på {{ okonomi.naverdi_innenfor }}.")

    w.h("Saksopplysninger", 2)
    w.h("Bakgrunn", 3)
    w.tag("{%p for avsnitt in mandat %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")
    w.p("Strategien er laget etter KS' verktøykasse for strategisk IKT-planlegging: kartlegging i hver "
        "enhet, felles vurdering av tiltakene, og en handlingsplan som rulleres.")
    w.h("Fakta", 3)
    w.p("Alle enhetene ble bedt om å fylle ut et kartleggingsskjema med problemer og muligheter, systemer, "
        "forslag til tiltak og IKT-barometeret. {{ deltakelse.tekst }}")
    w.table((75, 50, 18, 20), ("Enhet", "Tjenesteområde", "Revisjon", "Levert"), [
        "{%tr for e in enheter %}",
        ["{{ e.navn }}", "{{ e.omrade }}", "{{ e.revisjon }}", "{{ e.levert }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if enheter_mangler %}")
    w.p("Disse enhetene har ikke levert:", keep_next=True)
    w.bullets("e in enheter_mangler", "{{ e.navn }} ({{ e.omrade }})")
    w.tag("{%p endif %}")
    w.p("Enhetene har meldt inn {{ antall.problemer }} problemer og muligheter og registrert "
        "{{ systemer.antall }} systemer. Det fullstendige grunnlaget står i strategidokumentet.")

    w.h("Vurdering", 2)
    w.p("{{ sak.forslagsstiller }} har vurdert alle tiltakene etter de samme kriteriene, og tatt dem inn i "
        "prioritert rekkefølge så langt investeringsrammen for hvert år rekker. De høyest prioriterte "
        "tiltakene er:", keep_next=True)
    w.bullets("t in topp_tiltak", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (" ({{ t.enhet }}) – {{ t.poeng }} poeng, {{ t.kategori_liten }}, "
                                     "{{ t.status }}. {{ t.begrunnelse }}", {})])
    w.p("{{ antall.quick_wins }} av tiltakene innenfor rammen er quick wins: små og raske tiltak som "
        "lønner seg. {{ antall.kritiske }} er kritiske prosesser.")
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p("Disse tiltakene får ikke plass innenfor rammen:", keep_next=True)
    w.bullets("t in handlingsplan.utenfor", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                              (" ({{ t.investering }}). {{ t.ramme_tekst }}", {})])
    w.tag("{%p endif %}")
    w.tag("{%p if samordning %}")
    w.p("Flere enheter foreslår tiltak som kan samordnes:", keep_next=True)
    w.bullets("s in samordning", "{{ s }}")
    w.tag("{%p endif %}")

    w.h("Økonomiske konsekvenser", 2)
    w.p("Tabellen viser tiltakene innenfor rammen. Investeringen regnes i året tiltaket starter; årlig "
        "drift og gevinst fra året etter.", keep_next=True)
    _economy_table(w, in_frame=True, frame_column=True)
    w.p("Nåverdien av tiltakene innenfor rammen er {{ okonomi.naverdi_innenfor }} over "
        "{{ okonomi.horisont }} år med {{ okonomi.rente }} reell kalkulasjonsrente.")

    w.h("Endringer siden forrige versjon", 2)
    w.tag("{%p if endringer.forste_versjon %}")
    w.p("Dette er første versjon av saken.")
    w.tag("{%p else %}")
    w.p("Versjon {{ versjon.nummer }} erstatter versjon {{ endringer.forrige_nummer }} av "
        "{{ endringer.forrige_dato }}.")
    w.tag("{%p if endringer.enheter %}")
    w.p("Enheter med nye revisjoner:", keep_next=True)
    w.bullets("e in endringer.enheter", "{{ e }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.lagt_til %}")
    w.p("Nye tiltak:", keep_next=True)
    w.bullets("t in endringer.lagt_til", "{{ t }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.fjernet %}")
    w.p("Tiltak som er tatt ut:", keep_next=True)
    w.bullets("t in endringer.fjernet", "{{ t }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.endret %}")
    w.p("Endrede tiltak:", keep_next=True)
    w.table((55, 38, 35, 35), ("Tiltak", "Hva", "Før", "Nå"), [
        "{%tr for c in endringer.endret %}",
        ["{{ c.tiltak }}", "{{ c.felt }}", "{{ c.fra }}", "{{ c.til }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.totaler %}")
    w.p("Endring i tallene per år:", keep_next=True)
    table = w.table((18, 40, 35, 35, 35), ("År", "Hva", "Før", "Nå", "Endring"), [
        "{%tr for c in endringer.totaler %}",
        ["{{ c.ar }}", "{{ c.felt }}", "{{ c.fra }}", "{{ c.til }}", "{{ c.endring }}"],
        "{%tr endfor %}",
    ])
    for row in table.rows:
        for cell in row.cells[2:]:
            for para in cell.paragraphs:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.ingen %}")
    w.p("Ingen tiltak eller tall er endret. Den nye versjonen skyldes endringer i oppsettet eller malene.")
    w.tag("{%p endif %}")
    w.tag("{%p endif %}")

    w.h("Konklusjon", 2)
    w.p("{{ sak.forslagsstiller }} mener strategien og handlingsplanen gir et godt grunnlag for å bruke IKT "
        "til bedre tjenester i perioden {{ periode }}, og anbefaler at {{ sak.vedtaksorgan_liten }} vedtar "
        "forslaget.")
    w.p("{{ sak.sted_dato }}").paragraph_format.space_before = Pt(18)
    w.p("")
    w.p([("{{ sak.underskriver }}", {"bold": True})]).paragraph_format.space_after = Pt(0)
    w.p("{{ sak.underskriver_tittel }}")
    w.p("")
    w.p("{{ sak.saksbehandler }}").paragraph_format.space_after = Pt(0)
    w.p("Saksbehandler", "Merknad")

    w.h("Vedlegg", 2)
    w.p("1.\tIKT-strategi for {{ kommune }} {{ periode }} med handlingsplan, versjon {{ versjon.nummer }}",
        "Vedtakspunkt")
    w.p("2.\tTiltaksbeskrivelser, versjon {{ versjon.nummer }}", "Vedtakspunkt")
    return w.save()


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    tblpr.insert_element_before(parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    ), *_AFTER_TBLBORDERS)
    for row in table.rows:
        for cell in row.cells:
            tcpr = cell._tc.get_or_add_tcPr()
            for shd in tcpr.findall(qn("w:shd")):
                tcpr.remove(shd)


BUILDERS = {STRATEGY: build_strategy, MEASURES: build_measures, CASE: build_case}


def build_all(targets: Iterable[Path] = TARGETS) -> list[Path]:
    """Write the three templates into every folder of *targets*; return the paths."""
    written = []
    for name, build in BUILDERS.items():
        data = build()
        for folder in targets:
            written.append(atomic_write_bytes(Path(folder) / name, data))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    targets = [Path(a) for a in args] or list(TARGETS)
    for path in build_all(targets):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
