"""The assessed plan with the secretariat's decisions, prerequisites, joint
measures and costs not computed, on combined models from hand-made forms."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.core.assessment import EXCLUDED, INSIDE, MERGED, OUTSIDE, assess
from pipeline.core.decisions import EXCLUDE, INCLUDE, POSTPONE, Decision, Decisions
from pipeline.core.model import Period
from pipeline.core.versions import diff, snapshot
from pipeline.formatting import kroner
from support.models import form, measure, municipality
from support.bokmal import nb


def plan(config, frame, *forms, decisions=(), move_later=False):
    cfg = replace(config, investment_frame=frame,
                  criteria=replace(config.criteria, move_to_later_year=move_later))
    return assess(municipality(cfg, *forms), Decisions(tuple(decisions)))


def test_a_locked_in_measure_takes_its_money_before_higher_scores(config):
    forms = [form(measures=(measure(1, "Ny skolelinje", investment=600_000, benefit=900_000),
                            measure(2, "ROS-analyser", investment=600_000, risk="Høy")))]
    automatic = plan(config, {2027: 1_000_000}, *forms)
    assert automatic.by_id("FBS-1").in_frame and not automatic.by_id("FBS-2").in_frame
    locked = plan(config, {2027: 1_000_000}, *forms,
                  decisions=[Decision("FBS-2", INCLUDE, reason="Lovpålagt etter personopplysningsloven.", row=3)])
    ros, other = locked.by_id("FBS-2"), locked.by_id("FBS-1")
    assert ros.in_frame and ros.status == INSIDE and ros.decision.reason.startswith("Lovpålagt")
    assert not other.in_frame and other.rank < ros.rank
    assert [a.id for a in locked.in_plan] == ["FBS-2"]  # included measures come first in the plan


def test_an_excluded_measure_is_out_of_the_plan_and_counted_apart_from_the_frame(config):
    result = plan(config, {2027: 10_000_000}, form(measures=(measure(1, investment=100, benefit=200),)),
                  decisions=[Decision("FBS-1", EXCLUDE, reason="Dekkes av driftsbudsjettet.", row=2)])
    a = result.by_id("FBS-1")
    assert (a.status, a.in_frame) == (EXCLUDED, False)
    assert result.outside_frame == (a,)
    assert result.years[0].investment_in_frame == 0 and result.years[0].investment == 100


def test_a_postponed_measure_is_charged_in_its_new_year(config):
    result = plan(config, {2027: 1_000, 2029: 1_000},
                  form(measures=(measure(1, investment=500, benefit=900, period=Period(2027, "Høst")),)),
                  decisions=[Decision("FBS-1", POSTPONE, 2029, row=2)])
    a = result.by_id("FBS-1")
    assert (a.in_frame, a.frame_year, a.plan_period) == (True, 2029, Period(2029, "Høst"))
    years = {y.year: y for y in result.years}
    assert years[2027].investment_in_frame == 0 and years[2029].investment_in_frame == 500
    assert years[2030].benefit_in_frame == 900  # from the year after its new start


def test_the_issue_case_a_small_measure_moves_to_the_next_year_with_room(config):
    result = plan(config, {2028: 45_000, 2029: 350_000},
                  form(measures=(measure(1, investment=40_000, benefit=90_000, period=Period(2028, "Vår")),
                                 measure(2, investment=40_000, benefit=50_000, period=Period(2028, "Vår")))),
                  move_later=True)
    moved = result.by_id("FBS-2")
    assert moved.in_frame and moved.frame_year == 2029
    assert nb(moved.placement) == (f"Flyttet til 2029: ikke plass i 2028 ({kroner(5_000)} igjen), "
                               f"{kroner(350_000)} ledig i 2029.")


def test_a_prerequisite_is_respected_the_dependent_waits(config):
    # The demo's FBS-2 (new PCs, ranked high) needs FBS-1 (the network, ranked lower).
    result = plan(config, {2027: 1_000_000, 2028: 2_000_000},
                  form(measures=(measure(1, "Trådløst nett", investment=1_200_000, risk="Middels",
                                         period=Period(2028, "Sommer")),
                                 measure(2, "Nye elev-PC-er", investment=120_000, benefit=300_000,
                                         dependencies="Forutsetter FBS-1", period=Period(2027, "Høst")))))
    network, pcs = result.by_id("FBS-1"), result.by_id("FBS-2")
    assert pcs.rank < network.rank
    assert network.in_frame and network.frame_year == 2028
    assert pcs.in_frame and pcs.frame_year == 2028  # waited a year for the network
    assert "Venter på FBS-1" in nb(pcs.placement)


def test_measures_in_a_dependency_cycle_are_flagged_and_reported(config):
    result = plan(config, None, form(measures=(measure(1, dependencies="Bør anskaffes sammen med SBH-1"),)),
                  form("Solsiden barnehage", measures=(measure(1, dependencies="Forutsetter FBS-1"),)))
    assert result.cycles == (("FBS-1", "SBH-1"),)
    for id in ("FBS-1", "SBH-1"):
        assert any("forutsetter hverandre i en sirkel" in f for f in nb(result.by_id(id).flags))
        assert set(result.by_id(id).cycle) == {"FBS-1", "SBH-1"}


def test_a_joint_measure_is_counted_once_and_its_units_are_co_owners(config):
    result = plan(config, {2028: 2_000_000},
                  form("Fjordvik sykehjem", "Helse og omsorg",
                       measures=(measure(1, "Ny løsning for digitalt tilsyn", investment=1_500_000, benefit=650_000,
                                         period=Period(2028, "Vår")),)),
                  form("Hjemmetjenesten", "Helse og omsorg",
                       measures=(measure(1, "Ny løsning for digitalt tilsyn", investment=1_400_000, benefit=550_000,
                                         period=Period(2028, "Vår"), dependencies="Forutsetter FSH-2"),
                                 )),
                  decisions=[Decision("HJT-1", merge_into="FSH-1", reason="Én anskaffelse for begge.", row=3)])
    joint, merged = result.by_id("FSH-1"), result.by_id("HJT-1")
    assert joint.in_frame and joint.joint == ("HJT-1",)
    assert joint.owners == ("Fjordvik sykehjem", "Hjemmetjenesten")
    assert (merged.status, merged.merged_into, merged.in_frame) == (MERGED, "FSH-1", False)
    assert result.years[1].investment_in_frame == 1_500_000 and result.years[1].investment == 1_500_000
    assert result.merged == (merged,) and merged not in result.outside_frame
    assert result.npv_total == pytest.approx(joint.economics.npv)


def test_a_merged_measures_prerequisite_becomes_the_joint_measures(config):
    result = plan(config, {2027: 100},
                  form(measures=(measure(1, "Felles", investment=50, benefit=100),
                                 measure(2, "Del av felles", dependencies="Forutsetter FBS-3"),
                                 measure(3, "Stort nett", investment=1_000))),
                  decisions=[Decision("FBS-2", merge_into="FBS-1", row=2)])
    joint = result.by_id("FBS-1")
    assert not joint.in_frame and "forutsetter FBS-3" in nb(joint.frame_reason)


def test_an_included_measure_beyond_its_frame_says_by_how_much_and_the_year_shows_it(config):
    result = plan(config, {2027: 100_000}, form(measures=(measure(1, investment=250_000),)),
                  decisions=[Decision("FBS-1", INCLUDE, row=2)])
    a = result.by_id("FBS-1")
    assert a.in_frame and a.over_frame == 150_000
    assert f"Rammen for 2027 er overskredet med {kroner(150_000)}" in " ".join(nb(a.flags))
    assert result.years[0].remaining == -150_000


def test_a_cost_not_computed_gets_no_npv_no_economy_points_and_no_frame_money(config):
    result = plan(config, {2027: 1_000},
                  form(measures=(measure(1, investment=None, benefit=50_000),
                                 measure(2, investment=1_000, benefit=2_000),
                                 measure(3, operating_cost=None))))
    unknown = result.by_id("FBS-1")
    assert unknown.economics is None and unknown.part("Økonomi").points == 0
    assert unknown.in_frame and result.by_id("FBS-2").in_frame  # FBS-1 did not use FBS-2's money
    assert any(f.startswith("Kostnad utredes: investeringen er ikke beregnet") for f in nb(unknown.flags))
    assert {a.id for a in result.uncosted} == {"FBS-1", "FBS-3"}
    year = result.years[0]
    assert (year.investment_in_frame, year.uncosted_in_frame, year.uncosted) == (1_000, 2, 2)


def test_a_decision_change_is_a_change_of_the_version(config):
    forms = [form(measures=(measure(1, investment=100, benefit=200),))]
    before = plan(config, None, *forms)
    after = plan(config, None, *forms, decisions=[Decision("FBS-1", EXCLUDE, reason="Utgår", row=2)])
    model = municipality(config, *forms)
    changes = diff(snapshot(model, before), snapshot(model, after))
    assert [(c.id, c.label, c.old, c.new) for c in changes.decisions] == [
        ("FBS-1", "Beslutning", "Automatisk", "Ta ikke med"), ("FBS-1", "Begrunnelse", None, "Utgår")]
    assert not changes.empty
    assert snapshot(model, before)["decisions"] == {}


def test_a_snapshot_from_before_decisions_were_kept_shows_no_decision_or_status_change(config):
    forms = [form(measures=(measure(1, investment=100, benefit=200),))]
    model = municipality(config, *forms)
    new = snapshot(model, plan(config, None, *forms))
    old = {**new, "measures": {k: {f: v for f, v in m.items() if f != "status"} for k, m in new["measures"].items()}}
    del old["decisions"]
    assert diff(old, new).empty


def test_outside_is_what_the_frame_left_out(config):
    result = plan(config, {2027: 0}, form(measures=(measure(1, investment=5),)))
    assert result.by_id("FBS-1").status == OUTSIDE
