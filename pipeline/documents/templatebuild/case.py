"""``Saksframlegg.docx``: the case document for the political decision, one
function per section, in the order of a Norwegian municipal case document (seed
004: head, proposed resolution, the facts, the assessment, the consequences, the
conclusion)."""

from __future__ import annotations

from docx.shared import Pt

from pipeline.documents.templatebuild.pieces import ECONOMY_NOTE, draft_mark, economy_table, prose
from pipeline.documents.templatebuild.writer import Writer, align_right, no_borders


def build_case() -> bytes:
    w = Writer(title="Saksframlegg – {{ tittel }}", header_left="{{ kommune }} – Saksframlegg",
               header_right="{{ versjon.tekst }}", cover=False, toc=False)
    for section in (_head, _proposal, _summary, _facts, _assessment, _economy, _consequences, _changes,
                    _conclusion, _appendices):
        section(w)
    return w.save()


def _head(w: Writer) -> None:
    """The case document's head: the municipality, the title, the case facts and the meetings."""
    w.p("{{ kommune }}", "Forside kommune").paragraph_format.space_before = Pt(0)
    w.p("Saksframlegg", "Title")
    info = w.table((40, 123), None, [
        ["Saksbehandler:", "{{ sak.saksbehandler }}"],
        ["Arkivsaksnr.:", "{{ sak.arkivsaksnr }}"],
        "{%tr if sak.arkivkode %}",
        ["Arkivkode:", "{{ sak.arkivkode }}"],
        "{%tr endif %}",
        ["Dato:", "{{ sak.dato }}"],
        ["Versjon:", "{{ versjon.nummer }}"],
    ], label_column=True)
    no_borders(info)
    w.table((80, 40, 43), ("Saksgang", "Møtedato", "Saksnr"), [
        "{%tr for m in sak.saksgang %}",
        ["{{ m.utvalg }}", "{{ m.motedato }}", "{{ m.saksnr }}"],
        "{%tr endfor %}",
    ])
    draft_mark(w)


def _proposal(w: Writer) -> None:
    """The case's title and the proposed resolution, point by point, all in the deciding body's voice."""
    w.h("{{ sak.tittel }}", 1)
    w.h("{{ sak.forslag_overskrift }}", 2)
    w.p("{{ sak.vedtaksorgan }} vedtar IKT-strategi for {{ kommune }} {{ periode }}.", "Vedtakspunkt")
    w.tag("{%p if okonomi.har_ramme and okonomi.innenfor_ramme %}")
    w.p("{{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
        "samlet investering på {{ okonomi.investering }}, innenfor investeringsrammen på {{ okonomi.sum.ramme }} "
        "({{ okonomi.ramme_per_ar }}).", "Vedtakspunkt")
    w.tag("{%p elif okonomi.har_ramme %}")
    w.p("{{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
        "samlet investering på {{ okonomi.investering }}. Investeringsrammen er {{ okonomi.sum.ramme }} "
        "({{ okonomi.ramme_per_ar }}); tiltak som er tatt med etter beslutning, gjør at rammen overskrides "
        "{{ okonomi.overskridelse }}.",
        "Vedtakspunkt")
    w.tag("{%p else %}")
    w.p("{{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
        "samlet investering på {{ okonomi.investering }}.", "Vedtakspunkt")
    w.tag("{%p endif %}")
    w.p("Tiltakene i handlingsplanen øker driftskostnadene med {{ okonomi.drift_per_ar }} per år når alle er "
        "gjennomført. {{ sak.vedtaksorgan }} ber {{ sak.forslagsstiller_liten }} innarbeide investeringene og "
        "driftskostnadene i økonomiplanen for {{ okonomi.okonomiplan }}.", "Vedtakspunkt")
    w.tag("{%p if sak.utenfor_rammen %}")
    w.p("{{ sak.vedtaksorgan }} ber {{ sak.forslagsstiller_liten }} vurdere tiltakene som ikke får plass "
        "innenfor rammen, på nytt ved neste rullering av handlingsplanen.", "Vedtakspunkt")
    w.tag("{%p endif %}")
    w.tag("{%p if sak.deleger_rullering %}")
    w.p("{{ sak.vedtaksorgan }} delegerer til {{ sak.forslagsstiller_liten }} å rullere handlingsplanen hvert år "
        "innenfor rammene i økonomiplanen.", "Vedtakspunkt")
    w.tag("{%p endif %}")


def _summary(w: Writer) -> None:
    """Sammendrag: the whole case in one paragraph."""
    w.h("Sammendrag", 2)
    start = ("{{ kommune }} har revidert IKT-strategien for {{ periode }}. {{ deltakelse.levert }} av "
             "{{ deltakelse.forventet }} enheter har levert kartleggingsskjema med til sammen {{ antall.tiltak }} "
             "forslag til tiltak. Alle tiltakene er vurdert etter økonomi, strategisk forankring, risiko og tid "
             "til effekt. {{ antall.innenfor }} tiltak ")
    money = ("med en samlet investering på {{ okonomi.tekst.investering }} og økte driftskostnader på "
             "{{ okonomi.tekst.drift_per_ar }} per år når alle er gjennomført")
    w.tag("{%p if okonomi.innenfor_ramme %}")
    w.p(start + "får plass innenfor investeringsrammen, " + money + ".")
    w.tag("{%p else %}")
    w.p(start + "er med i handlingsplanen, " + money + ". Tiltak som er tatt med etter beslutning, gjør at "
        "investeringsrammen overskrides {{ okonomi.overskridelse }}.")
    w.tag("{%p endif %}")


def _facts(w: Writer) -> None:
    """Saksopplysninger: the background and earlier decisions, the units that delivered, the consultation."""
    w.h("Saksopplysninger", 2)
    w.h("Bakgrunn", 3)
    w.tag("{%p if prosa.bakgrunn %}")
    prose(w, "prosa.bakgrunn")
    w.tag("{%p else %}")
    w.tag("{%p for avsnitt in mandat %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")
    w.tag("{%p endif %}")
    w.tag("{%p if sak.tidligere_vedtak %}")
    w.p("Saken bygger på disse vedtakene:", keep_next=True)
    w.bullets("v in sak.tidligere_vedtak", "{{ v }}")
    w.tag("{%p endif %}")
    w.h("Fakta", 3)
    w.p("Arbeidet følger KS' verktøykasse for strategisk IKT-planlegging. Alle enhetene ble bedt om å fylle ut "
        "et kartleggingsskjema med problemer og muligheter, systemer, forslag til tiltak og IKT-barometeret. "
        "{{ deltakelse.tekst }}")
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
    w.tag("{%p if prosa.medvirkning or sak.drofting %}")
    w.h("Medvirkning og drøfting", 3)
    w.tag("{%p if prosa.medvirkning %}")
    prose(w, "prosa.medvirkning")
    w.tag("{%p else %}")
    w.p("{{ sak.drofting }}")
    w.tag("{%p endif %}")
    w.tag("{%p endif %}")


def _assessment(w: Writer) -> None:
    """Vurdering: the top measures, quick wins, what is outside the frame, coordination."""
    w.h("Vurdering", 2)
    w.tag("{%p if prosa.vurdering %}")
    prose(w, "prosa.vurdering")
    w.tag("{%p endif %}")
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
    """Økonomiske konsekvenser: the cash view per year inside the frame, and the økonomiplan."""
    w.h("Økonomiske konsekvenser", 2)
    w.p("Tabellen viser hva tiltakene innenfor rammen betyr for budsjettet hvert år.", keep_next=True)
    economy_table(w, in_frame=True, frame_column=True)
    w.p(ECONOMY_NOTE)
    w.tag("{%p if okonomi.utredes %}")
    w.p("{{ okonomi.utredes }}")
    w.tag("{%p endif %}")
    w.tag("{%p for s in okonomi.andre_gevinster %}")
    w.p("{{ s }}")
    w.tag("{%p endfor %}")
    w.p("Når alle tiltakene er gjennomført, øker driftskostnadene med {{ okonomi.tekst.drift_per_ar }} per år, og "
        "gevinstene i kroner er {{ okonomi.tekst.gevinst_per_ar }} per år. Nåverdien av tiltakene er "
        "{{ okonomi.naverdi_innenfor }} over {{ okonomi.horisont }} år med {{ okonomi.rente }} reell "
        "kalkulasjonsrente; da er gevinster i tid og kvalitet tatt med slik enhetene har verdsatt dem.")
    w.tag("{%p if prosa.okonomiplan %}")
    prose(w, "prosa.okonomiplan")
    w.tag("{%p else %}")
    w.p("{{ sak.forslagsstiller }} innarbeider investeringene og driftskostnadene i forslaget til økonomiplan "
        "for {{ okonomi.okonomiplan }}.")
    w.tag("{%p endif %}")


def _consequences(w: Writer) -> None:
    """Administrative and staffing consequences, and privacy: the secretariat's text, or a careful default."""
    w.h("Administrative og personalmessige konsekvenser", 2)
    w.tag("{%p if prosa.konsekvenser %}")
    prose(w, "prosa.konsekvenser")
    w.tag("{%p else %}")
    w.p("Enhetene gjennomfører tiltakene selv, med den ansvarlige for gjennomføring og oppfølging som står for "
        "hvert tiltak i vedlegget «Tiltaksbeskrivelser». Endringer i arbeidsoppgaver og bemanning som følger av "
        "det enkelte tiltaket, drøftes med de tillitsvalgte før tiltaket settes i gang.")
    w.p("Tiltak som behandler personopplysninger, skal ha en risikovurdering før de tas i bruk, og en vurdering "
        "av personvernkonsekvenser der personvernforordningen krever det.")
    w.tag("{%p endif %}")


def _changes(w: Writer) -> None:
    """What changed since the version last sent to political treatment (never the drafts in between)."""
    w.h("Endringer siden forrige behandling", 2)
    w.tag("{%p if endringer.forste_versjon %}")
    w.p("Dette er første gang saken legges fram til politisk behandling.")
    w.tag("{%p else %}")
    w.p("Versjon {{ versjon.nummer }} erstatter versjon {{ endringer.forrige_nummer }} av "
        "{{ endringer.forrige_dato }}, som ble sendt til politisk behandling.")
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
    w.p("Tiltakene og tallene er de samme som i versjon {{ endringer.forrige_nummer }}.")
    w.tag("{%p endif %}")
    w.tag("{%p endif %}")


def _conclusion(w: Writer) -> None:
    """Konklusjon, place and date, and the signatures."""
    w.h("Konklusjon", 2)
    w.p("{{ sak.forslagsstiller }} mener strategien og handlingsplanen gir et godt grunnlag for å bruke IKT "
        "til bedre tjenester i perioden {{ periode }}, og anbefaler at {{ sak.vedtaksorgan_liten }} vedtar "
        "forslaget.")
    # Place, date and the signatures stay together on one page.
    w.p("{{ sak.sted_dato }}", keep_next=True).paragraph_format.space_before = Pt(18)
    w.p("", keep_next=True)
    w.p([("{{ sak.underskriver }}", {"bold": True})], keep_next=True).paragraph_format.space_after = Pt(0)
    w.p("{{ sak.underskriver_tittel }}", keep_next=True)
    w.p("", keep_next=True)
    w.p("{{ sak.saksbehandler }}", keep_next=True).paragraph_format.space_after = Pt(0)
    w.p("Saksbehandler", "Merknad")


def _appendices(w: Writer) -> None:
    """Vedlegg: the strategy and the measure descriptions."""
    w.h("Vedlegg", 2)
    w.p("IKT-strategi for {{ kommune }} {{ periode }} med handlingsplan, versjon {{ versjon.nummer }}",
        "Nummerert liste")
    w.p("Tiltaksbeskrivelser, versjon {{ versjon.nummer }}", "Nummerert liste")
