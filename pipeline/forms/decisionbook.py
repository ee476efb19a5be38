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
    Decision,
    Decisions,
    Issue,
    id_key,
)
from functools import lru_cache

from pipeline.core.labels import label
from pipeline.errors import IktplanError
from pipeline.forms.fastreader import read_workbook
from pipeline.forms.reader import FormReadError
from pipeline.forms.values import text_key
from pipeline.i18n import Lang, Msg, every_translation, pMsg

BOOK_NAME = "beslutninger.xlsx"
SHEET = "Beslutninger"

#: The secretariat's columns, in the order the pipeline writes them.
OWN = (COL_ID, COL_CHOICE, COL_YEAR, COL_MERGE, COL_TITLE, COL_REASON)
#: The pipeline's columns («Til informasjon»), refreshed on every run.
COL_UNIT_TITLE, COL_UNIT, COL_SCORE, COL_CATEGORY, COL_RESULT, COL_PLAN_YEAR, COL_PROPOSAL, COL_NOTE = (
    "Enhetens tittel", "Enhet", "Poeng", "Kategori", "Resultat", "År i planen", "Foreslått samordning",
    "Merknad fra iktplan")
INFO = (COL_UNIT_TITLE, COL_UNIT, COL_SCORE, COL_CATEGORY, COL_RESULT, COL_PLAN_YEAR, COL_PROPOSAL, COL_NOTE)

#: The workbook's words as a reader sees them: the canonical (bokmål) names above are identifiers,
#: the file is written in the workspace's language and read in any language's.
SHEET_LABEL = pMsg("sheet", "Beslutninger")
LABELS: dict[str, Msg] = {
    COL_ID: pMsg("column", "Tiltak"), COL_CHOICE: pMsg("column", "Beslutning"), COL_YEAR: pMsg("column", "År"),
    COL_MERGE: pMsg("column", "Slå sammen med"), COL_TITLE: pMsg("column", "Tittel i dokumentene"),
    COL_REASON: pMsg("column", "Begrunnelse"), COL_UNIT_TITLE: pMsg("column", "Enhetens tittel"),
    COL_UNIT: pMsg("column", "Enhet"), COL_SCORE: pMsg("column", "Poeng"), COL_CATEGORY: pMsg("column", "Kategori"),
    COL_RESULT: pMsg("column", "Resultat"), COL_PLAN_YEAR: pMsg("column", "År i planen"),
    COL_PROPOSAL: pMsg("column", "Foreslått samordning"), COL_NOTE: pMsg("column", "Merknad fra iktplan"),
}


def header(column: str, lang: Lang | None = None) -> str:
    """The header of the canonical *column* (one of :data:`OWN`, :data:`INFO`) in *lang* (None: bokmål)."""
    return (lang or Lang.source()).render(LABELS[column])


def choice_label(choice: str, lang: Lang | None = None) -> str:
    """The «Beslutning» choice *choice* (one of :data:`CHOICES`) as the dropdown lists it in *lang*."""
    return (lang or Lang.source()).render(label("decision", choice))


def sheet_name(lang: Lang | None = None) -> str:
    """The decisions sheet's name in *lang* (None: bokmål)."""
    return (lang or Lang.source()).render(SHEET_LABEL)


@lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """(the sheet's names, header → canonical column, choice → canonical choice), each text
    by :func:`text_key`, in every available language: a workbook written before the workspace
    changed its language, or a label typed in another, is read all the same."""
    sheets = frozenset(text_key(t) for t in every_translation(SHEET_LABEL) | {SHEET})
    headers = {text_key(t): column for column, msg in LABELS.items() for t in every_translation(msg) | {column}}
    choices = {text_key(t): choice for choice in CHOICES
               for t in every_translation(label("decision", choice)) | {choice}}
    return sheets, headers, choices


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
    note: Msg | str | None = None  # «Merknad fra iktplan»


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
    sheets = _known()[0]
    name = next((n for n in raw.sheets if text_key(n) in sheets), None)
    if name is None:
        raise DecisionBookError(Msg("{book} har ikke noe ark som heter «{sheet}». Gi arket det navnet igjen, "
                                    "eller flytt fila bort, så lager iktplan en ny.", book=BOOK_NAME,
                                    sheet=SHEET_LABEL), "no-sheet")
    sheet = raw.sheets[name]
    header_at, columns = _header(sheet.rows)
    if header_at is None:
        raise DecisionBookError(Msg("Fant ikke overskriftene «{id}» og «{choice}» i arket «{sheet}» i {book}. Sett "
                                    "dem tilbake, eller flytt fila bort, så lager iktplan en ny.",
                                    id=LABELS[COL_ID], choice=LABELS[COL_CHOICE], sheet=name, book=BOOK_NAME),
                                "no-header")
    own_at = [columns.get(h) for h in OWN]
    info_at = [columns.get(h) for h in INFO]
    ours = {*OWN, *INFO}
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


_UNREADABLE = {
    "encrypted": Msg("{book} kan ikke leses: den er beskyttet med passord. Fjern passordet og lagre den på nytt. "
                     "Fila er ikke endret, og kjøringen bruker beslutningene fra forrige versjon av dokumentene."),
    "ods": Msg("{book} kan ikke leses: den er lagret som OpenDocument-regneark (.ods). Lagre den som Excel 2007-365 "
               "(.xlsx). Fila er ikke endret, og kjøringen bruker beslutningene fra forrige versjon av dokumentene."),
    "xls": Msg("{book} kan ikke leses: den er lagret i det gamle Excel-formatet (.xls). Lagre den som "
               "Excel-arbeidsbok (.xlsx). Fila er ikke endret, og kjøringen bruker beslutningene fra forrige "
               "versjon av dokumentene."),
    "macro": Msg("{book} kan ikke leses: den inneholder makroer. Lagre den som vanlig Excel-arbeidsbok (.xlsx). "
                 "Fila er ikke endret, og kjøringen bruker beslutningene fra forrige versjon av dokumentene."),
    "empty": Msg("{book} kan ikke leses: den er tom (0 byte). Fila er ikke endret, og kjøringen bruker "
                 "beslutningene fra forrige versjon av dokumentene."),
}


def _unreadable(exc: FormReadError) -> Msg:
    known = _UNREADABLE.get(exc.code)
    if known is not None:
        return known.fill(book=BOOK_NAME)
    reason = getattr(exc, "msg", None) or exc.message.rstrip(".")
    return Msg("{book} kan ikke leses: {reason} Fila er ikke endret, og kjøringen bruker beslutningene fra forrige "
               "versjon av dokumentene.", book=BOOK_NAME, reason=reason)


def header_columns(values) -> dict[str, int]:
    """Column → index (0-based) of a row of *values*: a header in any language as its canonical
    column (:data:`OWN`, :data:`INFO`), any other (the secretariat's own) case-folded."""
    known = _known()[1]
    return {known.get(text_key(v), str(v).strip().casefold()): j
            for j, v in enumerate(values) if isinstance(v, str) and v.strip()}


def _header(rows: list[tuple[int, tuple[Any, ...]]]) -> tuple[int | None, dict[str, int]]:
    """(row number, column → index) of the header row (see :func:`header_columns`)."""
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        names = header_columns(values)
        if COL_ID in names and COL_CHOICE in names:
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
            issues.append(Issue(row.row, COL_ID, Msg("Raden har en beslutning, men ikke noe tiltak. Skriv "
                                                     "tiltakets id (f.eks. FSH-1) i kolonnen «{column}».",
                                                     column=LABELS[COL_ID])))
        return None
    choice = _choice(raw_choice)
    if choice is None:
        issues.append(Issue(row.row, COL_CHOICE, Msg("«{value}» er ikke et valg. Velg {choices} fra listen; raden "
                                                     "regnes som «{automatic}».", value=_text(raw_choice),
                                                     choices=_choices_listed(), automatic=label("decision", AUTOMATIC)),
                            id))
        choice = AUTOMATIC
    year = None
    if raw_year is not None:
        year = _year(raw_year)
        if year is None:
            issues.append(Issue(row.row, COL_YEAR, Msg("«{value}» er ikke et årstall (skriv f.eks. 2029).",
                                                       value=_text(raw_year)), id))
    merge = _text(raw_merge)
    return Decision(id, choice, year, merge, _text(raw_title), _text(raw_reason), row.row)


def _choices_listed() -> Msg:
    """The choices quoted and listed («Automatisk», «Ta med», … eller «Utsett til år»)."""
    a, b, c, d = (label("decision", choice) for choice in CHOICES)
    return Msg("«{a}», «{b}», «{c}» eller «{d}»", a=a, b=b, c=c, d=d)


def _choice(value: Any) -> str | None:
    """The «Beslutning» choice as its canonical code, in any language, whatever the case or spacing;
    empty: «Automatisk»; None: not a choice."""
    if _text(value) is None:
        return AUTOMATIC
    return _known()[2].get(text_key(value))


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


#: :data:`~pipeline.core.decisions.VANISHED` as the workbook says it.
_VANISHED = Msg("Tiltaket finnes ikke lenger.")


def merge_rows(book: Book | None, measures: Sequence[tuple[str, Reference]],
               notes: dict[int, Msg | str]) -> list[Entry]:
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
            gone.append(Entry(row.cells, row.extra, None, _VANISHED if note is None else note))
    for id, ref in measures:
        if id_key(id) not in seen:
            kept.append(Entry((id, *([None] * (len(OWN) - 1))), (None,) * width, ref))
    return kept + gone


def unchanged(book: Book, entries: Sequence[Entry], extra_headers: Sequence[str], lang: Lang | None = None) -> bool:
    """Would writing *entries* give the file *book* was read from, cell for cell
    (the same rows in the same order, the same pipeline's columns)? Then the
    run leaves the file alone."""
    if tuple(extra_headers) != book.extra_headers or len(book.rows) != len(entries):
        return False
    return all(row.cells == e.cells and row.extra == e.extra and _same(row.info, reference_values(e, lang))
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


def reference_values(e: Entry, lang: Lang | None = None) -> list[Any]:
    """The values of :data:`INFO` for *e*, as the file in *lang* (None: bokmål) has them."""
    r = e.reference
    lang = lang or Lang.source()
    note = lang.render(e.note) if e.note is not None else None
    if r is None:
        return [None] * (len(INFO) - 1) + [note]
    return [r.title, r.unit, r.score, lang.render(label("category", r.category)), r.result, r.year, r.proposal, note]
