"""The overview workbook in nynorsk and Danish (issue 14): sheet names, headers,
the values iktplan writes and every sentence follow the workspace's language;
what the units wrote stays as they wrote it."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from pipeline.core.assessment import assess
from pipeline.documents.overview import write_overview
from pipeline.documents.xlsxtables import KRONER_FORMAT, KRONER_FORMAT_DA
from support.languages import assert_no_foreign_words
from support.plainmodels import language_config, plain_model

SHEETS = {
    "nb": ["Tiltak", "Per år", "Problemer", "Systemer", "Barometer", "Barometersvar", "Samordning", "Enheter",
           "Forklaring"],
    "nn": ["Tiltak", "Per år", "Problem", "System", "Barometer", "Barometersvar", "Samordning", "Einingar",
           "Forklaring"],
    "da": ["Tiltag", "Pr. år", "Problemer", "Systemer", "Barometer", "Barometersvar", "Koordinering", "Enheder",
           "Forklaring"],
}


def _workbook(code: str, tmp_path):
    model = plain_model(language_config(code))
    return model, load_workbook(write_overview(model, assess(model), tmp_path / "Samlet-oversikt.xlsx"))


def _text(wb, config) -> str:
    """Every sheet name and every text cell, one a line; the municipality's own
    names from strategi.toml (units, service areas) and the form's sheet name in
    the provenance column «Ark» are taken out: they are not iktplan's words."""
    lines = list(wb.sheetnames)
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        provenance = header.index("Ark") if "Ark" in header else None
        lines += [str(c.value) for row in ws.iter_rows() for j, c in enumerate(row)
                  if isinstance(c.value, str) and j != provenance]
    own = {config.municipality} | {u.name for u in config.expected_units} | {u.service_area for u in
                                                                              config.expected_units}
    lines = [line for line in lines if line not in own]
    return "\n".join(lines)


@pytest.mark.parametrize("code", ["nb", "nn", "da"])
def test_the_overview_speaks_the_workspace_language_in_every_sheet_header_and_cell(code, tmp_path):
    model, wb = _workbook(code, tmp_path)
    assert wb.sheetnames == SHEETS[code]
    assert_no_foreign_words(_text(wb, model.config), code, where="Samlet-oversikt.xlsx")
    headers = {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets if ws.title != SHEETS[code][-1]}
    for sheet, row in headers.items():
        assert len(set(row)) == len(row), sheet  # an Excel table needs unique headers
        assert len(wb[sheet].tables) == 1  # still one table per sheet


def test_the_values_iktplan_writes_are_translated_and_the_units_text_is_not(tmp_path):
    _, wb = _workbook("da", tmp_path)
    ws = wb["Tiltag"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert {r["Risiko"] for r in rows} >= {"Høj", "Mellem", "Lav"}
    assert {r["Tiltag"] for r in rows} >= {"Wi-Fi", "Visma", "LMS"}
    outside = next(r for r in rows if r["Tiltag"] == "Visma" and r["Inden for rammen"] == "Nej")
    assert outside["Begrundelse for uden for rammen"].startswith("Anlægsudgiften på 9.000.000\u00a0kr.")
    explanation = "\n".join(str(c.value) for c in wb["Forklaring"]["A"] if c.value)
    assert "Finansministeriets" in explanation and "R-109" not in explanation
    money = ws.cell(row=2, column=header.index("Anlæg (kr.)") + 1)
    assert isinstance(money.value, int) and money.number_format == KRONER_FORMAT_DA


def test_bokmal_overview_keeps_its_sheets_and_headers(tmp_path):
    _, wb = _workbook("nb", tmp_path)
    assert [c.value for c in wb["Tiltak"][1]][:6] == ["Rang", "Id", "Enhet", "Tjenesteområde", "Tiltak", "Poeng"]
    assert [c.value for c in wb["Per år"][1]][:2] == ["År", "Ramme (kr)"]
    assert wb["Tiltak"].cell(row=2, column=[c.value for c in wb["Tiltak"][1]].index("Investering (kr)") + 1
                             ).number_format == KRONER_FORMAT
