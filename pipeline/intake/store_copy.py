"""«iktplan kopier-lager»: a workspace's SQLite store into PostgreSQL, nothing lost.

One command, one transaction on the PostgreSQL side: every submission with its
number (the receipts name them), every revision, every document version, every
action of the secretariat (with its number), the ``meta`` rows (what the latest version was built from), and the bytes of every
submission still kept — accepted forms from ``.iktplan/innleveringer``, rejected
files from ``outbox/karantene`` — each checked against its SHA-256 before it is
sent. Before the commit everything is read back and compared with the source, and
the server recomputes every file's SHA-256; any difference rolls it all back.
The SQLite store is only read, never changed: to go back, remove ``[lager] url``.

Refused, with nothing written: an accepted form missing from disk (its revision
would be lost), a form changed since it arrived, a PostgreSQL schema that already
holds other rows, and another machine running iktplan for the municipality. A
rejected file someone tidied out of the quarantine is reported; its row is copied.
A second copy of the same store does nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from pipeline import faults
from pipeline.config import Config
from pipeline.errors import ConfigError, StoreError
from pipeline.fileio import WorkspaceLock
from pipeline.i18n import Msg, Words, nMsg
from pipeline.intake.store import VersionRecord
from pipeline.workspace import Workspace

ACTION_COLUMNS = ("id", "at", "kind", "reason", "submission_id", "unit_name", "target_name", "undoes")
COLUMNS = ("id", "received_at", "original_name", "sha256", "size", "source", "sender", "status", "unit_key",
           "unit_name", "revision", "duplicate_of", "stored_path", "receipt_path", "inbox_name", "inbox_mtime_ns",
           "errors_json", "warnings_json", "content_json")


@dataclass
class CopyReport:
    submissions: int = 0
    versions: int = 0
    files: int = 0
    bytes: int = 0
    already_gone: list[int] = field(default_factory=list)  # rejected submissions whose file was tidied away
    already_copied: bool = False
    target: Msg | str = ""  # the store copied to (shown with lang.render)


def copy_to_postgres(ws: Workspace, config: Config) -> CopyReport:
    """Copy *ws*'s SQLite store into the PostgreSQL store ``[lager] url`` names."""
    from pipeline.intake.store_postgres import PostgresStore
    from pipeline.intake.store_settings import store_settings
    from pipeline.intake.store_sqlite import SqliteStore

    settings = store_settings(config)
    if settings.url is None:
        raise ConfigError(Msg("Sett url under [lager] i strategi.toml til PostgreSQL-databasen lageret skal "
                              "kopieres til, f.eks. url = \"postgresql://iktplan@dbserver/iktplan\", og kjør på "
                              "nytt."))
    if not ws.database.is_file():
        raise StoreError(Msg("Fant ikke noe SQLite-lager å kopiere ({path}). Ingenting er endret.",
                             path=str(ws.database)))
    with WorkspaceLock(ws.lock_path):
        with SqliteStore(ws.database) as source:
            source.verify()
            source._begin()  # one snapshot of all three tables (a read: nothing is written)
            try:
                rows = [tuple(r[c] for c in COLUMNS) for r in source._rows(
                    f"SELECT {', '.join(COLUMNS)} FROM submissions ORDER BY id")]
                versions = source._rows("SELECT number, created_at, fingerprint, snapshot_json, published_at "
                                        "FROM versions ORDER BY number")
                meta = [(r["key"], r["value"]) for r in source._rows(
                    "SELECT key, value FROM meta WHERE key <> 'schema_version' ORDER BY key")]
                actions = [tuple(r[c] for c in ACTION_COLUMNS) for r in source._rows(
                    f"SELECT {', '.join(ACTION_COLUMNS)} FROM actions ORDER BY id")]
                yearly = {table: [dict(zip(r.keys(), tuple(r))) for r in source._rows(
                    f"SELECT * FROM {table} ORDER BY {order}")] for table, order in _YEARLY.items()}
            finally:
                source._rollback()
        report = CopyReport()
        files = _read_files(ws, rows, report)
        # The follow-up forms' bytes, like the submissions' (columns: id, sha256, status, stored_path).
        files.update(_read_files(ws, [(r["id"], None, None, r["sha256"], None, None, None, r["status"], None, None,
                                       None, None, r["stored_path"]) for r in yearly["followups"]], report))
        records = [VersionRecord(v["number"], _time(v["created_at"]), v["fingerprint"], json.loads(v["snapshot_json"]),
                                 published_at=_time(v["published_at"]) if v["published_at"] else None)
                   for v in versions]
        with PostgresStore(settings, municipality=config.municipality, lock=True) as target:
            report.target = target.label_msg
            existing = [tuple(r[c] for c in COLUMNS) for r in target._rows(
                f"SELECT {', '.join(COLUMNS)} FROM submissions ORDER BY id")]
            if existing:
                if existing == rows:
                    report.already_copied = True
                    return report
                raise StoreError(Msg("{store} har allerede andre innleveringer ({n}), og iktplan kopierer bare til "
                                     "et tomt lager. Ingenting er kopiert.", store=target.title_msg,
                                     n=len(existing)))

            def check() -> None:
                faults.point("kopier.skrevet")
                _verify(target, rows, versions, meta, files, actions)
                for table, order in _YEARLY.items():
                    back = [dict(r) for r in target._rows(f"SELECT * FROM {table} ORDER BY {order}")]
                    if back != yearly[table]:
                        raise StoreError(_DIFFERENT.fill(what=table))

            target.restore([dict(zip(COLUMNS, r)) for r in rows], records, files, meta, check=check,
                           actions=[dict(zip(ACTION_COLUMNS, a)) for a in actions],
                           baselines=yearly["baselines"], followups=yearly["followups"])
    report.submissions, report.versions = len(rows), len(versions)
    report.files, report.bytes = len(files), sum(map(len, files.values()))
    return report


#: The yearly cycle's tables (issue 15), copied row by row as they are: table → order.
_YEARLY = {"baselines": "number", "followups": "id"}


def _time(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)


def _read_files(ws: Workspace, rows: list[tuple], report: CopyReport) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    missing = []
    for row in rows:
        sub_id, sha, status, stored = row[0], row[3], row[7], row[12]
        if sha in files or status == "duplikat":
            continue
        try:
            data = (ws.root / stored).read_bytes()
        except OSError:
            if status == "avvist":
                report.already_gone.append(sub_id)
            else:
                missing.append(sub_id)
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            raise StoreError(Msg("Fila til innlevering {id} ({path}) er endret etter at den kom inn (SHA-256 stemmer "
                                 "ikke). Legg tilbake originalen fra sikkerhetskopien. Ingenting er kopiert.",
                                 id=sub_id, path=stored))
        files[sha] = data
    if missing:
        raise StoreError(nMsg("Et godkjent skjema mangler i .iktplan/innleveringer (innlevering {ids}); uten det "
                              "ville en revisjon gå tapt. Legg det tilbake fra sikkerhetskopien og kjør på nytt. "
                              "Ingenting er kopiert.",
                              "Godkjente skjemaer mangler i .iktplan/innleveringer (innlevering {ids}); uten dem "
                              "ville revisjoner gå tapt. Legg dem tilbake fra sikkerhetskopien og kjør på nytt. "
                              "Ingenting er kopiert.", len(missing), ids=Words(tuple(map(str, missing)))))
    return files


def _verify(target, rows, versions, meta, files, actions) -> None:
    """Everything read back inside the copy's transaction: any difference rolls it all back."""
    back = [tuple(r[c] for c in COLUMNS) for r in target._rows(f"SELECT {', '.join(COLUMNS)} FROM submissions "
                                                                 "ORDER BY id")]
    problem: Msg | str | None = None
    if back != rows:
        problem = Msg("innleveringene")
    elif [tuple(r.values()) for r in target._rows("SELECT number, created_at, fingerprint, snapshot_json, published_at "
                                                  "FROM versions ORDER BY number")] != [tuple(v) for v in versions]:
        problem = Msg("dokumentversjonene")
    elif [(r["key"], r["value"]) for r in target._rows("SELECT key, value FROM meta ORDER BY key")] != meta:
        problem = "meta"  # the table's name
    elif [tuple(r[c] for c in ACTION_COLUMNS) for r in target._rows(
            f"SELECT {', '.join(ACTION_COLUMNS)} FROM actions ORDER BY id")] != actions:
        problem = Msg("sekretariatets handlinger")
    else:
        row = target._one("SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE encode(sha256(content), 'hex') <> sha256 "
                          "OR length(content) <> size) AS bad FROM files")
        if row["n"] != len(files) or row["bad"]:
            problem = Msg("filene (SHA-256)")
    if problem:
        raise StoreError(_DIFFERENT.fill(what=problem))


#: The copy read back differs from what was read (*what*: the part that differs).
_DIFFERENT = Msg("Kontrollen etter kopieringen fant forskjeller i {what}. Ingenting er kopiert.")
