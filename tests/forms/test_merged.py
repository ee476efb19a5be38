"""Merged cells read as the unit sees them (issue 10, item 9): a value merged
over several rows applies to each of them, with a remark naming the range, in
both readers and in a form saved by LibreOffice Calc."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pipeline import contract as c
from pipeline.forms import fastreader, reader
from pipeline.forms.formfill import example_unit
from pipeline.forms.validation import validate
from support.libreoffice import libreoffice_roundtrip, needs_libreoffice

RESPONSIBLE = "Ansvarlig gjennomføring"


def merge(path: Path, sheet: str, *ranges: str) -> Path:
    """Merge *ranges* on *sheet* and save, as a unit does with «Slå sammen celler»."""
    wb = openpyxl.load_workbook(path)
    for ref in ranges:
        wb[sheet].merge_cells(ref)
    wb.save(path)
    return path


@pytest.fixture
def merged_form(make_form):
    """Three measures; «Ansvarlig gjennomføring» typed once and merged over rows 2–4 (L2:L4)."""
    data = example_unit()
    for m in data["measures"][1:]:
        del m[RESPONSIBLE]
    data["measures"][0][RESPONSIBLE] = "IKT-avdelingen"
    return merge(make_form("sammenslått.xlsx", **data), c.SHEET_MEASURES, "L2:L4")


def read_both_ways(path: Path):
    raw = reader.read_workbook(path)
    assert repr(fastreader.read_workbook(path)) == repr(raw)
    return raw


def test_both_readers_list_the_merged_cells(merged_form):
    raw = read_both_ways(merged_form)
    assert fastreader._plan(merged_form.read_bytes()) is not None
    assert raw.merged == {c.SHEET_MEASURES: ((2, 12, 4, 12),)}


def test_a_value_merged_over_three_rows_is_read_in_each_row_with_a_remark(merged_form, config):
    result = validate(read_both_ways(merged_form), config)
    assert result.ok, [str(e) for e in result.errors]
    assert [m.responsible for m in result.content.measures] == ["IKT-avdelingen"] * 3
    [remark] = [w for w in result.warnings if w.column == RESPONSIBLE]
    assert str(remark) == ("Tiltak, rad 2, «Ansvarlig gjennomføring»: Cellene L2:L4 er slått sammen, så verdien "
                           "gjelder også rad 3 og 4, og den er lest slik. Skal radene ha hver sin verdi, del opp "
                           "cellene og skriv verdien i hver rad.")


def test_without_the_merge_the_same_rows_are_empty_cells(make_form, config):
    data = example_unit()
    for m in data["measures"][1:]:
        del m[RESPONSIBLE]
    result = validate(reader.read_workbook(make_form("umerget.xlsx", **data)), config)
    assert [(e.row, e.column) for e in result.errors] == [(3, RESPONSIBLE), (4, RESPONSIBLE)]


def test_a_merge_reaching_below_the_last_measure_makes_no_new_measure(make_form, config):
    path = merge(make_form("lang.xlsx"), c.SHEET_MEASURES, "L2:L9")
    result = validate(read_both_ways(path), config)
    assert result.ok and len(result.content.measures) == 3
    assert [m.responsible for m in result.content.measures] == ["Rektor"] * 3
    [remark] = [w for w in result.warnings if w.column == RESPONSIBLE]
    assert "L2:L9" in remark.text and "rad 3 og 4" in remark.text


def test_a_merge_across_columns_leaves_the_covered_columns_empty(make_form, config):
    data = example_unit()
    data["measures"][0]["Beskrivelse"] = None
    path = merge(make_form("bred.xlsx", **data), c.SHEET_MEASURES, "B2:C2")
    result = validate(read_both_ways(path), config)
    assert result.ok and result.content.measures[0].description is None
    assert not [w for w in result.warnings if "slått sammen" in w.text]


def test_a_merged_unit_field_reads_as_the_cell_above_with_a_remark(make_form, config):
    path = merge(make_form("enhet.xlsx", unit={**example_unit()["unit"], "epost": None}), c.SHEET_UNIT, "B5:B6")
    result = validate(read_both_ways(path), config)
    [error] = [e for e in result.errors if e.column == "E-post"]
    assert error.value == "Ingrid Berg" and "gyldig e-postadresse" in error.text
    [remark] = [w for w in result.warnings if w.column == "E-post"]
    assert remark.text.startswith("Cellene B5:B6 er slått sammen, så «E-post» viser det samme som cellen over")


@needs_libreoffice
def test_a_merged_form_saved_by_libreoffice_reads_the_same(merged_form, tmp_path, config):
    saved = libreoffice_roundtrip(merged_form, tmp_path)
    raw = read_both_ways(saved)
    assert fastreader._plan(saved.read_bytes()) is not None
    assert raw.merged[c.SHEET_MEASURES] == ((2, 12, 4, 12),)
    result = validate(raw, config)
    assert result.ok, [str(e) for e in result.errors]
    assert [m.responsible for m in result.content.measures] == ["IKT-avdelingen"] * 3
    assert any("L2:L4" in w.text for w in result.warnings)
