"""Shared systems, possible duplicates and coordination candidates across units."""

from __future__ import annotations

from fractions import Fraction

from test_assessment import form, measure, municipality, system

from pipeline.assessment import assess
from pipeline.coordination import duplicate_systems, normalize, shared_systems, similarity, stem, words


def test_names_are_compared_without_case_spacing_or_punctuation():
    assert normalize("  Visma Flyt-Skole ") == normalize("visma  flyt skole") == "visma flyt skole"
    assert normalize(None) == ""


def test_words_drop_filler_words_and_inflection():
    assert words("Innføre nettbrett til elevene i barnehagene") == {"nettbrett", "elev", "barnehag"}
    assert stem("barnehagen") == stem("barnehager") == "barnehag"
    assert stem("nett") == "nett"  # too short to cut


def test_similarity_is_the_share_of_common_words():
    assert similarity(frozenset("ab"), frozenset("bc")) == Fraction(1, 3)
    assert similarity(frozenset(), frozenset("a")) == 0


def schools(config):
    """Three units: two mention the same system, two use different systems for one purpose."""
    return municipality(
        config,
        form(
            "Fjordvik barneskole",
            systems=(
                system(
                    "Visma Flyt Skole",
                    "Elevadministrasjon og karakterer",
                    users=40,
                    satisfaction=2,
                    lifecycle="Erstatte",
                ),
                system("Vigilo", "Kommunikasjon med foresatte", users=300),
            ),
            measures=(
                measure(1, "Opplæring i Visma Flyt Skole for lærerne"),
                measure(2, "Trådløst nett på alle avdelinger"),
                measure(3, "Nytt skolebibliotek"),
            ),
        ),
        form(
            "Solsiden barnehage",
            systems=(
                system("visma flyt  skole", "Elevadministrasjon", users=5, satisfaction=4, lifecycle="Beholde"),
                system("Kidplan", "Kommunikasjon med foresatte i barnehagen"),
            ),
            measures=(
                measure(1, "Bedre bruk av systemet", description="Felles maler i Visma Flyt Skole."),
                measure(2, "Barnehagebibliotek"),
            ),
        ),
        form(
            "Hjemmetjenesten",
            "Helse og omsorg",
            systems=(system("Gerica", "Elektronisk pasientjournal"),),
            measures=(
                measure(1, "Bedre trådløst nett i alle bygg"),
                measure(2, "Trådløst nett på alle avdelinger"),
            ),
        ),
    )


def test_system_used_by_several_units_is_a_shared_system(config):
    shared = shared_systems(schools(config))
    assert len(shared) == 1
    s = shared[0]
    assert (s.name, s.units, s.count) == ("Visma Flyt Skole", ("Fjordvik barneskole", "Solsiden barnehage"), 2)
    assert (s.users, s.satisfaction, s.lifecycles) == (45, 3.0, ("Erstatte", "Beholde"))


def test_different_systems_for_the_same_purpose_are_possible_duplicates(config):
    groups = duplicate_systems(schools(config))
    assert len(groups) == 1
    g = groups[0]
    assert g.systems == ("Vigilo", "Kidplan")
    assert g.units == ("Fjordvik barneskole", "Solsiden barnehage")
    assert g.purpose == "Kommunikasjon med foresatte"


def test_same_system_in_one_unit_only_is_neither_shared_nor_duplicate(config):
    model = municipality(
        config,
        form(
            systems=(
                system("Vigilo", "Kommunikasjon med foresatte"),
                system("Kidplan", "Kommunikasjon med foresatte"),
            )
        ),
        form("Solsiden barnehage", systems=(system("Gerica", "Pasientjournal"),)),
    )
    assert shared_systems(model) == ()
    assert duplicate_systems(model) == ()


def test_measures_about_the_same_system_or_nearly_the_same_thing_are_coordination_candidates(config):
    result = assess(schools(config))
    by_id = {a.id: a for a in result.measures}
    assert by_id["FBS-1"].coordination == ("SBH-1",)
    assert by_id["SBH-1"].coordination == ("FBS-1",)
    assert by_id["FBS-2"].coordination == ("HJT-1", "HJT-2")
    assert by_id["HJT-1"].coordination == ("FBS-2",)  # HJT-2 is its own unit: never linked
    assert by_id["FBS-3"].coordination == ()
    assert by_id["SBH-2"].coordination == ()
    assert "Kan samordnes med HJT-1 og HJT-2 i andre enheter." in by_id["FBS-2"].flags

    groups = {g.ids: g for g in result.coordination_groups}
    assert set(groups) == {("FBS-1", "SBH-1"), ("FBS-2", "HJT-1", "HJT-2")}
    visma = groups[("FBS-1", "SBH-1")]
    assert visma.systems == ("Visma Flyt Skole",)
    assert visma.reason == "Tiltakene gjelder samme system, «Visma Flyt Skole»."
    assert groups[("FBS-2", "HJT-1", "HJT-2")].units == ("Fjordvik barneskole", "Hjemmetjenesten")
    assert groups[("FBS-2", "HJT-1", "HJT-2")].reason == "Tiltakene har nesten samme tittel eller beskrivelse."


def test_system_name_must_appear_as_whole_words(config):
    model = municipality(
        config,
        form(systems=(system("Visma", "Lønn"),), measures=(measure(1, "Vismapakke"),)),
        form("Solsiden barnehage", measures=(measure(1, "Visma-opplæring"),)),
    )
    assert assess(model).coordination_groups == ()
