"""The demo's second year (issue 15): the kommunestyre adopts the plan, a year goes by,
and the units report on their measures.

The story is data, one per language: ``[second_year]`` in the language's ``demo.toml``
(:class:`pipeline.demo.data.SecondYear`): what the units report by measure id (some
measures done, some delayed with a new end date and a reason, one stopped, benefits
partly realised), how a unit reports on a measure it does not mention, and the measure
one unit adds to its mapping form during the year, so the rolled plan has a new one.
:func:`fill_followup_form` types the rows into the unit's own follow-up form (the one
``iktplan oppfolging`` wrote) and saves it in the inbox, as a unit with Excel would.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from pipeline import contract as c
from pipeline.core.baseline import Baseline, PlannedMeasure
from pipeline.demo.data import REPORT_KEYS, STATUS_CODES, SecondYear, load


def second_year(language: str) -> SecondYear | None:
    """The second year of the demo of *language* (None: that demo has none)."""
    return load(language).second_year


def report_row(m: PlannedMeasure, year: SecondYear) -> dict[str, Any]:
    """What the unit reports on *m*, by :data:`~pipeline.demo.data.REPORT_KEYS` key: the
    listed report, or the usual one; «spent» in kroner (its share of the planned investment)."""
    started = m.start_year is not None and m.start_year <= year.year
    given = year.reports.get(m.id) or (year.usual_started if started else year.usual_waiting)
    row = dict(given)
    row["spent"] = round((m.investment or 0) * given.get("spent", 0.0))
    return row


def _status_labels(wb) -> dict[str, str]:
    """The follow-up form's own status words by code, from its list sheet (found by position,
    so a form in any language is read); the contract's words where the sheet has none."""
    labels = dict(zip(STATUS_CODES, c.FOLLOWUP_STATUSES, strict=True))
    ws = wb.worksheets[c.FOLLOWUP_SHEETS.index(c.SHEET_LISTS)]
    typed = [ws.cell(row, 1).value for row in range(2, 2 + len(STATUS_CODES))]
    if all(isinstance(v, str) and v.strip() for v in typed):
        labels = dict(zip(STATUS_CODES, typed, strict=True))
    return labels


def fill_followup_form(form: Path, baseline: Baseline, inbox: Path, year: SecondYear | None = None) -> Path:
    """*form* (a unit's follow-up form) filled in as the unit would, saved into *inbox*
    under its own name (*year*: the demo's second year; None: the bokmål demo's).
    Columns and sheets are found by position and statuses typed as the form's own list
    says them, so a form in any language is filled in its own words. Written in a hidden
    folder and moved in when complete, so a watcher never reads half a form."""
    year = year or second_year("nb")
    wb = load_workbook(form)
    for name, value in (("kontaktperson", year.contact), ("epost", year.email), ("dato", year.filled_on)):
        sheet, cell = next(iter(wb.defined_names[name].destinations))
        wb[sheet][cell.replace("$", "")].value = value
    statuses = _status_labels(wb)
    ws = wb.worksheets[c.FOLLOWUP_SHEETS.index(c.SHEET_FOLLOWUP)]
    first = len(c.FOLLOWUP_PLAN_HEADERS) + 1
    columns = {key: first + i for i, key in enumerate(REPORT_KEYS)}
    for row in range(2, ws.max_row + 1):
        measure = baseline.measure(str(ws.cell(row, 1).value or ""))
        if measure is None:
            continue
        for key, value in report_row(measure, year).items():
            ws.cell(row, columns[key], statuses[value] if key == "status" else value)
    inbox.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".iktplan-demo-", dir=inbox) as staging:
        staged = Path(staging) / form.name
        wb.save(staged)
        target = inbox / form.name
        os.replace(staged, target)
    return target


def prepare_second_year(ws) -> dict[str, Any]:
    """The demo's second year in workspace *ws* (after its first rounds), up to the run: the
    plan is adopted, the follow-up forms for the year are made and filled in as the units
    would, and one unit sends a mapping form with a new measure. Returns ``baseline``,
    ``round``, ``forms`` (the files in the inbox) and ``year`` (the :class:`SecondYear`)."""
    from pipeline import build, rollrun
    from pipeline.demo import deliver
    from pipeline.demo.data import form_labels
    from pipeline.intake.followup import write_round

    blank = build.write_forms(ws)
    year = load(ws.config().language, form_labels(blank)).second_year
    baseline, _ = rollrun.adopt(ws, adopted_on=year.adopted_on, case_ref=year.case_ref, first_year=year.year,
                                version=None)
    handed_out = write_round(ws, year.year, year.deadline)
    filled = [fill_followup_form(form, baseline, ws.inbox, year) for form in handed_out.forms]
    filled.append(deliver(blank, ws.inbox, year.new_measure_form))
    return {"baseline": baseline, "round": handed_out, "forms": filled, "year": year}


def finish_second_year(ws, year: SecondYear) -> dict[str, Any]:
    """After the run has taken the forms in: the status report for *year*
    (``status_report``: its path; None: not made) and the plan rolled over to the next
    year with its case (``rolled``: a :class:`pipeline.rollrun.RollResult`)."""
    from pipeline import rollrun
    from pipeline.followuprun import status_report

    status = status_report(ws, year.year).path
    return {"status_report": status, "rolled": rollrun.roll_over(ws, year.year + 1, today=year.rolled_on)}
