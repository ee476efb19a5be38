"""Warnings about universal design in edited templates (``iktplan check-templates``).

The documents are published and must meet WCAG 2.1 AA; an edit in Word can
break that without breaking the template. These are warnings, not errors: the
documents are still made. Each names the template and the place (as messages,
shown in the workspace's language), the way :mod:`pipeline.documents.templatecheck`
names its errors:

* a picture without alternative text (one marked decorative in Word is fine);
* a heading that skips a level (Overskrift 1, then Overskrift 3);
* a heading style used for what is not a heading: an empty, very long, or
  table-cell paragraph in a heading style;
* a table without a header row (or, for labels and values, «Første kolonne»
  on and «Overskriftsrad» off);
* text whose colour has less contrast to its background than 4.5:1 (3:1 for
  large text);
* a link text that does not say where the link leads («her», «les mer»);
* a template written in another language than the workspace's (``sprak``): a
  workspace whose language is changed keeps its old templates until the
  secretariat copies in the new set.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from pipeline.documents.templatefiles import template_paths
from pipeline.documents.accessibility import (LANGUAGE_TAGS, WP_DOCPR, colour_pairs, has_header_column, heading_level,
                                             is_header_row)
# The places are named as the template check names them.
from pipeline.documents.templatecheck import _PARTS, TemplateProblem, _Paragraph, _parts, _where
from pipeline.i18n import Lang, Msg, Number

#: A heading longer than this is a paragraph in a heading style.
LONG_HEADING = 150
_TAG_ONLY = re.compile(r"^\s*(\{%.*?%\}\s*)+$", re.DOTALL)
_VAGUE_LINK = re.compile(r"^\s*(her|klikk her|trykk her|les mer|mer|lenke|link|denne lenken|se her)\s*[.:!]?\s*$",
                         re.IGNORECASE)
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_IN_TABLE = Msg("Avsnittet har overskriftsstilen «{style}», men står i en tabell. Skjermlesere og "
                "innholdsfortegnelsen regner det som en overskrift. Bruk en overskriftsstil bare på overskrifter; "
                "vil du bare ha fet tekst, bruk vanlig tekst med fet skrift.")
_EMPTY = Msg("Avsnittet har overskriftsstilen «{style}», men er tom. Skjermlesere og innholdsfortegnelsen regner "
             "det som en overskrift. Bruk en overskriftsstil bare på overskrifter; vil du bare ha fet tekst, bruk "
             "vanlig tekst med fet skrift.")
_LONG = Msg("Avsnittet har overskriftsstilen «{style}», men er svært lang. Skjermlesere og innholdsfortegnelsen "
            "regner det som en overskrift. Bruk en overskriftsstil bare på overskrifter; vil du bare ha fet tekst, "
            "bruk vanlig tekst med fet skrift.")


def template_warnings(templates_dir: Path, lang: Lang | None = None) -> list[TemplateProblem]:
    """The universal-design warnings for the three templates in *templates_dir*
    (a template that is missing or broken is left to the template check), and,
    with the workspace's *lang* (None: not checked), a template in another language."""
    warnings: list[TemplateProblem] = []
    for path in template_paths(templates_dir, lang).values():
        warnings += accessibility_warnings(path)
        if lang is not None:
            warnings += language_warnings(path, lang)
    return warnings


def language_warnings(path: Path, lang: Lang) -> list[TemplateProblem]:
    """A warning when the template says (its language property, which templatebuild
    sets) it is written in another language than *lang*; none when it says nothing."""
    try:
        written = Document(str(path)).core_properties.language or ""
    except Exception:  # noqa: BLE001 - a file that cannot be opened is the template check's error
        return []
    codes = {tag.lower(): code for code, tag in LANGUAGE_TAGS.items()}
    code = codes.get(written.lower())
    if code is None or code == lang.code:
        return []
    return [TemplateProblem(path.name, Msg("hele malen"), Msg(
        "Malen er skrevet på {template}, men språket i strategi.toml er {workspace}. Dokumentene får den faste "
        "teksten fra malen. Lag en ny arbeidsmappe med «iktplan init --språk {code}», og kopier malene fra "
        "word_templates/ der hit (lagre dine egne endringer først).",
        template=Lang.for_code(code).name,
        workspace=lang.name, code=lang.code))]


def accessibility_warnings(path: Path) -> list[TemplateProblem]:
    """The universal-design warnings for one template; none when it cannot be read."""
    try:
        tpl = DocxTemplate(str(path))
        document = tpl.get_docx()
    except Exception:  # noqa: BLE001 - a file that cannot be opened is the template check's error
        return []
    name = path.name
    found: list[TemplateProblem] = []
    for part, element in _parts(tpl, document):
        found += _pictures(name, part, element)
        found += _links(name, part, element)
        if part == _PARTS["document"]:
            found += _headings(name, part, document, element)
            found += _tables(name, part, element)
        found += _contrast(name, part, document, element)
    return found


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _paragraph(p) -> _Paragraph:
    return _Paragraph(_text(p), any(True for _ in p.iterancestors(qn("w:tbl"))))


def _pictures(name: str, part: Msg, element) -> list[TemplateProblem]:
    found = []
    last_text = ""
    for p in element.iter(qn("w:p")):
        text = _text(p).strip()
        for number, docpr in enumerate(p.iter(WP_DOCPR), start=1):
            if (docpr.get("descr") or "").strip() or any(True for _ in docpr.iter(_DECORATIVE)):
                continue
            if text or not last_text:
                place = _where(part, _paragraph(p), text[:70] or None)
            else:
                place = Msg("{part}, etter «{text}»", part=part, text=" ".join(last_text.split())[:64])
            found.append(TemplateProblem(name, place, Msg(
                "Bildet har ingen alternativ tekst, så en skjermleser kan ikke si hva det viser. Høyreklikk på "
                "bildet, velg «Rediger alternativ tekst» og skriv hva bildet viser (eller merk det som "
                "dekorativt).")))
        if text:
            last_text = text
    return found


def _headings(name: str, part: Msg, document, body) -> list[TemplateProblem]:
    styles = {s.style_id: s for s in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    found = []
    previous = 0
    for p in body.iter(qn("w:p")):
        style_el = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style = styles.get(style_el.get(qn("w:val"))) if style_el is not None else default
        level = heading_level(style) if style is not None else None
        if level is None:
            continue
        text = _text(p)
        if _TAG_ONLY.match(text):
            continue  # a {%p … %} line in a heading style is removed when rendering
        place = _where(part, _paragraph(p))
        misuse = (_IN_TABLE if any(True for _ in p.iterancestors(qn("w:tbl")))
                  else _EMPTY if not text.strip()
                  else _LONG if len(text) > LONG_HEADING else None)
        if misuse:
            found.append(TemplateProblem(name, place, misuse.fill(style=style.name)))
            continue
        if level > previous + 1:
            wanted = previous + 1
            if previous:
                skip = Msg("Overskriften er på nivå {level}, men kommer etter en overskrift på nivå {previous}. Bruk "
                           "«Overskrift {wanted}» (Heading {wanted}), så nivåene ikke hopper over noen: skjermlesere "
                           "og innholdsfortegnelsen bruker dem til å vise hvordan dokumentet henger sammen.",
                           level=level, previous=previous, wanted=wanted)
            else:
                skip = Msg("Overskriften er på nivå {level}, men kommer etter ingen overskrift. Bruk «Overskrift "
                           "{wanted}» (Heading {wanted}), så nivåene ikke hopper over noen: skjermlesere og "
                           "innholdsfortegnelsen bruker dem til å vise hvordan dokumentet henger sammen.",
                           level=level, wanted=wanted)
            found.append(TemplateProblem(name, place, skip))
        previous = level
    return found


def _tables(name: str, part: Msg, body) -> list[TemplateProblem]:
    found = []
    for tbl in body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if not rows or is_header_row(rows[0]) or has_header_column(tbl):
            continue
        first = next((_text(p) for p in rows[0].iter(qn("w:p")) if _text(p).strip()), "")
        found.append(TemplateProblem(
            name, _where(part, _Paragraph(first, True)), Msg(
                "Tabellen har ingen overskriftsrad. Marker den første raden og velg «Gjenta overskriftsrader» "
                "(Tabelloppsett): da står den øverst på hver side, og skjermlesere leser den som overskrift. Er "
                "tabellen ledetekst og verdi, slå heller av «Overskriftsrad» og på «Første kolonne» "
                "(Tabellutforming)."),
        ))
    return found


def _links(name: str, part: Msg, element) -> list[TemplateProblem]:
    found = []
    for link in element.iter(qn("w:hyperlink")):
        text = _text(link)
        if _VAGUE_LINK.match(text):
            p = next(link.iterancestors(qn("w:p")))
            found.append(TemplateProblem(
                name, _where(part, _paragraph(p)), Msg(
                    "Lenketeksten «{text}» sier ikke hvor lenken går. Skriv det lenken fører til, f.eks. «KS' "
                    "verktøykasse for IKT-planlegging», så den kan forstås også når den leses alene.",
                    text=text.strip()),
            ))
    return found


def _contrast(name: str, part: Msg, document, element) -> list[TemplateProblem]:
    found, seen = [], set()
    for pair in colour_pairs(document, [element]):
        key = (pair.text, pair.background, pair.required)
        if key in seen or pair.ratio >= pair.required:
            continue
        seen.add(key)
        ratio = Number(round(pair.ratio, 1), 1)
        if pair.large:
            pale = Msg("Teksten har farge #{colour} på #{background}, med kontrast {ratio}:1. Tekst må ha minst 3:1 "
                       "for stor tekst mot bakgrunnen for at svaksynte skal kunne lese den. Velg en mørkere "
                       "tekstfarge (eller en lysere bakgrunn).", colour=pair.text, background=pair.background,
                       ratio=ratio)
        else:
            pale = Msg("Teksten har farge #{colour} på #{background}, med kontrast {ratio}:1. Tekst må ha minst "
                       "4,5:1 mot bakgrunnen for at svaksynte skal kunne lese den. Velg en mørkere tekstfarge "
                       "(eller en lysere bakgrunn).", colour=pair.text, background=pair.background, ratio=ratio)
        found.append(TemplateProblem(name, _where(part, None, pair.sample), pale))
    return found
