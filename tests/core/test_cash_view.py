"""The cash view per year: only benefits stated as money in the budget count as
cash, and the net takes the investment of the year too."""

from __future__ import annotations

import dataclasses

from pipeline.contract import BENEFIT_CASH
from pipeline.core.assessment import assess
from pipeline.core.model import Period
from support.models import form, municipality, measure


def test_the_net_of_a_year_takes_the_investment_and_only_money_in_the_budget(config):
    config = dataclasses.replace(config, investment_frame=None)
    model = municipality(config, form(measures=(
        measure(1, "Ny turnusløsning", investment=1_195_000, operating_cost=100_000, benefit=400_000,
                benefit_kind=BENEFIT_CASH, period=Period(2027, "Vår")),
        measure(2, "Chatbot", investment=0, operating_cost=50_000, benefit=300_000, benefit_kind="Tid",
                period=Period(2027, "Vår")),
        measure(3, "Gammelt skjema", operating_cost=0, benefit=90_000, benefit_kind=None, period=Period(2027, "Vår")),
    )))
    y2027, y2028 = assess(model).years[:2]
    # 2027: the investment is paid, nothing runs yet: the net is the investment, not 0
    assert (y2027.investment_in_frame, y2027.cash_benefit_in_frame, y2027.net_in_frame) == (1_195_000, 0, -1_195_000)
    # 2028: only the money benefit counts; time and an unknown kind never do
    assert y2028.benefit_in_frame == 790_000
    assert y2028.cash_benefit_in_frame == 400_000
    assert y2028.net_in_frame == 400_000 - 150_000


def test_the_economy_context_counts_time_and_quality_in_words_only(config):
    from pipeline.core.versions import VersionInfo
    from pipeline.documents.context import build_context
    from datetime import datetime

    config = dataclasses.replace(config, investment_frame=None)
    model = municipality(config, form(measures=(
        measure(1, "Chatbot", benefit=300_000, benefit_kind="Tid", period=Period(2027, "Vår")),
        measure(2, "Bedre rutiner", benefit=50_000, benefit_kind="Kvalitet", period=Period(2027, "Vår")),
    )))
    okonomi = build_context(model, assess(model), VersionInfo(1, datetime(2027, 2, 1)))["okonomi"]
    assert {row["gevinst"] for row in okonomi["ar"]} == {"0\u00a0kr"}
    assert okonomi["andre_gevinster"][0].startswith("1 av tiltakene innenfor rammen gir spart tid, og 1 bedre kvalitet.")
    assert "300" not in " ".join(okonomi["andre_gevinster"])  # never shown as an amount of money
