"""The build: one run of the pipeline over a workspace.

intake (inbox → store) → model (latest revision per unit) → the secretariat's
decisions (``beslutninger.xlsx``) → assessment → overview workbook → documents
(a new version only when something changed) → the decisions workbook updated.
The comparison of the IKT-barometer with other municipalities is gathered from
the store once per run and handed to the documents as data.
*Gather everything, then write*: the documents are rendered into a staging
folder and published to ``outbox/`` only when all of them succeeded.
Watch mode and the demo call the same :func:`run`.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pipeline import __version__, faults
from pipeline.i18n import Day, Msg
from pipeline.config import Config
from pipeline.core.comparison import NO_COMPARISON, BarometerComparison
from pipeline.core.submission import SubmissionStatus
from pipeline.core.versions import (
    DOCUMENTS,
    OVERVIEW,
    Changes,
    VersionInfo,
    diff,
    digest,
    fingerprint,
    snapshot,
)
from pipeline.documents.outbox import OutboxReport, archive_dir, publish, settle
from pipeline.documents.prose import prose_bytes
from pipeline.documents.templatefiles import template_bytes
from pipeline.decisionrun import DecisionsReport, read_decisions, update_decisions
from pipeline.fileio import WorkspaceLock, atomic_copy, remove_stale_temp_files
from pipeline.i18n.filenames import FileNames, every_name
from pipeline.intake.actions import repair as repair_actions
from pipeline.intake.inbox import intake
from pipeline.intake.listing import LeftInInbox, list_inbox
from pipeline.intake.store import Store, VersionRecord, open_store
from pipeline.workspace import EXAMPLE_CONFIG, Workspace, is_example_config

# Imported when needed: a run that changes nothing (the common rerun) needs none
# of the modelling, Word or chart libraries, and the command starts sooner.
if TYPE_CHECKING:
    from pipeline.intake.receive import Outcome
    from pipeline.core.assessment import Assessment
    from pipeline.core.decisions import Decisions
    from pipeline.core.model import Municipality
    from pipeline.core.roster import Placement
    from pipeline.intake.status import StatusReport
    from pipeline.documents.templatecheck import TemplateProblem

log = logging.getLogger("iktplan.build")

Progress = Callable[["Msg | str"], None]
OnOutcome = Callable[["Outcome"], None]


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
    #: (year, kroner) by which measures included by decision take more than the year's frame
    overrun: tuple[tuple[int, int], ...]

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
            overrun=tuple((y.year, y.over_frame) for y in assessment.years if y.over_frame),
        )

    def to_dict(self) -> dict:
        return {**self.__dict__, "missing_units": list(self.missing_units),
                "unknown_sub_goals": [list(pair) for pair in self.unknown_sub_goals],
                "overrun": [list(pair) for pair in self.overrun]}

    @classmethod
    def from_dict(cls, d: dict) -> RunSummary | None:
        try:
            return cls(**{**d, "missing_units": tuple(d["missing_units"]),
                          "unknown_sub_goals": tuple((str(m), str(g)) for m, g in d["unknown_sub_goals"]),
                          "overrun": tuple((int(y), int(k)) for y, k in d["overrun"])})
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
        #: Norwegian sentences the secretariat must see: texts from Word that could not be used, …
        self.notes: list[str] = []
        #: What became of the files in outbox/: edited copies kept, files waiting because they are open.
        self.outbox = OutboxReport()
        #: strategi.toml is still the shipped example (every run says so: see workspace.EXAMPLE_CONFIG).
        self.example_config = False
        #: Valid forms waiting for the secretariat (unknown or mistyped unit names), in arrival order.
        self.held: tuple[Placement, ...] = ()
        self.listed = True  # the configuration lists its units ([[enheter]])
        self.decisions: DecisionsReport | None = None  # None: the run built nothing, so read no decisions
        self.cycles: tuple[tuple[str, ...], ...] = ()  # measures depending on each other in a circle
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
    *progress* hears one line per stage (a message, or bokmål text); *on_outcome* hears of each file
    received, as soon as it is recorded (None: nobody listens). *ready* says
    whether an inbox file is complete and may be read now (watch mode: not while
    it is still being copied); None: every file is ready. Raises
    :class:`~pipeline.forms.reader.UnsafeXmlError` before touching the inbox
    if it holds a file and defusedxml is not active."""
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
        repair_actions(ws, store, config)  # a secretariat command stopped after recording its action
        templates = document_inputs(ws, config)
        state = store.state_token() + steps.comparison_state()

        def token_for(decisions: bytes) -> str:
            return _input_token(state, config_bytes, templates, decisions)

        token = token_for(_read(ws.decisions))
        current = store.latest_version_number()
        summary = _unchanged(store.run_input(), current, token)
        if summary is not None:
            # Same submissions, secretariat's actions, configuration, decisions, templates and
            # program as the current version: its documents are what a full run would give.
            report = RunReport(outcomes, summary, timings=steps.clock.timings)
            steps.keep_current(report, current)
        else:
            report = steps.build(outcomes, config_bytes, templates, token_for)
        report.notes[:0] = steps.notes  # what finishing an interrupted version found comes first
        report.example_config = is_example_config(ws)
        roster = store.roster(config.expected_units)
        report.held, report.listed = tuple(roster.held()), roster.listed
        report.left = left
        return _logged(report)


def _logged(report: RunReport) -> RunReport:
    """*report*, written to the log in counts (no names)."""
    statuses = [o.status for o in report.outcomes]
    log.info(
        "kjøring ferdig filer=%d godkjent=%d avvist=%d duplikat=%d holdt=%d versjon=%s ny=%s ukjente_delmaal=%d "
        "sekunder=%.1f",
        len(statuses), statuses.count(SubmissionStatus.ACCEPTED), statuses.count(SubmissionStatus.REJECTED),
        statuses.count(SubmissionStatus.DUPLICATE), statuses.count(SubmissionStatus.HELD), report.version,
        report.new_version, len(report.summary.unknown_sub_goals), sum(report.timings.values()),
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
    #: Norwegian sentences for the run's report from steps taken before it exists (an interrupted version finished).
    notes: list[str] = field(default_factory=list)
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
            try:
                return intake(self.ws, self.store, self.config, on_outcome, ready=ready, on_left=on_left)
            finally:
                worker = sys.modules.get("pipeline.intake.worker")  # loaded only if a file was read
                if worker is not None:
                    worker.release()  # their memory is the documents' now (watch mode keeps them)

    def build(self, outcomes: list[Outcome], config_bytes: bytes, templates: bytes,
              token_for: Callable[[bytes], str]) -> RunReport:
        """Build the model and the assessment with the secretariat's decisions; a
        new version if they, the configuration (*config_bytes*), the program's
        version or the *templates* changed, otherwise the current version stays.
        Then bring ``beslutninger.xlsx`` up to date. *token_for* gives the input
        token for the decisions file's bytes."""
        from pipeline.documents import chartimages

        chartimages.warm_up()  # matplotlib is imported in another process while the model is built
        try:
            return self._build(outcomes, config_bytes, templates, token_for)
        finally:
            chartimages.cool_down()

    def _build(self, outcomes: list[Outcome], config_bytes: bytes, templates: bytes,
               token_for: Callable[[bytes], str]) -> RunReport:
        latest = self.store.latest_version()
        with self.clock("beslutninger"):
            given = read_decisions(self.ws, latest.snapshot if latest else None, self.config.lang)
        model, assessment = _model_and_assessment(self.config, self.store, self.clock, given.decisions)
        self.gather_comparison()
        summary = RunSummary.of(model, assessment)
        report = RunReport(outcomes, summary, model=model, assessment=assessment, timings=self.clock.timings)
        report.decisions, report.cycles = given.report, assessment.cycles
        snap = snapshot(model, assessment, self.comparison)
        fp = version_fingerprint(snap, config_bytes, templates)
        if latest is not None and latest.fingerprint == fp:
            with self.clock("beslutninger"):
                update_decisions(self.ws, self.config, given, model, assessment)
            self.store.set_run_input(latest.number, self.run_input(token_for, summary, given.report))
            self.keep_current(report, latest.number)
            return report
        version = _next_version(latest, snap, self.store.last_published())
        staging = self.render(model, assessment, version, report.notes)
        # The workbook is updated before the version is recorded: the token recorded with
        # the version must be that of the file as this run leaves it.
        with self.clock("beslutninger"):
            update_decisions(self.ws, self.config, given, model, assessment)
        report.outbox = self.publish(staging, version, fp, snap, self.run_input(token_for, summary, given.report),
                                     latest.number if latest else None)
        report.outputs = report.outbox.current
        report.notes += report.outbox.notes(self.ws.outbox)
        report.version, report.new_version = version.number, True
        report.changes = diff(latest.snapshot, snap) if latest else None  # for the secretariat: since the last draft
        return report

    def run_input(self, token_for: Callable[[bytes], str], summary: RunSummary, book: DecisionsReport) -> dict:
        """What the version was made from. A decisions file the run could not read
        or update makes the next run build again (and say so again)."""
        token = token_for(_read(self.ws.decisions))
        if book.unreadable or book.not_written:
            token += "+beslutninger-venter"
        return {"token": token, "summary": summary.to_dict()}

    def render(self, model: Municipality, assessment: Assessment, version: VersionInfo, notes: list[str]) -> Path:
        """The documents, the overview and any PDFs of *version*, in a fresh staging folder;
        what the secretariat must hear about its texts is added to *notes*."""
        from pipeline.documents.overview import write_overview
        from pipeline.documents.prose import load_prose
        from pipeline.documents.rendering import render_documents

        staging = self.ws.staging / f"v{version.number}"
        shutil.rmtree(staging, ignore_errors=True)
        self.say(Msg("Lager dokumentene, versjon {version} …", version=version.number))
        with self.clock("dokumenter"):
            # A chart whose numbers a revision did not change is not drawn again, nor
            # a segment of a document whose text it did not change processed again.
            charts = self.ws.staging / "diagrammer"
            remove_stale_temp_files(charts)  # from a run killed while keeping one; we hold the lock
            prose = load_prose(self.ws.texts, self.config)
            documents = render_documents(model, assessment, version, self.ws.templates, staging, chart_cache=charts,
                                         prose=prose, piece_cache=self.ws.staging / "dokumentdeler",
                                         comparison=self.comparison)
            notes += prose.notes
        with self.clock("oversikt"):
            write_overview(model, assessment, staging / FileNames(self.config.lang).overview,
                           comparison=self.comparison)
        if self.pdf:
            from pipeline.documents.pdf import convert_to_pdf

            with self.clock("pdf"):
                convert_to_pdf(documents, staging)
        faults.point("build.rendered")
        return staging

    def publish(self, staging: Path, version: VersionInfo, fp: str, snap: dict, run_input: dict,
                previous: int | None) -> OutboxReport:
        """Archive the staged version and make it current (keeping what a person
        edited in version *previous*), then record it (the record last: a version
        in the store is always in the outbox's archive)."""
        with self.clock("publisering"):
            self.store.begin_version(version.number, version.created, fp, snap, run_input)
            outputs = publish(staging, self.ws.outbox, version.number, previous, self.config.lang)
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
        previous = self.store.latest_version_number()  # the version in outbox/ before: a person's edits of it are kept
        finished = None
        if staging.is_dir() and any(p.is_file() for p in staging.iterdir()):
            finished = publish(staging, self.ws.outbox, pending.number, previous, self.config.lang)
            complete = True
        else:
            # Under its name in any language: the workspace's language may have changed since.
            complete = all(any((archive / name).is_file() for name in every_name(key))
                           for key in (*DOCUMENTS, OVERVIEW))
            if complete:  # the archived files become the current ones again
                finished = publish(archive, self.ws.outbox, pending.number, previous, self.config.lang)
        if finished is not None:
            self.notes += finished.notes(self.ws.outbox)
        self.store.add_version(pending.number, pending.created_at, pending.fingerprint if complete else "",
                               pending.snapshot, pending.run_input if complete else None)
        shutil.rmtree(staging, ignore_errors=True)
        log.info("versjon %d fra en avbrutt kjøring er fullført", pending.number)

    def keep_current(self, report: RunReport, number: int) -> None:
        """No new version: the current one stays, with any missing file put back,
        a file left from an older version (it was open) replaced now that it is
        closed, and a person's edits left alone (and PDFs made where asked for and missing)."""
        report.version = number
        current = self.store.latest_version()
        sent = current is not None and current.number == number and current.published_at is not None
        report.outbox = settle(self.ws.outbox, number, _outbox_names(self.ws), sent=sent)
        report.outputs = report.outbox.current
        report.notes += report.outbox.notes(self.ws.outbox)
        if self.pdf:
            report.outputs += _pdf_for_current(self.ws, number, self.clock)


def _next_version(latest: VersionRecord | None, snap: dict, sent: VersionRecord | None) -> VersionInfo:
    """The version after *latest* (None: the first), made now: a draft, whose
    change list compares with *sent*, the version last sent to political
    treatment (None: none has been; the drafts in between never count)."""
    return VersionInfo(
        latest.number + 1 if latest else 1,
        datetime.now().astimezone(),
        diff(sent.snapshot, snap) if sent else None,
        sent.created_at if sent else None,
        draft=True,
        base_number=sent.number if sent else None,
    )


def version_fingerprint(snap: dict, config_bytes: bytes, templates: bytes) -> str:
    """What decides whether a version's documents would come out the same: the
    snapshot (with the secretariat's decisions), the configuration
    (:func:`config_bytes_of`), this program's version and the templates."""
    return fingerprint(snap, config_bytes + __version__.encode(), templates)


def config_bytes_of(ws: Workspace) -> bytes:
    """The configuration as a version is made from it: the file without its
    ``[lager]`` table, since where the store lives is not content."""
    from pipeline.intake.store_settings import without_store_table

    return without_store_table(_read(ws.config_path))


def _input_token(state: str, config_bytes: bytes, templates: bytes, decisions: bytes) -> str:
    """Everything a version is made from, in one hash: the store's submissions
    (their count and newest id: every change to them is a new row), the
    configuration file, the templates, the decisions workbook's bytes and this
    program's version."""
    return digest(state.encode(), config_bytes, templates, __version__.encode(), decisions)


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
        latest = store.latest_version()
        given = read_decisions(ws, latest.snapshot if latest else None, config.lang)
        return _model_and_assessment(config, store, _Stopwatch({}), given.decisions)


def model_and_assessment(ws: Workspace, config: Config, store: Store) -> tuple[Municipality, Assessment]:
    """The combined model as *store* holds it now, and its assessment with the
    secretariat's decisions as ``beslutninger.xlsx`` says now (one that cannot be
    read: the latest version's)."""
    latest = store.latest_version()
    given = read_decisions(ws, latest.snapshot if latest else None, config.lang)
    return _model_and_assessment(config, store, _Stopwatch({}), given.decisions)


def input_token(ws: Workspace, config: Config, store: Store) -> str:
    """The build's input token now (what :func:`run` compares with the current version's)."""
    from pipeline.intake.samarbeid import comparison_state
    from pipeline.intake.store_settings import store_settings

    state = store.state_token() + comparison_state(store, store_settings(config).sharing)
    return _input_token(state, config_bytes_of(ws), document_inputs(ws, config), _read(ws.decisions))


def document_inputs(ws: Workspace, config: Config) -> bytes:
    """What shapes the documents besides the model and the configuration, as bytes for
    the version fingerprint: the Word templates and the secretariat's own texts in tekster/."""
    return template_bytes(ws.templates, config.lang) + prose_bytes(ws.texts, config)


def document_names(ws: Workspace) -> list[str]:
    """Every file a version puts in ``outbox/`` (see :func:`_outbox_names`)."""
    return _outbox_names(ws)


def _model_and_assessment(config: Config, store: Store, clock: _Stopwatch,
                          decisions: Decisions | None = None) -> tuple[Municipality, Assessment]:
    from pipeline.core.assessment import assess
    from pipeline.core.model import combine

    with clock("modell"):
        # Which unit each form counts for, by the rules and the secretariat's actions.
        roster = store.roster(config.expected_units)
        model = combine(config, store.counted(roster), roster.notes())
    with clock("vurdering"):
        return model, assess(model, decisions)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # ws.config() below gives the user the proper message


def _outbox_names(ws: Workspace) -> list[str]:
    """The files a version puts in ``outbox/``: the documents, their PDFs, the overview, named
    in the workspace's language. A version written under another language's names (the
    language was changed since) keeps them in its archive: none is deleted or overwritten."""
    return ws.names.outbox


def _pdf_for_current(ws: Workspace, number: int, clock: _Stopwatch) -> list[Path]:
    """PDFs of the current version where they are missing (asked for with --pdf
    on a run that made no new version)."""
    from pipeline.documents.pdf import convert_to_pdf

    wanted = [ws.outbox / d for d in ws.names.documents if (ws.outbox / d).is_file()
              and not (ws.outbox / d).with_suffix(".pdf").exists()]
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

    from pipeline.i18n import Lang

    return find_template_problems(ws.templates, Lang.for_code(ws.language))


def template_warnings(ws: Workspace) -> list[TemplateProblem]:
    """What in the workspace's templates breaks universal design (empty: nothing);
    the documents are made all the same."""
    from pipeline.documents.templatewarnings import template_warnings as find_template_warnings
    from pipeline.i18n import Lang
    from pipeline.i18n.languages import available, workspace_language

    code = workspace_language(ws.root)
    return find_template_warnings(ws.templates, Lang.for_code(code) if code in available() else None)


def write_prose_stubs(ws: Workspace) -> list[Path]:
    """A stub in ``tekster/`` for every section the secretariat can write in Word
    that has no file yet (never one that has)."""
    from pipeline.documents.prose import write_stubs

    return write_stubs(ws.texts, ws.config())


def write_forms(ws: Workspace) -> Path:
    """Write the blank form from the current configuration."""
    from pipeline.forms.blankform import write_blank_form

    config = ws.config()
    ws.ensure_dirs()
    return write_blank_form(config, ws.blank_form)


def status(ws: Workspace) -> StatusReport:
    from pipeline.intake.followup import followup_status
    from pipeline.intake.status import status_report

    config = ws.config()
    ws.ensure_dirs()
    listing = list_inbox(ws.inbox)
    with open_store(ws, config) as store:
        version = store.latest_version_number()
        return status_report(config, store, len(listing.files), tuple(listing.left),
                             documents=tuple(_document_lines(ws, store, version)),
                             followup=followup_status(store))


def _document_lines(ws: Workspace, store: Store, version: int | None) -> list[Msg | str]:
    """What ``status`` says about the documents in ``outbox/``: draft or sent, edited
    or open files, kept copies, and a configuration that is still the example."""
    from pipeline.documents.outbox import kept_copies, state

    lines = [EXAMPLE_CONFIG] if is_example_config(ws) else []
    if version is None:
        return lines
    sent = store.last_published()
    if sent is not None and sent.number == version:
        lines.append(Msg("Versjon {version} er sendt til politisk behandling ({day}).", version=version,
                         day=Day(sent.published_at)))
    elif sent is not None:
        lines.append(Msg("Versjon {version} er et utkast. Sist sendt til politisk behandling: versjon {sent} ({day}). "
                         "Når den skal sendes: «iktplan publiser».", version=version, sent=sent.number,
                         day=Day(sent.published_at)))
    else:
        lines.append(Msg("Versjon {version} er et utkast. Ingen versjon er sendt til politisk behandling ennå. "
                         "Når den skal sendes: «iktplan publiser».", version=version))
    sent_now = sent is not None and sent.number == version
    lines += state(ws.outbox, version, _outbox_names(ws), sent=sent_now).notes(ws.outbox)
    kept = kept_copies(ws.outbox)
    if kept:
        lines.append(Msg("Redigerte dokumenter tatt vare på i arkivet ({n}):", n=len(kept)))
        lines += [f"  {p.relative_to(ws.root).as_posix()}" for p in kept]
    return lines
