"""The workspace's store: an embedded SQLite database of every submission.

It records each file that arrived (unit, revision, time, content hash, original
name, status, errors) and the parsed content of the accepted ones, so a rerun
builds the combined model without reading unchanged forms again. It also keeps
the document versions.

Durability: WAL journal with ``synchronous=FULL`` — a committed transaction
survives a power cut, and a crash at any moment leaves the old or the new state.
(SQLite documents that WAL is durable only with ``FULL``: with ``NORMAL`` the
last commits may roll back after a power loss.) Every write is one
``BEGIN IMMEDIATE`` … ``COMMIT`` transaction. A full disk or a read-only store
becomes a :class:`~pipeline.errors.StoreError` with a Norwegian message.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import faults
from pipeline.errors import StoreError
from pipeline.intake import rekey
from pipeline.core.model import FormContent, Submission
from pipeline.core.submission import SubmissionStatus
from pipeline.identity import KEY_VERSION

SCHEMA_VERSION = 1
#: ``meta`` key of the :data:`pipeline.identity.KEY_VERSION` the unit keys were made with.
_UNIT_KEYS = "unit_keys"
#: ``meta`` key of what the latest version was built from (see ``Store.run_input``).
_RUN_INPUT = "run_input"

_SCHEMA = """
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
"""


@dataclass(frozen=True)
class SubmissionRecord:
    """One row of ``submissions``: a file that arrived, whatever became of it."""

    id: int
    received_at: datetime
    original_name: str
    sha256: str
    size: int
    source: str  # 'mappe' or 'epost'
    sender: str | None  # e-mail sender; None for files from the folder
    status: SubmissionStatus
    unit_key: str | None  # None: the unit could not be read
    unit_name: str | None
    revision: int | None  # None unless accepted
    duplicate_of: int | None
    stored_path: str  # relative to the workspace
    receipt_path: str | None
    errors: list[str]
    warnings: list[str]
    content_json: str | None  # None unless accepted

    @property
    def counts(self) -> dict[str, int]:
        """Items per sheet of an accepted form; empty for the others."""
        if not self.content_json:
            return {}
        return FormContent.from_dict(json.loads(self.content_json)).counts()


@dataclass(frozen=True)
class VersionRecord:
    number: int
    created_at: datetime
    fingerprint: str
    snapshot: dict[str, Any]


class Store:
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            # Only a new store needs the write lock here: a reader (``iktplan status``)
            # must not wait for a run that is in the middle of a transaction.
            if not self._has_schema():
                with self.transaction():
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    self.db.execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                    )
                    self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                    (_UNIT_KEYS, str(KEY_VERSION)))
            self._rekey_units()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Databasen {path} kan ikke åpnes ({exc}). Ta kontakt med den som drifter iktplan; "
                "innleverte skjemaer ligger trygt i .iktplan/innleveringer."
            ) from None

    def _rekey_units(self) -> None:
        """Re-key the rows of a store whose unit keys an older normaliser made
        (:data:`pipeline.identity.KEY_VERSION`), once (:func:`pipeline.intake.rekey.plan`)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (_UNIT_KEYS,)).fetchone()
        if row is not None and row[0] == str(KEY_VERSION):
            return
        with self.transaction():
            rows = self.db.execute("SELECT id, status, unit_key, unit_name, revision FROM submissions ORDER BY id")
            changes = rekey.plan(rows.fetchall())
            # Two steps, so no (unit_key, revision) pair is ever taken twice on the way.
            for row_id, key, _ in changes:
                self.db.execute("UPDATE submissions SET unit_key = ?, revision = NULL WHERE id = ?", (key, row_id))
            for row_id, _, revision in changes:
                self.db.execute("UPDATE submissions SET revision = ? WHERE id = ?", (revision, row_id))
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_UNIT_KEYS, str(KEY_VERSION)))

    def _has_schema(self) -> bool:
        row = self.db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                              "('submissions', 'versions', 'meta')").fetchone()
        return row[0] == 3

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        return _Transaction(self.db)

    # --- submissions ------------------------------------------------------------

    def add_submission(self, **fields: Any) -> SubmissionRecord:
        """Insert one submission. For an accepted one (``SubmissionStatus.ACCEPTED``) the
        revision is the unit's next number, assigned inside the same transaction."""
        fields = dict(fields)
        fields["errors_json"] = json.dumps(fields.pop("errors", []), ensure_ascii=False)
        fields["warnings_json"] = json.dumps(fields.pop("warnings", []), ensure_ascii=False)
        content: FormContent | None = fields.pop("content", None)
        if content is not None:
            fields["content_json"] = json.dumps(content.to_dict(), ensure_ascii=False)
        fields["received_at"] = fields["received_at"].isoformat()
        with self.transaction():
            if fields["status"] == SubmissionStatus.ACCEPTED:
                row = self.db.execute(
                    "SELECT COALESCE(MAX(revision), 0) FROM submissions WHERE unit_key = ?", (fields["unit_key"],)
                ).fetchone()
                fields["revision"] = row[0] + 1
            names = ", ".join(fields)
            marks = ", ".join("?" for _ in fields)
            cur = self.db.execute(f"INSERT INTO submissions ({names}) VALUES ({marks})", tuple(fields.values()))
            new_id = cur.lastrowid
        return self.submission(new_id)

    def set_receipt(self, submission_id: int, receipt_path: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE submissions SET receipt_path = ? WHERE id = ?", (receipt_path, submission_id))

    def submission(self, submission_id: int) -> SubmissionRecord:
        row = self.db.execute("SELECT * FROM submissions WHERE id = ?", (submission_id,)).fetchone()
        return _record(row)

    def submissions(self, status: SubmissionStatus | None = None) -> list[SubmissionRecord]:
        """All submissions in arrival order (``status``: only those with it; None: all)."""
        if status is None:
            rows = self.db.execute("SELECT * FROM submissions ORDER BY id")
        else:
            rows = self.db.execute("SELECT * FROM submissions WHERE status = ? ORDER BY id", (status,))
        return [_record(r) for r in rows]

    def accepted_by_hash(self, sha256: str) -> SubmissionRecord | None:
        """The accepted submission with these exact bytes, or None if there is none."""
        row = self.db.execute(
            "SELECT * FROM submissions WHERE sha256 = ? AND status = ? ORDER BY id LIMIT 1",
            (sha256, SubmissionStatus.ACCEPTED),
        ).fetchone()
        return _record(row) if row else None

    def same_arrival(self, sha256: str, inbox_name: str, mtime_ns: int) -> SubmissionRecord | None:
        """The submission recorded from this very inbox file (same name, bytes and
        modification time), or None. A run that crashed after recording a file but
        before removing it from the inbox must not record it a second time."""
        row = self.db.execute(
            "SELECT * FROM submissions WHERE sha256 = ? AND inbox_name = ? AND inbox_mtime_ns = ? LIMIT 1",
            (sha256, inbox_name, mtime_ns),
        ).fetchone()
        return _record(row) if row else None

    def latest_accepted(self) -> list[Submission]:
        """The latest accepted revision of every unit, parsed, for ``model.combine``."""
        rows = self.db.execute(
            """SELECT s.* FROM submissions s
               JOIN (SELECT unit_key, MAX(revision) AS revision FROM submissions
                     WHERE status = ? GROUP BY unit_key) latest
               USING (unit_key, revision)
               ORDER BY s.unit_key""",
            (SubmissionStatus.ACCEPTED,),
        )
        return [
            Submission(
                unit_key=r["unit_key"],
                revision=r["revision"],
                received_at=datetime.fromisoformat(r["received_at"]),
                original_name=r["original_name"],
                content=FormContent.from_dict(json.loads(r["content_json"])),
            )
            for r in rows
        ]

    def state_token(self) -> str:
        """Changes whenever a submission is added, and when the unit keys are made
        by another normaliser (rows re-keyed: see :meth:`_rekey_units`): cheap
        change detection for reruns."""
        row = self.db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM submissions").fetchone()
        return f"{row[0]}:{row[1]}:k{KEY_VERSION}"

    # --- document versions ------------------------------------------------------

    def latest_version(self) -> VersionRecord | None:
        """The newest document version, or None before the first one."""
        row = self.db.execute("SELECT * FROM versions ORDER BY number DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return VersionRecord(
            number=row["number"],
            created_at=datetime.fromisoformat(row["created_at"]),
            fingerprint=row["fingerprint"],
            snapshot=json.loads(row["snapshot_json"]),
        )

    def latest_version_number(self) -> int | None:
        """The newest version's number (None before the first), without its snapshot."""
        row = self.db.execute("SELECT MAX(number) FROM versions").fetchone()
        return row[0]

    def add_version(self, number: int, created_at: datetime, fingerprint: str, snapshot: dict[str, Any],
                    run_input: dict[str, Any] | None = None) -> None:
        """Record version *number*; *run_input* (see :meth:`set_run_input`) in the
        same transaction, so a recorded input never names a version that is not there."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO versions (number, created_at, fingerprint, snapshot_json) VALUES (?, ?, ?, ?)",
                (number, created_at.isoformat(), fingerprint, json.dumps(snapshot, ensure_ascii=False)),
            )
            if run_input is not None:
                self._put_run_input(number, run_input)

    # The input of the latest version lives in ``meta`` (one row), so stores made
    # before it was kept need no new column: they simply have none yet, and the
    # next run that builds the model records it.

    def run_input(self) -> dict[str, Any] | None:
        """What :meth:`set_run_input` recorded for the latest version, with its
        ``"version"`` number; None if nothing was recorded."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (_RUN_INPUT,)).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def set_run_input(self, number: int, run_input: dict[str, Any]) -> None:
        """Record what version *number* was built from (the build's input token
        and a summary of the model), replacing what was recorded before."""
        with self.transaction():
            self._put_run_input(number, run_input)

    def _put_run_input(self, number: int, run_input: dict[str, Any]) -> None:
        value = json.dumps({**run_input, "version": number}, ensure_ascii=False)
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_RUN_INPUT, value))


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock up front so two
    processes never interleave half-done writes. An operational failure (disk
    full, store read-only, locked past the timeout, I/O error) rolls back and
    becomes a :class:`StoreError`; a broken constraint stays an
    ``sqlite3.IntegrityError``, because it is a programming error."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _store_error(exc) from None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            faults.point("store.before-commit")
            try:
                self.db.execute("COMMIT")
            except sqlite3.OperationalError as failure:
                _rollback(self.db)
                raise _store_error(failure) from None
            faults.point("store.committed")
            return False
        _rollback(self.db)
        if isinstance(exc, sqlite3.OperationalError):
            raise _store_error(exc) from None
        return False


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite has already rolled back (e.g. after SQLITE_FULL)


def _store_error(exc: sqlite3.OperationalError) -> StoreError:
    text = str(exc).lower()
    kept = "Ingen innleverte filer er tapt; det som ikke ble ferdig, behandles neste gang iktplan kjøres."
    if "full" in text:
        reason = "disken er full. Frigjør plass og kjør på nytt"
    elif "readonly" in text or "read-only" in text:
        reason = "databasen er skrivebeskyttet. Gi skrivetilgang til mappen .iktplan og kjør på nytt"
    elif "locked" in text or "busy" in text:
        reason = "en annen prosess holder databasen låst. Vent litt og kjør på nytt"
    else:
        reason = f"{exc}. Kjør på nytt; gjentar det seg, ta kontakt med den som drifter iktplan"
    return StoreError(f"Kan ikke skrive til iktplans database: {reason}. {kept}")


def _record(row: sqlite3.Row) -> SubmissionRecord:
    return SubmissionRecord(
        id=row["id"],
        received_at=datetime.fromisoformat(row["received_at"]),
        original_name=row["original_name"],
        sha256=row["sha256"],
        size=row["size"],
        source=row["source"],
        sender=row["sender"],
        status=SubmissionStatus(row["status"]),
        unit_key=row["unit_key"],
        unit_name=row["unit_name"],
        revision=row["revision"],
        duplicate_of=row["duplicate_of"],
        stored_path=row["stored_path"],
        receipt_path=row["receipt_path"],
        errors=json.loads(row["errors_json"]),
        warnings=json.loads(row["warnings_json"]),
        content_json=row["content_json"],
    )
