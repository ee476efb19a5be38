"""Whatever lies in the inbox: forms in the units' own subfolders are received;
links, pipes, devices, hidden and temporary files and files iktplan may not read
stay where they are and are named, with why, in the run's output and in
``iktplan status``. Nothing is skipped in silence, and nothing blocks a run
(a named pipe opened for reading would wait forever)."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from pipeline import build, console
from pipeline.intake.inbox import intake
from pipeline.intake.listing import MAX_DEPTH, list_inbox
from pipeline.intake.receive import InboxFile, receive_file
from pipeline.intake.store import Store
from pipeline.workspace import Workspace, init_workspace
from support.crashrun import as_unprivileged, iktplan
from support.units import without_unit_list


@pytest.fixture
def ws(tmp_path, blank_form) -> Workspace:
    """A workspace whose units are named freely: it lists no ``[[enheter]]``, so every
    new name counts (a name not on a list waits for the secretariat, tests/intake/test_held.py)."""
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(blank_form, ws.blank_form)
    return without_unit_list(ws)


def unit_form(make_form, name: str) -> bytes:
    from pipeline.forms.formfill import example_unit

    return make_form(f"{name}.xlsx", unit={**example_unit()["unit"], "enhet": name}).read_bytes()


def records(ws: Workspace):
    with Store(ws.database) as store:
        return store.submissions()


def test_forms_in_the_units_subfolders_are_received_and_the_folders_stay(ws, make_form):
    (ws.inbox / "Oppvekst" / "Fjordvik skole").mkdir(parents=True)
    (ws.inbox / "Helse").mkdir()
    (ws.inbox / "Oppvekst" / "Fjordvik skole" / "Skjema.xlsx").write_bytes(unit_form(make_form, "Fjordvik skole"))
    (ws.inbox / "Helse" / "Skjema.xlsx").write_bytes(unit_form(make_form, "Fjordvik sykehjem"))  # the same name
    (ws.inbox / "Skjema.xlsx").write_bytes(unit_form(make_form, "Servicetorget"))
    (ws.inbox / "Arket.xlsx").mkdir()  # a folder with a form's name is a folder
    (ws.inbox / "Arket.xlsx" / "inni.xlsx").write_bytes(unit_form(make_form, "Kulturhuset"))
    code, output = iktplan(ws.root)
    assert code == 0, output
    assert "Ingen nye skjemaer" not in output
    shown = sorted(r.original_name for r in records(ws))
    assert shown == ["Arket.xlsx/inni.xlsx", "Helse/Skjema.xlsx", "Oppvekst/Fjordvik skole/Skjema.xlsx",
                     "Skjema.xlsx"]
    assert all(r.status == "godkjent" for r in records(ws))
    assert sorted(p.relative_to(ws.inbox).as_posix() for p in ws.inbox.rglob("*")) == [
        "Arket.xlsx", "Helse", "Oppvekst", "Oppvekst/Fjordvik skole"]  # folders kept, files gone


def test_what_is_not_received_stays_and_is_named_with_why_in_the_run_and_the_status(ws, make_form, tmp_path):
    outside = tmp_path / "utenfor.xlsx"
    outside.write_bytes(unit_form(make_form, "Utenfor"))
    (ws.inbox / "Lenke.xlsx").symlink_to(outside)
    (ws.inbox / "Lenkemappe").symlink_to(tmp_path)
    os.mkfifo(ws.inbox / "Rør.xlsx")
    (ws.inbox / ".Kartlegging.xlsx").write_bytes(b"PK skjult")
    (ws.inbox / "Skjema.xlsx.part").write_bytes(b"PK halvt")
    (ws.inbox / ".skjult mappe").mkdir()
    (ws.inbox / ".skjult mappe" / "x.xlsx").write_bytes(b"x")
    deep = ws.inbox.joinpath(*[f"n{i}" for i in range(MAX_DEPTH + 1)])
    deep.mkdir(parents=True)
    (deep / "dypt.xlsx").write_bytes(b"x")
    for junk in ("~$Skjema.xlsx", ".~lock.Skjema.xlsx#", "Thumbs.db", ".DS_Store", "._Skjema.xlsx"):
        (ws.inbox / junk).write_bytes(b"x" * 10)
    (ws.inbox / "@eaDir").mkdir()  # a Synology share's thumbnails
    (ws.inbox / "Ekte.xlsx").write_bytes(unit_form(make_form, "Ekte"))
    code, output = iktplan(ws.root, timeout=120)  # a pipe opened for reading would hang here
    assert code == 0, output
    assert "GODKJENT  Ekte.xlsx" in output
    expected = {
        "«Lenke.xlsx»: en snarvei (symbolsk lenke)", "«Lenkemappe»: en snarvei (symbolsk lenke)",
        "«Rør.xlsx»: ikke en vanlig fil", "«.Kartlegging.xlsx»: skjult",
        "«Skjema.xlsx.part»: ser ut som en fil som fortsatt lagres", "«.skjult mappe/»: skjult",
        f"«{'/'.join(f'n{i}' for i in range(MAX_DEPTH + 1))}/»: ligger for mange mappenivåer",
    }
    for line in expected:
        assert line in output, (line, output)
    assert "Ligger i innboksen, men er ikke tatt med (7):" in output
    for quiet in ("~$", ".~lock", "Thumbs", "DS_Store", "._Skjema", "@eaDir"):
        assert quiet not in output
    assert [r.original_name for r in records(ws)] == ["Ekte.xlsx"]
    assert stat.S_ISFIFO(os.lstat(ws.inbox / "Rør.xlsx").st_mode) and (ws.inbox / "Lenke.xlsx").is_symlink()
    assert outside.exists()  # a link is never followed, so its target is never removed
    code, status = iktplan(ws.root, "status")
    assert code == 0
    for line in expected:
        assert line in status, (line, status)


def test_a_device_file_in_the_inbox_is_named_and_never_opened(ws, make_form):
    try:
        os.mknod(ws.inbox / "null.xlsx", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("kan ikke lage en enhetsfil her (krever root)")
    (ws.inbox / "Ekte.xlsx").write_bytes(unit_form(make_form, "Ekte"))
    code, output = iktplan(ws.root)
    assert code == 0 and "«null.xlsx»: ikke en vanlig fil" in output and "GODKJENT  Ekte.xlsx" in output


def test_a_file_iktplan_may_not_read_stays_and_is_named_and_the_rest_is_received(ws, make_form):
    prefix = as_unprivileged()
    if prefix is None:
        pytest.skip("kjører som root uten setpriv: lesetilgang kan ikke prøves")
    locked = ws.inbox / "Låst.xlsx"
    locked.write_bytes(unit_form(make_form, "Låst"))
    locked.chmod(0)
    (ws.inbox / "Låst mappe").mkdir()
    (ws.inbox / "Låst mappe" / "inni.xlsx").write_bytes(b"x")
    (ws.inbox / "Låst mappe").chmod(0)
    (ws.inbox / "Ekte.xlsx").write_bytes(unit_form(make_form, "Ekte"))
    try:
        code, output = iktplan(ws.root, prefix=prefix)
    finally:
        (ws.inbox / "Låst mappe").chmod(0o755)
        locked.chmod(0o644)
    assert code == 0, output
    assert "«Låst.xlsx»: iktplan har ikke lov til å lese den" in output
    assert "«Låst mappe/»: iktplan har ikke lov til å lese den" in output
    assert "GODKJENT  Ekte.xlsx" in output and locked.exists()
    code, output = iktplan(ws.root)  # read access given: received now
    assert code == 0 and "GODKJENT  Låst.xlsx" in output and not locked.exists()


def test_a_file_that_disappears_between_listing_and_reading_is_named_and_the_run_goes_on(ws, make_form):
    (ws.inbox / "a-borte.xlsx").write_bytes(unit_form(make_form, "Borte"))
    (ws.inbox / "b-her.xlsx").write_bytes(unit_form(make_form, "Her"))
    left = []

    def ready(path: Path) -> bool:  # called after the listing, before the reading
        if path.name == "a-borte.xlsx":
            path.unlink()  # taken by someone else
        return True

    with Store(ws.database) as store:
        outcomes = intake(ws, store, ws.config(), ready=ready, on_left=left.append)
    assert [o.record.original_name for o in outcomes] == ["b-her.xlsx"]
    assert [(x.name, x.reason) for x in left] == [("a-borte.xlsx", "gone")]
    assert "forsvant før den ble lest" in console.left_line(left[0])


def test_a_file_replaced_while_it_was_read_is_not_removed_and_the_new_one_comes_next(ws, make_form):
    path = ws.inbox / "Skjema.xlsx"
    first, second = unit_form(make_form, "Først"), unit_form(make_form, "Nyere")
    path.write_bytes(first)
    ws.ensure_dirs()
    with Store(ws.database) as store:
        read = InboxFile.read(ws, path)
        path.write_bytes(second)  # a new revision saved under the same name meanwhile
        os.utime(path, ns=(read.status.st_mtime_ns + 10**9, read.status.st_mtime_ns + 10**9))
        outcome = receive_file(ws, store, ws.config(), path, read=read)
    assert outcome.record.unit_name == "Først" and path.read_bytes() == second
    report = build.run(ws)
    assert [o.record.unit_name for o in report.outcomes] == ["Nyere"] and not path.exists()


def test_a_pipe_replacing_a_listed_file_does_not_block_the_read_ahead(ws, make_form):
    names = [f"{i}.xlsx" for i in range(4)]
    for i, name in enumerate(names):
        (ws.inbox / name).write_bytes(unit_form(make_form, f"Enhet {i}"))
        os.utime(ws.inbox / name, (1_800_000_000 + i, 1_800_000_000 + i))
    files = list_inbox(ws.inbox).files
    (ws.inbox / "2.xlsx").unlink()
    os.mkfifo(ws.inbox / "2.xlsx")  # after the listing: the read-ahead and the intake meet a pipe
    result = {}

    def run():
        with Store(ws.database) as store:
            left = []
            result["outcomes"] = intake(ws, store, ws.config(), ready=lambda p: p in files, on_left=left.append)
            result["left"] = left

    ws.ensure_dirs()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "the intake hangs on a named pipe"
    assert [o.record.original_name for o in result["outcomes"]] == ["0.xlsx", "1.xlsx", "3.xlsx"]
    assert [(x.name, x.reason) for x in result["left"]] == [("2.xlsx", "special")]
