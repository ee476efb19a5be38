"""``[lager]`` and ``[samarbeid]`` in ``strategi.toml``: where the store is, and what
this municipality shares with the others in the same store.

The database password is never in the file: it comes from the environment
variable ``IKTPLAN_LAGER_PASSORD`` (as the IMAP password does), and no message
or log line shows it — :func:`redact` takes it out of a URL before anything is said.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pipeline.config import Config
from pipeline.errors import ConfigError
from pipeline.i18n import Msg

PASSWORD_VARIABLE = "IKTPLAN_LAGER_PASSORD"

_STORE_KEYS = {"url", "skjema"}
_SHARING_KEYS = {"del_barometer", "vis_navn", "del_tiltak"}


@dataclass(frozen=True)
class Sharing:
    """``[samarbeid]``: consent to show this municipality's IKT-barometer (per area,
    never single answers or comments) to the other municipalities in the same store,
    and its systems and measures to the IKT-samarbeid's secretariat (by name)."""

    share_barometer: bool = False
    show_name: bool = False  # False: the others see it anonymised («Kommune B»)
    share_measures: bool = False  # «del_tiltak»: in the secretariat's «iktplan samarbeid-oversikt»


@dataclass(frozen=True)
class StoreSettings:
    """``url`` None: the embedded SQLite store in ``.iktplan/``."""

    url: str | None = None
    schema: str | None = None  # None: the login role's own schema, else one named after the municipality
    sharing: Sharing = field(default_factory=Sharing)

    @property
    def password(self) -> str | None:
        return os.environ.get(PASSWORD_VARIABLE) or None


def store_settings(config: Config) -> StoreSettings:
    lager = _table(config, "lager", _STORE_KEYS)
    sharing = _table(config, "samarbeid", _SHARING_KEYS)
    url = lager.get("url")
    if url is not None:
        if not isinstance(url, str) or not url.strip():
            raise ConfigError(Msg("«lager.url» skal være en tekst i anførselstegn, f.eks. "
                                  "url = \"postgresql://iktplan@dbserver/iktplan\"."))
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres"):
            raise ConfigError(Msg("«lager.url» skal begynne med postgresql:// (fant «{url}»). Uten url bruker "
                                  "iktplan sin innebygde database i .iktplan/.", url=redact(url)))
        if parts.password:
            raise ConfigError(Msg("«lager.url» inneholder et passord. Fjern det fra strategi.toml og sett det i "
                                  "miljøvariabelen {variable} i stedet.", variable=PASSWORD_VARIABLE))
    schema = lager.get("skjema")
    if schema is not None and (not isinstance(schema, str) or not schema.strip()):
        raise ConfigError(Msg("«lager.skjema» skal være navnet på skjemaet i PostgreSQL, i anførselstegn."))
    return StoreSettings(
        url=url,
        schema=schema.strip() if schema else None,
        sharing=Sharing(_bool(sharing, "del_barometer"), _bool(sharing, "vis_navn"), _bool(sharing, "del_tiltak")),
    )


def redact(url: str) -> str:
    """*url* without its password (``postgresql://ola:hemmelig@db/x`` → ``postgresql://ola@db/x``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(ugyldig url)"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return parts._replace(netloc=user + host).geturl()


def _table(config: Config, name: str, known: set[str]) -> dict:
    table = config.extra.get(name)
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ConfigError(Msg("«{name}» skal være en tabell: skriv [{name}] på en egen linje og innstillingene "
                              "under.", name=name))
    for key in table:
        if key not in known:
            raise ConfigError(Msg("«{name}.{key}» er ikke en kjent innstilling. Kjente er: {known}.", name=name,
                                  key=key, known=", ".join(sorted(known))))
    return table


def _bool(table: dict, key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(Msg("«samarbeid.{key}» skal være true eller false (uten anførselstegn).", key=key))
    return value


_TABLE = re.compile(rb"^\s*\[")
_STORE_TABLE = re.compile(rb"^\s*\[\s*lager\s*\]\s*(#.*)?$")


def without_store_table(config_bytes: bytes) -> bytes:
    """``strategi.toml`` without its ``[lager]`` table: what the documents depend on. Where
    the store lives is not content, so moving it to PostgreSQL makes no new document version."""
    lines = config_bytes.splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if _TABLE.match(line):
            skipping = bool(_STORE_TABLE.match(line.rstrip(b"\r\n")))
            while skipping and kept and not kept[-1].strip():
                kept.pop()  # the blank lines that set the table apart go with it
        if not skipping:
            kept.append(line)
    return b"".join(kept)
