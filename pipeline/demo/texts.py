"""The demo secretariat's own texts, written in Word the way a secretariat would:
headings of its own are not needed, but bold, bullet lists and a table are used,
so the demo shows them arriving in the documents. All people are invented."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

from docx import Document

from pipeline.documents.prose import PROSE_SECTIONS, goal_file
from pipeline.fileio import atomic_write_bytes


def _doc(build: Callable) -> bytes:
    doc = Document()
    body = doc.element.body
    for p in list(body.iterchildren()):
        if not p.tag.endswith("sectPr"):
            body.remove(p)
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _bold_lead(doc, lead: str, rest: str, style: str | None = None) -> None:
    p = doc.add_paragraph(style=style)
    p.add_run(lead).bold = True
    p.add_run(rest)


def _organisation(doc) -> None:
    doc.add_paragraph("Kommunedirektøren har vært prosjektansvarlig, og formannskapet har vært styringsgruppe. "
                      "Arbeidsgruppen har hatt én representant fra hvert tjenesteområde, én fra IKT-tjenesten og "
                      "én fra de tillitsvalgte.")
    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Table Grid"]
    head = table.rows[0].cells
    head[0].text, head[1].text = "Rolle", "Hvem"
    for cell in head:
        cell.paragraphs[0].runs[0].bold = True
    for role, who in (("Prosjektansvarlig", "Ola Hansen, kommunedirektør"),
                      ("Prosjektleder", "Kari Nordmann, rådgiver digitalisering"),
                      ("Styringsgruppe", "Formannskapet"),
                      ("Arbeidsgruppe", "Seks ansatte fra tjenesteområdene, IKT-leder og hovedtillitsvalgt")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = role, who


def _background(doc) -> None:
    doc.add_paragraph("Den gjeldende IKT-strategien gjaldt til 2026. Siden den ble vedtatt, har kommunen tatt i "
                      "bruk skytjenester, og flere tjenester er blitt digitale for innbyggerne. Samtidig har "
                      "kravene til informasjonssikkerhet og personvern økt.")
    _bold_lead(doc, "Mandatet: ", "Kommunedirektøren fikk i oppdrag å revidere strategien og lage en rullerende "
                                  "handlingsplan der tiltakene prioriteres innenfor en årlig investeringsramme.")


def _choices(doc) -> None:
    doc.add_paragraph("Arbeidsgruppen vurderte tre hovedretninger:")
    doc.add_paragraph("Fortsette som i dag: hver enhet anskaffer og drifter sine egne løsninger.", "List Bullet")
    doc.add_paragraph("Samle alt i én stor anskaffelse av en felles plattform.", "List Bullet")
    doc.add_paragraph("Trinnvis fornying: felles grunnmur (nett, sikkerhet, Microsoft 365) først, deretter "
                      "fagsystemene når avtalene går ut.", "List Bullet")
    _bold_lead(doc, "Kommunedirektøren anbefaler trinnvis fornying. ",
               "Den gir gevinster tidlig, sprer investeringene over perioden og gjør at kommunen kan samarbeide "
               "med nabokommunene om fagsystemene.")


def _assessment(doc) -> None:
    doc.add_paragraph("Planen prioriterer tiltak som gir gevinster raskt, og tiltak tjenestene er avhengige av. "
                      "Det meste av gevinsten er spart tid, som kommer brukerne til gode; bare en liten del er "
                      "penger i budsjettet.")
    _bold_lead(doc, "Sikkerhetsplanen (SRV-4) ",
               "er lovpålagt og gjelder hele kommunen. Den skal gjennomføres i 2027 uansett hvor den havner i "
               "prioriteringen; får den ikke plass innenfor rammen, tar sekretariatet den med i planen.")


def _participation(doc) -> None:
    doc.add_paragraph("Alle enhetene har kartlagt sin egen situasjon, og de ansatte har vært med i arbeidet "
                      "gjennom arbeidsgruppen. Hovedtillitsvalgt har vært medlem av arbeidsgruppen, og saken ble "
                      "drøftet med de hovedtillitsvalgte 15.02.2027. De tillitsvalgte støtter planen, og ba om at "
                      "opplæring prioriteres når nye systemer tas i bruk.")


def _consequences(doc) -> None:
    doc.add_paragraph("Planen endrer arbeidsoppgaver i flere tjenester, men gir ingen nedbemanning. Tid som "
                      "frigjøres, brukes til brukerne.")
    doc.add_paragraph("Opplæring er lagt inn i tiltakene der nye systemer tas i bruk.", "List Bullet")
    doc.add_paragraph("Endringer i turnus og arbeidstid drøftes med de tillitsvalgte før de settes i verk.",
                      "List Bullet")
    _bold_lead(doc, "Personvern: ", "Velferdsteknologi, DigiSos og læringsapper behandler personopplysninger. "
                                    "Disse tiltakene får en vurdering av personvernkonsekvenser (DPIA) før de tas "
                                    "i bruk, og personvernombudet er med i anskaffelsene.")


def _economic_plan(doc) -> None:
    doc.add_paragraph("Investeringene er lagt inn i forslaget til økonomiplan for 2027–2030 med 2,5 mill. kr i "
                      "2027 og 2028 og 2 mill. kr i 2029 og 2030. Økte driftskostnader innarbeides i "
                      "budsjettrammene til tjenesteområdene som får gevinstene.")


def _security_goal(doc) -> None:
    doc.add_paragraph("Kommunen mangler en samlet sikkerhetsplan, og flere enheter vet ikke sikkert hvor "
                      "personopplysninger lagres. Dette er det første som må på plass, fordi alle andre tiltak "
                      "bygger på det.")


TEXTS = {
    PROSE_SECTIONS["prosjektorganisering"].file: _organisation,
    PROSE_SECTIONS["bakgrunn"].file: _background,
    PROSE_SECTIONS["strategiske_valg"].file: _choices,
    PROSE_SECTIONS["vurdering"].file: _assessment,
    PROSE_SECTIONS["medvirkning"].file: _participation,
    PROSE_SECTIONS["konsekvenser"].file: _consequences,
    PROSE_SECTIONS["okonomiplan"].file: _economic_plan,
    goal_file("D2"): _security_goal,
}


def write_demo_texts(texts_dir: Path) -> list[Path]:
    """The demo's texts in *texts_dir*, each only where no file exists yet."""
    written = []
    for name, build in TEXTS.items():
        target = Path(texts_dir) / name
        if not target.exists():
            written.append(atomic_write_bytes(target, _doc(build)))
    return written
