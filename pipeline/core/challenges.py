"""The main challenges: the problems the units report, merged where several
units report the same thing, and ranked for the summary a politician reads.
Pure and deterministic, no I/O.

The rules, so the secretariat can explain the list in two sentences:

* Two problems from different units are **the same challenge** when their
  descriptions share at least :data:`SHARED_WORDS` content words (the words of
  :func:`pipeline.core.coordination.words`, without numbers and a few words that
  say nothing about the subject, :data:`FILLER`) and those are at least half the
  words of the shorter description. A challenge is a group of such problems
  (linked through any member).
* Challenges are ranked by **priority** (the highest any unit gave it), then by
  **how many units** report it. Among challenges still equal, the service areas
  take turns (in the configured order; within an area, in the units' order and
  each unit's own order), so that one area's list does not fill the summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import zip_longest

from pipeline.contract import PRIORITIES
from pipeline.core.coordination import words
from pipeline.core.model import Municipality, Problem

#: Content words two descriptions must share to be the same challenge.
SHARED_WORDS = 2
#: ... and the share of the shorter description's words they must make up.
SHARED_SHARE = Fraction(1, 2)
#: Words that are common in problem descriptions but say nothing about what the problem is.
FILLER = frozenset(
    """
    to tre fire fem seks sju syv åtte ni ti mange flere noen ingen ikke fortsatt fremdeles bare
    svært veldig helt lite mye dag ofte sjelden kommer går gjøres skjer får ansatte
    """.split()
)


@dataclass(frozen=True)
class Challenge:
    """One challenge: the problems behind it, the first being the one shown."""

    problems: tuple[Problem, ...]  # the highest priority first, then in the model's order
    units: tuple[str, ...]  # unit keys, in the model's unit order
    priority: str | None  # the highest priority given; None: no unit gave one

    @property
    def description(self) -> str:
        return self.problems[0].description


def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in words(text) if w not in FILLER)


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    return shared >= SHARED_WORDS and Fraction(shared, min(len(a), len(b))) >= SHARED_SHARE


def _priority_order(priority: str | None) -> int:
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)


def challenges(model: Municipality) -> tuple[Challenge, ...]:
    """Every problem of *model* in a challenge, the most important challenge first."""
    problems = list(model.problems)
    content = [_content(p.description) for p in problems]
    # Union-find over the problems: alike problems of different units join one group.
    parent = list(range(len(problems)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(problems)):
        for j in range(i + 1, len(problems)):
            if problems[i].prov.unit != problems[j].prov.unit and _alike(content[i], content[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(problems)):
        groups.setdefault(root(i), []).append(i)

    unit_order = {u.key: n for n, u in enumerate(model.units)}
    found = []
    for members in groups.values():
        items = sorted((problems[i] for i in members), key=lambda p: _priority_order(p.priority))
        units = tuple(sorted({p.prov.unit for p in items}, key=lambda k: unit_order.get(k, len(unit_order))))
        found.append(Challenge(
            problems=tuple(items),
            units=units,
            priority=items[0].priority if items[0].priority in PRIORITIES else None,
        ))
    return _ranked(model, found)


def _ranked(model: Municipality, found: list[Challenge]) -> tuple[Challenge, ...]:
    """Priority, then units; then the service areas take turns within each equal step."""
    area_of = {u.key: u.service_area for u in model.units}
    areas = list(dict.fromkeys([*model.config.service_areas, *area_of.values()]))
    unit_order = {u.key: n for n, u in enumerate(model.units)}
    position = {id(p): n for n, p in enumerate(model.problems)}

    def step(c: Challenge) -> tuple:
        return (_priority_order(c.priority), -len(c.units))

    def within(c: Challenge) -> tuple:
        first = c.problems[0]
        return (unit_order.get(first.prov.unit, len(unit_order)), position[id(first)])

    result: list[Challenge] = []
    for key in sorted({step(c) for c in found}):
        same = sorted((c for c in found if step(c) == key), key=within)
        by_area: dict[str, list[Challenge]] = {a: [] for a in areas}
        for c in same:
            by_area.setdefault(area_of.get(c.units[0], ""), []).append(c)
        for turn in zip_longest(*by_area.values()):
            result += [c for c in turn if c is not None]
    return tuple(result)
