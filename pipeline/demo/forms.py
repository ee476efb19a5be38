"""The demo's forms in order of arrival: the valid forms of seven units, then
Solsiden barnehage's form with errors.

All people are invented. Seven of the eight configured units deliver a valid
form; the eighth, «Solsiden barnehage», sends a form with errors, so the status
shows one unit without an accepted form and the demo shows a rejection receipt.
"""

from __future__ import annotations

from typing import Any

from pipeline.demo.administration import SERVICETORGET
from pipeline.demo.culture import KULTURHUSET
from pipeline.demo.education import FJORDVIK_BARNESKOLE
from pipeline.demo.health import FJORDVIK_SYKEHJEM, HJEMMETJENESTEN
from pipeline.demo.solsiden import ERROR_FORM
from pipeline.demo.technical import TEKNISK_DRIFT
from pipeline.demo.welfare import NAV_FJORDVIK

#: Every valid demo form, in order of arrival.
DEMO_UNITS: list[dict[str, Any]] = [
    FJORDVIK_BARNESKOLE,
    SERVICETORGET,
    FJORDVIK_SYKEHJEM,
    TEKNISK_DRIFT,
    HJEMMETJENESTEN,
    KULTURHUSET,
    NAV_FJORDVIK,
]


def all_forms() -> list[dict[str, Any]]:
    """Every form ``iktplan demo`` delivers, in order of arrival: the valid
    ones, then the form with errors."""
    return [*DEMO_UNITS, ERROR_FORM]
