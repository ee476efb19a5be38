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
    _ = w.lang.gettext
    w.p("{{ kommune }}", "Forside kommune")
    w.p(title, "Title")
    bottom_border(w.p(subtitle, "Subtitle"), ACCENT, size=12, space=10)
    w.p(_("Versjon {{ versjon.nummer }}, {{ versjon.dato }}"), "Forside info")
    w.p(_("Bygger på kartleggingsskjema fra {{ deltakelse.levert }} av {{ deltakelse.forventet }} enheter."),
        "Forside info")
    draft_mark(w)
    w.page_break()
    w.toc(toc)
    w.page_break()


def draft_mark(w: Writer) -> None:
    """«Utkast», as long as the version is not the one sent to political treatment."""
    w.when("versjon.utkast", w.lang.gettext("UTKAST – ikke sendt til politisk behandling"), "Utkastmerke")


def prose(w: Writer, field: str) -> None:
    """The secretariat's own text from Word (a subdocument) in *field*, alone in its paragraph."""
    w.p(f"{{{{p {field} }}}}")


def economy_table(w: Writer, *, in_frame: bool, frame_column: bool = False) -> None:
    """The cash view per year and its sum: investment, operating cost, the
    benefit that is money in the budget, and the net of the three; for the
    measures inside the frame (*in_frame*) or for all, with the frame as a
    column when *frame_column*."""
    _ = w.lang.gettext
    source = "okonomi.ar" if in_frame else "okonomi.alle_ar"
    total = "okonomi.sum" if in_frame else "okonomi.alle_sum"
    # TRANSLATORS: the economy table's columns; Danish budgets say «Anlæg» for the investment.
    year, invest, drift, benefit, net = _("År"), _("Investering"), _("Drift"), _("Gevinst i kroner"), _("Netto")
    if frame_column:
        widths = (22, 28, 28, 28, 28, 29)
        header = (year, _("Ramme"), invest, drift, benefit, net)
        fields = ("ramme", "investering", "drift", "gevinst", "netto")
    else:
        widths = (25, 35, 34, 34, 35)
        header = (year, invest, drift, benefit, net)
        fields = ("investering", "drift", "gevinst", "netto")
    row = ["{{ a.ar }}", *(f"{{{{ a.{f} }}}}" for f in fields)]
    sum_row = [[(_("Sum"), {"bold": True})], *([(f"{{{{ {total}.{f} }}}}", {"bold": True})] for f in fields)]
    table = w.table(widths, header, [f"{{%tr for a in {source} %}}", row, "{%tr endfor %}", sum_row])
    align_right(table)
    keep_together(table)


def economy_note(w: Writer) -> str:
    """Under every cash table: what the columns count, so no one reads time as money."""
    return w.lang.gettext(
        "Investeringen regnes i året tiltaket starter; drift og gevinst fra året etter, for tiltakene som er i gang. "
        "«Gevinst i kroner» er bare gevinster enhetene har oppgitt som penger i budsjettet. «Netto» er gevinsten i "
        "kroner minus drift og investering det året; et negativt tall er en kostnad for kommunen.")
