"""Unit keys made by an older normaliser, made again (issue 10, item 5).

Before :data:`pipeline.identity.KEY_VERSION` 2 a unit's key kept invisible
characters, so «Teknisk\\u200b drift» and «Teknisk drift» were two units, each
with its own revisions 1, 2 …, and the superseded revisions' measures stayed in
the plan. :func:`plan` says how to re-key the rows of such a store: every row
gets the key :func:`pipeline.core.model.unit_key` makes of its unit name today,
and where two old keys become one, the accepted revisions of the merged unit
are numbered again in arrival order (the store's id), so the latest arrival is
the latest revision and no number is used twice.

Pure: rows in, changes out. The store applies them in one transaction and
records the key version (:meth:`pipeline.intake.store.Store._rekey_units`), so
any store backend can do the same with the same function.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from pipeline.core.model import unit_key
from pipeline.core.submission import SubmissionStatus


def plan(rows: Iterable[Mapping[str, Any]]) -> list[tuple[int, str, int | None]]:
    """(id, new unit key, new revision) for every row that must change. *rows*
    have ``id``, ``status``, ``unit_key``, ``unit_name`` and ``revision``, in
    id order; rows without a unit key are left alone (the unit was unreadable)."""
    rows = [r for r in rows if r["unit_key"] is not None]
    key = {r["id"]: unit_key(r["unit_name"]) if r["unit_name"] else r["unit_key"] for r in rows}
    revision = {r["id"]: r["revision"] for r in rows}
    accepted: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        if r["status"] == SubmissionStatus.ACCEPTED:
            accepted.setdefault(key[r["id"]], []).append(r)
    for members in accepted.values():
        if len({m["unit_key"] for m in members}) > 1:
            revision.update((m["id"], number) for number, m in enumerate(members, start=1))
    return [(r["id"], key[r["id"]], revision[r["id"]]) for r in rows
            if (key[r["id"]], revision[r["id"]]) != (r["unit_key"], r["revision"])]
