"""The demo's second year (issue 15): the kommunestyre adopts the plan, a year goes by,
and the Fjordvik units report on their measures.

:data:`REPORTS` is what the units write, by measure id, as pure data: some measures
done, some delayed with a new end date and a reason, one stopped, benefits partly
realised. A measure not listed is reported the way a unit usually does: «Pågår» about
half way if it was to start in the year, else «Ikke startet». :func:`fill_followup_form`
types the rows into the unit's own follow-up form (the one ``iktplan oppfolging`` wrote)
and saves it in the inbox, as a unit with Excel would. :data:`NEW_MEASURE` is a measure a
unit adds to its mapping form during the year, so the rolled plan has a new one.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from pipeline import contract as c
from pipeline.core.baseline import Baseline, PlannedMeasure
from pipeline.forms import terms

#: The adoption the demo records: the kommunestyre's meeting in December before the period.
ADOPTED_ON, CASE_REF = date(2026, 12, 10), "PS 45/26"
#: The year reported on, and the deadline for the follow-up forms.
YEAR, DEADLINE = 2027, date(2028, 1, 31)
#: The date of the documents of the rullering.
ROLLED_ON = date(2028, 2, 15)

_S, _PCT, _SPENT, _END, _KR, _TEXT, _IND, _NOTE = c.FOLLOWUP_REPORT_HEADERS

#: What the units report, by measure id (a share of the planned investment for «spent»).
REPORTS: dict[str, dict[str, Any]] = {
    "SRV-1": {_S: c.DONE, _PCT: 100, _SPENT: 1.0, _KR: 45_000,
              _TEXT: "All innkommet post skannes ved mottak og journalføres digitalt; ingen papirkopier går rundt.",
              _NOTE: "Ferdig i juni."},
    "KUL-3": {_S: c.DONE, _PCT: 100, _SPENT: 0.9, _KR: 12_000,
              _TEXT: "Billettsalget går i TicketCo, og kassaoppgjøret tar kortere tid.", _NOTE: None},
    "FBS-5": {_S: c.DONE, _PCT: 100, _SPENT: 1.1, _KR: None, _TEXT: "Elevene logger på med Feide overalt.",
              _NOTE: "Litt dyrere enn planlagt fordi to læremidler måtte oppgraderes."},
    "NAV-1": {_S: c.IN_PROGRESS, _PCT: 60, _SPENT: 0.5, _KR: 80_000,
              _TEXT: "Halvparten av søknadene om sosialhjelp kommer nå digitalt.", _NOTE: None},
    "HJT-5": {_S: c.IN_PROGRESS, _PCT: 40, _SPENT: 0.4, _KR: 20_000,
              _TEXT: "Kjørelistene er elektroniske i to av fire soner.", _NOTE: None},
    "TEK-3": {_S: c.POSTPONED, _PCT: 20, _SPENT: 0.2, _END: date(2028, 10, 31), _KR: None, _TEXT: None,
              _NOTE: "Leverandøren har utsatt mobilappen til høsten 2028."},
    "HJT-6": {_S: c.POSTPONED, _PCT: 0, _SPENT: 0.0, _END: date(2030, 6, 30), _KR: None, _TEXT: None,
              _NOTE: "Venter på felles anskaffelse med sykehjemmet."},
    "NAV-4": {_S: c.STOPPED, _PCT: 0, _SPENT: 0.0, _KR: None, _TEXT: None,
              _NOTE: "NAV innfører en nasjonal løsning for timebestilling, så kommunen trenger ikke sin egen."},
}

#: The measure Fjordvik barneskole adds to its mapping form during the year (columns as the form's «Tiltak»).
NEW_MEASURE_UNIT = "Fjordvik barneskole"
NEW_MEASURE: dict[str, Any] = {
    "Nr": 7,
    "Tiltak": "Digitale skjermer i alle klasserom",
    "Beskrivelse": "Bytte ut de gamle prosjektorene med interaktive skjermer, så lærerne kan dele og skrive "
                   "på samme flate.",
    "Delmål": "D3",
    "Problem nr": None,
    "Investering (kr)": 180_000,
    "Årlig drift (kr)": 10_000,
    "Årlig gevinst (kr)": 30_000,
    "Gevinstbeskrivelse": "Mindre tid til å rigge utstyr i hver time, og færre servicebesøk.",
    "Tidsrom": "Vår 2028",
    "Varighet (mnd)": 6,
    "Ansvarlig gjennomføring": "Jon Erik Stene (IKT)",
    "Ansvarlig oppfølging": "Marte Lien Haugland",
    "Risiko": "Lav",
    "Kategori": "Quick win",
    "Avhengigheter": None,
}


def revised_mapping_form() -> dict[str, Any]:
    """Fjordvik barneskole's mapping form with :data:`NEW_MEASURE` added: an entry for
    :func:`pipeline.demo.deliver`."""
    import copy

    from pipeline.demo.forms import all_forms

    entry = copy.deepcopy(next(e for e in all_forms() if e["form"]["unit"]["enhet"] == NEW_MEASURE_UNIT))
    entry["form"]["measures"].append(dict(NEW_MEASURE))
    entry["file_name"] = f"Kartlegging {NEW_MEASURE_UNIT} – nytt tiltak.xlsx"
    return entry


def report_row(m: PlannedMeasure, year: int = YEAR) -> dict[str, Any]:
    """What the unit types on the row of *m*: :data:`REPORTS`, or the usual report."""
    given = REPORTS.get(m.id)
    planned = m.investment or 0
    if given is None:
        started = m.start_year is not None and m.start_year <= year
        given = ({_S: c.IN_PROGRESS, _PCT: 50, _SPENT: 0.4, _NOTE: None} if started
                 else {_S: c.NOT_STARTED, _PCT: 0, _SPENT: 0.0, _NOTE: None})
    row = {k: v for k, v in given.items() if v is not None}
    row[_SPENT] = round(planned * given[_SPENT])
    return row


def fill_followup_form(form: Path, baseline: Baseline, inbox: Path, year: int = YEAR) -> Path:
    """*form* (a unit's follow-up form) filled in as the unit would, saved into *inbox*
    under its own name. Written in a hidden folder and moved in when complete, so a
    watcher never reads half a form."""
    wb = load_workbook(form)
    for name, value in (("kontaktperson", "Ingrid Berg"), ("epost", "ingrid.berg@fjordvik.kommune.no"),
                        ("dato", date(year + 1, 1, 20))):
        sheet, cell = next(iter(wb.defined_names[name].destinations))
        wb[sheet][cell.replace("$", "")].value = value
    # The form is in the workspace's language: its sheet, headers and statuses as it names them.
    sheet, cell = next(iter(wb.defined_names["skjemasprak"].destinations))
    code = wb[sheet][cell.replace("$", "")].value
    ws = wb[terms.sheet_name(c.SHEET_FOLLOWUP, code)]
    headers = {ws.cell(1, col).value: col for col in range(1, ws.max_column + 1)}
    for row in range(2, ws.max_row + 1):
        measure = baseline.measure(str(ws.cell(row, 1).value or ""))
        if measure is None:
            continue
        for header, value in report_row(measure, year).items():
            if header == _S:
                value = terms.value_label("status", value, code)
            ws.cell(row, headers[terms.header(header, code)], value)
    inbox.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".iktplan-demo-", dir=inbox) as staging:
        staged = Path(staging) / form.name
        wb.save(staged)
        target = inbox / form.name
        os.replace(staged, target)
    return target


def prepare_second_year(ws) -> dict[str, Any]:
    """The demo's second year in workspace *ws* (after its first rounds), up to the run: the
    plan is adopted (:data:`ADOPTED_ON`, :data:`CASE_REF`), the follow-up forms for :data:`YEAR`
    are made and filled in as the units would, and Fjordvik barneskole sends a mapping form
    with a new measure. Returns ``baseline``, ``round`` and ``forms`` (the files in the inbox)."""
    from pipeline import build, rollrun
    from pipeline.demo import deliver
    from pipeline.intake.followup import write_round

    baseline, _ = rollrun.adopt(ws, adopted_on=ADOPTED_ON, case_ref=CASE_REF, first_year=YEAR, version=None)
    handed_out = write_round(ws, YEAR, DEADLINE)
    filled = [fill_followup_form(form, baseline, ws.inbox) for form in handed_out.forms]
    filled.append(deliver(build.write_forms(ws), ws.inbox, revised_mapping_form()))
    return {"baseline": baseline, "round": handed_out, "forms": filled}


def finish_second_year(ws) -> dict[str, Any]:
    """After the run has taken the forms in: the status report for :data:`YEAR`
    (``status_report``: its path; None: not made) and the plan rolled over to the next
    year with its case (``rolled``: a :class:`pipeline.rollrun.RollResult`)."""
    from pipeline import rollrun

    status = _status_report(ws, YEAR)
    return {"status_report": status, "rolled": rollrun.roll_over(ws, YEAR + 1, today=ROLLED_ON)}


def _status_report(ws, year: int):
    """The year's status report (``iktplan statusrapport``): its path in the outbox."""
    from pipeline.followuprun import status_report

    return status_report(ws, year).path
