"""The overview workbook ``Samlet-oversikt.xlsx``, read back as a user's Excel would."""

from __future__ import annotations

import csv
import re
import subprocess
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.core.assessment import assess
from pipeline.core.model import Period
from pipeline.documents.overview import write_overview
from pipeline.documents.xlsxtables import KRONER_FORMAT
from support.examples import demo_model, hostile_model
from support.bokmal import nb
from support.libreoffice import needs_libreoffice
from support.models import answer, form, measure, municipality, problem, system

TRICKY = {
    "title": "=SUM(A1:A3)",
    "description": "+47 22 33 44 55",
    "follow_up": "-",
    "dependencies": "@Kari: «kommer» & <snart>\nny linje",
    "benefit_description": "#N/A",
    "responsible": '=HYPERLINK("http://example.com","klikk")',
}


@pytest.fixture
def model(config):
    return municipality(
        config,
        form(
            "Fjordvik barneskole",
            problems=(problem(1, "Høy", "=1+1 gir feil"),),
            systems=(system("Visma Flyt Skole", "=Elevadministrasjon", users=40, satisfaction=3),),
            measures=(
                measure(1, problem_nrs=(1,), investment=250_000, operating_cost=10_000, benefit=120_000, **TRICKY),
                measure(2, "Trådløst nett", investment=3_000_000, benefit=100_000, period=Period(2028, "Høst")),
            ),
            barometer=(answer("Digital kompetanse", 4, "-Påstand"), answer("Digital kompetanse", None)),
        ),
        form(
            "Hjemmetjenesten",
            "Helse og omsorg",
            systems=(system("visma flyt skole", "Elevadministrasjon"),),
            measures=(measure(1, "Trådløst nett", period=None),),
            barometer=(answer("Digital kompetanse", 2),),
        ),
    )


def write(model, tmp_path: Path) -> Path:
    return write_overview(model, assess(model), tmp_path / "Samlet-oversikt.xlsx")


def rows_of(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_formula_looking_text_stays_text(model, tmp_path):
    path = write(model, tmp_path)
    wb = load_workbook(path)
    first = rows_of(wb["Tiltak"])[[r["Id"] for r in rows_of(wb["Tiltak"])].index("FBS-1")]
    assert first["Tiltak"] == TRICKY["title"]
    assert first["Beskrivelse"] == TRICKY["description"]
    assert first["Ansvarlig oppfølging"] == "-"
    assert first["Avhengigheter"] == TRICKY["dependencies"]
    assert first["Gevinstbeskrivelse"] == "#N/A"
    assert first["Ansvarlig gjennomføring"] == TRICKY["responsible"]
    assert rows_of(wb["Problemer"])[0]["Beskrivelse"] == "=1+1 gir feil"
    assert rows_of(wb["Systemer"])[0]["Formål"] == "=Elevadministrasjon"
    assert any(r["Påstand"] == "-Påstand" for r in rows_of(wb["Barometersvar"]))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} er en formel"
                assert cell.data_type != "e", f"{ws.title}!{cell.coordinate} er en feilverdi"

    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            xml = z.read(name).decode("utf-8")
            assert not re.search(r"<f[\s>/]", xml), name
            assert 't="e"' not in xml, name


def test_sheets_have_tables_with_filters_frozen_headers_and_formats(model, tmp_path):
    wb = load_workbook(write(model, tmp_path))
    assert wb.sheetnames == [
        "Tiltak",
        "Per år",
        "Problemer",
        "Systemer",
        "Barometer",
        "Barometersvar",
        "Samordning",
        "Enheter",
        "Forklaring",
    ]
    for ws in wb.worksheets[:-1]:
        assert len(ws.tables) == 1, ws.title
        assert ws.freeze_panes == "A2", ws.title
        table = next(iter(ws.tables.values()))
        headers = [c.value for c in ws[1]]
        assert table.ref.startswith("A1:")
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref  # filter buttons
        assert [c.name for c in table.tableColumns] == headers
        assert len({h.casefold() for h in headers}) == len(headers), ws.title

    ws = wb["Tiltak"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Investering (kr)") + 1
    assert ws.cell(row=2, column=col).number_format == KRONER_FORMAT
    assert ws.cell(row=2, column=headers.index("Levert") + 1).number_format == "dd.mm.yyyy hh:mm"
    assert isinstance(ws.cell(row=2, column=headers.index("Levert") + 1).value, datetime)
    assert ws.column_dimensions["E"].width >= 20
    assert wb["Enheter"].cell(row=2, column=8).number_format == "dd.mm.yyyy"


def test_measures_sheet_shows_the_assessment_in_rank_order_with_provenance(model, tmp_path):
    result = assess(model)
    rows = rows_of(load_workbook(write(model, tmp_path))["Tiltak"])
    assert [r["Id"] for r in rows] == [a.id for a in result.measures]
    assert [r["Rang"] for r in rows] == [1, 2, 3]
    big = next(r for r in rows if r["Id"] == "FBS-2")
    assert big["Innenfor rammen"] == "Nei"
    assert big["Grunn til utenfor rammen"] == nb(result.by_id("FBS-2").frame_reason)
    assert big["Investering (kr)"] == 3_000_000
    assert (big["Enhet"], big["Revisjon"], big["Ark"], big["Rad"]) == ("Fjordvik barneskole", 1, "Tiltak", 6)
    a = result.by_id("FBS-1")
    first = next(r for r in rows if r["Id"] == "FBS-1")
    assert first["Poeng"] == a.score
    parts = ("Poeng økonomi", "Poeng strategi", "Poeng risiko", "Poeng tid")
    assert sum(first[p] for p in parts) == pytest.approx(a.score)
    assert first["Nåverdi (kr)"] == round(a.economics.npv)
    assert "Ingen er satt som ansvarlig for oppfølging." in nb(a.flags)  # «-» is no name
    assert first["Merknader"] == "\n".join(nb(a.flags))


def test_systems_sheet_marks_shared_systems(model, tmp_path):
    rows = rows_of(load_workbook(write(model, tmp_path))["Systemer"])
    assert [(r["System"], r["Delt system"], r["Antall enheter"]) for r in rows] == [
        ("Visma Flyt Skole", "Ja", 2),
        ("visma flyt skole", "Ja", 2),
    ]


def test_barometer_sheet_has_municipality_service_area_and_unit_levels(model, tmp_path):
    rows = rows_of(load_workbook(write(model, tmp_path))["Barometer"])
    digital = [r for r in rows if r["Område"] == "Digital kompetanse"]
    levels = {(r["Nivå"], r["Navn"]): (r["Snitt (1-5)"], r["Antall svar"]) for r in digital}
    assert levels[("Kommunen", "Fjordvik kommune")] == (3.0, 2)
    assert levels[("Tjenesteområde", "Helse og omsorg")] == (2.0, 1)
    assert levels[("Enhet", "Fjordvik barneskole")] == (4.0, 1)


def test_per_year_sheet_compares_with_the_frame(model, tmp_path):
    rows = rows_of(load_workbook(write(model, tmp_path))["Per år"])
    by_year = {r["År"]: r for r in rows if isinstance(r["År"], int)}
    assert list(by_year) == [2027, 2028, 2029, 2030]
    assert by_year[2027]["Ramme (kr)"] == 2_500_000
    assert by_year[2027]["Investering innenfor rammen (kr)"] == 250_000
    assert by_year[2028]["Investering alle forslag (kr)"] == 3_000_000
    assert by_year[2028]["Tiltak utenfor rammen"] == 1


def test_explanation_sheet_holds_the_scoring_explanation(model, tmp_path):
    ws = load_workbook(write(model, tmp_path))["Forklaring"]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for line in nb(assess(model).explanation):
        assert line in text


def test_empty_workspace_still_gives_valid_tables(config, tmp_path):
    model = municipality(replace(config, investment_frame=None))
    path = write(model, tmp_path)
    wb = load_workbook(path)
    assert wb["Tiltak"].tables["Tiltak"].ref.endswith("2")  # a table needs one data row
    assert rows_of(wb["Per år"])[0]["Ramme (kr)"] is None
    assert [r["Levert skjema"] for r in rows_of(wb["Enheter"])] == ["Nei"] * len(config.expected_units)


def test_file_is_replaced_atomically(model, tmp_path):
    path = tmp_path / "Samlet-oversikt.xlsx"
    path.write_bytes(b"gammel")
    assert write_overview(model, assess(model), path) == path
    assert zipfile.is_zipfile(path)
    assert [p.name for p in tmp_path.iterdir()] == ["Samlet-oversikt.xlsx"]


def test_control_characters_from_forms_do_not_break_the_workbook(config, tmp_path):
    model = municipality(config, form(measures=(measure(1, "Tab\tog\x0bvertikal\x01", description="a\x00b"),)))
    rows = rows_of(load_workbook(write(model, tmp_path))["Tiltak"])
    assert rows[0]["Tiltak"] == "Tab\togvertikal"
    assert rows[0]["Beskrivelse"] == "ab"


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_reads_formula_looking_text_as_text(model, tmp_path):
    path = write(model, tmp_path)
    out = tmp_path / "csv"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with open(out / "Samlet-oversikt.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    first = next(r for r in rows if r["Id"] == "FBS-1")
    assert first["Tiltak"] == TRICKY["title"]
    assert first["Ansvarlig gjennomføring"] == TRICKY["responsible"]
    assert first["Gevinstbeskrivelse"] == "#N/A"
    assert first["Beskrivelse"] == TRICKY["description"]


def _cell_by_cell(book, ws, columns, rows):
    """The data rows written through openpyxl cell objects, as write_overview
    did before it wrote the rows' XML itself: the reference."""
    from pipeline.documents.xlsxtables import FORMATS as _FORMATS, WRAP as _WRAP, put as _put

    wrap = [bool(col.width and col.width >= 40) for col in columns]
    for i, values in enumerate(rows, start=2):
        for j, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = ws.cell(row=i, column=j)
            _put(cell, value)
            if value is None:
                continue
            if col.kind in _FORMATS and not isinstance(value, str):
                cell.number_format = _FORMATS[col.kind]
            if wrap[j - 1] or (isinstance(value, str) and "\n" in value):
                cell.alignment = _WRAP


def _looks(path: Path) -> dict:
    wb = load_workbook(path)
    seen = {}
    for ws in wb.worksheets:
        seen[ws.title] = {
            "dimensions": ws.dimensions,
            "freeze": ws.freeze_panes,
            "tables": {name: (ws.tables[name].ref, [c.name for c in ws.tables[name].tableColumns],
                              ws.tables[name].autoFilter.ref) for name in ws.tables},
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
            "cells": [(c.coordinate, c.value, c.data_type, c.number_format, c.alignment.wrap_text, c.font.b)
                      for row in ws.iter_rows() for c in row],
        }
    return seen


@pytest.mark.parametrize("which", ["tricky", "demo"])
def test_rows_written_as_xml_equal_rows_written_through_openpyxl(which, model, config, blank_form, tmp_path,
                                                                 monkeypatch):
    from pipeline.documents import xlsxtables

    subject = model if which == "tricky" else demo_model(config, blank_form, tmp_path / "skjema")
    fast = write_overview(subject, assess(subject), tmp_path / "rask.xlsx")
    monkeypatch.setattr(xlsxtables.Book, "add_rows", _cell_by_cell)
    slow = write_overview(subject, assess(subject), tmp_path / "treg.xlsx")
    assert _looks(fast) == _looks(slow)


def test_hostile_texts_in_rows_written_as_xml_equal_openpyxls(config, tmp_path, monkeypatch):
    from pipeline.documents import xlsxtables

    subject = hostile_model(config)
    fast = write_overview(subject, assess(subject), tmp_path / "rask.xlsx")
    monkeypatch.setattr(xlsxtables.Book, "add_rows", _cell_by_cell)
    slow = write_overview(subject, assess(subject), tmp_path / "treg.xlsx")
    assert _looks(fast) == _looks(slow)
