"""The demo secretariat's own texts (demo.toml's ``[texts]``), written in Word the way a secretariat would:
headings of its own are not needed, but bold, bullet lists and a table are used,
so the demo shows them arriving in the documents. All people are invented."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

from docx import Document

from pipeline.demo.data import load
from pipeline.documents.prose import PROSE_SECTIONS, goal_file
from pipeline.fileio import atomic_write_bytes


def _doc(build: Callable) -> bytes:
    doc = Document()
    body = doc.element.body
    for p in list(body.iterchildren()):
        if not p.tag.endswith("sectPr"):
            body.remove(p)
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _blocks(blocks: list[dict[str, Any]]) -> Callable:
    """A builder that writes demo.toml's *blocks* (p, bullet, bold + rest, table) into a document."""
    def build(doc) -> None:
        for block in blocks:
            if "table" in block:
                head, *rows = block["table"]
                table = doc.add_table(rows=1, cols=len(head))
                table.style = doc.styles["Table Grid"]
                for cell, text in zip(table.rows[0].cells, head, strict=True):
                    cell.text = text
                    cell.paragraphs[0].runs[0].bold = True
                for row in rows:
                    for cell, text in zip(table.add_row().cells, row, strict=True):
                        cell.text = text
            elif "bold" in block:
                p = doc.add_paragraph()
                p.add_run(block["bold"]).bold = True
                p.add_run(block.get("rest", ""))
            elif "bullet" in block:
                doc.add_paragraph(block["bullet"], "List Bullet")
            else:
                doc.add_paragraph(block["p"])
    return build


def demo_texts(language: str = "nb") -> dict[str, Callable]:
    """File name → builder of the demo secretariat's texts in *language*."""
    demo = load(language)
    texts = {PROSE_SECTIONS[key].file: _blocks(blocks) for key, blocks in demo.texts.items()}
    texts.update({goal_file(code): _blocks(blocks) for code, blocks in demo.goal_texts.items()})
    return texts


def write_demo_texts(texts_dir: Path, language: str = "nb") -> list[Path]:
    """The demo's texts in *language* in *texts_dir*, each only where no file exists yet."""
    written = []
    for name, build in demo_texts(language).items():
        target = Path(texts_dir) / name
        if not target.exists():
            written.append(atomic_write_bytes(target, _doc(build)))
    return written
