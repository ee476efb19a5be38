"""The barometer comparison as the documents get it: shown only with consent and someone
to compare with, the others in a reader's order, each municipality counting once in
the others' mean, and in a version's snapshot only as far as its numbers go."""

from __future__ import annotations

import random
from statistics import mean

from pipeline.contract import BAROMETER_AREAS
from pipeline.core.comparison import NO_COMPARISON, AreaScore, comparison_of

AREAS = BAROMETER_AREAS


def own(area: str, value: float, answers: int = 21) -> AreaScore:
    return AreaScore("Fjordvik kommune", True, True, area, answers, value)


def other(name: str, area: str, value: float, answers: int = 12, named: bool = True) -> AreaScore:
    return AreaScore(name, False, named, area, answers, value)


def test_without_consent_nothing_is_shown_and_the_store_is_not_even_read():
    assert not NO_COMPARISON.requested and not NO_COMPARISON.shown
    assert comparison_of(False, [own(AREAS[0], 3.0), other("Havvik kommune", AREAS[0], 2.5)]).scores == ()


def test_with_consent_but_only_its_own_figures_there_is_nothing_to_compare():
    alone = comparison_of(True, [own(a, 3.0) for a in AREAS])
    assert alone.requested and not alone.shown
    assert alone.areas() == () and alone.snapshot() == [] and alone.token() == ""


def test_the_others_come_named_alphabetically_then_anonymised_in_letter_order():
    scores = [own(AREAS[0], 3.0)] + [other(n, AREAS[0], 3.0, named=False)
                                     for n in ("Kommune 27", "Kommune B", "Kommune A", "Kommune Z")]
    scores += [other("Sørvik kommune", AREAS[0], 3.0), other("Havvik kommune", AREAS[0], 3.0)]
    found = comparison_of(True, scores)
    assert found.others == ("Havvik kommune", "Sørvik kommune", "Kommune A", "Kommune B", "Kommune Z", "Kommune 27")
    assert found.anonymised
    assert not comparison_of(True, scores[:1] + scores[-2:]).anonymised


def test_each_other_municipality_counts_once_in_the_others_mean_whatever_its_answers():
    rng = random.Random(19)
    scores = [own(a, round(rng.uniform(1, 5), 2)) for a in AREAS]
    for name in ("Havvik kommune", "Nordvik kommune", "Kommune A"):
        for a in AREAS:
            if rng.random() < 0.8:  # some areas left out: too few answers there
                scores.append(other(name, a, round(rng.uniform(1, 5), 2), rng.randint(3, 400), name != "Kommune A"))
    rng.shuffle(scores)
    found = comparison_of(True, scores)
    for area in found.areas():
        theirs = [s.mean for s in scores if not s.own and s.area == area.area]  # the slow obvious version
        assert area.others_mean == (round(mean(theirs), 2) if theirs else None)
        assert area.others_answers == sum(s.answers for s in scores if not s.own and s.area == area.area)
        mine = next(s for s in scores if s.own and s.area == area.area)
        assert area.own == mine
        assert area.difference == (round(mine.mean - area.others_mean, 2) if theirs else None)
        assert [s.municipality for s in area.others] == [n for n in found.others if n in
                                                          {s.municipality for s in area.others}]
    assert [a.area for a in found.areas()] == [a for a in AREAS if any(s.area == a for s in scores)]


def test_an_area_the_contract_no_longer_has_comes_after_the_known_ones():
    found = comparison_of(True, [own("Gammelt område", 3.0), other("Havvik kommune", "Gammelt område", 2.0),
                                 own(AREAS[1], 3.0), other("Havvik kommune", AREAS[1], 2.0)])
    assert [a.area for a in found.areas()] == [AREAS[1], "Gammelt område"]


def test_the_snapshot_and_the_token_follow_the_numbers_and_nothing_else():
    base = [own(AREAS[0], 3.0), other("Havvik kommune", AREAS[0], 2.5)]
    first = comparison_of(True, base)
    same = comparison_of(True, list(reversed(base)))
    assert first.snapshot() == same.snapshot() and first.token() == same.token() != ""
    moved = comparison_of(True, [base[0], other("Havvik kommune", AREAS[0], 2.6)])
    more = comparison_of(True, [base[0], other("Havvik kommune", AREAS[0], 2.5, answers=13)])
    anonymous = comparison_of(True, [base[0], other("Kommune A", AREAS[0], 2.5, named=False)])
    tokens = {first.token(), moved.token(), more.token(), anonymous.token()}
    assert len(tokens) == 4
