"""Shared by the console's modules: plain lines, the JSON report, a run's stages, «A, B og C»,
and the language the lines are written in."""

from __future__ import annotations

import json

from pipeline.i18n import Lang, Msg, clicklang
from pipeline.terminal import echo


def lang_of(lang: Lang | None) -> Lang:
    """*lang*, or (``None``) the language the command line speaks now: ``--språk`` or
    the workspace's (:func:`pipeline.i18n.peek_language`); bokmål outside a command."""
    return lang or clicklang.current()


def print_progress(line: Msg | str, lang: Lang | None = None) -> None:
    """A stage of a run as it starts («Lager dokumentene, versjon 2 …»)."""
    echo(lang_of(lang).render(line))


def print_json(document: dict) -> None:
    """A machine-readable report (:mod:`pipeline.jsonreport`): the only thing on stdout."""
    echo(json.dumps(document, ensure_ascii=False, indent=2))


def fmt_join(items, lang: Lang | None = None) -> str:
    """«A, B og C» in *lang* (``None``: the command line's)."""
    return lang_of(lang).join([str(i) for i in items])


def print_lines(lines: list[str]) -> None:
    for line in lines:
        echo(line)
