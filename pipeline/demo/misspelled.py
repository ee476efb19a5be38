"""Kulturhuset og biblioteket sends a revision with its own name mistyped: the demo's
form that is held for the secretariat, and the judgement that maps it.

In the second round the form arrives as «Kulturhuset og bibloteket» (one letter
missing). The name is not on the secretariat's list, so the form is held: kept,
answered, counted in no document. In the third round the secretariat maps the
name to «Kulturhuset og biblioteket», and the form becomes that unit's
revision 2; the case document's change list says who did what, when and why.
"""

from __future__ import annotations

import copy
from typing import Any

from pipeline.demo.builders import measure
from pipeline.demo.culture import KULTURHUSET

#: The name as the unit typed it in round two, and the configured unit it means.
MISSPELLED = "Kulturhuset og bibloteket"
MEANT = "Kulturhuset og biblioteket"
#: The reason the demo's secretariat gives when it maps the name.
REASON = "skrivefeil i enhetsnavnet"


def demo_misspelled() -> dict[str, Any]:
    """Kulturhuset's second form, with the name mistyped: one measure added (a
    children's reading campaign with e-books). Valid."""
    revised = copy.deepcopy(KULTURHUSET)
    revised["file_name"] = "Kartlegging Kulturhuset (ny versjon).xlsx"
    form = revised["form"]
    form["unit"]["enhet"] = MISSPELLED
    form["unit"]["dato"] = "21.11.2026"
    form["measures"].append(
        measure(7, "E-bøker og lydbøker for barn",
                description="Lisens på e-bøker og lydbøker for barn og unge, med lesekampanje i skolene.",
                sub_goal="D1", problem_nrs=3, investment=0, operating_cost=30000,
                benefit_description="Flere barn leser, også når biblioteket er stengt.",
                period="Vår 2027", months=1, responsible="Eirik Sandvold", risk="Lav", category="Quick win"))
    return revised
