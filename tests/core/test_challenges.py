"""The main challenges: ranked by priority, then by how many units report the
same thing, with the service areas taking turns; never the first problems in unit order."""

from __future__ import annotations

from pipeline.core.challenges import challenges
from support.models import form, municipality, problem


def ranked(model) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.description, tuple(model.unit(k).name for k in c.units)) for c in challenges(model)]


def test_a_challenge_several_units_report_comes_before_one_only_one_reports(config):
    model = municipality(
        config,
        form("Fjordvik barneskole", "Oppvekst og utdanning",
             problems=(problem(1, "Høy", "De ansatte deler to PC-er på personalrommet."),)),
        form("Fjordvik sykehjem", "Helse og omsorg",
             problems=(problem(1, "Høy", "Turnusen lages i regneark, og endringer føres for hånd."),)),
        form("Hjemmetjenesten", "Helse og omsorg",
             problems=(problem(1, "Middels", "Turnusen lages i regneark, som på sykehjemmet."),)),
    )
    first, second = ranked(model)
    assert first == ("Turnusen lages i regneark, og endringer føres for hånd.", ("Fjordvik sykehjem", "Hjemmetjenesten"))
    assert second[1] == ("Fjordvik barneskole",)


def test_priority_comes_before_how_many_units_report_it(config):
    model = municipality(
        config,
        form("Fjordvik barneskole", "Oppvekst og utdanning",
             problems=(problem(1, "Middels", "Søknader kommer på papir og registreres for hånd i fagsystemet."),)),
        form("NAV Fjordvik", "NAV og sosiale tjenester",
             problems=(problem(1, "Middels", "Søknader om sosialhjelp kommer på papir og registreres for hånd."),)),
        form("Servicetorget", "Sentraladministrasjonen",
             problems=(problem(1, "Høy", "Kommunen har ingen samlet sikkerhetsplan."),)),
    )
    assert [d for d, _ in ranked(model)][0] == "Kommunen har ingen samlet sikkerhetsplan."
    assert ranked(model)[1][1] == ("Fjordvik barneskole", "NAV Fjordvik")


def test_equal_challenges_take_turns_by_service_area_not_the_first_units_in_order(config):
    # Oppvekst comes first in the configured order and has three high-priority problems:
    # unit order alone would give it all of the first three places.
    school = form("Fjordvik barneskole", "Oppvekst og utdanning", problems=(
        problem(1, "Høy", "Det trådløse nettet faller ut i gymsalen."),
        problem(2, "Høy", "Elev-PC-ene er gamle og trege."),
        problem(3, "Høy", "Ingen oversikt over læringsappene."),
    ))
    service = form("Servicetorget", "Sentraladministrasjonen",
                   problems=(problem(1, "Høy", "Kommunen har ingen samlet sikkerhetsplan."),))
    nav = form("NAV Fjordvik", "NAV og sosiale tjenester",
               problems=(problem(1, "Høy", "Utbetalinger registreres to ganger."),))
    model = municipality(config, school, service, nav)
    first_three = [units[0] for _, units in ranked(model)[:3]]
    assert first_three == ["Fjordvik barneskole", "Servicetorget", "NAV Fjordvik"]


def test_problems_of_one_unit_are_never_merged_and_every_problem_is_in_one_challenge(config):
    model = municipality(config, form(problems=(
        problem(1, "Høy", "Turnusen lages i regneark."),
        problem(2, "Høy", "Turnusen lages i regneark for helgene."),
    )))
    found = challenges(model)
    assert len(found) == 2
    assert sorted(p.nr for c in found for p in c.problems) == [1, 2]
