"""«iktplan gjenopprett-lager»: build the store again from what the workspace kept.

When the store is lost, emptied or damaged, everything needed to rebuild it is
still in the workspace, because intake keeps every file before it records it and
answers every file after:

- the receipts (``outbox/kvitteringer``) name each submission's number, arrival
  time, status, revision, original name, sender and SHA-256 — and, for a
  rejected one, every error and remark it was told;
- the accepted forms, byte for byte (``.iktplan/innleveringer/<sha256>.xlsx``), are
  read and validated again, exactly as intake did, for their parsed content;
- the rejected files are in ``outbox/karantene``;
- the archive (``outbox/arkiv/vN``) says which document versions were published;
- the secretariat's actions are copied to ``.iktplan/handlinger`` as they are recorded
  (:mod:`pipeline.intake.actions`), and come back with their numbers; held forms
  (receipts ending «venter») come back held, and count again through them.

So the rebuilt store has the same submission numbers (the receipts stay right),
the same revisions and therefore the same combined model, and knows every
archived version — the next run continues after the newest and never writes
over one. Accepted forms whose receipt is missing (a run killed between
recording and answering) are added after the others, in the order they were kept.

Nothing is deleted: the old store is moved aside (``.iktplan/skadet-…``), and the
new one is made under a temporary name and put in place only when it is complete.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from pipeline import faults
from pipeline.config import Config
from pipeline.core.receipts import ReceiptReading, file_name_words, read_receipt
from pipeline.core.submission import SubmissionStatus
from pipeline.core.versions import DOCUMENTS, OVERVIEW
from pipeline.i18n.filenames import every_name
from pipeline.errors import StoreError
from pipeline.i18n import Msg, to_stored
from pipeline.fileio import WorkspaceLock
from pipeline.intake.store import VersionRecord
from pipeline.intake.store_history import archived_versions, check_history

_SENT = "sendt"  # pipeline.documents.outbox.SENT (the intake does not import the documents)
from pipeline.intake.worker import check
from pipeline.workspace import Workspace

# The status word ends the name, in any language a workspace may have written it in.
_STATUS = {word: SubmissionStatus(status).value for word, status in file_name_words().items()}
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}_\d{6})_(\d+) .* – ("
                   + "|".join(re.escape(w) for w in sorted(_STATUS, key=len, reverse=True)) + r")\.txt$")
_VALID = ("godkjent", "holdt")

VersionFingerprint = Callable[[dict[str, Any]], str]


@dataclass
class RebuildReport:
    submissions: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    versions: int = 0
    held: int = 0  # forms that wait for the secretariat (or count through its actions)
    actions: int = 0  # the secretariat's actions, from .iktplan/handlinger
    moved_aside: Path | None = None  # where the old store was put; None: there was none (or PostgreSQL)
    without_receipt: int = 0  # accepted forms recorded from the kept file alone
    notes: list[Msg | str] = field(default_factory=list)  # shown with lang.render


@dataclass
class _Row:
    fields: dict[str, Any]
    data: bytes | None  # the kept bytes; None: not kept any more


def rebuild_store(ws: Workspace, config: Config, version_fingerprint: VersionFingerprint) -> RebuildReport:
    """Rebuild the workspace's store from its receipts, kept forms and archive.

    *version_fingerprint* gives the fingerprint a run would compute for a snapshot
    (so the next run makes a new version only if something really changed). With
    SQLite the new store replaces the old file when it is complete; a PostgreSQL
    store (``[lager] url``) is filled only if its schema is empty."""
    from pipeline.intake.store import open_store
    from pipeline.intake.store_settings import store_settings
    from pipeline.intake.store_sqlite import SqliteStore

    report = RebuildReport()
    with WorkspaceLock(ws.lock_path):
        rows = _from_receipts(ws, config, report)
        actions = _actions(ws, rows, report)
        rows += _without_receipts(ws, config, rows, actions, report)
        _number_duplicates(rows)
        versions = _versions(ws, config, rows, actions, version_fingerprint)
        report.submissions, report.versions, report.actions = len(rows), len(versions), len(actions)
        for r in rows:
            report.accepted += r.fields["status"] == "godkjent"
            report.rejected += r.fields["status"] == "avvist"
            report.duplicates += r.fields["status"] == "duplikat"
            report.held += r.fields["status"] == "holdt"
        tmp = None
        if store_settings(config).url is not None:
            target = open_store(ws, config, lock=True, check=False)
        else:
            tmp = ws.database.with_name(ws.database.name + ".gjenoppbygges")
            _remove_sqlite(tmp)
            target = SqliteStore(tmp)
        try:
            target.restore([_columns(r.fields) for r in rows], versions,
                           {r.fields["sha256"]: r.data for r in rows if r.data is not None}, actions=actions)
            faults.point("rebuild.written")
            check_history(ws, target)
        finally:
            target.close()
        if tmp is not None:
            if ws.database.exists() or Path(f"{ws.database}-wal").exists():
                report.moved_aside = _move_aside(ws.database)
            try:
                os.replace(tmp, ws.database)
            except OSError as exc:
                raise StoreError(Msg("Kan ikke legge det nye lageret på plass som {path}: {reason}. Det "
                                     "ligger ferdig i {tmp}; det gamle er flyttet til side. Kjør kommandoen på nytt.",
                                     path=str(ws.database), reason=str(exc.strerror), tmp=str(tmp))) from None
    return report


# --- what the workspace kept ---------------------------------------------------------


def _from_receipts(ws: Workspace, config: Config, report: RebuildReport) -> list[_Row]:
    found: dict[int, _Row] = {}
    paths = []
    for folder in ws.every_folder("receipts"):  # every language's name: the language may have changed
        try:
            paths += sorted(folder.iterdir())
        except OSError:
            pass
    for path in paths:
        m = _NAME.match(path.name)
        if not m:
            continue
        number, status = int(m.group(2)), _STATUS[m.group(3)]
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            report.notes.append(Msg("Kvitteringen {file} kunne ikke leses og er hoppet over.", file=path.name))
            continue
        receipt = read_receipt(text)
        if receipt.sha256 is None or number in found:
            report.notes.append(Msg("Kvitteringen {file} er ufullstendig og er hoppet over.", file=path.name))
            continue
        lines = receipt.header
        fields: dict[str, Any] = {
            "id": number,
            "received_at": datetime.strptime(m.group(1), "%Y-%m-%d_%H%M%S").astimezone(),
            "original_name": lines.get("file", path.name),
            "sha256": receipt.sha256,
            "size": 0,
            "source": "epost" if "sender" in lines else "mappe",
            "sender": lines.get("sender"),
            "status": status,
            "unit_key": None,
            "unit_name": lines.get("unit"),
            "revision": None,
            "duplicate_of": None,
            "stored_path": "",
            "receipt_path": path.relative_to(ws.root).as_posix(),
            "inbox_name": None,
            "inbox_mtime_ns": None,
            "errors": [],
            "warnings": [],
            "content": None,
        }
        row = _Row(fields, None)
        if status in _VALID:
            fields["revision"] = receipt.revision if status == "godkjent" else None
            if not _accepted(ws, config, row, report):
                continue
        elif status == "avvist":
            _rejected(ws, config, row, receipt)
        found[number] = row
    return [found[n] for n in sorted(found)]


def _accepted(ws: Workspace, config: Config, row: _Row, report: RebuildReport) -> bool:
    """Read the kept form again for its content (as intake did); False: it cannot be used."""
    f = row.fields
    stored = ws.submissions / f"{f['sha256']}.xlsx"
    try:
        data = stored.read_bytes()
    except OSError:
        report.notes.append(Msg("Det godkjente skjemaet til innlevering {id} mangler i .iktplan/innleveringer; "
                                "enheten må sende det på nytt.", id=int(f["id"])))
        return False
    if hashlib.sha256(data).hexdigest() != f["sha256"]:
        report.notes.append(Msg("Skjemaet til innlevering {id} er endret etter at det kom inn (SHA-256 stemmer "
                                "ikke) og er hoppet over; enheten må sende det på nytt.", id=int(f["id"])))
        return False
    checked = check(data, config)
    if checked.content is None:
        report.notes.append(Msg("Skjemaet til innlevering {id} godkjennes ikke lenger (oppsettet er endret) og "
                                "er hoppet over; enheten må sende det på nytt.", id=int(f["id"])))
        return False
    from pipeline.forms.unitsheet import not_on_list

    f.update(size=len(data), unit_key=checked.content.key, unit_name=checked.content.unit.name,
             stored_path=stored.relative_to(ws.root).as_posix(),
             warnings=[w for w in checked.warnings if not not_on_list(w)],  # as intake keeps them
             content=checked.content)
    row.data = data
    return True


def _rejected(ws: Workspace, config: Config, row: _Row, receipt: ReceiptReading) -> None:
    """A rejected file: its errors and remarks as its receipt told them; its bytes if still in
    quarantine. When those bytes, checked again, give the very sentences of the receipt, the
    messages are kept as the intake stored them (so they can be shown in any language)."""
    f = row.fields
    f["errors"], f["warnings"] = list(receipt.errors), list(receipt.warnings)
    kept = sorted(p for folder in ws.every_folder("quarantine") for p in folder.glob(f"{f['sha256'][:12]}_*")
                  if not p.name.endswith(".kvittering.txt"))
    if kept:
        f["stored_path"] = kept[0].relative_to(ws.root).as_posix()
        try:
            row.data = kept[0].read_bytes()
            f["size"] = len(row.data)
        except OSError:
            pass
        else:
            _messages_again(config, row, receipt)
    else:
        f["stored_path"] = (ws.quarantine / f"{f['sha256'][:12]}_{Path(f['original_name']).name}").relative_to(
            ws.root).as_posix()
    from pipeline.core.model import unit_key

    f["unit_key"] = unit_key(f["unit_name"]) if f["unit_name"] else None


def _messages_again(config: Config, row: _Row, receipt: ReceiptReading) -> None:
    """The rejected file's errors and remarks as messages, if checking it again says what its receipt said."""
    checked = check(row.data, config)
    from pipeline.forms.unitsheet import not_on_list

    warnings = [w for w in checked.warnings if checked.content is None or not not_on_list(w)]
    lang = config.lang
    if ([lang.render(e) for e in checked.errors] == list(receipt.errors)
            and [lang.render(w) for w in warnings] == list(receipt.warnings)):
        row.fields["errors"], row.fields["warnings"] = list(checked.errors), warnings


def _without_receipts(ws: Workspace, config: Config, rows: list[_Row], actions: list[dict[str, Any]],
                      report: RebuildReport) -> list[_Row]:
    """Forms kept but never answered (a run killed in between): recorded after the others,
    accepted or held as the intake's rules and the secretariat's actions decide."""
    known = {r.fields["sha256"] for r in rows}
    next_id = max((r.fields["id"] for r in rows), default=0) + 1
    extra: list[_Row] = []
    kept = sorted(ws.submissions.glob("*.xlsx"), key=lambda p: (p.stat().st_mtime_ns, p.name)) \
        if ws.submissions.is_dir() else []
    for path in kept:
        sha = path.stem
        if sha in known or not re.fullmatch(r"[0-9a-f]{64}", sha):
            continue
        row = _Row({"id": next_id, "received_at": datetime.fromtimestamp(path.stat().st_mtime).astimezone(),
                    "original_name": path.name, "sha256": sha, "size": 0, "source": "mappe", "sender": None,
                    "status": "godkjent", "unit_key": None, "unit_name": None, "revision": None,
                    "duplicate_of": None, "stored_path": "", "receipt_path": None, "inbox_name": None,
                    "inbox_mtime_ns": None, "errors": [], "warnings": [], "content": None}, None)
        if not _accepted(ws, config, row, report):
            continue
        ruling = _roster(config, [*rows, *extra], actions).rule(row.fields["unit_name"])
        row.fields["status"] = str(ruling.status)
        row.fields["revision"] = ruling.revision
        known.add(sha)
        extra.append(row)
        next_id += 1
    report.without_receipt = len(extra)
    return extra


def _actions(ws: Workspace, rows: list[_Row], report: RebuildReport) -> list[dict[str, Any]]:
    """The secretariat's actions from ``.iktplan/handlinger``, but those naming a submission
    (or an action) that is not rebuilt: a note says which."""
    from pipeline.intake.actions import journal_rows

    numbers = {r.fields["id"] for r in rows}
    kept: list[dict[str, Any]] = []
    for a in journal_rows(ws):
        if (a["submission_id"] is not None and a["submission_id"] not in numbers) or \
                (a["undoes"] is not None and a["undoes"] not in {k["id"] for k in kept}):
            report.notes.append(Msg("Sekretariatets handling {id} gjelder en innlevering som ikke kunne bygges "
                                    "opp igjen, og er hoppet over.", id=int(a["id"])))
            continue
        kept.append(a)
    return kept


def _roster(config: Config, rows: list[_Row], actions: list[dict[str, Any]], before: datetime | None = None):
    """The roster of the rebuilt rows and actions (those before *before*; None: all)."""
    from pipeline.core.roster import Action, ActionKind, Arrival, make_roster
    from pipeline.core.submission import SubmissionStatus

    arrivals = [Arrival(r.fields["id"], r.fields["received_at"], SubmissionStatus(r.fields["status"]),
                        r.fields["unit_name"]) for r in rows
                if r.fields["status"] in _VALID and r.fields["unit_name"]
                and (before is None or r.fields["received_at"] <= before)]
    judged = [Action(a["id"], datetime.fromisoformat(a["at"]), ActionKind(a["kind"]), a["reason"],
                     a["submission_id"], a["unit_name"], a["target_name"], a["undoes"]) for a in actions]
    return make_roster(config.expected_units, arrivals,
                       [a for a in judged if before is None or a.at <= before])


def _number_duplicates(rows: list[_Row]) -> None:
    """A resubmitted identical file points at the accepted one it repeats."""
    first: dict[str, dict] = {}
    for r in rows:
        f = r.fields
        if f["status"] in _VALID:
            first.setdefault(f["sha256"], f)
        elif f["status"] == "duplikat" and f["sha256"] in first:
            original = first[f["sha256"]]
            f.update(duplicate_of=original["id"], stored_path=original["stored_path"], unit_key=original["unit_key"],
                     unit_name=original["unit_name"], size=original["size"])
    # Revisions must be unique per unit even if a receipt was edited by hand.
    seen: dict[str, set[int]] = {}
    for r in rows:
        f = r.fields
        if f["status"] == "godkjent":
            taken = seen.setdefault(f["unit_key"], set())
            if f["revision"] is None or f["revision"] in taken:
                f["revision"] = max(taken, default=0) + 1
            taken.add(f["revision"])


def _versions(ws: Workspace, config: Config, rows: list[_Row], actions: list[dict[str, Any]],
              version_fingerprint: VersionFingerprint) -> list[VersionRecord]:
    """Every archived version. The newest gets the snapshot and fingerprint of the model
    it was made from (the forms received and the secretariat's actions recorded before it,
    and the decisions in ``beslutninger.xlsx`` as the file is now), so the next run compares
    with it as with any version; the older ones are history only."""
    from pipeline.core.assessment import assess
    from pipeline.core.model import Submission, combine
    from pipeline.core.versions import snapshot

    numbers = archived_versions(ws)
    # A version sent to political treatment has its documents as sent in vN/sendt
    # (pipeline.documents.outbox.SENT); the last one sent is what later case documents
    # compare with, so it gets its snapshot too.
    sent = {n: (ws.archive / f"v{n}" / _SENT) for n in numbers if (ws.archive / f"v{n}" / _SENT).is_dir()}
    last_sent = max(sent, default=None)
    by_id = {r.fields["id"]: r.fields for r in rows}

    def model_at(created: datetime):
        """The combined model from the forms received and the actions recorded before *created*."""
        roster = _roster(config, rows, actions, before=created)
        counted = [Submission(unit, p.revision, p.received_at, by_id[p.id]["original_name"], by_id[p.id]["content"],
                              unit_name=p.name) for unit, p in sorted(roster.latest().items())]
        return combine(config, counted, roster.notes())

    records = []
    for number in numbers:
        folder = ws.archive / f"v{number}"
        times = [p.stat().st_mtime for p in folder.iterdir() if p.is_file()]
        created = datetime.fromtimestamp(min(times) if times else folder.stat().st_mtime).astimezone()
        published = (datetime.fromtimestamp(sent[number].stat().st_mtime).astimezone() if number in sent else None)
        if number != numbers[-1]:
            snap = {}
            if number == last_sent:
                model = model_at(created)
                snap = snapshot(model, assess(model))
            records.append(VersionRecord(number, created, "", snap, published_at=published))
            continue
        complete = all(any((folder / name).is_file() for name in every_name(key))  # named in any language
                       for key in (*DOCUMENTS, OVERVIEW))
        model = model_at(created)
        snap = snapshot(model, assess(model, _decisions(ws)))
        records.append(VersionRecord(number, created, version_fingerprint(snap) if complete else "", snap,
                                     published_at=published))
    return records


# --- small helpers -----------------------------------------------------------------


def _decisions(ws: Workspace):
    """The decisions in the workspace's ``beslutninger.xlsx``; None when there is
    none or it cannot be read (the next run says why)."""
    from pipeline.forms.decisionbook import DecisionBookError, read_book

    try:
        return read_book(ws.decisions.read_bytes()).decisions
    except (OSError, DecisionBookError):
        return None


def _columns(f: dict[str, Any]) -> dict[str, Any]:
    """A row as the store's columns."""
    import json

    out = {k: v for k, v in f.items() if k not in ("errors", "warnings", "content")}
    out["received_at"] = f["received_at"].isoformat()
    out["errors_json"] = json.dumps([to_stored(e) for e in f["errors"]], ensure_ascii=False)
    out["warnings_json"] = json.dumps([to_stored(w) for w in f["warnings"]], ensure_ascii=False)
    out["content_json"] = json.dumps(f["content"].to_dict(), ensure_ascii=False) if f["content"] else None
    return out


def _remove_sqlite(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _move_aside(path: Path) -> Path:
    """Keep the old store (and its journal files) under a name that says what it is."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"skadet-{stamp}-{path.name}")
    for suffix in ("", "-wal", "-shm", "-journal"):
        old = Path(f"{path}{suffix}")
        if old.exists():
            try:
                os.replace(old, Path(f"{target}{suffix}"))
            except OSError as exc:
                raise StoreError(Msg("Kan ikke flytte det gamle lageret {path} til side: {reason}. Ingenting er "
                                     "endret.", path=str(old), reason=str(exc.strerror))) from None
    return target
