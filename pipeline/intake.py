"""Intake: every file in the inbox → a recorded submission, a receipt, and an empty inbox.

Nothing is lost. For each file, in order:

1. the bytes are read once and hashed; everything after works on those bytes;
2. the bytes are kept: accepted forms in the store's archive (named by their
   SHA-256), everything else in ``outbox/karantene/``;
3. the submission is recorded in the store (one transaction);
4. the receipt is written;
5. only then is the file removed from the inbox.

A crash between any two steps is repaired by the next run: a file whose exact
arrival (name, bytes, modification time) is already recorded is not recorded
again, only finished.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from pipeline import contract
from pipeline.config import Config
from pipeline.errors import IktplanError
from pipeline.fileio import atomic_write_bytes, atomic_write_text
from pipeline.model import unit_key
from pipeline.reader import read_workbook
from pipeline.receipts import ReceiptFacts, receipt_file_name, receipt_text, safe_name
from pipeline.sniff import inspect
from pipeline.store import Store, SubmissionRecord
from pipeline.validation import validate
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.intake")

RECEIPT_ENCODING = "utf-8-sig"  # the BOM makes old Notepad versions show æøå correctly


@dataclass(frozen=True)
class Outcome:
    """What became of one file."""

    record: SubmissionRecord
    receipt: Path | None  # None only if the receipt could not be written
    repaired: bool = False  # finished a submission an interrupted run had recorded

    @property
    def status(self) -> str:
        return self.record.status


def is_ignored(name: str) -> bool:
    """Lock files, hidden files and temporary files are never forms."""
    lowered = name.lower()
    return (
        name.startswith(("~$", ".~lock", ".", "~"))
        or lowered.endswith((".tmp", ".temp", ".part", ".crdownload", "~", ".kvittering.txt"))
        or lowered in ("thumbs.db", "desktop.ini")
    )


def pending_files(inbox: Path) -> list[Path]:
    """Files waiting in *inbox*, oldest first (so revisions keep their order)."""
    if not inbox.is_dir():
        return []
    files = []
    for entry in os.scandir(inbox):
        if entry.is_file(follow_symlinks=False) and not is_ignored(entry.name):
            files.append((entry.stat().st_mtime_ns, entry.name, Path(entry.path)))
    return [p for _, _, p in sorted(files)]


def intake(
    ws: Workspace, store: Store, config: Config, on_outcome: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Receive every pending file in the inbox; *on_outcome* hears of each as it is done."""
    outcomes = []
    for path in pending_files(ws.inbox):
        outcome = receive_file(ws, store, config, path)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


def receive_file(ws: Workspace, store: Store, config: Config, path: Path) -> Outcome:
    """Receive one inbox file and remove it from the inbox once it is recorded."""
    stat = path.stat()
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    earlier = store.same_arrival(sha, path.name, stat.st_mtime_ns)
    if earlier is not None:
        outcome = Outcome(earlier, _ensure_receipt(ws, store, config, earlier), repaired=True)
    else:
        outcome = receive_bytes(
            ws, store, config, data, path.name, inbox_name=path.name, inbox_mtime_ns=stat.st_mtime_ns, sha256=sha
        )
    path.unlink()
    return outcome


def receive_bytes(
    ws: Workspace,
    store: Store,
    config: Config,
    data: bytes,
    original_name: str,
    *,
    source: str = "mappe",
    sender: str | None = None,
    inbox_name: str | None = None,
    inbox_mtime_ns: int | None = None,
    sha256: str | None = None,
) -> Outcome:
    """Check, keep, record and answer one submission given as bytes (from the
    inbox or an e-mail attachment). *original_name* is metadata only: it never
    decides where anything is written."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    received_at = datetime.now().astimezone()
    common = dict(
        received_at=received_at,
        original_name=original_name,
        sha256=sha,
        size=len(data),
        source=source,
        sender=sender,
        inbox_name=inbox_name,
        inbox_mtime_ns=inbox_mtime_ns,
    )

    duplicate = store.accepted_by_hash(sha)
    if duplicate is not None:
        log.info("duplikat sha256=%s av innlevering %d", sha[:12], duplicate.id)
        record = store.add_submission(
            **common,
            status="duplikat",
            unit_key=duplicate.unit_key,
            unit_name=duplicate.unit_name,
            duplicate_of=duplicate.id,
            stored_path=duplicate.stored_path,
        )
        return Outcome(record, _ensure_receipt(ws, store, config, record))

    errors, warnings, content, unit_name = _check(data, original_name, config)
    if content is not None:
        stored = ws.submissions / f"{sha}.xlsx"
        if not stored.exists():
            atomic_write_bytes(stored, data)
        record = store.add_submission(
            **common,
            status="godkjent",
            unit_key=content.key,
            unit_name=content.unit.name,
            stored_path=stored.relative_to(ws.root).as_posix(),
            warnings=warnings,
            content=content,
        )
        log.info("godkjent sha256=%s revisjon=%d advarsler=%d", sha[:12], record.revision, len(warnings))
    else:
        stored = ws.quarantine / f"{sha[:12]}_{safe_name(original_name)}"
        atomic_write_bytes(stored, data)
        record = store.add_submission(
            **common,
            status="avvist",
            unit_key=unit_key(unit_name) if unit_name else None,
            unit_name=unit_name,
            stored_path=stored.relative_to(ws.root).as_posix(),
            errors=errors,
            warnings=warnings,
        )
        log.info("avvist sha256=%s feil=%d", sha[:12], len(errors))
    return Outcome(record, _ensure_receipt(ws, store, config, record))


def _check(data: bytes, name: str, config: Config):
    """(errors, warnings, content or None, unit name or None) for one file's bytes."""
    rejection = inspect(data, name)
    if rejection is not None:
        log.info("avvist før lesing: kode=%s", rejection.code)
        return [rejection.message], [], None, None
    try:
        raw = read_workbook(io.BytesIO(data))
    except IktplanError as exc:
        return [exc.message], [], None, None
    result = validate(raw, config)
    return [str(e) for e in result.errors], [str(w) for w in result.warnings], result.content, result.unit_name


def _ensure_receipt(ws: Workspace, store: Store, config: Config, record: SubmissionRecord) -> Path:
    """Write the receipt for *record* unless it already has one; return its path."""
    if record.receipt_path and (ws.root / record.receipt_path).is_file():
        return ws.root / record.receipt_path
    facts = facts_for(store, config, record)
    text = receipt_text(facts)
    path = ws.receipts / receipt_file_name(facts, record.id)
    atomic_write_text(path, text, RECEIPT_ENCODING)
    if record.status == "avvist":
        # The unit's file and its receipt side by side, for whoever tidies the quarantine.
        atomic_write_text(ws.root / (record.stored_path + ".kvittering.txt"), text, RECEIPT_ENCODING)
    store.set_receipt(record.id, path.relative_to(ws.root).as_posix())
    return path


def facts_for(store: Store, config: Config, record: SubmissionRecord) -> ReceiptFacts:
    revision, previous = record.revision, None
    if record.status == "duplikat" and record.duplicate_of is not None:
        original = store.submission(record.duplicate_of)
        revision, previous = original.revision, original.received_at
    return ReceiptFacts(
        municipality=config.municipality,
        original_name=record.original_name,
        received_at=record.received_at,
        sha256=record.sha256,
        status=record.status,
        unit_name=record.unit_name,
        revision=revision,
        previous_delivery=previous,
        counts=record.counts,
        barometer_total=len(contract.BAROMETER),
        errors=tuple(record.errors),
        warnings=tuple(record.warnings),
        sender=record.sender,
    )
