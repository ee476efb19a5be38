"""The ``Enhet`` sheet: who is reporting, read through the workbook's defined
names, with the rules that compare it to the configuration (municipality,
the list of units and their service areas) and the form's version."""

from __future__ import annotations

import dataclasses
import difflib
import re
from typing import Any, Callable

from openpyxl.utils import column_index_from_string

from pipeline import contract as c
from pipeline.config import Config
from pipeline.core.model import UnitInfo, unit_key
from pipeline.forms import merged, terms
from pipeline.forms.issues import EMPTY, FORMULA, LABELS, NEW_FORM, Collector
from pipeline.forms.reader import RawWorkbook
from pipeline.forms.values import (is_empty, name_value, parse_choice, parse_date, parse_email, quote, shown, text_key,
                                   text_value)
from pipeline.i18n import Msg

Parser = Callable[[Any, Config], Any]


def _text(value: Any, _config: Config) -> str:
    return text_value(value)


def _name(value: Any, _config: Config) -> str:
    return name_value(value)


UNIT_PARSERS: dict[str, Parser] = {
    "kommune": _name,
    "enhet": _name,
    "kontaktperson": _name,
    "tjenesteomrade": lambda value, config: parse_choice(value, config.service_areas),
    "epost": lambda value, _config: parse_email(value),
    "dato": lambda value, _config: parse_date(value),
}


#: The remark on a unit name not on the secretariat's list. A valid form's unit name is
#: the intake's to judge (:mod:`pipeline.core.roster`, with its own receipt text), so
#: the intake drops this remark from a valid form; a rejected form keeps it.
NOT_ON_LIST = Msg("{name} står ikke på sekretariatets liste over enheter.")


def check_version(raw: RawWorkbook, out: Collector) -> bool:
    """``False`` for a form of another major version: nothing else is checked,
    since its layout may differ. (A missing name is reported with the other
    ``Enhet`` fields.)"""
    if "skjemaversjon" not in raw.names:
        return True
    value = raw.names["skjemaversjon"]
    where = (c.SHEET_UNIT, unit_row(raw, "skjemaversjon"), LABELS["skjemaversjon"], value)
    match = re.match(r"\s*v?(\d+)", shown(value))
    if match is None:
        out.error(*where, Msg("Skjemaversjonen mangler, så skjemaet kan være utdatert. {new_form}", new_form=NEW_FORM))
    elif int(match.group(1)) != int(c.FORM_VERSION.split(".")[0]):
        out.error(*where, Msg("Skjemaet er versjon {version}, men gjeldende versjon er {current}. {new_form} Resten av "
                              "skjemaet er ikke kontrollert.", version=shown(value), current=c.FORM_VERSION,
                              new_form=NEW_FORM))
        return False
    return True


def read_unit(raw: RawWorkbook, config: Config, out: Collector,
          formulas: dict[str, set[tuple[int, int]]]) -> UnitInfo | None:
    """The ``Enhet`` sheet; ``None`` if a required value is missing or invalid."""
    values: dict[str, Any] = {}
    for f in c.UNIT_FIELDS:
        row = unit_row(raw, f.name)
        if f.name not in raw.names:
            if c.SHEET_UNIT in raw.sheets and f.name not in c.OPTIONAL_NAMES:  # else already reported, or older form
                out.error(c.SHEET_UNIT, None, f.label, None,
                          Msg("Finner ikke feltet (den navngitte cellen {name} mangler). {new_form}",
                              name=quote(f.name), new_form=NEW_FORM))
        elif is_empty(raw.names[f.name]) and _is_formula(raw, f.name, formulas):
            values[f.name] = None
            out.error(c.SHEET_UNIT, row, f.label, None, FORMULA)
        elif is_empty(raw.names[f.name]):
            values[f.name] = None
            if f.required:
                out.error(c.SHEET_UNIT, row, f.label, None, Msg("{empty} {help}", empty=EMPTY, help=Msg(f.help)))
        else:
            try:
                values[f.name] = out.remarked(UNIT_PARSERS.get(f.name, _text)(raw.names[f.name], config),
                                              c.SHEET_UNIT, row, f.label, raw.names[f.name])
            except ValueError as exc:
                out.error(c.SHEET_UNIT, row, f.label, raw.names[f.name], exc.args[0] if exc.args else str(exc))
    municipality, name = values.get("kommune"), values.get("enhet")
    if municipality and unit_key(municipality) != unit_key(config.municipality):
        out.warn(c.SHEET_UNIT, unit_row(raw, "kommune"), LABELS["kommune"], municipality,
                 Msg("Skjemaet er for {form}, men strategien gjelder {municipality}. Sjekk at dere har brukt "
                     "skjemaet fra riktig kommune.", form=quote(municipality), municipality=config.municipality))
    expected = {unit_key(u.name): u.name for u in config.expected_units}
    if name and expected and unit_key(name) not in expected:
        close = difflib.get_close_matches(name, list(expected.values()), n=1, cutoff=0.6)
        listed = NOT_ON_LIST.fill(name=quote(name))
        if close:
            message = Msg("{listed} Mente dere {close}? Skriv navnet likt hver gang, så knyttes nye versjoner av "
                          "skjemaet til de forrige.", listed=listed, close=quote(close[0]))
        else:
            message = Msg("{listed} Skriv navnet likt hver gang, så knyttes nye versjoner av skjemaet til de "
                          "forrige.", listed=listed)
        out.warn(c.SHEET_UNIT, unit_row(raw, "enhet"), LABELS["enhet"], name, message)
    _service_area_rule(raw, config, values, out)
    if any(values.get(f.name) is None for f in c.UNIT_FIELDS if f.required):
        return None
    return UnitInfo(municipality, name, values["tjenesteomrade"], values["kontaktperson"], values["epost"],
                    values.get("dato"), values.get("skjemaversjon") or "")


def merged_names(raw: RawWorkbook, out: Collector) -> RawWorkbook:
    """*raw* with the ``Enhet`` values that sit under a merged cell read as the
    unit sees them: the merge's value, with a remark."""
    names = dict(raw.names)
    for name, (sheet, cell) in raw.name_cells.items():
        merge = merged.covering(raw.merged.get(sheet, ()), cell)
        if merge is None or not is_empty(names.get(name)):
            continue
        first = next((cells for number, cells in raw.sheets[sheet].rows if number == merge[0]), ())
        value = first[merge[1] - 1] if merge[1] <= len(first) else None
        if is_empty(value):
            continue
        names[name] = value
        label = LABELS.get(name, name)
        out.warn(sheet, unit_row(raw, name), label, value,
                 Msg("Cellene {ref} er slått sammen, så {label} viser det samme som cellen over, og det er lest "
                     "slik. Stemmer ikke det, del opp cellene og fyll ut feltet.", ref=merged.reference(merge),
                     label=quote(terms.field_label(label, out.form))))
    return dataclasses.replace(raw, names=names) if names != raw.names else raw


def _service_area_rule(raw: RawWorkbook, config: Config, values: dict[str, Any], out: Collector) -> None:
    """A unit on the secretariat's list that chose another service area than the list gives it."""
    name, area = values.get("enhet"), values.get("tjenesteomrade")
    listed = next((u for u in config.expected_units if name and unit_key(u.name) == unit_key(name)), None)
    if listed is None or not listed.service_area or not area or text_key(area) == text_key(listed.service_area):
        return
    out.warn(c.SHEET_UNIT, unit_row(raw, "tjenesteomrade"), LABELS["tjenesteomrade"], area,
             Msg("Sekretariatet har {unit} under tjenesteområdet {listed}, men skjemaet har {area}. Skjemaet er lest "
                 "med {area}. Er det feil, velg {listed} og send skjemaet på nytt; er det riktig, gi beskjed til "
                 "sekretariatet, så retter de listen.", unit=quote(listed.name), listed=quote(listed.service_area),
                 area=quote(area)))


def _is_formula(raw: RawWorkbook, name: str, formulas: dict[str, set[tuple[int, int]]]) -> bool:
    """Does the defined name point at a formula cell without a stored value?"""
    sheet, ref = raw.name_cells.get(name, ("", ""))
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    return bool(match) and (int(match.group(2)), column_index_from_string(match.group(1)) - 1) in formulas.get(sheet, ())


def unit_row(raw: RawWorkbook, name: str) -> int | None:
    """The Excel row of the ``Enhet`` value cell; ``None`` if the name is missing."""
    sheet_cell = raw.name_cells.get(name)
    return int(re.sub(r"\D", "", sheet_cell[1])) if sheet_cell else None


def not_on_list(item: Msg | str) -> bool:
    """Is *item* (a located warning, as a message or as the plain text of an older
    store) the remark that the unit name is not on the list (:data:`NOT_ON_LIST`)?"""
    if isinstance(item, str):
        return "står ikke på sekretariatets liste over enheter" in item
    stack = [item]
    while stack:
        msg = stack.pop()
        if msg.id == NOT_ON_LIST.id:
            return True
        stack += [v for _, v in msg.params if isinstance(v, Msg)]
    return False
