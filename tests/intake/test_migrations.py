"""The store's versioned migrations: the same schema in both dialects, stores made by
earlier iktplan versions adopted, all or nothing, and once when several open it at once."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from multiprocessing import get_context

import pytest

from pipeline.intake import migrations
from pipeline.intake.store import Store

#: The store as iktplan made it before the migrations existed (frozen here: the oracle).
FIRST_SCHEMA = '''
CREATE TABLE IF NOT EXISTS submissions (
    id            INTEGER PRIMARY KEY,
    received_at   TEXT NOT NULL,
    original_name TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    source        TEXT NOT NULL DEFAULT 'mappe',
    sender        TEXT,
    status        TEXT NOT NULL CHECK (status IN ('godkjent', 'avvist', 'duplikat')),
    unit_key      TEXT,
    unit_name     TEXT,
    revision      INTEGER,
    duplicate_of  INTEGER REFERENCES submissions(id),
    stored_path   TEXT NOT NULL,
    receipt_path  TEXT,
    inbox_name    TEXT,
    inbox_mtime_ns INTEGER,
    errors_json   TEXT NOT NULL DEFAULT '[]',
    warnings_json TEXT NOT NULL DEFAULT '[]',
    content_json  TEXT,
    UNIQUE (unit_key, revision)
);
CREATE INDEX IF NOT EXISTS submissions_sha ON submissions (sha256);
CREATE TABLE IF NOT EXISTS versions (
    number        INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    snapshot_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');
'''


def first_store(path) -> None:
    db = sqlite3.connect(path)
    db.executescript(FIRST_SCHEMA)
    db.execute("INSERT INTO submissions (received_at, original_name, sha256, size, status, stored_path, errors_json) "
               "VALUES ('2027-03-01T12:00:00+01:00', 'a.xlsx', 'aa', 1, 'avvist', 'x', '[\"feil\"]')")
    db.commit()
    db.close()


def sqlite_columns(db) -> dict[str, list[tuple[str, int]]]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: [(r[1], r[3]) for r in db.execute(f"PRAGMA table_info({t})")] for t in tables}


def pg_columns(conn) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list] = {}
    for table, column, nullable in conn.execute(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
        out.setdefault(table, []).append((column, int(nullable == "NO")))
    return out


def connect(path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


ALL = [step.version for step in migrations.STEPS]
#: What the steps after the first add to the first store's tables (SQLite), column by column.
ADDED = {"versions": [("published_at", 0)]}
#: The tables the later steps add (step 5: the adopted plans and the follow-up forms, issue 15).
NEW_TABLES = {"baselines", "followups"}


def test_a_new_store_has_exactly_the_tables_of_the_first_store_and_the_later_columns(tmp_path):
    first_store(tmp_path / "old.sqlite")
    old = sqlite_columns(connect(tmp_path / "old.sqlite"))
    new_db = connect(tmp_path / "new.sqlite")
    assert migrations.migrate(new_db, "sqlite") == ALL
    new = sqlite_columns(new_db)
    assert new.pop("schema_version")
    assert all(new.pop(table) for table in NEW_TABLES)
    assert new == {t: cols + ADDED.get(t, []) for t, cols in old.items()}


def test_a_first_store_gets_the_later_columns_and_keeps_its_versions(tmp_path):
    path = tmp_path / "iktplan.sqlite"
    first_store(path)
    db = connect(path)
    db.execute("INSERT INTO versions VALUES (1, '2027-02-01T12:00:00+01:00', 'fp', '{}')")
    db.close()
    with Store(path) as store:  # opening migrates
        assert store.latest_version().published_at is None  # every old version is a draft
        store.set_published(1, datetime(2027, 2, 12, 9, 0, tzinfo=timezone.utc))
        assert store.last_published().number == 1


def test_postgres_has_the_same_tables_and_columns_as_sqlite_plus_the_files(tmp_path, pg_url):
    import psycopg

    db = connect(tmp_path / "s.sqlite")
    migrations.migrate(db, "sqlite")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert migrations.migrate(conn, "postgres") == ALL
        pg = pg_columns(conn)
    assert pg.pop("files") == [("sha256", 1), ("content", 1), ("size", 1)]
    # SQLite reports INTEGER PRIMARY KEY as nullable; PostgreSQL's primary keys are NOT NULL.
    lite = {t: [(c, 1 if c in ("id", "number", "key", "version") else n) for c, n in cols]
            for t, cols in sqlite_columns(db).items()}
    assert pg == lite


def test_a_store_made_before_the_migrations_is_adopted_and_keeps_its_rows(tmp_path):
    path = tmp_path / "iktplan.sqlite"
    first_store(path)
    with Store(path) as store:  # opening migrates
        assert [r.errors for r in store.submissions()] == [["feil"]]
        add = store.add_submission(received_at=datetime.now(timezone.utc), original_name="b.xlsx", sha256="bb",
                                   size=1, status="avvist", stored_path="y", errors=["x"])
        assert add.id == 2
    db = connect(path)
    assert [r[0] for r in db.execute("SELECT version FROM schema_version ORDER BY version")] == ALL
    assert migrations.migrate(db, "sqlite") == []


def test_a_store_from_a_newer_iktplan_is_refused_in_norwegian(tmp_path):
    from pipeline.errors import StoreError

    path = tmp_path / "s.sqlite"
    db = connect(path)
    migrations.migrate(db, "sqlite")
    db.execute("INSERT INTO schema_version VALUES (99, 'fremtid', 'x')")
    with pytest.raises(migrations.MigrationError, match="nyere iktplan"):
        migrations.migrate(db, "sqlite")
    db.close()
    with pytest.raises(StoreError, match="Oppdater iktplan"):
        Store(path)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_a_failing_step_leaves_the_store_as_it_was(tmp_path, request, dialect):
    bad = migrations.Step(migrations.HEAD + 1, "feiler", sqlite=("CREATE TABLE t3 (x)", "SELECT * FROM finnes_ikke"),
                          postgres=("CREATE TABLE t3 (x int)", "SELECT * FROM finnes_ikke"))
    if dialect == "sqlite":
        conn = connect(tmp_path / "s.sqlite")
    else:
        import psycopg

        conn = psycopg.connect(request.getfixturevalue("pg_url"), autocommit=True)
    migrations.migrate(conn, dialect)
    with pytest.raises(Exception, match="finnes_ikke"):
        migrations.migrate(conn, dialect, migrations.STEPS + (bad,))
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == migrations.HEAD
    if dialect == "sqlite":
        assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 't3'").fetchone()[0] == 0
    else:
        assert conn.execute("SELECT to_regclass('t3')").fetchone()[0] is None
    conn.close()


def _migrate_in_process(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return migrations.migrate(conn, "postgres")


def test_four_processes_opening_a_new_store_at_once_migrate_it_once(pg_url):
    import psycopg

    with get_context("spawn").Pool(4) as pool:
        results = pool.map(_migrate_in_process, [pg_url] * 4)
    assert sorted(results) == [[], [], [], ALL]
    with psycopg.connect(pg_url) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")] == ALL
