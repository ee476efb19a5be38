"""``iktplan publiser``: mark the current version as the one sent to political
treatment, and ``iktplan publiser --angre`` to take the mark away.

Until a version is sent, its documents are drafts: «Utkast» in every header and
on the cover. Sending renders the same version once more without the draft
marks, keeps those documents in ``outbox/arkiv/vN/sendt/`` (the draft archive of
the version is never overwritten), records the mark in the store, and puts them
in ``outbox/`` (a person's edits kept, an open file left alone, as for any new
version). The case document of every later version lists the changes since the
version last sent, never the drafts in between
(:func:`pipeline.build._next_version`).

Only the current version can be sent, and only while nothing has changed since
it was made: the politicians must get the version the secretariat has read.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline import build
from pipeline.core.versions import VersionInfo, diff, snapshot
from pipeline.documents.outbox import SENT, OutboxReport, archive_dir, put_in_place, settle
from pipeline.errors import WorkspaceError
from pipeline.fileio import WorkspaceLock, atomic_write_bytes
from pipeline.formatting import file_stamp
from pipeline.i18n import Msg, nMsg
from pipeline.intake.listing import pending_files
from pipeline.intake.store import open_store
from pipeline.workspace import Workspace


@dataclass
class SendReport:
    version: int
    at: datetime | None  # when it was marked; None: the mark was taken away
    already: bool = False  # it was sent before: nothing changed
    outputs: list[Path] = field(default_factory=list)
    notes: list[Msg | str] = field(default_factory=list)  # shown with lang.render
    kept_in: Path | None = None  # where the documents as sent are kept


def send(ws: Workspace, number: int | None = None, *, pdf: bool = False) -> SendReport:
    """Mark version *number* (None: the current one) as sent to political
    treatment and put its documents, without the draft marks, in ``outbox/``."""
    from pipeline.documents.prose import load_prose
    from pipeline.documents.rendering import render_documents

    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        latest = store.latest_version()
        if latest is None:
            raise WorkspaceError(Msg("Det finnes ingen dokumenter ennå. Kjør «iktplan run» først."))
        number = latest.number if number is None else number
        if number != latest.number:
            raise WorkspaceError(Msg(
                "Bare den gjeldende versjonen, versjon {current}, kan sendes til politisk behandling; versjon "
                "{version} er erstattet av en nyere. Les gjennom versjon {current}, og kjør «iktplan publiser» igjen.",
                current=latest.number, version=number))
        if latest.published_at is not None:
            return SendReport(number, latest.published_at, already=True,
                              kept_in=archive_dir(ws.outbox, number) / SENT)
        waiting = len(pending_files(ws.inbox))
        if waiting:
            raise WorkspaceError(nMsg(
                "Det ligger {n} fil i innboksen som ikke er lest. Kjør «iktplan run» og se over versjonen det gir, "
                "før du sender den.",
                "Det ligger {n} filer i innboksen som ikke er lest. Kjør «iktplan run» og se over versjonen det gir, "
                "før du sender den.", waiting))
        model, assessment = build.model_and_assessment(ws, config, store)
        from pipeline.intake.samarbeid import gather_comparison
        from pipeline.intake.store_settings import store_settings

        comparison = gather_comparison(store, store_settings(config).sharing)
        snap = snapshot(model, assessment, comparison)
        recorded = store.run_input()
        same = recorded is not None and recorded.get("version") == number and recorded.get("token") == (
            build.input_token(ws, config, store))
        if not same and build.version_fingerprint(snap, build.config_bytes_of(ws), build.document_inputs(ws, config)) != (
                latest.fingerprint):
            raise WorkspaceError(Msg(
                "Noe er endret siden versjon {version} ble laget (skjemaer, strategi.toml, malene eller tekstene i "
                "tekster/). Kjør «iktplan run», les gjennom den nye versjonen, og send den.", version=number))
        base = store.last_published(before=number)
        version = VersionInfo(number, latest.created_at, diff(base.snapshot, snap) if base else None,
                              base.created_at if base else None, draft=False,
                              base_number=base.number if base else None)
        staging = ws.staging / f"sendt-v{number}"
        shutil.rmtree(staging, ignore_errors=True)
        prose = load_prose(ws.texts, config)
        documents = render_documents(model, assessment, version, ws.templates, staging, prose=prose,
                                     piece_cache=ws.staging / "dokumentdeler", comparison=comparison)
        if pdf:
            from pipeline.documents.pdf import convert_to_pdf

            convert_to_pdf(documents, staging)
        sent = archive_dir(ws.outbox, number) / SENT
        for f in sorted(staging.iterdir()):
            if f.is_file():
                atomic_write_bytes(sent / f.name, f.read_bytes())
        now = datetime.now().astimezone()
        store.set_published(number, now)  # the mark last: a version marked sent has its documents kept
        placed = put_in_place(sent, ws.outbox, number, config.lang)
        shutil.rmtree(staging, ignore_errors=True)
        report = SendReport(number, now, outputs=placed.current, kept_in=sent)
        report.notes = prose.notes + placed.notes(ws.outbox)
        return report


def unsend(ws: Workspace, number: int | None = None) -> SendReport:
    """Take the mark away from version *number* (None: the one last sent): it is a
    draft again. If it is the current version, its draft documents go back in
    ``outbox/``; if a later draft compared with it, the next run makes a new one."""
    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        last = store.last_published()
        if last is None:
            raise WorkspaceError(Msg("Ingen versjon er markert som sendt til politisk behandling. Ingenting er "
                                     "endret."))
        number = last.number if number is None else number
        sent = dict(store.published())
        if number not in sent:
            raise WorkspaceError(Msg("Versjon {version} er ikke markert som sendt til politisk behandling. Ingenting "
                                     "er endret.", version=number))
        latest = store.latest_version()
        later_draft = latest.number if latest is not None and latest.number > number else None
        store.set_published(number, None, stale=later_draft)
        folder = archive_dir(ws.outbox, number) / SENT
        if folder.is_dir():
            # Kept, not deleted: the politicians may have read it.
            folder.rename(folder.with_name(f"{SENT} (angret {file_stamp(datetime.now())})"))
        report = SendReport(number, None)
        if later_draft is None:
            placed: OutboxReport = settle(ws.outbox, number, build.document_names(ws))
            report.outputs, report.notes = placed.current, placed.notes(ws.outbox)
        else:
            report.notes.append(Msg(
                "Utkastet versjon {draft} sammenlignet med versjon {version}. Neste «iktplan run» lager et nytt utkast "
                "som sammenligner med versjonen som da sist er sendt.", draft=later_draft, version=number))
        return report
