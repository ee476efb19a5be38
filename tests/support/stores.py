"""Stores for the tests: a real demo workspace, the CLI as the secretariat runs it,
the store read back whatever the backend, and stores as older versions of iktplan
left them. (The damage a store file suffers in real life is in
``benchmarks/fuzz.py``, which mutates stores as it mutates forms.)"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.core.model import FormContent
from pipeline.core.submission import SubmissionStatus
from pipeline.fileio import TEMP_PREFIX
from pipeline.intake.store import Store
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
    """A real workspace after *rounds* of ``iktplan demo``: with two, 11 submissions (one
    rejected, then corrected; a second revision; one held for the secretariat), 2 document
    versions, receipts, archive."""
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
        return Store(tmp_path / "db.sqlite")
    from pipeline.intake.store_postgres import PostgresStore
    from pipeline.intake.store_settings import StoreSettings

    return PostgresStore(StoreSettings(url=backend), municipality=municipality, lock=lock)


def use_postgres(ws: Workspace, url: str, extra: str = "") -> Workspace:
    """Point *ws* at the PostgreSQL store at *url* (``[lager] url`` in its ``strategi.toml``)."""
    text = ws.config_path.read_text("utf-8")
    ws.config_path.write_text(f"{text}\n[lager]\nurl = \"{url}\"\n{extra}", "utf-8")
    return ws


# --- stores as older versions of iktplan left them ---------------------------------------

#: «Teknisk drift» as it arrives copied out of Teams, SharePoint and Word:
#: plain, with a zero-width space, with a soft hyphen, with a byte order mark.
TEKNISK_DRIFT = ("Teknisk drift", "Teknisk\u200b drift", "Tek\u00adnisk drift", "\ufeffTeknisk drift")


def key_version_1(name: str) -> str:
    """``model.unit_key`` before ``identity.KEY_VERSION`` 2: NFC, spaces collapsed, case-folded."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def store_with_version_1_keys(path: Path, forms: list[FormContent]) -> None:
    """A real store, as iktplan made it before ``identity.KEY_VERSION`` 2: each
    of *forms* accepted in turn, one hour apart, under the unit key the old
    normaliser made of its unit name (so invisible characters made new units),
    and no record of the key version."""
    start = datetime(2027, 1, 11, 9, 0, tzinfo=timezone.utc)
    with Store(path) as store:
        for i, content in enumerate(forms):
            store.add_submission(
                received_at=start + timedelta(hours=i), original_name=f"skjema{i}.xlsx", sha256=f"{i:064x}",
                size=1000, status=SubmissionStatus.ACCEPTED, unit_key=key_version_1(content.unit.name),
                unit_name=content.unit.name, stored_path=f".iktplan/innleveringer/{i:064x}.xlsx", content=content,
            )
        store.db.execute("DELETE FROM meta WHERE key = 'unit_keys'")


def add_accepted(store, submissions, *, lower: int = 0, units: int | None = None) -> None:
    """Record *submissions* (the first *units*) in *store* as accepted, every barometer score
    lowered by *lower* (never below 1): a municipality whose units answered otherwise."""
    from dataclasses import replace as with_

    for i, s in enumerate(submissions[:units]):
        barometer = tuple(with_(b, score=max(1, b.score - lower)) if b.score is not None else b
                          for b in s.content.barometer)
        content = with_(s.content, barometer=barometer)
        store.add_submission(received_at=datetime.now(timezone.utc), original_name=s.original_name,
                             sha256=f"{getattr(store, 'schema', 'lokal')}-{i}", size=1,
                             status=SubmissionStatus.ACCEPTED, unit_key=s.unit_key, unit_name=content.unit.name,
                             stored_path="p", content=content)


def drop_roles(admin_url: str, *roles: str) -> None:
    """Remove login roles a test made (roles belong to the whole server, not one database)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        for role in roles:
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                admin.execute(f'DROP OWNED BY "{role}" CASCADE')
                admin.execute(f'DROP ROLE "{role}"')
