"""Several municipalities in one PostgreSQL store: each sees only its own; the IKT-barometer
is compared per area only with consent, by name only where a municipality allows it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from pipeline.intake.samarbeid import role_for, schema_for
from pipeline.intake.samarbeid import own_area_scores
from pipeline.intake.store_settings import Sharing
from support.examples import demo_submissions
from support.stores import open_test_store

psycopg = pytest.importorskip("psycopg")


@pytest.fixture(scope="module")
def forms(config, blank_form, tmp_path_factory):
    return demo_submissions(config, blank_form, tmp_path_factory.mktemp("demo"))


def fill(store, forms, lower: int = 0, units: int | None = None) -> None:
    """The demo's accepted forms (the first *units*), every barometer score lowered by *lower* (never below 1)."""
    for i, s in enumerate(forms[:units]):
        barometer = tuple(replace(b, score=max(1, b.score - lower)) if b.score is not None else b
                          for b in s.content.barometer)
        content = replace(s.content, barometer=barometer)
        store.add_submission(received_at=datetime.now(timezone.utc), original_name=s.original_name,
                             sha256=f"{getattr(store, 'schema', 'lokal')}-{i}", size=1, status="godkjent", unit_key=s.unit_key,
                             unit_name=content.unit.name, stored_path="p", content=content)


def municipalities(pg_url, tmp_path, forms, **consents):
    """Stores for each municipality (name → Sharing), filled with the demo's forms and their consent recorded."""
    stores = {}
    for n, (name, sharing) in enumerate(consents.items()):
        store = open_test_store(pg_url, tmp_path, municipality=f"{name} kommune", lock=True)
        store.register(sharing)
        fill(store, forms, lower=n)
        stores[name] = store
    return stores


def by_municipality(rows):
    out: dict[str, dict[str, tuple]] = {}
    for r in rows:
        out.setdefault(r.municipality, {})[r.area] = (r.own, r.named, r.answers, r.mean)
    return out


def test_own_figures_are_the_same_from_the_database_as_from_the_forms(pg_url, tmp_path, forms, config):
    stores = municipalities(pg_url, tmp_path, forms, Fjordvik=Sharing(True, True))
    try:
        rows = stores["Fjordvik"].barometer_comparison()
        oracle = own_area_scores(stores["Fjordvik"].latest_accepted(), "Fjordvik kommune")
        assert sorted(rows, key=lambda r: r.area) == oracle and oracle  # the SQL against the slow obvious version
        assert all(r.own and r.named for r in rows)
    finally:
        for s in stores.values():
            s.close()


def test_the_comparison_shows_only_those_who_share_and_names_only_those_who_allow_it(pg_url, tmp_path, forms):
    stores = municipalities(pg_url, tmp_path, forms, Fjordvik=Sharing(True, False), Havvik=Sharing(True, True),
                            Nordvik=Sharing(True, False), Sorvik=Sharing(False, True))
    try:
        seen = by_municipality(stores["Fjordvik"].barometer_comparison(min_answers=1))
        assert set(seen) == {"Fjordvik kommune", "Havvik kommune", "Kommune A"}  # Sørvik does not share
        assert all(own for own, *_ in seen["Fjordvik kommune"].values())
        assert all(named and not own for own, named, *_ in seen["Havvik kommune"].values())
        assert all(not named for _, named, *_ in seen["Kommune A"].values())  # Nordvik, anonymised
        # Havvik's scores were lowered by one: its means are lower in every area it shares.
        for area, (_, _, _, mean) in seen["Havvik kommune"].items():
            assert mean <= seen["Fjordvik kommune"][area][3]
        # Fjordvik shares without its name: the others see it anonymised, never by name.
        from_havvik = by_municipality(stores["Havvik"].barometer_comparison(min_answers=1))
        assert "Fjordvik kommune" not in from_havvik and {"Havvik kommune", "Kommune A", "Kommune B"} == set(from_havvik)
        # A municipality that does not share its own sees no one else's.
        assert set(by_municipality(stores["Sorvik"].barometer_comparison(min_answers=1))) == {"Sorvik kommune"}
        # Withdrawn consent (the next run reads [samarbeid] again): gone from the others' comparison.
        stores["Havvik"].register(Sharing(False, True))
        assert "Havvik kommune" not in by_municipality(stores["Fjordvik"].barometer_comparison(min_answers=1))
    finally:
        for s in stores.values():
            s.close()


def test_small_groups_of_other_municipalities_are_left_out(pg_url, tmp_path, forms):
    stores = {}
    try:
        stores["Fjordvik"] = open_test_store(pg_url, tmp_path, municipality="Fjordvik kommune", lock=True)
        stores["Havvik"] = open_test_store(pg_url, tmp_path, municipality="Havvik kommune", lock=True)
        for name, store in stores.items():
            store.register(Sharing(True, True))
        fill(stores["Fjordvik"], forms, units=1)
        fill(stores["Havvik"], forms, units=1)
        own = by_municipality(stores["Fjordvik"].barometer_comparison(min_answers=1000))
        assert set(own) == {"Fjordvik kommune"}  # its own figures always; Havvik's groups are too small
    finally:
        for s in stores.values():
            s.close()


def test_with_a_login_of_its_own_a_municipality_cannot_reach_another_ones_forms(pg_url, tmp_path, forms):
    from pipeline.intake.store_postgres import add_municipality

    made = []
    try:
        for name in ("Fjordvik kommune", "Havvik kommune"):
            role, schema, url = add_municipality(pg_url, name, None)
            made.append(role)
            assert (role, schema) == (role_for(name), schema_for(name))
            with open_test_store(url, tmp_path, municipality=name, lock=True) as store:
                assert store.schema == schema  # found through the role's own search_path
                store.register(Sharing(True, True))
                fill(store, forms, units=3)
        _, _, url_a = add_municipality(pg_url, "Fjordvik kommune", None)  # running it again changes nothing
        with psycopg.connect(url_a, autocommit=True) as a:
            for forbidden in ('SELECT COUNT(*) FROM kommune_havvik.submissions',
                              'SELECT COUNT(*) FROM iktplan_felles.kommuner',
                              "SELECT iktplan_felles.registrer('kommune_havvik', 'Havvik kommune', false, false, true)",
                              "SELECT * FROM iktplan_felles.tiltak_og_systemer()"):  # the secretariat's alone
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    a.execute(forbidden)
            assert a.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 3  # its own
        with open_test_store(url_a, tmp_path, municipality="Fjordvik kommune") as store:
            assert {"Fjordvik kommune", "Havvik kommune"} == set(by_municipality(store.barometer_comparison(1)))
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            for role in made:
                admin.execute(f'DROP OWNED BY "{role}" CASCADE')
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_sqlite_holds_one_municipality_and_compares_with_itself(tmp_path, forms):
    from pipeline.intake.store import Store

    with Store(tmp_path / "s.sqlite") as store:
        store.municipality_name = "Fjordvik kommune"
        fill(store, forms)
        rows = store.barometer_comparison()
        assert rows == own_area_scores(store.latest_accepted(), "Fjordvik kommune") and rows


# A shared schema as iktplan's first version with it (FELLES_VERSION 1) left it: no
# del_tiltak, registrer with four arguments, no function for the secretariat.
_VERSION_1 = (
    "DROP FUNCTION iktplan_felles.tiltak_og_systemer()",
    "DROP FUNCTION iktplan_felles.registrer(text, text, boolean, boolean, boolean)",
    "ALTER TABLE iktplan_felles.kommuner DROP COLUMN del_tiltak",
    """CREATE FUNCTION iktplan_felles.registrer(skjema_ text, navn_ text, del_ boolean, vis_ boolean)
       RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
       BEGIN
         IF NOT has_schema_privilege(session_user, quote_ident(skjema_), 'CREATE') THEN
           RAISE EXCEPTION 'ingen rett' USING ERRCODE = '42501';
         END IF;
         INSERT INTO iktplan_felles.kommuner AS k (skjema, navn, del_barometer, vis_navn) VALUES (skjema_, navn_, del_, vis_)
         ON CONFLICT (skjema) DO UPDATE SET navn = excluded.navn, del_barometer = excluded.del_barometer,
                                            vis_navn = excluded.vis_navn;
       END $$""",
    "UPDATE iktplan_felles.versjon SET versjon = 1",
)


def test_a_shared_schema_from_an_older_iktplan_works_until_the_administrator_upgrades_it(pg_url, tmp_path, forms):
    from pipeline.intake.store_postgres import add_municipality

    role, _, url = add_municipality(pg_url, "Fjordvik kommune", None)
    try:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            for statement in _VERSION_1:
                admin.execute(statement)
        # The municipality's own login may not upgrade it: it registers the old way, and its runs go on.
        with open_test_store(url, tmp_path, municipality="Fjordvik kommune", lock=True) as store:
            store.register(Sharing(True, True, True))
            fill(store, forms, units=2)
            assert {r.municipality for r in store.barometer_comparison(1)} == {"Fjordvik kommune"}
        with psycopg.connect(pg_url, autocommit=True) as admin:
            assert admin.execute("SELECT versjon FROM iktplan_felles.versjon").fetchone()[0] == 1
        add_municipality(pg_url, "Fjordvik kommune", None)  # the administrator, with this iktplan: upgraded
        with open_test_store(url, tmp_path, municipality="Fjordvik kommune", lock=True) as store:
            store.register(Sharing(True, True, True))
        with psycopg.connect(pg_url, autocommit=True) as admin:
            assert admin.execute("SELECT versjon FROM iktplan_felles.versjon").fetchone()[0] == 2
            assert admin.execute("SELECT navn, del_barometer, del_tiltak FROM iktplan_felles.kommuner").fetchall() == [
                ("Fjordvik kommune", True, True)]
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f'DROP OWNED BY "{role}" CASCADE')
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_the_comparison_state_follows_the_others_submissions_and_consent_and_nothing_else(pg_url, tmp_path, forms):
    from pipeline.intake.samarbeid import comparison_state

    stores = municipalities(pg_url, tmp_path, forms, Fjordvik=Sharing(True, True), Havvik=Sharing(True, False),
                            Sorvik=Sharing(False, True))
    try:
        fjordvik = stores["Fjordvik"]
        state = comparison_state(fjordvik, Sharing(True, True))
        assert state and comparison_state(fjordvik, Sharing(False, True)) == ""  # no consent: nothing to follow
        fill(fjordvik, forms, units=1)  # its own new submission: followed by its own state token, not here
        stores["Sorvik"].register(Sharing(False, False))  # someone it cannot see
        fill(stores["Sorvik"], forms, units=1)
        assert comparison_state(fjordvik, Sharing(True, True)) == state
        fill(stores["Havvik"], forms, units=1)  # a submission of someone it sees
        moved = comparison_state(fjordvik, Sharing(True, True))
        assert moved != state
        stores["Havvik"].register(Sharing(True, True))  # now by name
        named = comparison_state(fjordvik, Sharing(True, True))
        assert named != moved
        stores["Sorvik"].register(Sharing(True, True))  # a new one to compare with
        assert comparison_state(fjordvik, Sharing(True, True)) != named
    finally:
        for s in stores.values():
            s.close()
