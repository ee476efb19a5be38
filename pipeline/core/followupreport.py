"""What one follow-up form says («Oppfølgingsskjema»): a unit's report on its adopted
measures for one year. Pure: no I/O.

:class:`FollowUpReport` is what validation makes of one accepted follow-up form
(:mod:`pipeline.forms.followupvalidation`), as :class:`~pipeline.core.model.FormContent`
is for a mapping form; the store keeps it as JSON (:meth:`FollowUpReport.to_dict`), and
:func:`pipeline.core.followup.combine_followup` merges the latest revision of every
unit with the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Mapping

from pipeline.contract import FOLLOWUP_STATUSES
from pipeline.core.model import Provenance, unit_key


@dataclass(frozen=True)
class ReportedMeasure:
    """One row of the form: a measure of the adopted plan, as the unit reported on it.
    Every reported field is ``None`` when the unit left its cell empty."""

    id: str  # the measure's id as the row has it («FBS-3»; the form prefills it)
    status: str | None  # one of contract.FOLLOWUP_STATUSES; None: not given
    percent_done: int | None  # 0–100; None: not given
    spent: int | None  # kroner of the investment spent so far (since the start); None: not given
    new_end: date | None  # when the measure will now be finished; None: not given (the plan's end stands)
    benefit_realised: int | None  # kroner realised in the report's year; None: not given
    benefit_text: str | None  # the benefit realised in the year, in words; None: not given
    indicator_value: str | None  # the benefit plan's indicator now, as written; None: not given
    comment: str | None  # why (delayed, stopped …), or anything else; None: not given
    prov: Provenance

    @property
    def reported(self) -> bool:
        """The unit filled in at least one cell of the row."""
        return any(getattr(self, f) is not None for f in REPORTED_FIELDS)


#: The fields of :class:`ReportedMeasure` the unit fills in.
REPORTED_FIELDS = ("status", "percent_done", "spent", "new_end", "benefit_realised", "benefit_text",
                   "indicator_value", "comment")


@dataclass(frozen=True)
class ReportUnit:
    """The ``Enhet`` sheet of a follow-up form."""

    municipality: str | None  # None: the cell was left empty
    name: str
    contact: str
    email: str
    form_date: date | None  # None: not filled in
    form_version: str


@dataclass(frozen=True)
class FollowUpReport:
    """Everything one valid follow-up form says: who, which year, and a row per measure."""

    unit: ReportUnit
    year: int
    measures: tuple[ReportedMeasure, ...] = ()

    @property
    def key(self) -> str:
        """The unit key (:func:`pipeline.core.model.unit_key`) of the reporting unit."""
        return unit_key(self.unit.name)

    def counts(self) -> dict[str, int]:
        """Rows, rows reported on, and rows per status (the statuses' own words as keys)."""
        out = {"tiltak": len(self.measures), "rapportert": sum(1 for m in self.measures if m.reported)}
        for status in FOLLOWUP_STATUSES:
            out[status] = sum(1 for m in self.measures if m.status == status)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: dates as ISO text."""
        return {
            "unit": {**self.unit.__dict__, "form_date": _iso(self.unit.form_date)},
            "year": self.year,
            "measures": [{**{f.name: getattr(m, f.name) for f in fields(m) if f.name not in ("new_end", "prov")},
                          "new_end": _iso(m.new_end), "prov": m.prov.__dict__} for m in self.measures],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FollowUpReport:
        unit = d["unit"]
        return cls(
            unit=ReportUnit(**{**unit, "form_date": _date(unit["form_date"])}),
            year=d["year"],
            measures=tuple(ReportedMeasure(**{**m, "new_end": _date(m["new_end"]), "prov": Provenance(**m["prov"])})
                           for m in d["measures"]),
        )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
