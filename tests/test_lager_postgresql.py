"""The demo's store moved into PostgreSQL with «iktplan kopier-lager», through the CLI:
nothing lost (every submission, revision, version and file), and the documents made
on PostgreSQL afterwards are the documents SQLite makes."""

from __future__ import annotations

import re
import shutil

import pytest

from pipeline.core.versions import DOCUMENTS
from pipeline.intake.store import open_store
from support.documents import document_text
from support.stores import cli, copy_workspace, file_hashes, use_postgres

psycopg = pytest.importorskip("psycopg")

def everything(ws) -> dict[str, list[tuple]]:
    """Every row of every table, through the store interface, whatever the backend."""
    with open_store(ws) as store:
        return store.export()


@pytest.fixture
def sqlite_ws(demo_workspace, tmp_path):
    return copy_workspace(demo_workspace, tmp_path / "sqlite")


@pytest.fixture
def pg_ws(demo_workspace, tmp_path, pg_url):
    return use_postgres(copy_workspace(demo_workspace, tmp_path / "postgresql"), pg_url)


def test_the_copy_keeps_every_submission_revision_version_and_file(sqlite_ws, pg_ws):
    before = everything(sqlite_ws)
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 0, output
    assert "Kopierte 10 innleveringer, 2 dokumentversjoner og 10 filer" in output
    assert "Alt er kontrollert mot kilden" in output
    assert everything(pg_ws) == before
    with open_store(pg_ws) as store:
        for r in store.submissions():
            if r.status != "duplikat":
                assert store.file_bytes(r.sha256) == (pg_ws.root / r.stored_path).read_bytes()
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 0 and "allerede kopiert" in output, output


def normalised(path) -> str:
    # The time of day a form arrived or a version was made is the only thing two runs may not share.
    return re.sub(r"kl\. \d\d[:.]\d\d", "kl. --:--", document_text(path))


def test_after_the_copy_postgresql_makes_the_documents_sqlite_makes(sqlite_ws, pg_ws, make_form):
    assert cli(pg_ws.root, "kopier-lager")[0] == 0
    code, output = cli(pg_ws.root, "run")
    assert code == 0 and "fortsatt versjon 2" in output, output  # nothing changed: nothing lost, nothing new
    revision = make_form("Fjordvik barneskole, revisjon 2.xlsx")
    for ws in (sqlite_ws, pg_ws):
        shutil.copyfile(revision, ws.inbox / revision.name)
        code, output = cli(ws.root, "run")
        assert code == 0 and "revisjon 2" in output and "Dokumentene er nå versjon 3" in output, output
    for name in DOCUMENTS:
        assert normalised(pg_ws.outbox / name) == normalised(sqlite_ws.outbox / name), name
    assert (pg_ws.outbox / "arkiv" / "v3").is_dir()


def test_a_missing_accepted_form_refuses_the_copy_and_writes_nothing(pg_ws):
    next(pg_ws.submissions.glob("*.xlsx")).unlink()
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 1 and "Godkjente skjemaer mangler" in output and "Ingenting er kopiert" in output, output
    with open_store(pg_ws, check=False) as store:
        assert store.submissions() == [] and store.latest_version_number() is None


def test_a_copy_killed_before_it_commits_leaves_postgresql_empty(pg_ws):
    code, output = cli(pg_ws.root, "kopier-lager", env={"IKTPLAN_FAULT": "kopier.skrevet"})
    assert code == -9, output
    with open_store(pg_ws, check=False) as store:
        assert store.submissions() == [] and store.latest_version_number() is None
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 0 and "Kopierte 10 innleveringer" in output, output


def test_a_run_on_an_empty_postgresql_store_points_to_the_copy(pg_ws):
    archive = file_hashes(pg_ws.archive)
    code, output = cli(pg_ws.root, "run")
    assert code == 1 and "iktplan kopier-lager" in output and "Traceback" not in output, output
    assert file_hashes(pg_ws.archive) == archive
