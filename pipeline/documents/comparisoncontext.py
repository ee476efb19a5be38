"""``sammenligning`` in the template context: the IKT-barometer beside the other
municipalities' (:class:`~pipeline.core.comparison.BarometerComparison`), and
``figur``, the figure numbers that follow from whether its chart is there.

Pure: the build gathered the comparison from the store; here it only becomes text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.core.comparison import MIN_ANSWERS, BarometerComparison, ComparedArea
from pipeline.i18n import Lang, N_

DASH = "–"

#: What a municipality that consented, but has no one to compare with, reads instead of the table.
NOTHING_TO_COMPARE = N_("Kommunen deler IKT-barometeret sitt med andre kommuner, men ingen andre kommuner har ennå "
                        "delt sitt med nok svar til at det kan sammenlignes.")


def comparison_context(comparison: BarometerComparison, lang: Lang | None = None) -> dict[str, Any]:
    """``sammenligning`` in *lang* (None: bokmål): ``valgt`` (consent: the section is there), ``vises``
    (the table and the chart are there), ``tekst`` (what the table shows, or why there is
    none), ``kommuner`` (the others, named or anonymised) and ``omrader`` (a row per area)."""
    lang = lang or Lang.source()
    if not comparison.shown:
        return {"valgt": comparison.requested, "vises": False,
                "tekst": lang.gettext(NOTHING_TO_COMPARE) if comparison.requested else "", "kommuner": "",
                "omrader": []}
    others = comparison.others
    return {
        "valgt": True,
        "vises": True,
        "tekst": _introduction(comparison, lang),
        "kommuner": lang.join(list(others)),
        "omrader": [_area(a, lang) for a in comparison.areas()],
    }


def figure_numbers(comparison: BarometerComparison) -> dict[str, str]:
    """``figur``: the numbers of the figures after the barometer's (Figur 1), which
    move up by one when the comparison's chart (Figur 2) is in the strategy."""
    extra = 1 if comparison.shown else 0
    return {"sammenligning": "2" if extra else "", "tidslinje": str(2 + extra), "okonomi": str(3 + extra)}


def _introduction(comparison: BarometerComparison, lang: Lang) -> str:
    others = comparison.others
    _ = lang.gettext
    if len(others) == 1:
        parts = [_("Tabellen viser kommunens snitt per område ved siden av snittet for én annen kommune som deler "
                   "IKT-barometeret sitt, {other}.", other=others[0]),
                 _("Forskjellen er kommunens snitt minus den andre kommunens; et positivt tall betyr at kommunen "
                   "ligger over.")]
    else:
        parts = [lang.ngettext(
                     "Tabellen viser kommunens snitt per område ved siden av {n} andre kommuner som deler "
                     "IKT-barometeret sitt ({others}), og snittet for dem, der hver kommune teller likt.",
                     "Tabellen viser kommunens snitt per område ved siden av {n} andre kommuner som deler "
                     "IKT-barometeret sitt ({others}), og snittet for dem, der hver kommune teller likt.",
                     len(others), others=lang.join(list(others))),
                 _("Forskjellen er kommunens snitt minus de andres; et positivt tall betyr at kommunen ligger over.")]
    if comparison.anonymised:
        parts.append(_("Kommuner som ikke vil vises med navn, står som «Kommune A», «Kommune B» og så videre."))
    parts.append(lang.ngettext(
        "En kommune med færre enn {n} svar i et område er utelatt der, og enkeltsvar og kommentarer deles aldri.",
        "En kommune med færre enn {n} svar i et område er utelatt der, og enkeltsvar og kommentarer deles aldri.",
        MIN_ANSWERS))
    return " ".join(parts)


def _area(area: ComparedArea, lang: Lang) -> dict[str, str]:
    # The difference of the figures as shown (one decimal), so the row adds up for its reader:
    # 3,0 beside 3,0 is 0,0, even where the second decimals differ.
    difference = (_shown(area.own.mean) - _shown(area.others_mean)
                  if area.own is not None and area.others_mean is not None else None)
    return {
        "omrade": area.area,
        "egen": lang.number(area.own.mean, 1) if area.own else DASH,
        "egen_svar": _answers(area.own.answers, lang) if area.own else lang.pgettext("comparison", "ingen svar"),
        "snitt_andre": lang.number(area.others_mean, 1) if area.others_mean is not None else DASH,
        "andre_svar": (lang.ngettext("{n} kommune, {answers}", "{n} kommuner, {answers}", len(area.others),
                                     answers=_answers(area.others_answers, lang))
                       if area.others else lang.pgettext("comparison", "for få svar")),
        "forskjell": _signed(float(difference), lang) if difference is not None else DASH,
        "hver": "\n".join(lang.gettext("{municipality}: {mean} ({answers})", municipality=s.municipality,
                                       mean=lang.number(s.mean, 1), answers=_answers(s.answers, lang))
                          for s in area.others) or DASH,
    }


def _shown(value: float) -> Decimal:
    """*value* as :func:`~pipeline.formatting.number` shows it with one decimal."""
    return Decimal(f"{value:.1f}")


def _signed(value: float, lang: Lang) -> str:
    text = lang.number(value, 1)
    return "+" + text if text[0].isdigit() and text.strip("0,.") else text


def _answers(n: int, lang: Lang) -> str:
    return lang.ngettext("{n} svar", "{n} svar", n, n=lang.number(n))
