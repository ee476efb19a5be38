"""The inbox folder: what waits there, what is never a form, which files are
complete, and receiving all of them.

:func:`pending_files` lists the files waiting (oldest first), leaving out lock,
hidden and temporary files (:func:`is_ignored`). :class:`Readiness` tells a
file that is complete from one still being copied or open in Excel (watch mode
reads only complete files). :func:`intake` receives every pending file, one
arrival at a time (:mod:`pipeline.intake.receive`), with the next few checked
ahead (:mod:`pipeline.intake.readahead`).
"""

from __future__ import annotations

import logging
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pipeline.config import Config
from pipeline.fileio import remove_stale_temp_files
from pipeline.intake.store import Store
from pipeline.workspace import Workspace

# The readers (openpyxl and the rest) are imported when a file comes: a run with
# an empty inbox, the common rerun, starts without them.
if TYPE_CHECKING:
    from pipeline.intake.receive import Outcome

log = logging.getLogger("iktplan.intake")

#: A file that stays unchanged this long is taken even if its zip does not open
#: (a copy that died halfway): it gets a receipt saying it is damaged.
STUCK_SECONDS = 30.0
#: A form open in Excel (its ``~$`` owner file exists) waits at most this long.
OPEN_MAX_WAIT = 600.0
_ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".zip")


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
    :func:`pipeline.intake.receive.receive_message`). *ready* (None: every file) says
    whether a file may be read now; one that is not stays in the inbox for the next run.
    The caller holds the workspace lock. Raises :class:`~pipeline.forms.reader.UnsafeXmlError`
    before touching anything if there is a file to read and defusedxml is not active."""
    paths = [p for p in pending_files(ws.inbox) if ready is None or ready(p)]
    if paths:
        from pipeline.forms.reader import require_safe_xml

        require_safe_xml()
    # Temporary files of writes a killed run never finished; harmless, but on a
    # Windows share they would show. Safe to remove: we hold the lock.
    archives = [p for p in ws.archive.iterdir() if p.is_dir()] if ws.archive.is_dir() else []
    removed = remove_stale_temp_files(ws.submissions, ws.receipts, ws.quarantine, ws.outbox, *archives)
    if removed:
        log.info("fjernet %d midlertidige filer etter en avbrutt kjøring", removed)
    if not paths:
        return []
    from pipeline.intake.readahead import ReadAhead
    from pipeline.intake.receive import receive_eml_file, receive_file

    outcomes = []
    forms = [p for p in paths if p.suffix.lower() != ".eml"]
    ahead = ReadAhead(forms, config) if len(forms) > 1 else None
    try:
        for path in paths:
            if path.suffix.lower() == ".eml":
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
        self._seen: dict[str, _Seen] = {}
        self._complete: set[tuple[str, int, int]] = set()  # (name, size, mtime_ns) at the last survey

    def survey(self, now: float) -> Survey:
        """Look at every pending file (see the class docstring)."""
        survey = Survey()
        current = {}
        for path in pending_files(self.inbox):
            try:
                st = path.stat()
            except OSError:
                continue  # gone meanwhile (renamed by Excel, or taken by a manual run)
            seen = self._seen.get(path.name)
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                seen = _Seen(st.st_size, st.st_mtime_ns, now)
            current[path.name] = seen
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
        self._complete = {(p.name, current[p.name].size, current[p.name].mtime_ns) for p in survey.complete}
        return survey

    def ready(self, path: Path) -> bool:
        """*path* was complete at the last survey and has not changed since."""
        try:
            st = path.stat()
        except OSError:
            return False
        return (path.name, st.st_size, st.st_mtime_ns) in self._complete

    def forget(self, paths: list[Path]) -> None:
        """*paths* were taken: a file that comes back under the same name is new."""
        for p in paths:
            self._seen.pop(p.name, None)

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
        with path.open("rb") as f:
            head = f.read(4)
    except OSError:
        return False
    if not (path.suffix.lower() in _ZIP_SUFFIXES or head.startswith(b"PK")):
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
        return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
