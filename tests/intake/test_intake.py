"""Intake with real files: forms filled from the project's own blank form, and
every kind of file a unit might send by mistake. Nothing is ever lost."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline import build
from pipeline.intake.inbox import intake, is_ignored, pending_files
from pipeline.intake.receive import receive_file
from pipeline.intake.store import Store
from pipeline.workspace import init_workspace


@pytest.fixture
def ws(tmp_path):
    return init_workspace(tmp_path / "ws")


def drop(ws, path: Path, name: str | None = None, mtime: float | None = None) -> Path:
    target = ws.inbox / (name or path.name)
    shutil.copyfile(path, target)
    if mtime is not None:
        os.utime(target, (mtime, mtime))
    return target


def drop_bytes(ws, name: str, data: bytes) -> Path:
    target = ws.inbox / name
    target.write_bytes(data)
    return target


def receipt_of(outcome) -> str:
    return outcome.receipt.read_text("utf-8-sig")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_valid_form_is_accepted_archived_and_removed_from_the_inbox(ws, make_form):
    form = make_form("Skjema skole.xlsx")
    digest = sha(form)
    drop(ws, form)
    report = build.run(ws)
    [o] = report.outcomes
    assert o.status == "godkjent" and o.record.revision == 1
    assert list(ws.inbox.iterdir()) == []
    assert (ws.root / o.record.stored_path).read_bytes() == form.read_bytes()
    assert o.record.stored_path.endswith(f"{digest}.xlsx")
    text = receipt_of(o)
    assert "GODKJENT – registrert som revisjon 1" in text and "Fjordvik barneskole" in text
    assert "Tiltak:                  3" in text
    assert [u.name for u in report.model.units] == ["Fjordvik barneskole"]
    assert len(report.model.measures) == 3


def test_second_form_from_same_unit_is_the_next_revision_and_replaces_the_first(ws, make_form):
    first = make_form("a.xlsx")
    drop(ws, first)
    build.run(ws)
    second = make_form("b.xlsx", unit={**_unit(), "enhet": "  FJORDVIK  Barneskole "},
                       measures=[_measure(1, "Bare ett tiltak nå")])
    drop(ws, second)
    report = build.run(ws)
    [o] = report.outcomes
    assert o.record.revision == 2
    assert "erstatter revisjon 1" in receipt_of(o)
    assert [m.title for m in report.model.measures] == ["Bare ett tiltak nå"]
    assert report.model.measures[0].prov.revision == 2
    with Store(ws.database) as s:
        assert [r.revision for r in s.submissions("godkjent")] == [1, 2]
        assert all((ws.root / r.stored_path).is_file() for r in s.submissions())


def test_byte_identical_resubmission_is_recognised_and_not_counted(ws, make_form):
    form = make_form()
    drop(ws, form, "første.xlsx")
    build.run(ws)
    drop(ws, form, "samme igjen.xlsx")
    [o] = build.run(ws).outcomes
    assert o.status == "duplikat"
    assert "identisk med revisjon 1" in receipt_of(o)
    with Store(ws.database) as s:
        assert [r.revision for r in s.submissions("godkjent")] == [1]
    assert list(ws.inbox.iterdir()) == []


def test_form_with_many_errors_is_quarantined_with_every_error_listed(ws, make_form):
    form = make_form(
        "feil.xlsx",
        unit={**_unit(), "epost": "ikke-en-adresse"},
        measures=[
            {**_measure(1, "Nytt fagsystem"), "Investering (kr)": "ca. 2 mill", "Tidsrom": "neste år"},
            {**_measure(2, "Nettbrett"), "Problem nr": "99", "Ansvarlig gjennomføring": None},
        ],
    )
    drop(ws, form)
    [o] = build.run(ws).outcomes
    assert o.status == "avvist"
    text = receipt_of(o)
    for expected in ("«E-post»", "«Investering (kr)»: «ca. 2 mill» er ikke et beløp", "«Tidsrom»", "«Problem nr»",
                     "«Ansvarlig gjennomføring»"):
        assert expected in text
    assert len(o.record.errors) >= 5
    quarantined = ws.root / o.record.stored_path
    assert quarantined.parent == ws.quarantine and quarantined.read_bytes() == form.read_bytes()
    assert (quarantined.parent / (quarantined.name + ".kvittering.txt")).read_text("utf-8-sig") == text
    assert list(ws.inbox.iterdir()) == []


def _bad_files(blank_form: Path, make_form) -> dict[str, tuple[bytes, str]]:
    good = make_form("god.xlsx").read_bytes()
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(macro, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\x00VBA")
    other = io.BytesIO()
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Budsjett"
    wb.active["A1"] = "Noe helt annet"
    wb.save(other)
    old = make_form("gammel.xlsx", unit={**_unit(), "skjemaversjon": "0.9"}).read_bytes()
    return {
        "tom.xlsx": (b"", "tom"),
        "avkuttet.xlsx": (good[: len(good) // 2], "skadet eller ufullstendig"),
        "gammel-excel.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "Workbook".encode("utf-16-le"), ".xls"),
        "passord.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"), "passord"),
        "word.xlsx": (docx.getvalue(), "Word-dokument"),
        "scan.xlsx": (b"%PDF-1.4\n%\xe2\xe3\n", "PDF"),
        "makro.xlsx": (macro.getvalue(), "makroer"),
        "annet-regneark.xlsx": (other.getvalue(), "kartleggingsskjema"),
        "gammel-versjon.xlsx": (old, "skjemaversjon"),
    }


def test_every_kind_of_bad_file_is_quarantined_with_a_receipt_naming_it(ws, blank_form, make_form):
    bad = _bad_files(blank_form, make_form)
    for name, (data, _) in bad.items():
        drop_bytes(ws, name, data)
    report = build.run(ws)
    assert len(report.outcomes) == len(bad)
    for o in report.outcomes:
        data, phrase = bad[o.record.original_name]
        assert o.status == "avvist", o.record.original_name
        assert phrase.lower() in receipt_of(o).lower(), (o.record.original_name, o.record.errors)
        assert (ws.root / o.record.stored_path).read_bytes() == data
    assert list(ws.inbox.iterdir()) == []


def test_lock_hidden_and_temporary_files_are_left_alone_and_only_the_hidden_and_temporary_reported(ws):
    for name in ("~$skjema.xlsx", ".~lock.skjema.xlsx#", ".skjult.xlsx", "ABC123.tmp", "Thumbs.db"):
        (ws.inbox / name).write_bytes(b"x")
    assert pending_files(ws.inbox) == []
    assert sorted(p.name for p in ws.inbox.iterdir() if is_ignored(p.name)) == [
        ".~lock.skjema.xlsx#", "Thumbs.db", "~$skjema.xlsx"]
    report = build.run(ws)
    assert report.outcomes == []
    assert sorted((x.name, x.reason) for x in report.left) == [(".skjult.xlsx", "hidden"), ("ABC123.tmp", "temporary")]
    assert len(list(ws.inbox.iterdir())) == 5


def test_files_are_received_in_order_of_arrival(ws, make_form):
    old = make_form("b-eldst.xlsx", measures=[_measure(1, "Eldst")])
    new = make_form("a-nyest.xlsx", measures=[_measure(1, "Nyest")])
    drop(ws, old, mtime=1_800_000_000)
    drop(ws, new, mtime=1_800_000_600)
    report = build.run(ws)
    assert [o.record.revision for o in report.outcomes] == [1, 2]
    assert report.model.measures[0].title == "Nyest"


def test_crash_after_recording_but_before_removal_is_finished_without_a_second_record(ws, make_form):
    form = drop(ws, make_form())
    kept = form.read_bytes()
    stat = form.stat()
    config = ws.config()
    ws.ensure_dirs()
    with Store(ws.database) as store:
        outcome = receive_file(ws, store, config, form)
        # Simulate the crash: the file is back in the inbox as it was, and the receipt was never written.
        form.write_bytes(kept)
        os.utime(form, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        outcome.receipt.unlink()
        store.db.execute("UPDATE submissions SET receipt_path = NULL")
    report = build.run(ws)
    [o] = report.outcomes
    assert o.repaired and o.record.id == outcome.record.id and o.receipt.is_file()
    with Store(ws.database) as store:
        assert len(store.submissions()) == 1
    assert list(ws.inbox.iterdir()) == []


def test_status_lists_expected_units_and_quarantine(ws, make_form):
    drop(ws, make_form("ok.xlsx"))
    drop_bytes(ws, "rot.xlsx", b"%PDF-1.4")
    build.run(ws)
    s = build.status(ws)
    by_name = {u.name: u for u in s.units}
    assert by_name["Fjordvik barneskole"].revision == 1 and by_name["Fjordvik barneskole"].label == "Levert"
    assert by_name["NAV Fjordvik"].label == "Ikke levert"
    assert by_name["Fjordvik barneskole"].counts["tiltak"] == 3
    assert [r.original_name for r in s.quarantined] == ["rot.xlsx"]


def _unit() -> dict:
    from pipeline.forms.formfill import example_unit

    return dict(example_unit()["unit"])


def _measure(nr: int, title: str) -> dict:
    from pipeline.forms.formfill import example_unit

    m = dict(example_unit()["measures"][0])
    m.update({"Nr": nr, "Tiltak": title})
    return m


def test_logs_carry_hashes_and_codes_never_names_or_cell_contents(ws, caplog):
    import logging

    from pipeline.demo import populate_inbox
    from pipeline.demo.forms import all_forms

    build.write_forms(ws)
    files = populate_inbox(ws.config(), ws.blank_form, ws.inbox)
    (ws.inbox / "Kari Nordmann sitt skjema.xlsx").write_bytes(b"%PDF-1.4 Kari Nordmann")  # a name in a file name
    caplog.set_level(logging.DEBUG)
    with Store(ws.database) as store:
        outcomes = intake(ws, store, ws.config())
    assert len(outcomes) == len(files) + 1 and {o.status for o in outcomes} == {"godkjent", "avvist"}
    secrets = {"Kari Nordmann"}
    for entry in all_forms():
        form = entry["form"]
        secrets |= {form["unit"]["enhet"], form["unit"]["kontaktperson"], form["unit"]["epost"],
                    entry["file_name"].rsplit(".", 1)[0]}
        secrets |= {m["Tiltak"] for m in form["measures"] if m.get("Tiltak")}
        secrets |= {p["Beskrivelse"] for p in form["problems"] if p.get("Beskrivelse")}
    text = caplog.text
    assert text, "the intake logs what it does"
    leaked = sorted(s for s in secrets if isinstance(s, str) and len(s) > 3 and s in text)
    assert leaked == []
    for o in outcomes:  # every file is traceable by its hash
        assert f"sha256={o.record.sha256[:12]}" in text


# --- reading ahead: the next files are checked while one is recorded ------------------


def _mixed_inbox(ws, blank_form, tmp_path) -> list[str]:
    """Valid forms, one with errors, a broken file, a duplicate and a non-form, oldest first."""
    from pipeline.demo.forms import all_forms
    from pipeline.demo.solsiden import ERROR_FORM
    from pipeline.forms.formfill import fill_form

    paths = [fill_form(blank_form, tmp_path / f"{i}.xlsx", **e["form"]) for i, e in enumerate(all_forms()[:4])]
    paths.append(fill_form(blank_form, tmp_path / "feil.xlsx", **ERROR_FORM["form"]))
    broken = tmp_path / "ødelagt.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 300)
    notes = tmp_path / "notat.txt"
    notes.write_text("ikke et skjema", encoding="utf-8")
    order = [paths[0], paths[1], broken, paths[4], paths[0], notes, paths[2], paths[3]]
    names = []
    for k, path in enumerate(order):
        name = f"{k:02d}-{path.name}"
        drop(ws, path, name=name, mtime=1_700_000_000 + k)
        names.append(name)
    return names


def _outcomes(ws) -> list[tuple]:
    with Store(ws.database) as store:
        config = ws.config()
        return [(o.record.original_name, o.status, o.cause, o.record.unit_name, tuple(o.record.errors),
                 tuple(o.record.warnings), o.record.revision, o.receipt.is_file())
                for o in intake(ws, store, config)]


def test_reading_ahead_gives_the_outcomes_of_checking_one_file_at_a_time(blank_form, tmp_path, monkeypatch):
    # The intake imports ReadAhead when it needs it, so the class is swapped where it lives.
    from pipeline.intake import readahead as intake_module

    from support.units import without_unit_list

    # Units named freely: no [[enheter]], so every new name counts.
    ahead_ws, one_ws = (without_unit_list(init_workspace(tmp_path / name)) for name in ("forut", "en"))
    names = _mixed_inbox(ahead_ws, blank_form, tmp_path)
    assert _mixed_inbox(one_ws, blank_form, tmp_path) == names
    made = []
    real = intake_module.ReadAhead
    monkeypatch.setattr(intake_module, "ReadAhead", lambda *a: made.append(real(*a)) or made[-1])
    ahead = _outcomes(ahead_ws)
    assert len(made) == 1
    monkeypatch.setattr(intake_module, "ReadAhead", lambda *a: None)
    one = _outcomes(one_ws)
    assert ahead == one
    assert [o[1] for o in ahead] == ["godkjent", "godkjent", "avvist", "avvist", "duplikat", "avvist", "godkjent",
                                     "godkjent"]
    assert [o[0] for o in ahead] == names and all(o[-1] for o in ahead)
    assert list(ahead_ws.inbox.iterdir()) == []


def test_a_file_changed_after_it_was_read_ahead_is_checked_as_it_is_now(make_form, tmp_path, config):
    from pipeline.intake.readahead import ReadAhead, check

    first, second = make_form("a.xlsx"), make_form("b.xlsx", unit={**_unit(), "enhet": "Annen enhet"})
    ahead = ReadAhead([first, second], config)
    try:
        now = second.read_bytes()
        assert ahead.take(first, first.read_bytes(), config) == check(first.read_bytes(), config)
        ahead.passed(first)
        broken = b"PK\x03\x04" + b"\0" * 300  # what the file holds when the intake gets to it
        assert ahead.take(second, broken, config) == check(broken, config)
        assert check(now, config).code == "ok"
    finally:
        ahead.close()


def test_an_error_while_reading_ahead_is_raised_where_the_file_is_received(make_form, config, monkeypatch):
    from pipeline.intake import readahead as intake_module
    from pipeline.forms.reader import UnsafeXmlError

    path = make_form("a.xlsx")

    def unsafe(data, config):
        raise UnsafeXmlError("usikker")

    monkeypatch.setattr(intake_module, "check", unsafe)
    ahead = intake_module.ReadAhead([path], config)
    try:
        with pytest.raises(UnsafeXmlError):
            ahead.take(path, path.read_bytes(), config)
    finally:
        ahead.close()
