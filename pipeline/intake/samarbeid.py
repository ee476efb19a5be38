"""Several municipalities in one PostgreSQL database, and what they may see of each other.

**One schema per municipality** (``kommune_<navn>``), not a ``kommune`` column in
every table:

- the store's SQL, its indexes and ``UNIQUE (unit_key, revision)`` stay exactly
  SQLite's, unqualified: the connection's ``search_path`` names the schema;
- a forgotten ``WHERE kommune = …`` cannot leak another municipality's forms,
  because there is no shared table to forget it on. With a login role per
  municipality (:func:`add_municipality`, run by whoever runs the database) the
  database itself refuses a role another municipality's schema — row-level
  security would be bypassed by table owners and superusers;
- a municipality that leaves is ``pg_dump -n`` / ``DROP SCHEMA … CASCADE``;
- the cost: a migration is run per schema (each store migrates its own when it
  opens), and the comparison below must loop over the schemas.

One role can also hold every schema (an IKT-samarbeid running all its members'
workspaces on one server): iktplan then makes each municipality's schema itself.

**The shared schema** ``iktplan_felles`` lists the municipalities with the consent
from their ``[samarbeid]`` (recorded by each run), and holds the only ways across,
as ``SECURITY DEFINER`` functions with a pinned ``search_path``:

- ``registrer(skjema, navn, del_barometer, vis_navn)``: a municipality records
  its own name and consent (only for a schema its login may create in);
- ``barometer_per_omrade(skjema, min_svar)``: the IKT-barometer per area — the
  number of answers and the mean score over the latest revision of every unit —
  for the caller's own municipality, and, only if it shares its own figures, for
  every other municipality that shares theirs: by name if it allows that,
  otherwise as «Kommune A», «Kommune B» … Never a comment (free text), a unit or
  a single answer; an area with fewer than *min_svar* answers is left out for the
  others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.core.model import Submission

FELLES = "iktplan_felles"
#: Bumped when the functions below change; a store that finds an older version replaces them.
FELLES_VERSION = 1
#: Class (high 32 bits) of the per-municipality workspace lock; the low 32 bits are the schema's oid.
WORKSPACE_LOCK_CLASS = 0x1C7
#: Key of the advisory transaction lock that serialises setting up the shared schema.
FELLES_LOCK = (0x1C9 << 32) | 1

FELLES_DDL = (
    f"CREATE SCHEMA IF NOT EXISTS {FELLES}",
    f"""CREATE TABLE IF NOT EXISTS {FELLES}.versjon (versjon integer NOT NULL)""",
    f"GRANT SELECT ON {FELLES}.versjon TO PUBLIC",
    f"""CREATE TABLE IF NOT EXISTS {FELLES}.kommuner (
        skjema text PRIMARY KEY,
        navn text NOT NULL,
        del_barometer boolean NOT NULL DEFAULT false,
        vis_navn boolean NOT NULL DEFAULT false,
        endret timestamptz NOT NULL DEFAULT now())""",
    f"REVOKE ALL ON {FELLES}.kommuner FROM PUBLIC",
    f"""CREATE OR REPLACE FUNCTION {FELLES}.registrer(skjema_ text, navn_ text, del_ boolean, vis_ boolean)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
          IF to_regnamespace(quote_ident(skjema_)) IS NULL
             OR NOT has_schema_privilege(session_user, quote_ident(skjema_), 'CREATE') THEN
            RAISE EXCEPTION 'ingen rett til skjemaet %', skjema_ USING ERRCODE = '42501';
          END IF;
          INSERT INTO {FELLES}.kommuner AS k (skjema, navn, del_barometer, vis_navn)
          VALUES (skjema_, navn_, del_, vis_)
          ON CONFLICT (skjema) DO UPDATE
            SET navn = excluded.navn, del_barometer = excluded.del_barometer, vis_navn = excluded.vis_navn,
                endret = now()
            WHERE (k.navn, k.del_barometer, k.vis_navn)
                  IS DISTINCT FROM (excluded.navn, excluded.del_barometer, excluded.vis_navn);
        END $$""",
    f"""CREATE OR REPLACE FUNCTION {FELLES}.barometer_per_omrade(skjema_ text, min_svar integer)
        RETURNS TABLE (kommune text, egen boolean, navngitt boolean, omrade text, svar bigint, snitt numeric)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
          k record;
          deler boolean;
          nr integer := 0;
          navn_ text;
        BEGIN
          IF to_regnamespace(quote_ident(skjema_)) IS NULL
             OR NOT has_schema_privilege(session_user, quote_ident(skjema_), 'USAGE') THEN
            RAISE EXCEPTION 'ingen rett til skjemaet %', skjema_ USING ERRCODE = '42501';
          END IF;
          SELECT coalesce(bool_or(del_barometer), false) INTO deler FROM {FELLES}.kommuner WHERE skjema = skjema_;
          FOR k IN SELECT s.skjema, s.navn, s.vis_navn FROM {FELLES}.kommuner s
                   WHERE s.skjema = skjema_ OR (deler AND s.del_barometer)
                   ORDER BY s.skjema = skjema_ DESC, md5(s.skjema) LOOP
            IF k.skjema = skjema_ OR k.vis_navn THEN
              navn_ := k.navn;
            ELSE
              nr := nr + 1;
              navn_ := 'Kommune ' || CASE WHEN nr <= 26 THEN chr(64 + nr) ELSE nr::text END;
            END IF;
            CONTINUE WHEN to_regclass(format('%I.submissions', k.skjema)) IS NULL;
            RETURN QUERY EXECUTE format($q$
              WITH latest AS (
                SELECT s.content_json::jsonb AS c FROM %1$I.submissions s
                JOIN (SELECT unit_key, MAX(revision) AS revision FROM %1$I.submissions
                      WHERE status = 'godkjent' GROUP BY unit_key) l
                  ON s.unit_key = l.unit_key AND s.revision = l.revision)
              SELECT $1, $2, $3, b->>'area', count(*), round(avg((b->>'score')::numeric), 2)
              FROM latest, jsonb_array_elements(latest.c->'barometer') b
              WHERE jsonb_typeof(b->'score') = 'number'
              GROUP BY b->>'area'
              HAVING $2 OR count(*) >= $4
              ORDER BY 4$q$, k.skjema)
            USING navn_, k.skjema = skjema_, k.skjema = skjema_ OR k.vis_navn, min_svar;
          END LOOP;
        END $$""",
    f"DELETE FROM {FELLES}.versjon",
    f"INSERT INTO {FELLES}.versjon VALUES ({FELLES_VERSION})",
)


@dataclass(frozen=True)
class AreaScore:
    """The IKT-barometer of one municipality in one area: the mean score (1–5) of
    every answered statement in the latest revision of each of its units."""

    municipality: str  # its name, or «Kommune A» when it shares its figures without its name
    own: bool  # the workspace's own municipality
    named: bool  # False: anonymised
    area: str
    answers: int
    mean: float


def own_area_scores(submissions: list[Submission], municipality: str) -> list[AreaScore]:
    """The barometer per area over the latest revisions (*submissions*), as :meth:`Store.barometer_comparison`
    gives it for the store's own municipality."""
    from decimal import ROUND_HALF_UP, Decimal

    sums: dict[str, list[int]] = {}
    for s in submissions:
        for answer in s.content.barometer:
            if answer.score is not None:
                sums.setdefault(answer.area, []).append(answer.score)
    # Rounded half up, as PostgreSQL's round(numeric) does: the same figure from either store.
    return [AreaScore(municipality, True, True, area, len(scores),
                      float((Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)))
            for area, scores in sorted(sums.items())]


def schema_for(municipality: str) -> str:
    """``"Fjordvik kommune"`` → ``kommune_fjordvik``: the schema a municipality's store lives in."""
    s = municipality.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    s = re.sub(r"\bkommune\b", "", s)
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_") or "uten_navn"
    return f"kommune_{s[:40]}"


def role_for(municipality: str) -> str:
    """The login role :func:`add_municipality` makes: ``iktplan_fjordvik``."""
    return "iktplan_" + schema_for(municipality)[len("kommune_"):]


def ensure_felles(conn) -> bool:
    """Make or update the shared schema on *conn* (autocommit); False if this login may
    not (a municipality's own role: the administrator made it, and it is used as it is)."""
    import psycopg

    row = conn.execute(f"SELECT to_regclass('{FELLES}.versjon') IS NOT NULL AS here").fetchone()
    if row[0] and conn.execute(f"SELECT max(versjon) FROM {FELLES}.versjon").fetchone()[0] == FELLES_VERSION:
        return True
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (FELLES_LOCK,))
            for statement in FELLES_DDL:
                conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return bool(row[0])
    return True


def add_municipality(admin, name: str, password: str | None) -> tuple[str, str]:
    """Make the login role and the schema of municipality *name* (run as the database's
    administrator, on an autocommit connection); return (role, schema). The role owns
    its schema, finds it through its ``search_path``, and cannot enter any other."""
    from psycopg import sql

    schema, role = schema_for(name), role_for(name)
    ensure_felles(admin)
    r, s = sql.Identifier(role), sql.Identifier(schema)
    with admin.transaction():
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists is None:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(r))
        if password is not None:
            admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(r, sql.Literal(password)))
        admin.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {} AUTHORIZATION {}").format(s, r))
        admin.execute(sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(s))
        admin.execute(sql.SQL("ALTER ROLE {} SET search_path = {}").format(r, s))
        admin.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(FELLES), r))
    return role, schema
