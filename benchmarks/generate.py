"""Realistic filled forms for the benchmarks, typed into the project's own blank form.

Every unit gets about ten measures, fifteen systems, eight problems and a fully
answered barometer, with Norwegian text of the length units write (a measure
description is two to four sentences). Amounts, seasons and dates are typed in
the styles units use (``"kr 1.200.000"``, ``"1,5 mill"``, ``"vår-2028"``).
Everything is deterministic: unit *i* is the same unit, with the same form, in
every run and for every number of units, so a run with 25 units reads the first
25 forms of the run with 200.

The units are spread evenly over the default configuration's six service areas,
each with a distinct name and a short code (``OPP007``). :func:`config_text`
writes them into ``strategi.toml`` as the expected units, with an investment
frame that grows with the number of units, as a large municipality would
configure it.

    from benchmarks.generate import units, unit_form, revision, write_forms
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from pipeline.contract import BAROMETER, SEASONS
from pipeline.demo.builders import barometer, measure, problem, system, unit_info
from pipeline.forms.amounts import parse_amount

SEED = 2027
DOMAIN = "fjordvik.kommune.no"
MEASURES, SYSTEMS, PROBLEMS = 10, 15, 8

AREAS = (
    "Oppvekst og utdanning",
    "Helse og omsorg",
    "Teknisk og eiendom",
    "Kultur og fritid",
    "Sentraladministrasjonen",
    "NAV og sosiale tjenester",
)
_PREFIX = ("OPP", "HEL", "TEK", "KUL", "SEN", "NAV")
_KINDS = (
    ("{p} skole", "{p} barnehage", "{p} ungdomsskole", "{p} barneskole", "{p} oppvekstsenter", "{p} SFO"),
    ("{p} sykehjem", "Hjemmetjenesten {p}", "{p} bo- og servicesenter", "{p} helsestasjon", "{p} legekontor",
     "Bofellesskapet {p}"),
    ("Teknisk drift {p}", "Vann og avløp {p}", "Eiendomsdrift {p}", "{p} renseanlegg", "Brann og redning {p}",
     "Vei og park {p}"),
    ("{p} bibliotek", "{p} kulturhus", "{p} idrettshall", "Fritidsklubben {p}", "{p} kulturskole",
     "{p} svømmehall"),
    ("Servicekontoret {p}", "Lønn og personal {p}", "Dokumentsenteret {p}", "Økonomikontoret {p}",
     "Innkjøp {p}", "Politisk sekretariat {p}"),
    ("NAV {p}", "Flyktningtjenesten {p}", "Boligkontoret {p}", "{p} aktivitetssenter", "Rustjenesten {p}",
     "Barneverntjenesten {p}"),
)
_PLACES = (
    "Fjordvik", "Nordstrand", "Solberg", "Haugen", "Bakkeli", "Lia", "Nesset", "Bergheim", "Dalen", "Moen",
    "Eikeli", "Strandvik", "Holmen", "Sletta", "Tveit", "Åsen", "Lunden", "Vollan", "Myrvang", "Fossum",
    "Kleiva", "Storøya", "Skogli", "Bjørkeli", "Rognan", "Vikane", "Brekke", "Hagen", "Øvre Dal", "Nedre Vik",
    "Kvernhus", "Elvebakken", "Sjøvegan", "Furuly", "Granli", "Rustad", "Tangen", "Lysaker", "Hammer", "Kirkenes",
)
_FIRST = ("Kari", "Ola", "Ingrid", "Lars", "Marte", "Jon", "Siri", "Anders", "Hege", "Bjørn", "Liv", "Geir",
          "Randi", "Kjetil", "Tone", "Øystein", "Hanne", "Per", "Ragnhild", "Espen", "Åse", "Trond", "Silje",
          "Håkon", "Gunn", "Eirik", "Mona", "Arne", "Turid", "Vegard")
_LAST = ("Nordmann", "Hansen", "Berg", "Lien", "Haugland", "Stene", "Brekke", "Aune", "Lunde", "Moe",
         "Johansen", "Vik", "Strand", "Hovland", "Nygård", "Kristoffersen", "Torsvik", "Dahl", "Solheim",
         "Bakke", "Eriksen", "Østby", "Sæther", "Grønli", "Fjeld", "Myhre", "Aasen", "Holm", "Rød", "Tangen")
_ROLES = ("IKT", "inspektør", "avdelingsleder", "fagleder", "kommunalsjef", "rådgiver", "systemansvarlig",
          "HR", "økonomi", "personvernombud")


@dataclass(frozen=True)
class Theme:
    """One kind of measure with the problem it answers."""

    titles: tuple[str, ...]  # variants; one is picked per unit
    does: str  # the first sentence of the description
    problem: str
    consequence: str
    benefit: str
    sub_goal: str
    investment: tuple[int, int]  # range, kroner
    months: tuple[int, int]
    systems: tuple[str, ...] = ()  # systems the description may name


_GENERAL = (
    Theme(("Nytt trådløst nett", "Oppgradering av trådløst nett", "Bedre trådløs dekning"),
          "Nye aksesspunkter i alle rom som brukes daglig, og ny kabling der dekningen er dårligst.",
          "Det trådløse nettet faller ut i deler av bygget flere ganger i uka.",
          "Ansatte mister tilkoblingen midt i arbeidet og må gå tilbake til papir.",
          "Stabilt nett i hele bygget; mindre tid på feilsøking.", "D4", (120_000, 1_400_000), (2, 5)),
    Theme(("Utskifting av gamle PC-er", "Nye PC-er til de ansatte", "Fornyelse av PC-parken"),
          "PC-er som er eldre enn fem år byttes på treårig leasing, og de gamle leveres til gjenvinning.",
          "Mange PC-er er over fem år gamle og bruker lang tid på å starte.",
          "Tid går tapt hver dag, og brukerstøtten får mange saker om trege maskiner.",
          "Mindre ventetid og færre saker til brukerstøtten.", "D4", (80_000, 900_000), (2, 6)),
    Theme(("Opplæringsplan for digitale verktøy", "Kurs i Microsoft 365 for alle ansatte",
           "Digitale veiledere på hver avdeling"),
          "En fast plan med korte kurs, digitale veiledere på hver avdeling og oppfrisking på fagdagene.",
          "De ansatte har svært ulik kompetanse i de digitale verktøyene vi bruker.",
          "Oppgaver løses ulikt, og noen ansatte unngår verktøyene helt.",
          "Tryggere ansatte og mer lik praksis.", "D3", (40_000, 250_000), (4, 12), ("Microsoft 365",)),
    Theme(("Enkel pålogging med ansattkort", "Felles pålogging (single sign-on)", "Pålogging uten passordlapper"),
          "Ansatte logger på PC og fagsystemer med kortet sitt og en PIN-kode, uten egne passord per system.",
          "De ansatte logger seg på mange systemer med hvert sitt passord.",
          "Tid går bort ved hver pålogging, og passord skrives ned på lapper.",
          "Sparer tid ved hver pålogging; bedre sikkerhet.", "D2", (90_000, 400_000), (3, 6)),
    Theme(("Rutine for tilgangsstyring", "Faste rutiner for tilganger", "Oversikt over hvem som har tilgang"),
          "Tilganger gis og fjernes etter en fast rutine knyttet til ansettelse og fratreden i Visma Enterprise.",
          "Ansatte som slutter, beholder tilgang til systemene i lang tid.",
          "Risiko for at personopplysninger kommer på avveie.",
          "Bedre kontroll med personopplysninger; færre avvik.", "D2", (0, 120_000), (1, 4), ("Visma Enterprise",)),
    Theme(("Digitalt avvikssystem for alle", "Avviksmelding på mobil", "Bedre bruk av kvalitetssystemet"),
          "Avvik meldes på mobil rett i kvalitetssystemet, og lederne får varsel og frister.",
          "Avvik meldes på papir eller ikke i det hele tatt.",
          "Vi lærer ikke av feilene, og de samme hendelsene gjentar seg.",
          "Flere avvik meldes, og de lukkes raskere.", "D2", (30_000, 200_000), (2, 5), ("Compilo",)),
    Theme(("Samhandling i Teams", "Felles dokumentlagring i SharePoint", "Rydding av fellesområdet"),
          "Dokumenter flyttes fra fellesområdet til SharePoint med faste mapper og tilganger per team.",
          "Dokumenter ligger spredt på fellesområdet, i e-post og på private disker.",
          "Vi finner ikke siste versjon, og ingen vet hvem som har tilgang.",
          "Raskere å finne dokumenter; riktig tilgang.", "D5", (50_000, 300_000), (3, 8), ("Microsoft 365",)),
    Theme(("Digital turnus og timeregistrering", "Turnusprogram koblet til lønn", "Elektronisk timeliste"),
          "Et turnusprogram der vaktbytter og overtid går rett til lønn uten manuell overføring.",
          "Turnus og overtid føres i regneark og legges inn for hånd i lønnssystemet.",
          "Feil i lønn og overtid; lederne bruker mye tid på turnus.",
          "Færre lønnsfeil; lederne får tid til faglig ledelse.", "D5", (150_000, 700_000), (4, 10),
          ("Visma Enterprise",)),
    Theme(("Skjermer og møteromsutstyr", "Videomøter i alle møterom", "Utstyr for hybride møter"),
          "Alle møterom får skjerm, kamera og høyttaler som virker med Teams uten ekstra oppkobling.",
          "Møter med deltakere på video starter sent fordi utstyret ikke virker.",
          "Mye tid går tapt i hvert møte, og eksterne deltakere faller ut.",
          "Møter starter til rett tid; mindre reising.", "D4", (60_000, 350_000), (2, 4), ("Microsoft 365",)),
    Theme(("Digital postkasse til innbyggerne", "Digital utsending av brev", "Sikker digital post"),
          "Brev til innbyggerne sendes digitalt via SvarUt til Digipost eller e-Boks; papir bare til dem som "
          "har reservert seg.",
          "Brev til innbyggerne skrives ut, konvolutteres og sendes med vanlig post.",
          "Høye portokostnader og brev som kommer fram sent.",
          "Lavere porto; raskere svar til innbyggerne.", "D1", (20_000, 150_000), (2, 4), ("SvarUt",)),
)

_BY_AREA = (
    (  # Oppvekst og utdanning
        Theme(("Felles skoleplattform for foreldre", "Én kanal for foreldrekontakt", "Samlet foreldrekommunikasjon"),
              "Meldinger, fravær, timeplan og lekser samles i én plattform med én innlogging for foreldrene.",
              "Beskjeder til foreldre går i flere kanaler: Visma Flyt Skole, Vigilo og e-post.",
              "Foreldre går glipp av beskjeder og ringer for å dobbeltsjekke.",
              "Én kanal for foreldrene; færre henvendelser.", "D5", (40_000, 450_000), (3, 8),
              ("Visma Flyt Skole", "Vigilo")),
        Theme(("Nettbrett til de yngste elevene", "Elev-PC-er på mellomtrinnet", "Én til én-dekning for elevene"),
              "Hver elev får sin egen enhet som styres sentralt, med læremidler installert fra start.",
              "Elevene deler enheter, og mange er gamle og trege.",
              "Timene starter sent, og elevene får ulik undervisning.",
              "Mer undervisningstid og likere tilbud.", "D4", (200_000, 1_500_000), (3, 6), ("Jamf School",)),
        Theme(("Feide-pålogging til alle læremidler", "Felles innlogging for elevene", "Pålogging med Feide"),
              "Alle læremidler som støtter Feide kobles til, så elevene slipper egne passord per tjeneste.",
              "Elevene har mange passord, og de yngste husker dem ikke.",
              "Mye tid i timene går til glemte passord.",
              "Mindre tid på passord i timene.", "D5", (10_000, 80_000), (1, 3), ("Feide",)),
        Theme(("Oversikt over læringsapper", "Databehandleravtaler for læremidler", "Personvern i skolen"),
              "Alle apper og nettsteder elevene bruker gjennomgås, med databehandleravtale eller utfasing.",
              "Vi har ikke oversikt over hvilke apper som behandler personopplysninger om barna.",
              "Vi kan bryte personvernregelverket uten å vite det.",
              "Oppfyller personvernregelverket.", "D2", (20_000, 120_000), (3, 6)),
        Theme(("Digital søknad om barnehageplass", "Foreldreportal for opptak", "Digital endring av oppholdstid"),
              "Søknad om plass og endring av oppholdstid gjøres i foreldreportalen, med svar direkte til foreldrene.",
              "Søknader og endringer kommer på papir og registreres for hånd.",
              "Mye manuelt arbeid ved hovedopptaket og feil i foreldrebetalingen.",
              "Mindre papirarbeid ved hovedopptaket.", "D1", (20_000, 100_000), (2, 5), ("Visma Flyt Barnehage",)),
        Theme(("Digital lesetrening", "Lesetreningsprogram på nettbrett", "Digital kartlegging av lesing"),
              "Lisenser til et lesetreningsprogram, med opplæring av lærerne og oppfølging av hver elev.",
              "Elever som strever med lesing, får for lite trening.",
              "Lesevansker oppdages sent, og hjelpen kommer for seint.",
              "Bedre leseferdigheter og tidligere hjelp.", "D3", (40_000, 240_000), (6, 12)),
        Theme(("Pedagogisk dokumentasjon med bilder", "Digital dokumentasjon i barnehagen",
               "Nettbrett til pedagogisk dokumentasjon"),
              "Hver avdeling får nettbrett for bilder og video, med lagring i fagsystemet og ikke på private telefoner.",
              "Bilder av barna tas på private telefoner og lagres ulike steder.",
              "Risiko for brudd på personvernet, og dokumentasjonen blir mangelfull.",
              "Personvernet ivaretas; bedre dialog med foreldrene.", "D2", (30_000, 150_000), (2, 4), ("Vigilo",)),
    ),
    (  # Helse og omsorg
        Theme(("Digitalt tilsyn om natten", "Sensorer for digitalt tilsyn", "Løsning for digitalt tilsyn"),
              "Sensorer varsler ved fall, uro eller når brukeren forlater senga, så nattevakten går inn når det trengs.",
              "Nattevaktene går faste runder og åpner døra til beboerne for å se at alt er i orden.",
              "Beboerne vekkes, og fall oppdages likevel for sent.",
              "Bedre søvn for beboerne og færre fall.", "D6", (600_000, 1_800_000), (6, 12)),
        Theme(("Elektronisk legemiddelhåndtering", "Elektronisk kurve i journalsystemet", "Digital kvittering for legemidler"),
              "Legemiddelmodulen tas i bruk med elektronisk kurve og kvittering på nettbrett.",
              "Legemidler kvitteres på papirkurve ved siden av journalsystemet.",
              "Risiko for feilmedisinering når kurven og journalen ikke stemmer.",
              "Færre avvik i legemiddelhåndteringen.", "D2", (200_000, 600_000), (4, 8), ("Gerica",)),
        Theme(("Elektroniske medisindispensere", "Medisindispensere hjemme hos brukerne", "Digital medisinhjelp"),
              "Medisindispensere gir riktig dose til riktig tid og varsler oss hvis medisinen ikke tas.",
              "Mange hjemmebesøk gjøres bare for å gi medisiner.",
              "Besøk som kunne vært unngått, tar tid fra brukere som trenger mer hjelp.",
              "Frigjør besøk til brukere som trenger mer hjelp.", "D6", (300_000, 900_000), (4, 8)),
        Theme(("Nye trygghetsalarmer", "Trygghetsalarmer koblet til sensorer", "Responssenter for alarmer"),
              "Alle alarmene byttes til alarmer som kan kobles til sensorer, og alarmene går til et responssenter.",
              "Trygghetsalarmene har bare talefunksjon og kan ikke kobles til sensorer.",
              "Brukere som faller eller går ut om natten, blir ikke oppdaget.",
              "Fall og vandring oppdages; svar døgnet rundt.", "D6", (400_000, 1_600_000), (6, 10)),
        Theme(("Mobil dokumentasjon hos brukeren", "Journal på nettbrett", "Dokumentasjon i bilen"),
              "Journalsystemet på nettbrett i alle biler, så de ansatte dokumenterer hos brukeren.",
              "De ansatte dokumenterer i journalen først etter vakta.",
              "Overtid og informasjon som glemmes.",
              "Mindre overtid og mer oppdatert journal.", "D5", (150_000, 450_000), (3, 6), ("Gerica",)),
        Theme(("Digital kontakt med pårørende", "App for pårørende", "Digitale beskjeder til pårørende"),
              "Pårørende får beskjeder, besøkstider og dagens aktivitet i en app.",
              "Pårørende ringer avdelingen for enkle beskjeder og besøkstider.",
              "Telefonene tar tid ved vaktskiftene.",
              "Færre telefoner ved vaktskiftene.", "D1", (40_000, 150_000), (2, 4)),
        Theme(("E-læring for vikarer", "Digital introduksjon for nyansatte", "Korte nettkurs før første vakt"),
              "Korte kurs i journalsystemet, avviksmelding og taushetsplikt som vikarene tar før første vakt.",
              "Mange vikarer har lite erfaring med fagsystemene og rutinene våre.",
              "Mangelfull dokumentasjon i helgene.",
              "Tryggere vikarer og bedre dokumentasjon.", "D3", (30_000, 120_000), (2, 5), ("Gerica",)),
    ),
    (  # Teknisk og eiendom
        Theme(("Digital byggesøknad", "Søknader rett inn i saksbehandlingen", "Ebyggesak for innbyggere"),
              "Byggesøknader kommer digitalt via Fellestjenester BYGG og går rett inn i sak/arkiv.",
              "Byggesøknader kommer på papir og som PDF og registreres for hånd.",
              "Lang saksbehandlingstid og feil i registreringen.",
              "Kortere saksbehandlingstid.", "D1", (150_000, 500_000), (4, 8), ("Elements",)),
        Theme(("Digital FDV-dokumentasjon", "FDV-system for kommunale bygg", "Tegninger og avtaler samlet"),
              "All dokumentasjon for forvaltning, drift og vedlikehold samles i ett system med søk per bygg.",
              "FDV-dokumentasjonen ligger i permer og på fellesområdet.",
              "Vi finner ikke tegninger og serviceavtaler når noe skjer.",
              "Raskere feilretting og bedre planlagt vedlikehold.", "D5", (200_000, 700_000), (6, 12)),
        Theme(("Arbeidsordre på mobil", "Digital arbeidsordre for vaktmestere", "Mobilt vedlikeholdssystem"),
              "Vaktmesterne får arbeidsordre på mobilen og kvitterer når jobben er gjort.",
              "Vaktmesterne får arbeidsordre på telefon og lapper.",
              "Ingen oversikt over hva som er gjort, og vedlikehold skyves.",
              "Oversikt over vedlikeholdet; færre glemte oppdrag.", "D5", (60_000, 250_000), (2, 5)),
        Theme(("VA-data i kartløsningen", "Ledningsnett i kart", "Kartinnsyn for saksbehandlere"),
              "Data fra ledningsnettet vises i kartløsningen for saksbehandlere og entreprenører.",
              "VA-data er ikke tilgjengelige i kartet for saksbehandlerne.",
              "Svar til innbyggere og entreprenører tar lang tid.",
              "Raskere svar til innbyggere og entreprenører.", "D5", (50_000, 200_000), (3, 6), ("Gemini VA",)),
        Theme(("Automatisk gebyrgrunnlag", "Integrasjon mellom gebyr og økonomi", "Gebyrer uten manuell overføring"),
              "Gebyrgrunnlaget for vann og avløp overføres automatisk fra fagsystemet til økonomisystemet.",
              "Gebyrgrunnlaget overføres manuelt fra fagsystemet til økonomi.",
              "Mange rettinger og klager på fakturaene hvert år.",
              "Færre feil og klager på fakturaene.", "D5", (100_000, 350_000), (3, 6), ("KomTek",)),
        Theme(("Sensorer for energi og inneklima", "Energioppfølging i byggene", "Smarte målere i kommunale bygg"),
              "Sensorer måler energibruk og inneklima i skoler og barnehager, med varsling ved avvik.",
              "Vi vet ikke hvor energien brukes i byggene våre.",
              "Høye energikostnader og klager på inneklimaet.",
              "Lavere energikostnader og bedre inneklima.", "D4", (300_000, 1_200_000), (6, 12)),
    ),
    (  # Kultur og fritid
        Theme(("Meråpent bibliotek", "Selvbetjent bibliotek", "Tilgang med bibliotekkort utenom åpningstid"),
              "Innbyggerne kommer inn med bibliotekkort og PIN-kode og låner selv, også utenom betjent tid.",
              "Biblioteket er bare åpent når det er betjent.",
              "Mange innbyggere rekker ikke å bruke biblioteket.",
              "Lengre åpningstid uten flere ansatte.", "D1", (200_000, 600_000), (4, 8), ("Bibliofil",)),
        Theme(("Digital booking av lokaler", "Booking av haller og rom på nett", "Felles bookingløsning"),
              "Lag og foreninger booker haller og rom på nett, med betaling og nøkkelkort i samme løsning.",
              "Lokaler bookes på telefon og e-post og føres i et regneark.",
              "Dobbeltbookinger og mye manuelt arbeid med fakturering.",
              "Færre dobbeltbookinger; enklere fakturering.", "D1", (60_000, 250_000), (3, 6)),
        Theme(("Billettsystem for kulturhuset", "Nytt billettsystem", "Digitale billetter"),
              "Et billettsystem med salg på nett, digitale billetter og oppgjør rett til økonomi.",
              "Billettsalget gjøres i et gammelt system som ikke snakker med økonomi.",
              "Oppgjøret etter hvert arrangement tar lang tid.",
              "Raskere oppgjør og bedre oversikt over salget.", "D5", (80_000, 300_000), (3, 6)),
        Theme(("Elevadministrasjon i kulturskolen", "Digital påmelding til kulturskolen",
               "Ventelister og fakturering i ett system"),
              "Påmelding, ventelister og fakturering samles i ett fagsystem for kulturskolen.",
              "Påmelding og ventelister føres i regneark.",
              "Feil i fakturaene og foreldre som ikke får svar.",
              "Riktig fakturering og raskere svar.", "D5", (40_000, 150_000), (2, 5), ("Speedadmin",)),
    ),
    (  # Sentraladministrasjonen
        Theme(("Chatbot på nettsidene", "Digital innbyggerdialog", "Svar på vanlige spørsmål døgnet rundt"),
              "En chatbot svarer på de vanligste spørsmålene og sender resten videre til riktig saksbehandler.",
              "Servicekontoret får mange telefoner om de samme enkle spørsmålene.",
              "Lang ventetid på telefon og mindre tid til vanskelige saker.",
              "Færre telefoner og raskere svar.", "D1", (80_000, 300_000), (3, 6)),
        Theme(("Robotisering av fakturabehandling", "Automatisk fakturakontroll", "Roboter i økonomi"),
              "En programvarerobot kontrollerer og konterer inngående fakturaer etter faste regler.",
              "Inngående fakturaer kontrolleres og konteres for hånd.",
              "Mye rutinearbeid og forsinkede betalinger.",
              "Frigjør tid i økonomi; færre purringer.", "D5", (150_000, 500_000), (4, 8), ("Visma Enterprise",)),
        Theme(("Digitalt arkiv for eldre saker", "Skanning av papirarkivet", "Avlevering til depot"),
              "Eldre papirsaker skannes og avleveres, og nye saker arkiveres bare digitalt i sak/arkiv.",
              "Eldre saker ligger i papirarkivet i kjelleren.",
              "Innsyn tar lang tid, og arkivet er utsatt for fukt.",
              "Raskere innsyn og sikrere arkiv.", "D2", (200_000, 800_000), (6, 12), ("Elements",)),
        Theme(("Digital signering av avtaler", "Elektronisk signatur", "Signering med BankID"),
              "Arbeidsavtaler og kontrakter signeres digitalt med BankID og arkiveres automatisk.",
              "Avtaler skrives ut, signeres for hånd og skannes inn igjen.",
              "Avtaler blir liggende og arkiveres ikke.",
              "Raskere signering og komplett arkiv.", "D5", (30_000, 120_000), (2, 4)),
    ),
    (  # NAV og sosiale tjenester
        Theme(("Digital søknad om økonomisk sosialhjelp", "Sosialhjelp på nett", "Innsyn i egen sak"),
              "Brukerne søker om økonomisk sosialhjelp på nett og følger saken sin digitalt.",
              "Søknader om sosialhjelp kommer på papir og må registreres for hånd.",
              "Lang behandlingstid og mange telefoner om status i saken.",
              "Kortere behandlingstid og færre telefoner.", "D1", (50_000, 200_000), (3, 6), ("Socio",)),
        Theme(("Digitale oppfølgingssamtaler", "Videosamtaler med brukerne", "Sikker digital dialog"),
              "Oppfølgingssamtaler kan tas på sikker video, og brukerne får beskjeder i en sikker kanal.",
              "Alle oppfølgingssamtaler krever oppmøte på kontoret.",
              "Brukere med lang reisevei møter ikke, og oppfølgingen stopper opp.",
              "Færre avlyste samtaler.", "D1", (40_000, 150_000), (2, 5)),
        Theme(("Fagsystem for bosetting", "Digital oppfølging av flyktninger", "Oversikt over introduksjonsprogram"),
              "Bosetting og introduksjonsprogram følges opp i ett fagsystem med varsler om frister.",
              "Oppfølgingen av introduksjonsprogrammet føres i regneark.",
              "Frister glipper, og rapporteringen til staten tar lang tid.",
              "Ingen tapte frister; raskere rapportering.", "D5", (80_000, 300_000), (4, 8)),
        Theme(("Nytt fagsystem for barnevernet", "Digital barnevernsdokumentasjon", "Barnevern på mobil"),
              "Saksbehandlerne dokumenterer i fagsystemet på mobil, også ute hos familiene.",
              "Barnevernet har et fagsystem som ikke støtter mobil bruk.",
              "Notater skrives for hånd og føres inn senere.",
              "Mer tid hos familiene og bedre dokumentasjon.", "D5", (150_000, 600_000), (6, 12), ("Familia",)),
    ),
)

_GENERAL_SYSTEMS = (
    ("Microsoft 365", "Microsoft", "E-post, Teams, Word/Excel og lagring i OneDrive og SharePoint"),
    ("Visma Enterprise", "Visma", "HR, lønn, reiseregninger og fravær"),
    ("Elements", "Sikri", "Sak/arkiv og journalføring"),
    ("Compilo", "Compilo", "Avvik og kvalitetssystem"),
    ("SvarUt", "KS", "Digital utsending av brev til innbyggere og virksomheter"),
    ("Intranettet", "Kommunen", "Nyheter, rutiner og kontaktinformasjon for de ansatte"),
    ("Brukerstøtteportalen", "IKT-tjenesten", "Melde feil og bestille utstyr"),
    ("Visma Innkjøp", "Visma", "Bestilling fra rammeavtaler og fakturaflyt"),
)
_AREA_SYSTEMS = (
    (("Visma Flyt Skole", "Visma", "Elevadministrasjon, fravær, vurdering og foreldrekontakt"),
     ("Vigilo", "Vigilo", "Meldinger til foreldre"), ("Feide", "Sikt", "Innlogging for elever og ansatte"),
     ("Jamf School", "Jamf", "Styring av elevenes iPader"), ("itslearning", "itslearning AS", "Læringsplattform"),
     ("Salaby", "Gyldendal", "Digitale læremidler for småtrinnet"),
     ("Visma Flyt Barnehage", "Visma", "Opptak, plasser og foreldrebetaling"),
     ("Kikora", "Kikora", "Matematikk på nett"), ("Skolearena", "Visma", "Timeplan og rom"),
     ("IST Extens", "IST", "Elevadministrasjon (gammel versjon)"),
     ("Showbie", "Showbie", "Innlevering av oppgaver"), ("Lesemester", "Vigmostad & Bjørke", "Lesetrening"),
     ("MinSkole", "Conexus", "Resultater fra kartlegginger")),
    (("Gerica", "Tietoevry", "Elektronisk pasientjournal for pleie og omsorg"),
     ("Gerica mobil", "Tietoevry", "Journal på mobil hos brukeren"),
     ("E-meldinger", "Norsk helsenett", "Meldinger med fastleger og sykehus"),
     ("Kjernejournal", "Norsk helsenett", "Oppslag i pasientenes kritiske informasjon"),
     ("Pasientsignalanlegg", "Ascom", "Alarmknapper på rommene"),
     ("Trygghetsalarmer", "Tunstall", "Alarm hjemme hos brukerne"),
     ("HsPro", "Hove Medical", "Journal for helsestasjonen"), ("Infodoc", "Infodoc", "Journal for legekontoret"),
     ("Helsenorge", "Norsk helsenett", "Timebestilling og meldinger til innbyggerne"),
     ("Medisinrom", "Evondos", "Medisindispensere"), ("Turnusplanlegger", "Visma", "Turnus og vaktbytter"),
     ("Dignus", "Dignus", "Kvalitetssystem for helse")),
    (("KomTek", "Norkart", "Gebyrer, eiendomsskatt og matrikkel"),
     ("Gemini VA", "Volue", "Dokumentasjon av vann- og avløpsnettet"),
     ("ISY Eiendom", "Norconsult", "Forvaltning, drift og vedlikehold av bygg"),
     ("Kommunekart", "Norkart", "Kartinnsyn"), ("Fellestjenester BYGG", "DiBK", "Byggesøknader på nett"),
     ("Plansak", "Norkart", "Planregister"), ("Driftskontrollsystem", "Siemens", "Overvåking av renseanlegg"),
     ("Brannvesenets rapportsystem", "DSB", "Rapportering av utrykninger"),
     ("Energioppfølging", "Entro", "Energibruk i byggene"), ("Rørinspeksjon", "WinCan", "Filming av ledninger"),
     ("Vaktmesterappen", "Facilit", "Arbeidsordre")),
    (("Bibliofil", "Bibliotekservice", "Bibliotekets utlån og katalog"),
     ("Speedadmin", "Speedadmin", "Elevadministrasjon i kulturskolen"),
     ("Ticketco", "Ticketco", "Billettsalg"), ("Bookup", "Bookup", "Booking av haller og rom"),
     ("Meråpent-løsning", "Bibliotekservice", "Adgang utenom betjent tid"),
     ("Fritidsklubbappen", "Kommunen", "Påmelding til aktiviteter"),
     ("Kulturkalenderen", "Kommunen", "Arrangementer på nettsidene"),
     ("Idrettsregisteret", "Kommunen", "Oversikt over lag og foreninger"),
     ("Mikromarc", "Bibliotekservice", "Skolebibliotekene"), ("Spotify for Business", "Spotify", "Musikk i lokalene"),
     ("Kassasystem", "Visma", "Salg i kafé og kiosk")),
    (("Visma Økonomi", "Visma", "Regnskap og budsjett"), ("Framsikt", "Framsikt", "Budsjett og rapportering"),
     ("Politiker-portalen", "Sikri", "Møter og saksdokumenter for politikere"),
     ("Chatbot", "Boost", "Svar på nettsidene"), ("Nettsidene", "Kommunen", "Informasjon til innbyggerne"),
     ("Arkivdepot", "IKA", "Avlevering av arkiv"), ("Signeringstjeneste", "Posten", "Digital signering"),
     ("Ressursbanken", "Kommunen", "Vikarer og ekstravakter"),
     ("Kvalitetslosen", "Kvalitetslosen", "Internkontroll"), ("Rekrutteringsportal", "Webcruiter", "Utlysning"),
     ("Telefonisentral", "Telenor", "Sentralbord og køer")),
    (("Socio", "Visma", "Saksbehandling av sosialhjelp"),
     ("Familia", "Visma", "Fagsystem for barnevernet"),
     ("Flyktningmodulen", "Visma", "Bosetting og introduksjonsprogram"),
     ("Modia", "NAV", "Statlige NAV-systemer"), ("Husbanken-portalen", "Husbanken", "Startlån og bostøtte"),
     ("Eye-share", "Visma", "Utbetalinger"), ("Boligforvaltning", "Kommunen", "Kommunale boliger"),
     ("Tolkeportalen", "Tolkeformidlingen", "Bestilling av tolk"),
     ("Sikker video", "Whereby", "Videosamtaler med brukere"), ("Rusfaglig journal", "Tietoevry", "Journal"),
     ("Aktivitetsplanen", "NAV", "Oppfølging av brukere")),
)

_HOW = (
    "Innføringen skjer trinnvis, med en prøveperiode på én avdeling før resten følger etter.",
    "Leverandøren har levert tilsvarende løsning til flere kommuner i regionen.",
    "Anskaffelsen gjøres på felles rammeavtale, og IKT-tjenesten står for installasjonen.",
    "Løsningen må vurderes av personvernombudet før den tas i bruk.",
    "Vi har snakket med to andre kommuner som har tatt i bruk det samme, og de anbefaler det.",
    "Tiltaket krever at de ansatte får opplæring før oppstart, og at rutinene skrives om.",
    "Arbeidet gjøres i perioder med lite drift, slik at tjenesten ikke stopper opp.",
    "Det er satt av tid til å rydde i dagens data før de flyttes over.",
    "Tillitsvalgte og verneombud tas med fra starten.",
    "Vi ønsker å starte med en pilot i høstferien og evaluere etter tre måneder.",
    "Kostnadene er anslått etter tilbud vi fikk i fjor og kan endre seg.",
    "Et lignende forsøk i nabokommunen halverte tidsbruken på denne oppgaven.",
    "Brukerne har selv bedt om dette i den siste brukerundersøkelsen.",
    "Vi trenger hjelp fra IKT-tjenesten til oppsett og integrasjoner.",
    "Avtalen med dagens leverandør kan sies opp med seks måneders varsel.",
    "Enhetens ledergruppe har behandlet forslaget og står bak det.",
    "Gevinstene kommer først når alle ansatte bruker løsningen fast.",
    "Det må lages en risikovurdering før oppstart.",
    "Vi kan dele erfaringer med andre enheter som vurderer det samme.",
    "Utstyret skal merkes og registreres i kommunens utstyrsregister.",
    "Oppstarten må avstemmes med ferieavviklingen om sommeren.",
    "Det er viktig at løsningen fungerer på både PC og mobil.",
    "Vi har ikke kompetanse til å drifte dette selv og trenger en driftsavtale.",
    "Prosjektet ledes av en ansatt som får frikjøpt 20 prosent av stillingen.",
)
_SCALE = (
    "Gjelder om lag {n} ansatte ved {unit}.",
    "Berører {n} brukere og alle ansatte ved {unit}.",
    "{unit} har {n} ansatte som vil bruke løsningen daglig.",
)
_COMMENTS = (
    "Fungerer godt når det først er satt opp.", "Mange ansatte bruker bare en liten del av funksjonene.",
    "Avtalen går ut i {year}.", "Tregt i perioder med mye bruk.", "Lite opplæring da det ble tatt i bruk.",
    "Dobbeltregistrering mot lønnssystemet.", None, None, None, None,
)
_BAROMETER_COMMENTS = (
    "Gjelder særlig nyansatte og vikarer.", "Varierer mye mellom avdelingene.", "Har blitt bedre det siste året.",
    "Vi mangler rutiner for dette.", "Få ansatte kjenner rutinen.", "Nettet faller ut i deler av bygget.",
)


@dataclass(frozen=True)
class UnitSpec:
    index: int  # 0-based; the same unit in every run
    name: str
    code: str  # the short code in strategi.toml (OPP007)
    area: str


def unit_spec(index: int) -> UnitSpec:
    """Unit *index*: service areas in turn, then kind and place (distinct up to 1 440 units)."""
    area = index % len(AREAS)
    j = index // len(AREAS)
    kinds = _KINDS[area]
    quotient, kind = divmod(j, len(kinds))
    if quotient >= len(_PLACES):
        raise ValueError(f"at most {len(AREAS) * len(kinds) * len(_PLACES)} units")
    place = _PLACES[(quotient * 7 + kind * 3) % len(_PLACES)]  # 7 and 40 are coprime: distinct per kind
    return UnitSpec(index, kinds[kind].format(p=place), f"{_PREFIX[area]}{index + 1:03d}", AREAS[area])


def units(n: int) -> list[UnitSpec]:
    return [unit_spec(i) for i in range(n)]


def _rng(index: int, revision: int, seed: int) -> random.Random:
    return random.Random(f"{seed}:{index}:{revision}")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _email(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    return ".".join(ascii_name.split()) + f"@{DOMAIN}"


def _typed_amount(rng: random.Random, value: int) -> int | str:
    """An amount as a unit types it."""
    style = rng.randrange(6)
    grouped = f"{value:,}".replace(",", " ")
    if style == 0 or value == 0:
        return value
    if style == 1:
        return f"{grouped} kr"
    if style == 2:
        return f"kr {value:,}".replace(",", ".")
    if style == 3 and value >= 1_000_000 and value % 100_000 == 0:
        return f"{value / 1_000_000:.1f}".replace(".", ",").replace(",0", "") + " mill"
    if style == 4:
        return str(value)
    return grouped


def _typed_period(rng: random.Random, year: int, season: str) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"{season.lower()}-{year}"
    if style == 1:
        return f"{season}en {year}" if season != "Høst" else f"Høsten {year}"
    return f"{season} {year}"


def _round(value: int, step: int = 5000) -> int:
    return max(0, round(value / step) * step)


def _themes(area: int) -> tuple[Theme, ...]:
    return _BY_AREA[area] + _GENERAL


def unit_form(index: int, revision: int = 1, seed: int = SEED, repetition: bool = False) -> dict[str, Any]:
    """The form unit *index* sends as its *revision* (1: first), as
    ``{"file_name": ..., "form": fill_form keyword arguments}``. A later revision
    keeps the unit and most of its content; see :func:`revision`. With
    *repetition*, the units propose the same things in nearly the same words
    (:mod:`benchmarks.repeated`); without it, every unit writes its own."""
    spec = unit_spec(index)
    if repetition:
        from benchmarks import repeated

        entry = repeated.unit_form(index, seed)
        for number in range(2, revision + 1):
            entry = _revise(entry, spec, number, seed)
        return entry
    area = AREAS.index(spec.area)
    rng = _rng(index, 1, seed)
    contact = _person(rng)
    themes = rng.sample(_themes(area), MEASURES)
    house = rng.sample(_HOW, 4)  # each unit writes in its own way and repeats itself

    problems = []
    for nr, theme in enumerate(themes[:PROBLEMS], start=1):
        kind = "Mulighet" if rng.random() < 0.2 else "Problem"
        problems.append(problem(nr, theme.problem, kind, theme.consequence,
                                rng.choice(("Høy", "Høy", "Middels", "Middels", "Lav"))))

    names = [s for s in _AREA_SYSTEMS[area]]
    chosen = rng.sample(_GENERAL_SYSTEMS, 5) + rng.sample(names, min(len(names), SYSTEMS - 5))
    systems = []
    for name, supplier, purpose in chosen[:SYSTEMS]:
        comment = rng.choice(_COMMENTS)
        systems.append(system(name, supplier, purpose, rng.randrange(2, 400), rng.randrange(1, 6),
                              rng.choice(("Beholde", "Beholde", "Videreutvikle", "Erstatte", "Avvikle")),
                              comment.format(year=rng.randrange(2027, 2031)) if comment else None))

    measures = []
    for nr, theme in enumerate(themes, start=1):
        title = rng.choice(theme.titles)
        if rng.random() < 0.4:
            title += f" ({spec.name})"
        description = " ".join([
            theme.does,
            rng.choice(_SCALE).format(n=rng.randrange(8, 300), unit=spec.name),
            *rng.sample(house, rng.randrange(1, 3)),
        ])
        investment = _round(rng.randrange(*theme.investment))
        operating = _round(investment * rng.uniform(0.05, 0.25))
        benefit = _round(investment * rng.uniform(0.0, 0.6)) if rng.random() < 0.8 else 0
        year, season = rng.randrange(2027, 2031), rng.choice(SEASONS)
        refs: Any = nr if nr <= PROBLEMS else rng.choice((None, f"{rng.randrange(1, 5)}, {rng.randrange(5, 9)}"))
        measures.append(measure(
            nr, title,
            description=description,
            sub_goal=theme.sub_goal,
            problem_nrs=refs,
            investment=_typed_amount(rng, investment),
            operating_cost=_typed_amount(rng, operating) if operating else None,
            benefit=_typed_amount(rng, benefit) if benefit else None,
            benefit_description=theme.benefit,
            period=_typed_period(rng, year, season),
            months=rng.randrange(theme.months[0], theme.months[1] + 1),
            responsible=f"{_person(rng)} ({rng.choice(_ROLES)})",
            follow_up=contact if rng.random() < 0.9 else None,
            risk=rng.choice(("Lav", "Middels", "Middels", "Høy")),
            category=rng.choice((None, None, "Kritisk prosess", "Quick win")),
            dependencies=(f"Forutsetter {spec.code}-{rng.randrange(1, nr)}" if nr > 1 and rng.random() < 0.2
                          else None),
        ))

    answers = []
    for _ in BAROMETER:
        score = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
        answers.append((score, rng.choice(_BAROMETER_COMMENTS)) if rng.random() < 0.2 else score)

    form_date = date(2026, rng.randrange(10, 12), rng.randrange(1, 29))
    entry = {
        "file_name": f"Kartlegging {spec.name}.xlsx",
        "form": {
            "unit": unit_info(spec.name, spec.area, contact, _email(contact), form_date),
            "problems": problems,
            "systems": systems,
            "measures": measures,
            "barometer": barometer(*answers),
        },
    }
    for number in range(2, revision + 1):
        entry = _revise(entry, spec, number, seed)
    return entry


def revision(unit_index: int, number: int = 2, seed: int = SEED, repetition: bool = False) -> dict[str, Any]:
    """Unit *unit_index*'s revision *number* (2 = the first revision): after a
    market dialogue measure 1 is cheaper and starts later, a measure is added,
    one system's satisfaction changes and the form date moves on."""
    return unit_form(unit_index, number, seed, repetition)


def _revise(entry: dict[str, Any], spec: UnitSpec, number: int, seed: int) -> dict[str, Any]:
    rng = _rng(spec.index, number, seed)
    form = entry["form"]
    measures = [dict(m) for m in form["measures"]]
    first = measures[0]
    first["Investering (kr)"] = _round(int(parse_amount(first["Investering (kr)"]) * 0.85))
    first["Tidsrom"] = f"{rng.choice(SEASONS)} {rng.randrange(2027, 2031)}"
    first["Beskrivelse"] = (first["Beskrivelse"] or "") + (
        f"\nRevidert etter markedsdialogen (revisjon {number}): lavere pris og ny oppstart.")
    theme = rng.choice(_GENERAL)
    measures.append(measure(
        len(measures) + 1, f"{theme.titles[0]} (revisjon {number})",
        description=f"{theme.does} Lagt til i revisjon {number} etter innspill fra de ansatte.",
        sub_goal=theme.sub_goal, problem_nrs=1, investment=_round(rng.randrange(*theme.investment)),
        benefit_description=theme.benefit, period=f"Høst {rng.randrange(2027, 2031)}",
        months=rng.randrange(*theme.months), responsible=_person(rng), follow_up=form["unit"]["kontaktperson"],
        risk="Lav",
    ))
    systems = [dict(s) for s in form["systems"]]
    systems[0]["Tilfredshet (1-5)"] = 1 + (int(systems[0]["Tilfredshet (1-5)"]) % 5)
    unit = dict(form["unit"], dato=date(2026, 11, min(28, 10 + number)))
    return {
        "file_name": f"Kartlegging {spec.name} (revisjon {number}).xlsx",
        "form": {**form, "unit": unit, "measures": measures, "systems": systems},
    }


# --- configuration ------------------------------------------------------------------------

_UNITS_BLOCK = re.compile(r"^\[\[enheter\]\]\n(?:[^\[\n#][^\n]*\n|\n)*", re.MULTILINE)
_FRAME = re.compile(r"^(\[budsjett\.investeringsramme\]\n)((?:\d{4} = \d+\n)+)", re.MULTILINE)


def config_text(base: str, n: int, frame_per_unit: int = 1_000_000) -> str:
    """*base* (the text of a ``strategi.toml`` with the default layout) with the
    first *n* generated units as its expected units and a yearly investment
    frame of *frame_per_unit* kroner per unit, spread over the period's years."""
    text = _UNITS_BLOCK.sub("", base)
    if "[[enheter]]" in text:
        raise ValueError("could not remove the [[enheter]] blocks from the configuration")
    match = _FRAME.search(text)
    if match is None:
        raise ValueError("no [budsjett.investeringsramme] table in the configuration")
    years = [line.split(" = ")[0] for line in match.group(2).splitlines()]
    yearly = _round(n * frame_per_unit // len(years), 100_000)
    text = text[: match.start(2)] + "".join(f"{y} = {yearly}\n" for y in years) + text[match.end(2):]
    blocks = "".join(f'\n[[enheter]]\nnavn = "{u.name}"\nkode = "{u.code}"\ntjenesteomrade = "{u.area}"\n'
                     for u in units(n))
    return text.rstrip("\n") + "\n\n# Enhetene som skal levere skjema (generert for ytelsestestene).\n" + blocks


# --- writing the forms ---------------------------------------------------------------------


def _fill(job: tuple[str, str, dict[str, Any]]) -> str:
    from pipeline.forms.formfill import fill_form

    blank, out, form = job
    fill_form(Path(blank), Path(out), **form)
    return out


def write_forms(blank: Path, out_dir: Path, entries: Sequence[dict[str, Any]], workers: int | None = None) -> list[Path]:
    """Fill each entry (``unit_form``/``revision`` results) into *blank*, in
    *out_dir*, on *workers* processes (None: one per core); return the paths in
    the order of *entries*. A file that exists is kept (a cache)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / e["file_name"] for e in entries]
    jobs = [(str(blank), str(p), e["form"]) for p, e in zip(paths, entries) if not p.exists()]
    workers = workers or os.cpu_count() or 1
    if len(jobs) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_fill, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
    else:
        for job in jobs:
            _fill(job)
    return paths


def cache_key(config_bytes: bytes, seed: int = SEED, repetition: bool = False) -> str:
    """Changes when anything that decides the forms' bytes changes: this
    generator (and, for *repetition*, its repetition mode), the blank form's
    code, the form filler, the contract or the configuration the blank form is
    made from."""
    h = hashlib.sha256(config_bytes + str(seed).encode())
    root = Path(__file__).resolve().parents[1]
    names = ["benchmarks/generate.py", "pipeline/forms/blankform.py", "pipeline/forms/formfill.py",
             "pipeline/contract.py", "pipeline/demo/builders.py"]
    if repetition:
        names.append("benchmarks/repeated.py")
    for name in names:
        h.update((root / name).read_bytes())
    return h.hexdigest()[:16] + ("-gjentakelse" if repetition else "")
