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
    10 submissions (one rejected, then corrected; a second revision), 2 document versions."""
    from support.stores import make_demo_workspace

    return make_demo_workspace(tmp_path_factory.mktemp("demo") / "fjordvik")
