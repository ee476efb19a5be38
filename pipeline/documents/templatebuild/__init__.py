"""Build the shipped Word templates with python-docx, one set per language: the three
documents of a version, and the yearly status report (``Statusrapport.docx``, issue 15).

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

One module per document (:mod:`.strategy`, :mod:`.measures`, :mod:`.case`, :mod:`.status`), written
with :mod:`.writer` in the house style (:mod:`.styles`, :mod:`.page`); what several
documents share is in :mod:`.pieces`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Sequence

from pipeline.core.versions import DOCUMENTS
from pipeline.documents.rollcontext import ROLLED_PLAN, ROLLING_CASE
from pipeline.documents.statuscontext import STATUS_TEMPLATE
from pipeline.documents.templatebuild.case import build_case
from pipeline.documents.templatebuild.measures import build_measures
from pipeline.documents.templatebuild.rolled import build_rolled_plan, build_rolling_case
from pipeline.documents.templatebuild.status import build_status_report
from pipeline.documents.templatebuild.strategy import build_strategy
from pipeline.fileio import atomic_write_bytes
from pipeline.i18n import Lang
from pipeline.i18n.filenames import FileNames, every_name
from pipeline.i18n.languages import DEFAULT_LANGUAGE, available

REPO = Path(__file__).resolve().parents[3]
DEFAULTS = REPO / "pipeline" / "defaults"
TARGETS = (REPO / "word_templates", DEFAULTS / "word_templates")

STRATEGY, MEASURES, CASE = DOCUMENTS
#: The templates by key (:mod:`pipeline.i18n.filenames`); each language's set is named in its language.
BUILDERS = {STRATEGY: build_strategy, MEASURES: build_measures, CASE: build_case,
            STATUS_TEMPLATE: build_status_report, ROLLED_PLAN: build_rolled_plan, ROLLING_CASE: build_rolling_case}


def language_targets(code: str) -> tuple[Path, ...]:
    """Where language *code*'s shipped set lives (bokmål: :data:`TARGETS`)."""
    return TARGETS if code == DEFAULT_LANGUAGE else (DEFAULTS / code / "word_templates",)


def build_language(code: str) -> dict[str, bytes]:
    """The templates of language *code*, by file name in that language (``It-strategi.docx`` …)."""
    lang = Lang.for_code(code)
    names = FileNames(lang)
    return {names.name(key): build(lang) for key, build in BUILDERS.items()}


def build_all(targets: Iterable[Path] = TARGETS, code: str = DEFAULT_LANGUAGE, tidy: bool = False) -> list[Path]:
    """Write language *code*'s templates into every folder of *targets*; return the paths.
    *tidy* (the shipped folders only): a template of the set under another language's name
    (the set before its names followed the language) is taken away, so a folder holds one set."""
    written = []
    built = build_language(code)
    for folder in targets if tidy else ():
        for key in BUILDERS:
            for old in every_name(key):
                if old not in built and (Path(folder) / old).is_file():
                    (Path(folder) / old).unlink()
    for name, data in built.items():
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
        paths = [p for code in available() for p in build_all(language_targets(code), code, tidy=True)]
    for path in paths:
        print(path)
    return 0
