"""``Samarbeid-oversikt.xlsx``, read back as the secretariat's Excel would: a table per
sheet, every text as text (never a formula), amounts in kroner, summed per candidate."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from pipeline.core.joint import joint_overview
from pipeline.documents.jointoverview import write_joint_overview
from pipeline.documents.xlsxtables import KRONER_FORMAT
from pipeline.i18n import Lang
from support.languages import assert_no_foreign_words
from support.members import measure, system, unit

F, H = "Fjordvik kommune", "Havvik kommune"


def test_the_overview_has_the_shared_systems_the_alike_measures_and_the_candidates(config, tmp_path):
    units = [
        unit(F, "Skole", [system("Visma Flyt Skole", users=40)],
             [measure(2, "=Nye elev-PC-er på mellomtrinnet", "+47 fra leverandøren", investment=120_000),
              measure(3, "Meråpent bibliotek", investment=None)]),
        unit(F, "Sykehjem", [system("Visma Flyt Skole", users=2)]),
        unit(H, "Havvik skole", [system("Visma flyt skole", users=30)],
             [measure(1, "Nye elev-PC-er til mellomtrinnet", investment=90_000)]),
    ]
    overview = joint_overview(config, units)
    path = write_joint_overview(overview, tmp_path / "Samarbeid-oversikt.xlsx", datetime(2027, 1, 15, 9, 30))
    book = load_workbook(path)
    assert book.sheetnames == ["Felles systemer", "Like tiltak", "Felles anskaffelse", "Kommuner", "Forklaring"]
    for name in book.sheetnames[:-1]:
        assert len(book[name].tables) == 1, name
    systems = list(book["Felles systemer"].iter_rows(values_only=True))
    assert systems[1][:7] == ("Visma Flyt Skole", "Leverandør AS", 2, f"{F}, {H}", 3, f"{F}: 2, {H}: 1", 72)
    measures = book["Like tiltak"]
    first = [c.value for c in measures[2]]
    assert first[2:6] == [F, "Skole", 2, "=Nye elev-PC-er på mellomtrinnet"] and measures["F2"].data_type == "s"
    assert measures["G2"].value == "+47 fra leverandøren" and measures["H2"].number_format == KRONER_FORMAT
    candidates = list(book["Felles anskaffelse"].iter_rows(values_only=True))
    by_name = {r[0]: r for r in candidates[1:]}
    assert by_name["=Nye elev-PC-er på mellomtrinnet"][1:7] == ("Like tiltak (gruppe 1)", 2, f"{F}, {H}", 2, 2,
                                                                210_000)
    assert by_name["Visma Flyt Skole"][6] == 0  # no measure names it
    assert list(book["Kommuner"].iter_rows(values_only=True))[1:] == [(F, 2, 2, 2, 120_000), (H, 1, 1, 1, 90_000)]
    explanation = [r[0] for r in book["Forklaring"].iter_rows(values_only=True) if r[0]]
    assert explanation[0] == "Samarbeidsoversikt for 2 kommuner"
    assert explanation[1] == f"Lest 15.01.2027 kl. 09:30 fra det felles lageret: {F}, {H}."


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_overview_is_in_the_workspaces_language(config, tmp_path, code):
    """Sheet names, headers, the basis of each candidate, the category and the explanation
    in nynorsk and Danish; what the units wrote stays as they wrote it."""
    units = [
        unit(F, "Skole", [system("Visma Flyt Skole", users=40)],
             [measure(2, "Nye elev-PC-er", investment=120_000)]),
        unit(H, "Havvik skole", [system("Visma flyt skole", users=30), system("Gerica")],
             [measure(1, "Nye elev-PC-er", investment=90_000)]),
        unit(F, "Sykehjem", [system("Gerica")]),
    ]
    lang = Lang.for_code(code)
    path = write_joint_overview(joint_overview(config, units), tmp_path / "oversikt.xlsx", datetime(2027, 1, 15, 9, 30),
                                lang)
    book = load_workbook(path)
    assert book.sheetnames[0] == {"nn": "Felles system", "da": "Fælles systemer"}[code]
    shown = [" ".join(book.sheetnames)]
    for ws in book.worksheets[:-1]:
        shown.append(" | ".join(str(c.value) for c in ws[1]))
    candidates = list(book.worksheets[2].iter_rows(values_only=True))[1:]
    shown += [str(r[1]) for r in candidates]
    shown += [str(r[0]) for r in book.worksheets[-1].iter_rows(values_only=True) if r[0]]
    text = "\n".join(shown).replace(F, " ").replace(H, " ")
    assert_no_foreign_words(text, code, where="samarbeidsoversikta")
    assert lang.timestamp(datetime(2027, 1, 15, 9, 30)) in text
    assert {r[1] for r in candidates} == {lang.gettext("Like tiltak (gruppe {number})", number=1),
                                          lang.gettext("Samme system")}
