"""The blank mapping form (``Kartleggingsskjema.xlsx``), written from the contract.

Every sheet name, header and defined name comes from :mod:`pipeline.contract`; the
dropdown lists come from the workspace configuration. What a unit reads in the form
(sheet names, headers, dropdown values, guidance, input and error messages) is in
the workspace's language, from the catalogue (:mod:`pipeline.forms.terms`); the
form records that language in the locked cell ``skjemasprak``, and the reader
maps every language back to the contract's values. Excel's limits are checked
per language: an input message ≤ 255 characters, an error message ≤ 225.

Layout choices that matter for the reader and for units:

* Input columns are unlocked through their *column style*, not cell by cell, so a
  unit can type in any row (also far below the Excel table) and the sheet's used
  range stays small. Header rows and the pre-filled barometer columns stay locked.
* Sheets are protected without a password: it guards the headers against accidental
  edits, not against a determined user.
* No cell below a header is pre-filled (no running numbers): every non-empty row is
  an item by contract.
* Every column that holds text or codes is formatted as text (``@``): in a
  «General» cell Excel turns a sub-goal «1.1» into the number 1,1 (Norwegian
  Excel into the date 01.01.), problem numbers «1,3» into 1,3, and «1-2» into a
  date. Only amounts, whole numbers and dates keep a number format.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import contract as c
from pipeline.config import Config
from pipeline.errors import WorkspaceError
from pipeline.fileio import atomic_write_bytes
from pipeline.forms import terms
from pipeline.forms.guide import guide_sections
from pipeline.i18n import N_, Lang

#: Rows (after the header) that carry input messages, dropdowns and validation.
INPUT_ROWS = 1000
#: Empty rows inside the Excel table on the problem, system and measure sheets.
TABLE_ROWS = 30
#: Excel table names (ASCII, no spaces, unique, not clashing with defined names).
TABLE_NAMES = {
    c.SHEET_PROBLEMS: "Problemer",
    c.SHEET_SYSTEMS: "Systemer",
    c.SHEET_MEASURES: "Tiltak",
    c.SHEET_BAROMETER: "Barometer",
}
AMOUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd.mm.yyyy"
TEXT_FORMAT = "@"

_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: "write here"
_PREFILLED_FILL = PatternFill("solid", fgColor="EDEDED")
# Explicit header colours: LibreOffice does not draw Excel table styles.
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

# Local names for the contract's headers: unpacking fails loudly if the contract
# gains or loses a column, and nothing here re-spells a header.
(L_AREA, L_GOAL, L_GOAL_TEXT, L_TYPE, L_PRIORITY, L_LIFECYCLE, L_RISK, L_CATEGORY, L_PERIOD,
 L_BENEFIT_KIND, L_UNIT) = c.LIST_HEADERS
(P_NR, P_DESCRIPTION, P_TYPE, P_CONSEQUENCE, P_PRIORITY) = c.PROBLEM_HEADERS
(S_SYSTEM, S_VENDOR, S_PURPOSE, S_USERS, S_SATISFACTION, S_LIFECYCLE, S_COMMENT) = c.SYSTEM_HEADERS
(M_NR, M_TITLE, M_DESCRIPTION, M_GOAL, M_PROBLEMS, M_INVESTMENT, M_OPERATION, M_BENEFIT,
 M_BENEFIT_TEXT, M_PERIOD, M_MONTHS, M_RESPONSIBLE, M_FOLLOW_UP, M_RISK, M_CATEGORY,
 M_DEPENDENCIES, M_BENEFIT_KIND, M_OWNER, M_INDICATOR, M_BASELINE, M_TARGET, M_TARGET_DATE) = c.MEASURE_HEADERS
(B_AREA, B_STATEMENT, B_SCORE, B_COMMENT) = c.BAROMETER_HEADERS


@dataclass(frozen=True)
class Column:
    """How one input column looks and what Excel checks when a unit types in it."""

    width: float
    help: str  # the input message (≤ 255 characters)
    choices: str | None = None  # a LIST_HEADERS name: dropdown from that Lister column
    whole: tuple[int, int | None] | None = None  # whole number (minimum, maximum or None)
    warn_only: bool = False  # a value outside the list only warns (units type variants)
    warning: str | None = None  # warn_only: the question Excel asks (None: the period's)
    amount: bool = False  # thousands-separator number format; no check (text is allowed)
    locked: bool = False  # pre-filled by the project; the unit does not change it

    @property
    def number_format(self) -> str:
        """The column's cell format: kroner, or text for everything but whole numbers."""
        if self.amount:
            return AMOUNT_FORMAT
        return "General" if self.whole else TEXT_FORMAT



COLUMNS: dict[str, dict[str, Column]] = {
    c.SHEET_PROBLEMS: {
        P_NR: Column(6, N_("Et løpenummer: 1, 2, 3 … Hvert nummer brukes bare én gang. Tiltakene viser til "
                        "dette nummeret."), whole=(1, None)),
        P_DESCRIPTION: Column(50, N_("Beskriv problemet eller muligheten med egne ord, kort og konkret.")),
        P_TYPE: Column(12, N_("Velg «Problem» (noe som ikke fungerer) eller «Mulighet» (noe som kan bli bedre)."),
                       choices=L_TYPE),
        P_CONSEQUENCE: Column(45, N_("Hva betyr dette for tjenesten, brukerne eller de ansatte?")),
        P_PRIORITY: Column(11, N_("Velg Høy, Middels eller Lav."), choices=L_PRIORITY),
    },
    c.SHEET_SYSTEMS: {
        S_SYSTEM: Column(28, N_("Navnet på systemet eller fagprogrammet, f.eks. Visma Flyt Skole.")),
        S_VENDOR: Column(22, N_("Hvem leverer systemet?")),
        S_PURPOSE: Column(40, N_("Hva brukes systemet til hos dere?")),
        S_USERS: Column(10, N_("Omtrent hvor mange hos dere bruker systemet? Skriv et helt tall."), whole=(0, None)),
        S_SATISFACTION: Column(12, N_("Hvor fornøyd er dere? 1 = svært misfornøyd, 5 = svært fornøyd."), whole=(1, 5)),
        S_LIFECYCLE: Column(15, N_("Hva bør skje med systemet: Beholde, Videreutvikle, Erstatte eller Avvikle?"),
                            choices=L_LIFECYCLE),
        S_COMMENT: Column(40, N_("Annet vi bør vite om systemet.")),
    },
    c.SHEET_MEASURES: {
        M_NR: Column(6, N_("Et løpenummer for tiltaket: 1, 2, 3 … Hvert nummer brukes bare én gang."), whole=(1, None)),
        M_TITLE: Column(30, N_("En kort tittel på tiltaket, f.eks. «Ny skoleplattform». Må fylles ut.")),
        M_DESCRIPTION: Column(50, N_("Hva skal gjøres, og hvorfor?")),
        M_GOAL: Column(9, "", choices=L_GOAL),  # help built from the configured sub-goals
        M_PROBLEMS: Column(11, N_("Nummeret på problemet/muligheten tiltaket svarer på (fra arket «Problemer og "
                               "muligheter»). Flere skilles med komma: 1, 3. Kan stå tomt.")),
        M_INVESTMENT: Column(15, N_("Engangskostnad. Skriv beløpet i hele kroner, f.eks. 150 000, kr 150.000 eller 1,5 mill. Skriv 0 "
                                     "hvis det ikke koster noe, og «utredes» hvis beløpet ikke er kjent ennå."), amount=True),
        M_OPERATION: Column(15, N_("Kostnad hvert år etter innføring (lisenser, drift). Skriv beløpet i hele kroner, "
                                       "f.eks. 150 000, kr 150.000 eller 1,5 mill. Skriv 0 hvis det ikke koster noe, "
                                       "og «utredes» hvis beløpet ikke er kjent ennå."), amount=True),
        M_BENEFIT: Column(15, N_("Gevinst hvert år, regnet i kroner. Si i kolonnen «Gevinsttype» om det er penger i "
                              "budsjettet, spart tid eller bedre kvalitet. Skriv beløpet i hele kroner, f.eks. 150 000, kr "
                              "150.000 eller 1,5 mill."), amount=True),
        M_BENEFIT_TEXT: Column(40, N_("Gevinster som ikke kan regnes i kroner, f.eks. bedre kvalitet eller mindre "
                                   "ventetid.")),
        M_PERIOD: Column(13, N_("Når tiltaket bør gjennomføres: årstid og år, f.eks. «Vår 2027». Velg fra listen."),
                         choices=L_PERIOD, warn_only=True),
        M_MONTHS: Column(10, N_("Hvor mange måneder tar gjennomføringen? Skriv et helt tall, minst 1."), whole=(1, None)),
        M_RESPONSIBLE: Column(22, N_("Hvem har ansvar for å gjennomføre tiltaket? Navn eller rolle. Må fylles ut.")),
        M_FOLLOW_UP: Column(22, N_("Hvem følger opp at gevinstene tas ut? Navn eller rolle.")),
        M_RISK: Column(10, N_("Hvor stor er risikoen for at tiltaket mislykkes: Lav, Middels eller Høy?"),
                       choices=L_RISK),
        M_CATEGORY: Column(15, N_("Valgfritt forslag: «Kritisk prosess» (stort eller langsiktig) eller «Quick win» "
                               "(lite og raskt, uten høy risiko)."), choices=L_CATEGORY),
        M_DEPENDENCIES: Column(30, N_("Tiltak dette forutsetter, med nummer (f.eks. FBS-1 eller «tiltak 2»): det "
                                   "planlegges ikke før dem. Skriv også andre systemer eller forutsetninger.")),
        M_BENEFIT_KIND: Column(17, N_("Hva slags gevinst er «Årlig gevinst»? «Kroner (budsjett)»: penger som spares i "
                                   "budsjettet. «Tid»: spart arbeidstid. «Kvalitet»: bedre tjenester. Bare "
                                   "kroner i budsjettet regnes som penger i økonomien."), choices=L_BENEFIT_KIND),
        # The benefit plan: what the yearly follow-up (oppfølgingsskjemaet) asks the unit about.
        M_OWNER: Column(22, N_("Gevinsteier: hvem som har ansvar for at gevinsten faktisk tas ut, f.eks. «Rektor» "
                               "eller «Kommunalsjef helse». Navn eller rolle.")),
        M_INDICATOR: Column(30, N_("Hva måles for å se om gevinsten kommer? F.eks. «Henvendelser fra foreldre per "
                                   "uke» eller «Timer brukt på turnus per måned».")),
        M_BASELINE: Column(14, N_("Nullpunkt: indikatorens verdi i dag, før tiltaket, f.eks. «40 per uke» eller "
                                  "«12 timer».")),
        M_TARGET: Column(14, N_("Målverdi: verdien dere sikter mot når gevinsten er tatt ut, f.eks. «10 per uke».")),
        # Text, not a date format: a year alone typed in a date cell would become a day in 1905.
        M_TARGET_DATE: Column(12, N_("Når målverdien skal være nådd: en dato (f.eks. 31.12.2029) eller bare året.")),
    },
    c.SHEET_BAROMETER: {
        B_AREA: Column(30, "", locked=True),
        B_STATEMENT: Column(70, "", locked=True),
        B_SCORE: Column(11, N_("Hvor godt stemmer påstanden for enheten? 1 = stemmer ikke, 5 = stemmer helt. La stå "
                            "tomt hvis dere ikke vet."), whole=(1, 5)),
        B_COMMENT: Column(45, N_("Utdyp gjerne svaret.")),
    },
}

# «Enhet» is a dropdown of the configured units. A name not on the list is allowed after a
# warning, never refused: a unit the secretariat forgot must still be able to deliver (its
# form then waits for the secretariat: pipeline.core.roster).
_UNIT_CHOICE = Column(
    0, N_("Velg enheten din fra listen. Står den ikke der, skriv navnet; da ser sekretariatet på skjemaet "
          "før det tas med."),
    choices=L_UNIT, warn_only=True,
    warning=N_("Enheten står ikke i listen. Velg den fra listen hvis den er der. Er dere en ny enhet, velg Ja; da "
            "ser sekretariatet på skjemaet før det tas med."))

_LIST_ERROR = (N_("Ugyldig verdi"), N_("Velg en verdi fra listen (klikk på pilen ved cellen)."))
#: Limits Excel enforces on data validations: it repairs (drops) one beyond them.
PROMPT_LIMIT, ERROR_LIMIT, TITLE_LIMIT = 255, 225, 32


def write_blank_form(config: Config, path: Path) -> Path:
    """Write the blank form for *config* to *path* (atomically) and return *path*.

    Raises :class:`WorkspaceError` if the file cannot be written (e.g. it is open in
    Excel on Windows); the old file is then left as it was.
    """
    wb = build_blank_form(config)
    try:
        save_atomically(wb, path)
    except OSError as exc:
        raise WorkspaceError(
            f"Kan ikke lagre skjemaet {path}: {exc.strerror or exc}. Er fila åpen i Excel? Lukk den og prøv igjen."
        ) from None
    return path


def build_blank_form(config: Config, lang: Lang | None = None) -> Workbook:
    """The blank form as an openpyxl workbook (not saved), in *lang* (``None``:
    the workspace's language)."""
    lang = lang or config.lang
    wb = Workbook()
    wb.remove(wb.active)
    for name in c.SHEETS:
        wb.create_sheet(terms.sheet_name(name, lang.code))
    lists = list_values(config, lang)
    _guide(wb[_sheet(c.SHEET_GUIDE, lang)], config, lang)
    _unit_sheet(wb, lists, config, lang)
    for sheet in (c.SHEET_PROBLEMS, c.SHEET_SYSTEMS, c.SHEET_MEASURES, c.SHEET_BAROMETER):
        _table_sheet(wb[_sheet(sheet, lang)], sheet, lists, config, lang)
    _lists_sheet(wb[_sheet(c.SHEET_LISTS, lang)], lists, lang)
    wb.active = 0
    wb.properties.title = lang.gettext("Kartleggingsskjema")
    wb.properties.creator = "iktplan"
    wb.properties.language = lang.code
    return wb


def _sheet(sheet: str, lang: Lang) -> str:
    return terms.sheet_name(sheet, lang.code)


def list_values(config: Config, lang: Lang | None = None) -> dict[str, tuple[str, ...]]:
    """The values of each ``Lister`` column, by its (contract) header, in column
    order; the fixed values as *lang* writes them (``None``: the workspace's language)."""
    code = (lang or config.lang).code

    def fixed(kind: str) -> tuple[str, ...]:
        return tuple(terms.value_label(kind, v, code) for v in c.KIND_VALUES[kind])

    values = {
        L_AREA: config.service_areas,
        L_GOAL: tuple(g.code for g in config.sub_goals),
        L_GOAL_TEXT: tuple(g.text for g in config.sub_goals),
        L_TYPE: fixed("type"),
        L_PRIORITY: fixed("priority"),
        L_LIFECYCLE: fixed("lifecycle"),
        L_RISK: fixed("risk"),
        L_CATEGORY: fixed("category"),
        L_PERIOD: tuple(f"{season} {year}" for year in config.years for season in fixed("season")),
        L_BENEFIT_KIND: fixed("benefit_kind"),
        L_UNIT: tuple(u.name for u in config.expected_units),
    }
    return {header: tuple(values[header]) for header in c.LIST_HEADERS}


def list_range(lists: dict[str, tuple[str, ...]], header: str, lang: Lang | None = None) -> str:
    """The absolute reference of a ``Lister`` column's values, e.g. ``Lister!$A$2:$A$7``."""
    col = get_column_letter(c.LIST_HEADERS.index(header) + 1)
    name = terms.sheet_name(c.SHEET_LISTS, lang.code if lang else None)
    return f"{quote_sheetname(name)}!${col}$2:${col}${len(lists[header]) + 1}"


def save_atomically(wb: Workbook, path: Path) -> None:
    """Save *wb* to *path* through :func:`pipeline.fileio.atomic_write_bytes` (temp file, fsync, rename)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())


# -- sheets -------------------------------------------------------------------------


def _guide(ws: Worksheet, config: Config, lang: Lang) -> None:
    ws.column_dimensions["A"].width = 100
    ws.sheet_view.showGridLines = False
    _text(ws["A1"], lang.gettext("Kartleggingsskjema for IKT-strategien – {municipality}",
                                 municipality=config.municipality))
    ws["A1"].font = Font(bold=True, size=16)
    ws.row_dimensions[1].height = 28
    row = 2
    for heading, text in guide_sections(config, lang):
        row += 1
        if heading:
            ws.cell(row, 1, heading).font = Font(bold=True, size=12)
            ws.row_dimensions[row].height = 20
            row += 1
        cell = _text(ws.cell(row, 1), text)
        cell.alignment = _WRAP
        # Excel does not grow rows for wrapped text when it opens a file, so estimate.
        lines = sum(max(1, math.ceil(len(part) / 95)) for part in text.split("\n"))
        ws.row_dimensions[row].height = 15 * lines + 3
    _print_setup(ws, landscape=False)
    _protect(ws)


def _unit_sheet(wb: Workbook, lists: dict[str, tuple[str, ...]], config: Config, lang: Lang) -> None:
    _ = lang.gettext
    ws = wb[_sheet(c.SHEET_UNIT, lang)]
    titles = ((_("Opplysning"), 18), (_("Fyll ut her"), 40), (_("Forklaring"), 70))
    for col, (title, width) in enumerate(titles, 1):
        ws.cell(1, col, title).font = _HEADER_FONT
        ws.cell(1, col).fill = _HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    prefilled = {"kommune": config.municipality, "skjemaversjon": c.FORM_VERSION, "skjemasprak": lang.code}
    for row, field in enumerate(c.UNIT_FIELDS, 2):
        label, help_text = terms.field_label(field.label, lang.code), _(field.help)
        ws.cell(row, 1, label).font = Font(bold=field.required)
        ws.cell(row, 3, help_text).alignment = _WRAP
        value = _text(ws.cell(row, 2), prefilled.get(field.name))
        value.alignment = Alignment(vertical="top")
        value.protection = _LOCKED if field.name in prefilled else _UNLOCKED
        value.fill = _PREFILLED_FILL if field.name in prefilled else _INPUT_FILL
        value.border = _BOX
        value.number_format = DATE_FORMAT if field.name == "dato" else TEXT_FORMAT
        ref = f"{quote_sheetname(ws.title)}!$B${row}"
        wb.defined_names[field.name] = DefinedName(field.name, attr_text=ref)
        if field.name not in prefilled:
            spec = Column(0, field.help, choices=L_AREA if field.name == "tjenesteomrade" else None)
            if field.name == "enhet" and lists[L_UNIT]:
                spec = _UNIT_CHOICE
            dv = _validation(label, _(spec.help), spec, lists, lang)
            ws.add_data_validation(dv)
            dv.add(value.coordinate)
    ws.freeze_panes = "A2"
    _print_setup(ws, landscape=False)
    _protect(ws)


def _table_sheet(ws: Worksheet, sheet: str, lists: dict[str, tuple[str, ...]], config: Config, lang: Lang) -> None:
    headers = c.TABLE_HEADERS[sheet]
    columns = COLUMNS[sheet]
    if tuple(columns) != headers:
        raise RuntimeError(f"COLUMNS[{sheet!r}] is out of step with the contract")
    barometer = sheet == c.SHEET_BAROMETER
    last = len(c.BAROMETER) + 1 if barometer else TABLE_ROWS + 1
    for col, (header, spec) in enumerate(columns.items(), 1):
        letter = get_column_letter(col)
        shown = terms.header(header, lang.code)
        cell = ws.cell(1, col, shown)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.protection = _LOCKED
        dim = ws.column_dimensions[letter]
        dim.width = spec.width
        dim.alignment = _WRAP
        dim.protection = _LOCKED if spec.locked else _UNLOCKED
        dim.number_format = spec.number_format
        if not spec.locked:
            help_text = _goal_help(config, lang) if header == M_GOAL else lang.gettext(spec.help)
            dv = _validation(shown, help_text, spec, lists, lang)
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last if barometer else INPUT_ROWS + 1}")
    if barometer:
        for row, (area, statement) in enumerate(c.BAROMETER, 2):
            for col, value in ((1, terms.area_label(area, lang.code)), (2, terms.statement_label(statement, lang.code))):
                cell = ws.cell(row, col, value)
                cell.alignment = _WRAP
                cell.protection = _LOCKED
            ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(statement) / 65)) + 3
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ref = f"A1:{get_column_letter(len(headers))}{last}"
    table = Table(displayName=TABLE_NAMES[sheet], ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    _print_setup(ws, landscape=True)
    # The barometer's rows are fixed statements: no inserting, deleting or sorting.
    _protect(ws, rows=not barometer)


def _lists_sheet(ws: Worksheet, lists: dict[str, tuple[str, ...]], lang: Lang) -> None:
    for col, header in enumerate(c.LIST_HEADERS, 1):
        shown = terms.list_header(header, lang.code)
        ws.cell(1, col, shown).font = Font(bold=True)
        for row, value in enumerate(lists[header], 2):
            _text(ws.cell(row, col), value)
        longest = max(len(str(v)) for v in (shown, *lists[header]))
        ws.column_dimensions[get_column_letter(col)].width = min(60, longest + 2)
    ws.sheet_state = "hidden"
    _protect(ws, rows=False)


# -- helpers ------------------------------------------------------------------------


def _validation(header: str, help_text: str, spec: Column, lists: dict[str, tuple[str, ...]],
                lang: Lang | None = None) -> DataValidation:
    """An input message for the column, plus a dropdown or number check if *spec* asks for one
    (its error messages in *lang*; ``None``: bokmål)."""
    lang = lang or Lang.source()
    _ = lang.gettext
    dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=header[:TITLE_LIMIT], prompt=help_text)
    if spec.choices:
        dv.type = "list"
        dv.formula1 = list_range(lists, spec.choices, lang)
        dv.errorTitle, dv.error = (_(text) for text in _LIST_ERROR)
        if spec.warn_only:
            dv.errorStyle = "warning"
            dv.error = _(spec.warning) if spec.warning else _(
                "Skriv årstid og år, f.eks. {example}. Vil du beholde verdien likevel?",
                example=lang.quote(lists[spec.choices][1]))
    elif spec.whole:
        low, high = spec.whole
        dv.type = "whole"
        dv.formula1 = str(low)
        dv.errorTitle = _("Ugyldig tall")
        if high is None:
            dv.operator = "greaterThanOrEqual"
            dv.error = _("Skriv et helt tall som er {low} eller større.", low=low)
        else:
            dv.operator, dv.formula2 = "between", str(high)
            dv.error = _("Skriv et helt tall fra {low} til {high}.", low=low, high=high)
    dv.showErrorMessage = dv.type is not None
    # Excel repairs (drops) validations whose texts exceed these limits.
    if len(dv.prompt or "") > PROMPT_LIMIT or len(dv.error or "") > ERROR_LIMIT:
        raise RuntimeError(f"input or error message for {header!r} is too long for Excel ({lang.code})")
    return dv


def _goal_help(config: Config, lang: Lang) -> str:
    """The Delmål input message: every code with as much of its text as fits in 255 characters."""
    intro = lang.gettext("Velg delmålet tiltaket støtter:")
    footer = "\n" + lang.gettext("Hele teksten står i arket {sheet}.", sheet=_sheet(c.SHEET_GUIDE, lang))
    for limit in range(max(len(g.text) for g in config.sub_goals), 9, -1):
        lines = [f"{g.code}: {_shorten(g.text, limit)}" for g in config.sub_goals]
        shortened = any(len(g.text) > limit for g in config.sub_goals)
        text = "\n".join([intro, *lines]) + (footer if shortened else "")
        if len(text) <= 255:
            return text
    return lang.gettext("{intro} {codes}. Se arket {sheet}.", intro=intro, codes=", ".join(g.code for g in config.sub_goals),
                        sheet=_sheet(c.SHEET_GUIDE, lang))[:255]


def _shorten(text: str, limit: int) -> str:
    """*text* cut at a word boundary to at most *limit* characters, ending in «…» if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


def _text(cell: Cell, value: str | None) -> Cell:
    """Write configuration text as text: a value like ``=…`` must never become a formula."""
    cell.value = value
    if value is not None:
        cell.data_type = "s"
    return cell


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    """Print on A4, as wide as one page, as many pages down as needed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.freeze_panes:
        ws.print_title_rows = "1:1"


def _protect(ws: Worksheet, rows: bool = True) -> None:
    """Protect *ws* without a password. In openpyxl, ``True`` means *forbidden*."""
    ws.protection = SheetProtection(
        sheet=True,
        formatCells=False,
        formatColumns=False,
        formatRows=False,
        insertRows=not rows,
        deleteRows=not rows,
        sort=not rows,
        autoFilter=False,
        insertColumns=True,
        deleteColumns=True,
        selectLockedCells=False,
        selectUnlockedCells=False,
    )
