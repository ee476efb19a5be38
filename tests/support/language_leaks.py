"""What is still in the wrong language in a demo workspace: every marker word of the
other languages (``tests/support/markers.toml``) in every output, grouped by output
file and, where it can be told, by the module whose text it is.

    python3 -m tests.support.language_leaks nn /tmp/demo-nn --run    # run the demo rounds first
    python3 -m tests.support.language_leaks da /tmp/demo-da          # scan an existing workspace

``--run`` makes the workspace with ``iktplan demo --språk CODE`` (two rounds; ``--rounds 4``
runs the second year too) when it does not exist yet, and keeps what the commands printed
(``cli-output.txt``) and ``iktplan status`` (``status-output.txt``) in the workspace, so they
are scanned too. The documents in the outbox's own folders (the rullering's) are scanned as well.
The same collection is what ``tests/test_demo_languages.py`` asserts on.

The module of a leak is found by matching the text around it against the messages
of ``pipeline/locale/iktplan.pot`` (a marked message not yet translated: its source
locations), else against the string literals in ``pipeline/**/*.py`` (text not
marked yet), else against the demo data (``pipeline/defaults/**/demo.toml``);
what matches nothing is reported as «?» (a Word template, a file name, a value).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI_OUTPUT = "cli-output.txt"
STATUS_OUTPUT = "status-output.txt"

if __package__ in (None, ""):  # run as a script: make «support» importable as the tests do
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
try:
    from support.languages import Leak, foreign_words
except ImportError:  # imported as tests.support.language_leaks
    from tests.support.languages import Leak, foreign_words


@dataclass(frozen=True)
class Piece:
    """One piece of text a reader sees: a paragraph, a cell, a sheet name, a line."""

    where: str  # e.g. «body», «table», «footer», «sheet name», «Tiltak!B3», «prompt Tiltak!J2:J500», «line 7»
    text: str


@dataclass(frozen=True)
class Output:
    name: str  # path relative to the workspace (or «CLI», «status»)
    kind: str  # docx, xlsx, receipt, cli
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pieces)


# --- collecting the outputs ------------------------------------------------------------------


def docx_pieces(path: Path) -> list[Piece]:
    """Every paragraph of a .docx: the body (tables and text boxes too), headers and footers."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(path))

    def paragraphs(element, where: str) -> Iterator[Piece]:
        for p in element.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if text.strip():
                in_table = any(a.tag == qn("w:tbl") for a in p.iterancestors())
                yield Piece("table" if in_table and where == "body" else where, text)

    pieces = list(paragraphs(doc.element.body, "body"))
    seen: set[int] = set()
    for section in doc.sections:
        for kind in ("header", "first_page_header", "even_page_header",
                     "footer", "first_page_footer", "even_page_footer"):
            part = getattr(section, kind)
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            pieces += paragraphs(part._element, kind.replace("first_page_", "").replace("even_page_", ""))
    return pieces


def xlsx_pieces(path: Path) -> list[Piece]:
    """Every sheet name, every text cell and every data-validation text of a workbook."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    pieces: list[Piece] = []
    for ws in wb.worksheets:
        pieces.append(Piece("sheet name", ws.title))
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip():
                    pieces.append(Piece(f"{ws.title}!{cell.coordinate}", cell.value))
        for dv in ws.data_validations.dataValidation:
            for attr in ("promptTitle", "prompt", "errorTitle", "error"):
                value = getattr(dv, attr)
                if value:
                    pieces.append(Piece(f"{attr} {ws.title}!{dv.sqref}", value))
            if dv.type == "list" and dv.formula1 and dv.formula1.startswith('"'):
                pieces.append(Piece(f"list {ws.title}!{dv.sqref}", dv.formula1.strip('"')))
    if wb.properties.title:
        pieces.append(Piece("title", wb.properties.title))
    return pieces


def text_pieces(text: str, file_name: str | None = None) -> list[Piece]:
    pieces = [Piece("file name", file_name)] if file_name else []
    return pieces + [Piece(f"line {i}", line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


def collect(workspace: Path, cli_output: str | None = None, status_output: str | None = None,
            extra: bool = False) -> list[Output]:
    """The outputs of a demo *workspace*: the Word documents and the workbooks in
    outbox/ and in its own folders (the rullering's; not the archive, the receipts or the
    quarantine), every receipt, the blank form and the follow-up forms, and what the CLI and ``status`` printed
    (given, or read from ``cli-output.txt``/``status-output.txt`` in the workspace).
    *extra*: also beslutninger.xlsx and the texts/ stubs."""
    from pipeline.workspace import open_workspace

    workspace = Path(workspace)
    outputs: list[Output] = []
    outbox = workspace / "outbox"
    ws = open_workspace(workspace)
    kept_apart = {ws.archive, *ws.every_folder("receipts"), *ws.every_folder("quarantine")}
    folders = [outbox, *sorted(p for p in outbox.iterdir() if p.is_dir() and p not in kept_apart)] \
        if outbox.is_dir() else []
    # The file names are read too: they follow the workspace's language (pipeline.i18n.filenames).
    for folder in folders:
        for path in sorted(folder.glob("*.docx")):
            outputs.append(Output(str(path.relative_to(workspace)), "docx",
                                  (Piece("file name", path.name), *docx_pieces(path))))
        for path in sorted(folder.glob("*.xlsx")):
            outputs.append(Output(str(path.relative_to(workspace)), "xlsx",
                                  (Piece("file name", path.name), *xlsx_pieces(path))))
    for path in sorted(ws.receipts.glob("*")):
        if path.is_file():
            text = path.read_text("utf-8-sig", errors="replace")
            outputs.append(Output(str(path.relative_to(workspace)), "receipt", tuple(text_pieces(text, path.stem))))
    for path in sorted((workspace / "excel_forms").rglob("*.xlsx")):  # the follow-up forms of a year too
        outputs.append(Output(str(path.relative_to(workspace)), "xlsx",
                              (Piece("file name", path.name), *xlsx_pieces(path))))
    if extra:
        for path in sorted(workspace.glob("*.xlsx")):
            outputs.append(Output(str(path.relative_to(workspace)), "xlsx", tuple(xlsx_pieces(path))))
        for path in sorted((workspace / "tekster").glob("*.docx")):
            outputs.append(Output(str(path.relative_to(workspace)), "docx", tuple(docx_pieces(path))))
    for name, given, file in (("CLI", cli_output, CLI_OUTPUT), ("status", status_output, STATUS_OUTPUT)):
        if given is None and (workspace / file).is_file():
            given = (workspace / file).read_text("utf-8")
        if given is not None:
            outputs.append(Output(name, "cli", tuple(text_pieces(given))))
    return outputs


# --- finding the leaks and where they come from ---------------------------------------------


@dataclass(frozen=True)
class Found:
    output: str
    where: str
    leak: Leak
    origin: str


def leaks(outputs: Iterable[Output], code: str) -> list[Found]:
    """Every marker word of the other languages in *outputs*, with the piece it is in and its origin."""
    found = []
    for output in outputs:
        english = output.kind == "cli"
        for piece in output.pieces:
            for leak in foreign_words(piece.text, code, english=english):
                found.append(Found(output.name, piece.where, leak, origin(piece.text, leak.word)))
    return found


@lru_cache(maxsize=1)
def _catalogue() -> list[tuple[re.Pattern, str, str]]:
    """(pattern matching the message with any values, its text, its source locations) per msgid."""
    from babel.messages.pofile import read_po

    with open(ROOT / "pipeline" / "locale" / "iktplan.pot", "rb") as f:
        catalog = read_po(f)
    out = []
    for message in catalog:
        if not message.id:
            continue
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            parts = re.split(r"\{[^{}]*\}", text)
            if sum(len(p.strip()) for p in parts) < 4:
                continue
            pattern = re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL)
            where = ", ".join(sorted({f"{Path(file).with_suffix('').as_posix().replace('/', '.')}"
                                      for file, _ in message.locations}))
            out.append((pattern, text, where))
    return out


@lru_cache(maxsize=1)
def _sources() -> list[tuple[str, str]]:
    files = sorted((ROOT / "pipeline").rglob("*.py")) + sorted((ROOT / "pipeline" / "defaults").rglob("demo.toml"))
    return [(str(p.relative_to(ROOT)), p.read_text("utf-8")) for p in files]


def origin(text: str, word: str) -> str:
    """Where the text around *word* comes from: «catalogue, untranslated: module …»,
    «unmarked: file», «demo data: file», or «?» (up to two files when several match)."""
    folded = word.casefold()
    for pattern, msgid, where in _catalogue():
        if folded in msgid.casefold() and pattern.search(text):
            return f"catalogue, untranslated: {where}"
    piece = text.strip()
    needles = [f'"{piece}"'] if len(piece) <= 40 else []
    fragment = _fragment(text, word)
    if fragment:
        needles.append(fragment)
    for needle in needles:
        hits = [name for name, source in _sources() if needle in source]
        if hits:
            kind = "demo data" if hits[0].endswith(".toml") else "unmarked"
            return f"{kind}: {' | '.join(hits[:2])}{' …' if len(hits) > 2 else ''}"
    return "?"


def _fragment(text: str, word: str, span: int = 2) -> str | None:
    """Up to *span* words either side of *word* in *text*, within the run of text that
    holds no digits, quotes or braces (values a message fills in), as a literal to grep for."""
    match = re.search(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", text)
    if not match:
        return None
    run_start = max((m.end() for m in re.finditer(r"[\d«»\"{}\n]", text[: match.start()])), default=0)
    tail = re.search(r"[\d«»\"{}\n]", text[match.end():])
    run_end = match.end() + tail.start() if tail else len(text)
    before = re.findall(r"\S+", text[run_start: match.start()])[-span:]
    after = re.findall(r"\S+", text[match.end(): run_end])[:span]
    candidate = " ".join([*before, text[match.start(): match.end()], *after]).strip(" ,.;:")
    return candidate if len(candidate) >= 6 and " " in candidate else None


# --- running the demo and printing the report ----------------------------------------------


def run_demo(code: str, workspace: Path, rounds: int = 2) -> tuple[str, str]:
    """Run ``iktplan demo --språk CODE WORKSPACE`` *rounds* times and ``status``; keep
    and return what they printed."""
    printed = []
    for i in range(rounds):
        args = ["demo", "--språk", code, str(workspace)] if i == 0 else ["demo", str(workspace)]
        printed.append(_iktplan(args))
    status = _iktplan(["-w", str(workspace), "status"])
    cli = "\n".join(printed)
    (workspace / CLI_OUTPUT).write_text(cli, "utf-8")
    (workspace / STATUS_OUTPUT).write_text(status, "utf-8")
    return cli, status


def _iktplan(args: list[str]) -> str:
    done = subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    return done.stdout + done.stderr


def report(found: list[Found], outputs: list[Output]) -> str:
    by_output: dict[str, list[Found]] = defaultdict(list)
    for f in found:
        by_output[f.output].append(f)
    lines = []
    for output in outputs:
        items = by_output.get(output.name, [])
        lines.append(f"== {output.name}: {len(items)}")
        by_origin: dict[str, list[Found]] = defaultdict(list)
        for f in items:
            by_origin[f.origin].append(f)
        for where, group in sorted(by_origin.items(), key=lambda kv: -len(kv[1])):
            words = sorted({f.leak.word.casefold() for f in group})
            lines.append(f"  [{len(group)}] {where}: {', '.join(words)}")
            for f in group[:3]:
                lines.append(f"      {f.where}: {f.leak}")
    modules: dict[str, int] = defaultdict(int)
    for f in found:
        modules[f.origin.split(" | ")[0].removesuffix(" …")] += 1
    lines.append("")
    lines.append(f"== total: {len(found)} leaks in {sum(1 for o in outputs if by_output.get(o.name))} of "
                 f"{len(outputs)} outputs")
    for where, n in sorted(modules.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {n:5}  {where}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tests.support.language_leaks", description=__doc__.split("\n")[0])
    parser.add_argument("code", help="the workspace's language: nb, nn or da")
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--run", action="store_true", help="run the demo rounds first if the folder has no workspace")
    parser.add_argument("--rounds", type=int, default=2, help="how many demo rounds --run runs (4: the second year too)")
    parser.add_argument("--extra", action="store_true", help="also beslutninger.xlsx and the texts/ stubs")
    args = parser.parse_args(argv)
    workspace = args.workspace.expanduser().resolve()
    if args.run and not (workspace / "strategi.toml").exists():
        run_demo(args.code, workspace, args.rounds)
    if not (workspace / "strategi.toml").exists():
        print(f"{workspace} is not a workspace (use --run to make one)", file=sys.stderr)
        return 2
    outputs = collect(workspace, extra=args.extra)
    found = leaks(outputs, args.code)
    print(report(found, outputs))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
