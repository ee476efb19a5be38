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
from pipeline.formatting import timestamp
from pipeline.i18n import Lang


def write_joint_overview(overview: JointOverview, path: Path, made: datetime, lang: Lang | None = None) -> Path:
    """Write the joint overview to *path* atomically and return *path*; *made*: when it was read;
    *lang*: the language the assessment's sentences are shown in (None: bokmål)."""
    book = Book()
    _systems(book, overview)
    _measures(book, overview, lang or Lang.source())
    _candidates(book, overview)
    _members(book, overview)
    _explanation(book, overview, made)
    return atomic_write_bytes(path, book.save())


def _systems(wb: Book, overview: JointOverview) -> None:
    columns = [
        Column("System"),
        Column("Leverandør"),
        Column("Antall kommuner", "int"),
        Column("Kommuner", width=45),
        Column("Antall enheter", "int"),
        Column("Enheter per kommune", width=45),
        Column("Brukere", "int"),
        Column("Tilfredshet (1-5)", "score"),
        Column("Livsløp"),
    ]
    rows = [[s.name, s.supplier, len(s.municipalities), ", ".join(s.municipalities), s.unit_count,
             ", ".join(f"{m}: {n}" for m, n in s.units), s.users, s.satisfaction, ", ".join(s.lifecycles) or None]
            for s in overview.systems]
    add_table(wb, "Felles systemer", "FellesSystemer", columns, rows)


def _measures(wb: Book, overview: JointOverview, lang: Lang) -> None:
    columns = [
        Column("Gruppe", "int", 8),
        Column("Gjelder"),
        Column("Kommune"),
        Column("Enhet"),
        Column("Nr", "int", 6),
        Column("Tiltak", width=40),
        Column("Beskrivelse", width=MAX_WIDTH),
        Column("Investering (kr)", "kr"),
        Column("Årlig drift (kr)", "kr"),
        Column("Årlig gevinst (kr)", "kr"),
        Column("Tidsrom"),
        Column("Varighet (mnd)", "int"),
        Column("Kategori"),
        Column("Grunn", width=45),
    ]
    rows = []
    for g in overview.groups:
        for jm in g.measures:
            m = jm.measure
            rows.append([g.number, g.name, jm.municipality, jm.unit, m.nr, m.title, m.description, m.investment,
                         m.operating_cost, m.benefit, m.period.label if m.period else None, m.duration_months,
                         m.category, lang.render(g.reason)])
    add_table(wb, "Like tiltak", "LikeTiltak", columns, rows)


def _candidates(wb: Book, overview: JointOverview) -> None:
    columns = [
        Column("Kandidat", width=40),
        Column("Grunnlag"),
        Column("Antall kommuner", "int"),
        Column("Kommuner", width=45),
        Column("Enheter", "int"),
        Column("Tiltak", "int"),
        Column("Investering samlet (kr)", "kr"),
        Column("Årlig drift samlet (kr)", "kr"),
        Column("Årlig gevinst samlet (kr)", "kr"),
    ]
    rows = [[c.name, c.basis, len(c.municipalities), ", ".join(c.municipalities), c.units, c.measures,
             c.investment, c.operating_cost, c.benefit] for c in overview.candidates]
    add_table(wb, "Felles anskaffelse", "FellesAnskaffelse", columns, rows)


def _members(wb: Book, overview: JointOverview) -> None:
    columns = [Column("Kommune"), Column("Enheter", "int"), Column("Systemer", "int"), Column("Tiltak", "int"),
               Column("Investering (kr)", "kr")]
    rows = [[m.name, m.units, m.systems, m.measures, m.investment] for m in overview.members]
    add_table(wb, "Kommuner", "Kommuner", columns, rows)


EXPLANATION = (
    "Oversikten viser det kommunene i IKT-samarbeidet deler med sekretariatet ([samarbeid] del_tiltak = true i "
    "strategi.toml): tiltakene og systemene fra siste godkjente skjema fra hver enhet. Kommuner som ikke deler, er "
    "ikke med. Kontaktpersoner, ansvarlige, kommentarer, problemer og IKT-barometeret deles aldri.",
    "",
    "Felles systemer: systemer med samme navn (uten hensyn til store og små bokstaver, bindestreker og mellomrom) "
    "i minst to kommuner.",
    "Like tiltak: tiltak fra minst to kommuner som nevner samme system, eller som har mange av de samme ordene i "
    "tittel og beskrivelse. Tiltak i samme gruppe har samme gruppenummer.",
    "Felles anskaffelse: hver gruppe av like tiltak, med beløpene lagt sammen, og hvert felles system som ingen "
    "gruppe gjelder, med beløpene til tiltakene som nevner det. Flest kommuner først, så størst investering.",
    "Beløp som ikke er beregnet ennå, teller ikke med i summene.",
)


def _explanation(wb: Book, overview: JointOverview, made: datetime) -> None:
    ws = wb.create_sheet("Forklaring")
    ws.column_dimensions["A"].width = 110
    title = ws.cell(row=1, column=1)
    names = [m.name for m in overview.members]
    put(title, f"Samarbeidsoversikt for {len(names)} {'kommune' if len(names) == 1 else 'kommuner'}")
    title.font = Font(bold=True, size=14)
    put(ws.cell(row=2, column=1), f"Lest {timestamp(made)} fra det felles lageret: {', '.join(names) or 'ingen'}.")
    for i, line in enumerate(EXPLANATION, start=4):
        cell = ws.cell(row=i, column=1)
        put(cell, line)
        cell.alignment = WRAP
