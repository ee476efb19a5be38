"""The demo municipality: its data fits the contract and the default
configuration, makes an interesting assessment, and ``populate_inbox`` writes
real forms in a fixed order of arrival."""

from __future__ import annotations

import copy
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import contract as c
from pipeline.demo import ARRIVAL_GAP_NS, populate_inbox
from pipeline.demo.forms import DEMO_UNITS, all_forms
from pipeline.demo.health import demo_revision
from pipeline.demo.solsiden import ERROR_FORM, UNIT_WITHOUT_ACCEPTED_FORM, demo_correction
from pipeline.errors import WorkspaceError
from pipeline.core.model import unit_key
from pipeline.forms.amounts import parse_cost
from pipeline.forms.values import is_empty, parse_period, parse_problem_refs, parse_whole, valid_email
from support.bokmal import nb

FORMS = [entry["form"] for entry in DEMO_UNITS]
MEASURES = [(f["unit"]["enhet"], m) for f in FORMS for m in f["measures"]]

INV, OPS, BEN = "Investering (kr)", "Årlig drift (kr)", "Årlig gevinst (kr)"


def amount(row: dict, header: str) -> int:
    """The amount as typed; 0 for one not computed yet (empty or «utredes»)."""
    value = row.get(header)
    return 0 if is_empty(value) else parse_cost(value) or 0


def codes(config) -> dict[str, str]:
    return {unit_key(u.name): u.code for u in config.expected_units}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory, config, blank_form) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("demo") / "innboks"
    return folder, populate_inbox(config, blank_form, folder)


# --- the data -------------------------------------------------------------------------


def test_seven_configured_units_from_every_service_area_deliver_a_valid_form(config):
    names = [f["unit"]["enhet"] for f in FORMS]
    expected = {unit_key(u.name): u for u in config.expected_units}
    assert len(names) == len(set(names)) >= 6
    assert all(unit_key(n) in expected for n in names)
    assert len(names) == len(expected) - 1
    areas = {f["unit"]["tjenesteomrade"] for f in FORMS}
    assert areas == set(config.service_areas) and len(areas) >= 6
    for f in FORMS:
        assert expected[unit_key(f["unit"]["enhet"])].service_area == f["unit"]["tjenesteomrade"]


def test_the_unit_without_a_valid_form_is_the_one_that_sent_the_form_with_errors(config):
    delivered = {unit_key(f["unit"]["enhet"]) for f in FORMS}
    missing = [u.name for u in config.expected_units if unit_key(u.name) not in delivered]
    assert missing == [UNIT_WITHOUT_ACCEPTED_FORM] == [ERROR_FORM["form"]["unit"]["enhet"]]


def test_demo_has_enough_content_for_real_documents():
    assert len(MEASURES) >= 40
    assert sum(len(f["systems"]) for f in FORMS) >= 40
    for f in FORMS:
        assert 5 <= len(f["problems"]) <= 8, f["unit"]["enhet"]
        assert 5 <= len(f["measures"]) <= 8, f["unit"]["enhet"]
        assert len(f["barometer"]) == len(c.BAROMETER)
    answers = [a for f in FORMS for a in f["barometer"]]
    scores = [a[0] if isinstance(a, tuple) else a for a in answers]
    assert all(s is None or 1 <= s <= 5 for s in scores)
    assert {s for s in scores if s is not None} == {1, 2, 3, 4}
    assert 3 <= sum(s is None for s in scores) <= 15
    assert sum(isinstance(a, tuple) for a in answers) >= 10


def test_every_key_is_a_contract_name_or_header():
    unit_names = {f.name for f in c.UNIT_FIELDS}
    for entry in [*all_forms(), demo_revision(), demo_correction()]:
        form = entry["form"]
        assert set(form) == {"unit", "problems", "systems", "measures", "barometer"}
        assert set(form["unit"]) <= unit_names
        tables = ((c.SHEET_PROBLEMS, "problems"), (c.SHEET_SYSTEMS, "systems"), (c.SHEET_MEASURES, "measures"))
        for sheet, key in tables:
            headers = c.TABLE_HEADERS[sheet]
            required = set(headers[: len(headers) - c.OPTIONAL_TRAILING.get(sheet, 0)])
            for row in form[key]:
                assert required <= set(row) <= set(headers), (entry["file_name"], row)


def test_every_valid_value_is_one_the_contract_allows(config):
    goals = {g.code for g in config.sub_goals}
    for f in FORMS:
        assert valid_email(f["unit"]["epost"]) and f["unit"]["epost"].endswith("@fjordvik.kommune.no")
        for p in f["problems"]:
            assert p["Type"] in c.TYPES and p["Prioritet"] in c.PRIORITIES
        for s in f["systems"]:
            assert s["Livsløp"] in c.LIFECYCLES and 1 <= s["Tilfredshet (1-5)"] <= 5 and s["Brukere"] >= 0
        for m in f["measures"]:
            assert m["Delmål"] in goals
            assert m["Risiko"] in c.RISKS
            assert m["Kategori"] in (None, *c.CATEGORIES)
            assert not is_empty(m["Tiltak"]) and not is_empty(m["Ansvarlig gjennomføring"])
            assert config.period_from <= parse_period(m["Tidsrom"]).year <= config.period_to
            assert parse_whole(m["Varighet (mnd)"], minimum=1) >= 1
            for header in (INV, OPS, BEN):
                amount(m, header)  # raises on an amount a unit would be told to fix


def test_problem_references_resolve_within_each_valid_unit():
    for f in FORMS:
        nrs = [p["Nr"] for p in f["problems"]]
        assert len(nrs) == len(set(nrs))
        assert len({m["Nr"] for m in f["measures"]}) == len(f["measures"])
        for m in f["measures"]:
            refs = parse_problem_refs(m["Problem nr"])
            assert refs and set(refs) <= set(nrs), (f["unit"]["enhet"], m["Tiltak"])


def test_dependencies_name_measures_that_exist(config):
    ids = {f"{codes(config)[unit_key(u)]}-{m['Nr']}" for u, m in MEASURES}
    referenced = [
        ref for _, m in MEASURES for ref in re.findall(r"\b[A-ZÆØÅ]{2,4}-\d+\b", m["Avhengigheter"] or "")
    ]
    assert len(referenced) >= 5
    assert set(referenced) <= ids


def test_amounts_and_periods_are_typed_in_the_styles_units_use():
    amounts = [m[h] for _, m in MEASURES for h in (INV, OPS, BEN) if not is_empty(m[h])]
    texts = [a for a in amounts if isinstance(a, str)]
    assert any(isinstance(a, int) for a in amounts)
    assert any(re.fullmatch(r"\d+,\d mill", a) for a in texts)
    assert any(re.fullmatch(r"kr \d{1,3}(\.\d{3})+", a) for a in texts)
    assert any(re.fullmatch(r"\d{1,3}( \d{3})+ kr", a) for a in texts)
    assert any(re.fullmatch(r"\d{1,3}( \d{3})+", a) for a in texts)
    periods = [m["Tidsrom"] for _, m in MEASURES]
    assert any(re.fullmatch(r"[a-zæøå]+-\d{4}", p) for p in periods)
    assert any(re.fullmatch(r"[A-ZÆØÅ][a-zæøå]+ \d{4}", p) for p in periods)
    assert {parse_period(p).year for p in periods} == {2027, 2028, 2029, 2030}
    assert len({parse_period(p).season for p in periods}) == 4


def test_measures_make_an_interesting_assessment(config):
    crit = config.criteria
    quick = [
        m for _, m in MEASURES
        if amount(m, INV) <= crit.quick_win_max_investment
        and parse_whole(m["Varighet (mnd)"]) <= crit.quick_win_max_months
        and m["Risiko"] == "Lav"
        and amount(m, BEN) > amount(m, OPS)
    ]
    big = [m for _, m in MEASURES if 1_000_000 <= amount(m, INV) <= 3_000_000]
    huge = [m for _, m in MEASURES if amount(m, INV) > max(config.investment_frame.values())]
    no_benefit = [
        m for _, m in MEASURES
        if amount(m, INV) + amount(m, OPS) > 0 and amount(m, BEN) == 0 and is_empty(m["Gevinstbeskrivelse"])
    ]
    assert len(quick) >= 4 and len(big) >= 3 and len(huge) >= 1 and len(no_benefit) >= 1
    # A unit's own category the assessment will not agree with: a «Quick win» with no benefit in money.
    assert any(m["Kategori"] == "Quick win" and amount(m, BEN) == 0 for _, m in MEASURES)
    total = sum(amount(m, INV) for _, m in MEASURES)
    assert sum(config.investment_frame.values()) < total < 3 * sum(config.investment_frame.values())


def test_two_units_propose_the_same_measure():
    by_title: dict[str, set[str]] = {}
    for unit, m in MEASURES:
        by_title.setdefault(m["Tiltak"].casefold(), set()).add(unit)
    assert any(len(units) >= 2 for units in by_title.values())


def test_common_systems_are_used_by_several_units():
    for name in ("Microsoft 365", "Visma Enterprise", "Elements"):
        users = {f["unit"]["enhet"] for f in FORMS for s in f["systems"] if s["System"] == name}
        assert len(users) >= 3, name


def test_texts_carry_characters_that_break_naive_documents():
    texts = [
        v for f in FORMS for key in ("problems", "systems", "measures") for row in f[key]
        for v in row.values() if isinstance(v, str)
    ]
    texts += [a[1] for f in FORMS for a in f["barometer"] if isinstance(a, tuple)]
    joined = "".join(texts)
    for char in ("&", '"', "«", "\n", "æ", "ø", "å", "Ø"):
        assert char in joined, repr(char)
    assert not any(t.startswith(("=", "+", "@")) for t in texts)


def test_form_with_errors_has_the_typical_mistakes():
    form = ERROR_FORM["form"]
    assert not valid_email(form["unit"]["epost"])
    measures = form["measures"]
    nrs = {p["Nr"] for p in form["problems"]}
    assert any(m["Investering (kr)"] == "ca. 2 mill" for m in measures)
    assert any(m["Tidsrom"] == "neste år" for m in measures)
    assert any(is_empty(m["Ansvarlig gjennomføring"]) for m in measures)
    assert any(set(parse_problem_refs(m["Problem nr"])) - nrs for m in measures)
    assert [e for e in all_forms() if e is ERROR_FORM] == [ERROR_FORM] and all_forms()[-1] is ERROR_FORM


def test_revision_changes_one_measure_and_adds_one():
    before = copy.deepcopy(DEMO_UNITS)
    revision = demo_revision()
    assert DEMO_UNITS == before  # the original is not changed
    original = next(e for e in DEMO_UNITS if e["form"]["unit"]["enhet"] == revision["form"]["unit"]["enhet"])
    assert revision["file_name"] != original["file_name"]
    old = {m["Nr"]: m for m in original["form"]["measures"]}
    new = {m["Nr"]: m for m in revision["form"]["measures"]}
    assert set(old) < set(new) and len(new) == len(old) + 1
    assert sum(old[nr] != new[nr] for nr in old) == 1
    changed = next(nr for nr in old if old[nr] != new[nr])
    assert amount(new[changed], INV) != amount(old[changed], INV)


def test_correction_fixes_the_form_with_errors(config):
    form = demo_correction()["form"]
    assert form["unit"]["enhet"] == ERROR_FORM["form"]["unit"]["enhet"]
    assert valid_email(form["unit"]["epost"])
    nrs = {p["Nr"] for p in form["problems"]}
    for m in form["measures"]:
        assert set(parse_problem_refs(m["Problem nr"])) <= nrs
        assert config.sub_goal(m["Delmål"]) is not None
        parse_period(m["Tidsrom"])
        amount(m, INV)
        assert not is_empty(m["Ansvarlig gjennomføring"])


# --- populate_inbox ---------------------------------------------------------------------


def test_populate_inbox_writes_every_form_one_minute_apart_with_the_error_form_last(inbox):
    folder, paths = inbox
    assert [p.name for p in paths] == [e["file_name"] for e in all_forms()]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)  # no staging left
    mtimes = [p.stat().st_mtime_ns for p in paths]
    assert all(b - a == ARRIVAL_GAP_NS for a, b in zip(mtimes, mtimes[1:]))
    assert paths[-1].name == ERROR_FORM["file_name"]


def test_populated_forms_hold_what_the_units_typed(inbox):
    from pipeline.forms.reader import read_workbook

    _, paths = inbox
    for path, entry in zip(paths, all_forms()):
        raw = read_workbook(path)
        assert raw.names["enhet"] == entry["form"]["unit"]["enhet"]
        assert raw.names["epost"] == entry["form"]["unit"]["epost"]
        typed = [m["Investering (kr)"] for m in entry["form"]["measures"]]
        header, *rows = [values for _, values in raw.sheets[c.SHEET_MEASURES].rows]
        column = list(header).index(INV)
        assert [r[column] if column < len(r) else None for r in rows] == typed


def test_running_the_demo_again_replaces_the_forms_in_the_inbox(inbox, tmp_path, config, blank_form):
    folder = tmp_path / "innboks"
    folder.mkdir()
    for path in inbox[1]:
        shutil.copy2(path, folder / path.name)
        os.utime(folder / path.name, ns=(0, 0))
    again = populate_inbox(config, blank_form, folder)
    assert [p.name for p in again] == [p.name for p in inbox[1]]
    assert len(list(folder.iterdir())) == len(all_forms())
    assert all(p.stat().st_mtime_ns > 0 for p in again)


def test_populate_inbox_refuses_a_configuration_without_the_demo_service_areas(tmp_path, config, blank_form):
    other = replace(config, service_areas=("Skole", "Helse"))
    with pytest.raises(WorkspaceError, match="tjenesteområdet «Oppvekst og utdanning»"):
        populate_inbox(other, blank_form, tmp_path / "innboks")
    assert not (tmp_path / "innboks").exists() or not any((tmp_path / "innboks").iterdir())


def test_populate_inbox_refuses_a_unit_list_without_the_demo_units(tmp_path, config, blank_form):
    """A workspace renamed Havvik kommune that still lists Fjordvik's units: every
    Havvik form would wait for the secretariat, so the demo says what is missing."""
    havvik = replace(config, municipality="Havvik kommune")
    with pytest.raises(WorkspaceError, match="enheten «Havvik skole» i \\[\\[enheter\\]\\]"):
        populate_inbox(havvik, blank_form, tmp_path / "innboks")
    assert not (tmp_path / "innboks").exists() or not any((tmp_path / "innboks").iterdir())


# --- the forms as the pipeline reads them ---------------------------------------------------


@pytest.fixture(scope="module")
def validated(inbox, config, tmp_path_factory, blank_form):
    """(entry, ValidationResult) for every demo form, the revision and the correction."""
    from pipeline.forms.formfill import fill_form
    from pipeline.forms.reader import read_workbook
    from pipeline.forms.validation import validate

    _, paths = inbox
    results = [(entry, validate(read_workbook(path), config)) for entry, path in zip(all_forms(), paths)]
    extra = tmp_path_factory.mktemp("demo-senere")
    for entry in (demo_revision(), demo_correction()):
        path = fill_form(blank_form, extra / entry["file_name"], **entry["form"])
        results.append((entry, validate(read_workbook(path), config)))
    return results


def test_every_valid_demo_form_is_accepted_with_everything_the_unit_typed(validated):
    valid = [(e, r) for e, r in validated if e is not ERROR_FORM]
    assert len(valid) == len(DEMO_UNITS) + 2
    for entry, result in valid:
        form = entry["form"]
        assert result.ok, [str(e) for e in result.errors]
        assert result.content.counts() == {
            "problemer": len(form["problems"]),
            "systemer": len(form["systems"]),
            "tiltak": len(form["measures"]),
            "barometersvar": sum(a is not None for a in form["barometer"]),
        }
        assert [m.investment for m in result.content.measures] == [
            None if is_empty(m[INV]) else parse_cost(m[INV]) for m in form["measures"]]
        assert [m.period.label for m in result.content.measures] == [
            parse_period(m["Tidsrom"]).label for m in form["measures"]
        ]


def test_form_with_errors_is_rejected_with_every_mistake_located(validated):
    result = next(r for e, r in validated if e is ERROR_FORM)
    assert not result.ok and result.content is None
    assert result.unit_name == UNIT_WITHOUT_ACCEPTED_FORM
    assert len(result.errors) >= 5
    assert all(e.sheet and e.row and e.column for e in result.errors), [str(e) for e in result.errors]
    columns = {e.column for e in result.errors}
    assert {"E-post", "Tidsrom", INV, "Problem nr", "Ansvarlig gjennomføring"} <= columns
    assert any("ca. 2 mill" in str(e) for e in result.errors)


def test_measure_with_costs_and_no_benefit_gets_a_warning(validated):
    flagged = []
    for entry, result in validated:
        if entry is ERROR_FORM:
            continue
        rows = {m.prov.row: m for m in result.content.measures}
        flagged += [rows[w.row].title for w in result.warnings if w.column in (INV, OPS, BEN, "Gevinstbeskrivelse")]
    expected = [m["Tiltak"] for _, m in MEASURES if amount(m, BEN) == 0 and is_empty(m["Gevinstbeskrivelse"])]
    assert expected and set(expected) <= set(flagged)


def test_a_revision_delivered_later_arrives_after_the_demo_forms(inbox, tmp_path, config, blank_form):
    from pipeline.demo import deliver

    folder, paths = inbox
    later = tmp_path / "innboks"
    later.mkdir()
    path = deliver(blank_form, later, demo_revision())
    assert path.name == demo_revision()["file_name"]
    assert path.stat().st_mtime_ns >= max(p.stat().st_mtime_ns for p in paths)
    assert [p.name for p in later.iterdir()] == [path.name]


# --- the demo's two rounds with the secretariat's decisions ------------------------------------


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    """A workspace after both demo rounds, the second with the secretariat's decisions typed in."""
    from pipeline import build
    from pipeline.demo import populate_followup
    from pipeline.demo.secretariat import decide
    from pipeline.publication import send
    from pipeline.workspace import init_workspace

    ws = init_workspace(tmp_path_factory.mktemp("demo-runder") / "fjordvik")
    form = build.write_forms(ws)
    populate_inbox(ws.config(), form, ws.inbox)
    first = build.run(ws)
    send(ws)  # the first round goes to political treatment: the second's case document lists what changed
    populate_followup(form, ws.inbox)
    typed = decide(ws.decisions)
    second = build.run(ws)
    return ws, first, typed, second


def test_the_secretariats_demo_decisions_name_demo_measures_and_all_are_used(two_rounds):
    from pipeline.demo.secretariat import DEMO_DECISIONS

    _, first, typed, second = two_rounds
    ids = {a.id for a in first.assessment.measures}
    assert {id for id, _ in DEMO_DECISIONS} <= ids
    assert len(typed) == len(DEMO_DECISIONS)
    assert second.decisions.used == len(DEMO_DECISIONS) and second.decisions.issues == ()


def test_the_demo_shows_each_rule_of_the_plan(two_rounds):
    from support.documents import document_text

    from pipeline.core.assessment import assess

    ws, first, _, second = two_rounds
    before, after = first.assessment, second.assessment
    # a locked-in ROS measure: inside the frame in the first round, pushed out once more forms
    # arrive unless the secretariat locks it in
    assert before.by_id("SRV-4").in_frame and not assess(second.model).by_id("SRV-4").in_frame
    assert after.by_id("SRV-4").in_frame and after.by_id("SRV-4").choice == "Ta med"
    # a joint measure: the nursing home's and home care's digital supervision, counted once
    joint, merged = after.by_id("FSH-1"), after.by_id("HJT-1")
    assert joint.in_frame and joint.joint == ("HJT-1",) and merged.merged_into == "FSH-1"
    assert joint.title == "Digitalt tilsyn i sykehjem og hjemmetjeneste"
    # a measure moved to a later year, and the reason given
    moved = [a for a in after.measures if a.placement and nb(a.placement).startswith("Flyttet til")]
    assert moved and all(a.frame_year > a.measure.period.year for a in moved)
    # a prerequisite respected: the new pupil PCs wait for the school's network
    assert before.by_id("FBS-2").frame_year >= before.by_id("FBS-1").frame_year
    assert not after.by_id("FBS-1").in_frame and not after.by_id("FBS-2").in_frame
    assert "forutsetter FBS-1" in nb(after.by_id("FBS-2").frame_reason)
    # an unknown cost: in the plan without frame money, shown as such
    nav = after.by_id("NAV-5")
    assert nav.uncosted and nav.in_frame and nav.economics is None
    case = document_text(ws.outbox / "Saksframlegg.docx")
    for text in ("Ta med: tiltaket er låst inn i planen", "Slått sammen med FSH-1", "Endrede beslutninger",
                 "1 tiltak med kostnad som utredes er ikke tatt med", "forutsetter FBS-1"):
        assert text in case, text
    assert "kostnad utredes" in document_text(ws.outbox / "Tiltaksbeskrivelser.docx")
