"""The architecture holds: the stages are rooms (sub-packages of ``pipeline``) and
imports go one way, down. The rules are import-linter contracts in
``pyproject.toml`` (``[tool.importlinter]``); import-linter follows every import,
also those inside functions and under ``TYPE_CHECKING``. The tests keep their own
rule: shared builders live in ``tests/support``, and no test module imports
another test module or ``conftest``."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from support.paths import REPO

TESTS = REPO / "tests"
#: The ``lint-imports`` command (its console-script entry point), run with this interpreter.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def test_imports_keep_the_architecture_contracts():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
           "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-c", LINT_IMPORTS, "--no-cache"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    report = done.stdout[done.stdout.find("Contracts"):] + done.stderr
    assert done.returncode == 0, "import-linter fant brudd på arkitekturen:\n" + report
    assert "0 broken" in report and "kept" in report, report


def imported_modules(path) -> set[str]:
    """Top-level names of everything *path* imports, wherever in the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_test_module_imports_another_test_module_or_conftest():
    sources = sorted(TESTS.rglob("*.py"))
    assert len(sources) > 30  # the walk really found the suite
    test_modules = {p.stem for p in sources if p.stem.startswith("test_")} | {"conftest"}
    wrong = {str(p.relative_to(TESTS)): sorted(imported_modules(p) & test_modules) for p in sources}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_test_module_names_are_unique_for_pytests_default_import_mode():
    names = [p.stem for p in TESTS.rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
