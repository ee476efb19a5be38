"""The store commands: rebuild a lost or damaged store, copy a SQLite store into
PostgreSQL, set up a municipality or an IKT-samarbeid's secretariat in a shared
PostgreSQL database, and the secretariat's joint overview across the members.

Entry points, like :mod:`pipeline.build`: each wires a library function from
:mod:`pipeline.intake` to what only this layer may read (the templates, for the
version fingerprint, and the secretariat's own texts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


def new_secretariat(admin_url: str, name: str, password: str | None) -> tuple[str, str]:
    """«iktplan lager-nytt-sekretariat»: the login of IKT-samarbeid *name*'s secretariat, which
    reads what the members share and nothing else; (role, the url for its ``[lager]``)."""
    from pipeline.intake.store_postgres import add_secretariat

    return add_secretariat(admin_url, name, password)


@dataclass(frozen=True)
class JointReport:
    path: Path
    municipalities: tuple[str, ...]
    systems: int  # systems in two or more municipalities
    groups: int  # groups of alike measures
    candidates: int  # joint procurement candidates


def joint_overview(ws: Workspace, out: Path | None = None) -> JointReport:
    """«iktplan samarbeid-oversikt»: what the member municipalities share (``del_tiltak``), read
    with the login under ``[lager]`` in *ws*, as ``Samarbeid-oversikt.xlsx`` (*out*; None: in
    the workspace's outbox). Nothing is written when no municipality shares yet."""
    from pipeline.core.joint import joint_overview as overview_of
    from pipeline.documents.jointoverview import write_joint_overview
    from pipeline.errors import StoreError, WorkspaceError
    from pipeline.i18n import Msg
    from pipeline.intake.store_joint import read_members
    from pipeline.intake.store_settings import store_settings

    config = ws.config()
    units = read_members(store_settings(config))
    if not units:
        raise StoreError(Msg("Ingen kommuner i lageret deler tiltakene sine med samarbeidet ennå, så det er ingen "
                             "oversikt å lage. En kommune deler med «del_tiltak = true» under [samarbeid] i sin "
                             "strategi.toml, og neste «iktplan run» sier fra til lageret. Ingenting er skrevet."))
    overview = overview_of(config, units)
    if out is None:
        ws.ensure_dirs()
    path = Path(out) if out is not None else ws.outbox / ws.names.name("joint_overview")
    try:
        write_joint_overview(overview, path, datetime.now().astimezone(), config.lang)
    except OSError as exc:
        raise WorkspaceError(Msg("Kan ikke skrive {path}: {reason}. Ingenting er skrevet.", path=str(path),
                                 reason=str(exc.strerror or exc))) from None
    return JointReport(path, tuple(m.name for m in overview.members), len(overview.systems), len(overview.groups),
                       len(overview.candidates))
