"""``Samlet-oversikt.xlsx``: the secretariat's working copy of everything.

Regenerated on every run from the combined model and the assessment. One Excel
table per sheet (filters, frozen header row, kroner and date formats, widths
from the content), written with :mod:`pipeline.documents.xlsxtables`: every text
that comes from a form is written as a text cell and never becomes a formula.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font

from pipeline.core.assessment import Assessment, MeasureAssessment
from pipeline.core.comparison import NO_COMPARISON, BarometerComparison
from pipeline.core.coordination import normalize
from pipeline.core.model import Municipality
from pipeline.core.scoring import ECONOMY, RISK, STRATEGY, TIME
from pipeline.documents.measurecontext import BENEFIT_UNKNOWN, COST_UNKNOWN, decision_text
from pipeline.documents.xlsxtables import MAX_WIDTH, WRAP, Book, Column, add_table, put, yes
from pipeline.fileio import atomic_write_bytes


def write_overview(model: Municipality, assessment: Assessment, path: Path,
                   comparison: BarometerComparison = NO_COMPARISON) -> Path:
    """Write the overview workbook to *path* atomically and return *path*. The sheet
    «Sammenligning» is there when *comparison* shows other municipalities, as in the strategy."""
    book = Book()
    _measures(book, assessment)
    _years(book, assessment)
    _problems(book, model, assessment)
    _systems(book, model, assessment)
    _barometer(book, model, assessment)
    _barometer_answers(book, model)
    if comparison.shown:
        _comparison(book, model, comparison)
    _coordination(book, assessment)
    _units(book, model)
    _explanation(book, model, assessment)
    return atomic_write_bytes(path, book.save())


# --- Tiltak: one row per measure, the assessment first, then the form's fields -------

MEASURE_COLUMNS = (
    Column("Rang", "int", 7),
    Column("Id", width=10),
    Column("Enhet"),
    Column("Tjenesteområde"),
    Column("Tiltak", width=40),
    Column("Poeng", "score"),
    Column("Poeng økonomi", "score"),
    Column("Poeng strategi", "score"),
    Column("Poeng risiko", "score"),
    Column("Poeng tid", "score"),
    Column("Begrunnelse", width=MAX_WIDTH),
    Column("Kategori (vurdering)"),
    Column("Kategori (enhetens forslag)"),
    Column("Uenig om kategori"),
    Column("Innenfor rammen"),
    Column("Plass i planen"),
    Column("Rammeår", "int"),
    Column("Grunn til utenfor rammen", width=45),
    Column("Plassering i rammen", width=45),
    Column("Beslutning"),
    Column("Beslutning og begrunnelse", width=45),
    Column("Felles tiltak med"),
    Column("Merknader", width=MAX_WIDTH),
    Column("Samordningsgruppe", width=12),
    Column("Avhenger av"),
    Column("Nåverdi (kr)", "kr"),
    Column("Nytte/kost", "ratio"),
    Column("Tilbakebetaling (år)", "years"),
    Column("Nåverdi kostnader (kr)", "kr"),
    Column("Nåverdi gevinst (kr)", "kr"),
    Column("Nr", "int", 6),
    Column("Beskrivelse", width=MAX_WIDTH),
    Column("Delmål"),
    Column("Problem nr"),
    Column("Investering (kr)", "kr"),
    Column("Årlig drift (kr)", "kr"),
    Column("Årlig gevinst (kr)", "kr"),
    Column("Gevinsttype"),
    Column("Gevinstbeskrivelse", width=45),
    Column("Tidsrom"),
    Column("Varighet (mnd)", "int"),
    Column("Ansvarlig gjennomføring"),
    Column("Ansvarlig oppfølging"),
    Column("Risiko"),
    Column("Avhengigheter", width=40),
    Column("Gevinsteier"),
    Column("Indikator", width=40),
    Column("Nullpunkt"),
    Column("Målverdi"),
    Column("Måldato", "date"),
    Column("Revisjon", "int"),
    Column("Levert", "datetime"),
    Column("Ark"),
    Column("Rad", "int", 6),
)


def _measures(wb: Book, assessment: Assessment) -> None:
    add_table(wb, "Tiltak", "Tiltak", MEASURE_COLUMNS, [_measure_row(a) for a in assessment.measures])


def _measure_row(a: MeasureAssessment) -> list:
    """The values of :data:`MEASURE_COLUMNS` for one measure."""
    m, e = a.measure, a.economics
    return [
        a.rank,
        a.id,
        a.unit.name,
        a.unit.service_area,
        a.title,
        a.score,
        a.part(ECONOMY).points,
        a.part(STRATEGY).points,
        a.part(RISK).points,
        a.part(TIME).points,
        "\n".join(f"{p.criterion}: {p.reason}" for p in a.parts),
        a.category,
        m.category,
        yes(a.category_disagrees),
        yes(a.in_frame),
        a.status if a.merged_into is None else f"{a.status} med {a.merged_into}",
        a.frame_year,
        a.frame_reason,
        a.placement,
        a.choice,
        decision_text(a) if a.decision else None,
        ", ".join(a.joint),
        "\n".join(a.flags),
        a.group,
        ", ".join(a.depends_on),
        *_economics(a),
        m.nr,
        m.description,
        m.sub_goal,
        ", ".join(str(n) for n in m.problem_nrs),
        COST_UNKNOWN if m.investment is None else m.investment,
        COST_UNKNOWN if m.operating_cost is None else m.operating_cost,
        BENEFIT_UNKNOWN if m.benefit is None else m.benefit,
        m.benefit_kind or "Ikke oppgitt",
        m.benefit_description,
        m.period.label if m.period else None,
        m.duration_months,
        m.responsible,
        m.follow_up,
        m.risk,
        m.dependencies,
        m.benefit_owner,
        m.indicator,
        m.indicator_baseline,
        m.indicator_target,
        m.target_date,
        m.prov.revision,
        a.unit.delivered_at,
        m.prov.sheet,
        m.prov.row,
    ]


def _economics(a: MeasureAssessment) -> list:
    """Net present value, ratio, payback and the present values; «Ikke beregnet» when an amount is not."""
    e = a.economics
    if e is None:
        return ["Ikke beregnet", None, None, None, None]
    payback = e.payback_years if e.payback_years is not None else "Ikke tilbakebetalt innen horisonten"
    return [round(e.npv), e.benefit_cost_ratio, payback, round(e.total_cost), round(e.total_benefit)]


# --- the other sheets ------------------------------------------------------------------


def _years(wb: Book, assessment: Assessment) -> None:
    columns = [
        Column("År", "int", 8),
        Column("Ramme (kr)", "kr"),
        Column("Investering innenfor rammen (kr)", "kr"),
        Column("Igjen av rammen (kr)", "kr"),
        Column("Tiltak innenfor rammen", "int"),
        Column("Tiltak utenfor rammen", "int"),
        Column("Investering alle forslag (kr)", "kr"),
        Column("Årlig drift innenfor rammen (kr)", "kr"),
        Column("Årlig gevinst innenfor rammen (kr)", "kr"),
        Column("Årlig drift alle forslag (kr)", "kr"),
        Column("Årlig gevinst alle forslag (kr)", "kr"),
        Column("Gevinst i kroner innenfor rammen (kr)", "kr"),
        Column("Netto innenfor rammen (kr)", "kr"),
        Column("Tiltak i planen med kostnad som utredes", "int"),
        Column("Alle tiltak med kostnad som utredes", "int"),
    ]
    rows = [
        [
            y.year,
            y.frame,
            y.investment_in_frame,
            y.remaining,
            y.measures_in_frame,
            y.measures_outside,
            y.investment,
            y.operating_cost_in_frame,
            y.benefit_in_frame,
            y.operating_cost,
            y.benefit,
            y.cash_benefit_in_frame,
            y.net_in_frame,
            y.uncosted_in_frame,
            y.uncosted,
        ]
        for y in assessment.years
    ]
    ws = add_table(wb, "Per år", "PerAr", columns, rows)
    note = ws.cell(row=len(rows) + 3, column=1)
    put(
        note,
        "Investeringen regnes i året tiltaket starter. Årlig drift og gevinst regnes fra året etter "
        "oppstart og ut strategiperioden. Tiltak uten tidsrom er ikke med i noe år. «Årlig gevinst» er alle "
        "gevinster slik enhetene har verdsatt dem; «Gevinst i kroner» bare dem som er penger i budsjettet, og "
        "«Netto» er den minus drift og investering. Beløp som ikke er beregnet (kostnad utredes), er ikke med i "
        "summene; de to siste kolonnene sier hvor mange tiltak det gjelder. "
        "Tom ramme betyr at det ikke er satt en investeringsramme.",
    )


def _problems(wb: Book, model: Municipality, assessment: Assessment) -> None:
    columns = [
        Column("Enhet"),
        Column("Tjenesteområde"),
        Column("Nr", "int", 6),
        Column("Beskrivelse", width=MAX_WIDTH),
        Column("Type"),
        Column("Konsekvens", width=45),
        Column("Prioritet"),
        Column("Tiltak"),
        Column("Revisjon", "int"),
        Column("Rad", "int", 6),
    ]
    of_unit: dict[str, list] = {}  # the measures of each unit, in rank order
    for a in assessment.measures:
        of_unit.setdefault(a.measure.prov.unit, []).append(a)
    rows = []
    for p in model.problems:
        unit = model.unit(p.prov.unit)
        answered = [a.id for a in of_unit.get(p.prov.unit, ()) if p.nr in a.measure.problem_nrs]
        rows.append(
            [
                unit.name,
                unit.service_area,
                p.nr,
                p.description,
                p.type,
                p.consequence,
                p.priority,
                ", ".join(answered),
                p.prov.revision,
                p.prov.row,
            ]
        )
    add_table(wb, "Problemer", "Problemer", columns, rows)


def _systems(wb: Book, model: Municipality, assessment: Assessment) -> None:
    shared = {normalize(s.name): s for s in assessment.shared_systems}
    duplicates = {}
    for group in assessment.duplicate_systems:
        for name in group.systems:
            others = [n for n in group.systems if normalize(n) != normalize(name)]
            duplicates[normalize(name)] = f"Samme formål som {', '.join(others)} ({group.purpose})"
    columns = [
        Column("Enhet"),
        Column("Tjenesteområde"),
        Column("System"),
        Column("Leverandør"),
        Column("Formål", width=40),
        Column("Brukere", "int"),
        Column("Tilfredshet (1-5)", "int"),
        Column("Livsløp"),
        Column("Kommentar", width=45),
        Column("Delt system"),
        Column("Antall enheter", "int"),
        Column("Mulig duplikat", width=45),
        Column("Revisjon", "int"),
        Column("Rad", "int", 6),
    ]
    rows = []
    for s in model.systems:
        unit = model.unit(s.prov.unit)
        key = normalize(s.name)
        rows.append(
            [
                unit.name,
                unit.service_area,
                s.name,
                s.supplier,
                s.purpose,
                s.users,
                s.satisfaction,
                s.lifecycle,
                s.comment,
                yes(key in shared),
                shared[key].count if key in shared else 1,
                duplicates.get(key),
                s.prov.revision,
                s.prov.row,
            ]
        )
    add_table(wb, "Systemer", "Systemer", columns, rows)


def _barometer(wb: Book, model: Municipality, assessment: Assessment) -> None:
    columns = [
        Column("Område", width=36),
        Column("Nivå"),
        Column("Navn"),
        Column("Tjenesteområde"),
        Column("Snitt (1-5)", "ratio"),
        Column("Antall svar", "int"),
    ]
    area_of = {u.name: u.service_area for u in model.units}
    rows = []
    for area in assessment.barometer_areas:
        rows.append([area.area, "Kommunen", model.config.municipality, None, area.average, area.answers])
        for s in area.service_areas:
            rows.append([area.area, "Tjenesteområde", s.name, s.name, s.average, s.answers])
        for s in area.units:
            rows.append([area.area, "Enhet", s.name, area_of.get(s.name), s.average, s.answers])
    add_table(wb, "Barometer", "Barometer", columns, rows)


def _barometer_answers(wb: Book, model: Municipality) -> None:
    columns = [
        Column("Enhet"),
        Column("Tjenesteområde"),
        Column("Område", width=36),
        Column("Påstand", width=MAX_WIDTH),
        Column("Score (1-5)", "int"),
        Column("Kommentar", width=45),
        Column("Revisjon", "int"),
        Column("Rad", "int", 6),
    ]
    rows = []
    for b in model.barometer:
        unit = model.unit(b.prov.unit)
        rows.append(
            [unit.name, unit.service_area, b.area, b.statement, b.score, b.comment, b.prov.revision, b.prov.row]
        )
    add_table(wb, "Barometersvar", "Barometersvar", columns, rows)


def _comparison(wb: Book, model: Municipality, comparison: BarometerComparison) -> None:
    """Per area: the municipality, each other one (named or «Kommune A»), the others' mean."""
    columns = [
        Column("Område", width=36),
        Column("Kommune"),
        Column("Hvem"),
        Column("Snitt (1-5)", "ratio"),
        Column("Antall svar", "int"),
        Column("Forskjell (egen − andre)", "ratio"),
    ]
    rows = []
    for a in comparison.areas():
        own = a.own
        rows.append([a.area, model.config.municipality, "Egen kommune", own.mean if own else None,
                     own.answers if own else 0, None])
        for s in a.others:
            rows.append([a.area, s.municipality, "Annen kommune" if s.named else "Annen kommune, uten navn", s.mean,
                         s.answers, None])
        who = (("Snitt av 1 kommune" if len(a.others) == 1 else f"Snitt av {len(a.others)} kommuner")
               if a.others else "Ingen andre med nok svar")
        rows.append([a.area, "Snitt andre kommuner", who, a.others_mean, a.others_answers, a.difference])
    add_table(wb, "Sammenligning", "Sammenligning", columns, rows)


def _coordination(wb: Book, assessment: Assessment) -> None:
    """One row per measure in a coordination group (the sheet grows with the
    measures, not with the pairs of them)."""
    columns = [
        Column("Gruppe", width=8),
        Column("Gruppens navn", width=40),
        Column("Tiltak", width=10),
        Column("Tittel", width=40),
        Column("Enhet"),
        Column("Tiltak i gruppen", "int"),
        Column("Enheter i gruppen", "int"),
        Column("Systemer"),
        Column("Grunn", width=MAX_WIDTH),
    ]
    by_id = {a.id: a for a in assessment.measures}
    rows = []
    for g in assessment.coordination_groups:
        systems = ", ".join(g.systems)
        for id in g.ids:
            a = by_id[id]
            rows.append([g.id, g.name, id, a.title, a.unit.name, len(g.ids), len(g.units), systems, g.reason])
    add_table(wb, "Samordning", "Samordning", columns, rows)


def _units(wb: Book, model: Municipality) -> None:
    columns = [
        Column("Enhet"),
        Column("Kode"),
        Column("Tjenesteområde"),
        Column("Kontaktperson"),
        Column("E-post"),
        Column("Revisjon", "int"),
        Column("Levert", "datetime"),
        Column("Skjemadato", "date"),
        Column("Levert skjema"),
        Column("På listen over enheter"),
    ]
    rows = [
        [u.name, u.code, u.service_area, u.contact, u.email, u.revision, u.delivered_at, u.form_date]
        + ["Ja", yes(u.expected)]
        for u in model.units
    ]
    rows += [
        [u.name, u.code, u.service_area, None, None, None, None, None, "Nei", "Ja"] for u in model.missing_units
    ]
    add_table(wb, "Enheter", "Enheter", columns, rows)


def _explanation(wb: Book, model: Municipality, assessment: Assessment) -> None:
    ws = wb.create_sheet("Forklaring")
    ws.column_dimensions["A"].width = 110
    title = ws.cell(row=1, column=1)
    put(title, f"Slik er tiltakene vurdert – {model.config.municipality}")
    title.font = Font(bold=True, size=14)
    for i, line in enumerate(assessment.explanation.split("\n"), start=3):
        cell = ws.cell(row=i, column=1)
        put(cell, line)
        cell.alignment = WRAP
