"""Reading ahead: the next inbox files are checked while the intake records one
(:class:`ReadAhead`, used by :func:`pipeline.intake.inbox.intake`)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from pipeline.config import Config
from pipeline.fileio import open_regular
from pipeline.forms.sniff import MAX_FILE_BYTES
from pipeline.intake.worker import Checked, check


class ReadAhead:
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
                f, _ = open_regular(path)  # never a pipe: it would block this thread for good
                with f:
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

    def __contains__(self, path: Path) -> bool:
        return path in self._index

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
