"""``sammenligning`` in the template context: the IKT-barometer beside the other
municipalities' (:class:`~pipeline.core.comparison.BarometerComparison`), and
``figur``, the figure numbers that follow from whether its chart is there.

Pure: the build gathered the comparison from the store; here it only becomes text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.core.comparison import MIN_ANSWERS, BarometerComparison, ComparedArea
from pipeline.formatting import join, number

DASH = "–"

#: What a municipality that consented, but has no one to compare with, reads instead of the table.
NOTHING_TO_COMPARE = ("Kommunen deler IKT-barometeret sitt med andre kommuner, men ingen andre kommuner har ennå "
                      "delt sitt med nok svar til at det kan sammenlignes.")


def comparison_context(comparison: BarometerComparison) -> dict[str, Any]:
    """``sammenligning``: ``valgt`` (consent: the section is there), ``vises`` (the
    table and the chart are there), ``tekst`` (what the table shows, or why there is
    none), ``kommuner`` (the others, named or anonymised) and ``omrader`` (a row per area)."""
    if not comparison.shown:
        return {"valgt": comparison.requested, "vises": False,
                "tekst": NOTHING_TO_COMPARE if comparison.requested else "", "kommuner": "", "omrader": []}
    others = comparison.others
    return {
        "valgt": True,
        "vises": True,
        "tekst": _introduction(comparison),
        "kommuner": join(list(others)),
        "omrader": [_area(a) for a in comparison.areas()],
    }


def figure_numbers(comparison: BarometerComparison) -> dict[str, str]:
    """``figur``: the numbers of the figures after the barometer's (Figur 1), which
    move up by one when the comparison's chart (Figur 2) is in the strategy."""
    extra = 1 if comparison.shown else 0
    return {"sammenligning": "2" if extra else "", "tidslinje": str(2 + extra), "okonomi": str(3 + extra)}


def _introduction(comparison: BarometerComparison) -> str:
    others = comparison.others
    if len(others) == 1:
        text = (f"Tabellen viser kommunens snitt per område ved siden av snittet for én annen kommune som deler "
                f"IKT-barometeret sitt, {others[0]}.")
    else:
        text = (f"Tabellen viser kommunens snitt per område ved siden av {number(len(others))} andre kommuner som "
                f"deler IKT-barometeret sitt ({join(list(others))}), og snittet for dem, der hver kommune teller "
                "likt.")
    theirs = "den andre kommunens" if len(others) == 1 else "de andres"
    text += f" Forskjellen er kommunens snitt minus {theirs}; et positivt tall betyr at kommunen ligger over."
    if comparison.anonymised:
        text += " Kommuner som ikke vil vises med navn, står som «Kommune A», «Kommune B» og så videre."
    return (text + f" En kommune med færre enn {MIN_ANSWERS} svar i et område er utelatt der, og enkeltsvar og "
            "kommentarer deles aldri.")


def _area(area: ComparedArea) -> dict[str, str]:
    # The difference of the figures as shown (one decimal), so the row adds up for its reader:
    # 3,0 beside 3,0 is 0,0, even where the second decimals differ.
    difference = (_shown(area.own.mean) - _shown(area.others_mean)
                  if area.own is not None and area.others_mean is not None else None)
    return {
        "omrade": area.area,
        "egen": number(area.own.mean, 1) if area.own else DASH,
        "egen_svar": _answers(area.own.answers) if area.own else "ingen svar",
        "snitt_andre": number(area.others_mean, 1) if area.others_mean is not None else DASH,
        "andre_svar": (f"{_municipalities(len(area.others))}, {_answers(area.others_answers)}"
                       if area.others else "for få svar"),
        "forskjell": _signed(float(difference)) if difference is not None else DASH,
        "hver": "\n".join(f"{s.municipality}: {number(s.mean, 1)} ({_answers(s.answers)})" for s in area.others)
                or DASH,
    }


def _shown(value: float) -> Decimal:
    """*value* as :func:`~pipeline.formatting.number` shows it with one decimal."""
    return Decimal(f"{value:.1f}")


def _signed(value: float) -> str:
    text = number(value, 1)
    return "+" + text if text[0].isdigit() and text.strip("0,") else text


def _answers(n: int) -> str:
    return f"{number(n)} svar"


def _municipalities(n: int) -> str:
    return "1 kommune" if n == 1 else f"{number(n)} kommuner"
