"""``[epost]`` in ``strategi.toml``, and what the IMAP and SMTP clients share:
the passwords from the environment (never logged, printed or written), the TLS
context, and the Norwegian reason for a network failure."""

from __future__ import annotations

import os
import socket
import ssl
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import ConfigError, IktplanError
from pipeline.i18n import Msg

IMAP_PASSWORD_VARIABLE = "IKTPLAN_IMAP_PASSORD"


SMTP_PASSWORD_VARIABLE = "IKTPLAN_SMTP_PASSORD"


_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class MailError(IktplanError):
    """The mail server could not be reached, refused the login, or refused a command."""


@dataclass(frozen=True)
class MailSettings:
    """``[epost]`` from ``strategi.toml``. ``imap_server`` ``None``: no mailbox to
    fetch from; ``smtp_server`` ``None``: receipts are not e-mailed."""

    imap_server: str | None = None
    imap_port: int = 993
    imap_user: str | None = None
    imap_folder: str = "INBOX"
    done_folder: str = "iktplan/behandlet"
    tls: str = "tls"  # 'tls' (implicit TLS), 'starttls' or 'ingen' (localhost only)
    smtp_server: str | None = None
    smtp_port: int = 587
    smtp_tls: str = "starttls"
    smtp_user: str | None = None  # None: the SMTP server takes mail without login
    sender_address: str | None = None  # From: of receipts
    send_receipts: bool = True
    ca_file: Path | None = None  # None: the system's trusted certificates
    timeout: float = 30.0

    @property
    def sends_receipts(self) -> bool:
        return self.send_receipts and self.smtp_server is not None


_KEYS = {
    "imap_server", "imap_port", "imap_bruker", "imap_mappe", "ferdig_mappe", "tls",
    "smtp_server", "smtp_port", "smtp_tls", "smtp_bruker", "avsender", "send_kvittering",
    "ca_fil", "tidsavbrudd_sek",
}


def mail_settings(config: Config, root: Path | None = None) -> MailSettings | None:
    """The ``[epost]`` settings, or ``None`` when ``strategi.toml`` has no such
    table. *root* resolves a relative ``ca_fil`` (the workspace folder)."""
    table = config.extra.get("epost")
    if table is None:
        return None
    t = _Table(table)
    mailbox = _mailbox(t)
    return MailSettings(
        **mailbox,
        **_receipts(t, mailbox["imap_user"]),
        ca_file=_ca_file(t, root),
        timeout=t.seconds("tidsavbrudd_sek", 30, 1, 600),
    )


class _Table:
    """The ``[epost]`` table, read one typed value at a time; a wrong value is a
    :class:`ConfigError` that names its key."""

    def __init__(self, table: object):
        if not isinstance(table, dict):
            raise ConfigError(Msg("«epost» skal være en tabell: skriv [epost] på en egen linje og innstillingene under."))
        for key in table:
            if key not in _KEYS:
                raise ConfigError(Msg(
                    "«epost.{key}» er ikke en kjent innstilling. Kjente er: {known}.",
                    key=str(key), known=", ".join(sorted(_KEYS)),
                ))
        self.table = table

    def text(self, key: str) -> str | None:
        """Trimmed text; None when missing or blank."""
        value = self.table.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise ConfigError(Msg("«epost.{key}» skal være tekst i anførselstegn, ikke {value}.", key=key, value=repr(value)))
        return value.strip()

    def port(self, key: str, default: int) -> int:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
            raise ConfigError(Msg("«epost.{key}» skal være et portnummer mellom 1 og 65535, ikke «{value}».",
                                  key=key, value=str(value)))
        return value

    def mode(self, key: str, default: str) -> str:
        """'tls' (true), 'starttls' or 'ingen' (false)."""
        value = self.table.get(key, default)
        if value is True:
            return "tls"
        if value is False:
            return "ingen"
        if isinstance(value, str) and value.strip().lower() in ("tls", "starttls", "ingen"):
            return value.strip().lower()
        raise ConfigError(Msg(
            "«epost.{key}» = {value}: skriv true (kryptert forbindelse, standard), \"starttls\" eller false.",
            key=key, value=repr(value),
        ))

    def flag(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise ConfigError(Msg("«epost.{key}» skal være true eller false, ikke «{value}».", key=key, value=str(value)))
        return value

    def seconds(self, key: str, default: float, low: float, high: float) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise ConfigError(Msg(
                "«epost.{key}» skal være et antall sekunder mellom {low} og {high}, ikke «{value}».",
                key=key, low=str(low), high=str(high), value=str(value),
            ))
        return float(value)


def _mailbox(t: _Table) -> dict:
    """The IMAP side: server, login, encryption and the two folders."""
    imap_server = t.text("imap_server")
    tls = t.mode("tls", "tls")
    imap_user = t.text("imap_bruker")
    if imap_server and not imap_user:
        raise ConfigError(Msg("«epost.imap_bruker» mangler: brukernavnet til postkassen iktplan skal lese."))
    if imap_server and tls == "ingen" and imap_server.lower() not in _LOCAL_HOSTS:
        raise ConfigError(Msg(
            "«epost.tls» = false er bare tillatt mot localhost: passordet ville ellers gått ukryptert over nettet. "
            "Bruk true eller \"starttls\"."
        ))
    folder = t.text("imap_mappe") or "INBOX"
    done = t.text("ferdig_mappe") or "iktplan/behandlet"
    if _folder_key(done) == _folder_key(folder):
        raise ConfigError(Msg("«epost.ferdig_mappe» kan ikke være den samme mappen som «epost.imap_mappe»."))
    return dict(
        imap_server=imap_server,
        imap_port=t.port("imap_port", 993 if tls == "tls" else 143),
        imap_user=imap_user,
        imap_folder=folder,
        done_folder=done,
        tls=tls,
    )


def _receipts(t: _Table, imap_user: str | None) -> dict:
    """The SMTP side: server, login, encryption, and who receipts come from."""
    smtp_server = t.text("smtp_server")
    smtp_tls = t.mode("smtp_tls", "starttls")
    smtp_user = t.text("smtp_bruker")
    if smtp_server and smtp_user and smtp_tls == "ingen" and smtp_server.lower() not in _LOCAL_HOSTS:
        raise ConfigError(Msg(
            "«epost.smtp_tls» = false med «epost.smtp_bruker» er bare tillatt mot localhost: passordet ville "
            "ellers gått ukryptert over nettet."
        ))
    sender = t.text("avsender")
    send = t.flag("send_kvittering", True)
    if smtp_server and send:
        if not sender:
            sender = smtp_user or imap_user
        if not sender or "@" not in parseaddr(sender)[1]:
            raise ConfigError(Msg(
                "«epost.avsender» mangler eller er ikke en e-postadresse: adressen kvitteringene sendes fra, "
                "f.eks. \"IKT-strategien <ikt-strategi@kommune.no>\"."
            ))
    return dict(
        smtp_server=smtp_server,
        smtp_port=t.port("smtp_port", {"tls": 465, "starttls": 587, "ingen": 25}[smtp_tls]),
        smtp_tls=smtp_tls,
        smtp_user=smtp_user,
        sender_address=sender,
        send_receipts=send,
    )


def _ca_file(t: _Table, root: Path | None) -> Path | None:
    """The certificate file to trust (relative to *root*); None: the system's."""
    ca = t.text("ca_fil")
    if not ca:
        return None
    path = Path(ca).expanduser()
    if not path.is_absolute() and root is not None:
        path = root / path
    if not path.is_file():
        raise ConfigError(Msg("«epost.ca_fil»: finner ikke sertifikatfila {file}.", file=str(path)))
    return path


def _folder_key(name: str) -> str:
    name = name.strip().strip("/")
    return "INBOX" if name.upper() == "INBOX" else name


def password_from_env(variable: str, what: str) -> str:
    value = os.environ.get(variable)
    if not value:
        raise MailError(Msg(
            "Passordet til {what}-serveren mangler: sett miljøvariabelen {variable} før du starter iktplan "
            "(passordet skrives aldri i strategi.toml).",
            what=what, variable=variable,
        ))
    return value


def tls_context(settings: MailSettings) -> ssl.SSLContext:
    if settings.ca_file is not None:
        return ssl.create_default_context(cafile=str(settings.ca_file))
    return ssl.create_default_context()


def os_reason(exc: BaseException) -> Msg | str:
    """Why a connection failed: a message for the usual causes, else the system's own words
    (``str(…)`` of the message is bokmål, for the SMTP side not yet swept)."""
    if isinstance(exc, socket.timeout):
        return Msg("tidsavbrudd")
    if isinstance(exc, ConnectionRefusedError):
        return Msg("forbindelsen ble nektet")
    if isinstance(exc, socket.gaierror):
        return Msg("finner ikke servernavnet")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__

