"""Universal design of the Word documents (WCAG 2.1 AA): what rendering sets and
what the template check and the tests read back.

* the document language: ``w:lang`` in the styles' ``w:docDefaults`` (what Word,
  screen readers and LibreOffice's PDF ``/Lang`` use) and the core property;
* the title in the core properties (the PDF's title and window title);
* heading levels (from the style chain: Heading N, Overskrift N, ``w:outlineLvl``);
* header rows (``w:tblHeader``: repeats on every page and becomes ``/TH`` in the
  PDF) and label columns («Første kolonne» on, «Overskriftsrad» off in ``w:tblLook``);
* the WCAG contrast ratio of two colours, and the colour pairs a document uses.

Pure apart from reading a .docx that is handed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

#: BCP 47 tags by the workspace's language setting: the documents' ``w:lang`` and the PDF's ``/Lang``.
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "da": "da-DK"}
DEFAULT_LANGUAGE = "nb"

#: WCAG 2.1 AA: normal text (1.4.3), and large text and graphics (1.4.3, 1.4.11).
TEXT_CONTRAST, LARGE_CONTRAST = 4.5, 3.0

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def language_tag(config: Any) -> str:
    """The documents' language tag for a configuration: its ``sprak`` setting
    (``nb``, ``nn`` or ``da``) when it has one, else bokmål (``nb-NO``)."""
    return LANGUAGE_TAGS.get(getattr(config, "sprak", None) or DEFAULT_LANGUAGE, LANGUAGE_TAGS[DEFAULT_LANGUAGE])


# --- language -----------------------------------------------------------------------


def _default_rpr(doc):
    """``w:docDefaults/w:rPrDefault/w:rPr`` of *doc*'s styles, made when missing."""
    styles = doc.styles.element
    parent = styles
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        child = parent.find(qn(tag))
        if child is None:
            child = OxmlElement(tag)
            parent.insert(0, child)
        parent = child
    return parent


def set_language(doc, tag: str) -> None:
    """Make *tag* the language of every run that does not say otherwise, and the
    core property ``language``."""
    rpr = _default_rpr(doc)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang comes after the fonts, sizes and colours python-docx writes
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    doc.core_properties.language = tag


def document_language(doc) -> str | None:
    """The default language of *doc* (``w:lang`` in docDefaults); None when it has none."""
    lang = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return None if lang is None else (lang.get(qn("w:val")) or None)


# --- headings -------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"(?:heading|overskrift)\s*([1-9])", re.IGNORECASE)


def heading_level(style) -> int | None:
    """The outline level (1–9) a paragraph style gives, following ``basedOn``; None: body text."""
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        ppr = style.element.pPr
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None:
            value = int(level.get(qn("w:val"), "9"))
            return value + 1 if value < 9 else None
        match = _HEADING_NAME.fullmatch((style.name or "").strip())
        if match:
            return int(match.group(1))
        style = style.base_style
    return None


# --- tables -------------------------------------------------------------------------------


def _on(el) -> bool:
    return el is not None and el.get(qn("w:val"), "true") not in ("0", "false", "off")


def is_header_row(tr) -> bool:
    """``w:tblHeader`` on the row (a ``w:tr`` element) itself."""
    trpr = tr.find(qn("w:trPr"))
    return trpr is not None and _on(trpr.find(qn("w:tblHeader")))


def _look(tbl, attribute: str, bit: int) -> bool:
    look = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
    if look is None:
        return False
    flag = look.get(qn(f"w:{attribute}"))
    if flag is not None:
        return flag in ("1", "true", "on")
    try:
        return bool(int(look.get(qn("w:val"), "0"), 16) & bit)
    except ValueError:
        return False


def has_header_column(tbl) -> bool:
    """The table (a ``w:tbl`` element) is labels and values: its first column
    holds the labels («Første kolonne» on) and it has no header row
    («Overskriftsrad» off). Word turns both on in every new table, so «Første
    kolonne» alone says nothing."""
    return _look(tbl, "firstColumn", 0x0080) and not _look(tbl, "firstRow", 0x0020)


# --- contrast ---------------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2.1) of ``"1F3864"`` or ``"#1F3864"``."""
    h = rgb.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class ColourPair:
    text: str  # RRGGBB, upper case
    background: str
    size_pt: float
    bold: bool
    sample: str  # the text, for a message

    @property
    def large(self) -> bool:
        """Large text in WCAG's sense: 18 pt, or 14 pt bold."""
        return self.size_pt >= 18 or (self.bold and self.size_pt >= 14)

    @property
    def required(self) -> float:
        return LARGE_CONTRAST if self.large else TEXT_CONTRAST

    @property
    def ratio(self) -> float:
        return contrast(self.text, self.background)


_THEME_ALIAS = {"text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2", "dark1": "dk1",
                "light1": "lt1", "dark2": "dk2", "light2": "lt2", "hyperlink": "hlink",
                "followedHyperlink": "folHlink"}


def _theme_colours(doc) -> dict[str, str]:
    from lxml import etree

    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            scheme = root.find(f".//{_A}clrScheme")
            found = {}
            for el in scheme if scheme is not None else ():
                srgb, system = el.find(f"{_A}srgbClr"), el.find(f"{_A}sysClr")
                if srgb is not None:
                    found[etree.QName(el).localname] = srgb.get("val")
                elif system is not None:
                    found[etree.QName(el).localname] = system.get("lastClr", "000000")
            return found
    return {}


def _colour(el, theme: dict[str, str], attr: str) -> str | None:
    """RRGGBB of a ``w:color`` (attr ``val``) or ``w:shd`` (attr ``fill``); None: automatic or absent.
    A theme colour's tint or shade is left out (it only lightens or darkens it)."""
    if el is None:
        return None
    themed = el.get(qn("w:themeColor" if attr == "val" else "w:themeFill"))
    if themed:
        return theme.get(_THEME_ALIAS.get(themed, themed))
    value = el.get(qn(f"w:{attr}"))
    return None if value in (None, "auto", "nil") else value.upper()


class _Styles:
    """Colour, size and bold of paragraph and character styles, following ``basedOn``."""

    def __init__(self, doc, theme):
        self.by_id = {s.get(qn("w:styleId")): s for s in doc.styles.element.iter(qn("w:style"))}
        self.theme = theme
        self.cache: dict[str, tuple] = {}
        rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default = self._own(rpr, None)

    def _own(self, rpr, ppr) -> tuple:
        colour = _colour(rpr.find(qn("w:color")), self.theme, "val") if rpr is not None else None
        size = rpr.find(qn("w:sz")) if rpr is not None else None
        bold = rpr.find(qn("w:b")) if rpr is not None else None
        shading = _colour(ppr.find(qn("w:shd")), self.theme, "fill") if ppr is not None else None
        return (colour, int(size.get(qn("w:val"))) / 2 if size is not None else None,
                _on(bold) if bold is not None else None, shading)

    def get(self, style_id: str | None, depth: int = 0) -> tuple:
        if not style_id or style_id not in self.by_id or depth > 20:
            return (None, None, None, None)
        if style_id not in self.cache:
            el = self.by_id[style_id]
            own = self._own(el.find(qn("w:rPr")), el.find(qn("w:pPr")))
            based = el.find(qn("w:basedOn"))
            parent = self.get(based.get(qn("w:val")) if based is not None else None, depth + 1)
            self.cache[style_id] = tuple(o if o is not None else p for o, p in zip(own, parent))
        return self.cache[style_id]


def colour_pairs(doc, parts: Iterator[Any] | None = None) -> Iterator[ColourPair]:
    """Every text colour on its background in *doc* (or in the given XML *parts*),
    one per run that is not black on white; «automatic» text counts as black."""
    theme = _theme_colours(doc)
    styles = _Styles(doc, theme)
    default_style = next((sid for sid, el in styles.by_id.items()
                          if el.get(qn("w:type")) == "paragraph" and el.get(qn("w:default")) == "1"), None)
    for root in parts if parts is not None else (doc.element.body,):
        for p in root.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
            pcolour, psize, pbold, pshade = styles.get(
                pstyle.get(qn("w:val")) if pstyle is not None else default_style)
            own_shade = _colour(ppr.find(qn("w:shd")), theme, "fill") if ppr is not None else None
            cell = next(p.iterancestors(qn("w:tc")), None)
            cell_shade = (_colour(cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}"), theme, "fill")
                          if cell is not None else None)
            for r in p.iter(qn("w:r")):
                text = "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()
                if not text:
                    continue
                rpr = r.find(qn("w:rPr"))
                rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
                scolour, ssize, sbold, _ = styles.get(rstyle.get(qn("w:val")) if rstyle is not None else None)
                colour, size, bold, _ = styles._own(rpr, None)
                run_shade = _colour(rpr.find(qn("w:shd")), theme, "fill") if rpr is not None else None
                fg = colour or scolour or pcolour or styles.default[0] or "000000"
                bg = run_shade or own_shade or pshade or cell_shade or "FFFFFF"
                if (fg, bg) == ("000000", "FFFFFF"):
                    continue
                size = size or ssize or psize or styles.default[1] or 11
                bold = next((b for b in (bold, sbold, pbold) if b is not None), False)
                yield ColourPair(fg, bg, size, bold, text[:40])
