"""Untrusted files through the real intake: each hostile or broken file is
quarantined with a receipt that names the cause, in bounded time and memory,
and the rest of the run goes on as if it had not been there."""

from __future__ import annotations

import base64
import io
import logging
import os
import re
import struct
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.intake import worker as worker_module
from pipeline.intake.inbox import intake
from pipeline.intake.worker import FormChecker
from pipeline.forms.reader import MAX_SCANNED_ROWS
from pipeline.intake.store import Store
from pipeline.workspace import init_workspace
from support.libreoffice import needs_libreoffice


@pytest.fixture
def ws(tmp_path):
    return init_workspace(tmp_path / "ws")


def run_intake(ws):
    """One intake over the workspace's inbox, as ``iktplan run`` does it (without the documents)."""
    with Store(ws.database) as store:
        return {o.record.original_name: o for o in intake(ws, store, ws.config())}


def receipt(outcome) -> str:
    return outcome.receipt.read_text("utf-8-sig")


# --- building hostile packages from a real form ----------------------------------------------


def repack(form: bytes, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None,
           compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    replace, extra = replace or {}, extra or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(buf, "w", compression) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item)))
        for name, data in extra.items():
            dst.writestr(name, data)
    return buf.getvalue()


def sheet_part(form: bytes, title: str) -> str:
    """The zip entry of the sheet called *title*, found the way Excel finds it."""
    with zipfile.ZipFile(io.BytesIO(form)) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(title), workbook).group(1)
    target = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or re.search(
        r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def read_part(form: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(form)) as z:
        return z.read(part)


def without_declaration(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def add_rows(form: bytes, title: str, rows: bytes) -> bytes:
    part = sheet_part(form, title)
    return repack(form, {part: read_part(form, part).replace(b"</sheetData>", rows + b"</sheetData>")})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal valid OLE compound file (CFB version 3) holding *streams*, each
    padded to 4096 bytes so no mini stream is needed: how Office stores a
    password-protected workbook (streams ``EncryptionInfo`` and ``EncryptedPackage``)."""
    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    items = [(name, data.ljust(4096, b"\0")) for name, data in streams.items()]
    fat, starts, sector = [fat_sector, end], [], 2  # sector 0: the FAT, 1: the directory
    for _, data in items:
        count = -(-len(data) // 512)
        starts.append(sector)
        fat += [sector + i + 1 for i in range(count - 1)] + [end]
        sector += count
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, none, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    # Siblings are ordered by (length, upper-case name); a chain to the right is a valid tree.
    order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), items[i][0].upper()))
    right = {order[k]: order[k + 1] + 1 for k in range(len(order) - 1)}
    directory = [entry("Root Entry", 5, none, order[0] + 1, end, 0)]
    directory += [entry(name, 2, right.get(i, none), none, starts[i], len(data)) for i, (name, data) in enumerate(items)]
    directory += [entry("", 0, none, none, 0, 0)] * (4 - len(directory))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack("<128I", *fat) + b"".join(directory) + b"".join(data for _, data in items)


def image_bytes(fmt: str) -> bytes:
    """A real picture (or a scanned page as PDF), as a phone or a scanner makes it."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (64, 48), "white")
    ImageDraw.Draw(picture).line((0, 0, 63, 47), fill="black", width=3)
    buf = io.BytesIO()
    picture.save(buf, format=fmt)
    return buf.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>\n"
)
XXE = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def hostile_files(form: bytes) -> dict[str, tuple[bytes, str, str]]:
    """File name → (bytes, code in the log, phrase the receipt must contain)."""
    sheet1 = sheet_part(form, "Enhet")
    body = without_declaration(read_part(form, sheet1))
    workbook = without_declaration(read_part(form, "xl/workbook.xml"))
    types = read_part(form, "[Content_Types].xml")
    xlsm = types.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
        b"application/vnd.openxmlformats-officedocument.sheet.macroEnabled", b"application/vnd.ms-excel.sheet.macroEnabled")
    assert xlsm != types
    duplicate = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(duplicate, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        with pytest.warns(UserWarning):
            dst.writestr(sheet1, read_part(form, sheet1).replace(b"Fjordvik barneskole", b"Noen andre"))
    styled = b"".join(b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/></row>' % (i, i)
                      for i in range(200, 200 + MAX_SCANNED_ROWS + 10))
    encrypted = compound_file({"EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40), "EncryptedPackage": b"\x17" * 5000})
    return {
        "bombe.xlsx": (repack(form, extra={"xl/media/image1.png": b"\0" * (5 * 1024 * 1024)}), "zip-bomb",
                       "mistenkelig"),
        "deler.xlsx": (repack(form, extra={f"xl/x/{i}.xml": b"<x/>" for i in range(600)}), "zip-entries",
                       "for mange deler"),
        "dobbel.xlsx": (duplicate.getvalue(), "zip-duplicate", "samme del to ganger"),
        "latter.xlsx": (repack(form, {sheet1: BILLION_LAUGHS + body.replace(b"Fjordvik", b"&lol9;", 1)}), "xml-dtd",
                        "DTD eller entiteter"),
        "xxe.xlsx": (repack(form, {"xl/workbook.xml": XXE + workbook}), "xml-dtd", "DTD eller entiteter"),
        "makro.xlsx": (repack(form, extra={"xl/vbaProject.bin": b"\xcc\x61" + b"\0" * 500}), "macro", "makroer"),
        "makroark.xlsx": (repack(form, extra={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"}), "macro", "makroer"),
        "skjema.xlsm": (repack(form, {"[Content_Types].xml": xlsm}), "macro", "makroer"),
        "passord.xlsx": (encrypted, "encrypted", "beskyttet med passord"),
        "skann.xlsx": (image_bytes("PDF"), "pdf", "PDF"),
        "bilde.xlsx": (image_bytes("PNG"), "image", "bilde"),
        "foto.xlsx": (image_bytes("JPEG"), "image", "bilde"),
        "tom.xlsx": (b"", "empty", "tom (0 byte)"),
        "formatert.xlsx": (add_rows(form, "Tiltak", styled), "too-many-rows", "rader med innhold eller formatering"),
    }


def test_every_hostile_file_is_quarantined_with_its_cause_and_the_good_form_still_gets_in(ws, make_form, caplog):
    good = make_form("god.xlsx").read_bytes()
    files = hostile_files(good)
    (ws.inbox / "god.xlsx").write_bytes(good)
    for name, (data, _, _) in files.items():
        (ws.inbox / name).write_bytes(data)
    caplog.set_level(logging.INFO, logger="iktplan")
    start = time.perf_counter()
    outcomes = run_intake(ws)
    elapsed = time.perf_counter() - start
    assert outcomes["god.xlsx"].status == "godkjent"
    for name, (data, code, phrase) in files.items():
        o = outcomes[name]
        assert o.status == "avvist", (name, o.record.errors)
        assert phrase in receipt(o), (name, o.record.errors)
        assert (ws.root / o.record.stored_path).read_bytes() == data  # kept byte for byte
        assert f"sha256={o.record.sha256[:12]} kode={code} " in caplog.text, name
    assert list(ws.inbox.iterdir()) == []
    assert elapsed < 30, f"{len(files) + 1} files took {elapsed:.1f} s"


def test_a_sheet_claiming_a_million_rows_is_read_in_bounded_time(ws, make_form):
    good = make_form("god.xlsx").read_bytes()
    part = sheet_part(good, "Tiltak")
    claims = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', read_part(good, part))
    assert b"XFD1048576" in claims
    (ws.inbox / "million.xlsx").write_bytes(repack(good, {part: claims}))
    start = time.perf_counter()
    [outcome] = run_intake(ws).values()
    assert outcome.status == "godkjent" and time.perf_counter() - start < 5


@needs_libreoffice
def test_a_real_legacy_xls_renamed_to_xlsx_is_named(ws, make_form, tmp_path):
    import subprocess

    from pipeline.documents.pdf import find_soffice

    form = make_form("gammel.xlsx")
    out = tmp_path / "xls"
    subprocess.run([find_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "xls", "--outdir", str(out), str(form)], check=True, capture_output=True, timeout=180)
    (ws.inbox / "gammel.xlsx").write_bytes((out / "gammel.xls").read_bytes())
    [outcome] = run_intake(ws).values()
    assert outcome.status == "avvist" and "gamle Excel-formatet (.xls)" in receipt(outcome)


# --- formulas and links ------------------------------------------------------------------


def test_a_formula_without_a_stored_value_is_an_error_for_that_cell(ws, make_form):
    from pipeline.forms.formfill import example_unit

    measures = example_unit()["measures"]
    measures[1]["Investering (kr)"] = "=1000*2"  # typed as a formula; openpyxl stores no value
    form = make_form("formel.xlsx", measures=measures)
    (ws.inbox / "formel.xlsx").write_bytes(form.read_bytes())
    [outcome] = run_intake(ws).values()
    assert outcome.status == "avvist"
    [error] = outcome.record.errors
    assert re.fullmatch(r"Tiltak, rad \d+, «Investering \(kr\)»: Cellen har en formel uten lagret verdi.*", str(error))


def test_a_formula_in_a_required_unit_field_is_not_called_empty(ws, make_form):
    from pipeline.forms.formfill import example_unit

    unit = example_unit()["unit"]
    unit["kontaktperson"] = '="Ingrid "&"Berg"'
    (ws.inbox / "formel.xlsx").write_bytes(make_form("f.xlsx", unit=unit).read_bytes())
    [outcome] = run_intake(ws).values()
    [error] = map(str, outcome.record.errors)
    assert "«Kontaktperson»" in error and "formel uten lagret verdi" in error and "tomt" not in error


def test_the_value_excel_stored_for_a_formula_is_what_counts(ws, make_form):
    from pipeline.forms.formfill import example_unit

    measures = example_unit()["measures"]
    measures[1]["Investering (kr)"] = "=1000*2"
    form = make_form("formel.xlsx", measures=measures).read_bytes()
    part = sheet_part(form, "Tiltak")
    # What Excel writes after calculating: the formula and the value it showed.
    calculated = read_part(form, part).replace(b"<f>1000*2</f><v></v>", b"<f>1000*2</f><v>2000</v>")
    assert calculated != read_part(form, part)
    (ws.inbox / "beregnet.xlsx").write_bytes(repack(form, {part: calculated}))
    [outcome] = run_intake(ws).values()
    assert outcome.status == "godkjent", outcome.record.errors
    with Store(ws.database) as store:
        [latest] = store.latest_accepted()
    assert latest.content.measures[1].investment == 2000


def test_links_to_other_workbooks_are_a_warning_and_never_followed(ws, make_form):
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.3)
    url = f"http://127.0.0.1:{server.getsockname()[1]}/budsjett.xlsx".encode()
    form = make_form("lenke.xlsx").read_bytes()
    link = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Ark1"/></sheetNames>'
            b"</externalBook></externalLink>")
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="' + url
            + b'" TargetMode="External"/></Relationships>')
    linked = repack(form, extra={"xl/externalLinks/externalLink1.xml": link,
                                 "xl/externalLinks/_rels/externalLink1.xml.rels": rels})
    (ws.inbox / "lenke.xlsx").write_bytes(linked)
    try:
        [outcome] = run_intake(ws).values()
        with pytest.raises(socket.timeout):
            server.accept()
    finally:
        server.close()
    assert outcome.status == "godkjent"
    assert any("koblinger til andre arbeidsbøker" in str(w) for w in outcome.record.warnings)


# --- a parser that hangs, crashes or runs out of memory -----------------------------------


def slow_form(form: bytes) -> bytes:
    """A form that is slow to read but within every limit: 24 000 formatted rows of 10 cells."""
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (c, r) for c in (b"A", b"B", b"C", b"D", b"E", b"F", b"G", b"H", b"I", b"J"))
                    + b"</row>" for r in range(200, 24_200))
    return add_rows(form, "Tiltak", rows)


def test_a_file_that_takes_too_long_is_stopped_and_the_run_goes_on(ws, make_form, monkeypatch):
    good = make_form("god.xlsx").read_bytes()
    checker = FormChecker(seconds=0.5)
    monkeypatch.setattr(worker_module, "_checker", checker)
    try:
        (ws.inbox / "treg.xlsx").write_bytes(slow_form(good))
        (ws.inbox / "god.xlsx").write_bytes(good)
        start = time.perf_counter()
        outcomes = run_intake(ws)
        elapsed = time.perf_counter() - start
    finally:
        checker.close()
    assert outcomes["treg.xlsx"].status == "avvist" and "tok for lang tid" in receipt(outcomes["treg.xlsx"])
    assert outcomes["god.xlsx"].status == "godkjent"
    assert checker.started == 2  # the hung worker was killed, a fresh one read the next file
    assert elapsed < 10


def test_a_parser_killed_mid_file_quarantines_that_file_and_the_run_goes_on(ws, make_form, monkeypatch):
    # The worker kills itself (SIGKILL) when it starts parsing, like a segfault in a C library.
    good = make_form("god.xlsx").read_bytes()
    monkeypatch.setenv("IKTPLAN_FAULT", "reader.parse")
    checker = FormChecker()
    monkeypatch.setattr(worker_module, "_checker", checker)
    (ws.inbox / "krasj.xlsx").write_bytes(good)
    try:
        [outcome] = run_intake(ws).values()
        assert outcome.status == "avvist" and receipt(outcome).count("Filen kunne ikke leses") == 1
        assert checker.started == 2  # tried once more in a fresh worker before giving up
        monkeypatch.delenv("IKTPLAN_FAULT")
        (ws.inbox / "igjen.xlsx").write_bytes(good)
        assert run_intake(ws)["igjen.xlsx"].status == "godkjent"  # a fresh worker, without the fault
    finally:
        checker.close()


def test_an_exception_inside_the_reader_becomes_a_quarantine_not_a_crash(ws, make_form, monkeypatch):
    # A configuration the validation cannot work with makes it raise inside the
    # worker: the stand-in for any library failing on a strange file.
    import dataclasses

    good = make_form("god.xlsx").read_bytes()
    broken = dataclasses.replace(ws.config(), service_areas=None)
    outcome = worker_module.check(good, broken)
    assert outcome.code == "parser-error" and str(outcome.errors[0]).startswith("Filen kunne ikke leses")
    assert outcome.detail.startswith("TypeError i ") and "Fjordvik" not in outcome.detail


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="trenger /proc (Linux)")
def test_a_file_that_needs_too_much_memory_is_refused_and_the_worker_replaced(ws, make_form):
    good = make_form("god.xlsx").read_bytes()
    probe = FormChecker(memory_bytes=None)
    process, _ = probe._worker()
    baseline = int(re.search(r"VmSize:\s+(\d+) kB", Path(f"/proc/{process.pid}/status").read_text()).group(1)) * 1024
    probe.close()
    # One shared string of 19 MB: within the zip limits (it does not compress well), but
    # reading it takes about 50 MB more than the worker has.
    text = base64.b64encode(os.urandom(19 * 3 * 2**18))
    strings = (b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               b'2006/main"><si><t>' + text + b"</t></si></sst>")
    types = read_part(good, "[Content_Types].xml").replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                                          b'ContentType="application/vnd.openxmlformats-officedocument.'
                                                          b'spreadsheetml.sharedStrings+xml"/></Types>')
    rels = read_part(good, "xl/_rels/workbook.xml.rels").replace(b"</Relationships>", b'<Relationship Id="rId99" '
                                                                 b'Type="http://schemas.openxmlformats.org/officeDocument/'
                                                                 b'2006/relationships/sharedStrings" Target="sharedStrings.'
                                                                 b'xml"/></Relationships>')
    greedy = repack(good, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
                    {"xl/sharedStrings.xml": strings})
    checker = FormChecker(memory_bytes=baseline + 30 * 1024 * 1024)
    try:
        assert checker.check(good, ws.config()).code == "ok"  # the limit leaves room for a real form
        refused = checker.check(greedy, ws.config())
        assert refused.code == "memory" and str(refused.errors[0]).startswith("Filen kunne ikke leses")
        assert checker.check(good, ws.config()).code == "ok"
        assert checker.started == 2
    finally:
        checker.close()


def test_the_run_refuses_to_start_without_defusedxml(ws, make_form, tmp_path):
    import os
    import subprocess
    import sys

    form = make_form("god.xlsx")
    (ws.inbox / "god.xlsx").write_bytes(form.read_bytes())
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws.root), "run"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "defusedxml" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in ws.inbox.iterdir()] == ["god.xlsx"]  # untouched
    with Store(ws.database) as store:
        assert store.submissions() == []


def test_a_huge_file_is_kept_by_streaming_and_refused_without_being_read_into_memory(ws, make_form):
    import hashlib

    from pipeline.forms.sniff import MAX_FILE_BYTES

    huge = ws.inbox / "film.xlsx"
    chunk = os.urandom(1024 * 1024)
    with open(huge, "wb") as f:
        for _ in range(MAX_FILE_BYTES // len(chunk) + 2):
            f.write(chunk)
    digest, size = hashlib.sha256(huge.read_bytes()).hexdigest(), huge.stat().st_size
    (ws.inbox / "god.xlsx").write_bytes(make_form("god.xlsx").read_bytes())
    outcomes = run_intake(ws)
    o = outcomes["film.xlsx"]
    assert o.status == "avvist" and o.cause == "too-large" and "for stor" in receipt(o)
    assert o.record.sha256 == digest and o.record.size == size
    kept = ws.root / o.record.stored_path
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == digest
    assert outcomes["god.xlsx"].status == "godkjent" and list(ws.inbox.iterdir()) == []
