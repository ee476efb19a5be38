"""``Samarbeid-oversikt.xlsx``: the IKT-samarbeid's joint overview across its member
municipalities (:mod:`pipeline.core.joint`), for the secretariat.

One Excel table per sheet, as in ``Samlet-oversikt.xlsx`` (:mod:`pipeline.documents.xlsxtables`):
the systems several municipalities use, the alike measures grouped, the candidates
for joint procurement with their amounts summed, the members, and how to read it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl.styles import Font

from pipeline.core.joint import JointOverview
from pipeline.documents.xlsxtables import MAX_WIDTH, WRAP, Book, Column, add_table, put
from pipeline.fileio import atomic_write_bytes
from pipeline.core.labels import label
from pipeline.i18n import Lang, N_


def write_joint_overview(overview: JointOverview, path: Path, made: datetime, lang: Lang | None = None) -> Path:
    """Write the joint overview to *path* atomically and return *path*; *made*: when it was read;
    *lang*: the language the assessment's sentences are shown in (None: bokmål)."""
    lang = lang or Lang.source()
    book = Book()
    _systems(book, overview, lang)
    _measures(book, overview, lang)
    _candidates(book, overview, lang)
    _members(book, overview, lang)
    _explanation(book, overview, made, lang)
    return atomic_write_bytes(path, book.save())


def _systems(wb: Book, overview: JointOverview, lang: Lang) -> None:
    columns = [
        Column(N_("System")),
        Column(N_("Leverandør")),
        Column(N_("Antall kommuner"), "int"),
        Column(N_("Kommuner"), width=45),
        Column(N_("Antall enheter"), "int"),
        Column(N_("Enheter per kommune"), width=45),
        Column(N_("Brukere"), "int"),
        Column(N_("Tilfredshet (1-5)"), "score"),
        Column(N_("Livsløp")),
    ]
    rows = [[s.name, s.supplier, len(s.municipalities), ", ".join(s.municipalities), s.unit_count,
             ", ".join(f"{m}: {n}" for m, n in s.units), s.users, s.satisfaction,
             ", ".join(lang.render(label("lifecycle", v)) for v in s.lifecycles) or None]
            for s in overview.systems]
    add_table(wb, lang.pgettext("sheet", "Felles systemer"), "FellesSystemer", columns, rows, lang)


def _measures(wb: Book, overview: JointOverview, lang: Lang) -> None:
    columns = [
        Column(N_("Gruppe"), "int", 8),
        Column(N_("Gjelder")),
        Column(N_("Kommune")),
        Column(N_("Enhet")),
        Column(N_("Nr"), "int", 6),
        Column(N_("Tiltak"), width=40),
        Column(N_("Beskrivelse"), width=MAX_WIDTH),
        Column(N_("Investering (kr)"), "kr"),
        Column(N_("Årlig drift (kr)"), "kr"),
        Column(N_("Årlig gevinst (kr)"), "kr"),
        Column(N_("Tidsrom")),
        Column(N_("Varighet (mnd)"), "int"),
        Column(N_("Kategori")),
        Column(N_("Grunn"), width=45),
    ]
    rows = []
    for g in overview.groups:
        for jm in g.measures:
            m = jm.measure
            rows.append([g.number, g.name, jm.municipality, jm.unit, m.nr, m.title, m.description, m.investment,
                         m.operating_cost, m.benefit, lang.render(m.period.name) if m.period else None,
                         m.duration_months, lang.render(label("category", m.category)) or None,
                         lang.render(g.reason)])
    add_table(wb, lang.pgettext("sheet", "Like tiltak"), "LikeTiltak", columns, rows, lang)


def _candidates(wb: Book, overview: JointOverview, lang: Lang) -> None:
    columns = [
        Column(N_("Kandidat"), width=40),
        Column(N_("Grunnlag")),
        Column(N_("Antall kommuner"), "int"),
        Column(N_("Kommuner"), width=45),
        Column(N_("Enheter"), "int"),
        Column(N_("Tiltak"), "int"),
        Column(N_("Investering samlet (kr)"), "kr"),
        Column(N_("Årlig drift samlet (kr)"), "kr"),
        Column(N_("Årlig gevinst samlet (kr)"), "kr"),
    ]
    rows = [[c.name, lang.render(c.basis), len(c.municipalities), ", ".join(c.municipalities), c.units, c.measures,
             c.investment, c.operating_cost, c.benefit] for c in overview.candidates]
    add_table(wb, lang.pgettext("sheet", "Felles anskaffelse"), "FellesAnskaffelse", columns, rows, lang)


def _members(wb: Book, overview: JointOverview, lang: Lang) -> None:
    columns = [Column(N_("Kommune")), Column(N_("Enheter"), "int"), Column(N_("Systemer"), "int"), Column(N_("Tiltak"), "int"),
               Column(N_("Investering (kr)"), "kr")]
    rows = [[m.name, m.units, m.systems, m.measures, m.investment] for m in overview.members]
    add_table(wb, lang.pgettext("sheet", "Kommuner"), "Kommuner", columns, rows, lang)


EXPLANATION = (
    N_("Oversikten viser det kommunene i IKT-samarbeidet deler med sekretariatet ([samarbeid] del_tiltak = true i "
    "strategi.toml): tiltakene og systemene fra siste godkjente skjema fra hver enhet. Kommuner som ikke deler, er "
    "ikke med. Kontaktpersoner, ansvarlige, kommentarer, problemer og IKT-barometeret deles aldri."),
    "",
    N_("Felles systemer: systemer med samme navn (uten hensyn til store og små bokstaver, bindestreker og mellomrom) "
    "i minst to kommuner."),
    N_("Like tiltak: tiltak fra minst to kommuner som nevner samme system, eller som har mange av de samme ordene i "
    "tittel og beskrivelse. Tiltak i samme gruppe har samme gruppenummer."),
    N_("Felles anskaffelse: hver gruppe av like tiltak, med beløpene lagt sammen, og hvert felles system som ingen "
    "gruppe gjelder, med beløpene til tiltakene som nevner det. Flest kommuner først, så størst investering."),
    N_("Beløp som ikke er beregnet ennå, teller ikke med i summene."),
)


def _explanation(wb: Book, overview: JointOverview, made: datetime, lang: Lang) -> None:
    ws = wb.create_sheet(lang.pgettext("sheet", "Forklaring"))
    ws.column_dimensions["A"].width = 110
    title = ws.cell(row=1, column=1)
    names = [m.name for m in overview.members]
    put(title, lang.ngettext("Samarbeidsoversikt for {n} kommune", "Samarbeidsoversikt for {n} kommuner", len(names)))
    title.font = Font(bold=True, size=14)
    if names:
        read = lang.gettext("Lest {time} fra det felles lageret: {members}.", time=lang.timestamp(made),
                            members=", ".join(names))
    else:
        read = lang.gettext("Lest {time} fra det felles lageret: ingen.", time=lang.timestamp(made))
    put(ws.cell(row=2, column=1), read)
    for i, line in enumerate(EXPLANATION, start=4):
        cell = ws.cell(row=i, column=1)
        put(cell, lang.gettext(line) if line else line)
        cell.alignment = WRAP
