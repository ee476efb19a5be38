"""What validation tells a unit: :class:`Issue` (one error or warning, with
sheet, row and column), :class:`ValidationResult`, and the sentences used in
more than one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline import contract as c
from pipeline.core.model import FormContent
from pipeline.forms.values import Remarked

WORKBOOK = "Arbeidsboka"  # Issue.sheet for problems with the file as a whole
NEW_FORM = "Hent et nytt skjema hos sekretariatet og flytt opplysningene over."
EMPTY = "Feltet er tomt, men må fylles ut."
FORMULA = ("Cellen har en formel uten lagret verdi, så vi kan ikke se hva Excel viser der. Åpne skjemaet i Excel, "
           "lagre det og send det på nytt (eller skriv inn verdien i stedet for formelen).")
EXTERNAL_LINKS = ("Skjemaet har koblinger til andre arbeidsbøker. De er ikke åpnet; formler som bruker dem er lest "
                  "med verdiene som var lagret i skjemaet. Sjekk at tallene stemmer, eller erstatt formlene med "
                  "verdier (Lim inn → Verdier) og send skjemaet på nytt.")
LABELS = {f.name: f.label for f in c.UNIT_FIELDS}


@dataclass(frozen=True)
class Issue:
    """One error or warning, as the unit will read it in the receipt."""

    sheet: str
    row: int | None  # None: concerns the whole sheet or workbook
    column: str | None  # the header text (or the Enhet label); None: whole row/sheet
    value: Any  # the offending value as read; None when not about a value
    message: str  # Norwegian; completes the sentence after the location

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", rad {self.row}"
        if self.column:
            where += f", «{self.column}»"
        return f"{where}: {self.message}"


@dataclass
class ValidationResult:
    content: FormContent | None  # None when there are errors
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    unit_name: str | None = None  # the «Enhet» value when readable, even if the form has errors

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Collector:
    """Gathers the errors and warnings of one form."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def error(self, *issue: Any) -> None:  # sheet, row, column, value, message
        self.errors.append(Issue(*issue))

    def warn(self, *issue: Any) -> None:
        self.warnings.append(Issue(*issue))

    def result(self, content: FormContent | None, unit_name: str | None) -> ValidationResult:
        """Issues in reading order: workbook, then sheet by sheet, row by row, column by column."""
        order = {sheet: i for i, sheet in enumerate((WORKBOOK, *c.SHEETS))}

        def key(issue: Issue) -> tuple[int, int, int]:
            columns = c.TABLE_HEADERS.get(issue.sheet, tuple(LABELS.values()))
            column = columns.index(issue.column) if issue.column in columns else -1
            return order.get(issue.sheet, len(order)), issue.row or 0, column

        return ValidationResult(content, sorted(self.errors, key=key), sorted(self.warnings, key=key), unit_name)

    def remarked(self, parsed: Any, sheet: str, row: int | None, column: str | None, value: Any) -> Any:
        """*parsed*; a :class:`~pipeline.forms.values.Remarked` one's remark goes to the unit as a warning."""
        if isinstance(parsed, Remarked):
            self.warn(sheet, row, column, value, parsed.remark)
            return parsed.value
        return parsed
