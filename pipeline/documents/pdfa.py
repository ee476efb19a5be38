"""The PDF as archive and web copy: PDF/A-2b and PDF/UA-1 from LibreOffice's own
export, checked and mended with pikepdf.

:data:`EXPORT_FILTER` asks LibreOffice (7.4 or newer) for a tagged PDF that is
PDF/A-2b (``SelectPdfVersion`` 2) and PDF/UA-1 (``PDFUACompliance``). LibreOffice
does not report filter options it cannot use: it writes an ordinary PDF and
exits 0. So :func:`finish_pdf` reads the PDF/A identification back from the
XMP metadata and raises :class:`~pipeline.errors.PdfError` when it is missing.

It then mends what LibreOffice 7.4 gets wrong, and touches nothing else:

* the XMP names the PDF/UA schema (``pdfuaid``) without declaring it; PDF/A
  (ISO 19005-2, 6.6.2.3.1) accepts only predefined or declared schemas, so the
  declaration is added (PDFBox Preflight: «7.3 … Cannot find a definition for
  the namespace http://www.aiim.org/pdfua/ns/id/»);
* pages with links get ``/Tabs`` as the string ``(S)``, where PDF/UA (ISO
  14289-1, 7.18.3) wants the name ``/S``;
* a table whose first column holds the labels («Første kolonne» on and
  «Overskriftsrad» off: the label/value tables) has those cells tagged as row headers (``/TH`` with
  ``/Scope /Row``): LibreOffice tags only header rows, so they would be data
  cells, and a screen reader would not read the label with its value.

The file is written with object streams (allowed from PDF/A-2): the structure
tree comes out of LibreOffice as thousands of small objects, and this brings
the size back near that of an ordinary PDF.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Sequence

from pipeline.errors import PdfError
from pipeline.i18n import Msg

#: LibreOffice's PDF export (writer_pdf_Export): PDF/A-2b, PDF/UA-1, tagged, bookmarks from the headings.
EXPORT_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    # The charts stay PNG (no JPEG blur around their text and lines), at about the same size.
    "UseLosslessCompression": {"type": "boolean", "value": "true"},
}, separators=(",", ":"))

_UA_NAMESPACE = b"http://www.aiim.org/pdfua/ns/id/"
_UA_EXTENSION = b"""  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>PDF/UA version identifier</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
"""


def finish_pdf(path: Path, source_name: str, tables: Sequence[tuple[int, bool]] | None = None) -> bytes:
    """The PDF LibreOffice wrote at *path* (from the document *source_name*),
    checked to be PDF/A-2 and mended as the module says, as bytes to write.

    *tables* is (rows, first column holds labels) of each table of the document
    in order (None: unknown); the row headers are only set when the PDF's tables
    match it. Raises :class:`PdfError` when the PDF is not PDF/A-2."""
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        raise PdfError(Msg("LibreOffice laget en PDF av {file} som ikke kan leses ({error}).", file=source_name,
                           error=str(exc))) from None
    with pdf:
        part, conformance = _pdfa_identification(pdf)
        if part != "2":
            level = part + conformance.lower()
            found = (Msg("den er merket PDF/A-{level}", level=level) if part
                     else Msg("den er ikke merket som PDF/A"))
            raise PdfError(Msg(
                "LibreOffice laget ikke en arkivfast PDF (PDF/A-2) av {file}: {found}. PDF-en trenger "
                "LibreOffice 7.4 eller nyere; oppdater LibreOffice, eller kjør uten --pdf. Word-dokumentene er "
                "laget som vanlig.", file=source_name, found=found))
        _declare_ua_schema(pdf)
        _tabs_as_names(pdf)
        if tables is not None:
            _row_headers(pdf, tables)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False)
    return out.getvalue()


def _pdfa_identification(pdf) -> tuple[str, str]:
    """(pdfaid:part, pdfaid:conformance) from the XMP; empty strings when absent."""
    try:
        meta = pdf.open_metadata()
        return str(meta.get("pdfaid:part") or ""), str(meta.get("pdfaid:conformance") or "")
    except Exception:  # noqa: BLE001 - XMP that cannot be parsed is the same as none
        return "", ""


def _declare_ua_schema(pdf) -> None:
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        return
    xmp = meta.read_bytes()
    if _UA_NAMESPACE in xmp and b"pdfaExtension:schemas" not in xmp and b"</rdf:RDF>" in xmp:
        # Written without a filter, as LibreOffice wrote it: PDF/A wants metadata readable as it is.
        meta.write(xmp.replace(b"</rdf:RDF>", _UA_EXTENSION + b" </rdf:RDF>", 1))


def _tabs_as_names(pdf) -> None:
    import pikepdf

    for page in pdf.pages:
        tabs = page.obj.get("/Tabs")
        if tabs is not None and not isinstance(tabs, pikepdf.Name):
            page.obj.Tabs = pikepdf.Name("/" + str(tabs))


# --- the structure tree ----------------------------------------------------------------------


def _kids(element) -> list:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and k.get("/Type", "/StructElem") == "/StructElem"]


def structure(pdf):
    """Every structure element of *pdf*, in document order (depth first)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack = list(reversed(_kids(root)))
    seen: set = set()
    while stack:
        element = stack.pop()
        key = element.objgen if element.is_indirect else id(element)
        if key in seen:
            continue
        seen.add(key)
        yield element
        stack.extend(reversed(_kids(element)))


def table_rows(table) -> list:
    """The rows (``/TR``) of a ``/Table`` element, also inside THead/TBody/TFoot."""
    rows = []
    for kid in _kids(table):
        if kid.get("/S") == "/TR":
            rows.append(kid)
        elif kid.get("/S") in ("/THead", "/TBody", "/TFoot"):
            rows += [r for r in _kids(kid) if r.get("/S") == "/TR"]
    return rows


def _row_headers(pdf, tables: Sequence[tuple[int, bool]]) -> None:
    import pikepdf

    found = [e for e in structure(pdf) if e.get("/S") == "/Table"]
    shapes = [len(table_rows(t)) for t in found]
    if shapes != [rows for rows, _labels in tables]:
        return  # not the tables the document has (LibreOffice left one out): better none than wrong ones
    for table, (_rows, labels) in zip(found, tables):
        if not labels:
            continue
        for row in table_rows(table):
            cells = _kids(row)
            if cells and cells[0].get("/S") == "/TD":
                cells[0].S = pikepdf.Name("/TH")
                _set_scope(cells[0], pikepdf)


def _set_scope(cell, pikepdf) -> None:
    """``/Scope /Row`` in the cell's table attributes, keeping any others (a column span)."""
    row = pikepdf.Name("/Row")
    attributes = cell.get("/A")
    owners = [attributes] if isinstance(attributes, pikepdf.Dictionary) else list(attributes or [])
    for owner in owners:
        if isinstance(owner, pikepdf.Dictionary) and owner.get("/O") == "/Table":
            owner.Scope = row
            return
    table = pikepdf.Dictionary(O=pikepdf.Name("/Table"), Scope=row)
    if attributes is None:
        cell.A = table
    elif isinstance(attributes, pikepdf.Array):
        attributes.append(table)
    else:
        cell.A = pikepdf.Array([attributes, table])
