"""The secretariat's own prose: sections written in Word, in the workspace's
``tekster/`` folder, brought into the documents with their formatting.

Each section is one .docx (:data:`PROSE_SECTIONS`, and one ``Delmål <kode>.docx``
per configured sub-goal). :mod:`pipeline.documents.rendering` inserts it as a
docxtpl subdocument, so bold, lists, tables and the secretariat's own styles
arrive as written (docxcompose carries the styles and the numbering over; a
style the template also has, such as «Normal», takes the template's look).

``iktplan init`` writes a short stub for each section (:func:`write_stubs`): a
few paragraphs in the style «Veiledning» saying what to write, with an example
from a real plan. Paragraphs in that style are never brought in, so a stub, or
a file holding only guidance, counts as empty. An empty or missing section takes
the same text from ``[tekster]`` in strategi.toml if there is one, and otherwise
the template's default (or the section is left out). A file that is not a
valid .docx, or cannot be read, gets a message and the default; one that is open
in Word is read as last saved, with a message.

Reading the files' bytes (:func:`prose_bytes`, for the version fingerprint)
needs no Word library: a run with nothing new stays light.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.fileio import office_lock
from pipeline.i18n import Lang, Msg, N_

if TYPE_CHECKING:
    from pipeline.config import Config

TEXTS_DIR = "tekster"
#: Paragraphs in this style are guidance for the writer and never reach a document.
GUIDANCE_STYLE = "Veiledning"
# TRANSLATORS: «Veiledning» is the name of the style in the file, the same in every language.
GUIDANCE_NOTE = N_(
    "Tekst i denne grå stilen («Veiledning») kommer ikke med i dokumentene. Skriv teksten din under, i vanlig "
    "stil; punktlister, tabeller, fet og kursiv skrift kommer med slik du skriver dem. Lar du fila stå uten "
    "egen tekst, bruker iktplan standardteksten (eller utelater avsnittet)."
)


@dataclass(frozen=True)
class Section:
    key: str  # the field under ``prosa`` in the templates, and the key under [tekster] that can stand in
    file: str  # in tekster/
    title: str  # marked (N_): the stub shows it in the workspace's language
    where: str  # where it goes, for the stub
    what: str  # what to write
    example: str  # from a real plan, with its source (a translation may quote a plan in its own language)


PROSE_SECTIONS: dict[str, Section] = {s.key: s for s in (
    Section(
        "prosjektorganisering", "Prosjektorganisering.docx", N_("Prosjektorganisering"),
        N_("IKT-strategien, kapittel 1, «Prosjektorganisering»"),
        N_("Skriv hvem som har hatt ansvaret for arbeidet: prosjektansvarlig, prosjektleder, styringsgruppe og "
        "arbeidsgruppe (gjerne med en representant for de tillitsvalgte)."),
        N_("Fra Ballangen kommunes IKT-strategiplan (2001): «Prosjektansvarlig: rådmannen. Prosjektleder: "
        "IT-ansvarlig. Styringsgruppe: formannskapet. Arbeidsgruppe: seks ansatte fra ulike enheter, ledet av "
        "prosjektlederen. I tillegg en ressursgruppe med én fra hver seksjon.»"),
    ),
    Section(
        "bakgrunn", "Bakgrunn.docx", N_("Bakgrunn og tidligere vedtak"),
        N_("IKT-strategien, kapittel 1, og saksframlegget under «Bakgrunn» (i stedet for «mandat» i strategi.toml)"),
        N_("Skriv hvorfor strategien lages nå, og hvilke vedtak arbeidet bygger på. De tidligere vedtakene i "
        "[[sak.tidligere_vedtak]] i strategi.toml listes i tillegg under teksten i saksframlegget."),
        N_("Fra Ballangen kommunes IKT-strategiplan (2001): «Kommunen har i lengre tid hatt gode strategier rundt "
        "drift og bruk av IKT, men har ikke nedfelt disse i en skriftlig strategiplan. Prosjektgruppen ble "
        "sammensatt med oppstart i mars 2001. Prosjektplanen ble godkjent av formannskapet 24. april 2001.»"),
    ),
    Section(
        "strategiske_valg", "Strategiske valg.docx", N_("Alternativer og strategisk valg"),
        N_("IKT-strategien, kapittel 5, før satsingsområdene"),
        N_("Skriv hvilke alternativer som er vurdert, hvilket valg kommunen gjør, og hvorfor."),
        N_("Fra Ballangen kommunes IKT-strategiplan (2001): «Ballangen kommune bør følge sin nåværende strategi når "
        "det gjelder infrastruktur, nettverkssystem og programvareløsninger og holde en nøktern og gradvis linje "
        "når det gjelder videre utbygging av IKT-systemet. Vi bør imidlertid investere med hensyn på en gradvis "
        "overgang til terminalbasert system i kommunens nettverk.»"),
    ),
    Section(
        "vurdering", "Vurdering.docx", N_("Kommunedirektørens vurdering"),
        N_("saksframlegget under «Vurdering», før listene over de høyest prioriterte tiltakene og dem utenfor rammen"),
        N_("Skriv vurderingen med egne ord: hva som er viktigst i planen, hva dere vil at politikerne skal merke seg, "
        "og hva som bør skje med viktige tiltak som ikke får plass innenfor rammen."),
        N_("Fra Ballangen kommunes IKT-strategiplan (2001): «Det vil være vanskelig å kostnadsberegne gjennomføringen "
        "av de prioriterte oppgavene på forhånd på grunn av hastigheten i både pris- og teknologiutviklingen.» "
        "Og fra Trondheim kommunes saksframlegg (2005): «Rådmannen har forventninger om at ovenstående tiltak vil "
        "bidra til økt kompetanseheving innenfor det it-strategiske området.»"),
    ),
    Section(
        "medvirkning", "Medvirkning.docx", N_("Medvirkning og drøfting"),
        N_("saksframlegget under «Medvirkning og drøfting», og IKT-strategien, kapittel 1"),
        N_("Skriv hvordan de ansatte og de tillitsvalgte har vært med i arbeidet, og når saken ble drøftet med de "
        "tillitsvalgte. (Én setning kan også stå i «drofting» under [sak] i strategi.toml.)"),
        N_("Fra Time kommunes erfaringer med IKT-strategien 2005–2008 (nynorsk): «Medlemmene i plangruppa har "
        "bestått av ein frå kvart tenesteområde, ein frå staben og ein representant frå tillitsutvalet. "
        "Tillitsutvalet hadde planen til uttale før han blei lagt fram politisk.»"),
    ),
    Section(
        "konsekvenser", "Konsekvenser.docx", N_("Administrative og personalmessige konsekvenser og personvern"),
        N_("saksframlegget under «Administrative og personalmessige konsekvenser»"),
        N_("Skriv hva planen betyr for organisasjonen og de ansatte (oppgaver, stillinger, opplæring), og for "
        "personvernet: hvilke tiltak som behandler personopplysninger, og om de trenger en vurdering av "
        "personvernkonsekvenser (DPIA) før de tas i bruk."),
        N_("Fra Ballangen kommunes IKT-strategiplan (2001): «Handlingsplanen er et verktøy for rådmannen for å nå "
        "målsettingene i planen. Rådmannen har derfor ansvaret for å holde handlingsplanen levende og gi den et "
        "innhold som til enhver tid skal strekke seg over 2 år.»"),
    ),
    Section(
        "okonomiplan", "Økonomiplan.docx", N_("Sammenhengen med økonomiplanen"),
        N_("saksframlegget under «Økonomiske konsekvenser», og IKT-strategien, kapittel 7"),
        N_("Skriv hvordan investeringene og driftskostnadene er tatt inn i, eller skal tas inn i, økonomiplanen og "
        "årsbudsjettet."),
        N_("Fra Ballangen kommunes IKT-strategiplan (2001): «Det vil være vanskelig å kostnadsberegne "
        "gjennomføringen av de prioriterte oppgavene på forhånd på grunn av hastigheten i både pris- og "
        "teknologiutviklingen. Derfor må kostnadene innarbeides i økonomiplan og årsbudsjett.»"),
    ),
)}

GOAL_EXAMPLE = N_(
    "Fra Ballangen kommunes IKT-strategiplan (2001), satsingsområdet E-handel: «Ballangen kommune bør ta sikte på "
    "å gjøre bruk av denne markedsplassen når denne er operativ. Det betyr at en forstudie bør komme i gang så "
    "snart som mulig. Erfaringene tilsier at i slike prosjekter er det tilrettelegging/organisering som er de "
    "største utfordringene, mens teknologi er enkelt å få på plass.»"
)


def goal_file(code: str) -> str:
    """The prose file of the sub-goal with *code*: ``Delmål D1.docx``."""
    return f"Delmål {code}.docx"


def prose_paths(texts_dir: Path, config: Config) -> list[Path]:
    """Every prose file iktplan reads, in a fixed order (the sections, then the sub-goals)."""
    texts_dir = Path(texts_dir)
    return [texts_dir / s.file for s in PROSE_SECTIONS.values()] + [
        texts_dir / goal_file(g.code) for g in config.sub_goals
    ]


def prose_bytes(texts_dir: Path, config: Config) -> bytes:
    """The prose files' bytes, for the version fingerprint: a changed text makes a
    new version. A missing file contributes its name only."""
    parts = []
    for path in prose_paths(texts_dir, config):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<mangler>"
        parts.append(path.name.encode() + b"\0" + data + b"\0")
    return b"".join(parts)


@dataclass
class Prose:
    """The prose a run brings in: each section's .docx bytes with the guidance
    taken out (None: no text of its own, so the default applies)."""

    sections: dict[str, bytes | None] = field(default_factory=dict)
    goals: dict[str, bytes | None] = field(default_factory=dict)  # by sub-goal code
    #: Messages for the run's output: files that could not be used, files open in Word.
    notes: list[Msg | str] = field(default_factory=list)

    def used(self) -> list[str]:
        """The file names whose own text is in the documents."""
        return [PROSE_SECTIONS[k].file for k, v in self.sections.items() if v] + [
            goal_file(code) for code, v in self.goals.items() if v
        ]


def load_prose(texts_dir: Path, config: Config) -> Prose:
    """Read every prose file (see the module docstring for what an empty, broken or open one gives)."""
    texts_dir = Path(texts_dir)
    prose = Prose()
    for key, section in PROSE_SECTIONS.items():
        data = _read(texts_dir / section.file, prose.notes)
        if data is None and config.texts.get(key):
            data = text_document(config.texts[key])
        prose.sections[key] = data
    for goal in config.sub_goals:
        prose.goals[goal.code] = _read(texts_dir / goal_file(goal.code), prose.notes)
    return prose


def _read(path: Path, notes: list[Msg | str]) -> bytes | None:
    """The file's text without guidance, as .docx bytes; None when it is missing,
    holds nothing of its own, or cannot be used (with a note why)."""
    where = f"{TEXTS_DIR}/{path.name}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        notes.append(Msg("{file} kan ikke leses ({error}); dokumentene bruker standardteksten i stedet.", file=where,
                         error=str(exc.strerror)))
        return None
    if office_lock(path) is not None:
        notes.append(Msg("{file} er åpen i Word; dokumentene bruker teksten slik den sist ble lagret.", file=where))
    try:
        return strip_guidance(data)
    except ValueError:
        notes.append(Msg(
            "{file} er ikke et Word-dokument (.docx) som kan leses; dokumentene bruker standardteksten i stedet. "
            "Lagre fila på nytt i Word som «Word-dokument (.docx)».", file=where))
        return None


def strip_guidance(data: bytes) -> bytes | None:
    """*data* (a .docx) without the paragraphs in the guidance style; None when
    nothing of the writer's own is left. Raises ValueError for a file that is not a .docx."""
    from docx import Document
    from docx.oxml.ns import qn

    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValueError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged package fails in many ways inside python-docx
        raise ValueError(str(exc)) from None
    guidance = {s.style_id for s in doc.styles if s.name == GUIDANCE_STYLE}
    body = doc.element.body
    for p in list(body.iter(qn("w:p"))):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) in guidance:
            p.getparent().remove(p)
    own = any((t.text or "").strip() for t in body.iter(qn("w:t"))) or any(
        True for _ in body.iter(qn("w:drawing"))
    )
    if not own:
        return None
    for table in doc.tables:
        _keep_short_table_together(table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


#: A table of the secretariat's with at most this many rows is kept on one page.
SHORT_TABLE_ROWS = 15


def _keep_short_table_together(table) -> None:
    """A short table is not split over two pages (a lone header row at the foot of a
    page); only where it lands changes, never how it looks."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = table.rows
    if len(rows) > SHORT_TABLE_ROWS:
        return
    for row in rows:
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
    for row in rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def text_document(text: str) -> bytes:
    """A .docx of plain paragraphs (blank lines between them) from a text in strategi.toml."""
    from docx import Document

    doc = Document()
    body = doc.element.body
    for p in list(body.iterchildren()):
        if not p.tag.endswith("sectPr"):
            body.remove(p)
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        if paragraph.strip():
            doc.add_paragraph(paragraph.strip())
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the stubs iktplan init writes --------------------------------------------------------------


def write_stubs(texts_dir: Path, config: Config) -> list[Path]:
    """Write a stub for every prose file that does not exist yet, in the workspace's
    language; never touch one that does. Returns the files written."""
    from pipeline.fileio import atomic_write_bytes

    lang = getattr(config, "lang", None) or Lang.source()
    _ = lang.gettext
    texts_dir = Path(texts_dir)
    written = []
    for section in PROSE_SECTIONS.values():
        target = texts_dir / section.file
        if not target.exists():
            written.append(atomic_write_bytes(target, stub(_(section.title), _(section.where), _(section.what),
                                                           _(section.example), lang)))
    for goal in config.sub_goals:
        target = texts_dir / goal_file(goal.code)
        if not target.exists():
            written.append(atomic_write_bytes(target, stub(
                _("Delmål {code}: {text}", code=goal.code, text=goal.text),
                _("IKT-strategien, kapittel 5, under delmålet"),
                _("Skriv hva kommunen vil oppnå med delmålet «{goal}», og hvorfor. Tiltakene som bygger opp under "
                  "delmålet, listes etter teksten av seg selv.", goal=goal.text),
                _(GOAL_EXAMPLE), lang,
            )))
    return written


def stub(title: str, where: str, what: str, example: str, lang: Lang | None = None) -> bytes:
    """A stub: the title, where the text goes, what to write and an example, all in
    the guidance style, in *lang* (None: bokmål)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    from pipeline.documents.accessibility import LANGUAGE_TAGS  # python-docx: only when a stub is written

    doc = Document()
    body = doc.element.body
    for p in list(body.iterchildren()):
        if not p.tag.endswith("sectPr"):
            body.remove(p)
    style = doc.styles.add_style(GUIDANCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.color.rgb = RGBColor(0x76, 0x76, 0x76)
    style.font.italic = True
    style.font.size = Pt(10)
    doc.core_properties.title = title
    doc.core_properties.author = "iktplan"
    lang = lang or Lang.source()
    doc.core_properties.language = LANGUAGE_TAGS.get(lang.code, LANGUAGE_TAGS["nb"])
    heading = doc.add_paragraph(title, GUIDANCE_STYLE)
    heading.runs[0].bold = True
    doc.add_paragraph(lang.gettext("Teksten kommer i {where}. {what}", where=where, what=what), GUIDANCE_STYLE)
    doc.add_paragraph(example, GUIDANCE_STYLE)
    doc.add_paragraph(lang.gettext(GUIDANCE_NOTE), GUIDANCE_STYLE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
