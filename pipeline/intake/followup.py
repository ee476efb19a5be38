"""The intake's part of the yearly cycle (issue 15, part a): recording the adopted
plan (``iktplan vedta``), handing out the follow-up forms (``iktplan oppfolging``), and
receiving a follow-up form that arrived in the inbox or by e-mail.

A follow-up form takes the steps of a mapping form (:mod:`pipeline.intake.receive`):
checked in the worker process (:func:`pipeline.forms.followupvalidation.validate_followup`),
then here against the adopted plan in force for its year
(:func:`~pipeline.forms.followupvalidation.check_against_plan`); kept (accepted in the
store's archive, rejected in the quarantine), recorded in ``followups`` (one
transaction; an accepted form gets the unit's next revision for the year), answered
with a receipt. The same fault points as a mapping form, so a crash between two steps
is repaired by the next run the same way.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from pipeline import faults
from pipeline.config import Config
from pipeline.core.baseline import Baseline, baseline_for, freeze
from pipeline.core.model import FormContent, unit_key
from pipeline.core.submission import SubmissionStatus
from pipeline.errors import StoreError
from pipeline.fileio import WorkspaceLock
from pipeline.i18n import Msg, pMsg
from pipeline.forms.followupform import write_followup_forms
from pipeline.forms.followupvalidation import check_against_plan
from pipeline.intake.store import Store, open_store
from pipeline.intake.store_followup import FollowUpRecord
from pipeline.intake.worker import Checked
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.intake")

#: ``excel_forms/Oppfølging <år>/`` (Danish ``Opfølgning <år>``): the year's follow-up forms, one per
#: unit, named by :meth:`pipeline.i18n.filenames.FileNames.followup_folder`.


# -- recording the adopted plan -----------------------------------------------------------------


def adopt(store: Store, config: Config, *, adopted_on: date, version: int | None = None,
          case_ref: str | None = None, first_year: int | None = None,
          now: datetime | None = None) -> Baseline:
    """Freeze document version *version* as the adopted plan (None: the version last
    marked as sent to political treatment, else the newest version) and record it.
    *first_year*: the first year it governs (None: the later of the period's first year
    and the year of the decision). The version is marked as sent if it was not."""
    now = now or datetime.now().astimezone()
    record = _version(store, version)
    first = first_year if first_year is not None else max(config.period_from, adopted_on.year)
    if not config.period_from <= first <= config.period_to:
        raise StoreError(Msg("Første år for planen ({year}) er utenfor strategiperioden {first}–{last}.",
                             year=first, first=config.period_from, last=config.period_to))
    snapshot = record.snapshot
    wanted = {(key, u.get("revision")) for key, u in snapshot.get("units", {}).items()}
    contents = {}
    for rec in store.submissions(SubmissionStatus.ACCEPTED):
        if (rec.unit_key, rec.revision) in wanted and rec.content_json:
            contents[(rec.unit_key, rec.revision)] = FormContent.from_dict(json.loads(rec.content_json))
    baseline = freeze(number=store.next_baseline_number(), version=record.number, snapshot=snapshot,
                      contents=contents, config=config, adopted_on=adopted_on, case_ref=case_ref,
                      first_year=first, recorded_at=now)
    if not baseline.adopted:
        raise StoreError(Msg("Versjon {version} har ingen tiltak i handlingsplanen, så det er ingenting å "
                             "følge opp. Kjør «iktplan run» når skjemaene er kommet inn, og vedta den nye versjonen.",
                             version=record.number))
    if record.published_at is None:
        # The kommunestyre adopted it, so it was evidently sent: marked with publiser's own
        # store call. First: a crash before the baseline leaves a sent version, and «vedta» again takes it.
        store.set_published(record.number, now)
    store.add_baseline(baseline)
    log.info("vedtatt plan %d fra versjon %d tiltak=%d", baseline.number, baseline.version, len(baseline.adopted))
    return baseline


def _version(store: Store, number: int | None):
    if number is None:
        record = store.last_published() or store.latest_version()
        if record is None:
            raise StoreError(Msg("Det finnes ingen dokumentversjon å vedta ennå. Kjør «iktplan run» først."))
        return record
    record = store.version(number)
    if record is None:
        raise StoreError(Msg("Versjon {version} finnes ikke i lageret. «iktplan status» viser gjeldende versjon.",
                             version=number))
    return record


def adopt_in_workspace(ws: Workspace, **kwargs: Any) -> Baseline:
    """:func:`adopt` under the workspace lock (a run may be writing the store)."""
    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        return adopt(store, config, **kwargs)


# -- handing out the follow-up forms ------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    year: int
    baseline: Baseline
    folder: Path
    forms: tuple[Path, ...]


def write_round(ws: Workspace, year: int | None = None, deadline: date | None = None) -> Round:
    """The follow-up forms of *year*, one per unit with measures in the adopted plan in
    force for *year*, in ``excel_forms/Oppfølging <år>/``. *year* None: the year after
    the last round handed out, else the first year of the latest adopted plan."""
    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        baselines = store.baselines()
        if year is None:
            last = store.followup_round()
            year = last["year"] + 1 if last else max((b.first_year for b in baselines), default=date.today().year)
        baseline = baseline_for(baselines, year)
        if baseline is None:
            if not baselines:
                raise StoreError(Msg("Ingen vedtatt plan er registrert. Registrer kommunestyrets vedtak med "
                                     "«iktplan vedta --dato DATO» først."))
            raise StoreError(Msg("Den vedtatte planen gjelder ikke {year} (den gjelder {first}–{last}).", year=year,
                                 first=min(b.first_year for b in baselines),
                                 last=max(b.period_to for b in baselines)))
        folder = ws.forms / ws.names.followup_folder(year)
        folder.mkdir(parents=True, exist_ok=True)
        forms = write_followup_forms(config, baseline, year, folder, deadline)
        store.set_followup_round(year, baseline.number, datetime.now().astimezone().isoformat())
    return Round(year, baseline, folder, tuple(forms))


# -- receiving a follow-up form -----------------------------------------------------------------


def receive_followup(store: Store, common: dict[str, Any], checked: Checked, data: bytes, *,
                     accepted_path: Callable[[], str], reject_path: Callable[[], str]) -> FollowUpRecord:
    """Check the follow-up form *checked* (valid on its own or not) against the adopted
    plan, keep its bytes (*accepted_path* / *reject_path* keep them and return where,
    relative to the workspace) and record it. The caller writes the receipt."""
    baseline, errors, warnings = None, list(checked.errors), list(checked.warnings)
    if checked.report is not None:
        baseline, more_errors, more_warnings = check_against_plan(checked.report, store.baselines(), checked.form)
        errors += [e.located() for e in more_errors]
        warnings += [w.located() for w in more_warnings]
    name = checked.unit_name
    if checked.report is None or errors:
        stored = reject_path()
        faults.point("intake.kept")
        record = store.add_followup(**common, status=SubmissionStatus.REJECTED,
                                    unit_key=unit_key(name) if name else None, unit_name=name, year=checked.year,
                                    stored_path=stored, errors=errors, warnings=warnings, data=data)
        faults.point("intake.recorded")
        log.info("oppfølging avvist sha256=%s feil=%d", common["sha256"][:12], len(errors))
        return record
    stored = accepted_path()
    faults.point("intake.kept")
    report = checked.report
    record = store.add_followup(**common, status=SubmissionStatus.ACCEPTED, unit_key=report.key,
                                unit_name=report.unit.name, year=report.year, baseline=baseline.number,
                                stored_path=stored, warnings=warnings, report=report, data=data)
    faults.point("intake.recorded")
    log.info("oppfølging godkjent sha256=%s år=%d revisjon=%d", common["sha256"][:12], report.year, record.revision)
    return record


def record_duplicate(store: Store, common: dict[str, Any], earlier: FollowUpRecord) -> FollowUpRecord:
    """A byte-identical copy of the accepted follow-up form *earlier*."""
    record = store.add_followup(**common, status=SubmissionStatus.DUPLICATE, unit_key=earlier.unit_key,
                                unit_name=earlier.unit_name, year=earlier.year, baseline=earlier.baseline,
                                duplicate_of=earlier.id, stored_path=earlier.stored_path)
    faults.point("intake.recorded")
    return record


# -- status ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitReport:
    name: str
    measures: int  # its measures in the adopted plan
    revision: int | None  # latest accepted revision for the year; None: none yet
    delivered_at: datetime | None
    reported: int  # measures its latest form reports on
    rejected_at: datetime | None  # a rejection newer than the latest acceptance; None: none

    @property
    def label(self) -> Msg:
        """Where the unit stands, as a reader sees it (``lang.render(u.label)``)."""
        if self.revision is None:
            if self.rejected_at:
                return pMsg("status", "Avvist – venter på rettet skjema")
            return pMsg("status", "Ikke levert")
        if self.rejected_at:
            return pMsg("status", "Levert (siste innsending avvist)")
        return pMsg("status", "Levert")


@dataclass(frozen=True)
class FollowUpStatus:
    """Which units have reported on the year's follow-up."""

    year: int
    baseline: int  # the adopted plan's number
    adopted_on: date
    units: tuple[UnitReport, ...]
    quarantined: tuple[FollowUpRecord, ...]  # the year's rejected follow-up forms (and those without a year)

    @property
    def delivered(self) -> int:
        return sum(1 for u in self.units if u.revision is not None)


def followup_status(store: Store, today: date | None = None) -> FollowUpStatus | None:
    """The follow-up of the year of the latest round handed out (without one: the year
    before *today*, if an adopted plan covers it); None: no adopted plan yet."""
    baselines = store.baselines()
    if not baselines:
        return None
    handed_out = store.followup_round()
    year = handed_out["year"] if handed_out else (today or date.today()).year - 1
    baseline = baseline_for(baselines, year)
    if baseline is None:
        return None
    records = store.followups(year=year)
    accepted = {r.unit_key: r for r in records if r.status == SubmissionStatus.ACCEPTED}
    rejected = {r.unit_key: r for r in records if r.status == SubmissionStatus.REJECTED}
    units = []
    for u in baseline.reporting_units:
        acc, rej = accepted.get(u.key), rejected.get(u.key)
        report = acc.report if acc else None
        units.append(UnitReport(
            name=u.name, measures=len(baseline.adopted_for(u.key)), revision=acc.revision if acc else None,
            delivered_at=acc.received_at if acc else None,
            reported=sum(1 for m in report.measures if m.reported) if report else 0,
            rejected_at=rej.received_at if rej is not None and (acc is None or rej.id > acc.id) else None))
    quarantined = tuple(r for r in store.followups(SubmissionStatus.REJECTED) if r.year in (year, None))
    return FollowUpStatus(year, baseline.number, baseline.adopted_on, tuple(units), quarantined)
