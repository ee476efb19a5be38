"""``IKT-strategi.docx``: the strategy with its action plan, one function per chapter."""

from __future__ import annotations

from pipeline.documents.templatebuild.pieces import cover, economy_note, economy_table, prose, small
from pipeline.documents.templatebuild.writer import Cell, Writer, align_right
from pipeline.i18n import Lang

PLAN_WIDTHS = (61, 32, 35, 35)


def plan_header(lang: Lang) -> tuple[str, ...]:
    """The action plan's columns (KS' toolbox, template 4)."""
    _ = lang.gettext
    return (_("Aktivitet/prosjekt"), _("Tidsrom for gjennomføring"), _("Ansvarlig for gjennomføring"),
            _("Ansvarlig for oppfølging"))


def _plan_row(w: Writer, *, outside: bool = False) -> list[Cell]:
    """The action plan's row for the measure ``t``; outside the frame it says why instead of the points."""
    _ = w.lang.gettext
    detail = (
        _("Prioritet {{ t.rangering }} · {{ t.kategori }} · {{ t.investering_tekst }}")
        if outside else
        _("Prioritet {{ t.rangering }} · {{ t.poeng }} poeng · {{ t.investering_tekst }} · {{ t.status }}")
    )
    first: list[tuple[str, dict]] = [
        ("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
        small(detail),
    ]
    if outside:
        first.append(small("{{ t.ramme_tekst }}"))
    return [first, "{{ t.tidsrom_plan }}", "{{ t.ansvarlig }}", "{{ t.oppfolging }}"]


def build_strategy(lang: Lang) -> bytes:
    _ = lang.gettext
    w = Writer(lang, title="{{ tittel }}", header_left=_("{{ kommune }} – IKT-strategi {{ periode }}"),
               header_right="{{ versjon.tekst }}", cover=True, toc=True)
    cover(w, _("IKT-strategi {{ periode }}"), _("med handlingsplan"))
    for chapter in (_introduction, _summary, _current_state, _goals, _choices, _action_plan, _economy,
                    _standards, _appendices):
        chapter(w)
    return w.save()


def _introduction(w: Writer) -> None:
    """1 Innledning: the background, how the work was done, the units that delivered, the project."""
    _ = w.lang.gettext
    w.h(_("1 Innledning"), 1)
    w.h(_("1.1 Bakgrunn og mandat"), 2)
    w.tag("{%p if prosa.bakgrunn %}")
    prose(w, "prosa.bakgrunn")
    w.tag("{%p else %}")
    w.tag("{%p for avsnitt in mandat %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")
    w.tag("{%p endif %}")
    w.tag("{%p if sak.tidligere_vedtak %}")
    w.p(_("Arbeidet bygger på disse vedtakene:"), keep_next=True)
    w.bullets("v in sak.tidligere_vedtak", "{{ v }}")
    w.tag("{%p endif %}")
    w.p(_("Strategien bygger på virksomhetsmålet og hovedmålene i kapittel 4. Den skal gi retning for "
        "hvordan kommunen bruker IKT i perioden {{ periode }}, og handlingsplanen i kapittel 6 viser "
        "hvilke tiltak som gjennomføres, når, og hvem som har ansvaret."))
    w.h(_("1.2 Slik er arbeidet gjort"), 2)
    w.p(_("Arbeidet følger KS' verktøykasse for strategisk IKT-planlegging. Hver enhet har fylt ut et "
        "kartleggingsskjema med problemer og muligheter, systemene den bruker, forslag til tiltak og "
        "IKT-barometeret. Skjemaene er samlet, og alle tiltakene er vurdert etter de samme kriteriene "
        "(se 6.4). {{ deltakelse.tekst }}"))
    w.table((68, 50, 25, 20), (_("Enhet"), _("Tjenesteområde"), _("Levert"), _("Revisjon")), [
        "{%tr for e in enheter %}",
        ["{{ e.navn }}", "{{ e.omrade }}", "{{ e.levert }}", "{{ e.revisjon }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if enheter_mangler %}")
    w.p(_("Disse enhetene har ikke levert skjema, og er ikke med i grunnlaget:"), keep_next=True)
    w.bullets("e in enheter_mangler", "{{ e.navn }} ({{ e.omrade }})")
    w.tag("{%p endif %}")
    w.tag("{%p if prosa.medvirkning %}")
    prose(w, "prosa.medvirkning")
    w.tag("{%p endif %}")
    w.tag("{%p if prosa.prosjektorganisering %}")
    w.h(_("1.3 Prosjektorganisering"), 2)
    prose(w, "prosa.prosjektorganisering")
    w.tag("{%p endif %}")


def _summary(w: Writer) -> None:
    """2 Oppsummering: the counts, the main challenges, the top measures, the amounts."""
    _ = w.lang.gettext
    w.h(_("2 Oppsummering"), 1)
    w.tag("{%p if okonomi.innenfor_ramme %}")
    w.p(_("Enhetene har meldt inn {{ antall.problemer }} problemer og muligheter og foreslått {{ antall.tiltak }} "
          "tiltak. {{ antall.innenfor }} tiltak får plass innenfor investeringsrammen ({{ antall.kritiske }} "
          "kritiske prosesser og {{ antall.quick_wins }} quick wins), og {{ antall.utenfor }} er utenfor rammen."))
    w.tag("{%p else %}")
    w.p(_("Enhetene har meldt inn {{ antall.problemer }} problemer og muligheter og foreslått {{ antall.tiltak }} "
          "tiltak. {{ antall.innenfor }} tiltak er med i handlingsplanen ({{ antall.kritiske }} kritiske prosesser "
          "og {{ antall.quick_wins }} quick wins), og {{ antall.utenfor }} er utenfor rammen. Tiltak som er tatt "
          "med etter beslutning, gjør at investeringsrammen overskrides {{ okonomi.overskridelse }}."))
    w.tag("{%p endif %}")
    w.tag("{%p if hovedutfordringer %}")
    w.p(_("De viktigste utfordringene enhetene peker på:"), keep_next=True)
    w.bullets("u in hovedutfordringer", "{{ u }}")
    w.p("{{ utfordringer_regel }}", "Merknad")
    w.tag("{%p endif %}")
    w.tag("{%p if topp_tiltak %}")
    w.p(_("De høyest prioriterte tiltakene:"), keep_next=True)
    w.bullets("t in topp_tiltak", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (_(" ({{ t.enhet }}, {{ t.poeng }} poeng, {{ t.status }})"), {})])
    w.tag("{%p endif %}")
    w.p(_("Tiltakene innenfor rammen gir disse beløpene per år:"), keep_next=True)
    economy_table(w, in_frame=True)


def _current_state(w: Writer) -> None:
    """3 Nåsituasjon: the systems, the problems and the IKT-barometer."""
    _ = w.lang.gettext
    w.h(_("3 Nåsituasjon"), 1)
    w.h(_("3.1 Systemporteføljen"), 2)
    w.p(_("Enhetene har registrert {{ systemer.antall }} systemer. Tabellen viser antallet per "
        "tjenesteområde, gjennomsnittlig tilfredshet (1–5, der 5 er best) og hva enhetene vil gjøre "
        "med systemene videre."))
    w.table((46, 18, 22, 19, 22, 18, 18),
            (_("Tjenesteområde"), _("Systemer"), _("Tilfredshet"), _("Beholde"), _("Videre­utvikle"), _("Erstatte"), _("Avvikle")), [
        "{%tr for s in systemer.per_omrade %}",
        ["{{ s.omrade }}", "{{ s.antall }}", "{{ s.tilfredshet }}", "{{ s.beholde }}", "{{ s.videreutvikle }}",
         "{{ s.erstatte }}", "{{ s.avvikle }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if systemer.felles %}")
    w.h(_("Systemer som brukes av flere enheter"), 3)
    w.table((45, 68, 22, 28), (_("System"), _("Enheter"), _("Tilfredshet"), _("Livsløp")), [
        "{%tr for s in systemer.felles %}",
        ["{{ s.navn }}", "{{ s.enheter }}", "{{ s.tilfredshet }}", "{{ s.livslop }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")
    w.tag("{%p if systemer.overlapp %}")
    w.h(_("Mulig overlapp: ulike systemer som brukes til det samme"), 3)
    w.bullets("s in systemer.overlapp", "{{ s }}")
    w.tag("{%p endif %}")

    w.h(_("3.2 Problemer og muligheter"), 2)
    w.p(_("Problemene og mulighetene enhetene har meldt inn, sortert etter prioritet."))
    w.table((20, 38, 60, 45), (_("Prioritet"), _("Enhet"), _("Problem eller mulighet"), _("Konsekvens")), [
        "{%tr for p in problemer %}",
        ["{{ p.prioritet }}", "{{ p.enhet }}", [("{{ p.beskrivelse }}", {}), small("{{ p.type }}")],
         "{{ p.konsekvens }}"],
        "{%tr endfor %}",
    ])
    w.h(_("3.3 IKT-barometeret"), 2)
    w.p(_("I IKT-barometeret har enhetene tatt stilling til påstander om bruken av IKT, på en skala fra 1 "
        "til 5 der 5 er best. {{ barometer.tekst }} Tabellen viser kommunens snitt per område, og "
        "tjenesteområdet med lavest og høyest snitt."))
    w.table((58, 21, 42, 42), (_("Område"), _("Kommunen"), _("Lavest"), _("Høyest")), [
        "{%tr for b in barometer.omrader %}",
        ["{{ b.omrade }}", "{{ b.kommune }}", "{{ b.lavest }}", "{{ b.hoyest }}"],
        "{%tr endfor %}",
    ])
    w.figure("{{ diagram_barometer }}",
             _("Figur 1. IKT-barometeret: kommunens snitt og hvert tjenesteområde, per område (1–5)."))
    _comparison(w)


def _comparison(w: Writer) -> None:
    """Under 3.3: the barometer beside the other municipalities' (only with the municipality's
    consent; one sentence when there is no one to compare with)."""
    _ = w.lang.gettext
    w.tag("{%p if sammenligning.valgt %}")
    w.h(_("Sammenligning med andre kommuner"), 3)
    w.tag("{%p if sammenligning.vises %}")
    # KS' toolbox (seed 001): the barometer measures «IKT-modenhet» by comparison with other municipalities.
    w.p(_("KS' verktøykasse for IKT-planlegging lar kommunen måle sin IKT-modenhet «ved sammenligning med andre "
        "kommuner som benytter metoden», og sammenligningen gir en indikasjon på hvilke områder strategien bør "
        "prioritere. {{ sammenligning.tekst }}"))
    table = w.table((42, 21, 34, 18, 48), (_("Område"), _("Kommunen"), _("Andre kommuner"), _("Forskjell"), _("Hver kommune")), [
        "{%tr for s in sammenligning.omrader %}",
        ["{{ s.omrade }}", [("{{ s.egen }}", {}), small("{{ s.egen_svar }}")],
         [("{{ s.snitt_andre }}", {}), small("{{ s.andre_svar }}")], "{{ s.forskjell }}",
         [("{{ s.hver }}", {"size": 9})]],
        "{%tr endfor %}",
    ])
    align_right(table, slice(1, 4))
    w.figure("{{ diagram_sammenligning }}",
             _("Figur {{ figur.sammenligning }}. IKT-barometeret sammenlignet med andre kommuner, per område (1–5)."))
    w.tag("{%p else %}")
    w.p("{{ sammenligning.tekst }}")
    w.tag("{%p endif %}")
    w.tag("{%p endif %}")


def _goals(w: Writer) -> None:
    """4 Mål: the business goal, the main goals and the sub-goals."""
    _ = w.lang.gettext
    w.h(_("4 Mål"), 1)
    w.h(_("4.1 Virksomhetsmål"), 2)
    w.p("{{ virksomhetsmal }}")
    w.h(_("4.2 Hovedmål"), 2)
    w.bullets("m in hovedmal", "{{ m }}")
    w.h(_("4.3 Delmål"), 2)
    w.table((18, 145), (_("Kode"), _("Delmål")), [
        "{%tr for d in delmal %}",
        ["{{ d.kode }}", "{{ d.tekst }}"],
        "{%tr endfor %}",
    ])


def _choices(w: Writer) -> None:
    """5 Strategiske valg: the choice made, then each sub-goal with its text and the measures that serve it."""
    _ = w.lang.gettext
    w.h(_("5 Strategiske valg og satsingsområder"), 1)
    w.tag("{%p if prosa.strategiske_valg %}")
    w.h(_("5.1 Alternativer og strategisk valg"), 2)
    prose(w, "prosa.strategiske_valg")
    w.h(_("5.2 Satsingsområdene"), 2)
    w.tag("{%p else %}")
    w.h(_("5.1 Satsingsområdene"), 2)
    w.tag("{%p endif %}")
    w.p(_("Delmålene er kommunens satsingsområder. Hvert tiltak bygger opp under ett av dem; under hvert delmål "
        "står tiltakene som tjener det, i prioritert rekkefølge."))
    w.tag("{%p for d in delmal %}")
    w.h("{{ d.kode }}: {{ d.tekst }}", 3)
    w.tag("{%p if d.prosa %}")
    prose(w, "d.prosa")
    w.tag("{%p endif %}")
    w.when("d.tiltak and d.prosa", _("Tiltak:"), keep_next=True)
    w.tag("{%p for t in d.tiltak %}")
    w.p([("{{ t.id }}: {{ t.tittel }}", {"bold": True}), (" – {{ t.enhet }}, {{ t.status }}", {})],
        "List Bullet")
    w.tag("{%p endfor %}")
    w.when("not d.tiltak", _("Ingen tiltak er knyttet til dette delmålet ennå."), "Merknad")
    w.tag("{%p endfor %}")
    w.tag("{%p if uten_delmal %}")
    w.h(_("Tiltak uten gyldig delmål"), 3)
    w.bullets("t in uten_delmal", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (" – {{ t.enhet }}, {{ t.status }}", {})])
    w.tag("{%p endif %}")


def _action_plan(w: Writer) -> None:
    """6 Handlingsplan: inside and outside the frame, the timeline, how measures are assessed."""
    _ = w.lang.gettext
    w.h(_("6 Handlingsplan"), 1, page_break_before=True)
    w.p(_("Handlingsplanen deler tiltakene i to grupper: kritiske prosesser, som tjenestene er avhengige av, og "
        "quick wins – små og raske tiltak der risikoen ikke er høy. Tiltak sekretariatet har besluttet å ta med, "
        "står først; de andre står i prioritert rekkefølge og er tatt inn så langt investeringsrammen for hvert "
        "år rekker, og aldri før tiltakene de forutsetter (se 6.4)."))
    w.h(_("6.1 Tiltak innenfor rammen"), 2)
    w.table(PLAN_WIDTHS, plan_header(w.lang), [
        ("group", _("Kritiske prosesser")),
        "{%tr for t in handlingsplan.kritiske %}",
        _plan_row(w),
        "{%tr endfor %}",
        "{%tr if not handlingsplan.kritiske %}",
        [_("Ingen kritiske prosesser innenfor rammen."), "", "", ""],
        "{%tr endif %}",
        ("group", _("Quick wins")),
        "{%tr for t in handlingsplan.quick_wins %}",
        _plan_row(w),
        "{%tr endfor %}",
        "{%tr if not handlingsplan.quick_wins %}",
        [_("Ingen quick wins innenfor rammen."), "", "", ""],
        "{%tr endif %}",
    ])
    w.h(_("6.2 Tiltak utenfor rammen"), 2)
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p(_("Disse tiltakene er foreslått, men får ikke plass innenfor investeringsrammen. De er ikke en "
        "del av handlingsplanen, og kan vurderes på nytt når planen rulleres."))
    w.table(PLAN_WIDTHS, plan_header(w.lang), [
        ("group", _("Utenfor rammen")),
        "{%tr for t in handlingsplan.utenfor %}",
        _plan_row(w, outside=True),
        "{%tr endfor %}",
    ])
    w.tag("{%p else %}")
    w.p(_("Alle de foreslåtte tiltakene får plass innenfor rammen."))
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.sammenslatt %}")
    w.p(_("Disse tiltakene er slått sammen med et annet og regnes som ett felles tiltak:"), keep_next=True)
    w.bullets("t in handlingsplan.sammenslatt", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                                  (" ({{ t.enhet }}) – {{ t.ramme_tekst }}", {})])
    w.tag("{%p endif %}")
    w.h(_("6.3 Tidslinje"), 2)
    w.p(_("Tidslinjen viser når tiltakene innenfor rammen starter og hvor lenge de varer."), keep_next=True)
    w.figure("{{ diagram_tidslinje }}", _("Figur {{ figur.tidslinje }}. Tidslinje for handlingsplanen."))
    w.h(_("6.4 Slik er tiltakene vurdert"), 2)
    w.tag("{%p for avsnitt in vurdering.forklaring %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")


def _economy(w: Writer) -> None:
    """7 Økonomi: the cash view per year inside the frame and for all measures, and the økonomiplan."""
    _ = w.lang.gettext
    w.h(_("7 Økonomi"), 1)
    w.p(_("Tabellen viser hva tiltakene innenfor rammen betyr for budsjettet hvert år."), keep_next=True)
    economy_table(w, in_frame=True, frame_column=True)
    w.p(economy_note(w))
    w.when("okonomi.utredes", "{{ okonomi.utredes }}")
    w.tag("{%p for s in okonomi.andre_gevinster %}")
    w.p("{{ s }}")
    w.tag("{%p endfor %}")
    w.p(_("Når alle tiltakene innenfor rammen er i drift, koster de {{ okonomi.tekst.drift_per_ar }} per år og gir "
        "{{ okonomi.tekst.gevinst_per_ar }} per år i penger i budsjettet. Nåverdien av tiltakene innenfor rammen "
        "er {{ okonomi.naverdi_innenfor }}, regnet over {{ okonomi.horisont }} år med {{ okonomi.rente }} reell "
        "kalkulasjonsrente; her er også gevinster i tid og kvalitet tatt med, slik enhetene har verdsatt dem. "
        "Alle de {{ antall.tiltak }} foreslåtte tiltakene har til sammen en nåverdi på {{ okonomi.naverdi }}."))
    w.tag("{%p if prosa.okonomiplan %}")
    prose(w, "prosa.okonomiplan")
    w.tag("{%p else %}")
    w.p(_("Investeringene og driftskostnadene må innarbeides i økonomiplanen for {{ okonomi.okonomiplan }} og i "
        "årsbudsjettene."))
    w.tag("{%p endif %}")
    w.p(_("Alle foreslåtte tiltak, også de utenfor rammen:"), keep_next=True)
    economy_table(w, in_frame=False)
    w.figure("{{ diagram_okonomi }}",
             _("Figur {{ figur.okonomi }}. Investering, drift og gevinst i kroner per år for tiltakene innenfor "
             "rammen."))


def _standards(w: Writer) -> None:
    """8 Standarder og retningslinjer, from the configured text."""
    _ = w.lang.gettext
    w.h(_("8 Standarder og retningslinjer"), 1)
    w.tag("{%p for avsnitt in standarder %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")


def _appendices(w: Writer) -> None:
    """9 Vedlegg: the other documents and the forms."""
    _ = w.lang.gettext
    w.h(_("9 Vedlegg"), 1)
    w.p(_("Tiltaksbeskrivelser: én beskrivelse per tiltak, med kostnader, gevinster og vurdering "
        "(eget dokument, versjon {{ versjon.nummer }})."), "List Bullet")
    w.p(_("Saksframlegg til politisk behandling (eget dokument, versjon {{ versjon.nummer }})."), "List Bullet")
    w.p(_("Kartleggingsskjemaene fra enhetene:"), keep_next=True)
    w.bullets("e in enheter", _("{{ e.navn }}, revisjon {{ e.revisjon }}, levert {{ e.levert }}"))
