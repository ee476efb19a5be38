"""Durable file writes, safe reads of files from outside, and the workspace lock.

Every output goes through one writer, :func:`atomic_write_bytes` (or its text
and copy twins): the data is written to a temporary file in the same folder,
flushed to disk, given its mode, and renamed over the target, so a reader — or
Word opening the file on a share — sees the old file or the new one, never half
of one.

One rule for the mode: a file that is replaced keeps its mode; a new file gets
what the process's umask gives a normal new file (colleagues on a shared folder
can read it; ``mkstemp`` alone would make it private).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO, Callable, Iterator

from pipeline import faults
from pipeline.errors import LockedError, WorkspaceError
from pipeline.i18n import Msg

TEMP_PREFIX = ".~tmp-"  # every temporary file of an atomic write starts so


class ReplaceError(OSError):
    """The new file was written in full but could not take the old one's place
    (on Windows: the old one is open in another program). The temporary file is
    gone and the old file is untouched."""


def fsync_dir(path: Path) -> None:
    """Make a rename in *path* durable (a no-op where directories can't be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Deferred(threading.local):
    dirs: list[Path] | None = None


_deferred = _Deferred()


@contextmanager
def defer_dir_sync() -> Iterator[None]:
    """Inside, an atomic write in this thread leaves its folder's sync to
    :func:`sync_deferred_dirs` (each file's own data is still synced as it is
    written): one sync per folder for many files. Until then a rename may be
    lost in a power cut, so the caller syncs before anything depends on them."""
    if _deferred.dirs is not None:
        yield
        return
    _deferred.dirs = []
    try:
        yield
    finally:
        _deferred.dirs = None


def sync_deferred_dirs() -> None:
    """Sync every folder an atomic write left unsynced (see :func:`defer_dir_sync`)."""
    dirs = _deferred.dirs or []
    for path in dict.fromkeys(dirs):
        fsync_dir(path)
    dirs.clear()


def _umask_at_import() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK_AT_IMPORT = _umask_at_import()


def _umask() -> int:
    """The process umask now, read without changing it where the system shows it
    (Linux); elsewhere as it was at import (``os.umask`` can only be read by
    setting it, which would race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return _UMASK_AT_IMPORT


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _temp_written() -> None:
    faults.point("fileio.temp-written")


def _replaced() -> None:
    faults.point("fileio.replaced")


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    written: Callable[[], None] = _temp_written,
    replaced: Callable[[], None] = _replaced,
) -> Path:
    """Write *data* to *path* atomically (see the module docstring). *written* and
    *replaced* are the fault points before and after the rename (a caller with
    points of its own names them). Raises :class:`ReplaceError` if the rename
    fails, any other ``OSError`` if the temporary file cannot be made or written."""
    return _atomic_write(path, lambda f: f.write(data), written, replaced)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_copy(src: Path, dst: Path) -> Path:
    """Copy *src* to *dst* atomically, in chunks: a large file is never held in memory."""

    def copy(f: IO[bytes]) -> None:
        with open(src, "rb") as source:
            shutil.copyfileobj(source, f, 1024 * 1024)

    return _atomic_write(dst, copy, _temp_written, _replaced)


def atomic_write_stream(dst: Path, source: IO[bytes]) -> Path:
    """Write what remains of the open file *source* to *dst* atomically, in chunks."""
    return _atomic_write(dst, lambda f: shutil.copyfileobj(source, f, 1024 * 1024), _temp_written, _replaced)


def _atomic_write(
    path: Path, write: Callable[[IO[bytes]], object], written: Callable[[], None], replaced: Callable[[], None]
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=path.parent)
    try:
        mode = _mode_for(path)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        if not hasattr(os, "fchmod"):
            os.chmod(tmp, mode)
        written()
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ReplaceError(exc.errno, exc.strerror, exc.filename, None, exc.filename2) from exc
        replaced()
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if _deferred.dirs is not None:
        _deferred.dirs.append(path.parent)
    else:
        fsync_dir(path.parent)
    return path


class NotRegularFile(OSError):
    """The path is not a plain file: a folder, a symbolic link, a named pipe, a
    socket or a device."""


_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """*path* opened for reading, with its status, if it is a plain file. A file
    from outside (the inbox) may have become a symbolic link, a named pipe or a
    device since it was listed: a link is not followed, and a pipe is opened
    without waiting for a writer (a blocking open would wait forever) and then
    refused. Raises :class:`NotRegularFile`, or the ``OSError`` of the open
    (``FileNotFoundError``: gone; ``PermissionError``: no read access)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, getattr(errno, "EMLINK", errno.ELOOP)):
            raise NotRegularFile(exc.errno, "ikke en vanlig fil", str(path)) from None
        raise
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(errno.EINVAL, "ikke en vanlig fil", str(path))
        return os.fdopen(fd, "rb"), status
    except BaseException:
        os.close(fd)
        raise


def remove_stale_temp_files(*directories: Path) -> int:
    """Remove the temporary files a killed process left in *directories* (not
    recursive); return how many. Call only while holding the workspace lock:
    then no other process can be in the middle of writing one."""
    removed = 0
    for directory in directories:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIX) and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                    removed += 1
                except OSError:
                    pass
    return removed


def open_elsewhere(path: Path) -> str | None:
    """The program that has *path* open for editing, from the lock file it
    leaves beside it: «LibreOffice» (``.~lock.NAME#``) or «Excel» (``~$NAME``,
    or ``~$`` over the name's first two letters); None when there is none.
    (Excel on Windows also locks the file itself; a replace then fails with
    :class:`ReplaceError`.)"""
    folder, name = path.parent, path.name
    if (folder / f".~lock.{name}#").exists():
        return "LibreOffice"
    if (folder / f"~${name}").exists() or (len(name) > 2 and (folder / f"~${name[2:]}").exists()):
        return "Excel"
    return None


def keep_copy(path: Path, folder: Path, stamp: str, keep: int) -> Path:
    """Copy *path* into *folder* as ``<stem>-<stamp><suffix>`` (atomically) and
    remove the oldest such copies beyond the newest *keep*; return the copy."""
    copy = atomic_copy(path, folder / f"{path.stem}-{stamp}{path.suffix}")
    copies = sorted(folder.glob(f"{path.stem}-*{path.suffix}"))
    for old in copies[:-keep] if keep > 0 else []:
        try:
            old.unlink()
        except OSError:
            pass
    return copy


_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_ACCESS = {errno.EACCES, errno.EPERM, errno.EROFS}


def office_lock(path: Path) -> Path | None:
    """The lock file that says *path* is open in Word, Excel or LibreOffice, or
    None. Word and Excel write an owner file ``~$`` + the name (Word cuts one or
    two characters off the start of a long name: ``~$ksframlegg.docx``);
    LibreOffice writes ``.~lock.<name>#``. On Windows the open file itself also
    refuses to be replaced; elsewhere these files are the only sign."""
    path = Path(path)
    name = path.name
    cut = [name[n:] for n in (1, 2) if len(path.stem) > 6]
    for candidate in (f".~lock.{name}#", f"~${name}", *(f"~${rest}" for rest in cut)):
        lock = path.with_name(candidate)
        if lock.is_file():
            return lock
    return None


def write_error(exc: OSError, path: Path) -> WorkspaceError:
    """The Norwegian message for a write to *path* that failed with *exc*: a full
    disk, a read-only folder, or something else. Every caller keeps its inputs,
    so the message can promise that nothing is lost."""
    kept = Msg("Ingen innleverte filer er tapt; det som ikke ble ferdig, behandles neste gang iktplan kjøres.")
    if exc.errno in _NO_SPACE:
        return WorkspaceError(Msg(
            "Det er ikke plass på disken til å skrive {path}. Frigjør plass (eller be IT om mer plass "
            "på fellesområdet) og kjør på nytt. {kept}", path=str(path), kept=kept,
        ))
    if exc.errno in _NO_ACCESS:
        return WorkspaceError(Msg(
            "iktplan har ikke lov til å skrive i mappen {folder} (den er skrivebeskyttet, eller du mangler "
            "skrivetilgang). Gi skrivetilgang til mappen og kjør på nytt. {kept}", folder=str(path.parent), kept=kept,
        ))
    return WorkspaceError(Msg("Kan ikke skrive {path}: {reason}. {kept}", path=str(path),
                              reason=str(exc.strerror or exc), kept=kept))


class WorkspaceLock:
    """An exclusive, non-blocking lock on the workspace, held for a whole run.

    The operating system releases it if the process dies, so a crash never leaves
    a stale lock behind."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise WorkspaceError(Msg("Kan ikke lage låsefila {path}: {reason}.", path=str(self.path),
                                     reason=str(exc.strerror))) from None
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise LockedError(Msg(
                "En annen iktplan-prosess arbeider allerede i denne arbeidsmappen. "
                "Vent til den er ferdig, eller stopp den (f.eks. «iktplan watch» i et annet vindu)."
            )) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> WorkspaceLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
