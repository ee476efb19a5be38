"""``IKT-strategi.docx``: the strategy with its action plan, one function per chapter."""

from __future__ import annotations

from pipeline.documents.templatebuild.pieces import ECONOMY_NOTE, cover, economy_table, prose, small
from pipeline.documents.templatebuild.writer import Cell, Writer, align_right

PLAN_HEADER = ("Aktivitet/prosjekt", "Tidsrom for gjennomføring", "Ansvarlig for gjennomføring",
               "Ansvarlig for oppfølging")
PLAN_WIDTHS = (61, 32, 35, 35)


def _plan_row(var: str, *, outside: bool = False) -> list[Cell]:
    """The action plan's row for the measure *var*; outside the frame it says why instead of the points."""
    detail = (
        f"Prioritet {{{{ {var}.rangering }}}} · {{{{ {var}.kategori }}}} · {{{{ {var}.investering_tekst }}}}"
        if outside else
        f"Prioritet {{{{ {var}.rangering }}}} · {{{{ {var}.poeng }}}} poeng · {{{{ {var}.investering_tekst }}}} · "
        f"{{{{ {var}.status }}}}"
    )
    first: list[tuple[str, dict]] = [
        (f"{{{{ {var}.id }}}}: {{{{ {var}.tittel }}}}", {"bold": True}),
        small(detail),
    ]
    if outside:
        first.append(small(f"{{{{ {var}.ramme_tekst }}}}"))
    return [first, f"{{{{ {var}.tidsrom_plan }}}}", f"{{{{ {var}.ansvarlig }}}}", f"{{{{ {var}.oppfolging }}}}"]


def build_strategy() -> bytes:
    w = Writer(title="{{ tittel }}", header_left="{{ kommune }} – IKT-strategi {{ periode }}",
               header_right="{{ versjon.tekst }}", cover=True, toc=True)
    cover(w, "IKT-strategi {{ periode }}", "med handlingsplan")
    for chapter in (_introduction, _summary, _current_state, _goals, _choices, _action_plan, _economy,
                    _standards, _appendices):
        chapter(w)
    return w.save()


def _introduction(w: Writer) -> None:
    """1 Innledning: the background, how the work was done, the units that delivered, the project."""
    w.h("1 Innledning", 1)
    w.h("1.1 Bakgrunn og mandat", 2)
    w.tag("{%p if prosa.bakgrunn %}")
    prose(w, "prosa.bakgrunn")
    w.tag("{%p else %}")
    w.tag("{%p for avsnitt in mandat %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")
    w.tag("{%p endif %}")
    w.tag("{%p if sak.tidligere_vedtak %}")
    w.p("Arbeidet bygger på disse vedtakene:", keep_next=True)
    w.bullets("v in sak.tidligere_vedtak", "{{ v }}")
    w.tag("{%p endif %}")
    w.p("Strategien bygger på virksomhetsmålet og hovedmålene i kapittel 4. Den skal gi retning for "
        "hvordan kommunen bruker IKT i perioden {{ periode }}, og handlingsplanen i kapittel 6 viser "
        "hvilke tiltak som gjennomføres, når, og hvem som har ansvaret.")
    w.h("1.2 Slik er arbeidet gjort", 2)
    w.p("Arbeidet følger KS' verktøykasse for strategisk IKT-planlegging. Hver enhet har fylt ut et "
        "kartleggingsskjema med problemer og muligheter, systemene den bruker, forslag til tiltak og "
        "IKT-barometeret. Skjemaene er samlet, og alle tiltakene er vurdert etter de samme kriteriene "
        "(se 6.4). {{ deltakelse.tekst }}")
    w.table((68, 50, 25, 20), ("Enhet", "Tjenesteområde", "Levert", "Revisjon"), [
        "{%tr for e in enheter %}",
        ["{{ e.navn }}", "{{ e.omrade }}", "{{ e.levert }}", "{{ e.revisjon }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if enheter_mangler %}")
    w.p("Disse enhetene har ikke levert skjema, og er ikke med i grunnlaget:", keep_next=True)
    w.bullets("e in enheter_mangler", "{{ e.navn }} ({{ e.omrade }})")
    w.tag("{%p endif %}")
    w.tag("{%p if prosa.medvirkning %}")
    prose(w, "prosa.medvirkning")
    w.tag("{%p endif %}")
    w.tag("{%p if prosa.prosjektorganisering %}")
    w.h("1.3 Prosjektorganisering", 2)
    prose(w, "prosa.prosjektorganisering")
    w.tag("{%p endif %}")


def _summary(w: Writer) -> None:
    """2 Oppsummering: the counts, the main challenges, the top measures, the amounts."""
    w.h("2 Oppsummering", 1)
    start = "Enhetene har meldt inn {{ antall.problemer }} problemer og muligheter og foreslått {{ antall.tiltak }} " \
        "tiltak. {{ antall.innenfor }} tiltak "
    counts = "({{ antall.kritiske }} kritiske prosesser og {{ antall.quick_wins }} quick wins), og " \
        "{{ antall.utenfor }} er utenfor rammen."
    w.tag("{%p if okonomi.innenfor_ramme %}")
    w.p(start + "får plass innenfor investeringsrammen " + counts)
    w.tag("{%p else %}")
    w.p(start + "er med i handlingsplanen " + counts + " Tiltak som er tatt med etter beslutning, gjør at "
        "investeringsrammen overskrides {{ okonomi.overskridelse }}.")
    w.tag("{%p endif %}")
    w.tag("{%p if hovedutfordringer %}")
    w.p("De viktigste utfordringene enhetene peker på:", keep_next=True)
    w.bullets("u in hovedutfordringer", "{{ u }}")
    w.p("{{ utfordringer_regel }}", "Merknad")
    w.tag("{%p endif %}")
    w.tag("{%p if topp_tiltak %}")
    w.p("De høyest prioriterte tiltakene:", keep_next=True)
    w.bullets("t in topp_tiltak", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (" ({{ t.enhet }}, {{ t.poeng }} poeng, {{ t.status }})", {})])
    w.tag("{%p endif %}")
    w.p("Tiltakene innenfor rammen gir disse beløpene per år:", keep_next=True)
    economy_table(w, in_frame=True)


def _current_state(w: Writer) -> None:
    """3 Nåsituasjon: the systems, the problems and the IKT-barometer."""
    w.h("3 Nåsituasjon", 1)
    w.h("3.1 Systemporteføljen", 2)
    w.p("Enhetene har registrert {{ systemer.antall }} systemer. Tabellen viser antallet per "
        "tjenesteområde, gjennomsnittlig tilfredshet (1–5, der 5 er best) og hva enhetene vil gjøre "
        "med systemene videre.")
    w.table((46, 18, 22, 19, 22, 18, 18),
            ("Tjenesteområde", "Systemer", "Tilfredshet", "Beholde", "Videre­utvikle", "Erstatte", "Avvikle"), [
        "{%tr for s in systemer.per_omrade %}",
        ["{{ s.omrade }}", "{{ s.antall }}", "{{ s.tilfredshet }}", "{{ s.beholde }}", "{{ s.videreutvikle }}",
         "{{ s.erstatte }}", "{{ s.avvikle }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if systemer.felles %}")
    w.h("Systemer som brukes av flere enheter", 3)
    w.table((45, 68, 22, 28), ("System", "Enheter", "Tilfredshet", "Livsløp"), [
        "{%tr for s in systemer.felles %}",
        ["{{ s.navn }}", "{{ s.enheter }}", "{{ s.tilfredshet }}", "{{ s.livslop }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")
    w.tag("{%p if systemer.overlapp %}")
    w.h("Mulig overlapp: ulike systemer som brukes til det samme", 3)
    w.bullets("s in systemer.overlapp", "{{ s }}")
    w.tag("{%p endif %}")

    w.h("3.2 Problemer og muligheter", 2)
    w.p("Problemene og mulighetene enhetene har meldt inn, sortert etter prioritet.")
    w.table((20, 38, 60, 45), ("Prioritet", "Enhet", "Problem eller mulighet", "Konsekvens"), [
        "{%tr for p in problemer %}",
        ["{{ p.prioritet }}", "{{ p.enhet }}", [("{{ p.beskrivelse }}", {}), small("{{ p.type }}")],
         "{{ p.konsekvens }}"],
        "{%tr endfor %}",
    ])
    w.h("3.3 IKT-barometeret", 2)
    w.p("I IKT-barometeret har enhetene tatt stilling til påstander om bruken av IKT, på en skala fra 1 "
        "til 5 der 5 er best. {{ barometer.tekst }} Tabellen viser kommunens snitt per område, og "
        "tjenesteområdet med lavest og høyest snitt.")
    w.table((58, 21, 42, 42), ("Område", "Kommunen", "Lavest", "Høyest"), [
        "{%tr for b in barometer.omrader %}",
        ["{{ b.omrade }}", "{{ b.kommune }}", "{{ b.lavest }}", "{{ b.hoyest }}"],
        "{%tr endfor %}",
    ])
    w.figure("{{ diagram_barometer }}",
             "Figur 1. IKT-barometeret: kommunens snitt og hvert tjenesteområde, per område (1–5).")
    _comparison(w)


def _comparison(w: Writer) -> None:
    """Under 3.3: the barometer beside the other municipalities' (only with the municipality's
    consent; one sentence when there is no one to compare with)."""
    w.tag("{%p if sammenligning.valgt %}")
    w.h("Sammenligning med andre kommuner", 3)
    w.tag("{%p if sammenligning.vises %}")
    # KS' toolbox (seed 001): the barometer measures «IKT-modenhet» by comparison with other municipalities.
    w.p("KS' verktøykasse for IKT-planlegging lar kommunen måle sin IKT-modenhet «ved sammenligning med andre "
        "kommuner som benytter metoden», og sammenligningen gir en indikasjon på hvilke områder strategien bør "
        "prioritere. {{ sammenligning.tekst }}")
    table = w.table((42, 21, 34, 18, 48), ("Område", "Kommunen", "Andre kommuner", "Forskjell", "Hver kommune"), [
        "{%tr for s in sammenligning.omrader %}",
        ["{{ s.omrade }}", [("{{ s.egen }}", {}), small("{{ s.egen_svar }}")],
         [("{{ s.snitt_andre }}", {}), small("{{ s.andre_svar }}")], "{{ s.forskjell }}",
         [("{{ s.hver }}", {"size": 9})]],
        "{%tr endfor %}",
    ])
    align_right(table, slice(1, 4))
    w.figure("{{ diagram_sammenligning }}",
             "Figur {{ figur.sammenligning }}. IKT-barometeret sammenlignet med andre kommuner, per område (1–5).")
    w.tag("{%p else %}")
    w.p("{{ sammenligning.tekst }}")
    w.tag("{%p endif %}")
    w.tag("{%p endif %}")


def _goals(w: Writer) -> None:
    """4 Mål: the business goal, the main goals and the sub-goals."""
    w.h("4 Mål", 1)
    w.h("4.1 Virksomhetsmål", 2)
    w.p("{{ virksomhetsmal }}")
    w.h("4.2 Hovedmål", 2)
    w.bullets("m in hovedmal", "{{ m }}")
    w.h("4.3 Delmål", 2)
    w.table((18, 145), ("Kode", "Delmål"), [
        "{%tr for d in delmal %}",
        ["{{ d.kode }}", "{{ d.tekst }}"],
        "{%tr endfor %}",
    ])


def _choices(w: Writer) -> None:
    """5 Strategiske valg: the choice made, then each sub-goal with its text and the measures that serve it."""
    w.h("5 Strategiske valg og satsingsområder", 1)
    w.tag("{%p if prosa.strategiske_valg %}")
    w.h("5.1 Alternativer og strategisk valg", 2)
    prose(w, "prosa.strategiske_valg")
    w.h("5.2 Satsingsområdene", 2)
    w.tag("{%p else %}")
    w.h("5.1 Satsingsområdene", 2)
    w.tag("{%p endif %}")
    w.p("Delmålene er kommunens satsingsområder. Hvert tiltak bygger opp under ett av dem; under hvert delmål "
        "står tiltakene som tjener det, i prioritert rekkefølge.")
    w.tag("{%p for d in delmal %}")
    w.h("{{ d.kode }}: {{ d.tekst }}", 3)
    w.tag("{%p if d.prosa %}")
    prose(w, "d.prosa")
    w.tag("{%p endif %}")
    w.tag("{%p if d.tiltak and d.prosa %}")
    w.p("Tiltak:", keep_next=True)
    w.tag("{%p endif %}")
    w.tag("{%p for t in d.tiltak %}")
    w.p([("{{ t.id }}: {{ t.tittel }}", {"bold": True}), (" – {{ t.enhet }}, {{ t.status }}", {})],
        "List Bullet")
    w.tag("{%p endfor %}")
    w.tag("{%p if not d.tiltak %}")
    w.p("Ingen tiltak er knyttet til dette delmålet ennå.", "Merknad")
    w.tag("{%p endif %}")
    w.tag("{%p endfor %}")
    w.tag("{%p if uten_delmal %}")
    w.h("Tiltak uten gyldig delmål", 3)
    w.bullets("t in uten_delmal", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                    (" – {{ t.enhet }}, {{ t.status }}", {})])
    w.tag("{%p endif %}")


def _action_plan(w: Writer) -> None:
    """6 Handlingsplan: inside and outside the frame, the timeline, how measures are assessed."""
    w.h("6 Handlingsplan", 1, page_break_before=True)
    w.p("Handlingsplanen deler tiltakene i to grupper: kritiske prosesser, som tjenestene er avhengige av, og "
        "quick wins – små og raske tiltak der risikoen ikke er høy. Tiltak sekretariatet har besluttet å ta med, "
        "står først; de andre står i prioritert rekkefølge og er tatt inn så langt investeringsrammen for hvert "
        "år rekker, og aldri før tiltakene de forutsetter (se 6.4).")
    w.h("6.1 Tiltak innenfor rammen", 2)
    w.table(PLAN_WIDTHS, PLAN_HEADER, [
        ("group", "Kritiske prosesser"),
        "{%tr for t in handlingsplan.kritiske %}",
        _plan_row("t"),
        "{%tr endfor %}",
        "{%tr if not handlingsplan.kritiske %}",
        ["Ingen kritiske prosesser innenfor rammen.", "", "", ""],
        "{%tr endif %}",
        ("group", "Quick wins"),
        "{%tr for t in handlingsplan.quick_wins %}",
        _plan_row("t"),
        "{%tr endfor %}",
        "{%tr if not handlingsplan.quick_wins %}",
        ["Ingen quick wins innenfor rammen.", "", "", ""],
        "{%tr endif %}",
    ])
    w.h("6.2 Tiltak utenfor rammen", 2)
    w.tag("{%p if handlingsplan.utenfor %}")
    w.p("Disse tiltakene er foreslått, men får ikke plass innenfor investeringsrammen. De er ikke en "
        "del av handlingsplanen, og kan vurderes på nytt når planen rulleres.")
    w.table(PLAN_WIDTHS, PLAN_HEADER, [
        ("group", "Utenfor rammen"),
        "{%tr for t in handlingsplan.utenfor %}",
        _plan_row("t", outside=True),
        "{%tr endfor %}",
    ])
    w.tag("{%p else %}")
    w.p("Alle de foreslåtte tiltakene får plass innenfor rammen.")
    w.tag("{%p endif %}")
    w.tag("{%p if handlingsplan.sammenslatt %}")
    w.p("Disse tiltakene er slått sammen med et annet og regnes som ett felles tiltak:", keep_next=True)
    w.bullets("t in handlingsplan.sammenslatt", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}),
                                                  (" ({{ t.enhet }}) – {{ t.ramme_tekst }}", {})])
    w.tag("{%p endif %}")
    w.h("6.3 Tidslinje", 2)
    w.p("Tidslinjen viser når tiltakene innenfor rammen starter og hvor lenge de varer.", keep_next=True)
    w.figure("{{ diagram_tidslinje }}", "Figur {{ figur.tidslinje }}. Tidslinje for handlingsplanen.")
    w.h("6.4 Slik er tiltakene vurdert", 2)
    w.tag("{%p for avsnitt in vurdering.forklaring %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")


def _economy(w: Writer) -> None:
    """7 Økonomi: the cash view per year inside the frame and for all measures, and the økonomiplan."""
    w.h("7 Økonomi", 1)
    w.p("Tabellen viser hva tiltakene innenfor rammen betyr for budsjettet hvert år.", keep_next=True)
    economy_table(w, in_frame=True, frame_column=True)
    w.p(ECONOMY_NOTE)
    w.tag("{%p if okonomi.utredes %}")
    w.p("{{ okonomi.utredes }}")
    w.tag("{%p endif %}")
    w.tag("{%p for s in okonomi.andre_gevinster %}")
    w.p("{{ s }}")
    w.tag("{%p endfor %}")
    w.p("Når alle tiltakene innenfor rammen er i drift, koster de {{ okonomi.tekst.drift_per_ar }} per år og gir "
        "{{ okonomi.tekst.gevinst_per_ar }} per år i penger i budsjettet. Nåverdien av tiltakene innenfor rammen "
        "er {{ okonomi.naverdi_innenfor }}, regnet over {{ okonomi.horisont }} år med {{ okonomi.rente }} reell "
        "kalkulasjonsrente; her er også gevinster i tid og kvalitet tatt med, slik enhetene har verdsatt dem. "
        "Alle de {{ antall.tiltak }} foreslåtte tiltakene har til sammen en nåverdi på {{ okonomi.naverdi }}.")
    w.tag("{%p if prosa.okonomiplan %}")
    prose(w, "prosa.okonomiplan")
    w.tag("{%p else %}")
    w.p("Investeringene og driftskostnadene må innarbeides i økonomiplanen for {{ okonomi.okonomiplan }} og i "
        "årsbudsjettene.")
    w.tag("{%p endif %}")
    w.p("Alle foreslåtte tiltak, også de utenfor rammen:", keep_next=True)
    economy_table(w, in_frame=False)
    w.figure("{{ diagram_okonomi }}",
             "Figur {{ figur.okonomi }}. Investering, drift og gevinst i kroner per år for tiltakene innenfor "
             "rammen.")


def _standards(w: Writer) -> None:
    """8 Standarder og retningslinjer, from the configured text."""
    w.h("8 Standarder og retningslinjer", 1)
    w.tag("{%p for avsnitt in standarder %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")


def _appendices(w: Writer) -> None:
    """9 Vedlegg: the other documents and the forms."""
    w.h("9 Vedlegg", 1)
    w.p("Tiltaksbeskrivelser: én beskrivelse per tiltak, med kostnader, gevinster og vurdering "
        "(eget dokument, versjon {{ versjon.nummer }}).", "List Bullet")
    w.p("Saksframlegg til politisk behandling (eget dokument, versjon {{ versjon.nummer }}).", "List Bullet")
    w.p("Kartleggingsskjemaene fra enhetene:", keep_next=True)
    w.bullets("e in enheter", "{{ e.navn }}, revisjon {{ e.revisjon }}, levert {{ e.levert }}")
