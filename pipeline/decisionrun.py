"""A run's step with ``beslutninger.xlsx``: read the secretariat's decisions
before the assessment, and bring the workbook up to date after it.

Reading and writing the workbook's bytes is :mod:`pipeline.forms.decisionbook`;
this step owns the file in the workspace. Writing it is writing a file a human
edits, so it never loses their bytes:

* a file that cannot be read is left untouched, and the run uses the
  decisions of the latest version instead (an unreadable file never undoes a
  decision);
* a file open in Excel or LibreOffice (their lock file beside it, or Windows
  refusing the replace) is not written; the run uses it as it is saved;
* a file that changed while the run worked is not written;
* a file that already says what the run would write is not written;
* otherwise the previous file is copied to ``.iktplan/beslutninger/`` and the
  new one replaces it atomically (:func:`pipeline.fileio.atomic_write_bytes`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import faults
from pipeline.config import Config
from pipeline.i18n import Lang, Msg
from pipeline.fileio import (
    ReplaceError,
    atomic_write_bytes,
    keep_copy,
    open_elsewhere,
    remove_stale_temp_files,
    write_error,
)
from pipeline.workspace import Workspace

if TYPE_CHECKING:
    from pipeline.core.assessment import Assessment
    from pipeline.core.decisions import Decisions
    from pipeline.core.model import Municipality
    from pipeline.forms.decisionbook import Book

log = logging.getLogger("iktplan.build")

#: Earlier versions of beslutninger.xlsx kept in .iktplan/beslutninger/.
DECISION_COPIES = 50


@dataclass
class DecisionsReport:
    """What a run did with ``beslutninger.xlsx``."""

    path: Path
    issues: tuple[Msg, ...] = ()  # per row: what could not be used, and why (shown with lang.render)
    vanished: tuple[str, ...] = ()  # ids of decisions on measures that no longer exist
    used: int = 0  # decisions the run used
    unreadable: str | None = None  # why the file could not be read at all (it is left untouched)
    written: bool = False  # the file was written (made or updated)
    created: bool = False  # … and did not exist before
    not_written: str | None = None  # why the file could not be updated
    copy: Path | None = None  # the previous file, kept before it was replaced
    added: tuple[str, ...] = ()  # ids of the measures that got a new row when the file was written


@dataclass
class GivenDecisions:
    """The workbook as the run found it."""

    book: Book | None  # None: no file, or not readable
    decisions: Decisions | None  # what the assessment uses; None: no decisions
    report: DecisionsReport
    read_digest: str | None = field(default=None, repr=False)  # SHA-256 of the bytes read; None: no file


def read_decisions(ws: Workspace, latest_snapshot: dict | None, lang: Lang | None = None) -> GivenDecisions:
    """``beslutninger.xlsx`` as the secretariat left it. One that cannot be read
    is left alone, and the decisions in *latest_snapshot* (the latest version's)
    are used instead. What went wrong is said in *lang* (None: bokmål)."""
    lang = lang or Lang.source()
    from pipeline.core.decisions import from_snapshot
    from pipeline.forms.decisionbook import DecisionBookError, read_book

    report = DecisionsReport(ws.decisions)
    try:
        data = ws.decisions.read_bytes()
    except FileNotFoundError:
        return GivenDecisions(None, None, report)
    except OSError as exc:
        report.unreadable = lang.gettext("{name} kan ikke åpnes ({reason}).", name=ws.decisions.name,
                                         reason=exc.strerror or "")
        data = None
    if data is not None:
        try:
            book = read_book(data)
            return GivenDecisions(book, book.decisions, report, _digest(data))
        except DecisionBookError as exc:
            report.unreadable = exc.render(lang)
    log.warning("beslutninger.xlsx kan ikke leses; bruker beslutningene fra forrige versjon")
    return GivenDecisions(None, from_snapshot((latest_snapshot or {}).get("decisions")), report)


def update_decisions(ws: Workspace, config: Config, given: GivenDecisions, model: Municipality,
                     assessment: Assessment) -> None:
    """Bring ``beslutninger.xlsx`` up to date (see the module docstring); what
    happened goes into ``given.report``."""
    from pipeline.documents.measurecontext import decision_references
    from pipeline.forms.decisionbook import id_key, merge_rows, unchanged
    from pipeline.forms.decisionsheet import book_bytes

    report, book = given.report, given.book
    resolved = assessment.decisions
    report.issues = tuple(i.text(ws.decisions.name) for i in resolved.issues)
    report.vanished = tuple(d.id for d in resolved.vanished)
    report.used = len(resolved.by_id)
    if report.unreadable:
        return
    path = ws.decisions
    # A run killed while writing left its temporary file; the run holds the workspace lock.
    remove_stale_temp_files(ws.root, ws.decisions_copies)
    lang = config.lang
    notes: dict[int, str] = {}
    for issue in resolved.issues:
        if issue.row:
            text = lang.render(issue.message)
            notes[issue.row] = f"{notes[issue.row]} {text}" if issue.row in notes else text
    references = decision_references(model, assessment)
    entries = merge_rows(book, references, notes)
    extra = book.extra_headers if book else ()
    if book is not None and unchanged(book, entries, extra, lang):
        return
    other = open_elsewhere(path)
    if other is not None:
        report.not_written = lang.gettext("{name} er åpen i {program}, så iktplan har ikke oppdatert den; "
                                          "beslutningene slik fila er lagret nå, er brukt. Lukk fila og kjør på nytt.",
                                          name=path.name, program=other)
        return
    data = book_bytes(entries, extra, config.municipality, config.years, lang)
    before = _bytes(path)
    if (_digest(before) if before is not None else None) != given.read_digest:
        report.not_written = lang.gettext("{name} ble endret mens iktplan kjørte, så den er ikke oppdatert. "
                                          "Kjør på nytt.", name=path.name)
        return
    try:
        if before is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            report.copy = keep_copy(path, ws.decisions_copies, stamp, DECISION_COPIES)
            faults.point("decisions.kept")
        atomic_write_bytes(path, data, written=lambda: faults.point("decisions.temp-written"),
                           replaced=lambda: faults.point("decisions.replaced"))
    except ReplaceError:
        report.not_written = lang.gettext("{name} er åpen i et annet program, så iktplan har ikke oppdatert den. "
                                          "Lukk fila og kjør på nytt.", name=path.name)
        return
    except OSError as exc:
        raise write_error(exc, path) from None
    report.written, report.created = True, before is None
    known = {id_key(r.id) for r in book.rows if r.id} if book else set()
    report.added = tuple(id for id, _ in references if id_key(id) not in known)


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise write_error(exc, path) from None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
