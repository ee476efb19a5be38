"""The demo municipality: filled-in forms from the units of Fjordvik kommune.

Pure data and small builders, no I/O. ``iktplan demo`` writes these forms into
a workspace's inbox (``pipeline.demo.populate_inbox``) so a new user sees the
whole flow in one command. The content follows the default ``strategi.toml``
(service areas, sub-goals D1–D6, unit codes, period 2027–2030) and is meant to
read like what real units send: amounts and seasons typed in different styles,
two units proposing nearly the same thing, quick wins next to large projects,
one measure larger than a whole year's investment frame, and one form full of
the mistakes the secretariat sees every round.

Each form is a dict ``{"file_name": str, "form": {...}}`` where ``form`` holds
exactly the keyword arguments of ``pipeline.forms.formfill.fill_form``: ``unit``
(keyed by the contract's defined names), ``problems``/``systems``/``measures``
(rows keyed by the contract's header texts; ``None`` is an empty cell) and
``barometer`` (one item per statement, in order: a score, ``None`` for not
answered, or a ``(score, comment)`` tuple).

All people are invented. Seven of the eight configured units deliver a valid
form; the eighth, «Solsiden barnehage», sends a form with errors, so the status
shows one unit without an accepted form and the demo shows a rejection receipt.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from pipeline.contract import BAROMETER, MEASURE_HEADERS, PROBLEM_HEADERS, SYSTEM_HEADERS

DOMAIN = "fjordvik.kommune.no"

#: The configured unit that has no accepted form after the demo.
UNIT_WITHOUT_ACCEPTED_FORM = "Solsiden barnehage"

Row = dict[str, Any]


# --- builders ---------------------------------------------------------------------


def unit_info(name: str, area: str, contact: str, email: str, form_date: date | str | None) -> dict[str, Any]:
    """The ``Enhet`` sheet, keyed by defined name. A ``str`` date is typed text."""
    return {"enhet": name, "tjenesteomrade": area, "kontaktperson": contact, "epost": email, "dato": form_date}


def problem(nr: int | str, description: str, type_: str, consequence: str | None, priority: str | None) -> Row:
    return dict(zip(PROBLEM_HEADERS, (nr, description, type_, consequence, priority), strict=True))


def system(
    name: str,
    supplier: str | None,
    purpose: str | None,
    users: int | None,
    satisfaction: int | str | None,
    lifecycle: str | None,
    comment: str | None = None,
) -> Row:
    return dict(zip(SYSTEM_HEADERS, (name, supplier, purpose, users, satisfaction, lifecycle, comment), strict=True))


def measure(
    nr: int | str,
    title: str,
    *,
    description: str | None = None,
    sub_goal: str | None = None,
    problem_nrs: int | str | None = None,
    investment: int | str | None = None,
    operating_cost: int | str | None = None,
    benefit: int | str | None = None,
    benefit_description: str | None = None,
    period: str | None = None,
    months: int | str | None = None,
    responsible: str | None = None,
    follow_up: str | None = None,
    risk: str | None = None,
    category: str | None = None,
    dependencies: str | None = None,
) -> Row:
    """One ``Tiltak`` row. Values are written as the unit typed them: amounts may
    be text like ``"1,5 mill"``, periods like ``"vår-2028"``."""
    values = (
        nr,
        title,
        description,
        sub_goal,
        problem_nrs,
        investment,
        operating_cost,
        benefit,
        benefit_description,
        period,
        months,
        responsible,
        follow_up,
        risk,
        category,
        dependencies,
    )
    return dict(zip(MEASURE_HEADERS, values, strict=True))


def barometer(*answers: int | tuple[int, str] | None) -> list[int | tuple[int, str] | None]:
    """All statements of the ICT barometer, in contract order."""
    if len(answers) != len(BAROMETER):
        raise ValueError(f"expected {len(BAROMETER)} barometer answers, got {len(answers)}")
    return list(answers)


def _form(file_name: str, unit: dict[str, Any], problems, systems, measures, answers) -> dict[str, Any]:
    return {
        "file_name": file_name,
        "form": {
            "unit": unit,
            "problems": list(problems),
            "systems": list(systems),
            "measures": list(measures),
            "barometer": answers,
        },
    }


# Systems several units use; each unit states its own users and satisfaction.
def _m365(users: int, satisfaction: int, lifecycle: str = "Videreutvikle", comment: str | None = None) -> Row:
    return system("Microsoft 365", "Microsoft", "E-post, Teams, Word/Excel og lagring i OneDrive/SharePoint", users,
                  satisfaction, lifecycle, comment)


def _visma_enterprise(users: int, satisfaction: int, comment: str | None = None) -> Row:
    return system("Visma Enterprise", "Visma", "HR, lønn, reiseregninger og fravær", users, satisfaction, "Beholde",
                  comment)


def _elements(users: int, satisfaction: int, comment: str | None = None) -> Row:
    return system("Elements", "Sikri", "Sak/arkiv og journalføring", users, satisfaction, "Videreutvikle", comment)


# --- Oppvekst og utdanning ----------------------------------------------------------

FJORDVIK_BARNESKOLE = _form(
    "Kartlegging Fjordvik barneskole.xlsx",
    unit_info("Fjordvik barneskole", "Oppvekst og utdanning", "Marte Lien Haugland", f"marte.lien.haugland@{DOMAIN}",
              date(2026, 10, 28)),
    [
        problem(1, "Det trådløse nettet faller ut i klasserommene i 2. etasje og i gymsalen.", "Problem",
                "Elevene mister tilkoblingen midt i digitale prøver, og lærerne går tilbake til papir.", "Høy"),
        problem(2, "Mange elev-PC-er på mellomtrinnet er over fem år gamle og starter tregt.", "Problem",
                "10–15 minutter av timen går med til å få maskinene i gang.", "Høy"),
        problem(3, "Beskjeder til foreldre går i tre kanaler: Visma Flyt Skole, Vigilo og e-post.", "Problem",
                "Foreldre går glipp av beskjeder og ringer skolen for å dobbeltsjekke.", "Middels"),
        problem(4, "Lærerne har svært ulik kompetanse i digitale læremidler og Teams.", "Problem",
                "Undervisningen blir ulik fra klasse til klasse.", "Middels"),
        problem(5, "Fravær og anmerkninger føres både på papir og i Visma Flyt Skole.", "Problem",
                "Dobbeltregistrering, og tallene stemmer ikke alltid ved halvårsvurderingen.", "Middels"),
        problem(6, "Feide-pålogging kan gi elevene tilgang til alle læremidler med én innlogging.", "Mulighet",
                "Mindre tid på glemte passord, særlig på 1.–4. trinn.", "Lav"),
        problem(7, "Vi har ikke oversikt over hvilke læringsapper som behandler personopplysninger om elevene.",
                "Problem",
                "Skolen kan bryte personvernregelverket uten å vite det.", "Høy"),
    ],
    [
        system("Visma Flyt Skole", "Visma", "Elevadministrasjon, fravær, vurdering og foreldrekontakt", 48, 3,
               "Videreutvikle",
               "Fraværsmodulen brukes ikke fullt ut."),
        system("Vigilo", "Vigilo", "Meldinger til foreldre", 45, 3, "Avvikle",
               "Overlapper med Visma Flyt Skole; lisensen kan sies opp."),
        system("Feide", "Sikt", "Innlogging for elever og ansatte", 310, 4, "Beholde"),
        _m365(52, 4),
        system("Jamf School", "Jamf", "Styring av elevenes iPader", 2, 4, "Beholde"),
        system("Salaby", "Gyldendal", "Digitale læremidler 1.–4. trinn", 20, 4, "Beholde"),
        _visma_enterprise(6, 3),
        _elements(2, 2, "Brukes bare av rektor og kontoret; tungvint å finne dokumenter."),
    ],
    [
        measure(1, "Nytt trådløst nett i hele skolebygget",
                description="Nye aksesspunkter i alle klasserom, gymsal og personalrom, og ny kabling i 2. etasje.\n"
                            "Dimensjonert for at alle elever kan ta prøver samtidig; installeres i sommerferien.",
                sub_goal="D4", problem_nrs=1, investment="kr 1.200.000", operating_cost=60000,
                benefit_description="Stabilt nett i alle rom; digitale prøver og nasjonale prøver uten avbrudd.",
                period="Sommer 2027", months=3, responsible="Jon Erik Stene (IKT)", follow_up="Marte Lien Haugland",
                risk="Middels", category="Kritisk prosess"),
        measure(2, "Utskifting av elev-PC-er på 5.–7. trinn",
                description="90 nye elev-PC-er på treårig leasing; de gamle maskinene leveres til gjenvinning.",
                sub_goal="D4", problem_nrs=2, investment="120 000", operating_cost="280 000 kr", benefit=45000,
                benefit_description="Mer undervisningstid; færre saker til IKT-brukerstøtte.",
                period="Høst 2027", months=4, responsible="Jon Erik Stene (IKT)", follow_up="Marte Lien Haugland",
                risk="Lav", dependencies="Forutsetter FBS-1"),
        measure(3, "All foreldrekommunikasjon samles i Visma Flyt Skole",
                description="Vigilo sies opp. Foreldre får beskjeder, fravær og samtaletider i Visma Flyt "
                            "Skole-appen.",
                sub_goal="D5", problem_nrs="3, 5", investment=40000, benefit="38 000 kr",
                benefit_description="Én kanal for foreldrene; fravær føres bare ett sted.",
                period="vår-2027", months=3, responsible="Anders Brekke (inspektør)", follow_up="Marte Lien Haugland",
                risk="Lav", category="Quick win"),
        measure(4, "Opplæringsplan for digitale læremidler og Teams",
                description="Fast plan med kurs for alle lærere, «digitale veiledere» på hvert trinn og "
                            "halvtimes-økter på planleggingsdagene.",
                sub_goal="D3", problem_nrs=4, investment="150 000 kr", operating_cost=20000,
                benefit_description="Likere undervisning og tryggere lærere.",
                period="Høst 2028", months=10, responsible="Anders Brekke (inspektør)",
                follow_up="Liv Marie Torsvik (kommunalsjef oppvekst)", risk="Lav"),
        measure(5, "Feide-pålogging til alle digitale læremidler",
                description="Alle læremidler som støtter Feide, kobles til. Elevene slipper egne passord per "
                            "tjeneste.",
                sub_goal="D5", problem_nrs=6, investment=25000, benefit=30000,
                benefit_description="Mindre tid på glemte passord i timene.",
                period="Vår 2027", months=2, responsible="Jon Erik Stene (IKT)",
                follow_up="Anders Brekke (inspektør)",
                risk="Lav", category="Quick win"),
        measure(6, "Oversikt over læringsapper og databehandleravtaler",
                description="Gå gjennom alle apper og nettsteder elevene bruker, lage databehandleravtaler "
                            "og fjerne det som ikke er godkjent.",
                sub_goal="D2", problem_nrs=7, investment="60 000", operating_cost=10000,
                benefit_description="Skolen oppfyller personvernregelverket og vet hva elevdata brukes til.",
                period="Vinter 2028", months=5, responsible="Siv Kristoffersen (personvernombud)",
                follow_up="Marte Lien Haugland", risk="Middels", category="Kritisk prosess"),
    ],
    barometer(3, (2, "Foreldrene må logge inn flere steder."), 3, 2, 3, 3, 2, 3, 3,
              (1, "Nettet faller ut nesten daglig i 2. etasje."), 2, 3, 3, 2, 2, None, 3, None),
)


# --- Helse og omsorg ---------------------------------------------------------------

FJORDVIK_SYKEHJEM = _form(
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
        _visma_enterprise(90, 2, "Turnus føres i regneark ved siden av."),
        _m365(90, 4),
        system("E-meldinger via Norsk helsenett", "Norsk helsenett", "Meldinger med fastleger og sykehus", 30, 4,
               "Beholde"),
        system("Kjernejournal", "Norsk helsenett", "Oppslag i pasientenes kritiske informasjon", 25, 4, "Beholde"),
        system("Pasientsignalanlegg", "Ascom", "Alarmknapper på rommene", 85, 2, "Erstatte",
               "Over 15 år gammelt; reservedeler er vanskelige å få tak i."),
        system("Compilo", "Compilo", "Avvik og kvalitetssystem", 90, 3, "Beholde"),
    ],
    [
        measure(1, "Ny løsning for digitalt tilsyn",
                description="Sensorer på beboerrommene som varsler ved fall, uro eller når beboeren forlater senga.\n"
                            "Nattevakten ser varslene på telefonen og går bare inn når det trengs.",
                sub_goal="D6", problem_nrs="1", investment="1,5 mill", operating_cost=180000, benefit="650 000",
                benefit_description="Bedre søvn for beboerne, færre fall og en nattevakt mindre på sikt.",
                period="Vår 2028", months=9, responsible="Randi Ellingsen Moe",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)", risk="Høy", category="Kritisk prosess",
                dependencies="Forutsetter FSH-4 (trådløst nett i fløy B)."),
        measure(2, "Turnusprogram koblet til Visma Enterprise",
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
        measure(5, "Enkel pålogging med ansattkort",
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
        measure(7, "Digital kontakt med pårørende",
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

HJEMMETJENESTEN = _form(
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
        _visma_enterprise(65, 3),
        _m365(65, 3, comment="Mange ansatte bruker bare e-post."),
        system("Trygghetsalarmer", "Tunstall", "Alarm hjemme hos brukerne", 140, 2, "Erstatte",
               "Kjøpt i 2018; avtalen går ut i 2029."),
        system("E-meldinger via Norsk helsenett", "Norsk helsenett", "Meldinger med fastleger og sykehus", 20, 4,
               "Beholde"),
        system("Compilo", "Compilo", "Avvik og kvalitetssystem", 65, 3, "Beholde"),
    ],
    [
        measure(1, "Ny løsning for digitalt tilsyn",
                description="Digitalt tilsyn om natten hjemme hos brukere med demens: sensor som varsler ved uro, "
                            "fall eller at døra åpnes, i stedet for faste tilsynsbesøk.",
                sub_goal="D6", problem_nrs=1, investment="1 400 000 kr", operating_cost=150000, benefit=550000,
                benefit_description="Færre nattlige besøk, tryggere brukere og pårørende.",
                period="vår-2028", months=12, responsible="Siri Johansen Vik",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)", risk="Høy", category="Kritisk prosess"),
        measure(2, "Elektroniske medisindispensere",
                description="Medisindispensere som gir riktig dose til riktig tid og varsler oss hvis medisinen ikke "
                            "tas.",
                sub_goal="D6", problem_nrs=2, investment=600000, operating_cost="kr 120.000", benefit=520000,
                benefit_description="Frigjør besøk til brukere som trenger mer hjelp.",
                period="Vår 2029", months=6, responsible="Kjetil Hovland (velferdsteknologi)",
                follow_up="Siri Johansen Vik", risk="Middels", category="Kritisk prosess"),
        measure(3, "Nye trygghetsalarmer og responssenter",
                description="Alle 140 alarmene byttes til alarmer som kan kobles til sensorer, og alarmene går til "
                            "et interkommunalt responssenter.",
                sub_goal="D6", problem_nrs=3, investment="1,6 mill", operating_cost=300000, benefit=100000,
                benefit_description="Fall og vandring oppdages; svar døgnet rundt.",
                period="vår 2029", months=8, responsible="Kjetil Hovland (velferdsteknologi)",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)", risk="Middels", category="Kritisk prosess"),
        measure(4, "Mobil dokumentasjon med nettbrett",
                description="Gerica mobil på nettbrett i alle biler, slik at de ansatte dokumenterer hos brukeren.",
                sub_goal="D5", problem_nrs=5, investment=350000, operating_cost=90000, benefit=300000,
                benefit_description="Mindre overtid og mer oppdatert journal.",
                period="Vår 2030", months=5, responsible="Siri Johansen Vik",
                follow_up="Kjetil Hovland (velferdsteknologi)",
                risk="Middels"),
        measure(5, "Elektroniske kjørelister",
                description="Kjørelistene lages i Gerica og vises på telefonen; endringer oppdateres med en gang.",
                sub_goal="D5", problem_nrs=4, investment=120000, operating_cost=30000, benefit=150000,
                benefit_description="Kortere morgenmøter og færre glemte besøk.",
                period="Høst 2027", months=3, responsible="Siri Johansen Vik",
                follow_up="Kjetil Hovland (velferdsteknologi)",
                risk="Lav", category="Quick win"),
        measure(6, "Felles turnusprogram med sykehjemmet",
                description="Hjemmetjenesten tar i bruk samme turnusprogram som Fjordvik sykehjem.",
                sub_goal="D5", problem_nrs=6, investment=50000, operating_cost=40000, benefit=180000,
                benefit_description="Enklere å låne personell mellom sykehjem og hjemmetjeneste.",
                period="Høst 2029", months=4, responsible="Siri Johansen Vik", follow_up="Hege Aune (HR)",
                risk="Lav", dependencies="Forutsetter FSH-2"),
    ],
    barometer(2, 3, 3, 3, 3, (2, "Sluttere beholder tilgang for lenge."), 2, 2, 3, 3,
              (2, "For få nettbrett; deles mellom bilene."), 3, 3, 2, 2, 3, 3, 2),
)


# --- Teknisk og eiendom ------------------------------------------------------------

TEKNISK_DRIFT = _form(
    "Kartlegging Teknisk drift.xlsx",
    unit_info("Teknisk drift", "Teknisk og eiendom", "Geir Arne Nygård", f"geir.arne.nygard@{DOMAIN}",
              date(2026, 11, 5)),
    [
        problem(1, "Byggesøknader kommer på papir og som PDF på e-post og registreres for hånd i Elements.",
                "Problem",
                "Lang saksbehandlingstid og feil i registreringen.", "Høy"),
        problem(2, "FDV-dokumentasjonen for de kommunale byggene ligger i permer og på fellesområdet.", "Problem",
                "Vi finner ikke tegninger og serviceavtaler når noe skjer.", "Middels"),
        problem(3, "Vaktmesterne får arbeidsordre på telefon og lapper.", "Problem",
                "Ingen oversikt over hva som er gjort, og vedlikehold skyves.", "Middels"),
        problem(4, "VA-data i Gemini VA er ikke tilgjengelige i kartet for saksbehandlerne.", "Mulighet",
                "Raskere svar til innbyggere og entreprenører.", "Lav"),
        problem(5, "Gebyrgrunnlaget for vann og avløp overføres manuelt fra KomTek til økonomi.", "Problem",
                "Mange rettinger og klager på fakturaene hvert år.", "Høy"),
        problem(6, "Bare to ansatte kan bruke kartverktøyet.", "Problem", "Sårbart ved ferie og sykdom.", "Middels"),
        problem(7, "Sensorer kan måle energibruk og inneklima i byggene våre.", "Mulighet",
                "Lavere energikostnader og bedre inneklima i skoler og barnehager.", "Lav"),
    ],
    [
        _elements(14, 3),
        system("KomTek", "Norkart", "Gebyrer, eiendomsskatt og matrikkel", 6, 3, "Videreutvikle"),
        system("Gemini VA", "Volue", "Dokumentasjon av vann- og avløpsnettet", 4, 3, "Beholde"),
        system("Kommunekart", "Norkart", "Kart og planer for saksbehandling og innbyggere", 25, 4, "Beholde"),
        system("Famac", "Famac", "Vedlikeholdsplaner for skolebyggene", 3, 2, "Erstatte",
               "Gammel versjon; bare skolene er lagt inn."),
        _visma_enterprise(40, 3),
        _m365(40, 4),
    ],
    [
        measure(1, "Digitale byggesøknader rett inn i saksbehandlingen",
                description="Søknader fra Fellestjenester BYGG og eByggesak mottas digitalt og arkiveres automatisk "
                            "i Elements.",
                sub_goal="D1", problem_nrs=1, investment="kr 650.000", operating_cost=110000, benefit=400000,
                benefit_description="Kortere saksbehandlingstid for byggesaker.",
                period="Vår 2028", months=8, responsible="Geir Arne Nygård",
                follow_up="Trine Fosse (kommunalsjef teknisk)",
                risk="Middels", category="Kritisk prosess",
                dependencies="Krever integrasjon mot Elements; avklares med arkivet (SRV)."),
        measure(2, "Nytt FDV-system for alle kommunale bygg",
                description="Et FDV-system (Plania, Famac eller tilsvarende) med tegninger, serviceavtaler,\n"
                            "vedlikeholdsplan og energioppfølging for alle 38 bygg. Anbudskonkurranse 2028.",
                sub_goal="D5", problem_nrs="2, 3", investment="3,2 mill", operating_cost=280000, benefit=350000,
                benefit_description="Planlagt vedlikehold i stedet for akutte reparasjoner; lengre levetid på "
                                    "byggene.",
                period="Vår 2029", months=18, responsible="Ragnhild Østby (eiendomssjef)",
                follow_up="Trine Fosse (kommunalsjef teknisk)", risk="Høy", category="Kritisk prosess"),
        measure(3, "Mobil arbeidsordre for vaktmesterne",
                description="Vaktmesterne får og lukker arbeidsordre på telefonen, med bilde av det som er gjort.",
                sub_goal="D5", problem_nrs=3, investment=140000, operating_cost=36000, benefit=170000,
                benefit_description="Oversikt over utført arbeid; færre telefoner.",
                period="Høst 2027", months=4, responsible="Ragnhild Østby (eiendomssjef)",
                follow_up="Geir Arne Nygård", risk="Lav",
                category="Quick win", dependencies="Bør flyttes inn i FDV-systemet (TEK-2) når det kommer."),
        measure(4, "VA-data i kartløsningen",
                description="Koble Gemini VA til Kommunekart, så saksbehandlere ser ledningsnettet.",
                sub_goal="D5", problem_nrs=4, investment=180000, operating_cost=20000, benefit=60000,
                benefit_description="Raskere svar om tilknytning og gravemeldinger.",
                period="Vår 2029", months=5, responsible="Svein Olav Rønning (VA)", follow_up="Geir Arne Nygård",
                risk="Middels"),
        measure(5, "Gebyrgrunnlag fra KomTek rett til økonomi",
                description="Fast overføring av fakturagrunnlaget fra KomTek til økonomisystemet; fakturaene sendes "
                            "som e-faktura.",
                sub_goal="D5", problem_nrs=5, investment="90 000", operating_cost=10000, benefit=140000,
                benefit_description="Færre feil og klager på vann- og avløpsgebyrene.",
                period="vår-2027", months=3, responsible="Geir Arne Nygård", follow_up="Elin Dahle (økonomisjef)",
                risk="Lav", category="Kritisk prosess"),
        measure(6, "Energioppfølging med sensorer i fem bygg",
                description="Sensorer for energi, CO₂ og temperatur i de fem største byggene, og styring av varme og "
                            "ventilasjon.",
                sub_goal="D4", problem_nrs=7, investment="kr 750.000", operating_cost=60000, benefit=310000,
                benefit_description="10–15 % lavere energibruk og bedre inneklima.",
                period="Vår 2030", months=6, responsible="Ragnhild Østby (eiendomssjef)",
                follow_up="Trine Fosse (kommunalsjef teknisk)", risk="Middels"),
        measure(7, "Opplæring i kartverktøyet",
                description="Kurs for seks saksbehandlere, så flere kan svare på kartspørsmål.",
                sub_goal="D3", problem_nrs=6, investment=45000,
                benefit_description="Mindre sårbart ved ferie og sykdom.",
                period="Høst 2029", months=2, responsible="Geir Arne Nygård", risk="Lav"),
    ],
    barometer(2, 2, 3, 3, 3, 3, 2, 3, 2, 3, 3, 4, 2, (1, "Alt fra KomTek tastes inn på nytt i økonomi."), 2,
              None, (2, "Uklart hvem som eier Gemini VA."), 2),
)


# --- Kultur og fritid ---------------------------------------------------------------

KULTURHUSET = _form(
    "Kartlegging Kulturhuset og biblioteket.xlsx",
    unit_info("Kulturhuset og biblioteket", "Kultur og fritid", "Eirik Sandvold", f"eirik.sandvold@{DOMAIN}",
              date(2026, 11, 9)),
    [
        problem(1, "Avtalen for biblioteksystemet Mikromarc går ut i 2028.", "Problem",
                "Vi må bytte system, og nabokommunene har valgt Bibliofil.", "Høy"),
        problem(2, "Billetter til kulturhuset selges i tre løsninger: TicketCo, egen kasse og Vipps.", "Problem",
                "Oppgjøret tar en halv dag etter hver forestilling.", "Middels"),
        problem(3, "Innbyggerne vil bruke biblioteket utenom betjent åpningstid («meråpent bibliotek»).", "Mulighet",
                "Biblioteket kan være åpent 7–22 alle dager.", "Middels"),
        problem(4, "Utlånsautomaten er over ti år gammel og henger seg opp.", "Problem",
                "Kø i skranken på travle dager.", "Lav"),
        problem(5, "Kulturskolen har venteliste og søknader i regneark og på e-post.", "Problem",
                "Foreldre vet ikke hvor de står på ventelista.", "Middels"),
        problem(6, "Lokaler i kulturhuset bookes på telefon og e-post.", "Problem",
                "Dobbeltbookinger og mye tid på å svare lag & foreninger.", "Middels"),
    ],
    [
        system("Mikromarc", None, "Biblioteksystem: katalog, utlån og lånere", 6, 3, "Erstatte",
               "Avtalen går ut i 2028."),
        system("TicketCo", "TicketCo", "Billettsalg til forestillinger og kino", 5, 4, "Beholde"),
        system("Speedadmin", "Speedadmin", "Elevadministrasjon i kulturskolen", 4, 3, "Videreutvikle",
               "Søknadsmodulen er ikke tatt i bruk."),
        _elements(3, 3),
        _visma_enterprise(22, 3),
        _m365(22, 4, comment="Teams brukes lite; det meste går på e-post."),
    ],
    [
        measure(1, "Nytt biblioteksystem sammen med nabokommunene",
                description="Bibliofil anskaffes sammen med nabokommunene, med felles katalog og lånekort i hele "
                            "regionen.",
                sub_goal="D5", problem_nrs=1, investment="kr 280.000", operating_cost=70000, benefit=25000,
                benefit_description="Innbyggerne kan låne fra alle bibliotekene i regionen.",
                period="Høst 2028", months=6, responsible="Eirik Sandvold", follow_up="Tone Aasen (kultursjef)",
                risk="Middels", category="Kritisk prosess"),
        measure(2, "Meråpent bibliotek",
                description="Adgangskontroll med lånekort og PIN, kameraovervåking og selvbetjening,\n"
                            "slik at biblioteket er åpent 7–22 også når det ikke er bemannet.",
                sub_goal="D1", problem_nrs=3, investment="650 000 kr", operating_cost=45000,
                benefit_description="Biblioteket blir tilgjengelig for langt flere, særlig unge og pendlere.",
                period="Vår 2030", months=6, responsible="Eirik Sandvold", follow_up="Tone Aasen (kultursjef)",
                risk="Middels", dependencies="Forutsetter KUL-1 og KUL-6"),
        measure(3, "Alt billettsalg i TicketCo",
                description="Kassen og Vipps-salget flyttes til TicketCo; oppgjøret kommer automatisk.",
                sub_goal="D1", problem_nrs=2, investment=30000, benefit=55000,
                benefit_description="Ett oppgjør, og publikum kjøper billetter på nett.",
                period="Vår 2027", months=2, responsible="Linn Haugen (kulturhuset)", follow_up="Eirik Sandvold",
                risk="Lav",
                category="Quick win"),
        measure(4, "Digital booking av lokaler",
                description="Lag & foreninger ser ledige lokaler og booker selv på kommunens nettsted.",
                sub_goal="D1", problem_nrs=6, investment=70000, operating_cost=24000, benefit=60000,
                benefit_description="Færre dobbeltbookinger; lokalene brukes mer.",
                period="Høst 2027", months=4, responsible="Linn Haugen (kulturhuset)", follow_up="Eirik Sandvold",
                risk="Lav"),
        measure(5, "Søknad og venteliste til kulturskolen i Speedadmin",
                description="Foreldre søker plass digitalt og ser plassen på ventelista.",
                sub_goal="D1", problem_nrs=5, investment=25000, operating_cost=8000, benefit=45000,
                benefit_description="Mindre administrasjon og bedre informasjon til foreldrene.",
                period="Vår 2027", months=2, responsible="Kari Lundberg (rektor kulturskolen)",
                follow_up="Tone Aasen (kultursjef)", risk="Lav",
                category="Quick win"),
        measure(6, "Ny utlånsautomat",
                description="Ny automat for utlån og innlevering med RFID.",
                sub_goal="D4", problem_nrs=4, investment=160000, operating_cost=12000,
                period="Høst 2030", months=2, responsible="Eirik Sandvold", risk="Lav"),
    ],
    barometer((3, "Arrangementskalenderen er \"alltid\" utdatert."), 2, 2, 3, 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 3, 2,
              None, None),
)


# --- Sentraladministrasjonen ----------------------------------------------------------

SERVICETORGET = _form(
    "Kartlegging Servicetorget.xlsx",
    unit_info("Servicetorget", "Sentraladministrasjonen", "Hanne Berntsen Aas", f"hanne.berntsen.aas@{DOMAIN}",
              date(2026, 10, 30)),
    [
        problem(1, "Innkommet post på papir skannes ikke; saksbehandlerne henter den i posthylla.", "Problem",
                "Brev blir liggende, og svarfristene sprekker.", "Høy"),
        problem(2, "Mange telefoner om enkle spørsmål: åpningstider, eiendomsskatt, renovasjon og søknadsfrister.",
                "Problem",
                "Servicetorget rekker ikke de vanskeligere henvendelsene.", "Middels"),
        problem(3, "Mange fakturaer kommer fortsatt på papir eller som PDF på e-post.", "Problem",
                "Manuell registrering og purringer.", "Middels"),
        problem(4, "Kommunen har ingen samlet sikkerhetsplan, og ROS-analysene er utdaterte.", "Problem",
                "Vi vet ikke om vi oppfyller kravene i personopplysningsloven.", "Høy"),
        problem(5, "Intranettet er utdatert, og de ansatte finner ikke rutiner og skjema.", "Problem",
                "Feil rutiner brukes, og de samme spørsmålene stilles igjen og igjen.", "Middels"),
        problem(6, "Innbyggerne kan ikke følge sine egne saker digitalt.", "Mulighet",
                "Færre henvendelser om «hvor langt har saken kommet?».", "Middels"),
        problem(7, "Overgangen til Teams er bare halvveis; mange bruker fortsatt filområder og e-postvedlegg.",
                "Problem",
                "Dokumenter finnes i mange versjoner.", "Middels"),
        problem(8, "Nyansatte får ingen fast opplæring i sak/arkiv.", "Problem",
                "Dokumenter journalføres feil eller ikke i det hele tatt.", "Lav"),
    ],
    [
        _elements(140, 3, "Søket er tregt; mange journalfører for sjelden."),
        _visma_enterprise(35, 3),
        _m365(610, 4, lifecycle="Videreutvikle", comment="Teams er bare delvis tatt i bruk."),
        system("SvarUt/SvarInn", "KS Digital", "Utsending og mottak av digital post", 140, 4, "Beholde"),
        system("Intranett", None, "Nyheter, rutiner og skjema for ansatte", 610, 2, "Erstatte",
               "Utdatert og lite brukt."),
        system("Kommunens nettsted", None, "Informasjon og skjema til innbyggerne", 12, 3, "Videreutvikle"),
        system("Telefonsentral", "Telia", "Sentralbord og køsystem", 8, 3, "Beholde"),
    ],
    [
        measure(1, "Skanning av innkommet post",
                description="All innkommet papirpost skannes i Servicetorget og sendes rett til saksbehandlerens kø "
                            "i Elements.",
                sub_goal="D5", problem_nrs=1, investment="180 000", operating_cost=25000, benefit=210000,
                benefit_description="Raskere saksbehandling; posten blir ikke liggende.",
                period="Vår 2027", months=4, responsible="Hanne Berntsen Aas", follow_up="Per Magne Rø (arkivleder)",
                risk="Lav", category="Quick win"),
        measure(2, "Chatbot på kommunens nettsted",
                description="En chatbot som svarer på de vanligste spørsmålene døgnet rundt og setter over til "
                            "Servicetorget ved behov.",
                sub_goal="D1", problem_nrs=2, investment=250000, operating_cost=90000, benefit=200000,
                benefit_description="Svar hele døgnet; færre telefoner i kø.",
                period="Høst 2029", months=6, responsible="Hanne Berntsen Aas",
                follow_up="Nils Petter Gran (digitaliseringsrådgiver)",
                risk="Middels", category="Quick win"),
        measure(3, "E-faktura fra alle leverandører",
                description="Krav om EHF i alle nye avtaler, og oppfølging av leverandørene som fortsatt sender "
                            "papir.",
                sub_goal="D5", problem_nrs=3, investment=120000, benefit=240000,
                benefit_description="Ingen manuell registrering av fakturaer.",
                period="Vår 2027", months=5, responsible="Elin Dahle (økonomisjef)", follow_up="Hanne Berntsen Aas",
                risk="Lav", category="Quick win"),
        measure(4, "Sikkerhetsplan og ROS-analyser for alle fagsystemer",
                description="Ny sikkerhetsplan (styringssystem for informasjonssikkerhet), ROS-analyse av alle "
                            "fagsystemer\n"
                            "og rutiner for tilgang, avvik og beredskap. Gjennomføres med ekstern rådgiver.",
                sub_goal="D2", problem_nrs=4, investment="kr 900.000", operating_cost=150000,
                benefit_description="Kommunen oppfyller kravene i personopplysningsloven og arkivloven og er bedre "
                                    "rustet mot dataangrep.",
                period="Høst 2027", months=12, responsible="Siv Kristoffersen (personvernombud)",
                follow_up="Ola Hansen (kommunedirektør)", risk="Middels", category="Kritisk prosess"),
        measure(5, "Nytt intranett i SharePoint",
                description="Nytt intranett med rutiner, skjema og nyheter, tett koblet til Teams.",
                sub_goal="D3", problem_nrs="5, 7", investment=300000, operating_cost=40000, benefit=150000,
                benefit_description="De ansatte finner rutinene, og det er én versjon av hvert dokument.",
                period="Vår 2029", months=6, responsible="Nils Petter Gran (digitaliseringsrådgiver)",
                follow_up="Hanne Berntsen Aas", risk="Middels", dependencies="Forutsetter SRV-6"),
        measure(6, "Overgang til Microsoft 365 og Teams for hele kommunen",
                description="Filområdene flyttes til Teams og SharePoint, med opplæring på hver enhet "
                            "og \"superbrukere\" i alle tjenesteområder.",
                sub_goal="D4", problem_nrs=7, investment="1 100 000", operating_cost=350000, benefit=420000,
                benefit_description="Samarbeid på tvers av enheter og én sikker lagringsplass.",
                period="Vinter 2028", months=12, responsible="Jon Erik Stene (IKT)",
                follow_up="Ola Hansen (kommunedirektør)",
                risk="Høy", category="Kritisk prosess"),
        measure(7, "Min side for innbyggerne",
                description="Innbyggerne logger inn med ID-porten og ser sine saker, søknader og fakturaer.",
                sub_goal="D1", problem_nrs=6, investment="1,4 mill", operating_cost=200000, benefit=250000,
                benefit_description="Færre henvendelser om saksstatus; bedre service.",
                period="Vår 2030", months=12, responsible="Nils Petter Gran (digitaliseringsrådgiver)",
                follow_up="Ola Hansen (kommunedirektør)", risk="Høy",
                dependencies="Forutsetter SRV-1 og integrasjon mot Elements."),
        measure(8, "Opplæringsplan for sak/arkiv",
                description="Fast opplæring i Elements for alle nyansatte, og oppfriskningskurs hvert år.",
                sub_goal="D3", problem_nrs=8, investment=40000,
                benefit_description="Riktig journalføring og mindre retting i arkivet.",
                period="Høst 2030", months=3, responsible="Per Magne Rø (arkivleder)", follow_up="Hanne Berntsen Aas",
                risk="Lav"),
    ],
    barometer(2, 2, (3, "Nettstedet er bra, men mye står bare på PDF."), 2, 3, 3, 3, 3, 3, 4, 4, 3, 3, 2, 2,
              (2, "Gevinster beskrives i sakene, men følges sjelden opp."), 3, 1),
)


# --- NAV og sosiale tjenester -----------------------------------------------------------

NAV_FJORDVIK = _form(
    "Kartlegging NAV Fjordvik.xlsx",
    unit_info("NAV Fjordvik", "NAV og sosiale tjenester", "Tor Einar Fossum", f"tor.einar.fossum@{DOMAIN}",
              date(2026, 11, 11)),
    [
        problem(1, "Mange søknader om økonomisk sosialhjelp kommer fortsatt på papir.", "Problem",
                "Søknadene må skannes og registreres for hånd i Socio.", "Høy"),
        problem(2, "Fagsystemet Socio er gammelt og mangler integrasjoner.", "Problem",
                "Alt må legges inn flere ganger.", "Middels"),
        problem(3, "Søkerne ringer for å høre hvor langt saken har kommet.", "Problem",
                "Veilederne bruker mye tid på telefonen.", "Middels"),
        problem(4, "Utbetalinger registreres både i Socio og i økonomisystemet.", "Problem",
                "Dobbeltregistrering og risiko for feilutbetalinger.", "Høy"),
        problem(5, "Ansatte mangler opplæring i DigiSos og de nye rutinene.", "Problem",
                "Søknadene behandles ulikt.", "Middels"),
        problem(6, "Digital timebestilling og meldinger kan erstatte mange telefoner.", "Mulighet",
                "Brukerne får svar raskere.", "Lav"),
    ],
    [
        system("Socio", "Visma", "Saksbehandling av sosiale tjenester", 14, 2, "Erstatte"),
        system("DigiSos", "NAV og KS", "Digital søknad om sosialhjelp", 14, 4, "Videreutvikle",
               "Bare søknadsdelen er tatt i bruk."),
        system("Arena og Modia", "NAV", "Statlige fagsystemer for oppfølging", 16, 3, "Beholde"),
        _m365(20, 4),
        _visma_enterprise(20, 3),
        _elements(6, 2, "Lite brukt; det meste arkiveres i Socio."),
    ],
    [
        measure(1, "DigiSos fullt ut",
                description="Søknad, innsyn og meldinger i DigiSos; papirsøknader bare for dem som trenger det.",
                sub_goal="D1", problem_nrs="1, 3", investment=180000, operating_cost=30000, benefit=260000,
                benefit_description="Søkerne ser saken sin selv, og færre ringer.",
                period="Vår 2027", months=4, responsible="Tor Einar Fossum", follow_up="Ingvild Berg (NAV-leder)",
                risk="Lav", category="Quick win"),
        measure(2, "Utbetalinger fra Socio rett til økonomisystemet",
                description="Integrasjon så vedtak om utbetaling går rett til økonomisystemet uten ny registrering.",
                sub_goal="D5", problem_nrs=4, investment="kr 350.000", operating_cost=40000, benefit=190000,
                benefit_description="Ingen dobbeltregistrering og færre feilutbetalinger.",
                period="Vår 2029", months=6, responsible="Tor Einar Fossum", follow_up="Elin Dahle (økonomisjef)",
                risk="Middels", dependencies="Forutsetter NAV-1"),
        measure(3, "Opplæring i DigiSos og digital dialog",
                description="Kurs for alle veiledere, og felles rutiner for behandling av digitale søknader.",
                sub_goal="D3", problem_nrs=5, investment=35000,
                benefit_description="Lik behandling av søknadene.",
                period="Vår 2027", months=2, responsible="Ingvild Berg (NAV-leder)", follow_up="Tor Einar Fossum",
                risk="Lav"),
        measure(4, "Digital timebestilling og meldinger",
                description="Brukerne bestiller time og sender meldinger til veilederen sin digitalt.",
                sub_goal="D1", problem_nrs=6, investment=95000, operating_cost=30000, benefit=80000,
                benefit_description="Færre telefoner og bedre oversikt over avtaler.",
                period="Vinter 2029", months=4, responsible="Tor Einar Fossum", follow_up="Ingvild Berg (NAV-leder)",
                risk="Lav"),
        measure(5, "Nytt fagsystem for sosiale tjenester",
                description="Socio erstattes av et moderne fagsystem med integrasjon mot DigiSos, økonomi og arkiv.",
                sub_goal="D5", problem_nrs="2, 4", investment="1,6 mill", operating_cost=260000, benefit=200000,
                benefit_description="Ett system for hele saken, fra søknad til arkiv.",
                period="Vinter 2030", months=12, responsible="Ingvild Berg (NAV-leder)",
                follow_up="Bjørn Ivar Lunde (kommunalsjef helse)", risk="Høy", category="Kritisk prosess",
                dependencies="Forutsetter NAV-2"),
    ],
    barometer((4, "DigiSos har gjort mye."), 3, 3, 4, 4, 4, 3, 3, 3, 4, 3, 3, 2,
              (1, "Socio og økonomi snakker ikke sammen."), 1,
              3, 3, None),
)


# --- Solsiden barnehage: the form with errors ---------------------------------------------


def _solsiden(email: str, measures: list[Row], file_name: str, form_date: date | str) -> dict[str, Any]:
    return _form(
        file_name,
        unit_info("Solsiden barnehage", "Oppvekst og utdanning", "Anne-Kristin Dahl", email, form_date),
        [
            problem(1, "Foreldre får beskjeder både i Vigilo, på SMS og på oppslagstavla.", "Problem",
                    "Beskjeder blir borte, og foreldrene vet ikke hvor de skal se.", "Middels"),
            problem(2, "De ansatte deler to PC-er på personalrommet.", "Problem",
                    "Dokumentasjon og planlegging må gjøres etter arbeidstid.", "Høy"),
            problem(3, "Søknad om barnehageplass og endring av oppholdstid skjer på papir.", "Problem",
                    "Mye manuelt arbeid ved hovedopptaket.", "Middels"),
            problem(4, "Pedagogisk dokumentasjon kan gjøres med bilder og video på nettbrett.", "Mulighet",
                    "Bedre dialog med foreldrene om barnets utvikling.", "Lav"),
            problem(5, "Uklart hvor bilder av barna lagres og hvem som har tilgang.", "Problem",
                    "Risiko for brudd på personvernet.", "Høy"),
        ],
        [
            system("Vigilo", "Vigilo", "Meldinger, fravær og henting", 20, 4, "Videreutvikle"),
            system("Visma Flyt Barnehage", "Visma", "Opptak, plasser og foreldrebetaling", 3, 3, "Beholde"),
            _visma_enterprise(20, 3),
            _m365(20, 3),
        ],
        measures,
        barometer(3, 3, 3, 2, 2, 3, 2, 2, 3, 2, 2, 3, 3, 3, 2, None, 2, None),
    )


def _solsiden_measures(*, with_errors: bool) -> list[Row]:
    """The barnehage's measures; *with_errors* gives the first attempt, with the
    mistakes the secretariat sees every round."""
    return [
        measure(1, "Vigilo som eneste kanal til foreldrene",
                description="Alle beskjeder, fravær og henting går i Vigilo; SMS-tjenesten sies opp.",
                sub_goal="D5", problem_nrs=1, investment=15000, benefit=12000,
                benefit_description="Foreldrene vet hvor de skal se.",
                period="neste år" if with_errors else "Vår 2027", months=2,
                responsible="Anne-Kristin Dahl", follow_up="Liv Marie Torsvik (kommunalsjef oppvekst)", risk="Lav",
                category="Quick win"),
        measure(2, "Nettbrett og PC-er til alle avdelinger",
                description="Ett nettbrett per avdeling og tre nye PC-er til pedagogene.",
                sub_goal="D4", problem_nrs="2, 4", investment="ca. 2 mill" if with_errors else "210 000",
                operating_cost=18000,
                benefit_description="Pedagogene kan dokumentere i arbeidstida.",
                period="Høst 2027", months="3-4 mnd" if with_errors else 4,
                responsible=None if with_errors else "Jon Erik Stene (IKT)",
                follow_up="Anne-Kristin Dahl", risk="Lav"),
        measure(3, "Digital søknad om plass og endring av oppholdstid",
                description="Søknad og endringer gjøres i foreldreportalen til Visma Flyt Barnehage.",
                sub_goal="D7" if with_errors else "D1", problem_nrs=3, investment=30000, benefit=40000,
                benefit_description="Mindre papirarbeid ved hovedopptaket.",
                period="Vår 2028", months=3, responsible="Liv Marie Torsvik (kommunalsjef oppvekst)",
                follow_up="Anne-Kristin Dahl", risk="Lav"),
        measure(4, "Rutine for lagring av bilder",
                description="Bilder tas bare på barnehagens nettbrett og lagres i Vigilo; private telefoner brukes "
                            "ikke.",
                sub_goal="D2", problem_nrs="5, 9" if with_errors else 5, investment=0,
                benefit_description="Personvernet til barna ivaretas.",
                period="Høst 2027", months=1, responsible="Anne-Kristin Dahl",
                follow_up="Siv Kristoffersen (personvernombud)", risk="Stor" if with_errors else "Middels"),
    ]


#: A first attempt with eight mistakes: an invalid e-mail, «neste år», «ca. 2 mill»,
#: «3-4 mnd», a missing Ansvarlig gjennomføring, Delmål «D7», a Problem nr that
#: does not exist and a Risiko outside the list.
ERROR_FORM: dict[str, Any] = _solsiden(
    "anne-kristin.dahl@fjordvik,kommune.no",
    _solsiden_measures(with_errors=True),
    "Kartlegging Solsiden barnehage.xlsx",
    "12.11.2026",
)

#: Every valid demo form, in order of arrival.
DEMO_UNITS: list[dict[str, Any]] = [
    FJORDVIK_BARNESKOLE,
    SERVICETORGET,
    FJORDVIK_SYKEHJEM,
    TEKNISK_DRIFT,
    HJEMMETJENESTEN,
    KULTURHUSET,
    NAV_FJORDVIK,
]


def demo_correction() -> dict[str, Any]:
    """Solsiden barnehage's corrected form: what the unit sends after reading
    the rejection receipt. Valid."""
    return _solsiden(
        f"anne-kristin.dahl@{DOMAIN}",
        _solsiden_measures(with_errors=False),
        "Kartlegging Solsiden barnehage - rettet.xlsx",
        "19.11.2026",
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


def all_forms() -> list[dict[str, Any]]:
    """Every form ``iktplan demo`` delivers, in order of arrival: the valid
    ones, then the form with errors."""
    return [*DEMO_UNITS, ERROR_FORM]
