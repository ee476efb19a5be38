"""``iktplan demo``: fill a workspace's inbox with the forms of Fjordvik kommune.

The forms (``pipeline.demodata``) are typed into the workspace's own blank form
and arrive one minute apart, in a fixed order with the form with errors last,
so the intake, the receipts and the status look the same on every run.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.demodata import DEMO_UNITS, all_forms
from pipeline.errors import WorkspaceError
from pipeline.formfill import fill_form

#: Time between two demo forms' arrival (modification time), in nanoseconds.
ARRIVAL_GAP_NS = 60 * 1_000_000_000


def populate_inbox(config: Config, blank_form: Path, inbox: Path) -> list[Path]:
    """Write every demo form into *inbox*, valid ones first and the form with
    errors last; return their paths in order of arrival.

    The last form gets the current time as modification time and each earlier
    one a minute less, so the inbox's arrival order is the listed order. Each
    file appears complete and already dated (it is written in a hidden folder
    inside *inbox* and moved in), so a watcher never reads a half-written form.
    A file with the same name in *inbox* is replaced.
    """
    forms = all_forms()
    _check_fits(config, DEMO_UNITS)
    inbox = Path(inbox)
    try:
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"Kan ikke lage innboksen {inbox}: {exc.strerror}.") from None

    last = (time.time_ns() // 1_000_000_000) * 1_000_000_000
    first = last - (len(forms) - 1) * ARRIVAL_GAP_NS
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix=".iktplan-demo-", dir=inbox) as staging:
        for i, entry in enumerate(forms):
            staged = Path(staging) / entry["file_name"]
            fill_form(blank_form, staged, **entry["form"])
            mtime = first + i * ARRIVAL_GAP_NS
            os.utime(staged, ns=(mtime, mtime))
            target = inbox / entry["file_name"]
            os.replace(staged, target)  # a rename keeps the modification time
            written.append(target)
    return written


def _check_fits(config: Config, forms: list[dict[str, Any]]) -> None:
    """The valid demo *forms* use the default configuration's service areas and
    sub-goals; with other values every form would be rejected, which teaches
    nothing. Raise a :class:`WorkspaceError` that says so."""
    areas = {a.casefold() for a in config.service_areas}
    goals = {g.code.casefold() for g in config.sub_goals}
    missing: list[str] = []
    for entry in forms:
        form = entry["form"]
        area = form["unit"]["tjenesteomrade"]
        if area.casefold() not in areas and f"tjenesteområdet «{area}»" not in missing:
            missing.append(f"tjenesteområdet «{area}»")
        for m in form["measures"]:
            code = m.get("Delmål")
            if code and code.casefold() not in goals and f"delmålet «{code}»" not in missing:
                missing.append(f"delmålet «{code}»")
    if missing:
        raise WorkspaceError(
            "Demoskjemaene passer ikke til strategi.toml i denne arbeidsmappa: den mangler "
            + ", ".join(missing)
            + ". Kjør demoen i en ny arbeidsmappe med standardoppsettet."
        )
