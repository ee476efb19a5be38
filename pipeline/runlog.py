"""The log file: what each command and each run did, for whoever looks after
iktplan on a server (``iktplan watch`` leaves a record).

``.iktplan/logg/iktplan.log`` in the workspace, rotated at 1 MB with 5 old files
kept (:class:`logging.handlers.RotatingFileHandler`, so at most 6 MB). One line
per event: ISO 8601 time with offset, level, process id and a run id, then the
logger and the message::

    2027-03-15T14:05:09.412+01:00 INFO pid=4711 run=3f9a1c2e iktplan.build: versjon 2 publisert

The run id is one per command; the watcher numbers its runs under it
(``3f9a1c2e.1``, ``3f9a1c2e.2`` …). No personal data: the messages name forms
by the start of their checksum and count things, and a traceback is written
without its exception's text (which may quote a file name or a cell).

Without ``--debug`` nothing of this reaches the terminal; with it, every
logger's lines, in full, also go to stderr.
"""

from __future__ import annotations

import logging
import secrets
import sys
import traceback
from datetime import datetime
from logging.handlers import RotatingFileHandler

from pipeline.workspace import Workspace

LOG_FOLDER = "logg"
LOG_NAME = "iktplan.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s pid=%(process)d run=%(run_id)s %(name)s: %(message)s"

#: This process's run id; the watcher adds its run number.
SESSION = secrets.token_hex(4)
_current = SESSION

_logger = logging.getLogger("iktplan")
_logger.addHandler(logging.NullHandler())  # no handler of ours: nothing on the terminal (not Python's last resort)


def run_id() -> str:
    return _current


def begin_run(number: int | None) -> None:
    """The lines that follow belong to the watcher's run *number* (None: to the
    watcher itself, between runs)."""
    global _current
    _current = SESSION if number is None else f"{SESSION}.{number}"


class _RunId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = _current
        return True


class _Private(logging.Formatter):
    """ISO 8601 times; tracebacks with their frames and the exception's type only."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")

    def formatException(self, ei) -> str:
        kind, _, tb = ei
        return "Traceback (most recent call last):\n" + "".join(traceback.format_tb(tb)) + kind.__name__

    def format(self, record: logging.LogRecord) -> str:
        cached, record.exc_text = record.exc_text, None  # never another handler's full traceback
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


class _Quiet(RotatingFileHandler):
    """A line that cannot be written (disk full, a share gone, a rotation that
    another process's open file blocks on Windows) is lost; the user's terminal
    never shows logging's own traceback for it."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def attach(ws: Workspace) -> logging.Handler | None:
    """Start writing this process's iktplan lines to *ws*'s log file; the
    handler, to :func:`detach` when the command ends. None: the folder cannot
    be written (a read-only share): the command goes on without a log file."""
    folder = ws.store_dir / LOG_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _Quiet(folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(_Private(FORMAT))
    handler.addFilter(_RunId())
    _logger.addHandler(handler)
    if _logger.getEffectiveLevel() > logging.INFO:
        _logger.setLevel(logging.INFO)
    return handler


def detach(handler: logging.Handler) -> None:
    _logger.removeHandler(handler)
    handler.close()


_terminal: logging.Handler | None = None


def configure_terminal(*, debug: bool) -> None:
    """With *debug*, every logger's lines (DEBUG and up, tracebacks in full) also
    go to stderr; without, none do."""
    global _terminal
    root = logging.getLogger()
    if _terminal is not None:
        root.removeHandler(_terminal)
        _terminal = None
    if debug:
        _terminal = logging.StreamHandler(sys.stderr)
        _terminal.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(_terminal)
        root.setLevel(logging.DEBUG)
        _logger.setLevel(logging.DEBUG)
