"""What validation tells a unit: :class:`Issue` (one error or warning, with
sheet, row and column), :class:`ValidationResult`, and the sentences used in
more than one place.

An issue names its sheet and column by the contract's (canonical) names and
carries its message as a :class:`~pipeline.i18n.Msg`; :meth:`Issue.located`
puts the location in front, with the sheet and column named as the unit sees
them in its form (the form's language), while the sentence itself is rendered
later in the receipt's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline import contract as c
from pipeline.core.model import FormContent
from pipeline.forms import terms
from pipeline.forms.values import Remarked, quote
from pipeline.i18n import NP_, Msg, pMsg

WORKBOOK = NP_("location", "Arbeidsboka").id  # Issue.sheet for problems with the file as a whole
NEW_FORM = Msg("Hent et nytt skjema hos sekretariatet og flytt opplysningene over.")
EMPTY = Msg("Feltet er tomt, men må fylles ut.")
FORMULA = Msg("Cellen har en formel uten lagret verdi, så vi kan ikke se hva Excel viser der. Åpne skjemaet i "
              "Excel, lagre det og send det på nytt (eller skriv inn verdien i stedet for formelen).")
EXTERNAL_LINKS = Msg("Skjemaet har koblinger til andre arbeidsbøker. De er ikke åpnet; formler som bruker dem er "
                     "lest med verdiene som var lagret i skjemaet. Sjekk at tallene stemmer, eller erstatt formlene "
                     "med verdier (Lim inn → Verdier) og send skjemaet på nytt.")
LABELS = {f.name: f.label for f in c.UNIT_FIELDS}
# The follow-up form's own fields («År», «Skjematype»), after the mapping form's (their order sorts the issues).
LABELS.update({f.name: f.label for f in c.FOLLOWUP_UNIT_FIELDS if f.name not in LABELS})
_FIELD_LABELS = frozenset(LABELS.values())

_AT_SHEET = pMsg("location", "{sheet}: {message}")
_AT_ROW = pMsg("location", "{sheet}, rad {row}: {message}")
_AT_COLUMN = pMsg("location", "{sheet}, {column}: {message}")
_AT_CELL = pMsg("location", "{sheet}, rad {row}, {column}: {message}")


@dataclass(frozen=True)
class Issue:
    """One error or warning, as the unit will read it in the receipt."""

    sheet: str  # the contract's sheet name, or WORKBOOK
    row: int | None  # None: concerns the whole sheet or workbook
    column: str | None  # the contract's header (or the Enhet label); None: whole row/sheet
    value: Any  # the offending value as read; None when not about a value
    message: Msg | str  # completes the sentence after the location
    form: str | None = None  # the form's language code (None: bokmål): how sheet and column are named

    def located(self) -> Msg:
        """The message with its location in front: «Tiltak, rad 7, «Tidsrom»: …». The sheet
        and the column are named in the form's language, the rest in the reader's."""
        sheet: str | Msg = (pMsg("location", "Arbeidsboka") if self.sheet == WORKBOOK
                            else terms.sheet_name(self.sheet, self.form))
        column = None
        if self.column:
            label = (terms.field_label(self.column, self.form) if self.sheet == c.SHEET_UNIT and self.column in _FIELD_LABELS
                     else terms.header(self.column, self.form))
            column = quote(label)
        if self.row is None:
            template = _AT_COLUMN if column is not None else _AT_SHEET
        else:
            template = _AT_CELL if column is not None else _AT_ROW
        params: dict[str, Any] = {"sheet": sheet, "message": self.message}
        if self.row is not None:
            params["row"] = self.row
        if column is not None:
            params["column"] = column
        return template.fill(**params)

    @property
    def text(self) -> str:
        """The message without the location, in bokmål (logs, tests)."""
        return str(self.message)

    def __str__(self) -> str:
        return str(self.located())


@dataclass
class ValidationResult:
    content: FormContent | None  # None when there are errors
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    unit_name: str | None = None  # the «Enhet» value when readable, even if the form has errors
    form: str | None = None  # the language the form is written in (None: not a form)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Collector:
    """Gathers the errors and warnings of one form (*form*: its language code)."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    form: str | None = None

    def error(self, *issue: Any) -> None:  # sheet, row, column, value, message
        self.errors.append(Issue(*issue, form=self.form))

    def warn(self, *issue: Any) -> None:
        self.warnings.append(Issue(*issue, form=self.form))

    def result(self, content: FormContent | None, unit_name: str | None) -> ValidationResult:
        """Issues in reading order: workbook, then sheet by sheet, row by row, column by column."""
        order = {sheet: i for i, sheet in enumerate((WORKBOOK, *c.SHEETS))}

        def key(issue: Issue) -> tuple[int, int, int]:
            columns = c.TABLE_HEADERS.get(issue.sheet, tuple(LABELS.values()))
            column = columns.index(issue.column) if issue.column in columns else -1
            return order.get(issue.sheet, len(order)), issue.row or 0, column

        return ValidationResult(content, sorted(self.errors, key=key), sorted(self.warnings, key=key), unit_name,
                                self.form)

    def remarked(self, parsed: Any, sheet: str, row: int | None, column: str | None, value: Any) -> Any:
        """*parsed*; a :class:`~pipeline.forms.values.Remarked` one's remark goes to the unit as a warning."""
        if isinstance(parsed, Remarked):
            self.warn(sheet, row, column, value, parsed.remark)
            return parsed.value
        return parsed
