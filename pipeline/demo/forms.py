"""The bokmål demo's forms (Fjordvik kommune) under the names tests and benchmarks use.

The content is in ``pipeline/defaults/demo.toml`` (:mod:`pipeline.demo.data`);
every language has its own. Seven of the eight configured units deliver a valid
form; the eighth, «Solsiden barnehage», sends a form with errors, so the status
shows one unit without an accepted form and the demo shows a rejection receipt.
"""

from __future__ import annotations

from typing import Any

from pipeline.demo.data import Demo, load

#: The bokmål demo, loaded once: its forms are the same objects wherever they are named.
BOKMAL: Demo = load()
#: Every valid bokmål demo form, in order of arrival.
DEMO_UNITS: list[dict[str, Any]] = BOKMAL.units
#: The form with errors.
ERROR_FORM: dict[str, Any] = BOKMAL.error_form


def all_forms() -> list[dict[str, Any]]:
    """Every form the bokmål ``iktplan demo`` delivers, in order of arrival: the valid
    ones, then the form with errors."""
    return [*DEMO_UNITS, ERROR_FORM]
