"""Word → PDF with LibreOffice headless.

:func:`convert_to_pdf` converts several documents in one ``soffice`` call (its
start-up is the slow part) with:

* a profile folder of its own per run (``-env:UserInstallation``), so it never
  collides with a LibreOffice the user has open, or with another run;
* a time limit: on timeout the whole process group is killed (soffice starts a
  child process that would otherwise live on);
* a check that each PDF exists, is not empty and starts like a PDF, because
  LibreOffice can exit 0 having written nothing;
* a clear Norwegian :class:`~pipeline.errors.PdfError` when LibreOffice is not
  installed.

LibreOffice does not update a table of contents field when it opens a .docx; it
prints the field's cached entries. The documents carry entries with PAGEREF
fields, which LibreOffice does compute when they stand outside a TOC field, so
each document is converted from a copy with the TOC field's own markers removed
(the entries and their page numbers stay). The .docx files are not changed.

The PDF is one file for the archive and the web: tagged, PDF/A-2b and PDF/UA-1,
from LibreOffice's own export options, read back and mended with pikepdf
(:mod:`pipeline.documents.pdfa`). A PDF that is not PDF/A is an error.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence

from lxml import etree

from pipeline.documents.accessibility import has_header_column
from pipeline.documents.pdfa import EXPORT_FILTER, finish_pdf
from pipeline.errors import PdfError
from pipeline.i18n import Msg, Number
from pipeline.fileio import atomic_write_bytes
from pipeline.i18n.clicklang import child_environment

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CANDIDATES = ("soffice", "libreoffice")
_WINDOWS_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_PATH = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def find_soffice() -> str | None:
    """The LibreOffice executable, or ``None`` when it is not installed."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in (*_WINDOWS_PATHS, _MAC_PATH):
        if os.path.isfile(path):
            return path
    return None


def convert_to_pdf(docx_paths: Sequence[Path], out_dir: Path, timeout: float = 180) -> list[Path]:
    """Convert every document in *docx_paths* to ``<out_dir>/<stem>.pdf`` in one
    LibreOffice run; return the PDF paths in the same order."""
    docx_paths = [Path(p) for p in docx_paths]
    if not docx_paths:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(Msg(
            "Kan ikke lage PDF: LibreOffice er ikke installert (fant ikke «soffice»). Installer LibreOffice, "
            "eller kjør uten --pdf. Word-dokumentene er laget som vanlig."
        ))
    for p in docx_paths:
        if not p.is_file():
            raise PdfError(Msg("Kan ikke lage PDF av {file}: fila finnes ikke.", file=p.name))
    stems = [p.stem for p in docx_paths]
    if len(set(stems)) != len(stems):
        raise PdfError(Msg("Kan ikke lage PDF: to av dokumentene har samme navn."))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="iktplan-pdf-") as tmp:
        work = Path(tmp)
        sources, results = work / "kilde", work / "pdf"
        sources.mkdir()
        results.mkdir()
        inputs, tables = [], []
        for p in docx_paths:
            target = sources / p.name
            copy, shapes = _prepare(p.read_bytes())
            target.write_bytes(copy)
            inputs.append(str(target))
            tables.append(shapes)
        profile = (work / "profil").resolve().as_uri()
        cmd = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
            "--nolockcheck", "--nodefault", "--nologo", "--convert-to", EXPORT_FILTER, "--outdir", str(results),
            *inputs,
        ]
        _run(cmd, timeout)
        written = []
        for p, shapes in zip(docx_paths, tables):
            pdf = results / f"{p.stem}.pdf"
            data = pdf.read_bytes()[:1024] if pdf.is_file() else b""
            if not data.startswith(b"%PDF") or pdf.stat().st_size < 200:
                raise PdfError(Msg(
                    "LibreOffice laget ingen brukbar PDF av {file}. Prøv å åpne dokumentet i Word eller "
                    "LibreOffice; er det skadet, lag det på nytt med «iktplan run».", file=p.name))
            written.append(atomic_write_bytes(out_dir / pdf.name, finish_pdf(pdf, p.name, shapes)))
        return written


def _run(cmd: list[str], timeout: float) -> None:
    env = child_environment()  # the user's environment, not the language iktplan set for click's messages
    env.setdefault("HOME", tempfile.gettempdir())  # LibreOffice wants a home folder even with its own profile
    kwargs: dict = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True  # a process group of its own, to kill it whole
    else:  # pragma: no cover - Windows
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **kwargs)
    except OSError as exc:
        raise PdfError(Msg("Kan ikke starte LibreOffice ({program}): {error}.", program=cmd[0],
                           error=str(exc.strerror))) from None
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise PdfError(Msg(
            "LibreOffice brukte mer enn {seconds} sekunder på å lage PDF, og ble stoppet. Prøv igjen; "
            "skjer det igjen, lukk andre LibreOffice-vinduer eller kjør uten --pdf.",
            seconds=Number(timeout, 0 if float(timeout).is_integer() else 1))) from None
    if proc.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        if detail:
            raise PdfError(Msg("LibreOffice klarte ikke å lage PDF (avsluttet med kode {code}): {detail}",
                               code=proc.returncode, detail=detail[-1]))
        raise PdfError(Msg("LibreOffice klarte ikke å lage PDF (avsluttet med kode {code}).", code=proc.returncode))


def _kill(proc: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that survives SIGKILL
        pass


def _print_copy(docx: bytes) -> bytes:
    """*docx* with the markers of its TOC fields removed (see the module docstring)."""
    return _prepare(docx)[0]


def _prepare(docx: bytes) -> tuple[bytes, list[tuple[int, bool]] | None]:
    """(the copy of *docx* to convert, (rows, first column holds labels) of
    each of its tables, in order; None when the document cannot be read)."""
    import io

    src = zipfile.ZipFile(io.BytesIO(docx))
    try:
        xml = src.read("word/document.xml")
    except KeyError:
        return docx, None
    root = etree.fromstring(xml)
    w = f"{{{W}}}"
    tables = [(len(t.findall(f"{w}tr")), has_header_column(t)) for t in root.iter(f"{w}tbl")]
    if not _unwrap_toc(root):
        return docx, tables
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data)
    return out.getvalue(), tables


def _unwrap_toc(root) -> bool:
    """Remove begin/instruction/separate/end of every TOC field, keep its result."""
    w = f"{{{W}}}"
    stack: list[dict] = []
    remove = []
    for el in root.iter(f"{w}fldChar", f"{w}instrText"):
        run = el.getparent()
        if el.tag == f"{w}instrText":
            if stack:
                stack[-1]["instr"] += el.text or ""
                stack[-1]["runs"].append(run)
            continue
        kind = el.get(f"{w}fldCharType")
        if kind == "begin":
            stack.append({"instr": "", "runs": [run]})
        elif kind == "separate" and stack:
            stack[-1]["runs"].append(run)
        elif kind == "end" and stack:
            field = stack.pop()
            if field["instr"].strip().startswith("TOC"):
                remove += field["runs"] + [run]
    for run in remove:
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)
    return bool(remove)
