"""Intake: every file in the inbox → a recorded submission, a receipt, and an empty inbox.

Nothing is lost. For each file, in order:

1. the bytes are read once and hashed; everything after works on those bytes;
2. the bytes are checked (:func:`pipeline.intake.worker.check`): sniffed here, then read
   and validated in a separate worker process with a time and memory limit, so
   a file that hangs or crashes a parser costs that file a quarantine, never
   the run (the next few files are checked while one is recorded: :class:`_Ahead`);
3. the bytes are kept: accepted forms in the store's archive (named by their
   SHA-256), everything else in ``outbox/karantene/``;
4. the submission is recorded in the store (one transaction);
5. the receipt is written;
6. only then is the file removed from the inbox.

A crash between any two steps is repaired by the next run: a file whose exact
arrival (name, bytes, modification time) is already recorded is not recorded
again, only finished. Each step is a :mod:`pipeline.faults` point, and
``tests/test_crash.py`` kills a real run at every one of them. A write that
fails (full disk, read-only folder) stops the run with a Norwegian
:class:`~pipeline.errors.WorkspaceError`; the file stays in the inbox.

Logs name files by the first 12 hex digits of their SHA-256 and causes by
their code (``sniff``/``reader`` codes, ``invalid``, ``timeout``, ``crash``,
``memory``, ``parser-error``): never a file name, a cell or a person.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from pipeline import contract, faults
from pipeline.config import Config
from pipeline.fileio import atomic_copy, atomic_write_bytes, remove_stale_temp_files, write_error
from pipeline.core.model import unit_key
from pipeline.forms.reader import require_safe_xml
from pipeline.core.receipts import ReceiptFacts, receipt_file_name, receipt_text, safe_name
from pipeline.forms.sniff import MAX_FILE_BYTES, too_large
from pipeline.intake.store import Store, SubmissionRecord
from pipeline.intake.worker import Checked, check
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.intake")

RECEIPT_ENCODING = "utf-8-sig"  # the BOM makes old Notepad versions show æøå correctly


@dataclass(frozen=True)
class Outcome:
    """What became of one file."""

    record: SubmissionRecord
    receipt: Path | None  # None only if the receipt could not be written
    repaired: bool = False  # finished a submission an interrupted run had recorded
    #: Why, as a code (see :class:`Checked`; 'duplicate' for a byte-identical
    #: resubmission). None: not checked in this run (a repaired submission).
    cause: str | None = None

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
    ws: Workspace,
    store: Store,
    config: Config,
    on_outcome: Callable[[Outcome], None] | None = None,
    *,
    ready: Callable[[Path], bool] | None = None,
) -> list[Outcome]:
    """Receive every pending file in the inbox; *on_outcome* hears of each as it is done.
    A saved e-mail (``.eml``) gives one outcome per attached form (see
    :mod:`pipeline.intake.eml`). *ready* (None: every file) says whether a file may be
    read now; one that is not stays in the inbox for the next run.
    The caller holds the workspace lock. Raises :class:`~pipeline.forms.reader.UnsafeXmlError`
    before touching anything if defusedxml is not active."""
    require_safe_xml()
    # Temporary files of writes a killed run never finished; harmless, but on a
    # Windows share they would show. Safe to remove: we hold the lock.
    archives = [p for p in ws.archive.iterdir() if p.is_dir()] if ws.archive.is_dir() else []
    removed = remove_stale_temp_files(ws.submissions, ws.receipts, ws.quarantine, ws.outbox, *archives)
    if removed:
        log.info("fjernet %d midlertidige filer etter en avbrutt kjøring", removed)
    outcomes = []
    paths = [p for p in pending_files(ws.inbox) if ready is None or ready(p)]
    forms = [p for p in paths if p.suffix.lower() != ".eml"]
    ahead = _Ahead(forms, config) if len(forms) > 1 else None
    try:
        for path in paths:
            if path.suffix.lower() == ".eml":
                from pipeline.intake.eml import receive_eml_file  # e-mail parsing only when mail comes

                received = receive_eml_file(ws, store, config, path)
            else:
                received = [receive_file(ws, store, config, path, ahead=ahead)]
            for outcome in received:
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
    finally:
        if ahead is not None:
            ahead.close()
    return outcomes


def receive_file(ws: Workspace, store: Store, config: Config, path: Path, *, ahead: _Ahead | None = None) -> Outcome:
    """Receive one inbox file and remove it from the inbox once it is recorded.
    *ahead*: the read-ahead of this intake (None: the file is checked here)."""
    stat = path.stat()
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        outcome = _receive_too_large(ws, store, config, path, stat.st_mtime_ns)
    else:
        sha = hashlib.sha256(data).hexdigest()
        earlier = store.same_arrival(sha, path.name, stat.st_mtime_ns)
        if earlier is not None:
            log.info("fullfører avbrutt mottak sha256=%s innlevering=%d", sha[:12], earlier.id)
            outcome = Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True)
        else:
            outcome = receive_bytes(
                ws, store, config, data, path.name, inbox_name=path.name, inbox_mtime_ns=stat.st_mtime_ns, sha256=sha,
                checker=(lambda data, config: ahead.take(path, data, config)) if ahead is not None else None,
            )
    if ahead is not None:
        ahead.passed(path)
    faults.point("intake.before-unlink")
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        # Recorded and answered; the next run finds it recorded and only removes it.
        log.warning("kan ikke fjerne fil fra innboksen sha256=%s (%s)", outcome.record.sha256[:12], exc.strerror)
    faults.point("intake.done")
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
    checker: Callable[[bytes, Config], Checked] | None = None,
) -> Outcome:
    """Check, keep, record and answer one submission given as bytes (from the
    inbox or an e-mail attachment). *original_name* is metadata only: it never
    decides where anything is written. *checker* checks the bytes (None: :func:`check`)."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    common = _common(original_name, sha, len(data), source, sender, inbox_name, inbox_mtime_ns)

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
        faults.point("intake.recorded")
        return Outcome(record, ensure_receipt(ws, store, config, record), cause="duplicate")

    checked = (checker or check)(data, config)
    faults.point("intake.checked")
    if checked.content is None:
        return _reject(ws, store, config, common, checked, lambda target: _keep(target, data), data)
    stored = ws.submissions / f"{sha}.xlsx"
    if not stored.exists():
        _keep(stored, data)
    faults.point("intake.kept")
    record = store.add_submission(
        **common,
        status="godkjent",
        unit_key=checked.content.key,
        unit_name=checked.content.unit.name,
        stored_path=stored.relative_to(ws.root).as_posix(),
        warnings=list(checked.warnings),
        content=checked.content,
        data=data,
    )
    faults.point("intake.recorded")
    log.info("godkjent sha256=%s revisjon=%d advarsler=%d", sha[:12], record.revision, len(checked.warnings))
    return Outcome(record, ensure_receipt(ws, store, config, record), cause=checked.code)


def _common(original_name, sha, size, source, sender, inbox_name, inbox_mtime_ns) -> dict[str, Any]:
    return dict(
        received_at=datetime.now().astimezone(),
        original_name=original_name,
        sha256=sha,
        size=size,
        source=source,
        sender=sender,
        inbox_name=inbox_name,
        inbox_mtime_ns=inbox_mtime_ns,
    )


def _reject(ws, store, config, common, checked: Checked, keep: Callable[[Path], None],
            data: bytes | None = None) -> Outcome:
    """Keep the bytes in quarantine, record the rejection (with *data*, the bytes, for a store
    that keeps them: None for a file too large to hold), answer it."""
    sha = common["sha256"]
    stored = ws.quarantine / f"{sha[:12]}_{safe_name(common['original_name'])}"
    keep(stored)
    faults.point("intake.kept")
    name = checked.unit_name
    record = store.add_submission(
        **common,
        status="avvist",
        unit_key=unit_key(name) if name else None,
        unit_name=name,
        stored_path=stored.relative_to(ws.root).as_posix(),
        errors=list(checked.errors),
        warnings=list(checked.warnings),
        data=data,
    )
    faults.point("intake.recorded")
    level = logging.WARNING if checked.code in ("timeout", "crash", "memory", "parser-error") else logging.INFO
    log.log(level, "avvist sha256=%s kode=%s feil=%d%s", sha[:12], checked.code, len(checked.errors),
            f" ({checked.detail})" if checked.detail else "")
    return Outcome(record, ensure_receipt(ws, store, config, record), cause=checked.code)


def _receive_too_large(ws, store, config, path: Path, mtime_ns: int) -> Outcome:
    """A file too large to be a form: hashed and kept by streaming, never held in memory."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            h.update(chunk)
            size += len(chunk)
    sha = h.hexdigest()
    earlier = store.same_arrival(sha, path.name, mtime_ns)
    if earlier is not None:
        return Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True)
    common = _common(path.name, sha, size, "mappe", None, path.name, mtime_ns)
    rejection = too_large(size)
    checked = Checked(rejection.code, errors=(rejection.message,))
    return _reject(ws, store, config, common, checked, lambda target: _keep_copy(path, target))


def _keep(target: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise write_error(exc, target) from None


def _keep_copy(source: Path, target: Path) -> None:
    try:
        atomic_copy(source, target)
    except OSError as exc:
        raise write_error(exc, target) from None


# --- reading ahead: the next files are checked while one is recorded -------------------


class _Ahead:
    """Checks the next few inbox files while this process records the one before.

    Recording a form (archive, store, receipt) takes about as long as the worker
    takes to read and validate one, and the two used to take turns. Here a
    thread hands the files to the worker in inbox order, at most
    :data:`AHEAD` files before the one being recorded; the intake takes each
    result when it gets to that file. The check is the very same :func:`check`
    (same worker, same time limit, same retry), so the results are the same.
    A file whose bytes changed since it was read ahead, or that was never
    checked (a duplicate, a repaired arrival), is simply checked or skipped as
    before; a check that ran for nothing costs only time."""

    AHEAD = 4

    def __init__(self, paths: list[Path], config: Config):
        self._paths = paths
        self._index = {p: i for i, p in enumerate(paths)}
        self._config = config
        self._results: dict[Path, tuple[str, Checked | None, BaseException | None]] = {}
        self._reached = 0  # files read ahead so far (checked or skipped)
        self._passed = 0  # files the intake is done with
        self._stop = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, daemon=True, name="iktplan-skjemaleser-forut")
        self._thread.start()

    def _run(self) -> None:
        for i, path in enumerate(self._paths):
            with self._cond:
                while not self._stop and i - self._passed >= self.AHEAD:
                    self._cond.wait()
                if self._stop:
                    return
            entry = None
            try:
                with open(path, "rb") as f:
                    data = f.read(MAX_FILE_BYTES + 1)
            except OSError:
                data = None  # the intake will tell
            if data is not None and len(data) <= MAX_FILE_BYTES:
                sha = hashlib.sha256(data).hexdigest()
                try:
                    entry = (sha, check(data, self._config), None)
                except BaseException as exc:  # noqa: BLE001 - raised where the intake takes the result
                    entry = (sha, None, exc)
            with self._cond:
                if entry is not None:
                    self._results[path] = entry
                self._reached = i + 1
                self._cond.notify_all()

    def take(self, path: Path, data: bytes, config: Config) -> Checked:
        """The check of *data*, read from *path*: the one made ahead if it was made
        of these very bytes, otherwise made now."""
        index = self._index.get(path)
        with self._cond:
            while index is not None and self._reached <= index and self._thread.is_alive():
                self._cond.wait()
            entry = self._results.pop(path, None)
        if entry is not None and config is self._config and entry[0] == hashlib.sha256(data).hexdigest():
            _, checked, error = entry
            if error is not None:
                raise error
            return checked
        return check(data, config)

    def passed(self, path: Path) -> None:
        """The intake is done with *path* (the next file may be read ahead)."""
        with self._cond:
            self._passed += 1
            self._results.pop(path, None)
            self._cond.notify_all()

    def close(self) -> None:
        """Stop reading ahead; wait for a check under way (it holds the worker)."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._thread.join()


        # stdout belongs to the reader thread, which closes it when the worker's output ends.


def ensure_receipt(ws: Workspace, store: Store, config: Config, record: SubmissionRecord) -> Path:
    """Write the receipt for *record* unless it already has one; return its path."""
    if record.receipt_path and (ws.root / record.receipt_path).is_file():
        return ws.root / record.receipt_path
    facts = facts_for(store, config, record)
    text = receipt_text(facts)
    path = ws.receipts / receipt_file_name(facts, record.id)
    _keep(path, text.encode(RECEIPT_ENCODING))
    faults.point("intake.receipt-written")
    if record.status == "avvist":
        # The unit's file and its receipt side by side, for whoever tidies the quarantine.
        _keep(ws.root / (record.stored_path + ".kvittering.txt"), text.encode(RECEIPT_ENCODING))
    store.set_receipt(record.id, path.relative_to(ws.root).as_posix())
    faults.point("intake.answered")
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
