"""Real mail servers on localhost for the tests: Dovecot (IMAP) and aiosmtpd (SMTP).

Dovecot runs as an ordinary child process with a throwaway configuration in a
temporary folder: Maildir storage, any user name with one shared password (a
static passdb, so every test gets its own empty mailbox by using a new user
name), TLS with a self-signed certificate made by ``openssl`` for
``localhost``/``127.0.0.1``. It listens on free high ports on 127.0.0.1 only, and
is stopped (and its folder removed) when the test session ends.

Install Dovecot with ``tests/setup_mail.sh``; without it the IMAP tests are
skipped with that reason.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "Hemmelig-æøå-passord1"  # non-ASCII on purpose: the client must send it as UTF-8

DOVECOT_CANDIDATES = ("dovecot", "/usr/sbin/dovecot")


def dovecot_binary() -> str | None:
    for name in DOVECOT_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1: (cert.pem, key.pem)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    key.chmod(0o644)  # read by Dovecot's unprivileged processes
    return cert, key


@dataclass
class Dovecot:
    """A running Dovecot: ``imaps_port`` (implicit TLS), ``imap_port`` (plain and STARTTLS)."""

    root: Path
    cert: Path
    imap_port: int
    imaps_port: int
    process: subprocess.Popen
    capabilities_override: str | None = None

    def client(self, user: str) -> imaplib.IMAP4_SSL:
        ctx = ssl.create_default_context(cafile=str(self.cert))
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port, ssl_context=ctx, timeout=10)
        conn.authenticate("PLAIN", lambda _: f"\0{user}\0{PASSWORD}".encode())
        return conn

    def append(self, user: str, message: bytes, folder: str = "INBOX") -> None:
        conn = self.client(user)
        try:
            typ, data = conn.append(folder, None, None, message)
            assert typ == "OK", data
        finally:
            conn.logout()

    def messages(self, user: str, folder: str = "INBOX") -> list[tuple[bytes, bytes]]:
        """(flags, raw message) for each message in *folder* (``[]`` if the folder does not exist)."""
        conn = self.client(user)
        try:
            typ, _ = conn.select(f'"{folder}"', readonly=True)
            if typ != "OK":
                return []
            typ, data = conn.uid("SEARCH", None, "ALL")
            out = []
            for uid in data[0].split():
                typ, fetched = conn.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
                meta, raw = fetched[0]
                out.append((meta, raw))
            return out
        finally:
            conn.logout()

    def folders(self, user: str) -> list[str]:
        conn = self.client(user)
        try:
            typ, data = conn.list()
            names = []
            for line in data:
                match = re.fullmatch(r'\((.*?)\) (?:"(.)"|NIL) "?(.*?)"?', line.decode())
                names.append(match.group(3))
            return names
        finally:
            conn.logout()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self.root, ignore_errors=True)


def start_dovecot(capabilities: str | None = None) -> Dovecot:
    """Start a throwaway Dovecot. *capabilities*: what it advertises after login
    (``imap_capability``), e.g. without MOVE to exercise the COPY fallback."""
    binary = dovecot_binary()
    if binary is None:
        raise FileNotFoundError("dovecot")
    # A short path: Dovecot's unix sockets live under base_dir (sun_path is 108 bytes).
    root = Path(tempfile.mkdtemp(prefix="dv-", dir="/tmp"))
    root.chmod(0o755)
    for d in ("run", "state", "home"):
        (root / d).mkdir()
    cert, key = make_certificate(root)
    me = pwd.getpwuid(os.geteuid())
    if os.geteuid() == 0:
        # As root Dovecot drops privileges; mail is owned by its own system user.
        mail_user = pwd.getpwnam("dovecot")
        shutil.chown(root / "home", mail_user.pw_name, mail_user.pw_gid)
        privileges = (
            f"first_valid_uid = {min(mail_user.pw_uid, 100)}\n"
            f"userdb {{\n  driver = static\n"
            f"  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={root}/home/%u\n}}\n"
        )
    else:
        # Started by an ordinary user, Dovecot runs everything as that user.
        privileges = (
            f"default_internal_user = {me.pw_name}\ndefault_login_user = {me.pw_name}\n"
            f"default_internal_group = {grp.getgrgid(me.pw_gid).gr_name}\n"
            f"first_valid_uid = {me.pw_uid}\n"
            f"userdb {{\n  driver = static\n  args = uid={me.pw_uid} gid={me.pw_gid} home={root}/home/%u\n}}\n"
        )
    imap_port, imaps_port = free_port(), free_port()
    conf = root / "dovecot.conf"
    conf.write_text(
        f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
passdb {{
  driver = static
  args = password={PASSWORD}
}}
{privileges}
{f"imap_capability = {capabilities}" if capabilities else ""}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""",
        "utf-8",
    )
    process = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = Dovecot(root, cert, imap_port, imaps_port, process, capabilities)
    try:
        wait_for_port(imaps_port)
        wait_for_port(imap_port)
    except TimeoutError:
        output = process.stdout.read().decode("utf-8", "replace") if process.poll() is not None else ""
        log = server.log()
        server.stop()
        raise RuntimeError(f"Dovecot did not start:\n{output}\n{log}") from None
    return server


# -- SMTP ------------------------------------------------------------------------------------------


@dataclass
class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it receives."""

    port: int
    controller: object
    received: list = field(default_factory=list)  # (envelope sender, recipients, raw bytes)
    logins: list = field(default_factory=list)  # (user, password ok)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 10.0) -> list:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.received) >= count, timeout)
        return list(self.received)

    def stop(self) -> None:
        self.controller.stop()


def start_smtp(*, cert: Path | None = None, key: Path | None = None, user: str | None = None) -> SmtpServer:
    """Start aiosmtpd. With *cert*/*key* it offers STARTTLS and requires it; with
    *user* it requires a login with :data:`PASSWORD`."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    server = SmtpServer(port=0, controller=None)

    class Handler:
        async def handle_DATA(self, smtp, session, envelope):
            with server._arrived:
                server.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
                server._arrived.notify_all()
            return "250 Message accepted for delivery"

    def authenticator(smtp, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == PASSWORD
        )
        server.logins.append((auth_data.login.decode() if isinstance(auth_data, LoginPassword) else None, ok))
        return AuthResult(success=ok)

    kwargs: dict = {}
    if cert is not None:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(cert), str(key))
        kwargs.update(tls_context=ctx, require_starttls=True)
    if user is not None:
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=cert is not None)
    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    server.port = port
    server.controller = controller
    return server
