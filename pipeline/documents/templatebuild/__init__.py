"""Build the shipped Word templates with python-docx: the three documents of a
version, and the yearly status report (``Statusrapport.docx``, issue 15).

``python -m pipeline.documents.templatebuild`` writes ``word_templates/*.docx`` in the
repository and identical copies in ``pipeline/defaults/word_templates/`` (what
``iktplan init`` copies into a new workspace). The shipped .docx files are what
the secretariat edits in Word afterwards; this script only makes the starting
point reproducible.

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
from pipeline.documents.statuscontext import STATUS_TEMPLATE
from pipeline.documents.templatebuild.case import build_case
from pipeline.documents.templatebuild.measures import build_measures
from pipeline.documents.templatebuild.rolled import build_rolled_plan, build_rolling_case
from pipeline.documents.templatebuild.status import build_status_report
from pipeline.documents.templatebuild.strategy import build_strategy
from pipeline.fileio import atomic_write_bytes

REPO = Path(__file__).resolve().parents[3]
TARGETS = (REPO / "word_templates", REPO / "pipeline" / "defaults" / "word_templates")

STRATEGY, MEASURES, CASE = DOCUMENTS
#: The yearly rullering's documents (issue 15), named as in :data:`pipeline.documents.rollcontext.ROLL_DOCUMENTS`.
ROLLED_PLAN, ROLLING_CASE = "Handlingsplan-rullert.docx", "Saksframlegg-rullering.docx"
BUILDERS = {STRATEGY: build_strategy, MEASURES: build_measures, CASE: build_case,
            STATUS_TEMPLATE: build_status_report, ROLLED_PLAN: build_rolled_plan, ROLLING_CASE: build_rolling_case}


def build_all(targets: Iterable[Path] = TARGETS) -> list[Path]:
    """Write the templates into every folder of *targets*; return the paths."""
    written = []
    for name, build in BUILDERS.items():
        data = build()
        for folder in targets:
            written.append(atomic_write_bytes(Path(folder) / name, data))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Build into the folders named in *argv* (None: the command line), or into :data:`TARGETS`."""
    args = list(sys.argv[1:] if argv is None else argv)
    targets = [Path(a) for a in args] or list(TARGETS)
    for path in build_all(targets):
        print(path)
    return 0
