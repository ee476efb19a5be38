"""Pieces more than one template has: the cover page with the table of contents,
the table of amounts per year, and the small grey second line of a table cell."""

from __future__ import annotations

from pipeline.documents.templatebuild.page import bottom_border
from pipeline.documents.templatebuild.styles import ACCENT, GREY
from pipeline.documents.templatebuild.writer import TOC_INSTRUCTION, Writer, align_right, keep_together


def small(text: str) -> tuple[str, dict]:
    """A grey line of its own under a cell's first line."""
    return (text, {"color": GREY, "size": 9, "new_paragraph": True})


def cover(w: Writer, title: str, subtitle: str, toc: str = TOC_INSTRUCTION) -> None:
    """The cover page, then the table of contents (field instruction *toc*) on a page of its own."""
    w.p("{{ kommune }}", "Forside kommune")
    w.p(title, "Title")
    bottom_border(w.p(subtitle, "Subtitle"), ACCENT, size=12, space=10)
    w.p("Versjon {{ versjon.nummer }}, {{ versjon.dato }}", "Forside info")
    w.p("Bygger på kartleggingsskjema fra {{ deltakelse.levert }} av {{ deltakelse.forventet }} enheter.",
        "Forside info")
    w.page_break()
    w.toc(toc)
    w.page_break()


def economy_table(w: Writer, *, in_frame: bool, frame_column: bool = False) -> None:
    """Investment, operation, benefit and net per year and their sum: for the
    measures inside the frame (*in_frame*) or for all, with the frame as a
    column when *frame_column*."""
    source = "okonomi.ar" if in_frame else "okonomi.alle_ar"
    total = "okonomi.sum" if in_frame else "okonomi.alle_sum"
    if frame_column:
        widths = (22, 28, 28, 28, 28, 29)
        header = ("År", "Ramme", "Investering", "Årlig drift", "Årlig gevinst", "Netto per år")
        fields = ("ramme", "investering", "drift", "gevinst", "netto")
    else:
        widths = (25, 35, 34, 34, 35)
        header = ("År", "Investering", "Årlig drift", "Årlig gevinst", "Netto per år")
        fields = ("investering", "drift", "gevinst", "netto")
    row = ["{{ a.ar }}", *(f"{{{{ a.{f} }}}}" for f in fields)]
    sum_row = [[("Sum", {"bold": True})], *([(f"{{{{ {total}.{f} }}}}", {"bold": True})] for f in fields)]
    table = w.table(widths, header, [f"{{%tr for a in {source} %}}", row, "{%tr endfor %}", sum_row])
    align_right(table)
    keep_together(table)
