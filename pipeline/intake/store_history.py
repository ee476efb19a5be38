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
    """The submission numbers the receipts in ``outbox/kvitteringer`` name."""
    try:
        names = [p.name for p in ws.receipts.iterdir()]
    except OSError:
        return
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
    advice = (f"Ingenting er endret. Bygg lageret opp igjen fra skjemaene som er tatt vare på med «{REBUILD}», "
              "eller legg tilbake en nyere sikkerhetskopi av lageret.")
    if store.dialect == "postgres" and ws.database.is_file():
        advice = (f"Arbeidsmappen har et SQLite-lager i {ws.database}: kopier det til PostgreSQL med «{COPY}». "
                  f"Ingenting er endret.")
    if beyond:
        have = f"bare til versjon {latest}" if latest else "ingen dokumentversjoner"
        raise StoreError(
            f"{store.label[0].upper()}{store.label[1:]} stemmer ikke med arkivet: outbox/arkiv har versjon "
            f"{', '.join(map(str, beyond))}, men lageret kjenner {have}. Lageret er trolig tomt, skadet eller lagt "
            f"tilbake fra en eldre sikkerhetskopi, og iktplan skriver aldri over en arkivert versjon. {advice}"
        )
    highest_receipt = max(receipt_ids(ws), default=0)
    if highest_receipt > store.last_submission_id():
        have = store.last_submission_id()
        raise StoreError(
            f"{store.label[0].upper()}{store.label[1:]} stemmer ikke med kvitteringene: outbox/kvitteringer har "
            f"kvittering for innlevering {highest_receipt}, men lageret har "
            + (f"bare innleveringer til og med nummer {have}. " if have else "ingen innleveringer. ")
            + "Lageret er trolig tomt, skadet eller lagt tilbake fra en eldre sikkerhetskopi, og enhetenes "
            f"revisjoner ville blitt talt fra 1 igjen. {advice}"
        )
