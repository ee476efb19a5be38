"""What each chart shows, in words: the alternative text of the chart images
(WCAG 1.1.1), made from the same rows the chart is drawn from
(:mod:`pipeline.documents.charts`), so a reader who cannot see the chart gets
every number in it. Pure: rows in, text out.

The text goes into the picture's description (``wp:docPr/@descr``), which Word
shows as alt text and LibreOffice writes as ``/Alt`` of the ``/Figure`` in the PDF.
"""

from __future__ import annotations

from typing import Sequence

from babel.dates import get_month_names

from pipeline.documents.charts import CATEGORY_STYLE, BarometerRow, TimelineItem, YearAmounts
from pipeline.i18n import Lang


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def barometer_text(rows: Sequence[BarometerRow], lang: Lang | None = None) -> str:
    """The barometer: per area the municipality's average and each service area's."""
    t = lang or Lang.source()
    head = t.gettext("Diagram over IKT-barometeret: snittet per område på en skala fra 1 til 5, der 5 er best.")
    if not any(r.municipality is not None for r in rows):
        return head + " " + t.gettext("Ingen svar ennå.")
    parts = [head]
    for r in rows:
        if r.municipality is None:
            parts.append(_sentence(t.gettext("{area}: ingen svar", area=r.area)))
            continue
        groups = ", ".join(_score(name, value, t, t.gettext("{name} ingen svar", name=name)) for name, value in r.groups)
        if groups:
            parts.append(_sentence(t.gettext("{area}: kommunen {score} ({groups})", area=r.area,
                                             score=t.number(r.municipality, 1), groups=groups)))
        else:
            parts.append(_sentence(t.gettext("{area}: kommunen {score}", area=r.area, score=t.number(r.municipality, 1))))
    return " ".join(parts)


def _score(name: str, value: float | None, t: Lang, missing: str) -> str:
    return t.gettext("{name} {score}", name=name, score=t.number(value, 1)) if value is not None else missing


def comparison_text(rows: Sequence[BarometerRow], own_label: str, lang: Lang | None = None) -> str:
    """The comparison with other municipalities: per area the municipality's average,
    each other municipality's (or that it has too few answers there) and their mean."""
    t = lang or Lang.source()
    parts = [t.gettext("Diagram over IKT-barometeret sammenlignet med andre kommuner: snittet per område på en skala "
                       "fra 1 til 5, der 5 er best, for {own} og de andre kommunene.", own=own_label)]
    for r in rows:
        own = _score(own_label, r.municipality, t, t.gettext("{name} ingen svar", name=own_label))
        others = ", ".join(_score(name, value, t, t.gettext("{name} for få svar", name=name)) for name, value in r.groups)
        parts.append(_sentence(t.gettext("{area}: {own} ({others})", area=r.area, own=own, others=others) if others
                               else t.gettext("{area}: {own}", area=r.area, own=own)))
    return " ".join(parts)


def economy_text(years: Sequence[YearAmounts], lang: Lang | None = None) -> str:
    """The economy chart: investment, operating cost and the money benefit per year."""
    t = lang or Lang.source()
    head = t.gettext("Stolpediagram over investering, drift og gevinst i kroner (penger i budsjettet) per år for "
                     "tiltakene innenfor rammen.")
    if not any(y.investment or y.operating_cost or y.benefit for y in years):
        return head + " " + t.gettext("Ingen beløp ennå.")
    return " ".join([head] + [
        t.gettext("{year}: investering {investment}, drift {cost}, gevinst i kroner {benefit}.", year=y.year,
                  investment=t.kroner(y.investment), cost=t.kroner(y.operating_cost), benefit=t.kroner(y.benefit))
        for y in years
    ])


def _category(name: str, t: Lang) -> str:
    shown = t.gettext(name) if name in CATEGORY_STYLE else name
    return shown[:1].lower() + shown[1:] if name in CATEGORY_STYLE else shown


def timeline_text(items: Sequence[TimelineItem], first_year: int, last_year: int, note: str | None = None,
                  lang: Lang | None = None) -> str:
    """The timeline: per measure its category, its start and its duration; *note* as the chart prints it."""
    t = lang or Lang.source()
    if not items:
        return t.gettext("Tidslinje for handlingsplanen {first}–{last}: ingen tiltak innenfor rammen ennå.",
                         first=first_year, last=last_year)
    parts = [t.ngettext("Tidslinje for handlingsplanen {first}–{last} med ett tiltak innenfor rammen, i prioritert "
                        "rekkefølge.",
                        "Tidslinje for handlingsplanen {first}–{last} med {n} tiltak innenfor rammen, i prioritert "
                        "rekkefølge.", len(items), first=first_year, last=last_year)]
    if note:
        parts.append(_sentence(note))
    months = get_month_names("wide", locale=t.locale)
    for it in items:
        start = (t.gettext("fra {month} {year}", month=months[it.start_month], year=it.year)
                 if 1 <= it.start_month <= 12 else t.gettext("fra {year}", year=it.year))
        length = (t.gettext("varighet ikke oppgitt") if not it.months
                  else t.ngettext("{n} måned", "{n} måneder", it.months))
        parts.append(_sentence(t.gettext("{label}: {category}, {start}, {length}", label=it.label,
                                         category=_category(it.category, t), start=start, length=length)))
    return " ".join(parts)
