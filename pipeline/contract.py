"""The form contract (``docs/kartleggingsskjema.md``) as constants.

Sheet names, header texts and defined names are spelled exactly as in the
contract: units, tests and scripts rely on them. The blank form is written from
these constants and the reader checks against the same constants, so the two can
never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.i18n import N_, NP_

# Every text below is the bokmål *source* of a catalogue entry (``NP_(context, text).id``
# is the text itself, marked for extraction): it is at the same time the canonical value
# the model stores and the reader maps every language back to, and the label a bokmål
# form shows. Other languages' forms show ``lang.pgettext(context, text)``
# (:mod:`pipeline.forms.terms`). Defined names stay ASCII identifiers in every language.

#: Major.minor. A form whose *major* version differs is rejected; a different
#: minor version is read (minor changes only add help text, formatting, or
#: optional columns at the end of a sheet: :data:`OPTIONAL_TRAILING`).
#: 1.1 added «Gevinsttype»; 1.2 the benefit plan (issue 15); 1.3 the named cell
#: ``skjemasprak`` (the form's language, issue 14).
FORM_VERSION = "1.3"

SHEET_GUIDE = NP_("sheet", "Veiledning").id
SHEET_UNIT = NP_("sheet", "Enhet").id
SHEET_PROBLEMS = NP_("sheet", "Problemer og muligheter").id
SHEET_SYSTEMS = NP_("sheet", "Systemer").id
SHEET_MEASURES = NP_("sheet", "Tiltak").id
SHEET_BAROMETER = NP_("sheet", "IKT-barometer").id
SHEET_LISTS = NP_("sheet", "Lister").id

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
    label: str  # bokmål source (context "field")
    required: bool
    help: str  # input message shown in Excel when the cell is selected (bokmål source)


#: Filled in by the project, locked: the unit does not change them.
PREFILLED = ("kommune", "skjemaversjon", "skjemasprak")

UNIT_FIELDS = (
    UnitField("kommune", NP_("field", "Kommune").id, False, N_("Fylt ut av sekretariatet.")),
    UnitField(
        "enhet",
        NP_("field", "Enhet").id,
        True,
        N_("Enhetens navn, skrevet likt hver gang. Det er dette navnet som knytter nye revisjoner til de forrige."),
    ),
    UnitField("tjenesteomrade", NP_("field", "Tjenesteområde").id, True,
              N_("Velg tjenesteområdet enheten hører til.")),
    UnitField("kontaktperson", NP_("field", "Kontaktperson").id, True,
              N_("Den som kan svare på spørsmål om skjemaet.")),
    UnitField("epost", NP_("field", "E-post").id, True,
              N_("Kontaktpersonens e-postadresse. Kvitteringen sendes hit.")),
    UnitField("dato", NP_("field", "Dato").id, False, N_("Datoen skjemaet ble fylt ut, f.eks. 15.03.2027.")),
    UnitField("skjemaversjon", NP_("field", "Skjemaversjon").id, False, N_("Fylt ut av sekretariatet. Ikke endre.")),
    # Form 1.3 on: the language the form is written in (a code: nb, nn, da). A form
    # without it (before 1.3) is bokmål; an unknown code is read as if it were absent.
    UnitField("skjemasprak", NP_("field", "Skjemaspråk").id, False, N_("Fylt ut av sekretariatet. Ikke endre.")),
)
#: Defined names a form may lack: older forms do not have them.
OPTIONAL_NAMES = ("skjemasprak",)

# Table sheets: headers in order, starting in column A.
PROBLEM_HEADERS = (
    NP_("column", "Nr").id,
    NP_("column", "Beskrivelse").id,
    NP_("column", "Type").id,
    NP_("column", "Konsekvens").id,
    NP_("column", "Prioritet").id,
)
SYSTEM_HEADERS = (
    NP_("column", "System").id,
    NP_("column", "Leverandør").id,
    NP_("column", "Formål").id,
    NP_("column", "Brukere").id,
    NP_("column", "Tilfredshet (1-5)").id,
    NP_("column", "Livsløp").id,
    NP_("column", "Kommentar").id,
)
MEASURE_HEADERS = (
    NP_("column", "Nr").id,
    NP_("column", "Tiltak").id,
    NP_("column", "Beskrivelse").id,
    NP_("column", "Delmål").id,
    NP_("column", "Problem nr").id,
    NP_("column", "Investering (kr)").id,
    NP_("column", "Årlig drift (kr)").id,
    NP_("column", "Årlig gevinst (kr)").id,
    NP_("column", "Gevinstbeskrivelse").id,
    NP_("column", "Tidsrom").id,
    NP_("column", "Varighet (mnd)").id,
    NP_("column", "Ansvarlig gjennomføring").id,
    NP_("column", "Ansvarlig oppfølging").id,
    NP_("column", "Risiko").id,
    NP_("column", "Kategori").id,
    NP_("column", "Avhengigheter").id,
    NP_("column", "Gevinsttype").id,
    # The benefit plan (form 1.2; KS' toolbox, «tilrettelegging for gevinstrealisering»):
    NP_("column", "Gevinsteier").id,
    NP_("column", "Indikator").id,
    NP_("column", "Nullpunkt").id,
    NP_("column", "Målverdi").id,
    NP_("column", "Måldato").id,
)
#: The benefit plan's columns of the ``Tiltak`` sheet (all optional).
BENEFIT_PLAN_HEADERS = MEASURE_HEADERS[-5:]
BAROMETER_HEADERS = (
    NP_("column", "Område").id,
    NP_("column", "Påstand").id,
    NP_("column", "Score (1-5)").id,
    NP_("column", "Kommentar").id,
)

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

# Fixed value lists (the configurable ones come from strategi.toml). The model stores
# these bokmål spellings whatever language the form was in; show one in another language
# with ``lang.pgettext(KIND_CONTEXT[kind], value)``.
TYPES = (NP_("type", "Problem").id, NP_("type", "Mulighet").id)
PRIORITIES = (NP_("priority", "Høy").id, NP_("priority", "Middels").id, NP_("priority", "Lav").id)
LIFECYCLES = (NP_("lifecycle", "Beholde").id, NP_("lifecycle", "Videreutvikle").id,
              NP_("lifecycle", "Erstatte").id, NP_("lifecycle", "Avvikle").id)
RISKS = (NP_("risk", "Lav").id, NP_("risk", "Middels").id, NP_("risk", "Høy").id)
CATEGORIES = (NP_("category", "Kritisk prosess").id, NP_("category", "Quick win").id)
CRITICAL, QUICK_WIN = CATEGORIES
SEASONS = (NP_("season", "Vinter").id, NP_("season", "Vår").id, NP_("season", "Sommer").id,
           NP_("season", "Høst").id)
#: The seasons in the definite form units also write («Våren 2027», «Hausten 2027»,
#: «Foråret 2027»), in the order of :data:`SEASONS`.
SEASONS_DEFINITE = (NP_("season, definite", "Vinteren").id, NP_("season, definite", "Våren").id,
                    NP_("season, definite", "Sommeren").id, NP_("season, definite", "Høsten").id)
#: What kind of benefit a measure's «Årlig gevinst» is. Only the first is money
#: in the budget; time and quality are valued by the unit, and never shown as cash.
BENEFIT_CASH = NP_("benefit kind", "Kroner (budsjett)").id
BENEFIT_KINDS = (BENEFIT_CASH, NP_("benefit kind", "Tid").id, NP_("benefit kind", "Kvalitet").id)

#: The catalogue context of each kind of fixed value (how an edge translates one).
KIND_CONTEXT = {
    "type": "type", "priority": "priority", "lifecycle": "lifecycle", "risk": "risk",
    "category": "category", "season": "season", "benefit_kind": "benefit kind",
}
#: The values of each kind, in dropdown order.
KIND_VALUES = {
    "type": TYPES, "priority": PRIORITIES, "lifecycle": LIFECYCLES, "risk": RISKS,
    "category": CATEGORIES, "season": SEASONS, "benefit_kind": BENEFIT_KINDS,
}

#: Headers of the ``Lister`` sheet, one column per dropdown, in this order. The sheet is
#: never read back, so a column is only ever added at the end.
LIST_HEADERS = (
    NP_("list", "Tjenesteområde").id,
    NP_("list", "Delmål").id,
    NP_("list", "Delmål tekst").id,
    NP_("list", "Type").id,
    NP_("list", "Prioritet").id,
    NP_("list", "Livsløp").id,
    NP_("list", "Risiko").id,
    NP_("list", "Kategori").id,
    NP_("list", "Tidsrom").id,
    NP_("list", "Gevinsttype").id,
    NP_("list", "Enhet").id,  # the units of [[enheter]]: the «Enhet» field's dropdown
)

#: The ICT barometer: (area, statement). Areas follow KS' digital maturity survey.
#: The model stores the bokmål text; a form in another language shows the translation
#: and is read back to it.
_USER = NP_("area", "Brukeren i sentrum").id
_SECURITY = NP_("area", "Informasjonssikkerhet og personvern").id
_COMPETENCE = NP_("area", "Digital kompetanse").id
_INFRA = NP_("area", "Infrastruktur og drift").id
_SYSTEMS = NP_("area", "Systemer og integrasjon").id
_GOVERNANCE = NP_("area", "Styring og organisering").id
BAROMETER = (
    (_USER, N_("Innbyggerne kan søke om og følge sine saker hos oss digitalt.")),
    (_USER, N_("Vi spør brukerne om erfaringene deres og bruker svarene til å forbedre tjenestene.")),
    (_USER, N_("Informasjonen om tjenestene våre på nett er oppdatert og lett å forstå.")),
    (_SECURITY, N_("Vi vet hvilke personopplysninger vi behandler, og hvor de lagres.")),
    (_SECURITY, N_("De ansatte vet hva de skal gjøre ved et sikkerhetsbrudd eller avvik.")),
    (_SECURITY, N_("Tilganger til systemene gis og fjernes etter faste rutiner.")),
    (_COMPETENCE, N_("De ansatte får opplæring når nye systemer eller funksjoner tas i bruk.")),
    (_COMPETENCE, N_("De ansatte mestrer de digitale verktøyene de trenger i arbeidet.")),
    (_COMPETENCE, N_("Lederne ser hvordan digitalisering kan endre måten vi jobber på.")),
    (_INFRA, N_("Nettverk og trådløst nett fungerer godt på alle våre arbeidssteder.")),
    (_INFRA, N_("PC-er, nettbrett og annet utstyr er tilstrekkelig og i god stand.")),
    (_INFRA, N_("Vi får rask og god hjelp når noe ikke virker.")),
    (_SYSTEMS, N_("Systemene våre dekker behovene i tjenesten.")),
    (_SYSTEMS, N_("Vi slipper å registrere de samme opplysningene i flere systemer.")),
    (_SYSTEMS, N_("Systemene utveksler data med hverandre der det trengs.")),
    (_GOVERNANCE, N_("Digitaliseringstiltak planlegges med mål for gevinster.")),
    (_GOVERNANCE, N_("Det er tydelig hvem som har ansvar for IKT-anskaffelser og systemforvaltning.")),
    (_GOVERNANCE, N_("Gevinster fra gjennomførte tiltak blir fulgt opp og målt.")),
)

BAROMETER_AREAS = tuple(dict.fromkeys(area for area, _ in BAROMETER))


# --- the follow-up form («Oppfølgingsskjema», issue 15) ---------------------------------------
#
# One per unit and year, prefilled with the unit's measures in the adopted plan. It has
# its own version, and says what it is in the named cell ``skjematype``, so the intake
# tells it from a mapping form whatever its file is called.

#: Major.minor of the follow-up form, read as :data:`FORM_VERSION` is. 1.1 added the named
#: cell ``skjemasprak`` (the form's language, issue 14): a 1.0 form is bokmål.
FOLLOWUP_FORM_VERSION = "1.1"
#: The value of the named cell ``skjematype`` in a follow-up form (a form in another
#: language shows its translation, and every language's is recognised).
FOLLOWUP_KIND = NP_("form kind", "Oppfølging").id

SHEET_FOLLOWUP = NP_("sheet", "Oppfølging").id
FOLLOWUP_SHEETS = (SHEET_GUIDE, SHEET_UNIT, SHEET_FOLLOWUP, SHEET_LISTS)

FOLLOWUP_UNIT_FIELDS = (
    UnitField("kommune", NP_("field", "Kommune").id, False, N_("Fylt ut av sekretariatet.")),
    UnitField("enhet", NP_("field", "Enhet").id, True,
              N_("Fylt ut av sekretariatet. Ikke endre: navnet knytter skjemaet til enhetens tiltak i den vedtatte "
                 "planen.")),
    UnitField("ar", NP_("field", "År").id, True, N_("Året dere rapporterer for. Fylt ut av sekretariatet.")),
    UnitField("kontaktperson", NP_("field", "Kontaktperson").id, True,
              N_("Den som kan svare på spørsmål om rapporten.")),
    UnitField("epost", NP_("field", "E-post").id, True,
              N_("Kontaktpersonens e-postadresse. Kvitteringen sendes hit.")),
    UnitField("dato", NP_("field", "Dato").id, False, N_("Datoen skjemaet ble fylt ut, f.eks. 15.01.2029.")),
    UnitField("skjematype", NP_("field", "Skjematype").id, True, N_("Fylt ut av sekretariatet. Ikke endre.")),
    UnitField("skjemaversjon", NP_("field", "Skjemaversjon").id, False, N_("Fylt ut av sekretariatet. Ikke endre.")),
    # Follow-up form 1.1 on: the form's language (a code: nb, nn, da), as in the mapping form.
    UnitField("skjemasprak", NP_("field", "Skjemaspråk").id, False, N_("Fylt ut av sekretariatet. Ikke endre.")),
)
#: The ``Enhet`` fields the secretariat fills in and locks.
FOLLOWUP_PREFILLED = ("kommune", "enhet", "ar", "skjematype", "skjemaversjon", "skjemasprak")
#: Defined names a follow-up form may lack: a 1.0 form has no ``skjemasprak``.
FOLLOWUP_OPTIONAL_NAMES = ("skjemasprak",)

#: The measure rows: the plan (prefilled, locked), then what the unit reports.
FOLLOWUP_PLAN_HEADERS = (
    NP_("column", "Tiltak").id,
    NP_("column", "Tittel").id,
    NP_("column", "Planlagt tidsrom").id,
    NP_("column", "Planlagt investering (kr)").id,
    NP_("column", "Planlagt årlig gevinst (kr)").id,
    NP_("column", "Gevinsteier").id,
    NP_("column", "Indikator").id,
    NP_("column", "Nullpunkt").id,
    NP_("column", "Målverdi").id,
)
FOLLOWUP_REPORT_HEADERS = (
    NP_("column", "Status").id,
    NP_("column", "Fullført (%)").id,
    NP_("column", "Brukt investering hittil (kr)").id,
    NP_("column", "Ny sluttdato").id,
    NP_("column", "Realisert gevinst i året (kr)").id,
    NP_("column", "Realisert gevinst i året (tekst)").id,
    NP_("column", "Indikatorverdi nå").id,
    NP_("column", "Kommentar").id,
)
FOLLOWUP_HEADERS = FOLLOWUP_PLAN_HEADERS + FOLLOWUP_REPORT_HEADERS

#: The statuses a unit chooses from, in the order the dropdown lists them. Stored as these
#: bokmål words whatever the form's language (``KIND_VALUES["status"]``).
NOT_STARTED, IN_PROGRESS, DONE, POSTPONED, STOPPED = (
    NP_("status", "Ikke startet").id, NP_("status", "Pågår").id, NP_("status", "Ferdig").id,
    NP_("status", "Utsatt").id, NP_("status", "Avbrutt").id)
FOLLOWUP_STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, POSTPONED, STOPPED)
# The statuses are fixed values like the mapping form's, read back from any language; the
# two tables above are defined before the follow-up form's part, so they are extended here.
KIND_CONTEXT["status"] = "status"
KIND_VALUES["status"] = FOLLOWUP_STATUSES
#: The ``Lister`` sheet of the follow-up form.
FOLLOWUP_LIST_HEADERS = (NP_("list", "Status").id,)
