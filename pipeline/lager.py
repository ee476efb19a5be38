"""The store commands: rebuild a lost or damaged store, copy a SQLite store into
PostgreSQL, and set up a municipality in a shared PostgreSQL database.

Entry points, like :mod:`pipeline.build`: each wires a library function from
:mod:`pipeline.intake` to what only this layer may read (the templates, for the
version fingerprint).
"""

from __future__ import annotations

from pipeline.build import version_fingerprint
from pipeline.documents.templatefiles import template_bytes
from pipeline.intake.rebuild import RebuildReport, rebuild_store
from pipeline.workspace import Workspace


def rebuild(ws: Workspace) -> RebuildReport:
    """«iktplan gjenopprett-lager»: the store again from the receipts, the kept forms and the archive."""
    config = ws.config()
    ws.ensure_dirs()
    config_bytes = ws.config_path.read_bytes()
    templates = template_bytes(ws.templates)
    return rebuild_store(ws, config, lambda snap: version_fingerprint(snap, config_bytes, templates))
