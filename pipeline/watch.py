"""``iktplan watch``: keep the documents up to date while forms arrive.

A watchdog observer (inotify, or polling for network shares) marks the inbox as
changed; the loop then waits until every waiting file is *complete* — the same
size and modification time for at least ``settle_seconds``, an ``.xlsx`` whose
zip directory opens, and not open in Excel — and runs the whole pipeline once
for everything that arrived (:func:`pipeline.build.run`). A burst of fifty forms
is one run, or a few. A full rescan every ``rescan_seconds`` is the backstop for
events a network share never sends.

Locks. ``build.run`` takes the workspace's run lock for each run, so a manual
``iktplan run`` while watching simply waits its turn (the watcher retries when it
finds the lock taken). The watcher itself holds a second lock, ``.iktplan/watch.lock``,
for as long as it watches, so a second ``iktplan watch`` on the same workspace
refuses to start.

Stopping. Ctrl-C (or SIGTERM) sets the stop flag; the run in progress finishes,
then the watcher stops. A second Ctrl-C interrupts at once.
"""

from __future__ import annotations

import inspect
import itertools
import logging
import os
import signal
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from pipeline import build
from pipeline.errors import IktplanError, LockedError
from pipeline.fileio import WorkspaceLock
from pipeline.intake.receive import Outcome, pending_files
from pipeline.forms.reader import require_safe_xml
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.watch")

#: A file that stays unchanged this long is processed even if its zip does not open
#: (a copy that died halfway): it gets a receipt saying it is damaged.
STUCK_SECONDS = 30.0
#: A form open in Excel (its ``~$`` owner file exists) waits at most this long.
OPEN_MAX_WAIT = 600.0
#: After finding the run lock taken by another process, try again after this long.
BUSY_RETRY = 2.0
_ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".zip")
_INTERESTING = ("created", "modified", "moved", "closed")


@dataclass(frozen=True)
class WatchEvent:
    """Something the watcher did, as one Norwegian line (*message*).

    *kind*: ``start``, ``stop``, ``file`` (*data*: the Outcome), ``run-start``,
    ``progress``, ``run`` (*data*: the RunReport), ``version`` (*data*: the version
    number), ``waiting`` (*data*: file name), ``busy``, ``mail`` and ``error``."""

    kind: str
    message: str
    data: Any = None


@dataclass
class WatchSummary:
    runs: int = 0
    files: int = 0
    errors: int = 0


Runner = Callable[..., Any]


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
    runner: Runner | None = None,
    handle_signals: bool | None = None,
) -> WatchSummary:
    """Watch *ws* until *stop* is set (or Ctrl-C). Returns what was done.

    *polling*: use the polling observer (network shares). *mail*: also fetch mail
    every *rescan_seconds* (``[epost]`` must be configured). *pdf*: the runs also
    write the documents as PDF. *on_event* hears every
    :class:`WatchEvent` (``None``: printed by a :class:`ConsoleReporter` on stdout).
    *runner* runs the pipeline once (``None``: :func:`pipeline.build.run`).
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
        from pipeline.mail.imap import mail_settings

        settings = mail_settings(ws.config(), ws.root)
        if settings is None or settings.imap_server is None:
            from pipeline.errors import ConfigError

            raise ConfigError("«--mail» krever [epost] med «imap_server» og «imap_bruker» i strategi.toml.")
    lock = _watch_lock(ws)
    wake = _Wake()
    observer = None
    restore = None
    try:
        observer, kind = _start_observer(ws, wake, polling, settle_seconds)
        if handle_signals is None:
            handle_signals = threading.current_thread() is threading.main_thread()
        if handle_signals:
            restore = _install_signals(stop)
        what = f"{ws.inbox}" + (" og e-post" if mail else "")
        emit(WatchEvent("start", f"Følger med på {what} ({kind}). Stopp med Ctrl+C."))
        loop = _Loop(ws, wake, stop, emit, runner or build.run, settings, rescan_seconds, settle_seconds, pdf)
        loop.run()
        emit(WatchEvent("stop", f"Stoppet. {_plural(loop.summary.runs, 'kjøring', 'kjøringer')}, "
                                f"{_plural(loop.summary.files, 'fil', 'filer')} mottatt."))
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
        who = f" (prosess {pid})" if pid.isdigit() else ""
        raise LockedError(
            f"«iktplan watch» kjører allerede for arbeidsmappen {ws.root}{who}. Det holder med én: stopp den "
            "andre med Ctrl+C i vinduet der den kjører før du starter en ny."
        ) from None
    return lock


# -- events -----------------------------------------------------------------------------------------


class _Wake:
    """Events from the observer thread, handed to the loop."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._inbox = 0
        self._config = False
        self.last_event = 0.0

    def note(self, config: bool) -> None:
        with self._cond:
            if config:
                self._config = True
            else:
                self._inbox += 1
            self.last_event = time.monotonic()
            self._cond.notify_all()

    def wait(self, timeout: float) -> None:
        with self._cond:
            if not self._inbox and not self._config:
                self._cond.wait(timeout)

    def drain(self) -> tuple[int, bool]:
        with self._cond:
            result = (self._inbox, self._config)
            self._inbox, self._config = 0, False
            return result


class _Handler(FileSystemEventHandler):
    def __init__(self, ws: Workspace, wake: _Wake):
        self.inbox = os.path.normcase(os.path.abspath(ws.inbox))
        self.config = os.path.normcase(os.path.abspath(ws.config_path))
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Opened/closed-without-writing come from our own reading: they must not wake us.
        if event.is_directory or event.event_type not in _INTERESTING:
            return
        paths = [event.src_path]
        if event.event_type == "moved":
            paths = [event.dest_path]  # moved *in* counts; moved away is nothing to do
        for raw in paths:
            path = os.path.normcase(os.path.abspath(os.fsdecode(raw)))
            if path == self.config:
                self.wake.note(config=True)
            elif os.path.dirname(path) == self.inbox:
                self.wake.note(config=False)


def _start_observer(ws: Workspace, wake: _Wake, polling: bool, settle: float):
    handler = _Handler(ws, wake)

    def start(observer):
        observer.schedule(handler, str(ws.inbox), recursive=False)
        observer.schedule(handler, str(ws.root), recursive=False)
        observer.start()
        return observer

    if not polling:
        try:
            return start(Observer()), "varsler fra filsystemet"
        except OSError as exc:
            log.warning("filsystemvarsler virker ikke (%s); bruker polling", exc)
    return start(PollingObserver(timeout=min(1.0, settle))), "sjekker mappen hvert sekund"


def _install_signals(stop: threading.Event):
    previous = {}

    def handler(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        try:
            os.write(2, "\nStopper … En kjøring som pågår, blir gjort ferdig først (Ctrl+C igjen avbryter straks).\n".encode())
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
class _Seen:
    size: int
    mtime_ns: int
    since: float  # when this size and mtime were first seen
    zip_ok: bool = False  # the zip directory opened at this size and mtime


@dataclass
class _Loop:
    ws: Workspace
    wake: _Wake
    stop: threading.Event
    emit: Callable[[WatchEvent], None]
    runner: Runner
    mail_settings: Any
    rescan_seconds: float
    settle_seconds: float
    pdf: bool = False
    summary: WatchSummary = field(default_factory=WatchSummary)

    def __post_init__(self) -> None:
        self.seen: dict[str, _Seen] = {}
        self.reported_waiting: set[str] = set()
        self.dirty = True  # look at the inbox once at start
        self.config_dirty = False
        self.mail_dirty = False
        self.retry_at = 0.0
        self.next_rescan = time.monotonic() + self.rescan_seconds
        self.next_mail = 0.0 if self.mail_settings is not None else float("inf")
        self.busy_reported = False
        self.last_survey = float("-inf")
        params = inspect.signature(self.runner).parameters
        self.runner_takes = {name for name in ("progress", "on_outcome", "ready", "pdf") if name in params}

    @property
    def tick(self) -> float:
        return min(0.25, self.settle_seconds / 2)

    def run(self) -> None:
        while not self.stop.is_set():
            self.wake.wait(self.tick)
            if self.stop.is_set():
                break
            now = time.monotonic()
            inbox_events, config_changed = self.wake.drain()
            if inbox_events:
                self.dirty = True
            if config_changed:
                self.config_dirty = True
            if now >= self.next_rescan:
                self.dirty = True
                self.next_rescan = now + self.rescan_seconds
            if now >= self.next_mail:
                self._fetch_mail()
                now = time.monotonic()
            if not (self.dirty or self.config_dirty or self.mail_dirty) or now < self.retry_at:
                continue
            if self.config_dirty and now - self.wake.last_event < self.settle_seconds:
                continue  # strategi.toml is being saved: wait until the editor is done
            if now - self.last_survey < self.tick:
                continue  # a burst of events: look at the inbox at most once per tick
            self.last_survey = now
            complete, waiting = self._survey(now)
            if waiting and "ready" not in self.runner_takes:
                continue  # run() reads the whole inbox: never while a file is half copied
            if not complete and not (self.config_dirty or self.mail_dirty):
                self.dirty = bool(waiting)
                continue
            if not waiting and self._new_arrivals(complete):
                continue  # something appeared since the survey: look again first
            self._run(complete)
            if waiting:
                self.dirty = True  # (only with a runner that takes ready=) the rest come next

    # -- the inbox ---------------------------------------------------------------------------------

    def _survey(self, now: float) -> tuple[list[Path], list[Path]]:
        """The pending files that are complete, and those still arriving."""
        complete, waiting = [], []
        current = {}
        names = set()
        for path in pending_files(self.ws.inbox):
            names.add(path.name)
            try:
                st = path.stat()
            except OSError:
                continue  # gone meanwhile (renamed by Excel, or taken by a manual run)
            seen = self.seen.get(path.name)
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                seen = _Seen(st.st_size, st.st_mtime_ns, now)
            current[path.name] = seen
            stable_for = now - seen.since
            if stable_for < self.settle_seconds:
                waiting.append(path)
            elif self._open_in_editor(path) and stable_for < OPEN_MAX_WAIT:
                self._waiting(path, f"«{path.name}» er åpen i Excel eller LibreOffice; tas med når den lukkes.")
                waiting.append(path)
            elif not self._zip_ok(path, seen) and stable_for < STUCK_SECONDS:
                self._waiting(path, f"«{path.name}» ser ikke ferdig kopiert ut ennå; venter.")
                waiting.append(path)
            else:
                complete.append(path)
        self.seen = current
        self.reported_waiting &= names
        return complete, waiting

    def _zip_ok(self, path: Path, seen: _Seen) -> bool:
        # Only a success is remembered: a copy that preallocates the file changes its
        # bytes without changing size or (on some shares) modification time.
        if not seen.zip_ok:
            seen.zip_ok = _zip_opens(path)
        return seen.zip_ok

    def _new_arrivals(self, complete: list[Path]) -> bool:
        known = {p.name for p in complete}
        return any(p.name not in known for p in pending_files(self.ws.inbox))

    def _open_in_editor(self, path: Path) -> bool:
        name = path.name
        owners = (f"~${name}", f"~${name[2:]}", f".~lock.{name}#")
        return any((path.parent / owner).exists() for owner in owners)

    def _waiting(self, path: Path, message: str) -> None:
        if path.name not in self.reported_waiting:
            self.reported_waiting.add(path.name)
            self.emit(WatchEvent("waiting", message, path.name))

    # -- running -----------------------------------------------------------------------------------

    def _run(self, complete: list[Path]) -> None:
        ready_set = {(p.name, s.size, s.mtime_ns) for p in complete if (s := self.seen.get(p.name)) is not None}
        kwargs: dict[str, Any] = {}
        told: set[int] = set()
        if self.pdf and "pdf" in self.runner_takes:
            kwargs["pdf"] = True
        if "progress" in self.runner_takes:
            kwargs["progress"] = lambda message: self.emit(WatchEvent("progress", message))
        if "on_outcome" in self.runner_takes:
            def on_outcome(outcome: Outcome) -> None:
                told.add(id(outcome))
                self._file(outcome)
            kwargs["on_outcome"] = on_outcome
        if "ready" in self.runner_takes:
            def ready(path: Path) -> bool:
                try:
                    st = path.stat()
                except OSError:
                    return False
                return (path.name, st.st_size, st.st_mtime_ns) in ready_set
            kwargs["ready"] = ready
        reason = _plural(len(complete), "ny fil", "nye filer") if complete else (
            "strategi.toml er endret" if self.config_dirty else "nye skjemaer fra e-post")
        number = self.summary.runs + 1
        self.emit(WatchEvent("run-start", f"Kjøring {number} starter ({reason}) …"))
        started = time.monotonic()
        try:
            report = self.runner(self.ws, **kwargs)
        except LockedError:
            self.retry_at = time.monotonic() + BUSY_RETRY
            if not self.busy_reported:
                self.busy_reported = True
                message = "En annen iktplan-prosess arbeider i arbeidsmappen; prøver igjen om litt."
                self.emit(WatchEvent("busy", message))
            return
        except IktplanError as exc:
            self._failed(f"Kjøring {number} stoppet: {exc.message} Prøver igjen ved neste endring.")
            return
        except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one run
            log.exception("kjøringen feilet")
            self._failed(
                f"Kjøring {number} stoppet på en uventet feil ({type(exc).__name__}). "
                "Ingen innleverte filer er tapt; "
                "prøver igjen ved neste endring. Kjør «iktplan --debug run» for detaljer."
            )
            return
        self.busy_reported = False
        elapsed = time.monotonic() - started
        self.summary.runs += 1
        outcomes = list(getattr(report, "outcomes", []) or [])
        for outcome in outcomes:
            if id(outcome) not in told:
                self._file(outcome)
        counts = _status_counts(outcomes)
        self.emit(WatchEvent("run", f"Kjøring {number} ferdig på {_seconds(elapsed)}: {counts}.", report))
        if getattr(report, "new_version", False):
            version = getattr(report, "version", None)
            names = ", ".join(p.name for p in getattr(report, "outputs", []) or [])
            self.emit(WatchEvent("version", f"Dokumentene er oppdatert: versjon {version}"
                                            + (f" ({names})." if names else "."), version))
        self.config_dirty = False
        self.mail_dirty = False
        self.dirty = False  # events during the run are still waiting in self.wake
        for p in complete:
            self.seen.pop(p.name, None)

    def _failed(self, message: str) -> None:
        log.info("%s", message)
        self.summary.errors += 1
        self.emit(WatchEvent("error", message))
        # Don't spin on a run that fails the same way: wait for a change or the next rescan.
        self.dirty = self.config_dirty = self.mail_dirty = False

    def _file(self, outcome: Outcome) -> None:
        self.summary.files += 1
        self.emit(WatchEvent("file", file_line(outcome), outcome))

    def _fetch_mail(self) -> None:
        from pipeline.mail.imap import fetch_mail

        self.next_mail = time.monotonic() + self.rescan_seconds
        try:
            report = fetch_mail(self.ws, self.mail_settings)
        except LockedError:
            self.next_mail = time.monotonic() + BUSY_RETRY
            return
        except IktplanError as exc:
            self.summary.errors += 1
            self.emit(WatchEvent("error", f"E-post ble ikke hentet: {exc.message}"))
            return
        except Exception as exc:  # noqa: BLE001
            log.exception("henting av e-post feilet")
            self.summary.errors += 1
            self.emit(WatchEvent("error", f"E-post ble ikke hentet (uventet feil: {type(exc).__name__})."))
            return
        for line in report.lines():
            self.emit(WatchEvent("mail", line, report))
        self.summary.files += len(report.outcomes)
        if report.outcomes:
            self.mail_dirty = True


def file_line(outcome: Outcome) -> str:
    r = outcome.record
    source = f" fra {r.sender}" if r.sender else ""
    if r.status == "godkjent":
        return f"Mottatt «{r.original_name}»{source}: godkjent – {r.unit_name}, revisjon {r.revision}."
    if r.status == "duplikat":
        return f"Mottatt «{r.original_name}»{source}: identisk med et skjema vi har fra før, ikke talt på nytt."
    receipt = f" Se kvitteringen «{outcome.receipt.name}»." if outcome.receipt else ""
    return f"Mottatt «{r.original_name}»{source}: AVVIST – {_plural(len(r.errors), 'feil', 'feil')}.{receipt}"


def _status_counts(outcomes: list[Outcome]) -> str:
    if not outcomes:
        return "ingen nye filer i innboksen"
    parts = [_plural(len(outcomes), "fil", "filer")]
    for status, word in (("godkjent", "godkjent"), ("avvist", "avvist"), ("duplikat", "mottatt tidligere")):
        n = sum(1 for o in outcomes if o.status == status)
        if n:
            parts.append(f"{n} {word}")
    return ", ".join(parts)


def _zip_opens(path: Path) -> bool:
    """True unless *path* should be a zip (by name or first bytes) and its central directory does not open."""
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except OSError:
        return False
    if not (path.suffix.lower() in _ZIP_SUFFIXES or head.startswith(b"PK")):
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
        return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


# -- output -----------------------------------------------------------------------------------------


class ConsoleReporter:
    """Prints watch events: a spinner with the current stage while a run is in
    progress when *stream* is a terminal, plain time-stamped lines otherwise."""

    FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

    def __init__(self, stream: TextIO | None = None, tty: bool | None = None):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self._lock = threading.Lock()
        self._spinner: threading.Thread | None = None
        self._spinning = threading.Event()
        self._status = ""
        self._started = 0.0

    def __call__(self, event: WatchEvent) -> None:
        if event.kind == "run-start":
            if self.tty:
                self._start_spinner(event.message)
            else:
                self._line(event.message)
            return
        if event.kind == "progress":
            if self.tty:
                self._status = event.message
            return
        if event.kind in ("run", "error", "stop"):
            self._stop_spinner()
        self._line(event.message)

    def _line(self, message: str) -> None:
        with self._lock:
            clear = "\r\033[K" if self.tty and self._spinning.is_set() else ""
            self.stream.write(f"{clear}{time.strftime('%H:%M:%S')} {message}\n")
            self.stream.flush()

    def _start_spinner(self, message: str) -> None:
        self._status = message
        self._started = time.monotonic()
        self._spinning.set()
        self._spinner = threading.Thread(target=self._spin, name="iktplan-spinner", daemon=True)
        self._spinner.start()

    def _spin(self) -> None:
        for frame in itertools.cycle(self.FRAMES):
            if not self._spinning.is_set():
                return
            with self._lock:
                if not self._spinning.is_set():
                    return
                elapsed = _seconds(time.monotonic() - self._started)
                width = 100
                text = f"{frame} {self._status} ({elapsed})"[:width]
                self.stream.write(f"\r\033[K{text}")
                self.stream.flush()
            time.sleep(0.1)

    def _stop_spinner(self) -> None:
        if self._spinner is None:
            return
        with self._lock:
            self._spinning.clear()
            self.stream.write("\r\033[K")
            self.stream.flush()
        self._spinner.join(timeout=1)
        self._spinner = None
