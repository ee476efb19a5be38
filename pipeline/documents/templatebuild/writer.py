"""The writer the three template builders write with: paragraphs, ``{%p … %}``
tag paragraphs, bullets, figures, the table of contents and tables in
«Iktplan tabell», saved as a .docx with fixed timestamps; and the few changes
made to a table after it is written (alignment, borders, keeping it on a page)."""

from __future__ import annotations

import io
import zipfile
from typing import Iterable, Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from pipeline.documents.templatebuild.page import document_settings, field, setup_page
from pipeline.documents.templatebuild.styles import DARK, GROUP_FILL, LABEL_FILL, TABLE_STYLE, setup_styles, twips
from pipeline.i18n import Lang

TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
#: Only the top level: a document whose chapters are many (one per measure).
TOC_TOP_LEVEL = ' TOC \\o "1-1" \\h \\z \\u '

Cell = str | Sequence[tuple[str, dict]]


class Writer:
    """A thin layer over python-docx that writes template paragraphs and tables."""

    def __init__(self, lang: Lang, *, title: str, header_left: str, header_right: str, cover: bool, toc: bool):
        """*title* is the document's title in its properties (fields allowed); every
        fixed text is in *lang*, which is also Word's spell-check language."""
        self.lang = lang
        self.doc = Document()
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)
        setup_styles(self.doc, lang.code)
        setup_page(self.doc, lang, header_left, header_right, cover=cover)
        document_settings(self.doc, update_fields=toc)
        props = self.doc.core_properties
        props.title, props.author = title, "iktplan"
        props.comments = lang.gettext("Mal for iktplan. Feltene i doble krøllparenteser fylles ut av iktplan.")

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

    def when(self, condition: str, *paragraph, **kw):
        """One paragraph (the arguments of :meth:`p`) kept only where *condition* holds:
        ``{%p if condition %}`` … ``{%p endif %}``."""
        self.tag("{%p if " + condition + " %}")
        para = self.p(*paragraph, **kw)
        self.tag("{%p endif %}")
        return para

    def bullets(self, loop: str, text: Cell):
        self.tag("{%p for " + loop + " %}")
        self.p(text, "List Bullet")
        self.tag("{%p endfor %}")

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, instruction: str = TOC_INSTRUCTION):
        _ = self.lang.gettext
        self.p(_("Innhold"), "TOC Heading")
        para = self.doc.add_paragraph()
        field(para, instruction, _("Innholdsfortegnelsen fylles ut når dokumentet åpnes i Word. "
                                   "Hvis den ikke vises: høyreklikk her og velg «Oppdater felt»."))

    def figure(self, image_tag: str, caption: str):
        self.p(image_tag, "Figur")
        self.p(caption, "Caption")

    # tables
    def table(self, widths_mm: Sequence[float], header: Sequence[str] | None, rows: Iterable,
              *, label_column: bool = False):
        """A table in «Iktplan tabell». *rows* holds lists of cells, a ``{%tr … %}``
        tag string (a row of its own), or ``("group", text)`` for a shaded row
        spanning all columns. The *header* row is marked as one (it repeats on
        every page, and is the header row in the PDF); a *label_column* table
        has no header row and says its first column holds the labels."""
        cols = len(widths_mm)
        table = self.doc.add_table(rows=0, cols=cols)
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        tblpr = table._tbl.tblPr
        look = tblpr.find(qn("w:tblLook"))
        look.set(qn("w:firstRow"), "1" if header else "0")
        look.set(qn("w:firstColumn"), "1" if label_column else "0")
        look.set(qn("w:val"), f"{0x0400 | (0x0020 if header else 0) | (0x0080 if label_column else 0):04X}")
        tblpr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
        width = tblpr.find(qn("w:tblW"))
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(sum(twips(w) for w in widths_mm)))
        grid = table._tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
            col.set(qn("w:w"), str(twips(w)))

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


# --- after a table is written -------------------------------------------------------

#: What may follow ``w:tblBorders`` in ``w:tblPr``: the schema fixes the order of the children.
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                     "w:tblPrChange")


def align_right(table, columns: slice = slice(1, None)) -> None:
    """Right-align the *columns* of every row (all but the first if not given): amounts line up."""
    for row in table.rows:
        for cell in row.cells[columns]:
            for para in cell.paragraphs:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def keep_together(table) -> None:
    """Keep a short table on one page: every row but the last keeps with the next."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def no_borders(table) -> None:
    """No lines and no shading: a table that only lines text up (the case document's head)."""
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
