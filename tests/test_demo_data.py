"""The demo's content in every language (``pipeline/defaults/<code>/demo.toml``): it
fits that language's default ``strategi.toml``, it is written in that language only,
and every language has the same story (the same form with eight mistakes, a revision,
a mistyped name and the secretariat's decisions). A failure here points at the data,
not at a translation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pipeline import contract as c
from pipeline.config import load_config
from pipeline.core.model import unit_key
from pipeline.demo.data import CODES, demo_path, form_labels, load, source_labels
from pipeline.i18n import available, defaults_file
from support.languages import foreign_words

LANGUAGES = available()


def strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every text in *value* (nested dicts, lists and tuples), with a path to it."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from strings(item, f"{where}[{i}]")


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_its_own_demo_file(code):
    assert demo_path(code).is_file()
    assert code == "nb" or demo_path(code) != demo_path("nb"), f"{code} borrows bokmål's demo"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_demo_text_has_no_word_of_another_language(code):
    demo = load(code, {kind: {k: k for k in codes} for kind, codes in CODES.items()})  # the data's words only
    found = []
    for where, text in strings({"forms": [*demo.forms(), *demo.followup()], "decisions": demo.decisions,
                                "texts": demo.texts, "goals": demo.goal_texts, "round": demo.second_round,
                                "reason": demo.mapping_reason}, code):
        if where.endswith("file_name") or "@" in text:
            continue
        found += [f"{where}: {leak}" for leak in foreign_words(text, code)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_demo_fits_the_languages_default_configuration(code):
    config = load_config(defaults_file("strategi.toml", code))
    demo = load(code)
    units = {unit_key(u.name): u for u in config.expected_units}
    goals = {g.code for g in config.sub_goals}
    forms = demo.forms()
    assert len(forms) == len(units) and {unit_key(f["form"]["unit"]["enhet"]) for f in forms} == set(units)
    for f in [*forms, *demo.followup()[:2]]:
        unit = units[unit_key(f["form"]["unit"]["enhet"])]
        assert f["form"]["unit"]["tjenesteomrade"] == unit.service_area
        assert unit.service_area in config.service_areas
    assert unit_key(demo.meant_name) in units and unit_key(demo.misspelled_name) not in units
    # The valid forms only use the configured sub-goals; the form with errors has the one mistake «D7».
    used = {m["Delmål"] for f in [*demo.units, demo.correction, *demo.followup()] for m in f["form"]["measures"]}
    assert used <= goals
    # The secretariat decides on measures that exist: «<unit code>-<nr>».
    ids = {f"{units[unit_key(f['form']['unit']['enhet'])].code}-{m['Nr']}"
           for f in demo.units for m in f["form"]["measures"]}
    for measure, cells in demo.decisions:
        assert measure in ids, measure
        assert cells.get("merge_into", next(iter(ids))) in ids


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_tells_the_same_story(code):
    nb, demo = load("nb"), load(code)
    assert len(demo.units) == len(nb.units) == 7
    assert [len(f["form"]["measures"]) for f in demo.units] == [len(f["form"]["measures"]) for f in nb.units]
    # The same eight mistakes on the same rows and columns.
    shape = [sorted(k for k in change if k != "nr") for change in demo.error_changes]
    assert shape == [sorted(k for k in change if k != "nr") for change in nb.error_changes]
    assert sum(len(change) - ("nr" in change) for change in demo.error_changes) == 8
    assert len(demo.revision["form"]["measures"]) == len(nb.revision["form"]["measures"])
    assert [cells.keys() for _, cells in demo.decisions] == [cells.keys() for _, cells in nb.decisions]
    assert demo.texts.keys() == nb.texts.keys() and demo.goal_texts.keys() == nb.goal_texts.keys()


@pytest.mark.parametrize("code", LANGUAGES)
def test_dropdown_values_are_codes_typed_as_the_blank_form_lists_them(code, blank_form):
    labels = form_labels(blank_form)
    assert labels == source_labels()  # the bokmål blank form lists the contract's labels
    demo = load(code, {kind: {k: f"<{kind}:{k}>" for k in codes} for kind, codes in CODES.items()})
    typed = {v for f in demo.forms() for sheet in ("problems", "systems", "measures")
             for row in f["form"][sheet] for v in row.values() if isinstance(v, str) and v.startswith("<")}
    assert {t.split(":")[0][1:] for t in typed} == set(CODES)
    risks = [m["Risiko"] for m in demo.error_form["form"]["measures"]]
    assert "<risk:low>" in risks and any(r and not r.startswith("<") for r in risks)  # «Stor» is typed as it stands


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_the_same_second_year(code):
    """``[second_year]``: reports on measures the demo has, with status codes the follow-up form
    lists, the same story as bokmål's, a new measure from a configured unit, and the language's words."""
    from pipeline.demo.data import REPORT_KEYS, STATUS_CODES

    config = load_config(defaults_file("strategi.toml", code))
    units = {unit_key(u.name): u for u in config.expected_units}
    codes_only = {kind: {k: k for k in values} for kind, values in CODES.items()}  # the data's words only
    nb, demo = load("nb").second_year, load(code, codes_only).second_year
    assert demo is not None and nb is not None
    ids = {f"{units[unit_key(f['form']['unit']['enhet'])].code}-{m['Nr']}"
           for f in load(code).units for m in f["form"]["measures"]}
    assert set(demo.reports) <= ids
    for report in [*demo.reports.values(), demo.usual_started, demo.usual_waiting]:
        assert set(report) <= set(REPORT_KEYS) and report["status"] in STATUS_CODES
    assert [r["status"] for r in demo.reports.values()] == [r["status"] for r in nb.reports.values()]
    assert (demo.adopted_on, demo.year, demo.deadline, demo.rolled_on) == \
        (nb.adopted_on, nb.year, nb.deadline, nb.rolled_on)
    assert unit_key(demo.new_measure_unit) in units
    [added] = [m for m in demo.new_measure_form["form"]["measures"]
               if m["Nr"] not in {n["Nr"] for f in load(code).units
                                  if f["form"]["unit"]["enhet"] == demo.new_measure_unit
                                  for n in f["form"]["measures"]}]
    assert added["Delmål"] in {g.code for g in config.sub_goals}
    texts = [r.get(k) for r in demo.reports.values() for k in ("benefit_text", "comment")]
    texts += [v for v in added.values() if isinstance(v, str)]
    found = [f"{leak}" for text in texts if isinstance(text, str) for leak in foreign_words(text, code)]
    assert not found, "\n".join(found)
