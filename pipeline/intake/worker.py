"""The parse worker: checking one file's bytes, with a time and memory limit.

:func:`check` sniffs the bytes here (:func:`pipeline.forms.sniff.inspect`), then has
them read and validated by :func:`check_form` in a separate worker process
(:class:`FormChecker`), so a file that hangs or crashes a parser, or makes it
run away with memory, costs that file a quarantine, never the run. The intake
(:mod:`pipeline.intake.receive`) keeps, records and answers what this module found.
:func:`unpack_outlook` takes the attachments out of an Outlook ``.msg`` in the
same worker, under the same limits.
"""

from __future__ import annotations

import atexit
import io
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import faults
from pipeline.config import Config
from pipeline.forms.fastreader import read_workbook
from pipeline.core.followupreport import FollowUpReport
from pipeline.core.model import FormContent
from pipeline.forms.followupvalidation import is_followup, validate_followup
from pipeline.forms.outlook import OutlookError, OutlookMessage, read_outlook
from pipeline.forms.reader import FormReadError, UnsafeXmlError
from pipeline.forms.sniff import OUTLOOK_ADVICE, inspect
from pipeline.forms.validation import validate
from pipeline.i18n import Msg

log = logging.getLogger("iktplan.intake")


#: Seconds one file may take to be read and validated. A filled form takes about
#: 0.02 s (0.05 s where openpyxl reads it), the same form saved by LibreOffice 0.35 s. The slowest files the zip
#: and reader limits let through take 3–20 s (e.g. 900 000 shared strings,
#: 20 MB unpacked from 2.3 MB); a real form never comes near.
PARSE_SECONDS = 30.0


#: Address space of the worker process (Linux, macOS): a parser that runs away
#: with memory fails there, not in the run. The worker needs about 150 MB.
WORKER_MEMORY_BYTES = 2 * 1024**3


#: Seconds a new worker may take to start (import openpyxl and the pipeline).
WORKER_START_SECONDS = 60.0


_RESEND = Msg("Lagre skjemaet på nytt i Excel (som Excel-arbeidsbok, .xlsx) og send det igjen.")


@dataclass(frozen=True)
class Checked:
    """What checking one file's bytes found."""

    #: 'ok' for an accepted form; otherwise why not: a :mod:`pipeline.forms.sniff` or
    #: reader code, 'invalid' (validation errors), 'timeout', 'crash' (the worker
    #: died), 'memory' (it hit its memory limit) or 'parser-error' (a library
    #: raised something unexpected).
    code: str
    errors: tuple[str | Msg, ...] = ()  # messages (Msg); plain text from older code and stores
    warnings: tuple[str | Msg, ...] = ()
    content: FormContent | None = None  # None unless accepted
    unit_name: str | None = None  # the «Enhet» value when readable, even if rejected
    detail: str | None = None  # for the log: an exception's type and place, never its text
    #: Which form the file is: MAPPING (also a file that is no form at all) or FOLLOWUP.
    kind: str = "kartlegging"
    report: FollowUpReport | None = None  # an accepted follow-up form's content; None otherwise
    year: int | None = None  # the year a follow-up form names, when readable; None otherwise
    form: str | None = None  # a follow-up form's language (how its issues name sheets and columns); None: bokmål


#: :attr:`Checked.kind` of a mapping form, and of a follow-up form (:mod:`pipeline.forms.followupvalidation`).
MAPPING, FOLLOWUP = "kartlegging", "oppfolging"


def check(data: bytes, config: Config) -> Checked:
    """Check one file's bytes: what it is (here, from the bytes), then read and
    validate it in the worker process, with :data:`PARSE_SECONDS` to do it."""
    rejection = inspect(data)
    if rejection is not None:
        return Checked(rejection.code, errors=(rejection.msg,))
    return _checker.check(data, config)


def unpack_outlook(data: bytes) -> OutlookMessage | Checked:
    """The attachments of the Outlook message *data*, taken out in the worker
    process with :data:`PARSE_SECONDS` to do it; a :class:`Checked` saying why
    not when it cannot be read."""
    return _checker.unpack_outlook(data)


def read_outlook_checked(data: bytes) -> OutlookMessage | Checked:
    """:func:`pipeline.forms.outlook.read_outlook` in this process, a failure as a :class:`Checked`."""
    try:
        return read_outlook(data)
    except OutlookError as exc:
        return Checked("msg-unreadable", errors=(
            Msg("Filen ser ut som en Outlook-melding (.msg), men den kan ikke leses (kanskje er den skadet). {advice}",
                advice=OUTLOOK_ADVICE),), detail=exc.args[0] if exc.args else None)


def check_form(data: bytes, config: Config) -> Checked:
    """Read and validate *data* in this process, without a time limit (the
    worker's job, and the fallback where no worker can be started). Read with
    :mod:`pipeline.forms.fastreader`: calamine where it gives what openpyxl gives,
    openpyxl otherwise, so the result and every message are the same."""
    try:
        raw = read_workbook(io.BytesIO(data))
    except FormReadError as exc:
        return Checked(exc.code, errors=(exc.msg,))
    if is_followup(raw):
        found = validate_followup(raw, config)
        return Checked("ok" if found.report is not None else "invalid", errors=tuple(e.located() for e in found.errors),
                       warnings=tuple(w.located() for w in found.warnings), unit_name=found.unit_name, kind=FOLLOWUP,
                       report=found.report, year=found.year, form=found.form)
    result = validate(raw, config)
    return Checked(
        "ok" if result.content is not None else "invalid",
        errors=tuple(e.located() for e in result.errors),
        warnings=tuple(w.located() for w in result.warnings),
        content=result.content,
        unit_name=result.unit_name,
    )


def _failed(code: str, detail: str | None = None) -> Checked:
    if code == "timeout":
        message = Msg(
            "Det tok for lang tid å lese filen (mer enn {seconds} sekunder), så den er avvist. Et vanlig "
            "kartleggingsskjema leses på under ett sekund; filen er trolig skadet eller laget av et annet program "
            "enn Excel. {resend}", seconds=round(PARSE_SECONDS), resend=_RESEND)
    elif code == "memory":
        message = Msg(
            "Filen kunne ikke leses: den trenger langt mer minne enn et kartleggingsskjema noen gang gjør. Den er "
            "trolig skadet eller laget av et annet program enn Excel. {resend}", resend=_RESEND)
    else:
        message = Msg(
            "Filen kunne ikke leses: programmet som leser Excel-filer stoppet på den. Den er trolig skadet eller "
            "laget av et annet program enn Excel. {resend}", resend=_RESEND)
    return Checked(code, errors=(message,), detail=detail)


class _NoWorker(Exception):
    """No worker process could be started here."""


_EOF = ("eof", None)  # what the reader thread queues when the worker's output ends


# openpyxl imports numpy only to recognise numpy numbers when writing; the
# worker never writes, and starts 0.2 s sooner without it.
_WORKER_MAIN = "import sys; sys.modules['numpy'] = None; from pipeline.intake.worker import serve; serve({memory!r})"


def parallel() -> int:
    """How many files the intake's checker reads at once."""
    return _checker.workers


def worker_count() -> int:
    """Worker processes the intake uses: two where there are two cores or more
    (the forms are independent), otherwise one."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


class FormChecker:
    """Reads and validates forms in long-lived worker processes, *workers* of
    them, each checking one file at a time.

    A worker is ``python -c …`` started on first use and reused for every file
    (measured: about 0.5 s to start, a few milliseconds per file on top of the
    reading itself; a process per file would cost 0.5 s × 200 forms). It is a
    plain subprocess talking pickle over its stdin/stdout, not
    ``multiprocessing``, which would re-run the caller's main script in the
    worker when it is started the portable way (spawn). A file that takes longer
    than :data:`PARSE_SECONDS` gets its worker killed and a new one started for
    the next file; a worker that dies on a file is retried once in a fresh
    worker, then the file is refused (one that hits its memory limit refuses
    the file at once and is replaced). Where no process can be
    started, forms are read in this process instead. Thread-safe: as many files
    at a time as there are workers. The worker is not a security boundary (it
    runs as the same user); it keeps a hang, a crash or a memory blow-up in a
    library from taking the run with it."""

    def __init__(self, seconds: float | None = None, memory_bytes: int | None = WORKER_MEMORY_BYTES,
                 workers: int = 1):
        self.seconds = seconds  # None: PARSE_SECONDS, read at each call
        self.memory_bytes = memory_bytes  # None: no limit
        self.workers = workers
        self.started = 0  # workers started so far
        self._count_lock = threading.Lock()
        self._slots = [_Slot() for _ in range(workers)]
        self._free: queue.LifoQueue = queue.LifoQueue()  # the most recently used first: it is running already
        for slot in self._slots:
            self._free.put(slot)

    def check(self, data: bytes, config: Config) -> Checked:
        return self._request("form", data, config)

    def unpack_outlook(self, data: bytes) -> OutlookMessage | Checked:
        return self._request("outlook", data, None)

    def _request(self, kind: str, data: bytes, config: Config | None):
        slot = self._free.get()
        try:
            result = self._ask(slot, kind, data, config)
            if isinstance(result, Checked) and result.code == "crash":
                result = self._ask(slot, kind, data, config)  # once more, in a fresh worker
            return result
        except _NoWorker:
            log.warning("kan ikke starte en egen prosess for å lese skjemaer; leser uten tidsgrense")
            return _answer(kind, data, config)
        finally:
            self._free.put(slot)

    def close(self) -> None:
        """Stop every worker (a new one starts if a file comes after all)."""
        slots = [self._free.get() for _ in range(self.workers)]  # waits for checks under way
        for slot in slots:
            slot.stop()
            self._free.put(slot)

    def _ask(self, slot: _Slot, kind: str, data: bytes, config: Config | None) -> Checked | OutlookMessage:
        process, replies = self._worker(slot)
        try:
            pickle.dump((kind, data, config), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.flush()
        except (OSError, ValueError):
            slot.stop()
            return _failed("crash", "arbeidsprosessen tok ikke imot")
        faults.point("intake.parsing")
        seconds = self.seconds if self.seconds is not None else PARSE_SECONDS
        try:
            status, payload = replies.get(timeout=seconds)
        except queue.Empty:
            slot.stop()
            return _failed("timeout")
        if status == "unsafe":
            raise UnsafeXmlError(payload)
        if status != "ok" or not isinstance(payload, (Checked, OutlookMessage)):
            slot.stop()
            return _failed("crash", "arbeidsprosessen døde")
        if isinstance(payload, Checked) and payload.code == "memory":
            slot.stop()  # a fresh worker for the next file, with all its memory back
        return payload

    def _worker(self, slot: _Slot | None = None) -> tuple[subprocess.Popen, queue.Queue]:
        """*slot*'s running worker, started if need be (None: the first slot's)."""
        slot = slot or self._slots[0]
        if slot.process is not None and slot.process.poll() is None:
            return slot.process, slot.replies
        slot.stop()
        env = dict(os.environ)
        # The worker must import this very package, installed or not.
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        quiet = not log.isEnabledFor(logging.DEBUG)
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_MAIN.format(memory=self.memory_bytes)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL if quiet else None,
                env=env,
            )
        except OSError as exc:
            raise _NoWorker() from exc
        replies: queue.Queue = queue.Queue()
        threading.Thread(target=_read_replies, args=(process.stdout, replies), daemon=True,
                         name="iktplan-skjemaleser-svar").start()
        slot.process, slot.replies = process, replies
        with self._count_lock:
            self.started += 1
        try:
            ready = replies.get(timeout=WORKER_START_SECONDS) == ("klar", None)
        except queue.Empty:
            ready = False
        if not ready:
            slot.stop()
            raise _NoWorker()
        return process, replies


class _Slot:
    """One worker process of a :class:`FormChecker` (None: not running)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.replies: queue.Queue | None = None

    def stop(self) -> None:
        process, self.process, self.replies = self.process, None, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        try:
            process.stdin.close()
        except OSError:
            pass  # a worker that died with our request half-sent


def _read_replies(stream: Any, replies: queue.Queue) -> None:
    """Move every reply from the worker's stdout to *replies*; _EOF when it ends."""
    try:
        while True:
            replies.put(pickle.load(stream))
    except Exception:  # noqa: BLE001 - EOF, a broken pipe, or a worker killed mid-reply
        replies.put(_EOF)
    finally:
        stream.close()


def serve(memory_bytes: int | None = None) -> None:
    """The worker's main loop: check every file sent on stdin, reply on stdout,
    until stdin ends (the run finished, or died)."""
    import warnings

    warnings.simplefilter("ignore")  # openpyxl's warnings may quote cell values
    requests, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but replies may reach the pipe
    _limit_memory(memory_bytes)

    def reply(message: tuple[str, Any]) -> None:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    reply(("klar", None))
    while True:
        try:
            kind, data, config = pickle.load(requests)
        except (EOFError, OSError):
            return
        try:
            message: tuple[str, Any] = ("ok", _answer(kind, data, config))
        except UnsafeXmlError as exc:
            message = ("unsafe", exc.message)
        except MemoryError:
            message = ("ok", _failed("memory", f"over {memory_bytes} byte"))
        except Exception as exc:  # noqa: BLE001 - a file may make a library fail in any way; the run goes on
            message = ("ok", _failed("parser-error", _where(exc)))
        reply(message)


def _answer(kind: str, data: bytes, config: Config | None) -> Checked | OutlookMessage:
    """One request: ``form`` (check a form) or ``outlook`` (unpack a .msg)."""
    if kind == "outlook":
        return read_outlook_checked(data)
    return check_form(data, config)


def _limit_memory(memory_bytes: int | None) -> None:
    try:
        import resource
    except ImportError:  # Windows
        return
    if memory_bytes is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _where(exc: BaseException) -> str:
    """The exception's type and the innermost place it was raised — never its
    message, which may quote a cell."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    place = f" i {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb is not None else ""
    return f"{type(exc).__name__}{place}"


_checker = FormChecker(workers=worker_count())
_keep_running = [False]


@contextmanager
def kept_running():
    """Within: :func:`release` leaves the workers running (watch mode: the next form comes soon)."""
    before, _keep_running[0] = _keep_running[0], True
    try:
        yield
    finally:
        _keep_running[0] = before


def release() -> None:
    """Stop the workers after an intake (they take memory the rest of the run
    needs), unless :func:`kept_running`."""
    if not _keep_running[0]:
        _checker.close()


atexit.register(_checker.close)  # the worker would end with us anyway; this ends it tidily

