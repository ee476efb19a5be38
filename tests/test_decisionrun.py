"""``beslutninger.xlsx`` through whole runs (:func:`pipeline.build.run`): the
secretariat's decisions survive a unit's revision and a rerun, a workbook open
in Excel or LibreOffice is not written, an unreadable one is left untouched,
a vanished measure's decision is kept, the previous file is kept, and a
changed decision is a new version that says what changed."""

from __future__ import annotations

import copy
import shutil

import pytest

from pipeline import build, console
from pipeline.decisionrun import read_decisions, update_decisions
from pipeline.formatting import kroner
from pipeline.forms.formfill import example_unit, fill_form
from pipeline.publication import send
from pipeline.workspace import init_workspace
from support.decisionbooks import decision_rows, edit_decisions
from support.bokmal import nb
from support.documents import document_text
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice


@pytest.fixture
def ws(tmp_path, make_form):
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(make_form("Skjema skole.xlsx"), ws.inbox / "Skjema skole.xlsx")
    first = build.run(ws)
    assert first.version == 1 and first.decisions.created
    return ws


def revise(ws, blank_form, tmp_path, change) -> None:
    """The example unit sends a revision: its form changed by *change(parts)*."""
    parts = copy.deepcopy(example_unit())
    change(parts)
    path = fill_form(blank_form, tmp_path / "revidert.xlsx", **parts)
    shutil.copyfile(path, ws.inbox / "Skjema skole (revidert).xlsx")


def case_text(ws) -> str:
    return document_text(ws.outbox / "Saksframlegg.docx")


def test_the_first_run_writes_one_row_per_measure_and_a_rerun_leaves_the_file_alone(ws):
    rows = decision_rows(ws.decisions)
    assert list(rows) == [a.id for a in build.load_model(ws)[1].measures]
    assert all(r["Beslutning"] is None and r["Resultat"] for r in rows.values())
    before = ws.decisions.read_bytes()
    report = build.run(ws)
    assert not report.built and ws.decisions.read_bytes() == before


def test_decisions_survive_a_units_revision_and_a_rerun(ws, blank_form, tmp_path):
    send(ws)  # version 1 goes to political treatment: the case document's changes are counted from it
    edit_decisions(ws.decisions, {
        "FBS-3": {"Beslutning": "Ta ikke med", "Begrunnelse": "Dekkes av leseplanen."},
        "FBS-2": {"Beslutning": "Utsett til år", "År": 2029},
    })
    typed = {id: dict(r) for id, r in decision_rows(ws.decisions).items()}
    report = build.run(ws)
    assert report.new_version and report.version == 2
    assessment = report.assessment
    assert assessment.by_id("FBS-3").status == "tatt ut" and assessment.by_id("FBS-2").frame_year == 2029
    assert "Endrede beslutninger" in case_text(ws)
    assert "FBS-3: Digital lesetrening på nettbrett: Beslutning «Automatisk» → «Ta ikke med»" in case_text(ws)

    def revision(parts):
        parts["measures"][0]["Investering (kr)"] = "500 000"
        parts["measures"].append({**parts["measures"][1], "Nr": 4, "Tiltak": "Skrivere på hvert trinn"})
    revise(ws, blank_form, tmp_path, revision)
    report = build.run(ws)
    assert report.new_version and [u.new_revision for u in report.changes.units] == [2]
    rows = decision_rows(ws.decisions)
    for id in ("FBS-2", "FBS-3"):  # what the secretariat typed is still there, unchanged
        assert {k: rows[id][k] for k in ("Beslutning", "År", "Begrunnelse")} == \
            {k: typed[id][k] for k in ("Beslutning", "År", "Begrunnelse")}
    assert list(rows)[-1] == "FBS-4"  # the new measure's row comes last
    assert report.assessment.by_id("FBS-3").status == "tatt ut"
    assert "Dekkes av leseplanen." in case_text(ws)
    assert not build.run(ws).built  # and a rerun changes nothing


@pytest.mark.parametrize("lock_name", [".~lock.beslutninger.xlsx#", "~$beslutninger.xlsx"])
def test_a_workbook_open_in_excel_or_libreoffice_is_used_as_saved_but_not_written(ws, blank_form, tmp_path,
                                                                                  lock_name):
    edit_decisions(ws.decisions, {"FBS-1": {"Beslutning": "Ta med"}})
    lock = ws.decisions.with_name(lock_name)
    lock.write_text("Kari Nordmann,kari,maskin,01.03.2027 10:00")
    saved = ws.decisions.read_bytes()
    revise(ws, blank_form, tmp_path, lambda parts: parts["measures"].append(
        {**parts["measures"][1], "Nr": 4, "Tiltak": "Skrivere"}))
    report = build.run(ws)
    assert report.assessment.by_id("FBS-1").choice == "Ta med"  # what the file says is used
    assert ws.decisions.read_bytes() == saved  # not a byte written
    assert ("LibreOffice" if lock_name.startswith(".~lock") else "Excel") in report.decisions.not_written
    assert report.decisions.not_written in console.decision_lines(report)

    lock.unlink()  # the person closes the file; nothing else changes
    again = build.run(ws)
    assert again.built and again.decisions.written and not again.new_version
    assert "FBS-4" in decision_rows(ws.decisions)
    assert decision_rows(ws.decisions)["FBS-1"]["Beslutning"] == "Ta med"
    assert not build.run(ws).built


def test_an_unreadable_workbook_is_left_untouched_and_the_last_versions_decisions_stay(ws):
    edit_decisions(ws.decisions, {"FBS-3": {"Beslutning": "Ta ikke med"}})
    assert build.run(ws).version == 2
    ws.decisions.write_bytes(b"ikke et regneark, men tekst lagret med feil navn\n" * 10)
    broken = ws.decisions.read_bytes()
    report = build.run(ws)
    assert "kan ikke leses" in report.decisions.unreadable and report.decisions.unreadable in console.decision_lines(report)
    assert ws.decisions.read_bytes() == broken
    assert (report.version, report.new_version) == (2, False)  # the decision of version 2 still holds
    assert report.assessment.by_id("FBS-3").status == "tatt ut"
    assert build.run(ws).decisions.unreadable  # said again on the next run, until the file is fixed


def test_a_decision_on_a_measure_that_disappears_is_kept_at_the_end_and_reported(ws, blank_form, tmp_path):
    edit_decisions(ws.decisions, {"FBS-3": {"Beslutning": "Ta med", "Begrunnelse": "Viktig for lesing"}})
    build.run(ws)
    revise(ws, blank_form, tmp_path, lambda parts: parts["measures"].pop())
    report = build.run(ws)
    assert report.decisions.vanished == ("FBS-3",)
    lines = console.decision_lines(report)
    assert any("ikke finnes lenger" in line and "FBS-3" in line for line in lines)
    rows = decision_rows(ws.decisions)
    assert list(rows)[-1] == "FBS-3"
    assert rows["FBS-3"]["Begrunnelse"] == "Viktig for lesing"
    assert rows["FBS-3"]["Merknad fra iktplan"].startswith("Tiltaket finnes ikke lenger")


def test_the_previous_file_is_kept_before_it_is_replaced(ws):
    edit_decisions(ws.decisions, {"FBS-2": {"Beslutning": "Ta med"}})
    edited = ws.decisions.read_bytes()
    report = build.run(ws)
    assert report.decisions.written and report.decisions.copy.parent == ws.decisions_copies
    assert report.decisions.copy.read_bytes() == edited


def test_a_bad_row_is_named_in_the_run_and_in_the_workbook_and_the_rest_is_used(ws):
    edit_decisions(ws.decisions, {"FBS-1": {"Beslutning": "Utsett til år"},
                                  "FBS-3": {"Beslutning": "Ta ikke med"}})
    report = build.run(ws)
    issue = next(i for i in nb(report.decisions.issues) if "FBS-1" in i)
    assert "«År»" in issue and "rad" in issue and "trenger et år" in issue
    assert report.assessment.by_id("FBS-3").status == "tatt ut"
    assert "trenger et år" in decision_rows(ws.decisions)["FBS-1"]["Merknad fra iktplan"]


def test_a_file_saved_by_the_secretariat_during_the_run_is_not_overwritten(ws):
    import openpyxl

    wb = openpyxl.load_workbook(ws.decisions)
    wb["Beslutninger"].delete_rows(wb["Beslutninger"].max_row)  # so the run has a row to add
    wb.save(ws.decisions)
    given = read_decisions(ws, None)
    model, assessment = build.load_model(ws)
    edit_decisions(ws.decisions, {"FBS-2": {"Beslutning": "Ta med"}})  # saved while the run works
    saved = ws.decisions.read_bytes()
    update_decisions(ws, ws.config(), given, model, assessment)
    assert given.report.not_written and "endret mens iktplan kjørte" in given.report.not_written
    assert ws.decisions.read_bytes() == saved


@needs_libreoffice
def test_a_workbook_saved_through_libreoffice_steers_the_plan(ws, tmp_path):
    edit_decisions(ws.decisions, {"FBS-3": {"Beslutning": "Ta ikke med", "Begrunnelse": "Utgår – «se sak»"}})
    saved = libreoffice_roundtrip(ws.decisions, tmp_path)
    shutil.copyfile(saved, ws.decisions)
    report = build.run(ws)
    assert report.decisions.issues == () and report.decisions.used == 1
    assert report.assessment.by_id("FBS-3").decision.reason == "Utgår – «se sak»"
    assert decision_rows(ws.decisions)["FBS-3"]["Beslutning"] == "Ta ikke med"


def test_a_decision_on_a_withdrawn_units_measure_is_kept_as_written_and_counts_again_when_the_unit_does(ws):
    """The secretariat's two kinds of judgement together (issue 12): a withdrawn
    submission takes its unit's measures out of the run, but not the decisions on
    them; undoing the withdrawal brings the measures back under the same decisions."""
    from pipeline import sekretariat

    edit_decisions(ws.decisions, {"FBS-3": {"Beslutning": "Ta ikke med", "Begrunnelse": "Dekkes av leseplanen."}})
    decided = build.run(ws)
    assert decided.decisions.used == 1 and decided.version == 2
    typed = dict(decision_rows(ws.decisions)["FBS-3"])

    withdrawn = sekretariat.withdraw(ws, 1, "sendt av feil enhet")
    report = build.run(ws)
    assert report.new_version and report.summary.measures == 0
    assert report.decisions.vanished == ("FBS-3",) and report.decisions.used == 0
    kept = decision_rows(ws.decisions)["FBS-3"]
    assert (kept["Beslutning"], kept["Begrunnelse"]) == ("Ta ikke med", "Dekkes av leseplanen.")
    assert kept["Merknad fra iktplan"].startswith("Tiltaket finnes ikke lenger")

    sekretariat.undo(ws, withdrawn.done.action.id, "trukket tilbake ved en feil")
    back = build.run(ws)
    assert back.new_version and back.decisions.vanished == () and back.decisions.used == 1
    rows = decision_rows(ws.decisions)
    assert {k: rows["FBS-3"][k] for k in ("Beslutning", "Begrunnelse")} == {
        k: typed[k] for k in ("Beslutning", "Begrunnelse")}
    assert rows["FBS-3"]["Resultat"] == typed["Resultat"]  # decided as before the withdrawal


def test_an_included_measure_takes_its_prerequisite_first_and_the_overrun_is_stated_with_year_and_amount(
        tmp_path, make_form, capsys):
    # 2027's frame is 2 500 000 kr. FBS-2 («Ta med», 2 000 000 kr) needs FBS-3 (700 000 kr); FBS-1 (300 000 kr)
    # is automatic. The two decided measures come first, take 200 000 kr beyond the frame, and push FBS-1 on.
    unit = example_unit()
    measures = [dict(unit["measures"][1], **{"Nr": i + 1, "Investering (kr)": cost, "Avhengigheter": deps,
                                             "Tiltak": title, "Tidsrom": "Vår 2027"})
                for i, (title, cost, deps) in enumerate([("Nye tilgangspunkter", 300_000, None),
                                                         ("Ny skoleplattform", 2_000_000, "Tiltak 3"),
                                                         ("Felles innlogging", 700_000, None)])]
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(make_form("Skjema skole.xlsx", measures=measures), ws.inbox / "Skjema skole.xlsx")
    build.run(ws)
    edit_decisions(ws.decisions, {"FBS-2": {"Beslutning": "Ta med"}})
    report = build.run(ws)
    a = report.assessment
    assert a.by_id("FBS-3").in_frame and a.by_id("FBS-2").in_frame and a.by_id("FBS-2").over_frame == 200_000
    assert a.by_id("FBS-1").frame_year == 2028  # the example moves what does not fit to a later year
    over = f"overskrides i 2027 med {kroner(200_000)}"
    text = case_text(ws)
    assert f"tiltak som er tatt med etter beslutning, gjør at rammen {over}." in text
    assert "3 tiltak er med i handlingsplanen, med en samlet investering på" in text
    assert "får plass innenfor investeringsrammen" not in text
    assert f"gjør at investeringsrammen {over}." in document_text(ws.outbox / "IKT-strategi.docx")
    console.print_run(report, example_warning=False)
    assert f"Tiltak som er tatt med etter beslutning, gjør at investeringsrammen {over}." in capsys.readouterr().out


def test_a_moved_or_postponed_measure_shows_the_period_it_now_has_and_a_late_end_is_remarked(
        tmp_path, make_form):
    # FBS-1 («Ta med», 2 400 000 kr) fills 2027; FBS-2 (300 000 kr) moves to 2028; FBS-3 is postponed to 2030
    # and, lasting 24 months from autumn, ends in 2032, after the period (2027–2030).
    unit = example_unit()
    measures = [dict(unit["measures"][1], **{"Nr": i + 1, "Investering (kr)": cost, "Tiltak": title,
                                             "Tidsrom": period, "Varighet (mnd)": months})
                for i, (title, cost, period, months) in enumerate([
                    ("Ny skoleplattform", 2_400_000, "Vår 2027", 6), ("Nye tilgangspunkter", 300_000, "Vår 2027", 8),
                    ("Digital lesetrening", 100_000, "Høst 2028", 24)])]
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(make_form("Skjema skole.xlsx", measures=measures), ws.inbox / "Skjema skole.xlsx")
    build.run(ws)
    edit_decisions(ws.decisions, {"FBS-1": {"Beslutning": "Ta med"},
                                  "FBS-3": {"Beslutning": "Utsett til år", "År": 2030}})
    report = build.run(ws)
    assert report.assessment.by_id("FBS-2").frame_year == 2028
    strategy = document_text(ws.outbox / "IKT-strategi.docx")
    descriptions = document_text(ws.outbox / "Tiltaksbeskrivelser.docx")
    assert "Vår 2028, 8 mnd. (flyttet fra vår 2027)" in strategy
    assert "Høst 2030, 24 mnd. (utsatt fra høst 2028)" in strategy
    assert "Vår 2027, 6 mnd." in strategy and "Vår 2027, 8 mnd." not in strategy
    assert "Vår 2028 (flyttet fra vår 2027)" in descriptions
    late = ("Tiltaket starter nå høst 2030 i stedet for høst 2028 og varer 24 måneder, så det blir ferdig i 2032, "
            "etter strategiperioden, som slutter i 2030.")
    assert late in nb(report.assessment.by_id("FBS-3").flags) and late in descriptions
    assert not any("etter strategiperioden" in f for f in nb(report.assessment.by_id("FBS-2").flags))
    # the score's time part keeps the unit's own period: placing depends on the score
    assert any("Starter høst 2028" in nb(p.reason) for p in report.assessment.by_id("FBS-3").parts)


def test_a_merged_measure_leaves_its_coordination_group_and_a_group_left_with_one_is_not_shown(tmp_path, make_form):
    # Three units propose the same platform (one group); a second group has two. Merging one of the three
    # leaves a group of two without it; merging one of the two leaves nothing to coordinate.
    import openpyxl

    same = [dict(m, **{"Tiltak": t, "Beskrivelse": t}) for m, t in zip(
        example_unit()["measures"][:2], ["Felles skoleplattform for foreldre og elever",
                                         "Sikkerhetsplan og ROS-analyser for enheten"])]
    ws = init_workspace(tmp_path / "ws")
    for name, code in [("Fjordvik barneskole", "FBS"), ("Solsiden barnehage", "SBH"), ("Fjordvik sykehjem", "FSH")]:
        unit = dict(example_unit()["unit"], enhet=name)
        measures = same if code != "FSH" else same[:1]
        shutil.copyfile(make_form(f"{code}.xlsx", unit=unit, measures=measures), ws.inbox / f"{code}.xlsx")
    first = build.run(ws).assessment
    assert sorted(sorted(g.ids) for g in first.coordination_groups) == [["FBS-1", "FSH-1", "SBH-1"],
                                                                       ["FBS-2", "SBH-2"]]
    edit_decisions(ws.decisions, {"SBH-1": {"Slå sammen med": "FBS-1"}, "SBH-2": {"Slå sammen med": "FBS-2"}})
    a = build.run(ws).assessment
    (group,) = a.coordination_groups
    assert sorted(group.ids) == ["FBS-1", "FSH-1"] and len(group.units) == 3  # the joint measure keeps SBH
    assert a.by_id("FSH-1").coordination == ("FBS-1",) and a.by_id("FBS-2").group is None
    assert not any("samordnes" in f for f in nb(a.by_id("FBS-2").flags))
    sheet = openpyxl.load_workbook(ws.outbox / "Samlet-oversikt.xlsx", read_only=True)["Samordning"]
    listed = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[2]}
    assert listed == {"FBS-1", "FSH-1"}
    lines = case_text(ws).splitlines()
    (line,) = [t for t in lines if t.startswith(f"{group.id}: ")]
    assert "(FBS-1, FSH-1)" in line and "3 enheter" in line
    assert sum(t.startswith("S-") for t in lines) == 1
    descriptions = document_text(ws.outbox / "Tiltaksbeskrivelser.docx")
    assert "Samordningsgruppe S-1 sammen med FBS-1." in descriptions and "SBH-1." not in descriptions
    assert "Samordningsgruppe S-2" not in descriptions


def test_the_run_says_whether_the_workbook_got_new_measures_or_only_fresh_figures(ws, blank_form, tmp_path):
    revise(ws, blank_form, tmp_path, lambda parts: parts["measures"][0].update({"Investering (kr)": 460_000}))
    lines = console.decision_lines(build.run(ws))
    assert any(line.startswith("Oppdaterte tallene i beslutninger.xlsx") for line in lines), lines
    assert not any("nye tiltak" in line or "nytt tiltak" in line for line in lines)

    def add(parts):
        parts["measures"][0].update({"Investering (kr)": 460_000})
        parts["measures"].append(dict(parts["measures"][1], Nr=4, Tiltak="Nye skjermer i klasserommene"))
    revise(ws, blank_form, tmp_path, add)
    report = build.run(ws)
    assert report.decisions.added == ("FBS-4",)
    assert any(line.startswith("Oppdaterte beslutninger.xlsx: la til 1 nytt tiltak (FBS-4) og oppdaterte tallene")
               for line in console.decision_lines(report))
