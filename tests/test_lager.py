"""The store against the workspace, through the CLI as the secretariat runs it: an
emptied, lost, outdated or damaged store stops the run with a Norwegian message
and overwrites nothing; «iktplan gjenopprett-lager» gives back the same store."""

from __future__ import annotations

import os
import shutil

import pytest

from pipeline.core.assessment import assess
from pipeline.core.model import combine
from pipeline.core.versions import snapshot
from pipeline.intake.store import Store
from support.stores import cli, copy_workspace, file_hashes, submissions_table


def model_snapshot(ws):
    with Store(ws.database) as store:
        model = combine(ws.config(), store.latest_accepted())
    return snapshot(model, assess(model))


def clean_failure(code: int, output: str, ws) -> None:
    assert code == 1, output
    assert "Traceback" not in output and "Uventet feil" not in output, output
    assert str(ws.database) in output, output  # the message names the store


@pytest.fixture
def ws(demo_workspace, tmp_path):
    return copy_workspace(demo_workspace, tmp_path / "ws")


@pytest.fixture
def new_form(ws, make_form):
    """A new revision of a unit, waiting in the inbox."""
    form = make_form("ny-revisjon.xlsx")
    target = ws.inbox / form.name
    shutil.copyfile(form, target)
    return target


def test_an_emptied_store_stops_the_run_and_overwrites_nothing(ws, new_form):
    archive = file_hashes(ws.archive)
    ws.database.write_bytes(b"")  # an interrupted copy, a sync conflict
    code, output = cli(ws.root, "run")
    clean_failure(code, output, ws)
    assert "er tom (0 byte)" in output and "iktplan gjenopprett-lager" in output
    assert file_hashes(ws.archive) == archive and sorted(os.listdir(ws.archive)) == ["v1", "v2"]
    assert new_form.exists()  # the waiting form stays in the inbox
    code, output = cli(ws.root, "status")
    clean_failure(code, output, ws)


def test_a_lost_store_stops_the_run_instead_of_starting_over(ws, new_form):
    archive = file_hashes(ws.archive)
    ws.database.unlink()
    code, output = cli(ws.root, "run")
    clean_failure(code, output, ws)
    assert "stemmer ikke med arkivet" in output and "versjon 1, 2" in output
    assert file_hashes(ws.archive) == archive and new_form.exists()


def test_a_store_put_back_from_an_older_backup_stops_the_run(ws, demo_workspace, tmp_path):
    older = copy_workspace(demo_workspace, tmp_path / "older")
    shutil.rmtree(older.root)
    from support.stores import make_demo_workspace

    make_demo_workspace(older.root, rounds=1)  # the same municipality after the first round: version 1 only
    shutil.copyfile(older.database, ws.database)
    code, output = cli(ws.root, "run")
    clean_failure(code, output, ws)
    assert "outbox/arkiv har versjon 2, men lageret kjenner bare til versjon 1" in output


def test_a_store_older_than_the_receipts_stops_the_run(ws, tmp_path):
    backup = tmp_path / "backup.sqlite"
    shutil.copyfile(ws.database, backup)
    form = next(ws.submissions.glob("*.xlsx"))
    shutil.copyfile(form, ws.inbox / "igjen.xlsx")  # identical again: a receipt, but no new version
    code, output = cli(ws.root, "run")
    assert code == 0, output
    shutil.copyfile(backup, ws.database)
    code, output = cli(ws.root, "run")
    clean_failure(code, output, ws)
    assert "stemmer ikke med kvitteringene" in output and "innlevering 11" in output


def test_a_damaged_store_names_itself_and_says_what_to_do(ws):
    data = bytearray(ws.database.read_bytes())
    data[4096:8192] = bytes(range(256)) * 16  # the second page (a table's root) overwritten
    ws.database.write_bytes(bytes(data))
    for command in ("run", "status"):
        code, output = cli(ws.root, command)
        clean_failure(code, output, ws)
        assert "er skadet" in output and "iktplan gjenopprett-lager" in output
        assert "Ingen innleverte skjemaer er tapt" in output


def test_the_rebuilt_store_gives_the_same_submissions_model_and_versions(ws, new_form):
    with Store(ws.database) as store:
        before = submissions_table(store)
    model = model_snapshot(ws)
    archive = file_hashes(ws.archive)
    new_form.unlink()
    ws.database.write_bytes(b"")
    code, output = cli(ws.root, "gjenopprett-lager")
    assert code == 0, output
    assert "10 innleveringer (9 godkjent, 1 avvist, 0 mottatt tidligere) og 2 dokumentversjoner" in output
    kept = list(ws.store_dir.glob("skadet-*-iktplan.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == b""  # the old store is moved aside, never deleted
    with Store(ws.database) as store:
        assert submissions_table(store) == before
        assert store.latest_version_number() == 2
    assert model_snapshot(ws) == model
    code, output = cli(ws.root, "run")
    assert code == 0 and "fortsatt versjon 2" in output, output  # the same model: no new version
    assert file_hashes(ws.archive) == archive


def test_after_a_rebuild_the_next_revision_makes_the_next_version(ws, make_form):
    archive = file_hashes(ws.archive)
    ws.database.write_bytes(b"")
    assert cli(ws.root, "gjenopprett-lager")[0] == 0
    shutil.copyfile(make_form("Fjordvik barneskole.xlsx"), ws.inbox / "rev.xlsx")
    code, output = cli(ws.root, "run")
    assert code == 0 and "revisjon 2" in output and "Dokumentene er nå versjon 3" in output, output
    assert {k: v for k, v in file_hashes(ws.archive).items() if not k.startswith("v3/")} == archive


def test_a_rebuild_killed_before_it_is_done_leaves_the_old_store(ws):
    ws.database.write_bytes(b"")
    code, output = cli(ws.root, "gjenopprett-lager", env={"IKTPLAN_FAULT": "rebuild.written"})
    assert code == -9, output
    assert ws.database.read_bytes() == b""  # untouched until the new store is complete
    code, output = cli(ws.root, "gjenopprett-lager")
    assert code == 0, output
    assert cli(ws.root, "run")[0] == 0


@pytest.mark.parametrize("point, expected", [
    ("outbox.archived", "fortsatt versjon 3"),  # archived whole: finished from the archive, no new version
    ("outbox.temp-written", "nå versjon 4"),  # killed before the first archive file: v3 is left, v4 made
])
def test_a_version_killed_while_publishing_without_its_staging_folder_is_never_overwritten(ws, new_form, point,
                                                                                          expected):
    code, output = cli(ws.root, "run", env={"IKTPLAN_FAULT": point})
    assert code == -9, output
    shutil.rmtree(ws.staging)  # someone tidied .iktplan/under-arbeid
    before = file_hashes(ws.archive)
    code, output = cli(ws.root, "run")
    assert code == 0 and expected in output, output
    after = file_hashes(ws.archive)
    assert {k: after[k] for k in before} == before  # whatever was archived is still there, unchanged
    with Store(ws.database) as store:
        assert store.pending_version() is None
