"""Shared fixtures: the default configuration, the project's own blank form, and
a factory that fills it in the way a unit would (values typed as text where a
unit types text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from support.paths import DEFAULTS


@pytest.fixture(scope="session")
def config():
    return load_config(DEFAULTS / "strategi.toml")


@pytest.fixture(scope="session")
def blank_form(tmp_path_factory, config) -> Path:
    from pipeline.forms.blankform import write_blank_form

    path = tmp_path_factory.mktemp("skjema") / "Kartleggingsskjema.xlsx"
    write_blank_form(config, path)
    return path


@pytest.fixture
def make_form(blank_form, tmp_path):
    """``make_form(name="x.xlsx", unit={...}, problems=[...], ...) -> Path``.

    Starts from the blank form and writes cells keyed by the contract's header
    texts; anything not given is taken from a small valid example unit."""
    from pipeline.forms.formfill import example_unit, fill_form

    def make(name: str = "skjema.xlsx", **parts) -> Path:
        out = tmp_path / name
        data = example_unit()
        data.update(parts)
        fill_form(blank_form, out, **data)
        return out

    return make


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory):
    """A real workspace after two rounds of ``iktplan demo`` (made once; copy it before changing it):
    11 submissions (one rejected, then corrected; a second revision; number 11 held for the
    secretariat: «Kulturhuset og bibloteket»), 2 document versions."""
    from support.stores import make_demo_workspace

    return make_demo_workspace(tmp_path_factory.mktemp("demo") / "fjordvik")


# --- PostgreSQL: one throwaway server per test session, started from Debian's binaries ----------


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server on localhost for this test session, stopped and removed afterwards.
    Skipped with the reason where there is no server to start; under ``CI=true`` (``.ci/run``,
    which installs it) that is a failure instead."""
    import os

    from support.pgserver import PostgresServer, PostgresUnavailable

    pytest.importorskip("psycopg", reason="psycopg er ikke installert (pip install '.[postgres]')")
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL could not be started (tests/setup_postgres.sh installs it): {exc}")
        pytest.skip(f"PostgreSQL er ikke tilgjengelig: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(postgres_server):
    """URL of an empty database of this test's own, dropped afterwards."""
    from support.pgserver import fresh_database

    with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    """Run a test against both stores: ``"sqlite"``, or a PostgreSQL URL of its own."""
    if request.param == "sqlite":
        return "sqlite"
    return request.getfixturevalue("pg_url")
