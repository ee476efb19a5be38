"""Named fault-injection points, for proving that a crash at any step loses nothing.

Code that changes durable state marks its steps with :func:`point`::

    faults.point("intake.recorded")

Normally a point does nothing (one test of a module-level ``None``). When the
environment variable ``IKTPLAN_FAULT`` names it, the process kills itself with
SIGKILL there — no ``finally``, no ``atexit``, no flush: what a power cut or
``kill -9`` leaves behind. The crash tests (``tests/test_crash.py``) run
``python -m pipeline run`` once per point and check that the next run repairs
everything.

``IKTPLAN_FAULT`` is ``NAME`` (the first time the point is reached) or
``NAME#N`` (the N-th time, counted per process). ``IKTPLAN_FAULT_ACTION=stop``
stops the process with SIGSTOP instead (to hold a run in the middle, e.g. to
start a second one beside it). With ``IKTPLAN_FAULT_TRACE=FILE`` every point
reached is appended to FILE as ``NAME PID`` lines, so a test can enumerate
every step a real run takes instead of trusting a hand-written list (the PID
tells the run from its parse worker, which has points of its own).

The environment is read once, at import (:func:`configure` reads it again).
"""

from __future__ import annotations

import os
import signal

ENV = "IKTPLAN_FAULT"
ACTION_ENV = "IKTPLAN_FAULT_ACTION"
TRACE_ENV = "IKTPLAN_FAULT_TRACE"


def _parse(value: str | None) -> tuple[str, int] | None:
    if not value:
        return None
    name, _, nth = value.partition("#")
    return name, int(nth) if nth else 1


_target: tuple[str, int] | None = None
_trace: str | None = None
_stop = False
_active = False
_hits: dict[str, int] = {}


def configure(environ: os._Environ | dict[str, str] = os.environ) -> None:
    """Read the fault settings from *environ*. Done once at import; a process
    forked from one that imported this module calls it again (the crash tests
    fork their runs from a warm process to save the start-up time)."""
    global _target, _trace, _stop, _active, _hits
    _target = _parse(environ.get(ENV))
    _trace = environ.get(TRACE_ENV) or None
    _stop = environ.get(ACTION_ENV) == "stop"
    _active = _target is not None or _trace is not None
    _hits = {}


configure()


def point(name: str) -> None:
    """A step worth crashing at. A no-op unless the environment asks for it."""
    if _active:
        _reached(name)


def _reached(name: str) -> None:
    count = _hits[name] = _hits.get(name, 0) + 1
    if _trace is not None:
        # O_APPEND: lines from the run and its parse worker never interleave mid-line.
        fd = os.open(_trace, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, f"{name} {os.getpid()}\n".encode())
        finally:
            os.close(fd)
    if _target is not None and _target == (name, count):
        if _stop:
            os.kill(os.getpid(), signal.SIGSTOP)
        else:
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
