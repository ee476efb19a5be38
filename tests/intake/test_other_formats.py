"""The unit's form in another format, or another file that looks like one: each
gets a receipt naming what it is and saying what to do, through the command
line. «Strict Open XML» is the case found by hostile testing: openpyxl reads it
as a workbook without sheets, which looked like «not the form»."""

from __future__ import annotations

import io
import shutil
import zipfile

import openpyxl
import pytest

from pipeline.forms.formfill import example_unit
from pipeline.forms.sniff import inspect
from pipeline.intake.store import Store
from pipeline.workspace import Workspace, init_workspace
from support.crashrun import iktplan
from support.libreoffice import has_soffice
from support.workbooks import rewrite, strict_open_xml


@pytest.fixture
def ws(tmp_path, blank_form) -> Workspace:
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(blank_form, ws.blank_form)
    return ws


def test_a_strict_open_xml_form_is_what_openpyxl_reads_as_a_workbook_without_sheets(make_form, tmp_path):
    strict = strict_open_xml(make_form(), tmp_path / "strict.xlsx")
    with zipfile.ZipFile(strict) as z:
        assert b'conformance="strict"' in z.read("xl/workbook.xml")
        assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in z.read("_rels/.rels")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert openpyxl.load_workbook(io.BytesIO(strict.read_bytes())).sheetnames == []  # why it must be named
    assert inspect(strict.read_bytes()).code == "strict"


def test_each_other_format_gets_a_receipt_naming_it_and_what_to_do(ws, make_form, tmp_path):
    form = make_form()
    files = {
        "Strict.xlsx": strict_open_xml(form, tmp_path / "s.xlsx").read_bytes(),
        "Mal.xltx": rewrite(form, tmp_path / "m.xltx", lambda n, d: d.replace(
            b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
            if n == "[Content_Types].xml" else d).read_bytes(),
        "Makro.xlsm": rewrite(form, tmp_path / "x.xlsm", lambda n, d: d.replace(
            b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            if n == "[Content_Types].xml" else d).read_bytes(),
        "Fra Mac.numbers": _numbers(),
        "Eksport.csv": "Enhet;Fjordvik barneskole\nTiltak;Nytt fagsystem\n".encode(),
        "Gammel versjon.xlsx": make_form("gammel.xlsx", unit={**example_unit()["unit"],
                                                            "skjemaversjon": "0.9"}).read_bytes(),
    }
    for name, data in files.items():
        (ws.inbox / name).write_bytes(data)
    code, output = iktplan(ws.root)
    assert code == 0, output
    with Store(ws.database) as store:
        by_name = {r.original_name: r for r in store.submissions()}
    receipt = {name: (ws.root / r.receipt_path).read_text("utf-8-sig") for name, r in by_name.items()}
    assert by_name["Mal.xltx"].status == "godkjent"  # the form saved as a template is still the form
    assert "«Strict Open XML-regneark»" in receipt["Strict.xlsx"]
    assert "Fil → Lagre som → Excel-arbeidsbok (.xlsx)" in receipt["Strict.xlsx"]
    assert "ikke kartleggingsskjemaet" not in receipt["Strict.xlsx"]
    assert "makroer" in receipt["Makro.xlsm"]
    assert "Numbers-dokument" in receipt["Fra Mac.numbers"] and "Eksporter til → Excel" in receipt["Fra Mac.numbers"]
    assert "tekstfil (for eksempel CSV)" in receipt["Eksport.csv"]
    assert "versjon 0.9" in receipt["Gammel versjon.xlsx"]
    assert all(by_name[n].status == "avvist" for n in files if n != "Mal.xltx")


@pytest.mark.libreoffice
@pytest.mark.skipif(not has_soffice(), reason="LibreOffice (soffice) er ikke installert")
def test_the_form_saved_as_ods_by_calc_is_named_as_opendocument(make_form, tmp_path):
    import subprocess
    import uuid

    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "ods",
                    "--outdir", str(tmp_path / "ods"), str(make_form())], capture_output=True, timeout=180)
    [ods] = (tmp_path / "ods").glob("*.ods")
    rejection = inspect(ods.read_bytes())
    assert rejection.code == "ods" and "OpenDocument-regneark (.ods)" in rejection.message


def _numbers() -> bytes:
    """A Numbers document as Numbers 2013 and later saves it: a zip of .iwa parts."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Index/Document.iwa", b"\x00\x1f\x00iwa")
        z.writestr("Index/Metadata.iwa", b"\x00\x10\x00")
        z.writestr("Metadata/DocumentIdentifier", b"6A1F")
        z.writestr("preview.jpg", b"\xff\xd8\xff\xe0")
    return buf.getvalue()
