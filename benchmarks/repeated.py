"""The generator's repetition mode: units that propose the same things, as in a
real municipality.

In :mod:`benchmarks.generate`'s independent mode every unit draws its measures
from a wide choice and writes them in its own words. A real municipality looks
different: most schools ask for new student PCs, wireless network and screens
in the classrooms; every nursing home wants digital supervision at night;
everyone lists Microsoft 365, Visma Enterprise and Acos WebSak among their
systems. Here each unit takes most of its ten measures from a short catalogue
for its service area (and the kind of unit: a school, a kindergarten, a nursing
home …), each proposal with a share of the units that make it, and writes it
with small variations only: a title from three or four close variants, the
same first sentence, one of a few details, its own numbers, and an amount near
the proposal's typical amount. The descriptions name the systems everybody
has (Microsoft 365, Feide, Visma, Gerica or Profil …), and the system lists are
mostly the same for every unit of an area, with the spelling variants units
type (``Acos WebSak``, ``Acos Websak``, ``WebSak``).

The units, their names and codes, and the configuration are the independent
mode's (:func:`benchmarks.generate.unit_spec`, :func:`~benchmarks.generate.config_text`);
unit *i*'s form is again the same in every run and for every number of units.

    from benchmarks.generate import unit_form
    unit_form(7, repetition=True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.contract import BAROMETER, SEASONS
from pipeline.demo.builders import barometer, measure, problem, system, unit_info

#: Kinds of unit within an area (the index into ``generate._KINDS[area]``).
ALL = (0, 1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Proposal:
    """A measure many units propose, with the small variations they write it with."""

    titles: tuple[str, ...]  # close variants; one is picked per unit
    does: str  # the first sentence of the description, the same for every unit
    details: tuple[str, ...]  # one is added per unit
    problem: str
    consequence: str
    benefit: str
    sub_goal: str
    amount: int  # typical investment, kroner; a unit's is within ±15 %
    months: tuple[int, int]
    share: float  # the share of the units (of the kinds below) that propose it
    kinds: tuple[int, ...] = ALL  # which kinds of unit in the area propose it
    who: str = "ansatte"  # «Gjelder om lag 40 ansatte …»


_SCHOOLS, _KINDERGARTENS = (0, 2, 3, 4), (1, 4, 5)

_BY_AREA: tuple[tuple[Proposal, ...], ...] = (
    (  # Oppvekst og utdanning: skole, barnehage, ungdomsskole, barneskole, oppvekstsenter, SFO
        Proposal(("Nye elev-PC-er", "Nye elev-PC-er til mellomtrinnet", "Elev-PC-er til alle elever",
                  "Nye PC-er til elevene"),
                 "Elevene får nye bærbare PC-er som styres sentralt, med Microsoft 365 og pålogging med Feide.",
                 ("De eldste maskinene byttes først, og resten følger neste skoleår.",
                  "Maskinene leases på tre år og leveres med lader og veske.",
                  "Hver elev får sin egen maskin; på de laveste trinnene blir den på skolen."),
                 "Elev-PC-ene er gamle og trege, og mange elever må dele maskin.",
                 "Undervisningstid går tapt, og digitale prøver må flyttes.",
                 "Mer undervisningstid og likt tilbud til alle elever.", "D4", 450_000, (3, 6), 0.9, _SCHOOLS,
                 "elever"),
        Proposal(("Trådløst nett i alle klasserom", "Nytt trådløst nett", "Oppgradering av trådløst nett",
                  "Bedre trådløst nett i klasserommene"),
                 "Nye aksesspunkter i alle klasserom og fellesarealer, med dekning for en hel klasse på nett samtidig.",
                 ("Kablingen i den gamle fløyen byttes samtidig.",
                  "Arbeidet gjøres i skoleferien, så undervisningen ikke stopper opp.",
                  "IKT-tjenesten måler dekningen før og etter."),
                 "Det trådløse nettet faller ut når mange elever er pålogget samtidig.",
                 "Digitale prøver må avbrytes, og lærerne går tilbake til papir.",
                 "Stabilt nett i alle rom.", "D4", 250_000, (2, 4), 0.8, ALL, "elever"),
        Proposal(("Skjermer i klasserom", "Interaktive skjermer i klasserommene", "Nye skjermer i alle klasserom",
                  "Storskjermer i klasserom"),
                 "Projektorene byttes med interaktive skjermer som læreren kobler seg til trådløst fra PC-en.",
                 ("Skjermene monteres på vegg med justerbar høyde.",
                  "Lærerne får et kort kurs når skjermene er på plass.",
                  "De gamle projektorene leveres til gjenvinning."),
                 "Projektorene i klasserommene er gamle, lyssvake og går ofte i stykker.",
                 "Timene starter sent, og elevene bak i rommet ser ikke tavla.",
                 "Bedre undervisning og mindre tid på utstyr.", "D4", 320_000, (2, 4), 0.75, _SCHOOLS, "elever"),
        Proposal(("Feide-pålogging til alle læremidler", "Pålogging med Feide", "Felles innlogging for elevene"),
                 "Alle læremidler som støtter Feide kobles til, så elevene slipper egne passord per tjeneste.",
                 ("Læremidler uten Feide fases ut ved neste innkjøp.", "Skolens IKT-kontakt gjør oppsettet.",
                  "Foreldrene får informasjon om endringen."),
                 "Elevene har mange passord, og de yngste husker dem ikke.",
                 "Mye tid i timene går til glemte passord.",
                 "Mindre tid på passord i timene.", "D5", 40_000, (1, 3), 0.6, _SCHOOLS, "elever"),
        Proposal(("Én kanal for foreldrekontakt", "Samlet foreldrekommunikasjon i Vigilo",
                  "Felles plattform for foreldre"),
                 "Meldinger, fravær og beskjeder til foreldrene samles i Vigilo, koblet til Visma Flyt Skole.",
                 ("SMS-tjenesten sies opp.", "Foreldrene får en kort veiledning ved skolestart.",
                  "Oppslagstavla i gangen brukes bare til det som ikke er personlig."),
                 "Beskjeder til foreldre går i flere kanaler: Vigilo, SMS og e-post.",
                 "Foreldre går glipp av beskjeder og ringer for å dobbeltsjekke.",
                 "Én kanal for foreldrene; færre henvendelser.", "D5", 60_000, (2, 4), 0.6, ALL),
        Proposal(("Overgang fra IST Extens til Visma Flyt Skole", "Nytt elevadministrativt system",
                  "Bytte av skoleadministrativt system"),
                 "Elevadministrasjonen flyttes fra IST Extens til Visma Flyt Skole, som resten av kommunen bruker.",
                 ("Data fra de siste fem årene flyttes over.", "Skolesekretæren får opplæring før overgangen.",
                  "Overgangen skjer ved skoleårets start."),
                 "Skolen bruker et eldre elevadministrativt system som de andre skolene har gått bort fra.",
                 "Dobbeltregistrering og rapporter som må lages for hånd.",
                 "Én løsning for alle skolene.", "D5", 120_000, (4, 8), 0.45, _SCHOOLS, "elever"),
        Proposal(("Nettbrett til pedagogisk dokumentasjon", "Nettbrett til alle avdelinger",
                  "Digital dokumentasjon i barnehagen"),
                 "Hver avdeling får nettbrett for bilder og video, med lagring i Vigilo og ikke på private telefoner.",
                 ("Nettbrettene styres sentralt og låses ved tap.", "Bildene slettes etter fast rutine.",
                  "De ansatte lærer opp hverandre på personalmøtene."),
                 "Bilder av barna tas på private telefoner og lagres ulike steder.",
                 "Risiko for brudd på personvernet, og dokumentasjonen blir mangelfull.",
                 "Personvernet ivaretas; bedre dialog med foreldrene.", "D2", 80_000, (2, 4), 0.9, _KINDERGARTENS,
                 "barn"),
        Proposal(("Digital søknad om barnehageplass", "Digital endring av oppholdstid", "Foreldreportal for opptak"),
                 "Søknad om plass og endring av oppholdstid gjøres i Visma Flyt Barnehage, med svar til foreldrene.",
                 ("Papirskjemaene fjernes fra nettsidene.", "Foreldrene varsles på SMS når svaret er klart.",
                  "Styrer godkjenner endringene i portalen."),
                 "Søknader og endringer kommer på papir og registreres for hånd.",
                 "Mye manuelt arbeid ved hovedopptaket og feil i foreldrebetalingen.",
                 "Mindre papirarbeid ved hovedopptaket.", "D1", 50_000, (2, 5), 0.5, (1, 4), "barn"),
    ),
    (  # Helse og omsorg: sykehjem, hjemmetjeneste, bo- og servicesenter, helsestasjon, legekontor, bofellesskap
        Proposal(("Digitalt tilsyn om natten", "Sensorer for digitalt tilsyn", "Digitalt tilsyn for beboerne"),
                 "Sensorer varsler ved fall, uro eller når beboeren forlater senga, så nattevakten går inn når det "
                 "trengs.",
                 ("Varslene går til nattevaktens telefon.", "Pårørende samtykker før sensorene tas i bruk.",
                  "Vi starter med beboerne som faller oftest."),
                 "Nattevaktene går faste runder og åpner døra til beboerne for å se at alt er i orden.",
                 "Beboerne vekkes, og fall oppdages likevel for sent.",
                 "Bedre søvn for beboerne og færre fall.", "D6", 1_200_000, (6, 12), 0.85, (0, 2, 5), "beboere"),
        Proposal(("Elektronisk legemiddelhåndtering", "Elektronisk kurve i journalsystemet",
                  "Digital kvittering for legemidler"),
                 "Legemiddelmodulen i {epj} tas i bruk med elektronisk kurve og kvittering på nettbrett.",
                 ("Farmasøyt gjennomgår rutinene før oppstart.", "Papirkurven fases ut avdeling for avdeling.",
                  "Sykepleierne får opplæring på fagdagen."),
                 "Legemidler kvitteres på papirkurve ved siden av journalsystemet.",
                 "Risiko for feilmedisinering når kurven og journalen ikke stemmer.",
                 "Færre avvik i legemiddelhåndteringen.", "D2", 400_000, (4, 8), 0.7, (0, 1, 2, 5), "brukere"),
        Proposal(("Mobil dokumentasjon hos brukeren", "Journal på nettbrett", "Dokumentasjon på mobil"),
                 "De ansatte dokumenterer i {epj} på nettbrett eller mobil hos brukeren, ikke etter vakta.",
                 ("Hver bil og hver avdeling får sitt nettbrett.", "Mobilene styres sentralt og låses ved tap.",
                  "Vi starter med dagvaktene."),
                 "De ansatte dokumenterer i journalen først etter vakta.",
                 "Overtid og informasjon som glemmes.",
                 "Mindre overtid og mer oppdatert journal.", "D5", 300_000, (3, 6), 0.7, (0, 1, 2, 5)),
        Proposal(("Elektroniske medisindispensere", "Medisindispensere hjemme hos brukerne", "Digital medisinhjelp"),
                 "Medisindispensere gir riktig dose til riktig tid og varsler oss hvis medisinen ikke tas.",
                 ("Vi starter med brukerne som bare får besøk for medisiner.", "Apoteket fyller dispenserne.",
                  "Fastlegene får informasjon om ordningen."),
                 "Mange hjemmebesøk gjøres bare for å gi medisiner.",
                 "Besøk som kunne vært unngått, tar tid fra brukere som trenger mer hjelp.",
                 "Frigjør besøk til brukere som trenger mer hjelp.", "D6", 600_000, (4, 8), 0.8, (1, 2), "brukere"),
        Proposal(("Nye trygghetsalarmer", "Trygghetsalarmer koblet til sensorer", "Digitale trygghetsalarmer"),
                 "Alle alarmene byttes til digitale alarmer som kan kobles til sensorer og går til responssenteret.",
                 ("Byttet gjøres ved neste servicebesøk.", "Brukerne får besøk og opplæring hjemme.",
                  "De gamle alarmene leveres tilbake til leverandøren."),
                 "Trygghetsalarmene har bare talefunksjon og kan ikke kobles til sensorer.",
                 "Brukere som faller eller går ut om natten, blir ikke oppdaget.",
                 "Fall og vandring oppdages; svar døgnet rundt.", "D6", 900_000, (6, 10), 0.6, (1, 2, 5), "brukere"),
        Proposal(("Digital timebestilling på Helsenorge", "Timebestilling og meldinger på nett",
                  "Digital dialog med innbyggerne"),
                 "Innbyggerne bestiller time og sender meldinger på Helsenorge, som går rett inn i journalen.",
                 ("Telefontiden kortes ned når løsningen er i bruk.", "Vi informerer på nettsidene og i venterommet.",
                  "Løsningen tas i bruk for alle faggrupper."),
                 "Innbyggerne må ringe i telefontiden for å bestille time.",
                 "Lang kø på telefonen og mange som gir opp.",
                 "Kortere telefonkø og raskere svar.", "D1", 90_000, (2, 4), 0.8, (3, 4), "innbyggere"),
        Proposal(("E-læring for vikarer", "Digital introduksjon for nyansatte", "Nettkurs før første vakt"),
                 "Korte nettkurs i {epj}, avviksmelding og taushetsplikt som vikarene tar før første vakt.",
                 ("Kursene ligger i kommunens læringsportal.", "Vikarene får betalt for tiden.",
                  "Lederne ser hvem som har fullført."),
                 "Mange vikarer har lite erfaring med fagsystemene og rutinene våre.",
                 "Mangelfull dokumentasjon i helgene.",
                 "Tryggere vikarer og bedre dokumentasjon.", "D3", 70_000, (2, 5), 0.5),
    ),
    (  # Teknisk og eiendom
        Proposal(("Arbeidsordre på mobil", "Digital arbeidsordre", "Mobilt vedlikeholdssystem"),
                 "Arbeidsordre kommer på mobilen i ISY Eiendom, og jobben kvitteres ut når den er gjort.",
                 ("Bildene av skaden legges ved ordren.", "Vi starter med vaktmesterne i skolene.",
                  "Lapper og telefonbestillinger fases ut."),
                 "Arbeidsordre gis på telefon og lapper.",
                 "Ingen oversikt over hva som er gjort, og vedlikehold skyves.",
                 "Oversikt over vedlikeholdet; færre glemte oppdrag.", "D5", 150_000, (2, 5), 0.8),
        Proposal(("Digital FDV-dokumentasjon", "FDV-dokumentasjon samlet i ISY Eiendom", "Tegninger og avtaler samlet"),
                 "All dokumentasjon for forvaltning, drift og vedlikehold samles i ISY Eiendom med søk per bygg.",
                 ("Permene skannes først for de største byggene.", "Nye bygg leveres med digital FDV.",
                  "Serviceavtalene legges inn med frister."),
                 "FDV-dokumentasjonen ligger i permer og på fellesområdet.",
                 "Vi finner ikke tegninger og serviceavtaler når noe skjer.",
                 "Raskere feilretting og bedre planlagt vedlikehold.", "D5", 400_000, (6, 12), 0.6),
        Proposal(("Sensorer for energi og inneklima", "Energioppfølging i byggene", "Smarte målere i kommunale bygg"),
                 "Sensorer måler energibruk og inneklima i skoler og barnehager, med varsling ved avvik.",
                 ("Dataene vises i et felles skjermbilde.", "Vi starter med de ti byggene som bruker mest.",
                  "Driftsoperatørene får varsel på mobilen."),
                 "Vi vet ikke hvor energien brukes i byggene våre.",
                 "Høye energikostnader og klager på inneklimaet.",
                 "Lavere energikostnader og bedre inneklima.", "D4", 700_000, (6, 12), 0.6),
        Proposal(("Ledningsnettet i kartløsningen", "VA-data i kartet", "Kartinnsyn for saksbehandlere"),
                 "Data fra Gemini VA vises i kartløsningen for saksbehandlere og entreprenører.",
                 ("Entreprenørene får innsyn på nett.", "Kartet oppdateres hver natt.", "Gravemeldinger tas med."),
                 "VA-data er ikke tilgjengelige i kartet for saksbehandlerne.",
                 "Svar til innbyggere og entreprenører tar lang tid.",
                 "Raskere svar til innbyggere og entreprenører.", "D5", 120_000, (3, 6), 0.5),
    ),
    (  # Kultur og fritid
        Proposal(("Meråpent bibliotek", "Selvbetjent bibliotek", "Meråpent utenom betjent tid"),
                 "Innbyggerne kommer inn med bibliotekkort og PIN-kode og låner selv i Bibliofil, også utenom "
                 "betjent tid.",
                 ("Kameraovervåking settes opp ved inngangen.", "Vi starter med kveldene.",
                  "Ungdom under 15 år må ha foresattes samtykke."),
                 "Biblioteket er bare åpent når det er betjent.",
                 "Mange innbyggere rekker ikke å bruke biblioteket.",
                 "Lengre åpningstid uten flere ansatte.", "D1", 400_000, (4, 8), 0.9, (0,), "innbyggere"),
        Proposal(("Digital booking av lokaler", "Booking av haller og rom på nett", "Felles bookingløsning"),
                 "Lag og foreninger booker haller og rom på nett, med betaling og nøkkelkort i samme løsning.",
                 ("Faste leietakere flyttes over først.", "Nøkkelkortene kobles til bookingen.",
                  "Prisene legges ut på nettsidene."),
                 "Lokaler bookes på telefon og e-post og føres i et regneark.",
                 "Dobbeltbookinger og mye manuelt arbeid med fakturering.",
                 "Færre dobbeltbookinger; enklere fakturering.", "D1", 150_000, (3, 6), 0.7, (1, 2, 3, 5), "brukere"),
        Proposal(("Nytt billettsystem", "Billettsystem med salg på nett", "Digitale billetter"),
                 "Et billettsystem med salg på nett, digitale billetter og oppgjør rett til Visma Økonomi.",
                 ("Sesongkort selges i samme løsning.", "Billettene skannes med mobil i døra.",
                  "Lag og foreninger kan selge egne arrangementer."),
                 "Billettsalget gjøres i et gammelt system som ikke snakker med økonomi.",
                 "Oppgjøret etter hvert arrangement tar lang tid.",
                 "Raskere oppgjør og bedre oversikt over salget.", "D5", 180_000, (3, 6), 0.6, (1, 2, 5), "publikum"),
        Proposal(("Påmelding til kulturskolen på nett", "Elevadministrasjon i kulturskolen",
                  "Ventelister og fakturering i Speedadmin"),
                 "Påmelding, ventelister og fakturering samles i Speedadmin.",
                 ("Foreldrene får svar på SMS.", "Lærerne fører fravær i appen.", "Fakturaene går via SvarUt."),
                 "Påmelding og ventelister føres i regneark.",
                 "Feil i fakturaene og foreldre som ikke får svar.",
                 "Riktig fakturering og raskere svar.", "D5", 90_000, (2, 5), 0.9, (4,), "elever"),
    ),
    (  # Sentraladministrasjonen
        Proposal(("Robotisering av fakturabehandling", "Automatisk fakturakontroll", "Roboter i økonomi"),
                 "En programvarerobot kontrollerer og konterer inngående fakturaer i Visma Enterprise etter faste "
                 "regler.",
                 ("Vi starter med faste leverandører.", "Avvik går til manuell kontroll.",
                  "Gevinsten følges opp hvert kvartal."),
                 "Inngående fakturaer kontrolleres og konteres for hånd.",
                 "Mye rutinearbeid og forsinkede betalinger.",
                 "Frigjør tid i økonomi; færre purringer.", "D5", 300_000, (4, 8), 0.6),
        Proposal(("Skanning av papirarkivet", "Digitalt arkiv for eldre saker", "Avlevering til depot"),
                 "Eldre papirsaker skannes inn i Acos WebSak, og nye saker arkiveres bare digitalt.",
                 ("De eldste sakene avleveres til IKA.", "Skanningen settes bort.",
                  "Arkivet i kjelleren tømmes etter godkjenning."),
                 "Eldre saker ligger i papirarkivet i kjelleren.",
                 "Innsyn tar lang tid, og arkivet er utsatt for fukt.",
                 "Raskere innsyn og sikrere arkiv.", "D2", 500_000, (6, 12), 0.5),
        Proposal(("Chatbot på nettsidene", "Svar på vanlige spørsmål døgnet rundt", "Digital innbyggerdialog"),
                 "En chatbot svarer på de vanligste spørsmålene og sender resten videre til riktig saksbehandler.",
                 ("Svarene skrives av fagfolkene.", "Vi starter med servicekontorets tjenester.",
                  "Samtalene evalueres hver måned."),
                 "Vi får mange telefoner om de samme enkle spørsmålene.",
                 "Lang ventetid på telefon og mindre tid til vanskelige saker.",
                 "Færre telefoner og raskere svar.", "D1", 180_000, (3, 6), 0.5, ALL, "innbyggere"),
    ),
    (  # NAV og sosiale tjenester
        Proposal(("Digital søknad om økonomisk sosialhjelp", "Sosialhjelp på nett", "Innsyn i egen sak"),
                 "Brukerne søker om økonomisk sosialhjelp på nett og følger saken sin; søknadene går rett inn i Socio.",
                 ("Papirskjemaet beholdes for dem som trenger det.", "Veilederne hjelper brukerne første gang.",
                  "Vedtakene sendes med SvarUt."),
                 "Søknader om sosialhjelp kommer på papir og må registreres for hånd.",
                 "Lang behandlingstid og mange telefoner om status i saken.",
                 "Kortere behandlingstid og færre telefoner.", "D1", 120_000, (3, 6), 0.7, ALL, "brukere"),
        Proposal(("Videosamtaler med brukerne", "Digitale oppfølgingssamtaler", "Sikker digital dialog"),
                 "Oppfølgingssamtaler kan tas på sikker video, og brukerne får beskjeder i en sikker kanal.",
                 ("Brukerne velger selv.", "Veilederne får headset og kamera.",
                  "Løsningen er vurdert av personvernombudet."),
                 "Alle oppfølgingssamtaler krever oppmøte på kontoret.",
                 "Brukere med lang reisevei møter ikke, og oppfølgingen stopper opp.",
                 "Færre avlyste samtaler.", "D1", 90_000, (2, 5), 0.6, ALL, "brukere"),
        Proposal(("Barnevern på mobil", "Digital barnevernsdokumentasjon", "Familia på mobil"),
                 "Saksbehandlerne dokumenterer i Familia på mobil, også ute hos familiene.",
                 ("Mobilene styres sentralt.", "Notater på papir fases ut.", "Rutinene skrives om."),
                 "Barnevernet dokumenterer ikke mens de er ute hos familiene.",
                 "Notater skrives for hånd og føres inn senere.",
                 "Mer tid hos familiene og bedre dokumentasjon.", "D5", 350_000, (6, 12), 0.9, (5,)),
    ),
)

_GENERAL = (
    Proposal(("Opplæring i Microsoft 365", "Kurs i Teams og OneDrive", "Digitale veiledere for Microsoft 365"),
             "Alle ansatte får korte kurs i Teams, OneDrive og SharePoint i Microsoft 365, og hver avdeling får en "
             "digital veileder.",
             ("Kursene legges til personalmøtene.", "Nyansatte får kurset første uke.",
              "Veilederne får to timer i måneden til oppgaven."),
             "De ansatte har svært ulik kompetanse i Microsoft 365.",
             "Oppgaver løses ulikt, og noen ansatte unngår verktøyene helt.",
             "Tryggere ansatte og mer lik praksis.", "D3", 60_000, (4, 12), 0.55),
    Proposal(("Nye PC-er til de ansatte", "Utskifting av gamle PC-er", "Fornyelse av PC-parken"),
             "PC-er som er eldre enn fem år byttes på treårig leasing, ferdig satt opp med Microsoft 365.",
             ("De gamle leveres til gjenvinning.", "Byttet gjøres avdeling for avdeling.",
              "Skjerm og dokkingstasjon følger med."),
             "Mange PC-er er over fem år gamle og bruker lang tid på å starte.",
             "Tid går tapt hver dag, og brukerstøtten får mange saker om trege maskiner.",
             "Mindre ventetid og færre saker til brukerstøtten.", "D4", 200_000, (2, 6), 0.55),
    Proposal(("Trådløst nett", "Nytt trådløst nett", "Bedre trådløs dekning"),
             "Nye aksesspunkter i alle rom som brukes daglig, og ny kabling der dekningen er dårligst.",
             ("IKT-tjenesten måler dekningen før og etter.", "Arbeidet gjøres utenom åpningstid.",
              "Gjestenettet skilles fra de ansattes nett."),
             "Det trådløse nettet faller ut i deler av bygget flere ganger i uka.",
             "Ansatte mister tilkoblingen midt i arbeidet og må gå tilbake til papir.",
             "Stabilt nett i hele bygget.", "D4", 200_000, (2, 5), 0.5),
    Proposal(("Tilgangsstyring fra Visma Enterprise", "Faste rutiner for tilganger", "Automatisk fjerning av tilganger"),
             "Tilganger gis og fjernes automatisk ut fra ansettelsen i Visma Enterprise.",
             ("Lederne får en liste over tilganger hvert halvår.", "Rutinen gjelder også vikarer.",
              "Personvernombudet godkjenner rutinen."),
             "Ansatte som slutter, beholder tilgang til systemene i lang tid.",
             "Risiko for at personopplysninger kommer på avveie.",
             "Bedre kontroll med personopplysninger; færre avvik.", "D2", 40_000, (1, 4), 0.4),
    Proposal(("Arkivering fra Teams til Acos WebSak", "Journalføring rett fra e-post", "Enklere arkivering"),
             "Dokumenter og e-post arkiveres rett fra Teams og Outlook til Acos WebSak, uten å lagre dem først.",
             ("Arkivtjenesten lager en kort veileder.", "Vi starter med postmottaket.",
              "Fellesområdet ryddes samtidig."),
             "Dokumenter som skal arkiveres, blir liggende i e-post og på fellesområdet.",
             "Vi bryter arkivplikten og finner ikke saker ved innsyn.",
             "Riktig arkivering og raskere innsyn.", "D2", 80_000, (2, 6), 0.4),
    Proposal(("Videomøter i alle møterom", "Skjermer og møteromsutstyr", "Utstyr for hybride møter"),
             "Alle møterom får skjerm, kamera og høyttaler som virker med Teams uten ekstra oppkobling.",
             ("Utstyret er likt i alle rom.", "Brukerstøtten får fjernstyring av utstyret.",
              "Det gamle utstyret fjernes."),
             "Møter med deltakere på video starter sent fordi utstyret ikke virker.",
             "Mye tid går tapt i hvert møte, og eksterne deltakere faller ut.",
             "Møter starter til rett tid; mindre reising.", "D4", 120_000, (2, 4), 0.35),
    Proposal(("Avviksmelding på mobil", "Mobil avviksmelding i Compilo", "Bedre bruk av kvalitetssystemet"),
             "Avvik meldes på mobil rett i Compilo, og lederne får varsel og frister.",
             ("QR-koder henges opp på alle avdelinger.", "Avvikene gjennomgås på personalmøtene.",
              "Meldingene kan være anonyme."),
             "Avvik meldes på papir eller ikke i det hele tatt.",
             "Vi lærer ikke av feilene, og de samme hendelsene gjentar seg.",
             "Flere avvik meldes, og de lukkes raskere.", "D2", 30_000, (2, 5), 0.3),
    Proposal(("Digital turnus koblet til lønn", "Turnus og timeregistrering i Visma", "Elektronisk timeliste"),
             "Turnus, vaktbytter og overtid føres i Visma Enterprise og går rett til lønn.",
             ("Lederne får opplæring først.", "De ansatte ser turnusen på mobilen.",
              "Regnearkene slettes når alt er overført."),
             "Turnus og overtid føres i regneark og legges inn for hånd i lønnssystemet.",
             "Feil i lønn og overtid; lederne bruker mye tid på turnus.",
             "Færre lønnsfeil.", "D5", 150_000, (4, 10), 0.3),
)

#: Systems nearly every unit lists (with the spellings units type); the last ones less often.
_GENERAL_SYSTEMS = (
    ((("Microsoft 365", 0.9), ("Office 365", 0.1)), "Microsoft", "E-post, Teams, Word/Excel og lagring", 1.0),
    ((("Visma Enterprise", 0.85), ("Visma HRM", 0.15)), "Visma", "HR, lønn, reiseregninger og fravær", 1.0),
    ((("Acos WebSak", 0.7), ("Acos Websak", 0.2), ("WebSak", 0.1)), "Acos", "Sak/arkiv og journalføring", 0.95),
    ((("Compilo", 1.0),), "Compilo", "Avvik og kvalitetssystem", 0.7),
    ((("SvarUt", 1.0),), "KS", "Digital utsending av brev", 0.6),
    ((("TopDesk", 1.0),), "IKT-tjenesten", "Melde feil og bestille utstyr", 0.6),
    ((("Intranettet", 1.0),), "Kommunen", "Nyheter og rutiner for de ansatte", 0.5),
)
_AREA_SYSTEMS = (
    (("Feide", "Sikt", "Innlogging for elever og ansatte"), ("Vigilo", "Vigilo", "Meldinger til foreldre"),
     ("Visma Flyt Skole", "Visma", "Elevadministrasjon, fravær og vurdering"),
     ("IST Extens", "IST", "Elevadministrasjon"), ("itslearning", "itslearning AS", "Læringsplattform"),
     ("Visma Flyt Barnehage", "Visma", "Opptak og foreldrebetaling"), ("Intune", "Microsoft", "Styring av PC-er"),
     ("Salaby", "Gyldendal", "Digitale læremidler"), ("Kikora", "Kikora", "Matematikk på nett"),
     ("Skolearena", "Visma", "Timeplan og rom"), ("Showbie", "Showbie", "Innlevering av oppgaver")),
    (("{epj}", "{epj_supplier}", "Elektronisk pasientjournal"), ("{epj} mobil", "{epj_supplier}", "Journal på mobil"),
     ("E-meldinger", "Norsk helsenett", "Meldinger med fastleger og sykehus"),
     ("Kjernejournal", "Norsk helsenett", "Pasientenes kritiske informasjon"),
     ("Helsenorge", "Norsk helsenett", "Timebestilling og meldinger"),
     ("Pasientsignalanlegg", "Ascom", "Alarmknapper på rommene"),
     ("Trygghetsalarmer", "Tunstall", "Alarm hjemme hos brukerne"), ("Dignus", "Dignus", "Kvalitetssystem for helse"),
     ("Medisindispensere", "Evondos", "Medisinhjelp hjemme"), ("Turnusplanlegger", "Visma", "Turnus og vaktbytter"),
     ("Infodoc", "Infodoc", "Journal for legekontoret")),
    (("ISY Eiendom", "Norconsult", "Forvaltning, drift og vedlikehold av bygg"),
     ("KomTek", "Norkart", "Gebyrer og eiendomsskatt"), ("Gemini VA", "Volue", "Vann- og avløpsnettet"),
     ("Kommunekart", "Norkart", "Kartinnsyn"), ("Fellestjenester BYGG", "DiBK", "Byggesøknader på nett"),
     ("Energioppfølging", "Entro", "Energibruk i byggene"), ("Driftskontrollsystem", "Siemens", "Overvåking"),
     ("Plansak", "Norkart", "Planregister"), ("Vaktmesterappen", "Facilit", "Arbeidsordre")),
    (("Bibliofil", "Bibliotekservice", "Utlån og katalog"), ("Speedadmin", "Speedadmin", "Kulturskolen"),
     ("Ticketco", "Ticketco", "Billettsalg"), ("Bookup", "Bookup", "Booking av haller og rom"),
     ("Visma Økonomi", "Visma", "Regnskap og fakturering"), ("Kulturkalenderen", "Kommunen", "Arrangementer"),
     ("Kassasystem", "Visma", "Salg i kafé og kiosk"), ("Mikromarc", "Bibliotekservice", "Skolebibliotekene")),
    (("Visma Økonomi", "Visma", "Regnskap og budsjett"), ("Framsikt", "Framsikt", "Budsjett og rapportering"),
     ("Politikerportalen", "Acos", "Møter og saksdokumenter"), ("Chatbot", "Boost", "Svar på nettsidene"),
     ("Nettsidene", "Kommunen", "Informasjon til innbyggerne"), ("Arkivdepot", "IKA", "Avlevering av arkiv"),
     ("Signeringstjeneste", "Posten", "Digital signering"), ("Webcruiter", "Webcruiter", "Rekruttering")),
    (("Socio", "Visma", "Saksbehandling av sosialhjelp"), ("Familia", "Visma", "Fagsystem for barnevernet"),
     ("Modia", "NAV", "Statlige NAV-systemer"), ("Flyktningmodulen", "Visma", "Bosetting"),
     ("Husbanken-portalen", "Husbanken", "Startlån og bostøtte"), ("Eye-share", "Visma", "Utbetalinger"),
     ("Sikker video", "Whereby", "Videosamtaler med brukere"), ("Aktivitetsplanen", "NAV", "Oppfølging")),
)
_EPJ = (("Gerica", "Tietoevry"), ("Profil", "CGI"))
_SCALE = ("Gjelder om lag {n} {who} ved {unit}.", "Omfatter {n} {who} ved {unit}.")
_LIFECYCLE = ("Beholde", "Beholde", "Beholde", "Videreutvikle", "Erstatte")


def _pick(rng, spellings: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for name, weight in spellings:
        total += weight
        if roll < total:
            return name
    return spellings[-1][0]


def _choose(rng, area: int, kind: int, count: int) -> list[Proposal]:
    """The unit's proposals: each area proposal for its kind with its share,
    then the general ones, topped up from what is left (the area's proposals
    for other kinds last); in a unit's own order."""
    own = [p for p in _BY_AREA[area] if kind in p.kinds]
    chosen = [p for p in own + list(_GENERAL) if rng.random() < p.share]
    rest = [p for p in own + list(_GENERAL) if p not in chosen]
    if len(chosen) + len(rest) < count:
        rest += [p for p in _BY_AREA[area] if p not in own]
    chosen = chosen[:count] + rng.sample(rest, max(0, count - len(chosen)))
    rng.shuffle(chosen)
    return chosen


def unit_form(index: int, seed: int) -> dict[str, Any]:
    """Unit *index*'s first form in the repetition mode (see the module text)."""
    from benchmarks import generate as g

    spec = g.unit_spec(index)
    area = g.AREAS.index(spec.area)
    kind = (index // len(g.AREAS)) % len(g._KINDS[area])
    rng = g._rng(index, 1, seed * 7919 + 1)  # never the independent mode's stream
    contact = g._person(rng)
    epj, epj_supplier = _EPJ[0] if rng.random() < 0.65 else _EPJ[1]
    proposals = _choose(rng, area, kind, g.MEASURES)

    problems = [problem(nr, p.problem, "Problem", p.consequence, rng.choice(("Høy", "Høy", "Middels", "Lav")))
                for nr, p in enumerate(proposals[: g.PROBLEMS], start=1)]

    general = [(_pick(rng, names), supplier, purpose) for names, supplier, purpose, share in _GENERAL_SYSTEMS
               if rng.random() < share]
    listed = [(n.format(epj=epj), s.format(epj_supplier=epj_supplier), f) for n, s, f in _AREA_SYSTEMS[area]]
    # Topped up, where an area's common list is short, from the independent mode's systems.
    extra = rng.sample(g._AREA_SYSTEMS[area], len(g._AREA_SYSTEMS[area])) + list(g._GENERAL_SYSTEMS[5:])
    chosen_systems, seen = [], set()
    for name, supplier, purpose in general + listed + extra:
        if name.casefold() not in seen and len(chosen_systems) < g.SYSTEMS:
            seen.add(name.casefold())
            chosen_systems.append((name, supplier, purpose))
    systems = [system(name, supplier, purpose, rng.randrange(5, 400), rng.choice((2, 3, 3, 4, 4, 5)),
                      rng.choice(_LIFECYCLE), None if rng.random() < 0.7 else rng.choice(g._COMMENTS[:6]).format(
                          year=rng.randrange(2027, 2031)))
               for name, supplier, purpose in chosen_systems]

    measures = []
    for nr, p in enumerate(proposals, start=1):
        title = rng.choice(p.titles)
        if rng.random() < 0.2:
            title += f" ({spec.name})"
        description = " ".join((p.does.format(epj=epj), rng.choice(p.details),
                                rng.choice(_SCALE).format(n=5 * rng.randrange(2, 60), who=p.who, unit=spec.name)))
        investment = g._round(int(p.amount * rng.uniform(0.85, 1.15)), 10_000)
        operating = g._round(int(investment * rng.uniform(0.1, 0.2)))
        benefit = g._round(int(investment * rng.uniform(0.1, 0.4))) if rng.random() < 0.7 else 0
        year, season = rng.randrange(2027, 2030), rng.choice(SEASONS)
        measures.append(measure(
            nr, title,
            description=description,
            sub_goal=p.sub_goal,
            problem_nrs=nr if nr <= g.PROBLEMS else None,
            investment=g._typed_amount(rng, investment),
            operating_cost=g._typed_amount(rng, operating) if operating else None,
            benefit=g._typed_amount(rng, benefit) if benefit else None,
            benefit_description=p.benefit,
            period=g._typed_period(rng, year, season),
            months=rng.randrange(p.months[0], p.months[1] + 1),
            responsible=f"{g._person(rng)} ({rng.choice(g._ROLES)})",
            follow_up=contact,
            risk=rng.choice(("Lav", "Middels", "Middels", "Høy")),
            category=rng.choice((None, None, None, "Quick win")),
        ))

    answers = [rng.choice((2, 3, 3, 3, 4, 4)) for _ in BAROMETER]
    form_date = date(2026, rng.randrange(10, 12), rng.randrange(1, 29))
    return {
        "file_name": f"Kartlegging {spec.name}.xlsx",
        "form": {
            "unit": unit_info(spec.name, spec.area, contact, g._email(contact), form_date),
            "problems": problems,
            "systems": systems,
            "measures": measures,
            "barometer": barometer(*answers),
        },
    }
