"""Which languages exist, where their files are, and which one a command speaks.

Nothing in the code lists the languages: a language is available when
``pipeline/locale/<code>/LC_MESSAGES/iktplan.mo`` exists. Its per-language
defaults (``strategi.toml``, later templates and demo data) live in
``pipeline/defaults/<code>/``; a language without its own file there uses
bokmål's (``pipeline/defaults/<name>``), see :func:`defaults_file`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

#: ``pipeline/locale``: ``<code>/LC_MESSAGES/<domain>.po`` and the compiled ``.mo`` per language.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: ``pipeline/defaults``: what ``iktplan init`` copies; ``<code>/`` holds a language's own versions.
DEFAULTS_DIR = Path(__file__).resolve().parent.parent / "defaults"
#: Bokmål: the default language, and the language of every msgid.
DEFAULT_LANGUAGE = "nb"
#: Our gettext domain (click has its own, ``click``).
DOMAIN = "iktplan"
#: The configuration's file name (as :data:`pipeline.config.CONFIG_NAME`; the base layer cannot import it).
CONFIG_NAME = "strategi.toml"


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """The codes of the languages iktplan can write, bokmål first, then by code."""
    found = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    found.add(DEFAULT_LANGUAGE)
    return tuple(sorted(found, key=lambda c: (c != DEFAULT_LANGUAGE, c)))


def defaults_file(name: str, code: str) -> Path:
    """The packaged default *name* (``strategi.toml``, ``word_templates`` …) for
    language *code*: its own ``pipeline/defaults/<code>/<name>`` when there is
    one, else bokmål's ``pipeline/defaults/<name>``."""
    own = DEFAULTS_DIR / code / name
    return own if code != DEFAULT_LANGUAGE and own.exists() else DEFAULTS_DIR / name


def has_own_defaults(name: str, code: str) -> bool:
    """Whether language *code* has its own default *name* (else it borrows bokmål's)."""
    return code == DEFAULT_LANGUAGE or (DEFAULTS_DIR / code / name).exists()


# --- the language of a command, before click parses it ------------------------------------------

_LANGUAGE_OPTIONS = ("--språk", "--sprak")
_WORKSPACE_OPTIONS = ("-w", "--workspace")
_SETTING = re.compile(r"""^\s*["']?spr(?:å|a)k["']?\s*=\s*["']([A-Za-z_-]{2,12})["']""", re.MULTILINE)


def peek_language(args: Sequence[str], cwd: Path | None = None) -> str:
    """The language a command line will speak in, found before click parses it
    (click's own usage errors come while it parses): ``--språk``/``--sprak
    VALUE`` among *args*; else the ``sprak`` of the workspace's
    ``strategi.toml`` (``-w``/``--workspace`` among *args*, else *cwd*, else
    the current folder); else bokmål. A value iktplan has no catalogue for
    counts as not given. Never raises: a broken ``strategi.toml`` is read with
    a pattern, so its syntax error is still reported in its language."""
    try:
        args = [str(a) for a in args]
        given = _option_value(args, _LANGUAGE_OPTIONS)
        if given and given in available():
            return given
        folder = _option_value(args, _WORKSPACE_OPTIONS)
        root = Path(folder).expanduser() if folder else (cwd if cwd is not None else Path(os.getcwd()))
        code = workspace_language(root)
        return code if code in available() else DEFAULT_LANGUAGE
    except Exception:  # noqa: BLE001 - the language is a nicety; the command must still run
        return DEFAULT_LANGUAGE


def workspace_language(root: Path) -> str | None:
    """The ``sprak`` (or ``"språk"``) written in *root*/strategi.toml, unchecked;
    ``None``: no file, or no such key."""
    try:
        text = (root / CONFIG_NAME).read_bytes().decode("utf-8-sig", "replace")
    except OSError:
        return None
    try:
        data = tomllib.loads(text)
        value = data.get("sprak", data.get("språk"))
        return value.strip().lower() if isinstance(value, str) else None
    except tomllib.TOMLDecodeError:
        found = _SETTING.search(text)
        return found.group(1).lower() if found else None


def _option_value(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the first of *names* in *args* (``--x V``, ``--x=V``, ``-wV``);
    ``None`` when absent. Stops at ``--``, after which everything is an argument."""
    for i, arg in enumerate(args):
        if arg == "--":
            return None
        for name in names:
            if arg == name and i + 1 < len(args):
                return args[i + 1]
            if name.startswith("--") and arg.startswith(name + "="):
                return arg[len(name) + 1:]
            if not name.startswith("--") and arg.startswith(name) and len(arg) > len(name):
                return arg[len(name):]
    return None
