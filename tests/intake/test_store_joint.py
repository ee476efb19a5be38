"""What the member municipalities share with the IKT-samarbeid's secretariat, read from a
real PostgreSQL store with the secretariat's own login: only the municipalities that
consented (``del_tiltak``), only systems and measures, never a person or a comment."""

from __future__ import annotations

import pytest

from pipeline.errors import StoreError
from pipeline.intake.samarbeid import secretariat_role_for
from pipeline.intake.store_joint import read_members
from pipeline.intake.store_postgres import add_municipality, add_secretariat
from pipeline.intake.store_settings import Sharing, StoreSettings
from support.examples import demo_submissions
from support.stores import add_accepted, drop_roles, open_test_store

psycopg = pytest.importorskip("psycopg")


@pytest.fixture(scope="module")
def forms(config, blank_form, tmp_path_factory):
    return demo_submissions(config, blank_form, tmp_path_factory.mktemp("demo"))


@pytest.fixture
def secretariat(pg_url):
    role, url = add_secretariat(pg_url, "Fjordregionen IKT", None)
    yield url
    drop_roles(pg_url, role)


def members(pg_url, tmp_path, forms, **consents):
    for name, sharing in consents.items():
        with open_test_store(pg_url, tmp_path, municipality=f"{name} kommune", lock=True) as store:
            store.register(sharing)
            add_accepted(store, forms, units=3 if name == "Havvik" else None)


def test_the_secretariat_reads_the_systems_and_measures_of_those_who_share_them(pg_url, tmp_path, forms,
                                                                               secretariat):
    members(pg_url, tmp_path, forms, Fjordvik=Sharing(True, True, True), Havvik=Sharing(False, False, True),
            Nordvik=Sharing(True, True, False))
    units = read_members(StoreSettings(url=secretariat))
    assert sorted({u.municipality for u in units}) == ["Fjordvik kommune", "Havvik kommune"]  # not Nordvik
    fjordvik = [u for u in units if u.municipality == "Fjordvik kommune"]
    assert sorted(u.name for u in fjordvik) == sorted(s.content.unit.name for s in forms)
    assert len([u for u in units if u.municipality == "Havvik kommune"]) == 3
    for u in fjordvik:
        form = next(s.content for s in forms if s.content.unit.name == u.name)
        assert u.service_area == form.unit.service_area
        assert [(m.nr, m.title, m.description, m.investment, m.operating_cost, m.benefit, m.period,
                 m.duration_months, m.category) for m in u.measures] == [
            (m.nr, m.title, m.description, m.investment, m.operating_cost, m.benefit, m.period, m.duration_months,
             m.category) for m in form.measures]
        assert [(s.name, s.supplier, s.users, s.satisfaction, s.lifecycle) for s in u.systems] == [
            (s.name, s.supplier, s.users, s.satisfaction, s.lifecycle) for s in form.systems]
    shared = repr(units)
    for s in forms:  # no person, no e-mail, no comment
        for secret in (s.content.unit.contact, s.content.unit.email,
                       *(m.responsible for m in s.content.measures if m.responsible),
                       *(x.comment for x in s.content.systems if x.comment),
                       *(b.comment for b in s.content.barometer if b.comment),
                       *(p.description for p in s.content.problems)):
            assert secret not in shared, secret
    with open_test_store(pg_url, tmp_path, municipality="Havvik kommune", lock=True) as store:
        store.register(Sharing(False, False, False))  # consent withdrawn: gone at the next reading
    assert {u.municipality for u in read_members(StoreSettings(url=secretariat))} == {"Fjordvik kommune"}


def test_the_secretariat_login_can_read_nothing_else(pg_url, tmp_path, forms, secretariat):
    members(pg_url, tmp_path, forms, Fjordvik=Sharing(True, True, True))
    assert secretariat.startswith(f"postgresql://{secretariat_role_for('Fjordregionen IKT')}@")
    with psycopg.connect(secretariat, autocommit=True) as conn:
        for forbidden in ("SELECT COUNT(*) FROM kommune_fjordvik.submissions",
                          "SELECT COUNT(*) FROM iktplan_felles.kommuner",
                          "SELECT * FROM iktplan_felles.barometer_per_omrade('kommune_fjordvik', 1)",
                          "SELECT iktplan_felles.registrer('kommune_fjordvik', 'X', true, true, true)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(forbidden)


def test_a_municipality_login_is_refused_and_told_which_login_to_ask_for(pg_url, tmp_path, forms):
    role, _, url = add_municipality(pg_url, "Havvik kommune", None)
    try:
        with pytest.raises(StoreError, match="iktplan lager-nytt-sekretariat") as caught:
            read_members(StoreSettings(url=url))
        assert "har ikke lov til å lese samarbeidsoversikten" in str(caught.value)
    finally:
        drop_roles(pg_url, role)


def test_without_a_store_url_it_says_where_to_set_one():
    with pytest.raises(StoreError, match=r"\[lager\] url"):
        read_members(StoreSettings())


def test_a_store_no_municipality_has_used_yet_is_explained(pg_url):
    with pytest.raises(StoreError, match="ikke satt opp for samarbeid ennå"):
        read_members(StoreSettings(url=pg_url))
