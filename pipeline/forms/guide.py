"""The text of the blank form's guide sheet (``Veiledning``), from the configuration,
in the workspace's language.

Pure: a :class:`~pipeline.config.Config` in, (heading, text) pairs out;
:mod:`pipeline.forms.blankform` lays them out. Where and when to deliver, and
whom to ask, come from ``[innlevering]`` (:class:`~pipeline.config.Delivery`);
what is not configured is left out rather than guessed.
"""

from __future__ import annotations

from pipeline import contract as c
from pipeline.config import Config
from pipeline.i18n import Lang


def guide_sections(config: Config, lang: Lang | None = None) -> list[tuple[str, str]]:
    """The guide as (heading, text) pairs; an empty heading continues the title.
    *lang*: the form's language (``None``: the workspace's)."""
    lang = lang or config.lang
    _ = lang.gettext
    first, last = config.years[0], config.years[-1]
    goals = "\n".join(f"{g.code}: {g.text}" for g in config.sub_goals)
    intro = _("{municipality} lager en IKT-strategi med handlingsplan for {first}–{last}, etter KS' verktøykasse for "
              "strategisk IKT-planlegging. Skjemaet samler det enhetene vet best: hvilke problemer og muligheter dere "
              "ser, hvilke systemer dere bruker, hvilke tiltak dere foreslår, og hvor godt dere mener IKT fungerer i "
              "dag. Svarene fra alle enhetene blir grunnlaget for strategien, handlingsplanen og saken til "
              "politikerne.", municipality=config.municipality, first=first, last=last)
    if config.delivery.deadline:
        intro += " " + _("Fristen for å levere skjemaet er {deadline}.", deadline=deadline_text(config, lang))
    season = {s: lang.pgettext("season", s) for s in c.SEASONS}
    # Babel drops a message whose arguments call a marker with a variable: build those first.
    critical = lang.quote(lang.pgettext("category", c.CRITICAL))
    quick_win = lang.quote(lang.pgettext("category", c.QUICK_WIN))
    return [
        ("", intro),
        (_("Hvem fyller ut?"), _("Lederen for enheten, eller den lederen gir oppgaven. Én enhet leverer ett skjema. "
                                 "Det er lurt å snakke med noen av de ansatte før dere fyller ut.")),
        (lang.pgettext("sheet", c.SHEET_UNIT),
         _("Skriv navnet på enheten, velg tjenesteområde og skriv kontaktperson, e-post og dato. Skriv navnet på "
           "enheten likt hver gang dere sender skjemaet: det er navnet som knytter en ny versjon til den forrige. "
           "Kommune og skjemaversjon er fylt ut på forhånd.")),
        (lang.pgettext("sheet", c.SHEET_PROBLEMS),
         _("Én rad per problem eller mulighet. Gi hver rad et nummer (1, 2, 3 …), beskriv den kort, velg type og "
           "prioritet og skriv hva det betyr for tjenesten. Tiltakene kan vise til numrene.")),
        (lang.pgettext("sheet", c.SHEET_SYSTEMS),
         _("Én rad per system eller fagprogram dere bruker: navn, leverandør, hva det brukes til, omtrent hvor mange "
           "brukere, hvor fornøyde dere er (1–5) og hva som bør skje med systemet.")),
        (lang.pgettext("sheet", c.SHEET_MEASURES),
         _("Én rad per tiltak dere foreslår. Gi hvert tiltak et nummer og en kort tittel, velg delmålet tiltaket "
           "støtter, og skriv hvilke problemer det svarer på (numrene, skilt med komma). Oppgi investering, årlig "
           "drift og årlig gevinst i kroner, når tiltaket bør gjennomføres, hvor lenge det varer, og hvem som er "
           "ansvarlig. Dere kan foreslå at tiltaket er en {critical} eller en {quick_win}; den endelige vurderingen "
           "gjøres samlet for hele kommunen. De siste kolonnene er gevinstplanen: hvem som eier gevinsten, hva som "
           "måles (indikator), verdien i dag (nullpunkt), verdien dere sikter mot (målverdi) og når den skal være "
           "nådd. Når planen er vedtatt, rapporterer enhetene hvert år hvordan tiltakene og gevinstene går, mot "
           "denne planen.",
           critical=critical, quick_win=quick_win)),
        (_("Delmålene tiltakene kan knyttes til"), goals),
        (lang.pgettext("sheet", c.SHEET_BAROMETER),
         _("Påstandene er fylt ut. Gi hver påstand en score fra 1 (stemmer ikke) til 5 (stemmer helt), og skriv "
           "gjerne en kommentar. La cellen stå tom hvis dere ikke vet.")),
        (_("Slik skriver du"),
         _("Beløp skrives i kroner, slik du vil: 150 000, 150000, kr 150.000, 150 000 kr, 1,5 mill eller 300 tusen. "
           "Skriv «mill» eller «tusen» når beløpet ikke er i hele kroner: «1,5» alene blir ikke lest som 1,5 "
           "millioner. Koster tiltaket ingenting, skriver du 0; er kostnaden ikke kjent ennå, skriver du «utredes» "
           "(en tom celle leses også slik). Tidsrom skrives som årstid og år: {seasons}, for eksempel {example}. "
           "Trenger du flere rader enn tabellen har, skriver du bare videre under den. Vil du fjerne en rad, merker "
           "du cellene og trykker Delete: tomme rader hoppes over. Slå ikke sammen celler: skriv verdien i hver rad.",
           seasons=lang.join(list(season.values()), last="or"),
           example=lang.quote(f"{season[c.SEASONS[1]]} {first}"))),
        (_("Slik leverer du"), delivery_text(config, lang)),
        (_("Nye versjoner"), _("Dere kan sende en ny versjon når som helst, for eksempel for å rette feil eller legge "
                               "til tiltak. Det er alltid den nyeste versjonen som gjelder, så send hele skjemaet "
                               "hver gang, ikke bare endringene.")),
    ]


def deadline_text(config: Config, lang: Lang | None = None) -> str:
    """``mandag 1. februar 2027 (01.02.2027)``; empty without a deadline."""
    when = config.delivery.deadline
    if when is None:
        return ""
    lang = lang or config.lang
    # TRANSLATORS: a deadline: the date in words, then as digits, e.g. «mandag 1. februar 2027 (01.02.2027)».
    return lang.gettext("{long} ({short})", long=lang.long_day(when), short=lang.day(when))


def delivery_text(config: Config, lang: Lang | None = None) -> str:
    """Where, by when and to whom: the folder and/or address from ``[innlevering]``
    (or ``[epost]``), the deadline, and whom to ask (``kontakt``, else the case officer)."""
    lang = lang or config.lang
    _ = lang.gettext
    delivery = config.delivery
    if delivery.inbox and delivery.email:
        where = _("Legg fila i mappen {folder}, eller send den som vedlegg i e-post til {address}.",
                  folder=lang.quote(delivery.inbox), address=delivery.email)
    elif delivery.inbox:
        where = _("Legg fila i mappen {folder}.", folder=lang.quote(delivery.inbox))
    elif delivery.email:
        where = _("Send fila som vedlegg i e-post til {address}.", address=delivery.email)
    else:
        where = _("Lever fila slik sekretariatet for IKT-strategien har bedt om: i den felles innboksmappen eller "
                  "som vedlegg i e-post.")
    parts = [_("Lagre skjemaet som Excel-arbeidsbok (.xlsx)."), where]
    if delivery.deadline:
        parts.append(_("Fristen er {deadline}.", deadline=deadline_text(config, lang)))
    parts.append(_("Dere får en kvittering som viser hva som er lest inn, og eventuelle feil som må rettes."))
    asker = delivery.contact or config.case.case_officer
    if asker:
        parts.append(_("Har dere spørsmål, kontakt {person}.", person=asker))
    return " ".join(parts)
