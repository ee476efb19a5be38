"""The store against the workspace: does it remember what the workspace shows happened?

A store truncated by an interrupted copy or a sync conflict, lost, or put back
from an old backup would otherwise start over: revisions counted from 1 again,
and the next «v1» written over the archived documents the politicians may have
read. The archive (``outbox/arkiv/vN``) and the receipts (named by submission
number) are the evidence; :func:`check_history` compares the store with them
before a run may write.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from pipeline.errors import StoreError
from pipeline.i18n import Msg
from pipeline.intake.store import COPY, REBUILD

if TYPE_CHECKING:
    from pipeline.intake.store import Store
    from pipeline.workspace import Workspace

_RECEIPT_ID = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{6}_(\d+) ")
_ARCHIVED = re.compile(r"^v(\d+)$")


def archived_versions(ws: Workspace) -> list[int]:
    """The version numbers that have a folder in ``outbox/arkiv`` (ascending)."""
    try:
        return sorted(int(m.group(1)) for p in ws.archive.iterdir() if p.is_dir() and (m := _ARCHIVED.match(p.name)))
    except OSError:
        return []


def receipt_ids(ws: Workspace) -> Iterator[int]:
    """The submission numbers the receipts in ``outbox/kvitteringer`` name (under the folder's
    name in every language: the workspace's language may have changed)."""
    names = []
    for folder in ws.every_folder("receipts"):
        try:
            names += [p.name for p in folder.iterdir()]
        except OSError:
            pass
    for name in names:
        if m := _RECEIPT_ID.match(name):
            yield int(m.group(1))


def check_history(ws: Workspace, store: Store) -> None:
    """Stop (:class:`StoreError`) when the store has forgotten what the workspace
    shows happened: archived document versions beyond its latest version, or
    receipts for submissions it does not have. A store truncated by an
    interrupted copy or a sync conflict, or put back from an old backup, would
    otherwise start over: revisions counted from 1 again, and the next «v1»
    written over the archived documents the politicians may have read."""
    latest = store.latest_version_number() or 0
    pending = store.pending_version()
    beyond = [n for n in archived_versions(ws) if n > latest and (pending is None or n != pending.number)]
    advice = Msg("Ingenting er endret. Bygg lageret opp igjen fra skjemaene som er tatt vare på med «{command}», "
                 "eller legg tilbake en nyere sikkerhetskopi av lageret.", command=REBUILD)
    if store.dialect == "postgres" and ws.database.is_file():
        advice = Msg("Arbeidsmappen har et SQLite-lager i {path}: kopier det til PostgreSQL med «{command}». "
                     "Ingenting er endret.", path=str(ws.database), command=COPY)
    if beyond:
        versions = ", ".join(map(str, beyond))
        if latest:
            raise StoreError(Msg(
                "{store} stemmer ikke med arkivet: outbox/arkiv har versjon {versions}, men lageret kjenner bare til "
                "versjon {latest}. Lageret er trolig tomt, skadet eller lagt tilbake fra en eldre sikkerhetskopi, og "
                "iktplan skriver aldri over en arkivert versjon. {advice}",
                store=store.title_msg, versions=versions, latest=int(latest), advice=advice))
        raise StoreError(Msg(
            "{store} stemmer ikke med arkivet: outbox/arkiv har versjon {versions}, men lageret kjenner ingen "
            "dokumentversjoner. Lageret er trolig tomt, skadet eller lagt tilbake fra en eldre sikkerhetskopi, og "
            "iktplan skriver aldri over en arkivert versjon. {advice}",
            store=store.title_msg, versions=versions, advice=advice))
    highest_receipt = max(receipt_ids(ws), default=0)
    if highest_receipt > store.last_submission_id():
        have = store.last_submission_id()
        if have:
            raise StoreError(Msg(
                "{store} stemmer ikke med kvitteringene: outbox/kvitteringer har kvittering for innlevering "
                "{receipt}, men lageret har bare innleveringer til og med nummer {have}. Lageret er trolig tomt, "
                "skadet eller lagt tilbake fra en eldre sikkerhetskopi, og enhetenes revisjoner ville blitt talt "
                "fra 1 igjen. {advice}",
                store=store.title_msg, receipt=int(highest_receipt), have=int(have), advice=advice))
        raise StoreError(Msg(
            "{store} stemmer ikke med kvitteringene: outbox/kvitteringer har kvittering for innlevering "
            "{receipt}, men lageret har ingen innleveringer. Lageret er trolig tomt, skadet eller lagt tilbake fra "
            "en eldre sikkerhetskopi, og enhetenes revisjoner ville blitt talt fra 1 igjen. {advice}",
            store=store.title_msg, receipt=int(highest_receipt), advice=advice))
