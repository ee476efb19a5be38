"""Two runs on one workspace at once, as real processes: one refuses with a clear
message, readers are never blocked, and the store stays whole. The first run is
held (SIGSTOP, through :mod:`pipeline.faults`) inside the store transaction that
records a revision, so the overlap is certain rather than a race that may not happen."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3

import pytest

from pipeline import build
from pipeline.fileio import WorkspaceLock
from pipeline.errors import LockedError
from support.crashrun import Scenario, check_repaired, finish, rows, run_cli

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="trenger SIGSTOP (POSIX)")

LOCKED = "En annen iktplan-prosess arbeider allerede i denne arbeidsmappen"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def scenario(request, tmp_path_factory, blank_form) -> Scenario:
    """The scenario with its store in SQLite, and in PostgreSQL (a real server started by the tests)."""
    postgres = request.getfixturevalue("postgres_server") if request.param == "postgresql" else None
    return Scenario(tmp_path_factory.mktemp("scenario") / "ws", blank_form, postgres)


def stopped_at(ws, point: str):
    """A real ``iktplan run`` that stops itself (SIGSTOP) at *point*, holding the workspace lock."""
    process = run_cli(ws.root, env={"IKTPLAN_FAULT": point, "IKTPLAN_FAULT_ACTION": "stop"})
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the run ended instead of stopping at {point}"
    return process


def test_a_second_run_refuses_while_the_first_is_working_and_nothing_is_corrupted(scenario, tmp_path):
    ws = scenario.copy(tmp_path / "ws")
    # Held inside the store transaction that records the new revision: both locks taken.
    first = stopped_at(ws, "store.before-commit#1")
    try:
        code, output = finish(run_cli(ws.root))
        assert code == 1 and LOCKED in output and "Traceback" not in output, output
        with pytest.raises(LockedError):
            WorkspaceLock(ws.lock_path).acquire()
        # Readers are not blocked, not even by a transaction left open mid-write, and see only committed rows.
        report = build.status(ws)
        assert [r["inbox_name"] for r in rows(ws)] == ["a.xlsx"] and report.pending == 4
        if scenario.backend == "sqlite":
            db = sqlite3.connect(ws.database, timeout=1)
            assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            db.close()
    finally:
        first.send_signal(signal.SIGCONT)
    code, output = finish(first)
    assert code == 0, output
    check_repaired(ws, scenario)


@pytest.mark.parametrize("scenario", ["postgresql"], indirect=True)
def test_a_second_machine_is_refused_by_the_database_while_the_first_is_working(scenario, tmp_path):
    """Two machines, one PostgreSQL store: the second has a workspace folder of its own
    (a file lock the first cannot see), so only the database's lock can keep it out.
    (One machine per SQLite store: network shares are in tests/test_lager.py.)"""
    ws = scenario.copy(tmp_path / "maskin-a")
    other = tmp_path / "maskin-b"
    shutil.copytree(ws.root, other)  # the same [lager] url, another folder (another machine's view)
    first = stopped_at(ws, "store.before-commit#1")
    try:
        code, output = finish(run_cli(other))
        assert code == 1 and "En annen maskin" in output and "kjører iktplan" in output, output
        assert "Traceback" not in output
        assert [p.name for p in sorted((other / "inbox").iterdir())] == ["b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx"]
    finally:
        first.send_signal(signal.SIGCONT)
    code, output = finish(first)
    assert code == 0, output
    check_repaired(ws, scenario)
