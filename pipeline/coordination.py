"""Across units: shared systems, possible duplicate systems, and measures that
could be coordinated (samordning). Pure and deterministic, no I/O.

Everything here is meant to be explained in one sentence to the secretariat, so
the rules are simple:

* **Names** are compared after Unicode NFKC, case-folding, and turning every
  character that is not a letter or digit into a space (``"Visma Flyt-Skole"`` ~
  ``"visma flyt skole"``).
* **Words** are those normalised names split on spaces, without common Norwegian
  filler words (:data:`STOPWORDS`) and with a few common inflection endings cut
  (``barnehagene`` ~ ``barnehage``). Similarity is the share of common words,
  |A ∩ B| / |A ∪ B| (Jaccard).
* A **shared system** has the same normalised name in at least two units.
* **Possible duplicates** are systems with different names whose purposes
  (``Formål``) share at least :data:`PURPOSE_SIMILARITY` of their words, in at
  least two units.
* Two measures from different units are **coordination candidates** when both
  mention the same system from any unit's system list (whole words in title or
  description), or when their words are at least :data:`MEASURE_SIMILARITY`
  alike, in the titles or in title and description together.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Sequence

from pipeline.model import Measure, Municipality, System

#: Share of common words from which two measures count as «nearly the same».
MEASURE_SIMILARITY = Fraction(2, 5)
#: Share of common words in ``Formål`` from which two systems serve the same purpose.
PURPOSE_SIMILARITY = Fraction(1, 3)
#: System names shorter than this are not searched for in measure texts («IT»).
MIN_SYSTEM_NAME = 3

#: Words that say nothing about *what* a measure or system is about.
STOPWORDS = frozenset(
    """
    og eller i på til for med av en et ei den det de som å er at fra om ved
    hos under over mot uten alle alt mer mest bedre økt øke nytt ny nye vi oss
    vår våre vårt har skal kan få gi bli blir the of and
    innføre innføring innført etablere etablering anskaffe anskaffelse kjøpe
    kjøp bytte ta bruk bruke
    digital digitalt digitale system systemer systemet løsning løsningen
    løsninger verktøy tiltak prosjekt
    """.split()
)
_SUFFIXES = ("ene", "ane", "ere", "er", "en", "et", "a", "e")
_MIN_STEM = 4


def normalize(text: str | None) -> str:
    """Letters and digits only, case-folded, single spaces (``None`` → ``""``)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def stem(word: str) -> str:
    """Cut one common Norwegian inflection ending, keeping at least four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def words(text: str | None) -> frozenset[str]:
    """The content words of *text*, stemmed, without :data:`STOPWORDS` or digits only."""
    return frozenset(
        stem(w) for w in normalize(text).split() if w not in STOPWORDS and not w.isdigit() and len(w) > 1
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> Fraction:
    """Jaccard similarity; 0 when either side has no words."""
    if not a or not b:
        return Fraction(0)
    return Fraction(len(a & b), len(a | b))


@dataclass(frozen=True)
class SharedSystem:
    """A system (same name after normalising) used by two or more units."""

    name: str  # the most common spelling; ties: the first in unit order
    units: tuple[str, ...]  # unit names, in the model's unit order
    count: int  # number of units
    users: int | None  # sum of «Brukere» given; None: no unit gave a number
    satisfaction: float | None  # average «Tilfredshet» given; None: none given
    lifecycles: tuple[str, ...]  # distinct life-cycle decisions, e.g. ("Beholde", "Erstatte")


@dataclass(frozen=True)
class DuplicateSystems:
    """Different systems, in two or more units, that seem to serve the same purpose."""

    purpose: str  # the shortest «Formål» text in the group, as written
    systems: tuple[str, ...]  # the different system names (first spelling seen)
    units: tuple[str, ...]  # unit names, in unit order


@dataclass(frozen=True)
class CoordinationGroup:
    """Measures in different units that are candidates for coordination."""

    ids: tuple[str, ...]  # measure ids, in the model's order
    units: tuple[str, ...]  # unit names, in unit order
    systems: tuple[str, ...]  # systems two or more of them mention; may be empty
    reason: str  # Norwegian, one sentence


def shared_systems(model: Municipality) -> tuple[SharedSystem, ...]:
    """Systems used by at least two units, most units first, then by name."""
    groups = _by_name(model.systems)
    result = []
    for key, items in groups.items():
        unit_keys = _ordered_units(model, (s.prov.unit for s in items))
        if len(unit_keys) < 2:
            continue
        users = [s.users for s in items if s.users is not None]
        scores = [s.satisfaction for s in items if s.satisfaction is not None]
        result.append(
            SharedSystem(
                name=_spelling(items),
                units=tuple(model.unit(k).name for k in unit_keys),
                count=len(unit_keys),
                users=sum(users) if users else None,
                satisfaction=sum(scores) / len(scores) if scores else None,
                lifecycles=tuple(dict.fromkeys(s.lifecycle for s in items if s.lifecycle)),
            )
        )
    return tuple(sorted(result, key=lambda s: (-s.count, normalize(s.name))))


def duplicate_systems(model: Municipality) -> tuple[DuplicateSystems, ...]:
    """Groups of differently named systems with similar purposes, across units."""
    groups = _by_name(s for s in model.systems if words(s.purpose))
    names = list(groups)
    purpose_words = {n: frozenset().union(*(words(s.purpose) for s in groups[n])) for n in names}
    links = [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if _alike(purpose_words[a], purpose_words[b], PURPOSE_SIMILARITY)
    ]
    result = []
    for component in _components(names, links):
        items = [s for n in component for s in groups[n]]
        unit_keys = _ordered_units(model, (s.prov.unit for s in items))
        if len(component) < 2 or len(unit_keys) < 2:
            continue
        purposes = [s.purpose for s in items if s.purpose]
        result.append(
            DuplicateSystems(
                purpose=min(purposes, key=lambda p: (len(p), p)),
                systems=tuple(groups[n][0].name for n in component),
                units=tuple(model.unit(k).name for k in unit_keys),
            )
        )
    return tuple(result)


def coordination(
    model: Municipality, ids: dict[Measure, str]
) -> tuple[tuple[CoordinationGroup, ...], dict[str, tuple[str, ...]]]:
    """Coordination candidates among the measures. Returns the groups (connected
    pairs, in model order) and, per measure id, the ids it is directly linked to
    in other units (in model order; measures with no link are absent)."""
    measures = list(model.measures)
    names = [ids[m] for m in measures]
    units = [m.prov.unit for m in measures]
    systems = _system_names(model.systems)
    mentions = [_mentioned(m, systems) for m in measures]
    title_words = [words(m.title) for m in measures]
    all_words = [words(f"{m.title} {m.description or ''}") for m in measures]

    pairs: list[tuple[int, int]] = []
    common_systems: dict[tuple[int, int], tuple[str, ...]] = {}
    for a in range(len(measures)):
        for b in range(a + 1, len(measures)):
            # Title words are among all words: no common word and no common
            # system means no link (a fast check, as this runs for every pair).
            if units[a] == units[b] or (all_words[a].isdisjoint(all_words[b]) and not mentions[a]):
                continue
            common = tuple(n for n in mentions[a] if n in mentions[b])
            if (
                common
                or _alike(title_words[a], title_words[b], MEASURE_SIMILARITY)
                or _alike(all_words[a], all_words[b], MEASURE_SIMILARITY)
            ):
                pairs.append((a, b))
                if common:
                    common_systems[(a, b)] = common

    linked: dict[int, set[int]] = {}
    for a, b in pairs:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    links = {names[i]: tuple(names[j] for j in sorted(others)) for i, others in linked.items()}

    groups = []
    for component in _components(range(len(measures)), pairs):
        inside = set(component)
        about = tuple(
            dict.fromkeys(n for (a, b), common in common_systems.items() if a in inside for n in common)
        )
        groups.append(
            CoordinationGroup(
                ids=tuple(names[i] for i in component),
                units=tuple(model.unit(k).name for k in _ordered_units(model, (units[i] for i in component))),
                systems=about,
                reason=_group_reason(about),
            )
        )
    return tuple(groups), links


def _alike(a: frozenset[str], b: frozenset[str], threshold: Fraction) -> bool:
    """``similarity(a, b) >= threshold``, in integers (this runs for every pair)."""
    if not a or not b:
        return False
    common = len(a & b)
    return common > 0 and common * threshold.denominator >= threshold.numerator * (len(a) + len(b) - common)


def _group_reason(systems: Sequence[str]) -> str:
    if len(systems) == 1:
        return f"Tiltakene gjelder samme system, «{systems[0]}»."
    if systems:
        listed = ", ".join(f"«{s}»" for s in systems[:-1]) + f" og «{systems[-1]}»"
        return f"Tiltakene gjelder de samme systemene, {listed}."
    return "Tiltakene har nesten samme tittel eller beskrivelse."


def _system_names(systems: Iterable[System]) -> dict[str, str]:
    """Normalised name → first spelling, for names long enough to search for."""
    names: dict[str, str] = {}
    for s in systems:
        key = normalize(s.name)
        if len(key) >= MIN_SYSTEM_NAME:
            names.setdefault(key, s.name)
    return names


def _mentioned(measure: Measure, systems: dict[str, str]) -> tuple[str, ...]:
    text = f" {normalize(measure.title)} {normalize(measure.description)} "
    return tuple(spelling for key, spelling in systems.items() if f" {key} " in text)


def _by_name(systems: Iterable[System]) -> dict[str, list[System]]:
    groups: dict[str, list[System]] = {}
    for s in systems:
        key = normalize(s.name)
        if key:
            groups.setdefault(key, []).append(s)
    return groups


def _spelling(items: Sequence[System]) -> str:
    counts: dict[str, int] = {}
    for s in items:
        counts[s.name.strip()] = counts.get(s.name.strip(), 0) + 1
    best = max(counts.values())
    return next(name for name, n in counts.items() if n == best)


def _ordered_units(model: Municipality, keys: Iterable[str]) -> tuple[str, ...]:
    wanted = set(keys)
    return tuple(u.key for u in model.units if u.key in wanted)


def _components(nodes: Sequence, edges: Iterable[tuple]) -> list[list]:
    """Connected components with at least two nodes, each in *nodes* order, the
    components ordered by their first node."""
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    members: dict = {}
    for n in nodes:
        members.setdefault(find(n), []).append(n)
    return [group for group in members.values() if len(group) > 1]
