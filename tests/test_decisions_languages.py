"""What a run says about the secretariat's decisions it could not use (``beslutninger.xlsx``)
is in the workspace's language (issue 14): the row, the column and the reason, in a
nynorsk and a Danish workspace, with no word from the other languages' marker lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.workspace import Workspace
from pipeline.core.decisions import INCLUDE, POSTPONE
from pipeline.forms.decisionbook import FIRST_ROW, choice_label
from pipeline.i18n import Lang
from support.languages import assert_no_foreign_words

#: A unit and its service area in each language's default strategi.toml.
UNITS = {"nn": ("Fjordvik barneskule", "Oppvekst og utdanning"), "da": ("Fjordby Skole", "Børn og unge")}


def _run(ws: Path) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), "run"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run


def _workspace_with_decisions(tmp_path: Path, code: str) -> tuple[Path, Path]:
    from pipeline.forms.formfill import example_unit, fill_form

    ws = tmp_path / f"ws-{code}"
    assert CliRunner().invoke(cli, ["init", "--språk", code, str(ws)]).exit_code == 0
    data = example_unit()
    unit, area = UNITS[code]
    data["unit"] = {**data["unit"], "enhet": unit, "tjenesteomrade": area}
    fill_form(Workspace(ws).blank_form, ws / "inbox" / "skole.xlsx", **data)
    _run(ws)
    books = list(ws.glob("*.xlsx"))
    assert len(books) == 1, books  # the decisions workbook the first run made
    return ws, books[0]


@pytest.mark.parametrize("code", ["nn", "da"])
def test_decisions_a_run_cannot_use_are_explained_in_the_workspaces_language(tmp_path, code):
    ws, book = _workspace_with_decisions(tmp_path, code)
    lang = Lang.for_code(code)
    wb = openpyxl.load_workbook(book)
    sheet = wb.worksheets[0]
    first, second = sheet.cell(FIRST_ROW, 1).value, sheet.cell(FIRST_ROW + 1, 1).value
    assert first and second
    sheet.cell(FIRST_ROW, 2, choice_label(POSTPONE, lang))  # postponed, but to no year
    sheet.cell(FIRST_ROW + 1, 2, choice_label(INCLUDE, lang))
    sheet.cell(FIRST_ROW + 1, 3, 2099)  # a year outside the period
    sheet.cell(FIRST_ROW + 1, 4, second)  # merged into itself
    wb.save(book)

    out = _run(ws).stdout
    expected = {
        "nn": [f"rad {FIRST_ROW} «År» ({first}): «Utset til år» treng eit år; avgjerda blir ikkje brukt før året",
               "2099 er utanfor strategiperioden", "Eit tiltak kan ikkje slåast saman med seg sjølv."],
        "da": [f"række {FIRST_ROW} »År« ({first}): »Udskyd til år« kræver et år; beslutningen bruges ikke, før",
               "2099 ligger uden for strategiperioden", "Et tiltag kan ikke lægges sammen med sig selv."],
    }[code]
    for text in expected:
        assert text in out, out
    issues = "\n".join(line for line in out.splitlines() if book.name in line and str(ws) not in line)
    assert issues
    assert_no_foreign_words(issues, code, where=f"the decisions' issues ({code})")
