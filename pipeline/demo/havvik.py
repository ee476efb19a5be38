"""Havvik kommune: the demo's second, smaller municipality, Fjordvik's neighbour in
an IKT-samarbeid (``iktplan demo --kommune havvik``). Four units with barometer
answers of their own; several of their measures and systems are Fjordvik's too —
new student PCs, digital supervision, e-invoices, a new library system «sammen med
nabokommunene» —, so the two in one store give a barometer comparison and a joint
overview with candidates for joint procurement. All people are invented.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from pipeline.demo.builders import barometer, form, measure, problem, system, unit_info

HAVVIK = "Havvik kommune"
DOMAIN = "havvik.kommune.no"

#: The units in Havvik's strategi.toml: (name, code, service area).
UNITS = (
    ("Havvik skole", "HSK", "Oppvekst og utdanning"),
    ("Havvik helsetun", "HHT", "Helse og omsorg"),
    ("Fellestjenesten", "FEL", "Sentraladministrasjonen"),
    ("Havvik bibliotek", "HBI", "Kultur og fritid"),
)


def _m365(users: int, satisfaction: int) -> dict[str, Any]:
    return system("Microsoft 365", "Microsoft", "E-post, Teams og dokumenter", users, satisfaction, "Videreutvikle")


def _visma(users: int, satisfaction: int) -> dict[str, Any]:
    return system("Visma Enterprise", "Visma", "Lønn, personal og reiseregninger", users, satisfaction, "Beholde")


HAVVIK_SKOLE = form(
    "Kartlegging Havvik skole.xlsx",
    unit_info("Havvik skole", "Oppvekst og utdanning", "Ingrid Solbakken", f"ingrid.solbakken@{DOMAIN}",
              date(2026, 11, 3)),
    [
        problem(1, "Elev-PC-ene på 5.–7. trinn er seks år gamle.", "Problem",
                "Prøver og oppgaver tar lang tid å starte.", "Høy"),
        problem(2, "Det trådløse nettet når ikke fram til paviljongen.", "Problem",
                "To klasser kan ikke bruke digitale læremidler.", "Middels"),
        problem(3, "Foreldre får beskjeder både i Visma Flyt Skole og på SMS.", "Problem",
                "Beskjeder blir borte.", "Lav"),
    ],
    [
        system("Visma Flyt Skole", "Visma", "Elevadministrasjon og foreldrekontakt", 30, 4, "Beholde"),
        system("Feide", "Sikt", "Innlogging for elever og ansatte", 180, 4, "Beholde"),
        _m365(32, 4),
        _visma(32, 3),
    ],
    [
        measure(1, "Nye elev-PC-er på 5.–7. trinn",
                description="60 nye elev-PC-er på leasing; kan kjøpes sammen med nabokommunen.",
                sub_goal="D4", problem_nrs=1, investment=90000, operating_cost=190000, benefit=30000,
                benefit_description="Mer undervisningstid.", period="Høst 2027", months=3,
                responsible="Ola Strand (IKT)", follow_up="Ingrid Solbakken", risk="Lav"),
        measure(2, "Trådløst nett i paviljongen",
                description="To nye aksesspunkter og fiber fra hovedbygget.",
                sub_goal="D4", problem_nrs=2, investment=140000, operating_cost=8000,
                benefit_description="Alle klasser kan bruke digitale læremidler.", period="Sommer 2027", months=2,
                responsible="Ola Strand (IKT)", follow_up="Ingrid Solbakken", risk="Lav", category="Quick win"),
        measure(3, "Foreldrekommunikasjon bare i Visma Flyt Skole",
                description="SMS-tjenesten sies opp; alle beskjeder går i Visma Flyt Skole-appen.",
                sub_goal="D5", problem_nrs=3, investment=10000, benefit=15000,
                benefit_description="Én kanal for foreldrene.", period="Vår 2027", months=2,
                responsible="Ingrid Solbakken", follow_up="Ingrid Solbakken", risk="Lav", category="Quick win"),
    ],
    barometer(3, 3, 4, 3, 3, 4, 3, 3, 3, 2, 2, 4, 4, 3, 3, 3, 4, 2),
)

HAVVIK_HELSETUN = form(
    "Kartlegging Havvik helsetun.xlsx",
    unit_info("Havvik helsetun", "Helse og omsorg", "Per Olav Rønning", f"per.olav.ronning@{DOMAIN}",
              date(2026, 11, 6)),
    [
        problem(1, "Nattevaktene går runder og vekker beboerne.", "Problem", "Fall oppdages for sent.", "Høy"),
        problem(2, "Legemidler kvitteres på papir ved siden av Gerica.", "Problem",
                "Risiko for feilmedisinering.", "Høy"),
    ],
    [
        system("Gerica", "Tietoevry", "Elektronisk pasientjournal", 40, 3, "Videreutvikle"),
        system("E-meldinger via Norsk helsenett", "Norsk helsenett", "Meldinger med fastleger og sykehus", 12, 4,
               "Beholde"),
        _m365(45, 3),
        _visma(45, 3),
    ],
    [
        measure(1, "Digitalt tilsyn med sensorer på beboerrommene",
                description="Sensorer som varsler nattevakten ved fall, uro eller når beboeren forlater senga.",
                sub_goal="D6", problem_nrs=1, investment="800 000", operating_cost=90000, benefit=300000,
                benefit_description="Færre fall og bedre søvn.", period="Høst 2028", months=8,
                responsible="Per Olav Rønning", follow_up="Per Olav Rønning", risk="Middels",
                category="Kritisk prosess"),
        measure(2, "Elektronisk legemiddelhåndtering i Gerica",
                description="Legemiddelmodulen i Gerica tas i bruk; papirkurvene fases ut.",
                sub_goal="D2", problem_nrs=2, investment=120000, operating_cost=20000, benefit=60000,
                benefit_description="Tryggere legemiddelhåndtering.", period="Vår 2028", months=6,
                responsible="Per Olav Rønning", follow_up="Per Olav Rønning", risk="Middels"),
    ],
    barometer(2, 2, 3, 3, 2, 2, 2, 3, 2, 2, 3, 3, 2, 2, 2, 2, 3, 2),
)

FELLESTJENESTEN = form(
    "Kartlegging Fellestjenesten.xlsx",
    unit_info("Fellestjenesten", "Sentraladministrasjonen", "Turid Hamre", f"turid.hamre@{DOMAIN}",
              date(2026, 11, 4)),
    [
        problem(1, "Halvparten av fakturaene kommer på papir eller som PDF.", "Problem",
                "Manuell registrering og sene betalinger.", "Middels"),
        problem(2, "Vi har ingen samlet oversikt over risiko i fagsystemene.", "Problem",
                "Sikkerhetsbrudd kan gå lenge uten å bli oppdaget.", "Høy"),
    ],
    [
        system("Elements", "Sikri", "Sak/arkiv", 25, 3, "Videreutvikle"),
        system("SvarUt/SvarInn", "KS", "Digital post til og fra innbyggere", 25, 4, "Beholde"),
        _m365(25, 4),
        _visma(25, 3),
    ],
    [
        measure(1, "E-faktura fra alle leverandører",
                description="Krav om EHF i alle nye avtaler; skanning av papirfakturaer fases ut.",
                sub_goal="D5", problem_nrs=1, investment=30000, benefit=70000,
                benefit_description="Mindre manuell registrering.", period="Vår 2027", months=4,
                responsible="Turid Hamre", follow_up="Turid Hamre", risk="Lav", category="Quick win"),
        measure(2, "Sikkerhetsplan og ROS-analyser for alle fagsystemer",
                description="ROS-analyse av hvert fagsystem og en felles sikkerhetsplan.",
                sub_goal="D2", problem_nrs=2, investment=150000, operating_cost=20000,
                benefit_description="Kjent risiko og tiltak.", period="Høst 2027", months=6,
                responsible="Turid Hamre", follow_up="Turid Hamre", risk="Middels", category="Kritisk prosess"),
    ],
    barometer(4, 3, 4, 3, 3, 3, 3, 4, 3, 4, 3, 4, 3, 3, 3, 3, 4, 3),
)

HAVVIK_BIBLIOTEK = form(
    "Kartlegging Havvik bibliotek.xlsx",
    unit_info("Havvik bibliotek", "Kultur og fritid", "Sunniva Eide", f"sunniva.eide@{DOMAIN}", date(2026, 11, 10)),
    [
        problem(1, "Avtalen for Mikromarc går ut i 2028.", "Problem", "Vi må bytte biblioteksystem.", "Høy"),
        problem(2, "Innbyggerne vil bruke biblioteket utenom betjent åpningstid.", "Mulighet",
                "Biblioteket kan være åpent hver kveld.", "Middels"),
    ],
    [
        system("Mikromarc", "Bibliotekservice", "Biblioteksystem: katalog, utlån og lånere", 3, 3, "Erstatte"),
        _m365(3, 4),
    ],
    [
        measure(1, "Nytt biblioteksystem sammen med nabokommunene",
                description="Felles anskaffelse av nytt biblioteksystem med Fjordvik og de andre nabokommunene "
                            "når Mikromarc-avtalen går ut.",
                sub_goal="D5", problem_nrs=1, investment=120000, operating_cost=40000,
                benefit_description="Felles katalog og lånekort i regionen.", period="Vinter 2028", months=6,
                responsible="Sunniva Eide", follow_up="Turid Hamre", risk="Middels"),
        measure(2, "Meråpent bibliotek",
                description="Adgangskontroll med lånekort og kamera, så biblioteket kan være åpent 7–22.",
                sub_goal="D1", problem_nrs=2, investment=250000, operating_cost=25000,
                benefit_description="Lengre åpningstid.", period="Høst 2028", months=4,
                responsible="Sunniva Eide", follow_up="Turid Hamre", risk="Lav"),
    ],
    barometer(3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 3, 3),
)

#: Havvik's forms in order of arrival, all valid.
HAVVIK_FORMS: list[dict[str, Any]] = [HAVVIK_SKOLE, HAVVIK_HELSETUN, FELLESTJENESTEN, HAVVIK_BIBLIOTEK]


def havvik_revision() -> dict[str, Any]:
    """Havvik's second round: Havvik skole sends a revision after the new wireless net
    in the pavilion was tested (its infrastructure answers are better), and adds a measure."""
    revised = copy.deepcopy(HAVVIK_SKOLE)
    revised["file_name"] = "Kartlegging Havvik skole (revidert).xlsx"
    form_ = revised["form"]
    form_["unit"]["dato"] = "24.11.2026"
    form_["barometer"][9:11] = [4, 3]
    form_["measures"].append(
        measure(4, "Opplæring i Feide og digitale læremidler",
                description="Kurs for alle lærere i læremidlene som bruker Feide-innlogging.",
                sub_goal="D3", investment=40000, benefit_description="Tryggere lærere.", period="Vinter 2028",
                months=3, responsible="Ingrid Solbakken", follow_up="Ingrid Solbakken", risk="Lav"))
    return revised
