"""The build: one run of the pipeline over a workspace.

intake (inbox → store) → model (latest revision per unit) → assessment →
overview workbook → documents (a new version only when something changed).
*Gather everything, then write*: the documents are rendered into a staging
folder and published to ``outbox/`` only when all of them succeeded.
Watch mode and the demo call the same :func:`run`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.assessment import Assessment, assess
from pipeline.blankform import write_blank_form
from pipeline.fileio import WorkspaceLock
from pipeline.intake import Outcome, intake, pending_files
from pipeline.model import Municipality, combine
from pipeline.overview import OVERVIEW_NAME, write_overview
from pipeline.status import StatusReport, unit_statuses
from pipeline.store import Store
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.build")

Progress = Callable[[str], None]
OnOutcome = Callable[[Outcome], None]


@dataclass
class RunReport:
    outcomes: list[Outcome]
    model: Municipality
    assessment: Assessment
    outputs: list[Path] = field(default_factory=list)
    version: int | None = None  # the version now in outbox/; None: no documents yet
    new_version: bool = False  # this run made a new version


def run(ws: Workspace, *, progress: Progress | None = None, on_outcome: OnOutcome | None = None) -> RunReport:
    """Run the whole pipeline once. Holds the workspace lock for the whole run.

    *progress* hears one Norwegian line per stage; *on_outcome* hears of each file
    received, as soon as it is recorded (None: nobody listens)."""
    say = progress or (lambda message: None)
    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), Store(ws.database) as store:
        if not ws.blank_form.exists():
            write_blank_form(config, ws.blank_form)
        outcomes = intake(ws, store, config, on_outcome)
        model = combine(config, store.latest_accepted())
        assessment = assess(model)
        outputs = [write_overview(model, assessment, ws.outbox / OVERVIEW_NAME)]
        return RunReport(outcomes=outcomes, model=model, assessment=assessment, outputs=outputs)


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
