"""The log file: every run and every watcher leaves a record in
``.iktplan/logg/iktplan.log`` – time, level, process id and run id on every
line – with no personal data, rotated so it never grows without bound."""

from __future__ import annotations

import logging
import re
import threading
from datetime import datetime

from click.testing import CliRunner

from pipeline import runlog
from pipeline.cli import cli
from pipeline.forms.formfill import example_unit
from pipeline.watch import watch
from pipeline.workspace import open_workspace
from support.workspaces import forms_in_inbox, iktplan, new_workspace

LINE = re.compile(r"^(\S+) (INFO|WARNING|ERROR|DEBUG) pid=(\d+) run=([0-9a-f]{8}(?:\.\d+)?) ([\w.]+): (.*)$")


def log_lines(ws) -> list[re.Match]:
    text = (ws / ".iktplan" / "logg" / "iktplan.log").read_text("utf-8")
    lines = [LINE.match(line) for line in text.splitlines() if not line.startswith(("Traceback", "  "))]
    assert all(lines), text
    return lines


def test_a_run_in_a_real_process_leaves_dated_lines_with_its_process_and_run(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    forms_in_inbox(ws, make_form, config, 2)
    done = iktplan("run", "-w", ws)
    assert done.returncode == 0, done.stderr
    lines = log_lines(ws)
    assert len({m.group(3) for m in lines}) == 1 and len({m.group(4) for m in lines}) == 1
    for m in lines:
        assert datetime.fromisoformat(m.group(1)).tzinfo is not None
    messages = [m.group(6) for m in lines]
    assert messages[0].startswith("start kommando=run")
    assert sum(1 for t in messages if t.startswith("godkjent sha256=")) == 2
    assert any(t.startswith("kjøring ferdig filer=2 godkjent=2 avvist=0") for t in messages)
    assert messages[-1].startswith("slutt kode=0")
    # a second run is a second run id, in the same file
    iktplan("run", "-w", ws)
    assert len({m.group(4) for m in log_lines(ws)}) == 2


def test_the_log_names_no_person_unit_file_or_cell(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    forms_in_inbox(ws, make_form, config, 2)
    bad = make_form("feil.xlsx", measures=[{"Nr": 1, "Tiltak": "Hemmelig tiltak", "Tidsrom": "en gang"}])
    (ws / "inbox" / "Per Hansens skjema.xlsx").write_bytes(bad.read_bytes())
    (ws / "inbox" / "Kari Nordmann.xlsx").write_bytes(b"not a workbook")
    iktplan("run", "-w", ws)
    text = (ws / ".iktplan" / "logg" / "iktplan.log").read_text("utf-8")
    for private in ("Per Hansen", "Kari", "Nordmann", "Fjordvik", "barneskole", "Ingrid", "@", ".xlsx",
                    "Hemmelig", "en gang", "Kartleggingsskjema"):
        assert private not in text, private
    assert "avvist sha256=" in text


def test_an_unexpected_error_is_logged_with_its_frames_but_not_its_text(tmp_path, monkeypatch):
    ws = new_workspace(tmp_path / "ws")

    secret = "Kari Nordmann.xlsx, celle B7: «hemmelig»"

    def boom(*a, **k):
        raise ValueError(secret)

    monkeypatch.setattr("pipeline.build.run", boom)
    result = CliRunner().invoke(cli, ["run", "-w", str(ws)])
    assert result.exit_code == 1
    text = (ws / ".iktplan" / "logg" / "iktplan.log").read_text("utf-8")
    assert "ERROR" in text and "uventet feil ValueError" in text and "Traceback" in text and 'in boom' in text
    assert "Kari" not in text and "hemmelig" not in text


def test_the_watcher_numbers_its_runs_under_its_own_id(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    workspace = open_workspace(ws)
    forms_in_inbox(ws, make_form, config, 1)
    second = make_form("andre.xlsx", unit={**example_unit()["unit"], "enhet": "NAV Fjordvik",
                                           "tjenesteomrade": config.expected_units[-1].service_area})
    handler = runlog.attach(workspace)
    stop = threading.Event()
    runs = []

    def on_event(event):
        if event.kind == "run":
            runs.append(event)
            if len(runs) == 1:
                (ws / "inbox" / "andre.xlsx").write_bytes(second.read_bytes())
            else:
                stop.set()

    try:
        thread = threading.Thread(target=watch, args=(workspace,),
                                  kwargs=dict(on_event=on_event, stop=stop, settle_seconds=0.2, rescan_seconds=600))
        thread.start()
        thread.join(timeout=180)
    finally:
        stop.set()
        runlog.detach(handler)
    runs = [m.group(4) for m in log_lines(ws)]
    assert f"{runlog.SESSION}.1" in runs and f"{runlog.SESSION}.2" in runs and runlog.SESSION in runs
    messages = [m.group(6) for m in log_lines(ws)]
    assert messages[0].startswith("følger med") and messages[-1].startswith("stoppet kjøringer=2")


def test_the_log_rotates_and_keeps_five_old_files(tmp_path, monkeypatch):
    ws = open_workspace(new_workspace(tmp_path / "ws"))
    monkeypatch.setattr(runlog, "MAX_BYTES", 2000)
    handler = runlog.attach(ws)
    try:
        for i in range(400):
            logging.getLogger("iktplan.test").info("linje %d %s", i, "x" * 40)
    finally:
        runlog.detach(handler)
    folder = ws.store_dir / "logg"
    assert sorted(p.name for p in folder.iterdir()) == ["iktplan.log"] + [f"iktplan.log.{i}" for i in range(1, 6)]
    assert all(p.stat().st_size <= 2200 for p in folder.iterdir())


def test_a_log_folder_that_cannot_be_written_does_not_stop_the_command(tmp_path):
    ws = open_workspace(new_workspace(tmp_path / "ws"))
    (ws.store_dir / "logg").write_text("a file where the folder should be", "utf-8")
    result = CliRunner().invoke(cli, ["status", "-w", str(ws.root)])
    assert result.exit_code == 0
    assert runlog.attach(ws) is None
