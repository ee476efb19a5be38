"""The PostgreSQL store's own guarantees, against a real server: the lock across machines, the
password (never shown), a dropped connection, one schema per municipality, the forms' bytes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError, LockedError, StoreError
from pipeline.intake.store_postgres import PostgresStore
from pipeline.intake.store_settings import PASSWORD_VARIABLE, StoreSettings, redact, store_settings
from support.paths import DEFAULTS
from support.stores import open_test_store

psycopg = pytest.importorskip("psycopg")


def add_rejected(store, sha: str = "a" * 64, data: bytes | None = None):
    return store.add_submission(received_at=datetime.now(timezone.utc), original_name="a.xlsx", sha256=sha,
                                size=len(data or b""), status="avvist", stored_path="x", errors=["feil"], data=data)


def test_a_second_machine_is_refused_while_a_run_holds_the_store(pg_url, tmp_path):
    with open_test_store(pg_url, tmp_path, lock=True):
        with pytest.raises(LockedError, match="En annen maskin .*kjører iktplan for Fjordvik kommune"):
            open_test_store(pg_url, tmp_path, lock=True)
        with open_test_store(pg_url, tmp_path) as reader:  # readers are never blocked
            assert reader.submissions() == []
        with open_test_store(pg_url, tmp_path, municipality="Havvik kommune", lock=True):
            pass  # another municipality in the same database has a lock of its own
    with open_test_store(pg_url, tmp_path, lock=True):
        pass  # released with the connection


_HOLD = """
import sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from support.stores import open_test_store
store = open_test_store(sys.argv[1], Path("."), lock=True)
print("holder", flush=True)
time.sleep(120)
"""


def test_a_machine_that_dies_while_holding_the_store_frees_it(pg_url, tmp_path):
    tests = Path(__file__).resolve().parents[1]
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, pg_url, str(tests)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holder"
        with pytest.raises(LockedError):
            open_test_store(pg_url, tmp_path, lock=True)
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        deadline = time.monotonic() + 10
        while True:  # the server sees the closed socket at once; give it a moment
            try:
                open_test_store(pg_url, tmp_path, lock=True).close()
                break
            except LockedError:
                assert time.monotonic() < deadline, "the lock of a killed process was never freed"
                time.sleep(0.05)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_dropped_connection_stops_with_a_norwegian_message_and_frees_the_lock(pg_url, tmp_path, postgres_server):
    store = open_test_store(pg_url, tmp_path, lock=True)
    try:
        pid = store.conn.info.backend_pid
        with psycopg.connect(postgres_server.url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError, match="ble brutt") as caught:
            add_rejected(store)
        assert "Ingen innleverte filer er tapt" in str(caught.value)
    finally:
        store.close()
    with open_test_store(pg_url, tmp_path, lock=True) as again:
        assert again.submissions() == []  # nothing half-done was kept


def test_the_bytes_of_a_submission_are_kept_in_the_database(pg_url, tmp_path):
    data = bytes(range(256)) * 100
    with open_test_store(pg_url, tmp_path) as store:
        add_rejected(store, "b" * 64, data)
        add_rejected(store, "b" * 64, data)  # the same bytes again: kept once
        assert store.file_bytes("b" * 64) == data and store.file_bytes("c" * 64) is None
        assert store._one("SELECT COUNT(*) AS n FROM files")["n"] == 1


def test_each_municipality_has_a_schema_of_its_own(pg_url, tmp_path):
    with open_test_store(pg_url, tmp_path, municipality="Fjordvik kommune") as a, \
            open_test_store(pg_url, tmp_path, municipality="Hå kommune") as b:
        add_rejected(a)
        assert (a.schema, b.schema) == ("kommune_fjordvik", "kommune_ha")
        assert len(a.submissions()) == 1 and b.submissions() == []
    named = PostgresStore(StoreSettings(url=pg_url, schema="ikt_sola"), municipality="Sola kommune")
    with named:
        assert named.schema == "ikt_sola" and named.submissions() == []


# --- the password -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded_server(postgres_server):
    """A second server whose TCP logins need a password (the first is enough to know we can start one)."""
    from support.pgserver import PostgresServer

    server = PostgresServer(password="Hemmelig æøå 1")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_the_password_comes_from_the_environment_and_is_never_shown(guarded_server, tmp_path, monkeypatch):
    url = guarded_server.url
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    with pytest.raises(StoreError, match=f"krever passord. Sett det i miljøvariabelen {PASSWORD_VARIABLE}"):
        open_test_store(url, tmp_path)
    monkeypatch.setenv(PASSWORD_VARIABLE, "feil passord")
    with pytest.raises(StoreError, match="avviste passordet") as caught:
        open_test_store(url, tmp_path)
    assert "feil passord" not in str(caught.value)
    monkeypatch.setenv(PASSWORD_VARIABLE, "Hemmelig æøå 1")
    with open_test_store(url, tmp_path) as store:
        assert "Hemmelig" not in store.label and store.submissions() == []


def test_a_password_in_strategi_toml_is_refused_and_never_repeated(tmp_path):
    text = (DEFAULTS / "strategi.toml").read_text("utf-8")
    path = tmp_path / "strategi.toml"
    path.write_text(text + '\n[lager]\nurl = "postgresql://ola:hemmelig@db/iktplan"\n', "utf-8")
    with pytest.raises(ConfigError, match=PASSWORD_VARIABLE) as caught:
        store_settings(load_config(path))
    assert "hemmelig" not in str(caught.value)
    assert redact("postgresql://ola:hemmelig@db:5433/iktplan?sslmode=require") == \
        "postgresql://ola@db:5433/iktplan?sslmode=require"


def test_an_unreachable_server_is_a_norwegian_message(tmp_path):
    from support.pgserver import free_port

    url = f"postgresql://iktplan@127.0.0.1:{free_port()}/iktplan"
    with pytest.raises(StoreError, match="får ikke kontakt med serveren"):
        open_test_store(url, tmp_path)


def test_unit_keys_made_by_the_old_normaliser_are_made_again_once(pg_url, tmp_path):
    from pipeline.core.model import FormContent, UnitInfo
    from pipeline.core.submission import SubmissionStatus
    from support.stores import TEKNISK_DRIFT, key_version_1

    with open_test_store(pg_url, tmp_path) as store:
        for i, name in enumerate(TEKNISK_DRIFT):
            content = FormContent(unit=UnitInfo("Fjordvik kommune", name, "Teknisk", "Per", "p@x.no", None, "1.0"))
            store.add_submission(received_at=datetime.now(timezone.utc), original_name="x.xlsx", sha256=f"{i:064x}",
                                 size=1, status=SubmissionStatus.ACCEPTED, unit_key=key_version_1(name),
                                 unit_name=name, stored_path="p", content=content)
        assert len({r.unit_key for r in store.submissions()}) == 4
        store._run("DELETE FROM meta WHERE key = 'unit_keys'")  # as a store from before the new normaliser
    with open_test_store(pg_url, tmp_path) as store:
        assert [(r.unit_key, r.revision) for r in store.submissions()] == [("teknisk drift", n) for n in (1, 2, 3, 4)]
