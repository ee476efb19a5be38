"""The shared store: PostgreSQL, for several machines and several municipalities.

``[lager] url = "postgresql://bruker@vert/database"`` in ``strategi.toml``; the
password comes from ``IKTPLAN_LAGER_PASSORD`` and never appears in a message (the
URL is shown without it, and the text of every driver error is scrubbed of it).

The same guarantees as SQLite, in the ways PostgreSQL gives them:

- **One machine at a time per municipality.** A run takes a *session* advisory
  lock on the store's own connection (key: the municipality's schema), so a second
  machine — which the workspace's file lock cannot see — is refused. If the
  connection drops, the lock is gone and so is the session: the store never
  reconnects silently, the run stops. Server-side TCP keepalives free the lock of a
  machine that lost power within about a minute, not the kernel's two hours.
- **A revision is never lost.** ``BEGIN IMMEDIATE`` has no twin here, so the unit's
  next revision is read under ``pg_advisory_xact_lock`` on the unit, with
  ``UNIQUE (unit_key, revision)`` kept as the backstop (measured for issue 19: a
  plain ``MAX + 1`` lost 69 of 100 concurrent revisions; this lost none, without retries).
- **Every write is one transaction**, with the same fault points as SQLite.
- **The bytes of every submission** go into ``files`` (``bytea``, not compressed
  again: xlsx is a zip) in the transaction that records it, so every machine has
  them and ``pg_dump`` backs them up. The workspace keeps its copies on disk too.

Each municipality has a schema of its own (see :mod:`pipeline.intake.samarbeid`):
``[lager] skjema`` if given, else the login role's own (its ``search_path``),
else one named after ``kommune`` in ``strategi.toml``, made if the login may.
"""

from __future__ import annotations

import logging
from typing import Any

from pipeline.errors import LockedError, StoreError
from pipeline.intake import migrations, samarbeid
from pipeline.intake.samarbeid import AreaScore, own_area_scores
from pipeline.i18n import Msg
from pipeline.intake.store import KEPT_MSG, Store
from pipeline.intake.store_settings import PASSWORD_VARIABLE, Sharing, StoreSettings

log = logging.getLogger("iktplan.store")

#: libpq keepalives (we notice a dead server) and the server's (it notices a dead
#: machine and frees its lock); a lock wait or a forgotten transaction ends in time.
SESSION_OPTIONS = ("-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3 "
            "-c lock_timeout=30s -c idle_in_transaction_session_timeout=10min")

class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, settings: StoreSettings, *, municipality: str, lock: bool = False,
                 connect_timeout: int = 10):
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:
            raise StoreError(Msg("[lager] url peker på PostgreSQL, men PostgreSQL-støtten er ikke installert på "
                                 "denne maskinen. Installer den med «pip install iktplan[postgres]» (psycopg) og kjør "
                                 "på nytt.")) from None
        self._psycopg = psycopg
        self.settings = settings
        self.municipality_name = municipality
        self.schema: str | None = None
        self._felles = 0  # the shared schema's version (samarbeid.FELLES_VERSION); 0: none
        self._sql: dict[str, str] = {}
        params = psycopg.conninfo.conninfo_to_dict(settings.url)
        self._where = (f"{params.get('user', '')}@{params.get('host', 'localhost')}"
                       f"{':' + str(params['port']) if params.get('port') else ''}/{params.get('dbname', '')}")
        self.conn = None
        try:
            self.conn = psycopg.connect(
                settings.url, password=settings.password, autocommit=True, row_factory=dict_row,
                application_name="iktplan", connect_timeout=connect_timeout, keepalives=1, keepalives_idle=30,
                keepalives_interval=10, keepalives_count=3, options=SESSION_OPTIONS)
        except psycopg.Error as exc:
            raise connect_error(exc, self._where, settings.password) from None
        try:
            self.schema = self._choose_schema()
            if migrations.current_version(self._raw(), "postgres") != migrations.HEAD:
                migrations.migrate(self._raw(), "postgres")
            self._rekey_units()
            if lock:
                self._lock_workspace()
                self._felles = samarbeid.ensure_felles(self._raw())
            else:
                self._felles = samarbeid.felles_version(self._raw())
        except psycopg.Error as exc:
            error = self._translate(exc)
            self.close()
            raise error from None
        except migrations.MigrationError as exc:
            self.close()
            raise StoreError(exc.args[0]) from None
        except BaseException:
            self.close()
            raise

    @property
    def label(self) -> str:
        return str(self.label_msg)

    @property
    def label_msg(self) -> Msg:
        if self.schema:
            return Msg("PostgreSQL-lageret {where} (skjema {schema})", where=self._where, schema=self.schema)
        return Msg("PostgreSQL-lageret {where}", where=self._where)

    @property
    def title_msg(self) -> Msg:
        return self.label_msg  # begins with a capital already

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()  # ends the session: the workspace lock goes with it
            finally:
                self.conn = None

    # --- the municipality's schema and the lock across machines -----------------------

    def _choose_schema(self) -> str:
        from psycopg import sql

        wanted = self.settings.schema
        if wanted is None:
            current = self._scalar("SELECT current_schema()")
            if current not in (None, "public"):
                return current  # the role's own schema, set up by whoever runs the database
            wanted = samarbeid.schema_for(self.municipality_name)
        if self._scalar("SELECT to_regnamespace(%s) IS NULL", (sql.Identifier(wanted).as_string(self.conn),)):
            try:
                self.conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(wanted)))
            except self._psycopg.errors.InsufficientPrivilege:
                raise StoreError(Msg(
                    "{store} har ikke noe skjema for {municipality} ({schema}), og brukeren i [lager] url har ikke "
                    "lov til å lage det. Be den som drifter databasen kjøre «iktplan lager-ny-kommune "
                    "\"{municipality}\"», og bruk brukeren den lager. Ingenting er endret.", store=self.title_msg,
                    municipality=self.municipality_name, schema=wanted)) from None
        self.conn.execute("SELECT set_config('search_path', %s, false)", (sql.Identifier(wanted).as_string(self.conn),))
        self.schema = wanted
        return wanted

    def _lock_workspace(self) -> None:
        key = self._scalar("SELECT (%s::bigint << 32) | to_regnamespace(%s)::oid::bigint",
                           (samarbeid.WORKSPACE_LOCK_CLASS, self._quoted_schema()))
        if self._scalar("SELECT pg_try_advisory_lock(%s)", (key,)):
            return
        holder = self._one_raw(
            "SELECT host(a.client_addr) AS addr, a.client_hostname AS host, to_char(a.backend_start, "
            "'DD.MM.YYYY \"kl.\" HH24:MI') AS since FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = (%s::bigint >> 32)::oid "
            "AND l.objid = (%s::bigint & 4294967295)::oid AND l.objsubid = 1 LIMIT 1", (key, key))
        if holder and (holder.get("host") or holder.get("addr")):
            raise LockedError(Msg(
                "En annen maskin ({machine}, siden {since}) kjører iktplan for {municipality} mot {store} nå. Vent "
                "til den er ferdig, eller stopp den (f.eks. «iktplan watch» på den andre maskinen).",
                machine=holder.get("host") or holder.get("addr"), since=str(holder["since"]),
                municipality=self.municipality_name, store=self.label_msg))
        raise LockedError(Msg(
            "En annen maskin kjører iktplan for {municipality} mot {store} nå. Vent til den er ferdig, eller stopp "
            "den (f.eks. «iktplan watch» på den andre maskinen).", municipality=self.municipality_name,
            store=self.label_msg))

    def _quoted_schema(self) -> str:
        from psycopg import sql

        return sql.Identifier(self.schema).as_string(self.conn)

    @property
    def compares(self) -> bool:
        return self._felles > 0

    def register(self, sharing: Sharing) -> None:
        if not self._felles:
            return
        if self._felles < 2:  # made by an older iktplan, which this login may not update: no del_tiltak there
            self._run(f"SELECT {samarbeid.FELLES}.registrer(?, ?, ?, ?)",
                      (self.schema, self.municipality_name, sharing.share_barometer, sharing.show_name))
            return
        self._run(f"SELECT {samarbeid.FELLES}.registrer(?, ?, ?, ?, ?)",
                  (self.schema, self.municipality_name, sharing.share_barometer, sharing.show_name,
                   sharing.share_measures))

    def comparison_state(self) -> str:
        if self._felles < 2:  # an older shared schema, without the cheap function: the comparison itself
            from pipeline.core.comparison import comparison_of

            return comparison_of(True, self.barometer_comparison()).token()
        return self._rows(f"SELECT {samarbeid.FELLES}.barometer_tilstand(?) AS t", (self.schema,))[0]["t"]

    def barometer_comparison(self, min_answers: int = 3) -> list[AreaScore]:
        if not self._felles:
            return own_area_scores(self.latest_accepted(), self.municipality_name)
        rows = self._rows(f"SELECT * FROM {samarbeid.FELLES}.barometer_per_omrade(?, ?)", (self.schema, min_answers))
        return [AreaScore(r["kommune"], r["egen"], r["navngitt"], r["omrade"], r["svar"], float(r["snitt"]))
                for r in rows]

    # --- what only this backend does ---------------------------------------------------

    def _before_revision(self, unit_key: str) -> None:
        self._run("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || ?, 0))", (unit_key,))

    def _keep_bytes(self, sha256: str, data: bytes) -> None:
        try:
            self.conn.execute("INSERT INTO files (sha256, content, size) VALUES (%s, %b, %s) "
                              "ON CONFLICT (sha256) DO NOTHING", (sha256, data, len(data)))
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _after_restore(self) -> None:
        for table in ("submissions", "actions", "followups"):
            self._run(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                      f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1), "
                      f"(SELECT COUNT(*) > 0 FROM {table}))")

    def file_bytes(self, sha256: str) -> bytes | None:
        """The bytes kept for a submission with this SHA-256; None: none kept."""
        row = self._one("SELECT content FROM files WHERE sha256 = ?", (sha256,))
        return bytes(row["content"]) if row else None

    # --- the driver, with every error in Norwegian -------------------------------------

    def _raw(self) -> _TupleConnection:
        """The connection for :mod:`migrations` (its own placeholders; tuples, not dicts)."""
        from psycopg.rows import tuple_row

        return _TupleConnection(self.conn, tuple_row)

    def _query(self, sql: str) -> str:
        if sql not in self._sql:
            self._sql[sql] = sql.replace("?", "%s")
        return self._sql[sql]

    def _run(self, sql: str, params: tuple = ()) -> Any:
        try:
            return self.conn.execute(self._query(sql), params or None)
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _rows(self, sql: str, params: tuple = ()) -> list[Any]:
        try:
            return self.conn.execute(self._query(sql), params or None).fetchall()
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _scalar(self, sql: str, params: tuple | None = None) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return next(iter(row.values())) if row else None

    def _one_raw(self, sql: str, params: tuple | None = None) -> dict | None:
        return self.conn.execute(sql, params).fetchone()

    def _begin(self) -> None:
        self._run("BEGIN")

    def _commit(self) -> None:
        self._run("COMMIT")

    def _rollback(self) -> None:
        if self.conn is None or self.conn.closed:
            return
        try:
            if self.conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
                self.conn.execute("ROLLBACK")
        except self._psycopg.Error:
            pass  # the connection is gone: the server has rolled back

    def _scrub(self, text: str) -> str:
        password = self.settings.password
        return text.replace(password, "***") if password else text

    def _translate(self, exc: Exception) -> StoreError:
        errors = self._psycopg.errors
        text = self._scrub(str(exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if self.conn is None or self.conn.closed or self.conn.broken or isinstance(exc, (errors.AdminShutdown,
                                                                                      errors.CannotConnectNow)):
            return StoreError(Msg(
                "Forbindelsen til {store} ble brutt ({detail}). Det som ikke var lagret, er rullet tilbake, og låsen "
                "på arbeidsmappen er sluppet. Kjør på nytt når serveren svarer. {kept}", store=self.label_msg,
                detail=text, kept=KEPT_MSG))
        if isinstance(exc, self._psycopg.IntegrityError):
            return StoreError(Msg("{store} avviste en endring ({detail}). Det er en feil i iktplan; ingenting fra "
                                  "dette steget er lagret. {kept} Send meldingen til den som drifter iktplan.",
                                  store=self.title_msg, detail=text, kept=KEPT_MSG))
        if isinstance(exc, errors.DiskFull):
            reason = Msg("databaseserveren har ikke mer plass. Be den som drifter databasen om mer plass og kjør på "
                         "nytt")
        elif isinstance(exc, errors.ReadOnlySqlTransaction):
            reason = Msg("databasen tar bare imot lesing (en skrivebeskyttet kopi?). Sjekk at [lager] url peker på "
                         "hovedserveren")
        elif isinstance(exc, errors.InsufficientPrivilege):
            reason = Msg("brukeren mangler rettigheter ({detail}). Be den som drifter databasen om å gi dem",
                         detail=text)
        elif isinstance(exc, (errors.LockNotAvailable, errors.QueryCanceled, errors.DeadlockDetected)):
            reason = Msg("en annen prosess holder lageret låst. Vent litt og kjør på nytt")
        else:
            reason = Msg("{detail}. Kjør på nytt; gjentar det seg, ta kontakt med den som drifter iktplan", detail=text)
        # TRANSLATORS: {reason} is a clause without a full stop (one of the reasons above).
        return StoreError(Msg("Kan ikke bruke {store}: {reason}. {kept}", store=self.label_msg, reason=reason,
                              kept=KEPT_MSG))

def connect_error(exc: Exception, where: str, password: str | None) -> StoreError:
    """The message for a connection to *where* (``bruker@vert:port/db``) that failed."""
    text = str(exc).replace(password, "***") if password else str(exc)
    low = text.lower()
    reason: Msg | str
    if "password authentication failed" in low:
        reason = Msg("serveren avviste passordet. Sjekk miljøvariabelen {variable}", variable=PASSWORD_VARIABLE)
    elif "no password supplied" in low or "password is required" in low:
        reason = Msg("serveren krever passord. Sett det i miljøvariabelen {variable} (aldri i strategi.toml)",
                     variable=PASSWORD_VARIABLE)
    elif "role" in low and "does not exist" in low:
        reason = Msg("brukeren i [lager] url finnes ikke på serveren. Sjekk url, eller be den som drifter databasen")
    elif "database" in low and "does not exist" in low:
        reason = Msg("databasen i [lager] url finnes ikke på serveren. Sjekk url, eller be den som drifter databasen")
    elif any(s in low for s in ("could not connect", "connection refused", "timeout expired", "translate host",
                                "no route to host", "name or service not known", "network is unreachable")):
        reason = Msg("får ikke kontakt med serveren. Sjekk at maskinen er på nettet (og VPN), og at vert og port i "
                     "[lager] url er riktige")
    else:
        reason = text.strip().splitlines()[-1] if text.strip() else type(exc).__name__
    # TRANSLATORS: {reason} is a clause without a full stop (one of the reasons above, or the server's words).
    return StoreError(Msg("Kan ikke koble til PostgreSQL-lageret {where}: {reason}. {kept}", where=where,
                          reason=reason, kept=KEPT_MSG))

class _TupleConnection:
    """The store's connection as :mod:`migrations` expects it: rows as tuples."""

    def __init__(self, conn, tuple_row):
        self._conn, self._factory = conn, tuple_row

    def execute(self, sql: str, params: tuple | None = None):
        cur = self._conn.cursor(row_factory=self._factory)
        return cur.execute(sql, params)

    def transaction(self):
        return self._conn.transaction()

def add_municipality(admin_url: str, name: str, password: str | None) -> tuple[str, str, str]:
    """«iktplan lager-ny-kommune»: as the database's administrator (*admin_url*, its password
    in ``IKTPLAN_LAGER_PASSORD``), make municipality *name*'s login role and schema; return
    (role, schema, the url its workspaces put under ``[lager]``)."""
    role, schema = _as_administrator(admin_url, name, samarbeid.add_municipality, password)
    return role, schema, _login_url(admin_url, role)


def add_secretariat(admin_url: str, name: str, password: str | None) -> tuple[str, str]:
    """«iktplan lager-nytt-sekretariat»: as the database's administrator, make the login role of
    IKT-samarbeid *name*'s secretariat, which may read what the members share and nothing
    else; return (role, the url the secretariat's workspace puts under ``[lager]``)."""
    role = _as_administrator(admin_url, name, samarbeid.add_secretariat, password)
    return role, _login_url(admin_url, role)


def _as_administrator(admin_url: str, name: str, make, password: str | None = None):
    import psycopg

    settings = StoreSettings(url=admin_url)
    try:
        admin = psycopg.connect(admin_url, password=settings.password, autocommit=True, connect_timeout=10,
                                application_name="iktplan lager")
    except psycopg.Error as exc:
        raise connect_error(exc, redact_url(admin_url), settings.password) from None
    try:
        with admin:
            return make(admin, name, password)
    except psycopg.errors.InsufficientPrivilege:
        raise StoreError(Msg("Brukeren i {url} har ikke lov til å lage brukere og skjemaer. Kjør kommandoen som "
                             "den som drifter databasen (en superbruker). Ingenting er endret.",
                             url=redact_url(admin_url))) from None
    except psycopg.Error as exc:
        raise StoreError(Msg("Kan ikke sette opp {name} i {url}: {detail}. Ingenting er endret.", name=name,
                             url=redact_url(admin_url), detail=str(exc).splitlines()[0])) from None


def _login_url(admin_url: str, role: str) -> str:
    """*admin_url* with *role* as its user and no password."""
    from psycopg import conninfo

    params = conninfo.conninfo_to_dict(admin_url)
    params.pop("password", None)
    params["user"] = role
    host = params.pop("host", "localhost")
    port = params.pop("port", None)
    dbname = params.pop("dbname", "")
    query = "&".join(f"{k}={v}" for k, v in params.items() if k != "user")
    return f"postgresql://{role}@{host}{':' + str(port) if port else ''}/{dbname}{'?' + query if query else ''}"


def redact_url(url: str) -> str:
    from pipeline.intake.store_settings import redact

    return redact(url)
