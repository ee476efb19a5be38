"""The store's and the workspace lock's errors speak the workspace's language (issue 14):
a store made by a newer iktplan, an emptied database and a workspace another process
is working in, each in a nynorsk and a Danish workspace, as a real process prints them,
with no word from the other languages' marker lists. Bokmål stays as it was
(tests/intake/test_store*.py)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.fileio import WorkspaceLock
from pipeline.intake import migrations
from pipeline.workspace import Workspace
from support.languages import assert_no_foreign_words


def _workspace(tmp_path: Path, code: str) -> Workspace:
    root = tmp_path / f"ws-{code}"
    result = CliRunner().invoke(cli, ["init", "--språk", code, str(root)])
    assert result.exit_code == 0, result.output
    status = _iktplan(root, "status")  # makes the store
    assert status.returncode == 0, status.stderr
    return Workspace(root)


def _iktplan(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "-w", str(root), *args], capture_output=True, text=True)


def _error(run: subprocess.CompletedProcess, code: str) -> str:
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert_no_foreign_words(run.stdout + run.stderr, code, where=f"the store's error ({code})")
    return run.stderr


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_store_from_a_newer_iktplan_is_refused_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    newer = migrations.HEAD + 1
    with sqlite3.connect(ws.database) as db:
        db.execute("INSERT INTO schema_version (version, what, applied_at) VALUES (?, 'framtid', '2030-01-01')",
                   (newer,))
    stderr = _error(_iktplan(ws.root, "status"), code)
    expected = {"nn": f"Lageret er laga av ein nyare iktplan (skjemaversjon {newer}; denne kjenner berre til "
                      f"{migrations.HEAD}). Oppdater iktplan på denne maskina før du køyrer. Ingenting er endra.",
                "da": f"Lageret er oprettet af en nyere iktplan (skemaversion {newer}; denne kender kun til "
                      f"{migrations.HEAD}). Opdater iktplan på denne maskine, før du kører. Intet er ændret."}[code]
    assert expected in " ".join(stderr.split())


@pytest.mark.parametrize("code", ["nn", "da"])
def test_an_emptied_database_is_explained_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    ws.database.write_bytes(b"")
    stderr = " ".join(_error(_iktplan(ws.root, "run"), code).split())
    assert {"nn": "er tom (0 byte). Truleg er han tømd", "da": "er tom (0 byte). Den er sandsynligvis tømt"}[code] in stderr
    assert {"nn": "«iktplan gjenopprett-lager»", "da": "»iktplan gjenopprett-lager«"}[code] in stderr


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_busy_workspace_is_reported_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    lock = WorkspaceLock(ws.lock_path)
    lock.acquire()
    try:
        stderr = " ".join(_error(_iktplan(ws.root, "run"), code).split())
    finally:
        lock.release()
    assert {"nn": "Ein annan iktplan-prosess arbeider alt i denne arbeidsmappa.",
            "da": "En anden iktplan-proces arbejder allerede i denne arbejdsmappe."}[code] in stderr


#: A unit and its service area in each language's default strategi.toml.
UNITS = {"nn": ("Fjordvik barneskule", "Oppvekst og utdanning"), "da": ("Fjordby Skole", "Børn og unge")}


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_rebuild_says_what_it_skipped_in_the_workspaces_language(tmp_path, code):
    from pipeline.forms.formfill import example_unit, fill_form

    ws = _workspace(tmp_path, code)
    data = example_unit()
    unit, area = UNITS[code]
    data["unit"] = {**data["unit"], "enhet": unit, "tjenesteomrade": area}
    fill_form(ws.blank_form, ws.inbox / "skule.xlsx", **data)
    run = _iktplan(ws.root, "run")
    assert run.returncode == 0, run.stderr
    receipts = [p for p in ws.receipts.iterdir() if p.name[:1].isdigit()]
    assert len(receipts) == 1, receipts
    # a second receipt for the same submission (a copy left by a sync tool): skipped, and said so
    copy = receipts[0].with_name("2099-01-01_000000" + receipts[0].name[len("2099-01-01_000000"):])
    copy.write_bytes(receipts[0].read_bytes())
    ws.database.write_bytes(b"")
    rebuild = _iktplan(ws.root, "gjenopprett-lager")
    assert rebuild.returncode == 0, rebuild.stdout + rebuild.stderr
    out = " ".join(rebuild.stdout.split())
    assert {"nn": f"Kvitteringa {copy.name} er ufullstendig og er hoppa over.",
            "da": f"Kvitteringen {copy.name} er ufuldstændig og er sprunget over."}[code] in out
    lines = [line for line in rebuild.stdout.splitlines() if str(ws.root) not in line and copy.name not in line]
    assert_no_foreign_words("\n".join(lines), code, where=f"«iktplan gjenopprett-lager» ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_store_that_forgot_the_receipts_is_refused_in_the_workspaces_language(tmp_path, code):
    from pipeline.forms.formfill import example_unit, fill_form

    ws = _workspace(tmp_path, code)
    data = example_unit()
    unit, area = UNITS[code]
    data["unit"] = {**data["unit"], "enhet": unit, "tjenesteomrade": area}
    fill_form(ws.blank_form, ws.inbox / "skule.xlsx", **data)
    assert _iktplan(ws.root, "run").returncode == 0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{ws.database}{suffix}").unlink(missing_ok=True)  # a store put back from before the first form
    stderr = " ".join(_error(_iktplan(ws.root, "run"), code).split())
    assert {"nn": "stemmer ikkje med arkivet: outbox/arkiv har versjon 1, men lageret kjenner ingen "
                  "dokumentversjonar.",
            "da": "stemmer ikke med arkivet: outbox/arkiv har version 1, men lageret kender ingen "
                  "dokumentversioner."}[code] in stderr
    assert {"nn": "Ingenting er endra.", "da": "Intet er ændret."}[code] in stderr


def _with_store_table(tmp_path: Path, code: str, table: str) -> Path:
    """A new workspace in *code* whose strategi.toml ends with *table* (TOML text)."""
    root = tmp_path / f"ws-{code}"
    result = CliRunner().invoke(cli, ["init", "--språk", code, str(root)])
    assert result.exit_code == 0, result.output
    config = root / "strategi.toml"
    config.write_text(config.read_text("utf-8") + "\n" + table, "utf-8")
    return root


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_wrong_store_setting_is_explained_in_the_workspaces_language(tmp_path, code):
    root = _with_store_table(tmp_path, code, '[lager]\nurl = "mysql://iktplan@db/iktplan"\n')
    stderr = _error(_iktplan(root, "status"), code)
    expected = {"nn": "«lager.url» skal byrje med postgresql:// (fann «mysql://iktplan@db/iktplan»). Utan url bruker "
                      "iktplan den innebygde databasen sin i .iktplan/.",
                "da": "»lager.url« skal begynde med postgresql:// (fandt »mysql://iktplan@db/iktplan«). Uden url bruger "
                      "iktplan sin indbyggede database i .iktplan/."}[code]
    assert expected in " ".join(stderr.split())


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_sharing_setting_that_is_not_true_or_false_is_named_in_the_workspaces_language(tmp_path, code):
    root = _with_store_table(tmp_path, code, '[samarbeid]\ndel_barometer = "ja"\n')
    stderr = _error(_iktplan(root, "status"), code)
    expected = {"nn": "«samarbeid.del_barometer» skal vere true eller false (utan hermeteikn).",
                "da": "»samarbeid.del_barometer« skal være true eller false (uden anførselstegn)."}[code]
    assert expected in " ".join(stderr.split())


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_postgresql_server_that_does_not_answer_is_explained_in_the_workspaces_language(tmp_path, code):
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once the socket is closed
    root = _with_store_table(tmp_path, code, f'[lager]\nurl = "postgresql://iktplan@127.0.0.1:{port}/iktplan"\n')
    stderr = _error(_iktplan(root, "status"), code)
    expected = {"nn": f"Kan ikkje kople til PostgreSQL-lageret iktplan@127.0.0.1:{port}/iktplan: får ikkje kontakt med "
                      "tenaren. Sjekk at maskina er på nettet (og VPN), og at vert og port i [lager] url er rette. "
                      "Ingen innleverte filer er tapte",
                "da": f"Kan ikke forbinde til PostgreSQL-lageret iktplan@127.0.0.1:{port}/iktplan: kan ikke få "
                      "forbindelse til serveren. Tjek, at maskinen er på nettet (og VPN), og at vært og port i [lager] "
                      "url er rigtige. Ingen indsendte filer er gået tabt"}[code]
    assert expected in " ".join(stderr.split())
