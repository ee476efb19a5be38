"""``Tiltaksbeskrivelser.docx``: the list of all measures in priority order, then
one description per measure (KS' toolbox, template 3) with its assessment."""

from __future__ import annotations

from pipeline.documents.templatebuild.pieces import cover, small
from pipeline.documents.templatebuild.writer import TOC_TOP_LEVEL, Writer, align_right

#: The description table of one measure: label, value.
DESCRIPTION_ROWS = (
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
    ("Samordning", "{{ t.samordning }}"),
    ("Sekretariatets beslutning", "{{ t.beslutning }}"),
    ("Plass i planen", "{{ t.ramme_tekst }}"),
)


def build_measures() -> bytes:
    w = Writer(title="Tiltaksbeskrivelser – {{ tittel }}", header_left="{{ kommune }} – Tiltaksbeskrivelser {{ periode }}",
               header_right="{{ versjon.tekst }}", cover=True, toc=True)
    # The headings inside a measure (Vurdering, Merknader) would make the contents 3 lines per measure.
    cover(w, "Tiltaksbeskrivelser", "Vedlegg til IKT-strategi {{ periode }}", toc=TOC_TOP_LEVEL)
    _about(w)
    w.tag("{%p for t in tiltak %}")
    _description(w)
    w.tag("{%p endfor %}")
    return w.save()


def _about(w: Writer) -> None:
    """What the document holds, every measure in one table, and how they are assessed."""
    w.h("Om tiltaksbeskrivelsene", 1)
    w.p("Dokumentet beskriver hvert tiltak enhetene har foreslått, i prioritert rekkefølge, etter mal 3 "
        "i KS' verktøykasse. Tiltaksnummeret består av enhetens kode og tiltakets nummer i enhetens "
        "skjema, f.eks. FBS-3. Beløp er i kroner; nåverdi er regnet over {{ okonomi.horisont }} år med "
        "{{ okonomi.rente }} reell kalkulasjonsrente.")
    w.table((18, 62, 40, 15, 28), ("Prioritet", "Tiltak", "Enhet", "Poeng", "Status"), [
        "{%tr for t in tiltak %}",
        ["{{ t.rangering }}", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}), small("{{ t.kategori }}")],
         "{{ t.enhet }}", "{{ t.poeng }}", "{{ t.status }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if not tiltak %}")
    w.p("Ingen enheter har foreslått tiltak ennå.", "Merknad")
    w.tag("{%p endif %}")
    w.h("Slik er tiltakene vurdert", 2)
    w.tag("{%p for avsnitt in vurdering.forklaring %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")


def _description(w: Writer) -> None:
    """One measure ``t``, from a new page: the description table, the score's parts and the remarks."""
    w.h("{{ t.overskrift }}", 1, page_break_before=True)
    w.p("Prioritet {{ t.rangering }} av {{ antall.tiltak }} · {{ t.poeng }} poeng · {{ t.kategori }} · "
        "{{ t.status }}", "Merknad")
    w.table((52, 111), None, [[label, value] for label, value in DESCRIPTION_ROWS], label_column=True)
    w.h("Vurdering: {{ t.poeng }} av 100 poeng", 2)
    table = w.table((40, 15, 15, 93), ("Kriterium", "Vekt", "Poeng", "Begrunnelse"), [
        "{%tr for d in t.poengdeler %}",
        ["{{ d.kriterium }}", "{{ d.vekt }}", "{{ d.poeng }}", "{{ d.begrunnelse }}"],
        "{%tr endfor %}",
        [[("Sum", {"bold": True})], "", [("{{ t.poeng }}", {"bold": True})], ""],
    ])
    align_right(table, slice(1, 3))
    _benefit_plan(w)
    w.tag("{%p if t.advarsler %}")
    w.h("Merknader", 2)
    w.bullets("a in t.advarsler", "{{ a }}")
    w.tag("{%p endif %}")


#: The benefit plan of one measure: label, value (KS' toolbox: «tilrettelegging for gevinstrealisering»).
BENEFIT_PLAN_ROWS = (
    ("Gevinsteier", "{{ t.gevinstplan.eier }}"),
    ("Indikator", "{{ t.gevinstplan.indikator }}"),
    ("Nullpunkt (i dag)", "{{ t.gevinstplan.nullpunkt }}"),
    ("Målverdi", "{{ t.gevinstplan.malverdi }}"),
    ("Når målet skal nås", "{{ t.gevinstplan.maldato }}"),
)


def _benefit_plan(w: Writer) -> None:
    """What the yearly follow-up measures the benefit against; only when the unit gave a plan."""
    w.tag("{%p if t.gevinstplan.har %}")
    w.h("Gevinstplan", 2)
    w.table((52, 111), None, [[label, value] for label, value in BENEFIT_PLAN_ROWS], label_column=True)
    w.tag("{%p endif %}")
