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


#: Every step, in order: 3 published_at (issue 13), 4 held forms and the secretariat's actions
#: (issue 12), 5 the adopted plans and the follow-up forms (issue 15).
ALL = [1, 2, 3, 4, 5]
#: What the steps after the first add to the first store's tables (SQLite), column by column.
ADDED = {"versions": [("published_at", 0)]}
#: The tables step 5 adds (the adopted plans and the follow-up forms, issue 15).
NEW_TABLES = {"baselines", "followups"}


def test_the_steps_are_numbered_one_to_the_last_without_a_gap():
    assert [step.version for step in migrations.STEPS] == ALL == list(range(1, migrations.HEAD + 1))


def test_a_new_store_has_the_tables_of_the_first_store_the_later_columns_and_the_secretariats_actions(tmp_path):
    first_store(tmp_path / "old.sqlite")
    old = sqlite_columns(connect(tmp_path / "old.sqlite"))
    new_db = connect(tmp_path / "new.sqlite")
    assert migrations.migrate(new_db, "sqlite") == ALL
    new = sqlite_columns(new_db)
    assert new.pop("schema_version")
    assert [c for c, _ in new.pop("actions")] == ["id", "at", "kind", "reason", "submission_id", "unit_name",
                                                  "target_name", "undoes"]
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


# --- step 4: held forms and the secretariat's actions, in a store made by the previous iktplan --------


def _store_before_step_4(dialect: str, tmp_path, request):
    """A store as the iktplan before held forms made it (steps 1 to 3), with an accepted
    form, a duplicate pointing at it and a rejection; returns (store opened now, raw connection)."""
    from support.stores import open_test_store

    if dialect == "sqlite":
        raw = connect(tmp_path / "db.sqlite")
        raw.execute("PRAGMA foreign_keys=ON")
        mark, url = "?", "sqlite"
    else:
        import psycopg

        from pipeline.intake.samarbeid import schema_for

        url = request.getfixturevalue("pg_url")
        raw = psycopg.connect(url, autocommit=True)
        schema = schema_for("Fjordvik kommune")  # where the store for «Fjordvik kommune» looks
        raw.execute(f'CREATE SCHEMA "{schema}"')
        raw.execute(f'SET search_path TO "{schema}"')
        mark = "%s"
    assert migrations.migrate(raw, dialect, migrations.STEPS[:3]) == [1, 2, 3]
    # As that iktplan wrote them: the store numbers the submissions.
    insert = ("INSERT INTO submissions (received_at, original_name, sha256, size, status, unit_key, unit_name, "
              f"revision, duplicate_of, stored_path) VALUES ({', '.join([mark] * 10)})")
    raw.execute(insert, ("2027-03-01T12:00:00+01:00", "a.xlsx", "aa", 1, "godkjent", "teknisk drift",
                         "Teknisk drift", 1, None, "x"))
    raw.execute(insert, ("2027-03-02T12:00:00+01:00", "a.xlsx", "aa", 1, "duplikat", "teknisk drift",
                         "Teknisk drift", None, 1, "x"))
    raw.execute(insert, ("2027-03-03T12:00:00+01:00", "b.xlsx", "bb", 1, "avvist", None, None, None, None, "y"))
    with pytest.raises(Exception, match="(?i)check"):
        raw.execute(insert, ("2027-03-04T12:00:00+01:00", "c.xlsx", "cc", 1, "holdt", "x", "X", None, None, "z"))
    return open_test_store(url, tmp_path), raw


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_a_store_from_before_held_forms_migrates_and_keeps_every_row(tmp_path, request, dialect):
    from pipeline.core.roster import ActionKind
    from pipeline.core.submission import SubmissionStatus

    store, raw = _store_before_step_4(dialect, tmp_path, request)
    with store:
        assert [(r.id, r.status, r.revision, r.duplicate_of) for r in store.submissions()] == [
            (1, "godkjent", 1, None), (2, "duplikat", None, 1), (3, "avvist", None, None)]
        held = store.add_submission(received_at=datetime.now(timezone.utc), original_name="c.xlsx", sha256="cc",
                                    size=1, status=SubmissionStatus.HELD, unit_key="teknisk drit",
                                    unit_name="Teknisk drit", stored_path="z")
        assert (held.status, held.revision) == ("holdt", None) and held.id > 3
        action = store.add_action(ActionKind.MAP, "skrivefeil", datetime.now(timezone.utc), name="Teknisk drit",
                                  target="Teknisk drift")
        assert [a.id for a in store.actions()] == [action.id] == [1]
        # Mapped, the held form is the unit's revision 2, and its next form revision 3.
        roster = store.roster()
        assert [(p.id, p.key, p.revision) for p in roster.placements] == [(1, "teknisk drift", 1),
                                                                          (held.id, "teknisk drift", 2)]
        third = store.add_submission(received_at=datetime.now(timezone.utc), original_name="d.xlsx", sha256="dd",
                                     size=1, status=SubmissionStatus.ACCEPTED, unit_key="teknisk drift",
                                     unit_name="Teknisk drift", stored_path="w",
                                     same_unit=roster.same_unit("Teknisk drift"))
        assert third.revision == 3
    # Foreign keys still hold: a duplicate must point at a submission that exists.
    with pytest.raises(Exception, match="(?i)foreign"):
        raw.execute("UPDATE submissions SET duplicate_of = 99 WHERE id = 2")
    raw.close()


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_an_action_names_only_a_submission_that_exists(tmp_path, request, dialect):
    from pipeline.core.roster import ActionKind
    from pipeline.errors import StoreError

    store, raw = _store_before_step_4(dialect, tmp_path, request)
    raw.close()
    with store, pytest.raises(StoreError):
        store.add_action(ActionKind.WITHDRAW, "feil", datetime.now(timezone.utc), submission=42)
