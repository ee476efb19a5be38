"""Any name a file system can hold, through the command line as the secretariat
runs it: received, answered, shown, and never a reason for the run to stop.

Names are made as bytes (``os.fsencode``), the way a zip unpacked on Windows or
a share mounted with the wrong character set leaves them; the run's output must
be valid UTF-8 (the secretariat's terminal), and every receipt, record and
status line must name the file readably."""

from __future__ import annotations

import os
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from pipeline.core.names import printable_name
from pipeline.intake.store import Store
from pipeline.workspace import Workspace, init_workspace
from support.crashrun import iktplan
from support.units import without_unit_list

LATIN1 = "Skjema æøå".encode("latin-1") + b".xlsx"  # b"Skjema \xe6\xf8\xe5.xlsx": not UTF-8
#: File names as bytes → the name the secretariat reads.
NAMES = {
    LATIN1: "Skjema æøå.xlsx",
    "Kartlegging Ærlig Østre Åsen.xlsx".encode("cp1252"): "Kartlegging Ærlig Østre Åsen.xlsx",
    unicodedata.normalize("NFD", "Åsen skole.xlsx").encode(): "Åsen skole.xlsx",  # from a Mac
    b"linje\nskift\tog\x1bescape.xlsx": "linje?skift?og?escape.xlsx",
    "Tek\u00adnisk\u200b drift.xlsx".encode(): "Teknisk drift.xlsx",  # soft hyphen, zero-width space
    "fdp\u202exslx.xlsx".encode(): "fdp?xslx.xlsx",  # a right-to-left override shown, never obeyed
    ("L" * 240 + ".xlsx").encode(): None,  # 245 bytes: long, shortened when shown
    "Æ".encode() * 120 + b".xlsx": None,  # 245 bytes of two-byte letters
    b".xlsx": ".xlsx",  # only an extension: a form whose name was deleted
    b"~Kartlegging.xlsx": "~Kartlegging.xlsx",
    b"SKJEMA.xlsx": "SKJEMA.xlsx",
    b"skjema.xlsx": "skjema.xlsx",  # differs only in case from the one above
}


@pytest.fixture
def ws(tmp_path, blank_form) -> Workspace:
    """A workspace whose units are named freely: it lists no ``[[enheter]]``, so every
    new name counts (a name not on a list waits for the secretariat, tests/intake/test_held.py)."""
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(blank_form, ws.blank_form)
    return without_unit_list(ws)


def forms_for(make_form, count: int) -> list[bytes]:
    """*count* different valid forms (different unit names)."""
    from pipeline.forms.formfill import example_unit

    out = []
    for i in range(count):
        unit = {**example_unit()["unit"], "enhet": f"Enhet {i + 1:02d}"}
        out.append(make_form(f"f{i}.xlsx", unit=unit).read_bytes())
    return out


def records(ws: Workspace):
    with Store(ws.database) as store:
        return store.submissions()


def test_every_name_a_file_system_holds_is_received_and_shown_readably(ws, make_form):
    forms = forms_for(make_form, len(NAMES))
    for i, (raw, data) in enumerate(zip(NAMES, forms)):
        path = os.path.join(os.fsencode(ws.inbox), raw)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, ns=(1_800_000_000 * 10**9 + i, 1_800_000_000 * 10**9 + i))
    code, output = iktplan(ws.root)  # the output is decoded as strict UTF-8: it must be valid
    assert code == 0, output
    assert "Uventet feil" not in output and "Traceback" not in output
    assert os.listdir(os.fsencode(ws.inbox)) == []  # nothing blocked, nothing left
    rows = records(ws)
    assert [r.status for r in rows] == ["godkjent"] * len(NAMES)
    for row, (raw, expected) in zip(rows, NAMES.items()):
        shown = printable_name(os.fsdecode(raw))
        assert row.original_name == shown
        if expected is not None:
            assert shown == expected
        assert len(row.original_name) <= 255 and row.original_name.isprintable()
        assert row.original_name in output  # the run names it, as its receipt does
        receipt = ws.root / row.receipt_path
        assert f"Fil:       {row.original_name}" in receipt.read_text("utf-8-sig")
        assert receipt.name.isprintable() and len(receipt.name.encode()) <= 255
    # The exact names are kept too, so an interrupted run recognises the very file.
    db = sqlite3.connect(ws.database)
    keys = [k for (k,) in db.execute("SELECT inbox_name FROM submissions ORDER BY id")]
    db.close()
    assert keys[0] == "Skjema \\xe6\\xf8\\xe5.xlsx" and len(set(keys)) == len(NAMES)
    code, status = iktplan(ws.root, "status")
    assert code == 0 and "Enhet 01" in status, status


def test_a_latin1_name_never_blocks_the_forms_after_it(ws, make_form):
    first, second = forms_for(make_form, 2)
    with open(os.path.join(os.fsencode(ws.inbox), LATIN1), "wb") as f:
        f.write(first)
    (ws.inbox / "Neste skjema.xlsx").write_bytes(second)
    code, output = iktplan(ws.root)
    assert code == 0, output
    assert "GODKJENT  Skjema æøå.xlsx: Enhet 01" in output and "GODKJENT  Neste skjema.xlsx: Enhet 02" in output
    assert os.listdir(os.fsencode(ws.inbox)) == []


def test_a_rejected_file_with_a_latin1_name_is_quarantined_under_a_readable_name(ws):
    with open(os.path.join(os.fsencode(ws.inbox), LATIN1), "wb") as f:
        f.write(b"%PDF-1.4 ikke et skjema")
    code, output = iktplan(ws.root)
    assert code == 0, output
    [row] = records(ws)
    assert row.status == "avvist" and row.original_name == "Skjema æøå.xlsx"
    kept = ws.root / row.stored_path
    assert kept.read_bytes() == b"%PDF-1.4 ikke et skjema" and kept.name.endswith("Skjema æøå.xlsx")
    assert (kept.parent / (kept.name + ".kvittering.txt")).is_file()
    code, status = iktplan(ws.root, "status")
    assert code == 0 and "Skjema æøå.xlsx" in status


def test_a_workspace_whose_own_path_is_not_utf8_still_runs_and_reports(tmp_path, blank_form, make_form):
    root = os.path.join(os.fsencode(tmp_path), "IKT-strategi ".encode() + "Ærø".encode("latin-1"))
    ws = init_workspace(Path(os.fsdecode(root)))
    shutil.copyfile(blank_form, ws.blank_form)
    (ws.inbox / "Skjema.xlsx").write_bytes(make_form().read_bytes())
    code, output = iktplan(ws.root)
    assert code == 0, output
    assert "GODKJENT  Skjema.xlsx" in output and "IKT-strategi \\udcc6r\\udcf8" in output  # escaped, no crash
