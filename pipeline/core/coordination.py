"""Across units: shared systems, possible duplicate systems, and measures that
could be coordinated (samordning). Pure and deterministic, no I/O.

Everything here is meant to be explained in one sentence to the secretariat, so
the rules are simple:

* **Names** are compared after :func:`pipeline.identity.key` (NFKC, case-folding,
  invisible characters removed), turning every
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

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import compress
from typing import Iterable, Sequence

from pipeline import identity
from pipeline.core.model import Measure, Municipality, System
from pipeline.i18n import Msg, Words, nMsg, pMsg

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
#: A character that is not a letter or digit (``str.isalnum()`` is false for exactly these).
_NOT_ALNUM = re.compile(r"[\W_]+")
_SUFFIXES = ("ene", "ane", "ere", "er", "en", "et", "a", "e")
_MIN_STEM = 4


def normalize(text: str | None) -> str:
    """Letters and digits only, case-folded, single spaces (``None`` → ``""``).
    Built on :func:`pipeline.identity.key`, so invisible characters (a soft
    hyphen in «Vis\u00adma») join the letters around them instead of splitting a word."""
    if not text:
        return ""
    return " ".join(_NOT_ALNUM.sub(" ", identity.key(text)).split())


@lru_cache(maxsize=1 << 16)
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
    """Measures in different units that are candidates for coordination: a named
    group («S-3: Nye elev-PC-er, 16 enheter») each of them refers to, and a
    candidate joint measure in ``beslutninger.xlsx``."""

    id: str  # «S-1», «S-2», … in the order of the groups' first measures
    name: str  # what the group is about: its shared system(s), else its most common title
    ids: tuple[str, ...]  # measure ids, in the model's order
    units: tuple[str, ...]  # unit names, in unit order
    systems: tuple[str, ...]  # systems two or more of them mention; may be empty
    reason: Msg  # one sentence, rendered by the edge

    @property
    def label(self) -> Msg:
        """«S-3: Nye elev-PC-er, 16 enheter»."""
        # TRANSLATORS: a coordination group: its id, its name (a system or a title) and its number of units.
        return nMsg("{id}: {name}, {n} enhet", "{id}: {name}, {n} enheter", len(self.units),
                    id=self.id, name=self.name)


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

    # With hundreds of units there are millions of pairs. Texts are compared as
    # bit masks, all later measures at once (see _pairs_of); titles are short,
    # so only pairs that can reach the similarity are looked at (_candidates).
    alike_all = _pairs_with_numpy(all_words, MEASURE_SIMILARITY) or _pairs_of(all_words, MEASURE_SIMILARITY)
    alike_title: dict[int, list[int]] = {}
    for a, b in _candidates(title_words, MEASURE_SIMILARITY):
        if _alike(title_words[a], title_words[b], MEASURE_SIMILARITY):
            alike_title.setdefault(a, []).append(b)
    system_bits = _bits(mentions)
    pairs: list[tuple[int, int]] = []
    common_systems: dict[tuple[int, int], tuple[str, ...]] = {}
    for a in range(len(measures)):
        found = set(alike_all(a))
        found.update(alike_title.get(a, ()))
        if system_bits[a]:
            found.update(compress(range(a + 1, len(measures)), map(system_bits[a].__and__, system_bits[a + 1:])))
        for b in sorted(found):
            if units[a] == units[b]:
                continue
            pairs.append((a, b))
            common = tuple(n for n in mentions[a] if n in mentions[b])
            if common:
                common_systems[(a, b)] = common

    linked: dict[int, set[int]] = {}
    for a, b in pairs:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    links = {names[i]: tuple(names[j] for j in sorted(others)) for i, others in linked.items()}

    components = _components(range(len(measures)), pairs)
    component_of = {i: k for k, component in enumerate(components) for i in component}
    mentioned_in: dict[int, list[str]] = {}
    for (a, _), common in common_systems.items():  # in pair order, as the group text lists them
        mentioned_in.setdefault(component_of[a], []).extend(common)
    groups = []
    for number, component in enumerate(components):
        about = tuple(dict.fromkeys(mentioned_in.get(number, ())))
        groups.append(
            CoordinationGroup(
                id=group_id(number),
                name=group_name(about, [measures[i].title for i in component]),
                ids=tuple(names[i] for i in component),
                units=tuple(model.unit(k).name for k in _ordered_units(model, (units[i] for i in component))),
                systems=about,
                reason=_group_reason(about),
            )
        )
    return tuple(groups), links


def group_id(number: int) -> str:
    """The id of the coordination group at place *number* (from 0): «S-1», «S-2», …"""
    return f"S-{number + 1}"


def group_name(systems: Sequence[str], titles: Sequence[str]) -> str:
    """A group's name: the system its measures share («Gerica»; «Gerica m.fl.»
    when they share more), else the title most of them have (after
    :func:`normalize`; ties: the first), as the first measure with it spelled it."""
    if systems:
        return systems[0] + (" m.fl." if len(systems) > 1 else "")
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for title in titles:
        key = normalize(title)
        counts[key] = counts.get(key, 0) + 1
        spelling.setdefault(key, title.strip())
    best = max(counts.values())
    return spelling[next(k for k, n in counts.items() if n == best)]


def _candidates(sets: Sequence[frozenset[str]], threshold: Fraction) -> set[tuple[int, int]]:
    """Every pair (a, b), a < b, whose sets may be at least *threshold* alike,
    and some that are not; never one that is (the prefix filter of a
    set-similarity join).

    If |A ∩ B| / |A ∪ B| ≥ t, then |A ∩ B| ≥ ⌈t·|A|⌉ and ≥ ⌈t·|B|⌉. With all
    words in one order (rarest first), the first common word of A and B comes
    after at most |A| − ⌈t·|A|⌉ other words of A (and likewise of B), so it is
    among the first |A| − ⌈t·|A|⌉ + 1 words of both. Only those prefixes are
    indexed and probed."""
    frequency: dict[str, int] = {}
    for s in sets:
        for w in s:
            frequency[w] = frequency.get(w, 0) + 1
    index: dict[str, list[int]] = {}
    found: set[tuple[int, int]] = set()
    for i, s in enumerate(sets):
        if not s:
            continue
        ordered = sorted(s, key=lambda w: (frequency[w], w))
        need = -(-len(ordered) * threshold.numerator // threshold.denominator)  # ⌈t·|A|⌉ in integers
        for w in ordered[: len(ordered) - max(need, 1) + 1]:
            earlier = index.setdefault(w, [])
            found.update((j, i) for j in earlier)
            earlier.append(i)
    return found


def _bits(sets: Sequence[Iterable[str]]) -> list[int]:
    """Each set as a bit mask over all the words (or names) in *sets*."""
    bit: dict[str, int] = {}
    masks = []
    for items in sets:
        mask = 0
        for item in items:
            mask |= 1 << bit.setdefault(item, len(bit))
        masks.append(mask)
    return masks


def _pairs_of(sets: Sequence[frozenset[str]], threshold: Fraction):
    """A function giving, for index *a*, every *b* > *a* with
    ``_alike(sets[a], sets[b], threshold)``, in increasing order.

    With c = |A ∩ B| (the bits two masks share), ``c / |A ∪ B| ≥ p/q`` is
    ``c ≥ p·(|A| + |B|) / (p + q)``; that least c is worked out once per size
    of A, for every B, so comparing A with all later sets takes three maps."""
    masks = _bits(sets)
    p, q = threshold.numerator, threshold.denominator
    sizes = [len(s) for s in sets]
    least: dict[int, list[int]] = {}  # |A| → for every B, the least c (at least 1)

    def later(a: int):
        size = sizes[a]
        if not size:
            return ()
        if size not in least:
            least[size] = [max(1, -(-p * (size + other) // (p + q))) for other in sizes]
        shared = map(int.bit_count, map(masks[a].__and__, masks[a + 1:]))
        return compress(range(a + 1, len(sets)), map(int.__le__, least[size][a + 1:], shared))

    return later


#: From this many measures on, the word sets are compared as a matrix product
#: (numpy, there with matplotlib anyway): a few tenths of a second for 2 000 measures.
NUMPY_FROM = 500
_BLOCK = 512  # rows of the product at a time, so memory stays at a few MB per block


def _pairs_with_numpy(sets: Sequence[frozenset[str]], threshold: Fraction):
    """:func:`_pairs_of` done with numpy: the shared words of every pair are one
    matrix product of 0/1 word vectors (exact: counts far below 2**24 in
    float32). None when there are few sets or numpy is missing."""
    if len(sets) < NUMPY_FROM:
        return None
    try:
        import numpy as np
    except ImportError:
        return None
    column: dict[str, int] = {}
    rows, cols = [], []
    for i, s in enumerate(sets):
        for w in s:
            rows.append(i)
            cols.append(column.setdefault(w, len(column)))
    vectors = np.zeros((len(sets), max(len(column), 1)), dtype=np.float32)
    vectors[rows, cols] = 1.0
    sizes = np.array([len(s) for s in sets], dtype=np.float32)
    p, q = threshold.numerator, threshold.denominator
    later: dict[int, list[int]] = {}
    for start in range(0, len(sets), _BLOCK):
        block = slice(start, min(start + _BLOCK, len(sets)))
        shared = vectors[block] @ vectors.T  # c = |A ∩ B| for A in the block, every B
        alike = (shared > 0) & (shared * (p + q) >= p * (sizes[block, None] + sizes[None, :]))
        for offset, row in enumerate(alike):
            a = start + offset
            later[a] = [int(b) for b in np.flatnonzero(row[a + 1:]) + a + 1]
    return lambda a: later[a]


def _alike(a: frozenset[str], b: frozenset[str], threshold: Fraction) -> bool:
    """``similarity(a, b) >= threshold``, in integers (this runs for every pair)."""
    if not a or not b:
        return False
    common = len(a & b)
    return common > 0 and common * threshold.denominator >= threshold.numerator * (len(a) + len(b) - common)


def _group_reason(systems: Sequence[str]) -> Msg:
    if len(systems) == 1:
        return Msg("Tiltakene gjelder samme system, «{system}».", system=systems[0])
    if systems:
        quoted = Words(tuple(pMsg("quote", "«{text}»", text=s) for s in systems))
        # TRANSLATORS: {systems} is a list of system names, each in quotation marks.
        return Msg("Tiltakene gjelder de samme systemene, {systems}.", systems=quoted)
    return Msg("Tiltakene har nesten samme tittel eller beskrivelse.")


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
