"""Shared systems, possible duplicates and coordination candidates across units."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.assessment import assess
from pipeline.core.coordination import duplicate_systems, normalize, shared_systems, similarity, stem, words
from support.models import form, measure, municipality, system
from support.bokmal import nb


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
    assert "Kan samordnes med HJT-1 og HJT-2 i andre enheter (samordningsgruppe S-2)." in nb(by_id["FBS-2"].flags)
    assert [(g.id, g.name) for g in result.coordination_groups] == [
        ("S-1", "Visma Flyt Skole"), ("S-2", "Trådløst nett på alle avdelinger")]
    assert by_id["HJT-2"].group == by_id["FBS-2"].group == "S-2" and by_id["FBS-3"].group is None

    groups = {g.ids: g for g in result.coordination_groups}
    assert set(groups) == {("FBS-1", "SBH-1"), ("FBS-2", "HJT-1", "HJT-2")}
    visma = groups[("FBS-1", "SBH-1")]
    assert visma.systems == ("Visma Flyt Skole",)
    assert nb(visma.reason) == "Tiltakene gjelder samme system, «Visma Flyt Skole»."
    assert groups[("FBS-2", "HJT-1", "HJT-2")].units == ("Fjordvik barneskole", "Hjemmetjenesten")
    assert nb(groups[("FBS-2", "HJT-1", "HJT-2")].reason) == "Tiltakene har nesten samme tittel eller beskrivelse."


def test_system_name_must_appear_as_whole_words(config):
    model = municipality(
        config,
        form(systems=(system("Visma", "Lønn"),), measures=(measure(1, "Vismapakke"),)),
        form("Solsiden barnehage", measures=(measure(1, "Visma-opplæring"),)),
    )
    assert assess(model).coordination_groups == ()


# --- the fast pair search finds exactly what comparing every pair finds -------------------


def _every_pair(model, ids):
    """The rule as written in the module docstring, comparing every pair of
    measures one by one: the reference for :func:`coordination`."""
    from pipeline.core.coordination import (MEASURE_SIMILARITY, CoordinationGroup, _components, _group_reason,
                                            _mentioned, _ordered_units, _system_names, group_id, group_name)

    measures = list(model.measures)
    names = [ids[m] for m in measures]
    units = [m.prov.unit for m in measures]
    systems = _system_names(model.systems)
    mentions = [_mentioned(m, systems) for m in measures]
    titles = [words(m.title) for m in measures]
    texts = [words(f"{m.title} {m.description or ''}") for m in measures]
    pairs, common_systems = [], {}
    for a in range(len(measures)):
        for b in range(a + 1, len(measures)):
            if units[a] == units[b]:
                continue
            common = tuple(n for n in mentions[a] if n in mentions[b])
            if common or similarity(titles[a], titles[b]) >= MEASURE_SIMILARITY or \
                    similarity(texts[a], texts[b]) >= MEASURE_SIMILARITY:
                pairs.append((a, b))
                if common:
                    common_systems[(a, b)] = common
    linked = {}
    for a, b in pairs:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    groups = []
    for number, component in enumerate(_components(range(len(measures)), pairs)):
        about = tuple(dict.fromkeys(n for (a, b), c in common_systems.items() if a in component for n in c))
        groups.append(CoordinationGroup(group_id(number), group_name(about, [measures[i].title for i in component]),
                                        tuple(names[i] for i in component),
                                        tuple(model.unit(k).name for k in
                                              _ordered_units(model, (units[i] for i in component))),
                                        about, _group_reason(about)))
    return tuple(groups), {names[i]: tuple(names[j] for j in sorted(o)) for i, o in linked.items()}


def _check_against_every_pair(model):
    from pipeline.core.coordination import coordination

    ids = {m: model.measure_id(m) for m in model.measures}
    fast, reference = coordination(model, ids), _every_pair(model, ids)
    assert fast[0] == reference[0]
    assert list(fast[1].items()) == list(reference[1].items())


_WORDS = ["nett", "trådløst", "skole", "plattform", "visma", "flyt", "opplæring", "lærere", "elever", "pc",
          "gerica", "sensor", "tilsyn", "natt", "arkiv", "sak", "portal", "foreldre", "turnus", "lønn"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.lists(st.sampled_from(_WORDS), max_size=4),
                          st.lists(st.sampled_from(_WORDS), max_size=8)), min_size=2, max_size=18))
def test_pair_search_finds_exactly_the_pairs_of_comparing_every_pair(config, measures):
    units = {}
    for unit, title, text in measures:
        units.setdefault(unit, []).append(measure(len(units.get(unit, [])) + 1, " ".join(title) or "x",
                                                  description=" ".join(text) or None))
    names = ["Fjordvik barneskole", "Solsiden barnehage", "Hjemmetjenesten", "Teknisk drift"]
    model = municipality(config, *(form(names[u], systems=(system("Visma Flyt", "Lønn"), system("Gerica")),
                                        measures=tuple(ms)) for u, ms in units.items()))
    _check_against_every_pair(model)


def test_pair_search_equals_every_pair_on_generated_units(config):
    from benchmarks.generate import unit_form
    from pipeline.core.model import Problem, Provenance, System

    forms = []
    for i in range(24):
        data = unit_form(i)["form"]
        forms.append(form(
            data["unit"]["enhet"], data["unit"]["tjenesteomrade"],
            systems=tuple(System(s["System"], s["Leverandør"], s["Formål"], None, None, None, None,
                                 Provenance("Systemer", k)) for k, s in enumerate(data["systems"], start=2)),
            problems=tuple(Problem(p["Nr"], p["Beskrivelse"], None, None, None, Provenance("Problemer", k))
                           for k, p in enumerate(data["problems"], start=2)),
            measures=tuple(measure(m["Nr"], m["Tiltak"], description=m["Beskrivelse"]) for m in data["measures"]),
        ))
    _check_against_every_pair(municipality(config, *forms))


def test_normalize_treats_exactly_the_non_alphanumeric_characters_as_spaces():
    import sys

    text = "".join(chr(c) for c in range(0, sys.maxunicode + 1, 7) if not 0xD800 <= c <= 0xDFFF)
    import unicodedata

    # Invisible characters (format characters and the other default-ignorables)
    # vanish; then compatibility form and case folding, as pipeline.identity.key.
    ignorable = {0x34F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x180B, 0x180C, 0x180D, 0x180F, *range(0xFE00, 0xFE10),
                 *range(0xE0100, 0xE01F0)}
    visible = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") and ord(ch) not in ignorable)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold())
    folded = "".join(ch for ch in folded if unicodedata.category(ch) not in ("Cf", "Cc") and ord(ch) not in ignorable)
    expected = " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())
    assert normalize(text) == expected


def test_a_system_name_with_invisible_characters_is_the_same_system():
    assert normalize("Vis\u00adma\u200b Flyt\ufeff") == normalize("Visma Flyt") == "visma flyt"
