"""A delmål renamed or removed in strategi.toml silently cost the measures that
cite it their strategy points («3 tiltak endret» was all a run said). Now every
run names each such measure, and the version's change list says why it changed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import cli
from support.documents import document_text
from support.workspaces import forms_in_inbox, new_workspace

LINE = ("FBS-2 viser til delmål D4, som ikke finnes i strategi.toml lenger – tiltaket får ikke poeng for "
        "strategisk forankring.")


def run(ws, *extra):
    result = CliRunner().invoke(cli, ["run", "-w", str(ws), *extra])
    assert result.exit_code == 0, result.output
    return result


def test_a_renamed_sub_goal_is_named_per_measure_on_every_run_and_in_the_change_list(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    forms_in_inbox(ws, make_form, config, 1)  # Fjordvik barneskole: measure 2 serves D4
    first = run(ws)
    assert "viser til delmål" not in first.output
    # Version 1 goes to the politicians: the change list of later versions compares with it.
    assert CliRunner().invoke(cli, ["publiser", "-w", str(ws)]).exit_code == 0

    toml = ws / "strategi.toml"
    toml.write_text(toml.read_text("utf-8").replace('kode = "D4"', 'kode = "D7"'), "utf-8")
    second = run(ws)

    assert second.output.count(LINE) == 1
    assert "Dokumentene er nå versjon 2 (1 tiltak endret)" in second.output
    case = document_text(ws / "outbox" / "Saksframlegg.docx")
    assert "Delmålet finnes i strategien" in case

    third = run(ws)  # nothing new: the measure is still named
    assert third.output.count(LINE) == 1 and "fortsatt versjon 2" in third.output

    doc = json.loads(run(ws, "--json").stdout)
    assert doc["unknown_sub_goals"] == [{"measure": "FBS-2", "sub_goal": "D4"}]

    toml.write_text(toml.read_text("utf-8").replace('kode = "D7"', 'kode = "D4"'), "utf-8")
    back = run(ws)
    assert "viser til delmål" not in back.output and "Dokumentene er nå versjon 3 (1 tiltak endret)" in back.output
