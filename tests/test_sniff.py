"""Files that are not forms are named for what they are, from their bytes."""

import io
import zipfile

import pytest

from pipeline.sniff import MAX_RATIO, inspect


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_real_blank_form_passes(blank_form):
    assert inspect(blank_form.read_bytes(), blank_form.name) is None


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"Enhet;Tiltak\nSkole;PC\n", "not-xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "doc"),
    ],
)
def test_non_zip_files_are_named(data, code):
    assert inspect(data, "skjema.xlsx").code == code


def test_truncated_form_is_corrupt(blank_form):
    data = blank_form.read_bytes()
    assert inspect(data[: len(data) // 2], "skjema.xlsx").code == "corrupt"


def test_word_document_renamed_to_xlsx_is_named():
    data = zip_bytes({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
    assert inspect(data, "skjema.xlsx").code == "docx"


def test_macro_enabled_workbook_is_refused_under_any_extension():
    data = zip_bytes({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"\0"})
    assert inspect(data, "skjema.xlsx").code == "macro"
    assert inspect(data, "skjema.xlsm").code == "macro"


def test_zip_bomb_is_refused_from_the_directory():
    data = zip_bytes({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"0" * (20 * 1024 * 1024)})
    assert len(data) < 1024 * 1024 and 20 * 1024 * 1024 / len(data) > MAX_RATIO
    assert inspect(data, "skjema.xlsx").code == "zip-bomb"


def test_duplicate_entry_names_are_ambiguous():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", b"<w/>")
        with pytest.warns(UserWarning):
            z.writestr("xl/workbook.xml", b"<other/>")
    assert inspect(buf.getvalue(), "skjema.xlsx").code == "zip-duplicate"


def test_every_rejection_has_a_norwegian_message():
    rejection = inspect(b"%PDF", "x.xlsx")
    assert "PDF" in rejection.message and "Excel" in rejection.message
