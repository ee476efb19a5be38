"""``iktplan run --json`` and ``status --json``: one JSON document on stdout,
nothing else, in the documented schema (``docs/maskinlesbar.md``), with
ISO 8601 times and nothing personal beyond what ``status`` shows."""

from __future__ import annotations

import json
import re
from datetime import datetime

from click.testing import CliRunner

from pipeline.cli import cli
from support.paths import REPO
from support.workspaces import forms_in_inbox, iktplan, new_workspace

RUN_KEYS = {"schema", "iktplan_version", "generated_at", "municipality", "config_warnings", "outcomes", "counts",
            "model", "unknown_sub_goals", "held", "decisions", "dependency_cycles", "version"}
DECISION_KEYS = {"used", "issues", "vanished", "written", "not_written", "unreadable"}
STATUS_KEYS = {"schema", "iktplan_version", "generated_at", "municipality", "config_warnings", "units", "counts",
               "quarantine", "held", "actions", "version", "followup"}
OUTCOME_KEYS = {"submission", "file", "status", "source", "received_at", "unit", "revision", "errors", "remarks",
                "receipt"}
MODEL_KEYS = {"units", "measures", "systems", "problems", "missing_units", "critical_in_frame", "quick_wins_in_frame",
              "outside_frame"}
UNIT_KEYS = {"name", "service_area", "expected", "state", "revision", "submission", "delivered_at", "last_rejected_at",
             "counts"}
HELD_KEYS = {"submission", "unit", "received_at", "resembles"}
ACTION_KEYS = {"number", "kind", "at", "reason", "submission", "unit", "target", "undoes", "undone_by", "text"}
ACTION_DOCUMENT_KEYS = {"schema", "iktplan_version", "generated_at", "municipality", "config_warnings", "action",
                        "new_receipts", "receipts_sent", "receipts_not_sent", "held_again", "held", "run"}


def iso(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


def run_json(ws) -> dict:
    result = CliRunner().invoke(cli, ["run", "--json", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_run_json_reports_each_file_the_counts_and_the_new_version(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    forms_in_inbox(ws, make_form, config, 2)
    broken = make_form("feil.xlsx", measures=[{"Nr": 1, "Tiltak": "Uten tidsrom", "Tidsrom": "en gang"}])
    (ws / "inbox" / "Skjema med feil.xlsx").write_bytes(broken.read_bytes())

    doc = run_json(ws)

    assert set(doc) == RUN_KEYS and doc["schema"] == "iktplan.run/1"
    assert doc["municipality"] == "Fjordvik kommune"
    iso(doc["generated_at"])
    by_file = {o["file"]: o for o in doc["outcomes"]}
    assert all(set(o) == OUTCOME_KEYS for o in doc["outcomes"])
    school = by_file["Kartleggingsskjema Fjordvik barneskole.xlsx"]
    assert school["status"] == "accepted" and school["unit"] == "Fjordvik barneskole" and school["revision"] == 1
    assert school["source"] == "folder" and school["receipt"].endswith(" – revisjon 1 – godkjent.txt")
    iso(school["received_at"])
    rejected = by_file["Skjema med feil.xlsx"]
    assert rejected["status"] == "rejected" and rejected["errors"] >= 1 and rejected["revision"] is None
    assert doc["counts"] == {"files": 3, "accepted": 2, "rejected": 1, "duplicate": 0, "held": 0}
    assert set(doc["model"]) == MODEL_KEYS and doc["model"]["units"] == 2 and doc["model"]["measures"] == 6
    assert "NAV Fjordvik" in doc["model"]["missing_units"]
    assert doc["version"]["number"] == 1 and doc["version"]["new"] is True and doc["version"]["changes"] is None
    assert "IKT-strategi.docx" in doc["version"]["outputs"]
    assert doc["unknown_sub_goals"] == []
    assert set(doc["decisions"]) == DECISION_KEYS and doc["decisions"]["written"] is True  # beslutninger.xlsx made
    assert doc["decisions"]["used"] == 0 and doc["dependency_cycles"] == []

    again = run_json(ws)
    assert again["outcomes"] == [] and again["counts"]["files"] == 0
    assert again["version"]["number"] == 1 and again["version"]["new"] is False
    assert again["decisions"] is None  # nothing had changed: nothing was read


def test_status_json_has_every_unit_the_quarantine_and_the_version(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    forms_in_inbox(ws, make_form, config, 1)
    broken = make_form("feil.xlsx", measures=[{"Nr": 1, "Tiltak": "Uten tidsrom", "Tidsrom": "en gang"}])
    (ws / "inbox" / "Skjema med feil.xlsx").write_bytes(broken.read_bytes())
    run_json(ws)
    (ws / "inbox" / "venter.xlsx").write_bytes(broken.read_bytes())

    done = iktplan("status", "--json", "-w", ws)

    assert done.returncode == 0 and done.stderr == ""
    doc = json.loads(done.stdout)
    assert set(doc) == STATUS_KEYS and doc["schema"] == "iktplan.status/1" and doc["version"] == 1
    assert [u["name"] for u in doc["units"]][:2] == ["Fjordvik barneskole", "Solsiden barnehage"]
    school = doc["units"][0]
    assert all(set(u) == UNIT_KEYS for u in doc["units"])
    assert school["state"] == "delivered_last_rejected" and school["revision"] == 1 and school["expected"]
    assert school["counts"] == {"problems": 3, "systems": 3, "measures": 3, "barometer_answers": 18}
    assert school["service_area"] == "Oppvekst og utdanning"
    iso(school["delivered_at"]) < iso(school["last_rejected_at"])
    assert {u["state"] for u in doc["units"][1:]} == {"missing"}
    assert doc["counts"] == {"expected": 8, "delivered": 1, "unexpected": 0, "pending_in_inbox": 1, "quarantined": 1}
    [q] = doc["quarantine"]
    assert q["file"] == "Skjema med feil.xlsx" and q["unit"] == "Fjordvik barneskole" and q["errors"] >= 1
    assert q["corrected_by_revision"] is None


def test_json_holds_no_contact_details(tmp_path, make_form, config):
    ws = new_workspace(tmp_path / "ws")
    forms_in_inbox(ws, make_form, config, 1)
    text = json.dumps(run_json(ws)) + iktplan("status", "--json", "-w", ws).stdout
    assert "ingrid" not in text.lower() and not re.search(r"[\w.]+@[\w.]+", text)


def test_the_schema_is_documented():
    page = (REPO / "docs" / "maskinlesbar.md").read_text("utf-8")
    for key in sorted(RUN_KEYS | STATUS_KEYS | OUTCOME_KEYS | MODEL_KEYS | UNIT_KEYS | HELD_KEYS | ACTION_KEYS
                      | ACTION_DOCUMENT_KEYS | DECISION_KEYS):
        assert f"`{key}`" in page, key
    for schema in ("iktplan.run/1", "iktplan.status/1", "iktplan.fetch-mail/1", "iktplan.action/1"):
        assert schema in page, schema
    for state in ("delivered", "delivered_last_rejected", "rejected", "missing", "accepted", "duplicate", "held",
                  "withdraw", "map", "accept", "undo"):
        assert f"`{state}`" in page, state


def test_a_held_form_and_the_secretariats_action_are_reported_in_json(tmp_path, make_form):
    from pipeline.workspace import Workspace
    from support.units import CONFIGURED, MISTYPED, drop, unit_form

    ws = Workspace(new_workspace(tmp_path / "ws"))
    drop(ws, unit_form(make_form, CONFIGURED, "en"), unit_form(make_form, MISTYPED, "to"))
    doc = run_json(ws.root)
    assert [o["status"] for o in doc["outcomes"]] == ["accepted", "held"] and doc["counts"]["held"] == 1
    assert doc["held"] == [{"submission": 2, "unit": MISTYPED, "received_at": doc["outcomes"][1]["received_at"],
                            "resembles": CONFIGURED}]
    result = CliRunner().invoke(cli, ["koble-enhet", "2", "--til", CONFIGURED, "--grunn", "skrivefeil", "--json",
                                      "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    action = json.loads(result.stdout)
    assert set(action) == ACTION_DOCUMENT_KEYS and action["schema"] == "iktplan.action/1"
    assert set(action["action"]) == ACTION_KEYS and action["action"]["kind"] == "map"
    assert (action["action"]["unit"], action["action"]["target"], action["action"]["reason"]) == (
        MISTYPED, CONFIGURED, "skrivefeil")
    assert [r["submission"] for r in action["new_receipts"]] == [2] and action["held"] == []
    assert action["run"]["version"]["new"] and action["run"]["version"]["changes"]["actions"] == 1
    status = json.loads(iktplan("status", "--json", "-w", ws.root).stdout)
    assert set(status) == STATUS_KEYS and status["held"] == []
    assert [(a["number"], a["kind"], a["undone_by"]) for a in status["actions"]] == [(1, "map", None)]
    assert [(u["name"], u["revision"], u["submission"]) for u in status["units"] if u["revision"]] == [
        (CONFIGURED, 2, 2)]
