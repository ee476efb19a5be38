"""``iktplan demo``: fill a workspace's inbox with the forms of its demo municipality.

The forms are typed into the workspace's own blank form and arrive one minute
apart, in a fixed order with the form with errors last, so the intake, the
receipts and the status look the same on every run.

The demo municipality's content is data, one file per language
(``pipeline/defaults/<code>/demo.toml``, read by :mod:`pipeline.demo.data`):
bokmål and nynorsk Fjordvik kommune, Danish Fjordby Kommune. The content follows
that language's default ``strategi.toml`` (service areas, sub-goals D1–D6, unit
codes, period 2027–2030) and is meant to read like what real units send:
amounts and seasons typed in different styles, two units proposing nearly the
same thing, quick wins next to large projects, one measure larger than a whole
year's investment frame, and one form full of the mistakes the secretariat sees
every round. In the second round a unit mistypes its own name, and the form
waits for the secretariat; the third round maps it.

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
from pipeline.demo.data import Demo, form_labels, load
from pipeline.errors import WorkspaceError
from pipeline.forms.formfill import fill_form
from pipeline.i18n import Msg, Words, pMsg

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


def demo_for(config: Config, blank_form: Path | None = None) -> Demo:
    """The demo content of *config*'s language, its dropdown values typed as the
    blank form at *blank_form* lists them (None: the contract's labels)."""
    return load(config.language, form_labels(blank_form) if blank_form is not None else None)


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
        demo = demo_for(config, blank_form)
        forms = demo.forms()
        _check_fits(config, demo.units)
    inbox = Path(inbox)
    try:
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(Msg("Kan ikke lage innboksen {folder}: {reason}.", folder=str(inbox),
                                 reason=exc.strerror or "")) from None

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
    missing: dict[tuple[str, str], Msg] = {}
    for entry in forms:
        form = entry["form"]
        unit = form["unit"]["enhet"]
        if units and identity.key(unit) not in units:
            missing[("unit", unit)] = Msg("enheten {name} i [[enheter]]", name=_quoted(unit))
        area = form["unit"]["tjenesteomrade"]
        if identity.key(area) not in areas:
            missing.setdefault(("area", area), Msg("tjenesteområdet {name}", name=_quoted(area)))
        for m in form["measures"]:
            code = m.get("Delmål")
            if code and identity.key(code) not in goals:
                missing.setdefault(("goal", code), Msg("delmålet {name}", name=_quoted(code)))
    if missing:
        raise WorkspaceError(Msg("Demoskjemaene passer ikke til strategi.toml i denne arbeidsmappa: den mangler "
                                 "{missing}. Kjør demoen i en ny arbeidsmappe med standardoppsettet.",
                                 missing=Words(tuple(missing.values()))))


def _quoted(text: str) -> Msg:
    return pMsg("quote", "«{text}»", text=text)


def populate_followup(blank_form: Path, inbox: Path, config: Config | None = None) -> list[Path]:
    """The demo's second round, «a week later»: Hjemmetjenesten sends a revision
    (one measure changed, one added), Solsiden barnehage its corrected form, and
    Kulturhuset og biblioteket a new version with its name mistyped (the units of
    *config*'s language; bokmål when None; Havvik: Havvik skole sends a revision)."""
    Path(inbox).mkdir(parents=True, exist_ok=True)
    if config is not None and _is_havvik(config):
        from pipeline.demo.havvik import havvik_revision

        return [deliver(blank_form, inbox, havvik_revision())]
    demo = demo_for(config, blank_form) if config is not None else load(labels=form_labels(blank_form))
    return [deliver(blank_form, inbox, entry) for entry in demo.followup()]


def waits_for_mapping(held_names: list[str], config: Config | None = None) -> bool:
    """Does the demo's mistyped form wait for the secretariat (*held_names*: the unit names
    of the forms that wait; *config*: the workspace, None: bokmål)? Then the demo's next
    round maps it."""
    typed = load(config.language if config is not None else "nb").misspelled_name
    return any(identity.key(name) == identity.key(typed) for name in held_names)


def second_round_text(config: Config) -> str:
    """What the second round of the demo delivers, for the console."""
    if _is_havvik(config):
        return "Andre runde: Havvik skole sender en ny revisjon etter at det nye trådløse nettet er testet."
    return load(config.language).second_round
