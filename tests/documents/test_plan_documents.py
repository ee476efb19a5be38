"""What the secretariat decided, how the frame rules placed each measure, costs
not computed, and coordination groups, as the documents and the overview show
them (rendered from the shipped templates and read back)."""

from __future__ import annotations

import json
import time
import zipfile
from dataclasses import replace
from datetime import datetime

import openpyxl
import pytest

from pipeline.core.assessment import assess
from pipeline.core.decisions import EXCLUDE, INCLUDE, Decision, Decisions
from pipeline.core.model import Period
from pipeline.core.versions import VersionInfo
from pipeline.documents.context import build_context
from pipeline.documents.overview import write_overview
from pipeline.documents.rendering import render_documents
from support.documents import CASE, MEASURES, STRATEGY, TEMPLATES, document_text
from support.bokmal import nb
from support.models import form, measure, municipality

VERSION = VersionInfo(1, datetime(2027, 2, 1, 12, 0))


def plan_model(config):
    cfg = replace(config, investment_frame={2027: 1_000_000, 2028: 1_000_000, 2029: 1_000_000, 2030: 1_000_000})
    return municipality(
        cfg,
        form(measures=(
            measure(1, "Nytt fagsystem", investment=None, operating_cost=None, benefit=200_000,
                    period=Period(2027, "Høst")),
            measure(2, "Trådløst nett", investment=900_000, benefit=100_000, risk="Middels",
                    period=Period(2028, "Vår")),
            measure(3, "Nye PC-er", investment=300_000, benefit=500_000, dependencies="Forutsetter FBS-2"),
            measure(4, "ROS-analyser", investment=800_000, risk="Høy"),
            measure(5, "Kurs i Teams", investment=40_000, benefit=60_000),
        )),
        form("Solsiden barnehage", measures=(measure(1, "Kurs i Teams", investment=30_000, benefit=50_000),)),
    )


DECISIONS = Decisions((
    Decision("FBS-4", INCLUDE, reason="Lovpålagt etter personopplysningsloven.", row=3),
    Decision("FBS-5", EXCLUDE, reason="Dekkes av driftsbudsjettet.", row=4),
    Decision("SBH-1", merge_into="FBS-5", row=5),
))


@pytest.fixture(scope="module")
def rendered(config, tmp_path_factory):
    out = tmp_path_factory.mktemp("plan")
    model = plan_model(config)
    assessment = assess(model, DECISIONS)
    docs = render_documents(model, assessment, VERSION, TEMPLATES, out)
    overview = write_overview(model, assessment, out / "Samlet-oversikt.xlsx")
    return model, assessment, {p.name: document_text(p) for p in docs}, overview


def sheet_rows(path, name):
    ws = openpyxl.load_workbook(path, read_only=True)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_a_cost_not_computed_shows_as_kostnad_utredes_in_every_document_and_the_overview(rendered):
    _, assessment, texts, overview = rendered
    assert assessment.by_id("FBS-1").uncosted and assessment.by_id("FBS-1").in_frame
    assert "Investering\nkostnad utredes" in texts[MEASURES]
    assert "Ikke beregnet (kostnad utredes)" in texts[MEASURES]  # no net present value
    assert "FBS-1: Nytt fagsystem" in texts[STRATEGY] and "kostnad utredes" in texts[STRATEGY]
    row = next(r for r in sheet_rows(overview, "Tiltak") if r["Id"] == "FBS-1")
    assert (row["Investering (kr)"], row["Årlig drift (kr)"], row["Nåverdi (kr)"]) == (
        "kostnad utredes", "kostnad utredes", "Ikke beregnet")


def test_totals_say_how_many_measures_with_a_cost_not_computed_they_leave_out(rendered):
    _, assessment, texts, overview = rendered
    assert "(1 tiltak med kostnad som utredes er ikke tatt med)" in texts[CASE]  # the vedtak
    for text in (texts[CASE], texts[STRATEGY]):
        assert "1 tiltak med kostnad som utredes er ikke tatt med i summene (FBS-1)." in text  # under the table
        assert text.count("(+1\u00a0utredes)") >= 2  # the year 2027's row and the sum row (narrow: in short)
    year = next(r for r in sheet_rows(overview, "Per år") if r["År"] == 2027)
    assert year["Tiltak i planen med kostnad som utredes"] == 1


def test_every_decision_and_rule_shows_in_the_description_the_overview_and_the_case(rendered):
    _, assessment, texts, overview = rendered
    measures, case = texts[MEASURES], texts[CASE]
    assert "Sekretariatets beslutning\nTa med: tiltaket er låst inn i planen. Begrunnelse: Lovpålagt" in measures
    assert "Ta ikke med: tiltaket er ikke med i planen." in measures and "Dekkes av driftsbudsjettet." in measures
    # asked for 2027, waits for FBS-2 (2028), where there is no room left: moved on to 2029
    assert assessment.by_id("FBS-3").frame_year == 2029
    assert "Venter på FBS-2, som er med i planen for 2028" in measures and "Flyttet til 2029: ikke plass i 2028" in measures
    # the case's list of what falls outside: the decision with its reason
    assert "FBS-5: Kurs i Teams" in case and "ikke tas med. Begrunnelse: Dekkes av driftsbudsjettet." in case
    assert "SBH-1: Kurs i Teams (Solsiden barnehage). Slått sammen med FBS-5" in case
    assert "Sekretariatets beslutninger om enkelttiltak:" in case
    rows = {r["Id"]: r for r in sheet_rows(overview, "Tiltak")}
    assert (rows["FBS-4"]["Beslutning"], rows["FBS-5"]["Plass i planen"]) == ("Ta med", "tatt ut")
    assert rows["SBH-1"]["Plass i planen"] == "slått sammen med FBS-5"
    assert "Lovpålagt" in rows["FBS-4"]["Beslutning og begrunnelse"]


def test_the_scoring_explanation_states_the_frame_rules_and_the_categories(rendered):
    _, _, texts, overview = rendered
    for text in (texts[STRATEGY], texts[MEASURES]):
        assert "Et tiltak tas aldri inn i et tidligere år enn tiltakene det forutsetter" in text
        assert "Lønnsomhet kreves ikke" in text and "kostnad utredes" in text
    ws = openpyxl.load_workbook(overview, read_only=True)["Forklaring"]
    assert any("det venter på forutsetningen" in (r[0] or "") for r in ws.iter_rows(values_only=True))


# --- coordination groups grow linearly -------------------------------------------------------


def schools(config, n: int):
    """*n* schools, each proposing new pupil PCs in nearly the same words."""
    units = []
    for i in range(n):
        units.append(form(f"Skole {i:03d}", measures=(
            measure(1, "Nye elev-PC-er", description=f"Nye elev-PC-er til {20 + i % 7}. trinn på skolen.",
                    investment=100_000 + i, benefit=60_000),)))
    return municipality(replace(config, expected_units=()), *units)


def _measure_entry(config, n):
    model = schools(config, n)
    assessment = assess(model)
    context = build_context(model, assessment, VERSION)
    return model, assessment, context


def test_a_measure_refers_to_its_group_so_its_description_has_the_same_size_at_40_and_80_units(config, tmp_path):
    sizes, sheet, seconds = {}, {}, {}
    for n in (40, 80):
        model, assessment, context = _measure_entry(config, n)
        (group,) = assessment.coordination_groups
        assert len(group.ids) == n and nb(group.label) == f"S-1: Nye elev-PC-er, {n} enheter"
        entry = next(m for m in context["tiltak"] if m["id"].startswith("Skole 010"))
        sizes[n] = len(json.dumps(entry, ensure_ascii=False))
        assert not any("Skole 011" in f for f in entry["advarsler"])  # no partner listed one by one
        start = time.perf_counter()
        path = write_overview(model, assessment, tmp_path / f"oversikt-{n}.xlsx")
        seconds[n] = time.perf_counter() - start
        with zipfile.ZipFile(path) as z:
            name = next(i.filename for i in z.infolist() if i.filename.startswith("xl/worksheets/")
                        and b"Samordning" in z.read("xl/workbook.xml") and _is_sheet(z, i.filename, "Samordning"))
            sheet[n] = len(z.read(name)) / n
    assert sizes[40] == sizes[80]
    assert sheet[80] <= sheet[40] * 1.1  # per measure: constant (a digit more in the ids)
    assert seconds[80] < 4 * seconds[40] + 0.5  # linear, with room for a shared machine


def _is_sheet(z: zipfile.ZipFile, filename: str, title: str) -> bool:
    """Is *filename* the worksheet called *title*? (Its relationship id in workbook.xml.)"""
    import re

    workbook = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{title}"[^>]*r:id="([^"]+)"', workbook).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = (target.group(1) or target.group(2)).lstrip("/")
    return filename.endswith(path.replace("xl/", "", 1).lstrip("/")) or filename == path


def test_a_rendered_measure_description_does_not_grow_with_the_size_of_its_group(config, tmp_path):
    per_measure = {}
    for n in (40, 80):
        model = schools(config, n)
        assessment = assess(model)
        paths = render_documents(model, assessment, VERSION, TEMPLATES, tmp_path / str(n))
        with zipfile.ZipFile(next(p for p in paths if p.name == MEASURES)) as z:
            per_measure[n] = len(z.read("word/document.xml")) / n
    assert per_measure[80] <= per_measure[40] * 1.1
