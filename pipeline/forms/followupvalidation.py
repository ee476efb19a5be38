"""Validation of a follow-up form: :class:`~pipeline.forms.reader.RawWorkbook` →
:class:`~pipeline.core.followupreport.FollowUpReport` + every problem, in two steps.

:func:`validate_followup` checks the form on its own, pure and without the plan, as
:func:`pipeline.forms.validation.validate` checks a mapping form (it runs in the
intake's worker process; the table rules are the same :func:`~pipeline.forms.validation._table_rows`).
:func:`check_against_plan` then checks the report against the adopted plan
(:class:`~pipeline.core.baseline.Baseline`), in the intake: a measure that is not in the
plan, or is another unit's, is an error by sheet, row and column; a form for a year no
adopted plan covers, or sent before any plan is adopted, is rejected with what the
secretariat must do. :func:`is_followup` tells a follow-up form from a mapping form by
the named cell ``skjematype``.

A follow-up form may be in any language the catalogues have (its ``skjemasprak`` cell,
else its sheet names: :func:`pipeline.forms.terms.detect`): its sheets, headers and
statuses are mapped back to the contract's, and every issue is a message naming sheet,
row and column as the unit's form does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline import contract as c
from pipeline.config import Config
from pipeline.core.baseline import Baseline, id_key
from pipeline.core.followupreport import FollowUpReport, ReportedMeasure, ReportUnit
from pipeline.core.model import Provenance, unit_key
from pipeline.forms import terms
from pipeline.forms.amounts import parse_amount
from pipeline.forms.issues import EMPTY, FORMULA, WORKBOOK, Collector, Issue
from pipeline.forms.reader import RawWorkbook
from pipeline.forms.unitsheet import _is_formula, merged_names, unit_row
from pipeline.forms.validation import Col, Table, _canonical, _formulas, _table_rows
from pipeline.forms.values import (Remarked, is_empty, name_value, parse_date, parse_email, parse_fixed, parse_whole,
                                   quote, quoted, shown, text_value)
from pipeline.i18n import Amount, Day, Msg, Words, nMsg

NEW_FOLLOWUP_FORM = Msg("Be sekretariatet om et nytt oppfølgingsskjema og flytt opplysningene over.")
LABELS = {f.name: f.label for f in c.FOLLOWUP_UNIT_FIELDS}
(F_ID, *_PLAN) = c.FOLLOWUP_PLAN_HEADERS
(F_STATUS, F_PERCENT, F_SPENT, F_NEW_END, F_REALISED, F_REALISED_TEXT, F_INDICATOR_NOW,
 F_COMMENT) = c.FOLLOWUP_REPORT_HEADERS


def is_followup(raw: RawWorkbook) -> bool:
    """The workbook says it is a follow-up form (``skjematype``, in any language), or,
    without that cell, has the ``Oppfølging`` sheet and not the mapping form's ``Tiltak``
    (named in any language)."""
    kind = raw.names.get("skjematype")
    if not is_empty(kind):
        return terms.is_followup_kind(shown(kind))
    sheets = {terms.canonical_sheet(name, None, c.FOLLOWUP_SHEETS) for name in raw.sheets}
    mapping = {terms.canonical_sheet(name) for name in raw.sheets}
    return c.SHEET_FOLLOWUP in sheets and c.SHEET_MEASURES not in mapping


@dataclass
class FollowUpResult:
    report: FollowUpReport | None  # None when there are errors
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    unit_name: str | None = None  # the «Enhet» value when readable, even if the form has errors
    year: int | None = None  # the «År» value when readable
    form: str | None = None  # the language the form is written in

    @property
    def ok(self) -> bool:
        return not self.errors


def _percent(value: Any, _config: Config) -> int | Remarked:
    """0–100; ``"50 %"`` → 50; 0,5 (a cell Excel formatted as per cent when «50 %» was typed) → 50."""
    if isinstance(value, float) and math.isfinite(value) and 0 < value < 1:
        return Remarked(round(value * 100), Msg("{value} er lest som {percent} %. Skriv prosenten som et helt tall "
                                                "fra 0 til 100, f.eks. 50.", value=quoted(value),
                                                percent=round(value * 100)))
    return parse_whole(value, 0, 100, words=("%", "prosent", "procent"))


def _amount(value: Any, _config: Config) -> int:
    return parse_amount(value)


def _report_column(header: str, attr: str, parse=None) -> Col:
    return Col(header, attr, parse or (lambda value, _config: text_value(value)))


#: The ``Oppfølging`` sheet's columns: the plan's are read as text and not used (the plan
#: is the baseline's); the unit's are what the report says.
TABLE = Table(c.SHEET_FOLLOWUP, (
    Col(F_ID, "id", lambda value, _config: name_value(value),
        required=Msg("Raden mangler tiltaksnummeret. Bruk skjemaet sekretariatet sendte, uten å endre de grå "
                     "kolonnene.")),
    *(Col(header, f"_plan{i}") for i, header in enumerate(_PLAN)),
    Col(F_STATUS, "status", lambda value, _config: parse_fixed(value, "status")),
    Col(F_PERCENT, "percent_done", _percent),
    Col(F_SPENT, "spent", _amount),
    Col(F_NEW_END, "new_end", lambda value, _config: parse_date(value)),
    Col(F_REALISED, "benefit_realised", _amount),
    _report_column(F_REALISED_TEXT, "benefit_text"),
    _report_column(F_INDICATOR_NOW, "indicator_value"),
    _report_column(F_COMMENT, "comment"),
), ReportedMeasure, Msg("Skjemaet har ingen tiltak."))
assert tuple(col.header for col in TABLE.columns) == c.FOLLOWUP_HEADERS


def validate_followup(raw: RawWorkbook, config: Config) -> FollowUpResult:
    """Check the follow-up form *raw* on its own (without the plan), in whatever language it is written."""
    form = terms.detect(raw.names, list(raw.sheets), c.FOLLOWUP_SHEETS)
    raw = _canonical(raw, form, c.FOLLOWUP_SHEETS)
    out = Collector(form=form)
    name = raw.names.get("enhet")
    unit_name = name_value(name) if not is_empty(name) else None
    year = _year(raw.names.get("ar"))
    missing = [s for s in (c.SHEET_UNIT, c.SHEET_FOLLOWUP) if s not in raw.sheets]
    if missing:
        sheets = Words(tuple(quote(terms.sheet_name(s, form)) for s in missing))
        out.error(WORKBOOK, None, None, None,
                  nMsg("Oppfølgingsskjemaet mangler arket {sheets}. {new_form}",
                       "Oppfølgingsskjemaet mangler arkene {sheets}. {new_form}", len(missing), sheets=sheets,
                       new_form=NEW_FOLLOWUP_FORM))
        return _result(out, None, unit_name, year)
    if not _version(raw, out):
        return _result(out, None, unit_name, year)
    formulas = _formulas(raw)
    unit, year = _unit(merged_names(raw, out), config, out, formulas)
    sheet = raw.sheets[c.SHEET_FOLLOWUP]
    rows = _table_rows(sheet, TABLE, config, out, formulas.get(c.SHEET_FOLLOWUP, set()),
                       raw.merged.get(c.SHEET_FOLLOWUP, ()))
    measures = []
    seen: dict[str, int] = {}
    for number, cells in rows or ():
        values = {k: v for k, v in cells.items() if not k.startswith("_plan")}
        measure = ReportedMeasure(**{**values, "id": values["id"] or ""}, prov=Provenance(c.SHEET_FOLLOWUP, number))
        if not measure.id:
            continue  # already an error (required)
        if id_key(measure.id) in seen:
            out.error(c.SHEET_FOLLOWUP, number, F_ID, measure.id,
                      Msg("Tiltaket {id} står også på rad {row}. Rapporter på hvert tiltak bare én gang.",
                          id=measure.id, row=seen[id_key(measure.id)]))
            continue
        seen[id_key(measure.id)] = number
        _row_rules(measure, out)
        measures.append(measure)
    if rows is not None and not measures:
        out.warn(c.SHEET_FOLLOWUP, None, None, None, TABLE.nothing)
    report = None
    if not out.errors and unit is not None and year is not None:
        report = FollowUpReport(unit, year, tuple(measures))
    return _result(out, report, unit_name, year)


def _result(out: Collector, report: FollowUpReport | None, unit_name: str | None, year: int | None) -> FollowUpResult:
    order = {sheet: i for i, sheet in enumerate((WORKBOOK, *c.FOLLOWUP_SHEETS))}
    labels = tuple(LABELS.values())

    def key(issue: Issue) -> tuple[int, int, int]:
        columns = c.FOLLOWUP_HEADERS if issue.sheet == c.SHEET_FOLLOWUP else labels
        return order.get(issue.sheet, len(order)), issue.row or 0, columns.index(issue.column) \
            if issue.column in columns else -1

    return FollowUpResult(report, sorted(out.errors, key=key), sorted(out.warnings, key=key), unit_name, year,
                          out.form)


def _year(value: Any) -> int | None:
    try:
        return parse_whole(value, 2000, 2100) if not is_empty(value) else None
    except ValueError:
        return None


def _version(raw: RawWorkbook, out: Collector) -> bool:
    """``False`` for a follow-up form of another major version (its layout may differ)."""
    value = raw.names.get("skjemaversjon")
    if is_empty(value):
        return True  # reported with the other fields
    match = re.match(r"\s*v?(\d+)", shown(value))
    if match and int(match.group(1)) == int(c.FOLLOWUP_FORM_VERSION.split(".")[0]):
        return True
    out.error(c.SHEET_UNIT, unit_row(raw, "skjemaversjon"), LABELS["skjemaversjon"], value,
              Msg("Oppfølgingsskjemaet er versjon {version}, men gjeldende versjon er {current}. {new_form} Resten "
                  "av skjemaet er ikke kontrollert.", version=shown(value), current=c.FOLLOWUP_FORM_VERSION,
                  new_form=NEW_FOLLOWUP_FORM))
    return False


_PARSERS = {
    "kommune": lambda value: name_value(value),
    "enhet": lambda value: name_value(value),
    "kontaktperson": lambda value: name_value(value),
    "ar": lambda value: parse_whole(value, 2000, 2100),
    "epost": parse_email,
    "dato": parse_date,
    "skjematype": lambda value: text_value(value),
    "skjemaversjon": lambda value: text_value(value),
    "skjemasprak": lambda value: text_value(value),
}


def _unit(raw: RawWorkbook, config: Config, out: Collector,
          formulas: dict[str, set[tuple[int, int]]]) -> tuple[ReportUnit | None, int | None]:
    """The ``Enhet`` sheet: who reports, for which year; (None, …) if a required value is missing."""
    values: dict[str, Any] = {}
    for f in c.FOLLOWUP_UNIT_FIELDS:
        row = unit_row(raw, f.name)
        value = raw.names.get(f.name)
        if f.name not in raw.names:
            if f.name not in c.FOLLOWUP_OPTIONAL_NAMES:  # a 1.0 form has no «skjemasprak»
                out.error(c.SHEET_UNIT, None, f.label, None,
                          Msg("Finner ikke feltet (den navngitte cellen {name} mangler). {new_form}",
                              name=quote(f.name), new_form=NEW_FOLLOWUP_FORM))
        elif is_empty(value):
            if _is_formula(raw, f.name, formulas):
                out.error(c.SHEET_UNIT, row, f.label, None, FORMULA)
            elif f.required:
                out.error(c.SHEET_UNIT, row, f.label, None, Msg("{empty} {help}", empty=EMPTY, help=Msg(f.help)))
        else:
            try:
                values[f.name] = out.remarked(_PARSERS[f.name](value), c.SHEET_UNIT, row, f.label, value)
            except ValueError as exc:
                out.error(c.SHEET_UNIT, row, f.label, value, exc.args[0] if exc.args else str(exc))
    municipality = values.get("kommune")
    if municipality and unit_key(municipality) != unit_key(config.municipality):
        out.warn(c.SHEET_UNIT, unit_row(raw, "kommune"), LABELS["kommune"], municipality,
                 Msg("Skjemaet er for {form}, men strategien gjelder {municipality}. Sjekk at dere har brukt "
                     "skjemaet fra riktig kommune.", form=quote(municipality), municipality=config.municipality))
    if any(values.get(f.name) is None for f in c.FOLLOWUP_UNIT_FIELDS if f.required):
        return None, values.get("ar")
    unit = ReportUnit(municipality, values["enhet"], values["kontaktperson"], values["epost"], values.get("dato"),
                      values.get("skjemaversjon") or "")
    return unit, values["ar"]


def _row_rules(m: ReportedMeasure, out: Collector) -> None:
    """What one row says must hang together: a status for what is reported, a reason for a delay.
    Columns and statuses are named as the unit's form names them."""
    sheet, row, form = c.SHEET_FOLLOWUP, m.prov.row, out.form

    def col(header: str) -> Msg:
        return quote(terms.header(header, form))

    def status(value: str) -> Msg:
        return quote(terms.value_label("status", value, form))

    if m.reported and m.status is None:
        out.error(sheet, row, F_STATUS, None,
                  Msg("{empty} Velg status for {id}: {statuses}.", empty=EMPTY, id=m.id,
                      statuses=Words(tuple(status(s) for s in c.FOLLOWUP_STATUSES), last="or")))
        return
    if m.status == c.DONE and m.percent_done is not None and m.percent_done < 100:
        out.warn(sheet, row, F_PERCENT, m.percent_done,
                 Msg("{id} er {done}, men bare {percent} % er gjennomført. Sjekk status eller prosent.", id=m.id,
                     done=status(c.DONE), percent=m.percent_done))
    if m.status == c.NOT_STARTED and m.percent_done:
        out.warn(sheet, row, F_PERCENT, m.percent_done,
                 Msg("{id} er {not_started}, men har fremdrift. Sjekk status.", id=m.id,
                     not_started=status(c.NOT_STARTED)))
    elif m.status == c.NOT_STARTED and m.spent:
        out.warn(sheet, row, F_SPENT, m.spent,
                 Msg("{id} er {not_started}, men har brukt penger. Sjekk status.", id=m.id,
                     not_started=status(c.NOT_STARTED)))
    if m.status == c.POSTPONED and not m.comment:
        out.warn(sheet, row, F_COMMENT, None,
                 Msg("Skriv i {column} hvorfor {id} er utsatt. Det tas med i statusrapporten til politikerne.",
                     column=col(F_COMMENT), id=m.id))
    elif m.status == c.STOPPED and not m.comment:
        out.warn(sheet, row, F_COMMENT, None,
                 Msg("Skriv i {column} hvorfor {id} er avbrutt. Det tas med i statusrapporten til politikerne.",
                     column=col(F_COMMENT), id=m.id))
    if m.status == c.POSTPONED and m.new_end is None:
        out.warn(sheet, row, F_NEW_END, None,
                 Msg("{id} er utsatt. Skriv når tiltaket nå blir ferdig i {column}, så kan handlingsplanen rulleres "
                     "riktig.", id=m.id, column=col(F_NEW_END)))


# --- against the adopted plan ----------------------------------------------------------------

NO_PLAN = Msg("Det er ikke registrert noen vedtatt IKT-handlingsplan å følge opp ennå, så skjemaet kan ikke leses "
              "inn. Sekretariatet må først registrere kommunestyrets vedtak med «iktplan vedta» og sende ut nye "
              "oppfølgingsskjemaer. Skjemaet er tatt vare på; send det på nytt når sekretariatet sier fra.")


def check_against_plan(report: FollowUpReport, baselines: list[Baseline], form: str | None = None
                       ) -> tuple[Baseline | None, list[Issue], list[Issue]]:
    """(the baseline *report* is checked against, errors, warnings) for the adopted plans
    *baselines* (the one in force for the report's year: :func:`~pipeline.core.baseline.baseline_for`).
    *form*: the language the form is written in, so issues name sheet and column as it
    does (``None``: bokmål)."""
    from pipeline.core.baseline import baseline_for

    out = Collector(form=form)
    if not baselines:
        out.error(WORKBOOK, None, None, None, NO_PLAN)
        return None, out.errors, out.warnings
    baseline = baseline_for(baselines, report.year)
    if baseline is None:
        first = min(b.first_year for b in baselines)
        last = max(b.period_to for b in baselines)
        out.error(c.SHEET_UNIT, None, LABELS["ar"], report.year,
                  Msg("Skjemaet gjelder {year}, men den vedtatte handlingsplanen gjelder {first}–{last}, så det er "
                      "ingen plan å rapportere mot for {year}. Sekretariatet må lage oppfølgingsskjemaer for et av "
                      "årene i planen med «iktplan oppfolging --ar ÅR». Skjemaet er tatt vare på.",
                      year=report.year, first=first, last=last))
        return None, out.errors, out.warnings
    key = report.key
    unit = baseline.unit(key)
    own = baseline.adopted_for(key)
    adopted = Day(baseline.adopted_on)
    if unit is None or not own:
        out.error(c.SHEET_UNIT, None, LABELS["enhet"], report.unit.name,
                  Msg("{unit} har ingen tiltak i den vedtatte handlingsplanen (vedtatt {date}), så det er ingenting å "
                      "rapportere på. Sjekk at dere har brukt skjemaet sekretariatet sendte til enheten.",
                      unit=quote(report.unit.name), date=adopted))
        return baseline, out.errors, out.warnings
    for m in report.measures:
        where = (c.SHEET_FOLLOWUP, m.prov.row, F_ID, m.id)
        planned = baseline.measure(m.id)
        if planned is None:
            out.error(*where, Msg("Tiltaket {id} finnes ikke i den vedtatte handlingsplanen (vedtatt {date}). "
                                  "Rapporter bare på tiltakene skjemaet ble sendt ut med; nye tiltak meldes i "
                                  "kartleggingsskjemaet.", id=quoted(m.id), date=adopted))
        elif planned.unit_key != key:
            owner = baseline.unit(planned.unit_key)
            out.error(*where, Msg("Tiltaket {id} hører til {owner}, ikke til {unit}. Hver enhet rapporterer på sine "
                                  "egne tiltak.", id=planned.id, owner=owner.name if owner else planned.unit_key,
                                  unit=unit.name))
        elif not planned.in_plan:
            out.error(*where, Msg("Tiltaket {id} {title} kom ikke med i den vedtatte handlingsplanen (vedtatt "
                                  "{date}), så det følges ikke opp her.", id=planned.id, title=quote(planned.title),
                                  date=adopted))
        elif m.spent and planned.investment and m.spent > 2 * planned.investment:
            out.warn(c.SHEET_FOLLOWUP, m.prov.row, F_SPENT, m.spent,
                     Msg("Brukt er {spent}, mer enn dobbelt så mye som planlagt ({planned}). Stemmer beløpet?",
                         spent=Amount(m.spent), planned=Amount(planned.investment)))
    listed = {id_key(m.id) for m in report.measures}
    missing = [p.id for p in own if id_key(p.id) not in listed]
    if missing:
        out.warn(c.SHEET_FOLLOWUP, None, None, None,
                 nMsg("{ids} står i den vedtatte planen, men ikke i skjemaet, og regnes som ikke rapportert. Er raden "
                      "slettet ved en feil, be sekretariatet om et nytt skjema.",
                      "{ids} står i den vedtatte planen, men ikke i skjemaet, og regnes som ikke rapportert. Er radene "
                      "slettet ved en feil, be sekretariatet om et nytt skjema.", len(missing), ids=Words(tuple(missing))))
    empty = [m.id for m in report.measures if not m.reported and baseline.measure(m.id) in own]
    if empty:
        out.warn(c.SHEET_FOLLOWUP, None, None, None,
                 nMsg("Ingenting er fylt ut for {ids}; det regnes som ikke rapportert.",
                      "Ingenting er fylt ut for {ids}; de regnes som ikke rapportert.", len(empty),
                      ids=Words(tuple(empty))))
    return baseline, out.errors, out.warnings
