"""Reading ahead: the next inbox files are checked while the intake records one
(:class:`ReadAhead`, used by :func:`pipeline.intake.inbox.intake`)."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipeline.config import Config
from pipeline.fileio import open_regular
from pipeline.forms.sniff import MAX_FILE_BYTES
from pipeline.intake.worker import Checked, check, parallel


class ReadAhead:
    """Checks the next few inbox files while this process records the one before.

    Recording a form (archive, store, receipt) takes about as long as a worker
    takes to read and validate one, and the two used to take turns. Here
    threads hand the files to the workers (:func:`pipeline.intake.worker.parallel`
    of them at once: the forms are independent) in inbox order, at most
    :data:`AHEAD` files past the one being recorded; the intake takes each
    result when it gets to that file. The check is the very same :func:`check`
    (same workers, same time limit, same retry), so the results are the same.
    A file whose bytes changed since it was read ahead, or that was never
    checked (a duplicate, a repaired arrival), is simply checked or skipped as
    before; a check that ran for nothing costs only time."""

    AHEAD = 4

    def __init__(self, paths: list[Path], config: Config):
        self._paths = paths
        self._members = set(paths)
        self._config = config
        self._pool = ThreadPoolExecutor(parallel(), thread_name_prefix="iktplan-skjemaleser-forut")
        self._futures: dict[Path, Future] = {}
        self._submitted = 0
        self._passed = 0  # files the intake is done with
        self._lock = threading.Lock()
        self._fill()

    def _fill(self) -> None:
        with self._lock:
            while self._submitted < len(self._paths) and self._submitted - self._passed < self.AHEAD:
                path = self._paths[self._submitted]
                self._futures[path] = self._pool.submit(self._check, path)
                self._submitted += 1

    def _check(self, path: Path) -> tuple[str, Checked | None, BaseException | None] | None:
        try:
            f, _ = open_regular(path)  # never a pipe: it would block this thread for good
            with f:
                data = f.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None  # the intake will tell
        if len(data) > MAX_FILE_BYTES:
            return None
        sha = hashlib.sha256(data).hexdigest()
        try:
            return sha, check(data, self._config), None
        except BaseException as exc:  # noqa: BLE001 - raised where the intake takes the result
            return sha, None, exc

    def __contains__(self, path: Path) -> bool:
        return path in self._members

    def take(self, path: Path, data: bytes, config: Config) -> Checked:
        """The check of *data*, read from *path*: the one made ahead if it was made
        of these very bytes, otherwise made now."""
        with self._lock:
            future = self._futures.pop(path, None)
        entry = future.result() if future is not None else None
        if entry is not None and config is self._config and entry[0] == hashlib.sha256(data).hexdigest():
            _, checked, error = entry
            if error is not None:
                raise error
            return checked
        return check(data, config)

    def passed(self, path: Path) -> None:
        """The intake is done with *path* (the next file may be read ahead)."""
        with self._lock:
            self._passed += 1
            self._futures.pop(path, None)
        self._fill()

    def close(self) -> None:
        """Stop reading ahead; wait for the checks under way (they hold a worker)."""
        with self._lock:
            self._submitted = len(self._paths)  # nothing more is started
            futures = list(self._futures.values())
            self._futures.clear()
        for future in futures:
            future.cancel()
        self._pool.shutdown(wait=True)
