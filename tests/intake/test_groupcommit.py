"""Forms recorded a few at a time with one commit: each is told of only once it
is recorded, answered and gone from the inbox, and a group costs two commits,
not two per form. (Killing a run inside a group: tests/test_crash.py.)"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from pipeline import fileio
from pipeline.intake import groupcommit
from pipeline.intake.inbox import intake
from pipeline.intake.store import Store
from pipeline.intake.store_sqlite import SqliteStore
from pipeline.workspace import init_workspace


@pytest.fixture
def ten_forms(tmp_path, make_form):
    from pipeline.forms.formfill import example_unit
    from support.units import without_unit_list

    ws = without_unit_list(init_workspace(tmp_path / "ws"))  # «Enhet 00» … «Enhet 09» count without a list
    names = []
    for i in range(10):
        form = make_form(f"skjema-{i}.xlsx", unit={**example_unit()["unit"], "enhet": f"Enhet {i:02d}"})
        shutil.copyfile(form, ws.inbox / form.name)
        names.append(form.name)
    (ws.inbox / "ødelagt.xlsx").write_bytes(b"ikke et regneark")  # a rejected one in a group too
    return ws, names + ["ødelagt.xlsx"]


def test_each_form_is_told_of_once_it_is_committed_answered_and_gone(ten_forms, monkeypatch):
    ws, names = ten_forms
    monkeypatch.setattr(groupcommit, "SIZE", 4)
    told = []

    def on_outcome(outcome):
        other = sqlite3.connect(ws.database)  # another connection sees only what is committed
        try:
            row = other.execute("SELECT receipt_path FROM submissions WHERE id = ?", (outcome.record.id,)).fetchone()
        finally:
            other.close()
        assert row is not None and row[0] and (ws.root / row[0]).is_file()
        assert not (ws.inbox / outcome.record.original_name).exists()
        told.append(outcome.record.original_name)

    with Store(ws.database) as store:
        intake(ws, store, ws.config(), on_outcome)
        rows = store.submissions()
    assert sorted(told) == sorted(names) and len(rows) == len(names)
    assert [r.status for r in rows].count("avvist") == 1
    assert list(ws.inbox.iterdir()) == []


def test_a_group_costs_two_commits_and_one_sync_per_folder(ten_forms, monkeypatch):
    ws, names = ten_forms
    commits, syncs = [], []
    real_commit, real_sync = SqliteStore._commit, fileio.fsync_dir
    monkeypatch.setattr(SqliteStore, "_commit", lambda self: commits.append(1) or real_commit(self))
    monkeypatch.setattr(fileio, "fsync_dir", lambda path: syncs.append(path) or real_sync(path))
    with Store(ws.database) as store:
        before = len(commits)
        intake(ws, store, ws.config())
    groups = -(-len(names) // groupcommit.SIZE)
    assert len(commits) - before == 2 * groups  # one form at a time took two per form
    assert len(syncs) <= 3 * 2 * groups  # archive, quarantine, receipts; once per step of a group


def test_a_failure_in_a_group_commits_nothing_of_it_and_leaves_its_files(ten_forms, monkeypatch):
    from pipeline.errors import WorkspaceError
    from pipeline.intake import receive

    ws, names = ten_forms
    monkeypatch.setattr(groupcommit, "SIZE", 4)
    calls: list = []
    real = receive._keep

    def keep(target, data):
        if target.parent == ws.submissions:
            calls.append(target)
        if len(calls) == 6:  # the second group's second form
            raise WorkspaceError("disken er full")
        real(target, data)

    monkeypatch.setattr(receive, "_keep", keep)
    with Store(ws.database) as store:
        with pytest.raises(WorkspaceError):
            intake(ws, store, ws.config())
        rows = store.submissions()
    assert len(rows) == 4  # the first group, recorded and answered
    assert all(r.receipt_path for r in rows)
    assert len([p for p in ws.inbox.iterdir()]) == len(names) - 4
