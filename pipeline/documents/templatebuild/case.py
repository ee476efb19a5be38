"""``Saksframlegg.docx``: the case document for the political decision, one
function per section."""

from __future__ import annotations

from docx.shared import Pt

from pipeline.documents.templatebuild.pieces import economy_table
from pipeline.documents.templatebuild.writer import Writer, align_right, no_borders


def build_case() -> bytes:
    w = Writer(title="Saksframlegg – {{ tittel }}", header_left="{{ kommune }} – Saksframlegg",
               header_right="Versjon {{ versjon.nummer }}, {{ versjon.dato }}", cover=False, toc=False)
    for section in (_head, _proposal, _summary, _facts, _assessment, _economy, _changes, _conclusion, _appendices):
        section(w)
    return w.save()


def _head(w: Writer) -> None:
    """The case document's head: the municipality, the title, the case facts and the meetings."""
    w.p("{{ kommune }}", "Forside kommune").paragraph_format.space_before = Pt(0)
    w.p("Saksframlegg", "Title")
    info = w.table((40, 123), None, [
        ["Saksbehandler:", "{{ sak.saksbehandler }}"],
        ["Arkivsaksnr.:", "{{ sak.arkivsaksnr }}"],
        ["Versjon:", "{{ versjon.nummer }} ({{ versjon.dato }})"],
    ], label_column=True)
    no_borders(info)
    w.table((80, 40, 43), ("Saksgang", "Møtedato", "Saksnr"), [
        "{%tr for m in sak.saksgang %}",
        ["{{ m.utvalg }}", "{{ m.motedato }}", "{{ m.saksnr }}"],
        "{%tr endfor %}",
    ])


def _proposal(w: Writer) -> None:
    """The case's title and the proposed decision, point by point."""
    w.h("{{ sak.tittel }}", 1)
    w.h("{{ sak.forslag_overskrift }}", 2)
    w.p("1.\t{{ sak.vedtaksorgan }} vedtar IKT-strategi for {{ kommune }} {{ periode }}.", "Vedtakspunkt")
    w.tag("{%p if okonomi.har_ramme and okonomi.innenfor_ramme %}")
    w.p("2.\tHandlingsplanen for {{ periode }} vedtas med {{ antall.innenfor }} tiltak og en samlet investering "
        "på {{ okonomi.sum.investering }}, innenfor investeringsrammen på {{ okonomi.sum.ramme }} "
        "({{ okonomi.ramme_per_ar }}).", "Vedtakspunkt")
    w.tag("{%p elif okonomi.har_ramme %}")
    w.p("2.\tHandlingsplanen for {{ periode }} vedtas med {{ antall.innenfor }} tiltak og en samlet investering "
        "på {{ okonomi.sum.investering }}. Investeringsrammen er {{ okonomi.sum.ramme }} "
        "({{ okonomi.ramme_per_ar }}); tiltak som er tatt med etter beslutning, går ut over rammen.",
        "Vedtakspunkt")
    w.tag("{%p else %}")
    w.p("2.\tHandlingsplanen for {{ periode }} vedtas med {{ antall.innenfor }} tiltak og en samlet "
        "investering på {{ okonomi.sum.investering }}.", "Vedtakspunkt")
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p("3.\tTiltakene som ikke får plass innenfor rammen, vurderes på nytt når handlingsplanen rulleres.",
        "Vedtakspunkt")
    w.tag("{%p endif %}")


def _summary(w: Writer) -> None:
    """Sammendrag: the whole case in one paragraph."""
    w.h("Sammendrag", 2)
    w.p("{{ kommune }} har revidert IKT-strategien for {{ periode }}. {{ deltakelse.levert }} av "
        "{{ deltakelse.forventet }} enheter har levert kartleggingsskjema med til sammen {{ antall.tiltak }} "
        "forslag til tiltak. Alle tiltakene er vurdert etter økonomi, strategisk forankring, risiko og tid "
        "til effekt. {{ antall.innenfor }} tiltak får plass innenfor investeringsrammen, med en samlet "
        "investering på {{ okonomi.sum.investering }} og en nåverdi på {{ okonomi.naverdi_innenfor }}.")


def _facts(w: Writer) -> None:
    """Saksopplysninger: the background and the units that delivered."""
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


def _assessment(w: Writer) -> None:
    """Vurdering: the top measures, quick wins, what is outside the frame, coordination."""
    w.h("Vurdering", 2)
    w.p("{{ sak.forslagsstiller }} har vurdert alle tiltakene etter de samme kriteriene, og tatt dem inn i "
        "prioritert rekkefølge så langt investeringsrammen for hvert år rekker, etter sekretariatets "
        "beslutninger og slik at ingen tiltak starter før tiltakene det forutsetter. De høyest prioriterte "
        "tiltakene er:", keep_next=True)
    w.bullets("t in topp_tiltak", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (" ({{ t.enhet }}) – {{ t.poeng }} poeng, {{ t.kategori_liten }}, "
                                     "{{ t.status }}. {{ t.begrunnelse }}", {})])
    w.p("{{ antall.quick_wins }} av tiltakene innenfor rammen er quick wins: små og raske tiltak der "
        "risikoen ikke er høy. {{ antall.kritiske }} er kritiske prosesser.")
    w.tag("{%p if beslutninger %}")
    w.p("Sekretariatets beslutninger om enkelttiltak:", keep_next=True)
    w.bullets("b in beslutninger", "{{ b }}")
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p("Disse tiltakene er ikke med i handlingsplanen:", keep_next=True)
    w.bullets("t in handlingsplan.utenfor", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                              (" ({{ t.investering }}). {{ t.ramme_tekst }}", {})])
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.sammenslatt %}")
    w.p("Disse tiltakene er slått sammen med et annet og regnes som ett felles tiltak:", keep_next=True)
    w.bullets("t in handlingsplan.sammenslatt", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                                  (" ({{ t.enhet }}). {{ t.ramme_tekst }}", {})])
    w.tag("{%p endif %}")
    w.tag("{%p if samordning %}")
    w.p("Flere enheter foreslår tiltak som kan samordnes:", keep_next=True)
    w.bullets("s in samordning", "{{ s }}")
    w.tag("{%p endif %}")


def _economy(w: Writer) -> None:
    """Økonomiske konsekvenser: the amounts per year inside the frame."""
    w.h("Økonomiske konsekvenser", 2)
    w.p("Tabellen viser tiltakene innenfor rammen. Investeringen regnes i året tiltaket starter; årlig "
        "drift og gevinst fra året etter.", keep_next=True)
    economy_table(w, in_frame=True, frame_column=True)
    w.p("Nåverdien av tiltakene innenfor rammen er {{ okonomi.naverdi_innenfor }} over "
        "{{ okonomi.horisont }} år med {{ okonomi.rente }} reell kalkulasjonsrente.")
    w.tag("{%p if okonomi.utredes %}")
    w.p("{{ okonomi.utredes }}")
    w.tag("{%p endif %}")


def _changes(w: Writer) -> None:
    """Endringer siden forrige versjon: what a new version of the case changes."""
    w.h("Endringer siden forrige versjon", 2)
    w.tag("{%p if endringer.forste_versjon %}")
    w.p("Dette er første versjon av saken.")
    w.tag("{%p else %}")
    w.p("Versjon {{ versjon.nummer }} erstatter versjon {{ endringer.forrige_nummer }} av "
        "{{ endringer.forrige_dato }}.")
    w.tag("{%p if endringer.sekretariatet %}")
    w.p("Sekretariatets vurderinger:", keep_next=True)
    w.bullets("s in endringer.sekretariatet", "{{ s }}")
    w.tag("{%p endif %}")
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
    w.tag("{%p if endringer.beslutninger %}")
    w.p("Endrede beslutninger:", keep_next=True)
    w.bullets("b in endringer.beslutninger", "{{ b }}")
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
    align_right(table, slice(2, None))
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.sammenligning %}")
    w.p("Sammenligningen av IKT-barometeret med andre kommuner er endret.")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.ingen %}")
    w.p("Ingen tiltak eller tall er endret. Den nye versjonen skyldes endringer i oppsettet eller malene.")
    w.tag("{%p endif %}")
    w.tag("{%p endif %}")


def _conclusion(w: Writer) -> None:
    """Konklusjon, place and date, and the signatures."""
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


def _appendices(w: Writer) -> None:
    """Vedlegg: the strategy and the measure descriptions."""
    w.h("Vedlegg", 2)
    w.p("1.\tIKT-strategi for {{ kommune }} {{ periode }} med handlingsplan, versjon {{ versjon.nummer }}",
        "Vedtakspunkt")
    w.p("2.\tTiltaksbeskrivelser, versjon {{ versjon.nummer }}", "Vedtakspunkt")
