"""The yearly rullering (issue 15, part b): ``iktplan rullering`` rolls the adopted plan
over to the next year and writes the rolled action plan and the case for it; and
``iktplan vedta --fra-ar ÅR`` after a rullering records the rolled plan as the new
adopted plan.

The rules are :mod:`pipeline.core.rollover`'s; this module only gathers what they need
from the workspace (the adopted plans, the year's follow-up forms, the current mapping
forms and ``beslutninger.xlsx``) and hands the documents to
:mod:`pipeline.documents.rolldocs`, which writes them atomically into
``outbox/Rullering <år>/``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.core.baseline import Baseline, baseline_for, freeze
from pipeline.core.followup import combine_followup
from pipeline.core.model import FormContent
from pipeline.core.rollover import NEW, RolledPlan, roll
from pipeline.core.submission import SubmissionStatus
from pipeline.core.versions import snapshot
from pipeline.errors import StoreError
from pipeline.fileio import WorkspaceLock
from pipeline.i18n import Msg
from pipeline.intake.store import Store, open_store
from pipeline.i18n.languages import defaults_file
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.rullering")



@dataclass(frozen=True)
class RollResult:
    plan: RolledPlan
    paths: tuple[Path, ...]  # the rolled plan and the case, in that order
    #: What happened besides writing: a person's edited copy kept, an open file left (empty: nothing).
    notes: tuple[Msg | str, ...] = ()


def roll_in_store(ws: Workspace, config: Config, store: Store, year: int | None = None) -> RolledPlan:
    """The plan rolled over to *year* (None: the year after the latest year with follow-up
    forms) from what *store* and the workspace hold now. Raises :class:`StoreError` with
    what to do when there is no adopted plan or no follow-up for the year before."""
    from pipeline import build
    from pipeline.decisionrun import read_decisions

    baselines = store.baselines()
    if not baselines:
        raise StoreError(Msg("Det er ikke registrert noen vedtatt plan ennå. Registrer vedtaket med «iktplan vedta» "
                             "først."))
    submissions = store.followup_submissions()
    if year is None:
        years = sorted({s.year for s in submissions})
        if not years:
            raise StoreError(Msg("Ingen oppfølgingsskjemaer er lest inn ennå, så planen kan ikke rulleres. "
                                 "Lag skjemaene med «iktplan oppfolging», og kjør «iktplan run» når de er "
                                 "kommet inn."))
        year = years[-1] + 1
    baseline = baseline_for(baselines, year - 1)
    if baseline is None:
        raise StoreError(Msg("Ingen vedtatt plan gjelder for {previous}, så det er ingenting å rullere til {year}.",
                             previous=year - 1, year=year))
    if not config.period_from <= year <= config.period_to:
        raise StoreError(Msg("{year} er utenfor strategiperioden {first}–{last}.", year=year,
                             first=config.period_from, last=config.period_to))
    followup = combine_followup(baseline, submissions, year - 1)
    # The model as a run would combine it now; its assessment is not used (the rolled one is).
    model, _ = build.model_and_assessment(ws, config, store)
    latest = store.latest_version()
    decisions = read_decisions(ws, latest.snapshot if latest else None).decisions
    return roll(baseline, followup, model, decisions)


def roll_over(ws: Workspace, year: int | None = None, today: date | None = None) -> RollResult:
    """``iktplan rullering``: roll the plan over to *year* (see :func:`roll_in_store`) and
    write the rolled plan and the case into ``outbox/Rullering <år>/``. *today*: the
    documents' date (None: today)."""
    from pipeline.documents.rolldocs import render_rolled

    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        plan = roll_in_store(ws, config, store, year)
        notes: list[Msg | str] = []
        paths = render_rolled(plan, config, today or date.today(), ws.templates,
                              ws.outbox / ws.names.rolling_folder(plan.year),
                              fallback=defaults_file("word_templates", config.language),
                              notes=notes)
    log.info("rullert til %d: i planen=%d videreført=%d nye=%d utgår=%d ferdige=%d", plan.year, len(plan.in_plan),
             sum(1 for m in plan.measures if m.carry), len(plan.with_origin(NEW)),
             len(plan.dropped), len(plan.done))
    return RollResult(plan, tuple(paths), tuple(notes))


def adopt_rolled(store: Store, ws: Workspace, config: Config, *, first_year: int, adopted_on: date,
                 case_ref: str | None, now: datetime | None = None) -> Baseline | None:
    """Record the plan rolled over to *first_year* as the adopted plan from that year, if
    there is one to record: a baseline governs the year before and follow-up forms for it
    have come in. None: no rullering to adopt (the caller adopts a document version instead).

    A carried measure keeps its adopted investment in the new baseline (what is left is
    the rolled plan's business): the follow-up form asks for the money spent since the
    start, so next year's remaining investment is again adopted minus spent. Its time is
    the rolled one, so a new end date stands."""
    baseline = baseline_for(store.baselines(), first_year - 1)
    if baseline is None or baseline.first_year >= first_year or not store.followup_submissions(first_year - 1):
        return None
    now = now or datetime.now().astimezone()
    plan = roll_in_store(ws, config, store, first_year)
    snap = snapshot(plan.model, plan.assessment)
    adopted = {m.key: m.investment for m in baseline.measures}
    carried = {_key(m) for m in plan.measures if m.carry}
    for key, entry in snap.get("measures", {}).items():
        if key in carried and key in adopted:
            entry["investment"] = adopted[key]
    wanted = {(key, u.get("revision")) for key, u in snap.get("units", {}).items()}
    contents: dict[tuple[str, int], FormContent] = {}
    for rec in store.submissions(SubmissionStatus.ACCEPTED):
        if (rec.unit_key, rec.revision) in wanted and rec.content_json:
            contents[(rec.unit_key, rec.revision)] = FormContent.from_dict(json.loads(rec.content_json))
    latest = store.latest_version()
    if latest is None:
        raise StoreError(Msg("Det finnes ingen dokumentversjon i lageret. Kjør «iktplan run» først."))
    new = freeze(number=store.next_baseline_number(), version=latest.number, snapshot=snap, contents=contents,
                 config=config, adopted_on=adopted_on, case_ref=case_ref, first_year=first_year, recorded_at=now)
    store.add_baseline(new)
    log.info("rullert plan vedtatt som plan %d fra %d tiltak=%d", new.number, first_year, len(new.adopted))
    return new


def adopt(ws: Workspace, **kwargs: Any) -> tuple[Baseline, bool]:
    """``iktplan vedta``: with ``--fra-ar`` after a rullering, the rolled plan
    (:func:`adopt_rolled`); otherwise the document version (:func:`pipeline.intake.followup.adopt`).
    Returns the baseline recorded, and whether it is the rolled plan."""
    from pipeline.intake.followup import adopt as adopt_version

    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        if kwargs.get("first_year") is not None and kwargs.get("version") is None:
            rolled = adopt_rolled(store, ws, config, first_year=kwargs["first_year"],
                                  adopted_on=kwargs["adopted_on"], case_ref=kwargs.get("case_ref"))
            if rolled is not None:
                return rolled, True
        return adopt_version(store, config, **kwargs), False


def _key(m) -> str:
    measure = m.assessment.measure
    return f"{measure.prov.unit}#{measure.nr}"
