"""The builders the demo's forms are written with: one row of each sheet, keyed
as ``pipeline.forms.formfill.fill_form`` takes it, and the systems several units
share. Pure, no I/O.

Each form is a dict ``{"file_name": str, "form": {...}}`` where ``form`` holds
exactly the keyword arguments of ``pipeline.forms.formfill.fill_form``: ``unit``
(keyed by the contract's defined names), ``problems``/``systems``/``measures``
(rows keyed by the contract's header texts; ``None`` is an empty cell) and
``barometer`` (one item per statement, in order: a score, ``None`` for not
answered, or a ``(score, comment)`` tuple).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.contract import BAROMETER, BENEFIT_PLAN_HEADERS, MEASURE_HEADERS, PROBLEM_HEADERS, SYSTEM_HEADERS

DOMAIN = "fjordvik.kommune.no"

Row = dict[str, Any]


def unit_info(name: str, area: str, contact: str, email: str, form_date: date | str | None) -> dict[str, Any]:
    """The ``Enhet`` sheet, keyed by defined name. A ``str`` date is typed text."""
    return {"enhet": name, "tjenesteomrade": area, "kontaktperson": contact, "epost": email, "dato": form_date}


def problem(nr: int | str, description: str, type_: str, consequence: str | None, priority: str | None) -> Row:
    return dict(zip(PROBLEM_HEADERS, (nr, description, type_, consequence, priority), strict=True))


def system(
    name: str,
    supplier: str | None,
    purpose: str | None,
    users: int | None,
    satisfaction: int | str | None,
    lifecycle: str | None,
    comment: str | None = None,
) -> Row:
    return dict(zip(SYSTEM_HEADERS, (name, supplier, purpose, users, satisfaction, lifecycle, comment), strict=True))


def measure(
    nr: int | str,
    title: str,
    *,
    description: str | None = None,
    sub_goal: str | None = None,
    problem_nrs: int | str | None = None,
    investment: int | str | None = None,
    operating_cost: int | str | None = None,
    benefit: int | str | None = None,
    benefit_description: str | None = None,
    period: str | None = None,
    months: int | str | None = None,
    responsible: str | None = None,
    follow_up: str | None = None,
    risk: str | None = None,
    category: str | None = None,
    dependencies: str | None = None,
    benefit_kind: str | None = None,
    plan: dict[str, Any] | None = None,
) -> Row:
    """One ``Tiltak`` row. Values are written as the unit typed them: amounts may
    be text like ``"1,5 mill"``, periods like ``"vår-2028"``. *benefit_kind* is
    «Gevinsttype» (None: left empty). *plan*: the benefit plan's cells by header
    (``BENEFIT_PLAN_HEADERS``; None: those columns left as they are, so a row is
    what it was before the columns existed)."""
    values = (
        nr,
        title,
        description,
        sub_goal,
        problem_nrs,
        investment,
        operating_cost,
        benefit,
        benefit_description,
        period,
        months,
        responsible,
        follow_up,
        risk,
        category,
        dependencies,
    )
    row = dict(zip(MEASURE_HEADERS[: len(values)], values, strict=True))
    if benefit_kind is not None:  # a row without it is as before the column (the benchmark's forms stay the same)
        row[MEASURE_HEADERS[len(values)]] = benefit_kind
    for header, value in (plan or {}).items():
        if header not in BENEFIT_PLAN_HEADERS:
            raise KeyError(f"{header!r} is not a benefit plan column ({', '.join(BENEFIT_PLAN_HEADERS)})")
        row[header] = value
    return row


def barometer(*answers: int | tuple[int, str] | None) -> list[int | tuple[int, str] | None]:
    """All statements of the ICT barometer, in contract order."""
    if len(answers) != len(BAROMETER):
        raise ValueError(f"expected {len(BAROMETER)} barometer answers, got {len(answers)}")
    return list(answers)


def form(file_name: str, unit: dict[str, Any], problems, systems, measures, answers) -> dict[str, Any]:
    """One demo form: its file name and the arguments of ``fill_form``."""
    return {
        "file_name": file_name,
        "form": {
            "unit": unit,
            "problems": list(problems),
            "systems": list(systems),
            "measures": list(measures),
            "barometer": answers,
        },
    }


# Systems several units use; each unit states its own users and satisfaction.
def m365(users: int, satisfaction: int, lifecycle: str = "Videreutvikle", comment: str | None = None) -> Row:
    return system("Microsoft 365", "Microsoft", "E-post, Teams, Word/Excel og lagring i OneDrive/SharePoint", users,
                  satisfaction, lifecycle, comment)


def visma_enterprise(users: int, satisfaction: int, comment: str | None = None) -> Row:
    return system("Visma Enterprise", "Visma", "HR, lønn, reiseregninger og fravær", users, satisfaction, "Beholde",
                  comment)


def elements(users: int, satisfaction: int, comment: str | None = None) -> Row:
    return system("Elements", "Sikri", "Sak/arkiv og journalføring", users, satisfaction, "Videreutvikle", comment)

