"""Shared by the console's modules: plain lines, the JSON report, a run's stages, «A, B og C»."""

from __future__ import annotations

import json

from pipeline.terminal import echo


def print_progress(line: str) -> None:
    """A stage of a run as it starts («Lager dokumentene, versjon 2 …»)."""
    echo(line)


def print_json(document: dict) -> None:
    """A machine-readable report (:mod:`pipeline.jsonreport`): the only thing on stdout."""
    echo(json.dumps(document, ensure_ascii=False, indent=2))


def fmt_join(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def print_lines(lines: list[str]) -> None:
    for line in lines:
        echo(line)
