"""The yearly rullering's two documents (issue 15): ``Handlingsplan-rullert.docx``, the
action plan rolled over to the next year, marking what is carried over, new, dropped
and done; and ``Saksframlegg-rullering.docx``, the case that refers to the adopted
strategy and the status report and proposes the rolled plan (the same head, numbered
«Forslag til vedtak» and closing as ``Saksframlegg.docx``). The fields are
:data:`pipeline.documents.rollcontext.ROLL_SCHEMA`."""

from __future__ import annotations

from docx.shared import Pt

from pipeline.documents.templatebuild.pieces import small
from pipeline.documents.templatebuild.writer import Writer, align_right, no_borders
from pipeline.i18n import Lang


def build_rolled_plan(lang: Lang) -> bytes:
    _ = lang.gettext
    w = Writer(lang, title="{{ tittel }} – {{ kommune }}", header_left="{{ kommune }} – {{ tittel }}",
               header_right=_("Rullert {{ dato }}"), cover=False, toc=False)
    w.p("{{ kommune }}", "Forside kommune").paragraph_format.space_before = Pt(0)
    w.p("{{ tittel }}", "Title")
    w.p(_("Rullert etter {{ statusrapport_bestemt }}. IKT-strategi {{ periode }}, handlingsplan {{ vedtatt.tekst }}."),
        "Subtitle")
    _summary(w)
    _plan(w)
    _carried(w)
    _new(w)
    _dropped_and_done(w)
    _outside(w)
    _rules(w)
    return w.save()


def _summary(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Kort fortalt"), 1)
    w.p(_("Handlingsplanen for {{ ar }} har {{ antall.i_planen }} tiltak med en samlet investering på "
        "{{ okonomi.investering }}. Av de {{ antall.vedtatte }} tiltakene i den vedtatte planen er "
        "{{ antall.ferdig }} ferdige, {{ antall.utgar }} utgår og {{ antall.videreført }} videreføres. Nye tiltak "
        "siden vedtaket: {{ antall.nye }}."))
    w.table((45, 20, 98), (_("Endring"), _("Antall"), _("Hva det betyr")), [
        [_("Videreført"), "{{ antall.videreført }}",
         _("Tiltaket er ikke ferdig og tas med videre med det som gjenstår å investere.")],
        [_("Nytt"), "{{ antall.nye }}", _("Tiltaket er meldt inn av en enhet etter at planen ble vedtatt.")],
        [_("Vurdert på nytt"), "{{ antall.vurdert }}", _("Tiltaket var foreslått, men kom ikke med i den vedtatte "
                                                    "planen.")],
        [_("Utgår"), "{{ antall.utgar }}", _("Enheten har avbrutt tiltaket.")],
        [_("Ferdig"), "{{ antall.ferdig }}", _("Tiltaket er gjennomført og tas ut av planen.")],
    ])


def _plan(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Handlingsplanen"), 1)
    w.p(_("Tiltakene i prioritert rekkefølge. «Investering» er det som gjenstår å investere; for et videreført "
        "tiltak er det vedtatt investering minus det som er brukt."), keep_next=True)
    table = w.table((12, 70, 28, 14, 26, 20), (_("Nr."), _("Tiltak"), _("Endring"), _("År"), _("Investering"),
                                                _("Status i fjor")), [
        "{%tr for t in plan %}",
        ["{{ t.rangering }}", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}), small("{{ t.enhet }}")],
         "{{ t.endring }}", "{{ t.ar }}", "{{ t.investering }}", "{{ t.status_fjor }}"],
        "{%tr endfor %}",
    ])
    align_right(table, slice(4, 5))
    w.when("not plan", _("Ingen tiltak er med i handlingsplanen."), "Merknad")
    w.h(_("Investeringsrammen"), 2)
    w.tag("{%p if okonomi.har_ramme %}")
    table = w.table((20, 20, 41, 41, 41), (_("År"), _("Tiltak"), _("Ramme"), _("I planen"), _("Igjen")), [
        "{%tr for a in ar_tabell %}",
        ["{{ a.ar }}", "{{ a.tiltak }}", "{{ a.ramme }}", "{{ a.i_planen }}", "{{ a.igjen }}"],
        "{%tr endfor %}",
    ])
    align_right(table)
    w.tag("{%p else %}")
    w.p(_("Det er ikke satt en investeringsramme, så alle tiltakene er med."))
    w.tag("{%p endif %}")


def _carried(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Videreførte tiltak"), 1)
    w.tag("{%p if videreforte %}")
    w.p(_("Tiltakene fra den vedtatte planen som ikke er ferdige, med det enhetene rapporterte for {{ ar_for }}."),
        keep_next=True)
    table = w.table((50, 20, 24, 24, 24, 21), (_("Tiltak"), _("Status"), _("Vedtatt"), _("Brukt"), _("Gjenstår"),
                                                _("År")), [
        "{%tr for t in videreforte %}",
        [[("{{ t.id }}: {{ t.tittel }}", {"bold": True}), small("{{ t.enhet }}"), small("{{ t.kommentar }}")],
         "{{ t.status }}", "{{ t.vedtatt }}", "{{ t.brukt }}", "{{ t.gjenstar }}", "{{ t.ar }}"],
        "{%tr endfor %}",
    ])
    align_right(table, slice(2, 5))
    w.tag("{%p else %}")
    w.p(_("Ingen tiltak videreføres."))
    w.tag("{%p endif %}")


def _new(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Nye tiltak"), 1)
    w.tag("{%p if nye %}")
    table = w.table((80, 30, 20, 33), (_("Tiltak"), _("Investering"), _("År"), _("Plass")), [
        "{%tr for t in nye %}",
        [[("{{ t.id }}: {{ t.tittel }}", {"bold": True}), small("{{ t.enhet }}")], "{{ t.investering }}",
         "{{ t.ar }}", "{{ t.plass }}"],
        "{%tr endfor %}",
    ])
    align_right(table, slice(1, 2))
    w.tag("{%p else %}")
    w.p(_("Ingen enheter har meldt inn nye tiltak siden planen ble vedtatt."))
    w.tag("{%p endif %}")


def _dropped_and_done(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Tiltak som utgår"), 1)
    w.tag("{%p if utgar %}")
    w.p(_("Enhetene har avbrutt disse tiltakene:"), keep_next=True)
    w.bullets("t in utgar", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                             (_(" ({{ t.enhet }}, brukt {{ t.brukt }}). {{ t.kommentar }}"), {})])
    w.tag("{%p else %}")
    w.p(_("Ingen tiltak er avbrutt."))
    w.tag("{%p endif %}")
    w.h(_("Ferdige tiltak"), 1)
    w.tag("{%p if ferdige %}")
    table = w.table((85, 39, 39), (_("Tiltak"), _("Brukt"), _("Gevinst hittil")), [
        "{%tr for t in ferdige %}",
        [[("{{ t.id }}: {{ t.tittel }}", {"bold": True}), small("{{ t.enhet }}")], "{{ t.brukt }}",
         "{{ t.gevinst }}"],
        "{%tr endfor %}",
    ])
    align_right(table)
    w.p(_("Gevinstene av de ferdige tiltakene hittil står i {{ statusrapport_bestemt }}."))
    w.tag("{%p else %}")
    w.p(_("Ingen tiltak er rapportert ferdige ennå."))
    w.tag("{%p endif %}")


def _outside(w: Writer) -> None:
    _ = w.lang.gettext
    w.tag("{%p if utenfor %}")
    w.h(_("Ikke med i handlingsplanen"), 1)
    w.bullets("t in utenfor", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                               (" ({{ t.enhet }}, {{ t.endring | lower }}, {{ t.investering }}). {{ t.grunn }}", {})])
    w.tag("{%p endif %}")


def _rules(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Slik er planen rullert"), 1)
    w.bullets("r in regler", "{{ r }}")


def build_rolling_case(lang: Lang) -> bytes:
    _ = lang.gettext
    w = Writer(lang, title=_("Saksframlegg – {{ sak.tittel }}"), header_left=_("{{ kommune }} – Saksframlegg"),
               header_right="{{ dato }}", cover=False, toc=False)
    for section in CASE_SKELETONS.get(lang.code, NORWEGIAN_CASE):
        section(w)
    return w.save()


def _case_head(w: Writer) -> None:
    _ = w.lang.gettext
    w.p("{{ kommune }}", "Forside kommune").paragraph_format.space_before = Pt(0)
    w.p(_("Saksframlegg"), "Title")
    info = w.table((40, 123), None, [
        [_("Saksbehandler:"), "{{ sak.saksbehandler }}"],
        [_("Arkivsaksnr.:"), "{{ sak.arkivsaksnr }}"],
        [_("Dato:"), "{{ dato }}"],
    ], label_column=True)
    no_borders(info)
    w.h("{{ sak.tittel }}", 1)


def _case_summary(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Sammendrag"), 2)
    w.p(_("{{ sak.forslagsstiller }} legger fram statusrapporten for IKT-handlingsplanen {{ ar_for }} og forslag "
        "til rullert handlingsplan for {{ ar }}. Av {{ antall.vedtatte }} tiltak i den vedtatte planen er "
        "{{ antall.ferdig }} ferdige, {{ antall.utgar }} avbrutt og {{ antall.videreført }} videreføres, og enhetene "
        "har meldt inn nye tiltak ({{ antall.nye }}). Den rullerte planen har {{ antall.i_planen }} tiltak og en "
        "samlet investering på {{ okonomi.investering }}."))


def _case_economy(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Økonomiske konsekvenser"), 2)
    w.tag("{%p if okonomi.har_ramme %}")
    table = w.table((20, 20, 41, 41, 41), (_("År"), _("Tiltak"), _("Ramme"), _("I planen"), _("Igjen")), [
        "{%tr for a in ar_tabell %}",
        ["{{ a.ar }}", "{{ a.tiltak }}", "{{ a.ramme }}", "{{ a.i_planen }}", "{{ a.igjen }}"],
        "{%tr endfor %}",
    ])
    align_right(table)
    w.tag("{%p endif %}")
    w.p(_("I {{ ar_for }} var det vedtatt investeringer for {{ okonomi.planlagt_fjor }} i tiltakene, og enhetene har "
        "rapportert at {{ okonomi.brukt_fjor }} er brukt."))
    # A plan counts a measure's benefit from the year after it starts: none may be due yet.
    w.tag("{%p if okonomi.har_lovet_gevinst %}")
    w.p(_("Gevinstene som er realisert hittil, er {{ okonomi.gevinst_realisert }}, mot {{ okonomi.gevinst_lovet }} "
          "lovet i planen."))
    w.tag("{%p elif okonomi.har_realisert_gevinst %}")
    w.p(_("Planen regnet ikke med gevinster i kroner til og med {{ ar_for }}, men enhetene har allerede realisert "
          "{{ okonomi.gevinst_realisert }}."))
    w.tag("{%p else %}")
    w.p(_("Planen regnet ikke med gevinster i kroner til og med {{ ar_for }}, og ingen er realisert ennå."))
    w.tag("{%p endif %}")


def _case_conclusion(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Konklusjon"), 2)
    w.p(_("{{ sak.forslagsstiller }} anbefaler at {{ sak.vedtaksorgan_liten }} vedtar den rullerte handlingsplanen "
        "for {{ ar }}."))
    w.p("{{ sak.sted_dato }}", keep_next=True).paragraph_format.space_before = Pt(18)
    w.p("", keep_next=True)
    w.p([("{{ sak.underskriver }}", {"bold": True})], keep_next=True).paragraph_format.space_after = Pt(0)
    w.p("{{ sak.underskriver_tittel }}", keep_next=True)
    w.p("", keep_next=True)
    w.p("{{ sak.saksbehandler }}", keep_next=True).paragraph_format.space_after = Pt(0)
    w.p(_("Saksbehandler"), "Merknad")


def _case_appendices(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Vedlegg"), 2)
    w.p("{{ statusrapport }}", "Nummerert liste")
    w.p(_("{{ tittel }} (rullert)"), "Nummerert liste")


def _case_recommendation(w: Writer) -> None:
    """The Danish «Indstilling»: who recommends, then one at-clause per point, the decision on the
    rolled plan last (so the last clause, the only one always there, ends the sentence)."""
    _ = w.lang.gettext
    w.h("{{ sak.forslag_overskrift }}", 2)
    # TRANSLATORS: the line before the numbered at-clauses (da «Direktionen indstiller,»).
    w.p(_("{{ sak.forslagsstiller }} tilrår"), keep_next=True)
    w.p(_("at {{ sak.vedtaksorgan }} tar {{ statusrapport_bestemt }} til orientering,"), "Vedtakspunkt")
    w.when("utgar",
           _("at tiltakene som enhetene har avbrutt ({{ utgar_liste }}), utgår av handlingsplanen,"), "Vedtakspunkt")
    w.when("utenfor",
           _("at tiltakene som ikke får plass innenfor rammen, vurderes på nytt ved neste rullering,"), "Vedtakspunkt")
    w.tag("{%p if okonomi.har_ramme and okonomi.innenfor_ramme %}")
    w.p(_("at {{ sak.vedtaksorgan }} vedtar den rullerte handlingsplanen for {{ ar }} med {{ antall.i_planen }} "
          "tiltak og en samlet investering på {{ okonomi.investering }} innenfor investeringsrammen på "
          "{{ okonomi.ramme }} ({{ okonomi.ramme_per_ar }})."), "Vedtakspunkt")
    w.tag("{%p elif okonomi.har_ramme %}")
    w.p(_("at {{ sak.vedtaksorgan }} vedtar den rullerte handlingsplanen for {{ ar }} med {{ antall.i_planen }} "
          "tiltak og en samlet investering på {{ okonomi.investering }}, selv om investeringsrammen på "
          "{{ okonomi.ramme }} overskrides med {{ okonomi.overskridelse }} fordi tiltak er tatt med etter "
          "beslutning."), "Vedtakspunkt")
    w.tag("{%p else %}")
    w.p(_("at {{ sak.vedtaksorgan }} vedtar den rullerte handlingsplanen for {{ ar }} med {{ antall.i_planen }} "
          "tiltak og en samlet investering på {{ okonomi.investering }}."), "Vedtakspunkt")
    w.tag("{%p endif %}")


def _case_decisions(w: Writer) -> None:
    """The Danish «Beslutning»: one heading per committee in the case's path, filled in at the meeting."""
    _ = w.lang.gettext
    w.h(_("Vedtak"), 2)
    w.tag("{%p for m in sak.saksgang %}")
    w.h(_("Vedtak i {{ m.utvalg }}"), 3)
    w.p(_("Fylles ut i møtet."), "Merknad")
    w.tag("{%p endfor %}")


def _case_proposal(w: Writer) -> None:
    _ = w.lang.gettext
    w.h("{{ sak.forslag_overskrift }}", 2)
    w.p(_("{{ sak.vedtaksorgan }} tar {{ statusrapport_bestemt }} til orientering."), "Vedtakspunkt")
    w.tag("{%p if okonomi.har_ramme and okonomi.innenfor_ramme %}")
    w.p(_("{{ sak.vedtaksorgan }} vedtar den rullerte handlingsplanen for {{ ar }} med {{ antall.i_planen }} tiltak "
        "og en samlet investering på {{ okonomi.investering }}, innenfor investeringsrammen på "
        "{{ okonomi.ramme }} ({{ okonomi.ramme_per_ar }})."), "Vedtakspunkt")
    w.tag("{%p elif okonomi.har_ramme %}")
    w.p(_("{{ sak.vedtaksorgan }} vedtar den rullerte handlingsplanen for {{ ar }} med {{ antall.i_planen }} tiltak "
        "og en samlet investering på {{ okonomi.investering }}. Investeringsrammen er {{ okonomi.ramme }}; tiltak "
        "som er tatt med etter beslutning, gjør at rammen overskrides med {{ okonomi.overskridelse }}."),
        "Vedtakspunkt")
    w.tag("{%p else %}")
    w.p(_("{{ sak.vedtaksorgan }} vedtar den rullerte handlingsplanen for {{ ar }} med {{ antall.i_planen }} tiltak "
        "og en samlet investering på {{ okonomi.investering }}."), "Vedtakspunkt")
    w.tag("{%p endif %}")
    w.when("utgar",
           _("Tiltakene som enhetene har avbrutt ({{ utgar_liste }}), utgår av handlingsplanen."), "Vedtakspunkt")
    w.when("utenfor",
           _("{{ sak.vedtaksorgan }} ber {{ sak.forslagsstiller_liten }} vurdere tiltakene som ikke får plass innenfor "
           "rammen, på nytt ved neste rullering."), "Vedtakspunkt")


def _case_facts(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Saksopplysninger"), 2)
    w.h(_("Bakgrunn"), 3)
    w.p(_("{{ sak.vedtaksorgan }} vedtok IKT-strategien for {{ kommune }} {{ periode }} med handlingsplan "
        "{{ vedtatt.tekst }}. Handlingsplanen rulleres hvert år: enhetene rapporterer hvordan tiltakene går, og "
        "planen for neste år settes opp på nytt innenfor investeringsrammen."))
    w.h(_("Status for {{ ar_for }}"), 3)
    w.p(_("{{ statusrapport }} følger som vedlegg. {{ antall.rapportert }} av {{ antall.vedtatte }} tiltak er "
        "rapportert på: {{ antall.ferdig }} er ferdige, {{ antall.forsinket }} er forsinket, {{ antall.utgar }} "
        "er avbrutt, og {{ antall.ikke_rapportert }} er ikke rapportert på."))
    w.tag("{%p if utgar %}")
    w.p(_("Disse tiltakene er avbrutt:"), keep_next=True)
    w.bullets("t in utgar", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                             (" ({{ t.enhet }}). {{ t.kommentar }}", {})])
    w.tag("{%p endif %}")
    w.tag("{%p if nye %}")
    w.p(_("Enhetene har meldt inn disse nye tiltakene etter vedtaket:"), keep_next=True)
    w.bullets("t in nye", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                           (" ({{ t.enhet }}, {{ t.investering }}). {{ t.plass }}.", {})])
    w.tag("{%p endif %}")


def _case_assessment(w: Writer, level: int = 2) -> None:
    _ = w.lang.gettext
    w.h(_("Vurdering"), level)
    w.p(_("Planen er rullert etter de samme reglene som da den ble vedtatt:"), keep_next=True)
    w.bullets("r in regler", "{{ r }}")
    w.when("utenfor",
           _("{{ antall.utenfor }} tiltak får ikke plass i handlingsplanen for {{ ar }}; de står i den rullerte planen "
           "med begrunnelse."))


def _sub(section, level: int = 3):
    """*section* one heading level down: a part of the Danish «Sagsfremstilling»."""
    return lambda w: section(w, level)


#: As ``Saksframlegg.docx`` (seed 004): head, proposal, summary, facts, assessment, economy, conclusion.
NORWEGIAN_CASE = (_case_head, _case_proposal, _case_summary, _case_facts, _case_assessment, _case_economy,
                  _case_conclusion, _case_appendices)
#: As the Danish ``Saksframlegg.docx`` (Ishøj, Holbæk): Resumé, Sagsfremstilling with the assessment,
#: Økonomi, Indstilling with at-clauses, Beslutning per committee, Bilag.
DANISH_CASE = (_case_head, _case_summary, _case_facts, _sub(_case_assessment), _case_economy, _case_recommendation,
               _case_decisions, _case_appendices)
CASE_SKELETONS = {"da": DANISH_CASE}
