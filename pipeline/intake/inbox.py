"""The inbox folder: receiving everything waiting there, and which files are complete.

:func:`intake` receives every file :func:`pipeline.intake.listing.list_inbox`
finds (subfolders included, oldest first), one arrival at a time
(:mod:`pipeline.intake.receive`; a saved e-mail or Outlook message by
:mod:`pipeline.intake.receivemessage`), with the next few checked ahead
(:mod:`pipeline.intake.readahead`). What is not received is reported, never
passed over in silence: left by the listing (hidden, temporary, a link, a pipe
…) or because it could not be read. :class:`Readiness` tells a file that is
complete from one still being copied or open in Excel (watch mode reads only
complete files).
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pipeline.config import Config
from pipeline.fileio import open_regular, remove_stale_temp_files
from pipeline.forms.sniff import MAX_FILE_BYTES, is_outlook_message
from pipeline.core.names import printable_name
from pipeline.intake.listing import LeftInInbox, is_ignored, list_inbox, pending_files, relative_name
from pipeline.intake.store import Store
from pipeline.workspace import Workspace

# The readers (openpyxl and the rest) are imported when a file is to be read: a run
# with an empty inbox, the common rerun, starts without them.
if TYPE_CHECKING:
    from pipeline.intake.readahead import ReadAhead
    from pipeline.intake.receive import Outcome

__all__ = ["Readiness", "Survey", "intake", "is_ignored", "open_in_editor", "pending_files", "receive_path",
           "zip_opens"]

log = logging.getLogger("iktplan.intake")

#: A file that stays unchanged this long is taken even if its zip does not open
#: (a copy that died halfway): it gets a receipt saying it is damaged.
STUCK_SECONDS = 30.0
#: A form open in Excel (its ``~$`` owner file exists) waits at most this long.
OPEN_MAX_WAIT = 600.0
_ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".zip")
_MESSAGE_SUFFIXES = (".eml", ".msg")


def intake(
    ws: Workspace,
    store: Store,
    config: Config,
    on_outcome: Callable[[Outcome], None] | None = None,
    *,
    ready: Callable[[Path], bool] | None = None,
    on_left: Callable[[LeftInInbox], None] | None = None,
) -> list[Outcome]:
    """Receive every pending file in the inbox; *on_outcome* hears of each as it is done.
    A saved e-mail (``.eml``) or Outlook message (``.msg``) gives one outcome per
    attached form, and one for the message when it is kept (see
    :func:`pipeline.intake.receivemessage.receive_found`). *ready* (None: every
    file) says whether a file may be read now; one that is not stays in the inbox
    for the next run. *on_left* hears of everything left in the inbox and why
    (:class:`~pipeline.intake.listing.LeftInInbox`; None: nobody listens).
    The caller holds the workspace lock. Raises :class:`~pipeline.forms.reader.UnsafeXmlError`
    before touching anything if there is a file to read and defusedxml is not active."""
    listing = list_inbox(ws.inbox)
    paths = [p for p in listing.files if ready is None or ready(p)]
    if paths:
        from pipeline.forms.reader import require_safe_xml

        require_safe_xml()
    # Temporary files of writes a killed run never finished; harmless, but on a
    # Windows share they would show. Safe to remove: we hold the lock.
    archives = [p for p in ws.archive.iterdir() if p.is_dir()] if ws.archive.is_dir() else []
    removed = remove_stale_temp_files(ws.submissions, ws.receipts, ws.quarantine, ws.outbox, *archives)
    if removed:
        log.info("fjernet %d midlertidige filer etter en avbrutt kjøring", removed)
    tell = on_left or (lambda left: None)
    for left in listing.left:
        tell(left)
    outcomes: list[Outcome] = []
    if not paths:
        return outcomes
    from pipeline.intake.readahead import ReadAhead
    from pipeline.intake.receive import NotReceived

    from pipeline.intake import groupcommit

    forms = [p for p in paths if p.suffix.lower() not in _MESSAGE_SUFFIXES]
    ahead = ReadAhead(forms, config) if len(forms) > 1 else None

    def receive(path: Path, done: list[Outcome]) -> None:
        try:
            done += receive_path(ws, store, config, path, ahead=ahead)
        except NotReceived as exc:
            log.info("fil i innboksen ikke lest: %s", exc.reason)
            if ahead is not None and path in forms:
                ahead.passed(path)
            tell(LeftInInbox(printable_name(relative_name(ws.inbox, path)), exc.reason))

    # Forms a few at a time with one commit (pipeline.intake.groupcommit); a message
    # (many forms in one file) on its own, as before. Each is told of once committed.
    groups = _in_groups(paths, groupcommit.SIZE)
    try:
        for group in groups:
            done: list[Outcome] = []
            if len(group) == 1 and group[0].suffix.lower() in _MESSAGE_SUFFIXES:
                receive(group[0], done)
            else:
                with groupcommit.group(store):
                    for path in group:
                        receive(path, done)
            for outcome in done:
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
    finally:
        if ahead is not None:
            ahead.close()
    return outcomes


def _in_groups(paths: list[Path], size: int) -> list[list[Path]]:
    """*paths* in order, as groups of at most *size* forms; each message a group of its own."""
    groups: list[list[Path]] = []
    for path in paths:
        if path.suffix.lower() in _MESSAGE_SUFFIXES:
            groups.append([path])
        elif groups and len(groups[-1]) < size and groups[-1][0].suffix.lower() not in _MESSAGE_SUFFIXES:
            groups[-1].append(path)
        else:
            groups.append([path])
    return groups


def receive_path(ws: Workspace, store: Store, config: Config, path: Path, *, ahead: ReadAhead | None = None
                 ) -> list[Outcome]:
    """Receive the inbox file *path*: a saved e-mail by its name (``.eml``), an
    Outlook message by its bytes (a renamed ``.msg`` too), anything else as a
    form. Raises :class:`~pipeline.intake.receive.NotReceived` if it cannot be read."""
    from pipeline.intake.receive import InboxFile, receive_file

    suffix = path.suffix.lower()
    if suffix == ".eml":
        from pipeline.intake.receivemessage import receive_eml_file  # the email package only when a message comes

        return receive_eml_file(ws, store, config, path)
    if suffix == ".msg":
        from pipeline.intake.message import MAX_MESSAGE_BYTES

        read = InboxFile.read(ws, path, MAX_MESSAGE_BYTES)
    else:
        read = InboxFile.read(ws, path, MAX_FILE_BYTES)
    if is_outlook_message(read.data):
        from pipeline.intake.receivemessage import receive_outlook_file

        if ahead is not None and path in ahead:
            ahead.passed(path)
        return receive_outlook_file(ws, store, config, read)
    return [receive_file(ws, store, config, path, ahead=ahead if path in (ahead or ()) else None, read=read)]


# -- which files are complete -------------------------------------------------------------------


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # when this size and mtime were first seen
    zip_ok: bool = False  # the zip directory opened at this size and mtime


@dataclass(frozen=True)
class Survey:
    """The pending files at one look: complete ones, and those still arriving
    with why (``settling``: changed within the settle time; ``open``: open in
    Excel or LibreOffice; ``unfinished``: a zip whose directory does not open yet)."""

    complete: list[Path] = field(default_factory=list)
    waiting: list[tuple[Path, str]] = field(default_factory=list)


class Readiness:
    """Which files in *inbox* are complete: the same size and modification time
    for at least *settle_seconds*, not open in Excel or LibreOffice (at most
    :data:`OPEN_MAX_WAIT`), and, for a zip such as ``.xlsx``, a central directory
    that opens (at most :data:`STUCK_SECONDS`: then the file is taken anyway, and
    its receipt says it is damaged). Times are ``time.monotonic()`` seconds."""

    def __init__(self, inbox: Path, settle_seconds: float):
        self.inbox = inbox
        self.settle_seconds = settle_seconds
        self._seen: dict[str, _Seen] = {}  # by path: two unit folders may each hold a «Skjema.xlsx»
        self._complete: set[tuple[str, int, int]] = set()  # (path, size, mtime_ns) at the last survey

    def survey(self, now: float) -> Survey:
        """Look at every pending file (see the class docstring)."""
        survey = Survey()
        current = {}
        for path in pending_files(self.inbox):
            try:
                st = path.stat()
            except OSError:
                continue  # gone meanwhile (renamed by Excel, or taken by a manual run)
            seen = self._seen.get(str(path))
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                seen = _Seen(st.st_size, st.st_mtime_ns, now)
            current[str(path)] = seen
            stable_for = now - seen.since
            if stable_for < self.settle_seconds:
                survey.waiting.append((path, "settling"))
            elif open_in_editor(path) and stable_for < OPEN_MAX_WAIT:
                survey.waiting.append((path, "open"))
            elif not self._zip_ok(path, seen) and stable_for < STUCK_SECONDS:
                survey.waiting.append((path, "unfinished"))
            else:
                survey.complete.append(path)
        self._seen = current
        self._complete = {(str(p), current[str(p)].size, current[str(p)].mtime_ns) for p in survey.complete}
        return survey

    def ready(self, path: Path) -> bool:
        """*path* was complete at the last survey and has not changed since."""
        try:
            st = path.stat()
        except OSError:
            return False
        return (str(path), st.st_size, st.st_mtime_ns) in self._complete

    def forget(self, paths: list[Path]) -> None:
        """*paths* were taken: a file that comes back under the same name is new."""
        for p in paths:
            self._seen.pop(str(p), None)

    def _zip_ok(self, path: Path, seen: _Seen) -> bool:
        # Only a success is remembered: a copy that preallocates the file changes its
        # bytes without changing size or (on some shares) modification time.
        if not seen.zip_ok:
            seen.zip_ok = zip_opens(path)
        return seen.zip_ok


def open_in_editor(path: Path) -> bool:
    """Excel's (``~$``) or LibreOffice's (``.~lock.…#``) owner file for *path* exists."""
    name = path.name
    owners = (f"~${name}", f"~${name[2:]}", f".~lock.{name}#")
    return any((path.parent / owner).exists() for owner in owners)


def zip_opens(path: Path) -> bool:
    """True unless *path* should be a zip (by name or first bytes) and its central directory does not open."""
    try:
        f, _ = open_regular(path)  # never a pipe: it would block the watcher
    except OSError:
        return False
    with f:
        try:
            head = f.read(4)
            if not (path.suffix.lower() in _ZIP_SUFFIXES or head.startswith(b"PK")):
                return True
            f.seek(0)
            with zipfile.ZipFile(f) as archive:
                archive.infolist()
            return True
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
