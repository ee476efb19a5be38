"""The template variable reference, ``docs/malvariabler.md``, written from the schema.

Run ``python3 -m pipeline.documents.schemadoc`` after changing
:data:`pipeline.documents.context.SCHEMA` or the shipped templates: it writes the
file from the schema, the descriptions below and the names each shipped template
uses. ``--check`` only compares (exit 1 when the file is out of date); ``--språk nn``
prints the reference in nynorsk (or ``da``: Danish) instead of writing the file;
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
from pipeline.i18n import Lang, N_

#: The templates this guide describes: the bokmål set in word_templates/ (the other languages'
#: sets have the same fields under their own names).
_DOCUMENTS = FileNames().documents

#: Where the reference lives in a checkout of the repository.
TARGET = Path(__file__).resolve().parents[2] / "docs" / "malvariabler.md"
TEMPLATES = Path(__file__).resolve().parents[1] / "defaults" / "word_templates"

#: Groups of fields that occur in several places, described once: (title, loop variable, fields).
GROUPS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (N_("Felt for et tiltak"), "t", MEASURE),
    (N_("Felt for et år i økonomitabellene"), "a", YEAR),
    (N_("Felt for en enhet som har levert"), "e", UNIT),
)

DESCRIPTIONS: dict[str, str] = {
    # -- top level --
    "kommune": N_("Kommunens navn fra strategi.toml, f.eks. «Fjordvik kommune»."),
    "tittel": N_("Dokumenttittelen: «IKT-strategi for Fjordvik kommune 2027–2030»."),
    "periode": N_("Strategiperioden: «2027–2030»."),
    "versjon": N_("Versjonen av dokumentene."),
    "versjon.nummer": N_("Versjonsnummeret: «3»."),
    "versjon.dato": N_("Datoen versjonen ble laget: «15.03.2027»."),
    "versjon.tekst": N_("«Utkast – versjon 3, 15.03.2027» til versjonen er sendt til politisk behandling "
                     "(`iktplan publiser`), deretter «Versjon 3, 15.03.2027». Står i topptekstene."),
    "versjon.utkast": N_("ja/nei: versjonen er et utkast, ikke sendt til politisk behandling ennå "
                      "(til `{%p if versjon.utkast %}`)."),
    "versjon.status": N_("«Utkast: ikke sendt til politisk behandling ennå.» eller «Sendt til politisk behandling.»"),
    "mandat": N_("Avsnittene i `tekster.mandat` i strategi.toml (skilt med tom linje)."),
    "standarder": N_("Avsnittene i `tekster.standarder` i strategi.toml."),
    "tekster": N_("Alle nøklene under `[tekster]` i strategi.toml, også dem du finner på selv."),
    "tekster.*": N_("Avsnittene i `tekster.<nøkkel>`, f.eks. `{% for avsnitt in tekster.hilsen %}`. En nøkkel som ikke "
                 "finnes i strategi.toml, stopper dokumentene med en melding."),
    "prosa": N_("Kommunens egne tekster fra Word, i mappen `tekster/` (se sekretariat.md). Hver står alene i sitt "
             "avsnitt som `{{p prosa.navn }}`, etter `{%p if prosa.navn %}`; uten egen tekst er verdien tom."),
    "prosa.prosjektorganisering": N_("`tekster/Prosjektorganisering.docx` (eller `tekster.prosjektorganisering`)."),
    "prosa.bakgrunn": N_("`tekster/Bakgrunn.docx`: bakgrunnen og de tidligere vedtakene."),
    "prosa.strategiske_valg": N_("`tekster/Strategiske valg.docx`: alternativene og det strategiske valget."),
    "prosa.vurdering": N_("`tekster/Vurdering.docx`: kommunedirektørens vurdering med egne ord."),
    "prosa.medvirkning": N_("`tekster/Medvirkning.docx`: medvirkning og drøfting med de tillitsvalgte."),
    "prosa.konsekvenser": N_("`tekster/Konsekvenser.docx`: administrative og personalmessige konsekvenser, personvern."),
    "prosa.okonomiplan": N_("`tekster/Økonomiplan.docx`: sammenhengen med økonomiplanen."),
    "virksomhetsmal": N_("`mal.virksomhetsmal` fra strategi.toml, eller «Ikke oppgitt»."),
    "hovedmal": N_("Hovedmålene fra `mal.hovedmal`, ett per element."),
    "delmal": N_("Delmålene fra `[[mal.delmal]]`, i rekkefølgen i strategi.toml."),
    "delmal[].kode": N_("Delmålets kode: «D3»."),
    "delmal[].tekst": N_("Delmålets tekst."),
    "delmal[].tiltak": N_("Tiltakene som bygger opp under delmålet, i prioritert rekkefølge."),
    "delmal[].prosa": N_("Teksten fra `tekster/Delmål <kode>.docx` (tekst fra Word; tom uten egen tekst)."),
    "uten_delmal": N_("Tiltak uten delmål, eller med et delmål som ikke finnes i strategi.toml."),
    "deltakelse": N_("Hvor mange enheter som har levert."),
    "deltakelse.levert": N_("Antall enheter som har levert: «7»."),
    "deltakelse.forventet": N_("Antall enheter som skulle levere (de i `[[enheter]]`, pluss andre som har levert)."),
    "deltakelse.tekst": N_("En setning: «7 av 8 enheter har levert skjema.» / «Alle de 8 enhetene har levert skjema.»"),
    "enheter": N_("Enhetene som har levert, med siste godkjente revisjon."),
    "enheter_mangler": N_("Enhetene i `[[enheter]]` som ikke har levert."),
    "enheter_mangler[].navn": N_("Enhetens navn."),
    "enheter_mangler[].omrade": N_("Tjenesteområdet, eller «tjenesteområde ikke oppgitt»."),
    "antall": N_("Tellinger, skrevet som tall med mellomrom som tusenskille."),
    "antall.tiltak": N_("Antall tiltak i alt."),
    "antall.innenfor": N_("Antall tiltak innenfor investeringsrammen."),
    "antall.utenfor": N_("Antall tiltak som ikke er med i planen: utenfor rammen, eller tatt ut etter beslutning."),
    "antall.kritiske": N_("Antall kritiske prosesser innenfor rammen."),
    "antall.quick_wins": N_("Antall quick wins innenfor rammen."),
    "antall.problemer": N_("Antall problemer og muligheter fra alle enhetene."),
    "antall.sammenslatt": N_("Antall tiltak som er slått sammen med et annet (de regnes i det felles tiltaket)."),
    "antall.utredes": N_("Antall tiltak med kostnad som utredes (ikke beregnet)."),
    "problemer": N_("Alle problemer og muligheter, sortert etter prioritet (Høy, Middels, Lav), så enhet og nummer."),
    "problemer[].prioritet": N_("«Høy», «Middels», «Lav» eller «–»."),
    "problemer[].enhet": N_("Enheten som meldte problemet."),
    "problemer[].nr": N_("Nummeret i enhetens skjema."),
    "problemer[].beskrivelse": N_("Beskrivelsen."),
    "problemer[].type": N_("«Problem» eller «Mulighet» (tom hvis ikke oppgitt)."),
    "problemer[].konsekvens": N_("Konsekvensen (tom hvis ikke oppgitt)."),
    "hovedutfordringer": N_("De fem viktigste utfordringene: ordnet etter prioritet, så etter hvor mange enheter som "
                         "melder om det samme (tjenesteområdene går på omgang ved likt), hver med enhetene i parentes."),
    "utfordringer_regel": N_("Én setning som forklarer hvordan utfordringene er ordnet."),
    "systemer": N_("Systemporteføljen."),
    "systemer.antall": N_("Antall systemer i alle skjemaene."),
    "systemer.per_omrade": N_("Én rad per tjenesteområde som har systemer."),
    "systemer.per_omrade[].omrade": N_("Tjenesteområdet."),
    "systemer.per_omrade[].antall": N_("Antall systemer."),
    "systemer.per_omrade[].tilfredshet": N_("Gjennomsnittlig tilfredshet (1–5) med én desimal: «3,4», eller «–»."),
    "systemer.per_omrade[].beholde": N_("Antall systemer enhetene vil beholde."),
    "systemer.per_omrade[].videreutvikle": N_("Antall som skal videreutvikles."),
    "systemer.per_omrade[].erstatte": N_("Antall som skal erstattes."),
    "systemer.per_omrade[].avvikle": N_("Antall som skal avvikles."),
    "systemer.felles": N_("Systemer som brukes av flere enheter."),
    "systemer.felles[].navn": N_("Systemets navn."),
    "systemer.felles[].enheter": N_("Enhetene som bruker det, skilt med komma."),
    "systemer.felles[].tilfredshet": N_("Gjennomsnittlig tilfredshet, eller «–»."),
    "systemer.felles[].livslop": N_("Livsløpsvalgene enhetene har gjort, skilt med komma, eller «–»."),
    "systemer.overlapp": N_("Setninger om ulike systemer som brukes til det samme i ulike enheter."),
    "barometer": N_("IKT-barometeret."),
    "barometer.tekst": N_("«Det kom 126 svar fra 7 enheter.» eller «Ingen enheter har svart på barometeret ennå.»"),
    "barometer.omrader": N_("Ett element per område i barometeret."),
    "barometer.omrader[].omrade": N_("Området, f.eks. «Digital kompetanse»."),
    "barometer.omrader[].kommune": N_("Kommunens gjennomsnitt (1–5) med én desimal, eller «–»."),
    "barometer.omrader[].lavest": N_("Tjenesteområdet med lavest snitt og snittet: «Helse og omsorg (2,3)», eller «–»."),
    "barometer.omrader[].hoyest": N_("Tjenesteområdet med høyest snitt, eller «–»."),
    "sammenligning": N_("IKT-barometeret sammenlignet med andre kommuner i samme lager (bare med samtykke i "
                     "[samarbeid] del_barometer)."),
    "sammenligning.valgt": N_("ja/nei: kommunen deler barometeret sitt og vil sammenlignes (ellers er delen borte)."),
    "sammenligning.vises": N_("ja/nei: det finnes andre kommuner med tall å sammenligne med (tabell og diagram)."),
    "sammenligning.tekst": N_("Hva tabellen viser, eller den ene setningen om at det ikke er noen å sammenligne med."),
    "sammenligning.kommuner": N_("De andre kommunene: «Havvik kommune og Kommune A» (uten navn når de ikke vil vises "
                              "med navn)."),
    "sammenligning.omrader": N_("Én rad per område i barometeret."),
    "sammenligning.omrader[].omrade": N_("Området."),
    "sammenligning.omrader[].egen": N_("Kommunens snitt (1–5) med én desimal, eller «–»."),
    "sammenligning.omrader[].egen_svar": N_("Antall svar fra kommunens enheter: «42 svar»."),
    "sammenligning.omrader[].snitt_andre": N_("Snittet for de andre kommunene (hver kommune teller likt), eller «–»."),
    "sammenligning.omrader[].andre_svar": N_("«2 kommuner, 80 svar», eller «for få svar»."),
    "sammenligning.omrader[].forskjell": N_("Kommunens snitt minus de andres, slik de vises (én desimal), med "
                                          "fortegn: «+0,3», «−0,2», eller «–»."),
    "sammenligning.omrader[].hver": N_("Hver av de andre kommunene på egen linje: «Havvik kommune: 3,1 (40 svar)»."),
    "figur": N_("Figurnumrene i strategien (de flytter seg når sammenligningen er med)."),
    "figur.sammenligning": N_("Nummeret på sammenligningsdiagrammet («2»), tomt når det ikke er med."),
    "figur.tidslinje": N_("Nummeret på tidslinjen: «2», eller «3» med sammenligningen."),
    "figur.okonomi": N_("Nummeret på økonomidiagrammet: «3», eller «4» med sammenligningen."),
    "tiltak": N_("Alle tiltak, i prioritert rekkefølge (høyest poengsum først)."),
    "topp_tiltak": N_("De fem høyest prioriterte tiltakene."),
    "handlingsplan": N_("Handlingsplanen, delt slik KS' mal gjør."),
    "handlingsplan.kritiske": N_("Kritiske prosesser i planen: de sekretariatet har tatt med først, så resten i "
                              "prioritert rekkefølge."),
    "handlingsplan.quick_wins": N_("Quick wins i planen, i samme rekkefølge."),
    "handlingsplan.utenfor": N_("Tiltak som ikke er med i planen: utenfor rammen, venter på en forutsetning, eller "
                             "tatt ut etter beslutning (`t.ramme_tekst` sier hvorfor)."),
    "handlingsplan.sammenslatt": N_("Tiltak som er slått sammen med et annet og regnes i det felles tiltaket."),
    "beslutninger": N_("Sekretariatets beslutninger fra beslutninger.xlsx, én per tiltak: «SRV-4: tittel – Ta med: "
                    "tiltaket er låst inn i planen. Begrunnelse: …»."),
    "samordning": N_("Samordningsgruppene på tvers av enheter: «S-3: Ny løsning for digitalt tilsyn, 2 enheter "
                  "(FSH-1, HJT-1): begrunnelse» (høyst åtte tiltak nevnt per gruppe)."),
    "okonomi": N_("Økonomien per år i strategiperioden."),
    "okonomi.ar": N_("Ett element per år, for tiltakene innenfor rammen."),
    "okonomi.sum": N_("Sum-raden for `okonomi.ar` (`ar` er «Sum»)."),
    "okonomi.alle_ar": N_("Ett element per år, for alle tiltakene (også de utenfor rammen)."),
    "okonomi.alle_sum": N_("Sum-raden for `okonomi.alle_ar`."),
    "okonomi.naverdi": N_("Samlet nåverdi for alle tiltakene, avrundet til løpende tekst: «3,5 mill. kr»."),
    "okonomi.naverdi_innenfor": N_("Samlet nåverdi for tiltakene innenfor rammen, avrundet: «5,6 mill. kr»."),
    "okonomi.investering": N_("Samlet investering innenfor rammen, nøyaktig: «7 195 000 kr», med «(1 tiltak med "
                            "kostnad som utredes er ikke tatt med)» etter når det gjelder (til forslaget til vedtak)."),
    "okonomi.drift_per_ar": N_("Økte driftskostnader per år når alle tiltakene innenfor rammen er gjennomført, "
                            "nøyaktig: «1 450 000 kr» (til forslaget til vedtak)."),
    "okonomi.okonomiplan": N_("Perioden for økonomiplanen: `sak.okonomiplan_periode`, ellers strategiperioden."),
    "okonomi.tekst": N_("Beløp avrundet for løpende tekst («7,2 mill. kr», «489 000 kr»); tabellene har nøyaktige."),
    "okonomi.tekst.investering": N_("Samlet investering innenfor rammen."),
    "okonomi.tekst.ramme": N_("Summen av investeringsrammen (tom uten ramme)."),
    "okonomi.tekst.drift_per_ar": N_("Økte driftskostnader per år når alle tiltakene er gjennomført."),
    "okonomi.tekst.gevinst_per_ar": N_("Gevinst i kroner (penger i budsjettet) per år når alle tiltakene er gjennomført."),
    "okonomi.tekst.netto_per_ar": N_("Gevinst i kroner minus drift, per år når alle tiltakene er gjennomført."),
    "okonomi.andre_gevinster": N_("Setninger om gevinstene som ikke er penger i budsjettet (tid, kvalitet, ukjent "
                               "type): hvor mange tiltak, aldri som beløp."),
    "okonomi.rente": N_("Kalkulasjonsrenten: «4 %»."),
    "okonomi.horisont": N_("Analyseperioden i år: «5»."),
    "okonomi.har_ramme": N_("ja/nei: om strategi.toml har en investeringsramme (til `{% if okonomi.har_ramme %}`)."),
    "okonomi.ramme_per_ar": N_("Rammen per år på én linje: «2027: 2 500 000 kr, 2028: 2 500 000 kr, …»."),
    "okonomi.utredes": N_("Setningen om tiltak i planen med kostnad som utredes: «1 tiltak med kostnad som utredes er "
                       "ikke tatt med i summene (NAV-5).», eller tom."),
    "okonomi.innenfor_ramme": N_("ja/nei: ingen år går over rammen (nei når tiltak som er tatt med etter beslutning, "
                              "går ut over den)."),
    "okonomi.overskridelse": N_("Hvilke år rammen er overskredet, og med hvor mye, fordi tiltak er tatt med etter "
                             "beslutning: «i 2027 med 460 000 kr», eller tom."),
    "vurdering": N_("Forklaringen av vurderingsmetoden."),
    "vurdering.forklaring": N_("Avsnittene som forklarer poengsummen, kategoriene og rammen, med verdiene fra "
                            "strategi.toml."),
    "sak": N_("Opplysningene til saksframlegget, fra `[sak]` i strategi.toml."),
    "sak.tittel": N_("Sakens tittel (`sak.tittel`)."),
    "sak.saksbehandler": N_("Saksbehandleren."),
    "sak.arkivsaksnr": N_("Arkivsaksnummeret."),
    "sak.arkivkode": N_("Arkivkoden (`sak.arkivkode`), eller tom."),
    "sak.dato": N_("Saksframleggets dato: datoen versjonen ble laget."),
    "sak.forslag_overskrift": N_("Overskriften over forslaget til vedtak: «Kommunedirektørens forslag til vedtak»."),
    "sak.underskriver": N_("Den som skriver under."),
    "sak.underskriver_tittel": N_("Tittelen til den som skriver under."),
    "sak.saksgang": N_("Utvalgene saken skal behandles i, i rekkefølge."),
    "sak.saksgang[].utvalg": N_("Utvalget: «Formannskapet»."),
    "sak.saksgang[].motedato": N_("Møtedatoen: «03.03.2027», eller tom."),
    "sak.saksgang[].saksnr": N_("Saksnummeret i utvalget, eller tom."),
    "sak.vedtaksorgan": N_("Det siste utvalget i saksgangen (det som vedtar), ellers «Kommunestyret»."),
    "sak.vedtaksorgan_liten": N_("Det samme med liten forbokstav, inne i en setning."),
    "sak.forslagsstiller": N_("Hvem som foreslår: «Kommunedirektøren» (fra `sak.forslag_overskrift`)."),
    "sak.forslagsstiller_liten": N_("Det samme med liten forbokstav, inne i en setning: «ber kommunedirektøren …»."),
    "sak.tidligere_vedtak": N_("Vedtakene saken bygger på (`[[sak.tidligere_vedtak]]`): «Formannskapet 24.04.2026, "
                            "sak 41/26: …»."),
    "sak.drofting": N_("Drøftingen med de tillitsvalgte i én setning (`sak.drofting`), eller tom."),
    "sak.deleger_rullering": N_("ja/nei: forslaget til vedtak delegerer den årlige rulleringen (`sak.deleger_rullering`)."),
    "sak.utenfor_rammen": N_("ja/nei: noen tiltak får ikke plass innenfor rammen."),
    "sak.sted_dato": N_("«Kommunedirektøren i Fjordvik, 15.03.2027»."),
    "endringer": N_("Hva som er endret siden versjonen som sist ble sendt til politisk behandling (`iktplan "
                  "publiser`); utkastene imellom teller ikke."),
    "endringer.forste_versjon": N_("ja/nei: ingen versjon er sendt til politisk behandling før denne."),
    "endringer.ingen": N_("ja/nei: ingen tiltak, beløp eller sammenligning er endret siden den som ble sendt."),
    "endringer.forrige_nummer": N_("Nummeret på versjonen som sist ble sendt (tom før den første)."),
    "endringer.forrige_dato": N_("Datoen for den versjonen (tom før den første)."),
    "endringer.enheter": N_("Enheter med ny revisjon: «Hjemmetjenesten: revisjon 1 → 2»."),
    "endringer.lagt_til": N_("Nye tiltak: «HJT-7: tittel (Hjemmetjenesten)»."),
    "endringer.fjernet": N_("Tiltak som er borte."),
    "endringer.beslutninger": N_("Endrede beslutninger i beslutninger.xlsx: «SRV-4: tittel: Beslutning «Automatisk» → "
                              "«Ta med»»."),
    "endringer.endret": N_("Én rad per endret felt i et tiltak."),
    "endringer.endret[].tiltak": N_("Tiltaket (bare på første rad for hvert tiltak, så tabellen leses som en liste)."),
    "endringer.endret[].felt": N_("Feltet: «Investering», «Poengsum», …"),
    "endringer.endret[].fra": N_("Verdien før."),
    "endringer.endret[].til": N_("Verdien nå."),
    "endringer.totaler": N_("Endrede summer per år."),
    "endringer.totaler[].ar": N_("Året."),
    "endringer.totaler[].felt": N_("Hva summen gjelder: «Investering innenfor rammen», …"),
    "endringer.totaler[].fra": N_("Summen før."),
    "endringer.totaler[].til": N_("Summen nå."),
    "endringer.totaler[].endring": N_("Forskjellen med fortegn: «+250 000 kr»."),
    "endringer.sekretariatet": N_("Hva sekretariatet har gjort siden versjonen som sist ble sendt, én setning per handling: "
                               "«Sekretariatet koblet «Fjordvik skule» til Fjordvik skole 29.11.2026: skrivefeil "
                               "i enhetsnavnet»."),
    "endringer.sammenligning": N_("ja/nei: sammenligningen av IKT-barometeret med andre kommuner er endret."),
    "diagram_barometer": N_("Diagram: barometeret per område."),
    "diagram_sammenligning": N_("Diagram: barometeret per område sammenlignet med andre kommuner (bare når "
                             "«sammenligning.vises»; ellers tomt)."),
    "diagram_okonomi": N_("Diagram: investering, drift og gevinst per år."),
    "diagram_tidslinje": N_("Diagram: tiltakene innenfor rammen på en tidslinje."),
    # -- a measure --
    "t.id": N_("Tiltakets nummer: enhetens kode og nummeret i skjemaet, «FBS-3»."),
    "t.tittel": N_("Tittelen i dokumentene: sekretariatets «Tittel i dokumentene», ellers enhetens."),
    "t.overskrift": N_("«FBS-3: Ny skoleplattform»."),
    "t.rangering": N_("Plassen i prioriteringen; 1 er høyest."),
    "t.poeng": N_("Poengsummen 0–100 med én desimal: «72,5»."),
    "t.enhet": N_("Enheten som foreslo tiltaket; for et felles tiltak alle eierne: «Fjordvik sykehjem og "
               "Hjemmetjenesten»."),
    "t.omrade": N_("Enhetens tjenesteområde."),
    "t.beskrivelse": N_("Beskrivelsen fra skjemaet, eller «Ikke oppgitt»."),
    "t.delmal": N_("«D3: tekst», «D9 (finnes ikke i strategien)» eller «Ikke oppgitt»."),
    "t.problemer": N_("Problemene tiltaket svarer på, ett per linje: «Nr. 2 (høy prioritet): …», eller «Ingen oppgitt»."),
    "t.investering": N_("Investeringen: «1 250 000 kr», eller «kostnad utredes»."),
    "t.investering_tekst": N_("«investering 1 250 000 kr», eller «kostnad utredes» (til handlingsplanens linjer)."),
    "t.investering_avrundet": N_("Investeringen avrundet for løpende tekst: «1,3 mill. kr», eller «kostnad utredes»."),
    "t.drift": N_("Årlig drift i kroner, eller «kostnad utredes»."),
    "t.gevinst": N_("Årlig gevinst i kroner, eller «gevinst utredes»."),
    "t.gevinst_tekst": N_("Gevinstene i ord (tom hvis ikke oppgitt)."),
    "t.gevinst_type": N_("Gevinsttypen: «Penger i budsjettet», «Spart tid», «Bedre kvalitet» eller «Ikke oppgitt "
                      "(regnes ikke som penger i budsjettet)»."),
    "t.gevinst_samlet": N_("«150 000 kr per år i penger i budsjettet», «Spart tid, verdsatt til 150 000 kr per år (ikke "
                        "penger i budsjettet)» …, med gevinstbeskrivelsen på neste linje."),
    "t.naverdi": N_("Nåverdien: «412 000 kr over 5 år»."),
    "t.nytte_kost": N_("Nytte/kostnad: «2,10 (nåverdien av gevinsten delt på nåverdien av kostnadene)», eller "
                    "«Ingen kostnader»."),
    "t.tilbakebetaling": N_("«2,5 år», «Straks (ingen investering å betale tilbake)» eller «Ikke innen 5 år»."),
    "t.tidsrom": N_("«Vår 2027», «Vår 2029 (flyttet fra vår 2028)» når planen har flyttet tiltaket, eller "
                 "«Ikke oppgitt»."),
    "t.varighet": N_("«6 måneder», eller «Ikke oppgitt»."),
    "t.tidsrom_plan": N_("Handlingsplanens kolonne: «Vår 2027, 6 mnd.», eller «Vår 2029, 8 mnd. (flyttet fra vår "
                      "2028)» når planen har flyttet tiltaket."),
    "t.ansvarlig": N_("Ansvarlig for gjennomføring, eller «Ikke oppgitt»."),
    "t.oppfolging": N_("Ansvarlig for oppfølging, eller «Ikke oppgitt»."),
    "t.risiko": N_("«Lav», «Middels», «Høy» eller «Ikke oppgitt»."),
    "t.kategori": N_("Kategorien vurderingen gir: «Kritisk prosess» eller «Quick win»."),
    "t.kategori_liten": N_("Det samme med liten forbokstav, inne i en setning."),
    "t.kategori_tekst": N_("Kategorien og enhetens forslag: «Quick win, som enheten foreslo.»"),
    "t.avhengigheter": N_("Avhengighetene, eller «Ingen oppgitt»."),
    "t.status": N_("«innenfor rammen 2027», «innenfor rammen 2029 (flyttet fra 2028)», «…, tatt med etter "
                "beslutning», «med i planen» (ingen ramme), «utenfor rammen», «ikke tatt med (beslutning)» eller "
                "«slått sammen med FSH-1»."),
    "t.ramme_tekst": N_("Plassen i planen og hver regel og beslutning bak den: «Innenfor rammen for 2029. Flyttet til "
                     "2029: …», eller hvorfor tiltaket ikke er med."),
    "t.beslutning": N_("Sekretariatets beslutning og begrunnelse: «Ta med: tiltaket er låst inn i planen. Begrunnelse: "
                    "…», eller «Automatisk: …»."),
    "t.samordning": N_("Felles tiltak og samordningsgruppe: «Samordningsgruppe S-3 sammen med HJT-1.», eller «Ingen»."),
    "t.innenfor": N_("ja/nei: tiltaket er med i planen (til `{% if t.innenfor %}`)."),
    "t.begrunnelse": N_("Begrunnelsen for økonomidelen av poengsummen: «Nåverdien over 5 år er …»."),
    "t.poengdeler": N_("Én rad per kriterium (økonomi, strategisk forankring, risiko, tid til effekt)."),
    "t.poengdeler[].kriterium": N_("Kriteriet."),
    "t.poengdeler[].vekt": N_("Vekten, regnet om til poeng av 100: «40»."),
    "t.poengdeler[].poeng": N_("Poengene tiltaket fikk: «31,2»."),
    "t.poengdeler[].begrunnelse": N_("Hvorfor."),
    "t.advarsler": N_("Merknader fra vurderingen, f.eks. «Tiltaket er ikke knyttet til et delmål.»"),
    "t.gevinstplan": N_("Tiltakets gevinstplan (kolonnene Gevinsteier–Måldato i skjemaet, fra skjemaversjon 1.1)."),
    "t.gevinstplan.har": N_("Sann når enheten har fylt ut noe av gevinstplanen (usann for eldre skjemaer)."),
    "t.gevinstplan.eier": N_("Gevinsteieren; uten den den som er ansvarlig for oppfølging, ellers «Ikke oppgitt»."),
    "t.gevinstplan.indikator": N_("Hva som måles for å se gevinsten: «Henvendelser fra foreldre per uke»."),
    "t.gevinstplan.nullpunkt": N_("Indikatorens verdi før tiltaket, slik enheten skrev den: «40 per uke»."),
    "t.gevinstplan.malverdi": N_("Verdien enheten sikter mot: «10 per uke»."),
    "t.gevinstplan.maldato": N_("Når målverdien skal være nådd: «31.12.2028», eller «Ikke oppgitt»."),
    # -- a year --
    "a.ar": N_("Året, eller «Sum» i sum-raden."),
    "a.ramme": N_("Investeringsrammen det året, eller «–» uten ramme."),
    "a.investering": N_("Investering i tiltak som starter det året; «(+2 utredes)» når tiltak med kostnad som "
                     "utredes er utelatt (også i sum-raden)."),
    "a.drift": N_("Årlig drift for tiltakene som er i gang det året."),
    "a.gevinst": N_("Gevinst i kroner (bare det enhetene har oppgitt som penger i budsjettet) for tiltakene som er "
                 "i gang det året."),
    "a.netto": N_("Gevinst i kroner minus drift og investering det året; negativt er en kostnad."),
    # -- a unit --
    "e.navn": N_("Enhetens navn."),
    "e.kode": N_("Enhetens kode, brukt i tiltaksnumrene: «FBS»."),
    "e.omrade": N_("Tjenesteområdet."),
    "e.kontakt": N_("Kontaktpersonen i skjemaet."),
    "e.revisjon": N_("Revisjonen som gjelder: «2»."),
    "e.levert": N_("Datoen revisjonen kom inn: «12.02.2027»."),
}

_KIND = {TEXT: N_("tekst"), FLAG: N_("ja/nei"), IMAGE: N_("bilde"), PROSE: N_("tekst fra Word")}


def _group_of(value: Any) -> tuple[str, str] | None:
    if value is TOTAL:  # the sum row has the fields of a year
        value = YEAR
    for title, var, fields in GROUPS:
        if value is fields:
            return title, var
    return None


def _kind(value: Any, lang: Lang) -> str:
    _ = lang.gettext
    if isinstance(value, list):
        inner = value[0]
        group = _group_of(inner)
        if group:
            title = _(group[0])
            link = "[" + title.lower() + "](#" + _anchor(title) + ")"
            return _("liste ({group})", group=link)
        return _("liste med tekst") if inner == TEXT else _("liste")
    group = _group_of(value)
    if group:
        title = _(group[0])
        return f"[{title.lower()}](#{_anchor(title)})"
    if isinstance(value, dict):
        return _("gruppe")
    return _(_KIND[value]) if value in _KIND else str(value)


def _anchor(title: str) -> str:
    """GitHub's heading anchor: lower case, spaces to hyphens, punctuation gone."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _rows(schema: dict[str, Any], prefix: str, missing: list[str], lang: Lang | None = None) -> list[tuple[str, str, str]]:
    lang = lang or Lang.source()
    rows = []
    for key, value in schema.items():
        path = f"{prefix}{key}"
        description = DESCRIPTIONS.get(path)
        if description is None:
            missing.append(path)
            description = ""
        rows.append((path, _kind(value, lang), lang.gettext(description) if description else ""))
        if _group_of(value) or (isinstance(value, list) and _group_of(value[0])):
            continue
        if isinstance(value, dict):
            rows += _rows(value, path + ".", missing, lang)  # ANY_KEY gives «tekster.*»
        elif isinstance(value, list) and isinstance(value[0], dict):
            rows += _rows(value[0], path + "[].", missing, lang)
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


def render(templates: Path = TEMPLATES, lang: Lang | None = None) -> str:
    """The text of docs/malvariabler.md, in *lang* (None: bokmål; the field names are the
    same in every language). ``ValueError`` names the fields without a description."""
    lang = lang or Lang.source()
    _ = lang.gettext
    missing: list[str] = []
    top = _rows(SCHEMA, "", missing, lang)
    groups = [(_(title), var, _rows(fields, f"{var}.", missing, lang)) for title, var, fields in GROUPS]
    stale = sorted(set(DESCRIPTIONS) - {path for path, _k, _d in top}
                   - {p for _t, _v, rows in groups for p, _k, _d in rows})
    if missing or stale:
        raise ValueError(f"schemadoc.DESCRIPTIONS: no description for {missing}; describes what is gone: {stale}")
    used = used_names(templates)
    # the bokmål set's names → the documents' names in *lang* («Sagsfremstilling» in Danish)
    short = {name: own.removesuffix(".docx") for name, own in zip(_DOCUMENTS, FileNames(lang).documents)}

    out = [
        "# " + _("Malvariabler"),
        "",
        "<!-- Laget av «python3 -m pipeline.documents.schemadoc» fra SCHEMA i pipeline/documents/context.py "
        "og malene i pipeline/defaults/word_templates/. Ikke rediger fila for hånd: endre beskrivelsene i "
        "pipeline/documents/schemadoc.py og kjør kommandoen. En test sjekker at fila er à jour. -->",
        "",
        _("Dette er alle navnene Word-malene i `word_templates/` kan bruke. Verdiene er ferdig skrevet på norsk "
          "(`1 250 000 kr`, `15.03.2027`, `72,5`), så malen bare plasserer dem. Slik brukes de i Word:"),
        "",
        "| " + _("I malen") + " | " + _("Betyr") + " |",
        "|---|---|",
        "| `{{ kommune }}` | " + _("setter inn en verdi") + " |",
        "| `{{ sak.saksbehandler }}` | " + _("en verdi i en gruppe (punktum mellom navnene)") + " |",
        "| `{% for t in tiltak %}` … `{{ t.tittel }}` … `{% endfor %}` | "
        + _("gjentar teksten for hvert element i en liste") + " |",
        "| `{%tr for t in handlingsplan.kritiske %}` … `{%tr endfor %}` | "
        + _("gjentar en tabellrad (koden står i en egen rad over og under)") + " |",
        "| `{%p if okonomi.har_ramme %}` … `{%p endif %}` | " + _("tar med avsnittene bare når verdien er «ja»") + " |",
        "| `{{ diagram_okonomi }}` | " + _("setter inn et diagram (alene i sitt avsnitt)") + " |",
        "",
        _("Navnene i tabellene under står med stien fra toppen; `[]` betyr «hvert element i lista», altså "
          "variabelen i en `for`-løkke. Kjør `iktplan check-templates` etter at du har redigert en mal: den finner "
          "navn som ikke finnes (og foreslår det nærmeste) og koder som Word har delt opp. Kolonnen «Brukt i» viser "
          "hvilke av de leverte malene som bruker navnet."),
        "",
        "## " + _("Alle navn"),
        "",
        "| " + " | ".join([_("Navn"), _("Type"), _("Brukt i"), _("Beskrivelse")]) + " |",
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
            _("Et element i en liste av denne typen, her kalt `{var}` ({loop}).", var=var,
              loop="`{% for " + var + " in … %}`"),
            "",
            "| " + " | ".join([_("Navn"), _("Type"), _("Beskrivelse")]) + " |",
            "|---|---|---|",
        ]
        out += [f"| `{path}` | {kind} | {description} |" for path, kind, description in rows]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for flag in ("--språk", "--sprak"):  # the reference in another language, printed (docs/ stays bokmål)
        if flag in args and args.index(flag) + 1 < len(args):
            sys.stdout.write(render(lang=Lang.for_code(args[args.index(flag) + 1])))
            return 0
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
