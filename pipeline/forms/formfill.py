"""Fill in the project's blank form the way a unit does: open it, type values, save.

Used by tests, the demo and the benchmarks, so the forms they read are the real
form, with its defined names, tables, validations and styles. Values are written
exactly as given: a ``str`` stays text (``"150 000 kr"``), an ``int`` stays a number,
a ``date`` becomes an Excel date. As in Excel, a string starting with ``=`` becomes a
formula; wrap it in :class:`Text` to store it as text (what a unit gets by typing an
apostrophe first).

Cells are found through the defined names (``Enhet``) and the header texts of each
table sheet, never through fixed coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import contract as c
from pipeline.forms import terms
from pipeline.forms.blankform import save_atomically
from pipeline.i18n import available

#: Key in a row dict that places the row on a given Excel row number.
ROW_KEY = "_row"


class Text(str):
    """A value stored as text even if it looks like a formula or an error (``=SUM(A1)``, ``#N/A``)."""


def fill_form(
    blank: Path,
    out: Path,
    *,
    unit: Mapping[str, Any],
    problems: Iterable[Mapping[str, Any]] = (),
    systems: Iterable[Mapping[str, Any]] = (),
    measures: Iterable[Mapping[str, Any]] = (),
    barometer: Mapping[int, Any] | Sequence[Any] | None = None,
    start_row: int = 2,
) -> Path:
    """Copy *blank* to *out* (atomically) with the given content typed in; return *out*.

    *unit* is keyed by defined name (``enhet``, ``tjenesteomrade``, …; ``kommune`` and
    ``skjemaversjon`` override the pre-filled values; ``None`` empties a cell). Table
    rows are keyed by the contract's header texts (bokmål, whatever language the form
    is in: the columns are found through the form's own headers) and go to consecutive rows from
    *start_row*; a row with ``"_row": N`` goes to Excel row N and the following rows
    continue after it. *barometer* maps a 0-based statement index (or a list in
    statement order) to a score or a ``(score, comment)`` tuple; ``None`` answers
    nothing. Unknown names, headers or statement indexes raise ``KeyError``.
    """
    wb = openpyxl.load_workbook(blank)
    for name, value in unit.items():
        _put(_named_cell(wb, name), value)
    sheets = {terms.canonical_sheet(ws.title): ws for ws in wb.worksheets}
    for sheet, rows in ((c.SHEET_PROBLEMS, problems), (c.SHEET_SYSTEMS, systems), (c.SHEET_MEASURES, measures)):
        _fill_table(sheets[sheet], rows, start_row)
    if barometer is not None:
        _fill_barometer(sheets[c.SHEET_BAROMETER], barometer)
    out = Path(out)
    save_atomically(wb, out)
    return out


def header_columns(ws: Worksheet) -> tuple[int, dict[str, int]]:
    """(header row, contract header text → column number) for a contract table
    sheet, in whatever language the form is written. A form made before the sheet's
    optional last columns (``contract.OPTIONAL_TRAILING``) has only the others."""
    sheet = terms.canonical_sheet(ws.title)
    if sheet not in c.TABLE_HEADERS:
        raise KeyError(f"{ws.title!r} is not a table sheet of the form")
    for code in available():
        expected = dict(zip(c.TABLE_HEADERS[sheet], terms.headers(sheet, code)))
        required = list(expected.values())[: len(expected) - c.OPTIONAL_TRAILING.get(sheet, 0)]
        for row in ws.iter_rows(min_row=1, max_row=10):
            found = {cell.value: cell.column for cell in row if isinstance(cell.value, str)}
            if all(shown in found for shown in required):
                return row[0].row, {header: found[shown] for header, shown in expected.items() if shown in found}
    raise KeyError(f"no header row of the contract on sheet {ws.title!r}")


def _named_cell(wb: openpyxl.Workbook, name: str) -> Cell:
    if name not in wb.defined_names:
        raise KeyError(f"the form has no defined name {name!r}")
    sheet, ref = next(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


def _fill_table(ws: Worksheet, rows: Iterable[Mapping[str, Any]], start_row: int) -> None:
    _, columns = header_columns(ws)
    row_number = start_row
    for item in rows:
        unknown = set(item) - set(columns) - {ROW_KEY}
        if unknown:
            raise KeyError(f"unknown header(s) {sorted(unknown)!r} on sheet {ws.title!r}; use {list(columns)!r}")
        row_number = item.get(ROW_KEY, row_number)
        for header, value in item.items():
            if header != ROW_KEY:
                _put(ws.cell(row_number, columns[header]), value)
        row_number += 1


def _fill_barometer(ws: Worksheet, answers: Mapping[int, Any] | Sequence[Any]) -> None:
    header_row, columns = header_columns(ws)
    _, statement_header, score_header, comment_header = c.BAROMETER_HEADERS
    rows = {}
    for r in range(header_row + 1, ws.max_row + 1):
        found = terms.canonical_statement(str(ws.cell(r, columns[statement_header]).value or ""))
        rows[found[1] if found else ws.cell(r, columns[statement_header]).value] = r
    items = answers.items() if isinstance(answers, Mapping) else enumerate(answers)
    for index, answer in items:
        if not 0 <= index < len(c.BAROMETER):
            raise KeyError(f"barometer statement index {index} is outside 0..{len(c.BAROMETER) - 1}")
        row = rows[c.BAROMETER[index][1]]
        score, comment = answer if isinstance(answer, tuple) else (answer, None)
        _put(ws.cell(row, columns[score_header]), score)
        if comment is not None:
            _put(ws.cell(row, columns[comment_header]), comment)


def _put(cell: Cell, value: Any) -> None:
    if not cell.has_style:
        # Excel gives a newly typed cell its column's style (unlocked, wrapped, number format).
        dim = _column_dimension(cell.parent, cell.column)
        if dim is not None and dim.has_style:
            cell._style = copy(dim._style)
    cell.value = value
    if isinstance(value, Text):
        # openpyxl turns "=…" into a formula and "#N/A" into an error; Excel keeps text typed after «'».
        cell.data_type = "s"
        cell.quotePrefix = True


def _column_dimension(ws: Worksheet, column: int) -> ColumnDimension | None:
    # openpyxl merges equal neighbouring columns into one dimension (min..max) when loading.
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.max is not None and dim.min <= column <= dim.max:
            return dim
    return None


def example_unit() -> dict[str, Any]:
    """A small, complete and valid form for «Fjordvik barneskole», as ``fill_form`` keyword arguments.

    Fits the default configuration (service area «Oppvekst og utdanning», sub-goals
    D1–D6, period 2027–2030). A new dict every call, so callers may change it.
    """
    return {
        "unit": {
            "enhet": "Fjordvik barneskole",
            "tjenesteomrade": "Oppvekst og utdanning",
            "kontaktperson": "Ingrid Berg",
            "epost": "ingrid.berg@fjordvik.kommune.no",
            "dato": date(2026, 11, 20),
        },
        "problems": [
            {
                "Nr": 1,
                "Beskrivelse": "Foreldre må bruke tre ulike systemer for meldinger, fravær og timeplan.",
                "Type": "Problem",
                "Konsekvens": "Beskjeder blir borte, og lærerne bruker mye tid på å svare på spørsmål om "
                "hvor informasjonen ligger.",
                "Prioritet": "Høy",
            },
            {
                "Nr": 2,
                "Beskrivelse": "Det trådløse nettet faller ut i gymsalen og i to klasserom i nybygget.",
                "Type": "Problem",
                "Konsekvens": "Digitale prøver må flyttes, og undervisningen stopper opp.",
                "Prioritet": "Høy",
            },
            {
                "Nr": 3,
                "Beskrivelse": "Elevene kan øve på lesing hjemme med nettbrett hvis vi får et felles "
                "lesetreningsprogram.",
                "Type": "Mulighet",
                "Konsekvens": "Mer lesetrening og bedre oppfølging av elever som strever med lesing.",
                "Prioritet": "Middels",
            },
        ],
        "systems": [
            {
                "System": "Visma Flyt Skole",
                "Leverandør": "Visma",
                "Formål": "Elevadministrasjon, fravær og vurdering",
                "Brukere": 45,
                "Tilfredshet (1-5)": 3,
                "Livsløp": "Videreutvikle",
                "Kommentar": "Foreldreappen brukes lite.",
            },
            {
                "System": "itslearning",
                "Leverandør": "itslearning AS",
                "Formål": "Læringsplattform: lekser, oppgaver og meldinger",
                "Brukere": 320,
                "Tilfredshet (1-5)": 2,
                "Livsløp": "Erstatte",
                "Kommentar": "Avtalen går ut sommeren 2027.",
            },
            {
                "System": "Microsoft 365",
                "Leverandør": "Microsoft",
                "Formål": "E-post, Teams og dokumenter",
                "Brukere": 360,
                "Tilfredshet (1-5)": 4,
                "Livsløp": "Beholde",
            },
        ],
        "measures": [
            {
                "Nr": 1,
                "Tiltak": "Felles skoleplattform for foreldre og elever",
                "Beskrivelse": "Samle meldinger, fravær, timeplan og lekser i én plattform med én innlogging, "
                "felles for skolene i kommunen.",
                "Delmål": "D5",
                "Problem nr": "1",
                "Investering (kr)": "450 000 kr",
                "Årlig drift (kr)": "kr 120.000",
                "Årlig gevinst (kr)": "150 000",
                "Gevinstbeskrivelse": "Færre henvendelser fra foreldre, og beskjeder som faktisk blir lest.",
                "Tidsrom": "Høst 2027",
                "Varighet (mnd)": 8,
                "Ansvarlig gjennomføring": "Rektor",
                "Ansvarlig oppfølging": "Kommunalsjef oppvekst",
                "Risiko": "Middels",
                "Kategori": "Kritisk prosess",
                "Avhengigheter": "Kommunen må velge plattform for alle skolene samlet.",
                "Gevinsttype": "Tid",
            },
            {
                "Nr": 2,
                "Tiltak": "Bedre trådløst nett i nybygget",
                "Beskrivelse": "Sette opp tre nye tilgangspunkter i gymsalen og klasserommene med dårlig dekning.",
                "Delmål": "D4",
                "Problem nr": 2,
                "Investering (kr)": 85000,
                "Årlig drift (kr)": "6 000 kr",
                "Årlig gevinst (kr)": 0,
                "Gevinstbeskrivelse": "Digitale prøver og undervisning uten avbrudd.",
                "Tidsrom": "Vår 2027",
                "Varighet (mnd)": 2,
                "Ansvarlig gjennomføring": "IKT-avdelingen",
                "Ansvarlig oppfølging": "Rektor",
                "Risiko": "Lav",
                "Kategori": "Quick win",
            },
            {
                "Nr": 3,
                "Tiltak": "Digital lesetrening på nettbrett",
                "Beskrivelse": "Kjøpe lisenser til et lesetreningsprogram og lære opp lærerne i å bruke det.",
                "Delmål": "D3",
                "Problem nr": "3",
                "Investering (kr)": "kr 240.000",
                "Årlig drift (kr)": "35000",
                "Årlig gevinst (kr)": "0",
                "Gevinstbeskrivelse": "Bedre leseferdigheter og tidligere hjelp til elever som strever.",
                "Tidsrom": "Høst 2028",
                "Varighet (mnd)": 12,
                "Ansvarlig gjennomføring": "Inspektør for småtrinnet",
                "Ansvarlig oppfølging": "Rektor",
                "Risiko": "Middels",
                "Avhengigheter": "Tiltak 1 (felles skoleplattform).",
            },
        ],
        "barometer": [
            3, 2, 4,
            3, (2, "Få ansatte kjenner avviksrutinen."), 4,
            (2, "Lite opplæring da itslearning ble tatt i bruk."), 3, 3,
            (1, "Nettet faller ut i nybygget."), 3, 4,
            3, 2, 2,
            2, 3, 1,
        ],
    }
