"""``iktplan demo``: fill a workspace's inbox with the forms of Fjordvik kommune.

The forms (:mod:`pipeline.demo.forms`) are typed into the workspace's own blank
form and arrive one minute apart, in a fixed order with the form with errors
last, so the intake, the receipts and the status look the same on every run.

The demo municipality's forms are pure data, one module per service area
(written with :mod:`pipeline.demo.builders`). The content follows the default
``strategi.toml`` (service areas, sub-goals D1–D6, unit codes, period
2027–2030) and is meant to read like what real units send: amounts and seasons
typed in different styles, two units proposing nearly the same thing, quick
wins next to large projects, one measure larger than a whole year's investment
frame, and one form full of the mistakes the secretariat sees every round
(:mod:`pipeline.demo.solsiden`). In the second round a unit mistypes its own
name, and the form waits for the secretariat; the third round maps it
(:mod:`pipeline.demo.misspelled`).

A workspace whose ``kommune`` is Havvik kommune gets the neighbour's forms instead
(:mod:`pipeline.demo.havvik`); with :func:`prepare_workspace` the two share one
PostgreSQL store (:mod:`pipeline.demo.sharedstore`).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline import identity
from pipeline.config import Config
from pipeline.demo.forms import DEMO_UNITS, all_forms
from pipeline.demo.health import demo_revision
from pipeline.demo.misspelled import MISSPELLED, demo_misspelled
from pipeline.demo.solsiden import demo_correction
from pipeline.errors import WorkspaceError
from pipeline.forms.formfill import fill_form

#: Time between two demo forms' arrival (modification time), in nanoseconds.
ARRIVAL_GAP_NS = 60 * 1_000_000_000


def _is_havvik(config: Config) -> bool:
    from pipeline.demo.havvik import HAVVIK

    return identity.key(config.municipality) == identity.key(HAVVIK)


def prepare_workspace(config_path: Path, municipality: str, store_url: str | None) -> None:
    """Make a new workspace's ``strategi.toml`` (*config_path*) that of demo *municipality*
    («fjordvik» or «havvik»), in the PostgreSQL store *store_url* (None: the embedded one)."""
    from pipeline.demo.sharedstore import demo_config
    from pipeline.fileio import atomic_write_bytes

    text = Path(config_path).read_text("utf-8")
    atomic_write_bytes(Path(config_path), demo_config(text, municipality, store_url).encode("utf-8"))


def populate_inbox(config: Config, blank_form: Path, inbox: Path) -> list[Path]:
    """Write every demo form into *inbox*, valid ones first and the form with
    errors last; return their paths in order of arrival.

    The last form gets the current time as modification time and each earlier
    one a minute less, so the inbox's arrival order is the listed order. A file
    with the same name in *inbox* is replaced.
    """
    if _is_havvik(config):
        from pipeline.demo.havvik import HAVVIK_FORMS

        forms = list(HAVVIK_FORMS)
        _check_fits(config, forms)
    else:
        forms = all_forms()
        _check_fits(config, DEMO_UNITS)
    inbox = Path(inbox)
    try:
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"Kan ikke lage innboksen {inbox}: {exc.strerror}.") from None

    last = (time.time_ns() // 1_000_000_000) * 1_000_000_000
    first = last - (len(forms) - 1) * ARRIVAL_GAP_NS
    return [deliver(blank_form, inbox, entry, first + i * ARRIVAL_GAP_NS) for i, entry in enumerate(forms)]


def deliver(blank_form: Path, inbox: Path, entry: dict[str, Any], mtime_ns: int | None = None) -> Path:
    """Write one demo form (an item of ``forms.all_forms()``, or
    ``demo_revision()``/``demo_correction()``) into the existing folder *inbox*
    with modification time *mtime_ns* (``None``: now); return its path.

    The form is written in a hidden folder inside *inbox* and moved in when it
    is complete and dated, so a watcher never reads a half-written form.
    """
    inbox = Path(inbox)
    target = inbox / entry["file_name"]
    with tempfile.TemporaryDirectory(prefix=".iktplan-demo-", dir=inbox) as staging:
        staged = Path(staging) / entry["file_name"]
        fill_form(blank_form, staged, **entry["form"])
        if mtime_ns is not None:
            os.utime(staged, ns=(mtime_ns, mtime_ns))
        os.replace(staged, target)  # a rename keeps the modification time
    return target


def _check_fits(config: Config, forms: list[dict[str, Any]]) -> None:
    """The valid demo *forms* use the default configuration's service areas,
    sub-goals and units; with other values every form would be rejected or wait
    for the secretariat (a unit not in ``[[enheter]]``), which teaches nothing.
    Raise a :class:`WorkspaceError` that says so."""
    areas = {identity.key(a) for a in config.service_areas}
    goals = {identity.key(g.code) for g in config.sub_goals}
    units = {identity.key(u.name) for u in config.expected_units}
    missing: list[str] = []
    for entry in forms:
        form = entry["form"]
        unit = form["unit"]["enhet"]
        if units and identity.key(unit) not in units:
            missing.append(f"enheten «{unit}» i [[enheter]]")
        area = form["unit"]["tjenesteomrade"]
        if identity.key(area) not in areas and f"tjenesteområdet «{area}»" not in missing:
            missing.append(f"tjenesteområdet «{area}»")
        for m in form["measures"]:
            code = m.get("Delmål")
            if code and identity.key(code) not in goals and f"delmålet «{code}»" not in missing:
                missing.append(f"delmålet «{code}»")
    if missing:
        raise WorkspaceError(
            "Demoskjemaene passer ikke til strategi.toml i denne arbeidsmappa: den mangler "
            + ", ".join(missing)
            + ". Kjør demoen i en ny arbeidsmappe med standardoppsettet."
        )


def populate_followup(blank_form: Path, inbox: Path, config: Config | None = None) -> list[Path]:
    """The demo's second round, «a week later»: Hjemmetjenesten sends a revision
    (one measure changed, one added), Solsiden barnehage its corrected form, and
    Kulturhuset og biblioteket a new version with its name mistyped (Havvik, by
    *config*: Havvik skole sends a revision)."""
    Path(inbox).mkdir(parents=True, exist_ok=True)
    if config is not None and _is_havvik(config):
        from pipeline.demo.havvik import havvik_revision

        return [deliver(blank_form, inbox, havvik_revision())]
    return [deliver(blank_form, inbox, entry) for entry in (demo_revision(), demo_correction(), demo_misspelled())]


def waits_for_mapping(held_names: list[str]) -> bool:
    """Does the demo's mistyped form wait for the secretariat (*held_names*: the unit names
    of the forms that wait)? Then the demo's next round maps it."""
    return any(identity.key(name) == identity.key(MISSPELLED) for name in held_names)


def second_round_text(config: Config) -> str | None:
    """What the second round of the demo delivers, for the console (None: Fjordvik's usual round)."""
    if _is_havvik(config):
        return "Andre runde: Havvik skole sender en ny revisjon etter at det nye trådløse nettet er testet."
    return None
