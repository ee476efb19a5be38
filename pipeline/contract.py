"""The form contract (``docs/kartleggingsskjema.md``) as constants.

Sheet names, header texts and defined names are spelled exactly as in the
contract: units, tests and scripts rely on them. The blank form is written from
these constants and the reader checks against the same constants, so the two can
never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Major.minor. A form whose *major* version differs is rejected; a different
#: minor version is read (minor changes only add help text, formatting, or
#: optional columns at the end of a sheet: :data:`OPTIONAL_TRAILING`).
#: 1.1 added «Gevinsttype»; 1.2 the benefit plan (issue 15).
FORM_VERSION = "1.2"

SHEET_GUIDE = "Veiledning"
SHEET_UNIT = "Enhet"
SHEET_PROBLEMS = "Problemer og muligheter"
SHEET_SYSTEMS = "Systemer"
SHEET_MEASURES = "Tiltak"
SHEET_BAROMETER = "IKT-barometer"
SHEET_LISTS = "Lister"

SHEETS = (
    SHEET_GUIDE,
    SHEET_UNIT,
    SHEET_PROBLEMS,
    SHEET_SYSTEMS,
    SHEET_MEASURES,
    SHEET_BAROMETER,
    SHEET_LISTS,
)


@dataclass(frozen=True)
class UnitField:
    """One value on the ``Enhet`` sheet: label in column A, value in column B."""

    name: str  # workbook-level defined name
    label: str
    required: bool
    help: str  # input message shown in Excel when the cell is selected


UNIT_FIELDS = (
    UnitField("kommune", "Kommune", False, "Fylt ut av sekretariatet."),
    UnitField(
        "enhet",
        "Enhet",
        True,
        "Enhetens navn, skrevet likt hver gang. Det er dette navnet som knytter "
        "nye revisjoner til de forrige.",
    ),
    UnitField("tjenesteomrade", "Tjenesteområde", True, "Velg tjenesteområdet enheten hører til."),
    UnitField("kontaktperson", "Kontaktperson", True, "Den som kan svare på spørsmål om skjemaet."),
    UnitField("epost", "E-post", True, "Kontaktpersonens e-postadresse. Kvitteringen sendes hit."),
    UnitField("dato", "Dato", False, "Datoen skjemaet ble fylt ut, f.eks. 15.03.2027."),
    UnitField("skjemaversjon", "Skjemaversjon", False, "Fylt ut av sekretariatet. Ikke endre."),
)

# Table sheets: headers in order, starting in column A.
PROBLEM_HEADERS = ("Nr", "Beskrivelse", "Type", "Konsekvens", "Prioritet")
SYSTEM_HEADERS = (
    "System",
    "Leverandør",
    "Formål",
    "Brukere",
    "Tilfredshet (1-5)",
    "Livsløp",
    "Kommentar",
)
MEASURE_HEADERS = (
    "Nr",
    "Tiltak",
    "Beskrivelse",
    "Delmål",
    "Problem nr",
    "Investering (kr)",
    "Årlig drift (kr)",
    "Årlig gevinst (kr)",
    "Gevinstbeskrivelse",
    "Tidsrom",
    "Varighet (mnd)",
    "Ansvarlig gjennomføring",
    "Ansvarlig oppfølging",
    "Risiko",
    "Kategori",
    "Avhengigheter",
    "Gevinsttype",
    # The benefit plan (form 1.2; KS' toolbox, «tilrettelegging for gevinstrealisering»):
    "Gevinsteier",
    "Indikator",
    "Nullpunkt",
    "Målverdi",
    "Måldato",
)
#: The benefit plan's columns of the ``Tiltak`` sheet (all optional).
BENEFIT_PLAN_HEADERS = MEASURE_HEADERS[-5:]
BAROMETER_HEADERS = ("Område", "Påstand", "Score (1-5)", "Kommentar")

#: Columns added after version 1.0, at the end of their sheet: how many, per sheet
#: («Gevinsttype» in 1.1, the benefit plan in 1.2). A form may end its header row
#: before any of them (an older form): the missing ones read as empty. Present ones
#: must stand in their place, in order.
OPTIONAL_TRAILING = {SHEET_MEASURES: 1 + len(BENEFIT_PLAN_HEADERS)}

TABLE_HEADERS = {
    SHEET_PROBLEMS: PROBLEM_HEADERS,
    SHEET_SYSTEMS: SYSTEM_HEADERS,
    SHEET_MEASURES: MEASURE_HEADERS,
    SHEET_BAROMETER: BAROMETER_HEADERS,
}

# Fixed value lists (the configurable ones come from strategi.toml).
TYPES = ("Problem", "Mulighet")
PRIORITIES = ("Høy", "Middels", "Lav")
LIFECYCLES = ("Beholde", "Videreutvikle", "Erstatte", "Avvikle")
RISKS = ("Lav", "Middels", "Høy")
CATEGORIES = ("Kritisk prosess", "Quick win")
CRITICAL, QUICK_WIN = CATEGORIES
SEASONS = ("Vinter", "Vår", "Sommer", "Høst")
#: What kind of benefit a measure's «Årlig gevinst» is. Only the first is money
#: in the budget; time and quality are valued by the unit, and never shown as cash.
BENEFIT_CASH = "Kroner (budsjett)"
BENEFIT_KINDS = (BENEFIT_CASH, "Tid", "Kvalitet")

#: Headers of the ``Lister`` sheet, one column per dropdown, in this order. The sheet is
#: never read back, so a column is only ever added at the end.
LIST_HEADERS = (
    "Tjenesteområde",
    "Delmål",
    "Delmål tekst",
    "Type",
    "Prioritet",
    "Livsløp",
    "Risiko",
    "Kategori",
    "Tidsrom",
    "Gevinsttype",
    "Enhet",  # the units of [[enheter]]: the «Enhet» field's dropdown
)

#: The ICT barometer: (area, statement). Areas follow KS' digital maturity survey.
BAROMETER = (
    ("Brukeren i sentrum", "Innbyggerne kan søke om og følge sine saker hos oss digitalt."),
    ("Brukeren i sentrum", "Vi spør brukerne om erfaringene deres og bruker svarene til å forbedre tjenestene."),
    ("Brukeren i sentrum", "Informasjonen om tjenestene våre på nett er oppdatert og lett å forstå."),
    ("Informasjonssikkerhet og personvern", "Vi vet hvilke personopplysninger vi behandler, og hvor de lagres."),
    ("Informasjonssikkerhet og personvern", "De ansatte vet hva de skal gjøre ved et sikkerhetsbrudd eller avvik."),
    ("Informasjonssikkerhet og personvern", "Tilganger til systemene gis og fjernes etter faste rutiner."),
    ("Digital kompetanse", "De ansatte får opplæring når nye systemer eller funksjoner tas i bruk."),
    ("Digital kompetanse", "De ansatte mestrer de digitale verktøyene de trenger i arbeidet."),
    ("Digital kompetanse", "Lederne ser hvordan digitalisering kan endre måten vi jobber på."),
    ("Infrastruktur og drift", "Nettverk og trådløst nett fungerer godt på alle våre arbeidssteder."),
    ("Infrastruktur og drift", "PC-er, nettbrett og annet utstyr er tilstrekkelig og i god stand."),
    ("Infrastruktur og drift", "Vi får rask og god hjelp når noe ikke virker."),
    ("Systemer og integrasjon", "Systemene våre dekker behovene i tjenesten."),
    ("Systemer og integrasjon", "Vi slipper å registrere de samme opplysningene i flere systemer."),
    ("Systemer og integrasjon", "Systemene utveksler data med hverandre der det trengs."),
    ("Styring og organisering", "Digitaliseringstiltak planlegges med mål for gevinster."),
    ("Styring og organisering", "Det er tydelig hvem som har ansvar for IKT-anskaffelser og systemforvaltning."),
    ("Styring og organisering", "Gevinster fra gjennomførte tiltak blir fulgt opp og målt."),
)

BAROMETER_AREAS = tuple(dict.fromkeys(area for area, _ in BAROMETER))


# --- the follow-up form («Oppfølgingsskjema», issue 15) ---------------------------------------
#
# One per unit and year, prefilled with the unit's measures in the adopted plan. It has
# its own version, and says what it is in the named cell ``skjematype``, so the intake
# tells it from a mapping form whatever its file is called.

#: Major.minor of the follow-up form, read as :data:`FORM_VERSION` is.
FOLLOWUP_FORM_VERSION = "1.0"
#: The value of the named cell ``skjematype`` in a follow-up form.
FOLLOWUP_KIND = "Oppfølging"

SHEET_FOLLOWUP = "Oppfølging"
FOLLOWUP_SHEETS = (SHEET_GUIDE, SHEET_UNIT, SHEET_FOLLOWUP, SHEET_LISTS)

FOLLOWUP_UNIT_FIELDS = (
    UnitField("kommune", "Kommune", False, "Fylt ut av sekretariatet."),
    UnitField("enhet", "Enhet", True, "Fylt ut av sekretariatet. Ikke endre: navnet knytter skjemaet til enhetens "
                                      "tiltak i den vedtatte planen."),
    UnitField("ar", "År", True, "Året dere rapporterer for. Fylt ut av sekretariatet."),
    UnitField("kontaktperson", "Kontaktperson", True, "Den som kan svare på spørsmål om rapporten."),
    UnitField("epost", "E-post", True, "Kontaktpersonens e-postadresse. Kvitteringen sendes hit."),
    UnitField("dato", "Dato", False, "Datoen skjemaet ble fylt ut, f.eks. 15.01.2029."),
    UnitField("skjematype", "Skjematype", True, "Fylt ut av sekretariatet. Ikke endre."),
    UnitField("skjemaversjon", "Skjemaversjon", False, "Fylt ut av sekretariatet. Ikke endre."),
)
#: The ``Enhet`` fields the secretariat fills in and locks.
FOLLOWUP_PREFILLED = ("kommune", "enhet", "ar", "skjematype", "skjemaversjon")

#: The measure rows: the plan (prefilled, locked), then what the unit reports.
FOLLOWUP_PLAN_HEADERS = (
    "Tiltak",
    "Tittel",
    "Planlagt tidsrom",
    "Planlagt investering (kr)",
    "Planlagt årlig gevinst (kr)",
    "Gevinsteier",
    "Indikator",
    "Nullpunkt",
    "Målverdi",
)
FOLLOWUP_REPORT_HEADERS = (
    "Status",
    "Fullført (%)",
    "Brukt investering hittil (kr)",
    "Ny sluttdato",
    "Realisert gevinst i året (kr)",
    "Realisert gevinst i året (tekst)",
    "Indikatorverdi nå",
    "Kommentar",
)
FOLLOWUP_HEADERS = FOLLOWUP_PLAN_HEADERS + FOLLOWUP_REPORT_HEADERS

#: The statuses a unit chooses from, in the order the dropdown lists them.
NOT_STARTED, IN_PROGRESS, DONE, POSTPONED, STOPPED = "Ikke startet", "Pågår", "Ferdig", "Utsatt", "Avbrutt"
FOLLOWUP_STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, POSTPONED, STOPPED)
#: The ``Lister`` sheet of the follow-up form.
FOLLOWUP_LIST_HEADERS = ("Status",)
