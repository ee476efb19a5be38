"""The documentation in the repository: links that resolve, the README's commands as
CI runs them, and the exit codes as the command line really gives them."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time

import pytest

from support.paths import REPO
from support.signals import default_sigint

DOCS = sorted((REPO / "docs").glob("*.md"))


def code_block_after(text: str, marker: str) -> str:
    """The first line of the first fenced code block after *marker*."""
    rest = text[text.index(marker):]
    block = re.search(r"```\w*\n(.*?)\n```", rest, re.DOTALL)
    assert block, f"no code block after {marker!r}"
    return block.group(1).splitlines()[0]


def test_the_secretariat_docs_exist_and_every_relative_link_resolves():
    names = {p.name for p in DOCS}
    assert {"kartleggingsskjema.md", "dokumenter.md", "konfigurasjon.md", "malvariabler.md", "sekretariat.md",
            "avslutningskoder.md"} <= names
    for page in [REPO / "README.md", REPO / "CHANGELOG.md", *DOCS]:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text("utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.exists(), f"{page.name} links to {target}, which does not exist"
            assert REPO in path.parents or path == REPO, f"{page.name} links outside the repository: {target}"


def test_ci_runs_the_readme_test_command_verbatim_and_the_demo_command_first():
    readme = (REPO / "README.md").read_text("utf-8")
    test_command = code_block_after(readme, "Run the tests")
    ci = [line for line in (REPO / ".ci" / "run").read_text("utf-8").splitlines() if line.strip()]
    assert ci[-1] == test_command
    assert "bash .ci/readme_demo.sh" in ci
    demo = code_block_after(readme, "<!-- ci: demo command")
    assert demo.startswith("python3 -m venv .venv && ") and "-c constraints.txt" in demo
    extracted = subprocess.run(
        ["awk", "/<!-- ci: demo command/ {found=1; next} found && /^```/ {if (open) exit; open=1; next} "
                "open {print; exit}", "README.md"], cwd=REPO, capture_output=True, text=True, check=True)
    assert extracted.stdout.strip() == demo  # what .ci/readme_demo.sh runs is what the README shows


def test_the_license_is_the_one_pyproject_declares():
    assert (REPO / "LICENSE").read_text("utf-8").startswith("MIT License")
    assert 'license = { text = "MIT" }' in (REPO / "pyproject.toml").read_text("utf-8")


def documented_codes() -> set[int]:
    text = (REPO / "docs" / "avslutningskoder.md").read_text("utf-8")
    return {int(code) for code in re.findall(r"^\| `(\d+)` \|", text, re.MULTILINE)}


def iktplan(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_the_exit_codes_are_documented_and_are_the_ones_the_command_gives(tmp_path):
    assert documented_codes() == {0, 1, 2, 130}
    assert iktplan("--version").returncode == 0
    assert iktplan("kjør").returncode == 2
    assert iktplan("watch", "--intervall", "2").returncode == 2
    missing = iktplan("-w", str(tmp_path / "finnes-ikke"), "run")
    assert missing.returncode == 1 and missing.stderr.startswith("Feil: ")


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs SIGSTOP/SIGCONT and /proc (Linux)")
def test_ctrl_c_during_a_run_exits_with_130(tmp_path):
    assert iktplan("init", str(tmp_path / "ws")).returncode == 0
    env = dict(os.environ, IKTPLAN_FAULT="build.rendered", IKTPLAN_FAULT_ACTION="stop")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "-w", str(tmp_path / "ws"), "run"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint)
    try:
        deadline = time.monotonic() + 120
        while _state(proc.pid) != "T":  # stopped at the fault point, in the middle of the run
            assert proc.poll() is None and time.monotonic() < deadline, "the run never reached build.rendered"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGINT)
        os.kill(proc.pid, signal.SIGCONT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Avbrutt." in err and "Traceback" not in err


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def test_every_command_in_the_secretariat_guide_is_one_the_command_line_accepts():
    guide = (REPO / "docs" / "sekretariat.md").read_text("utf-8")
    commands = sorted({line[len("$ iktplan "):].strip() for line in guide.splitlines() if line.startswith("$ iktplan ")})
    assert {"init ~/ikt-strategi", "forms", "status", "run", "run --pdf", "check-templates"} <= set(commands)
    for command in commands:
        # --help is handled after the arguments are parsed, so an unknown command or option still fails (2)
        result = iktplan(*shlex.split(command), "--help")
        assert result.returncode == 0, f"«iktplan {command}»: {result.stderr}"
