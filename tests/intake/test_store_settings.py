"""``[lager]`` and ``[samarbeid]`` in ``strategi.toml``: read and checked, in Norwegian; the
store's location is not part of what a document version is made from."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.intake.store_settings import Sharing, StoreSettings, store_settings, without_store_table
from support.paths import DEFAULTS

BASE = (DEFAULTS / "strategi.toml").read_text("utf-8")


def settings(tmp_path, extra: str):
    path = tmp_path / "strategi.toml"
    path.write_text(BASE + extra, "utf-8")
    return store_settings(load_config(path))


def test_without_the_tables_the_store_is_sqlite_and_nothing_is_shared(tmp_path):
    assert settings(tmp_path, "") == StoreSettings()


def test_the_tables_are_read(tmp_path):
    found = settings(tmp_path, '\n[lager]\nurl = "postgresql://iktplan@db/iktplan"\nskjema = "kommune_x"\n'
                               '\n[samarbeid]\ndel_barometer = true\nvis_navn = false\n')
    assert found == StoreSettings("postgresql://iktplan@db/iktplan", "kommune_x", Sharing(True, False))


@pytest.mark.parametrize("extra, message", [
    ('\n[lager]\nurl = "mysql://db/x"\n', "skal begynne med postgresql://"),
    ('\n[lager]\nurl = 5\n', "skal være en tekst"),
    ('\n[lager]\nadresse = "x"\n', r"Ukjent nøkkel «adresse» i \[lager\]"),
    ('\n[samarbeid]\ndel_barometer = "ja"\n', "skal være true eller false"),
    ('\n[samarbeid]\ndel_navn = true\n', r"Ukjent nøkkel «del_navn» i \[samarbeid\]"),
])
def test_mistakes_are_named_in_norwegian(tmp_path, extra, message):
    with pytest.raises(ConfigError, match=message):
        settings(tmp_path, extra)


def test_the_store_table_is_not_part_of_a_version():
    original = BASE.encode()
    assert without_store_table(original) == original  # a workspace without it: exactly as before
    moved = original + b'\n[lager]\nurl = "postgresql://iktplan@db/iktplan"  # til PostgreSQL\n'
    assert without_store_table(moved) == original
    middle = b'kommune = "X"\n\n[lager]\nurl = "postgresql://db/x"\n\n[samarbeid]\ndel_barometer = true\n'
    assert without_store_table(middle) == b'kommune = "X"\n[samarbeid]\ndel_barometer = true\n'
    windows = b'kommune = "X"\r\n[lager] # felles\r\nurl = "postgresql://db/x"\r\n[[enheter]]\r\nnavn = "A"\r\n'
    assert without_store_table(windows) == b'kommune = "X"\r\n[[enheter]]\r\nnavn = "A"\r\n'


def test_the_shipped_example_works_when_uncommented(tmp_path):
    lines = []
    for line in BASE.splitlines():
        if line.startswith(("# [lager]", "# url = \"postgresql", "# [samarbeid]", "# del_barometer", "# vis_navn")):
            line = line[2:]
        lines.append(line)
    path = tmp_path / "strategi.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    found = store_settings(load_config(path))
    assert found.url == "postgresql://iktplan@dbserver.kommune.no/iktplan" and found.schema is None
    assert found.sharing == Sharing(True, True)
