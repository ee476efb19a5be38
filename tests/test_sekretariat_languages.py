"""The secretariat's commands refuse a judgement in the workspace's language (issue 14): an
unknown submission or action, a name no form has, in a nynorsk and a Danish workspace,
with no word from the other languages' marker lists. Bokmål: tests/test_sekretariat.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from support.languages import assert_no_foreign_words


def _workspace(tmp_path: Path, code: str) -> Path:
    ws = tmp_path / f"ws-{code}"
    result = CliRunner().invoke(cli, ["init", "--språk", code, str(ws)])
    assert result.exit_code == 0, result.output
    return ws


def _iktplan(ws: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), *args], capture_output=True, text=True)


EXPECTED = {
    "nn": {
        ("trekk-tilbake", "7"): "Det finst inga innlevering 7. «iktplan status» viser numra. Ingenting er endra.",
        ("angre", "3"): "Det finst inga handling 3 (sekretariatet har ikkje gjort noko enno). «iktplan status» viser "
                        "handlingane. Ingenting er endra.",
        ("godta-enhet", "Biblioteket"): "Inga innlevering har einingsnamnet «Biblioteket». «iktplan status» viser "
                                        "skjemaa som ventar, med nummer. Ingenting er endra.",
    },
    "da": {
        ("trekk-tilbake", "7"): "Der findes ingen indsendelse 7. »iktplan status« viser numrene. Intet er ændret.",
        ("angre", "3"): "Der findes ingen handling 3 (sekretariatet har ikke gjort noget endnu). »iktplan status« "
                        "viser handlingerne. Intet er ændret.",
        ("godta-enhet", "Biblioteket"): "Ingen indsendelse har enhedsnavnet »Biblioteket«. »iktplan status« viser de "
                                        "skemaer, der venter, med nummer. Intet er ændret.",
    },
}


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_judgement_that_cannot_be_recorded_is_refused_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    for (command, argument), expected in EXPECTED[code].items():
        run = _iktplan(ws, command, argument, "--grunn", "skrivefeil")
        assert run.returncode == 1, run.stdout
        assert expected in " ".join(run.stderr.split()), run.stderr
        assert "Traceback" not in run.stderr
        assert_no_foreign_words(run.stderr, code, where=f"«iktplan {command}» ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_publishing_before_any_run_is_refused_in_the_workspaces_language(tmp_path, code):
    run = _iktplan(_workspace(tmp_path, code), "publiser")
    assert run.returncode == 1, run.stdout
    expected = {"nn": "Det finst ingen dokument enno. Køyr «iktplan run» først.",
                "da": "Der er ingen dokumenter endnu. Kør »iktplan run« først."}[code]
    assert expected in " ".join(run.stderr.split()), run.stderr
    assert_no_foreign_words(run.stderr, code, where=f"«iktplan publiser» ({code})")
