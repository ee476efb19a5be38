"""The IKT-samarbeid's joint overview: what several member municipalities share —
systems, alike measures, candidates for joint procurement with their amounts summed —
and never what only one municipality's own units have in common."""

from __future__ import annotations

from pipeline.core.joint import joint_overview
from support.bokmal import nb
from support.members import measure, system, unit

F, H, N = "Fjordvik kommune", "Havvik kommune", "Nordvik kommune"


def test_a_system_is_shared_when_two_municipalities_use_it_with_their_units_counted(config):
    units = [
        unit(F, "Skole", [system("Visma Flyt Skole", users=40, satisfaction=3), system("Vigilo")]),
        unit(F, "Barnehage", [system("visma flyt-skole", users=5, satisfaction=4), system("Vigilo")]),
        unit(H, "Havvik skole", [system("Visma Flyt Skole", users=30, satisfaction=5, lifecycle="Erstatte")]),
    ]
    overview = joint_overview(config, units)
    (shared,) = overview.systems  # Vigilo: two units, but one municipality
    assert shared.municipalities == (F, H)
    assert shared.units == ((F, 2), (H, 1)) and shared.unit_count == 3
    assert shared.users == 75 and shared.satisfaction == 4 and shared.lifecycles == ("Beholde", "Erstatte")
    assert shared.supplier == "Leverandør AS"


def test_alike_measures_are_grouped_across_municipalities_not_within_one(config):
    pcs = "Nye elev-PC-er på mellomtrinnet"
    units = [
        unit(F, "Skole A", measures=[measure(1, pcs, investment=120_000), measure(2, "Nytt intranett")]),
        unit(F, "Skole B", measures=[measure(1, "Nytt intranett i SharePoint")]),  # alike, but in Fjordvik only
        unit(H, "Havvik skole", measures=[measure(3, "Nye elev-PC-er til mellomtrinnet", investment=90_000)]),
        unit(N, "Nordvik skole", measures=[measure(1, "Meråpent bibliotek")]),
    ]
    overview = joint_overview(config, units)
    (group,) = overview.groups
    assert [(m.municipality, m.unit, m.measure.nr) for m in group.measures] == [(F, "Skole A", 1),
                                                                                (H, "Havvik skole", 3)]
    assert group.municipalities == (F, H) and group.number == 1
    assert group.investment == 210_000 and group.operating_cost == 20_000
    (candidate,) = overview.candidates
    assert (nb(candidate.basis), candidate.municipalities, candidate.units, candidate.measures, candidate.investment) == (
        "Like tiltak (gruppe 1)", (F, H), 2, 2, 210_000)
    assert [(m.name, m.units, m.measures) for m in overview.members] == [(F, 2, 3), (H, 1, 1), (N, 1, 1)]


def test_a_shared_system_no_group_is_about_sums_the_measures_that_mention_it(config):
    units = [
        unit(F, "Sykehjem", [system("Gerica")], [measure(1, "Legemiddelmodul i Gerica", investment=380_000),
                                                 measure(2, "Trådløst nett i fløy B", investment=220_000)]),
        unit(H, "Helsetun", [system("Gerica"), system("Compilo")], [measure(1, "Nytt kvalitetssystem")]),
        unit(N, "Omsorg", [system("Compilo")], [measure(4, "Avvik i Compilo fra mobilen", investment=None)]),
    ]
    overview = joint_overview(config, units)
    assert overview.groups == ()  # one measure names Gerica, one Compilo: nothing alike across municipalities
    by_name = {c.name: c for c in overview.candidates}
    assert set(by_name) == {"Gerica", "Compilo"}
    gerica, compilo = by_name["Gerica"], by_name["Compilo"]
    assert (nb(gerica.basis), gerica.municipalities, gerica.units, gerica.measures, gerica.investment) == (
        "Samme system", (F, H), 2, 1, 380_000)
    assert (compilo.municipalities, compilo.measures, compilo.investment) == ((H, N), 1, 0)  # not computed: 0
    assert overview.candidates[0] is gerica  # as many municipalities: the larger investment first


def test_measures_about_a_shared_system_make_one_candidate_not_two(config):
    units = [
        unit(F, "Skole", [system("Visma Flyt Skole")],
             [measure(3, "All foreldrekommunikasjon i Visma Flyt Skole", investment=40_000)]),
        unit(H, "Havvik skole", [system("Visma Flyt Skole")],
             [measure(3, "Meldinger til foreldre bare i Visma Flyt Skole", investment=10_000)]),
    ]
    overview = joint_overview(config, units)
    (group,) = overview.groups
    assert group.name == "Visma Flyt Skole" and group.systems == ("Visma Flyt Skole",)
    (candidate,) = overview.candidates
    assert nb(candidate.basis) == "Like tiltak (gruppe 1)" and candidate.investment == 50_000


def test_the_overview_does_not_depend_on_the_order_the_store_gives_the_units(config):
    units = [
        unit(F, "Skole", [system("Feide"), system("Visma Flyt Skole")], [measure(1, "Feide-pålogging til alt")]),
        unit(H, "Skole", [system("Feide")], [measure(2, "Feide-pålogging til læremidlene")]),
        unit(N, "Skole", [system("Visma Flyt Skole")], [measure(1, "Feide-pålogging til alle læremidler")]),
    ]
    assert joint_overview(config, units) == joint_overview(config, list(reversed(units)))
