"""Versions: the snapshot, the fingerprint that decides whether a run makes a new
version, and the change list the case document shows after a revision."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.assessment import assess
from pipeline.formatting import kroner
from pipeline.core.model import combine
from pipeline.core.versions import VersionInfo, diff, digest, fingerprint, snapshot
from support.documents import CASE, document_text, header_footer_texts, render, tables_with_header
from support.bokmal import nb
from support.examples import demo_model, demo_submissions

CONFIG = b"kommune = 'Fjordvik kommune'"
TEMPLATES = b"tre maler"


@pytest.fixture(scope="module")
def before_after(config, blank_form, tmp_path_factory):
    """The demo before and after Hjemmetjenesten's revision, with their snapshots."""
    folder = tmp_path_factory.mktemp("versjoner")
    old = demo_model(config, blank_form, folder)
    new = demo_model(config, blank_form, folder, revision=True)
    old_a, new_a = assess(old), assess(new)
    return (old, old_a, snapshot(old, old_a)), (new, new_a, snapshot(new, new_a))


def test_snapshot_is_plain_json_that_survives_the_store(before_after):
    (_, _, snap), _ = before_after
    assert json.loads(json.dumps(snap, ensure_ascii=False)) == snap
    assert snap["measures"]["hjemmetjenesten#3"]["id"] == "HJT-3"
    assert set(snap["years"]) == {"2027", "2028", "2029", "2030"}


def test_same_state_gives_the_same_fingerprint_and_any_change_a_new_one(before_after):
    (_, _, old), (_, _, new) = before_after
    same = fingerprint(old, CONFIG, TEMPLATES)
    assert fingerprint(json.loads(json.dumps(old)), CONFIG, TEMPLATES) == same
    others = {
        fingerprint(new, CONFIG, TEMPLATES),
        fingerprint(old, CONFIG + b"\n# ny kommentar", TEMPLATES),
        fingerprint(old, CONFIG, TEMPLATES + b"!"),
        fingerprint(old, CONFIG + b"tre", b"maler"),  # bytes moved between the parts
    }
    assert same not in others and len(others) == 4


def test_a_revision_lists_the_unit_the_new_measure_and_each_changed_field_old_to_new(before_after):
    (_, old_a, old), (_, new_a, new) = before_after
    changes = diff(old, new)
    assert [(u.name, u.old_revision, u.new_revision) for u in changes.units] == [("Hjemmetjenesten", 1, 2)]
    assert [(m.id, m.title, m.unit) for m in changes.added] == [
        ("HJT-7", "Opplæring i velferdsteknologi", "Hjemmetjenesten")
    ]
    assert changes.removed == ()
    alarms = next(c for c in changes.changed if c.measure.id == "HJT-3")
    fields = {f.field: (f.old, f.new) for f in alarms.fields}
    before, after = old_a.by_id("HJT-3"), new_a.by_id("HJT-3")
    assert fields["investment"] == (before.measure.investment, 1_350_000)
    assert fields["period"] == (before.measure.period.label, "Høst 2028")
    assert fields["score"] == (before.score, after.score)
    assert "title" not in fields and "responsible" not in fields
    for c in changes.changed:  # a measure is listed only for a field that really changed
        for f in c.fields:
            assert f.old != f.new


def test_changes_in_totals_per_year_are_listed_with_the_difference(before_after):
    (_, old_a, old), (_, new_a, new) = before_after
    changes = diff(old, new)
    assert changes.totals
    for t in changes.totals:
        year_old = next(y for y in old_a.years if y.year == t.year)
        year_new = next(y for y in new_a.years if y.year == t.year)
        assert (t.old, t.new) == (getattr(year_old, t.field), getattr(year_new, t.field))
        assert t.delta == t.new - t.old != 0


def test_a_removed_measure_and_a_new_unit_are_listed(config, blank_form, tmp_path):
    subs = demo_submissions(config, blank_form, tmp_path)
    first, rest = subs[0], subs[1:]
    fewer = dataclasses.replace(first, content=dataclasses.replace(first.content, measures=first.content.measures[1:]))
    full, reduced, without_unit = combine(config, subs), combine(config, [fewer, *rest]), combine(config, rest)

    def snap(model):
        return snapshot(model, assess(model))

    unit = full.unit(first.unit_key)
    gone = first.content.measures[0]
    removed = diff(snap(full), snap(reduced))
    assert [(m.id, m.title) for m in removed.removed] == [(f"{unit.code}-{gone.nr}", gone.title)]
    assert removed.added == () and removed.units == ()
    joined = diff(snap(without_unit), snap(full))
    assert [(u.name, u.old_revision, u.new_revision) for u in joined.units] == [(unit.name, None, 1)]
    assert sorted(m.id for m in joined.added) == sorted(f"{unit.code}-{m.nr}" for m in first.content.measures)


def test_a_measure_whose_sub_goal_the_configuration_lost_shows_why_it_changed(config, blank_form, tmp_path):
    subs = demo_submissions(config, blank_form, tmp_path)
    cited = next(m.sub_goal for m in subs[0].content.measures if m.sub_goal)
    goals = tuple(g if g.code != cited else dataclasses.replace(g, code="X9") for g in config.sub_goals)
    renamed = dataclasses.replace(config, sub_goals=goals)
    before, after = combine(config, subs), combine(renamed, subs)
    old, new = snapshot(before, assess(before)), snapshot(after, assess(after))

    changes = diff(old, new)
    lost = [c for c in changes.changed if any(f.field == "sub_goal_known" for f in c.fields)]
    assert lost and len(lost) == len(assess(after).unknown_sub_goals)
    [field] = [f for f in lost[0].fields if f.field == "sub_goal_known"]
    assert (nb(field.label), field.old, field.new) == ("Delmålet finnes i strategien", True, False)
    assert all(m.measure.sub_goal == cited for m in assess(after).measures if not m.sub_goal_known)
    # Snapshots of measures whose delmål is known have no such field: old stores' snapshots stay equal.
    assert all("sub_goal_known" not in m for m in old["measures"].values())


def test_no_change_gives_an_empty_change_list(before_after):
    (_, _, old), _ = before_after
    assert diff(old, json.loads(json.dumps(old))).empty


def test_case_document_of_the_new_version_says_what_changed(before_after, tmp_path):
    (_, old_a, old), (new_model, new_a, new) = before_after
    version = VersionInfo(2, datetime(2027, 2, 20, 10, 0), diff(old, new), previous_created=datetime(2027, 2, 1, 9))
    _, paths = render(new_model, tmp_path, version)
    case = paths[2]
    assert case.name == CASE
    text = document_text(case)
    assert "Versjon 2 erstatter versjon 1 av 01.02.2027, som ble sendt til politisk behandling." in text
    assert "Hjemmetjenesten: revisjon 1 → 2" in text
    assert "HJT-7: Opplæring i velferdsteknologi (Hjemmetjenesten)" in text
    (table,) = tables_with_header(case, ["Tiltak", "Hva", "Før", "Nå"])
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    title = new_a.by_id("HJT-3").measure.title
    first = rows.index([f"HJT-3: {title}", "Investering", kroner(old_a.by_id("HJT-3").measure.investment),
                        kroner(1_350_000)])
    # the measure is named on its first row; the rows below it belong to it
    assert ["", "Tidsrom", old_a.by_id("HJT-3").measure.period.label, "Høst 2028"] == rows[first + 1]
    (totals,) = tables_with_header(case, ["År", "Hva", "Før", "Nå", "Endring"])
    assert len(totals.rows) - 1 == len(diff(old, new).totals)
    for path in paths:
        assert any("Utkast – versjon 2, 20.02.2027" in t for t in header_footer_texts(path)), path.name


def test_a_new_version_with_the_same_measures_and_numbers_says_so(before_after, tmp_path):
    (old_model, _, old), _ = before_after
    version = VersionInfo(3, datetime(2027, 3, 1), diff(old, old), previous_created=datetime(2027, 2, 20))
    _, paths = render(old_model, tmp_path, version)
    text = document_text(paths[2])
    assert "Versjon 3 erstatter versjon 2 av 20.02.2027, som ble sendt til politisk behandling." in text
    assert "Tiltakene og tallene er de samme som i versjon 2." in text
    assert not tables_with_header(paths[2], ["Tiltak", "Hva", "Før", "Nå"])
    assert Document(str(paths[2])).paragraphs


# -- the comparison with other municipalities ---------------------------------------------------------


def test_a_comparison_that_shows_nothing_leaves_the_snapshot_as_it_was(before_after, config, blank_form, tmp_path):
    from pipeline.core.comparison import NO_COMPARISON, comparison_of
    from pipeline.intake.samarbeid import own_area_scores

    (model, assessment, plain), _ = before_after
    alone = comparison_of(True, own_area_scores(demo_submissions(config, blank_form, tmp_path), "Fjordvik kommune"))
    assert alone.scores and not alone.shown
    # SQLite, no consent, nobody else: the version a store without the comparison would make
    assert snapshot(model, assessment, alone) == snapshot(model, assessment, NO_COMPARISON) == plain


def test_other_municipalities_new_figures_make_a_change_the_case_document_names(before_after, config, blank_form,
                                                                               tmp_path):
    from support.comparisons import demo_comparison

    (model, assessment, plain), _ = before_after
    submissions = demo_submissions(config, blank_form, tmp_path)
    before = snapshot(model, assessment, demo_comparison(submissions, others={"Havvik kommune": 0.3}))
    after = snapshot(model, assessment, demo_comparison(submissions, others={"Havvik kommune": 0.2}))
    assert json.loads(json.dumps(before)) == before
    changes = diff(before, after)
    assert changes.comparison and not changes.empty and not (changes.units or changes.changed or changes.totals)
    assert fingerprint(before, CONFIG, TEMPLATES) != fingerprint(after, CONFIG, TEMPLATES)
    assert diff(plain, before).comparison and diff(before, plain).comparison  # came, went
    version = VersionInfo(4, datetime(2027, 3, 1), changes, previous_created=datetime(2027, 2, 20))
    _, paths = render(model, tmp_path / "dokumenter", version)
    text = document_text(paths[2])
    assert "Sammenligningen av IKT-barometeret med andre kommuner er endret." in text
    assert "Ingen tiltak eller tall er endret." not in text


# -- the hash scheme: stores keep its values --------------------------------------------------------

#: Computed with the scheme as it was when stores began to keep fingerprints and input
#: tokens; a change here would make every existing store build a spurious new version.
KEPT_SNAPSHOT = {
    "format": 1,
    "measures": {"fjordvik barneskole#1": {"title": "Nytt fagsystem – æøå", "investment": 250000}},
    "years": {"2027": {"investment": 250000}},
    "units": {"fjordvik barneskole": {"name": "Fjordvik barneskole", "revision": 2}},
}
KEPT_CONFIG = b'[kommune]\nnavn = "Fjordvik"\n'
KEPT_TEMPLATES = b"PK\x03\x04mal"


def test_fingerprints_kept_in_existing_stores_come_out_the_same():
    assert fingerprint(KEPT_SNAPSHOT, KEPT_CONFIG, KEPT_TEMPLATES) == (
        "4149cb108e584a0cf2f612b60557ddc6ddac4a80cba07ede683c1e5d74484df4")
    assert fingerprint({}, b"", b"") == "4b5b5326a3d19b4e8ddfbceaa61c570ec92cd132a59713d36ef767ccc84ebb5f"


def test_the_build_input_token_kept_in_existing_stores_comes_out_the_same():
    # state token, configuration, templates, program version: as build._input_token hashes them
    assert digest(b"3:7", KEPT_CONFIG, KEPT_TEMPLATES, b"0.1.0") == (
        "6050baea1447de9fae0b812276d6182ce30ea662b467bbc2ce32f4ab9fbc0d6e")


@given(st.lists(st.binary(max_size=40), max_size=6))
def test_digest_is_sha256_over_each_part_after_its_length(parts):
    obvious = hashlib.sha256(b"".join(len(p).to_bytes(8, "big") + p for p in parts)).hexdigest()
    assert digest(*parts) == obvious


def test_parts_never_run_together():
    assert digest(b"ab", b"c") != digest(b"a", b"bc") != digest(b"abc")


# -- the secretariat's actions in the change list ----------------------------------------------------


def test_the_secretariats_actions_are_listed_in_the_readers_language_and_fingerprinted_in_bokmal(before_after):
    """A change list says what the secretariat did in the workspace's language; the
    fingerprint still hashes the bokmål sentence, so stores made before the sentences
    were kept as messages keep their fingerprints (no new version that changed nothing)."""
    from pipeline.config import ExpectedUnit
    from pipeline.core.roster import Action, ActionKind, make_roster
    from pipeline.i18n import Lang

    (old_model, old_a, old), _ = before_after
    unit = old_model.units[0].name
    roster = make_roster((ExpectedUnit(unit, None, None),), [], [
        Action(1, datetime(2027, 2, 3, 9, 0), ActionKind.ACCEPT, "ny enhet etter omorganisering", name="Ny enhet")])
    with_action = dataclasses.replace(old_model, actions=roster.notes())
    snap = snapshot(with_action, old_a)
    as_text = {k: v for k, v in snap.items() if k != "action_messages"}
    assert as_text["actions"] == {"1": nb(roster.sentence(roster.actions[0]))}
    assert fingerprint(snap, CONFIG, TEMPLATES) == fingerprint(as_text, CONFIG, TEMPLATES)
    (said,) = diff(old, json.loads(json.dumps(snap, ensure_ascii=False))).actions
    assert nb(said) == as_text["actions"]["1"]
    nn = Lang.for_code("nn").render(said)
    assert nn.startswith("Sekretariatet") and "03.02.2027" in nn and nn != as_text["actions"]["1"]
    assert Lang.for_code("da").render(said) not in (nn, as_text["actions"]["1"])
    # a snapshot from before: the sentence as it was kept, in bokmål
    (kept,) = diff(old, as_text).actions
    assert kept == as_text["actions"]["1"]


def test_an_action_message_this_version_cannot_read_is_shown_as_the_kept_sentence():
    old = {"actions": {}}
    new = {"actions": {"1": "Sekretariatet godtok «X» som ny enhet 03.02.2027: r"},
           "action_messages": {"1": {"msg": {"params": {}}}}}  # no msgid: damaged or from a later version
    assert diff(old, new).actions == ("Sekretariatet godtok «X» som ny enhet 03.02.2027: r",)
