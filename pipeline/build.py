"""The build: one run of the pipeline over a workspace.

intake (inbox → store) → model (latest revision per unit) → assessment →
overview workbook → documents (a new version only when something changed).
The comparison of the IKT-barometer with other municipalities is gathered from
the store once per run and handed to the documents as data.
*Gather everything, then write*: the documents are rendered into a staging
folder and published to ``outbox/`` only when all of them succeeded.
Watch mode and the demo call the same :func:`run`.
"""

from __future__ import annotations

import logging
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pipeline import __version__, faults
from pipeline.config import Config
from pipeline.core.comparison import NO_COMPARISON, BarometerComparison
from pipeline.core.submission import SubmissionStatus
from pipeline.core.versions import (
    DOCUMENTS,
    OVERVIEW_NAME,
    Changes,
    VersionInfo,
    diff,
    digest,
    fingerprint,
    snapshot,
)
from pipeline.documents.outbox import archive_dir, publish
from pipeline.documents.templatefiles import template_bytes
from pipeline.fileio import WorkspaceLock, atomic_copy, remove_stale_temp_files
from pipeline.forms.reader import require_safe_xml
from pipeline.intake.inbox import intake
from pipeline.intake.listing import LeftInInbox, list_inbox
from pipeline.intake.receive import Outcome
from pipeline.intake.store import Store, VersionRecord, open_store
from pipeline.workspace import Workspace

# Imported when needed: a run that changes nothing (the common rerun) needs none
# of the modelling, Word or chart libraries, and the command starts sooner.
if TYPE_CHECKING:
    from pipeline.core.assessment import Assessment
    from pipeline.core.model import Municipality
    from pipeline.intake.status import StatusReport
    from pipeline.documents.templatecheck import TemplateProblem

log = logging.getLogger("iktplan.build")

Progress = Callable[[str], None]
OnOutcome = Callable[[Outcome], None]


@dataclass(frozen=True)
class RunSummary:
    """The model and the assessment in a few numbers, as a run reports them.
    Kept with each version, so a run that changes nothing can report them
    without building either."""

    units: int
    measures: int
    systems: int
    problems: int
    missing_units: tuple[str, ...]  # names of expected units without an accepted form
    critical: int  # critical processes inside the frame
    quick_wins: int  # quick wins inside the frame
    outside_frame: int  # measures outside the frame
    #: (measure id, delmål) of the measures citing a delmål the configuration does not have
    unknown_sub_goals: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, model: Municipality, assessment: Assessment) -> RunSummary:
        return cls(
            units=len(model.units),
            measures=len(model.measures),
            systems=len(model.systems),
            problems=len(model.problems),
            missing_units=tuple(u.name for u in model.missing_units),
            critical=len(assessment.critical),
            quick_wins=len(assessment.quick_wins),
            outside_frame=len(assessment.outside_frame),
            unknown_sub_goals=assessment.unknown_sub_goals,
        )

    def to_dict(self) -> dict:
        return {**self.__dict__, "missing_units": list(self.missing_units),
                "unknown_sub_goals": [list(pair) for pair in self.unknown_sub_goals]}

    @classmethod
    def from_dict(cls, d: dict) -> RunSummary | None:
        try:
            return cls(**{**d, "missing_units": tuple(d["missing_units"]),
                          "unknown_sub_goals": tuple((str(m), str(g)) for m, g in d["unknown_sub_goals"])})
        except (TypeError, KeyError, ValueError):
            return None  # recorded by another iktplan version: build the model instead


class RunReport:
    """What one run did. ``summary`` always has the model's and the assessment's
    numbers; ``model`` and ``assessment`` are there when the run built them, and
    ``None`` when it had nothing to build (nothing had changed since the current
    version): :func:`load_model` builds them from the store then."""

    def __init__(
        self,
        outcomes: list[Outcome],
        summary: RunSummary,
        *,
        model: Municipality | None = None,
        assessment: Assessment | None = None,
        timings: dict[str, float] | None = None,
    ):
        self.outcomes = outcomes
        self.summary = summary
        self.model = model
        self.assessment = assessment
        self.version: int | None = None  # the version now in outbox/; None: no documents yet
        self.new_version = False  # this run made a new version
        self.outputs: list[Path] = []  # files written to outbox/ by this run
        self.changes: Changes | None = None  # what the new version changed; None: no new version or the first
        self.timings = timings if timings is not None else {}  # seconds per stage
        self.left: list[LeftInInbox] = []  # what stays in the inbox, not received, and why

    @property
    def built(self) -> bool:
        """The run built the model (False: it had nothing to build)."""
        return self.model is not None


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
    config_bytes = config_bytes_of(ws)
    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        steps = _Run(ws, store, config, pdf, progress or (lambda message: None), _Stopwatch({}))
        if store.notice:
            steps.say(store.notice)
        steps.finish_interrupted_version()
        steps.ensure_blank_form()
        left: list[LeftInInbox] = []
        outcomes = steps.receive(on_outcome, ready, left.append)
        templates = template_bytes(ws.templates)
        token = _input_token(store.state_token() + steps.comparison_state(), config_bytes, templates)
        current = store.latest_version_number()
        summary = _unchanged(store.run_input(), current, token)
        if summary is not None:
            # Same submissions, configuration, templates and program as the
            # current version: its documents are what a full run would give.
            report = RunReport(outcomes, summary, timings=steps.clock.timings)
            steps.keep_current(report, current)
        else:
            report = steps.build(outcomes, config_bytes, templates, token)
        report.left = left
        return _logged(report)


def _logged(report: RunReport) -> RunReport:
    """*report*, written to the log in counts (no names)."""
    statuses = [o.status for o in report.outcomes]
    log.info(
        "kjøring ferdig filer=%d godkjent=%d avvist=%d duplikat=%d versjon=%s ny=%s ukjente_delmaal=%d sekunder=%.1f",
        len(statuses), statuses.count(SubmissionStatus.ACCEPTED), statuses.count(SubmissionStatus.REJECTED),
        statuses.count(SubmissionStatus.DUPLICATE), report.version, report.new_version,
        len(report.summary.unknown_sub_goals), sum(report.timings.values()),
    )
    return report


@dataclass
class _Run:
    """The steps of one run, in the order :func:`run` takes them, under the workspace lock."""

    ws: Workspace
    store: Store
    config: Config
    pdf: bool
    say: Progress
    clock: _Stopwatch
    comparison: BarometerComparison = NO_COMPARISON

    def comparison_state(self) -> str:
        """What the comparison with other municipalities is made from, cheaply (empty: none)."""
        from pipeline.intake.samarbeid import comparison_state
        from pipeline.intake.store_settings import store_settings

        return comparison_state(self.store, store_settings(self.config).sharing)

    def gather_comparison(self) -> None:
        """The IKT-barometer beside the other municipalities' in the store, as far as
        ``[samarbeid]`` and theirs allow (see :mod:`pipeline.core.comparison`)."""
        from pipeline.intake.samarbeid import gather_comparison
        from pipeline.intake.store_settings import store_settings

        with self.clock("sammenligning"):
            self.comparison = gather_comparison(self.store, store_settings(self.config).sharing)

    def ensure_blank_form(self) -> None:
        if not self.ws.blank_form.exists():
            from pipeline.forms.blankform import write_blank_form

            write_blank_form(self.config, self.ws.blank_form)

    def receive(self, on_outcome: OnOutcome | None, ready: Callable[[Path], bool] | None,
                on_left: Callable[[LeftInInbox], None]) -> list[Outcome]:
        with self.clock("inntak"):
            return intake(self.ws, self.store, self.config, on_outcome, ready=ready, on_left=on_left)

    def build(self, outcomes: list[Outcome], config_bytes: bytes, templates: bytes, token: str) -> RunReport:
        """Build the model and the assessment; a new version if they, the
        configuration (*config_bytes*), the program's version or the
        *templates* changed, otherwise the current version stays."""
        model, assessment = _model_and_assessment(self.config, self.store, self.clock)
        self.gather_comparison()
        summary = RunSummary.of(model, assessment)
        report = RunReport(outcomes, summary, model=model, assessment=assessment, timings=self.clock.timings)
        run_input = {"token": token, "summary": summary.to_dict()}
        snap = snapshot(model, assessment, self.comparison)
        fp = version_fingerprint(snap, config_bytes, templates)
        latest = self.store.latest_version()
        if latest is not None and latest.fingerprint == fp:
            self.store.set_run_input(latest.number, run_input)
            self.keep_current(report, latest.number)
            return report
        version = _next_version(latest, snap)
        staging = self.render(model, assessment, version)
        report.outputs = self.publish(staging, version, fp, snap, run_input)
        report.version, report.new_version, report.changes = version.number, True, version.changes
        return report

    def render(self, model: Municipality, assessment: Assessment, version: VersionInfo) -> Path:
        """The documents, the overview and any PDFs of *version*, in a fresh staging folder."""
        from pipeline.documents.overview import write_overview
        from pipeline.documents.rendering import render_documents

        staging = self.ws.staging / f"v{version.number}"
        shutil.rmtree(staging, ignore_errors=True)
        self.say(f"Lager dokumentene, versjon {version.number} …")
        with self.clock("dokumenter"):
            # A chart whose numbers a revision did not change is not drawn again.
            charts = self.ws.staging / "diagrammer"
            remove_stale_temp_files(charts)  # from a run killed while keeping one; we hold the lock
            documents = render_documents(model, assessment, version, self.ws.templates, staging, chart_cache=charts,
                                         comparison=self.comparison)
        with self.clock("oversikt"):
            write_overview(model, assessment, staging / OVERVIEW_NAME, comparison=self.comparison)
        if self.pdf:
            from pipeline.documents.pdf import convert_to_pdf

            with self.clock("pdf"):
                convert_to_pdf(documents, staging)
        faults.point("build.rendered")
        return staging

    def publish(self, staging: Path, version: VersionInfo, fp: str, snap: dict, run_input: dict) -> list[Path]:
        """Archive the staged version and make it current, then record it (the
        record last: a version in the store is always in the outbox)."""
        with self.clock("publisering"):
            self.store.begin_version(version.number, version.created, fp, snap, run_input)
            outputs = publish(staging, self.ws.outbox, version.number)
            faults.point("build.published")
            self.store.add_version(version.number, version.created, fp, snap, run_input)
            faults.point("build.versioned")
        shutil.rmtree(staging, ignore_errors=True)
        log.info("versjon %d publisert", version.number)
        return outputs

    def finish_interrupted_version(self) -> None:
        """A run killed while publishing a version left it archived (wholly or in part)
        but not recorded: finish publishing it from its staging folder (the same
        bytes: nothing archived is replaced) and record it, so the store and the
        archive agree again. Without the staging folder an incomplete version is
        recorded as one to replace: this run makes the next version, complete."""
        pending = self.store.pending_version()
        if pending is None:
            return
        staging = self.ws.staging / f"v{pending.number}"
        archive = archive_dir(self.ws.outbox, pending.number)
        if staging.is_dir() and any(p.is_file() for p in staging.iterdir()):
            publish(staging, self.ws.outbox, pending.number)
            complete = True
        else:
            complete = all((archive / name).is_file() for name in (*DOCUMENTS, OVERVIEW_NAME))
            if complete:
                publish(archive, self.ws.outbox, pending.number)  # the archived files become the current ones again
        self.store.add_version(pending.number, pending.created_at, pending.fingerprint if complete else "",
                               pending.snapshot, pending.run_input if complete else None)
        shutil.rmtree(staging, ignore_errors=True)
        log.info("versjon %d fra en avbrutt kjøring er fullført", pending.number)

    def keep_current(self, report: RunReport, number: int) -> None:
        """No new version: the current one stays, with any missing file put back
        (and PDFs made where asked for and missing)."""
        report.version = number
        report.outputs = _restore_missing(self.ws, number)
        if self.pdf:
            report.outputs += _pdf_for_current(self.ws, number, self.clock)


def _next_version(latest: VersionRecord | None, snap: dict) -> VersionInfo:
    """The version after *latest* (None: the first), made now, with what changed."""
    return VersionInfo(
        latest.number + 1 if latest else 1,
        datetime.now().astimezone(),
        diff(latest.snapshot, snap) if latest else None,
        latest.created_at if latest else None,
    )


def version_fingerprint(snap: dict, config_bytes: bytes, templates: bytes) -> str:
    """What decides whether a version's documents would come out the same: the
    snapshot, the configuration (:func:`config_bytes_of`), this program's version
    and the templates."""
    return fingerprint(snap, config_bytes + __version__.encode(), templates)


def config_bytes_of(ws: Workspace) -> bytes:
    """The configuration as a version is made from it: the file without its
    ``[lager]`` table, since where the store lives is not content."""
    from pipeline.intake.store_settings import without_store_table

    return without_store_table(_read(ws.config_path))


def _input_token(state: str, config_bytes: bytes, templates: bytes) -> str:
    """Everything a version is made from, in one hash: the store's submissions
    (their count and newest id: every change to them is a new row), the
    configuration file, the templates and this program's version."""
    return digest(state.encode(), config_bytes, templates, __version__.encode())


def _unchanged(recorded: dict | None, current: int | None, token: str) -> RunSummary | None:
    """The summary recorded with the current version if it was made from the
    very same input (*token*); None if the model must be built."""
    if recorded is None or current is None or recorded.get("version") != current or recorded.get("token") != token:
        return None
    summary = recorded.get("summary")
    return RunSummary.from_dict(summary) if isinstance(summary, dict) else None


def load_model(ws: Workspace) -> tuple[Municipality, Assessment]:
    """The combined model as the store holds it now (the latest accepted revision
    of every unit) and its assessment: what a run that had nothing to build would
    have built. Opens the store."""
    config = ws.config()
    with open_store(ws, config) as store:
        return _model_and_assessment(config, store, _Stopwatch({}))


def _model_and_assessment(config: Config, store: Store, clock: _Stopwatch) -> tuple[Municipality, Assessment]:
    from pipeline.core.assessment import assess
    from pipeline.core.model import combine

    with clock("modell"):
        model = combine(config, store.latest_accepted())
    with clock("vurdering"):
        return model, assess(model)


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
    from pipeline.documents.pdf import convert_to_pdf

    wanted = [ws.outbox / d for d in DOCUMENTS if not (ws.outbox / d).with_suffix(".pdf").exists()]
    if not wanted:
        return []
    staging = ws.staging / f"pdf-v{number}"
    shutil.rmtree(staging, ignore_errors=True)
    with clock("pdf"):
        pdfs = convert_to_pdf(wanted, staging)
    for p in pdfs:
        if not (archive_dir(ws.outbox, number) / p.name).exists():  # an archived version is never overwritten
            atomic_copy(p, archive_dir(ws.outbox, number) / p.name)
    written = [atomic_copy(p, ws.outbox / p.name) for p in pdfs]
    shutil.rmtree(staging, ignore_errors=True)
    return written


def check_templates(ws: Workspace) -> list[TemplateProblem]:
    """Every problem in the workspace's Word templates (empty: all is well)."""
    from pipeline.documents.templatecheck import check_templates as find_template_problems

    return find_template_problems(ws.templates)


def template_warnings(ws: Workspace) -> list[TemplateProblem]:
    """What in the workspace's templates breaks universal design (empty: nothing);
    the documents are made all the same."""
    from pipeline.documents.templatewarnings import template_warnings as find_template_warnings

    return find_template_warnings(ws.templates)


def write_forms(ws: Workspace) -> Path:
    """Write the blank form from the current configuration."""
    from pipeline.forms.blankform import write_blank_form

    config = ws.config()
    ws.ensure_dirs()
    return write_blank_form(config, ws.blank_form)


def status(ws: Workspace) -> StatusReport:
    from pipeline.intake.followup import followup_status
    from pipeline.intake.status import StatusReport, unit_statuses

    config = ws.config()
    ws.ensure_dirs()
    listing = list_inbox(ws.inbox)
    with open_store(ws, config) as store:
        version = store.latest_version()
        return StatusReport(
            units=unit_statuses(config, store),
            quarantined=tuple(store.submissions(SubmissionStatus.REJECTED)),
            pending=len(listing.files),
            version=version.number if version else None,
            left=tuple(listing.left),
            followup=followup_status(store),
        )
