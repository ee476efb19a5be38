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

An e-mail message (an ``.eml`` file, or one fetched over IMAP) is parsed by
:mod:`pipeline.intake.message`; each attached form then takes the steps above as
bytes, and a message without a form is kept whole in the quarantine the same way.

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

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from pipeline import contract, faults
from pipeline.config import Config
from pipeline.core.model import unit_key
from pipeline.core.receipts import ReceiptFacts, receipt_file_name, receipt_text, safe_name
from pipeline.core.roster import Placement
from pipeline.core.submission import SubmissionStatus
from pipeline.fileio import atomic_copy, atomic_write_bytes, write_error
from pipeline.forms.sniff import MAX_FILE_BYTES, too_large
from pipeline.forms.unitsheet import NOT_ON_LIST
from pipeline.identity import one_line
from pipeline.intake.readahead import ReadAhead
from pipeline.intake.store import Store, SubmissionRecord
from pipeline.intake.worker import Checked, check
from pipeline.workspace import Workspace

# pipeline.intake.message is imported when a message comes: the email package
# would add to the start of every run, and most inboxes hold only forms.
if TYPE_CHECKING:
    from pipeline.intake.message import MailSubmission

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


def receive_file(ws: Workspace, store: Store, config: Config, path: Path, *, ahead: ReadAhead | None = None) -> Outcome:
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
    _leave_inbox(path, outcome.record.sha256)
    return outcome


def _leave_inbox(path: Path, sha: str) -> None:
    """Remove *path*, whose every submission is recorded and answered, from the inbox."""
    faults.point("intake.before-unlink")
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        # Recorded and answered; the next run finds it recorded and only removes it.
        log.warning("kan ikke fjerne fil fra innboksen sha256=%s (%s)", sha[:12], exc.strerror)
    faults.point("intake.done")


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
    if checked.content is None:
        return _reject(ws, store, config, common, checked, lambda target: _keep(target, data), data=data)
    stored = ws.submissions / f"{sha}.xlsx"
    if not stored.exists():
        _keep(stored, data)
    faults.point("intake.kept")
    # Which unit the form counts for, and whether it must wait for the secretariat (pipeline.core.roster):
    # the receipt says that, so the form's own remark on a name not on the list goes.
    ruling = store.rule(config.expected_units, checked.content.unit.name)
    warnings = [w for w in checked.warnings if NOT_ON_LIST not in w]
    record = store.add_submission(
        **common,
        status=ruling.status,
        same_unit=ruling.same_unit if ruling.counts else None,
        unit_key=checked.content.key,
        unit_name=checked.content.unit.name,
        stored_path=stored.relative_to(ws.root).as_posix(),
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


# -- e-mail messages ----------------------------------------------------------------------------


def receive_message(
    ws: Workspace,
    store: Store,
    config: Config,
    data: bytes,
    original_name: str | None = None,
    *,
    arrival: str | None = None,
    arrival_ns: int = 0,
    found: MailSubmission | None = None,
    skip_automatic: bool = False,
) -> list[Outcome]:
    """Record every form attached to the message *data* as a submission from its
    sender; a message with no form is kept in ``outbox/karantene/`` and gets a
    receipt saying so. Returns the outcomes (one per form, or one for the message).

    *arrival* names where the message came from (the ``.eml`` file, or an IMAP
    message) and *arrival_ns* its modification time: a message received again
    after an interrupted run is finished, not recorded twice. ``None``: the
    message's own hash is used. *found*: the message already parsed (None: parsed
    here). With *skip_automatic*, an automatic message (auto-reply, bounce)
    without a form is not recorded; the result is then empty.
    """
    from pipeline.intake.message import message_name, no_form_message, submissions_from_message

    found = found or submissions_from_message(data)
    arrival = arrival or "melding:" + hashlib.sha256(data).hexdigest()[:32]
    outcomes = []
    if found.attachments:
        for index, (name, blob) in enumerate(found.attachments):
            sha = hashlib.sha256(blob).hexdigest()
            key = f"{arrival}#{index + 1}"
            earlier = store.same_arrival(sha, key, arrival_ns)
            if earlier is not None:
                outcomes.append(Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True))
                continue
            outcomes.append(
                receive_bytes(
                    ws, store, config, blob, name, source="epost", sender=found.sender,
                    inbox_name=key, inbox_mtime_ns=arrival_ns, sha256=sha,
                )
            )
        return outcomes
    if skip_automatic and found.automatic:
        log.info("automatisk e-post uten skjema hoppet over")  # no subject: it may name a person
        return []
    checked = Checked("too-large" if found.too_large else "no-form", errors=(no_form_message(found),))
    name = original_name or message_name(found)
    return [_receive_without_form(ws, store, config, data, name, found.sender, checked, arrival, arrival_ns)]


def _receive_without_form(ws, store, config, data: bytes, name: str, sender: str | None, checked: Checked,
                          arrival: str, arrival_ns: int) -> Outcome:
    """A message with no form: kept whole in quarantine (as ``.eml``), recorded as
    rejected from its sender, answered."""
    sha = hashlib.sha256(data).hexdigest()
    key = f"{arrival}#0"
    earlier = store.same_arrival(sha, key, arrival_ns)
    if earlier is not None:
        return Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True)
    common = _common(name, sha, len(data), "epost", sender, key, arrival_ns)
    return _reject(ws, store, config, common, checked, lambda target: _keep(target, data), suffix=".eml", data=data)


def receive_eml_file(ws: Workspace, store: Store, config: Config, path: Path) -> list[Outcome]:
    """Receive an ``.eml`` file from the inbox (see :func:`receive_message`) and
    remove it from the inbox once everything in it is recorded. The message is
    kept whole only when it has no form (in ``outbox/karantene/``)."""
    from pipeline.intake.message import MAX_MESSAGE_BYTES

    stat = path.stat()
    with open(path, "rb") as f:
        data = f.read(MAX_MESSAGE_BYTES + 1)
    if len(data) > MAX_MESSAGE_BYTES:
        return [receive_file(ws, store, config, path)]  # quarantined as too large, like any file
    outcomes = receive_message(
        ws, store, config, data, path.name, arrival=f"fil:{path.name}", arrival_ns=stat.st_mtime_ns
    )
    _leave_inbox(path, outcomes[0].record.sha256)  # the log names the file by its first submission
    return outcomes


# -- receipts -----------------------------------------------------------------------------------


def ensure_receipt(ws: Workspace, store: Store, config: Config, record: SubmissionRecord,
                   placed: Placement | None = None) -> Path:
    """Write the receipt for *record* unless it already has one; return its path. *placed*:
    where the roster places the form (None: asked of the store)."""
    if record.receipt_path and (ws.root / record.receipt_path).is_file():
        return ws.root / record.receipt_path
    facts = facts_for(store, config, record, placed)
    text = receipt_text(facts)
    path = ws.receipts / receipt_file_name(facts, record.id)
    _keep(path, text.encode(RECEIPT_ENCODING))
    faults.point("intake.receipt-written")
    if record.status == SubmissionStatus.REJECTED:
        # The unit's file and its receipt side by side, for whoever tidies the quarantine.
        _keep(ws.root / (record.stored_path + ".kvittering.txt"), text.encode(RECEIPT_ENCODING))
    store.set_receipt(record.id, path.relative_to(ws.root).as_posix())
    faults.point("intake.answered")
    return path


def facts_for(store: Store, config: Config, record: SubmissionRecord,
              placed: Placement | None = None) -> ReceiptFacts:
    """The facts of *record*'s receipt: for a valid form, the unit and revision as the
    roster places it now (:mod:`pipeline.core.roster`: the configured spelling, a mapped
    name, or held for the secretariat). *placed*: that placement (None: asked of the store)."""
    status, unit_name, revision, previous = record.status, record.unit_name, record.revision, None
    typed = near = None
    listed = bool(config.expected_units)
    if record.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.HELD, SubmissionStatus.DUPLICATE):
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
    )
