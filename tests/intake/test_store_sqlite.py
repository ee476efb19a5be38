"""The SQLite store's mode follows where it lives: WAL on a local disk, single-user mode
on a network share whose locks reach the server, refused where they stay on this machine."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from pipeline.errors import StoreError
from pipeline.intake import migrations
from pipeline.intake.netfs import Where
from pipeline.intake import migrations
from pipeline.intake.store import Store
from pipeline.intake.store_sqlite import Decision, SqliteStore, decide


def add_rejected(store, sha="0" * 64):
    return store.add_submission(received_at=datetime.now(timezone.utc), original_name="a.xlsx", sha256=sha, size=1,
                                status="avvist", stored_path="x", errors=["feil"])


def test_the_policy_per_location():
    assert decide(Where(False, "ext4", "/")) == Decision("wal", None)
    shared = decide(Where(True, "cifs", "/mnt/felles", True))
    assert shared.mode == "eksklusiv" and "enbrukermodus" in shared.message and "[lager]" in shared.message
    assert decide(Where(True, "remote", "K:\\")).mode == "eksklusiv"  # Windows: a network drive, locks unknown
    local_locks = decide(Where(True, "cifs", "/mnt/felles", False))
    assert local_locks.mode == "nekt" and "sqlite.org/lockingv3.html" in local_locks.message
    assert "lokal disk" in local_locks.message and "PostgreSQL" in local_locks.message


def test_a_wal_store_opened_in_single_user_mode_keeps_its_rows_and_keeps_others_out(tmp_path):
    path = tmp_path / "iktplan.sqlite"
    with Store(path) as store:
        add_rejected(store)
        assert store.mode == "wal"
    with SqliteStore(path, mode="eksklusiv") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert len(store.submissions()) == 1
        add_rejected(store, "1" * 64)
        assert not (tmp_path / "iktplan.sqlite-wal").exists() and not (tmp_path / "iktplan.sqlite-shm").exists()
        # Another process (another machine, on a share) is kept out while this one holds the store.
        other = subprocess.run([sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(path)!r}, timeout=0.2)"
                                ".execute('SELECT 1 FROM submissions').fetchone()"], capture_output=True, text=True)
        assert "database is locked" in other.stderr
    with Store(path) as store:  # back on a local disk: WAL again, every row kept
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal" and len(store.submissions()) == 2


def test_a_new_store_appears_whole_or_not_at_all(tmp_path):
    path = tmp_path / ".iktplan" / "iktplan.sqlite"
    with Store(path) as store:
        assert store.submissions() == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["iktplan.sqlite"]  # no temporary file left
    db = sqlite3.connect(path)
    assert [r[0] for r in db.execute("SELECT version FROM schema_version")] == list(range(1, migrations.HEAD + 1))
    db.close()


def test_an_empty_store_file_is_refused_not_started_over(tmp_path):
    path = tmp_path / "iktplan.sqlite"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match=r"er tom \(0 byte\)"):
        Store(path)
    assert path.read_bytes() == b""


def test_a_file_that_is_not_a_store_is_called_damaged_with_its_name(tmp_path):
    path = tmp_path / "iktplan.sqlite"
    path.write_bytes(b"PK\x03\x04 not a database at all" * 200)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(path) in str(caught.value) and "er skadet" in str(caught.value)
