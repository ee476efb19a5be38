"""What is this file, really? Checked from its bytes before any parser sees it.

Units rename files, save in the wrong format, protect them with a password, or
send the wrong attachment; one day a file will be hostile. :func:`inspect`
names what the file is in words the unit understands, and refuses zip bombs
and ambiguous archives from the zip directory alone, before anything is
decompressed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# Limits checked from the zip directory, before anything is decompressed. A real
# filled form is well under 1 MB unpacked; these leave room for 500 measures.
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ENTRIES = 500
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed/compressed for one entry; sheet XML rarely exceeds 50


@dataclass(frozen=True)
class Rejection:
    code: str  # stable identifier for logs and tests, e.g. 'macro', 'encrypted'
    message: str  # Norwegian, for the receipt


def inspect(data: bytes, name: str) -> Rejection | None:
    """``None`` when *data* is an .xlsx package worth parsing, else why not."""
    if not data:
        return Rejection("empty", "Filen er tom (0 byte). Lagre skjemaet på nytt og send det igjen.")
    if len(data) > MAX_FILE_BYTES:
        return Rejection(
            "too-large",
            f"Filen er for stor ({len(data) // (1024 * 1024)} MB). Et utfylt kartleggingsskjema er vanligvis "
            "under 1 MB; send bare skjemaet, uten bilder eller vedlegg limt inn.",
        )
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole(data)
    if head.startswith(b"%PDF"):
        return Rejection("pdf", "Filen er en PDF, ikke et Excel-regneark. Send selve Excel-skjemaet (.xlsx).")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return Rejection("image", "Filen er et bilde, ikke et Excel-regneark. Send selve Excel-skjemaet (.xlsx).")
    if head.startswith(b"{\\rtf"):
        return Rejection("rtf", "Filen er et tekstdokument (RTF), ikke et Excel-regneark.")
    if not head.startswith(b"PK"):
        return Rejection(
            "not-xlsx",
            "Filen er ikke et Excel-regneark (.xlsx). Bruk kartleggingsskjemaet fra sekretariatet og lagre det "
            "som Excel-arbeidsbok (.xlsx).",
        )
    return _zip(data, name)


def _ole(data: bytes) -> Rejection:
    # An OLE compound file is either legacy .xls/.doc or an encrypted OOXML
    # package, which Office stores inside OLE with these stream names.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return Rejection(
            "encrypted",
            "Skjemaet er beskyttet med passord, så vi kan ikke lese det. Fjern passordet "
            "(Fil → Info → Beskytt arbeidsbok) og send skjemaet på nytt.",
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return Rejection(
            "xls",
            "Filen er lagret i det gamle Excel-formatet (.xls). Åpne den og velg Fil → Lagre som → "
            "Excel-arbeidsbok (.xlsx), og send den nye filen.",
        )
    if "WordDocument".encode("utf-16-le") in data:
        return Rejection("doc", "Filen er et Word-dokument (.doc), ikke Excel-skjemaet.")
    return Rejection("ole", "Filen er et eldre Office-dokument som ikke er et Excel-regneark (.xlsx).")


def _zip(data: bytes, name: str) -> Rejection | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Rejection(
            "corrupt",
            "Filen er skadet eller ufullstendig (kanskje ble den ikke ferdig kopiert). Lagre skjemaet på nytt "
            "og send det igjen.",
        )
    if len(infos) > MAX_ENTRIES:
        return Rejection("zip-entries", f"Filen har for mange deler ({len(infos)}) til å være et kartleggingsskjema.")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        return Rejection(
            "zip-duplicate",
            "Filen inneholder samme del to ganger, så det er uklart hva den egentlig inneholder. "
            "Lagre skjemaet på nytt i Excel og send det igjen.",
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return Rejection("zip-bomb", "Filen er pakket på en mistenkelig måte (ekstremt høy komprimering) og er avvist.")
    if total > MAX_TOTAL_UNCOMPRESSED:
        return Rejection("zip-bomb", "Filen er altfor stor når den pakkes ut, og er avvist.")
    lowered = {n.lower() for n in names}
    if "word/document.xml" in lowered:
        return Rejection("docx", "Filen er et Word-dokument, ikke Excel-skjemaet. Send kartleggingsskjemaet (.xlsx).")
    if "ppt/presentation.xml" in lowered:
        return Rejection("pptx", "Filen er en PowerPoint-presentasjon, ikke Excel-skjemaet.")
    if "xl/workbook.xml" not in lowered and "xl/workbook.bin" not in lowered:
        if "content.xml" in lowered and "mimetype" in lowered:
            return Rejection(
                "ods",
                "Filen er lagret som OpenDocument-regneark (.ods). Velg Fil → Lagre som → Excel 2007-365 (.xlsx) "
                "og send den nye filen.",
            )
        return Rejection("zip", "Filen er en zip-fil, ikke et Excel-regneark. Send selve kartleggingsskjemaet (.xlsx).")
    if "xl/workbook.bin" in lowered:
        return Rejection("xlsb", "Filen er lagret som binær Excel-arbeidsbok (.xlsb). Lagre den som .xlsx og send på nytt.")
    if any(n.endswith("vbaproject.bin") for n in lowered) or any(n.startswith("xl/macrosheets/") for n in lowered):
        return Rejection(
            "macro",
            "Filen inneholder makroer, og av sikkerhetshensyn tar vi ikke imot den. Lagre skjemaet som "
            "vanlig Excel-arbeidsbok (.xlsx, uten makroer) og send det på nytt.",
        )
    return None
