"""``iktplan watch``: keep the documents up to date while forms arrive.

A watchdog observer (inotify, or polling for network shares) marks the inbox as
changed; the loop then waits until every waiting file is *complete*
(:class:`pipeline.intake.inbox.Readiness`: settled, not open in Excel, a zip that
opens) and runs the whole pipeline once for everything that arrived
(:func:`pipeline.build.run`). A burst of fifty forms is one run, or a few. A
full rescan every ``rescan_seconds`` is the backstop for events a network share
never sends.

Locks. ``build.run`` takes the workspace's run lock for each run, so a manual
``iktplan run`` while watching simply waits its turn (the watcher retries when it
finds the lock taken). The watcher itself holds a second lock, ``.iktplan/watch.lock``,
for as long as it watches, so a second ``iktplan watch`` on the same workspace
refuses to start.

Stopping. Ctrl-C (or SIGTERM) sets the stop flag; the run in progress finishes,
then the watcher stops. A second Ctrl-C interrupts at once.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from pipeline import build, console, runlog
from pipeline.console import ConsoleReporter, WatchEvent
from pipeline.errors import ConfigError, IktplanError, LockedError
from pipeline.fileio import WorkspaceLock
from pipeline.i18n import Msg
from pipeline.forms.reader import require_safe_xml
from pipeline.core.names import printable_name
from pipeline.intake.inbox import Readiness, pending_files
from pipeline.intake.listing import relative_name
from pipeline.intake.receive import Outcome
from pipeline.intake.worker import kept_running
from pipeline.mail.settings import MailSettings, mail_settings
from pipeline.workspace import Workspace

__all__ = ["ConsoleReporter", "Runner", "WatchEvent", "WatchSummary", "watch"]

log = logging.getLogger("iktplan.watch")

#: After finding the run lock taken by another process, try again after this long.
BUSY_RETRY = 2.0
_INTERESTING = ("created", "modified", "moved", "closed", "deleted")


@dataclass
class WatchSummary:
    runs: int = 0
    files: int = 0
    errors: int = 0


class Runner(Protocol):
    """Runs the pipeline once, as :func:`pipeline.build.run` does (its default):
    *pdf* as there; *progress* hears each stage, *on_outcome* each file received,
    and only the files *ready* accepts are read."""

    def __call__(
        self,
        ws: Workspace,
        *,
        pdf: bool,
        progress: Callable[[str], None],
        on_outcome: Callable[[Outcome], None],
        ready: Callable[[Path], bool],
    ) -> build.RunReport: ...


def watch(
    ws: Workspace,
    *,
    polling: bool = False,
    mail: bool = False,
    pdf: bool = False,
    rescan_seconds: float = 60.0,
    settle_seconds: float = 1.0,
    on_event: Callable[[WatchEvent], None] | None = None,
    stop: threading.Event | None = None,
    runner: Runner = build.run,
    handle_signals: bool | None = None,
) -> WatchSummary:
    """Watch *ws* until *stop* is set (or Ctrl-C). Returns what was done.

    *polling*: use the polling observer (network shares). *mail*: also fetch mail
    every *rescan_seconds* (``[epost]`` must be configured). *pdf*: the runs also
    write the documents as PDF. *on_event* hears every
    :class:`WatchEvent` (``None``: printed by a :class:`ConsoleReporter` on stdout).
    *runner* runs the pipeline once (see :class:`Runner`).
    *handle_signals*: install the Ctrl-C/SIGTERM handlers (``None``: only when
    called in the main thread). Raises :class:`LockedError` if another watcher
    holds the workspace.
    """
    if rescan_seconds <= 0 or settle_seconds <= 0:
        raise ValueError("rescan_seconds and settle_seconds must be positive")
    require_safe_xml()  # before watching, not at the first file
    emit = on_event or ConsoleReporter()
    stop = stop or threading.Event()
    ws.config()  # a broken strategi.toml is reported before anything starts
    ws.ensure_dirs()
    settings = None
    if mail:
        settings = mail_settings(ws.config(), ws.root)
        if settings is None or settings.imap_server is None:
            raise ConfigError(Msg("«--mail» krever [epost] med «imap_server» og «imap_bruker» i strategi.toml."))
    lock = _watch_lock(ws)
    wake = _Wake()
    observer = None
    restore = None
    try:
        observer, polled = _start_observer(ws, wake, polling, settle_seconds)
        if handle_signals is None:
            handle_signals = threading.current_thread() is threading.main_thread()
        if handle_signals:
            restore = _install_signals(stop)
        emit(WatchEvent("start", console.watch_started(ws.inbox, mail, polled)))
        log.info("følger med polling=%s epost=%s intervall=%g", polled, mail, rescan_seconds)
        from pipeline.workspace import EXAMPLE_CONFIG, is_example_config

        if is_example_config(ws):
            emit(WatchEvent("note", console.lang_of(None).render(EXAMPLE_CONFIG)))
        loop = _Loop(ws, wake, stop, emit, runner, settings, rescan_seconds, settle_seconds, pdf)
        with kept_running():  # the form checkers stay up between runs: the next form comes soon
            loop.run()
        emit(WatchEvent("stop", console.watch_stopped(loop.summary.runs, loop.summary.files)))
        log.info("stoppet kjøringer=%d filer=%d feil=%d", loop.summary.runs, loop.summary.files, loop.summary.errors)
        return loop.summary
    finally:
        if restore is not None:
            restore()
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
        lock.release()


def _watch_lock(ws: Workspace) -> WorkspaceLock:
    path = ws.store_dir / "watch.lock"
    lock = WorkspaceLock(path)
    try:
        lock.acquire()
    except LockedError:
        try:
            pid = path.read_text("ascii").strip()
        except OSError:
            pid = ""
        if pid.isdigit():
            raise LockedError(Msg(
                "«iktplan watch» kjører allerede for arbeidsmappen {folder} (prosess {pid}). Det holder med én: stopp "
                "den andre med Ctrl+C i vinduet der den kjører før du starter en ny.", folder=str(ws.root), pid=pid
            )) from None
        raise LockedError(Msg(
            "«iktplan watch» kjører allerede for arbeidsmappen {folder}. Det holder med én: stopp den "
            "andre med Ctrl+C i vinduet der den kjører før du starter en ny.", folder=str(ws.root)
        )) from None
    return lock


# -- events -----------------------------------------------------------------------------------------


class _Wake:
    """Events from the observer thread, handed to the loop."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._inbox = 0
        self._config = False
        self.outbox = False  # a lock file in outbox/ came or went: a waiting document may go in now
        self.last_event = 0.0
        self._decisions = False
        #: beslutninger.xlsx as the last run left it ((size, mtime) or None): the run's own
        #: write of it is no change to react to, the secretariat's next save is.
        self.decisions_left: tuple[int, int] | None = None

    def note_outbox(self) -> None:
        with self._cond:
            self.outbox = True
            self._cond.notify_all()

    def note(self, config: bool, decisions: bool = False) -> None:
        with self._cond:
            if decisions:
                self._decisions = True
            elif config:
                self._config = True
            else:
                self._inbox += 1
            self.last_event = time.monotonic()
            self._cond.notify_all()

    def wait(self, timeout: float) -> None:
        with self._cond:
            if not self._inbox and not self._config and not self._decisions and not self.outbox:
                self._cond.wait(timeout)

    def drain(self, decisions_now: tuple[int, int] | None = None) -> tuple[int, bool, bool]:
        """(inbox events, strategi.toml changed, beslutninger.xlsx changed). The
        decisions workbook counts as changed only when it is not as the last run
        left it (*decisions_now*: its (size, mtime) now)."""
        with self._cond:
            result = (self._inbox, self._config, self._decisions and decisions_now != self.decisions_left)
            self._inbox, self._config, self._decisions = 0, False, False
            return result


class _Handler(FileSystemEventHandler):
    def __init__(self, ws: Workspace, wake: _Wake):
        self.inbox = os.path.normcase(os.path.abspath(ws.inbox))
        self.outbox = os.path.normcase(os.path.abspath(ws.outbox))
        self.config = os.path.normcase(os.path.abspath(ws.config_path))
        # The secretariat saving beslutninger.xlsx is an input change like the configuration.
        self.decisions = os.path.normcase(os.path.abspath(ws.decisions))
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Opened/closed-without-writing come from our own reading: they must not wake us.
        # A folder counts only when it appears (a unit's folder moved in, files and all).
        if event.event_type not in _INTERESTING or (event.is_directory and event.event_type not in ("created", "moved")):
            return
        paths = [event.src_path]
        if event.event_type == "moved":
            paths = [event.dest_path]  # moved *in* counts; moved away is nothing to do
        if event.event_type in ("deleted", "moved"):
            # Word or LibreOffice closing a document in outbox/ removes (or renames) its lock file.
            name = os.path.basename(os.fsdecode(event.src_path))
            where = os.path.normcase(os.path.abspath(os.path.dirname(os.fsdecode(event.src_path))))
            if where == self.outbox and (name.startswith("~$") or name.startswith(".~lock.")):
                self.wake.note_outbox()
            if event.event_type == "deleted":
                return  # a file gone from the inbox is nothing to do
        for raw in paths:
            path = os.path.normcase(os.path.abspath(os.fsdecode(raw)))
            if path == self.config:
                self.wake.note(config=True)
            elif path == self.decisions:
                self.wake.note(config=True, decisions=True)
            elif path.startswith(self.inbox + os.sep):  # in the inbox or one of its subfolders
                self.wake.note(config=False)


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _start_observer(ws: Workspace, wake: _Wake, polling: bool, settle: float):
    """The running observer, and whether it polls (True) or hears the file system's events."""
    handler = _Handler(ws, wake)

    def start(observer):
        observer.schedule(handler, str(ws.inbox), recursive=True)
        observer.schedule(handler, str(ws.root), recursive=False)
        observer.schedule(handler, str(ws.outbox), recursive=False)
        observer.start()
        return observer

    if not polling:
        try:
            return start(Observer()), False
        except OSError as exc:
            log.warning("filsystemvarsler virker ikke (%s); bruker polling", exc.strerror or type(exc).__name__)
    return start(PollingObserver(timeout=min(1.0, settle))), True


def _install_signals(stop: threading.Event):
    previous = {}

    def handler(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        try:
            os.write(2, console.lang_of(None).render(console.STOPPING).encode())
        except OSError:
            pass

    for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
        if sig is not None:
            previous[sig] = signal.signal(sig, handler)

    def restore():
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


# -- the loop ---------------------------------------------------------------------------------------


@dataclass
class _Loop:
    ws: Workspace
    wake: _Wake
    stop: threading.Event
    emit: Callable[[WatchEvent], None]
    runner: Runner
    mail_settings: MailSettings | None
    rescan_seconds: float
    settle_seconds: float
    pdf: bool = False
    summary: WatchSummary = field(default_factory=WatchSummary)

    def __post_init__(self) -> None:
        self.readiness = Readiness(self.ws.inbox, self.settle_seconds)
        self.reported_waiting: set[str] = set()
        self.reported_left: set[tuple[str, str]] = set()
        self.dirty = True  # look at the inbox once at start
        self.config_dirty = False
        self.decisions_dirty = False  # the secretariat saved beslutninger.xlsx
        self.mail_dirty = False
        self.retry_at = 0.0
        self.next_rescan = time.monotonic() + self.rescan_seconds
        self.next_mail = 0.0 if self.mail_settings is not None else float("inf")
        self.busy_reported = False
        self.last_survey = float("-inf")
        self.documents_waiting = False  # a run left a new document in the archive because the current one was open
        self.settle_pending = False  # ... and it may have been closed since: run to put the new one in place

    @property
    def tick(self) -> float:
        return min(0.25, self.settle_seconds / 2)

    def run(self) -> None:
        while not self.stop.is_set():
            self.wake.wait(self.tick)
            if self.stop.is_set():
                break
            now = time.monotonic()
            inbox_events, config_changed, decisions_changed = self.wake.drain(
                _stat(os.path.abspath(self.ws.decisions)))
            if inbox_events:
                self.dirty = True
            if config_changed:
                self.config_dirty = True
            if decisions_changed:
                self.decisions_dirty = True
            inputs = self.config_dirty or self.decisions_dirty
            if now >= self.next_rescan:
                self.dirty = True
                self.next_rescan = now + self.rescan_seconds
                # A document may have been closed without a lock file to tell (Windows): try again.
                self.settle_pending = self.settle_pending or self.documents_waiting
            if self.wake.outbox:
                self.wake.outbox = False
                self.settle_pending = self.settle_pending or self.documents_waiting
            settle = self.settle_pending
            if now >= self.next_mail:
                self._fetch_mail()
                now = time.monotonic()
            if not (self.dirty or inputs or self.mail_dirty or settle) or now < self.retry_at:
                continue
            if inputs and now - self.wake.last_event < self.settle_seconds:
                continue  # strategi.toml or beslutninger.xlsx is being saved: wait until the editor is done
            if now - self.last_survey < self.tick:
                continue  # a burst of events: look at the inbox at most once per tick
            self.last_survey = now
            complete, waiting = self._survey(now)
            if not complete and not (inputs or self.mail_dirty or settle):
                self.dirty = bool(waiting)
                continue
            if not waiting and self._new_arrivals(complete):
                continue  # something appeared since the survey: look again first
            self._run(complete)
            if waiting:
                self.dirty = True  # the rest come in a later run

    # -- the inbox ---------------------------------------------------------------------------------

    def _survey(self, now: float) -> tuple[list[Path], list[Path]]:
        """The pending files that are complete, and those still arriving (told once why)."""
        survey = self.readiness.survey(now)
        for path, reason in survey.waiting:
            if reason != "settling" and str(path) not in self.reported_waiting:
                self.reported_waiting.add(str(path))
                name = printable_name(relative_name(self.ws.inbox, path))
                self.emit(WatchEvent("waiting", console.waiting_line(name, reason), name))
        waiting = [path for path, _ in survey.waiting]
        self.reported_waiting &= {str(p) for p in survey.complete + waiting}
        return survey.complete, waiting

    def _new_arrivals(self, complete: list[Path]) -> bool:
        known = {str(p) for p in complete}
        return any(str(p) not in known for p in pending_files(self.ws.inbox))

    # -- running -----------------------------------------------------------------------------------

    def _run(self, complete: list[Path]) -> None:
        number = self.summary.runs + 1
        runlog.begin_run(number)
        try:
            self._run_once(number, complete)
        finally:
            runlog.begin_run(None)

    def _run_once(self, number: int, complete: list[Path]) -> None:
        self.emit(WatchEvent("run-start", console.run_started(number, len(complete), self.config_dirty,
                                                              self.decisions_dirty)))
        started = time.monotonic()
        try:
            report = self.runner(
                self.ws,
                pdf=self.pdf,
                progress=lambda message: self.emit(WatchEvent("progress", console.lang_of(None).render(message))),
                on_outcome=self._file,
                ready=self.readiness.ready,
            )
        except LockedError:
            self.retry_at = time.monotonic() + BUSY_RETRY
            if not self.busy_reported:
                self.busy_reported = True
                self.emit(WatchEvent("busy", console.lang_of(None).render(console.BUSY)))
            return
        except IktplanError as exc:
            log.info("kjøringen stoppet: %s", type(exc).__name__)  # the message may quote a file or a cell
            self._failed(console.run_failed(number, exc))
            return
        except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one run
            log.exception("kjøringen feilet")
            self._failed(console.run_crashed(number, exc))
            return
        self.busy_reported = False
        elapsed = time.monotonic() - started
        self.summary.runs += 1
        self.wake.decisions_left = _stat(os.path.abspath(self.ws.decisions))
        self._tell_left(report)
        self.emit(WatchEvent("run", console.run_finished(number, elapsed, report.outcomes), report))
        if self.config_dirty:  # strategi.toml was saved: what it allows but is probably a mistake
            for warning in self.ws.config().warnings:
                self.emit(WatchEvent("warning", console.config_warning_line(warning)))
        for line in console.unknown_sub_goal_lines(report.summary.unknown_sub_goals):
            self.emit(WatchEvent("warning", line))
        for line in console.decision_lines(report):
            self.emit(WatchEvent("decisions", line, report))
        if report.new_version:
            self.emit(WatchEvent("version", console.new_version(report), report.version))
        for note in report.notes:
            self.emit(WatchEvent("note", console.lang_of(None).render(note), report))
        self.documents_waiting = bool(report.outbox.waiting)
        self.settle_pending = False
        self.config_dirty = self.decisions_dirty = False
        self.mail_dirty = False
        self.dirty = False  # events during the run are still waiting in self.wake
        self.readiness.forget(complete)

    def _tell_left(self, report: build.RunReport) -> None:
        """What stays in the inbox, told once (again if it comes back after it was gone)."""
        now = {(x.name, x.reason) for x in report.left}
        for x in report.left:
            if (x.name, x.reason) not in self.reported_left:
                self.emit(WatchEvent("left", console.left_line(x), x))
        self.reported_left = now

    def _failed(self, message: str) -> None:
        self.summary.errors += 1
        self.emit(WatchEvent("error", message))
        # Don't spin on a run that fails the same way: wait for a change or the next rescan.
        self.dirty = self.config_dirty = self.decisions_dirty = self.mail_dirty = False

    def _file(self, outcome: Outcome) -> None:
        self.summary.files += 1
        self.emit(WatchEvent("file", console.arrival_line(outcome), outcome))

    def _fetch_mail(self) -> None:
        from pipeline.mail.imap import fetch_mail  # the IMAP client only when mail is watched

        self.next_mail = time.monotonic() + self.rescan_seconds
        try:
            report = fetch_mail(self.ws, self.mail_settings)
        except LockedError:
            self.next_mail = time.monotonic() + BUSY_RETRY
            return
        except IktplanError as exc:
            log.info("e-post ble ikke hentet: %s", type(exc).__name__)
            self.summary.errors += 1
            self.emit(WatchEvent("error", console.mail_failed(exc)))
            return
        except Exception as exc:  # noqa: BLE001
            log.exception("henting av e-post feilet")
            self.summary.errors += 1
            self.emit(WatchEvent("error", console.mail_crashed(exc)))
            return
        for line in console.mail_lines(report):
            self.emit(WatchEvent("mail", line, report))
        self.summary.files += len(report.outcomes)
        if report.outcomes:
            self.mail_dirty = True
