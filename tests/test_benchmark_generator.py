"""The benchmark's form generator: realistic, valid, deterministic forms typed
into the project's own blank form."""

from __future__ import annotations

import tomllib
from collections import Counter

from benchmarks import generate
from pipeline.config import parse_config
from pipeline.contract import BAROMETER
from pipeline.forms.reader import read_workbook
from pipeline.forms.validation import validate
from pipeline.workspace import defaults_dir


def test_every_unit_has_a_full_form_of_realistic_size():
    form = generate.unit_form(7)["form"]
    assert len(form["measures"]) == generate.MEASURES == 10
    assert len(form["systems"]) == generate.SYSTEMS == 15
    assert len(form["problems"]) == generate.PROBLEMS == 8
    assert len(form["barometer"]) == len(BAROMETER) and all(a is not None for a in form["barometer"])
    descriptions = [m["Beskrivelse"] for m in form["measures"]]
    assert all(120 <= len(d) <= 600 for d in descriptions), [len(d) for d in descriptions]
    assert any(c in "".join(descriptions) for c in "æøå")


def test_units_have_distinct_names_and_codes_spread_over_the_service_areas():
    units = generate.units(200)
    assert len({u.name for u in units}) == 200 and len({u.code for u in units}) == 200
    per_area = Counter(u.area for u in units)
    assert set(per_area) == set(generate.AREAS) and max(per_area.values()) - min(per_area.values()) <= 1


def test_forms_are_the_same_in_every_run_and_for_any_number_of_units():
    assert generate.unit_form(42) == generate.unit_form(42)
    assert generate.units(25) == generate.units(200)[:25]
    assert generate.unit_form(3)["form"] != generate.unit_form(4)["form"]
    assert generate.unit_form(3, seed=1) != generate.unit_form(3)


def test_a_revision_changes_a_measure_adds_one_and_keeps_the_unit():
    first, second = generate.unit_form(5)["form"], generate.revision(5)["form"]
    assert second["unit"]["enhet"] == first["unit"]["enhet"]
    assert len(second["measures"]) == len(first["measures"]) + 1
    assert second["measures"][0] != first["measures"][0]
    assert generate.revision(5)["file_name"] != generate.unit_form(5)["file_name"]
    assert generate.revision(5, 3) != generate.revision(5, 2)


def test_configuration_lists_the_generated_units_with_a_frame_that_grows_with_them():
    base = (defaults_dir() / "strategi.toml").read_text(encoding="utf-8")
    small = parse_config(tomllib.loads(generate.config_text(base, 50)))
    large = parse_config(tomllib.loads(generate.config_text(base, 200)))
    assert [u.name for u in large.expected_units] == [u.name for u in generate.units(200)]
    assert [u.code for u in small.expected_units] == [u.code for u in generate.units(50)]
    assert sum(large.investment_frame.values()) == 4 * sum(small.investment_frame.values())
    assert large.service_areas == small.service_areas


def test_generated_forms_are_accepted_with_their_content_intact(tmp_path):
    base = (defaults_dir() / "strategi.toml").read_text(encoding="utf-8")
    config = parse_config(tomllib.loads(generate.config_text(base, 30)))
    from pipeline.forms.blankform import write_blank_form

    blank = write_blank_form(config, tmp_path / "blank.xlsx")
    entries = [generate.unit_form(i) for i in (0, 11, 29)] + [generate.revision(11)]
    entries += [generate.unit_form(i, repetition=True) for i in (1, 6, 27)] + [generate.revision(6, repetition=True)]
    paths = generate.write_forms(blank, tmp_path / "skjema", entries, workers=2)
    for entry, path in zip(entries, paths):
        result = validate(read_workbook(path), config)
        assert result.ok, [str(e) for e in result.errors]
        content = result.content
        assert content.unit.name == entry["form"]["unit"]["enhet"]
        assert len(content.measures) == len(entry["form"]["measures"])
        assert [m.title for m in content.measures] == [m["Tiltak"] for m in entry["form"]["measures"]]
        assert len(content.systems) == 15 and len(content.problems) == 8
        assert all(a.score is not None for a in content.barometer)
        assert not [w for w in result.warnings if "står ikke på sekretariatets liste" in str(w)]
    # An existing file is kept as it is (the cache of the benchmark).
    stamp = paths[0].stat().st_mtime_ns
    generate.write_forms(blank, tmp_path / "skjema", entries[:1], workers=1)
    assert paths[0].stat().st_mtime_ns == stamp


# --- the repetition mode (issue 18) ---------------------------------------------------------


def test_independent_forms_stay_what_earlier_benchmark_results_were_measured_with():
    """The independent mode's forms must not change with the repetition mode:
    results before and after are only comparable on the same forms. The digest
    is of the forms as generated before the repetition mode was added."""
    import hashlib
    import json

    forms = [generate.unit_form(i) for i in range(25)] + [generate.revision(12)]
    digest = hashlib.sha256(json.dumps(forms, default=str, ensure_ascii=False).encode()).hexdigest()
    assert digest == INDEPENDENT_DIGEST


INDEPENDENT_DIGEST = "2a4e442baeb90a280ab091ee6e65ea043f85c24a0ad5b81db84f6c0992192384"


def test_repetition_mode_forms_are_full_deterministic_and_not_the_independent_ones():
    form = generate.unit_form(7, repetition=True)["form"]
    assert len(form["measures"]) == generate.MEASURES and len(form["systems"]) == generate.SYSTEMS
    assert len(form["problems"]) == generate.PROBLEMS
    assert len(form["barometer"]) == len(BAROMETER) and all(a is not None for a in form["barometer"])
    descriptions = [m["Beskrivelse"] for i in range(60) for m in generate.unit_form(i, repetition=True)["form"]["measures"]]
    assert all(120 <= len(d) <= 600 for d in descriptions), sorted(len(d) for d in descriptions)[:3]
    assert generate.unit_form(42, repetition=True) == generate.unit_form(42, repetition=True)
    assert generate.unit_form(42, repetition=True)["form"] != generate.unit_form(42)["form"]
    assert generate.unit_form(3, seed=1, repetition=True) != generate.unit_form(3, repetition=True)
    assert generate.unit_form(42, repetition=True)["form"]["unit"] != generate.unit_form(42)["form"]["unit"]
    assert generate.unit_form(42, repetition=True)["form"]["unit"]["enhet"] == generate.unit_spec(42).name
    rev = generate.revision(5, repetition=True)["form"]
    assert len(rev["measures"]) == generate.MEASURES + 1
    assert rev["measures"][1:-1] == generate.unit_form(5, repetition=True)["form"]["measures"][1:]


def test_repetition_mode_has_schools_asking_for_the_same_things_in_nearly_the_same_words():
    schools = [i for i in range(200) if generate.unit_spec(i).name.endswith(("skole", "oppvekstsenter"))]
    assert len(schools) >= 25
    titles = [[m["Tiltak"] for m in generate.unit_form(i, repetition=True)["form"]["measures"]] for i in schools]
    asking_for_pcs = [t for t in titles if any("elev-pc" in x.lower() or "pc-er til elevene" in x.lower() for x in t)]
    assert len(asking_for_pcs) >= 0.75 * len(schools)
    # The same proposal costs about the same everywhere (within ±15 % of its typical amount).
    from pipeline.forms.amounts import parse_amount

    amounts = [int(parse_amount(m["Investering (kr)"])) for i in schools
               for m in generate.unit_form(i, repetition=True)["form"]["measures"]
               if "elev-PC" in m["Beskrivelse"] or "bærbare PC-er" in m["Beskrivelse"]]
    assert amounts and max(amounts) <= 1.4 * min(amounts)
    # Shared systems: nearly everyone lists Microsoft 365 (or Office 365) and an Acos WebSak spelling.
    forms = [generate.unit_form(i, repetition=True)["form"] for i in range(120)]
    names = [{s["System"] for s in f["systems"]} for f in forms]
    assert sum(1 for n in names if n & {"Microsoft 365", "Office 365"}) == len(forms)
    spellings = Counter(s for n in names for s in n if "websak" in s.lower())
    assert len(spellings) >= 2 and sum(spellings.values()) >= 0.8 * len(forms)


def test_repetition_mode_gives_every_measure_many_more_near_duplicates_growing_with_the_units():
    """The case of issue 18: coordination candidates (the pipeline's own
    similarity rule) grow with the number of units, so their pairs grow
    quadratically; the independent mode has far fewer."""
    from statistics import mean

    from pipeline.core.coordination import MEASURE_SIMILARITY, _alike, words

    def partners(n: int, repetition: bool) -> float:
        measures = [(i, words(f"{m['Tiltak']} {m['Beskrivelse']}")) for i in range(n)
                    for m in generate.unit_form(i, repetition=repetition)["form"]["measures"]]
        return mean(sum(1 for ub, b in measures if ub != ua and _alike(a, b, MEASURE_SIMILARITY))
                    for ua, a in measures)

    small, large = partners(30, True), partners(60, True)
    assert large >= 1.8 * small
    assert large >= 3 * partners(60, False)


def test_repetition_mode_has_its_own_form_cache():
    base = (defaults_dir() / "strategi.toml").read_text(encoding="utf-8").encode()
    assert generate.cache_key(base, repetition=True) != generate.cache_key(base)
    assert generate.cache_key(base) == generate.cache_key(base, repetition=False)
