"""The adopted plan frozen as the period's baseline (issue 15): what it keeps, and which one governs a year."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from pipeline.core.baseline import Baseline, baseline_for, id_key
from support.followupforms import demo_baseline


def test_the_baseline_keeps_only_the_measures_inside_the_plan_as_adopted(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    assert b.adopted and len(b.adopted) < len(b.measures)
    assert all(m.in_plan for m in b.adopted)
    assert [m.rank for m in b.adopted] == sorted(m.rank for m in b.adopted)
    for unit in b.reporting_units:
        own = b.adopted_for(unit.key)
        assert own and [m.nr for m in own] == sorted(m.nr for m in own)
        assert all(m.unit_key == unit.key for m in own)


def test_the_baseline_carries_what_the_units_wrote_and_the_benefit_plans(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    assert all(m.description for m in b.measures)
    assert any(u.email for u in b.units)
    planned = [m for m in b.measures if m.plan is not None]
    assert planned, "the demo gives some measures a benefit plan"
    assert all(m.plan.indicator or m.plan.owner for m in planned)


def test_the_baseline_reads_back_from_its_json_unchanged(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    again = Baseline.from_dict(json.loads(json.dumps(b.to_dict(), ensure_ascii=False)))
    assert again == b


def test_a_later_adoption_governs_from_its_first_year(config, blank_form, tmp_path):
    first = demo_baseline(config, blank_form, tmp_path)
    rolled = dataclasses.replace(first, number=2, first_year=2028, adopted_on=date(2027, 12, 9))
    assert baseline_for([first, rolled], 2027) is first
    assert baseline_for([first, rolled], 2029) is rolled
    assert baseline_for([first, rolled], 2026) is None
    assert baseline_for([first, rolled], config.period_to + 1) is None


def test_measure_ids_are_found_whatever_the_dash_case_and_spaces(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    m = b.adopted[0]
    code, nr = m.id.rsplit("-", 1)
    assert b.measure(f" {code.lower()} – {nr} ") is m
    assert id_key("FBS-3") == id_key("fbs\u20133")


def test_the_planned_benefit_starts_the_year_after_the_start(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    m = next(m for m in b.adopted if m.benefit and m.start_year)
    assert m.planned_benefit(m.start_year) == 0
    assert m.planned_benefit(m.start_year + 1) == m.benefit
    assert m.end is not None and m.end >= m.start
