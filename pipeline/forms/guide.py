"""The text of the blank form's ``Veiledning`` sheet, from the configuration.

Pure: a :class:`~pipeline.config.Config` in, (heading, text) pairs out;
:mod:`pipeline.forms.blankform` lays them out. Where and when to deliver, and
whom to ask, come from ``[innlevering]`` (:class:`~pipeline.config.Delivery`);
what is not configured is left out rather than guessed.
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.formatting import day

_MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember")
_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def guide_sections(config: Config) -> list[tuple[str, str]]:
    """The guide as (heading, text) pairs; an empty heading continues the title."""
    first, last = config.years[0], config.years[-1]
    goals = "\n".join(f"{g.code}: {g.text}" for g in config.sub_goals)
    deadline = f" Fristen for å levere skjemaet er {deadline_text(config)}." if config.delivery.deadline else ""
    return [
        ("", f"{config.municipality} lager en IKT-strategi med handlingsplan for {first}–{last}, etter KS' "
             "verktøykasse for strategisk IKT-planlegging. Skjemaet samler det enhetene vet best: hvilke problemer "
             "og muligheter dere ser, hvilke systemer dere bruker, hvilke tiltak dere foreslår, og hvor godt dere "
             "mener IKT fungerer i dag. Svarene fra alle enhetene blir grunnlaget for strategien, handlingsplanen "
             "og saken til politikerne." + deadline),
        ("Hvem fyller ut?", "Lederen for enheten, eller den lederen gir oppgaven. Én enhet leverer ett skjema. "
                            "Det er lurt å snakke med noen av de ansatte før dere fyller ut."),
        ("Enhet", "Skriv navnet på enheten, velg tjenesteområde og skriv kontaktperson, e-post og dato. Skriv "
                  "navnet på enheten likt hver gang dere sender skjemaet: det er navnet som knytter en ny versjon "
                  "til den forrige. Kommune og skjemaversjon er fylt ut på forhånd."),
        ("Problemer og muligheter", "Én rad per problem eller mulighet. Gi hver rad et nummer (1, 2, 3 …), beskriv "
                                    "den kort, velg type og prioritet og skriv hva det betyr for tjenesten. "
                                    "Tiltakene kan vise til numrene."),
        ("Systemer", "Én rad per system eller fagprogram dere bruker: navn, leverandør, hva det brukes til, omtrent "
                     "hvor mange brukere, hvor fornøyde dere er (1–5) og hva som bør skje med systemet."),
        ("Tiltak", "Én rad per tiltak dere foreslår. Gi hvert tiltak et nummer og en kort tittel, velg delmålet "
                   "tiltaket støtter, og skriv hvilke problemer det svarer på (numrene, skilt med komma). Oppgi "
                   "investering, årlig drift og årlig gevinst i kroner, når tiltaket bør gjennomføres, hvor lenge "
                   "det varer, og hvem som er ansvarlig. Dere kan foreslå at tiltaket er en «Kritisk prosess» eller "
                   "en «Quick win»; den endelige vurderingen gjøres samlet for hele kommunen. De siste kolonnene er "
                   "gevinstplanen: hvem som eier gevinsten, hva som måles (indikator), verdien i dag (nullpunkt), "
                   "verdien dere sikter mot (målverdi) og når den skal være nådd. Når planen er vedtatt, rapporterer "
                   "enhetene hvert år hvordan tiltakene og gevinstene går, mot denne planen."),
        ("Delmålene tiltakene kan knyttes til", goals),
        ("IKT-barometer", "Påstandene er fylt ut. Gi hver påstand en score fra 1 (stemmer ikke) til 5 (stemmer "
                          "helt), og skriv gjerne en kommentar. La cellen stå tom hvis dere ikke vet."),
        ("Slik skriver du", "Beløp skrives i kroner, slik du vil: 150 000, 150000, kr 150.000, 150 000 kr, "
                            "1,5 mill eller 300 tusen. Skriv «mill» eller «tusen» når beløpet ikke er i hele "
                            "kroner: «1,5» alene blir ikke lest som 1,5 millioner. Koster tiltaket ingenting, "
                            "skriver du 0; er kostnaden ikke kjent ennå, skriver du «utredes» (en tom celle "
                            "leses også slik). Tidsrom skrives som årstid og år: Vinter, Vår, Sommer eller Høst, "
                            "for eksempel «Vår 2027». Trenger du flere rader enn tabellen har, skriver du bare "
                            "videre under den. Vil du fjerne en rad, merker du cellene og trykker Delete: tomme "
                            "rader hoppes over. Slå ikke sammen celler: skriv verdien i hver rad."),
        ("Slik leverer du", delivery_text(config)),
        ("Nye versjoner", "Dere kan sende en ny versjon når som helst, for eksempel for å rette feil eller legge "
                          "til tiltak. Det er alltid den nyeste versjonen som gjelder, så send hele skjemaet hver "
                          "gang, ikke bare endringene."),
    ]


def deadline_text(config: Config) -> str:
    """``mandag 1. februar 2027 (01.02.2027)``; empty without a deadline."""
    when = config.delivery.deadline
    if when is None:
        return ""
    return f"{_WEEKDAYS[when.weekday()]} {when.day}. {_MONTHS[when.month - 1]} {when.year} ({day(when)})"


def delivery_text(config: Config) -> str:
    """Where, by when and to whom: the folder and/or address from ``[innlevering]``
    (or ``[epost]``), the deadline, and whom to ask (``kontakt``, else the case officer)."""
    delivery = config.delivery
    where = {
        (True, True): f"Legg fila i mappen «{delivery.inbox}», eller send den som vedlegg i e-post til "
                      f"{delivery.email}.",
        (True, False): f"Legg fila i mappen «{delivery.inbox}».",
        (False, True): f"Send fila som vedlegg i e-post til {delivery.email}.",
        (False, False): "Lever fila slik sekretariatet for IKT-strategien har bedt om: i den felles "
                        "innboksmappen eller som vedlegg i e-post.",
    }[(bool(delivery.inbox), bool(delivery.email))]
    deadline = f" Fristen er {deadline_text(config)}." if delivery.deadline else ""
    asker = delivery.contact or config.case.case_officer
    contact = f" Har dere spørsmål, kontakt {asker}." if asker else ""
    return ("Lagre skjemaet som Excel-arbeidsbok (.xlsx). " + where + deadline + " Dere får en kvittering som "
            "viser hva som er lest inn, og eventuelle feil som må rettes." + contact)
