"""``Samarbeid-oversikt.xlsx``, read back as the secretariat's Excel would: a table per
sheet, every text as text (never a formula), amounts in kroner, summed per candidate."""

from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook

from pipeline.core.joint import joint_overview
from pipeline.documents.jointoverview import write_joint_overview
from pipeline.documents.xlsxtables import KRONER_FORMAT
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
