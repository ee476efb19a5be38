"""Cost-benefit figures for one measure, after Finansdepartementet's rundskriv R-109.

Pure arithmetic, no I/O. The convention, also stated in the scoring explanation
the politicians read:

* the investment is paid at the start, in year 0, and is not discounted;
* the yearly operating cost and the yearly benefit fall at the end of each of the
  years 1, 2, …, *horizon*, discounted with the real discount rate *r*, so an
  amount in year *t* counts ``amount / (1 + r) ** t``;
* nothing is counted after the horizon (no residual value).

Payback is *discounted* payback, consistent with the net present value: the time
from the start until the discounted benefits have covered the investment and the
discounted operating costs, interpolated linearly within the year it happens.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Economics:
    """Present values of one measure, in kroner."""

    #: Net present value over the horizon: ``total_benefit - total_cost``.
    npv: float
    #: ``total_benefit / total_cost``. ``None``: the measure has no costs at all.
    benefit_cost_ratio: float | None
    #: Discounted payback in years (e.g. 3.65). ``None``: not paid back within the
    #: horizon («ikke tilbakebetalt innen horisonten»). ``0.0`` when there is
    #: nothing to pay back (no investment, and the yearly benefit covers the
    #: yearly operating cost).
    payback_years: float | None
    #: Discounted cost over the horizon: investment + present value of operation.
    total_cost: float
    #: Discounted benefit over the horizon.
    total_benefit: float


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 kr at the end of each of the years 1..*years*."""
    return sum(1 / (1 + rate) ** t for t in range(1, years + 1))


def compute_economics(
    investment: float,
    operating_cost: float,
    benefit: float,
    *,
    rate: float,
    horizon: int,
) -> Economics:
    """Net present value, benefit/cost ratio and payback for yearly constant
    operating cost and benefit. *rate* is the real discount rate (0.04 = 4 %),
    *horizon* the number of years of operation counted (≥ 1)."""
    if horizon < 1:
        raise ValueError("horizon must be at least 1 year")
    if rate <= -1:
        raise ValueError("rate must be greater than -100 %")
    factor = annuity_factor(rate, horizon)
    total_cost = investment + operating_cost * factor
    total_benefit = benefit * factor
    ratio = total_benefit / total_cost if total_cost > 0 else None
    return Economics(
        npv=total_benefit - total_cost,
        benefit_cost_ratio=ratio,
        payback_years=_payback(investment, benefit - operating_cost, rate, horizon),
        total_cost=total_cost,
        total_benefit=total_benefit,
    )


def _payback(investment: float, yearly_net: float, rate: float, horizon: int) -> float | None:
    if investment <= 0:
        return 0.0 if yearly_net >= 0 else None
    if yearly_net <= 0:
        return None
    remaining = investment
    for t in range(1, horizon + 1):
        inflow = yearly_net / (1 + rate) ** t
        if inflow >= remaining:
            return (t - 1) + remaining / inflow
        remaining -= inflow
    return None


def measure_economics(investment: int | None, operating_cost: int | None, benefit: int | None, *, rate: float,
                      horizon: int) -> Economics | None:
    """:func:`compute_economics` for a measure's amounts; None when one of them
    is not computed («kostnad utredes»): no net present value can be given then."""
    if investment is None or operating_cost is None or benefit is None:
        return None
    return compute_economics(investment, operating_cost, benefit, rate=rate, horizon=horizon)
