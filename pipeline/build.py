"""The build: one run of the pipeline over a workspace.

intake (inbox → store) → model (latest revision per unit) → assessment →
overview workbook → documents (a new version only when something changed).
*Gather everything, then write*: the documents are rendered into a staging
folder and published to ``outbox/`` only when all of them succeeded.
Watch mode and the demo call the same :func:`run`.
"""

from __future__ import annotations

import logging
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from pipeline import __version__, faults
from pipeline.assessment import Assessment, assess
from pipeline.blankform import write_blank_form
from pipeline.fileio import WorkspaceLock, atomic_copy
from pipeline.intake import Outcome, intake, pending_files
from pipeline.model import Municipality, combine
from pipeline.outbox import archive_dir, publish
from pipeline.overview import OVERVIEW_NAME, write_overview
from pipeline.pdf import convert_to_pdf
from pipeline.reader import require_safe_xml
from pipeline.rendering import DOCUMENTS, render_documents, template_bytes
from pipeline.status import StatusReport, unit_statuses
from pipeline.store import Store
from pipeline.templatecheck import TemplateProblem
from pipeline.templatecheck import check_templates as find_template_problems
from pipeline.versions import Changes, VersionInfo, diff, fingerprint, snapshot
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.build")

Progress = Callable[[str], None]
OnOutcome = Callable[[Outcome], None]


@dataclass
class RunReport:
    outcomes: list[Outcome]
    model: Municipality
    assessment: Assessment
    version: int | None = None  # the version now in outbox/; None: no documents yet
    new_version: bool = False  # this run made a new version
    outputs: list[Path] = field(default_factory=list)  # files written to outbox/ by this run
    changes: Changes | None = None  # what the new version changed; None: no new version or the first
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


class _Stopwatch:
    def __init__(self, timings: dict[str, float]):
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def run(
    ws: Workspace,
    *,
    pdf: bool = False,
    progress: Progress | None = None,
    on_outcome: OnOutcome | None = None,
    ready: Callable[[Path], bool] | None = None,
) -> RunReport:
    """Run the whole pipeline once. Holds the workspace lock for the whole run.

    A new document version is made only when the combined model, the
    configuration or a template changed; *pdf* also writes each document as PDF.
    *progress* hears one Norwegian line per stage; *on_outcome* hears of each file
    received, as soon as it is recorded (None: nobody listens). *ready* says
    whether an inbox file is complete and may be read now (watch mode: not while
    it is still being copied); None: every file is ready."""
    require_safe_xml()
    say = progress or (lambda message: None)
    timings: dict[str, float] = {}
    clock = _Stopwatch(timings)
    config_bytes = _read(ws.config_path)
    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), Store(ws.database) as store:
        if not ws.blank_form.exists():
            write_blank_form(config, ws.blank_form)
        with clock("inntak"):
            outcomes = intake(ws, store, config, on_outcome, ready=ready)
        with clock("modell"):
            model = combine(config, store.latest_accepted())
        with clock("vurdering"):
            assessment = assess(model)
        report = RunReport(outcomes=outcomes, model=model, assessment=assessment, timings=timings)
        snap = snapshot(model, assessment)
        templates = template_bytes(ws.templates)
        fp = fingerprint(snap, config_bytes + __version__.encode(), templates)
        latest = store.latest_version()
        if latest is not None and latest.fingerprint == fp:
            report.version = latest.number
            report.outputs = _restore_missing(ws, latest.number)
            if pdf:
                report.outputs += _pdf_for_current(ws, latest.number, clock)
            return report

        number = latest.number + 1 if latest else 1
        now = datetime.now().astimezone()
        version = VersionInfo(
            number,
            now,
            diff(latest.snapshot, snap) if latest else None,
            latest.created_at if latest else None,
        )
        staging = ws.staging / f"v{number}"
        shutil.rmtree(staging, ignore_errors=True)
        say(f"Lager dokumentene, versjon {number} …")
        with clock("dokumenter"):
            documents = render_documents(model, assessment, version, ws.templates, staging)
        with clock("oversikt"):
            write_overview(model, assessment, staging / OVERVIEW_NAME)
        if pdf:
            with clock("pdf"):
                convert_to_pdf(documents, staging)
        faults.point("build.rendered")
        with clock("publisering"):
            report.outputs = publish(staging, ws.outbox, number)
            faults.point("build.published")
            store.add_version(number, now, fp, snap)
            faults.point("build.versioned")
        shutil.rmtree(staging, ignore_errors=True)
        log.info("versjon %d publisert", number)
        report.version, report.new_version, report.changes = number, True, version.changes
        return report


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # ws.config() below gives the user the proper message


def _restore_missing(ws: Workspace, number: int) -> list[Path]:
    """Someone deleted or moved a current document: put back the archived copy of
    the current version (no new version: nothing changed)."""
    restored = []
    for name in (*DOCUMENTS, OVERVIEW_NAME):
        target, kept = ws.outbox / name, archive_dir(ws.outbox, number) / name
        if not target.exists() and kept.is_file():
            restored.append(atomic_copy(kept, target))
    return restored


def _pdf_for_current(ws: Workspace, number: int, clock: _Stopwatch) -> list[Path]:
    """PDFs of the current version where they are missing (asked for with --pdf
    on a run that made no new version)."""
    wanted = [ws.outbox / d for d in DOCUMENTS if not (ws.outbox / d).with_suffix(".pdf").exists()]
    if not wanted:
        return []
    staging = ws.staging / f"pdf-v{number}"
    shutil.rmtree(staging, ignore_errors=True)
    with clock("pdf"):
        pdfs = convert_to_pdf(wanted, staging)
    for p in pdfs:
        atomic_copy(p, archive_dir(ws.outbox, number) / p.name)
    written = [atomic_copy(p, ws.outbox / p.name) for p in pdfs]
    shutil.rmtree(staging, ignore_errors=True)
    return written


def check_templates(ws: Workspace) -> list[TemplateProblem]:
    """Every problem in the workspace's Word templates (empty: all is well)."""
    return find_template_problems(ws.templates)


def write_forms(ws: Workspace) -> Path:
    """Write the blank form from the current configuration."""
    config = ws.config()
    ws.ensure_dirs()
    return write_blank_form(config, ws.blank_form)


def status(ws: Workspace) -> StatusReport:
    config = ws.config()
    ws.ensure_dirs()
    with Store(ws.database) as store:
        version = store.latest_version()
        return StatusReport(
            units=unit_statuses(config, store),
            quarantined=tuple(store.submissions("avvist")),
            pending=len(pending_files(ws.inbox)),
            version=version.number if version else None,
        )
