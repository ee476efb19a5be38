"""The follow-up form («Oppfølgingsskjema»): one per unit and year, prefilled with the
unit's measures in the adopted plan (a :class:`~pipeline.core.baseline.Baseline`).

Built like the mapping form (:mod:`pipeline.forms.blankform`), with its styles and
safeguards: the plan's columns are prefilled and locked, the unit writes in the yellow
columns (a dropdown for the status, whole numbers 0–100 for the share done, amounts
with thousands separators, a date for the new end); the measure ids are text; the
sheet is protected without a password and its rows cannot be inserted, deleted or
sorted (the form asks about exactly the adopted measures). The ``Enhet`` sheet names
its cells, as the mapping form does, and says what the form is (``skjematype``), for
which year (``ar``) and unit (``enhet``), so the intake tells it from a mapping form.
``Veiledning`` says what to report, where and by when (``[innlevering]``).

Everything a unit reads – sheet names, headers, the guide, the dropdown's statuses,
input and error messages – is in the workspace's language (:mod:`pipeline.forms.terms`),
and the form records it in the locked cell ``skjemasprak``; the reader
(:mod:`pipeline.forms.followupvalidation`) maps every language back to the contract.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import contract as c
from pipeline.config import Config
from pipeline.core.baseline import Baseline, PlannedMeasure, PlannedUnit
from pipeline.core.receipts import safe_name
from pipeline.errors import WorkspaceError
from pipeline.forms import terms
from pipeline.i18n.filenames import FileNames
from pipeline.forms.blankform import (_BOX, _HEADER_FILL, _HEADER_FONT, _INPUT_FILL, _LOCKED, _PREFILLED_FILL,
                                      _UNLOCKED, _WRAP, AMOUNT_FORMAT, DATE_FORMAT, TEXT_FORMAT, TITLE_LIMIT, Column,
                                      _print_setup, _protect, _text, _validation, save_atomically)
from pipeline.forms.guide import deadline_text, delivery_text
from pipeline.i18n import N_, Lang, Msg

#: The Excel table's name on the ``Oppfølging`` sheet (an identifier: the same in every language).
TABLE_NAME = "Oppfolging"

(F_ID, F_TITLE, F_PERIOD, F_INVESTMENT, F_BENEFIT, F_OWNER, F_INDICATOR, F_BASELINE,
 F_TARGET) = c.FOLLOWUP_PLAN_HEADERS
(F_STATUS, F_PERCENT, F_SPENT, F_NEW_END, F_REALISED, F_REALISED_TEXT, F_INDICATOR_NOW,
 F_COMMENT) = c.FOLLOWUP_REPORT_HEADERS

#: Width and format of the plan's (locked) columns.
PLAN_COLUMNS = {
    F_ID: (9, TEXT_FORMAT), F_TITLE: (34, TEXT_FORMAT), F_PERIOD: (15, TEXT_FORMAT),
    F_INVESTMENT: (14, AMOUNT_FORMAT), F_BENEFIT: (14, AMOUNT_FORMAT), F_OWNER: (18, TEXT_FORMAT),
    F_INDICATOR: (26, TEXT_FORMAT), F_BASELINE: (12, TEXT_FORMAT), F_TARGET: (12, TEXT_FORMAT),
}

#: The unit's columns: how they look and what Excel checks (help text ≤ 255 characters in every language).
REPORT_COLUMNS = {
    F_STATUS: Column(13, ""),  # the help names the statuses in the form's words: _status_help
    F_PERCENT: Column(10, N_("Omtrent hvor stor del av tiltaket er gjennomført? Et helt tall fra 0 til 100."),
                      whole=(0, 100)),
    F_SPENT: Column(15, N_("Hvor mye av investeringen er brukt til nå, til sammen siden starten? Skriv beløpet i "
                           "hele kroner, f.eks. 150 000 eller 1,5 mill."), amount=True),
    F_NEW_END: Column(12, N_("Er tiltaket forsinket eller ferdig tidligere: når blir det ferdig nå? En dato, "
                             "f.eks. 30.06.2029. La stå tomt hvis planen holder.")),
    F_REALISED: Column(15, N_("Gevinsten tiltaket har gitt i året skjemaet gjelder, i kroner. Skriv beløpet i hele "
                              "kroner, f.eks. 150 000 eller 1,5 mill."), amount=True),
    F_REALISED_TEXT: Column(36, N_("Gevinsten i året med ord: hva er blitt bedre, og for hvem?")),
    F_INDICATOR_NOW: Column(14, N_("Indikatorens verdi nå, målt som nullpunktet, f.eks. «25 per uke».")),
    F_COMMENT: Column(40, N_("Hvorfor er tiltaket utsatt eller avbrutt? Annet sekretariatet bør vite. Skriv alltid "
                             "en kommentar ved Utsatt og Avbrutt.")),
}


def followup_file_name(unit: PlannedUnit, year: int, lang: Lang | None = None) -> str:
    """``2028 Oppfølging Fjordvik barneskole.xlsx`` in *lang* (None: bokmål; Danish ``2028 Opfølgning …``),
    a safe file name on every share."""
    return safe_name(FileNames(lang).followup_form(year, unit.name), 120, 200)


def write_followup_forms(config: Config, baseline: Baseline, year: int, folder: Path,
                         deadline: date | None = None) -> list[Path]:
    """One follow-up form for each unit with measures in *baseline*'s plan, for *year*,
    in the workspace's language, written atomically into *folder*; return their paths.
    *deadline*: when the forms are due (None: ``[innlevering] frist`` if it is not before
    the year, else none). A file open in Excel (Windows) raises :class:`WorkspaceError`;
    the forms before it are written."""
    if deadline is None and config.delivery.deadline is not None and config.delivery.deadline >= date(year, 1, 1):
        deadline = config.delivery.deadline
    config = dataclasses.replace(config, delivery=dataclasses.replace(config.delivery, deadline=deadline))
    written = []
    for unit in baseline.reporting_units:
        path = Path(folder) / followup_file_name(unit, year, config.lang)
        try:
            save_atomically(build_followup_form(config, baseline, unit, year), path)
        except OSError as exc:
            raise WorkspaceError(Msg("Kan ikke lagre oppfølgingsskjemaet {path}: {reason}. Er fila åpen i Excel? "
                                     "Lukk den og prøv igjen.", path=str(path), reason=exc.strerror or str(exc))
                                 ) from None
        written.append(path)
    return written


def build_followup_form(config: Config, baseline: Baseline, unit: PlannedUnit, year: int,
                        lang: Lang | None = None) -> Workbook:
    """The follow-up form of *unit* for *year* as an openpyxl workbook (not saved), in
    *lang* (``None``: the workspace's language)."""
    lang = lang or config.lang
    wb = Workbook()
    wb.remove(wb.active)
    for name in c.FOLLOWUP_SHEETS:
        wb.create_sheet(terms.sheet_name(name, lang.code))
    measures = baseline.adopted_for(unit.key)
    _guide(wb[_sheet(c.SHEET_GUIDE, lang)], config, baseline, unit, year, lang)
    _unit_sheet(wb, config, unit, year, lang)
    _measures_sheet(wb[_sheet(c.SHEET_FOLLOWUP, lang)], measures, lang)
    _lists_sheet(wb[_sheet(c.SHEET_LISTS, lang)], lang)
    wb.active = 0
    wb.properties.title = lang.gettext("Oppfølgingsskjema {year} – {unit}", year=year, unit=unit.name)
    wb.properties.creator = "iktplan"
    wb.properties.language = lang.code
    return wb


def _sheet(sheet: str, lang: Lang) -> str:
    return terms.sheet_name(sheet, lang.code)


def _guide_sections(config: Config, baseline: Baseline, unit: PlannedUnit, year: int,
                    lang: Lang) -> list[tuple[str, str]]:
    """(heading, text) of the guide; the first has no heading."""
    _ = lang.gettext
    adopted = lang.day(baseline.adopted_on)
    body = config.case.deciding_body(lang)
    if baseline.case_ref:
        intro = _("{body} vedtok IKT-strategien med handlingsplan {date} ({case}).", body=body, date=adopted,
                  case=baseline.case_ref)
    else:
        intro = _("{body} vedtok IKT-strategien med handlingsplan {date}.", body=body, date=adopted)
    intro += " " + _("Hvert år rapporterer enhetene hvordan tiltakene går og hvilke gevinster de har gitt, så planen "
                     "kan rulleres og gevinstene følges opp. Skjemaet gjelder {year} og lister tiltakene {unit} har i "
                     "den vedtatte planen.", year=year, unit=unit.name)
    if config.delivery.deadline:
        intro += " " + _("Fristen er {deadline}.", deadline=deadline_text(config, lang))
    statuses = {s: terms.value_label("status", s, lang.code) for s in c.FOLLOWUP_STATUSES}
    return [
        ("", intro),
        (_("Slik fyller du ut"),
         _("De grå kolonnene er planen og er låst. Skriv i de gule kolonnene for hvert tiltak: status, hvor stor del "
           "som er gjennomført, hvor mye av investeringen som er brukt til nå, ny sluttdato hvis tiltaket er "
           "forsinket, gevinsten tiltaket har gitt i året (i kroner og med ord), indikatorens verdi nå og en "
           "kommentar. Ved {postponed} og {stopped} skriver du hvorfor i kommentaren. La raden stå tom hvis du ikke "
           "vet; da regnes tiltaket som ikke rapportert.", postponed=lang.quote(statuses[c.POSTPONED]),
           stopped=lang.quote(statuses[c.STOPPED]))),
        (lang.pgettext("column", F_STATUS),
         _("{not_started}: arbeidet er ikke begynt. {in_progress}: arbeidet er i gang. {done}: tiltaket er "
           "gjennomført. {postponed}: tiltaket blir senere enn planlagt. {stopped}: tiltaket gjennomføres ikke.",
           not_started=statuses[c.NOT_STARTED], in_progress=statuses[c.IN_PROGRESS], done=statuses[c.DONE],
           postponed=statuses[c.POSTPONED], stopped=statuses[c.STOPPED])),
        (_("Slik skriver du"),
         _("Beløp skrives i kroner: 150 000, kr 150.000 eller 1,5 mill. Datoer som 30.06.2029. Ikke legg til eller "
           "slett rader: skjemaet spør om tiltakene i den vedtatte planen.")),
        (_("Slik leverer du"), delivery_text(config, lang)),
        (_("Nye versjoner"),
         _("Du kan sende skjemaet på nytt når som helst før fristen. Det er alltid den nyeste versjonen som gjelder, "
           "så send hele skjemaet hver gang.")),
    ]


def _guide(ws: Worksheet, config: Config, baseline: Baseline, unit: PlannedUnit, year: int, lang: Lang) -> None:
    ws.column_dimensions["A"].width = 100
    ws.sheet_view.showGridLines = False
    _text(ws["A1"], lang.gettext("Oppfølging av IKT-handlingsplanen {year} – {unit}", year=year, unit=unit.name))
    ws["A1"].font = Font(bold=True, size=16)
    ws.row_dimensions[1].height = 28
    row = 2
    for heading, text in _guide_sections(config, baseline, unit, year, lang):
        row += 1
        if heading:
            ws.cell(row, 1, heading).font = Font(bold=True, size=12)
            row += 1
        cell = _text(ws.cell(row, 1), text)
        cell.alignment = _WRAP
        ws.row_dimensions[row].height = 15 * sum(max(1, math.ceil(len(p) / 95)) for p in text.split("\n")) + 3
    _print_setup(ws, landscape=False)
    _protect(ws)


def _unit_sheet(wb: Workbook, config: Config, unit: PlannedUnit, year: int, lang: Lang) -> None:
    _ = lang.gettext
    ws = wb[_sheet(c.SHEET_UNIT, lang)]
    for col, (title, width) in enumerate(((_("Opplysning"), 18), (_("Fyll ut her"), 40), (_("Forklaring"), 70)), 1):
        ws.cell(1, col, title).font = _HEADER_FONT
        ws.cell(1, col).fill = _HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    values = {"kommune": config.municipality, "enhet": unit.name, "ar": year, "kontaktperson": unit.contact,
              "epost": unit.email, "skjematype": lang.pgettext("form kind", c.FOLLOWUP_KIND),
              "skjemaversjon": c.FOLLOWUP_FORM_VERSION, "skjemasprak": lang.code}
    for row, field in enumerate(c.FOLLOWUP_UNIT_FIELDS, 2):
        prefilled = field.name in c.FOLLOWUP_PREFILLED
        label, help_text = terms.field_label(field.label, lang.code), _(field.help)
        ws.cell(row, 1, label).font = Font(bold=field.required)
        ws.cell(row, 3, help_text).alignment = _WRAP
        cell = ws.cell(row, 2)
        value = values.get(field.name)
        if isinstance(value, int):
            cell.value = value
        else:
            _text(cell, value)
        cell.alignment = Alignment(vertical="top")
        cell.protection = _LOCKED if prefilled else _UNLOCKED
        cell.fill = _PREFILLED_FILL if prefilled else _INPUT_FILL
        cell.border = _BOX
        cell.number_format = DATE_FORMAT if field.name == "dato" else "0" if field.name == "ar" else TEXT_FORMAT
        wb.defined_names[field.name] = DefinedName(field.name, attr_text=f"{quote_sheetname(ws.title)}!$B${row}")
        if not prefilled:
            dv = _validation(label, help_text, Column(0, field.help), {}, lang)
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)
    ws.freeze_panes = "A2"
    _print_setup(ws, landscape=False)
    _protect(ws)


def _period(m: PlannedMeasure, lang: Lang) -> str | None:
    """The planned period as the form's language writes it: «Haust 2027, 6 mnd.»."""
    if not m.period:
        return None
    season, _, year = m.period.rpartition(" ")
    period = (f"{terms.value_label('season', season, lang.code)} {year}" if season in c.SEASONS else m.period)
    if not m.duration_months:
        return period
    # TRANSLATORS: the planned period and how many months the measure takes, e.g. «Høst 2027, 6 mnd.».
    return lang.gettext("{period}, {months} mnd.", period=period, months=m.duration_months)


def _plan_values(m: PlannedMeasure, lang: Lang) -> dict[str, object]:
    plan = m.plan
    return {
        F_ID: m.id, F_TITLE: m.title, F_PERIOD: _period(m, lang), F_INVESTMENT: m.investment, F_BENEFIT: m.benefit,
        F_OWNER: (plan.owner if plan and plan.owner else m.follow_up), F_INDICATOR: plan.indicator if plan else None,
        F_BASELINE: plan.baseline_value if plan else None, F_TARGET: plan.target_value if plan else None,
    }


def _status_range(lang: Lang) -> str:
    return f"{quote_sheetname(_sheet(c.SHEET_LISTS, lang))}!$A$2:$A${len(c.FOLLOWUP_STATUSES) + 1}"


def _measures_sheet(ws: Worksheet, measures: tuple[PlannedMeasure, ...], lang: Lang) -> None:
    _ = lang.gettext
    headers = c.FOLLOWUP_HEADERS
    last = max(2, len(measures) + 1)
    for col, header in enumerate(headers, 1):
        letter = get_column_letter(col)
        shown = terms.header(header, lang.code)
        cell = ws.cell(1, col, shown)
        cell.font, cell.fill, cell.protection = _HEADER_FONT, _HEADER_FILL, _LOCKED
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dim = ws.column_dimensions[letter]
        dim.alignment = _WRAP
        if header in PLAN_COLUMNS:
            dim.width, dim.number_format = PLAN_COLUMNS[header]
            dim.protection = _LOCKED
            continue
        spec = REPORT_COLUMNS[header]
        dim.width = spec.width
        dim.protection = _UNLOCKED
        dim.number_format = DATE_FORMAT if header == F_NEW_END else spec.number_format
        if header == F_STATUS:
            dv = DataValidation(type="list", formula1=_status_range(lang), allow_blank=True, showInputMessage=True,
                                showErrorMessage=True, promptTitle=shown[:TITLE_LIMIT], prompt=_status_help(lang),
                                errorTitle=_("Ugyldig verdi"),
                                error=_("Velg en status fra listen (klikk på pilen ved cellen)."))
        else:
            dv = _validation(shown, _(spec.help), spec, {}, lang)
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{last}")
    for row, m in enumerate(measures, 2):
        values = _plan_values(m, lang)
        for col, header in enumerate(headers, 1):
            cell = ws.cell(row, col)
            if header in PLAN_COLUMNS:
                value = values[header]
                if isinstance(value, int):
                    cell.value = value
                else:
                    _text(cell, value)
                cell.protection, cell.fill = _LOCKED, _PREFILLED_FILL
                cell.number_format = PLAN_COLUMNS[header][1]
            else:
                cell.protection, cell.fill = _UNLOCKED, _INPUT_FILL
                cell.number_format = DATE_FORMAT if header == F_NEW_END else REPORT_COLUMNS[header].number_format
            cell.alignment, cell.border = _WRAP, _BOX
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(m.title) / 32)) + 3
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "C2"
    table = Table(displayName=TABLE_NAME, ref=f"A1:{get_column_letter(len(headers))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=False)
    ws.add_table(table)
    _print_setup(ws, landscape=True)
    _protect(ws, rows=False)  # exactly the adopted measures: no rows inserted, deleted or sorted


def _status_help(lang: Lang) -> str:
    """The status column's input message, naming the statuses as the dropdown does."""
    words = {s: terms.value_label("status", s, lang.code) for s in c.FOLLOWUP_STATUSES}
    return lang.gettext("Velg hvordan det går: {not_started}, {in_progress}, {done}, {postponed} (senere enn "
                        "planlagt) eller {stopped} (tiltaket gjennomføres ikke).", not_started=words[c.NOT_STARTED],
                        in_progress=words[c.IN_PROGRESS], done=words[c.DONE], postponed=words[c.POSTPONED],
                        stopped=words[c.STOPPED])


def _lists_sheet(ws: Worksheet, lang: Lang) -> None:
    ws.cell(1, 1, terms.list_header(c.FOLLOWUP_LIST_HEADERS[0], lang.code)).font = Font(bold=True)
    for row, value in enumerate(c.FOLLOWUP_STATUSES, 2):
        _text(ws.cell(row, 1), terms.value_label("status", value, lang.code))
    ws.column_dimensions["A"].width = 16
    ws.sheet_state = "hidden"
    _protect(ws, rows=False)
