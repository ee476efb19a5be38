"""Validation: :class:`~pipeline.forms.reader.RawWorkbook` → form content + every problem.

Pure: no I/O. Collects *all* errors, not only the first, each naming the sheet,
the row as Excel shows it, the column header and the value. Errors stop the form
from being merged; warnings are accepted and told to the unit in the receipt.

The table rules are data (:data:`TABLES`): one :class:`Col` per contract header
says how a cell is parsed, whether it is required and which model field it fills.
A parser that understood a cell, but not as written (a code Excel made a date
of, a very small amount), returns it :class:`~pipeline.forms.values.Remarked`,
and the remark becomes a warning for that cell. Merged cells are read as the
unit sees them (:mod:`pipeline.forms.merged`); the ``Enhet`` sheet is
:mod:`pipeline.forms.unitsheet`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from openpyxl.utils import get_column_letter

from pipeline import contract as c
from pipeline.config import Config
from pipeline.core.model import BarometerAnswer, FormContent, Measure, Problem, Provenance, System
from pipeline.forms import merged
from pipeline.forms.amounts import parse_cost, small_amount_remark
from pipeline.forms.issues import EMPTY, EXTERNAL_LINKS, FORMULA, NEW_FORM, WORKBOOK, Collector, Issue, ValidationResult
from pipeline.forms.reader import RawSheet, RawWorkbook
from pipeline.forms.unitsheet import check_version, merged_names, read_unit
from pipeline.forms.values import (Remarked, is_empty, join_words, name_value, parse_choice, parse_period,
                                   parse_problem_refs, parse_sub_goal, parse_target_date, parse_whole, quoted,
                                   text_key, text_value)

__all__ = ["Issue", "ValidationResult", "validate", "TABLES"]

DATA_SHEETS = (c.SHEET_UNIT, c.SHEET_PROBLEMS, c.SHEET_SYSTEMS, c.SHEET_MEASURES, c.SHEET_BAROMETER)


# --- column specifications -----------------------------------------------------

Parser = Callable[[Any, Config], Any]


def _text(value: Any, _config: Config) -> str:
    return text_value(value)


def _name(value: Any, _config: Config) -> str:
    return name_value(value)


def _whole(minimum: int | None = None, maximum: int | None = None, words: tuple[str, ...] = ()) -> Parser:
    return lambda value, _config: parse_whole(value, minimum, maximum, words=words)


#: The longest duration read without a remark: longer than the whole strategy
#: period twice over is more likely years, or a year, typed as months.
LONG_MONTHS = 120


def _months(value: Any, _config: Config) -> int | Remarked:
    months = parse_whole(value, 1, words=("mnd", "md", "mndr", "måned", "måneder"))
    if months <= LONG_MONTHS:
        return months
    return Remarked(months, f"{quoted(value)} måneder er mer enn {LONG_MONTHS // 12} år. Mente dere år, eller et "
                            "årstall? Skriv hvor mange måneder gjennomføringen tar, f.eks. 6. Stemmer tallet, trenger "
                            "dere ikke gjøre noe.")


def _choice(options: tuple[str, ...]) -> Parser:
    return lambda value, _config: parse_choice(value, options)


@dataclass(frozen=True)
class Col:
    header: str
    attr: str  # the model field it fills
    parse: Parser = _text
    required: str | None = None  # hint when a required cell is empty; None: optional
    empty: Any = None  # the model value of an empty cell


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[Col, ...]
    model: type
    nothing: str  # the warning when the sheet has no items


def _nr(noun: str) -> Col:
    return Col("Nr", "nr", _whole(1), required=f"Gi hvert {noun} et eget nummer, f.eks. 1, 2, 3.")


def _amount(header: str, attr: str, empty: int | None) -> Col:
    """An amount; *empty* is what an empty cell means: ``None`` («ikke
    beregnet», for the costs) or 0 (the benefit: «Årlig gevinst» holds what can
    be counted in money, «Gevinstbeskrivelse» the rest)."""
    return Col(header, attr, _kroner, empty=empty)


def _kroner(value: Any, _config: Config) -> int | Remarked | None:
    amount = parse_cost(value)
    if amount is None:
        return None  # «utredes» and the like: the amount is not computed yet
    remark = small_amount_remark(value, amount)
    return Remarked(amount, remark) if remark else amount


TABLES = (
    Table(c.SHEET_PROBLEMS, (
        _nr("problem"),
        Col("Beskrivelse", "description", required="Beskriv problemet eller muligheten kort."),
        Col("Type", "type", _choice(c.TYPES)),
        Col("Konsekvens", "consequence"),
        Col("Prioritet", "priority", _choice(c.PRIORITIES)),
    ), Problem, "Enheten har ikke oppgitt noen problemer eller muligheter."),
    Table(c.SHEET_SYSTEMS, (
        Col("System", "name", _name, required="Skriv navnet på systemet."),
        Col("Leverandør", "supplier"),
        Col("Formål", "purpose"),
        Col("Brukere", "users", _whole(0, words=("brukere", "bruker", "stk", "ansatte", "personer"))),
        Col("Tilfredshet (1-5)", "satisfaction", _whole(1, 5)),
        Col("Livsløp", "lifecycle", _choice(c.LIFECYCLES)),
        Col("Kommentar", "comment"),
    ), System, "Enheten har ikke oppgitt noen systemer."),
    Table(c.SHEET_MEASURES, (
        _nr("tiltak"),
        Col("Tiltak", "title", required="Skriv en kort tittel på tiltaket."),
        Col("Beskrivelse", "description"),
        Col("Delmål", "sub_goal", lambda value, config: parse_sub_goal(value, config.sub_goals)),
        Col("Problem nr", "problem_nrs", lambda value, _config: parse_problem_refs(value), empty=()),
        _amount("Investering (kr)", "investment", None),
        _amount("Årlig drift (kr)", "operating_cost", None),
        _amount("Årlig gevinst (kr)", "benefit", 0),
        Col("Gevinstbeskrivelse", "benefit_description"),
        Col("Tidsrom", "period", lambda value, _config: parse_period(value)),
        Col("Varighet (mnd)", "duration_months", _months),
        Col("Ansvarlig gjennomføring", "responsible", required="Skriv hvem (navn eller rolle) som skal gjøre det."),
        Col("Ansvarlig oppfølging", "follow_up"),
        Col("Risiko", "risk", _choice(c.RISKS)),
        Col("Kategori", "category", _choice(c.CATEGORIES)),
        Col("Avhengigheter", "dependencies"),
        Col("Gevinsttype", "benefit_kind", _choice(c.BENEFIT_KINDS)),
        Col("Gevinsteier", "benefit_owner", _name),
        Col("Indikator", "indicator"),
        Col("Nullpunkt", "indicator_baseline"),
        Col("Målverdi", "indicator_target"),
        Col("Måldato", "target_date", lambda value, _config: parse_target_date(value)),
    ), Measure, "Enheten har ikke foreslått noen tiltak."),
    Table(c.SHEET_BAROMETER, (
        Col("Område", "area"),
        Col("Påstand", "statement"),
        Col("Score (1-5)", "score", _whole(1, 5)),
        Col("Kommentar", "comment"),
    ), BarometerAnswer, "Ingen av påstandene i IKT-barometeret er besvart."),
)
for _t in TABLES:  # the specification and the contract can never drift apart
    assert tuple(col.header for col in _t.columns) == c.TABLE_HEADERS[_t.sheet], _t.sheet

Rows = list[tuple[int, dict[str, Any]]]  # (Excel row, model field → parsed value)


# --- validation ------------------------------------------------------------------


def validate(raw: RawWorkbook, config: Config) -> ValidationResult:
    """Check *raw* against every rule of the form contract and *config*."""
    out = Collector()
    name = raw.names.get("enhet")
    unit_name = name_value(name) if not is_empty(name) else None
    if not _structure(raw, out) or not check_version(raw, out):
        return out.result(None, unit_name)
    if raw.external_links:
        out.warn(WORKBOOK, None, None, None, EXTERNAL_LINKS)
    formulas = _formulas(raw)
    unit = read_unit(merged_names(raw, out), config, out, formulas)
    items: dict[str, list[Any]] = {}  # by sheet; a sheet that could not be read is absent
    for table in TABLES:
        sheet = raw.sheets.get(table.sheet)
        rows = (_table_rows(sheet, table, config, out, formulas.get(table.sheet, set()), raw.merged.get(table.sheet, ()))
                if sheet is not None else None)
        if rows is None:  # already reported
            continue
        barometer = table.model is BarometerAnswer
        found = items[table.sheet] = (
            _barometer(rows, out) if barometer else _items(table, rows, items.get(c.SHEET_PROBLEMS), config, out)
        )
        if not found or (barometer and all(a.score is None for a in found)):
            out.warn(table.sheet, None, None, None, table.nothing)
    content = None
    if not out.errors and unit is not None:
        content = FormContent(unit, *(tuple(items.get(t.sheet, ())) for t in TABLES))
    return out.result(content, unit_name)


def _structure(raw: RawWorkbook, out: Collector) -> bool:
    """Missing or renamed sheets. ``False`` when this is not the form at all."""
    if not any(s in raw.sheets for s in c.SHEETS):
        out.error(WORKBOOK, None, None, None,
                  f"Dette er ikke kartleggingsskjemaet: arkene {join_words([f'«{s}»' for s in DATA_SHEETS])} "
                  "finnes ikke. Bruk kartleggingsskjemaet fra sekretariatet.")
        return False
    missing = [s for s in DATA_SHEETS if s not in raw.sheets]
    if missing:
        found = {text_key(s): s for s in raw.sheets}
        parts = [f"«{s}»" + (f" (arket «{found[text_key(s)]}» må hete «{s}»)" if text_key(s) in found else "")
                 for s in missing]
        out.error(WORKBOOK, None, None, None,
                  f"Skjemaet mangler {'arket' if len(missing) == 1 else 'arkene'} {join_words(parts)}. "
                  f"Arkene må ha sine opprinnelige navn. {NEW_FORM}")
    for sheet in (c.SHEET_GUIDE, c.SHEET_LISTS):  # never read, so missing is only worth a remark
        if sheet not in raw.sheets:
            out.warn(WORKBOOK, None, None, None, f"Arket «{sheet}» mangler. Skjemaet er lest likevel.")
    return True


def _formulas(raw: RawWorkbook) -> dict[str, set[tuple[int, int]]]:
    """Formula cells without a stored value: sheet → {(row, column index from 0)}."""
    found: dict[str, set[tuple[int, int]]] = {}
    for sheet, row, column in raw.formulas_without_value or ():
        found.setdefault(sheet, set()).add((row, column))
    return found


def _table_rows(sheet: RawSheet, table: Table, config: Config, out: Collector,
                formulas: set[tuple[int, int]], merges: tuple[merged.Range, ...] = ()) -> Rows | None:
    """Every item row, parsed; ``None`` if the header row is missing or columns
    were moved, so no row can be read safely. A formula cell without a stored
    value is an error of its own (never «empty»), even in a row that is
    otherwise empty. Merged cells are read as the unit sees them (:mod:`pipeline.forms.merged`)."""
    headers = tuple(col.header for col in table.columns)
    at = next((i for i, (number, cells) in enumerate(sheet.rows)
               if number <= 10 and cells and text_key(cells[0]) == text_key(headers[0])), None)
    if at is None:
        out.error(table.sheet, None, None, None,
                  f"Finner ikke overskriftsraden (den første kolonnen skal ha overskriften «{headers[0]}»). "
                  f"Radene i arket er derfor ikke kontrollert. {NEW_FORM}")
        return None
    header_row, cells = sheet.rows[at]
    found = [text_value(v) for v in cells] + [""] * len(headers)
    headers = _present(headers, found, c.OPTIONAL_TRAILING.get(table.sheet, 0))
    wrong = [i for i, expected in enumerate(headers) if text_key(found[i]) != text_key(expected)]
    keys = [text_key(f) for f in found[: len(headers) + 3]]
    if any(text_key(headers[i]) in keys for i in wrong):  # a column inserted, deleted or moved
        out.error(table.sheet, header_row, None, None,
                  f"Kolonnene skal være {join_words([f'«{h}»' for h in headers])}, i den rekkefølgen, men er "
                  f"{join_words([f'«{f}»' for f in found[: len(headers)]])}. Kolonner er flyttet, satt inn eller "
                  f"slettet, så radene i arket er ikke kontrollert. {NEW_FORM}")
        return None
    for i in wrong:  # renamed: the rows can still be read by position
        out.error(table.sheet, header_row, headers[i], found[i] or None,
                  f"Kolonne {get_column_letter(i + 1)} skal ha overskriften «{headers[i]}», men har "
                  + (f"«{found[i]}»." if found[i] else "ingen overskrift.") + " Overskriftene må ikke endres.")
    for number, i in sorted(formulas):
        if number > header_row and i < len(headers):
            out.error(table.sheet, number, headers[i], None, FORMULA)
    filled, spreads = merged.spread(sheet.rows, merges, header_row, len(headers))
    for sp in spreads:
        out.warn(table.sheet, sp.row, headers[sp.column], sp.value,
                 f"Cellene {sp.ref} er slått sammen, så verdien gjelder også {_rows_text(sp.rows)}, og den er lest "
                 "slik. Skal radene ha hver sin verdi, del opp cellene og skriv verdien i hver rad.")
    rows: Rows = []
    for number, cells in sheet.rows[at + 1:]:
        cells = cells[: len(headers)] + (None,) * (len(headers) - len(cells))
        if number in filled:
            cells = tuple(filled[number].get(i, v) for i, v in enumerate(cells))
        if all(is_empty(v) for v in cells):
            if not any((number, i) in formulas for i in range(len(headers))):
                out.warn(table.sheet, number, None, None,
                         "Raden har bare innhold til høyre for tabellen. Det er ikke lest.")
            continue
        parsed = {col.attr: col.empty for col in table.columns}  # columns an older form has not: empty
        for i, (col, value) in enumerate(zip(table.columns, cells)):
            parsed[col.attr] = col.empty
            if is_empty(value):
                if col.required and (number, i) not in formulas:
                    out.error(table.sheet, number, col.header, None, f"{EMPTY} {col.required}")
                continue
            try:
                parsed[col.attr] = out.remarked(col.parse(value, config), table.sheet, number, col.header, value)
            except ValueError as exc:
                out.error(table.sheet, number, col.header, value, str(exc))
        rows.append((number, parsed))
    return rows


def _present(headers: tuple[str, ...], found: list[str], optional: int) -> tuple[str, ...]:
    """The headers this form's header row must have: all of *headers* but those of the
    last *optional* ones after the last one the row has (an older form ends before
    them, and they read as empty). One of them in another column is still a moved column."""
    required = len(headers) - optional
    present = required
    for i in range(required, len(headers)):
        if found[i]:
            present = i + 1
    return headers[:present]


def _items(table: Table, rows: Rows, problems: list[Problem] | None, config: Config, out: Collector) -> list[Any]:
    """Problems, systems or measures, with the rules that span cells and sheets."""
    result, seen = [], {}
    for number, cells in rows:
        nr = cells.get("nr")
        if nr in seen:
            out.error(table.sheet, number, "Nr", nr,
                      f"Nummeret {nr} er også brukt på rad {seen[nr]}. Hvert nummer kan bare brukes én gang.")
        elif nr is not None:
            seen[nr] = number
        if table.model is Measure:
            _measure_rules(number, cells, problems, config, out)
        result.append(table.model(**cells, prov=Provenance(table.sheet, number)))
    return result


def _measure_rules(number: int, m: dict[str, Any], problems: list[Problem] | None, config: Config,
                   out: Collector) -> None:
    sheet = c.SHEET_MEASURES
    known = {p.nr for p in problems} if problems is not None else None  # None: that sheet is unreadable
    unknown = [str(n) for n in m["problem_nrs"] if known is not None and n not in known]
    if unknown:
        out.error(sheet, number, "Problem nr", ", ".join(unknown),
                  f"Problem nr {join_words(unknown)} finnes ikke i arket «{c.SHEET_PROBLEMS}». "
                  "Skriv numre som står der, eller la feltet stå tomt.")
    period = m["period"]
    if period is not None and not config.period_from <= period.year <= config.period_to:
        out.warn(sheet, number, "Tidsrom", period.label,
                 f"«{period.label}» er utenfor strategiperioden {config.period_from}–{config.period_to}. "
                 "Sjekk årstallet.")
    unknown = [header for header, attr in (("Investering (kr)", "investment"), ("Årlig drift (kr)", "operating_cost"))
               if m[attr] is None]
    if unknown:
        out.warn(sheet, number, unknown[0], None,
                 f"{join_words([f'«{h}»' for h in unknown])} har ikke noe beløp, så tiltaket vises som "
                 "«kostnad utredes» og får ingen økonomipoeng før beløpet er kjent. Skriv 0 hvis det ikke koster "
                 "noe, eller beløpet når dere vet det.")
    if (m["investment"] or m["operating_cost"]) and not m["benefit"] and not m["benefit_description"]:
        out.warn(sheet, number, "Årlig gevinst (kr)", None,
                 "Tiltaket har kostnader, men ingen gevinst. Fyll ut «Årlig gevinst (kr)» eller "
                 "«Gevinstbeskrivelse», så kan tiltaket vurderes riktig.")
    if m["benefit"] and m["benefit_kind"] is None:
        out.warn(sheet, number, "Gevinsttype", None,
                 "Det står ikke hva slags gevinst «Årlig gevinst (kr)» er, så den regnes ikke som penger i "
                 f"budsjettet. Velg {join_words([f'«{k}»' for k in c.BENEFIT_KINDS], 'eller')} i «Gevinsttype».")
    if not m["follow_up"]:
        out.warn(sheet, number, "Ansvarlig oppfølging", None,
                 "Ingen er satt til å følge opp at gevinstene tas ut. Skriv navn eller rolle.")
    if m["indicator"] and not m["indicator_target"]:
        out.warn(sheet, number, "Målverdi", None,
                 "Tiltaket har en indikator, men ingen målverdi. Skriv hvilken verdi dere sikter mot, så kan "
                 "gevinsten følges opp.")
    elif not m["indicator"] and (m["indicator_baseline"] or m["indicator_target"]):
        out.warn(sheet, number, "Indikator", None,
                 "Nullpunkt eller målverdi er fylt ut, men ikke hva som måles. Skriv det i «Indikator».")


def _barometer(rows: Rows, out: Collector) -> list[BarometerAnswer]:
    """Answers to the statements. Edited statements are read as written (with a
    warning); an empty area is taken from the statement set."""
    sheet = c.SHEET_BAROMETER
    known = {text_key(statement): (area, statement) for area, statement in c.BAROMETER}
    answers, seen = [], {}
    for number, a in rows:
        if not a["statement"]:
            if a["score"] is not None or a["comment"]:
                out.error(sheet, number, "Påstand", None,
                          "Raden har svar, men ingen påstand. Svar bare på påstandene som står i skjemaet.")
            continue
        key = text_key(a["statement"])
        area, statement = known.get(key, (a["area"], a["statement"]))
        if key not in known:
            out.warn(sheet, number, "Påstand", a["statement"],
                     "Påstanden er ikke en av skjemaets påstander (den er kanskje endret). "
                     "Svaret er lest som det står.")
        elif a["area"] and text_key(a["area"]) != text_key(area):
            out.warn(sheet, number, "Område", a["area"],
                     f"Området er endret (skal være «{area}»). Svaret er lest som det står.")
            area = a["area"]
        if not area:
            out.error(sheet, number, "Område", None, f"{EMPTY} Skriv hvilket område påstanden hører til.")
            continue
        if key in seen:
            out.error(sheet, number, "Påstand", statement,
                      f"Påstanden står også på rad {seen[key]}. Svar på hver påstand bare én gang.")
        seen.setdefault(key, number)
        answers.append(BarometerAnswer(area, statement, a["score"], a["comment"], Provenance(sheet, number)))
    missing = [statement for key, (_, statement) in known.items() if key not in seen]
    if missing:
        out.warn(sheet, None, None, None,
                 f"{len(missing)} av skjemaets {len(known)} påstander mangler, f.eks. «{missing[0]}». "
                 "Er radene slettet ved en feil, hent et nytt skjema hos sekretariatet.")
    return answers


def _rows_text(rows: tuple[int, ...]) -> str:
    """``(3, 4, 5)`` → ``rad 3–5``; ``(3, 5)`` → ``rad 3 og 5``."""
    if len(rows) > 2 and rows[-1] - rows[0] == len(rows) - 1:
        return f"rad {rows[0]}–{rows[-1]}"
    return "rad " + join_words([str(r) for r in rows])


