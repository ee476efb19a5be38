"""Rolling the action plan over to the next year: carry-over, new measures, re-prioritising (issue 15 b)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime

from pipeline.contract import DONE, FOLLOWUP_STATUSES, POSTPONED, STOPPED
from pipeline.core.assessment import EXCLUDED, assess
from pipeline.core.decisions import AUTOMATIC, EXCLUDE, INCLUDE, POSTPONE, Decision, Decisions
from pipeline.core.followup import FollowUpSubmission, combine_followup
from pipeline.core.followupreport import FollowUpReport, ReportedMeasure, ReportUnit
from pipeline.core.model import Period, Provenance, combine
from pipeline.core.rollover import CARRIED, NEW, REASSESSED, roll
from support.examples import demo_submissions
from support.followupforms import demo_baseline
from support.models import measure


def _row(id, status=None, **fields):
    values = dict(percent_done=None, spent=None, new_end=None, benefit_realised=None, benefit_text=None,
                  indicator_value=None, comment=None)
    values.update(fields)
    return ReportedMeasure(id=id, status=status, prov=Provenance("Oppfølging", 2), **values)


def _forms(baseline, year, rows):
    """One follow-up form per unit with the *rows* (measure id → ReportedMeasure) of its measures."""
    out = []
    for unit in baseline.reporting_units:
        mine = tuple(rows[m.id] for m in baseline.adopted_for(unit.key) if m.id in rows)
        report = FollowUpReport(ReportUnit("Fjordvik kommune", unit.name, "Ingrid Berg", "i@fjordvik.no", None,
                                           "1.0"), year, mine)
        out.append(FollowUpSubmission(unit.key, year, 1, datetime(year + 1, 1, 15), "skjema.xlsx", 1, report))
    return out


def _setup(config, blank_form, tmp_path):
    baseline = demo_baseline(config, blank_form, tmp_path)
    model = combine(config, demo_submissions(config, blank_form, tmp_path / "model"))
    return baseline, model


# --- the slow, obvious version of the carry-over rules ------------------------------------------


def _expected(bm, status, spent, new_end, next_year):
    """What should happen to one adopted measure, written out case by case."""
    if status == "Ferdig":
        return "ferdig", None, None
    if status == "Avbrutt":
        return "utgår", None, None
    if bm.investment is None:
        left = None
    else:
        left = bm.investment - (spent if spent is not None else 0)
        if left < 0:
            left = 0
    if bm.period is None:
        return "videreført", left, None
    start_year = int(bm.period.split(" ")[-1])
    if new_end is None and start_year >= next_year:
        return "videreført", left, start_year
    end = new_end if new_end is not None else bm.end
    if end.year > next_year:
        return "videreført", left, end.year
    return "videreført", left, next_year


def test_the_carry_over_rules_agree_with_a_slow_obvious_version(config, blank_form, tmp_path):
    baseline, model = _setup(config, blank_form, tmp_path)
    for seed in range(25):
        rnd = random.Random(seed)
        year = rnd.choice([2027, 2028])
        rows, expected = {}, {}
        for bm in baseline.adopted:
            status = rnd.choice(FOLLOWUP_STATUSES + (None, "skip"))
            if status == "skip":  # the unit left the measure out of its form
                expected[bm.key] = _expected(bm, None, None, None, year + 1)
                continue
            planned = bm.investment or 0
            spent = rnd.choice([None, 0, planned // 3, planned, planned * 2 + 1])
            new_end = rnd.choice([None, date(2027, 3, 31), date(2028, 11, 30), date(2030, 6, 30)])
            rows[bm.id] = _row(bm.id, status, spent=spent, new_end=new_end, comment="Fordi")
            expected[bm.key] = _expected(bm, status, spent, new_end, year + 1)
        plan = roll(baseline, combine_followup(baseline, _forms(baseline, year, rows), year), model)

        assert {m.measure.key for m in plan.done} == {k for k, e in expected.items() if e[0] == "ferdig"}
        assert {m.measure.key for m in plan.dropped} == {k for k, e in expected.items() if e[0] == "utgår"}
        rolled = {f"{m.prov.unit}#{m.nr}": m for m in plan.model.measures}
        origin = {m.id: m.origin for m in plan.measures}
        for key, (outcome, left, frame_year) in expected.items():
            if outcome != "videreført":
                assert key not in rolled, (seed, key)
                continue
            m = rolled[key]
            assert (m.investment, m.period.year if m.period else None) == (left, frame_year), (seed, key)
            assert origin[plan.model.measure_id(m)] == CARRIED


def test_new_and_waiting_measures_are_assessed_again_from_the_next_year(config, blank_form, tmp_path):
    baseline = demo_baseline(config, blank_form, tmp_path)
    subs = demo_submissions(config, blank_form, tmp_path / "model")
    first = subs[0]
    added = measure(nr=99, title="Ny skjermløsning i klasserommene", investment=50_000, benefit=40_000,
                    period=Period(2026, "Høst"))
    revised = dataclasses.replace(first, revision=first.revision + 1, received_at=datetime(2027, 10, 1),
                                  content=dataclasses.replace(first.content,
                                                              measures=first.content.measures + (added,)))
    model = combine(config, [*subs, revised])
    plan = roll(baseline, combine_followup(baseline, [], 2027), model)

    new = plan.with_origin(NEW)
    assert [m.assessment.measure.title for m in new] == ["Ny skjermløsning i klasserommene"]
    assert new[0].assessment.measure.period == Period(2028, "Høst")
    waiting = {bm.id for bm in baseline.measures if not bm.in_plan and not bm.merged_into}
    assert waiting and {m.id for m in plan.with_origin(REASSESSED)} == waiting
    assert all(m.assessment.measure.period is None or m.assessment.measure.period.year >= 2028
               for m in plan.measures)
    # Nothing reported: every adopted measure is carried with its whole investment.
    assert {m.id for m in plan.with_origin(CARRIED) if m.carry} == {bm.id for bm in baseline.adopted}


def test_a_finished_or_stopped_measure_leaves_room_in_the_frame_for_the_next_one(config, blank_form, tmp_path):
    baseline, model = _setup(config, blank_form, tmp_path)
    tight = dataclasses.replace(config, investment_frame={y: 400_000 for y in config.years})
    model = dataclasses.replace(model, config=tight)
    nobody = roll(baseline, combine_followup(baseline, [], 2027), model)
    carried_in_2028 = [m for m in nobody.in_plan if m.origin == CARRIED and m.assessment.frame_year == 2028]
    outside = [m for m in nobody.outside if m.assessment.frame_year == 2028 and m.assessment.status != EXCLUDED]
    assert carried_in_2028 and outside, "the demo must fill 2028's frame for this test to say anything"

    stopped = next(m for m in outside if m.carry)
    rows = {m.id: _row(m.id, DONE, spent=m.carry.remaining) for m in carried_in_2028}
    rows[stopped.id] = _row(stopped.id, STOPPED, comment="Erstattet av nasjonal løsning")
    plan = roll(baseline, combine_followup(baseline, _forms(baseline, 2027, rows), 2027), model)
    assert {m.id for m in plan.done} == {m.id for m in carried_in_2028}
    assert [(m.id, m.comment) for m in plan.dropped] == [(stopped.id, "Erstattet av nasjonal løsning")]
    assert not {m.id for m in plan.measures} & (set(rows))
    # The same assessment as a fresh run on what is left: no second prioritiser.
    again = assess(plan.model, plan.decisions)
    assert [(a.id, a.rank, a.in_frame, a.frame_year) for a in again.measures] == \
           [(m.id, m.assessment.rank, m.in_plan, m.assessment.frame_year) for m in plan.measures]
    waited = {o.id for o in outside} - set(rows)
    assert any(m.in_plan for m in plan.measures if m.id in waited)


def test_a_partly_spent_measure_carries_what_is_left_into_the_year_it_is_now_done(config, blank_form, tmp_path):
    baseline, model = _setup(config, blank_form, tmp_path)
    bm = next(m for m in baseline.adopted if m.investment and m.start_year and m.start_year <= 2027)
    rows = {bm.id: _row(bm.id, POSTPONED, spent=bm.investment // 4, new_end=date(2029, 5, 31),
                        comment="Leverandøren er forsinket")}
    plan = roll(baseline, combine_followup(baseline, _forms(baseline, 2027, rows), 2027), model)
    got = next(m for m in plan.measures if m.id == bm.id or (m.carry and m.followup.measure.key == bm.key))
    assert got.carry.remaining == bm.investment - bm.investment // 4
    assert got.assessment.measure.period == Period(2029, "Vinter") and got.assessment.measure.duration_months == 5
    assert got.followup.status == POSTPONED and got.followup.comment == "Leverandøren er forsinket"


def test_the_decisions_in_force_are_the_baselines_overridden_by_later_ones(config, blank_form, tmp_path):
    baseline, model = _setup(config, blank_form, tmp_path)
    waiting = next(bm for bm in baseline.measures if not bm.in_plan and not bm.merged_into)
    done = baseline.adopted[0]
    kept = baseline.adopted[1]
    frozen = {waiting.id: {"choice": EXCLUDE, "year": None, "merge_into": None, "title": None, "reason": "Nei"},
              done.id: {"choice": INCLUDE, "year": None, "merge_into": None, "title": None, "reason": None},
              kept.id: {"choice": POSTPONE, "year": 2027, "merge_into": None, "title": None, "reason": None}}
    baseline = dataclasses.replace(baseline, decisions=frozen)
    follow = combine_followup(baseline, _forms(baseline, 2027, {done.id: _row(done.id, DONE)}), 2027)

    plan = roll(baseline, follow, model)
    by_id = {m.id: m for m in plan.measures}
    assert by_id[waiting.id].assessment.status == EXCLUDED
    assert not plan.assessment.decisions.vanished  # the finished measure's decision is not carried along
    assert by_id[kept.id].assessment.choice == AUTOMATIC  # «Utsett til 2027» has run out

    later = Decisions((Decision(waiting.id, AUTOMATIC, row=3), Decision(kept.id, POSTPONE, 2029, row=4)))
    plan = roll(baseline, follow, model, later)
    by_id = {m.id: m for m in plan.measures}
    assert by_id[waiting.id].assessment.status != EXCLUDED
    assert by_id[kept.id].assessment.frame_year == 2029


def test_an_adopted_measure_a_unit_has_since_removed_is_still_carried(config, blank_form, tmp_path):
    baseline = demo_baseline(config, blank_form, tmp_path)
    subs = demo_submissions(config, blank_form, tmp_path / "model")
    bm = baseline.adopted[0]
    sub = next(s for s in subs if s.unit_key == bm.unit_key)
    trimmed = dataclasses.replace(sub, revision=sub.revision + 1, content=dataclasses.replace(
        sub.content, measures=tuple(m for m in sub.content.measures if m.nr != bm.nr)))
    model = combine(config, [*subs, trimmed])
    plan = roll(baseline, combine_followup(baseline, [], 2027), model)
    got = [m for m in plan.with_origin(CARRIED) if m.carry and m.followup.measure.key == bm.key]
    assert len(got) == 1 and got[0].assessment.measure.title == bm.title


def test_a_new_strategy_period_starts_from_the_previous_one_with_the_unfinished_measures(config, blank_form,
                                                                                         tmp_path):
    baseline, model = _setup(config, blank_form, tmp_path)
    done = baseline.adopted[0]
    follow = combine_followup(baseline, _forms(baseline, 2030, {done.id: _row(done.id, DONE)}), 2030)
    new_period = dataclasses.replace(config, period_from=2031, period_to=2034,
                                     investment_frame={y: 2_000_000 for y in range(2031, 2035)})
    plan = roll(baseline, follow, dataclasses.replace(model, config=new_period))
    assert plan.year == 2031
    carried = [m for m in plan.measures if m.carry]
    assert len(carried) == len(baseline.adopted) - 1 and done.id not in {m.id for m in carried}
    assert all(m.assessment.frame_year is None or 2031 <= m.assessment.frame_year <= 2034 for m in plan.measures)
    assert [y.year for y in plan.assessment.years] == [2031, 2032, 2033, 2034]
