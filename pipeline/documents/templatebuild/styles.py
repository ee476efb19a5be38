"""The templates' house style: colours, the page's geometry, and the Word styles
every template carries (Normal, Title, Heading 1–3, the TOC levels, the table
style «Iktplan tabell» and the iktplan paragraph styles)."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

from pipeline.documents.accessibility import DEFAULT_LANGUAGE, LANGUAGE_TAGS, set_language

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
TABLE_STYLE = "Iktplan tabell"
TEMPLATE_LANGUAGE = LANGUAGE_TAGS[DEFAULT_LANGUAGE]


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


def setup_styles(doc, code: str = DEFAULT_LANGUAGE) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    # Word's spell-checker and the core property; rendering sets the workspace's language again.
    set_language(doc, LANGUAGE_TAGS.get(code, TEMPLATE_LANGUAGE))
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
    _paragraph_style(doc, "Forside kommune", size=16, bold=True, color=ACCENT, before=150, after=12)
    _paragraph_style(doc, "Forside info", size=12, color=GREY, after=4)
    # Numbered by Word, so a point left out (an optional one) leaves no gap in the numbers.
    _numbered_style(doc, "Vedtakspunkt", VEDTAK_NUM)
    _numbered_style(doc, "Nummerert liste", LIST_NUM)
    _paragraph_style(doc, "Utkastmerke", size=12, bold=True, color=ACCENT, before=6, after=6)
    _paragraph_style(doc, "Figur", after=2)
    styles["Figur"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Figur"].paragraph_format.keep_with_next = True
    for level in (1, 2, 3):
        _toc_style(doc, level)
    _table_style(doc)


#: Word numbering instances (``w:num``) of the two numbered styles; each counts on its own
#: (with a definition of its own too: LibreOffice shares the count of instances of one definition).
VEDTAK_NUM, LIST_NUM = 91, 92


def _numbered_style(doc, name: str, num_id: int) -> None:
    """A paragraph style numbered «1.», «2.», … with a hanging indent, counting in its own numbering."""
    numbering = doc.part.numbering_part.element
    abstract_id = num_id + 100
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="454"/></w:tabs>'
        '<w:ind w:left="454" w:hanging="454"/></w:pPr></w:lvl></w:abstractNum>'
    )
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    ))
    style = _paragraph_style(doc, name, after=6)
    ppr = style.element.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _toc_style(doc, level: int) -> None:
    """Word's built-in «toc N» styles (ids TOC1…): Word uses them when it fills the field."""
    indent = (level - 1) * 340
    bold = "<w:b/>" if level == 1 else ""
    before = 120 if level == 1 else 0
    doc.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC{level}">'
        f'<w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{twips(TEXT_W_MM)}"/></w:tabs>'
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
        # No w:tblHeader here: LibreOffice would make the first row of every table in
        # the style a header row in the PDF, also the label/value tables without one.
        # The writer marks the real header rows.
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{DARK}"/></w:tcPr></w:tblStylePr>'
        '</w:style>'
    ))


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)
