"""What pipeline/ imports is declared in pyproject.toml, and the tested versions are
pinned in constraints.txt (and are the ones installed)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, version

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from support.paths import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
RUNTIME = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
TEST = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
#: Extras a secretariat installs for a feature (``iktplan[postgres]``): the
#: modules that need them import them only when that feature is configured.
OPTIONAL = {canonicalize_name(Requirement(r).name)
            for extra, reqs in PYPROJECT["project"]["optional-dependencies"].items() if extra != "test" for r in reqs}


def pins(every_platform: bool = False) -> dict[str, str]:
    """Name → pinned version; only those for this platform unless *every_platform*."""
    found = {}
    for line in (REPO / "constraints.txt").read_text("utf-8").splitlines():
        line, _, marker = line.split("#")[0].partition(";")
        line = line.strip()
        if line and (every_platform or not marker.strip() or Marker(marker.strip()).evaluate()):
            name, _, pinned = line.partition("==")
            assert pinned, f"constraints.txt: «{line}» is not pinned with =="
            found[canonicalize_name(name)] = pinned
    return found


def third_party_imports(folder: str) -> dict[str, set[str]]:
    """Top-level module → the files that import it, for every module outside the
    standard library and the project."""
    found: dict[str, set[str]] = {}
    for path in (REPO / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("pipeline", "support", "benchmarks", "tests"):
                    found.setdefault(top, set()).add(str(path.relative_to(REPO)))
    return found


_PROVIDERS = packages_distributions()


def distributions(module: str) -> set[str]:
    return {canonicalize_name(d) for d in _PROVIDERS.get(module, [])}


def test_everything_the_package_imports_is_a_declared_dependency():
    undeclared = {m: sorted(files) for m, files in third_party_imports("pipeline").items()
                  if not distributions(m) & (RUNTIME | OPTIONAL)}
    assert not undeclared, f"imported by pipeline/ but not in [project] dependencies or an extra: {undeclared}"


def test_everything_the_tests_import_is_declared():
    undeclared = {m: sorted(files) for m, files in third_party_imports("tests").items()
                  if not distributions(m) & (RUNTIME | TEST)}
    assert not undeclared, f"imported by tests/ but not declared: {undeclared}"


def test_every_dependency_is_pinned_in_the_constraints_file():
    pinned = pins(every_platform=True)
    assert not (RUNTIME | TEST) - set(pinned), "add these to constraints.txt: " + ", ".join(sorted((RUNTIME | TEST) - set(pinned)))


def test_the_installed_versions_are_the_pinned_ones():
    """The suite runs against the versions in constraints.txt («pip install -c constraints.txt»)."""
    wrong = {}
    for name, pinned in pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong[name] = (pinned, None)
            continue
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert not wrong, (f"installed versions differ from constraints.txt (pinned, installed): {wrong}. Install with "
                       "«pip install -c constraints.txt -e .[test]», or update the pins deliberately.")


def test_the_readme_and_ci_install_with_the_constraints():
    readme = (REPO / "README.md").read_text("utf-8")
    assert re.search(r"pip install -c constraints\.txt \.", readme)
    assert "-c constraints.txt" in (REPO / "tests" / "setup.sh").read_text("utf-8")
