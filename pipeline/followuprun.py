"""The yearly outputs of the follow-up (issue 15), in a workspace: the status report
«Statusrapport for IKT-handlingsplanen <år>», and its workbook ``Statusrapport <år>.xlsx``
(the follow-up and benefits as sheets, :mod:`pipeline.documents.statusbook`).

:func:`followup_for` reads the adopted plan in force for a year and every accepted
follow-up form from the store and combines them (:func:`pipeline.core.followup.combine_followup`);
:func:`status_report` renders the report from it (:mod:`pipeline.documents.statuscontext`,
the template ``word_templates/Statusrapport.docx``, or the shipped one when the workspace
has none) and puts it in ``outbox/`` like the other documents: every copy made kept in
``outbox/arkiv/Statusrapport <år>/``, a person's edits kept before they are replaced, an
open file left alone (:func:`pipeline.documents.outbox.publish_yearly`).

Stable for the rolled plan (branch i15-roll): ``followup_for(ws, year) -> FollowUp`` and
``status_report(ws, year) -> StatusReportResult``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.core.baseline import baseline_for
from pipeline.core.followup import FollowUp, combine_followup
from pipeline.errors import StoreError
from pipeline.fileio import WorkspaceLock
from pipeline.intake.store import Store, open_store
from pipeline.i18n import Msg
from pipeline.i18n.filenames import FileNames, every_name
from pipeline.i18n.languages import defaults_file
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.followup")

#: ``outbox/Statusrapport <år>.docx``, and its copies in ``outbox/arkiv/Statusrapport <år>/``: the name
#: follows the workspace's language (:meth:`pipeline.i18n.filenames.FileNames.status_report`).


@dataclass
class StatusReportResult:
    """What :func:`status_report` made."""

    year: int
    path: Path  # outbox/Statusrapport <år>.docx (where it is, or will be once an open copy is closed)
    archived: Path  # the copy kept in the archive
    followup: FollowUp
    #: A person's edited copy, kept: where it is now; None: none was there.
    kept_edit: Path | None = None
    #: The current file is open in Word: the new report waits in the archive.
    waiting: bool = False
    #: outbox/Statusrapport <år>.xlsx, the follow-up and benefits as sheets (None: not made)
    workbook: Path | None = None
    #: A person's edited copy of the workbook, kept: where it is now; None: none was there.
    workbook_kept_edit: Path | None = None
    #: The current workbook is open in Excel: the new one waits in the archive.
    workbook_waiting: bool = False
    notes: list[str] = field(default_factory=list)


def followup_in_store(store: Store, year: int) -> FollowUp:
    """The follow-up of *year* from *store*: the adopted plan in force for the year against
    the units' latest forms. Raises :class:`StoreError` when no adopted plan covers *year*."""
    baselines = store.baselines()
    baseline = baseline_for(baselines, year)
    if baseline is None:
        if not baselines:
            raise StoreError(_NO_PLAN)
        raise StoreError(Msg("Den vedtatte planen gjelder ikke {year} (den gjelder {first}–{last}).", year=year,
                             first=min(b.first_year for b in baselines), last=max(b.period_to for b in baselines)))
    return combine_followup(baseline, store.followup_submissions(), year)


_NO_PLAN = Msg("Ingen vedtatt plan er registrert, så det er ingenting å rapportere på. Registrer kommunestyrets "
               "vedtak med «iktplan vedta --dato DATO» først.")


def report_year(store: Store) -> int:
    """The year ``iktplan statusrapport`` reports on when none is given: the latest year with
    follow-up forms, else the first year of the newest adopted plan. Raises
    :class:`StoreError` when no plan is adopted."""
    years = [s.year for s in store.followup_submissions()]
    if years:
        return max(years)
    baselines = store.baselines()
    if not baselines:
        raise StoreError(_NO_PLAN)
    return baselines[-1].first_year


def followup_for(ws: Workspace, year: int) -> FollowUp:
    """:func:`followup_in_store` for the workspace's store."""
    config = ws.config()
    with open_store(ws, config) as store:
        return followup_in_store(store, year)


def status_report(ws: Workspace, year: int | None = None) -> StatusReportResult:
    """Make «Statusrapport for IKT-handlingsplanen *year*» (None: :func:`report_year`) and
    put it in ``outbox/``."""
    from pipeline.documents.accessibility import language_tag
    from pipeline.documents.chartimages import start_named
    from pipeline.documents.cleaning import clean
    from pipeline.documents.outbox import publish_yearly
    from pipeline.documents.rendering import render_template
    from pipeline.documents.statusbook import status_workbook
    from pipeline.documents.statuscontext import STATUS_TEMPLATE, status_charts, status_context

    config = ws.config()
    ws.ensure_dirs()
    lang = config.lang
    with WorkspaceLock(ws.lock_path):
        with open_store(ws, config) as store:
            if year is None:
                year = report_year(store)
            followup = followup_in_store(store, year)
        wanted, alts = status_charts(followup, lang)
        charts = start_named(wanted, alts)  # drawn in another process while the context is built
        try:
            context = clean(status_context(followup, lang, datetime.now().astimezone()))
            images = charts.images()
        finally:
            charts.close()
        names = FileNames(lang)
        # The workspace's own template (under another language's name if its language was changed
        # since), else, in a workspace made before the status report, the shipped one.
        found = [folder / n for folder in (ws.templates, defaults_file("word_templates", config.language))
                 for n in (names.name(STATUS_TEMPLATE), *every_name(STATUS_TEMPLATE))]
        template = next((p for p in found if p.is_file()), found[0])
        data = render_template(template, context, images, language_tag(config))
        name = names.status_report(year)
        archived, placed = publish_yearly(data, ws.outbox, f"{name}.docx", name, lang)
        # The same follow-up as sheets, kept and replaced the same way (a person's edits kept first).
        _, book = publish_yearly(status_workbook(followup, lang), ws.outbox, f"{name}.xlsx", name, lang)
    log.info("statusrapport %d tiltak=%d rapportert=%d", year, followup.totals.measures, followup.totals.reported)
    return StatusReportResult(year=year, path=ws.outbox / f"{name}.docx", archived=archived, followup=followup,
                              kept_edit=placed.kept[0][1] if placed.kept else None, waiting=bool(placed.waiting),
                              workbook=ws.outbox / f"{name}.xlsx",
                              workbook_kept_edit=book.kept[0][1] if book.kept else None,
                              workbook_waiting=bool(book.waiting))
