"""The demo's Helse og omsorg: Fjordvik sykehjem and Hjemmetjenesten, and
Hjemmetjenesten's revised form of the second round."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from pipeline.demo.builders import DOMAIN, barometer, form, m365, measure, problem, system, unit_info, visma_enterprise

FJORDVIK_SYKEHJEM = form(
    "Kartlegging Fjordvik sykehjem.xlsx",
    unit_info("Fjordvik sykehjem", "Helse og omsorg", "Randi Ellingsen Moe", f"randi.ellingsen.moe@{DOMAIN}",
              date(2026, 11, 2)),
    [
        problem(1, "Nattevaktene går faste runder og åpner døra til beboerne for å se at alt er i orden.", "Problem",
                "Beboerne vekkes, og fall oppdages likevel for sent.", "Høy"),
        problem(2, "Turnusen lages i regneark, og endringer føres for hånd inn i Visma Enterprise.", "Problem",
                "Feil i lønn og overtid; avdelingslederne bruker en dag i uka på turnus.", "Høy"),
        problem(3, "Legemidler kvitteres på papirkurve ved siden av Gerica.", "Problem",
                "Risiko for feilmedisinering når kurven og journalen ikke stemmer.", "Høy"),
        problem(4, "Sykepleierne logger seg på fem systemer med hvert sitt passord.", "Problem",
                "Tid går bort, og passord skrives på lapper.", "Middels"),
        problem(5, "Dårlig trådløs dekning i fløy B.", "Problem",
                "Nettbrett og alarmer virker ikke på alle rom.", "Middels"),
        problem(6, "Pårørende ringer avdelingen for enkle beskjeder og besøkstider.", "Mulighet",
                "En digital løsning kan frigjøre tid ved vaktskiftene.", "Lav"),
        problem(7, "Mange vikarer har lite erfaring med Gerica og rutinene våre.", "Problem",
                "Mangelfull dokumentasjon i helgene.", "Middels"),
    ],
    [
        system("Gerica", "Tietoevry", "Elektronisk pasientjournal (EPJ) for pleie og omsorg", 85, 3, "Videreutvikle",
               "Legemiddelmodulen er ikke tatt i bruk."),
        visma_enterprise(90, 2, "Turnus føres i regneark ved siden av."),
        m365(90, 4),
        system("E-meldinger via Norsk helsenett", "Norsk helsenett", "Meldinger med fastleger og sykehus", 30, 4,
               "Beholde"),
        system("Kjernejournal", "Norsk helsenett", "Oppslag i pasientenes kritiske informasjon", 25, 4, "Beholde"),
        system("Pasientsignalanlegg", "Ascom", "Alarmknapper på rommene", 85, 2, "Erstatte",
               "Over 15 år gammelt; reservedeler er vanskelige å få tak i."),
        system("Compilo", "Compilo", "Avvik og kvalitetssystem", 90, 3, "Beholde"),
    ],
    [
        measure(1, "Ny løsning for digitalt tilsyn", benefit_kind="Kroner (budsjett)",
                description="Sensorer på beboerrommene som varsler ved fall, uro eller når beboeren forlater senga.\n"
                            "Nattevakten ser varslene på telefonen og går bare inn når det trengs.",
                sub_goal="D6", problem_nrs="1", investment="1,5 mill", operating_cost=180000, benefit="650 000",
                benefit_description="Bedre søvn for beboerne, færre fall og en nattevakt mindre på sikt.",
                period="Vår 2028", months=9, responsible="Randi Ellingsen Moe",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)", risk="Høy", category="Kritisk prosess",
                dependencies="Forutsetter FSH-4 (trådløst nett i fløy B)."),
        measure(2, "Turnusprogram koblet til Visma Enterprise", benefit_kind="Tid",
                description="Et turnusprogram der vaktbytter og overtid går rett til lønn uten manuell overføring.",
                sub_goal="D5", problem_nrs=2, investment="kr 450.000", operating_cost=85000, benefit=260000,
                benefit_description="Færre lønnsfeil; avdelingslederne får tid til faglig ledelse.",
                period="vår-2028", months=8, responsible="Randi Ellingsen Moe", follow_up="Hege Aune (HR)",
                risk="Middels", category="Kritisk prosess",
                dependencies="Bør anskaffes sammen med Hjemmetjenesten (HJT-6)."),
        measure(3, "Elektronisk legemiddelhåndtering i Gerica",
                description="Ta i bruk legemiddelmodulen med elektronisk kurve og kvittering på nettbrett.",
                sub_goal="D2", problem_nrs=3, investment=380000, operating_cost=60000,
                benefit_description="Færre avvik i legemiddelhåndteringen og sikrere overføring til sykehus.",
                period="Høst 2028", months=6, responsible="Mona Strand (fagsykepleier)",
                follow_up="Randi Ellingsen Moe",
                risk="Middels"),
        measure(4, "Trådløst nett i fløy B",
                description="Fire nye aksesspunkter og oppgradering av svitsjen i kjelleren.",
                sub_goal="D4", problem_nrs=5, investment="220 000", operating_cost=12000,
                benefit_description="Nettbrett og alarmer virker på alle rom.",
                period="Vår 2027", months=3, responsible="Jon Erik Stene (IKT)", follow_up="Randi Ellingsen Moe",
                risk="Lav", category="Quick win"),
        measure(5, "Enkel pålogging med ansattkort", benefit_kind="Tid",
                description="Ansatte logger på PC og Gerica med kortet sitt og en PIN-kode (single sign-on).",
                sub_goal="D2", problem_nrs=4, investment=160000, operating_cost=30000, benefit=120000,
                benefit_description="Sparer tid ved hver pålogging; ingen passord på lapper.",
                period="Høst 2027", months=4, responsible="Jon Erik Stene (IKT)",
                follow_up="Mona Strand (fagsykepleier)",
                risk="Lav", category="Quick win"),
        measure(6, "E-læring for nyansatte og vikarer",
                description="Korte kurs i Gerica, avviksmelding og taushetsplikt som vikarene tar før første vakt.",
                sub_goal="D3", problem_nrs=7, investment=75000, operating_cost=15000,
                benefit_description="Tryggere vikarer og bedre dokumentasjon i helgene.",
                period="Vinter 2028", months=4, responsible="Mona Strand (fagsykepleier)", follow_up="Hege Aune (HR)",
                risk="Lav"),
        measure(7, "Digital kontakt med pårørende", benefit_kind="Tid",
                description="Pårørende får beskjeder, besøkstider og \"dagens aktivitet\" i en app.",
                sub_goal="D1", problem_nrs=6, investment=90000, operating_cost=25000, benefit=40000,
                benefit_description="Færre telefoner ved vaktskiftene; fornøyde pårørende.",
                period="Høst 2030", months=3, responsible="Randi Ellingsen Moe",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)",
                risk="Middels"),
    ],
    barometer(2, 3, 3, 3, (4, "Avvik meldes i Compilo, og rutinen er godt kjent."), 3, 2,
              (2, "Særlig vanskelig for vikarer og nyansatte."), 3, (2, "Fløy B har nesten ikke dekning."),
              3, 4, 3, (1, "Turnus føres tre steder."), 2, 2, 3, None),
)

HJEMMETJENESTEN = form(
    "Kartlegging Hjemmetjenesten.xlsx",
    unit_info("Hjemmetjenesten", "Helse og omsorg", "Siri Johansen Vik", f"siri.johansen.vik@{DOMAIN}", "04.11.2026"),
    [
        problem(1,
                "Hjemmeboende med demens blir urolige om natten, og vi kjører mange tilsynsbesøk bare for å se til "
                "dem.",
                "Problem", "Mye kjøring om natten, og brukerne vekkes unødig.", "Høy"),
        problem(2, "Mange besøk gjøres bare for å gi medisiner.", "Problem",
                "Opptil 40 besøk i døgnet kunne vært unngått.", "Høy"),
        problem(3, "Trygghetsalarmene har bare talefunksjon og kan ikke kobles til dørsensor eller fallsensor.",
                "Problem",
                "Brukere som faller eller går ut om natten, blir ikke oppdaget.", "Høy"),
        problem(4, "Kjørelistene lages på papir hver morgen.", "Problem",
                "Endringer i løpet av dagen når ikke fram til alle.", "Middels"),
        problem(5, "De ansatte dokumenterer i Gerica først etter vakta, ikke hos brukeren.", "Problem",
                "Overtid og informasjon som glemmes.", "Middels"),
        problem(6, "Turnusen lages i regneark, som på sykehjemmet.", "Problem",
                "Dobbeltarbeid mot Visma Enterprise.", "Middels"),
    ],
    [
        system("Gerica", "Tietoevry", "Elektronisk pasientjournal (EPJ) for pleie og omsorg", 60, 3, "Videreutvikle"),
        system("Gerica mobil", "Tietoevry", "Journal på mobil hos brukeren", 12, 2, "Videreutvikle",
               "Bare prøvd ut på én rute."),
        visma_enterprise(65, 3),
        m365(65, 3, comment="Mange ansatte bruker bare e-post."),
        system("Trygghetsalarmer", "Tunstall", "Alarm hjemme hos brukerne", 140, 2, "Erstatte",
               "Kjøpt i 2018; avtalen går ut i 2029."),
        system("E-meldinger via Norsk helsenett", "Norsk helsenett", "Meldinger med fastleger og sykehus", 20, 4,
               "Beholde"),
        system("Compilo", "Compilo", "Avvik og kvalitetssystem", 65, 3, "Beholde"),
    ],
    [
        measure(1, "Ny løsning for digitalt tilsyn", benefit_kind="Kroner (budsjett)",
                description="Digitalt tilsyn om natten hjemme hos brukere med demens: sensor som varsler ved uro, "
                            "fall eller at døra åpnes, i stedet for faste tilsynsbesøk.",
                sub_goal="D6", problem_nrs=1, investment="1 400 000 kr", operating_cost=150000, benefit=550000,
                benefit_description="Færre nattlige besøk, tryggere brukere og pårørende.",
                period="vår-2028", months=12, responsible="Siri Johansen Vik",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)", risk="Høy", category="Kritisk prosess"),
        measure(2, "Elektroniske medisindispensere", benefit_kind="Tid",
                description="Medisindispensere som gir riktig dose til riktig tid og varsler oss hvis medisinen ikke "
                            "tas.",
                sub_goal="D6", problem_nrs=2, investment=600000, operating_cost="kr 120.000", benefit=520000,
                benefit_description="Frigjør besøk til brukere som trenger mer hjelp.",
                period="Vår 2029", months=6, responsible="Kjetil Hovland (velferdsteknologi)",
                follow_up="Siri Johansen Vik", risk="Middels", category="Kritisk prosess"),
        measure(3, "Nye trygghetsalarmer og responssenter", benefit_kind="Kvalitet",
                description="Alle 140 alarmene byttes til alarmer som kan kobles til sensorer, og alarmene går til "
                            "et interkommunalt responssenter.",
                sub_goal="D6", problem_nrs=3, investment="1,6 mill", operating_cost=300000, benefit=100000,
                benefit_description="Fall og vandring oppdages; svar døgnet rundt.",
                period="vår 2029", months=8, responsible="Kjetil Hovland (velferdsteknologi)",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)", risk="Middels", category="Kritisk prosess"),
        measure(4, "Mobil dokumentasjon med nettbrett", benefit_kind="Kroner (budsjett)",
                description="Gerica mobil på nettbrett i alle biler, slik at de ansatte dokumenterer hos brukeren.",
                sub_goal="D5", problem_nrs=5, investment=350000, operating_cost=90000, benefit=300000,
                benefit_description="Mindre overtid og mer oppdatert journal.",
                period="Vår 2030", months=5, responsible="Siri Johansen Vik",
                follow_up="Kjetil Hovland (velferdsteknologi)",
                risk="Middels"),
        measure(5, "Elektroniske kjørelister", benefit_kind="Tid",
                description="Kjørelistene lages i Gerica og vises på telefonen; endringer oppdateres med en gang.",
                sub_goal="D5", problem_nrs=4, investment=120000, operating_cost=30000, benefit=150000,
                benefit_description="Kortere morgenmøter og færre glemte besøk.",
                period="Høst 2027", months=3, responsible="Siri Johansen Vik",
                follow_up="Kjetil Hovland (velferdsteknologi)",
                risk="Lav", category="Quick win"),
        measure(6, "Felles turnusprogram med sykehjemmet", benefit_kind="Tid",
                description="Hjemmetjenesten tar i bruk samme turnusprogram som Fjordvik sykehjem.",
                sub_goal="D5", problem_nrs=6, investment=50000, operating_cost=40000, benefit=180000,
                benefit_description="Enklere å låne personell mellom sykehjem og hjemmetjeneste.",
                period="Høst 2029", months=4, responsible="Siri Johansen Vik", follow_up="Hege Aune (HR)",
                risk="Lav", dependencies="Forutsetter FSH-2"),
    ],
    barometer(2, 3, 3, 3, 3, (2, "Sluttere beholder tilgang for lenge."), 2, 2, 3, 3,
              (2, "For få nettbrett; deles mellom bilene."), 3, 3, 2, 2, 3, 3, 2),
)


def demo_revision() -> dict[str, Any]:
    """A second version of Hjemmetjenesten's form: after a market dialogue the
    alarm measure (HJT-3) is cheaper and starts earlier, and a training measure
    (HJT-7) is added. Valid."""
    revised = copy.deepcopy(HJEMMETJENESTEN)
    revised["file_name"] = "Kartlegging Hjemmetjenesten (revidert).xlsx"
    form = revised["form"]
    form["unit"]["dato"] = "20.11.2026"
    alarms = next(m for m in form["measures"] if m["Nr"] == 3)
    alarms.update(
        {
            "Investering (kr)": "1 350 000 kr",
            "Tidsrom": "Høst 2028",
            "Beskrivelse": alarms["Beskrivelse"]
            + "\nPris etter markedsdialogen med leverandørene i november 2026; kan starte et halvt år tidligere.",
        }
    )
    form["measures"].append(
        measure(7, "Opplæring i velferdsteknologi",
                description="Alle ansatte lærer å bruke tilsyn, medisindispensere og de nye alarmene; "
                            "to «velferdsteknologiske veiledere» på hver vakt.",
                sub_goal="D3", problem_nrs="1, 2, 3", investment=80000, operating_cost=10000,
                benefit_description="Teknologien blir faktisk brukt, og gevinstene tas ut.",
                period="Vinter 2028", months=6, responsible="Kjetil Hovland (velferdsteknologi)",
                follow_up="Siri Johansen Vik", risk="Lav", dependencies="Forutsetter HJT-1, HJT-2 og HJT-3")
    )
    return revised

