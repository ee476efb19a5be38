"""What each chart shows, in words: the alternative text of the chart images
(WCAG 1.1.1), made from the same rows the chart is drawn from
(:mod:`pipeline.documents.charts`), so a reader who cannot see the chart gets
every number in it. Pure: rows in, text out.

The text goes into the picture's description (``wp:docPr/@descr``), which Word
shows as alt text and LibreOffice writes as ``/Alt`` of the ``/Figure`` in the PDF.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.documents.charts import CATEGORY_STYLE, BarometerRow, TimelineItem, YearAmounts
from pipeline.formatting import kroner, number

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def barometer_text(rows: Sequence[BarometerRow]) -> str:
    """The barometer: per area the municipality's average and each service area's."""
    head = "Diagram over IKT-barometeret: snittet per område på en skala fra 1 til 5, der 5 er best."
    if not any(r.municipality is not None for r in rows):
        return head + " Ingen svar ennå."
    parts = [head]
    for r in rows:
        if r.municipality is None:
            parts.append(_sentence(f"{r.area}: ingen svar"))
            continue
        groups = ", ".join(f"{name} {number(value, 1)}" if value is not None else f"{name} ingen svar"
                           for name, value in r.groups)
        parts.append(_sentence(f"{r.area}: kommunen {number(r.municipality, 1)}"
                               + (f" ({groups})" if groups else "")))
    return " ".join(parts)


def comparison_text(rows: Sequence[BarometerRow], own_label: str) -> str:
    """The comparison with other municipalities: per area the municipality's average,
    each other municipality's (or that it has too few answers there) and their mean."""
    parts = [f"Diagram over IKT-barometeret sammenlignet med andre kommuner: snittet per område på en skala fra 1 "
             f"til 5, der 5 er best, for {own_label} og de andre kommunene."]
    for r in rows:
        own = f"{own_label} {number(r.municipality, 1)}" if r.municipality is not None else f"{own_label} ingen svar"
        others = ", ".join(f"{name} {number(value, 1)}" if value is not None else f"{name} for få svar"
                           for name, value in r.groups)
        parts.append(_sentence(f"{r.area}: {own}" + (f" ({others})" if others else "")))
    return " ".join(parts)


def economy_text(years: Sequence[YearAmounts]) -> str:
    """The economy chart: investment, operating cost and the money benefit per year."""
    head = ("Stolpediagram over investering, drift og gevinst i kroner (penger i budsjettet) per år for tiltakene "
            "innenfor rammen.")
    if not any(y.investment or y.operating_cost or y.benefit for y in years):
        return head + " Ingen beløp ennå."
    return " ".join([head] + [
        f"{y.year}: investering {kroner(y.investment)}, drift {kroner(y.operating_cost)}, "
        f"gevinst i kroner {kroner(y.benefit)}." for y in years
    ])


def _category(name: str) -> str:
    return name[:1].lower() + name[1:] if name in CATEGORY_STYLE else name


def timeline_text(items: Sequence[TimelineItem], first_year: int, last_year: int, note: str | None = None) -> str:
    """The timeline: per measure its category, its start and its duration; *note* as the chart prints it."""
    if not items:
        return f"Tidslinje for handlingsplanen {first_year}–{last_year}: ingen tiltak innenfor rammen ennå."
    count = "ett tiltak" if len(items) == 1 else f"{number(len(items))} tiltak"
    parts = [f"Tidslinje for handlingsplanen {first_year}–{last_year} med {count} innenfor rammen, i "
             "prioritert rekkefølge."]
    if note:
        parts.append(_sentence(note))
    for it in items:
        start = f"fra {MONTHS[it.start_month - 1]} {it.year}" if 1 <= it.start_month <= 12 else f"fra {it.year}"
        length = ("varighet ikke oppgitt" if not it.months
                  else "1 måned" if it.months == 1 else f"{number(it.months)} måneder")
        parts.append(_sentence(f"{it.label}: {_category(it.category)}, {start}, {length}"))
    return " ".join(parts)
