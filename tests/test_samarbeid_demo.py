"""Two demo municipalities in one real PostgreSQL store, through the CLI as an IKT-samarbeid
runs them: Fjordvik (sharing its IKT-barometer by name) and its neighbour Havvik (sharing
without its name), each with its own login, and the samarbeid's secretariat with its own.
The comparison appears in each strategy and overview as consent allows; neither
municipality sees the other's units, measures or documents; the secretariat gets the
joint overview."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from support.documents import DOCUMENTS, OVERVIEW_NAME
from pipeline.demo.havvik import UNITS as HAVVIK_UNITS
from pipeline.documents.comparisoncontext import NOTHING_TO_COMPARE
from pipeline.formatting import number
from pipeline.intake.store import open_store
from pipeline.workspace import Workspace
from support.documents import STRATEGY, document_text, tables_with_header
from support.pgserver import fresh_database
from support.stores import cli, drop_roles, use_postgres

psycopg = pytest.importorskip("psycopg")

HEADER = ["Område", "Kommunen", "Andre kommuner", "Forskjell", "Hver kommune"]
FJORDVIK_UNITS = ("Fjordvik barneskole", "Servicetorget", "Fjordvik sykehjem", "Hjemmetjenesten", "Teknisk drift",
                  "Kulturhuset og biblioteket", "NAV Fjordvik")


def _url(output: str) -> str:
    return re.search(r'url = "([^"]+)"', output).group(1)


@pytest.fixture(scope="module")
def samarbeid(postgres_server, tmp_path_factory):
    """The whole story once: the administrator makes three logins; Fjordvik runs the demo
    (no one to compare with yet), Havvik runs it, Fjordvik runs again (now it sees Havvik)
    and once more (nothing new), and sends version 2 to political treatment; the secretariat makes the joint overview; Havvik's second
    round changes its barometer, and Fjordvik's next run follows."""
    root = tmp_path_factory.mktemp("samarbeid")
    with fresh_database(postgres_server) as admin:
        urls, roles = {}, []
        try:
            for name in ("Fjordvik kommune", "Havvik kommune"):
                code, output = cli(root, "lager-ny-kommune", name, "--url", admin, "--uten-passord")
                assert code == 0, output
                urls[name] = _url(output)
                roles.append(urls[name].split("//")[1].split("@")[0])
            code, output = cli(root, "lager-nytt-sekretariat", "Fjordregionen IKT", "--url", admin, "--uten-passord")
            assert code == 0 and "Laget brukeren iktplan_samarbeid_fjordregionen_ikt" in output, output
            urls["sekretariat"] = _url(output)
            roles.append("iktplan_samarbeid_fjordregionen_ikt")
            fjordvik, havvik, office = root / "fjordvik", root / "havvik", root / "sekretariat"
            runs = {
                "fjordvik 1": cli(root, "demo", str(fjordvik), "--lager", urls["Fjordvik kommune"]),
                "havvik 1": cli(root, "demo", str(havvik), "--kommune", "havvik", "--lager", urls["Havvik kommune"]),
                "fjordvik 2": cli(fjordvik, "run"),
                "fjordvik 2 igjen": cli(fjordvik, "run"),
                # version 2 goes to political treatment: version 3's case document lists what changed since
                "fjordvik publiser": cli(fjordvik, "publiser"),
                "sekretariat init": cli(root, "init", str(office)),
            }
            use_postgres(Workspace(office), urls["sekretariat"])
            runs["sekretariat"] = cli(office, "samarbeid-oversikt")
            runs["havvik 2"] = cli(root, "demo", str(havvik))
            runs["fjordvik 3"] = cli(fjordvik, "run")
            for step, (code, output) in runs.items():
                assert code == 0 and "Traceback" not in output, (step, output)
            yield SimpleNamespace(fjordvik=Workspace(fjordvik), havvik=Workspace(havvik), office=Workspace(office),
                                  urls=urls, runs={k: v[1] for k, v in runs.items()})
        finally:
            drop_roles(admin, *roles)


def _comparison_rows(path) -> list[list[str]]:
    (table,) = tables_with_header(path, HEADER)
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def _all_text(ws: Workspace, version: int | None = None) -> str:
    """Every document and every cell of the overview of *ws* (the current version, or an archived one)."""
    folder = ws.outbox if version is None else ws.outbox / "arkiv" / f"v{version}"
    texts = [document_text(folder / name) for name in DOCUMENTS]
    for sheet in load_workbook(folder / OVERVIEW_NAME).worksheets:
        texts += [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    return "\n".join(texts)


def test_fjordvik_sees_havvik_anonymised_and_havvik_sees_fjordvik_by_name(samarbeid):
    fjordvik = _comparison_rows(samarbeid.fjordvik.outbox / "arkiv" / "v2" / STRATEGY)
    havvik = _comparison_rows(samarbeid.havvik.outbox / "arkiv" / "v1" / STRATEGY)
    assert len(fjordvik) == len(havvik) == 6
    assert all(r[4].startswith("Kommune A: ") for r in fjordvik)
    assert all(r[4].startswith("Fjordvik kommune: ") for r in havvik)
    assert "Havvik" not in _all_text(samarbeid.fjordvik)  # not its name, not a unit, not a measure
    overview = load_workbook(samarbeid.havvik.outbox / "arkiv" / "v1" / OVERVIEW_NAME)["Sammenligning"]
    assert {r[1] for r in overview.iter_rows(min_row=2, values_only=True)} == {"Havvik kommune", "Fjordvik kommune",
                                                                                 "Snitt andre kommuner"}


def test_the_tables_show_the_figures_the_store_gives(samarbeid):
    with open_store(samarbeid.fjordvik) as store:
        scores = store.barometer_comparison()
    rows = {r[0]: r for r in _comparison_rows(samarbeid.fjordvik.outbox / STRATEGY)}
    assert set(rows) == {s.area for s in scores}
    for s in scores:
        row = rows[s.area]
        if s.own:
            assert row[1] == f"{number(s.mean, 1)}\n{s.answers} svar"
        else:
            assert (s.municipality, s.named) == ("Kommune A", False)
            assert f"Kommune A: {number(s.mean, 1)} ({s.answers} svar)" in row[4]
    sheet = load_workbook(samarbeid.fjordvik.outbox / OVERVIEW_NAME)["Sammenligning"]
    found = {(r[0], r[1]): (r[3], r[4]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    for s in scores:
        assert found[(s.area, "Fjordvik kommune" if s.own else s.municipality)] == (s.mean, s.answers)


def test_a_new_version_follows_only_when_the_others_figures_change(samarbeid):
    runs = samarbeid.runs
    assert "Dokumentene er nå versjon 1" in runs["fjordvik 1"]
    # consent, but Havvik was not there yet: one sentence, no table
    first = document_text(samarbeid.fjordvik.outbox / "arkiv" / "v1" / STRATEGY)
    assert NOTHING_TO_COMPARE in first and "Kommune A" not in first
    assert "versjon 2 (sammenligningen med andre kommuner er endret)" in runs["fjordvik 2"]
    assert "fortsatt versjon 2" in runs["fjordvik 2 igjen"]  # the comparison's numbers are in the rerun's token
    assert "versjon 3 (sammenligningen med andre kommuner er endret)" in runs["fjordvik 3"]
    case = document_text(samarbeid.fjordvik.outbox / DOCUMENTS[2])
    assert "Sammenligningen av IKT-barometeret med andre kommuner er endret." in case
    before = {r[0]: r[4] for r in _comparison_rows(samarbeid.fjordvik.outbox / "arkiv" / "v2" / STRATEGY)}
    after = {r[0]: r[4] for r in _comparison_rows(samarbeid.fjordvik.outbox / STRATEGY)}
    assert before["Infrastruktur og drift"] != after["Infrastruktur og drift"]  # Havvik skole's new answers
    assert before["Digital kompetanse"] == after["Digital kompetanse"]


def test_neither_municipality_sees_the_others_units_measures_or_documents(samarbeid):
    with open_store(samarbeid.fjordvik) as store:
        assert {r.unit_name for r in store.submissions()} <= {*FJORDVIK_UNITS, "Solsiden barnehage"}
        assert store.latest_version_number() == 3
    with open_store(samarbeid.havvik) as store:
        assert {r.unit_name for r in store.submissions()} == {name for name, _, _ in HAVVIK_UNITS}
        assert store.latest_version_number() == 2
    havvik = _all_text(samarbeid.havvik)
    for unit in FJORDVIK_UNITS:
        assert unit not in havvik, unit
    with psycopg.connect(samarbeid.urls["Fjordvik kommune"], autocommit=True) as conn:
        for forbidden in ("SELECT COUNT(*) FROM kommune_havvik.submissions", "SELECT COUNT(*) FROM kommune_havvik.files",
                          "SELECT COUNT(*) FROM kommune_havvik.versions",
                          "SELECT * FROM iktplan_felles.tiltak_og_systemer()"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(forbidden)


def test_the_secretariat_gets_the_joint_overview_of_both(samarbeid):
    output = samarbeid.runs["sekretariat"]
    path = samarbeid.office.outbox / "Samarbeid-oversikt.xlsx"
    assert f"Skrev {path}" in output and "Fjordvik kommune og Havvik kommune" in output
    book = load_workbook(path)
    candidates = {r[0]: r for r in book["Felles anskaffelse"].iter_rows(min_row=2, values_only=True)}
    library = candidates["Nytt biblioteksystem sammen med nabokommunene"]
    assert library[2:4] == (2, "Fjordvik kommune, Havvik kommune")
    # the sum, against each municipality's own overview (another road to the same amounts)
    own = 0
    for ws in (samarbeid.fjordvik, samarbeid.havvik):
        sheet = load_workbook(ws.outbox / OVERVIEW_NAME)["Tiltak"]
        header = [c.value for c in sheet[1]]
        rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
        own += sum(r["Investering (kr)"] for r in rows if r["Tiltak"] == "Nytt biblioteksystem sammen med nabokommunene")
    assert library[6] == own > 0
    systems = {r[0]: r for r in book["Felles systemer"].iter_rows(min_row=2, values_only=True)}
    assert systems["Mikromarc"][3:6] == ("Fjordvik kommune, Havvik kommune", 2,
                                         "Fjordvik kommune: 1, Havvik kommune: 1")
    assert "Microsoft 365" in systems and "Vigilo" not in systems  # Vigilo: Fjordvik's units only


def test_the_demo_options_are_for_a_new_folder_only(samarbeid, tmp_path):
    code, output = cli(tmp_path, "demo", str(samarbeid.havvik.root), "--kommune", "havvik")
    assert code == 1 and "gjelder bare en ny demomappe" in output and "Traceback" not in output, output
