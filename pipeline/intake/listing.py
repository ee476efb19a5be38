"""What waits in the inbox: the files to receive, and what stays there and why.

Units and secretariats organise the inbox as they like: a folder per unit or
service area on a share is common, so files in subfolders (down to
:data:`MAX_DEPTH`) are received like any other; the folders themselves are
never removed. Nothing is passed over in silence except what is never a form:
Excel's and LibreOffice's owner and lock files, and the files and folders the
operating system or the file server keeps for itself (:func:`is_ignored`,
:func:`is_system_folder`). Everything else is received, or listed in
:attr:`InboxListing.left` with a reason code, which ``iktplan run`` and
``iktplan status`` print (:mod:`pipeline.console`):

``hidden``
    a hidden file or folder (name starting with «.»): copy programs write their
    temporary files so (``rsync``: ``.Skjema.xlsx.Ab12``), and taking one half
    written would remove it under the copy's feet;
``temporary``
    a name a program uses while it writes (``.tmp``, ``.part``, ``.crdownload`` …);
``link``
    a symbolic link: never followed (it may point anywhere on the machine);
``special``
    a named pipe, socket or device: opening a pipe to read waits forever;
``too-deep``
    a folder below :data:`MAX_DEPTH`;
``unreadable``
    a file or folder iktplan may not read;
``gone``
    removed between the listing and the reading (reported by the intake,
    :mod:`pipeline.intake.receive`).

A file named only by its extension (``.xlsx``) is no hidden file but a form
whose name was deleted, and is received.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.names import printable_name

#: Levels of subfolders below the inbox that are read (inbox/område/enhet/skjema.xlsx is 2).
MAX_DEPTH = 4
#: Excel's owner file (``~$Skjema.xlsx``) is 165 bytes; a larger ``~$`` file is no owner file.
OWNER_FILE_BYTES = 4096

# Never forms, never worth a word.
_JUNK_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", ".localized", ".directory", "icon\r",
               ".dropbox", ".dropbox.attr"}
_JUNK_PREFIXES = ("._", ".nfs", ".fuse_hidden", ".smbdelete", ".~lock.")  # AppleDouble, NFS/FUSE/Samba leftovers
_SYSTEM_FOLDERS = {"@eadir", "#recycle", "#snapshot", "$recycle.bin", "system volume information", ".snapshot",
                   "~snapshot", ".snapshots", ".trashes", ".git", ".svn", "__macosx", ".sync", ".dropbox.cache"}
_TEMPORARY_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart", "~")
#: Names that are only an extension: a form whose name was deleted, not a hidden file.
BARE_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".xlsb", ".ods", ".csv", ".eml", ".msg", ".pdf", ".zip")


@dataclass(frozen=True)
class LeftInInbox:
    """Something in the inbox that was not received: where it is (relative to the
    inbox, printable; a folder ends with «/») and why (a code; see the module docstring)."""

    name: str
    reason: str


@dataclass(frozen=True)
class InboxListing:
    files: list[Path] = field(default_factory=list)  # to receive, oldest first
    left: list[LeftInInbox] = field(default_factory=list)


def is_ignored(name: str, size: int | None = None) -> bool:
    """Never a form and never reported: owner and lock files of Excel and
    LibreOffice (a ``~$`` file of *size* over :data:`OWNER_FILE_BYTES` is no owner
    file), the system's own files, and receipts."""
    lowered = name.lower()
    if lowered in _JUNK_NAMES or lowered.startswith(_JUNK_PREFIXES) or lowered.endswith(".kvittering.txt"):
        return True
    return name.startswith("~$") and (size is None or size <= OWNER_FILE_BYTES)


def is_system_folder(name: str) -> bool:
    """A folder the file server or the operating system keeps (snapshots, recycle
    bins, thumbnails): never read, never reported."""
    lowered = name.lower()
    return lowered in _SYSTEM_FOLDERS or lowered.startswith(".trash")


def file_reason(name: str, size: int | None = None) -> str | None:
    """Why a plain file named *name* is not received (a code), or None: it is received."""
    lowered = name.lower()
    if name.startswith(".") and lowered not in BARE_SUFFIXES:
        return "hidden"
    if lowered.endswith(_TEMPORARY_SUFFIXES):
        return "temporary"
    return None


def list_inbox(inbox: Path) -> InboxListing:
    """The files in *inbox* and its subfolders to receive, oldest first (so a
    unit's revisions keep their order), and what is left there and why."""
    listing = InboxListing()
    if not inbox.is_dir():
        return listing
    found: list[tuple[int, str, Path]] = []
    _walk(inbox, inbox, 0, found, listing.left)
    listing.files.extend(p for _, _, p in sorted(found))
    return listing


def pending_files(inbox: Path) -> list[Path]:
    """The files waiting in *inbox* (and its subfolders) to be received, oldest first."""
    return list_inbox(inbox).files


def relative_name(inbox: Path, path: Path) -> str:
    """*path* relative to *inbox*, with «/» between folders (the name alone if it is not inside)."""
    try:
        return path.relative_to(inbox).as_posix()
    except ValueError:
        return path.name


def _walk(inbox: Path, folder: Path, depth: int, found: list, left: list[LeftInInbox]) -> None:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        if folder != inbox:
            left.append(_left(inbox, folder, "unreadable", folder=True))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                left.append(_left(inbox, path, "link"))
            elif entry.is_dir(follow_symlinks=False):
                _folder(inbox, path, depth, found, left)
            elif not entry.is_file(follow_symlinks=False):
                left.append(_left(inbox, path, "special"))
            else:
                _file(inbox, path, entry.stat(follow_symlinks=False), found, left)
        except FileNotFoundError:
            continue  # gone since the folder was read: nothing left to tell
        except OSError:
            left.append(_left(inbox, path, "unreadable"))


def _folder(inbox: Path, path: Path, depth: int, found: list, left: list[LeftInInbox]) -> None:
    if is_system_folder(path.name):
        return
    if path.name.startswith("."):
        left.append(_left(inbox, path, "hidden", folder=True))
    elif depth + 1 > MAX_DEPTH:
        left.append(_left(inbox, path, "too-deep", folder=True))
    else:
        _walk(inbox, path, depth + 1, found, left)


def _file(inbox: Path, path: Path, status: os.stat_result, found: list, left: list[LeftInInbox]) -> None:
    if is_ignored(path.name, status.st_size):
        return
    reason = file_reason(path.name, status.st_size)
    if reason is None and not os.access(path, os.R_OK):
        reason = "unreadable"
    if reason is not None:
        left.append(_left(inbox, path, reason))
    else:
        found.append((status.st_mtime_ns, relative_name(inbox, path), path))


def _left(inbox: Path, path: Path, reason: str, *, folder: bool = False) -> LeftInInbox:
    return LeftInInbox(printable_name(relative_name(inbox, path)) + ("/" if folder else ""), reason)
