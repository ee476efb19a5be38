"""``iktplan watch`` with real files and a real observer (inotify and polling): the
watcher runs in a thread and is stopped through its stop event. Every wait is
bounded; settle times are short so the suite stays fast."""

from __future__ import annotations

import io
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

from pipeline import build
from pipeline.errors import LockedError
from pipeline.fileio import WorkspaceLock
from pipeline.intake.store import Store
from pipeline.watch import ConsoleReporter, WatchEvent, _Loop, _Wake, watch
from pipeline.workspace import init_workspace

SETTLE = 0.3
OBSERVERS = [pytest.param(False, id="inotify"), pytest.param(True, id="polling")]


@pytest.fixture
def ws(tmp_path):
    return init_workspace(tmp_path / "ws")


@pytest.fixture
def form(make_form) -> bytes:
    return make_form().read_bytes()


def wait_until(predicate, timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Watcher:
    """``watch()`` in a thread; events are collected with the time they arrived."""

    def __init__(self, ws, **kwargs):
        self.ws = ws
        self.stop = threading.Event()
        self.events: list[tuple[float, WatchEvent]] = []
        self.error: BaseException | None = None
        self.summary = None
        kwargs.setdefault("settle_seconds", SETTLE)
        kwargs.setdefault("rescan_seconds", 60)
        self.thread = threading.Thread(target=self._run, kwargs=kwargs, daemon=True)

    def _run(self, **kwargs):
        try:
            self.summary = watch(self.ws, on_event=self._event, stop=self.stop, handle_signals=False, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            self.error = exc

    def _event(self, event: WatchEvent) -> None:
        self.events.append((time.monotonic(), event))

    def of(self, kind: str) -> list[WatchEvent]:
        return [e for _, e in self.events if e.kind == kind]

    def times(self, kind: str) -> list[float]:
        return [t for t, e in self.events if e.kind == kind]

    def __enter__(self):
        self.thread.start()
        wait_until(lambda: self.of("start") or self.error, 10, "the watcher to start")
        if self.error:
            raise self.error
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=20)
        assert not self.thread.is_alive(), "the watcher did not stop"
        if self.error and not exc[0]:
            raise self.error


def records(ws):
    with Store(ws.database) as store:
        return store.submissions()


def variants(form: bytes, n: int) -> list[bytes]:
    """*n* copies of a valid form that differ in their bytes (a document property),
    as if saved at different times: each is a new submission, never a duplicate."""
    out = []
    for i in range(n):
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "docProps/core.xml":
                    data = data.replace(b"</dc:title>", f" (kopi {i})</dc:title>".encode(), 1)
                    assert f"kopi {i}".encode() in data
                dst.writestr(item, data)
        out.append(buffer.getvalue())
    return out


def write_atomically(path: Path, data: bytes) -> None:
    """How a careful copy program delivers: a hidden temporary name, then a rename."""
    tmp = path.with_name(".~kopi-" + path.name)
    tmp.write_bytes(data)
    os.replace(tmp, path)


# -- arrival -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("polling", OBSERVERS)
def test_a_dropped_form_is_received_once_and_the_pipeline_runs(ws, form, polling):
    with Watcher(ws, polling=polling) as w:
        (ws.inbox / "Skjema.xlsx").write_bytes(form)
        wait_until(lambda: w.of("run"), what="a run")
        time.sleep(3 * SETTLE)
    [record] = records(ws)
    assert record.status == "godkjent" and record.original_name == "Skjema.xlsx"
    assert list(ws.inbox.iterdir()) == []
    [line] = [e.message for e in w.of("file")]
    assert line == "Mottatt «Skjema.xlsx»: godkjent – Fjordvik barneskole, revisjon 1."
    assert len(w.of("run")) == 1 and "1 fil, 1 godkjent" in w.of("run")[0].message


@pytest.mark.parametrize("polling", OBSERVERS)
def test_the_secretariat_saving_its_decisions_is_a_reason_to_run_but_the_runs_own_write_is_not(ws, form, polling):
    from support.decisionbooks import edit_decisions

    with Watcher(ws, polling=polling) as w:
        (ws.inbox / "Skjema.xlsx").write_bytes(form)
        wait_until(lambda: w.of("run"), what="a run")
        time.sleep(3 * SETTLE)
        assert len(w.of("run")) == 1  # the run wrote beslutninger.xlsx: no second run for that
        assert any("Laget" in e.message for e in w.of("decisions"))
        edit_decisions(ws.decisions, {"FBS-2": {"Beslutning": "Ta med", "Begrunnelse": "Haster"}})
        wait_until(lambda: len(w.of("version")) >= 2, what="a new version from the decision")
        time.sleep(3 * SETTLE)
    assert len(w.of("run")) == 2
    assert any("1 beslutning fra beslutninger.xlsx er brukt" in e.message for e in w.of("decisions"))


@pytest.mark.parametrize("polling", OBSERVERS)
def test_a_file_moved_into_the_inbox_counts_like_a_created_one(ws, form, tmp_path, polling):
    outside = ws.root / "utenfor.xlsx"
    outside.write_bytes(form)
    with Watcher(ws, polling=polling) as w:
        os.rename(outside, ws.inbox / "Flyttet.xlsx")
        wait_until(lambda: w.of("run"), what="a run")
    assert [r.original_name for r in records(ws)] == ["Flyttet.xlsx"]


@pytest.mark.parametrize("polling", OBSERVERS)
def test_a_slow_copy_is_not_read_until_it_is_complete(ws, form, polling):
    chunks = [form[i: i + len(form) // 8 + 1] for i in range(0, len(form), len(form) // 8 + 1)]
    with Watcher(ws, polling=polling) as w:
        with (ws.inbox / "Treg kopi.xlsx").open("wb") as f:
            for chunk in chunks:  # ~2 s in all, longer than the settle time between writes
                f.write(chunk)
                f.flush()
                time.sleep(0.25)
        copied = time.monotonic()
        wait_until(lambda: w.of("run"), what="a run")
        time.sleep(3 * SETTLE)
    [record] = records(ws)
    assert record.status == "godkjent", record.errors
    assert w.times("run-start")[0] >= copied
    assert len(w.of("run")) == 1


@pytest.mark.slow
@pytest.mark.parametrize("polling", OBSERVERS)
def test_a_burst_of_50_forms_is_a_few_runs_and_each_file_is_taken_once(ws, form, polling):
    names = [f"Skjema {i:02d}.xlsx" for i in range(50)]
    with Watcher(ws, polling=polling) as w:
        for name, data in zip(names, variants(form, 50)):
            write_atomically(ws.inbox / name, data)
        wait_until(lambda: len(records(ws)) >= 50 and not any(ws.inbox.iterdir()), 30, "50 submissions")
        time.sleep(3 * SETTLE)
    got = sorted(r.original_name for r in records(ws))
    assert got == names  # every file exactly once
    assert {r.status for r in records(ws)} == {"godkjent"}
    assert 1 <= len(w.of("run")) <= 3
    assert len(w.of("file")) == 50


def test_an_excel_save_in_the_inbox_is_read_once_excel_is_done(ws, form):
    first, second = variants(form, 2)
    with Watcher(ws) as w:
        owner = ws.inbox / "~$Skjema.xlsx"
        owner.write_bytes(b"\x0bIngrid Berg" + b" " * 150)  # Excel's owner file while the form is open
        (ws.inbox / "Skjema.xlsx").write_bytes(first)
        wait_until(lambda: w.of("waiting"), what="the watcher to notice the open file")
        # Excel saves: a temporary file with a random name, the original renamed away,
        # the temporary file renamed into place, the old one deleted.
        tmp = ws.inbox / "8C3E1A2F"
        with tmp.open("wb") as f:
            f.write(second[:1000])
            f.flush()
            time.sleep(0.1)
            f.write(second[1000:])
        os.rename(ws.inbox / "Skjema.xlsx", ws.inbox / "8C3E1A30.tmp")
        os.rename(tmp, ws.inbox / "Skjema.xlsx")
        (ws.inbox / "8C3E1A30.tmp").unlink()
        time.sleep(2 * SETTLE)
        assert not w.of("run-start"), "the form was taken while Excel still had it open"
        owner.unlink()  # Excel is closed
        wait_until(lambda: w.of("run"), what="a run")
        time.sleep(3 * SETTLE)
    [record] = records(ws)
    assert record.original_name == "Skjema.xlsx"
    assert (ws.root / record.stored_path).read_bytes() == second
    assert "åpen i Excel" in w.of("waiting")[0].message


@pytest.mark.parametrize("polling", OBSERVERS)
def test_lock_and_temporary_files_alone_never_start_a_run(ws, polling):
    names = ["~$Skjema.xlsx", ".~lock.Skjema.xlsx#", "Thumbs.db", "Skjema.xlsx.part", "desktop.ini"]
    with Watcher(ws, polling=polling) as w:
        for name in names:
            (ws.inbox / name).write_bytes(b"x" * 10)
        time.sleep(max(4 * SETTLE, 1.5))
    assert w.of("run-start") == []
    assert sorted(p.name for p in ws.inbox.iterdir()) == sorted(names)
    assert records(ws) == []


def test_a_file_added_during_a_run_is_taken_by_the_next_run(ws, form):
    first, second = variants(form, 2)
    calls = []

    def runner(ws_, **kwargs):
        report = build.run(ws_, **kwargs)
        calls.append([o.record.original_name for o in report.outcomes])
        if len(calls) == 1:
            # Arrives after this run has read the inbox, before the watcher hears it finished.
            write_atomically(ws.inbox / "Under kjøringen.xlsx", second)
            time.sleep(0.2)
        return report

    with Watcher(ws, runner=runner) as w:
        (ws.inbox / "Først.xlsx").write_bytes(first)
        wait_until(lambda: len(w.of("run")) >= 2, what="two runs")
        time.sleep(3 * SETTLE)
    assert calls == [["Først.xlsx"], ["Under kjøringen.xlsx"]]
    assert sorted(r.original_name for r in records(ws)) == ["Først.xlsx", "Under kjøringen.xlsx"]


# -- keeping going -----------------------------------------------------------------------------------


def test_a_failed_run_is_reported_and_watching_continues(ws, form):
    good_config = ws.config_path.read_text("utf-8")
    with Watcher(ws) as w:
        ws.config_path.write_text(good_config.replace("[periode]", "[periode\n"), "utf-8")  # a typo
        (ws.inbox / "Skjema.xlsx").write_bytes(form)
        wait_until(lambda: w.of("error"), what="the failed run")
        assert "strategi.toml har en skrivefeil" in w.of("error")[0].message
        assert (ws.inbox / "Skjema.xlsx").exists()  # nothing lost
        ws.config_path.write_text(good_config, "utf-8")  # fixed: the change is itself a reason to run
        wait_until(lambda: w.of("run"), what="a run after the fix")
    assert [r.original_name for r in records(ws)] == ["Skjema.xlsx"]
    assert w.summary.errors == 1 and w.summary.runs == 1


def test_a_second_watcher_on_the_same_workspace_refuses_to_start(ws):
    with Watcher(ws):
        with pytest.raises(LockedError) as err:
            watch(ws, stop=threading.Event(), handle_signals=False, on_event=lambda e: None)
    assert "«iktplan watch» kjører allerede" in str(err.value) and f"prosess {os.getpid()}" in str(err.value)


def test_a_manual_run_holding_the_workspace_makes_the_watcher_wait(ws, form):
    manual = WorkspaceLock(ws.lock_path)
    manual.acquire()  # as «iktplan run» in another window does for its whole run
    try:
        with Watcher(ws) as w:
            (ws.inbox / "Skjema.xlsx").write_bytes(form)
            wait_until(lambda: w.of("busy"), what="the watcher to find the workspace busy")
            assert records(ws) == []
            manual.release()
            wait_until(lambda: w.of("run"), what="the run after the manual one")
    finally:
        manual.release()
    assert len(records(ws)) == 1 and len(w.of("busy")) == 1


def test_stopping_waits_for_the_run_in_progress(ws, form):
    started, finished = threading.Event(), []
    holder: dict = {}

    def runner(ws_, **kwargs):
        started.set()
        holder["w"].stop.set()  # Ctrl-C arrives in the middle of the run
        time.sleep(0.3)
        report = build.run(ws_, **kwargs)
        finished.append(report)
        return report

    w = Watcher(ws, runner=runner)
    holder["w"] = w
    with w:
        (ws.inbox / "Skjema.xlsx").write_bytes(form)
        assert started.wait(10)
        w.thread.join(timeout=20)
    assert len(finished) == 1 and w.summary.runs == 1
    kinds = [ev.kind for _, ev in w.events]
    assert kinds[-1] == "stop" and kinds.index("run") < kinds.index("stop")
    assert len(records(ws)) == 1 and list(ws.inbox.iterdir()) == []


def test_the_periodic_rescan_finds_a_file_no_event_announced(ws, form):
    # The loop alone, without any observer: only the rescan can find the file.
    events, stop = [], threading.Event()
    loop = _Loop(ws, _Wake(), stop, events.append, build.run, None, rescan_seconds=0.5, settle_seconds=0.1)
    loop.dirty = False
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    try:
        time.sleep(0.1)
        (ws.inbox / "Stille.xlsx").write_bytes(form)
        wait_until(lambda: any(e.kind == "run" for e in events), 10, "the rescan to find the file")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert [r.original_name for r in records(ws)] == ["Stille.xlsx"]


def test_a_damaged_xlsx_that_never_completes_is_answered_in_the_end(ws, monkeypatch):
    from pipeline.intake import inbox as inbox_module

    monkeypatch.setattr(inbox_module, "STUCK_SECONDS", 1.0)
    with Watcher(ws) as w:
        (ws.inbox / "Halv.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 500)  # a copy that died halfway
        wait_until(lambda: w.of("run"), what="the run")
    [record] = records(ws)
    assert record.status == "avvist" and "ferdig kopiert" in str(record.errors[0])
    assert "ser ikke ferdig kopiert ut" in w.of("waiting")[0].message


# -- output ----------------------------------------------------------------------------------------------


def test_plain_output_is_one_time_stamped_line_per_event():
    out = io.StringIO()
    report = ConsoleReporter(out, tty=False)
    report(WatchEvent("run-start", "Kjøring 1 starter (1 ny fil) …"))
    report(WatchEvent("progress", "Samlet modell: 1 enheter"))
    report(WatchEvent("run", "Kjøring 1 ferdig på 0,4 s: 1 fil, 1 godkjent."))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and "\r" not in out.getvalue()
    assert lines[1].endswith("Kjøring 1 ferdig på 0,4 s: 1 fil, 1 godkjent.") and lines[1][2] == ":"


def test_a_terminal_shows_a_spinner_with_the_current_stage_during_a_run():
    out = io.StringIO()
    report = ConsoleReporter(out, tty=True)
    report(WatchEvent("run-start", "Kjøring 1 starter …"))
    report(WatchEvent("progress", "Skriver dokumentene"))
    time.sleep(0.35)
    report(WatchEvent("run", "Kjøring 1 ferdig."))
    text = out.getvalue()
    assert "\r\x1b[K" in text and "Skriver dokumentene" in text
    assert text.rstrip().endswith("Kjøring 1 ferdig.")


def _watch_until(ws, form, args, done, what):
    """Start a watcher process with *args*, drop *form* once it holds the
    workspace, wait for *done*, press Ctrl-C; return (exit code, out, err)."""
    import signal
    import subprocess
    import sys

    from support.signals import default_sigint

    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1], preexec_fn=default_sigint)
    try:
        deadline = time.monotonic() + 20
        while not (ws.store_dir / "watch.lock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        (ws.inbox / "Skjema.xlsx").write_bytes(form)
        wait_until(done, 60, what)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, out, err


def test_ctrl_c_stops_the_watcher_cleanly(ws, form):
    code = (
        "import sys; from pipeline.watch import watch; from pipeline.workspace import open_workspace; "
        "watch(open_workspace(sys.argv[1]), settle_seconds=0.3)"
    )
    rc, out, err = _watch_until(ws, form, ["-c", code, str(ws.root)],
                                lambda: not (ws.inbox / "Skjema.xlsx").exists(), "the form to be taken")
    assert rc == 0, err
    assert "Traceback" not in err and "En kjøring som pågår, blir gjort ferdig først" in err
    assert "Mottatt «Skjema.xlsx»: godkjent" in out and "Stoppet. 1 kjøring, 1 fil mottatt." in out


def test_watch_with_pdf_asks_each_run_for_pdf_documents(ws, form):
    seen = []

    def runner(ws_, *, pdf=False, progress=None, on_outcome=None, ready=None):
        seen.append(pdf)
        return build.run(ws_, progress=progress, on_outcome=on_outcome, ready=ready)  # PDF itself is tested elsewhere

    with Watcher(ws, runner=runner, pdf=True) as w:
        (ws.inbox / "Skjema.xlsx").write_bytes(form)
        wait_until(lambda: w.of("run"), what="a run")
    assert seen == [True]


def test_the_watch_command_takes_a_form_and_stops_on_ctrl_c(ws, form):
    rc, out, err = _watch_until(ws, form, ["-m", "pipeline", "-w", str(ws.root), "watch"],
                                lambda: (ws.outbox / "IKT-strategi.docx").exists(), "the documents")
    assert rc == 0, err
    assert "Traceback" not in err + out
    assert "Følger med på" in out and "Mottatt «Skjema.xlsx»: godkjent" in out and "versjon 1" in out


@pytest.mark.parametrize("polling", OBSERVERS)
def test_a_unit_folder_moved_into_the_inbox_is_received_and_what_stays_is_told_once(ws, form, polling, tmp_path):
    first, second = variants(form, 2)
    outside = tmp_path / "Helse"  # a unit's folder, prepared elsewhere and moved in whole
    (outside / "Sykehjemmet").mkdir(parents=True)
    (outside / "Sykehjemmet" / "Skjema.xlsx").write_bytes(first)
    with Watcher(ws, polling=polling) as w:
        os.rename(outside, ws.inbox / "Helse")
        wait_until(lambda: w.of("run"), what="a run for the moved folder")
        (ws.inbox / "Helse" / "Skjema.xlsx").write_bytes(second)  # the same name in another folder
        (ws.inbox / "Helse" / ".skjult.xlsx").write_bytes(b"x")
        wait_until(lambda: len(w.of("run")) >= 2, what="a second run")
        time.sleep(3 * SETTLE)
    assert sorted(r.original_name for r in records(ws)) == ["Helse/Skjema.xlsx", "Helse/Sykehjemmet/Skjema.xlsx"]
    assert [e.message for e in w.of("left")] == [
        "«Helse/.skjult.xlsx»: skjult (navnet begynner med punktum), så den tas ikke med. Er det et skjema, gi det "
        "et navn uten punktum først."]
    assert sorted(p.name for p in ws.inbox.rglob("*")) == [".skjult.xlsx", "Helse", "Sykehjemmet"]


# -- a person working on the documents while forms arrive -----------------------------------------------


def _edit(path, text: str) -> bytes:
    from docx import Document

    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))
    return path.read_bytes()


@pytest.mark.parametrize("polling", OBSERVERS)
def test_a_late_form_while_someone_edits_the_case_document_keeps_their_edit(ws, make_form, polling):
    from pipeline.documents.outbox import archive_dir

    make_form(name="a.xlsx").replace(ws.inbox / "a.xlsx")
    build.run(ws)
    case = ws.outbox / "Saksframlegg.docx"
    edited = _edit(case, "Kommunedirektørens egen vurdering, skrevet inn for hånd.")
    late = make_form(name="late.xlsx", measures=[])
    with Watcher(ws, polling=polling) as w:
        late.replace(ws.inbox / "Sent skjema.xlsx")
        wait_until(lambda: w.of("version"), what="a new version")
        wait_until(lambda: w.of("note"), what="the note about the edit")
    kept = [p for p in archive_dir(ws.outbox, 1).iterdir() if "redigert" in p.name]
    assert [p.read_bytes() for p in kept] == [edited]  # their bytes, kept
    assert case.read_bytes() == (archive_dir(ws.outbox, 2) / "Saksframlegg.docx").read_bytes()
    assert any("Saksframlegg.docx var endret for hånd" in e.message for e in w.of("note"))


def test_a_late_form_while_the_case_document_is_open_waits_until_it_is_closed(ws, make_form):
    from pipeline.documents.outbox import archive_dir

    make_form(name="a.xlsx").replace(ws.inbox / "a.xlsx")
    build.run(ws)
    case = ws.outbox / "Saksframlegg.docx"
    version_1 = case.read_bytes()
    lock = ws.outbox / ".~lock.Saksframlegg.docx#"
    lock.write_text(",Kari Nordmann,kontor,29.11.2026 14:02,;\n", "utf-8")
    with Watcher(ws) as w:
        make_form(name="late.xlsx", measures=[]).replace(ws.inbox / "Sent skjema.xlsx")
        wait_until(lambda: w.of("version"), what="a new version")
        assert case.read_bytes() == version_1  # not touched while open
        assert any("er åpen i et annet program" in e.message for e in w.of("note"))
        lock.unlink()  # LibreOffice closes the document
        waiting = archive_dir(ws.outbox, 2) / "Saksframlegg.docx"
        wait_until(lambda: case.read_bytes() == waiting.read_bytes(), what="the waiting version to go in")
    assert len(w.of("version")) == 1  # put in place without a new version
