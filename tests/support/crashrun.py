"""The crash scenario: a workspace that takes every path of the intake in one
run, ``iktplan run`` as a real process, and the invariants a killed run must keep
and the next run must restore."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

from pipeline import build
from pipeline.core.submission import SubmissionStatus
from support.documents import DOCUMENTS, OVERVIEW_NAME
from pipeline.forms.formfill import example_unit, fill_form
from pipeline.intake.inbox import is_ignored
from pipeline.intake.store import open_store
from pipeline.workspace import Workspace, init_workspace
from support.paths import REPO as ROOT
from support.stores import use_postgres


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None
            ) -> subprocess.Popen:
    """``python -m pipeline -w ROOT run`` (or *args*) as a real process, without inherited fault
    settings; *prefix* runs it under another command (e.g. :func:`as_unprivileged`)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IKTPLAN_FAULT")}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), clean.get("PYTHONPATH")]))
    return subprocess.Popen(
        [*(prefix or []), sys.executable, "-m", "pipeline", "-w", os.fsdecode(root), *(args or ("run",))],
        env={**clean, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8", errors="strict",  # what the secretariat's terminal must be able to show
    )


def iktplan(root: Path, *args: str, timeout: float = 300, prefix: list[str] | None = None) -> tuple[int, str]:
    """Run ``iktplan -w ROOT ARGS`` (default ``run``) to the end: (exit code, stdout + stderr)."""
    return finish(run_cli(root, *args, prefix=prefix), timeout)


def _can(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def as_unprivileged() -> list[str] | None:
    """A prefix that makes file permissions bind (root ignores them unless it drops
    the capabilities); None where that cannot be done here."""
    if os.geteuid() != 0:
        return []
    caps = "--bounding-set=-dac_override,-dac_read_search,-fowner"
    if shutil.which("setpriv") and _can(["setpriv", caps, "true"]):
        return ["setpriv", caps, "--"]
    return None


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out + err


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: The document a person has edited by hand in ``outbox/`` before the scenario's run.
EDITED = "Saksframlegg.docx"


class Scenario:
    """A workspace with one accepted form and documents (version 1), one of them
    edited by hand, and an inbox holding a new revision, a rejected file, a duplicate
    and a form from a unit name not on the list (held for the secretariat): every
    path of the intake and of publishing.

    *postgres*: a :class:`~support.pgserver.PostgresServer` to keep the store in
    (None: SQLite). Each :meth:`copy` then gets a database of its own, copied from
    the scenario's (``CREATE DATABASE … TEMPLATE``)."""

    def __init__(self, base: Path, blank: Path, postgres=None):
        self.base = base
        self.postgres = postgres
        ws = init_workspace(base)
        self.database = None
        if postgres is not None:
            self.database = _new_database(postgres)
            use_postgres(ws, postgres.url_for(self.database))
        shutil.copyfile(blank, ws.blank_form)
        first = example_unit()
        fill_form(ws.blank_form, ws.inbox / "a.xlsx", **first)
        self.dropped = {"a.xlsx": (ws.inbox / "a.xlsx").read_bytes()}
        report = build.run(ws)
        assert report.version == 1 and [o.status for o in report.outcomes] == ["godkjent"]
        from docx import Document

        edited = Document(str(ws.outbox / EDITED))
        edited.add_paragraph("Lagt til for hånd i Word.")
        edited.save(str(ws.outbox / EDITED))
        self.edited = (ws.outbox / EDITED).read_bytes()
        revised = example_unit()
        revised["measures"] = revised["measures"][:1]  # a smaller form: the model really changes
        fill_form(ws.blank_form, ws.inbox / "b.xlsx", **revised)
        (ws.inbox / "c.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
        (ws.inbox / "d.xlsx").write_bytes(self.dropped["a.xlsx"])
        mistyped = example_unit()
        mistyped["unit"] = {**mistyped["unit"], "enhet": "Fjordvik barneskule"}
        fill_form(ws.blank_form, ws.inbox / "e.xlsx", **mistyped)
        for i, name in enumerate(("b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx")):
            os.utime(ws.inbox / name, ns=(1_900_000_000 * 10**9 + i, 1_900_000_000 * 10**9 + i))
            self.dropped[name] = (ws.inbox / name).read_bytes()
        self.expected = {"a.xlsx": (SubmissionStatus.ACCEPTED, 1), "b.xlsx": (SubmissionStatus.ACCEPTED, 2),
                         "c.xlsx": (SubmissionStatus.REJECTED, None), "d.xlsx": (SubmissionStatus.DUPLICATE, None),
                         "e.xlsx": (SubmissionStatus.HELD, None)}

    @property
    def backend(self) -> str:
        return "sqlite" if self.postgres is None else "postgresql"

    def copy(self, where: Path) -> Workspace:
        shutil.copytree(self.base, where)
        ws = Workspace(where)
        if self.postgres is not None:
            url = self.postgres.url_for(_new_database(self.postgres, template=self.database))
            ws.config_path.write_text(re.sub(r'url = "[^"]*"', f'url = "{url}"', ws.config_path.read_text("utf-8")),
                                      "utf-8")
        return ws


def _new_database(server, template: str | None = None) -> str:
    """A database of its own on *server* (a copy of *template*), kept until the server stops."""
    import time
    import uuid

    import psycopg

    name = "k_" + uuid.uuid4().hex[:12]
    deadline = time.monotonic() + 10
    with psycopg.connect(server.url, autocommit=True) as admin:
        while True:
            try:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"')
                return name
            except psycopg.errors.ObjectInUse:  # the template's last session is still closing
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


def rows(ws: Workspace) -> list:
    """Every submission row (columns by name), the store checked whole, whatever the backend."""
    from pipeline.intake.store_settings import store_settings

    settings = store_settings(ws.config())
    if settings.url is not None:
        import psycopg
        from psycopg.rows import dict_row

        from pipeline.intake.samarbeid import schema_for

        with psycopg.connect(settings.url, row_factory=dict_row) as db:
            db.execute("SELECT set_config('search_path', %s, false)", (schema_for(ws.config().municipality),))
            return db.execute("SELECT * FROM submissions ORDER BY id").fetchall()
    db = sqlite3.connect(ws.database)
    db.row_factory = sqlite3.Row
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT * FROM submissions ORDER BY id").fetchall()
    finally:
        db.close()


def document_versions(ws: Workspace) -> dict[str, set[int]]:
    """Each current document → the archived versions it is byte-identical to."""
    found = {}
    for name in (*DOCUMENTS, OVERVIEW_NAME):
        current = ws.outbox / name
        if current.exists():
            data = current.read_bytes()
            found[name] = {int(v.name[1:]) for v in ws.archive.glob("v*") if (v / name).is_file()
                           and (v / name).read_bytes() == data}
    return found


def check_nothing_lost(ws: Workspace, scenario: Scenario) -> None:
    """Right after the kill: every file is still in the inbox or kept and recorded,
    the store is intact, and every current document is a whole file of some version."""
    recorded = {r["inbox_name"]: r for r in rows(ws)}
    for name, data in scenario.dropped.items():
        waiting = ws.inbox / name
        if waiting.exists():
            assert waiting.read_bytes() == data, f"{name} endret i innboksen"
            continue
        row = recorded.get(name)
        assert row is not None, f"{name} er borte fra innboksen uten å være registrert"
        assert (ws.root / row["stored_path"]).read_bytes() == data or row["status"] == "duplikat"
    for name, versions in document_versions(ws).items():
        edited = name == EDITED and (ws.outbox / name).read_bytes() == scenario.edited
        assert versions or edited, f"{name} i outbox/ er ikke en hel fil fra noen versjon"
        with zipfile.ZipFile(ws.outbox / name) as z:
            assert z.testzip() is None
    if (ws.outbox / EDITED).read_bytes() != scenario.edited:  # replaced: the edit must be kept first
        assert _kept(ws) == [scenario.edited], "den redigerte fila er borte"


def _kept(ws: Workspace) -> list[bytes]:
    return [p.read_bytes() for p in sorted(ws.archive.rglob("*(redigert *"))]


def check_repaired(ws: Workspace, scenario: Scenario) -> None:
    """After a clean run: every file recorded exactly once with its bytes and its
    receipt, nothing extra, no temporary files, and the documents all of the newest version."""
    assert [p.name for p in ws.inbox.iterdir() if not is_ignored(p.name)] == []
    table = rows(ws)
    assert sorted(r["inbox_name"] for r in table) == sorted(scenario.dropped), "hver fil nøyaktig én gang"
    by_name = {r["inbox_name"]: r for r in table}
    for name, data in scenario.dropped.items():
        row = by_name[name]
        assert row["sha256"] == sha(data)
        assert (row["status"], row["revision"]) == scenario.expected[name], (name, row["errors_json"])
        assert (ws.root / row["stored_path"]).read_bytes() == data
        receipt = ws.root / row["receipt_path"]
        assert row["sha256"] in receipt.read_text("utf-8-sig")
        if row["status"] == "avvist":
            assert (ws.root / (row["stored_path"] + ".kvittering.txt")).read_text("utf-8-sig") == receipt.read_text(
                "utf-8-sig")
    receipts = {p.relative_to(ws.root).as_posix() for p in ws.receipts.iterdir()}
    assert receipts == {r["receipt_path"] for r in table}, "kvitteringer uten innlevering"
    archived = {p.relative_to(ws.root).as_posix() for p in ws.submissions.iterdir()}
    assert archived == {r["stored_path"] for r in table if r["status"] in ("godkjent", "holdt")}
    quarantined = {p.relative_to(ws.root).as_posix() for p in ws.quarantine.iterdir()}
    rejected = {r["stored_path"] for r in table if r["status"] == "avvist"}
    assert quarantined == rejected | {p + ".kvittering.txt" for p in rejected}
    leftovers = [p for p in ws.root.rglob(".~tmp-*") if ws.staging not in p.parents]
    assert leftovers == [], "midlertidige filer igjen"
    with open_store(ws) as store:
        latest = store.latest_version()
        if scenario.postgres is not None:  # every file's bytes are in the database as well
            for row in table:
                if row["status"] != "duplikat":
                    assert store.file_bytes(row["sha256"]) == (ws.root / row["stored_path"]).read_bytes()
    assert latest is not None and latest.snapshot["units"]["fjordvik barneskole"]["revision"] == 2
    assert _kept(ws) == [scenario.edited], "den redigerte fila tatt vare på nøyaktig én gang"
    versions = document_versions(ws)
    assert set(versions) == {*DOCUMENTS, OVERVIEW_NAME}
    assert all(latest.number in v for v in versions.values()), versions  # all from one, the newest, version
