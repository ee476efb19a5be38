"""Filling the frame (:func:`pipeline.core.frame.place`): each rule on its own,
and the whole against a slow, obvious version of the rules."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from support.bokmal import nb
from pipeline.core.frame import Candidate, place
from pipeline.formatting import kroner

YEARS = (2027, 2028, 2029, 2030)


def placed(candidates, frame, move_later=False):
    plan = place(candidates, frame, YEARS, move_later)
    return {c.id: p for c, p in zip(candidates, plan.placements)}, plan


# --- each rule ---------------------------------------------------------------------------


def test_higher_rank_gets_the_money_first():
    result, plan = placed([Candidate("A", 600, 2027), Candidate("B", 600, 2027)], {2027: 1000})
    assert result["A"].in_plan and not result["B"].in_plan
    assert plan.order == ("A", "B")


def test_an_included_measure_is_placed_before_every_automatic_one():
    result, plan = placed([Candidate("A", 600, 2027), Candidate("B", 600, 2027, included=True)], {2027: 1000})
    assert plan.order == ("B", "A")
    assert result["B"].in_plan and not result["A"].in_plan


def test_an_included_measure_stays_in_the_plan_over_the_frame_and_says_by_how_much():
    result, _ = placed([Candidate("A", 1500, 2027, included=True)], {2027: 1000})
    assert result["A"].in_plan and result["A"].over_frame == 500
    assert f"overskredet med {kroner(500)}" in nb(result["A"].note)


def test_an_excluded_measure_is_left_out_and_its_money_goes_to_the_next():
    result, _ = placed([Candidate("A", 600, 2027, excluded=True), Candidate("B", 600, 2027)], {2027: 1000})
    assert not result["A"].in_plan and result["B"].in_plan
    assert nb(result["A"].reason) == "Sekretariatet har besluttet at tiltaket ikke tas med."


def test_a_dependent_waits_for_its_prerequisite_and_starts_in_its_year_at_the_earliest():
    result, plan = placed([Candidate("A", 100, 2027, depends_on=("B",)), Candidate("B", 100, 2029)],
                          {2027: 1000, 2029: 1000})
    assert plan.order == ("B", "A")  # the dependent waits its turn; the prerequisite is not pulled forward
    assert (result["A"].in_plan, result["A"].year) == (True, 2029)
    assert nb(result["A"].note) == "Venter på B, som er med i planen for 2029: tiltaket starter ikke før forutsetningen."


def test_a_prerequisite_outside_the_plan_keeps_its_dependent_out_and_is_not_pulled_forward():
    # A ranks first but needs C; B (ranked between) takes the money C would need.
    result, plan = placed([Candidate("A", 100, 2027, depends_on=("C",)), Candidate("B", 900, 2027),
                           Candidate("C", 200, 2027)], {2027: 1000})
    assert plan.order == ("B", "C", "A")
    assert result["B"].in_plan and not result["C"].in_plan
    assert not result["A"].in_plan and result["A"].waits_for == ("C",)
    assert nb(result["A"].reason) == "Tiltaket forutsetter C, som ikke er med i planen, og venter derfor."


def test_an_included_measure_is_placed_even_without_its_prerequisite_and_the_conflict_is_kept():
    result, _ = placed([Candidate("A", 100, 2027, included=True, depends_on=("B",)),
                        Candidate("B", 500, 2027, excluded=True)], {2027: 1000})
    assert result["A"].in_plan and result["A"].waits_for == ("B",)
    assert "forutsetter B, som ikke er med i planen" in nb(result["A"].note)


def test_measures_depending_on_each_other_in_a_circle_are_reported_and_still_placed():
    result, plan = placed([Candidate("A", 100, 2027, depends_on=("B",)), Candidate("B", 100, 2028, depends_on=("C",)),
                           Candidate("C", 100, 2027, depends_on=("A",)), Candidate("D", 100, 2027, depends_on=("C",))],
                          {2027: 1000, 2028: 1000})
    assert plan.cycles == (("A", "B", "C"),)
    assert all(result[i].in_plan for i in "ABC")
    assert result["A"].year == 2027  # the order inside the circle is not enforced
    assert (result["D"].in_plan, result["D"].year) == (True, 2027)  # its prerequisite outside the circle is


def test_a_measure_that_does_not_fit_moves_to_the_first_later_year_with_room_and_says_why():
    frame = {2027: 1000, 2028: 45_000, 2029: 400_000, 2030: 1_000_000}
    candidates = [Candidate("A", 40_000, 2028), Candidate("B", 40_000, 2028), Candidate("C", 50_000, 2029),
                  Candidate("D", 310_000, 2028)]
    result, _ = placed(candidates, frame, move_later=True)
    assert (result["D"].in_plan, result["D"].year) == (True, 2029)  # exactly what is left there
    assert (result["A"].in_plan, result["A"].year) == (True, 2028)
    assert (result["B"].in_plan, result["B"].year) == (True, 2029)
    assert nb(result["B"].note) == (f"Flyttet til 2029: ikke plass i 2028 ({kroner(5_000)} igjen), "
                                f"{kroner(400_000)} ledig i 2029.")
    assert (result["C"].year, result["C"].in_plan) == (2029, True)  # after B's 40 000, 360 000 was left


def test_without_the_setting_a_measure_that_does_not_fit_stays_outside():
    result, _ = placed([Candidate("A", 40_000, 2028)], {2028: 5_000, 2029: 400_000})
    assert not result["A"].in_plan and result["A"].year == 2028
    assert "Ingen senere år" not in nb(result["A"].reason)


def test_when_no_later_year_has_room_the_reason_says_so():
    result, _ = placed([Candidate("A", 40_000, 2029)], {2029: 5_000, 2030: 5_000}, move_later=True)
    assert nb(result["A"].reason).endswith("Ingen senere år i strategiperioden har plass.")


def test_a_cost_not_computed_is_placed_in_its_year_without_using_the_frame():
    result, _ = placed([Candidate("A", None, 2027), Candidate("B", 1000, 2027)], {2027: 1000})
    assert result["A"].in_plan and result["B"].in_plan
    assert nb(result["A"].note).startswith("Kostnaden utredes")


def test_no_frame_takes_everything_but_a_dependent_still_waits_for_its_prerequisites_year():
    result, _ = placed([Candidate("A", 10**9, 2027, depends_on=("B",)), Candidate("B", 1, 2030)], None)
    assert result["A"].in_plan and result["A"].year == 2030


def test_an_included_measure_brings_its_prerequisites_before_every_automatic_one():
    # The demo's case: KUL-2 («Ta med») needs KUL-1, which needs KUL-6; automatic A and B rank above them.
    result, plan = placed([Candidate("A", 500, 2027), Candidate("B", 300, 2027),
                           Candidate("KUL-2", 200, 2027, included=True, depends_on=("KUL-1",)),
                           Candidate("KUL-1", 200, 2027, depends_on=("KUL-6",)), Candidate("KUL-6", 100, 2027)],
                          {2027: 1000})
    assert plan.order == ("KUL-6", "KUL-1", "KUL-2", "A", "B")
    assert all(result[i].in_plan and result[i].over_frame == 0 for i in ("KUL-6", "KUL-1", "KUL-2", "A"))
    assert result["KUL-1"].needed_by == ("KUL-2",) and result["KUL-6"].needed_by == ("KUL-2",)
    assert "Tatt med fordi KUL-2, som sekretariatet har tatt med, forutsetter tiltaket." in nb(result["KUL-6"].note)
    assert not result["B"].in_plan
    assert nb(result["B"].reason) == ("Rammen for 2027 er brukt opp av tiltak sekretariatet har tatt med og tiltak med "
                                  "høyere prioritet.")


def test_a_measure_pushed_out_by_decided_measures_says_so_not_higher_priority():
    result, _ = placed([Candidate("A", 600, 2027),
                        Candidate("B", 1000, 2027, included=True, depends_on=("C",)), Candidate("C", 200, 2027)],
                       {2027: 1000})
    assert result["B"].in_plan and result["C"].in_plan and result["B"].over_frame == 200
    assert nb(result["A"].reason) == "Rammen for 2027 er brukt opp av tiltak sekretariatet har tatt med."


def test_a_prerequisite_left_out_by_decision_is_not_pulled_and_the_included_measure_is_flagged():
    result, plan = placed([Candidate("A", 600, 2027), Candidate("B", 300, 2027, included=True, depends_on=("C",)),
                           Candidate("C", 200, 2027, excluded=True, depends_on=("D",)), Candidate("D", 900, 2027)],
                          {2027: 1000})
    assert result["B"].in_plan and result["B"].waits_for == ("C",)
    assert not result["C"].in_plan and result["D"].needed_by == ()
    assert plan.order.index("A") < plan.order.index("D")


# --- the whole against the obvious version -------------------------------------------------


def _reaches(needs: dict[str, tuple[str, ...]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for n in needs[todo.pop()]:
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def obvious(candidates, frame, years, move_later):
    """The rules in the module docstring, done the slow, obvious way: again and
    again, take the first measure (included ones first, then by rank) whose
    prerequisites outside its circle are all placed, and place it. An included
    measure's prerequisites (short of one left out) count as included."""
    ids = [c.id for c in candidates]
    needs = {c.id: tuple(d for d in dict.fromkeys(c.depends_on) if d in ids and d != c.id) for c in candidates}
    excluded = {c.id for c in candidates if c.excluded}
    kept = {i: tuple(d for d in ds if d not in excluded) for i, ds in needs.items()}
    pulled = {d for c in candidates if c.included and not c.excluded for d in _reaches(kept, c.id)}
    candidates = [replace(c, included=True) if c.id in pulled and not c.excluded else c for c in candidates]
    reach = {i: _reaches(needs, i) for i in ids}
    same_circle = {i: {j for j in ids if j != i and j in reach[i] and i in reach[j]} for i in ids}
    used: dict[int, int] = {}
    result: dict[str, tuple] = {}
    order = []
    rest = sorted(candidates, key=lambda c: (not c.included, ids.index(c.id)))
    while rest:
        c = next(c for c in rest if all(d in result for d in needs[c.id] if d not in same_circle[c.id]))
        rest.remove(c)
        order.append(c.id)
        prereqs = [d for d in needs[c.id] if d not in same_circle[c.id]]
        missing = tuple(d for d in prereqs if not result[d][0])
        year, over = c.year, 0
        if c.excluded or (missing and not c.included):
            result[c.id] = (False, c.year, missing if not c.excluded else (), 0)
            continue
        years_before = [result[d][1] for d in prereqs if result[d][0] and result[d][1] is not None]
        if year is not None and years_before:
            year = max(year, *years_before)
        inside = True
        if frame is not None and c.investment not in (0, None):
            if year is None:
                inside = c.included
            else:
                left = frame.get(year, 0) - used.get(year, 0)
                if c.investment <= left or c.included:
                    over = max(0, c.investment - max(left, 0)) if c.included else 0
                    used[year] = used.get(year, 0) + c.investment
                else:
                    later = [y for y in years if y > year and c.investment <= frame.get(y, 0) - used.get(y, 0)]
                    if move_later and later:
                        year = later[0]
                        used[year] = used.get(year, 0) + c.investment
                    else:
                        inside, year = False, year
        result[c.id] = (inside, year if inside else (year if year is not None else c.year), missing, over)
    return result, order


@st.composite
def candidate_lists(draw):
    n = draw(st.integers(1, 8))
    ids = [f"M{i}" for i in range(n)]
    candidates = []
    for i in ids:
        decision = draw(st.sampled_from(["auto", "auto", "auto", "include", "exclude"]))
        candidates.append(Candidate(
            i,
            draw(st.one_of(st.none(), st.sampled_from([0, 100, 300, 500, 800, 1200]))),
            draw(st.one_of(st.none(), st.integers(2026, 2031))),
            included=decision == "include",
            excluded=decision == "exclude",
            depends_on=tuple(draw(st.lists(st.sampled_from([*ids, "UKJENT-1"]), max_size=3))),
        ))
    frame = draw(st.one_of(st.none(), st.dictionaries(st.sampled_from(YEARS), st.sampled_from([0, 100, 300, 500, 800, 1500]),
                                                      max_size=4)))
    return candidates, frame, draw(st.booleans())


@settings(max_examples=400, deadline=None)
@given(candidate_lists())
def test_place_does_what_the_obvious_version_does(case):
    candidates, frame, move_later = case
    plan = place(candidates, frame, YEARS, move_later)
    expected, order = obvious(candidates, frame, YEARS, move_later)
    assert list(plan.order) == order
    for c, p in zip(candidates, plan.placements):
        in_plan, year, missing, over = expected[c.id]
        assert (p.in_plan, p.over_frame, p.waits_for) == (in_plan, over, missing), c.id
        assert p.year == year, c.id
        assert (nb(p.reason) is None) == p.in_plan
