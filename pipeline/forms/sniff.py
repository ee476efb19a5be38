"""What is this file, really? Checked from its bytes before any parser sees it.

Units rename files, save in the wrong format, protect them with a password, or
send the wrong attachment; one day a file will be hostile. :func:`inspect`
names what the file is in words the unit understands, and refuses what no
parser should see: zip bombs and ambiguous archives (from the zip directory
alone, before anything is decompressed), macro-enabled workbooks under any
extension, and XML with a document type declaration (the door to «billion
laughs» entity bombs and external entities; Excel never writes one).

This module is the one place that decides from the bytes and the zip
directory; the reader (:mod:`pipeline.forms.reader`) calls it too and keeps only
the limits that show while parsing (rows, cells, time).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from pipeline.i18n import Msg, Number

# Limits checked from the zip directory, before anything is decompressed. A real
# filled form is well under 1 MB unpacked; these leave room for 500 measures.
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ENTRIES = 500
MAX_DIRECTORY_BYTES = 1024 * 1024  # the central directory itself (500 entries need < 100 kB)
MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024  # the whole package, unpacked
MAX_PART_BYTES = 20 * 1024 * 1024  # one part (a sheet's XML), unpacked
MAX_RATIO = 200  # uncompressed/compressed for one large entry; sheet XML rarely exceeds 50
RATIO_FLOOR = 1024 * 1024  # small entries may compress as they like
PROLOG_BYTES = 64 * 1024  # how much of each part is read to find a DOCTYPE before the root element

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An Outlook message (.msg) is a compound file whose streams and storages carry
# these names (MS-OXMSG 2.1): property streams, attachments, recipients.
_OUTLOOK_NAMES = tuple(n.encode("utf-16-le") for n in ("__substg1.0_", "__properties_version1.0"))
_STRICT_NAMESPACES = (b"http://purl.oclc.org/ooxml/spreadsheetml/main", b"http://purl.oclc.org/ooxml/officeDocument/")
_MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"macrosheet")
_RESAVE = Msg("Lagre skjemaet på nytt i Excel (som Excel-arbeidsbok, .xlsx) og send det igjen.")


@dataclass(frozen=True)
class Rejection:
    code: str  # stable identifier for logs and tests, e.g. 'macro', 'encrypted'
    msg: Msg  # for the receipt, in the workspace's language

    @property
    def message(self) -> str:
        """The message in bokmål (logs, tests)."""
        return str(self.msg)


def inspect(data: bytes, name: str = "") -> Rejection | None:
    """``None`` when *data* is an .xlsx package worth parsing, else why not.
    *name* (the file name as sent) is never trusted: the bytes decide."""
    if not data:
        return Rejection("empty", Msg("Filen er tom (0 byte). Lagre skjemaet på nytt og send det igjen."))
    if len(data) > MAX_FILE_BYTES:
        return too_large(len(data))
    head = data[:8]
    if head.startswith(_OLE_MAGIC):
        return _ole(data)
    if head.startswith(b"%PDF"):
        return Rejection("pdf", Msg("Filen er en PDF, ikke et Excel-regneark. Send selve Excel-skjemaet (.xlsx)."))
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")) or (
        head.startswith(b"RIFF") and data[8:12] == b"WEBP"
    ):
        return Rejection("image", Msg("Filen er et bilde, ikke et Excel-regneark. Send selve Excel-skjemaet (.xlsx)."))
    if head.startswith(b"{\\rtf"):
        return Rejection("rtf", Msg("Filen er et tekstdokument (RTF), ikke et Excel-regneark."))
    if not head.startswith(b"PK"):
        return _text(data)
    return _zip(data)


def too_large(size: int) -> Rejection:
    return Rejection(
        "too-large",
        Msg("Filen er for stor ({mb} MB). Et utfylt kartleggingsskjema er vanligvis under 1 MB; send bare skjemaet, "
            "uten bilder eller vedlegg limt inn.", mb=size // (1024 * 1024)),
    )


def is_outlook_message(data: bytes) -> bool:
    """*data* is an Outlook message saved as a file (.msg), whatever it is called."""
    return data.startswith(_OLE_MAGIC) and all(n in data for n in _OUTLOOK_NAMES)


#: A .msg in which no form could be taken: what the unit can do instead.
OUTLOOK_ADVICE = Msg(
    "Åpne meldingen i Outlook, høyreklikk på skjemaet blant vedleggene, velg «Lagre som» og send den lagrede "
    ".xlsx-filen. Du kan også sende e-posten med skjemaet på nytt, eller lagre hele e-posten som .eml "
    "(i nye Outlook og Outlook på nett: «Last ned»; i Outlook for Mac og Thunderbird: dra e-posten til en mappe)."
)


def _ole(data: bytes) -> Rejection:
    # An OLE compound file is an Outlook message, legacy .xls/.doc or an encrypted
    # OOXML package, which Office stores inside OLE with these stream names. The
    # message comes first: an attached workbook's stream names are inside it too.
    if is_outlook_message(data):
        return Rejection("msg", Msg("Filen er en Outlook-melding (.msg), ikke selve skjemaet. {advice}",
                                    advice=OUTLOOK_ADVICE))
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return Rejection(
            "encrypted",
            Msg("Skjemaet er beskyttet med passord, så vi kan ikke lese det. Fjern passordet "
            "(Fil → Info → Beskytt arbeidsbok) og send skjemaet på nytt."),
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return Rejection(
            "xls",
            Msg("Filen er lagret i det gamle Excel-formatet (.xls). Åpne den og velg Fil → Lagre som → "
            "Excel-arbeidsbok (.xlsx), og send den nye filen."),
        )
    if "WordDocument".encode("utf-16-le") in data:
        return Rejection("doc", Msg("Filen er et Word-dokument (.doc), ikke Excel-skjemaet."))
    return Rejection(
        "ole",
        Msg("Filen er et eldre Office-dokument (for eksempel i det gamle .xls-formatet), eller den er beskyttet med "
        "passord. Åpne den i Excel, fjern eventuelt passordet, velg Fil → Lagre som → Excel-arbeidsbok (.xlsx) "
        "og send den nye filen."),
    )


def _text(data: bytes) -> Rejection:
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype html")) or b"<html" in start[:1024]:
        return Rejection(
            "html",
            Msg("Filen er en nettside (HTML), ikke et Excel-regneark, selv om navnet kan se slik ut. Åpne den i "
            "Excel, velg Fil → Lagre som → Excel-arbeidsbok (.xlsx), og send den nye filen."),
        )
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:65536]:
        return Rejection(
            "xml2003",
            "Filen er lagret som «XML-regneark 2003». Åpne den i Excel, velg Fil → Lagre som → "
            "Excel-arbeidsbok (.xlsx), og send den nye filen.",
        )
    if b"\0" not in data[:4096]:
        try:
            data[:4096].decode("utf-8")
        except UnicodeDecodeError as exc:
            plain = exc.start > 4090  # only a character cut at the end
        else:
            plain = True
        if plain:
            return Rejection(
                "text",
                Msg("Filen er en tekstfil (for eksempel CSV), ikke et Excel-regneark. Bruk kartleggingsskjemaet fra "
                "sekretariatet og lagre det som Excel-arbeidsbok (.xlsx)."),
            )
    return Rejection(
        "not-xlsx",
        Msg("Filen er ikke et Excel-regneark (.xlsx). Bruk kartleggingsskjemaet fra sekretariatet og lagre det "
        "som Excel-arbeidsbok (.xlsx)."),
    )


_CORRUPT = Rejection(
    "corrupt",
    Msg("Filen er skadet eller ufullstendig (kanskje ble den ikke ferdig kopiert). Lagre skjemaet på nytt "
    "og send det igjen."),
)


def _zip(data: bytes) -> Rejection | None:
    directory = _directory_size(data)
    if directory is not None and directory > MAX_DIRECTORY_BYTES:
        # zipfile would build an object per entry before any limit below could look.
        return Rejection("zip-entries", Msg("Filen har altfor mange deler til å være et kartleggingsskjema."))
    # Whatever zipfile or zlib raise on these bytes (BadZipFile, zlib.error, struct,
    # value and EOF errors of many kinds) means the file is damaged: the fuzz
    # test (benchmarks/fuzz.py) found several.
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # noqa: BLE001
        return _CORRUPT
    if len(infos) > MAX_ENTRIES:
        return Rejection("zip-entries", Msg("Filen har for mange deler ({n}) til å være et kartleggingsskjema.",
                                            n=Number(len(infos))))
    # Part names in a package are case-insensitive (ECMA-376 part 2), and some
    # tools write back slashes: two spellings of one part are the same part.
    names = [i.filename.replace("\\", "/").lstrip("/").lower() for i in infos]
    if len(set(names)) != len(names):
        return Rejection(
            "zip-duplicate",
            Msg("Filen inneholder samme del to ganger, så det er uklart hva den egentlig inneholder. "
            "Lagre skjemaet på nytt i Excel og send det igjen."),
        )
    bomb = _sizes(infos)
    if bomb is not None:
        return bomb
    lowered = set(names)
    if "word/document.xml" in lowered:
        return Rejection("docx", Msg("Filen er et Word-dokument, ikke Excel-skjemaet. Send kartleggingsskjemaet (.xlsx)."))
    if "ppt/presentation.xml" in lowered:
        return Rejection("pptx", Msg("Filen er en PowerPoint-presentasjon, ikke Excel-skjemaet."))
    if "xl/workbook.xml" not in lowered and "xl/workbook.bin" not in lowered:
        if "index/document.iwa" in lowered:
            return Rejection(
                "numbers",
                Msg("Filen er et Numbers-dokument (Apple), ikke et Excel-regneark. Åpne den i Numbers og velg "
                "Arkiv → Eksporter til → Excel (.xlsx), og send den nye filen."),
            )
        if "content.xml" in lowered and "mimetype" in lowered:
            return Rejection(
                "ods",
                Msg("Filen er lagret som OpenDocument-regneark (.ods). Velg Fil → Lagre som → Excel 2007-365 (.xlsx) "
                "og send den nye filen."),
            )
        return Rejection("zip", Msg("Filen er en zip-fil, ikke et Excel-regneark. Send selve kartleggingsskjemaet (.xlsx)."))
    if "xl/workbook.bin" in lowered:
        return Rejection("xlsb", Msg("Filen er lagret som binær Excel-arbeidsbok (.xlsb). Lagre den som .xlsx og send på nytt."))
    if any(i.flag_bits & 0x1 for i in infos):
        return Rejection(
            "encrypted",
            Msg("Deler av filen er kryptert med passord, så vi kan ikke lese den. Send skjemaet uten passord."),
        )
    if any(i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos):
        return Rejection("zip-method", Msg("Filen er pakket på en måte Excel ikke bruker. {resave}", resave=_RESAVE))
    try:
        if _is_strict(archive, infos, names):
            return Rejection(
                "strict",
                Msg("Skjemaet er lagret som «Strict Open XML-regneark», et eget Excel-format som vi ikke kan lese. "
                "Åpne filen i Excel, velg Fil → Lagre som → Excel-arbeidsbok (.xlsx), og send den nye filen."),
            )
        if _has_macros(archive, infos, names):
            return Rejection(
                "macro",
                Msg("Filen inneholder makroer, og av sikkerhetshensyn tar vi ikke imot den. Lagre skjemaet som "
                "vanlig Excel-arbeidsbok (.xlsx, uten makroer) og send det på nytt."),
            )
        if any(_has_doctype(archive, info) for info in infos):
            return Rejection(
                "xml-dtd",
                Msg("Filen inneholder XML-definisjoner (DTD eller entiteter) som Excel aldri lager. Slike kan "
                    "brukes til å angripe maskinen som leser filen, så den er avvist av sikkerhetshensyn. {resave}",
                    resave=_RESAVE),
            )
    except Exception:  # noqa: BLE001 - a damaged entry (bad header, bad deflate data, wrong size)
        return _CORRUPT
    return None


def _directory_size(data: bytes) -> int | None:
    """The central directory's size as the end record states it; None if there is none."""
    try:
        end = zipfile._EndRecData(io.BytesIO(data))  # stdlib helper, unchanged since Python 2.x
    except Exception:  # noqa: BLE001 - no readable end record: zipfile will say what is wrong
        return None
    return end[zipfile._ECD_SIZE] if end else None


def _sizes(infos: list[zipfile.ZipInfo]) -> Rejection | None:
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return Rejection("zip-bomb", Msg("Filen er pakket på en mistenkelig måte (ekstremt høy komprimering) og er avvist."))
        if info.file_size > MAX_PART_BYTES:
            return Rejection(
                "too-large-unpacked",
                Msg("Regnearket er altfor stort til å være et kartleggingsskjema. Det har trolig formatering "
                "på svært mange tomme rader eller kolonner. Lim innholdet inn i et nytt, tomt skjema fra "
                "sekretariatet og send det på nytt."),
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        return Rejection("zip-bomb", Msg("Filen er altfor stor når den pakkes ut, og er avvist."))
    return None


def _is_strict(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], names: list[str]) -> bool:
    """Saved by Excel as «Strict Open XML Spreadsheet»: the same package with the
    ISO/IEC 29500 Strict namespaces (``http://purl.oclc.org/ooxml/…``), which
    openpyxl reads as a workbook without sheets."""
    for info, name in zip(infos, names):
        if name in ("_rels/.rels", "xl/workbook.xml"):
            with archive.open(info) as f:
                head = f.read(PROLOG_BYTES)
            if any(ns in head for ns in _STRICT_NAMESPACES):
                return True
    return False


def _has_macros(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], names: list[str]) -> bool:
    """VBA, Excel 4 macro sheets, or a package that declares itself macro-enabled
    (.xlsm, .xltm, .xlam content types), whatever the file is called."""
    if any(n.endswith("vbaproject.bin") or n.startswith(("xl/macrosheets/", "xl/intlmacrosheets/")) for n in names):
        return True
    for info, name in zip(infos, names):
        if name == "[content_types].xml":
            with archive.open(info) as f:
                types = f.read(MAX_DIRECTORY_BYTES).lower()
            return any(t in types for t in _MACRO_CONTENT_TYPES)
    return False


def _has_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Does this part declare a DTD? A DOCTYPE can only stand in the prolog,
    before the root element, so the start of the part is enough."""
    if info.is_dir() or info.file_size == 0:
        return False
    with archive.open(info) as f:
        head = f.read(PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif head.startswith(b"<\x00"):
        text = head.decode("utf-16-le", errors="replace")
    elif head.startswith(b"\x00<"):
        text = head.decode("utf-16-be", errors="replace")
    else:
        text = head.decode("latin-1")  # every ASCII-compatible encoding spells markup the same
    return _prolog_declares_dtd(text, complete=len(head) < PROLOG_BYTES)


def _prolog_declares_dtd(text: str, complete: bool) -> bool:
    """Walk the prolog (XML declaration, processing instructions, comments,
    white space). True at a ``<!`` declaration, or when the prolog does not end
    within the bytes read (no real part has 64 kB of prolog)."""
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n\ufeff":
            i += 1
        if i >= n:
            return not complete
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return not complete
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return not complete
            i = end + 3
        else:
            return text.startswith("<!", i)
