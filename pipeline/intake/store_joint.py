"""What the member municipalities of an IKT-samarbeid share with its secretariat:
their units' systems and measures (``[samarbeid] del_tiltak``), read from the
shared PostgreSQL store for «iktplan samarbeid-oversikt».

The secretariat connects with its own login (``iktplan lager-nytt-sekretariat``),
which may call ``iktplan_felles.tiltak_og_systemer()`` and nothing else
(:mod:`pipeline.intake.samarbeid`): it never opens a municipality's schema, and
what it gets holds no person, comment, problem or barometer answer.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.contract import SHEET_MEASURES, SHEET_SYSTEMS
from pipeline.core.joint import MemberUnit
from pipeline.core.model import Measure, Period, Provenance, System
from pipeline.errors import StoreError
from pipeline.i18n import Msg
from pipeline.intake import samarbeid
from pipeline.intake.store_postgres import SESSION_OPTIONS, connect_error
from pipeline.intake.store_settings import StoreSettings

SECRETARIAT_COMMAND = "iktplan lager-nytt-sekretariat"


def read_members(settings: StoreSettings, connect_timeout: int = 10) -> list[MemberUnit]:
    """Every unit of every member municipality that shares its measures, from the store at
    ``settings.url`` (the secretariat's login; its password in ``IKTPLAN_LAGER_PASSORD``)."""
    if settings.url is None:
        raise StoreError(Msg("«iktplan samarbeid-oversikt» leser fra det felles PostgreSQL-lageret, men "
                             "strategi.toml har ingen [lager] url. Sett url til databasen kommunene i samarbeidet "
                             "deler, med sekretariatets bruker."))
    try:
        import psycopg
    except ImportError:
        raise StoreError(Msg("PostgreSQL-støtten er ikke installert på denne maskinen. Installer den med «pip "
                             "install iktplan[postgres]» (psycopg) og kjør på nytt.")) from None
    params = psycopg.conninfo.conninfo_to_dict(settings.url)
    where = (f"{params.get('user', '')}@{params.get('host', 'localhost')}"
             f"{':' + str(params['port']) if params.get('port') else ''}/{params.get('dbname', '')}")
    try:
        conn = psycopg.connect(settings.url, password=settings.password, autocommit=True,
                               application_name="iktplan samarbeid-oversikt", connect_timeout=connect_timeout,
                               options=SESSION_OPTIONS)
    except psycopg.Error as exc:
        raise connect_error(exc, where, settings.password) from None
    try:
        with conn:
            rows = conn.execute(f"SELECT kommune, enhet, tjenesteomrade, systemer, tiltak "
                                f"FROM {samarbeid.FELLES}.tiltak_og_systemer()").fetchall()
    except psycopg.errors.InsufficientPrivilege:
        raise StoreError(Msg("Brukeren {user} har ikke lov til å lese samarbeidsoversikten i PostgreSQL-lageret "
                             "{where}. Be den som drifter databasen kjøre «{command} NAVN --url …», og bruk brukeren "
                             "den lager under [lager] url.", user=str(params.get("user", "")), where=where,
                             command=SECRETARIAT_COMMAND)) from None
    except (psycopg.errors.UndefinedFunction, psycopg.errors.InvalidSchemaName, psycopg.errors.UndefinedTable):
        raise StoreError(Msg("PostgreSQL-lageret {where} er ikke satt opp for samarbeid ennå, eller av en eldre "
                             "iktplan. Kjør «iktplan run» for en av kommunene med denne versjonen av iktplan, eller "
                             "be den som drifter databasen kjøre «{command}».", where=where,
                             command=SECRETARIAT_COMMAND)) from None
    except psycopg.Error as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if settings.password:
            text = text.replace(settings.password, "***")
        raise StoreError(Msg("Kan ikke lese samarbeidsoversikten fra PostgreSQL-lageret {where}: {detail}. Kjør på "
                             "nytt; gjentar det seg, ta kontakt med den som drifter iktplan.", where=where,
                             detail=text)) from None
    try:
        return [_unit(*row) for row in rows]
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(Msg("En kommunes innlevering i PostgreSQL-lageret {where} kan ikke leses ({detail}). Den "
                             "kommunen må kjøre «iktplan run» på nytt.", where=where,
                             detail=type(exc).__name__)) from None


def _unit(municipality: str, name: str | None, area: str | None, systems: Any, measures: Any) -> MemberUnit:
    systems = json.loads(systems) if isinstance(systems, str) else systems
    measures = json.loads(measures) if isinstance(measures, str) else measures
    return MemberUnit(
        municipality, name or "", area or "",
        tuple(System(name=s["name"], supplier=s.get("supplier"), purpose=s.get("purpose"), users=s.get("users"),
                     satisfaction=s.get("satisfaction"), lifecycle=s.get("lifecycle"), comment=None,
                     prov=Provenance(SHEET_SYSTEMS, i + 2)) for i, s in enumerate(systems)),
        tuple(_measure(i, m) for i, m in enumerate(measures)),
    )


def _measure(i: int, m: dict[str, Any]) -> Measure:
    period = m.get("period")
    return Measure(
        nr=m["nr"], title=m["title"], description=m.get("description"), sub_goal=None, problem_nrs=(),
        investment=m.get("investment"), operating_cost=m.get("operating_cost"), benefit=m.get("benefit"),
        benefit_description=None, period=Period(period["year"], period["season"]) if period else None,
        duration_months=m.get("duration_months"), responsible="", follow_up=None, risk=None,
        category=m.get("category"), dependencies=None, prov=Provenance(SHEET_MEASURES, i + 2),
    )
