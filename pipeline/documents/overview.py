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
from pipeline.documents.measurecontext import decision_text
from pipeline.core.labels import label, yes_no
from pipeline.documents.xlsxtables import MAX_WIDTH, WRAP, Book, Column, add_table, put
from pipeline.fileio import atomic_write_bytes
from pipeline.i18n import Lang, N_


def write_overview(model: Municipality, assessment: Assessment, path: Path,
                   comparison: BarometerComparison = NO_COMPARISON) -> Path:
    """Write the overview workbook to *path* atomically and return *path*. The sheet
    «Sammenligning» is there when *comparison* shows other municipalities, as in the strategy.
    Sheet names, headers and every sentence are in the workspace's language (``config.lang``);
    text from the forms is as the units wrote it."""
    lang = model.config.lang
    book = Book()
    _measures(book, assessment, lang)
    _years(book, assessment, lang)
    _problems(book, model, assessment, lang)
    _systems(book, model, assessment, lang)
    _barometer(book, model, assessment, lang)
    _barometer_answers(book, model, lang)
    if comparison.shown:
        _comparison(book, model, comparison, lang)
    _coordination(book, assessment, lang)
    _units(book, model, lang)
    _explanation(book, model, assessment, lang)
    return atomic_write_bytes(path, book.save())


# --- Tiltak: one row per measure, the assessment first, then the form's fields -------

MEASURE_COLUMNS = (
    Column(N_("Rang"), "int", 7),
    Column(N_("Id"), width=10),
    Column(N_("Enhet")),
    Column(N_("Tjenesteområde")),
    Column(N_("Tiltak"), width=40),
    Column(N_("Poeng"), "score"),
    Column(N_("Poeng økonomi"), "score"),
    Column(N_("Poeng strategi"), "score"),
    Column(N_("Poeng risiko"), "score"),
    Column(N_("Poeng tid"), "score"),
    Column(N_("Begrunnelse"), width=MAX_WIDTH),
    Column(N_("Kategori (vurdering)")),
    Column(N_("Kategori (enhetens forslag)")),
    Column(N_("Uenig om kategori")),
    Column(N_("Innenfor rammen")),
    Column(N_("Plass i planen")),
    Column(N_("Rammeår"), "int"),
    Column(N_("Grunn til utenfor rammen"), width=45),
    Column(N_("Plassering i rammen"), width=45),
    Column(N_("Beslutning")),
    Column(N_("Beslutning og begrunnelse"), width=45),
    Column(N_("Felles tiltak med")),
    Column(N_("Merknader"), width=MAX_WIDTH),
    Column(N_("Samordningsgruppe"), width=12),
    Column(N_("Avhenger av")),
    Column(N_("Nåverdi (kr)"), "kr"),
    Column(N_("Nytte/kost"), "ratio"),
    Column(N_("Tilbakebetaling (år)"), "years"),
    Column(N_("Nåverdi kostnader (kr)"), "kr"),
    Column(N_("Nåverdi gevinst (kr)"), "kr"),
    Column(N_("Nr"), "int", 6),
    Column(N_("Beskrivelse"), width=MAX_WIDTH),
    Column(N_("Delmål")),
    Column(N_("Problem nr")),
    Column(N_("Investering (kr)"), "kr"),
    Column(N_("Årlig drift (kr)"), "kr"),
    Column(N_("Årlig gevinst (kr)"), "kr"),
    Column(N_("Gevinsttype")),
    Column(N_("Gevinstbeskrivelse"), width=45),
    Column(N_("Tidsrom")),
    Column(N_("Varighet (mnd)"), "int"),
    Column(N_("Ansvarlig gjennomføring")),
    Column(N_("Ansvarlig oppfølging")),
    Column(N_("Risiko")),
    Column(N_("Avhengigheter"), width=40),
    Column(N_("Gevinsteier")),
    Column(N_("Indikator"), width=40),
    Column(N_("Nullpunkt")),
    Column(N_("Målverdi")),
    Column(N_("Måldato"), "date"),
    Column(N_("Revisjon"), "int"),
    Column(N_("Levert"), "datetime"),
    Column(N_("Ark")),
    Column(N_("Rad"), "int", 6),
)


def _measures(wb: Book, assessment: Assessment, lang: Lang) -> None:
    add_table(wb, lang.pgettext("sheet", "Tiltak"), "Tiltak", MEASURE_COLUMNS,
              [_measure_row(a, lang) for a in assessment.measures], lang)


def _measure_row(a: MeasureAssessment, lang: Lang) -> list:
    """The values of :data:`MEASURE_COLUMNS` for one measure."""
    m, e = a.measure, a.economics
    _, render = lang.gettext, lang.render
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
        "\n".join(_("{criterion}: {reason}", criterion=p.name, reason=p.reason) for p in a.parts),
        render(label("category", a.category)),
        render(label("category", m.category)) or None,
        render(yes_no(a.category_disagrees)),
        render(yes_no(a.in_frame)),
        render(label("status", a.status)) if a.merged_into is None else
        _("{status} med {id}", status=label("status", a.status), id=a.merged_into),
        a.frame_year,
        render(a.frame_reason) or None,
        render(a.placement) or None,
        render(label("decision", a.choice)),
        decision_text(a, lang) if a.decision else None,
        ", ".join(a.joint),
        "\n".join(render(f) for f in a.flags),
        a.group,
        ", ".join(a.depends_on),
        *_economics(a, lang),
        m.nr,
        m.description,
        m.sub_goal,
        ", ".join(str(n) for n in m.problem_nrs),
        _("kostnad utredes") if m.investment is None else m.investment,
        _("kostnad utredes") if m.operating_cost is None else m.operating_cost,
        _("gevinst utredes") if m.benefit is None else m.benefit,
        render(label("benefit", m.benefit_kind)) or _("Ikke oppgitt"),
        m.benefit_description,
        render(m.period.name) if m.period else None,
        m.duration_months,
        m.responsible,
        m.follow_up,
        render(label("risk", m.risk)) or None,
        m.dependencies,
        m.benefit_owner,
        m.indicator,
        m.indicator_baseline,
        m.indicator_target,
        m.target_date,
        m.prov.revision,
        a.unit.delivered_at,
        lang.pgettext("sheet", m.prov.sheet),  # the contract's sheet, named as the form in this language names it
        m.prov.row,
    ]


def _economics(a: MeasureAssessment, lang: Lang) -> list:
    """Net present value, ratio, payback and the present values; «Ikke beregnet» when an amount is not."""
    e = a.economics
    _ = lang.gettext
    if e is None:
        return [_("Ikke beregnet"), None, None, None, None]
    payback = e.payback_years if e.payback_years is not None else _("Ikke tilbakebetalt innen horisonten")
    return [round(e.npv), e.benefit_cost_ratio, payback, round(e.total_cost), round(e.total_benefit)]


# --- the other sheets ------------------------------------------------------------------


def _years(wb: Book, assessment: Assessment, lang: Lang) -> None:
    columns = [
        Column(N_("År"), "int", 8),
        Column(N_("Ramme (kr)"), "kr"),
        Column(N_("Investering innenfor rammen (kr)"), "kr"),
        Column(N_("Igjen av rammen (kr)"), "kr"),
        Column(N_("Tiltak innenfor rammen"), "int"),
        Column(N_("Tiltak utenfor rammen"), "int"),
        Column(N_("Investering alle forslag (kr)"), "kr"),
        Column(N_("Årlig drift innenfor rammen (kr)"), "kr"),
        Column(N_("Årlig gevinst innenfor rammen (kr)"), "kr"),
        Column(N_("Årlig drift alle forslag (kr)"), "kr"),
        Column(N_("Årlig gevinst alle forslag (kr)"), "kr"),
        Column(N_("Gevinst i kroner innenfor rammen (kr)"), "kr"),
        Column(N_("Netto innenfor rammen (kr)"), "kr"),
        Column(N_("Tiltak i planen med kostnad som utredes"), "int"),
        Column(N_("Alle tiltak med kostnad som utredes"), "int"),
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
    ws = add_table(wb, lang.pgettext("sheet", "Per år"), "PerAr", columns, rows, lang)
    note = ws.cell(row=len(rows) + 3, column=1)
    put(
        note,
        lang.gettext("Investeringen regnes i året tiltaket starter. Årlig drift og gevinst regnes fra året etter "
        "oppstart og ut strategiperioden. Tiltak uten tidsrom er ikke med i noe år. «Årlig gevinst» er alle "
        "gevinster slik enhetene har verdsatt dem; «Gevinst i kroner» bare dem som er penger i budsjettet, og "
        "«Netto» er den minus drift og investering. Beløp som ikke er beregnet (kostnad utredes), er ikke med i "
        "summene; de to siste kolonnene sier hvor mange tiltak det gjelder. "
        "Tom ramme betyr at det ikke er satt en investeringsramme."),
    )


def _problems(wb: Book, model: Municipality, assessment: Assessment, lang: Lang) -> None:
    columns = [
        Column(N_("Enhet")),
        Column(N_("Tjenesteområde")),
        Column(N_("Nr"), "int", 6),
        Column(N_("Beskrivelse"), width=MAX_WIDTH),
        Column(N_("Type")),
        Column(N_("Konsekvens"), width=45),
        Column(N_("Prioritet")),
        Column(N_("Tiltak")),
        Column(N_("Revisjon"), "int"),
        Column(N_("Rad"), "int", 6),
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
                lang.render(label("type", p.type)) or None,
                p.consequence,
                lang.render(label("priority", p.priority)) or None,
                ", ".join(answered),
                p.prov.revision,
                p.prov.row,
            ]
        )
    add_table(wb, lang.pgettext("sheet", "Problemer"), "Problemer", columns, rows, lang)


def _systems(wb: Book, model: Municipality, assessment: Assessment, lang: Lang) -> None:
    shared = {normalize(s.name): s for s in assessment.shared_systems}
    duplicates = {}
    for group in assessment.duplicate_systems:
        for name in group.systems:
            others = [n for n in group.systems if normalize(n) != normalize(name)]
            duplicates[normalize(name)] = lang.gettext("Samme formål som {systems} ({purpose})",
                                                       systems=", ".join(others), purpose=group.purpose)
    columns = [
        Column(N_("Enhet")),
        Column(N_("Tjenesteområde")),
        Column(N_("System")),
        Column(N_("Leverandør")),
        Column(N_("Formål"), width=40),
        Column(N_("Brukere"), "int"),
        Column(N_("Tilfredshet (1-5)"), "int"),
        Column(N_("Livsløp")),
        Column(N_("Kommentar"), width=45),
        Column(N_("Delt system")),
        Column(N_("Antall enheter"), "int"),
        Column(N_("Mulig duplikat"), width=45),
        Column(N_("Revisjon"), "int"),
        Column(N_("Rad"), "int", 6),
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
                lang.render(label("lifecycle", s.lifecycle)) or None,
                s.comment,
                lang.render(yes_no(key in shared)),
                shared[key].count if key in shared else 1,
                duplicates.get(key),
                s.prov.revision,
                s.prov.row,
            ]
        )
    add_table(wb, lang.pgettext("sheet", "Systemer"), "Systemer", columns, rows, lang)


def _barometer(wb: Book, model: Municipality, assessment: Assessment, lang: Lang) -> None:
    columns = [
        Column(N_("Område"), width=36),
        Column(N_("Nivå")),
        Column(N_("Navn")),
        Column(N_("Tjenesteområde")),
        Column(N_("Snitt (1-5)"), "ratio"),
        Column(N_("Antall svar"), "int"),
    ]
    area_of = {u.name: u.service_area for u in model.units}
    rows = []
    for area in assessment.barometer_areas:
        name = lang.render(label("area", area.area))
        rows.append([name, lang.pgettext("level", "Kommunen"), model.config.municipality, None, area.average,
                     area.answers])
        for s in area.service_areas:
            rows.append([name, lang.pgettext("level", "Tjenesteområde"), s.name, s.name, s.average, s.answers])
        for s in area.units:
            rows.append([name, lang.pgettext("level", "Enhet"), s.name, area_of.get(s.name), s.average,
                         s.answers])
    add_table(wb, lang.pgettext("sheet", "Barometer"), "Barometer", columns, rows, lang)


def _barometer_answers(wb: Book, model: Municipality, lang: Lang) -> None:
    columns = [
        Column(N_("Enhet")),
        Column(N_("Tjenesteområde")),
        Column(N_("Område"), width=36),
        Column(N_("Påstand"), width=MAX_WIDTH),
        Column(N_("Score (1-5)"), "int"),
        Column(N_("Kommentar"), width=45),
        Column(N_("Revisjon"), "int"),
        Column(N_("Rad"), "int", 6),
    ]
    rows = []
    for b in model.barometer:
        unit = model.unit(b.prov.unit)
        rows.append([unit.name, unit.service_area, lang.render(label("area", b.area)), lang.gettext(b.statement), b.score,
                     b.comment, b.prov.revision, b.prov.row])
    add_table(wb, lang.pgettext("sheet", "Barometersvar"), "Barometersvar", columns, rows, lang)


def _comparison(wb: Book, model: Municipality, comparison: BarometerComparison, lang: Lang) -> None:
    """Per area: the municipality, each other one (named or «Kommune A»), the others' mean."""
    columns = [
        Column(N_("Område"), width=36),
        Column(N_("Kommune")),
        Column(N_("Hvem")),
        Column(N_("Snitt (1-5)"), "ratio"),
        Column(N_("Antall svar"), "int"),
        Column(N_("Forskjell (egen − andre)"), "ratio"),
    ]
    _ = lang.gettext
    rows = []
    for a in comparison.areas():
        own = a.own
        area = lang.render(label("area", a.area))
        rows.append([area, model.config.municipality, _("Egen kommune"), own.mean if own else None,
                     own.answers if own else 0, None])
        for s in a.others:
            rows.append([area, s.municipality, _("Annen kommune") if s.named else _("Annen kommune, uten navn"),
                         s.mean, s.answers, None])
        who = (lang.ngettext("Snitt av {n} kommune", "Snitt av {n} kommuner", len(a.others))
               if a.others else _("Ingen andre med nok svar"))
        rows.append([area, _("Snitt andre kommuner"), who, a.others_mean, a.others_answers, a.difference])
    add_table(wb, lang.pgettext("sheet", "Sammenligning"), "Sammenligning", columns, rows, lang)


def _coordination(wb: Book, assessment: Assessment, lang: Lang) -> None:
    """One row per measure in a coordination group (the sheet grows with the
    measures, not with the pairs of them)."""
    columns = [
        Column(N_("Gruppe"), width=8),
        Column(N_("Gruppens navn"), width=40),
        Column(N_("Tiltak"), width=10),
        Column(N_("Tittel"), width=40),
        Column(N_("Enhet")),
        Column(N_("Tiltak i gruppen"), "int"),
        Column(N_("Enheter i gruppen"), "int"),
        Column(N_("Systemer")),
        Column(N_("Grunn"), width=MAX_WIDTH),
    ]
    by_id = {a.id: a for a in assessment.measures}
    rows = []
    for g in assessment.coordination_groups:
        systems = ", ".join(g.systems)
        for id in g.ids:
            a = by_id[id]
            rows.append([g.id, g.name, id, a.title, a.unit.name, len(g.ids), len(g.units), systems,
                         lang.render(g.reason)])
    add_table(wb, lang.pgettext("sheet", "Samordning"), "Samordning", columns, rows, lang)


def _units(wb: Book, model: Municipality, lang: Lang) -> None:
    columns = [
        Column(N_("Enhet")),
        Column(N_("Kode")),
        Column(N_("Tjenesteområde")),
        Column(N_("Kontaktperson")),
        Column(N_("E-post")),
        Column(N_("Revisjon"), "int"),
        Column(N_("Levert"), "datetime"),
        Column(N_("Skjemadato"), "date"),
        Column(N_("Levert skjema")),
        Column(N_("På listen over enheter")),
    ]
    yes, no = lang.render(yes_no(True)), lang.render(yes_no(False))
    rows = [
        [u.name, u.code, u.service_area, u.contact, u.email, u.revision, u.delivered_at, u.form_date]
        + [yes, yes if u.expected else no]
        for u in model.units
    ]
    rows += [
        [u.name, u.code, u.service_area, None, None, None, None, None, no, yes] for u in model.missing_units
    ]
    add_table(wb, lang.pgettext("sheet", "Enheter"), "Enheter", columns, rows, lang)


def _explanation(wb: Book, model: Municipality, assessment: Assessment, lang: Lang) -> None:
    ws = wb.create_sheet(lang.pgettext("sheet", "Forklaring"))
    ws.column_dimensions["A"].width = 110
    title = ws.cell(row=1, column=1)
    put(title, lang.gettext("Slik er tiltakene vurdert – {municipality}", municipality=model.config.municipality))
    title.font = Font(bold=True, size=14)
    for i, line in enumerate((lang.render(p) for p in assessment.explanation), start=3):
        cell = ws.cell(row=i, column=1)
        put(cell, line)
        cell.alignment = WRAP
