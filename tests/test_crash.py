"""Kill the pipeline at every step of a run, fill its disk, take away its write
access: nothing is ever lost or recorded twice, and the next run repairs it all.

The kill points are not a hand-written list: a traced ``python -m pipeline run``
of the scenario reports every :mod:`pipeline.faults` point it passes
(``IKTPLAN_FAULT_TRACE``), the test checks that this covers every point placed
in the code, and then a run is killed (SIGKILL, as a power cut or ``kill -9``)
at each of them in turn, followed by a clean run. The killed runs are the CLI's
``run`` in a process forked from a warm helper (the same code as a fresh
``python -m pipeline run``, without 1–2 s of start-up each). By default each
point is hit at its first occurrence while the files are received and again
while the outputs are written; set ``IKTPLAN_CRASH_EVERY_STEP=1`` to kill at
every single occurrence.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline import build
from pipeline.workspace import Workspace
from support.crashrun import Scenario, as_unprivileged, check_nothing_lost, check_repaired, finish, run_cli

ROOT = Path(__file__).resolve().parents[1]
SIGKILLED = -getattr(signal, "SIGKILL", 9)
EVERY_STEP = os.environ.get("IKTPLAN_CRASH_EVERY_STEP") == "1"
#: Points reached only inside the parse worker: killing there is a parser crash, not a run crash.
WORKER_POINTS = {"reader.parse"}
#: Points of other commands than ``run``, each killed by its own test (named here).
OTHER_COMMANDS = {
    "rebuild.written": "tests/test_lager.py (iktplan gjenopprett-lager)",
    "kopier.skrevet": "tests/test_lager_postgresql.py (iktplan kopier-lager)",
    "sekretariat.recorded": "tests/test_sekretariat.py (iktplan koble-enhet)",
    "sekretariat.journal-written": "tests/test_sekretariat.py (iktplan koble-enhet)",
    "sekretariat.receipt-written": "tests/test_sekretariat.py (iktplan koble-enhet)",
}

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="trenger SIGKILL (POSIX)")


# A warm process that forks one ``iktplan run`` per request: the same code as
# ``python -m pipeline run`` in a fresh process (the traced run and the other tests
# use exactly that), without paying 1–2 s of interpreter start and imports for
# each of the many killed runs.
_ZYGOTE = r"""
import io, json, os, sys
from pipeline import cli, faults
from matplotlib.figure import Figure
figure = Figure()  # fonts and renderer loaded once, not in every forked run
figure.add_subplot().bar(["a"], [1])
figure.savefig(io.BytesIO(), format="png")
proto = os.fdopen(os.dup(1), "w")
for line in sys.stdin:
    root, target, log = json.loads(line)
    pid = os.fork()
    if pid == 0:
        out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        if target:
            os.environ["IKTPLAN_FAULT"] = target
        faults.configure()
        code = 0
        try:
            cli.cli.main(["-w", root, "run"], prog_name="iktplan")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    proto.write(json.dumps(os.waitstatus_to_exitcode(status)) + "\n")
    proto.flush()
"""


class Zygote:
    def __init__(self):
        clean = {k: v for k, v in os.environ.items() if not k.startswith("IKTPLAN_FAULT")}
        clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), clean.get("PYTHONPATH")]))
        self.process = subprocess.Popen([sys.executable, "-c", _ZYGOTE], env=clean, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def run(self, root: Path, target: str | None, log: Path, timeout: float = 300) -> tuple[int, str]:
        """``iktplan -w ROOT run`` with ``IKTPLAN_FAULT=TARGET`` in a forked process: (exit code, output)."""
        self.process.stdin.write(json.dumps([str(root), target, str(log)]) + "\n")
        self.process.stdin.flush()
        watchdog = threading.Timer(timeout, self.process.kill)  # never hang the test suite
        watchdog.start()
        try:
            line = self.process.stdout.readline()
        finally:
            watchdog.cancel()
        assert line, "the forking helper died"
        return int(line), log.read_text(errors="replace")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(30)
        self.process.stdout.close()


# --- the scenario ---------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def scenario(request, tmp_path_factory, blank_form) -> Scenario:
    """The scenario with its store in SQLite, and in PostgreSQL (a real server started by the tests)."""
    postgres = request.getfixturevalue("postgres_server") if request.param == "postgresql" else None
    return Scenario(tmp_path_factory.mktemp("scenario") / "ws", blank_form, postgres)


@pytest.fixture(scope="module")
def sqlite_scenario(tmp_path_factory, blank_form) -> Scenario:
    return Scenario(tmp_path_factory.mktemp("scenario") / "ws", blank_form)


@pytest.fixture(scope="module")
def trace(scenario, tmp_path_factory) -> list[tuple[str, bool]]:
    """Every fault point a clean run of the scenario passes, in order: (name, in the run's own process)."""
    where = tmp_path_factory.mktemp("traced")
    ws = scenario.copy(where / "ws")
    log = where / "trace.txt"
    process = run_cli(ws.root, env={"IKTPLAN_FAULT_TRACE": str(log)})
    code, output = finish(process)
    assert code == 0, output
    check_repaired(ws, scenario)
    hits = []
    for line in log.read_text().splitlines():
        name, pid = line.split()
        hits.append((name, int(pid) == process.pid))
    return hits


def placed_points() -> set[str]:
    """Every fault point in the package's source."""
    found = set()
    for source in (ROOT / "pipeline").rglob("*.py"):
        found.update(re.findall(r"""faults\.point\(\s*["']([^"']+)["']""", source.read_text("utf-8")))
    return found


def kill_targets(hits: list[tuple[str, bool]]) -> list[str]:
    """``NAME#N`` for the run's own points: every occurrence (``IKTPLAN_CRASH_EVERY_STEP=1``),
    or by default the first occurrence of each point while receiving files and
    again while writing the outputs (after the last file is received)."""
    own = [name for name, is_own in hits if is_own]
    last_file = max((i for i, name in enumerate(own) if name == "intake.done"), default=-1)
    counts: dict[str, int] = {}
    targets, seen = [], set()
    for i, name in enumerate(own):
        counts[name] = counts.get(name, 0) + 1
        stage = "outputs" if i > last_file else "intake"
        if EVERY_STEP or (stage, name) not in seen:
            targets.append(f"{name}#{counts[name]}")
            seen.add((stage, name))
    return targets


# --- the invariants -------------------------------------------------------------------------


# --- the tests ------------------------------------------------------------------------------


def test_the_traced_run_passes_every_fault_point_in_the_code(trace):
    own = {name for name, is_own in trace if is_own}
    worker = {name for name, is_own in trace if not is_own}
    missing = placed_points() - own - worker - set(OTHER_COMMANDS)
    assert not missing, f"punkter scenariet aldri når: {sorted(missing)}"
    assert worker <= WORKER_POINTS and WORKER_POINTS <= worker
    assert len(kill_targets(trace)) >= len(own)


def test_a_run_killed_at_any_step_is_repaired_by_the_next_run(scenario, trace, tmp_path):
    targets = kill_targets(trace)
    recovery = threading.Lock()  # one in-process run at a time; the killed runs go in parallel
    helpers: list[Zygote] = []
    local = threading.local()

    def one(index_target: tuple[int, str]) -> str | None:
        index, target = index_target
        if not hasattr(local, "zygote"):
            local.zygote = Zygote()
            helpers.append(local.zygote)
        ws = scenario.copy(tmp_path / f"k{index}")
        code, output = local.zygote.run(ws.root, target, tmp_path / f"k{index}.log")
        if code != SIGKILLED:
            return f"{target}: kjøringen ble ikke drept (kode {code}): {output[-500:]}"
        try:
            check_nothing_lost(ws, scenario)
            with recovery:
                build.run(ws)
            check_repaired(ws, scenario)
        except AssertionError as exc:
            return f"{target}: {exc}"
        return None

    try:
        with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
            failures = [f for f in pool.map(one, enumerate(targets)) if f]
    finally:
        for helper in helpers:
            helper.close()
    assert not failures, "\n".join(failures)


# --- disks and write access -----------------------------------------------------------------


def _can(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def tiny_disk_command() -> list[str] | None:
    """A prefix that runs a command in its own mount namespace, where a tiny tmpfs can be
    mounted without touching the machine (as root, or in an unprivileged user namespace)."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return None
    import tempfile

    with tempfile.TemporaryDirectory() as where:
        for prefix in (["unshare", "--mount"], ["unshare", "--user", "--map-root-user", "--mount"]):
            if _can([*prefix, "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", where]):
                return prefix
    return None


def run_on_a_full_disk(ws: Workspace, full: Path) -> tuple[int, str]:
    """``iktplan run`` with *full* on a 64 kB tmpfs that is already full, in a private mount namespace."""
    prefix = tiny_disk_command()
    script = (f'mount -t tmpfs -o size=64k tmpfs "{full}" && '
              f'(head -c 1000000 /dev/zero > "{full}/fyll" 2>/dev/null; true) && '
              f'exec "{sys.executable}" -m pipeline -w "{ws.root}" run')
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IKTPLAN_FAULT")}
    clean["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([*prefix, "sh", "-c", script], env=clean, capture_output=True, text=True, timeout=300)
    return result.returncode, result.stdout + result.stderr


def test_a_full_disk_stops_the_run_with_a_clear_message_and_the_next_run_recovers(sqlite_scenario, tmp_path):
    scenario = sqlite_scenario
    if tiny_disk_command() is None:
        pytest.skip("kan ikke lage et lite filsystem her (trenger unshare og mount i eget navnerom)")
    ws = scenario.copy(tmp_path / "ws")
    # The archive is the first thing a run writes: where a full share bites first.
    # (A write failing after the record — the repair case — is the read-only test below.)
    code, output = run_on_a_full_disk(ws, ws.submissions)
    assert code == 1, output
    assert "ikke plass på disken" in output and "Ingen innleverte filer er tapt" in output
    assert "Traceback" not in output
    check_nothing_lost(ws, scenario)
    assert (ws.inbox / "b.xlsx").exists()  # the file whose write failed is still waiting
    build.run(ws)  # the disk has room again (the tmpfs is gone with its namespace)
    check_repaired(ws, scenario)


def test_a_read_only_outbox_stops_the_run_with_a_clear_message_and_the_next_run_recovers(sqlite_scenario, tmp_path):
    scenario = sqlite_scenario
    ws = scenario.copy(tmp_path / "ws")
    prefix = as_unprivileged()
    if prefix is None:
        pytest.skip("kjører som root uten setpriv: skrivebeskyttelse kan ikke prøves")
    modes = {d: d.stat().st_mode for d in (ws.outbox, ws.receipts, ws.quarantine)}
    for d in modes:
        d.chmod(0o555)
    try:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("IKTPLAN_FAULT")}
        clean["PYTHONPATH"] = str(ROOT)
        result = subprocess.run([*prefix, sys.executable, "-m", "pipeline", "-w", str(ws.root), "run"], env=clean,
                                capture_output=True, text=True, timeout=300)
    finally:
        for d, mode in modes.items():
            d.chmod(mode)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "har ikke lov til å skrive i mappen" in output and "Ingen innleverte filer er tapt" in output
    assert "Traceback" not in output
    check_nothing_lost(ws, scenario)
    build.run(ws)
    check_repaired(ws, scenario)


# --- a message with 30 forms ----------------------------------------------------------------

#: Where a run is killed in a message with 30 forms and a PDF: in the middle of the
#: forms, while the message itself is being kept (after all 30), and with all of it
#: recorded but the .eml not yet removed.
MESSAGE_KILLS = ["intake.recorded#15", "intake.kept#31", "intake.before-unlink#1"]


@pytest.fixture(scope="module")
def message_scenario(tmp_path_factory, blank_form) -> tuple[Path, bytes, list[bytes]]:
    from email import policy
    from email.message import EmailMessage

    from pipeline.forms.formfill import example_unit, fill_form
    from pipeline.workspace import init_workspace

    from support.units import without_unit_list

    where = tmp_path_factory.mktemp("melding")
    ws = without_unit_list(init_workspace(where / "ws"))  # «Enhet 00» … «Enhet 29» count without a list
    shutil.copyfile(blank_form, ws.blank_form)
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "Kari Helse <kari@fjordvik.no>", "Alle skjemaene"
    msg.set_content("Her er de.")
    forms = []
    for i in range(30):
        fill_form(blank_form, where / f"{i}.xlsx", **{**example_unit(), "unit": {**example_unit()["unit"],
                                                                               "enhet": f"Enhet {i:02d}"}})
        forms.append((where / f"{i}.xlsx").read_bytes())
        msg.add_attachment(forms[-1], maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename=f"{i:02d}.xlsx")
    msg.add_attachment(b"%PDF-1.4 brev", maintype="application", subtype="pdf", filename="Følgebrev.pdf")
    data = msg.as_bytes(policy=policy.SMTP)
    (ws.inbox / "Fra helse.eml").write_bytes(data)
    return ws.root, data, forms


@pytest.mark.parametrize("target", MESSAGE_KILLS)
def test_a_run_killed_in_a_message_with_30_forms_is_finished_without_recording_anything_twice(
        message_scenario, tmp_path, target):
    from pipeline.intake.inbox import intake
    from pipeline.intake.store import Store

    base, data, forms = message_scenario
    shutil.copytree(base, tmp_path / "ws")
    ws = Workspace(tmp_path / "ws")
    code, output = finish(run_cli(ws.root, env={"IKTPLAN_FAULT": target}))
    assert code == SIGKILLED, output
    assert (ws.inbox / "Fra helse.eml").read_bytes() == data  # the message stays until all of it is accounted for
    with Store(ws.database) as store:
        intake(ws, store, ws.config())  # the next run's intake
        rows = store.submissions()
    keys = sorted((r.original_name, r.status) for r in rows)
    assert keys == sorted([(f"{i:02d}.xlsx", "godkjent") for i in range(30)] + [("Fra helse.eml", "avvist")]), keys
    for row in rows:
        kept = (ws.root / row.stored_path).read_bytes()
        assert kept == (data if row.original_name == "Fra helse.eml" else forms[int(row.original_name[:2])])
        assert row.sha256 in (ws.root / row.receipt_path).read_text("utf-8-sig")
    assert sorted(p.name for p in ws.receipts.iterdir()) == sorted(Path(r.receipt_path).name for r in rows)
    assert list(ws.inbox.iterdir()) == []
    assert [p for p in ws.root.rglob(".~tmp-*")] == []
