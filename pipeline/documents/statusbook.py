"""``Statusrapport <år>.xlsx``: the year's follow-up as sheets for the secretariat (issue 15).

The overview workbook (:mod:`pipeline.documents.overview`) is written once per document
version, so it cannot follow the follow-up forms that arrive later in the year. The
status report's workbook is made with the report, from the same
:class:`pipeline.core.followup.FollowUp`, with the same table helpers as the overview
(:mod:`pipeline.documents.xlsxtables`): «Oppfølging» (one row per adopted measure: status,
progress, money, dates, comment, which revision reported it) and «Gevinster» (what each
measure promised and what was realised, in kroner and in words, and its indicator).
Headers and sheet names are in the workspace's language; what a unit wrote is as written.
Amounts are numbers (kroner format), so the sheets sum to the report's totals.
"""

from __future__ import annotations

from pipeline.core.followup import FollowUp, MeasureFollowUp
from pipeline.core.labels import label
from pipeline.documents.statuscontext import STATUS_WORDS
from pipeline.documents.xlsxtables import MAX_WIDTH, Book, Column, add_table
from pipeline.i18n import Lang, N_

FOLLOWUP_COLUMNS = (
    Column(N_("Id"), width=10),
    Column(N_("Enhet")),
    Column(N_("Tiltak"), width=40),
    Column(N_("Status")),
    Column(N_("Fullført (%)"), "int"),
    Column(N_("Planlagt investering (kr)"), "kr"),
    Column(N_("Brukt hittil (kr)"), "kr"),
    Column(N_("Planlagt sluttdato"), "date"),
    Column(N_("Ny sluttdato"), "date"),
    Column(N_("Kommentar"), width=MAX_WIDTH),
    Column(N_("Rapportert i revisjon"), "int"),
    Column(N_("Rapportert"), "datetime"),
)

BENEFIT_COLUMNS = (
    Column(N_("Id"), width=10),
    Column(N_("Enhet")),
    Column(N_("Tiltak"), width=40),
    Column(N_("Gevinsttype")),
    Column(N_("Lovet gevinst per år (kr)"), "kr"),
    Column(N_("Lovet gevinst hittil (kr)"), "kr"),
    Column(N_("Realisert gevinst i året (kr)"), "kr"),
    Column(N_("Realisert gevinst hittil (kr)"), "kr"),
    Column(N_("Realisert gevinst i året (beskrevet)"), width=45),
    Column(N_("Gevinsteier")),
    Column(N_("Indikator"), width=40),
    Column(N_("Nullpunkt")),
    Column(N_("Målverdi")),
    Column(N_("Indikatorverdi nå")),
)


def status_workbook(f: FollowUp, lang: Lang) -> bytes:
    """The workbook of the follow-up *f*, in *lang*, as .xlsx bytes."""
    book = Book()
    add_table(book, lang.pgettext("sheet", "Oppfølging"), "Oppfolging", FOLLOWUP_COLUMNS,
              [_followup_row(m, lang) for m in f.measures], lang)
    add_table(book, lang.pgettext("sheet", "Gevinster"), "Gevinster", BENEFIT_COLUMNS,
              [_benefit_row(m, lang) for m in f.measures], lang)
    return book.save()


def _followup_row(m: MeasureFollowUp, lang: Lang) -> list:
    """The values of :data:`FOLLOWUP_COLUMNS`; an empty cell: not reported (or not given)."""
    return [
        m.id,
        m.unit.name,
        m.measure.title,
        lang.render(STATUS_WORDS[m.status]),
        m.percent_done,
        lang.gettext("Utredes") if m.planned_investment is None else m.planned_investment,
        m.spent,
        m.measure.end,
        m.new_end,
        m.comment,
        m.revision,
        m.reported_at,
    ]


def _benefit_row(m: MeasureFollowUp, lang: Lang) -> list:
    """The values of :data:`BENEFIT_COLUMNS`; an empty cell: not given."""
    plan = m.measure.plan
    return [
        m.id,
        m.unit.name,
        m.measure.title,
        lang.render(label("benefit", m.measure.benefit_kind)) or lang.gettext("Ikke oppgitt"),
        lang.gettext("gevinst utredes") if m.measure.benefit is None else m.measure.benefit,
        m.planned_benefit_to_date,
        m.benefit_realised,
        m.realised_to_date,
        m.benefit_text,
        (plan.owner if plan else None) or m.measure.follow_up,
        plan.indicator if plan else None,
        plan.baseline_value if plan else None,
        plan.target_value if plan else None,
        m.indicator_value,
    ]
