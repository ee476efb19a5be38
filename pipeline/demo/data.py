"""The demo municipality's content in each language: ``pipeline/defaults/<code>/demo.toml``
(bokmål: ``pipeline/defaults/demo.toml``), read into the forms ``fill_form`` takes.

The content is data, not catalogue text: each language has its own fictional
municipality written as a native writer would (bokmål and nynorsk «Fjordvik
kommune», Danish «Fjordby Kommune»), with the units and service areas of that
language's default ``strategi.toml``. A dropdown value is stored as a canonical
code (``priority = "high"``) and typed as the label the blank form itself lists
(its «Lister» sheet), so a form in any language gets its own words; everything
else is typed as written, the way a unit types it («1,5 mill», «vår-2027»).

A language without its own ``demo.toml`` uses bokmål's (:func:`pipeline.i18n.defaults_file`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import Any

from pipeline import contract as c
from pipeline.demo.builders import barometer, form, measure, problem, system, unit_info
from pipeline.i18n import DEFAULT_LANGUAGE, defaults_file

DEMO_FILE = "demo.toml"

#: The canonical codes of each dropdown, in the order of the contract's value lists (and so of the
#: blank form's «Lister» columns). A value that is not a code is typed as it stands («Stor»).
CODES: dict[str, tuple[str, ...]] = {
    "type": ("problem", "opportunity"),
    "priority": ("high", "medium", "low"),
    "lifecycle": ("keep", "develop", "replace", "retire"),
    "risk": ("low", "medium", "high"),
    "category": ("critical", "quick_win"),
    "benefit_kind": ("cash", "time", "quality"),
}
#: The contract's (bokmål) labels of each dropdown, and the «Lister» column that holds them in a blank form.
_SOURCE = {
    "type": (c.TYPES, "Type"),
    "priority": (c.PRIORITIES, "Prioritet"),
    "lifecycle": (c.LIFECYCLES, "Livsløp"),
    "risk": (c.RISKS, "Risiko"),
    "category": (c.CATEGORIES, "Kategori"),
    "benefit_kind": (c.BENEFIT_KINDS, "Gevinsttype"),
}

#: code → label, per dropdown kind.
Labels = dict[str, dict[str, str]]

_UNIT_KEYS = {"name": "enhet", "service_area": "tjenesteomrade", "contact": "kontaktperson", "email": "epost",
              "date": "dato"}
_MEASURE_ARGS = {"sub_goal", "problem_nrs", "investment", "operating_cost", "benefit", "benefit_description",
                 "period", "responsible", "follow_up", "risk", "category", "dependencies", "benefit_kind",
                 "description"}


def source_labels() -> Labels:
    """The contract's own labels (bokmål), what a bokmål blank form lists."""
    return {kind: dict(zip(CODES[kind], labels, strict=True)) for kind, (labels, _) in _SOURCE.items()}


def form_labels(blank_form: Path) -> Labels:
    """The dropdown labels the blank form at *blank_form* lists, by code: read from its
    «Lister» sheet (found by position, so a form in any language is read), in the
    contract's order. A column that is missing or short keeps the contract's labels."""
    import openpyxl

    labels = source_labels()
    wb = openpyxl.load_workbook(blank_form, read_only=True)
    try:
        ws = wb.worksheets[c.SHEETS.index(c.SHEET_LISTS)]
        rows = list(ws.iter_rows(min_row=2, max_row=12, max_col=len(c.LIST_HEADERS), values_only=True))
        columns = list(zip_longest(*rows)) if rows else []
    finally:
        wb.close()
    for kind, (_, header) in _SOURCE.items():
        index = c.LIST_HEADERS.index(header)
        found = [v for v in columns[index] if isinstance(v, str) and v.strip()] if index < len(columns) else []
        if len(found) >= len(CODES[kind]):
            labels[kind] = dict(zip(CODES[kind], found[: len(CODES[kind])], strict=True))
    return labels


@dataclass(frozen=True)
class Demo:
    """One language's demo content, as ``fill_form`` arguments (see :mod:`pipeline.demo.builders`)."""

    language: str
    municipality: str
    units: list[dict[str, Any]]           # the valid forms, in order of arrival
    error_form: dict[str, Any]            # the form with errors (first round)
    correction: dict[str, Any]            # the same unit's corrected form (second round)
    revision: dict[str, Any]              # a unit's revision (second round)
    misspelled: dict[str, Any]            # a unit's new version with its name mistyped (second round)
    misspelled_name: str                  # the name as typed
    meant_name: str                       # the configured unit it means
    mapping_reason: str                   # why the secretariat maps it (third round)
    second_round: str                     # what the second round delivers, for the console
    decisions: tuple[tuple[str, dict[str, str]], ...]  # (measure id, {column code: value})
    texts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # prose key → blocks
    goal_texts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # sub-goal code → blocks
    error_changes: tuple[dict[str, Any], ...] = ()  # the mistakes of the form with errors, as in demo.toml
    second_year: SecondYear | None = None  # the fourth round (None: this language's demo has none)

    @property
    def error_unit(self) -> str:
        """The unit whose first form has errors (it has no accepted form after the first round)."""
        return self.error_form["form"]["unit"]["enhet"]

    def forms(self) -> list[dict[str, Any]]:
        """Every form of the first round, in order of arrival: the valid ones, then the one with errors."""
        return [*self.units, self.error_form]

    def followup(self) -> list[dict[str, Any]]:
        """The second round's forms, in order of arrival."""
        return [self.revision, self.correction, self.misspelled]

    def relabelled(self, labels: Labels) -> Demo:
        """This demo with its dropdown values typed as *labels* (those of a blank form)."""
        return load(self.language, labels)


#: The follow-up form's report columns by the keys ``[[second_year.reports]]`` uses, in the order of
#: ``contract.FOLLOWUP_REPORT_HEADERS`` (the form is filled by position, so a form in any language is).
REPORT_KEYS = ("status", "percent", "spent", "end", "benefit", "benefit_text", "indicator", "comment")
#: The follow-up statuses by code, in the order of ``contract.FOLLOWUP_STATUSES`` (the form's «Lister»).
STATUS_CODES = ("not_started", "in_progress", "done", "postponed", "stopped")


@dataclass(frozen=True)
class SecondYear:
    """The demo's second year (``[second_year]`` in demo.toml): the adoption, what the units
    report on their measures, and the measure one unit adds to its mapping form during the year."""

    adopted_on: date
    case_ref: str
    year: int                          # the year reported on
    deadline: date                     # of the follow-up forms
    rolled_on: date                    # the date of the rullering's documents
    contact: str                       # who fills in the follow-up forms
    email: str
    filled_on: date
    reports: dict[str, dict[str, Any]]  # measure id → {REPORT_KEYS key: value}; «spent»: a share of the plan
    usual_started: dict[str, Any]       # the report on a measure not listed that was to start in the year
    usual_waiting: dict[str, Any]       # … and on one that was not
    new_measure_unit: str
    new_measure_form: dict[str, Any]    # that unit's mapping form with the new measure, for ``deliver``


def demo_path(code: str) -> Path:
    """The ``demo.toml`` of language *code* (bokmål's when it has none of its own)."""
    return defaults_file(DEMO_FILE, code)


def load(code: str = DEFAULT_LANGUAGE, labels: Labels | None = None) -> Demo:
    """The demo of language *code*, with dropdown values typed as *labels* (None: the
    contract's bokmål labels). Each call returns fresh objects: callers may change them."""
    return copy.deepcopy(_load(code, _frozen(labels or source_labels())))


def _frozen(labels: Labels) -> tuple:
    return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in labels.items()))


@lru_cache(maxsize=16)
def _load(code: str, frozen_labels: tuple) -> Demo:
    import tomllib

    labels = {k: dict(v) for k, v in frozen_labels}
    data = tomllib.loads(demo_path(code).read_text("utf-8"))
    reader = _Reader(data, labels)
    units = [reader.unit(u) for u in data["units"]]
    err = data["error_unit"]
    correction = reader.unit(err)
    first = err["first_attempt"]
    error_form = reader.unit(err, file=first["file"], email=first["email"], form_date=first["date"],
                             changes={m["nr"]: m for m in first.get("measures", [])})
    rev = data["revision"]
    base = next(u for u in units if u["form"]["unit"]["enhet"] == rev["unit"])
    revision = reader.followup(base, rev)
    mis = data["misspelled"]
    base = next(u for u in units if u["form"]["unit"]["enhet"] == mis["unit"])
    misspelled = reader.followup(base, mis)
    misspelled["form"]["unit"]["enhet"] = mis["typed_name"]
    decisions = tuple((d["measure"], {k: v for k, v in d.items() if k != "measure"}) for d in data.get("decisions", []))
    texts = dict(data.get("texts", {}))
    goals = texts.pop("goals", {})
    return Demo(code, data["municipality"], units, error_form, correction, revision, misspelled,
                mis["typed_name"], mis["unit"], mis["reason"], data["second_round"], decisions, texts, goals,
                tuple(first.get("measures", [])) + ({"email": first["email"]},),
                reader.second_year(data["second_year"], units) if "second_year" in data else None)


class _Reader:
    def __init__(self, data: Mapping[str, Any], labels: Labels):
        self.domain = data["domain"]
        self.shared = data.get("shared_systems", {})
        self.labels = labels

    def code(self, kind: str, value: Any) -> Any:
        return self.labels[kind].get(value, value) if isinstance(value, str) else value

    def unit(self, u: Mapping[str, Any], *, file: str | None = None, email: str | None = None,
             form_date: date | str | None = None, changes: Mapping[int, Mapping[str, Any]] | None = None) -> dict:
        info = unit_info(u["name"], u["service_area"], u["contact"],
                         (email or u["email"]).replace("{domain}", self.domain),
                         form_date if form_date is not None else u["date"])
        measures = [self.measure({**m, **(changes or {}).get(m["nr"], {})}) for m in u.get("measures", [])]
        return form(file or u["file"], info, [self.problem(p) for p in u.get("problems", [])],
                    [self.system(s) for s in u.get("systems", [])], measures,
                    barometer(*(self.answer(a) for a in u["barometer"])))

    def followup(self, base: dict[str, Any], f: Mapping[str, Any]) -> dict[str, Any]:
        """A unit's later form: *base* with the measures of *f* changed and added."""
        later = copy.deepcopy(base)
        later["file_name"] = f["file"]
        later["form"]["unit"]["dato"] = f["date"]
        measures = later["form"]["measures"]
        by_nr = {m[c.MEASURE_HEADERS[0]]: m for m in measures}
        for change in f.get("changes", []):
            row = by_nr[change["nr"]]
            changed = self.measure({"nr": change["nr"], "title": "",
                                    **{k: v for k, v in change.items() if k != "description_addition"}})
            for key in change:
                if key in ("nr", "description_addition"):
                    continue
                header = _MEASURE_HEADER[key]
                row[header] = changed[header]
            if "description_addition" in change:
                row[_MEASURE_HEADER["description"]] += change["description_addition"]
        measures.extend(self.measure(m) for m in f.get("measures", []))
        return later

    def second_year(self, y: Mapping[str, Any], units: list[dict[str, Any]]) -> SecondYear:
        new = y["new_measure"]
        base = next(u for u in units if u["form"]["unit"]["enhet"] == new["unit"])
        form_with_new = self.followup(base, {"file": new["file"], "date": base["form"]["unit"]["dato"],
                                             "measures": [{k: v for k, v in new.items() if k not in ("unit", "file")}]})
        reports = {r["measure"]: {k: v for k, v in r.items() if k != "measure"} for r in y["reports"]}
        return SecondYear(y["adopted_on"], y["case_ref"], y["year"], y["deadline"], y["rolled_on"], y["contact"],
                          y["email"].replace("{domain}", self.domain), y["filled_on"], reports,
                          dict(y["usual"]["started"]), dict(y["usual"]["waiting"]), new["unit"], form_with_new)

    @staticmethod
    def answer(a: Any) -> Any:
        if a is False:
            return None
        return tuple(a) if isinstance(a, list) else a

    def problem(self, p: Mapping[str, Any]) -> dict:
        return problem(p["nr"], p["description"], self.code("type", p["type"]), p.get("consequence"),
                       self.code("priority", p.get("priority")))

    def system(self, s: Mapping[str, Any]) -> dict:
        base = dict(self.shared[s["shared"]]) if "shared" in s else {}
        s = {**base, **s}
        return system(s["name"], s.get("supplier"), s.get("purpose"), s.get("users"), s.get("satisfaction"),
                      self.code("lifecycle", s.get("lifecycle")), s.get("comment"))

    def measure(self, m: Mapping[str, Any]) -> dict:
        args = {k: (None if v is False else v) for k, v in m.items() if k in _MEASURE_ARGS}
        for kind in ("risk", "category", "benefit_kind"):
            if kind in args:
                args[kind] = self.code(kind, args[kind])
        months = m.get("duration_months")
        return measure(m["nr"], m["title"], months=None if months is False else months, **args)


_MEASURE_HEADER = dict(zip(
    ("nr", "title", "description", "sub_goal", "problem_nrs", "investment", "operating_cost", "benefit",
     "benefit_description", "period", "duration_months", "responsible", "follow_up", "risk", "category",
     "dependencies", "benefit_kind"),
    # The benefit plan's columns (form 1.2, issue 15) are optional, and the demo data leaves them out.
    c.MEASURE_HEADERS[: -len(c.BENEFIT_PLAN_HEADERS)], strict=True))
# The benefit plan's columns (form 1.2) by their own headers: measure_row(plan={header: value}).
