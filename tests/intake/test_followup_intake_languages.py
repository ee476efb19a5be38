"""The yearly follow-up in a nynorsk and a Danish workspace (issue 14): ``iktplan demo
--språk``, ``iktplan vedta`` and ``iktplan oppfolging`` through the CLI write the forms
in the workspace's language with no word of the other languages; a unit fills its form
with openpyxl; the intake accepts it and answers in the language; a form with mistakes
goes to quarantine with a receipt in the workspace's language listing every mistake by
the form's sheet, row and column; a form in another language is read the same."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import openpyxl
import pytest

from pipeline import contract as c
from pipeline.core.submission import SubmissionStatus
from pipeline.forms import terms
from pipeline.forms.followupform import write_followup_forms
from pipeline.i18n import Lang, pMsg
from pipeline.intake.store import open_store
from pipeline.workspace import Workspace
from support.followupforms import fill_followup
from support.language_leaks import xlsx_pieces
from support.languages import assert_no_foreign_words
from support.stores import cli, copy_workspace

S, PCT, SPENT, END, KR, TEXT, IND, NOTE = c.FOLLOWUP_REPORT_HEADERS
#: How a receipt names the place of an issue (pipeline.forms.issues).
_AT_CELL = pMsg("location", "{sheet}, rad {row}, {column}: {message}")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["nn", "da"])
def adopted(request, tmp_path_factory) -> tuple[str, Workspace]:
    """(language, a demo workspace in it after one round, its version 1 adopted and the
    follow-up forms of 2027 handed out)."""
    code = request.param
    root = tmp_path_factory.mktemp(f"oppfolging-{code}") / "ws"
    for args in (("demo", "--språk", code, str(root)), ("vedta", "--dato", "10.12.2026", "--sak", "PS 45/26"),
                 ("oppfolging", "--ar", "2027", "--frist", "31.01.2028")):
        status, out = cli(root, *args)
        assert status == 0, out
    return code, Workspace(root)


@pytest.fixture
def ws(adopted, tmp_path) -> tuple[str, Workspace]:
    code, workspace = adopted
    return code, copy_workspace(workspace, tmp_path / "ws")


def _forms(ws: Workspace) -> list[Path]:
    return sorted((ws.forms / ws.names.followup_folder(2027)).glob("*.xlsx"))  # «Opfølgning 2027» in Danish


def _ids(form: Path, code: str) -> list[str]:
    sheet = openpyxl.load_workbook(form)[terms.sheet_name(c.SHEET_FOLLOWUP, code)]
    return [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value]


def _status(value: str, code: str) -> str:
    return terms.value_label("status", value, code)


def _place(code: str, row: int, column: str) -> str:
    """«Oppfølging, rad 2, «Status»:» in the words of a form in *code*, as a receipt in *code* writes it."""
    lang = Lang.for_code(code)
    return lang.render(_AT_CELL.fill(sheet=terms.sheet_name(c.SHEET_FOLLOWUP, code), row=row,
                                     column=lang.quote(terms.header(column, code)), message="")).strip()


def _receipt(ws: Workspace, record) -> str:
    return (ws.root / record.receipt_path).read_text(encoding="utf-8-sig")


def test_the_forms_are_in_the_workspace_language_with_no_word_of_another(adopted):
    code, ws = adopted
    forms = _forms(ws)
    assert forms
    for form in forms:
        wb = openpyxl.load_workbook(form)
        assert wb.sheetnames == [terms.sheet_name(s, code) for s in c.FOLLOWUP_SHEETS]
        text = "\n".join(p.text for p in xlsx_pieces(form))
        assert_no_foreign_words(text, code, f"oppfølgingsskjemaet {form.name} ({code})")


def test_a_filled_form_is_accepted_and_answered_in_the_workspace_language(ws):
    code, ws = ws
    lang = Lang.for_code(code)
    form = _forms(ws)[0]
    first, second = _ids(form, code)[:2]
    fill_followup(form, ws.inbox / "svar.xlsx", rows={
        first: {S: _status(c.DONE, code), PCT: 100, KR: "20 000"},
        second: {S: _status(c.POSTPONED, code), END: "30.06.2029", NOTE: "Leverandøren"}})
    status, out = cli(ws.root, "run")
    assert status == 0, out
    with open_store(ws) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.ACCEPTED and record.year == 2027
    assert [m.status for m in record.report.measures[:2]] == [c.DONE, c.POSTPONED]  # the contract's, inside
    receipt = _receipt(ws, record)
    assert receipt.startswith(lang.gettext("KVITTERING – oppfølgingsskjema for IKT-handlingsplanen {year}",
                                           year=2027))
    assert lang.pgettext("status", "Ferdig:") in receipt and lang.pgettext("status", "Utsatt:") in receipt
    assert_no_foreign_words(receipt, code, f"kvitteringa ({code})")


def test_a_form_with_mistakes_gets_a_receipt_in_the_workspace_language_listing_every_one(ws):
    code, ws = ws
    lang = Lang.for_code(code)
    form = _forms(ws)[0]
    ids = _ids(form, code)
    fill_followup(form, ws.inbox / "rapport.xlsx", rows={
        ids[0]: {S: "Nesten ferdig"},
        ids[1]: {S: _status(c.IN_PROGRESS, code), PCT: 140, SPENT: "abc"},
        ids[2]: {S: _status(c.IN_PROGRESS, code), END: "snart"},
    })
    status, out = cli(ws.root, "run")
    assert status == 0, out
    with open_store(ws) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.REJECTED
    receipt = _receipt(ws, record)
    assert_no_foreign_words(receipt, code, f"kvitteringa ({code})")
    numbered = [line for line in receipt.splitlines() if re.match(r"\s+\d+\.\s", line)]
    # Every mistake, at its sheet, row and column as the form names them.
    expected = [_place(code, 2, S), _place(code, 3, PCT), _place(code, 3, SPENT), _place(code, 4, END)]
    assert len(numbered) == len(expected), receipt
    for where, line in zip(expected, numbered):
        assert where in line, f"{where!r} is not listed:\n{receipt}"
    assert lang.quote("Nesten ferdig") in receipt and lang.quote(_status(c.NOT_STARTED, code)) in receipt


def test_a_measure_not_in_the_plan_is_refused_naming_the_forms_sheet_row_and_column(ws):
    code, ws = ws
    lang = Lang.for_code(code)
    form = _forms(ws)[0]
    n = len(_ids(form, code))
    fill_followup(form, ws.inbox / "ny.xlsx", extra_rows=[{"Tiltak": "XYZ-9", S: _status(c.IN_PROGRESS, code)}])
    assert cli(ws.root, "run")[0] == 0
    with open_store(ws) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.REJECTED
    receipt = _receipt(ws, record)
    expected = _place(code, n + 2, "Tiltak")
    assert expected in receipt and lang.quote("XYZ-9") in receipt, receipt
    assert_no_foreign_words(receipt, code, f"kvitteringa ({code})")


def test_a_form_in_another_language_is_accepted_and_answered_in_the_workspace_language(ws):
    code, ws = ws
    other = "da" if code == "nn" else "nn"
    lang = Lang.for_code(code)
    config = ws.config()
    with open_store(ws) as store:
        [baseline] = store.baselines()
    folder = ws.root.parent / "andre"
    folder.mkdir()
    form = write_followup_forms(dataclasses.replace(config, language=other), baseline, 2027, folder)[0]
    first = _ids(form, other)[0]
    fill_followup(form, ws.inbox / "annet.xlsx", rows={first: {S: _status(c.STOPPED, other), NOTE: "Grunn"}})
    assert cli(ws.root, "run")[0] == 0
    with open_store(ws) as store:
        [record] = store.followups()
    assert record.status == SubmissionStatus.ACCEPTED, _receipt(ws, record)
    assert record.report.measures[0].status == c.STOPPED
    receipt = _receipt(ws, record)
    assert receipt.startswith(lang.gettext("KVITTERING – oppfølgingsskjema for IKT-handlingsplanen {year}",
                                           year=2027))
    assert lang.pgettext("status", "Avbrutt:") in receipt
    # No marker check here: the receipt names the sheet as the unit's form in the other language does.
