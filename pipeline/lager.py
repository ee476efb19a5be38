"""The store commands: rebuild a lost or damaged store, copy a SQLite store into
PostgreSQL, and set up a municipality in a shared PostgreSQL database.

Entry points, like :mod:`pipeline.build`: each wires a library function from
:mod:`pipeline.intake` to what only this layer may read (the templates, for the
version fingerprint, and the secretariat's own texts).
"""

from __future__ import annotations

from pipeline.build import config_bytes_of, document_inputs, version_fingerprint
from pipeline.intake.rebuild import RebuildReport, rebuild_store
from pipeline.intake.store_copy import CopyReport, copy_to_postgres
from pipeline.workspace import Workspace


def rebuild(ws: Workspace) -> RebuildReport:
    """«iktplan gjenopprett-lager»: the store again from the receipts, the kept forms and the archive."""
    config = ws.config()
    ws.ensure_dirs()
    config_bytes = config_bytes_of(ws)
    templates = document_inputs(ws, config)
    return rebuild_store(ws, config, lambda snap: version_fingerprint(snap, config_bytes, templates))


def copy_to_shared_store(ws: Workspace) -> CopyReport:
    """«iktplan kopier-lager»: the SQLite store into the PostgreSQL store ``[lager] url`` names."""
    return copy_to_postgres(ws, ws.config())


def new_municipality(admin_url: str, name: str, password: str | None) -> tuple[str, str, str]:
    """«iktplan lager-ny-kommune»: a municipality's own login and schema in a shared PostgreSQL
    database; (role, schema, the url its workspaces put under ``[lager]``)."""
    from pipeline.intake.store_postgres import add_municipality

    return add_municipality(admin_url, name, password)
