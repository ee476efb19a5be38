"""Comparisons of the IKT-barometer with other municipalities, as the build hands them
to the documents: the demo municipality's own figures (computed from its forms, as
the store computes them) beside other municipalities made up from them."""

from __future__ import annotations

from pipeline.core.comparison import AreaScore, BarometerComparison, comparison_of
from pipeline.intake.samarbeid import own_area_scores


def demo_comparison(submissions, municipality: str = "Fjordvik kommune", *,
                    others: dict[str, float] | None = None, anonymous: dict[str, float] | None = None,
                    missing: dict[str, set[str]] | None = None) -> BarometerComparison:
    """The demo's own barometer per area beside *others* (name → how much higher their
    mean is in every area) and *anonymous* («Kommune A» → the same); *missing* leaves
    a municipality out of some areas (too few answers there)."""
    own = own_area_scores(submissions, municipality)
    scores = list(own)
    for shifts, named in ((others or {"Havvik kommune": 0.4}, True), (anonymous or {}, False)):
        for name, shift in shifts.items():
            for i, s in enumerate(own):
                if s.area in (missing or {}).get(name, set()):
                    continue
                mean = round(min(5.0, max(1.0, s.mean + shift)), 2)
                scores.append(AreaScore(name, False, named, s.area, s.answers + 3 * (i + 1), mean))
    return comparison_of(True, scores)
