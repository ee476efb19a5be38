"""The embedded store: SQLite in ``.iktplan/iktplan.sqlite``, for one secretariat on one machine.

Durability: on a local disk, WAL journal with ``synchronous=FULL`` — a committed
transaction survives a power cut, and a crash at any moment leaves the old or the
new state. (SQLite documents that WAL is durable only with ``FULL``: with
``NORMAL`` the last commits may roll back after a power loss.) Every write is one
``BEGIN IMMEDIATE`` … ``COMMIT`` transaction.

Where the store lives decides how it is opened (:func:`decide`, from
:mod:`pipeline.intake.netfs`), because SQLite's WAL needs shared memory on one
host and «does not work over a network filesystem» (sqlite.org/wal.html):

- a local disk: WAL, as above;
- a network share whose locks reach the file server (SMB without ``nobrl``, NFS
  with locking, a Windows network drive or UNC path): *enbrukermodus* — rollback
  journal, ``locking_mode=EXCLUSIVE``, ``synchronous=FULL``, the mode
  sqlite.org/useovernet.html says SQLite supports there: one machine and one
  iktplan command at a time. A run says so in one line; ``iktplan status``
  answers «en kjøring pågår» instead of waiting while a run holds the store;
- a share whose locks stay on this machine (cifs ``nobrl``, nfs ``nolock``,
  sshfs and other FUSE, WSL and VM shared folders): refused, with what to do.

A new store is made under a temporary name and linked into place only when its
schema is committed, so an ``iktplan.sqlite`` of 0 bytes is never one of ours
half-made: it is a store that was emptied (an interrupted copy, a sync
conflict), and it stops the run instead of silently starting over.
"""

from __future__ import annotations

import os
import sqlite3
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import LockedError, StoreError
from pipeline.fileio import WorkspaceLock, fsync_dir
from pipeline.intake import migrations, netfs
from pipeline.i18n import Msg
from pipeline.intake.store import KEPT_MSG, REBUILD, Store

if TYPE_CHECKING:
    from pipeline.workspace import Workspace

#: In this order: EXCLUSIVE before the first access, so a store left in WAL mode is
#: opened without the shared-memory wal-index (sqlite.org/wal.html, «Use of WAL
#: Without Shared-Memory»), and then turned into a rollback-journal store.
PRAGMAS = {
    "wal": ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"),
    "eksklusiv": ("PRAGMA locking_mode=EXCLUSIVE", "PRAGMA journal_mode=DELETE", "PRAGMA synchronous=FULL",
                  "PRAGMA foreign_keys=ON"),
}

_PG_HINT = "Skal flere maskiner arbeide i samme lager samtidig, bruk PostgreSQL: sett url under [lager] i strategi.toml."


@dataclass(frozen=True)
class Decision:
    mode: str  # "wal", "eksklusiv" or "nekt"
    message: str | None  # None: nothing to say (local disk)


def decide(where: netfs.Where) -> Decision:
    """How a store at *where* is opened, with the one line the user is told."""
    if not where.network:
        return Decision("wal", None)
    place = f"{where.location} ({where.fstype})"
    if where.locks_reach is False:
        return Decision("nekt", (
            f"Arbeidsmappen ligger på en nettverksdisk, {place}, der låser bare gjelder på denne maskinen. "
            "Der kan iktplans database bli ødelagt hvis to maskiner kjører samtidig, og SQLite fraråder det selv "
            "(«Your best defense is to not use SQLite for files on a network filesystem», sqlite.org/lockingv3.html). "
            "Flytt arbeidsmappen (med mappen .iktplan) til en lokal disk, eller be IT koble til nettverksdisken med "
            f"låsing slått på. {_PG_HINT} Ingenting er endret."))
    return Decision("eksklusiv", (
        f"Arbeidsmappen ligger på en nettverksdisk, {place}. iktplan bruker derfor databasen i enbrukermodus: "
        "bare én maskin og én iktplan-kommando om gangen, og «iktplan status» svarer ikke mens en kjøring pågår. "
        f"{_PG_HINT}"))


class SqliteStore(Store):
    dialect = "sqlite"

    def __init__(self, path: Path, *, mode: str | None = None, timeout: float = 30):
        """Open (or make) the store at *path*. *mode*: ``"wal"`` or ``"eksklusiv"`` (None:
        decided by where *path* lives; a share SQLite cannot lock is refused)."""
        self.path = Path(path)
        self._lock: WorkspaceLock | None = None
        if mode is None:
            decision = decide(netfs.where(str(self.path)))
            if decision.mode == "nekt":
                raise StoreError(decision.message)
            mode, self.notice = decision.mode, decision.message
        self.mode = mode
        self.db: sqlite3.Connection | None = None
        try:
            if self.path.exists() and self.path.stat().st_size == 0:
                raise StoreError(Msg(
                    "Databasen {path} er tom (0 byte). Den er trolig tømt av en avbrutt kopiering eller en "
                    "synkroniseringskonflikt, og iktplan starter ikke på nytt med et tomt lager: da ville enhetenes "
                    "revisjoner bli glemt og arkiverte dokumentversjoner overskrevet. Ingen innleverte skjemaer er "
                    "tapt. Legg tilbake en sikkerhetskopi av lageret, eller bygg det opp igjen med «{command}». "
                    "Ingenting er endret.", path=str(self.path), command=REBUILD))
            if not self.path.exists():
                self._create(timeout)
            self.db = self._connect(self.path, timeout)
            if migrations.current_version(self.db, "sqlite") != migrations.HEAD:
                # Only an old (or newer: refused) store needs the write lock here: a reader (``iktplan status``)
                # must not wait for a run that is in the middle of a transaction.
                migrations.migrate(self.db, "sqlite")
            self._rekey_units()
        except sqlite3.Error as exc:
            self.close()
            raise self._translate(exc, opening=True) from exc
        except migrations.MigrationError as exc:
            self.close()
            raise StoreError(exc.args[0]) from None
        except OSError as exc:
            self.close()
            raise StoreError(Msg("Kan ikke åpne databasen {path}: {reason}. {kept}", path=str(self.path),
                                 reason=str(exc.strerror or exc), kept=KEPT_MSG)) from None
        except BaseException:
            self.close()
            raise

    @property
    def label(self) -> str:
        return f"databasen {self.path}"

    @property
    def label_msg(self) -> Msg:
        return Msg("databasen {path}", path=str(self.path))

    @property
    def title_msg(self) -> Msg:
        return Msg("Databasen {path}", path=str(self.path))

    def _connect(self, path: Path, timeout: float) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None, timeout=timeout)
        db.row_factory = sqlite3.Row
        try:
            for pragma in PRAGMAS[self.mode]:
                db.execute(pragma).fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def _create(self, timeout: float) -> None:
        """Make the store under a temporary name and link it into place with its schema
        committed; if another process made it meanwhile, theirs is kept."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Not mkstemp: SQLite makes the file with the usual mode, readable by colleagues on a shared folder.
        tmp = self.path.with_name(f"{self.path.name}.ny-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            db = self._connect(tmp, timeout)
            try:
                migrations.migrate(db, "sqlite")
            finally:
                db.close()
            fsync_dir(self.path.parent)
            try:
                os.link(tmp, self.path)  # fails if the store appeared meanwhile: never replace one
            except FileExistsError:
                pass
            except OSError:  # no hard links on this file system
                if not self.path.exists():
                    os.rename(tmp, self.path)
            fsync_dir(self.path.parent)
        finally:
            for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                try:
                    leftover.unlink()
                except FileNotFoundError:
                    pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def verify(self) -> None:
        """Stop before writing into a damaged file: SQLite's own check of every page and
        index (a few milliseconds for a store of 200 units). Damage inside a form's
        stored content passes it; reading that content then stops the run instead."""
        problem = self._one("PRAGMA integrity_check(1)")[0]
        if problem != "ok":
            raise self.damaged(problem)

    # --- the driver, with every error in Norwegian -------------------------------------

    def _run(self, sql: str, params: tuple = ()) -> Any:
        try:
            return self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

    def _rows(self, sql: str, params: tuple = ()) -> list[Any]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

    def _begin(self) -> None:
        self._run("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._run("COMMIT")

    def _rollback(self) -> None:
        if self.db is not None and self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite has already rolled back (e.g. after SQLITE_FULL)

    def _translate(self, exc: sqlite3.Error, opening: bool = False) -> StoreError:
        text = str(exc).lower()
        if isinstance(exc, sqlite3.IntegrityError):
            return StoreError(Msg(
                "{store} avviste en endring ({detail}). Det er en feil i iktplan; "
                "ingenting fra dette steget er lagret. {kept} Send meldingen til den som drifter iktplan.",
                store=self.title_msg, detail=str(exc), kept=KEPT_MSG))
        if any(s in text for s in ("malformed", "not a database", "encrypted", "corrupt", "decode")):
            return self.damaged(str(exc))
        if "full" in text:
            reason = Msg("disken er full. Frigjør plass og kjør på nytt")
        elif "readonly" in text or "read-only" in text:
            reason = Msg("databasen er skrivebeskyttet. Gi skrivetilgang til mappen .iktplan og kjør på nytt")
        elif "locked" in text or "busy" in text:
            if self.mode == "eksklusiv":
                reason = Msg("en annen iktplan-kommando bruker databasen (enbrukermodus på nettverksdisk). "
                             "Vent til den er ferdig og kjør på nytt")
            else:
                reason = Msg("en annen prosess holder databasen låst. Vent litt og kjør på nytt")
        elif "disk i/o" in text or "unable to open" in text:
            reason = Msg("{detail}: disken eller nettverksdisken svarer ikke som den skal. Sjekk at mappen .iktplan "
                         "er tilgjengelig og kjør på nytt", detail=str(exc))
        else:
            reason = Msg("{detail}. Kjør på nytt; gjentar det seg, ta kontakt med den som drifter iktplan",
                         detail=str(exc))
        if opening:
            return StoreError(Msg("Kan ikke åpne {store}: {reason}. {kept}", store=self.label_msg, reason=reason,
                                  kept=KEPT_MSG))
        return StoreError(Msg("Kan ikke bruke {store}: {reason}. {kept}", store=self.label_msg, reason=reason,
                              kept=KEPT_MSG))


def open_sqlite(ws: Workspace, *, lock: bool) -> SqliteStore:
    """The workspace's SQLite store. In single-user mode on a network share a reader
    (*lock* False: ``iktplan status``) first takes the workspace lock itself, so it
    answers «en kjøring pågår» at once instead of waiting on the database."""
    decision = decide(netfs.where(str(ws.database)))
    if decision.mode == "nekt":
        raise StoreError(decision.message)
    held = None
    if decision.mode == "eksklusiv" and not lock:
        held = WorkspaceLock(ws.lock_path)
        try:
            held.acquire()
        except LockedError:
            raise LockedError(Msg(
                "En kjøring pågår i denne arbeidsmappen. Databasen ligger på en nettverksdisk og brukes i "
                "enbrukermodus, så «iktplan status» kan først svare når kjøringen er ferdig. Prøv igjen om litt."
            )) from None
    try:
        store = SqliteStore(ws.database, mode=decision.mode)
    except BaseException:
        if held is not None:
            held.release()
        raise
    store.notice, store._lock = decision.message, held
    if lock:
        try:
            store.verify()
        except BaseException:
            store.close()
            raise
    return store
