"""The yearly investment frame: which measures the plan takes, in which year,
and the totals per year of the strategy period. Pure.

:func:`place` fills the frame. The rules, in the order they apply (the
scoring explanation in :mod:`pipeline.core.scoring` says the same in Norwegian):

1. **Order.** Measures the secretariat included («Ta med») are placed first,
   together with what they depend on (transitively, unless the secretariat
   left that out with «Ta ikke med»), then the rest, each group in rank order.
   A measure is placed only after every measure it depends on has been placed
   or left out. So no automatic measure takes money a decided measure needs.
2. **Prerequisites: the dependent waits.** A measure is never placed in a year
   before a measure it depends on; it starts in that year at the earliest. If
   its prerequisite is not in the plan, neither is it. The prerequisite is never
   pulled forward past measures with higher priority: the ranking decides what
   the frame pays for. Only «Ta med» pulls a measure's prerequisites into the
   first group, and they are then placed as if included. (Ballangen's plan, seed 003, does the same: the
   network comes first, and what needs it follows.)
3. **Cycles.** Measures that depend on each other in a circle are reported;
   the order among them is not checked (their dependencies on measures outside
   the circle are).
4. **Decisions.** «Ta ikke med» leaves the measure out. «Utsett til år» (and
   «Ta med» with a year) charges the investment to that year. An included
   measure is in the plan even when its year's frame cannot cover it; the
   overrun is stated.
5. **The frame.** The whole investment is charged to the year the measure
   starts. It is in the plan when what is left of that year's frame covers it.
   A measure without investment, or whose cost is not computed («kostnad
   utredes»), is in the plan in its year without using frame money. A measure
   with an investment but no time is outside (it cannot be charged to a year).
   No frame configured: every measure is in the plan. A year missing from the
   frame has a frame of 0.
6. **Later years** (``kriterier.flytt_til_senere_aar``). A measure that does not
   fit its year moves to the first later year of the period with room.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Sequence

from pipeline.config import Config
from pipeline.contract import BENEFIT_CASH
from pipeline.i18n import Amount, Lang, Msg, Words


@dataclass(frozen=True)
class Candidate:
    """One measure as the frame sees it, given to :func:`place` in rank order."""

    id: str
    investment: int | None  # kroner; None: not computed («kostnad utredes»)
    year: int | None  # the year it asks for: its start, or a decided year; None: no time given
    included: bool = False  # «Ta med»
    excluded: bool = False  # «Ta ikke med»
    depends_on: tuple[str, ...] = ()  # ids of measures it depends on (unknown ids are ignored)


@dataclass(frozen=True)
class Placement:
    """Where :func:`place` put one measure."""

    in_plan: bool
    year: int | None  # the year charged; None: no time given
    reason: Msg | None = None  # why the measure is not in the plan; None when it is
    note: Msg | None = None  # how a rule placed it in the plan (moved, waited, over the frame); None: as asked
    waits_for: tuple[str, ...] = ()  # prerequisites not in the plan (the reason it is outside, or a conflict)
    over_frame: int = 0  # kroner an included measure takes beyond its year's frame
    needed_by: tuple[str, ...] = ()  # included measures that pulled this prerequisite into the first group


@dataclass(frozen=True)
class Plan:
    placements: tuple[Placement, ...]  # one per candidate, in the candidates' order
    cycles: tuple[tuple[str, ...], ...]  # ids depending on each other in a circle, each in rank order
    order: tuple[str, ...]  # the ids in the order they were placed


def place(candidates: Sequence[Candidate], frame: dict[int, int] | None, years: Sequence[int],
          move_later: bool = False) -> Plan:
    """Fill the *frame* (investment by year; None: no frame) with *candidates*
    (in rank order) over the strategy period's *years*, by the rules in the
    module docstring."""
    index = {c.id: i for i, c in enumerate(candidates)}
    needs = [tuple(dict.fromkeys(index[d] for d in c.depends_on if d in index and index[d] != i))
             for i, c in enumerate(candidates)]
    cycles = _cycles(needs)
    needed_by = _needed_by(candidates, needs)
    circle = {i: k for k, members in enumerate(cycles) for i in members}
    # Inside a circle the order cannot be kept; outside it, it is.
    needs = [tuple(d for d in ds if circle.get(d, -1) != circle.get(i, -2)) for i, ds in enumerate(needs)]
    waiting = [len(ds) for ds in needs]
    dependents: list[list[int]] = [[] for _ in candidates]
    for i, ds in enumerate(needs):
        for d in ds:
            dependents[d].append(i)

    def key(i: int) -> tuple[int, int]:
        return (0 if candidates[i].included or needed_by[i] else 1, i)

    ready = [key(i) for i in range(len(candidates)) if not waiting[i]]
    heapq.heapify(ready)
    frame_left = _Frame(frame)
    placed: dict[int, Placement] = {}
    order = []
    while ready:
        _, i = heapq.heappop(ready)
        placed[i] = _place_one(candidates[i], [(candidates[d].id, placed[d]) for d in needs[i]], frame_left,
                               years, move_later, tuple(candidates[j].id for j in needed_by[i]))
        order.append(candidates[i].id)
        for j in dependents[i]:
            waiting[j] -= 1
            if not waiting[j]:
                heapq.heappush(ready, key(j))
    return Plan(
        placements=tuple(placed[i] for i in range(len(candidates))),
        cycles=tuple(tuple(candidates[i].id for i in members) for members in cycles),
        order=tuple(order),
    )


def _needed_by(candidates: Sequence[Candidate], needs: Sequence[Sequence[int]]) -> list[list[int]]:
    """For each measure, the included measures that depend on it, directly or
    through other prerequisites; the walk stops at a measure left out with
    «Ta ikke med». Empty for an included or excluded measure itself."""
    result: list[list[int]] = [[] for _ in candidates]
    for root, c in enumerate(candidates):
        if not c.included or c.excluded:
            continue
        seen, todo = {root}, [root]
        while todo:
            for d in needs[todo.pop()]:
                if d in seen or candidates[d].excluded:
                    continue
                seen.add(d)
                todo.append(d)
                if not candidates[d].included:
                    result[d].append(root)
    return result


class _Frame:
    """What is left of each year's frame, and how much of it decided measures took."""

    def __init__(self, frame: dict[int, int] | None):
        self.frame = frame
        self.used: dict[int, int] = {}
        self.decided: dict[int, int] = {}

    def limit(self, year: int) -> int:
        return (self.frame or {}).get(year, 0)

    def left(self, year: int) -> int:
        return self.limit(year) - self.used.get(year, 0)

    def charge(self, year: int, amount: int, decided: bool = False) -> None:
        self.used[year] = self.used.get(year, 0) + amount
        if decided:
            self.decided[year] = self.decided.get(year, 0) + amount

    def users(self, year: int) -> Msg:
        """Who took the money used in *year*, in words."""
        decided, used = self.decided.get(year, 0), self.used.get(year, 0)
        if not decided:
            return Msg("tiltak med høyere prioritet")
        if decided >= used:
            return Msg("tiltak sekretariatet har tatt med")
        return Msg("tiltak sekretariatet har tatt med og tiltak med høyere prioritet")


def sentences(parts: Sequence[Msg]) -> Msg | None:
    """*parts* one after the other, as one message; None when there are none."""
    if not parts:
        return None
    text = parts[0]
    for part in parts[1:]:
        # TRANSLATORS: two sentences one after the other; keep as it is unless your language separates them otherwise.
        text = Msg("{sentence} {next}", sentence=text, next=part)
    return text


def _place_one(c: Candidate, prerequisites: list[tuple[str, Placement]], frame: _Frame, years: Sequence[int],
               move_later: bool, needed_by: tuple[str, ...] = ()) -> Placement:
    if c.excluded:
        return Placement(False, c.year, reason=Msg("Sekretariatet har besluttet at tiltaket ikke tas med."))
    decided = c.included or bool(needed_by)
    missing = tuple(id for id, p in prerequisites if not p.in_plan)
    if missing and not decided:
        return Placement(False, c.year, waits_for=missing, reason=Msg(
            "Tiltaket forutsetter {ids}, som ikke er med i planen, og venter derfor.", ids=Words(missing)))
    notes = []
    if needed_by and not c.included:
        notes.append(Msg("Tatt med fordi {ids}, som sekretariatet har tatt med, forutsetter tiltaket.",
                         ids=Words(needed_by)))
    if missing:
        notes.append(Msg("Tatt med etter beslutning, selv om tiltaket forutsetter {ids}, som ikke er med i "
                         "planen.", ids=Words(missing)))
    year = c.year
    before = [(p.year, id) for id, p in prerequisites if p.in_plan and p.year is not None]
    if before and year is not None and max(before)[0] > year:
        first, id = max(before)
        notes.append(Msg("Venter på {id}, som er med i planen for {year}: tiltaket starter ikke før forutsetningen.",
                         id=id, year=first))
        year = first

    def inside(note: Msg | None = None, over: int = 0, at: int | None = year) -> Placement:
        text = sentences([*notes, note] if note else notes)
        return Placement(True, at, note=text, waits_for=missing, over_frame=over, needed_by=needed_by)

    if frame.frame is None or c.investment == 0:
        return inside()
    if c.investment is None:
        if year is None:
            return inside(Msg("Kostnaden utredes: tiltaket står i planen uten år, men belaster ikke rammen før "
                              "beløpet er kjent."))
        return inside(Msg("Kostnaden utredes: tiltaket står i planen for {year}, men belaster ikke rammen før "
                          "beløpet er kjent.", year=year))
    if year is None:
        if decided:
            return inside(Msg("Tatt med etter beslutning, men uten tidsrom, så investeringen er ikke knyttet til et "
                              "års ramme."))
        return Placement(False, None, reason=Msg("Tiltaket har ingen tidsrom, så investeringen kan ikke knyttes "
                                                 "til et års ramme."))
    left = frame.left(year)
    if c.investment <= left:
        frame.charge(year, c.investment, decided)
        return inside()
    if decided:
        over = c.investment - max(left, 0)
        frame.charge(year, c.investment, decided=True)
        return inside(Msg("Tatt med etter beslutning, selv om rammen for {year} ikke strekker til: rammen er "
                          "overskredet med {over}.", year=year, over=Amount(over)), over)
    reason = _outside_reason(year, c.investment, frame.limit(year), left, frame.frame is not None and
                             year in frame.frame, frame.users(year))
    if move_later:
        for later in (y for y in years if y > year):
            room = frame.left(later)
            if c.investment <= room:
                frame.charge(later, c.investment)
                if year not in frame.frame:
                    moved = Msg("Flyttet til {later}: ikke plass i {year} (ikke satt av ramme), {room} ledig i "
                                "{later}.", later=later, year=year, room=Amount(room))
                else:
                    moved = Msg("Flyttet til {later}: ikke plass i {year} ({left} igjen), {room} ledig i {later}.",
                                later=later, year=year, left=Amount(max(left, 0)), room=Amount(room))
                return inside(moved, at=later)
        if any(y > year for y in years):
            reason = sentences([reason, Msg("Ingen senere år i strategiperioden har plass.")])
    return Placement(False, year, reason=sentences([*notes, reason]))


def _outside_reason(year: int, investment: int, limit: int, left: int, configured: bool, users: Msg) -> Msg:
    if not configured:
        return Msg("Det er ikke satt av investeringsramme for {year}.", year=year)
    if investment > limit:
        return Msg("Investeringen på {investment} er større enn rammen for {year} ({limit}).",
                   investment=Amount(investment), year=year, limit=Amount(limit))
    if left <= 0:
        return Msg("Rammen for {year} er brukt opp av {users}.", year=year, users=users)
    return Msg("Det er bare {left} igjen av rammen for {year} etter {users}, og investeringen er {investment}.",
               left=Amount(left), year=year, users=users, investment=Amount(investment))


def _cycles(needs: Sequence[Sequence[int]]) -> list[tuple[int, ...]]:
    """The strongly connected components with more than one node (Tarjan's
    algorithm without recursion), each in index order, ordered by their first node."""
    n = len(needs)
    number = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    found: list[tuple[int, ...]] = []
    counter = 0
    for root in range(n):
        if number[root] >= 0:
            continue
        work = [(root, 0)]
        number[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, edge = work[-1]
            if edge < len(needs[node]):
                work[-1] = (node, edge + 1)
                nxt = needs[node][edge]
                if number[nxt] < 0:
                    number[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack[nxt] = True
                    work.append((nxt, 0))
                elif on_stack[nxt]:
                    low[node] = min(low[node], number[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == number[node]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack[top] = False
                    members.append(top)
                    if top == node:
                        break
                if len(members) > 1:
                    found.append(tuple(sorted(members)))
    return sorted(found)


def overrun_parts(overruns: Sequence[tuple[int, int]]) -> tuple[Msg, ...]:
    """«i 2027 med 460 000 kr» for each (year, kroner over the frame) that is over."""
    return tuple(Msg("i {year} med {over}", year=year, over=Amount(over)) for year, over in overruns if over > 0)


def overrun_text(overruns: Sequence[tuple[int, int]], lang: Lang | None = None) -> str:
    """«i 2027 med 460 000 kr» (and «… og i 2028 med …») in *lang* (None:
    bokmål); "" when no year is over."""
    lang = lang or Lang.source()
    return lang.join([lang.render(p) for p in overrun_parts(overruns)])


# --- totals per year ----------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    """One measure's amounts and place, for :func:`year_totals`."""

    investment: int | None  # None: not computed
    operating_cost: int | None
    benefit: int | None
    year: int | None  # the year it starts in the plan; None: no time
    in_plan: bool
    counted: bool = True  # False: merged into a joint measure, counted there
    benefit_kind: str | None = None  # contract.BENEFIT_*; None: not stated (older form)

    @property
    def uncosted(self) -> bool:
        return self.investment is None or self.operating_cost is None or self.benefit is None


@dataclass(frozen=True)
class YearTotals:
    """One year of the strategy period, in kroner.

    Investment counts in the year a measure starts in the plan. Operating cost
    and benefit count from the year after the start (year 1 of the economic
    convention) through the end of the period. Measures without a time count in
    no year. An amount that is not computed («kostnad utredes») is in no sum;
    the ``uncosted`` counts say how many measures starting that year have one.
    ``benefit`` is every benefit as the units valued it; ``cash_benefit`` only
    those stated as money in the budget (``contract.BENEFIT_CASH``).
    """

    year: int
    investment: int  # all proposed measures starting this year
    operating_cost: int  # all proposed measures running this year
    benefit: int  # all proposed measures running this year
    investment_in_frame: int  # measures inside the frame starting this year
    frame: int | None  # None: no frame configured
    operating_cost_in_frame: int = 0
    benefit_in_frame: int = 0
    measures_in_frame: int = 0  # measures inside the frame starting this year
    measures_outside: int = 0  # measures outside the frame starting this year
    uncosted: int = 0  # measures starting this year with an amount not computed
    uncosted_in_frame: int = 0  # of those, in the plan
    cash_benefit: int = 0  # all proposed measures running this year, money in the budget only
    cash_benefit_in_frame: int = 0

    @property
    def net_in_frame(self) -> int:
        """The budget's net for the measures inside the frame: money benefit minus operating cost and investment."""
        return self.cash_benefit_in_frame - self.operating_cost_in_frame - self.investment_in_frame

    @property
    def net(self) -> int:
        """As :attr:`net_in_frame`, for every proposed measure."""
        return self.cash_benefit - self.operating_cost - self.investment

    @property
    def over_frame(self) -> int:
        """Kroner the measures inside the frame take beyond it this year (decided measures); 0 when none."""
        return max(0, -(self.remaining or 0))

    @property
    def remaining(self) -> int | None:
        """Frame left after the measures inside it; None: no frame configured.
        Negative when measures included by decision take more than the frame."""
        return None if self.frame is None else self.frame - self.investment_in_frame


def year_totals(config: Config, rows: Sequence[YearRow]) -> tuple[YearTotals, ...]:
    """One :class:`YearTotals` per year of the strategy period."""
    frame = config.investment_frame
    rows = [r for r in rows if r.counted and r.year is not None]
    result = []
    for year in config.years:
        starting = [r for r in rows if r.year == year]
        running = [r for r in rows if r.year < year]
        result.append(
            YearTotals(
                year=year,
                investment=sum(r.investment or 0 for r in starting),
                operating_cost=sum(r.operating_cost or 0 for r in running),
                benefit=sum(r.benefit or 0 for r in running),
                investment_in_frame=sum(r.investment or 0 for r in starting if r.in_plan),
                frame=None if frame is None else frame.get(year, 0),
                operating_cost_in_frame=sum(r.operating_cost or 0 for r in running if r.in_plan),
                benefit_in_frame=sum(r.benefit or 0 for r in running if r.in_plan),
                measures_in_frame=sum(1 for r in starting if r.in_plan),
                measures_outside=sum(1 for r in starting if not r.in_plan),
                uncosted=sum(1 for r in starting if r.uncosted),
                uncosted_in_frame=sum(1 for r in starting if r.uncosted and r.in_plan),
                cash_benefit=sum(r.benefit or 0 for r in running if r.benefit_kind == BENEFIT_CASH),
                cash_benefit_in_frame=sum(r.benefit or 0 for r in running if r.in_plan and r.benefit_kind == BENEFIT_CASH),
            )
        )
    return tuple(result)
