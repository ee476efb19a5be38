"""Build the three shipped Word templates with python-docx, one set per language.

``python -m pipeline.documents.templatebuild`` writes the bokmål set into
``word_templates/*.docx`` in the repository and identical copies in
``pipeline/defaults/word_templates/``, and every other language's set into
``pipeline/defaults/<språk>/word_templates/`` (what ``iktplan init --språk``
copies into a new workspace). The fixed text comes from the catalogues
(docs/sprak.md), so a new language is a catalogue, not a code change; the
shipped .docx files are what the secretariat edits in Word afterwards, in its
own language, and this script only makes the starting point reproducible.

The templates use real Word styles (Title, Heading 1–3 for the navigation pane and
the table of contents, «Iktplan tabell» with a repeating header row), a header and
a footer with the municipality, the document, the version and «Side x av y», a
cover page and a TOC field that Word fills in when the document opens. Template
tags are docxtpl's: ``{{ felt }}`` for a value, ``{%p … %}`` alone in a paragraph
and ``{%tr … %}`` alone in a table row for conditions and repetition. Every name
a tag uses is listed in :data:`pipeline.documents.context.SCHEMA`.

One module per document (:mod:`.strategy`, :mod:`.measures`, :mod:`.case`), written
with :mod:`.writer` in the house style (:mod:`.styles`, :mod:`.page`); what several
documents share is in :mod:`.pieces`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Sequence

from pipeline.core.versions import DOCUMENTS
from pipeline.documents.templatebuild.case import build_case
from pipeline.documents.templatebuild.measures import build_measures
from pipeline.documents.templatebuild.strategy import build_strategy
from pipeline.fileio import atomic_write_bytes
from pipeline.i18n import Lang
from pipeline.i18n.languages import DEFAULT_LANGUAGE, available

REPO = Path(__file__).resolve().parents[3]
DEFAULTS = REPO / "pipeline" / "defaults"
TARGETS = (REPO / "word_templates", DEFAULTS / "word_templates")

STRATEGY, MEASURES, CASE = DOCUMENTS
BUILDERS = {STRATEGY: build_strategy, MEASURES: build_measures, CASE: build_case}


def language_targets(code: str) -> tuple[Path, ...]:
    """Where language *code*'s shipped set lives (bokmål: :data:`TARGETS`)."""
    return TARGETS if code == DEFAULT_LANGUAGE else (DEFAULTS / code / "word_templates",)


def build_language(code: str) -> dict[str, bytes]:
    """The three templates of language *code*, by file name."""
    lang = Lang.for_code(code)
    return {name: build(lang) for name, build in BUILDERS.items()}


def build_all(targets: Iterable[Path] = TARGETS, code: str = DEFAULT_LANGUAGE) -> list[Path]:
    """Write language *code*'s three templates into every folder of *targets*; return the paths."""
    written = []
    for name, data in build_language(code).items():
        for folder in targets:
            written.append(atomic_write_bytes(Path(folder) / name, data))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Build every language into its shipped folders, or bokmål into the folders named in *argv*
    (None: the command line)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        paths = build_all([Path(a) for a in args])
    else:
        paths = [p for code in available() for p in build_all(language_targets(code), code)]
    for path in paths:
        print(path)
    return 0
