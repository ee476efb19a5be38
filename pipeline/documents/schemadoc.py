"""The template variable reference, ``docs/malvariabler.md``, written from the schema.

Run ``python3 -m pipeline.documents.schemadoc`` after changing
:data:`pipeline.documents.context.SCHEMA` or the shipped templates: it writes the
file from the schema, the descriptions below and the names each shipped template
uses. ``--check`` only compares (exit 1 when the file is out of date);
``tests/documents/test_schemadoc.py`` does the same, so the reference cannot drift.
A field without a description here is an error: every new name must be explained.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from docxtpl import DocxTemplate

from pipeline.i18n.filenames import FileNames
from pipeline.documents.context import ANY_KEY, FLAG, IMAGE, MEASURE, PROSE, SCHEMA, TEXT, TOTAL, UNIT, YEAR
from pipeline.fileio import atomic_write_text

#: The templates this guide describes: the bokmål set in word_templates/ (the other languages'
#: sets have the same fields under their own names).
_DOCUMENTS = FileNames().documents

#: Where the reference lives in a checkout of the repository.
TARGET = Path(__file__).resolve().parents[2] / "docs" / "malvariabler.md"
TEMPLATES = Path(__file__).resolve().parents[1] / "defaults" / "word_templates"

#: Groups of fields that occur in several places, described once: (title, loop variable, fields).
GROUPS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("Felt for et tiltak", "t", MEASURE),
    ("Felt for et år i økonomitabellene", "a", YEAR),
    ("Felt for en enhet som har levert", "e", UNIT),
)

DESCRIPTIONS: dict[str, str] = {
    # -- top level --
    "kommune": "Kommunens navn fra strategi.toml, f.eks. «Fjordvik kommune».",
    "tittel": "Dokumenttittelen: «IKT-strategi for Fjordvik kommune 2027–2030».",
    "periode": "Strategiperioden: «2027–2030».",
    "versjon": "Versjonen av dokumentene.",
    "versjon.nummer": "Versjonsnummeret: «3».",
    "versjon.dato": "Datoen versjonen ble laget: «15.03.2027».",
    "versjon.tekst": "«Utkast – versjon 3, 15.03.2027» til versjonen er sendt til politisk behandling "
                     "(`iktplan publiser`), deretter «Versjon 3, 15.03.2027». Står i topptekstene.",
    "versjon.utkast": "ja/nei: versjonen er et utkast, ikke sendt til politisk behandling ennå "
                      "(til `{%p if versjon.utkast %}`).",
    "versjon.status": "«Utkast: ikke sendt til politisk behandling ennå.» eller «Sendt til politisk behandling.»",
    "mandat": "Avsnittene i `tekster.mandat` i strategi.toml (skilt med tom linje).",
    "standarder": "Avsnittene i `tekster.standarder` i strategi.toml.",
    "tekster": "Alle nøklene under `[tekster]` i strategi.toml, også dem du finner på selv.",
    "tekster.*": "Avsnittene i `tekster.<nøkkel>`, f.eks. `{% for avsnitt in tekster.hilsen %}`. En nøkkel som ikke "
                 "finnes i strategi.toml, stopper dokumentene med en melding.",
    "prosa": "Kommunens egne tekster fra Word, i mappen `tekster/` (se sekretariat.md). Hver står alene i sitt "
             "avsnitt som `{{p prosa.navn }}`, etter `{%p if prosa.navn %}`; uten egen tekst er verdien tom.",
    "prosa.prosjektorganisering": "`tekster/Prosjektorganisering.docx` (eller `tekster.prosjektorganisering`).",
    "prosa.bakgrunn": "`tekster/Bakgrunn.docx`: bakgrunnen og de tidligere vedtakene.",
    "prosa.strategiske_valg": "`tekster/Strategiske valg.docx`: alternativene og det strategiske valget.",
    "prosa.vurdering": "`tekster/Vurdering.docx`: kommunedirektørens vurdering med egne ord.",
    "prosa.medvirkning": "`tekster/Medvirkning.docx`: medvirkning og drøfting med de tillitsvalgte.",
    "prosa.konsekvenser": "`tekster/Konsekvenser.docx`: administrative og personalmessige konsekvenser, personvern.",
    "prosa.okonomiplan": "`tekster/Økonomiplan.docx`: sammenhengen med økonomiplanen.",
    "virksomhetsmal": "`mal.virksomhetsmal` fra strategi.toml, eller «Ikke oppgitt».",
    "hovedmal": "Hovedmålene fra `mal.hovedmal`, ett per element.",
    "delmal": "Delmålene fra `[[mal.delmal]]`, i rekkefølgen i strategi.toml.",
    "delmal[].kode": "Delmålets kode: «D3».",
    "delmal[].tekst": "Delmålets tekst.",
    "delmal[].tiltak": "Tiltakene som bygger opp under delmålet, i prioritert rekkefølge.",
    "delmal[].prosa": "Teksten fra `tekster/Delmål <kode>.docx` (tekst fra Word; tom uten egen tekst).",
    "uten_delmal": "Tiltak uten delmål, eller med et delmål som ikke finnes i strategi.toml.",
    "deltakelse": "Hvor mange enheter som har levert.",
    "deltakelse.levert": "Antall enheter som har levert: «7».",
    "deltakelse.forventet": "Antall enheter som skulle levere (de i `[[enheter]]`, pluss andre som har levert).",
    "deltakelse.tekst": "En setning: «7 av 8 enheter har levert skjema.» / «Alle de 8 enhetene har levert skjema.»",
    "enheter": "Enhetene som har levert, med siste godkjente revisjon.",
    "enheter_mangler": "Enhetene i `[[enheter]]` som ikke har levert.",
    "enheter_mangler[].navn": "Enhetens navn.",
    "enheter_mangler[].omrade": "Tjenesteområdet, eller «tjenesteområde ikke oppgitt».",
    "antall": "Tellinger, skrevet som tall med mellomrom som tusenskille.",
    "antall.tiltak": "Antall tiltak i alt.",
    "antall.innenfor": "Antall tiltak innenfor investeringsrammen.",
    "antall.utenfor": "Antall tiltak som ikke er med i planen: utenfor rammen, eller tatt ut etter beslutning.",
    "antall.kritiske": "Antall kritiske prosesser innenfor rammen.",
    "antall.quick_wins": "Antall quick wins innenfor rammen.",
    "antall.problemer": "Antall problemer og muligheter fra alle enhetene.",
    "antall.sammenslatt": "Antall tiltak som er slått sammen med et annet (de regnes i det felles tiltaket).",
    "antall.utredes": "Antall tiltak med kostnad som utredes (ikke beregnet).",
    "problemer": "Alle problemer og muligheter, sortert etter prioritet (Høy, Middels, Lav), så enhet og nummer.",
    "problemer[].prioritet": "«Høy», «Middels», «Lav» eller «–».",
    "problemer[].enhet": "Enheten som meldte problemet.",
    "problemer[].nr": "Nummeret i enhetens skjema.",
    "problemer[].beskrivelse": "Beskrivelsen.",
    "problemer[].type": "«Problem» eller «Mulighet» (tom hvis ikke oppgitt).",
    "problemer[].konsekvens": "Konsekvensen (tom hvis ikke oppgitt).",
    "hovedutfordringer": "De fem viktigste utfordringene: ordnet etter prioritet, så etter hvor mange enheter som "
                         "melder om det samme (tjenesteområdene går på omgang ved likt), hver med enhetene i parentes.",
    "utfordringer_regel": "Én setning som forklarer hvordan utfordringene er ordnet.",
    "systemer": "Systemporteføljen.",
    "systemer.antall": "Antall systemer i alle skjemaene.",
    "systemer.per_omrade": "Én rad per tjenesteområde som har systemer.",
    "systemer.per_omrade[].omrade": "Tjenesteområdet.",
    "systemer.per_omrade[].antall": "Antall systemer.",
    "systemer.per_omrade[].tilfredshet": "Gjennomsnittlig tilfredshet (1–5) med én desimal: «3,4», eller «–».",
    "systemer.per_omrade[].beholde": "Antall systemer enhetene vil beholde.",
    "systemer.per_omrade[].videreutvikle": "Antall som skal videreutvikles.",
    "systemer.per_omrade[].erstatte": "Antall som skal erstattes.",
    "systemer.per_omrade[].avvikle": "Antall som skal avvikles.",
    "systemer.felles": "Systemer som brukes av flere enheter.",
    "systemer.felles[].navn": "Systemets navn.",
    "systemer.felles[].enheter": "Enhetene som bruker det, skilt med komma.",
    "systemer.felles[].tilfredshet": "Gjennomsnittlig tilfredshet, eller «–».",
    "systemer.felles[].livslop": "Livsløpsvalgene enhetene har gjort, skilt med komma, eller «–».",
    "systemer.overlapp": "Setninger om ulike systemer som brukes til det samme i ulike enheter.",
    "barometer": "IKT-barometeret.",
    "barometer.tekst": "«Det kom 126 svar fra 7 enheter.» eller «Ingen enheter har svart på barometeret ennå.»",
    "barometer.omrader": "Ett element per område i barometeret.",
    "barometer.omrader[].omrade": "Området, f.eks. «Digital kompetanse».",
    "barometer.omrader[].kommune": "Kommunens gjennomsnitt (1–5) med én desimal, eller «–».",
    "barometer.omrader[].lavest": "Tjenesteområdet med lavest snitt og snittet: «Helse og omsorg (2,3)», eller «–».",
    "barometer.omrader[].hoyest": "Tjenesteområdet med høyest snitt, eller «–».",
    "sammenligning": "IKT-barometeret sammenlignet med andre kommuner i samme lager (bare med samtykke i "
                     "[samarbeid] del_barometer).",
    "sammenligning.valgt": "ja/nei: kommunen deler barometeret sitt og vil sammenlignes (ellers er delen borte).",
    "sammenligning.vises": "ja/nei: det finnes andre kommuner med tall å sammenligne med (tabell og diagram).",
    "sammenligning.tekst": "Hva tabellen viser, eller den ene setningen om at det ikke er noen å sammenligne med.",
    "sammenligning.kommuner": "De andre kommunene: «Havvik kommune og Kommune A» (uten navn når de ikke vil vises "
                              "med navn).",
    "sammenligning.omrader": "Én rad per område i barometeret.",
    "sammenligning.omrader[].omrade": "Området.",
    "sammenligning.omrader[].egen": "Kommunens snitt (1–5) med én desimal, eller «–».",
    "sammenligning.omrader[].egen_svar": "Antall svar fra kommunens enheter: «42 svar».",
    "sammenligning.omrader[].snitt_andre": "Snittet for de andre kommunene (hver kommune teller likt), eller «–».",
    "sammenligning.omrader[].andre_svar": "«2 kommuner, 80 svar», eller «for få svar».",
    "sammenligning.omrader[].forskjell": "Kommunens snitt minus de andres, slik de vises (én desimal), med "
                                          "fortegn: «+0,3», «−0,2», eller «–».",
    "sammenligning.omrader[].hver": "Hver av de andre kommunene på egen linje: «Havvik kommune: 3,1 (40 svar)».",
    "figur": "Figurnumrene i strategien (de flytter seg når sammenligningen er med).",
    "figur.sammenligning": "Nummeret på sammenligningsdiagrammet («2»), tomt når det ikke er med.",
    "figur.tidslinje": "Nummeret på tidslinjen: «2», eller «3» med sammenligningen.",
    "figur.okonomi": "Nummeret på økonomidiagrammet: «3», eller «4» med sammenligningen.",
    "tiltak": "Alle tiltak, i prioritert rekkefølge (høyest poengsum først).",
    "topp_tiltak": "De fem høyest prioriterte tiltakene.",
    "handlingsplan": "Handlingsplanen, delt slik KS' mal gjør.",
    "handlingsplan.kritiske": "Kritiske prosesser i planen: de sekretariatet har tatt med først, så resten i "
                              "prioritert rekkefølge.",
    "handlingsplan.quick_wins": "Quick wins i planen, i samme rekkefølge.",
    "handlingsplan.utenfor": "Tiltak som ikke er med i planen: utenfor rammen, venter på en forutsetning, eller "
                             "tatt ut etter beslutning (`t.ramme_tekst` sier hvorfor).",
    "handlingsplan.sammenslatt": "Tiltak som er slått sammen med et annet og regnes i det felles tiltaket.",
    "beslutninger": "Sekretariatets beslutninger fra beslutninger.xlsx, én per tiltak: «SRV-4: tittel – Ta med: "
                    "tiltaket er låst inn i planen. Begrunnelse: …».",
    "samordning": "Samordningsgruppene på tvers av enheter: «S-3: Ny løsning for digitalt tilsyn, 2 enheter "
                  "(FSH-1, HJT-1): begrunnelse» (høyst åtte tiltak nevnt per gruppe).",
    "okonomi": "Økonomien per år i strategiperioden.",
    "okonomi.ar": "Ett element per år, for tiltakene innenfor rammen.",
    "okonomi.sum": "Sum-raden for `okonomi.ar` (`ar` er «Sum»).",
    "okonomi.alle_ar": "Ett element per år, for alle tiltakene (også de utenfor rammen).",
    "okonomi.alle_sum": "Sum-raden for `okonomi.alle_ar`.",
    "okonomi.naverdi": "Samlet nåverdi for alle tiltakene, avrundet til løpende tekst: «3,5 mill. kr».",
    "okonomi.naverdi_innenfor": "Samlet nåverdi for tiltakene innenfor rammen, avrundet: «5,6 mill. kr».",
    "okonomi.investering": "Samlet investering innenfor rammen, nøyaktig: «7 195 000 kr», med «(1 tiltak med "
                            "kostnad som utredes er ikke tatt med)» etter når det gjelder (til forslaget til vedtak).",
    "okonomi.drift_per_ar": "Økte driftskostnader per år når alle tiltakene innenfor rammen er gjennomført, "
                            "nøyaktig: «1 450 000 kr» (til forslaget til vedtak).",
    "okonomi.okonomiplan": "Perioden for økonomiplanen: `sak.okonomiplan_periode`, ellers strategiperioden.",
    "okonomi.tekst": "Beløp avrundet for løpende tekst («7,2 mill. kr», «489 000 kr»); tabellene har nøyaktige.",
    "okonomi.tekst.investering": "Samlet investering innenfor rammen.",
    "okonomi.tekst.ramme": "Summen av investeringsrammen (tom uten ramme).",
    "okonomi.tekst.drift_per_ar": "Økte driftskostnader per år når alle tiltakene er gjennomført.",
    "okonomi.tekst.gevinst_per_ar": "Gevinst i kroner (penger i budsjettet) per år når alle tiltakene er gjennomført.",
    "okonomi.tekst.netto_per_ar": "Gevinst i kroner minus drift, per år når alle tiltakene er gjennomført.",
    "okonomi.andre_gevinster": "Setninger om gevinstene som ikke er penger i budsjettet (tid, kvalitet, ukjent "
                               "type): hvor mange tiltak, aldri som beløp.",
    "okonomi.rente": "Kalkulasjonsrenten: «4 %».",
    "okonomi.horisont": "Analyseperioden i år: «5».",
    "okonomi.har_ramme": "ja/nei: om strategi.toml har en investeringsramme (til `{% if okonomi.har_ramme %}`).",
    "okonomi.ramme_per_ar": "Rammen per år på én linje: «2027: 2 500 000 kr, 2028: 2 500 000 kr, …».",
    "okonomi.utredes": "Setningen om tiltak i planen med kostnad som utredes: «1 tiltak med kostnad som utredes er "
                       "ikke tatt med i summene (NAV-5).», eller tom.",
    "okonomi.innenfor_ramme": "ja/nei: ingen år går over rammen (nei når tiltak som er tatt med etter beslutning, "
                              "går ut over den).",
    "okonomi.overskridelse": "Hvilke år rammen er overskredet, og med hvor mye, fordi tiltak er tatt med etter "
                             "beslutning: «i 2027 med 460 000 kr», eller tom.",
    "vurdering": "Forklaringen av vurderingsmetoden.",
    "vurdering.forklaring": "Avsnittene som forklarer poengsummen, kategoriene og rammen, med verdiene fra "
                            "strategi.toml.",
    "sak": "Opplysningene til saksframlegget, fra `[sak]` i strategi.toml.",
    "sak.tittel": "Sakens tittel (`sak.tittel`).",
    "sak.saksbehandler": "Saksbehandleren.",
    "sak.arkivsaksnr": "Arkivsaksnummeret.",
    "sak.arkivkode": "Arkivkoden (`sak.arkivkode`), eller tom.",
    "sak.dato": "Saksframleggets dato: datoen versjonen ble laget.",
    "sak.forslag_overskrift": "Overskriften over forslaget til vedtak: «Kommunedirektørens forslag til vedtak».",
    "sak.underskriver": "Den som skriver under.",
    "sak.underskriver_tittel": "Tittelen til den som skriver under.",
    "sak.saksgang": "Utvalgene saken skal behandles i, i rekkefølge.",
    "sak.saksgang[].utvalg": "Utvalget: «Formannskapet».",
    "sak.saksgang[].motedato": "Møtedatoen: «03.03.2027», eller tom.",
    "sak.saksgang[].saksnr": "Saksnummeret i utvalget, eller tom.",
    "sak.vedtaksorgan": "Det siste utvalget i saksgangen (det som vedtar), ellers «Kommunestyret».",
    "sak.vedtaksorgan_liten": "Det samme med liten forbokstav, inne i en setning.",
    "sak.forslagsstiller": "Hvem som foreslår: «Kommunedirektøren» (fra `sak.forslag_overskrift`).",
    "sak.forslagsstiller_liten": "Det samme med liten forbokstav, inne i en setning: «ber kommunedirektøren …».",
    "sak.tidligere_vedtak": "Vedtakene saken bygger på (`[[sak.tidligere_vedtak]]`): «Formannskapet 24.04.2026, "
                            "sak 41/26: …».",
    "sak.drofting": "Drøftingen med de tillitsvalgte i én setning (`sak.drofting`), eller tom.",
    "sak.deleger_rullering": "ja/nei: forslaget til vedtak delegerer den årlige rulleringen (`sak.deleger_rullering`).",
    "sak.utenfor_rammen": "ja/nei: noen tiltak får ikke plass innenfor rammen.",
    "sak.sted_dato": "«Kommunedirektøren i Fjordvik, 15.03.2027».",
    "endringer": "Hva som er endret siden versjonen som sist ble sendt til politisk behandling (`iktplan "
                  "publiser`); utkastene imellom teller ikke.",
    "endringer.forste_versjon": "ja/nei: ingen versjon er sendt til politisk behandling før denne.",
    "endringer.ingen": "ja/nei: ingen tiltak, beløp eller sammenligning er endret siden den som ble sendt.",
    "endringer.forrige_nummer": "Nummeret på versjonen som sist ble sendt (tom før den første).",
    "endringer.forrige_dato": "Datoen for den versjonen (tom før den første).",
    "endringer.enheter": "Enheter med ny revisjon: «Hjemmetjenesten: revisjon 1 → 2».",
    "endringer.lagt_til": "Nye tiltak: «HJT-7: tittel (Hjemmetjenesten)».",
    "endringer.fjernet": "Tiltak som er borte.",
    "endringer.beslutninger": "Endrede beslutninger i beslutninger.xlsx: «SRV-4: tittel: Beslutning «Automatisk» → "
                              "«Ta med»».",
    "endringer.endret": "Én rad per endret felt i et tiltak.",
    "endringer.endret[].tiltak": "Tiltaket (bare på første rad for hvert tiltak, så tabellen leses som en liste).",
    "endringer.endret[].felt": "Feltet: «Investering», «Poengsum», …",
    "endringer.endret[].fra": "Verdien før.",
    "endringer.endret[].til": "Verdien nå.",
    "endringer.totaler": "Endrede summer per år.",
    "endringer.totaler[].ar": "Året.",
    "endringer.totaler[].felt": "Hva summen gjelder: «Investering innenfor rammen», …",
    "endringer.totaler[].fra": "Summen før.",
    "endringer.totaler[].til": "Summen nå.",
    "endringer.totaler[].endring": "Forskjellen med fortegn: «+250 000 kr».",
    "endringer.sekretariatet": "Hva sekretariatet har gjort siden versjonen som sist ble sendt, én setning per handling: "
                               "«Sekretariatet koblet «Fjordvik skule» til Fjordvik skole 29.11.2026: skrivefeil "
                               "i enhetsnavnet».",
    "endringer.sammenligning": "ja/nei: sammenligningen av IKT-barometeret med andre kommuner er endret.",
    "diagram_barometer": "Diagram: barometeret per område.",
    "diagram_sammenligning": "Diagram: barometeret per område sammenlignet med andre kommuner (bare når "
                             "«sammenligning.vises»; ellers tomt).",
    "diagram_okonomi": "Diagram: investering, drift og gevinst per år.",
    "diagram_tidslinje": "Diagram: tiltakene innenfor rammen på en tidslinje.",
    # -- a measure --
    "t.id": "Tiltakets nummer: enhetens kode og nummeret i skjemaet, «FBS-3».",
    "t.tittel": "Tittelen i dokumentene: sekretariatets «Tittel i dokumentene», ellers enhetens.",
    "t.overskrift": "«FBS-3: Ny skoleplattform».",
    "t.rangering": "Plassen i prioriteringen; 1 er høyest.",
    "t.poeng": "Poengsummen 0–100 med én desimal: «72,5».",
    "t.enhet": "Enheten som foreslo tiltaket; for et felles tiltak alle eierne: «Fjordvik sykehjem og "
               "Hjemmetjenesten».",
    "t.omrade": "Enhetens tjenesteområde.",
    "t.beskrivelse": "Beskrivelsen fra skjemaet, eller «Ikke oppgitt».",
    "t.delmal": "«D3: tekst», «D9 (finnes ikke i strategien)» eller «Ikke oppgitt».",
    "t.problemer": "Problemene tiltaket svarer på, ett per linje: «Nr. 2 (høy prioritet): …», eller «Ingen oppgitt».",
    "t.investering": "Investeringen: «1 250 000 kr», eller «kostnad utredes».",
    "t.investering_tekst": "«investering 1 250 000 kr», eller «kostnad utredes» (til handlingsplanens linjer).",
    "t.investering_avrundet": "Investeringen avrundet for løpende tekst: «1,3 mill. kr», eller «kostnad utredes».",
    "t.drift": "Årlig drift i kroner, eller «kostnad utredes».",
    "t.gevinst": "Årlig gevinst i kroner, eller «gevinst utredes».",
    "t.gevinst_tekst": "Gevinstene i ord (tom hvis ikke oppgitt).",
    "t.gevinst_type": "Gevinsttypen: «Penger i budsjettet», «Spart tid», «Bedre kvalitet» eller «Ikke oppgitt "
                      "(regnes ikke som penger i budsjettet)».",
    "t.gevinst_samlet": "«150 000 kr per år i penger i budsjettet», «Spart tid, verdsatt til 150 000 kr per år (ikke "
                        "penger i budsjettet)» …, med gevinstbeskrivelsen på neste linje.",
    "t.naverdi": "Nåverdien: «412 000 kr over 5 år».",
    "t.nytte_kost": "Nytte/kostnad: «2,10 (nåverdien av gevinsten delt på nåverdien av kostnadene)», eller "
                    "«Ingen kostnader».",
    "t.tilbakebetaling": "«2,5 år», «Straks (ingen investering å betale tilbake)» eller «Ikke innen 5 år».",
    "t.tidsrom": "«Vår 2027», «Vår 2029 (flyttet fra vår 2028)» når planen har flyttet tiltaket, eller "
                 "«Ikke oppgitt».",
    "t.varighet": "«6 måneder», eller «Ikke oppgitt».",
    "t.tidsrom_plan": "Handlingsplanens kolonne: «Vår 2027, 6 mnd.», eller «Vår 2029, 8 mnd. (flyttet fra vår "
                      "2028)» når planen har flyttet tiltaket.",
    "t.ansvarlig": "Ansvarlig for gjennomføring, eller «Ikke oppgitt».",
    "t.oppfolging": "Ansvarlig for oppfølging, eller «Ikke oppgitt».",
    "t.risiko": "«Lav», «Middels», «Høy» eller «Ikke oppgitt».",
    "t.kategori": "Kategorien vurderingen gir: «Kritisk prosess» eller «Quick win».",
    "t.kategori_liten": "Det samme med liten forbokstav, inne i en setning.",
    "t.kategori_tekst": "Kategorien og enhetens forslag: «Quick win, som enheten foreslo.»",
    "t.avhengigheter": "Avhengighetene, eller «Ingen oppgitt».",
    "t.status": "«innenfor rammen 2027», «innenfor rammen 2029 (flyttet fra 2028)», «…, tatt med etter "
                "beslutning», «med i planen» (ingen ramme), «utenfor rammen», «ikke tatt med (beslutning)» eller "
                "«slått sammen med FSH-1».",
    "t.ramme_tekst": "Plassen i planen og hver regel og beslutning bak den: «Innenfor rammen for 2029. Flyttet til "
                     "2029: …», eller hvorfor tiltaket ikke er med.",
    "t.beslutning": "Sekretariatets beslutning og begrunnelse: «Ta med: tiltaket er låst inn i planen. Begrunnelse: "
                    "…», eller «Automatisk: …».",
    "t.samordning": "Felles tiltak og samordningsgruppe: «Samordningsgruppe S-3 sammen med HJT-1.», eller «Ingen».",
    "t.innenfor": "ja/nei: tiltaket er med i planen (til `{% if t.innenfor %}`).",
    "t.begrunnelse": "Begrunnelsen for økonomidelen av poengsummen: «Nåverdien over 5 år er …».",
    "t.poengdeler": "Én rad per kriterium (økonomi, strategisk forankring, risiko, tid til effekt).",
    "t.poengdeler[].kriterium": "Kriteriet.",
    "t.poengdeler[].vekt": "Vekten, regnet om til poeng av 100: «40».",
    "t.poengdeler[].poeng": "Poengene tiltaket fikk: «31,2».",
    "t.poengdeler[].begrunnelse": "Hvorfor.",
    "t.advarsler": "Merknader fra vurderingen, f.eks. «Tiltaket er ikke knyttet til et delmål.»",
    "t.gevinstplan": "Tiltakets gevinstplan (kolonnene Gevinsteier–Måldato i skjemaet, fra skjemaversjon 1.1).",
    "t.gevinstplan.har": "Sann når enheten har fylt ut noe av gevinstplanen (usann for eldre skjemaer).",
    "t.gevinstplan.eier": "Gevinsteieren; uten den den som er ansvarlig for oppfølging, ellers «Ikke oppgitt».",
    "t.gevinstplan.indikator": "Hva som måles for å se gevinsten: «Henvendelser fra foreldre per uke».",
    "t.gevinstplan.nullpunkt": "Indikatorens verdi før tiltaket, slik enheten skrev den: «40 per uke».",
    "t.gevinstplan.malverdi": "Verdien enheten sikter mot: «10 per uke».",
    "t.gevinstplan.maldato": "Når målverdien skal være nådd: «31.12.2028», eller «Ikke oppgitt».",
    # -- a year --
    "a.ar": "Året, eller «Sum» i sum-raden.",
    "a.ramme": "Investeringsrammen det året, eller «–» uten ramme.",
    "a.investering": "Investering i tiltak som starter det året; «(+2 utredes)» når tiltak med kostnad som "
                     "utredes er utelatt (også i sum-raden).",
    "a.drift": "Årlig drift for tiltakene som er i gang det året.",
    "a.gevinst": "Gevinst i kroner (bare det enhetene har oppgitt som penger i budsjettet) for tiltakene som er "
                 "i gang det året.",
    "a.netto": "Gevinst i kroner minus drift og investering det året; negativt er en kostnad.",
    # -- a unit --
    "e.navn": "Enhetens navn.",
    "e.kode": "Enhetens kode, brukt i tiltaksnumrene: «FBS».",
    "e.omrade": "Tjenesteområdet.",
    "e.kontakt": "Kontaktpersonen i skjemaet.",
    "e.revisjon": "Revisjonen som gjelder: «2».",
    "e.levert": "Datoen revisjonen kom inn: «12.02.2027».",
}

_KIND = {TEXT: "tekst", FLAG: "ja/nei", IMAGE: "bilde", PROSE: "tekst fra Word"}


def _group_of(value: Any) -> tuple[str, str] | None:
    if value is TOTAL:  # the sum row has the fields of a year
        value = YEAR
    for title, var, fields in GROUPS:
        if value is fields:
            return title, var
    return None


def _kind(value: Any) -> str:
    if isinstance(value, list):
        inner = value[0]
        group = _group_of(inner)
        if group:
            return f"liste ([{group[0].lower()}](#{_anchor(group[0])}))"
        return "liste med tekst" if inner == TEXT else "liste"
    group = _group_of(value)
    if group:
        return f"[{group[0].lower()}](#{_anchor(group[0])})"
    if isinstance(value, dict):
        return "gruppe"
    return _KIND.get(value, str(value))


def _anchor(title: str) -> str:
    """GitHub's heading anchor: lower case, spaces to hyphens, punctuation gone."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _rows(schema: dict[str, Any], prefix: str, missing: list[str]) -> list[tuple[str, str, str]]:
    rows = []
    for key, value in schema.items():
        path = f"{prefix}{key}"
        description = DESCRIPTIONS.get(path)
        if description is None:
            missing.append(path)
            description = ""
        rows.append((path, _kind(value), description))
        if _group_of(value) or (isinstance(value, list) and _group_of(value[0])):
            continue
        if isinstance(value, dict):
            rows += _rows(value, path + ".", missing)  # ANY_KEY gives «tekster.*»
        elif isinstance(value, list) and isinstance(value[0], dict):
            rows += _rows(value[0], path + "[].", missing)
    return rows


def used_names(templates: Path = TEMPLATES) -> dict[str, set[str]]:
    """Template file name → the top-level names it uses (body, headers and footers)."""
    env = jinja2.Environment()
    used: dict[str, set[str]] = {}
    for name in _DOCUMENTS:
        tpl = DocxTemplate(str(templates / name))
        document = tpl.get_docx()
        parts = [document.element.body]
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            parts += [part.element for _rel, part in tpl.get_headers_footers(uri)]
        names: set[str] = set()
        for element in parts:
            names |= meta.find_undeclared_variables(env.parse(tpl.patch_xml(tpl.xml_to_string(element))))
        used[name] = names
    return used


def render(templates: Path = TEMPLATES) -> str:
    """The text of docs/malvariabler.md. ``ValueError`` names the fields without a description."""
    missing: list[str] = []
    top = _rows(SCHEMA, "", missing)
    groups = [(title, var, _rows(fields, f"{var}.", missing)) for title, var, fields in GROUPS]
    stale = sorted(set(DESCRIPTIONS) - {path for path, _, _ in top} - {p for _, _, rows in groups for p, _, _ in rows})
    if missing or stale:
        raise ValueError(f"schemadoc.DESCRIPTIONS: no description for {missing}; describes what is gone: {stale}")
    used = used_names(templates)
    short = {name: name.removesuffix(".docx") for name in _DOCUMENTS}

    out = [
        "# Malvariabler",
        "",
        "<!-- Laget av «python3 -m pipeline.documents.schemadoc» fra SCHEMA i pipeline/documents/context.py "
        "og malene i pipeline/defaults/word_templates/. Ikke rediger fila for hånd: endre beskrivelsene i "
        "pipeline/documents/schemadoc.py og kjør kommandoen. En test sjekker at fila er à jour. -->",
        "",
        "Dette er alle navnene Word-malene i `word_templates/` kan bruke. Verdiene er ferdig skrevet på norsk "
        "(`1 250 000 kr`, `15.03.2027`, `72,5`), så malen bare plasserer dem. Slik brukes de i Word:",
        "",
        "| I malen | Betyr |",
        "|---|---|",
        "| `{{ kommune }}` | setter inn en verdi |",
        "| `{{ sak.saksbehandler }}` | en verdi i en gruppe (punktum mellom navnene) |",
        "| `{% for t in tiltak %}` … `{{ t.tittel }}` … `{% endfor %}` | gjentar teksten for hvert element i en liste |",
        "| `{%tr for t in handlingsplan.kritiske %}` … `{%tr endfor %}` | gjentar en tabellrad (koden står i "
        "en egen rad over og under) |",
        "| `{%p if okonomi.har_ramme %}` … `{%p endif %}` | tar med avsnittene bare når verdien er «ja» |",
        "| `{{ diagram_okonomi }}` | setter inn et diagram (alene i sitt avsnitt) |",
        "",
        "Navnene i tabellene under står med stien fra toppen; `[]` betyr «hvert element i lista», altså "
        "variabelen i en `for`-løkke. Kjør `iktplan check-templates` etter at du har redigert en mal: den finner "
        "navn som ikke finnes (og foreslår det nærmeste) og koder som Word har delt opp. Kolonnen «Brukt i» viser "
        "hvilke av de leverte malene som bruker navnet.",
        "",
        "## Alle navn",
        "",
        "| Navn | Type | Brukt i | Beskrivelse |",
        "|---|---|---|---|",
    ]
    for path, kind, description in top:
        root = path.split(".")[0].split("[")[0]
        where = ", ".join(short[n] for n in _DOCUMENTS if root in used[n]) if "." not in path and "[" not in path else ""
        out.append(f"| `{path}` | {kind} | {where} | {description} |")
    for title, var, rows in groups:
        out += [
            "",
            f"## {title}",
            "",
            f"Et element i en liste av denne typen, her kalt `{var}` (`{{% for {var} in … %}}`).",
            "",
            "| Navn | Type | Beskrivelse |",
            "|---|---|---|",
        ]
        out += [f"| `{path}` | {kind} | {description} |" for path, kind, description in rows]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in args:
        if not TARGET.is_file() or TARGET.read_text("utf-8") != text:
            print(f"{TARGET} er ikke à jour. Kjør «python3 -m pipeline.documents.schemadoc».", file=sys.stderr)
            return 1
        print(f"{TARGET} er à jour.")
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(TARGET, text)
    print(f"Skrev {TARGET}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
