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

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from openpyxl.utils import get_column_letter

from pipeline import contract as c
from pipeline.config import Config
from pipeline.core.model import BarometerAnswer, FormContent, Measure, Problem, Provenance, System
from pipeline.forms import merged, terms
from pipeline.forms.amounts import parse_cost, small_amount_remark
from pipeline.forms.issues import EMPTY, EXTERNAL_LINKS, FORMULA, NEW_FORM, WORKBOOK, Collector, Issue, ValidationResult
from pipeline.forms.reader import RawSheet, RawWorkbook
from pipeline.forms.unitsheet import check_version, merged_names, read_unit
from pipeline.forms.values import (Remarked, is_empty, name_value, parse_fixed, parse_period, parse_problem_refs,
                                   parse_sub_goal, parse_target_date, parse_whole, quote, quoted, text_key,
                                   text_value)
from pipeline.i18n import Msg, Words, nMsg, pMsg

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
    months = parse_whole(value, 1, words=("mnd", "md", "mndr", "måned", "måneder", "månad", "månader", "mdr"))
    if months <= LONG_MONTHS:
        return months
    return Remarked(months, Msg("{value} måneder er mer enn {years} år. Mente dere år, eller et årstall? Skriv hvor "
                                "mange måneder gjennomføringen tar, f.eks. 6. Stemmer tallet, trenger dere ikke gjøre "
                                "noe.", value=quoted(value), years=LONG_MONTHS // 12))


def _fixed(kind: str) -> Parser:
    """One of the contract's fixed values, written in any language."""
    return lambda value, _config: parse_fixed(value, kind)


@dataclass(frozen=True)
class Col:
    header: str
    attr: str  # the model field it fills
    parse: Parser = _text
    required: Msg | None = None  # hint when a required cell is empty; None: optional
    empty: Any = None  # the model value of an empty cell


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[Col, ...]
    model: type
    nothing: Msg  # the warning when the sheet has no items


def _nr(hint: Msg) -> Col:
    return Col("Nr", "nr", _whole(1), required=hint)


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
        _nr(Msg("Gi hvert problem et eget nummer, f.eks. 1, 2, 3.")),
        Col("Beskrivelse", "description", required=Msg("Beskriv problemet eller muligheten kort.")),
        Col("Type", "type", _fixed("type")),
        Col("Konsekvens", "consequence"),
        Col("Prioritet", "priority", _fixed("priority")),
    ), Problem, Msg("Enheten har ikke oppgitt noen problemer eller muligheter.")),
    Table(c.SHEET_SYSTEMS, (
        Col("System", "name", _name, required=Msg("Skriv navnet på systemet.")),
        Col("Leverandør", "supplier"),
        Col("Formål", "purpose"),
        Col("Brukere", "users", _whole(0, words=("brukere", "bruker", "stk", "ansatte", "personer", "brukarar",
                                                 "brukar", "tilsette", "brugere", "bruger", "medarbejdere"))),
        Col("Tilfredshet (1-5)", "satisfaction", _whole(1, 5)),
        Col("Livsløp", "lifecycle", _fixed("lifecycle")),
        Col("Kommentar", "comment"),
    ), System, Msg("Enheten har ikke oppgitt noen systemer.")),
    Table(c.SHEET_MEASURES, (
        _nr(Msg("Gi hvert tiltak et eget nummer, f.eks. 1, 2, 3.")),
        Col("Tiltak", "title", required=Msg("Skriv en kort tittel på tiltaket.")),
        Col("Beskrivelse", "description"),
        Col("Delmål", "sub_goal", lambda value, config: parse_sub_goal(value, config.sub_goals)),
        Col("Problem nr", "problem_nrs", lambda value, _config: parse_problem_refs(value), empty=()),
        _amount("Investering (kr)", "investment", None),
        _amount("Årlig drift (kr)", "operating_cost", None),
        _amount("Årlig gevinst (kr)", "benefit", 0),
        Col("Gevinstbeskrivelse", "benefit_description"),
        Col("Tidsrom", "period", lambda value, _config: parse_period(value)),
        Col("Varighet (mnd)", "duration_months", _months),
        Col("Ansvarlig gjennomføring", "responsible", required=Msg("Skriv hvem (navn eller rolle) som skal gjøre det.")),
        Col("Ansvarlig oppfølging", "follow_up"),
        Col("Risiko", "risk", _fixed("risk")),
        Col("Kategori", "category", _fixed("category")),
        Col("Avhengigheter", "dependencies"),
        Col("Gevinsttype", "benefit_kind", _fixed("benefit_kind")),
        Col("Gevinsteier", "benefit_owner", _name),
        Col("Indikator", "indicator"),
        Col("Nullpunkt", "indicator_baseline"),
        Col("Målverdi", "indicator_target"),
        Col("Måldato", "target_date", lambda value, _config: parse_target_date(value)),
    ), Measure, Msg("Enheten har ikke foreslått noen tiltak.")),
    Table(c.SHEET_BAROMETER, (
        Col("Område", "area"),
        Col("Påstand", "statement"),
        Col("Score (1-5)", "score", _whole(1, 5)),
        Col("Kommentar", "comment"),
    ), BarometerAnswer, Msg("Ingen av påstandene i IKT-barometeret er besvart.")),
)
for _t in TABLES:  # the specification and the contract can never drift apart
    assert tuple(col.header for col in _t.columns) == c.TABLE_HEADERS[_t.sheet], _t.sheet

Rows = list[tuple[int, dict[str, Any]]]  # (Excel row, model field → parsed value)


# --- validation ------------------------------------------------------------------


def validate(raw: RawWorkbook, config: Config) -> ValidationResult:
    """Check *raw* against every rule of the form contract and *config*. The
    form may be in any language the catalogues have (:func:`pipeline.forms.terms.detect`)."""
    form = terms.detect(raw.names, list(raw.sheets))
    raw = _canonical(raw, form)
    out = Collector(form=form)
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


def _canonical(raw: RawWorkbook, form: str, sheets: tuple[str, ...] = c.SHEETS) -> RawWorkbook:
    """*raw* with its sheets under the contract's names (of *sheets*: the mapping
    form's, or the follow-up form's): a sheet named exactly as the form's language
    names a contract sheet is that sheet. Other sheets keep their names (and are
    reported missing or ignored as before)."""
    names = {terms.sheet_name(s, form): s for s in sheets}
    if all(names.get(name, name) == name for name in raw.sheets):
        return raw

    def to(sheet: str) -> str:
        return names.get(sheet, sheet)

    return dataclasses.replace(
        raw,
        sheets={to(name): dataclasses.replace(sheet, name=to(name)) for name, sheet in raw.sheets.items()},
        name_cells={n: (to(sheet), ref) for n, (sheet, ref) in raw.name_cells.items()},
        formulas_without_value=(None if raw.formulas_without_value is None else
                                [(to(sheet), row, col) for sheet, row, col in raw.formulas_without_value]),
        merged={to(sheet): ranges for sheet, ranges in raw.merged.items()},
    )


def _structure(raw: RawWorkbook, out: Collector) -> bool:
    """Missing or renamed sheets. ``False`` when this is not the form at all."""
    form = out.form

    def name(sheet: str) -> Msg:
        return quote(terms.sheet_name(sheet, form))

    if not any(s in raw.sheets for s in c.SHEETS):
        out.error(WORKBOOK, None, None, None,
                  Msg("Dette er ikke kartleggingsskjemaet: arkene {sheets} finnes ikke. Bruk kartleggingsskjemaet "
                      "fra sekretariatet.", sheets=Words(tuple(name(s) for s in DATA_SHEETS))))
        return False
    missing = [s for s in DATA_SHEETS if s not in raw.sheets]
    if missing:
        found = {text_key(terms.sheet_name(s, form)): s for s in raw.sheets}
        parts = tuple(Msg("{sheet} (arket {found} må hete {sheet})", sheet=name(s), found=quote(found[key]))
                      if (key := text_key(terms.sheet_name(s, form))) in found else name(s) for s in missing)
        out.error(WORKBOOK, None, None, None,
                  nMsg("Skjemaet mangler arket {sheets}. Arkene må ha sine opprinnelige navn. {new_form}",
                       "Skjemaet mangler arkene {sheets}. Arkene må ha sine opprinnelige navn. {new_form}",
                       len(missing), sheets=Words(parts), new_form=NEW_FORM))
    for sheet in (c.SHEET_GUIDE, c.SHEET_LISTS):  # never read, so missing is only worth a remark
        if sheet not in raw.sheets:
            out.warn(WORKBOOK, None, None, None,
                     Msg("Arket {sheet} mangler. Skjemaet er lest likevel.", sheet=name(sheet)))
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
    headers = tuple(col.header for col in table.columns)  # the contract's, for the issues
    shown = tuple(terms.header(h, out.form) for h in headers)  # the form's, to compare with and to quote
    at = next((i for i, (number, cells) in enumerate(sheet.rows)
               if number <= 10 and cells and text_key(cells[0]) == text_key(shown[0])), None)
    if at is None:
        out.error(table.sheet, None, None, None,
                  Msg("Finner ikke overskriftsraden (den første kolonnen skal ha overskriften {header}). Radene i "
                      "arket er derfor ikke kontrollert. {new_form}", header=quote(shown[0]), new_form=NEW_FORM))
        return None
    header_row, cells = sheet.rows[at]
    found = [text_value(v) for v in cells] + [""] * len(headers)
    headers = _present(headers, found, c.OPTIONAL_TRAILING.get(table.sheet, 0))
    shown = shown[: len(headers)]
    wrong = [i for i, expected in enumerate(shown) if text_key(found[i]) != text_key(expected)]
    keys = [text_key(f) for f in found[: len(headers) + 3]]
    if any(text_key(shown[i]) in keys for i in wrong):  # a column inserted, deleted or moved
        out.error(table.sheet, header_row, None, None,
                  Msg("Kolonnene skal være {expected}, i den rekkefølgen, men er {found}. Kolonner er flyttet, satt "
                      "inn eller slettet, så radene i arket er ikke kontrollert. {new_form}",
                      expected=Words(tuple(quote(h) for h in shown)),
                      found=Words(tuple(quote(f) for f in found[: len(headers)])), new_form=NEW_FORM))
        return None
    for i in wrong:  # renamed: the rows can still be read by position
        if found[i]:
            message = Msg("Kolonne {letter} skal ha overskriften {header}, men har {found}. Overskriftene må ikke "
                          "endres.", letter=get_column_letter(i + 1), header=quote(shown[i]), found=quote(found[i]))
        else:
            message = Msg("Kolonne {letter} skal ha overskriften {header}, men har ingen overskrift. Overskriftene må "
                          "ikke endres.", letter=get_column_letter(i + 1), header=quote(shown[i]))
        out.error(table.sheet, header_row, headers[i], found[i] or None, message)
    for number, i in sorted(formulas):
        if number > header_row and i < len(headers):
            out.error(table.sheet, number, headers[i], None, FORMULA)
    filled, spreads = merged.spread(sheet.rows, merges, header_row, len(headers))
    for sp in spreads:
        out.warn(table.sheet, sp.row, headers[sp.column], sp.value,
                 Msg("Cellene {ref} er slått sammen, så verdien gjelder også {rows}, og den er lest slik. Skal radene "
                     "ha hver sin verdi, del opp cellene og skriv verdien i hver rad.", ref=sp.ref,
                     rows=_rows_text(sp.rows)))
    rows: Rows = []
    for number, cells in sheet.rows[at + 1:]:
        cells = cells[: len(headers)] + (None,) * (len(headers) - len(cells))
        if number in filled:
            cells = tuple(filled[number].get(i, v) for i, v in enumerate(cells))
        if all(is_empty(v) for v in cells):
            if not any((number, i) in formulas for i in range(len(headers))):
                out.warn(table.sheet, number, None, None,
                         Msg("Raden har bare innhold til høyre for tabellen. Det er ikke lest."))
            continue
        parsed = {col.attr: col.empty for col in table.columns}  # columns an older form has not: empty
        for i, (col, value) in enumerate(zip(table.columns, cells)):
            parsed[col.attr] = col.empty
            if is_empty(value):
                if col.required and (number, i) not in formulas:
                    out.error(table.sheet, number, col.header, None,
                              Msg("{empty} {hint}", empty=EMPTY, hint=col.required))
                continue
            try:
                parsed[col.attr] = out.remarked(col.parse(value, config), table.sheet, number, col.header, value)
            except ValueError as exc:
                out.error(table.sheet, number, col.header, value, exc.args[0] if exc.args else str(exc))
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
                      Msg("Nummeret {nr} er også brukt på rad {row}. Hvert nummer kan bare brukes én gang.",
                          nr=nr, row=seen[nr]))
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
    form = out.form

    def col(header: str) -> Msg:
        return quote(terms.header(header, form))

    unknown = [n for n in m["problem_nrs"] if known is not None and n not in known]
    if unknown:
        out.error(sheet, number, "Problem nr", ", ".join(str(n) for n in unknown),
                  nMsg("Problem nr {nrs} finnes ikke i arket {sheet}. Skriv numre som står der, eller la feltet stå "
                       "tomt.", "Problem nr {nrs} finnes ikke i arket {sheet}. Skriv numre som står der, eller la "
                       "feltet stå tomt.", len(unknown), nrs=Words(tuple(str(n) for n in unknown)),
                       sheet=quote(terms.sheet_name(c.SHEET_PROBLEMS, form))))
    period = m["period"]
    if period is not None and not config.period_from <= period.year <= config.period_to:
        shown_period = Msg("{season} {year}", season=pMsg("season", period.season), year=period.year)
        out.warn(sheet, number, "Tidsrom", period.label,
                 Msg("{period} er utenfor strategiperioden {start}–{end}. Sjekk årstallet.",
                     period=quote(shown_period), start=config.period_from, end=config.period_to))
    unknown = [header for header, attr in (("Investering (kr)", "investment"), ("Årlig drift (kr)", "operating_cost"))
               if m[attr] is None]
    if unknown:
        out.warn(sheet, number, unknown[0], None,
                 nMsg("{columns} har ikke noe beløp, så tiltaket vises som «kostnad utredes» og får ingen "
                      "økonomipoeng før beløpet er kjent. Skriv 0 hvis det ikke koster noe, eller beløpet når dere "
                      "vet det.",
                      "{columns} har ikke noe beløp, så tiltaket vises som «kostnad utredes» og får ingen "
                      "økonomipoeng før beløpet er kjent. Skriv 0 hvis det ikke koster noe, eller beløpet når dere "
                      "vet det.", len(unknown), columns=Words(tuple(col(h) for h in unknown))))
    if (m["investment"] or m["operating_cost"]) and not m["benefit"] and not m["benefit_description"]:
        out.warn(sheet, number, "Årlig gevinst (kr)", None,
                 Msg("Tiltaket har kostnader, men ingen gevinst. Fyll ut {benefit} eller {description}, så kan "
                     "tiltaket vurderes riktig.", benefit=col("Årlig gevinst (kr)"),
                     description=col("Gevinstbeskrivelse")))
    if m["benefit"] and m["benefit_kind"] is None:
        out.warn(sheet, number, "Gevinsttype", None,
                 Msg("Det står ikke hva slags gevinst {benefit} er, så den regnes ikke som penger i budsjettet. "
                     "Velg {kinds} i {kind}.", benefit=col("Årlig gevinst (kr)"),
                     kinds=Words(tuple(quote(terms.value_label("benefit_kind", k, form)) for k in c.BENEFIT_KINDS),
                                 last="or"),
                     kind=col("Gevinsttype")))
    if not m["follow_up"]:
        out.warn(sheet, number, "Ansvarlig oppfølging", None,
                 Msg("Ingen er satt til å følge opp at gevinstene tas ut. Skriv navn eller rolle."))
    if m["indicator"] and not m["indicator_target"]:
        out.warn(sheet, number, "Målverdi", None,
                 Msg("Tiltaket har en indikator, men ingen målverdi. Skriv hvilken verdi dere sikter mot, så kan "
                     "gevinsten følges opp."))
    elif not m["indicator"] and (m["indicator_baseline"] or m["indicator_target"]):
        out.warn(sheet, number, "Indikator", None,
                 Msg("Nullpunkt eller målverdi er fylt ut, men ikke hva som måles. Skriv det i {indicator}.",
                     indicator=col("Indikator")))


def _barometer(rows: Rows, out: Collector) -> list[BarometerAnswer]:
    """Answers to the statements, in any language (stored as the contract's text).
    Edited statements are read as written (with a warning); an empty area is
    taken from the statement set."""
    sheet, form = c.SHEET_BAROMETER, out.form
    answers, seen = [], {}
    for number, a in rows:
        if not a["statement"]:
            if a["score"] is not None or a["comment"]:
                out.error(sheet, number, "Påstand", None,
                          Msg("Raden har svar, men ingen påstand. Svar bare på påstandene som står i skjemaet."))
            continue
        known = terms.canonical_statement(a["statement"])
        area, statement = known or (a["area"], a["statement"])
        key = statement if known else text_key(a["statement"])
        if known is None:
            out.warn(sheet, number, "Påstand", a["statement"],
                     Msg("Påstanden er ikke en av skjemaets påstander (den er kanskje endret). Svaret er lest som det "
                         "står."))
        elif a["area"] and terms.canonical_area(a["area"]) != area:
            out.warn(sheet, number, "Område", a["area"],
                     Msg("Området er endret (skal være {area}). Svaret er lest som det står.",
                         area=quote(terms.area_label(area, form))))
            area = a["area"]
        if not area:
            out.error(sheet, number, "Område", None,
                      Msg("{empty} Skriv hvilket område påstanden hører til.", empty=EMPTY))
            continue
        if key in seen:
            out.error(sheet, number, "Påstand", a["statement"],
                      Msg("Påstanden står også på rad {row}. Svar på hver påstand bare én gang.", row=seen[key]))
        seen.setdefault(key, number)
        answers.append(BarometerAnswer(area, statement, a["score"], a["comment"], Provenance(sheet, number)))
    missing = [statement for _, statement in c.BAROMETER if statement not in seen]
    if missing:
        out.warn(sheet, None, None, None,
                 Msg("{missing} av skjemaets {total} påstander mangler, f.eks. {example}. Er radene slettet ved en "
                     "feil, hent et nytt skjema hos sekretariatet.", missing=len(missing), total=len(c.BAROMETER),
                     example=quote(terms.statement_label(missing[0], form))))
    return answers


def _rows_text(rows: tuple[int, ...]) -> Msg:
    """``(3, 4, 5)`` → ``rad 3–5``; ``(3, 5)`` → ``rad 3 og 5``."""
    if len(rows) > 2 and rows[-1] - rows[0] == len(rows) - 1:
        return Msg("rad {first}–{last}", first=rows[0], last=rows[-1])
    return Msg("rad {rows}", rows=Words(tuple(str(r) for r in rows)))
