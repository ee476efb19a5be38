"""The watcher («iktplan watch»): its events as Norwegian lines, and
:class:`ConsoleReporter`, which prints them."""

from __future__ import annotations

import itertools
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline import formatting as fmt
from pipeline.console.outcomes import status_counts
from pipeline.terminal import write

if TYPE_CHECKING:
    from pipeline.build import RunReport
    from pipeline.intake.receive import Outcome


@dataclass(frozen=True)
class WatchEvent:
    """Something the watcher did, as one Norwegian line (*message*).

    *kind*: ``start``, ``stop``, ``file`` (*data*: the Outcome), ``run-start``,
    ``progress``, ``run`` (*data*: the RunReport), ``warning`` (after a run: a
    warning about a changed strategi.toml, or a measure citing a delmål it no
    longer has), ``note`` (*data*: the RunReport; a document edited by hand or open,
    a text that could not be used), ``version`` (*data*: the version number),
    ``waiting`` (*data*: file name), ``left`` (*data*: what stays in the inbox,
    :class:`~pipeline.intake.listing.LeftInInbox`), ``busy``, ``mail`` and ``error``."""

    kind: str
    message: str
    data: Any = None


#: Written straight to stderr by the signal handler at the first Ctrl-C.
STOPPING = "\nStopper … En kjøring som pågår, blir gjort ferdig først (Ctrl+C igjen avbryter straks).\n"


def watch_started(inbox: Path, mail: bool, polling: bool) -> str:
    what = f"{inbox}" + (" og e-post" if mail else "")
    kind = "sjekker mappen hvert sekund" if polling else "varsler fra filsystemet"
    return f"Følger med på {what} ({kind}). Stopp med Ctrl+C."


def watch_stopped(runs: int, files: int) -> str:
    return f"Stoppet. {fmt.plural(runs, 'kjøring', 'kjøringer')}, {fmt.plural(files, 'fil', 'filer')} mottatt."


def waiting_line(name: str, reason: str) -> str:
    """Why a file in the inbox is not taken yet (*reason*: ``open`` or ``unfinished``)."""
    if reason == "open":
        return f"«{name}» er åpen i Excel eller LibreOffice; tas med når den lukkes."
    return f"«{name}» ser ikke ferdig kopiert ut ennå; venter."


def run_started(number: int, new_files: int, config_changed: bool, decisions_changed: bool = False) -> str:
    reason = fmt.plural(new_files, "ny fil", "nye filer") if new_files else (
        "strategi.toml er endret" if config_changed else
        "beslutninger.xlsx er endret" if decisions_changed else "nye skjemaer fra e-post")
    return f"Kjøring {number} starter ({reason}) …"


def run_finished(number: int, seconds: float, outcomes: list[Outcome]) -> str:
    return f"Kjøring {number} ferdig på {_seconds(seconds)}: {status_counts(outcomes)}."


def new_version(report: RunReport) -> str:
    names = ", ".join(p.name for p in report.outputs)
    return f"Dokumentene er oppdatert: versjon {report.version}" + (f" ({names})." if names else ".")


BUSY = "En annen iktplan-prosess arbeider i arbeidsmappen; prøver igjen om litt."


def run_failed(number: int, message: str) -> str:
    return f"Kjøring {number} stoppet: {message} Prøver igjen ved neste endring."


def run_crashed(number: int, exc: BaseException) -> str:
    return (
        f"Kjøring {number} stoppet på en uventet feil ({type(exc).__name__}). Ingen innleverte filer er tapt; "
        "prøver igjen ved neste endring. Kjør «iktplan --debug run» for detaljer."
    )


def mail_failed(message: str) -> str:
    return f"E-post ble ikke hentet: {message}"


def mail_crashed(exc: BaseException) -> str:
    return f"E-post ble ikke hentet (uventet feil: {type(exc).__name__})."


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


class ConsoleReporter:
    """Prints watch events: a spinner with the current stage while a run is in
    progress when *stream* is a terminal, plain time-stamped lines otherwise.

    Our own few lines rather than a library: a run's stages have no known
    length (click's ``progressbar`` draws a bar towards a total), and ``rich``
    would bring three packages for one spinner. The lines go through
    :func:`pipeline.terminal.write`, so a closed pipe never stops the watcher."""

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
            write(self.stream, f"{clear}{time.strftime('%H:%M:%S')} {message}\n")

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
                write(self.stream, f"\r\033[K{text}")
            time.sleep(0.1)

    def _stop_spinner(self) -> None:
        if self._spinner is None:
            return
        with self._lock:
            self._spinning.clear()
            write(self.stream, "\r\033[K")
        self._spinner.join(timeout=1)
        self._spinner = None
