"""A workspace as the secretariat makes it, with forms from several units in
its inbox, and ``iktplan`` run in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from support.paths import REPO


def iktplan(*args, variables: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` in a real process, this checkout first on the
    path, with the environment *variables* added."""
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          env=env(**(variables or {})), timeout=300, **kwargs)


def env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1", **extra}


def new_workspace(folder: Path) -> Path:
    from pipeline.workspace import init_workspace

    return init_workspace(folder).root


def forms_in_inbox(ws: Path, make_form, config, count: int) -> list[Path]:
    """Valid forms from the first *count* configured units, in *ws*'s inbox
    (each unit's own file name: they all come from the same blank form)."""
    placed = []
    for i, unit in enumerate(config.expected_units[:count]):
        form = make_form(f"skjema-{i}.xlsx", unit={
            "enhet": unit.name, "tjenesteomrade": unit.service_area, "kontaktperson": "Ingrid Berg",
            "epost": "ingrid.berg@fjordvik.kommune.no", "dato": date(2026, 11, 20),
        })
        target = ws / "inbox" / f"Kartleggingsskjema {unit.name}.xlsx"
        target.write_bytes(form.read_bytes())
        placed.append(target)
    return placed
