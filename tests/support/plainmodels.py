"""A small municipality in any language whose own text (unit names, titles,
systems, descriptions) is the same in every language, so that a test that reads
an output in nynorsk or Danish finds only what iktplan itself wrote there.

    model = plain_model(language_config("da"))

It has what makes iktplan write prose: every priority and risk, answers left
out, a measure too large for the frame, one moved to a later year, one with a
cost not computed, a coordination group (the same system in two units), a
dependency on an unknown measure and every life-cycle choice.
"""

from __future__ import annotations

from pipeline.config import Config, load_config
from pipeline.core.model import Period
from pipeline.i18n import defaults_file
from support.models import answer, form, measure, municipality, problem, system


def language_config(code: str) -> Config:
    """The packaged default configuration of language *code* (bokmål: the main file)."""
    return load_config(defaults_file("strategi.toml", code))


def plain_model(config: Config):
    """The municipality (see the module docstring) with *config*'s first two units."""
    first, second = config.expected_units[:2]
    return municipality(
        config,
        form(
            first.name, first.service_area,
            problems=(problem(1, "Høy", "Wi-Fi"), problem(2, "Middels", "PC"), problem(3, None, "LMS")),
            systems=(system("Visma", "LMS", users=40, satisfaction=3, lifecycle="Beholde"),
                     system("Teams", "Chat", lifecycle="Videreutvikle"),
                     system("Moodle", "LMS", lifecycle="Avvikle")),
            measures=(
                measure(1, "Wi-Fi", problem_nrs=(1,), investment=250_000, operating_cost=10_000, benefit=120_000,
                        benefit_kind="Kroner (budsjett)", risk="Høy"),
                measure(2, "Visma", investment=9_000_000, benefit=100_000, period=Period(2028, "Høst"),
                        risk="Middels", benefit_kind="Tid"),
                measure(3, "LMS", problem_nrs=(3,), investment=None, risk=None, duration_months=None,
                        dependencies="XYZ-9", responsible="-"),
                measure(4, "PC", problem_nrs=(2, 7), investment=2_400_000, period=Period(2027, "Vinter"),
                        duration_months=48, sub_goal=None),
                measure(5, "iPad", investment=200_000, period=None),
            ),
            barometer=(answer("Digital kompetanse", 4, "Wi-Fi"), answer("Digital kompetanse", None)),
        ),
        form(
            second.name, second.service_area,
            systems=(system("visma", "LMS", lifecycle="Erstatte"),),
            measures=(measure(1, "Visma", investment=100_000, benefit_kind="Kvalitet"),),
            barometer=(answer("Digital kompetanse", 2),),
        ),
    )
