"""``Saksframlegg.docx``: the case document for the political decision, one
function per section.

Two skeletons, because the languages' case documents differ in structure, not
only in words. The Norwegian one (seed 004: head, proposed resolution, the facts,
the assessment, the consequences, the conclusion) opens with the proposal; the
Danish dagsordenspunkt (Ishøj, Holbæk, Københavns Kommune: Sagsfremstilling,
Økonomi, Indstilling with at-clauses, Beslutning per committee, Bilag) ends with
the recommendation and leaves room for each committee's decision. A language
without an entry in :data:`SKELETONS` gets the Norwegian one."""

from __future__ import annotations

from docx.shared import Pt

from pipeline.documents.templatebuild.pieces import draft_mark, economy_note, economy_table, prose
from pipeline.documents.templatebuild.writer import Writer, align_right, no_borders
from pipeline.i18n import Lang


def build_case(lang: Lang) -> bytes:
    _ = lang.gettext
    w = Writer(lang, title=_("Saksframlegg – {{ tittel }}"), header_left=_("{{ kommune }} – Saksframlegg"),
               header_right="{{ versjon.tekst }}", cover=False, toc=False)
    for section in SKELETONS.get(lang.code, NORWEGIAN):
        section(w)
    return w.save()


def _head(w: Writer) -> None:
    """The case document's head: the municipality, the title, the case facts and the meetings."""
    _ = w.lang.gettext
    w.p("{{ kommune }}", "Forside kommune").paragraph_format.space_before = Pt(0)
    w.p(_("Saksframlegg"), "Title")
    info = w.table((40, 123), None, [
        [_("Saksbehandler:"), "{{ sak.saksbehandler }}"],
        [_("Arkivsaksnr.:"), "{{ sak.arkivsaksnr }}"],
        "{%tr if sak.arkivkode %}",
        [_("Arkivkode:"), "{{ sak.arkivkode }}"],
        "{%tr endif %}",
        [_("Dato:"), "{{ sak.dato }}"],
        [_("Versjon:"), "{{ versjon.nummer }}"],
    ], label_column=True)
    no_borders(info)
    w.table((80, 40, 43), (_("Saksgang"), _("Møtedato"), _("Saksnr")), [
        "{%tr for m in sak.saksgang %}",
        ["{{ m.utvalg }}", "{{ m.motedato }}", "{{ m.saksnr }}"],
        "{%tr endfor %}",
    ])
    draft_mark(w)


def _title(w: Writer) -> None:
    w.h("{{ sak.tittel }}", 1)


def _proposal(w: Writer) -> None:
    """The proposed resolution, point by point, all in the deciding body's voice."""
    _ = w.lang.gettext
    w.h("{{ sak.forslag_overskrift }}", 2)
    w.p(_("{{ sak.vedtaksorgan }} vedtar IKT-strategi for {{ kommune }} {{ periode }}."), "Vedtakspunkt")
    w.tag("{%p if okonomi.har_ramme and okonomi.innenfor_ramme %}")
    w.p(_("{{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
          "samlet investering på {{ okonomi.investering }}, innenfor investeringsrammen på {{ okonomi.sum.ramme }} "
          "({{ okonomi.ramme_per_ar }})."), "Vedtakspunkt")
    w.tag("{%p elif okonomi.har_ramme %}")
    w.p(_("{{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
          "samlet investering på {{ okonomi.investering }}. Investeringsrammen er {{ okonomi.sum.ramme }} "
          "({{ okonomi.ramme_per_ar }}); tiltak som er tatt med etter beslutning, gjør at rammen overskrides "
          "{{ okonomi.overskridelse }}."),
        "Vedtakspunkt")
    w.tag("{%p else %}")
    w.p(_("{{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
          "samlet investering på {{ okonomi.investering }}."), "Vedtakspunkt")
    w.tag("{%p endif %}")
    w.p(_("Tiltakene i handlingsplanen øker driftskostnadene med {{ okonomi.drift_per_ar }} per år når alle er "
          "gjennomført. {{ sak.vedtaksorgan }} ber {{ sak.forslagsstiller_liten }} innarbeide investeringene og "
          "driftskostnadene i økonomiplanen for {{ okonomi.okonomiplan }}."), "Vedtakspunkt")
    w.when("sak.utenfor_rammen",
           _("{{ sak.vedtaksorgan }} ber {{ sak.forslagsstiller_liten }} vurdere tiltakene som ikke får plass "
             "innenfor rammen, på nytt ved neste rullering av handlingsplanen."), "Vedtakspunkt")
    w.when("sak.deleger_rullering",
           _("{{ sak.vedtaksorgan }} delegerer til {{ sak.forslagsstiller_liten }} å rullere handlingsplanen hvert år "
             "innenfor rammene i økonomiplanen."), "Vedtakspunkt")


def _recommendation(w: Writer) -> None:
    """The Danish «Indstilling»: who recommends, then one at-clause per point (Holbæk: «Administrationen
    indstiller, at: 1. …»)."""
    _ = w.lang.gettext
    w.h("{{ sak.forslag_overskrift }}", 2)
    # TRANSLATORS: the line before the numbered at-clauses (da «Direktionen indstiller,»).
    w.p(_("{{ sak.forslagsstiller }} tilrår"), keep_next=True)
    w.p(_("at {{ sak.vedtaksorgan }} vedtar IKT-strategi for {{ kommune }} {{ periode }},"), "Vedtakspunkt")
    w.tag("{%p if okonomi.har_ramme and okonomi.innenfor_ramme %}")
    w.p(_("at {{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
          "samlet investering på {{ okonomi.investering }} innenfor investeringsrammen på {{ okonomi.sum.ramme }} "
          "({{ okonomi.ramme_per_ar }}),"), "Vedtakspunkt")
    w.tag("{%p elif okonomi.har_ramme %}")
    w.p(_("at {{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
          "samlet investering på {{ okonomi.investering }}, selv om rammen på {{ okonomi.sum.ramme }} "
          "({{ okonomi.ramme_per_ar }}) overskrides {{ okonomi.overskridelse }} fordi tiltak er tatt med etter "
          "beslutning,"), "Vedtakspunkt")
    w.tag("{%p else %}")
    w.p(_("at {{ sak.vedtaksorgan }} vedtar handlingsplanen for {{ periode }} med {{ antall.innenfor }} tiltak og en "
          "samlet investering på {{ okonomi.investering }},"), "Vedtakspunkt")
    w.tag("{%p endif %}")
    w.p(_("at investeringene og driftskostnadene på {{ okonomi.drift_per_ar }} per år innarbeides i økonomiplanen "
          "for {{ okonomi.okonomiplan }},"), "Vedtakspunkt")
    w.when("sak.utenfor_rammen",
           _("at tiltakene som ikke får plass innenfor rammen, vurderes på nytt ved neste rullering av "
             "handlingsplanen,"), "Vedtakspunkt")
    w.when("sak.deleger_rullering",
           _("at {{ sak.forslagsstiller_liten }} får fullmakt til å rullere handlingsplanen hvert år innenfor rammene "
             "i økonomiplanen."), "Vedtakspunkt")


def _decisions(w: Writer) -> None:
    """The Danish «Beslutning»: one heading per committee in the case's path, filled in at the meeting."""
    _ = w.lang.gettext
    w.h(_("Vedtak"), 2)
    w.tag("{%p for m in sak.saksgang %}")
    w.tag("{%p if m.motedato %}")
    w.h(_("Vedtak i {{ m.utvalg }} {{ m.motedato }}"), 3)
    w.tag("{%p else %}")
    w.h(_("Vedtak i {{ m.utvalg }}"), 3)
    w.tag("{%p endif %}")
    w.p(_("Fylles ut i møtet."), "Merknad")
    w.tag("{%p endfor %}")


def _summary(w: Writer) -> None:
    """Sammendrag: the whole case in one paragraph."""
    _ = w.lang.gettext
    w.h(_("Sammendrag"), 2)
    w.tag("{%p if okonomi.innenfor_ramme %}")
    w.p(_("{{ kommune }} har revidert IKT-strategien for {{ periode }}. {{ deltakelse.levert }} av "
          "{{ deltakelse.forventet }} enheter har levert kartleggingsskjema med til sammen {{ antall.tiltak }} "
          "forslag til tiltak. Alle tiltakene er vurdert etter økonomi, strategisk forankring, risiko og tid "
          "til effekt. {{ antall.innenfor }} tiltak får plass innenfor investeringsrammen, med en samlet "
          "investering på {{ okonomi.tekst.investering }} og økte driftskostnader på "
          "{{ okonomi.tekst.drift_per_ar }} per år når alle er gjennomført."))
    w.tag("{%p else %}")
    w.p(_("{{ kommune }} har revidert IKT-strategien for {{ periode }}. {{ deltakelse.levert }} av "
          "{{ deltakelse.forventet }} enheter har levert kartleggingsskjema med til sammen {{ antall.tiltak }} "
          "forslag til tiltak. Alle tiltakene er vurdert etter økonomi, strategisk forankring, risiko og tid "
          "til effekt. {{ antall.innenfor }} tiltak er med i handlingsplanen, med en samlet investering på "
          "{{ okonomi.tekst.investering }} og økte driftskostnader på {{ okonomi.tekst.drift_per_ar }} per år "
          "når alle er gjennomført. Tiltak som er tatt med etter beslutning, gjør at investeringsrammen "
          "overskrides {{ okonomi.overskridelse }}."))
    w.tag("{%p endif %}")


def _facts(w: Writer) -> None:
    """Saksopplysninger: the background and earlier decisions, the units that delivered, the consultation."""
    _ = w.lang.gettext
    w.h(_("Saksopplysninger"), 2)
    w.h(_("Bakgrunn"), 3)
    w.tag("{%p if prosa.bakgrunn %}")
    prose(w, "prosa.bakgrunn")
    w.tag("{%p else %}")
    w.tag("{%p for avsnitt in mandat %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")
    w.tag("{%p endif %}")
    w.tag("{%p if sak.tidligere_vedtak %}")
    w.p(_("Saken bygger på disse vedtakene:"), keep_next=True)
    w.bullets("v in sak.tidligere_vedtak", "{{ v }}")
    w.tag("{%p endif %}")
    w.h(_("Fakta"), 3)
    w.p(_("Arbeidet følger KS' verktøykasse for strategisk IKT-planlegging. Alle enhetene ble bedt om å fylle ut "
          "et kartleggingsskjema med problemer og muligheter, systemer, forslag til tiltak og IKT-barometeret. "
          "{{ deltakelse.tekst }}"))
    w.table((75, 50, 18, 20), (_("Enhet"), _("Tjenesteområde"), _("Revisjon"), _("Levert")), [
        "{%tr for e in enheter %}",
        ["{{ e.navn }}", "{{ e.omrade }}", "{{ e.revisjon }}", "{{ e.levert }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if enheter_mangler %}")
    w.p(_("Disse enhetene har ikke levert:"), keep_next=True)
    w.bullets("e in enheter_mangler", "{{ e.navn }} ({{ e.omrade }})")
    w.tag("{%p endif %}")
    w.p(_("Enhetene har meldt inn {{ antall.problemer }} problemer og muligheter og registrert "
          "{{ systemer.antall }} systemer. Det fullstendige grunnlaget står i strategidokumentet."))
    w.tag("{%p if prosa.medvirkning or sak.drofting %}")
    w.h(_("Medvirkning og drøfting"), 3)
    w.tag("{%p if prosa.medvirkning %}")
    prose(w, "prosa.medvirkning")
    w.tag("{%p else %}")
    w.p("{{ sak.drofting }}")
    w.tag("{%p endif %}")
    w.tag("{%p endif %}")


def _assessment(w: Writer, level: int = 2) -> None:
    """Vurdering: the top measures, quick wins, what is outside the frame, coordination."""
    _ = w.lang.gettext
    w.h(_("Vurdering"), level)
    w.tag("{%p if prosa.vurdering %}")
    prose(w, "prosa.vurdering")
    w.tag("{%p endif %}")
    w.p(_("{{ sak.forslagsstiller }} har vurdert alle tiltakene etter de samme kriteriene, og tatt dem inn i "
          "prioritert rekkefølge så langt investeringsrammen for hvert år rekker, etter sekretariatets "
          "beslutninger og slik at ingen tiltak starter før tiltakene det forutsetter. De høyest prioriterte "
          "tiltakene er:"), keep_next=True)
    w.bullets("t in topp_tiltak", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (_(" ({{ t.enhet }}) – {{ t.poeng }} poeng, {{ t.kategori_liten }}, "
                                       "{{ t.status }}. {{ t.begrunnelse }}"), {})])
    w.p(_("{{ antall.quick_wins }} av tiltakene innenfor rammen er quick wins: små og raske tiltak der "
          "risikoen ikke er høy. {{ antall.kritiske }} er kritiske prosesser."))
    w.tag("{%p if beslutninger %}")
    w.p(_("Sekretariatets beslutninger om enkelttiltak:"), keep_next=True)
    w.bullets("b in beslutninger", "{{ b }}")
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p(_("Disse tiltakene er ikke med i handlingsplanen:"), keep_next=True)
    w.bullets("t in handlingsplan.utenfor", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                              (" ({{ t.investering }}). {{ t.ramme_tekst }}", {})])
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.sammenslatt %}")
    w.p(_("Disse tiltakene er slått sammen med et annet og regnes som ett felles tiltak:"), keep_next=True)
    w.bullets("t in handlingsplan.sammenslatt", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                                  (" ({{ t.enhet }}). {{ t.ramme_tekst }}", {})])
    w.tag("{%p endif %}")
    w.tag("{%p if samordning %}")
    w.p(_("Flere enheter foreslår tiltak som kan samordnes:"), keep_next=True)
    w.bullets("s in samordning", "{{ s }}")
    w.tag("{%p endif %}")


def _economy(w: Writer) -> None:
    """Økonomiske konsekvenser: the cash view per year inside the frame, and the økonomiplan."""
    _ = w.lang.gettext
    w.h(_("Økonomiske konsekvenser"), 2)
    w.p(_("Tabellen viser hva tiltakene innenfor rammen betyr for budsjettet hvert år."), keep_next=True)
    economy_table(w, in_frame=True, frame_column=True)
    w.p(economy_note(w))
    w.when("okonomi.utredes", "{{ okonomi.utredes }}")
    w.tag("{%p for s in okonomi.andre_gevinster %}")
    w.p("{{ s }}")
    w.tag("{%p endfor %}")
    w.p(_("Når alle tiltakene er gjennomført, øker driftskostnadene med {{ okonomi.tekst.drift_per_ar }} per år, og "
          "gevinstene i kroner er {{ okonomi.tekst.gevinst_per_ar }} per år. Nåverdien av tiltakene er "
          "{{ okonomi.naverdi_innenfor }} over {{ okonomi.horisont }} år med {{ okonomi.rente }} reell "
          "kalkulasjonsrente; da er gevinster i tid og kvalitet tatt med slik enhetene har verdsatt dem."))
    w.tag("{%p if prosa.okonomiplan %}")
    prose(w, "prosa.okonomiplan")
    w.tag("{%p else %}")
    w.p(_("{{ sak.forslagsstiller }} innarbeider investeringene og driftskostnadene i forslaget til økonomiplan "
          "for {{ okonomi.okonomiplan }}."))
    w.tag("{%p endif %}")


def _consequences(w: Writer, level: int = 2) -> None:
    """Administrative and staffing consequences, and privacy: the secretariat's text, or a careful default."""
    _ = w.lang.gettext
    w.h(_("Administrative og personalmessige konsekvenser"), level)
    w.tag("{%p if prosa.konsekvenser %}")
    prose(w, "prosa.konsekvenser")
    w.tag("{%p else %}")
    w.p(_("Enhetene gjennomfører tiltakene selv, med den ansvarlige for gjennomføring og oppfølging som står for "
          "hvert tiltak i vedlegget «Tiltaksbeskrivelser». Endringer i arbeidsoppgaver og bemanning som følger av "
          "det enkelte tiltaket, drøftes med de tillitsvalgte før tiltaket settes i gang."))
    w.p(_("Tiltak som behandler personopplysninger, skal ha en risikovurdering før de tas i bruk, og en vurdering "
          "av personvernkonsekvenser der personvernforordningen krever det."))
    w.tag("{%p endif %}")


def _changes(w: Writer, level: int = 2) -> None:
    """What changed since the version last sent to political treatment (never the drafts in between)."""
    _ = w.lang.gettext
    w.h(_("Endringer siden forrige behandling"), level)
    w.tag("{%p if endringer.forste_versjon %}")
    w.p(_("Dette er første gang saken legges fram til politisk behandling."))
    w.tag("{%p else %}")
    w.p(_("Versjon {{ versjon.nummer }} erstatter versjon {{ endringer.forrige_nummer }} av "
          "{{ endringer.forrige_dato }}, som ble sendt til politisk behandling."))
    w.tag("{%p if endringer.sekretariatet %}")
    w.p(_("Sekretariatets vurderinger:"), keep_next=True)
    w.bullets("s in endringer.sekretariatet", "{{ s }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.enheter %}")
    w.p(_("Enheter med nye revisjoner:"), keep_next=True)
    w.bullets("e in endringer.enheter", "{{ e }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.lagt_til %}")
    w.p(_("Nye tiltak:"), keep_next=True)
    w.bullets("t in endringer.lagt_til", "{{ t }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.fjernet %}")
    w.p(_("Tiltak som er tatt ut:"), keep_next=True)
    w.bullets("t in endringer.fjernet", "{{ t }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.beslutninger %}")
    w.p(_("Endrede beslutninger:"), keep_next=True)
    w.bullets("b in endringer.beslutninger", "{{ b }}")
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.endret %}")
    w.p(_("Endrede tiltak:"), keep_next=True)
    w.table((55, 38, 35, 35), (_("Tiltak"), _("Hva"), _("Før"), _("Nå")), [
        "{%tr for c in endringer.endret %}",
        ["{{ c.tiltak }}", "{{ c.felt }}", "{{ c.fra }}", "{{ c.til }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")
    w.tag("{%p if endringer.totaler %}")
    w.p(_("Endring i tallene per år:"), keep_next=True)
    table = w.table((18, 40, 35, 35, 35), (_("År"), _("Hva"), _("Før"), _("Nå"), _("Endring")), [
        "{%tr for c in endringer.totaler %}",
        ["{{ c.ar }}", "{{ c.felt }}", "{{ c.fra }}", "{{ c.til }}", "{{ c.endring }}"],
        "{%tr endfor %}",
    ])
    align_right(table, slice(2, None))
    w.tag("{%p endif %}")
    w.when("endringer.sammenligning", _("Sammenligningen av IKT-barometeret med andre kommuner er endret."))
    w.when("endringer.ingen", _("Tiltakene og tallene er de samme som i versjon {{ endringer.forrige_nummer }}."))
    w.tag("{%p endif %}")


def _conclusion(w: Writer) -> None:
    """Konklusjon, place and date, and the signatures."""
    _ = w.lang.gettext
    w.h(_("Konklusjon"), 2)
    w.p(_("{{ sak.forslagsstiller }} mener strategien og handlingsplanen gir et godt grunnlag for å bruke IKT "
          "til bedre tjenester i perioden {{ periode }}, og anbefaler at {{ sak.vedtaksorgan_liten }} vedtar "
          "forslaget."))
    # Place, date and the signatures stay together on one page.
    w.p("{{ sak.sted_dato }}", keep_next=True).paragraph_format.space_before = Pt(18)
    w.p("", keep_next=True)
    w.p([("{{ sak.underskriver }}", {"bold": True})], keep_next=True).paragraph_format.space_after = Pt(0)
    w.p("{{ sak.underskriver_tittel }}", keep_next=True)
    w.p("", keep_next=True)
    w.p("{{ sak.saksbehandler }}", keep_next=True).paragraph_format.space_after = Pt(0)
    w.p(_("Saksbehandler"), "Merknad")


def _appendices(w: Writer) -> None:
    """Vedlegg: the strategy and the measure descriptions."""
    _ = w.lang.gettext
    w.h(_("Vedlegg"), 2)
    w.p(_("IKT-strategi for {{ kommune }} {{ periode }} med handlingsplan, versjon {{ versjon.nummer }}"),
        "Nummerert liste")
    w.p(_("Tiltaksbeskrivelser, versjon {{ versjon.nummer }}"), "Nummerert liste")


def _sub(section, level: int = 3):
    """*section* one heading level down: a part of the Danish «Sagsfremstilling»."""
    return lambda w: section(w, level)


#: Seed 004 and Luster: head, proposal, summary, facts, assessment, consequences, conclusion, appendices.
NORWEGIAN = (_head, _title, _proposal, _summary, _facts, _assessment, _economy, _consequences, _changes,
             _conclusion, _appendices)
#: Ishøj, Holbæk, Region Hovedstaden: the recommendation after the economy, then the committees' decisions.
DANISH = (_head, _title, _summary, _facts, _sub(_assessment), _sub(_consequences), _sub(_changes), _economy,
          _recommendation, _decisions, _appendices)
SKELETONS = {"da": DANISH}
