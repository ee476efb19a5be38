"""Mutations of real, valid forms fed through the intake, and of a real store
file under ``iktplan run``: zero crashes, zero hangs, zero losses. A bounded run
here; ``benchmarks/fuzz.py`` runs as long as you like (see its docstring)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from pipeline.intake.store import Store
from pipeline.workspace import init_workspace

FUZZ = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz.py"
COUNT = int(os.environ.get("IKTPLAN_FUZZ_COUNT", "150"))
STORE_COUNT = int(os.environ.get("IKTPLAN_FUZZ_STORE_COUNT", "6"))


def load_fuzz():
    spec = importlib.util.spec_from_file_location("iktplan_fuzz", FUZZ)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fuzz():
    return load_fuzz()


def test_mutated_forms_never_crash_hang_or_get_lost(fuzz, tmp_path, blank_form):
    ws = init_workspace(tmp_path / "ws")
    forms = fuzz.seed_forms(blank_form, tmp_path)
    result = fuzz.fuzz(ws, forms, count=COUNT, seconds=120, seed=int(os.environ.get("IKTPLAN_FUZZ_SEED", "1")),
                       parse_seconds=10)
    assert result.inputs == COUNT, f"only {result.inputs} inputs in the time allowed"
    assert result.ok, "\n".join(result.crashes + result.hangs + result.losses)
    assert set(result.mutations) == set(fuzz.MUTATIONS)  # every kind of mutation was tried
    # The mutations reach the parser (not only the zip checks) and some survive as valid forms.
    assert result.causes["ok"] > 0 and result.causes["unreadable"] + result.causes["invalid"] > 0
    with Store(ws.database) as store:
        assert len(store.submissions()) == COUNT  # every input recorded exactly once


def test_each_mutation_changes_the_form(fuzz, blank_form, tmp_path):
    import random

    forms = fuzz.seed_forms(blank_form, tmp_path)[:2]
    for name, mutate in fuzz.MUTATIONS.items():
        rng = random.Random(7)
        changed = sum(mutate(rng, forms[0], forms) != forms[0] for _ in range(5))
        assert changed >= 4, name


def test_a_damaged_store_file_stops_the_run_cleanly_and_is_rebuilt_to_the_same_model(fuzz, demo_workspace, tmp_path):
    result = fuzz.fuzz_store(demo_workspace, tmp_path, count=STORE_COUNT,
                             seed=int(os.environ.get("IKTPLAN_FUZZ_SEED", "1")))
    assert result.ok, "\n".join(result.crashes + result.losses + result.wrong)
    assert set(result.mutations) == set(fuzz.STORE_MUTATIONS)  # every kind of damage was tried
    assert result.stopped + result.correct == STORE_COUNT
    assert result.recovered == result.stopped  # every store that stopped a run was rebuilt to the same model


FUZZ_NAMES = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz_names.py"


def test_hostile_file_and_attachment_names_never_crash_lose_or_garble(tmp_path, blank_form):
    spec = importlib.util.spec_from_file_location("iktplan_fuzz_names", FUZZ_NAMES)
    names = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = names
    spec.loader.exec_module(names)
    forms = load_fuzz().seed_forms(blank_form, tmp_path)[:3]
    ws = init_workspace(tmp_path / "ws")
    result = names.fuzz_names(ws, forms, rounds=int(os.environ.get("IKTPLAN_FUZZ_NAME_ROUNDS", "6")),
                              seed=int(os.environ.get("IKTPLAN_FUZZ_SEED", "1")))
    assert result.files > 60 and result.attachments >= 24
    assert result.ok, "\n".join(result.crashes + result.losses + result.unreadable)
