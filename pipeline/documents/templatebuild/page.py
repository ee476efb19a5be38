"""The page every template shares: A4 with its margins, a header with the
municipality and the version over a thin rule, a footer with «Side x av y»,
and Word fields (PAGE, NUMPAGES, TOC) with a cached result."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from pipeline.documents.templatebuild.styles import BORDER, MARGIN_L, MARGIN_R, PAGE_H, PAGE_W
from pipeline.i18n import Lang


def field(paragraph, instruction: str, shown: str) -> None:
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


#: What may follow ``w:pBdr`` in ``w:pPr``: the schema fixes the order of the children.
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def bottom_border(paragraph, color: str = BORDER, size: int = 4, space: int = 4) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'
        "</w:pBdr>"
    ), *_AFTER_PBDR)


def setup_page(doc, lang: Lang, header_left: str, header_right: str, *, cover: bool) -> None:
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
    bottom_border(header)

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # «Side 3 av 12»: the words around the two page fields, in the language's order.
    # TRANSLATORS: the footer «Side 3 av 12»; {page} and {pages} become Word's page fields.
    before, rest = lang.gettext("Side {page} av {pages}").split("{page}", 1)
    between, after = rest.split("{pages}", 1)
    footer.add_run(before)
    field(footer, " PAGE ", "1")
    footer.add_run(between)
    field(footer, " NUMPAGES ", "1")
    if after:
        footer.add_run(after)


def document_settings(doc, update_fields: bool) -> None:
    """``w:updateFields`` makes Word refresh the TOC and page numbers on opening."""
    settings = doc.settings.element
    if update_fields:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        compat = settings.find(qn("w:compat"))
        compat.addprevious(el)  # schema order: updateFields comes right before compat
