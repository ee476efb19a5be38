"""Solsiden barnehage, the bokmål demo's form with errors, and its corrected form (:mod:`pipeline.demo.data`).

The first attempt has eight mistakes: an invalid e-mail, «neste år», «ca. 2 mill»,
«3-4 mnd», a missing Ansvarlig gjennomføring, Delmål «D7», a Problem nr that does
not exist and a Risiko outside the list (``error_unit.first_attempt`` in demo.toml).
"""

from __future__ import annotations

from typing import Any

from pipeline.demo.data import load
from pipeline.demo.forms import BOKMAL, ERROR_FORM

__all__ = ["ERROR_FORM", "UNIT_WITHOUT_ACCEPTED_FORM", "demo_correction"]

#: The configured unit that has no accepted form after the demo's first round.
UNIT_WITHOUT_ACCEPTED_FORM = BOKMAL.error_unit


def demo_correction() -> dict[str, Any]:
    """Solsiden barnehage's corrected form: what the unit sends after reading
    the rejection receipt. Valid."""
    return load().correction
