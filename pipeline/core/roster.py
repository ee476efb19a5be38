"""One unit stays one unit: which unit each form counts for, and as which revision.

Two things decide it, and both are inputs every run reads:

- the **rules**, applied when a form arrives: a unit on the secretariat's list
  (``[[enheter]]`` in ``strategi.toml``) counts; so does a name that already
  has accepted forms. Any other name is *held* (:attr:`SubmissionStatus.HELD`):
  kept, answered, in no document. Without a list every new name counts, as
  before, unless it is a near-miss of a unit that has delivered
  («Hurdal helse og omsorgssenter» after «Hurdal helse- og omsorgssenter»),
  which is held too;
- the **secretariat's judgements**, recorded in the store with time and reason
  (:class:`Action`): withdraw a submission, map a unit name to a known unit,
  accept a name as a new unit, and undo any of these.

:func:`make_roster` applies the judgements to the forms and gives every form its
:class:`Placement`: the unit it counts for (in the configured spelling), its
revision (its place among that unit's forms in arrival order, withdrawn ones
included, so numbers stay put when one is withdrawn), or that it is held or
withdrawn. A form that arrived under a name the secretariat had already mapped or
accepted is stored as held (the rules alone would hold it) and counts through the
judgement, so undoing the judgement undoes it for every form with that name.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime
from enum import StrEnum
from typing import Iterable

from pipeline.config import ExpectedUnit
from pipeline.core.submission import SubmissionStatus
from pipeline.i18n import Day, Msg
from pipeline.identity import key
from pipeline.identity import one_line as _one_line

# The same names are placed on every run and for every form that arrives: clean each once.
one_line = lru_cache(maxsize=1 << 14)(_one_line)


class ActionKind(StrEnum):
    """The secretariat's judgements; the values are the words the store keeps."""

    WITHDRAW = "trekk-tilbake"
    MAP = "koble"
    ACCEPT = "godta"
    UNDO = "angre"


@dataclass(frozen=True)
class Action:
    """One recorded judgement (a row of the store's ``actions``)."""

    id: int
    at: datetime
    kind: ActionKind
    reason: str
    submission: int | None = None  # WITHDRAW: the submission withdrawn
    name: str | None = None  # MAP, ACCEPT: the unit name as the forms spell it
    target: str | None = None  # MAP: the unit the name counts as (its spelling when mapped)
    undoes: int | None = None  # UNDO: the action undone


@dataclass(frozen=True)
class Arrival:
    """A valid form as the roster needs it: accepted or held when it arrived."""

    id: int
    received_at: datetime
    status: SubmissionStatus  # ACCEPTED or HELD
    unit_name: str


@dataclass(frozen=True)
class Placement:
    """What a valid form is now."""

    id: int
    received_at: datetime
    typed: str  # the unit name as the form spells it, on one line
    key: str  # the unit it counts for (held: the key of its own name)
    name: str  # that unit's name as the documents spell it
    revision: int | None  # its place among the unit's forms; None: held
    withdrawn: Action | None  # the withdrawal in force; None: not withdrawn
    near: str | None = None  # held: the known unit the name resembles; None: none

    @property
    def counted(self) -> bool:
        return self.revision is not None and self.withdrawn is None

    @property
    def held(self) -> bool:
        return self.revision is None and self.withdrawn is None


@dataclass(frozen=True)
class Ruling:
    """What becomes of a new form with a given unit name (:meth:`Roster.rule`)."""

    status: SubmissionStatus  # what the rules alone say: ACCEPTED or HELD
    counts: bool  # it counts now (by the rules, or by a mapping or acceptance)
    key: str  # the unit it counts for
    name: str  # that unit's name as the documents spell it
    same_unit: tuple[str, ...]  # the name keys whose forms are that unit's revisions
    revision: int | None  # the revision it becomes; None: held (or left to the store to number)
    near: str | None  # held: the known unit it resembles
    mapped_from: str | None  # counted through a mapping: the name as the form spells it


@dataclass(frozen=True)
class Roster:
    listed: bool  # the configuration lists its units
    configured: dict[str, str]  # key → the configured spelling
    mapped: dict[str, str]  # name key → the key of the unit it counts as (mappings in force)
    accepted: dict[str, str]  # key → spelling, of names accepted as new units
    own: frozenset[str]  # keys of names that have forms accepted on arrival (by the rules alone)
    placements: tuple[Placement, ...]  # in arrival order
    actions: tuple[Action, ...]  # every action, in order
    undone_by: dict[int, Action]  # action id → the undo that undid it

    def placement(self, submission: int) -> Placement | None:
        return next((p for p in self.placements if p.id == submission), None)

    def latest(self) -> dict[str, Placement]:
        """Each unit's newest counted form, by the unit's key."""
        out: dict[str, Placement] = {}
        for p in self.placements:
            if p.counted:
                out[p.key] = p
        return out

    def held(self) -> list[Placement]:
        return [p for p in self.placements if p.held]

    def unit_of(self, name: str) -> str:
        """The key of the unit forms with this name count for (mappings followed)."""
        return _follow(self.mapped, key(name))

    def same_unit(self, name: str) -> tuple[str, ...]:
        """The name keys whose forms are revisions of the unit *name* counts for."""
        unit = self.unit_of(name)
        return tuple(sorted({unit, *(n for n in self.mapped if _follow(self.mapped, n) == unit)}))

    def known(self, name: str) -> tuple[str, str] | None:
        """(key, spelling) of the unit *name* is, if it is one whose forms count
        (configured, accepted, or with counted forms; mappings followed); None: none."""
        unit = self.unit_of(name)
        if unit in self.configured or unit in self.accepted or any(p.counted and p.key == unit
                                                                  for p in self.placements):
            return unit, self.spelling(unit)
        return None

    def spelling(self, unit: str) -> str:
        """The unit's name as the documents spell it (*unit*: its key)."""
        if unit in self.configured:
            return self.configured[unit]
        if unit in self.accepted:
            return self.accepted[unit]
        for p in reversed(self.placements):
            if p.key == unit and p.revision is not None:
                return p.name
        return unit

    def rule(self, name: str) -> Ruling:
        """What becomes of a new form from *name*, arriving now."""
        k = key(name)
        typed = one_line(name)
        own = k in self.configured or k in self.own
        judged = k in self.mapped or k in self.accepted
        near = None
        if not own and not judged and not self.listed:
            near = _strict_near(typed, self._counted_names())
            own = near is None
        if not own and not judged:
            return Ruling(SubmissionStatus.HELD, False, k, typed, (k,), None,
                          near or resembles(typed, self._counted_names()), None)
        unit = self.unit_of(name)
        revision = 1 + sum(1 for p in self.placements if p.revision is not None and p.key == unit)
        spelling = self.spelling(unit) if unit != k or k in self.configured or k in self.accepted else typed
        return Ruling(SubmissionStatus.ACCEPTED if own else SubmissionStatus.HELD, True, unit, spelling,
                      self.same_unit(name), revision, None, typed if k in self.mapped else None)

    def _counted_names(self) -> list[str]:
        return list(dict.fromkeys([*self.configured.values(), *self.accepted.values(),
                                   *(p.name for p in self.placements if p.counted)]))

    # --- what the secretariat and the politicians read ----------------------------------

    def describe(self, action: Action) -> Msg:
        """The action as a clause: «koblet «X» til Y», «trakk tilbake innlevering 12 (Y, revisjon 3)»."""
        if action.kind == ActionKind.MAP:
            # TRANSLATORS: a clause after «Sekretariatet» (the secretariat): what it did.
            return Msg("koblet «{name}» til {target}", name=action.name, target=action.target)
        if action.kind == ActionKind.ACCEPT:
            # TRANSLATORS: a clause after «Sekretariatet» (the secretariat): what it did.
            return Msg("godtok «{name}» som ny enhet", name=action.name)
        if action.kind == ActionKind.WITHDRAW:
            p = self.placement(action.submission) if action.submission is not None else None
            if p is not None and p.revision is not None:
                return Msg("trakk tilbake innlevering {id} ({unit}, revisjon {revision})", id=action.submission,
                           unit=p.name, revision=p.revision)
            if p is not None:
                return Msg("trakk tilbake innlevering {id} («{name}»)", id=action.submission, name=p.typed)
            return Msg("trakk tilbake innlevering {id}", id=action.submission)
        original = next((a for a in self.actions if a.id == action.undoes), None)
        if original is not None:
            return Msg("angret handling {id} ({what})", id=action.undoes, what=self.describe(original))
        return Msg("angret handling {id}", id=action.undoes)

    def sentence(self, action: Action) -> Msg:
        """«Sekretariatet koblet «X» til Y 29.11.2026: skrivefeil i enhetsnavnet» (the change list)."""
        return Msg("Sekretariatet {what} {day}: {reason}", what=self.describe(action), day=Day(action.at),
                   reason=action.reason)

    def notes(self) -> tuple[tuple[int, str], ...]:
        """Every action as (number, sentence in bokmål), for the version snapshot and the change list:
        the snapshot's fingerprint must not depend on the workspace's language."""
        return tuple((a.id, str(self.sentence(a))) for a in self.actions)


def make_roster(configured: Iterable[ExpectedUnit], arrivals: Iterable[Arrival], actions: Iterable[Action]) -> Roster:
    """The roster from the configured units, every valid form (accepted or held when
    it arrived) and every recorded action."""
    units = {key(u.name): one_line(u.name) for u in configured}
    actions = tuple(sorted(actions, key=lambda a: a.id))
    undone_by = {a.undoes: a for a in actions if a.kind == ActionKind.UNDO and a.undoes is not None}
    mapped: dict[str, str] = {}
    accepted: dict[str, str] = {}
    withdrawn: dict[int, Action] = {}
    for a in actions:
        if a.kind == ActionKind.UNDO or a.id in undone_by:
            continue
        if a.kind == ActionKind.WITHDRAW and a.submission is not None:
            withdrawn[a.submission] = a
        elif a.kind == ActionKind.MAP and a.name and a.target:
            mapped[key(a.name)] = key(a.target)  # the latest judgement on a name is the one in force
            accepted.pop(key(a.name), None)
        elif a.kind == ActionKind.ACCEPT and a.name:
            accepted[key(a.name)] = one_line(a.name)
            mapped.pop(key(a.name), None)

    arrivals = sorted(arrivals, key=lambda a: a.id)
    own = frozenset(key(a.unit_name) for a in arrivals if a.status == SubmissionStatus.ACCEPTED)
    counts: dict[str, int] = {}
    rows = []
    for a in arrivals:
        typed = one_line(a.unit_name)
        k = key(typed)
        member = a.status == SubmissionStatus.ACCEPTED or k in own or k in units or k in mapped or k in accepted
        unit = _follow(mapped, k) if member else k
        revision = None
        if member:
            counts[unit] = revision = counts.get(unit, 0) + 1
        rows.append((a, typed, unit, revision))

    # A unit's name in the documents: the configured spelling, else the accepted one, else as
    # its newest counted form under its own name writes it (a name mapped to it never renames it).
    names: dict[str, str] = {}
    for a, typed, unit, revision in sorted(rows, key=lambda r: (key(r[1]) == r[2], r[0].id not in withdrawn)):
        if revision is not None:
            names[unit] = typed
    names.update(accepted)
    names.update(units)
    counted = [*units.values(), *accepted.values(),
               *(names[unit] for a, _, unit, revision in rows if revision is not None and a.id not in withdrawn)]
    placements = []
    for a, typed, unit, revision in rows:
        held = revision is None and a.id not in withdrawn
        near = resembles(typed, counted) if held else None
        placements.append(Placement(a.id, a.received_at, typed, unit, names.get(unit, typed), revision,
                                    withdrawn.get(a.id), near))
    return Roster(bool(units), units, mapped, accepted, own, tuple(placements), actions, undone_by)


def _follow(mapped: dict[str, str], k: str) -> str:
    seen = {k}
    while k in mapped and mapped[k] not in seen:
        k = mapped[k]
        seen.add(k)
    return k


# --- near-misses ---------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def _skeleton(name: str) -> tuple[str, tuple[str, ...]]:
    """The letters and digits of a name's key, and its numbers:
    «Hurdal helse- og omsorgssenter» → («hurdalhelseogomsorgssenter», ())."""
    bare = re.sub(r"[\W_]+", "", key(name))
    return bare, tuple(re.findall(r"\d+", bare))


def _edits(a: str, b: str) -> int:
    """Characters changed, added or removed from *a* to *b* (difflib's alignment: close
    to the edit distance, and exact for the one or two slips that matter here)."""
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in
               difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal")


def near_miss(a: str, b: str) -> bool:
    """Are *a* and *b* the same name, slightly mistyped? Only punctuation or spaces differ
    («helse og» / «helse- og»), or one slip (two in a name of 16 letters or more) —
    and never a different number («sone 1» / «sone 2» are two units)."""
    (sa, da), (sb, db) = _skeleton(a), _skeleton(b)
    if not sa or not sb or da != db:
        return False
    if sa == sb:
        return key(a) != key(b)
    shorter = min(len(sa), len(sb))
    allowed = 1 if shorter < 16 else 2
    if shorter < 6 or abs(len(sa) - len(sb)) > allowed:
        return False
    return _edits(sa, sb) <= allowed


def _strict_near(name: str, candidates: Iterable[str]) -> str | None:
    k = key(name)
    return next((c for c in candidates if key(c) != k and near_miss(name, c)), None)


def resembles(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate *name* most likely means: a near-miss first, else the closest by
    :func:`difflib.get_close_matches` (similarity 0.8 or more); None: none is close."""
    candidates = [c for c in dict.fromkeys(candidates) if key(c) != key(name)]
    strict = _strict_near(name, candidates)
    if strict is not None:
        return strict
    by_key = {key(c): c for c in candidates}
    close = difflib.get_close_matches(key(name), list(by_key), n=1, cutoff=0.8)
    return by_key[close[0]] if close else None
