"""Scoring, ranking, categories, the investment frame, flags, yearly totals and
the barometer, on combined models built from hand-made form contents."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.assessment import assess
from pipeline.core.scoring import (
    CRITICAL,
    ECONOMY,
    QUICK_WIN,
    RISK,
    SCORING_EXPLANATION,
    STRATEGY,
    TIME,
    explanation_text,
    scoring_explanation,
)
from pipeline.formatting import kroner
from pipeline.core.model import Period
from support.models import answer, form, measure, municipality, problem
from support.bokmal import nb


# --- builders ------------------------------------------------------------------------


def with_criteria(config, **changes):
    return replace(config, criteria=replace(config.criteria, **changes))


def assess_one(config, **fields):
    return assess(municipality(config, form(measures=(measure(**fields),)))).measures[0]


# --- score ----------------------------------------------------------------------


def test_parts_are_the_four_criteria_and_sum_to_the_score(config):
    a = assess_one(config, investment=100_000, benefit=60_000, problem_nrs=())
    assert [p.criterion for p in a.parts] == [ECONOMY, STRATEGY, RISK, TIME]
    assert [p.weight for p in a.parts] == [40, 25, 20, 15]
    assert a.score == pytest.approx(sum(p.points for p in a.parts))
    assert all(nb(p.reason).endswith(".") for p in a.parts)


def test_benefit_equal_to_cost_gives_half_the_economy_points(config):
    cfg = with_criteria(config, discount_rate=0.0)
    a = assess_one(cfg, investment=100_000, benefit=20_000)  # 5 × 20 000 = 100 000
    assert a.economics.benefit_cost_ratio == pytest.approx(1.0)
    assert a.part(ECONOMY).points == 20.0


def test_benefit_twice_the_cost_or_more_gives_full_economy_points(config):
    cfg = with_criteria(config, discount_rate=0.0)
    assert assess_one(cfg, investment=100_000, benefit=40_000).part(ECONOMY).points == 40.0
    assert assess_one(cfg, investment=100_000, benefit=400_000).part(ECONOMY).points == 40.0


def test_measure_without_any_amounts_gets_neutral_economy_points_and_a_flag(config):
    a = assess_one(config)
    assert a.part(ECONOMY).points == 20.0
    assert "Tiltaket har verken kostnader eller gevinst i kroner." in nb(a.flags)


def test_sub_goal_and_high_priority_problem_give_full_strategy_points(config):
    model = municipality(config, form(problems=(problem(1, "Høy"),), measures=(measure(problem_nrs=(1,)),)))
    part = assess(model).measures[0].part(STRATEGY)
    assert part.points == 25.0
    assert "D1" in nb(part.reason) and "høy prioritet" in nb(part.reason)


def test_medium_priority_problem_and_no_sub_goal(config):
    model = municipality(
        config,
        form(
            problems=(problem(1, "Middels"), problem(2, "Lav")),
            measures=(measure(sub_goal=None, problem_nrs=(1, 2)),),
        ),
    )
    a = assess(model).measures[0]
    assert a.part(STRATEGY).points == 7.5  # 25 × ½ × 0.6
    assert "Tiltaket er ikke knyttet til et delmål." in nb(a.flags)


@pytest.mark.parametrize(("risk", "points"), [("Lav", 20.0), ("Middels", 10.0), ("Høy", 0.0), (None, 5.0)])
def test_risk_points(config, risk, points):
    a = assess_one(config, risk=risk)
    assert a.part(RISK).points == points
    assert ("Risiko er ikke oppgitt." in nb(a.flags)) == (risk is None)


def test_time_to_effect_counts_months_from_the_start_of_the_strategy_period(config):
    # The default period 2027–2030 has 48 months.
    winter = assess_one(config, period=Period(2027, "Vinter"), duration_months=6)
    assert winter.part(TIME).points == 13.1  # 15 × (1 − 6/48) = 13.125
    spring = assess_one(config, period=Period(2027, "Vår"), duration_months=6)
    assert spring.part(TIME).points == 12.2  # 15 × (1 − 9/48) = 12.1875
    late = assess_one(config, period=Period(2030, "Høst"), duration_months=6)
    assert late.part(TIME).points == 0.0  # 44 + 6 > 48


def test_unknown_time_gets_low_points_and_flags(config):
    a = assess_one(config, period=None)
    assert a.part(TIME).points == 3.8  # 15 × 0.25
    assert "Tidsrom er ikke oppgitt." in nb(a.flags)
    b = assess_one(config, duration_months=None)
    assert b.part(TIME).points == assess_one(config, duration_months=12).part(TIME).points
    assert any("Varighet er ikke oppgitt" in f for f in nb(b.flags))


def test_weights_are_normalised_to_a_hundred(config):
    cfg = with_criteria(config, weights=replace(config.criteria.weights, economy=4, strategy=2, risk=2, time=2))
    a = assess_one(cfg, risk="Lav", period=Period(2027, "Vinter"), duration_months=1, benefit=1, sub_goal="D1")
    assert a.part(ECONOMY).points == 40.0  # 4 of 10 → 40 of 100
    assert a.part(RISK).points == 20.0
    assert a.parts[0].weight == 4


# --- category --------------------------------------------------------------------


def quick(config, **fields):
    values = dict(investment=200_000, benefit=100_000, duration_months=6, risk="Lav")
    values.update(fields)
    return assess_one(config, **values)


def test_small_fast_profitable_low_risk_measure_is_a_quick_win(config):
    assert quick(config).category == QUICK_WIN
    assert quick(config, risk="Middels").category == QUICK_WIN
    assert quick(config, investment=300_000, benefit=200_000).category == QUICK_WIN  # at the threshold


@pytest.mark.parametrize(
    "change",
    [
        {"investment": 300_001, "benefit": 200_000},
        {"duration_months": 7},
        {"duration_months": None},
        {"risk": "Høy"},
        {"risk": None},
    ],
)
def test_otherwise_it_is_a_critical_process(config, change):
    assert quick(config, **change).category == CRITICAL


def test_a_small_fast_measure_is_a_quick_win_even_when_it_does_not_pay_for_itself(config):
    # The two: a routine that costs nothing and takes a month, a 45 000 kr course with no benefit in money.
    routine = quick(config, investment=0, benefit=0, operating_cost=0, duration_months=1)
    course = quick(config, investment=45_000, benefit=0, duration_months=2)
    unprofitable = quick(config, benefit=40_000)  # 40 000 × 4.45 < 200 000: negative net present value
    for a in (routine, course, unprofitable):
        assert a.category == QUICK_WIN
    assert course.economics.npv < 0 and unprofitable.economics.npv < 0


def test_a_quick_win_whose_cost_is_not_computed_is_judged_by_duration_and_risk(config):
    assert quick(config, investment=None).category == QUICK_WIN
    assert quick(config, investment=None, duration_months=12).category == CRITICAL
    assert quick(config, investment=None, risk="Høy").category == CRITICAL


def test_disagreement_with_the_units_proposal_is_flagged(config):
    assert quick(config, category="Kritisk prosess").category_disagrees
    assert not quick(config, category="Quick win").category_disagrees
    assert not quick(config, category=None).category_disagrees


# --- ranking ---------------------------------------------------------------------


def test_higher_score_ranks_first(config):
    model = municipality(config, form(measures=(measure(1, risk="Høy"), measure(2, risk="Lav"))))
    result = assess(model)
    assert [a.id for a in result.measures] == ["FBS-2", "FBS-1"]
    assert [a.rank for a in result.measures] == [1, 2]


def test_ties_are_broken_by_npv_then_investment_then_unit_code_and_number(config):
    cfg = with_criteria(config, discount_rate=0.0)
    same = dict(risk="Lav", period=Period(2027, "Vår"), duration_months=6)
    model = municipality(
        cfg,
        form(
            "Solsiden barnehage",
            measures=(
                measure(1, investment=100_000, benefit=60_000, **same),  # NPV 200 000, ratio 3
                measure(2, investment=200_000, benefit=80_000, **same),  # NPV 200 000, ratio 2
            ),
        ),
        form(
            "Fjordvik barneskole",
            measures=(
                measure(7, investment=100_000, benefit=60_000, **same),
                measure(3, investment=100_000, benefit=60_000, **same),
                measure(4, investment=100_000, benefit=100_000, **same),  # NPV 400 000
            ),
        ),
    )
    result = assess(model)
    assert len({a.score for a in result.measures}) == 1
    assert [a.id for a in result.measures] == ["FBS-4", "FBS-3", "FBS-7", "SBH-1", "SBH-2"]


def test_ranking_does_not_depend_on_the_order_forms_arrive_in(config):
    forms = [
        form("Fjordvik barneskole", measures=(measure(1, benefit=10), measure(2, benefit=10))),
        form("Solsiden barnehage", measures=(measure(1, benefit=10),)),
        form("Hjemmetjenesten", "Helse og omsorg", measures=(measure(1, benefit=10),)),
    ]
    first = [a.id for a in assess(municipality(config, *forms)).measures]
    second = [a.id for a in assess(municipality(config, *reversed(forms))).measures]
    assert first == second
    assert assess(municipality(config, *forms)) == assess(municipality(config, *forms))


# --- frame -----------------------------------------------------------------------


def framed(config, frame, *measures, move_later=False):
    cfg = with_criteria(replace(config, investment_frame=frame), move_to_later_year=move_later)
    return assess(municipality(cfg, form(measures=measures)))


def test_measure_larger_than_the_whole_frame_is_outside_and_smaller_ones_still_fit(config):
    result = framed(
        config,
        {2028: 2_500_000},
        measure(1, investment=3_000_000, benefit=3_000_000, period=Period(2028, "Vår")),
        measure(2, investment=500_000, benefit=10_000, risk="Høy", period=Period(2028, "Vår")),
    )
    big, small = result.by_id("FBS-1"), result.by_id("FBS-2")
    assert big.rank < small.rank
    assert not big.in_frame
    assert nb(big.frame_reason) == (
        f"Investeringen på {kroner(3_000_000)} er større enn rammen for 2028 ({kroner(2_500_000)})."
    )
    assert small.in_frame and nb(small.frame_reason) is None
    assert result.outside_frame == (big,)


def test_frame_used_up_by_higher_priorities(config):
    result = framed(
        config,
        {2029: 2_000_000},
        measure(1, investment=2_000_000, benefit=2_000_000, period=Period(2029, "Vår")),
        measure(2, investment=1_000_000, benefit=10, period=Period(2029, "Vår")),
    )
    assert result.by_id("FBS-1").in_frame
    assert nb(result.by_id("FBS-2").frame_reason) == "Rammen for 2029 er brukt opp av tiltak med høyere prioritet."


def test_partly_used_frame_says_how_much_is_left(config):
    result = framed(
        config,
        {2027: 1_000_000},
        measure(1, investment=700_000, benefit=700_000),
        measure(2, investment=400_000, benefit=10),
    )
    reason = nb(result.by_id("FBS-2").frame_reason)
    assert reason == (
        f"Det er bare {kroner(300_000)} igjen av rammen for 2027 etter tiltak med høyere prioritet, "
        f"og investeringen er {kroner(400_000)}."
    )


def test_zero_frame_admits_only_measures_without_investment(config):
    result = framed(
        config,
        {2027: 0},
        measure(1, investment=0, operating_cost=10_000, benefit=50_000),
        measure(2, investment=1, benefit=50_000),
    )
    assert result.by_id("FBS-1").in_frame
    assert not result.by_id("FBS-2").in_frame
    assert nb(result.by_id("FBS-2").frame_reason) == (
        f"Investeringen på {kroner(1)} er større enn rammen for 2027 ({kroner(0)})."
    )


def test_measure_spanning_two_years_is_charged_to_its_start_year(config):
    result = framed(
        config,
        {2027: 1_000_000, 2028: 0},
        measure(1, investment=1_000_000, benefit=500_000, period=Period(2027, "Høst"), duration_months=10),
    )
    a = result.measures[0]
    assert a.in_frame and a.frame_year == 2027
    by_year = {y.year: y for y in result.years}
    assert by_year[2027].investment_in_frame == 1_000_000
    assert by_year[2028].investment_in_frame == 0
    assert by_year[2027].remaining == 0


def test_without_a_configured_frame_everything_is_inside(config):
    result = framed(config, None, measure(1, investment=50_000_000, benefit=1), measure(2, investment=5, period=None))
    assert all(a.in_frame and nb(a.frame_reason) is None for a in result.measures)
    assert all(y.frame is None and y.remaining is None for y in result.years)
    assert result.by_id("FBS-2").frame_year is None


def test_measure_without_time_is_outside_unless_it_costs_nothing(config):
    result = framed(config, {2027: 10_000_000}, measure(1, investment=10, period=None), measure(2, period=None))
    assert nb(result.by_id("FBS-1").frame_reason) == (
        "Tiltaket har ingen tidsrom, så investeringen kan ikke knyttes til et års ramme."
    )
    assert result.by_id("FBS-2").in_frame


def test_year_without_a_configured_frame_has_none(config):
    result = framed(config, {2027: 1_000_000}, measure(1, investment=10, benefit=10, period=Period(2031, "Vår")))
    a = result.measures[0]
    assert nb(a.frame_reason) == "Det er ikke satt av investeringsramme for 2031."
    assert "Tidsrommet vår 2031 er utenfor strategiperioden 2027–2030." in nb(a.flags)


def test_quick_wins_critical_and_outside_partition_the_measures(config):
    result = framed(
        config,
        {2027: 400_000},
        measure(1, investment=200_000, benefit=100_000),
        measure(2, investment=350_000, benefit=10, risk="Høy"),
        measure(3, investment=0, benefit=0, risk="Høy"),
    )
    assert [a.id for a in result.quick_wins] == ["FBS-1"]
    assert [a.id for a in result.critical] == ["FBS-3"]
    assert [a.id for a in result.outside_frame] == ["FBS-2"]


# --- flags -----------------------------------------------------------------------


def test_flags_for_missing_information(config):
    a = assess_one(
        config, sub_goal=None, investment=100_000, benefit=0, benefit_description="Tryggere", follow_up=None
    )
    assert "Tiltaket er ikke knyttet til et delmål." in nb(a.flags)
    assert "Tiltaket har kostnader, men ingen gevinst i kroner (gevinsten er bare beskrevet i ord)." in nb(a.flags)
    assert "Ingen er satt som ansvarlig for oppfølging." in nb(a.flags)


@pytest.mark.parametrize("placeholder", [None, "", "  ", "-", "?"])
def test_placeholder_is_no_responsible_person(config, placeholder):
    flags = nb(assess_one(config, responsible=placeholder, follow_up=placeholder).flags)
    assert "Ingen er satt som ansvarlig for gjennomføring." in flags
    assert "Ingen er satt som ansvarlig for oppfølging." in flags


def test_complete_measure_has_no_flags(config):
    model = municipality(
        config, form(problems=(problem(1),), measures=(measure(problem_nrs=(1,), investment=10, benefit=10),))
    )
    assert nb(assess(model).measures[0].flags) == ()


def test_measure_finishing_after_the_strategy_period_is_flagged(config):
    a = assess_one(config, period=Period(2030, "Høst"), duration_months=5)
    assert "Med 5 måneders varighet blir tiltaket ikke ferdig innen strategiperioden 2027–2030." in nb(a.flags)
    in_time = assess_one(config, period=Period(2030, "Høst"), duration_months=4)
    assert not any("ferdig innen" in f for f in nb(in_time.flags))


def test_dependencies_naming_known_measures_are_resolved(config):
    model = municipality(
        config,
        form("Solsiden barnehage", measures=(measure(1), measure(2))),
        form(
            measures=(
                measure(1, dependencies="Krever at SBH-2 og sbh - 1 er ferdige, og tiltak nr. 2 hos oss."),
                measure(2),
            )
        ),
    )
    a = assess(model).by_id("FBS-1")
    assert a.depends_on == ("SBH-2", "SBH-1", "FBS-2")
    assert not any("Avhengigheten" in f for f in nb(a.flags))


def test_dependency_naming_no_known_measure_is_flagged(config):
    model = municipality(
        config,
        form(measures=(measure(1, dependencies="Avhenger av FBS-9, XYZ-2 og tiltak 5. Må ha IKT-strategi 2027."),)),
    )
    flags = nb(assess(model).measures[0].flags)
    assert "Avhengigheten «FBS-9» viser ikke til noe kjent tiltak." in flags
    assert "Avhengigheten «XYZ-2» viser ikke til noe kjent tiltak." in flags
    assert "Avhengigheten «tiltak 5» viser ikke til noe kjent tiltak." in flags
    assert sum("Avhengigheten" in f for f in flags) == 3


def test_a_measure_whose_prerequisite_is_outside_the_frame_waits_outside_too(config):
    result = framed(config, {2027: 100}, measure(1, dependencies="FBS-2"), measure(2, investment=1_000, benefit=1_000))
    a = result.by_id("FBS-1")
    assert not a.in_frame and a.status == "utenfor"
    assert nb(a.frame_reason) == "Tiltaket forutsetter FBS-2, som ikke er med i planen, og venter derfor."


# --- totals and barometer ------------------------------------------------------------


def test_yearly_totals_count_investment_at_start_and_operation_from_the_next_year(config):
    result = framed(
        config,
        {2027: 1_000_000, 2028: 1_000_000},
        measure(1, investment=400_000, operating_cost=20_000, benefit=150_000, period=Period(2027, "Vår")),
        measure(2, investment=2_000_000, operating_cost=5_000, benefit=9_000, period=Period(2028, "Vår")),
    )
    years = {y.year: y for y in result.years}
    assert list(years) == [2027, 2028, 2029, 2030]
    assert (years[2027].investment, years[2027].operating_cost, years[2027].benefit) == (400_000, 0, 0)
    assert (years[2028].investment, years[2028].investment_in_frame) == (2_000_000, 0)
    assert (years[2028].operating_cost, years[2028].benefit) == (20_000, 150_000)
    assert (years[2029].operating_cost, years[2029].operating_cost_in_frame) == (25_000, 20_000)
    assert (years[2029].frame, years[2029].remaining) == (0, 0)
    assert years[2028].measures_outside == 1
    assert result.npv_total == pytest.approx(sum(a.economics.npv for a in result.measures))
    assert result.npv_in_frame == pytest.approx(result.by_id("FBS-1").economics.npv)


def test_barometer_averages_per_area_and_service_area_with_counts(config):
    area = "Digital kompetanse"
    model = municipality(
        config,
        form(barometer=(answer(area, 4), answer(area, 2), answer(area, None))),
        form("Hjemmetjenesten", "Helse og omsorg", barometer=(answer(area, 3), answer("Infrastruktur og drift", 5))),
    )
    areas = {a.area: a for a in assess(model).barometer_areas}
    comp = areas[area]
    assert (comp.average, comp.answers) == (3.0, 3)
    by_service = {s.name: (s.average, s.answers) for s in comp.service_areas}
    assert by_service["Oppvekst og utdanning"] == (3.0, 2)
    assert by_service["Helse og omsorg"] == (3.0, 1)
    assert by_service["Kultur og fritid"] == (None, 0)
    assert {s.name: s.answers for s in comp.units} == {"Fjordvik barneskole": 2, "Hjemmetjenesten": 1}
    assert (areas["Brukeren i sentrum"].average, areas["Brukeren i sentrum"].answers) == (None, 0)
    assert (areas["Infrastruktur og drift"].average, areas["Infrastruktur og drift"].answers) == (5.0, 1)


def test_explanation_uses_the_configured_values(config):
    cfg = with_criteria(config, horizon_years=10, discount_rate=0.035, quick_win_max_investment=500_000)
    text = explanation_text(assess(municipality(cfg)).explanation)
    assert "over 10 år" in text and "3,5" in text and kroner(500_000) in text
    assert SCORING_EXPLANATION == scoring_explanation(config.criteria)
    default = explanation_text(SCORING_EXPLANATION)
    assert "R-109" in default and len(default.splitlines()) <= 8
    assert "første senere året" in default  # the default: a later year with room
    assert "flyttes ikke" in explanation_text(scoring_explanation(replace(config.criteria, move_to_later_year=False)))


def test_explanation_cites_the_configured_source_of_the_rate(config):
    cfg = with_criteria(config, discount_rate=0.035, rate_source="Finansministeriets dokumentationsnotat")
    text = explanation_text(assess(municipality(cfg)).explanation)
    assert "Finansministeriets dokumentationsnotat" in text and "R-109" not in text


def test_empty_model_gives_an_empty_assessment(config):
    result = assess(municipality(config))
    assert result.measures == () and result.npv_total == 0
    assert len(result.years) == 4
    with pytest.raises(KeyError):
        result.by_id("FBS-1")


# --- the property ------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=5_000_000)
measures_st = st.lists(
    st.fixed_dictionaries(
        {
            "investment": amounts,
            "operating_cost": st.integers(min_value=0, max_value=500_000),
            "benefit": amounts,
            "risk": st.sampled_from(["Lav", "Middels", "Høy", None]),
            "duration_months": st.one_of(st.none(), st.integers(min_value=1, max_value=36)),
            "period": st.one_of(
                st.none(),
                st.builds(
                    Period,
                    st.integers(min_value=2026, max_value=2031),
                    st.sampled_from(["Vinter", "Vår", "Sommer", "Høst"]),
                ),
            ),
            "sub_goal": st.sampled_from(["D1", "D4", None]),
        }
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(ours=measures_st, theirs=measures_st, which=st.integers(min_value=0, max_value=3), raise_by=amounts)
def test_raising_a_benefit_never_lowers_its_score_or_changes_other_units_scores(config, ours, theirs, which, raise_by):
    def build(changed: int | None):
        mine = tuple(
            measure(i + 1, **{**m, "benefit": m["benefit"] + (raise_by if i == changed else 0)})
            for i, m in enumerate(ours)
        )
        other = tuple(measure(i + 1, **m) for i, m in enumerate(theirs))
        return assess(municipality(config, form(measures=mine), form("Solsiden barnehage", measures=other)))

    which %= len(ours)
    before, after = build(None), build(which)
    target = f"FBS-{which + 1}"
    assert after.by_id(target).score >= before.by_id(target).score
    assert after.by_id(target).part(ECONOMY).points >= before.by_id(target).part(ECONOMY).points
    for i in range(len(theirs)):
        assert after.by_id(f"SBH-{i + 1}").score == before.by_id(f"SBH-{i + 1}").score
        assert after.by_id(f"SBH-{i + 1}").parts == before.by_id(f"SBH-{i + 1}").parts
    assert sorted(a.rank for a in after.measures) == list(range(1, len(after.measures) + 1))
