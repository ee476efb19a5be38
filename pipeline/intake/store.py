"""The workspace's store: every submission, its parsed content, and the document versions.

It records each file that arrived (unit, revision, time, content hash, original
name, status, errors) and the parsed content of the accepted ones, so a rerun
builds the combined model without reading unchanged forms again. It also keeps
the document versions.

One interface, :class:`Store`, two backends:

- **SQLite** (:mod:`pipeline.intake.store_sqlite`), the embedded default:
  ``.iktplan/iktplan.sqlite`` for one secretariat on one machine;
- **PostgreSQL** (:mod:`pipeline.intake.store_postgres`), the shared store:
  ``[lager] url`` in ``strategi.toml``, for several machines and several
  municipalities in one database.

The SQL is the same in both (``?`` placeholders, named columns, ``RETURNING``,
``ON CONFLICT``); a backend supplies the connection, the transaction and what
only it can do (the cross-host lock, the bytes of the forms, the comparison
with other municipalities). The guarantees are the same: every write is one
transaction (``store.before-commit`` / ``store.committed`` are fault points in
both), a unit's revision number is assigned inside the transaction that records
it, and every database failure becomes a Norwegian :class:`StoreError` that
names the store and says what to do — never a traceback.

:func:`open_store` picks the backend from the configuration and, before a run
may write, checks the store against the workspace (:mod:`pipeline.intake.store_history`): a
store that is empty, or older than the archive or the receipts, stops the run
instead of starting over and overwriting what the politicians have read.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator

from pipeline import faults
from pipeline.core.model import FormContent
from pipeline.core.submission import SubmissionStatus
from pipeline.errors import StoreError
from pipeline.i18n import Msg, from_stored, to_stored
from pipeline.identity import KEY_VERSION
from pipeline.intake import rekey
from pipeline.intake.samarbeid import AreaScore, own_area_scores
from pipeline.intake.store_roster import RosterQueries
from pipeline.intake.store_followup import FollowUpQueries

if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.intake.store_settings import Sharing
    from pipeline.workspace import Workspace

#: ``meta`` key of the :data:`pipeline.identity.KEY_VERSION` the unit keys were made with.
_UNIT_KEYS = "unit_keys"
#: ``meta`` key of what the latest version was built from (see ``Store.run_input``).
_RUN_INPUT = "run_input"
#: ``meta`` key of a version being published (see ``Store.begin_version``).
_PENDING_VERSION = "pending_version"

KEPT_MSG = Msg("Ingen innleverte filer er tapt; det som ikke ble ferdig, behandles neste gang iktplan kjøres.")
KEPT = str(KEPT_MSG)  # bokmål, for the messages not yet swept
REBUILD = "iktplan gjenopprett-lager"
COPY = "iktplan kopier-lager"


@dataclass(frozen=True)
class SubmissionRecord:
    """One row of ``submissions``: a file that arrived, whatever became of it."""

    #: Which form: a mapping form (also a file that was no form at all). A follow-up form
    #: is a :class:`~pipeline.intake.store_followup.FollowUpRecord` («oppfolging»).
    kind: ClassVar[str] = "kartlegging"

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
    #: Messages (:class:`~pipeline.i18n.Msg`) or, from code not yet swept and from
    #: stores written before issue 14, bokmål text; ``lang.render`` shows either.
    errors: list[str | Msg]
    warnings: list[str | Msg]
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
    run_input: dict[str, Any] | None = None  # only for a pending version (see Store.begin_version)
    #: When the version was marked as the one sent to political treatment (``iktplan publiser``);
    #: None: a draft.
    published_at: datetime | None = None


class Store(RosterQueries, FollowUpQueries, ABC):
    """The store's interface; SQL shared by both backends.

    ``Store(path)`` opens the SQLite store at *path*, as it always did (like
    ``pathlib.Path`` gives a ``PosixPath``); :func:`open_store` is what the
    pipeline uses, and chooses the backend from the configuration."""

    dialect: str  # 'sqlite' or 'postgres'
    #: One line the user should see when the store opens (e.g. single-user mode on a
    #: network share); None: nothing to say.
    notice: str | None = None

    def __new__(cls, *args: Any, **kwargs: Any):
        if cls is Store:
            from pipeline.intake.store_sqlite import SqliteStore

            cls = SqliteStore
        return super().__new__(cls)

    # --- what a backend supplies ------------------------------------------------

    @property
    @abstractmethod
    def label(self) -> str:
        """How messages name the store: «databasen /sti/iktplan.sqlite», «PostgreSQL-lageret …»."""

    @property
    def label_msg(self) -> Msg | str:
        """:attr:`label` as a message, for a sentence in the workspace's language."""
        return self.label

    @property
    def title_msg(self) -> Msg | str:
        """:attr:`label_msg` at the start of a sentence («Databasen …»)."""
        return self.label[0].upper() + self.label[1:]

    @abstractmethod
    def _run(self, sql: str, params: tuple = ()) -> Any:
        """Execute one statement (``?`` placeholders); driver errors become :class:`StoreError`."""

    @abstractmethod
    def _rows(self, sql: str, params: tuple = ()) -> list[Any]:
        """All rows of a query, fetched inside the error translation (rows index by column name)."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def _before_revision(self, unit_key: str) -> None:
        """Inside the transaction, before the unit's next revision number is read."""

    def _keep_bytes(self, sha256: str, data: bytes) -> None:
        """Inside the transaction that records a submission: keep its bytes (None: on disk only)."""

    def barometer_comparison(self, min_answers: int = 3) -> list[AreaScore]:
        """This municipality's barometer per area, and the other municipalities' in the
        same store that share theirs (only if this one shares its own; named only if
        they allow it). Areas where another municipality has fewer than *min_answers*
        answers are left out for it. SQLite holds one municipality: only its own."""
        return own_area_scores(self.latest_accepted(), self.municipality_name)

    municipality_name: str = ""

    @property
    def compares(self) -> bool:
        """The store can hold other municipalities to compare with (PostgreSQL with its
        shared schema); False: :meth:`barometer_comparison` can only give the own figures."""
        return False

    def comparison_state(self) -> str:
        """Changes whenever :meth:`barometer_comparison` may give other figures from the
        other municipalities (their own part follows :meth:`state_token`): a rerun's input."""
        return ""

    def register(self, sharing: Sharing) -> None:
        """Record this municipality's consent (``[samarbeid]``) where other municipalities'
        stores can see it (PostgreSQL); SQLite holds one municipality and has no one to tell."""

    # --- plumbing -----------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        return _Transaction(self)

    @contextmanager
    def batch(self) -> Iterator[_Batch]:
        """Every write inside is one transaction, each a savepoint in it, committed
        at the end and whenever the caller asks (:meth:`_Batch.commit`); on an
        exception what is not committed yet is rolled back."""
        if getattr(self, "_savepoints", None) is not None:
            raise RuntimeError("batches do not nest")
        self._begin()
        self._savepoints = 0
        try:
            yield _Batch(self)
        except BaseException:
            self._savepoints = None
            self._rollback()
            raise
        self._savepoints = None
        _Batch(self).commit(again=False)

    def _one(self, sql: str, params: tuple = ()) -> Any | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def damaged(self, detail: Msg | str) -> StoreError:
        """The message for a store whose content cannot be read back."""
        return StoreError(Msg(
            "{store} er skadet ({detail}). Ingen innleverte skjemaer er tapt: "
            "de ligger i .iktplan/innleveringer og outbox/karantene, og dokumentene i outbox/arkiv. "
            "Legg tilbake en sikkerhetskopi av lageret, eller bygg det opp igjen med «{command}» "
            "(det skadde lageret tas vare på).",
            store=self.title_msg, detail=detail, command=REBUILD,
        ))

    # --- submissions ------------------------------------------------------------

    def add_submission(self, *, data: bytes | None = None, same_unit: tuple[str, ...] | None = None,
                       **fields: Any) -> SubmissionRecord:
        """Insert one submission. For one that counts (``SubmissionStatus.ACCEPTED``, or a held
        one given *same_unit*) the revision is the unit's next number, assigned inside the
        same transaction: one more than the unit's valid forms under the name keys
        *same_unit* (None: the form's own key; see :meth:`Roster.same_unit
        <pipeline.core.roster.Roster.same_unit>`). *data*: the submission's bytes, kept in
        the database by a backend that keeps them there (PostgreSQL; SQLite keeps them as
        files only)."""
        fields = dict(fields)
        fields["errors_json"] = json.dumps([to_stored(e) for e in fields.pop("errors", [])], ensure_ascii=False)
        fields["warnings_json"] = json.dumps([to_stored(w) for w in fields.pop("warnings", [])], ensure_ascii=False)
        content: FormContent | None = fields.pop("content", None)
        if content is not None:
            fields["content_json"] = json.dumps(content.to_dict(), ensure_ascii=False)
        fields["received_at"] = fields["received_at"].isoformat()
        with self.transaction():
            if fields["status"] == SubmissionStatus.ACCEPTED or same_unit is not None:
                keys = same_unit or (fields["unit_key"],)
                self._before_revision(keys[0])
                marks = ", ".join("?" for _ in keys)
                # Valid forms under the unit's names, held ones included: once the unit is known they
                # count (the roster numbers them in arrival order, and this is the next number).
                row = self._one(f"SELECT COUNT(*) AS n FROM submissions WHERE unit_key IN ({marks}) "
                                "AND status IN (?, ?)", (*keys, str(SubmissionStatus.ACCEPTED),
                                                         str(SubmissionStatus.HELD)))
                fields["revision"] = row["n"] + 1
            if data is not None:
                self._keep_bytes(fields["sha256"], data)
            names = ", ".join(fields)
            marks = ", ".join("?" for _ in fields)
            new_id = self._one(f"INSERT INTO submissions ({names}) VALUES ({marks}) RETURNING id",
                               tuple(fields.values()))["id"]
        return self.submission(new_id)

    def set_receipt(self, submission_id: int, receipt_path: str) -> None:
        with self.transaction():
            self._run("UPDATE submissions SET receipt_path = ? WHERE id = ?", (receipt_path, submission_id))

    def submission(self, submission_id: int) -> SubmissionRecord:
        return self._record(self._one("SELECT * FROM submissions WHERE id = ?", (submission_id,)))

    def submissions(self, status: SubmissionStatus | None = None) -> list[SubmissionRecord]:
        """All submissions in arrival order (``status``: only those with it; None: all)."""
        if status is None:
            rows = self._rows("SELECT * FROM submissions ORDER BY id")
        else:
            rows = self._rows("SELECT * FROM submissions WHERE status = ? ORDER BY id", (str(status),))
        return [self._record(r) for r in rows]

    def same_arrival(self, sha256: str, inbox_name: str, mtime_ns: int) -> SubmissionRecord | None:
        """The submission recorded from this very inbox file (same name, bytes and
        modification time), or None. A run that crashed after recording a file but
        before removing it from the inbox must not record it a second time."""
        row = self._one("SELECT * FROM submissions WHERE sha256 = ? AND inbox_name = ? AND inbox_mtime_ns = ? LIMIT 1",
                        (sha256, inbox_name, mtime_ns))
        return self._record(row) if row else None

    def state_token(self) -> str:
        """Changes whenever a submission or an action of the secretariat is added, and
        when the unit keys are made by another normaliser (rows re-keyed: see
        :meth:`_rekey_units`): cheap change detection for reruns."""
        row = self._one("SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM submissions")
        return f"{row['n']}:{row['last']}:k{KEY_VERSION}:{self.actions_token()}"

    def _rekey_units(self) -> None:
        """Re-key the rows of a store whose unit keys an older normaliser made
        (:data:`pipeline.identity.KEY_VERSION`), once (:func:`pipeline.intake.rekey.plan`).
        Each backend calls it when it opens."""
        row = self._one("SELECT value FROM meta WHERE key = ?", (_UNIT_KEYS,))
        if row is not None and row["value"] == str(KEY_VERSION):
            return
        with self.transaction():
            changes = rekey.plan(self._rows("SELECT id, status, unit_key, unit_name, revision FROM submissions "
                                            "ORDER BY id"))
            # Two steps, so no (unit_key, revision) pair is ever taken twice on the way.
            for row_id, key, _ in changes:
                self._run("UPDATE submissions SET unit_key = ?, revision = NULL WHERE id = ?", (key, row_id))
            for row_id, _, revision in changes:
                self._run("UPDATE submissions SET revision = ? WHERE id = ?", (revision, row_id))
            self._put_raw_meta(_UNIT_KEYS, str(KEY_VERSION))

    def last_submission_id(self) -> int:
        """The highest submission number (0: none yet)."""
        return self._one("SELECT COALESCE(MAX(id), 0) AS last FROM submissions")["last"]

    def restore(self, submissions: list[dict[str, Any]], versions: list[VersionRecord],
                files: dict[str, bytes], meta: list[tuple[str, str]] = (),
                check: Callable[[], None] | None = None, actions: list[dict[str, Any]] = (),
                baselines: list[dict[str, Any]] = (), followups: list[dict[str, Any]] = ()) -> None:
        """Fill an empty store with rows as they were (their numbers and revisions kept),
        in one transaction: :mod:`~pipeline.intake.rebuild` and the copy from SQLite
        to PostgreSQL. *submissions*, *baselines* and *followups*: the tables' columns;
        *files*: bytes by SHA-256 (kept by a backend that keeps bytes); *actions*: the
        secretariat's actions, the table's columns; *check* runs before the commit, and
        anything it raises rolls everything back."""
        with self.transaction():
            counts = self._one("SELECT (SELECT COUNT(*) FROM submissions) AS s, (SELECT COUNT(*) FROM versions) AS v")
            if counts["s"] or counts["v"]:
                raise StoreError(Msg(
                    "{store} er ikke tomt ({submissions} innleveringer, {versions} dokumentversjoner), og "
                    "iktplan fyller bare et tomt lager. Ingenting er endret.",
                    store=self.title_msg, submissions=int(counts["s"]), versions=int(counts["v"])))
            for row in submissions:
                names = ", ".join(row)
                self._run(f"INSERT INTO submissions ({names}) VALUES ({', '.join('?' for _ in row)})",
                          tuple(row.values()))
            for row in actions:
                self._run(f"INSERT INTO actions ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                          tuple(row.values()))
            for v in versions:
                self._run("INSERT INTO versions (number, created_at, fingerprint, snapshot_json, published_at) "
                          "VALUES (?, ?, ?, ?, ?)",
                          (v.number, v.created_at.isoformat(), v.fingerprint, json.dumps(v.snapshot, ensure_ascii=False),
                           v.published_at.isoformat() if v.published_at else None))
            for table, rows in (("baselines", baselines), ("followups", followups)):
                for row in rows:
                    self._run(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                              tuple(row.values()))
            for key, value in meta:
                self._put_raw_meta(key, value)
            for sha, data in files.items():
                self._keep_bytes(sha, data)
            self._after_restore()
            if check is not None:
                check()

    def _after_restore(self) -> None:
        """Inside :meth:`restore`, after the rows: what the backend must adjust (PostgreSQL's id sequence)."""

    def export(self) -> dict[str, list[tuple]]:
        """Every row of the store's tables as plain values, in key order: for comparing two
        stores (a copy, a rebuild) column by column."""
        queries = {"submissions": "SELECT * FROM submissions ORDER BY id",
                   "versions": "SELECT * FROM versions ORDER BY number",
                   "actions": "SELECT * FROM actions ORDER BY id",
                   "baselines": "SELECT * FROM baselines ORDER BY number",
                   "followups": "SELECT * FROM followups ORDER BY id",
                   "meta": "SELECT * FROM meta WHERE key <> 'schema_version' ORDER BY key"}
        return {name: [tuple(r[k] for k in r.keys()) for r in self._rows(sql)] for name, sql in queries.items()}

    # --- document versions ------------------------------------------------------

    def latest_version(self) -> VersionRecord | None:
        """The newest document version, or None before the first one."""
        row = self._one("SELECT * FROM versions ORDER BY number DESC LIMIT 1")
        return None if row is None else self._version(row)

    def version(self, number: int) -> VersionRecord | None:
        """Document version *number*; None: there is no such version."""
        row = self._one("SELECT * FROM versions WHERE number = ?", (number,))
        return None if row is None else self._version(row)

    def _version(self, row: Any) -> VersionRecord:
        try:
            published = row["published_at"]
            return VersionRecord(
                number=row["number"],
                created_at=datetime.fromisoformat(row["created_at"]),
                fingerprint=row["fingerprint"],
                snapshot=json.loads(row["snapshot_json"]),
                published_at=datetime.fromisoformat(published) if published else None,
            )
        except (ValueError, TypeError) as exc:
            raise self.damaged(Msg("dokumentversjon {number} kan ikke leses: {detail}", number=row["number"],
                                   detail=type(exc).__name__)) from exc

    def last_published(self, before: int | None = None) -> VersionRecord | None:
        """The newest version marked as sent to political treatment (below *before*,
        when given); None: no version has been sent."""
        if before is None:
            row = self._one("SELECT * FROM versions WHERE published_at IS NOT NULL ORDER BY number DESC LIMIT 1")
        else:
            row = self._one("SELECT * FROM versions WHERE published_at IS NOT NULL AND number < ? "
                            "ORDER BY number DESC LIMIT 1", (before,))
        return None if row is None else self._version(row)

    def published(self) -> list[tuple[int, datetime]]:
        """Every version sent to political treatment, oldest first: (number, when it was marked)."""
        return [(r["number"], datetime.fromisoformat(r["published_at"]))
                for r in self._rows("SELECT number, published_at FROM versions WHERE published_at IS NOT NULL "
                                    "ORDER BY number")]

    def set_published(self, number: int, at: datetime | None, *, stale: int | None = None) -> None:
        """Mark version *number* as sent to political treatment at *at* (None: take
        the mark away: a draft again). *stale*: a later version whose documents
        compared with this one, to be made again by the next run (its fingerprint
        and the recorded run input are forgotten). The version must exist."""
        with self.transaction():
            if self._one("SELECT number FROM versions WHERE number = ?", (number,)) is None:
                raise StoreError(Msg("Versjon {number} finnes ikke i lageret.", number=int(number)))
            self._run("UPDATE versions SET published_at = ? WHERE number = ?",
                      (at.isoformat() if at else None, number))
            if stale is not None:
                self._run("UPDATE versions SET fingerprint = '' WHERE number = ?", (stale,))
                self._run("DELETE FROM meta WHERE key = ?", (_RUN_INPUT,))

    def latest_version_number(self) -> int | None:
        """The newest version's number (None before the first), without its snapshot."""
        return self._one("SELECT MAX(number) AS n FROM versions")["n"]

    def add_version(self, number: int, created_at: datetime, fingerprint: str, snapshot: dict[str, Any],
                    run_input: dict[str, Any] | None = None) -> None:
        """Record version *number*; *run_input* (see :meth:`set_run_input`) in the
        same transaction, so a recorded input never names a version that is not there.
        A pending version (:meth:`begin_version`) of this number is done with."""
        with self.transaction():
            self._run("INSERT INTO versions (number, created_at, fingerprint, snapshot_json) VALUES (?, ?, ?, ?)",
                      (number, created_at.isoformat(), fingerprint, json.dumps(snapshot, ensure_ascii=False)))
            if run_input is not None:
                self._put_meta(_RUN_INPUT, {**run_input, "version": number})
            self._run("DELETE FROM meta WHERE key = ?", (_PENDING_VERSION,))

    def begin_version(self, number: int, created_at: datetime, fingerprint: str, snapshot: dict[str, Any],
                      run_input: dict[str, Any] | None) -> None:
        """Say, before a single file of version *number* is archived, what it is: a run
        killed while publishing leaves an archive the store does not know yet, and
        the next run finishes it (:meth:`pending_version`) instead of taking it for
        a store that has forgotten its versions."""
        with self.transaction():
            self._put_meta(_PENDING_VERSION, {"number": number, "created_at": created_at.isoformat(),
                                              "fingerprint": fingerprint, "snapshot": snapshot,
                                              "run_input": run_input})

    def pending_version(self) -> VersionRecord | None:
        """The version :meth:`begin_version` announced and :meth:`add_version` has not
        recorded (a run was killed while publishing it); None: there is none."""
        value = self._meta(_PENDING_VERSION)
        if value is None:
            return None
        try:
            return VersionRecord(value["number"], datetime.fromisoformat(value["created_at"]), value["fingerprint"],
                                 value["snapshot"], value.get("run_input"))
        except (KeyError, TypeError, ValueError) as exc:
            raise self.damaged(Msg("versjonen under publisering kan ikke leses: {detail}",
                                   detail=type(exc).__name__)) from exc

    # The input of the latest version lives in ``meta`` (one row), so stores made
    # before it was kept need no new column: they simply have none yet, and the
    # next run that builds the model records it.

    def run_input(self) -> dict[str, Any] | None:
        """What :meth:`set_run_input` recorded for the latest version, with its
        ``"version"`` number; None if nothing was recorded."""
        return self._meta(_RUN_INPUT)

    def set_run_input(self, number: int, run_input: dict[str, Any]) -> None:
        """Record what version *number* was built from (the build's input token
        and a summary of the model), replacing what was recorded before."""
        with self.transaction():
            self._put_meta(_RUN_INPUT, {**run_input, "version": number})

    def _meta(self, key: str) -> dict[str, Any] | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        if row is None:
            return None
        try:
            value = json.loads(row["value"])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def _put_meta(self, key: str, value: dict[str, Any]) -> None:
        self._put_raw_meta(key, json.dumps(value, ensure_ascii=False))

    def _put_raw_meta(self, key: str, value: str) -> None:
        self._run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                  (key, value))

    def _record(self, row: Any) -> SubmissionRecord:
        try:
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
                errors=[from_stored(e) for e in json.loads(row["errors_json"])],
                warnings=[from_stored(w) for w in json.loads(row["warnings_json"])],
                content_json=row["content_json"],
            )
        except (ValueError, TypeError) as exc:
            raise self.damaged(Msg("en innlevering kan ikke leses: {detail}", detail=type(exc).__name__)) from exc


class _Batch:
    """An open batch of writes (:meth:`Store.batch`)."""

    def __init__(self, store: Store):
        self.store = store

    def commit(self, *, again: bool = True) -> None:
        """Commit what was written so far (the fault points of any commit), and go on in a new transaction."""
        _commit(self.store)
        if again:
            self.store._begin()


class _Transaction:
    """One write: begin, the statements, commit — or roll back and leave the old
    state. The backend's ``_begin`` takes the write lock up front (SQLite:
    ``BEGIN IMMEDIATE``), so two processes never interleave half-done writes. A
    failure inside is already a :class:`StoreError` (the backend translates it)."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> None:
        depth = getattr(self.store, "_savepoints", None)
        self.savepoint = None
        if depth is not None:  # inside a batch: a savepoint, so a failed write leaves the others
            self.savepoint = f"iktplan_{depth}"
            self.store._savepoints = depth + 1
            self.store._run(f"SAVEPOINT {self.savepoint}")
            return
        self.store._begin()

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self.savepoint is not None:
            self.store._savepoints -= 1
            if exc_type is None:
                self.store._run(f"RELEASE SAVEPOINT {self.savepoint}")
            else:
                try:
                    self.store._run(f"ROLLBACK TO SAVEPOINT {self.savepoint}")
                    self.store._run(f"RELEASE SAVEPOINT {self.savepoint}")
                except StoreError:
                    pass  # the backend rolled the whole transaction back; the batch fails with the exception
            return False
        if exc_type is None:
            _commit(self.store)
            return False
        self.store._rollback()
        return False


def _commit(store: Store) -> None:
    """Commit *store*'s open transaction between its two fault points; roll back if it fails."""
    faults.point("store.before-commit")
    try:
        store._commit()
    except BaseException:
        store._rollback()
        raise
    faults.point("store.committed")


def open_store(ws: Workspace, config: Config | None = None, *, lock: bool = False, check: bool = True) -> Store:
    """The workspace's store, from ``[lager]`` in *config* (None: read the workspace's).

    *lock*: this process will write (a run): on PostgreSQL take the workspace's lock
    in the database, so no other machine runs at the same time (the caller holds
    the file lock, :class:`~pipeline.fileio.WorkspaceLock`, for this machine).
    *check*: stop if the store does not match the archive or the receipts (:mod:`~pipeline.intake.store_history`)."""
    from pipeline.intake.store_settings import store_settings

    config = config if config is not None else ws.config()
    settings = store_settings(config)
    if settings.url is not None:
        from pipeline.intake.store_postgres import PostgresStore

        store: Store = PostgresStore(settings, municipality=config.municipality, lock=lock)
    else:
        from pipeline.intake.store_sqlite import open_sqlite

        store = open_sqlite(ws, lock=lock)
        store.municipality_name = config.municipality
    try:
        if check:
            from pipeline.intake.store_history import check_history

            check_history(ws, store)
        if lock:
            store.register(settings.sharing)
    except BaseException:
        store.close()
        raise
    return store
