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
    """The snapshot of the model the store holds now, with the secretariat's actions."""
    config = ws.config()
    with Store(ws.database) as store:
        roster = store.roster(config.expected_units)
        model = combine(config, store.counted(roster), roster.notes())
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
    assert "stemmer ikke med kvitteringene" in output and "innlevering 12" in output


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
    assert ("11 innleveringer (9 godkjent, 1 avvist, 0 mottatt tidligere, 1 holdt for sekretariatet) og 2 "
            "dokumentversjoner") in output
    kept = list(ws.store_dir.glob("skadet-*-iktplan.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == b""  # the old store is moved aside, never deleted
    with Store(ws.database) as store:
        assert submissions_table(store) == before
        assert store.latest_version_number() == 2
    assert model_snapshot(ws) == model
    code, output = cli(ws.root, "run")
    assert code == 0 and "fortsatt versjon 2" in output, output  # the same model: no new version
    assert file_hashes(ws.archive) == archive


def test_the_secretariats_actions_come_back_with_the_rebuilt_store(ws):
    code, output = cli(ws.root, "koble-enhet", "11", "--til", "Kulturhuset og biblioteket", "--grunn", "skrivefeil")
    assert code == 0 and "Dokumentene er nå versjon 3" in output, output
    code, output = cli(ws.root, "trekk-tilbake", "9", "--grunn", "sendt ved en feil")
    assert code == 0 and "Dokumentene er nå versjon 4" in output, output
    with Store(ws.database) as store:
        before, actions = submissions_table(store), store.actions()
    model = model_snapshot(ws)
    assert [n for n, _ in model_snapshot(ws)["actions"].items()] == ["1", "2"]
    ws.database.write_bytes(b"")
    code, output = cli(ws.root, "gjenopprett-lager")
    assert code == 0 and "2 handlinger fra sekretariatet er lagt inn igjen" in output, output
    with Store(ws.database) as store:
        assert submissions_table(store) == before and store.actions() == actions
    assert model_snapshot(ws) == model
    code, output = cli(ws.root, "run")
    assert code == 0 and "fortsatt versjon 4" in output, output  # the same model and actions: no new version


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


# --- a workspace on a network share -----------------------------------------------------------


def on_a_share(tmp_path, ws, options: str) -> dict[str, str]:
    """The environment that makes iktplan see *ws* on an SMB share mounted with *options*
    (a mount table of our own: a container cannot mount cifs)."""
    table = tmp_path / "mountinfo"
    table.write_text(f"27 1 254:0 / / rw - ext4 /dev/vda rw\n"
                     f"70 27 0:60 / {ws.root} rw,relatime - cifs //fil01/felles rw,{options}\n")
    return {"IKTPLAN_MOUNTINFO": str(table)}


def test_on_a_share_whose_locks_reach_the_server_one_command_at_a_time_and_status_never_hangs(ws, new_form,
                                                                                             tmp_path):
    import signal
    import sqlite3
    import time

    from support.crashrun import finish, run_cli

    env = on_a_share(tmp_path, ws, "vers=3.1.1,cache=strict")
    held = run_cli(ws.root, env={**env, "IKTPLAN_FAULT": "store.before-commit", "IKTPLAN_FAULT_ACTION": "stop"})
    _, state = os.waitpid(held.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(state)  # a run holding the store, in the middle of recording the new form
    try:
        start = time.monotonic()
        code, output = cli(ws.root, "status", env=env)
        assert code == 1 and "En kjøring pågår" in output and "Traceback" not in output, output
        assert time.monotonic() - start < 20  # answered, not waiting for the run
    finally:
        held.send_signal(signal.SIGCONT)
    code, output = finish(held)
    assert code == 0 and "enbrukermodus" in output and "Dokumentene er nå versjon 3" in output, output
    db = sqlite3.connect(ws.database)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # the rollback journal SQLite supports there
    db.close()
    code, output = cli(ws.root, "status", env=env)
    assert code == 0 and "Dokumentene er i versjon 3" in output, output


def test_on_a_share_whose_locks_stay_on_this_machine_the_run_is_refused_and_nothing_changes(ws, new_form, tmp_path):
    env = on_a_share(tmp_path, ws, "vers=3.1.1,nobrl")
    store = ws.database.read_bytes()
    code, output = cli(ws.root, "run", env=env)
    assert code == 1 and "Traceback" not in output, output
    assert "låser bare gjelder på denne maskinen" in output and "Flytt arbeidsmappen" in output
    assert "PostgreSQL" in output and "Ingenting er endret" in output
    assert ws.database.read_bytes() == store and new_form.exists()


def _told(r) -> tuple:
    """What a submission's receipt told, as text: a message kept as a Msg and one read back
    from its receipt by a rebuild are the same when they read the same (in bokmål)."""
    return r.id, r.status, [str(e) for e in r.errors], [str(w) for w in r.warnings], r.sender


def test_a_rebuilt_store_keeps_what_a_kept_message_was_told(ws, make_form):
    from email import policy
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["Subject"] = "Kari <kari@fjordvik.no>", "Skjema og brev"
    msg.set_content("Vedlagt.")
    msg.add_attachment(make_form("brev.xlsx").read_bytes(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="Skjema.xlsx")
    msg.add_attachment(b"%PDF-1.4 brev", maintype="application", subtype="pdf", filename="Følgebrev.pdf")
    (ws.inbox / "Skjema og brev.eml").write_bytes(msg.as_bytes(policy=policy.SMTP))
    code, output = cli(ws.root, "run")
    assert code == 0, output
    with Store(ws.database) as store:
        before = [_told(r) for r in store.submissions()]
    assert any("Følgebrev.pdf" in " ".join(errors) for _, _, errors, _, _ in before)
    ws.database.write_bytes(b"")
    code, output = cli(ws.root, "gjenopprett-lager")
    assert code == 0, output
    with Store(ws.database) as store:
        assert [_told(r) for r in store.submissions()] == before
