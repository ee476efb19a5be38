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
    paths = generate.write_forms(blank, tmp_path / "skjema", entries, workers=2)
    for entry, path in zip(entries, paths):
        result = validate(read_workbook(path), config)
        assert result.ok, [str(e) for e in result.errors]
        content = result.content
        assert content.unit.name == entry["form"]["unit"]["enhet"]
        assert len(content.measures) == len(entry["form"]["measures"])
        assert len(content.systems) == 15 and len(content.problems) == 8
        assert all(a.score is not None for a in content.barometer)
        assert not [w for w in result.warnings if "står ikke på sekretariatets liste" in str(w)]
    # An existing file is kept as it is (the cache of the benchmark).
    stamp = paths[0].stat().st_mtime_ns
    generate.write_forms(blank, tmp_path / "skjema", entries[:1], workers=1)
    assert paths[0].stat().st_mtime_ns == stamp
