"""``beslutninger.xlsx``: the secretariat's decisions workbook, read and written.

The pipeline writes it, one row per measure keyed by the measure's id; the
secretariat edits it in Excel or LibreOffice; the next run reads it. Bytes in,
results out: :func:`read_book` reads a file's bytes into the rows as written
and the :class:`~pipeline.core.decisions.Decisions` the core uses;
:func:`merge_rows` decides which rows the next file has;
:func:`pipeline.forms.decisionsheet.book_bytes` makes that file. Where it lives, whether it is open in another program, the
copy of the previous file and the atomic replace are the build's
(:mod:`pipeline.build`).

The rule: **a run never changes what the secretariat wrote.** Its six columns
(«Tiltak» and the five decision columns) and any column it added are written
back exactly as read, in the rows' order; the pipeline's columns to the right
(«Til informasjon», grey and locked) are refreshed on every run. A new measure
gets a new row at the end. A row whose measure has disappeared is kept, moved
below the others and marked «Tiltaket finnes ikke lenger», as long as it holds
anything the secretariat wrote.

The file is read like a form from a unit (:mod:`pipeline.forms.fastreader`:
the bytes sniffed, the XML checked before python-calamine reads the cells, and
anything it cannot vouch for read by :mod:`pipeline.forms.reader`, XML only
through defusedxml; rows, cells and sizes bounded either way), because a person
edits it, in whatever program. The workbook the pipeline writes takes the fast
way (2,000 measures: 0.2–0.4 s against 0.4–0.7 s with openpyxl; see
``benchmarks/decisions.py``). It is read in this process,
not in the intake's worker process: it is the secretariat's own file in the
workspace, read once per run, and the reader's bounds already keep it small.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Sequence

from pipeline.core.decisions import (
    AUTOMATIC,
    CHOICES,
    COL_CHOICE,
    COL_ID,
    COL_MERGE,
    COL_REASON,
    COL_TITLE,
    COL_YEAR,
    VANISHED,
    Decision,
    Decisions,
    Issue,
    id_key,
)
from pipeline.errors import IktplanError
from pipeline.forms.fastreader import read_workbook
from pipeline.forms.reader import FormReadError

BOOK_NAME = "beslutninger.xlsx"
SHEET = "Beslutninger"

#: The secretariat's columns, in the order the pipeline writes them.
OWN = (COL_ID, COL_CHOICE, COL_YEAR, COL_MERGE, COL_TITLE, COL_REASON)
#: The pipeline's columns («Til informasjon»), refreshed on every run.
COL_UNIT_TITLE, COL_UNIT, COL_SCORE, COL_CATEGORY, COL_RESULT, COL_PLAN_YEAR, COL_PROPOSAL, COL_NOTE = (
    "Enhetens tittel", "Enhet", "Poeng", "Kategori", "Resultat", "År i planen", "Foreslått samordning",
    "Merknad fra iktplan")
INFO = (COL_UNIT_TITLE, COL_UNIT, COL_SCORE, COL_CATEGORY, COL_RESULT, COL_PLAN_YEAR, COL_PROPOSAL, COL_NOTE)

HEADER_ROW = 2  # row 1 names the two groups of columns
FIRST_ROW = HEADER_ROW + 1
#: How far down the header row is looked for (someone may insert a row or two above it).
HEADER_SEARCH_ROWS = 10

class DecisionBookError(IktplanError):
    """The workbook cannot be read at all (not a workbook, no «Beslutninger»
    sheet, no header row). *code* names the cause for tests and logs."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class BookRow:
    """A row of the workbook as the secretariat left it."""

    row: int  # as Excel numbers it
    cells: tuple[Any, ...]  # the values of OWN, as read (None: empty)
    extra: tuple[Any, ...] = ()  # the values of the columns the secretariat added
    info: tuple[Any, ...] = ()  # the values of INFO as the file has them (the pipeline's, last run)

    @property
    def id(self) -> str:
        return _text(self.cells[0]) or ""

    @property
    def written(self) -> bool:
        """The secretariat wrote something in the row besides the id."""
        return any(v is not None for v in self.cells[1:]) or any(v is not None for v in self.extra)


@dataclass(frozen=True)
class Book:
    """A read workbook: its rows as written, the secretariat's own extra
    columns, and the decisions they say."""

    rows: tuple[BookRow, ...]
    extra_headers: tuple[str, ...]
    decisions: Decisions


@dataclass(frozen=True)
class Reference:
    """The pipeline's columns of one row: what the run made of the measure."""

    title: str
    unit: str
    score: float | None
    category: str
    result: str
    year: int | None
    proposal: str | None  # the coordination group proposed as a joint measure; None: none


@dataclass(frozen=True)
class Entry:
    """One row of the next file: the secretariat's cells and the pipeline's."""

    cells: tuple[Any, ...]  # the values of OWN
    extra: tuple[Any, ...]
    reference: Reference | None  # None: the measure has disappeared
    note: str | None = None  # «Merknad fra iktplan»


# --- reading ------------------------------------------------------------------------------


def read_book(data: bytes) -> Book:
    """The rows and decisions of a decisions workbook's bytes. Raises
    :class:`DecisionBookError` when it cannot be read at all; a bad cell is an
    :class:`~pipeline.core.decisions.Issue` naming its row and column, and the
    rest counts."""
    try:
        raw = read_workbook(io.BytesIO(data), point="decisions.read")
    except FormReadError as exc:
        raise DecisionBookError(_unreadable(exc), exc.code) from None
    sheet = raw.sheets.get(SHEET)
    if sheet is None:
        raise DecisionBookError(f"{BOOK_NAME} har ikke noe ark som heter «{SHEET}». Gi arket det navnet igjen, "
                                "eller flytt fila bort, så lager iktplan en ny.", "no-sheet")
    header_at, columns = _header(sheet.rows)
    if header_at is None:
        raise DecisionBookError(f"Fant ikke overskriftene «{COL_ID}» og «{COL_CHOICE}» i arket «{SHEET}» i "
                                f"{BOOK_NAME}. Sett dem tilbake, eller flytt fila bort, så lager iktplan en ny.",
                                "no-header")
    own_at = [columns.get(h.casefold()) for h in OWN]
    info_at = [columns.get(h.casefold()) for h in INFO]
    ours = {h.casefold() for h in (*OWN, *INFO)}
    extra = [(name, j) for name, j in columns.items() if name not in ours]
    extra_headers = tuple(_header_text(sheet.rows, header_at, j) for _, j in extra)

    rows, decisions, issues = [], [], []
    for number, values in sheet.rows:
        if number <= header_at:
            continue
        cells = tuple(_cell(values, j) for j in own_at)
        extras = tuple(_cell(values, j) for _, j in extra)
        if all(v is None for v in cells) and all(v is None for v in extras):
            continue
        row = BookRow(number, cells, extras, tuple(_cell(values, j) for j in info_at))
        rows.append(row)
        decision = _decision(row, issues)
        if decision is not None:
            decisions.append(decision)
    return Book(tuple(rows), extra_headers, Decisions(tuple(decisions), tuple(issues)))


def _unreadable(exc: FormReadError) -> str:
    what = {
        "encrypted": "den er beskyttet med passord. Fjern passordet og lagre den på nytt",
        "ods": "den er lagret som OpenDocument-regneark (.ods). Lagre den som Excel 2007-365 (.xlsx)",
        "xls": "den er lagret i det gamle Excel-formatet (.xls). Lagre den som Excel-arbeidsbok (.xlsx)",
        "macro": "den inneholder makroer. Lagre den som vanlig Excel-arbeidsbok (.xlsx)",
        "empty": "den er tom (0 byte)",
    }.get(exc.code)
    reason = what or exc.message.rstrip(".")
    return (f"{BOOK_NAME} kan ikke leses: {reason}. Fila er ikke endret, og kjøringen bruker beslutningene fra "
            "forrige versjon av dokumentene.")


def _header(rows: list[tuple[int, tuple[Any, ...]]]) -> tuple[int | None, dict[str, int]]:
    """(row number, header text case-folded → column index) of the header row."""
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        names = {str(v).strip().casefold(): j for j, v in enumerate(values) if isinstance(v, str) and v.strip()}
        if COL_ID.casefold() in names and COL_CHOICE.casefold() in names:
            return number, names
    return None, {}


def _header_text(rows, header_at: int, j: int) -> str:
    values = next(v for n, v in rows if n == header_at)
    return str(values[j]).strip()


def _cell(values: tuple[Any, ...], j: int | None) -> Any:
    return values[j] if j is not None and j < len(values) else None


def _text(value: Any) -> str | None:
    """A cell as text (a number as Excel shows it); None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split()) if not isinstance(value, str) else value.strip()
    return text or None


def _decision(row: BookRow, issues: list[Issue]) -> Decision | None:
    """The row as a :class:`Decision`; a cell that says nothing usable is an issue and is left out."""
    raw_id, raw_choice, raw_year, raw_merge, raw_title, raw_reason = row.cells
    id = _text(raw_id)
    if id is None:
        if any(v is not None for v in row.cells[1:]):
            issues.append(Issue(row.row, COL_ID, "Raden har en beslutning, men ikke noe tiltak. Skriv tiltakets id "
                                                 "(f.eks. FSH-1) i kolonnen «Tiltak»."))
        return None
    choice = _choice(raw_choice)
    if choice is None:
        issues.append(Issue(row.row, COL_CHOICE, f"«{_text(raw_choice)}» er ikke et valg. Velg «"
                                                 + "», «".join(CHOICES) + "» fra listen; raden regnes som "
                                                 f"«{AUTOMATIC}».", id))
        choice = AUTOMATIC
    year = None
    if raw_year is not None:
        year = _year(raw_year)
        if year is None:
            issues.append(Issue(row.row, COL_YEAR, f"«{_text(raw_year)}» er ikke et årstall (skriv f.eks. 2029).",
                                id))
    merge = _text(raw_merge)
    return Decision(id, choice, year, merge, _text(raw_title), _text(raw_reason), row.row)


def _choice(value: Any) -> str | None:
    """The «Beslutning» choice, whatever the case or spacing; empty: «Automatisk»; None: not a choice."""
    text = _text(value)
    if text is None:
        return AUTOMATIC
    for choice in CHOICES:
        if choice.casefold() == text.casefold():
            return choice
    return None


_YEAR = re.compile(r"\d{4}")


def _year(value: Any) -> int | None:
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 1900 <= value <= 2200:
        return int(value)
    text = _text(value)
    if text and _YEAR.fullmatch(text):
        return int(text)
    return None


# --- which rows the next file has --------------------------------------------------------------


def merge_rows(book: Book | None, measures: Sequence[tuple[str, Reference]], notes: dict[int, str]) -> list[Entry]:
    """The rows of the next file: *book*'s rows for measures that exist, in
    their order, with fresh references; a new row for each of *measures* (id,
    reference; in rank order) the book does not have; then the rows whose
    measure has disappeared and that hold something the secretariat wrote,
    marked :data:`~pipeline.core.decisions.VANISHED`. A row without an id, or a
    second row for a measure, keeps its place and its cells. *notes* are the
    run's remarks by book row («Merknad fra iktplan»)."""
    references = {id_key(id): ref for id, ref in measures}
    width = len(book.extra_headers) if book else 0
    kept, gone, seen = [], [], set()
    for row in book.rows if book else ():
        key = id_key(row.id)
        note = notes.get(row.row)
        if row.id and key in references and key not in seen:
            seen.add(key)
            kept.append(Entry(row.cells, row.extra, references[key], note))
        elif not row.id or key in references:
            kept.append(Entry(row.cells, row.extra, None, note))
        elif row.written:
            gone.append(Entry(row.cells, row.extra, None, f"{VANISHED}." if note is None else note))
    for id, ref in measures:
        if id_key(id) not in seen:
            kept.append(Entry((id, *([None] * (len(OWN) - 1))), (None,) * width, ref))
    return kept + gone


def unchanged(book: Book, entries: Sequence[Entry], extra_headers: Sequence[str]) -> bool:
    """Would writing *entries* give the file *book* was read from, cell for cell
    (the same rows in the same order, the same pipeline's columns)? Then the
    run leaves the file alone."""
    if tuple(extra_headers) != book.extra_headers or len(book.rows) != len(entries):
        return False
    return all(row.cells == e.cells and row.extra == e.extra and _same(row.info, reference_values(e))
               for row, e in zip(book.rows, entries))


def _same(read: tuple[Any, ...], written: list[Any]) -> bool:
    if len(read) != len(written):
        return False
    for a, b in zip(read, written):
        if isinstance(b, str) and not b.strip():
            b = None  # the reader gives an empty text cell as None
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
            if abs(a - b) > 1e-9:
                return False
        elif a != b:
            return False
    return True


def reference_values(e: Entry) -> list[Any]:
    """The values of :data:`INFO` for *e*, as the file has them."""
    r = e.reference
    if r is None:
        return [None] * (len(INFO) - 1) + [e.note]
    return [r.title, r.unit, r.score, r.category, r.result, r.year, r.proposal, e.note]
