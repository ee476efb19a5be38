"""The demo's store moved into PostgreSQL with «iktplan kopier-lager», through the CLI:
nothing lost (every submission, revision, version and file), and the documents made
on PostgreSQL afterwards are the documents SQLite makes."""

from __future__ import annotations

import re
import shutil

import pytest

from support.documents import DOCUMENTS
from pipeline.demo.havvik import HAVVIK_FORMS
from pipeline.intake.store import open_store
from pipeline.workspace import Workspace
from support.documents import document_text
from support.stores import cli, copy_workspace, file_hashes, use_postgres

psycopg = pytest.importorskip("psycopg")

def everything(ws) -> dict[str, list[tuple]]:
    """Every row of every table, through the store interface, whatever the backend."""
    with open_store(ws) as store:
        return store.export()


@pytest.fixture
def sqlite_ws(demo_workspace, tmp_path):
    return copy_workspace(demo_workspace, tmp_path / "sqlite")


@pytest.fixture
def pg_ws(demo_workspace, tmp_path, pg_url):
    return use_postgres(copy_workspace(demo_workspace, tmp_path / "postgresql"), pg_url)


def test_the_copy_keeps_every_submission_revision_version_and_file(sqlite_ws, pg_ws):
    before = everything(sqlite_ws)
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 0, output
    assert "Kopierte 11 innleveringer, 2 dokumentversjoner og 11 filer" in output
    assert "Alt er kontrollert mot kilden" in output
    assert everything(pg_ws) == before
    with open_store(pg_ws) as store:
        for r in store.submissions():
            if r.status != "duplikat":
                assert store.file_bytes(r.sha256) == (pg_ws.root / r.stored_path).read_bytes()
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 0 and "allerede kopiert" in output, output


def test_the_copy_keeps_the_secretariats_actions(sqlite_ws, pg_url):
    code, output = cli(sqlite_ws.root, "koble-enhet", "Kulturhuset og bibloteket", "--til",
                       "Kulturhuset og biblioteket", "--grunn", "skrivefeil i enhetsnavnet")
    assert code == 0, output
    before = everything(sqlite_ws)
    assert len(before["actions"]) == 1
    use_postgres(sqlite_ws, pg_url)
    code, output = cli(sqlite_ws.root, "kopier-lager")
    assert code == 0, output
    assert everything(sqlite_ws) == before
    code, output = cli(sqlite_ws.root, "run")
    assert code == 0 and "fortsatt versjon 3" in output, output
    code, output = cli(sqlite_ws.root, "angre", "1", "--grunn", "feil enhet")  # the next action gets number 2
    assert code == 0 and "Handling 2 er registrert" in output and "venter på sekretariatet igjen" in output, output


def normalised(path) -> str:
    # The time of day a form arrived or a version was made is the only thing two runs may not share.
    return re.sub(r"kl\. \d\d[:.]\d\d", "kl. --:--", document_text(path))


def test_after_the_copy_postgresql_makes_the_documents_sqlite_makes(sqlite_ws, pg_ws, make_form):
    assert cli(pg_ws.root, "kopier-lager")[0] == 0
    code, output = cli(pg_ws.root, "run")
    assert code == 0 and "fortsatt versjon 2" in output, output  # nothing changed: nothing lost, nothing new
    revision = make_form("Fjordvik barneskole, revisjon 2.xlsx")
    for ws in (sqlite_ws, pg_ws):
        shutil.copyfile(revision, ws.inbox / revision.name)
        code, output = cli(ws.root, "run")
        assert code == 0 and "revisjon 2" in output and "Dokumentene er nå versjon 3" in output, output
    for name in DOCUMENTS:
        assert normalised(pg_ws.outbox / name) == normalised(sqlite_ws.outbox / name), name
    assert (pg_ws.outbox / "arkiv" / "v3").is_dir()


def test_a_missing_accepted_form_refuses_the_copy_and_writes_nothing(pg_ws):
    next(pg_ws.submissions.glob("*.xlsx")).unlink()
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 1 and "Et godkjent skjema mangler" in output and "Ingenting er kopiert" in output, output
    with open_store(pg_ws, check=False) as store:
        assert store.submissions() == [] and store.latest_version_number() is None


def test_a_copy_killed_before_it_commits_leaves_postgresql_empty(pg_ws):
    code, output = cli(pg_ws.root, "kopier-lager", env={"IKTPLAN_FAULT": "kopier.skrevet"})
    assert code == -9, output
    with open_store(pg_ws, check=False) as store:
        assert store.submissions() == [] and store.latest_version_number() is None
    code, output = cli(pg_ws.root, "kopier-lager")
    assert code == 0 and "Kopierte 11 innleveringer" in output, output


def test_a_run_on_an_empty_postgresql_store_points_to_the_copy(pg_ws):
    archive = file_hashes(pg_ws.archive)
    code, output = cli(pg_ws.root, "run")
    assert code == 1 and "iktplan kopier-lager" in output and "Traceback" not in output, output
    assert file_hashes(pg_ws.archive) == archive


# --- two municipalities in one store ------------------------------------------------------------


def municipality(root, url: str, name: str, sharing: str):
    """A new workspace for *name* whose store is *url*, with *sharing* as its [samarbeid] table."""
    code, output = cli(root.parent, "init", str(root))
    assert code == 0, output
    from pipeline.demo.sharedstore import demo_config

    ws = Workspace(root)
    # Its own name and units (a unit not in [[enheter]] would wait for the secretariat), as «--kommune» makes it.
    text = demo_config(ws.config_path.read_text("utf-8"), name.split()[0].lower(), None)
    assert f'kommune = "{name}"' in text
    ws.config_path.write_text(text, "utf-8")
    return use_postgres(ws, url, f"\n[samarbeid]\n{sharing}\n")


def test_two_demo_municipalities_in_one_store_compare_their_barometers(pg_url, tmp_path):
    fjordvik = municipality(tmp_path / "fjordvik", pg_url, "Fjordvik kommune", "del_barometer = true\nvis_navn = true")
    havvik = municipality(tmp_path / "havvik", pg_url, "Havvik kommune", "del_barometer = true")
    for ws in (fjordvik, havvik):
        code, output = cli(ws.root, "demo", str(ws.root))
        assert code == 0 and "Dokumentene er nå versjon 1" in output, output
    # A workspace named Havvik kommune gets the demo's neighbour: its own four units.
    for ws, own, other, forms in ((fjordvik, "Fjordvik kommune", "Kommune A", 8),
                                  (havvik, "Havvik kommune", "Fjordvik kommune", len(HAVVIK_FORMS))):
        with open_store(ws) as store:
            assert len(store.submissions()) == forms  # its own units only, not the other's
            rows = store.barometer_comparison()
        named = {(r.municipality, r.own, r.named) for r in rows}
        assert named == {(own, True, True), (other, False, other != "Kommune A")}, named
        areas = {r.area for r in rows if r.own}
        assert areas and areas == {r.area for r in rows if not r.own}  # the same demo: every area on both sides


def test_a_municipality_set_up_by_the_administrator_runs_the_demo_with_its_own_login(pg_url, tmp_path):
    code, output = cli(tmp_path, "lager-ny-kommune", "Havvik kommune", "--url", pg_url, "--uten-passord")
    assert code == 0 and "Laget brukeren iktplan_havvik og skjemaet kommune_havvik" in output, output
    url = re.search(r'url = "([^"]+)"', output).group(1)
    assert url.startswith("postgresql://iktplan_havvik@")
    try:
        havvik = municipality(tmp_path / "havvik", url, "Havvik kommune", "del_barometer = false")
        code, output = cli(havvik.root, "demo", str(havvik.root))
        assert code == 0 and "Dokumentene er nå versjon 1" in output, output
        with open_store(havvik) as store:
            assert store.schema == "kommune_havvik" and len(store.submissions()) == len(HAVVIK_FORMS)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute('DROP OWNED BY "iktplan_havvik" CASCADE')
            admin.execute('DROP ROLE IF EXISTS "iktplan_havvik"')


def test_the_copy_keeps_the_adopted_plan_and_the_follow_up_forms(demo_workspace, tmp_path, pg_url):
    from support.followupforms import fill_followup

    ws = copy_workspace(demo_workspace, tmp_path / "oppfolging")
    assert cli(ws.root, "vedta", "--dato", "10.12.2026")[0] == 0
    assert cli(ws.root, "oppfolging", "--ar", "2027")[0] == 0
    form = sorted((ws.forms / "Oppfølging 2027").glob("*.xlsx"))[0]
    fill_followup(form, ws.inbox / "svar.xlsx")
    fill_followup(form, ws.inbox / "feil.xlsx", extra_rows=[{"Tiltak": "XYZ-9", "Status": "Pågår"}])
    assert cli(ws.root, "run")[0] == 0
    before = everything(ws)
    assert len(before["baselines"]) == 1 and len(before["followups"]) == 2
    pg = use_postgres(ws, pg_url)
    code, output = cli(pg.root, "kopier-lager")
    assert code == 0, output
    assert everything(pg) == before
    with open_store(pg) as store:
        for r in store.followups():
            assert store.file_bytes(r.sha256) == (pg.root / r.stored_path).read_bytes()
