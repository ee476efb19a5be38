"""Stores for the tests: a real demo workspace, the CLI as the secretariat runs it,
and the store read back whatever the backend. (The damage a store file suffers
in real life is in ``benchmarks/fuzz.py``, which mutates stores as it mutates forms.)"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.fileio import TEMP_PREFIX
from pipeline.workspace import Workspace
from support.paths import REPO

def cli(root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> tuple[int, str]:
    """``python -m pipeline -w ROOT ARGS`` as the secretariat runs it: (exit code, stdout + stderr)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IKTPLAN_FAULT")}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), clean.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(root), *args], env={**clean, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout + done.stderr


def make_demo_workspace(root: Path, rounds: int = 2) -> Workspace:
    """A real workspace after *rounds* of ``iktplan demo``: with two, 10 submissions (one
    rejected, then corrected; a second revision), 2 document versions, receipts, archive."""
    for _ in range(rounds):
        code, output = cli(root, "demo", str(root))
        assert code == 0, output
    return Workspace(root)


def copy_workspace(source: Workspace, where: Path) -> Workspace:
    shutil.copytree(source.root, where)
    return Workspace(where)


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file under *folder* (relative path → SHA-256), but the temporary files of an
    interrupted write (a run tidies those): to prove nothing was overwritten."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(TEMP_PREFIX)}


def submissions_table(store) -> list[tuple]:
    """The submissions as (id, status, unit, revision, sha256, duplicate of), whatever the backend."""
    return [(r.id, r.status, r.unit_key, r.revision, r.sha256, r.duplicate_of) for r in store.submissions()]


def open_test_store(backend: str, tmp_path: Path, municipality: str = "Fjordvik kommune", lock: bool = False):
    """A store for a test: ``"sqlite"`` (a file in *tmp_path*) or a PostgreSQL URL (the *municipality*'s schema)."""
    if backend == "sqlite":
        from pipeline.intake.store import Store

        return Store(tmp_path / "db.sqlite")
    from pipeline.intake.store_postgres import PostgresStore
    from pipeline.intake.store_settings import StoreSettings

    return PostgresStore(StoreSettings(url=backend), municipality=municipality, lock=lock)


def use_postgres(ws: Workspace, url: str, extra: str = "") -> Workspace:
    """Point *ws* at the PostgreSQL store at *url* (``[lager] url`` in its ``strategi.toml``)."""
    text = ws.config_path.read_text("utf-8")
    ws.config_path.write_text(f"{text}\n[lager]\nurl = \"{url}\"\n{extra}", "utf-8")
    return ws
