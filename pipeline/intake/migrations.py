"""The store's schema as a small, versioned list of steps, in SQLite's and PostgreSQL's dialects.

A store records the steps it has had in ``schema_version``. :func:`migrate` runs
the missing ones, and records them, in ONE transaction: a store is at the old
version or the new one, never between (both SQLite and PostgreSQL roll back
DDL). Two processes (or hosts) opening an old store at once: the first migrates,
the second waits for its lock (SQLite ``BEGIN IMMEDIATE``, PostgreSQL an
advisory transaction lock per schema) and then finds nothing left to do. Stores
made before this table existed (``meta.schema_version = '1'``) are adopted as
version 1 without running anything; a store from a newer iktplan is refused.

Why a list and not Alembic (the well-known tool; measured for issue 19):

- Alembic's value is autogenerate from SQLAlchemy models; the store has none — it is
  hand SQL on ``sqlite3`` and psycopg. ``pip install alembic`` brings SQLAlchemy
  (29 MB), Mako and MarkupSafe for a job of ~100 lines.
- It wants a SQLAlchemy connection: it cannot run inside our ``BEGIN IMMEDIATE``
  or on the psycopg connection that holds the workspace's advisory lock, so it
  would open a second connection to the same store just to migrate.
- It is built for a developer typing ``alembic upgrade head`` (``alembic.ini``,
  ``env.py``, a script folder); iktplan must migrate by itself when a
  non-programmer's run opens an old store.
- It does not copy data between databases, so the SQLite → PostgreSQL copy
  (:mod:`pipeline.intake.store_copy`) is ours either way; downgrades are not needed.

What the list costs: SQLite's table-rebuild dance is ours the day a column changes
type, and the two dialects of a step must be kept in step —
``tests/intake/test_migrations.py`` compares both dialects' columns, and the
oldest store format against a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from pipeline.i18n import Msg

#: Class (first key) of the advisory lock that serialises migrations of one schema (PostgreSQL).
MIGRATION_LOCK_CLASS = 0x1C8


class MigrationError(RuntimeError):
    """The store cannot be brought to this iktplan's schema (``args[0]``: the message, for the user)."""


@dataclass(frozen=True)
class Step:
    version: int
    what: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


_SUBMISSION_COLUMNS = """
    received_at   {text} NOT NULL,
    original_name {text} NOT NULL,
    sha256        {text} NOT NULL,
    size          {bigint} NOT NULL,
    source        {text} NOT NULL DEFAULT 'mappe',
    sender        {text},
    status        {text} NOT NULL CHECK (status IN ({statuses})),
    unit_key      {text},
    unit_name     {text},
    revision      INTEGER,
    duplicate_of  {bigint} REFERENCES submissions(id),
    stored_path   {text} NOT NULL,
    receipt_path  {text},
    inbox_name    {text},
    inbox_mtime_ns {bigint},
    errors_json   {text} NOT NULL DEFAULT '[]',
    warnings_json {text} NOT NULL DEFAULT '[]',
    content_json  {text}{unique}
"""
_STATUSES_1 = "'godkjent', 'avvist', 'duplikat'"
_STATUSES_4 = "'godkjent', 'avvist', 'duplikat', 'holdt'"
_UNIQUE_1 = ",\n    UNIQUE (unit_key, revision)"
_COLUMN_NAMES = ("id, received_at, original_name, sha256, size, source, sender, status, unit_key, unit_name, revision, "
                 "duplicate_of, stored_path, receipt_path, inbox_name, inbox_mtime_ns, errors_json, warnings_json, "
                 "content_json")

# The secretariat's judgements (pipeline.core.roster.Action): one row each, never changed
# or deleted; an undo is a row of its own. Names, not keys: a key is computed when read,
# so a new normaliser (identity.KEY_VERSION) needs no re-keying here.
_ACTION_COLUMNS = """
    at            {text} NOT NULL,
    kind          {text} NOT NULL CHECK (kind IN ('trekk-tilbake', 'koble', 'godta', 'angre')),
    reason        {text} NOT NULL,
    submission_id {bigint} REFERENCES submissions(id),
    unit_name     {text},
    target_name   {text},
    undoes        {bigint} REFERENCES actions(id)
"""

#: One adoption of the plan by the kommunestyre: the frozen plan (pipeline.core.baseline) as JSON.
_BASELINE_COLUMNS = """
    number        INTEGER PRIMARY KEY,
    version       INTEGER NOT NULL REFERENCES versions(number),
    adopted_on    {text} NOT NULL,
    case_ref      {text},
    first_year    INTEGER NOT NULL,
    recorded_at   {text} NOT NULL,
    baseline_json {text} NOT NULL
"""

#: A follow-up form that arrived: the submissions' columns, with its year and the baseline
#: it was checked against; revisions are numbered per unit and year.
_FOLLOWUP_COLUMNS = """
    received_at   {text} NOT NULL,
    original_name {text} NOT NULL,
    sha256        {text} NOT NULL,
    size          {bigint} NOT NULL,
    source        {text} NOT NULL DEFAULT 'mappe',
    sender        {text},
    status        {text} NOT NULL CHECK (status IN ('godkjent', 'avvist', 'duplikat')),
    unit_key      {text},
    unit_name     {text},
    year          INTEGER,
    baseline      INTEGER REFERENCES baselines(number),
    revision      INTEGER,
    duplicate_of  {bigint} REFERENCES followups(id),
    stored_path   {text} NOT NULL,
    receipt_path  {text},
    inbox_name    {text},
    inbox_mtime_ns {bigint},
    errors_json   {text} NOT NULL DEFAULT '[]',
    warnings_json {text} NOT NULL DEFAULT '[]',
    content_json  {text},
    UNIQUE (unit_key, year, revision)
"""

STEPS: tuple[Step, ...] = (
    Step(
        1, "innleveringer, dokumentversjoner og meta",
        sqlite=(
            "CREATE TABLE submissions (id INTEGER PRIMARY KEY,"
            + _SUBMISSION_COLUMNS.format(text="TEXT", bigint="INTEGER", statuses=_STATUSES_1, unique=_UNIQUE_1) + ")",
            "CREATE INDEX submissions_sha ON submissions (sha256)",
            "CREATE TABLE versions (number INTEGER PRIMARY KEY, created_at TEXT NOT NULL, "
            "fingerprint TEXT NOT NULL, snapshot_json TEXT NOT NULL)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ),
        postgres=(
            # BY DEFAULT, not ALWAYS: the copy from SQLite keeps every submission's number.
            "CREATE TABLE submissions (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
            + _SUBMISSION_COLUMNS.format(text="text", bigint="bigint", statuses=_STATUSES_1, unique=_UNIQUE_1) + ")",
            "CREATE INDEX submissions_sha ON submissions (sha256)",
            "CREATE TABLE versions (number integer PRIMARY KEY, created_at text NOT NULL, "
            "fingerprint text NOT NULL, snapshot_json text NOT NULL)",
            "CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)",
        ),
    ),
    Step(
        2, "innleverte filer i databasen (PostgreSQL: flere maskiner deler lageret)",
        # SQLite keeps the bytes as files in .iktplan/innleveringer: one host, and a person can open them.
        sqlite=(),
        postgres=(
            "CREATE TABLE files (sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'), "
            "content bytea NOT NULL, size bigint NOT NULL)",
            # xlsx is already a zip: don't spend CPU on compressing it again (TOAST pglz).
            "ALTER TABLE files ALTER COLUMN content SET STORAGE EXTERNAL",
        ),
    ),
    Step(
        3, "når en dokumentversjon ble sendt til politisk behandling (iktplan publiser)",
        # NULL: a draft. A column, not a table: a version is sent or it is not, and
        # the copy and the rebuild carry it with the version's row.
        sqlite=("ALTER TABLE versions ADD COLUMN published_at TEXT",),
        postgres=("ALTER TABLE versions ADD COLUMN published_at text",),
    ),
    Step(
        4, "skjemaer som venter på sekretariatet, og sekretariatets handlinger",
        # A held form (status 'holdt'). Revisions are numbered by the roster in arrival order
        # (pipeline.core.roster): a mapping can make two names one unit, and an undo part them
        # again, so (unit_key, revision) is no longer unique; the unit's lock in the transaction
        # that records a revision stays (SQLite BEGIN IMMEDIATE, PostgreSQL the advisory lock).
        # SQLite changes a CHECK constraint only by building the table anew (sqlite.org/lang_altertable.html,
        # «Making Other Kinds Of Table Schema Changes»); migrate() turns foreign keys off around it.
        sqlite=(
            "CREATE TABLE submissions_ny (id INTEGER PRIMARY KEY,"
            + _SUBMISSION_COLUMNS.format(text="TEXT", bigint="INTEGER", statuses=_STATUSES_4, unique="") + ")",
            f"INSERT INTO submissions_ny ({_COLUMN_NAMES}) SELECT {_COLUMN_NAMES} FROM submissions",
            "DROP TABLE submissions",
            "ALTER TABLE submissions_ny RENAME TO submissions",
            "CREATE INDEX submissions_sha ON submissions (sha256)",
            "CREATE INDEX submissions_unit ON submissions (unit_key)",
            "CREATE TABLE actions (id INTEGER PRIMARY KEY," + _ACTION_COLUMNS.format(text="TEXT", bigint="INTEGER") + ")",
        ),
        postgres=(
            "ALTER TABLE submissions DROP CONSTRAINT IF EXISTS submissions_status_check",
            f"ALTER TABLE submissions ADD CONSTRAINT submissions_status_check CHECK (status IN ({_STATUSES_4}))",
            "ALTER TABLE submissions DROP CONSTRAINT IF EXISTS submissions_unit_key_revision_key",
            "CREATE INDEX submissions_unit ON submissions (unit_key)",
            "CREATE TABLE actions (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
            + _ACTION_COLUMNS.format(text="text", bigint="bigint") + ")",
        ),
    ),
    Step(
        5, "vedtatte planer (iktplan vedta) og oppfølgingsskjemaer",
        # A table of their own, not rows in submissions: a follow-up form is numbered per unit
        # AND year, and the mapping form's model, revisions and status never see it.
        sqlite=(
            "CREATE TABLE baselines (" + _BASELINE_COLUMNS.format(text="TEXT") + ")",
            "CREATE TABLE followups (id INTEGER PRIMARY KEY,"
            + _FOLLOWUP_COLUMNS.format(text="TEXT", bigint="INTEGER") + ")",
            "CREATE INDEX followups_sha ON followups (sha256)",
        ),
        postgres=(
            "CREATE TABLE baselines (" + _BASELINE_COLUMNS.format(text="text") + ")",
            "CREATE TABLE followups (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
            + _FOLLOWUP_COLUMNS.format(text="text", bigint="bigint") + ")",
            "CREATE INDEX followups_sha ON followups (sha256)",
        ),
    ),
)

HEAD = STEPS[-1].version


def migrate(conn, dialect: str, steps: tuple[Step, ...] | None = None) -> list[int]:
    """Bring the store on *conn* to the last of *steps* (None: :data:`STEPS`); return the
    versions applied (empty: none needed).

    *conn*: an ``sqlite3`` connection with ``isolation_level=None``, or a psycopg
    connection in autocommit mode whose ``search_path`` names the municipality's schema."""
    steps = STEPS if steps is None else steps
    if dialect not in ("sqlite", "postgres"):
        raise ValueError(dialect)
    mark = "?" if dialect == "sqlite" else "%s"
    foreign_keys = None
    if dialect == "sqlite":
        # A step that builds a table anew drops the old one; with foreign keys on, that would
        # check (and fail on) the rows that point at it. Off only here, and checked before the commit.
        foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("BEGIN IMMEDIATE")
    else:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (MIGRATION_LOCK_CLASS,))
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                     "what TEXT NOT NULL, applied_at TEXT NOT NULL)")
        current = _current(conn, dialect, mark, steps)
        head = steps[-1].version
        if current > head:
            raise MigrationError(Msg(
                "Lageret er laget av en nyere iktplan (skjemaversjon {current}; denne kjenner bare til {head}). "
                "Oppdater iktplan på denne maskinen før du kjører. Ingenting er endret.",
                current=int(current), head=int(head)))
        applied = []
        for step in (s for s in steps if s.version > current):
            for statement in getattr(step, dialect):
                conn.execute(statement)
            conn.execute(f"INSERT INTO schema_version (version, what, applied_at) VALUES ({mark}, {mark}, {mark})",
                         (step.version, step.what, datetime.now(timezone.utc).isoformat()))
            applied.append(step.version)
        if dialect == "sqlite" and applied and conn.execute("PRAGMA foreign_key_check").fetchall():
            raise MigrationError(Msg("Lageret har innleveringer som viser til innleveringer som ikke finnes, og kan "
                                     "ikke oppgraderes. Ingenting er endret. Bygg det opp igjen med «iktplan "
                                     "gjenopprett-lager»."))
        conn.execute("COMMIT")
        return applied
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - the connection may be gone; the original error says why
            pass
        raise
    finally:
        if foreign_keys is not None:
            try:
                conn.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            except Exception:  # noqa: BLE001 - a closed connection has no setting to restore
                pass


def current_version(conn, dialect: str) -> int:
    """The store's schema version without changing anything (0: no schema yet)."""
    if not _has_table(conn, dialect, "schema_version"):
        if _has_table(conn, dialect, "meta"):
            mark = "?" if dialect == "sqlite" else "%s"
            row = conn.execute(f"SELECT value FROM meta WHERE key = {mark}", ("schema_version",)).fetchone()
            return int(row[0]) if row else 0
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]


def _current(conn, dialect: str, mark: str, steps: tuple[Step, ...]) -> int:
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    if row[0] is not None:
        return row[0]
    # A store from before schema_version: the first iktplan wrote meta.schema_version = '1'.
    if _has_table(conn, dialect, "meta"):
        legacy = conn.execute(f"SELECT value FROM meta WHERE key = {mark}", ("schema_version",)).fetchone()
        if legacy is not None:
            version = int(legacy[0])
            for step in (s for s in steps if s.version <= version):
                conn.execute(f"INSERT INTO schema_version (version, what, applied_at) VALUES ({mark}, {mark}, {mark})",
                             (step.version, step.what + " (overtatt fra eldre lager)", "før versjonering"))
            return version
    return 0


def _has_table(conn, dialect: str, name: str) -> bool:
    if dialect == "sqlite":
        row = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    else:
        row = conn.execute("SELECT COUNT(*) FROM information_schema.tables "
                           "WHERE table_schema = current_schema() AND table_name = %s", (name,)).fetchone()
    return row[0] > 0
