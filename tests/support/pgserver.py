"""A throwaway PostgreSQL server on localhost for the tests.

It runs Debian's (or any installed) PostgreSQL binaries as a child cluster in a
temporary folder: ``initdb`` with trust authentication for one user, then
``pg_ctl start`` listening on 127.0.0.1 on a free high port with its Unix socket
in the same folder, and ``pg_ctl stop -m fast`` plus removal of the folder at
the end. The system cluster the package may have made (``/var/lib/postgresql``)
is never touched.

PostgreSQL refuses to run as root (``initdb: error: cannot be run as root``).
CI runs the tests as root, so then the server's processes run as the
``postgres`` system user that Debian's package creates (or ``nobody`` if there
is none): ``subprocess`` drops to that user itself (``user=``/``group=``/
``extra_groups=``), so no ``su``/``runuser``/``sudo`` and no PAM are involved.
The temporary folder is made outside pytest's ``tmp_path`` because that one is
``0700`` and owned by root, which the server user cannot enter.

Without PostgreSQL binaries :class:`PostgresUnavailable` is raised; the pytest
fixture (``postgres_server`` in ``tests/conftest.py``) turns that into a skip with
the reason — or a failure under ``CI=true``, where ``tests/setup_postgres.sh`` has
installed the server and a skip would hide a broken install.

Why not ``pytest-postgresql``: it runs ``pg_ctl`` as the current user, and
PostgreSQL refuses to run as root, which is how CI runs the tests.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

#: Where the binaries are looked for, after ``$IKTPLAN_PG_BINDIR`` and ``pg_config --bindir``.
_DEBIAN_GLOB = "/usr/lib/postgresql/*/bin"


class PostgresUnavailable(RuntimeError):
    """No usable PostgreSQL server binaries on this machine (the text says why)."""


def find_bindir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``; None if none is installed.

    Debian keeps them off ``PATH`` in ``/usr/lib/postgresql/<major>/bin`` (the
    newest major wins); ``pg_config`` alone is not enough, since ``libpq-dev``
    ships it without a server."""
    if os.environ.get("IKTPLAN_PG_BINDIR"):  # an explicit choice: no search past it
        folder = Path(os.environ["IKTPLAN_PG_BINDIR"])
        return folder if _has_server(folder) else None
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10).stdout
            candidates.append(Path(out.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    def major(path: str) -> int:
        m = re.search(r"/postgresql/(\d+)/bin$", path)
        return int(m.group(1)) if m else 0
    candidates += [Path(p) for p in sorted(glob.glob(_DEBIAN_GLOB), key=major, reverse=True)]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(os.path.realpath(on_path)).parent)
    return next((folder for folder in candidates if _has_server(folder)), None)


def _has_server(folder: Path) -> bool:
    return all(os.access(folder / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_account() -> pwd.struct_passwd | None:
    """The account the server runs as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root, and there is no 'postgres' or 'nobody' user to run PostgreSQL as")


class PostgresServer:
    """One throwaway cluster. ``start()`` returns its URL; ``stop()`` removes everything.

    *user* is the cluster's superuser (trust authentication: no password).
    *durable*: False turns off ``fsync`` — enough for tests that kill clients,
    not for tests that cut the server's power. *extra_options*: more ``-c name=value``
    settings for the server (e.g. another ``listen_addresses``). *password*: TCP logins
    must give it (scram-sha-256); the Unix socket stays trust for the helper itself."""

    def __init__(self, user: str = "iktplan", database: str = "iktplan", durable: bool = False,
                 extra_options: str = "", password: str | None = None):
        self.user = user
        self.password = password
        self.extra_options = extra_options
        self.database = database
        self.durable = durable
        self.bindir = find_bindir()
        self.root: Path | None = None
        self.port: int | None = None
        self.timings: dict[str, float] = {}

    # --- life cycle -----------------------------------------------------------

    def start(self) -> str:
        if self.bindir is None:
            raise PostgresUnavailable(
                "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found; "
                "install Debian's package 'postgresql' or set IKTPLAN_PG_BINDIR")
        account = _server_account()
        # Short path: the socket's name must fit in sun_path (107 bytes).
        self.root = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))
        if account is not None:
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.root.chmod(0o700)
        data = self.root / "data"
        t0 = time.monotonic()
        auth = ["--auth=trust"]
        if self.password is not None:
            pwfile = self.root / "pwfile"
            pwfile.write_text(self.password + "\n", encoding="utf-8")
            if account is not None:
                os.chown(pwfile, account.pw_uid, account.pw_gid)
            auth = ["--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}"]
        self._run(["initdb", "-D", str(data), *auth, "-U", self.user, "-E", "UTF8",
                   "--locale=C.UTF-8", "--no-sync", "--no-instructions"], account)
        self.timings["initdb"] = time.monotonic() - t0
        last_error: Exception | None = None
        for _attempt in range(3):  # a free port can be taken between free_port() and the bind
            self.port = free_port()
            options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                       f"-c max_connections=40 -c shared_buffers=16MB")
            if not self.durable:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            if self.extra_options:
                options += " " + self.extra_options
            t0 = time.monotonic()
            try:
                self._run(["pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"),
                           "-w", "-t", "30", "start"], account)
            except PostgresUnavailable as exc:
                last_error = exc
                continue
            self.timings["start"] = time.monotonic() - t0
            break
        else:
            self.stop()
            raise PostgresUnavailable(f"PostgreSQL did not start: {last_error}")
        t0 = time.monotonic()
        self._run(["createdb", "-h", str(self.root), "-p", str(self.port), "-U", self.user, self.database],
                  account)
        self.timings["createdb"] = time.monotonic() - t0
        return self.url

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        t0 = time.monotonic()
        if (data / "postmaster.pid").exists():
            try:
                self._run(["pg_ctl", "-D", str(data), "-m", "fast", "-w", "-t", "30", "stop"], _server_account())
            except PostgresUnavailable:
                self._kill_postmaster(data)
        self.timings["stop"] = time.monotonic() - t0
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what tests use ---------------------------------------------------------

    @property
    def url(self) -> str:
        """``postgresql://iktplan@127.0.0.1:PORT/iktplan`` (TCP, as another host would connect)."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def url_for(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def log(self) -> str:
        path = self.root / "server.log" if self.root else None
        return path.read_text("utf-8", "replace") if path and path.exists() else ""

    # --- plumbing -------------------------------------------------------------

    def _run(self, argv: list[str], account: pwd.struct_passwd | None) -> None:
        binary = self.bindir / argv[0]
        if not os.access(binary, os.X_OK):
            found = shutil.which(argv[0])
            if not found:
                raise PostgresUnavailable(f"{argv[0]} not found")
            binary = Path(found)
        kwargs: dict = {}
        if account is not None:
            kwargs = dict(user=account.pw_uid, group=account.pw_gid, extra_groups=[])
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C.UTF-8", HOME=str(self.root))
        proc = subprocess.run([str(binary), *argv[1:]], capture_output=True, text=True, timeout=60,
                              cwd=self.root, env=env, **kwargs)
        if proc.returncode != 0:
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
            raise PostgresUnavailable(f"{argv[0]} failed ({proc.returncode}): {tail}\n{self.log()[-2000:]}")

    @staticmethod
    def _kill_postmaster(data: Path) -> None:
        try:
            pid = int((data / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.05)
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass


@contextlib.contextmanager
def fresh_database(server: PostgresServer, template: str | None = None):
    """An empty database of its own on *server* (or a copy of *template*), dropped afterwards: its URL."""
    import uuid

    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server.url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"')
    try:
        yield server.url_for(name)
    finally:
        with psycopg.connect(server.url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
