"""The roster: which unit each form counts for, as which revision, by the intake's rules
and the secretariat's recorded judgements — checked case by case, and against an
obvious version over random histories."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.config import ExpectedUnit
from pipeline.core.roster import Action, ActionKind, Arrival, make_roster, near_miss, resembles
from pipeline.core.submission import SubmissionStatus
from pipeline.identity import key
from support.bokmal import nb

HURDAL = "Hurdal helse- og omsorgssenter"
UNITS = (ExpectedUnit(HURDAL, "HHO", "Helse og omsorg"), ExpectedUnit("Fjordvik skole", "FS", None))
T0 = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)
ACCEPTED, HELD = SubmissionStatus.ACCEPTED, SubmissionStatus.HELD


def arrive(*names_and_status) -> list[Arrival]:
    return [Arrival(i, T0 + timedelta(hours=i), status, name)
            for i, (name, status) in enumerate(names_and_status, start=1)]


def act(number: int, kind: ActionKind, **fields) -> Action:
    return Action(number, T0 + timedelta(days=1, hours=number), kind, "grunn", **fields)


# --- near-misses ---------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Hurdal helse og omsorgssenter", HURDAL),  # the hyphen, as measured
    ("Hurdal helse- og omsorgsenter", HURDAL),  # one letter
    ("Kulturhuset og bibloteket", "Kulturhuset og biblioteket"),
    ("Teknisk drit", "Teknisk drift"),
    ("Teknisk-drift", "Teknisk drift"),
])
def test_a_name_with_one_slip_or_other_punctuation_is_a_near_miss(a, b):
    assert near_miss(a, b) and near_miss(b, a)


@pytest.mark.parametrize("a, b", [
    ("Hjemmetjenesten sone 1", "Hjemmetjenesten sone 2"),  # another number: another unit
    ("Vestre barnehage", "Østre barnehage"),
    ("Nordre skole", "Søndre skole"),
    ("Fjordvik skole", "Fjellvik skole"),
    ("Servicetorg", "Servicetorget"),
    ("Teknisk drift", "TEKNISK  drift"),  # the same name: no near-miss, the same unit
])
def test_different_units_and_the_same_name_are_no_near_miss(a, b):
    assert not near_miss(a, b)


def test_the_resemblance_prefers_a_near_miss_and_says_nothing_when_nothing_is_close():
    names = ["Hurdal sykehjem", HURDAL, "Fjordvik skole"]
    assert resembles("Hurdal helse og omsorgssenter", names) == HURDAL
    assert resembles("Biblioteket", names) is None


# --- the rules for a new form ------------------------------------------------------------


def test_with_a_list_an_unknown_or_mistyped_name_is_held_and_says_what_it_resembles():
    roster = make_roster(UNITS, [], [])
    mistyped = roster.rule("Hurdal helse og omsorgssenter")
    assert (mistyped.status, mistyped.counts, mistyped.revision, mistyped.near) == (HELD, False, None, HURDAL)
    unknown = roster.rule("Nytt bibliotek")
    assert (unknown.status, unknown.counts, unknown.near) == (HELD, False, None)
    listed = roster.rule("hurdal HELSE- og  omsorgssenter")
    assert (listed.status, listed.counts, listed.revision, listed.name) == (ACCEPTED, True, 1, HURDAL)


def test_without_a_list_a_new_name_counts_but_a_near_miss_of_a_unit_that_delivered_is_held():
    roster = make_roster((), arrive((HURDAL, ACCEPTED)), [])
    assert roster.rule("Nytt bibliotek").counts
    assert roster.rule(HURDAL).revision == 2
    held = roster.rule("Hurdal helse og omsorgssenter")
    assert (held.status, held.counts, held.near) == (HELD, False, HURDAL)


def test_a_mapped_name_counts_as_the_units_next_revision_and_is_stored_as_held():
    arrivals = arrive((HURDAL, ACCEPTED), ("Hurdal helse og omsorgssenter", HELD))
    roster = make_roster(UNITS, arrivals, [act(1, ActionKind.MAP, name="Hurdal helse og omsorgssenter",
                                                target=HURDAL)])
    ruling = roster.rule("Hurdal helse og omsorgssenter")
    # Held by the rules, counted through the judgement: undoing the judgement holds it again.
    assert (ruling.status, ruling.counts, ruling.revision, ruling.name) == (HELD, True, 3, HURDAL)
    assert ruling.mapped_from == "Hurdal helse og omsorgssenter"
    assert set(ruling.same_unit) == {key(HURDAL), key("Hurdal helse og omsorgssenter")}


# --- placing what arrived -----------------------------------------------------------------


def test_a_mapped_held_form_becomes_the_units_revision_in_arrival_order_and_documents_use_the_configured_name():
    arrivals = arrive((HURDAL, ACCEPTED), ("Hurdal helse og omsorgssenter", HELD), ("hurdal helse- og omsorgssenter",
                                                                                     ACCEPTED))
    before = make_roster(UNITS, arrivals, [])
    assert [(p.revision, p.held) for p in before.placements] == [(1, False), (None, True), (2, False)]
    assert before.placements[1].near == HURDAL
    mapped = make_roster(UNITS, arrivals, [act(1, ActionKind.MAP, name="Hurdal helse og omsorgssenter",
                                               target=HURDAL)])
    assert [(p.key, p.revision, p.name) for p in mapped.placements] == [(key(HURDAL), n, HURDAL) for n in (1, 2, 3)]
    assert list(mapped.latest()) == [key(HURDAL)] and mapped.latest()[key(HURDAL)].id == 3
    assert mapped.held() == []


def test_a_name_counted_as_a_unit_of_its_own_is_merged_when_mapped():
    # What iktplan did before held forms: the mistyped name became a unit of its own.
    arrivals = arrive((HURDAL, ACCEPTED), ("Hurdal helse og omsorgssenter", ACCEPTED))
    assert len(make_roster(UNITS, arrivals, []).latest()) == 2
    mapped = make_roster(UNITS, arrivals, [act(1, ActionKind.MAP, name="Hurdal helse og omsorgssenter",
                                               target=HURDAL)])
    assert {k: p.revision for k, p in mapped.latest().items()} == {key(HURDAL): 2}


def test_a_withdrawn_form_keeps_its_number_and_the_units_previous_revision_counts_again():
    arrivals = arrive((HURDAL, ACCEPTED), (HURDAL, ACCEPTED), (HURDAL, ACCEPTED))
    roster = make_roster(UNITS, arrivals, [act(1, ActionKind.WITHDRAW, submission=3)])
    assert roster.latest()[key(HURDAL)].revision == 2
    assert [(p.revision, p.withdrawn is not None) for p in roster.placements] == [(1, False), (2, False), (3, True)]
    assert roster.rule(HURDAL).revision == 4  # numbers are never given twice


def test_an_undone_judgement_is_as_if_it_never_was_and_the_undo_stays_in_the_history():
    arrivals = arrive((HURDAL, ACCEPTED), ("Nytt bibliotek", HELD))
    actions = [act(1, ActionKind.ACCEPT, name="Nytt bibliotek"), act(2, ActionKind.WITHDRAW, submission=1),
               act(3, ActionKind.UNDO, undoes=1), act(4, ActionKind.UNDO, undoes=2)]
    roster = make_roster(UNITS, arrivals, actions)
    assert [p.id for p in roster.held()] == [2] and list(roster.latest()) == [key(HURDAL)]
    assert [roster.undone_by.get(n) for n in (1, 2)] == [actions[2], actions[3]]
    assert [nb(roster.describe(a)) for a in actions] == [
        "godtok «Nytt bibliotek» som ny enhet", f"trakk tilbake innlevering 1 ({HURDAL}, revisjon 1)",
        "angret handling 1 (godtok «Nytt bibliotek» som ny enhet)",
        f"angret handling 2 (trakk tilbake innlevering 1 ({HURDAL}, revisjon 1))"]


def test_the_change_list_sentence_says_who_did_what_when_and_why():
    roster = make_roster(UNITS, arrive(("Hurdal helse og omsorgssenter", HELD)), [])
    action = Action(1, datetime(2026, 11, 29, 14, 5), ActionKind.MAP, "skrivefeil i enhetsnavnet",
                    name="Hurdal helse og omsorgssenter", target=HURDAL)
    assert nb(roster.sentence(action)) == ("Sekretariatet koblet «Hurdal helse og omsorgssenter» til Hurdal helse- og "
                                       "omsorgssenter 29.11.2026: skrivefeil i enhetsnavnet")


# --- the oracle -----------------------------------------------------------------------------


def obvious(configured: list[str], arrivals: list[Arrival], actions: list[Action]) -> dict[int, tuple]:
    """The roster as the rules read, one form at a time: the slow, obvious version."""
    undone = {a.undoes for a in actions if a.kind == ActionKind.UNDO}
    live = [a for a in actions if a.kind != ActionKind.UNDO and a.id not in undone]
    withdrawn = {a.submission for a in live if a.kind == ActionKind.WITHDRAW}
    judged: dict[str, tuple[str, str | None]] = {}  # name key → (kind, target key), the latest judgement
    for a in live:
        if a.kind in (ActionKind.MAP, ActionKind.ACCEPT):
            judged[key(a.name)] = (a.kind, key(a.target) if a.target else None)
    own = {key(a.unit_name) for a in arrivals if a.status == ACCEPTED}

    def unit(k: str) -> str:
        while k in judged and judged[k][0] == ActionKind.MAP and judged[k][1] != k:
            k = judged[k][1]
        return k

    out = {}
    for a in arrivals:
        k = key(a.unit_name)
        counts = k in own or k in {key(c) for c in configured} or k in judged
        if not counts:
            out[a.id] = (k, None, a.id in withdrawn)
            continue
        earlier = [b for b in arrivals if b.id < a.id and out[b.id][1] is not None and out[b.id][0] == unit(k)]
        out[a.id] = (unit(k), len(earlier) + 1, a.id in withdrawn)
    return out


def test_the_roster_agrees_with_the_obvious_version_over_random_histories():
    rng = random.Random(12)
    names = [HURDAL, "Hurdal helse og omsorgssenter", "Fjordvik skole", "Fjordvik skule", "Nytt bibliotek"]
    for _ in range(300):
        arrivals = [Arrival(i, T0 + timedelta(minutes=i), rng.choice([ACCEPTED, HELD, HELD]), rng.choice(names))
                    for i in range(1, rng.randint(1, 9))]
        actions: list[Action] = []
        for n in range(1, rng.randint(1, 6)):
            kind = rng.choice(list(ActionKind))
            if kind == ActionKind.UNDO:
                candidates = [a.id for a in actions if a.kind != ActionKind.UNDO
                              and all(b.undoes != a.id for b in actions)]
                if not candidates:
                    continue
                actions.append(act(n, kind, undoes=rng.choice(candidates)))
            elif kind == ActionKind.WITHDRAW and arrivals:
                actions.append(act(n, kind, submission=rng.choice(arrivals).id))
            elif kind == ActionKind.MAP:
                actions.append(act(n, kind, name=rng.choice(names[1::2]), target=rng.choice(names[::2])))
            elif kind == ActionKind.ACCEPT:
                actions.append(act(n, kind, name=rng.choice(names[1:])))
        configured = [HURDAL, "Fjordvik skole"]
        roster = make_roster([ExpectedUnit(c, None, None) for c in configured], arrivals, actions)
        got = {p.id: (p.key, p.revision, p.withdrawn is not None) for p in roster.placements}
        assert got == obvious(configured, arrivals, actions), (arrivals, actions)


def test_a_name_mapped_to_a_unit_off_the_list_never_renames_it():
    arrivals = arrive(("Teknisk drift", ACCEPTED), ("Teknisk drit", HELD), ("Teknisk drift", ACCEPTED),
                      ("Teknisk drit", HELD))
    roster = make_roster((), arrivals, [act(1, ActionKind.MAP, name="Teknisk drit", target="Teknisk drift")])
    assert {p.name for p in roster.placements} == {"Teknisk drift"}
    assert [p.revision for p in roster.placements] == [1, 2, 3, 4]
