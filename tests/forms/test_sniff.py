"""Files that are not forms are named for what they are, from their bytes, and
hostile packages are refused before any parser sees them."""

import io
import time
import zipfile

import pytest

from pipeline.forms import sniff
from pipeline.forms.sniff import MAX_ENTRIES, MAX_RATIO, inspect


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def with_entries(form: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    """A real form's package with parts added or replaced."""
    replace = replace or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, replace.get(item.filename, src.read(item)))
        for name, data in extra.items():
            dst.writestr(name, data)
    return buf.getvalue()


def test_real_blank_form_passes_quickly(blank_form):
    data = blank_form.read_bytes()
    start = time.perf_counter()
    assert inspect(data, blank_form.name) is None
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"II*\x00\x08\x00\x00\x00", "image"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image"),
        (b"Enhet;Tiltak\nSkole;PC\n", "text"),
        ("Enhet;Tiltak\nSkole;Ærlig talt\n".encode("utf-8"), "text"),
        (b"\x00\x01\x02garbage\xff", "not-xlsx"),
        (b"<html><body><table><tr><td>Tiltak</td></tr></table></body></html>", "html"),
        (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "xml2003"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "ole"),
    ],
)
def test_non_zip_files_are_named(data, code):
    assert inspect(data, "skjema.xlsx").code == code


def test_truncated_form_is_corrupt(blank_form):
    data = blank_form.read_bytes()
    rejection = inspect(data[: len(data) // 2], "skjema.xlsx")
    assert rejection.code == "corrupt" and "ferdig kopiert" in rejection.message


def test_word_document_renamed_to_xlsx_is_named():
    data = zip_bytes({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
    assert inspect(data, "skjema.xlsx").code == "docx"


def test_macro_enabled_workbook_is_refused_under_any_extension():
    data = zip_bytes({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"\0"})
    for name in ("skjema.xlsx", "skjema.xlsm", "skjema", "skjema.pdf"):
        assert inspect(data, name).code == "macro"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",  # .xlsm
        "application/vnd.ms-excel.template.macroEnabled.main+xml",  # .xltm
        "application/vnd.ms-excel.macrosheet+xml",  # Excel 4 macro sheet
    ],
)
def test_package_declaring_macros_is_refused_even_without_vba(blank_form, content_type):
    form = blank_form.read_bytes()
    with zipfile.ZipFile(io.BytesIO(form)) as z:
        types = z.read("[Content_Types].xml")
    declared = types.replace(b"</Types>", f'<Override PartName="/xl/x.xml" ContentType="{content_type}"/></Types>'.encode())
    assert inspect(with_entries(form, {}, {"[Content_Types].xml": declared}), "skjema.xlsx").code == "macro"


def test_excel4_macro_sheet_part_is_refused(blank_form):
    data = with_entries(blank_form.read_bytes(), {"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})
    assert inspect(data, "skjema.xlsx").code == "macro"


def test_zip_bomb_is_refused_from_the_directory():
    data = zip_bytes({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"0" * (20 * 1024 * 1024)})
    assert len(data) < 1024 * 1024 and 20 * 1024 * 1024 / len(data) > MAX_RATIO
    assert inspect(data, "skjema.xlsx").code == "zip-bomb"


def test_many_small_parts_that_unpack_beyond_the_total_limit_are_refused():
    # Each part is small enough to be exempt from the ratio rule; together they are 101 MB.
    entries = {"xl/workbook.xml": b"<w/>"}
    entries.update({f"xl/media/fill{i}.bin": b"\0" * sniff.RATIO_FLOOR for i in range(101)})
    data = zip_bytes(entries)
    assert len(data) < 2 * 1024 * 1024
    rejection = inspect(data, "skjema.xlsx")
    assert rejection.code == "zip-bomb" and "pakkes ut" in rejection.message


def test_one_part_beyond_the_part_limit_is_refused_as_too_large(monkeypatch):
    monkeypatch.setattr(sniff, "MAX_PART_BYTES", 1000)
    data = zip_bytes({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": bytes(range(256)) * 8})
    assert inspect(data, "skjema.xlsx").code == "too-large-unpacked"


def test_too_many_entries_are_refused():
    data = zip_bytes({"xl/workbook.xml": b"<w/>", **{f"xl/x{i}.xml": b"<x/>" for i in range(MAX_ENTRIES)}})
    assert inspect(data, "skjema.xlsx").code == "zip-entries"


def test_a_huge_central_directory_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(sniff, "MAX_DIRECTORY_BYTES", 2000)
    data = zip_bytes({"xl/workbook.xml": b"<w/>", **{f"xl/parts/{'x' * 40}{i}.xml": b"" for i in range(60)}})
    assert inspect(data, "skjema.xlsx").code == "zip-entries"


def test_duplicate_entry_names_are_ambiguous():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", b"<w/>")
        with pytest.warns(UserWarning):
            z.writestr("xl/workbook.xml", b"<other/>")
    assert inspect(buf.getvalue(), "skjema.xlsx").code == "zip-duplicate"


def test_two_spellings_of_one_part_are_ambiguous_too(blank_form):
    # Part names are case-insensitive in a package: Excel sees one part, openpyxl two.
    data = with_entries(blank_form.read_bytes(), {"XL/Worksheets/Sheet1.xml": b"<worksheet/>"})
    assert inspect(data, "skjema.xlsx").code == "zip-duplicate"


def test_zip_with_encrypted_entries_is_named():
    data = bytearray(zip_bytes({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}))
    # Set the "encrypted" flag in every local and central header, as a zip tool with a password does.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 0x1
            at = data.find(signature, at + 4)
    assert inspect(bytes(data), "skjema.xlsx").code == "encrypted"


def test_compression_excel_never_uses_is_refused():
    data = zip_bytes({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}, zipfile.ZIP_BZIP2)
    assert inspect(data, "skjema.xlsx").code == "zip-method"


# --- XML with a document type declaration -------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
)
XXE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml",
                                  "xl/worksheets/sheet1.xml", "xl/_rels/workbook.xml.rels"])
def test_a_dtd_in_any_part_is_refused(make_form, part):
    form = make_form().read_bytes()
    with zipfile.ZipFile(io.BytesIO(form)) as z:
        original = z.read(part) if part in z.namelist() else b"<x/>"
    body = original.split(b"?>", 1)[-1] if original.startswith(b"<?xml") else original
    data = with_entries(form, {}, {part: XXE + body}) if part != "xl/styles.xml" else with_entries(
        form, {}, {part: BILLION_LAUGHS})
    rejection = inspect(data, "skjema.xlsx")
    assert rejection.code == "xml-dtd" and "sikkerhetshensyn" in rejection.message


def test_a_dtd_behind_comments_and_in_utf16_is_found(blank_form):
    form = blank_form.read_bytes()
    hidden = b'<?xml version="1.0"?>\n<!-- ' + b"x" * 5000 + b' -->\n<?pi data?>\n<!DOCTYPE x SYSTEM "http://a/b">\n<x/>'
    assert inspect(with_entries(form, {"xl/extra.xml": hidden}), "s.xlsx").code == "xml-dtd"
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode("utf-16")
    assert inspect(with_entries(form, {"xl/extra.xml": utf16}), "s.xlsx").code == "xml-dtd"


def test_text_that_merely_mentions_a_doctype_is_fine(blank_form):
    form = blank_form.read_bytes()
    harmless = b'<?xml version="1.0"?>\n<x><t>&lt;!DOCTYPE x&gt; and <![CDATA[<!DOCTYPE y>]]></t></x>'
    assert inspect(with_entries(form, {"xl/extra.xml": harmless}), "s.xlsx") is None


def test_a_prolog_too_long_to_be_real_is_refused(blank_form):
    endless = b'<?xml version="1.0"?>\n<!--' + b"-" * 70_000
    assert inspect(with_entries(blank_form.read_bytes(), {"xl/extra.xml": endless}), "s.xlsx").code == "xml-dtd"


def test_every_rejection_has_a_norwegian_message():
    rejection = inspect(b"%PDF", "x.xlsx")
    assert "PDF" in rejection.message and "Excel" in rejection.message
