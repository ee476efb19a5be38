"""The yearly investment frame: which measures fit, in rank order, and the
totals per year of the strategy period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pipeline.config import Config
from pipeline.contract import BENEFIT_CASH
from pipeline.core.model import Measure
from pipeline.formatting import kroner


@dataclass(frozen=True)
class YearTotals:
    """One year of the strategy period, in kroner.

    Investment counts in the year a measure starts. Operating cost and benefit
    count from the year after the start (year 1 of the economic convention)
    through the end of the period. Measures without a time count in no year.
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
    def remaining(self) -> int | None:
        """Frame left after the measures inside it; None: no frame configured."""
        return None if self.frame is None else self.frame - self.investment_in_frame


def frame_reasons(ranked: Sequence[Measure], frame: dict[int, int] | None) -> list[str | None]:
    """For each measure of *ranked* (in rank order), why it is outside the
    *frame* (investment by year); None: it is inside. No frame: all are inside."""
    if frame is None:
        return [None] * len(ranked)
    used: dict[int, int] = {}
    result: list[str | None] = []
    for m in ranked:
        investment = m.investment
        year = m.period.year if m.period else None
        if investment == 0:
            result.append(None)
            continue
        if year is None:
            reason = "Tiltaket har ingen tidsrom, så investeringen kan ikke knyttes til et års ramme."
        else:
            limit = frame.get(year, 0)
            left = limit - used.get(year, 0)
            if investment <= left:
                used[year] = used.get(year, 0) + investment
                result.append(None)
                continue
            reason = _outside_reason(year, investment, limit, left, year in frame)
        result.append(reason)
    return result


def _outside_reason(year: int, investment: int, limit: int, left: int, configured: bool) -> str:
    if not configured:
        return f"Det er ikke satt av investeringsramme for {year}."
    if investment > limit:
        return f"Investeringen på {kroner(investment)} er større enn rammen for {year} ({kroner(limit)})."
    if left <= 0:
        return f"Rammen for {year} er brukt opp av tiltak med høyere prioritet."
    return (
        f"Det er bare {kroner(left)} igjen av rammen for {year} etter tiltak med høyere prioritet, "
        f"og investeringen er {kroner(investment)}."
    )


def year_totals(config: Config, measures: Sequence[Measure], inside: Sequence[bool]) -> tuple[YearTotals, ...]:
    """One :class:`YearTotals` per year of the strategy period; *inside* tells
    for each of *measures* whether it is inside the frame."""
    frame = config.investment_frame
    pairs = list(zip(measures, inside, strict=True))
    result = []
    for year in config.years:
        starting = [(m, i) for m, i in pairs if m.period and m.period.year == year]
        running = [(m, i) for m, i in pairs if m.period and m.period.year < year]
        result.append(
            YearTotals(
                year=year,
                investment=sum(m.investment for m, _ in starting),
                operating_cost=sum(m.operating_cost for m, _ in running),
                benefit=sum(m.benefit for m, _ in running),
                investment_in_frame=sum(m.investment for m, i in starting if i),
                frame=None if frame is None else frame.get(year, 0),
                operating_cost_in_frame=sum(m.operating_cost for m, i in running if i),
                benefit_in_frame=sum(m.benefit for m, i in running if i),
                measures_in_frame=sum(1 for _, i in starting if i),
                measures_outside=sum(1 for _, i in starting if not i),
                cash_benefit=sum(m.benefit for m, _ in running if m.benefit_kind == BENEFIT_CASH),
                cash_benefit_in_frame=sum(m.benefit for m, i in running if i and m.benefit_kind == BENEFIT_CASH),
            )
        )
    return tuple(result)
