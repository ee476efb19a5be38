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

- ``registrer(skjema, navn, del_barometer, vis_navn, del_tiltak)``: a municipality
  records its own name and consent (only for a schema its login may create in);
- ``barometer_per_omrade(skjema, min_svar)``: the IKT-barometer per area — the
  number of answers and the mean score over the latest revision of every unit —
  for the caller's own municipality, and, only if it shares its own figures, for
  every other municipality that shares theirs: by name if it allows that,
  otherwise as «Kommune A», «Kommune B» … Never a comment (free text), a unit or
  a single answer; an area with fewer than *min_svar* answers is left out for the
  others;
- ``tiltak_og_systemer()``: for the IKT-samarbeid's secretariat (a login made by
  :func:`add_secretariat`, or the one role holding every schema), the systems and
  measures of every municipality that shares them (``[samarbeid] del_tiltak``),
  by name: per unit its name and service area, per system its name, supplier,
  purpose, users, satisfaction and life cycle, per measure its number, title,
  description, amounts, period, duration and category. Never a person (contact,
  e-mail, «Ansvarlig»), a comment, a problem or the barometer. ``EXECUTE`` is
  revoked from ``PUBLIC``: a municipality's own login cannot call it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.core.comparison import MIN_ANSWERS, NO_COMPARISON, AreaScore, BarometerComparison, comparison_of

if TYPE_CHECKING:
    from pipeline.core.model import Submission
    from pipeline.intake.store_settings import Sharing

FELLES = "iktplan_felles"
#: Bumped when the functions below change; a store that finds an older version replaces them.
FELLES_VERSION = 2
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
    f"ALTER TABLE {FELLES}.kommuner ADD COLUMN IF NOT EXISTS del_tiltak boolean NOT NULL DEFAULT false",
    # Version 1 registered without del_tiltak: its four-argument function goes.
    f"DROP FUNCTION IF EXISTS {FELLES}.registrer(text, text, boolean, boolean)",
    f"""CREATE OR REPLACE FUNCTION {FELLES}.registrer(skjema_ text, navn_ text, del_ boolean, vis_ boolean,
                                                    tiltak_ boolean)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
          IF to_regnamespace(quote_ident(skjema_)) IS NULL
             OR NOT has_schema_privilege(session_user, quote_ident(skjema_), 'CREATE') THEN
            RAISE EXCEPTION 'ingen rett til skjemaet %', skjema_ USING ERRCODE = '42501';
          END IF;
          INSERT INTO {FELLES}.kommuner AS k (skjema, navn, del_barometer, vis_navn, del_tiltak)
          VALUES (skjema_, navn_, del_, vis_, tiltak_)
          ON CONFLICT (skjema) DO UPDATE
            SET navn = excluded.navn, del_barometer = excluded.del_barometer, vis_navn = excluded.vis_navn,
                del_tiltak = excluded.del_tiltak, endret = now()
            WHERE (k.navn, k.del_barometer, k.vis_navn, k.del_tiltak)
                  IS DISTINCT FROM (excluded.navn, excluded.del_barometer, excluded.vis_navn, excluded.del_tiltak);
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
    # What the caller's comparison is made from, as one hash: who it sees, how, and how many
    # submissions each has (a new one is always a new row). A rerun compares this instead of
    # computing the comparison; it shows no count, and no more than barometer_per_omrade shows.
    f"""CREATE OR REPLACE FUNCTION {FELLES}.barometer_tilstand(skjema_ text)
        RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
          k record;
          deler boolean;
          del text;
          alt text := '';
        BEGIN
          IF to_regnamespace(quote_ident(skjema_)) IS NULL
             OR NOT has_schema_privilege(session_user, quote_ident(skjema_), 'USAGE') THEN
            RAISE EXCEPTION 'ingen rett til skjemaet %', skjema_ USING ERRCODE = '42501';
          END IF;
          SELECT coalesce(bool_or(del_barometer), false) INTO deler FROM {FELLES}.kommuner WHERE skjema = skjema_;
          FOR k IN SELECT s.skjema, s.navn, s.vis_navn FROM {FELLES}.kommuner s
                   WHERE deler AND s.del_barometer AND s.skjema <> skjema_ ORDER BY s.skjema LOOP
            CONTINUE WHEN to_regclass(format('%I.submissions', k.skjema)) IS NULL;
            EXECUTE format('SELECT count(*) || '':'' || coalesce(max(id), 0) FROM %I.submissions', k.skjema) INTO del;
            alt := alt || k.skjema || '|' || k.navn || '|' || k.vis_navn || '|' || del || ';';
          END LOOP;
          RETURN md5(alt);
        END $$""",
    f"""CREATE OR REPLACE FUNCTION {FELLES}.tiltak_og_systemer()
        RETURNS TABLE (kommune text, enhet text, tjenesteomrade text, systemer jsonb, tiltak jsonb)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
          k record;
        BEGIN
          FOR k IN SELECT s.skjema, s.navn FROM {FELLES}.kommuner s WHERE s.del_tiltak ORDER BY s.navn, s.skjema LOOP
            CONTINUE WHEN to_regclass(format('%I.submissions', k.skjema)) IS NULL;
            RETURN QUERY EXECUTE format($q$
              WITH latest AS (
                SELECT s.content_json::jsonb AS c FROM %1$I.submissions s
                JOIN (SELECT unit_key, MAX(revision) AS revision FROM %1$I.submissions
                      WHERE status = 'godkjent' GROUP BY unit_key) l
                  ON s.unit_key = l.unit_key AND s.revision = l.revision)
              SELECT $1, c->'unit'->>'name', c->'unit'->>'service_area',
                coalesce((SELECT jsonb_agg(jsonb_build_object(
                    'name', x->'name', 'supplier', x->'supplier', 'purpose', x->'purpose', 'users', x->'users',
                    'satisfaction', x->'satisfaction', 'lifecycle', x->'lifecycle') ORDER BY o)
                  FROM jsonb_array_elements(c->'systems') WITH ORDINALITY AS t(x, o)), '[]'::jsonb),
                coalesce((SELECT jsonb_agg(jsonb_build_object(
                    'nr', x->'nr', 'title', x->'title', 'description', x->'description',
                    'investment', x->'investment', 'operating_cost', x->'operating_cost', 'benefit', x->'benefit',
                    'period', x->'period', 'duration_months', x->'duration_months', 'category', x->'category')
                    ORDER BY o)
                  FROM jsonb_array_elements(c->'measures') WITH ORDINALITY AS t(x, o)), '[]'::jsonb)
              FROM latest ORDER BY 2$q$, k.skjema)
            USING k.navn;
          END LOOP;
        END $$""",
    f"REVOKE ALL ON FUNCTION {FELLES}.tiltak_og_systemer() FROM PUBLIC",
    f"DELETE FROM {FELLES}.versjon",
    f"INSERT INTO {FELLES}.versjon VALUES ({FELLES_VERSION})",
)


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


def felles_version(conn) -> int:
    """The version of the shared schema on *conn*; 0: there is none."""
    row = conn.execute(f"SELECT to_regclass('{FELLES}.versjon') IS NOT NULL AS here").fetchone()
    if not row[0]:
        return 0
    return conn.execute(f"SELECT coalesce(max(versjon), 0) FROM {FELLES}.versjon").fetchone()[0]


def ensure_felles(conn) -> int:
    """Make or update the shared schema on *conn* (autocommit); return its version now
    (0: there is none, and this login may not make it). A municipality's own role may
    not: it uses what the administrator made, an older version included."""
    import psycopg

    found = felles_version(conn)
    if found == FELLES_VERSION:
        return found
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (FELLES_LOCK,))
            for statement in FELLES_DDL:
                conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return found
    return FELLES_VERSION


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


def secretariat_role_for(name: str) -> str:
    """The login role :func:`add_secretariat` makes: ``"Vestfjord IKT"`` → ``iktplan_samarbeid_vestfjord_ikt``."""
    return "iktplan_samarbeid_" + schema_for(name)[len("kommune_"):]


def add_secretariat(admin, name: str, password: str | None) -> str:
    """Make the login role of IKT-samarbeid *name*'s secretariat (run as the database's
    administrator, on an autocommit connection); return the role. It may call
    ``tiltak_og_systemer()`` and nothing else: no schema of its own, no municipality's."""
    from psycopg import sql

    role = secretariat_role_for(name)
    ensure_felles(admin)
    r = sql.Identifier(role)
    with admin.transaction():
        if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(r))
        if password is not None:
            admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(r, sql.Literal(password)))
        admin.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(FELLES), r))
        admin.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {}.tiltak_og_systemer() TO {}").format(
            sql.Identifier(FELLES), r))
    return role


def comparison_state(store, sharing: Sharing) -> str:
    """What the comparison would be made from, cheaply, for a rerun's input token (empty:
    no comparison to make: no consent, or a store that holds no one else)."""
    if not sharing.share_barometer or not store.compares:
        return ""
    return store.comparison_state()


def gather_comparison(store, sharing: Sharing) -> BarometerComparison:
    """What the documents show of the comparison, gathered through the store's interface
    (one query on PostgreSQL; none without consent, or in a store that holds no one else)."""
    if not sharing.share_barometer:
        return NO_COMPARISON
    if not store.compares:
        return comparison_of(True, ())
    return comparison_of(True, store.barometer_comparison(MIN_ANSWERS))
