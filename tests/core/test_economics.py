"""Net present value, benefit/cost ratio and payback against hand-computed values.

Worked example (4 %, 5 years): discount factors 1/1.04^t for t = 1..5 are
0.961538, 0.924556, 0.888996, 0.854804, 0.821927; their sum is 4.451822.
Investment 100 000, operation 10 000/yr, benefit 40 000/yr:
  benefit  40 000 × 4.451822 = 178 072.89
  cost    100 000 + 10 000 × 4.451822 = 144 518.22
  NPV      33 554.67, ratio 1.232183
  payback: yearly net 30 000 discounted = 28 846.15, 27 736.69, 26 669.89, 25 644.13;
  after year 3 the cumulative is 83 252.73, so 3 + 16 747.27 / 25 644.13 = 3.6531 years.
"""

from __future__ import annotations

import pytest

from pipeline.core.economics import annuity_factor, compute_economics


def test_annuity_factor_at_four_percent_over_five_years():
    assert annuity_factor(0.04, 5) == pytest.approx(4.451822331, abs=1e-9)


def test_npv_ratio_and_payback_match_the_worked_example():
    e = compute_economics(100_000, 10_000, 40_000, rate=0.04, horizon=5)
    assert e.total_benefit == pytest.approx(178_072.89, abs=0.01)
    assert e.total_cost == pytest.approx(144_518.22, abs=0.01)
    assert e.npv == pytest.approx(33_554.67, abs=0.01)
    assert e.benefit_cost_ratio == pytest.approx(1.232183, abs=1e-6)
    assert e.payback_years == pytest.approx(3.6531, abs=1e-4)


def test_zero_rate_gives_undiscounted_sums_and_interpolated_payback():
    e = compute_economics(100, 0, 30, rate=0.0, horizon=5)
    assert (e.total_cost, e.total_benefit, e.npv) == (100, 150, 50)
    assert e.benefit_cost_ratio == pytest.approx(1.5)
    assert e.payback_years == pytest.approx(10 / 3)


def test_payback_exactly_at_the_end_of_a_year_is_a_whole_number():
    assert compute_economics(100, 0, 25, rate=0.0, horizon=4).payback_years == 4.0


def test_investment_not_recovered_within_the_horizon_has_no_payback():
    e = compute_economics(1_000_000, 0, 100_000, rate=0.04, horizon=5)
    assert e.payback_years is None
    assert e.npv == pytest.approx(100_000 * 4.451822331 - 1_000_000, abs=0.01)


def test_benefit_smaller_than_operating_cost_never_pays_back():
    assert compute_economics(50_000, 20_000, 10_000, rate=0.04, horizon=5).payback_years is None
    assert compute_economics(0, 20_000, 10_000, rate=0.04, horizon=5).payback_years is None


def test_measure_without_costs_has_no_ratio_and_is_paid_back_at_once():
    e = compute_economics(0, 0, 10_000, rate=0.04, horizon=5)
    assert e.benefit_cost_ratio is None
    assert e.payback_years == 0.0
    assert e.npv == pytest.approx(44_518.22, abs=0.01)


def test_costs_only_give_negative_npv_and_zero_ratio():
    e = compute_economics(200_000, 10_000, 0, rate=0.04, horizon=3)
    # 1/1.04 + 1/1.04^2 + 1/1.04^3 = 2.775091
    assert e.total_cost == pytest.approx(200_000 + 27_750.91, abs=0.01)
    assert e.npv == pytest.approx(-227_750.91, abs=0.01)
    assert e.benefit_cost_ratio == 0.0
    assert e.payback_years is None


def test_longer_horizon_counts_more_years():
    short = compute_economics(100_000, 0, 20_000, rate=0.04, horizon=5)
    long = compute_economics(100_000, 0, 20_000, rate=0.04, horizon=10)
    assert long.npv > short.npv
    assert short.payback_years is None  # 20 000 × 4.4518 = 89 036 < 100 000
    # cumulative after 5 years 89 036.45; year 6 adds 20 000/1.04^6 = 15 806.29
    assert long.payback_years == pytest.approx(5 + 10_963.55 / 15_806.29, abs=1e-4)


def test_horizon_below_one_year_is_refused():
    with pytest.raises(ValueError):
        compute_economics(1, 1, 1, rate=0.04, horizon=0)
