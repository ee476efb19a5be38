"""The IKT-barometer compared with other municipalities, as data.

KS' toolbox (seed 001) has the barometer measure a municipality's «IKT-modenhet»
«ved sammenligning med andre kommuner som benytter metoden». The store gives the
figures (:meth:`pipeline.intake.store.Store.barometer_comparison`: per area and
municipality the number of answers and the mean, filtered by consent); the build
gathers them once per run into a :class:`BarometerComparison` and hands that to
the documents, which never open the store. Pure: no I/O.

What a reader sees is decided here, once, for the strategy, its chart and the
overview alike:

- a municipality that has not consented (``[samarbeid] del_barometer``) asked
  for no comparison: the documents leave the section out;
- one that has, but finds no other municipality with figures (SQLite holds only
  itself; no one else shares; too few answers), gets one sentence saying so;
- otherwise, per area: its own mean, each other municipality's (by name, or
  «Kommune A» as the store gave it), the mean of the others — each municipality
  counting once, however many units it has — and the number of answers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Sequence

from pipeline.contract import BAROMETER_AREAS

#: Fewer answers than this in an area, and another municipality's figure there is left out.
MIN_ANSWERS = 3


@dataclass(frozen=True)
class AreaScore:
    """The IKT-barometer of one municipality in one area: the mean score (1–5) of
    every answered statement in the latest revision of each of its units."""

    municipality: str  # its name, or «Kommune A» when it shares its figures without its name
    own: bool  # the workspace's own municipality
    named: bool  # False: anonymised
    area: str
    answers: int
    mean: float


@dataclass(frozen=True)
class ComparedArea:
    """One area of the comparison."""

    area: str
    own: AreaScore | None  # None: the municipality's own units gave no answers here
    others: tuple[AreaScore, ...]  # the other municipalities with figures here, in :attr:`BarometerComparison.others` order
    others_mean: float | None  # the mean of their means (each municipality counts once); None: no other has figures

    @property
    def others_answers(self) -> int:
        return sum(s.answers for s in self.others)

    @property
    def difference(self) -> float | None:
        """Own mean minus the others' mean; None when either is missing."""
        if self.own is None or self.others_mean is None:
            return None
        return round(self.own.mean - self.others_mean, 2)


@dataclass(frozen=True)
class BarometerComparison:
    """What the documents show of the comparison. *requested*: the municipality
    shares its own barometer (consent), so it asked to be compared; *scores*: what
    the store gave (empty when not requested: the store is not even asked)."""

    requested: bool = False
    scores: tuple[AreaScore, ...] = ()

    @property
    def shown(self) -> bool:
        """There is something to compare: consent, and another municipality with figures."""
        return self.requested and any(not s.own for s in self.scores)

    @property
    def others(self) -> tuple[str, ...]:
        """The other municipalities: those shown by name alphabetically, then the
        anonymised ones («Kommune A», «Kommune B», …) in their letters' order."""
        named = sorted({s.municipality for s in self.scores if not s.own and s.named}, key=str.casefold)
        anonymous = sorted({s.municipality for s in self.scores if not s.own and not s.named}, key=_letter_order)
        return (*named, *anonymous)

    @property
    def anonymised(self) -> bool:
        """Some other municipality is shown without its name."""
        return any(not s.own and not s.named for s in self.scores)

    def areas(self) -> tuple[ComparedArea, ...]:
        """Every area with figures, in the barometer's order (areas the contract no
        longer has, after it, alphabetically); empty when nothing is :attr:`shown`."""
        if not self.shown:
            return ()
        order = {name: i for i, name in enumerate(self.others)}
        found = {s.area for s in self.scores}
        names = [a for a in BAROMETER_AREAS if a in found] + sorted(found - set(BAROMETER_AREAS))
        result = []
        for area in names:
            own = next((s for s in self.scores if s.own and s.area == area), None)
            others = tuple(sorted((s for s in self.scores if not s.own and s.area == area),
                                  key=lambda s: order[s.municipality]))
            mean = round(sum(s.mean for s in others) / len(others), 2) if others else None
            result.append(ComparedArea(area, own, others, mean))
        return tuple(result)

    def snapshot(self) -> list[list[Any]]:
        """The numbers a reader sees, as plain JSON for the version's snapshot (and
        so its fingerprint): empty when nothing is shown, so a municipality that
        compares with no one has the version it would have without the comparison."""
        if not self.shown:
            return []
        return sorted([s.municipality, s.own, s.named, s.area, s.answers, s.mean] for s in self.scores)


    def token(self) -> str:
        """What the build adds to its input token (empty: nothing shown): another
        municipality's new figures make a new version, though nothing of this
        municipality's own changed."""
        compared = self.snapshot()
        if not compared:
            return ""
        canonical = json.dumps(compared, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return ":sammenligning:" + hashlib.sha256(canonical).hexdigest()


def _letter_order(name: str) -> tuple:
    """«Kommune A» … «Kommune Z», then «Kommune 27», «Kommune 28» … (as the store names them)."""
    mark = name.rsplit(" ", 1)[-1]
    return (1, int(mark), "") if mark.isdigit() else (0, len(mark), mark)


#: Not asked for (no consent): the documents leave the comparison out.
NO_COMPARISON = BarometerComparison()


def comparison_of(requested: bool, scores: Sequence[AreaScore]) -> BarometerComparison:
    return BarometerComparison(requested, tuple(scores) if requested else ())
