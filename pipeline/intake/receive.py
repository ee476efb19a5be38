"""Receiving one arrival: a file from the inbox, bytes, or an e-mail message →
kept, recorded in the store, answered with a receipt.

Nothing is lost. For each file, in order:

1. the bytes are read once and hashed; everything after works on those bytes;
2. the bytes are checked (:func:`pipeline.intake.worker.check`): sniffed here, then read
   and validated in a separate worker process with a time and memory limit, so
   a file that hangs or crashes a parser costs that file a quarantine, never
   the run (the next few files are checked while one is recorded:
   :mod:`pipeline.intake.readahead`);
3. the bytes are kept: accepted forms in the store's archive (named by their
   SHA-256), everything else in ``outbox/karantene/``;
4. the submission is recorded in the store (one transaction);
5. the receipt is written;
6. only then is the file removed from the inbox.

An e-mail message (an ``.eml`` file, one fetched over IMAP, or an Outlook
``.msg``) is received by :mod:`pipeline.intake.receivemessage`: each attached
form takes the steps above as bytes, and the message is kept whole in the
quarantine the same way when anything in it was not taken.

A file is opened without following a symbolic link and without waiting on a
named pipe (:func:`pipeline.fileio.open_regular`); one that cannot be read
(gone, no read access, not a plain file) raises :class:`NotReceived` and stays
in the inbox, so one file never stops the others. Its name is metadata only:
shown as :func:`pipeline.core.names.printable_name`, recognised again by
:func:`pipeline.core.names.name_key` (any bytes a file system holds).

A crash between any two steps is repaired by the next run: a file whose exact
arrival (name, bytes, modification time) is already recorded is not recorded
again, only finished. Each step is a :mod:`pipeline.faults` point, and
``tests/test_crash.py`` kills a real run at every one of them. A write that
fails (full disk, read-only folder) stops the run with a Norwegian
:class:`~pipeline.errors.WorkspaceError`; the file stays in the inbox.

Logs name files by the first 12 hex digits of their SHA-256 and causes by
their code (``sniff``/``reader`` codes, ``invalid``, ``timeout``, ``crash``,
``memory``, ``parser-error``, ``no-form``): never a file name, a cell or a person.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from pipeline import contract, faults
from pipeline.config import Config
from pipeline.core.model import unit_key
from pipeline.core.names import name_key, printable_name
from pipeline.core.receipts import CONTAINERS, ReceiptFacts, receipt_file_name, receipt_text, safe_name
from pipeline.core.roster import Placement
from pipeline.core.submission import SubmissionStatus
from pipeline.fileio import NotRegularFile, atomic_write_bytes, atomic_write_stream, open_regular, write_error
from pipeline.forms.sniff import MAX_FILE_BYTES, too_large
from pipeline.forms.unitsheet import not_on_list
from pipeline.identity import one_line
from pipeline.intake import groupcommit
from pipeline.intake.listing import relative_name
from pipeline.intake.readahead import ReadAhead
from pipeline.intake.store import Store, SubmissionRecord
from pipeline.intake import followup
from pipeline.intake.worker import FOLLOWUP, Checked, check
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.intake")

RECEIPT_ENCODING = "utf-8-sig"  # the BOM makes old Notepad versions show æøå correctly


@dataclass(frozen=True)
class Outcome:
    """What became of one file."""

    #: The submission as recorded; for a valid form as the roster places it (status
    #: counted or held, the unit in the documents' spelling).
    record: SubmissionRecord
    receipt: Path | None  # None only if the receipt could not be written
    repaired: bool = False  # finished a submission an interrupted run had recorded
    #: Why, as a code (see :class:`Checked`; 'duplicate' for a byte-identical
    #: resubmission, 'no-form' for a message without a form). None: not checked
    #: in this run (a repaired submission).
    cause: str | None = None

    @property
    def status(self) -> SubmissionStatus:
        return self.record.status


class NotReceived(Exception):
    """A file in the inbox could not be read, so it stays there: *reason* is a
    :mod:`pipeline.intake.listing` code (``gone``, ``unreadable``, ``special``,
    ``link``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_inbox_file(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """At most *limit* + 1 bytes of *path* and its status, read once (see
    :func:`pipeline.fileio.open_regular`). Raises :class:`NotReceived`."""
    try:
        f, status = open_regular(path)
    except NotRegularFile as exc:
        raise NotReceived("link" if exc.errno == errno.ELOOP else "special") from None
    except FileNotFoundError:
        raise NotReceived("gone") from None
    except OSError:
        raise NotReceived("unreadable") from None
    with f:
        try:
            return f.read(limit + 1), status
        except OSError:
            raise NotReceived("unreadable") from None


@dataclass(frozen=True)
class InboxFile:
    """One inbox file as it was read: its bytes (at most a limit + 1) and status,
    its exact name for the store (:func:`name_key`) and the name shown (relative
    to the inbox: a file in a unit's subfolder is «Enhet/Skjema.xlsx»)."""

    path: Path
    data: bytes
    status: os.stat_result
    key: str
    shown: str

    @classmethod
    def read(cls, ws: Workspace, path: Path, limit: int = MAX_FILE_BYTES) -> InboxFile:
        data, status = read_inbox_file(path, limit)
        name = relative_name(ws.inbox, path)
        return cls(path, data, status, name_key(name), printable_name(name))


def receive_file(ws: Workspace, store: Store, config: Config, path: Path, *, ahead: ReadAhead | None = None,
                 read: InboxFile | None = None) -> Outcome:
    """Receive one inbox file and remove it from the inbox once it is recorded.
    *ahead*: the read-ahead of this intake (None: the file is checked here).
    *read*: the file, already read (None: read here). Raises :class:`NotReceived`."""
    read = read or InboxFile.read(ws, path)
    data, stat = read.data, read.status
    if len(data) > MAX_FILE_BYTES:
        outcome = _receive_too_large(ws, store, config, read)
    else:
        sha = hashlib.sha256(data).hexdigest()
        earlier = recorded_arrival(store, sha, read.key, stat.st_mtime_ns)
        if earlier is not None:
            log.info("fullfører avbrutt mottak sha256=%s innlevering=%d", sha[:12], earlier.id)
            outcome = Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True)
        else:
            outcome = receive_bytes(
                ws, store, config, data, read.shown, inbox_name=read.key, inbox_mtime_ns=stat.st_mtime_ns,
                sha256=sha,
                checker=(lambda data, config: ahead.take(path, data, config)) if ahead is not None else None,
            )
    if ahead is not None:
        ahead.passed(path)
    leave_inbox(read, outcome.record.sha256)
    return outcome


def recorded_arrival(store: Store, sha: str, key: str, mtime_ns: int) -> SubmissionRecord | None:
    """The form (a mapping or a follow-up form) recorded from this very arrival, by an
    interrupted run; None: not recorded yet."""
    return store.same_arrival(sha, key, mtime_ns) or store.same_followup_arrival(sha, key, mtime_ns)


def leave_inbox(read: InboxFile, sha: str) -> None:
    """Remove the inbox file *read*, whose every submission is recorded and
    answered — unless another file has taken its place since it was read (a
    new revision saved under the same name): that one waits for the next run.
    In a group commit (:mod:`pipeline.intake.groupcommit`) that is done once the group is committed."""
    group = groupcommit.current()
    if group is not None:
        group.at_end(lambda: leave_inbox(read, sha))
        return
    faults.point("intake.before-unlink")
    path = read.path
    try:
        now = os.stat(path, follow_symlinks=False)
        if _identity(now) != _identity(read.status):
            log.info("fil erstattet i innboksen mens den ble lest sha256=%s; tas neste gang", sha[:12])
        else:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        # Recorded and answered; the next run finds it recorded and only removes it.
        log.warning("kan ikke fjerne fil fra innboksen sha256=%s (%s)", sha[:12], exc.strerror)
    faults.point("intake.done")


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


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

    earlier_followup = store.accepted_followup_by_hash(sha)
    if earlier_followup is not None:
        log.info("duplikat sha256=%s av oppfølgingsskjema %d", sha[:12], earlier_followup.id)
        record = followup.record_duplicate(store, common, earlier_followup)
        return Outcome(record, ensure_receipt(ws, store, config, record), cause="duplicate")
    duplicate = _kept_copy(store, config, sha)
    if duplicate is not None:
        log.info("duplikat sha256=%s av innlevering %d", sha[:12], duplicate.id)
        record = store.add_submission(
            **common,
            status=SubmissionStatus.DUPLICATE,
            unit_key=duplicate.unit_key,
            unit_name=duplicate.unit_name,
            duplicate_of=duplicate.id,
            stored_path=duplicate.stored_path,
        )
        faults.point("intake.recorded")
        return Outcome(record, ensure_receipt(ws, store, config, record), cause="duplicate")

    checked = (checker or check)(data, config)
    faults.point("intake.checked")
    if checked.kind == FOLLOWUP:
        record = followup.receive_followup(
            store, common, checked, data,
            accepted_path=lambda: _keep_accepted(ws, sha, data),
            reject_path=lambda: _keep_rejected(ws, common, data))
        return Outcome(record, ensure_receipt(ws, store, config, record), cause=checked.code)
    if checked.content is None:
        return _reject(ws, store, config, common, checked, lambda target: _keep(target, data), data=data)
    stored = _keep_accepted(ws, sha, data)
    faults.point("intake.kept")
    # Which unit the form counts for, and whether it must wait for the secretariat (pipeline.core.roster):
    # the receipt says that, so the form's own remark on a name not on the list goes.
    ruling = store.rule(config.expected_units, checked.content.unit.name)
    warnings = [w for w in checked.warnings if not not_on_list(w)]
    record = store.add_submission(
        **common,
        status=ruling.status,
        same_unit=ruling.same_unit if ruling.counts else None,
        unit_key=checked.content.key,
        unit_name=checked.content.unit.name,
        stored_path=stored,
        warnings=warnings,
        content=checked.content,
        data=data,
    )
    faults.point("intake.recorded")
    if ruling.counts:
        log.info("godkjent sha256=%s revisjon=%d advarsler=%d", sha[:12], record.revision, len(warnings))
    else:
        log.info("venter på sekretariatet sha256=%s advarsler=%d", sha[:12], len(warnings))
    placed = Placement(record.id, record.received_at, one_line(record.unit_name), ruling.key, ruling.name,
                       record.revision if ruling.counts else None, None, ruling.near)
    receipt = ensure_receipt(ws, store, config, record, placed)
    # What the unit is told and the terminal shows: the unit in the documents' spelling, and counted
    # if a mapping or an acceptance of the secretariat makes it count (stored as held: the rules alone hold it).
    shown = replace(record, status=SubmissionStatus.ACCEPTED if ruling.counts else SubmissionStatus.HELD,
                    unit_name=ruling.name if ruling.counts else record.unit_name)
    return Outcome(shown, receipt, cause=checked.code)


def _kept_copy(store: Store, config: Config, sha: str) -> SubmissionRecord | None:
    """The valid submission these exact bytes repeat (the first that is not withdrawn), or None."""
    kept = store.kept_by_hash(sha)
    if not kept:
        return None
    roster = store.roster(config.expected_units)
    for record in kept:
        placed = roster.placement(record.id)
        if placed is None or placed.withdrawn is None:
            return record
    return None  # every copy is withdrawn: the unit sends it again, and it counts again


def _keep_accepted(ws: Workspace, sha: str, data: bytes) -> str:
    """Keep an accepted form's bytes in the store's archive; return where, relative to the workspace."""
    stored = ws.submissions / f"{sha}.xlsx"
    if not stored.exists():
        _keep(stored, data)
    return stored.relative_to(ws.root).as_posix()


def _keep_rejected(ws: Workspace, common: dict[str, Any], data: bytes) -> str:
    """Keep a rejected form's bytes in the quarantine; return where, relative to the workspace."""
    stored = ws.quarantine / f"{common['sha256'][:12]}_{safe_name(common['original_name'])}"
    _keep(stored, data)
    return stored.relative_to(ws.root).as_posix()


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


def _reject(ws, store, config, common, checked: Checked, keep: Callable[[Path], None], *, suffix: str = "",
            data: bytes | None = None) -> Outcome:
    """Keep the bytes in quarantine (under a name ending in *suffix*), record the
    rejection (with *data*, the bytes, for a store that keeps them: None for a file
    too large to hold), answer it."""
    sha = common["sha256"]
    stored = ws.quarantine / f"{sha[:12]}_{safe_name(common['original_name'])}"
    if not stored.name.lower().endswith(suffix):
        stored = stored.with_name(stored.name + suffix)
    keep(stored)
    faults.point("intake.kept")
    name = checked.unit_name
    record = store.add_submission(
        **common,
        status=SubmissionStatus.REJECTED,
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


def _receive_too_large(ws, store, config, read: InboxFile) -> Outcome:
    """A file too large to be a form: hashed and kept by streaming, never held in memory."""
    h = hashlib.sha256()
    size = 0
    try:
        f, _ = open_regular(read.path)
    except NotRegularFile:
        raise NotReceived("special") from None
    except FileNotFoundError:
        raise NotReceived("gone") from None
    except OSError:
        raise NotReceived("unreadable") from None
    with f:
        while chunk := f.read(1024 * 1024):
            h.update(chunk)
            size += len(chunk)
    sha = h.hexdigest()
    mtime_ns = read.status.st_mtime_ns
    earlier = store.same_arrival(sha, read.key, mtime_ns)
    if earlier is not None:
        return Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True)
    common = _common(read.shown, sha, size, "mappe", None, read.key, mtime_ns)
    rejection = too_large(size)
    checked = Checked(rejection.code, errors=(rejection.msg,))
    return _reject(ws, store, config, common, checked, lambda target: _keep_copy(read.path, target))


def _keep(target: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise write_error(exc, target) from None


def _keep_copy(source: Path, target: Path) -> None:
    """A copy of the large file *source*, streamed from a safe open (the source
    may have turned into a pipe since it was read)."""
    try:
        f, _ = open_regular(source)
    except OSError:
        raise NotReceived("gone") from None
    with f:
        try:
            atomic_write_stream(target, f)
        except OSError as exc:
            raise write_error(exc, target) from None


# -- receipts -----------------------------------------------------------------------------------


def ensure_receipt(ws: Workspace, store: Store, config: Config, record: SubmissionRecord,
                   placed: Placement | None = None) -> Path:
    """Write the receipt for *record* unless it already has one; return its path. *placed*:
    where the roster places the form (None: asked of the store)."""
    if record.receipt_path and (ws.root / record.receipt_path).is_file():
        return ws.root / record.receipt_path
    facts = facts_for(store, config, record, placed)
    text = receipt_text(facts, config.lang)
    path = ws.receipts / receipt_file_name(facts, record.id, config.lang)
    group = groupcommit.current()
    if group is not None:  # written once the record is committed, with the facts as they are now
        group.later(lambda: _write_receipt(ws, store, record, path, text))
    else:
        _write_receipt(ws, store, record, path, text)
    return path


def _write_receipt(ws: Workspace, store: Store, record: SubmissionRecord, path: Path, text: str) -> None:
    _keep(path, text.encode(RECEIPT_ENCODING))
    faults.point("intake.receipt-written")
    if record.status == SubmissionStatus.REJECTED:
        # The unit's file and its receipt side by side, for whoever tidies the quarantine.
        _keep(ws.root / (record.stored_path + ".kvittering.txt"), text.encode(RECEIPT_ENCODING))
    if record.kind == FOLLOWUP:
        store.set_followup_receipt(record.id, path.relative_to(ws.root).as_posix())
    else:
        store.set_receipt(record.id, path.relative_to(ws.root).as_posix())
    faults.point("intake.answered")


def facts_for(store: Store, config: Config, record: SubmissionRecord,
              placed: Placement | None = None) -> ReceiptFacts:
    """The facts of *record*'s receipt: for a valid form, the unit and revision as the
    roster places it now (:mod:`pipeline.core.roster`: the configured spelling, a mapped
    name, or held for the secretariat). *placed*: that placement (None: asked of the store)."""
    status, unit_name, revision, previous = record.status, record.unit_name, record.revision, None
    typed = near = None
    listed = bool(config.expected_units)
    if record.kind == FOLLOWUP:
        # A follow-up form is numbered per unit and year by itself; the roster places mapping forms only.
        if record.status == SubmissionStatus.DUPLICATE and record.duplicate_of is not None:
            original = store.followup(record.duplicate_of)
            revision, previous = original.revision, original.received_at
    elif record.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.HELD, SubmissionStatus.DUPLICATE):
        original = record
        if record.status == SubmissionStatus.DUPLICATE and record.duplicate_of is not None:
            original = store.submission(record.duplicate_of)
            previous = original.received_at
        if placed is None or placed.id != original.id:
            placed = store.roster(config.expected_units).placement(original.id)
        if placed is not None:
            revision = placed.revision
            if record.status != SubmissionStatus.DUPLICATE:
                status = SubmissionStatus.HELD if placed.revision is None else SubmissionStatus.ACCEPTED
            unit_name = placed.typed if placed.revision is None else placed.name
            typed = placed.typed if placed.revision is not None and unit_key(placed.typed) != placed.key else None
            near = placed.near
    return ReceiptFacts(
        municipality=config.municipality,
        original_name=record.original_name,
        received_at=record.received_at,
        sha256=record.sha256,
        status=status,
        unit_name=unit_name,
        revision=revision,
        previous_delivery=previous,
        counts=record.counts,
        barometer_total=len(contract.BAROMETER),
        errors=tuple(record.errors),
        warnings=tuple(record.warnings),
        sender=record.sender,
        typed_name=typed,
        near=near,
        listed=listed,
        container=CONTAINERS.get(Path(record.stored_path).suffix.lower())
        if record.status == SubmissionStatus.REJECTED else None,
        form=record.kind,
        year=getattr(record, "year", None),
    )
