"""The secretariat's decisions on measures, as the assessment uses them. Pure.

The decisions live in ``beslutninger.xlsx`` (read and written by
:mod:`pipeline.forms.decisionbook`): one row per measure, keyed by the measure's
id (``FSH-1``), with the secretariat's columns

* «Beslutning»: :data:`AUTOMATIC` (the computed plan decides), :data:`INCLUDE`
  (locked into the plan, charged before every automatic measure),
  :data:`EXCLUDE` (left out of the plan), :data:`POSTPONE` (the investment is
  charged to the year in «År»);
* «År»: the year for :data:`POSTPONE` (required) or :data:`INCLUDE` (optional);
* «Slå sammen med»: the id of the measure this one is merged into. The two
  become one joint measure, counted once with that measure's figures; the
  units are co-owners;
* «Tittel i dokumentene»: the title the documents use instead of the unit's;
* «Begrunnelse»: printed beside the decision.

:func:`resolve` checks the decisions against the measures of a run and says,
per row, what it could not use and why (an unknown id, a merge into a measure
that is itself merged, «Utsett til år» without a year or with one outside the
period, …). What it cannot use, it leaves out; the rest of the workbook counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from pipeline.core.labels import label
from pipeline.i18n import Msg, pMsg

AUTOMATIC, INCLUDE, EXCLUDE, POSTPONE = "Automatisk", "Ta med", "Ta ikke med", "Utsett til år"
#: The choices of the «Beslutning» dropdown, in the order it lists them.
CHOICES = (AUTOMATIC, INCLUDE, EXCLUDE, POSTPONE)

#: The workbook's column headers (the secretariat's columns first).
COL_ID, COL_CHOICE, COL_YEAR, COL_MERGE, COL_TITLE, COL_REASON = (
    "Tiltak", "Beslutning", "År", "Slå sammen med", "Tittel i dokumentene", "Begrunnelse")

#: What the workbook and the documents say about a decision on a measure no run has any more.
VANISHED = "Tiltaket finnes ikke lenger"


def id_key(text: str) -> str:
    """How ids are compared: case, spaces and the kind of hyphen do not count
    (``" fsh – 1"`` ~ ``"FSH-1"``)."""
    text = "".join(text.split()).replace("\u2013", "-").replace("\u2012", "-").replace("\u2212", "-")
    return text.replace("\u2014", "-").casefold()


@dataclass(frozen=True)
class Decision:
    """One row of the workbook, as the secretariat wrote it (cells already read;
    ``None``: the cell is empty)."""

    id: str  # the measure's id as the row has it
    choice: str = AUTOMATIC  # one of CHOICES
    year: int | None = None
    merge_into: str | None = None  # the id of the joint measure
    title: str | None = None
    reason: str | None = None
    row: int = 0  # the workbook row (as Excel numbers it); 0: not from a workbook

    @property
    def empty(self) -> bool:
        """Nothing decided: the computed plan decides, with the unit's title."""
        return self.choice == AUTOMATIC and self.year is None and not self.merge_into and not self.title \
            and not self.reason


#: The secretariat's columns as a reader sees them (the same words as the workbook's headers).
_COLUMN_LABELS = {
    COL_ID: pMsg("column", "Tiltak"), COL_CHOICE: pMsg("column", "Beslutning"), COL_YEAR: pMsg("column", "År"),
    COL_MERGE: pMsg("column", "Slå sammen med"), COL_TITLE: pMsg("column", "Tittel i dokumentene"),
    COL_REASON: pMsg("column", "Begrunnelse"),
}


@dataclass(frozen=True)
class Issue:
    """Something in the workbook a run could not use, or used in part."""

    row: int  # the workbook row; 0: the workbook as a whole
    column: str | None  # a column header; None: the row or the workbook
    message: Msg | str  # a message (plain text from before issue 14 shows as it is)
    id: str | None = None  # the measure's id, when the row has one

    def text(self, book: str = "beslutninger.xlsx") -> Msg:
        """The issue with where it is, for the console: «beslutninger.xlsx, rad 7 «År» (FSH-1): …»
        (*book*: the workbook's file name)."""
        column = _COLUMN_LABELS.get(self.column, self.column) if self.column else None
        if not self.row:
            if column is None:
                return Msg("{book}: {message}", book=book, message=self.message)
            return Msg("{book}, kolonnen «{column}»: {message}", book=book, column=column, message=self.message)
        if self.id and column is not None:
            return Msg("{book}, rad {row} «{column}» ({id}): {message}", book=book, row=self.row, column=column,
                       id=self.id, message=self.message)
        if column is not None:
            return Msg("{book}, rad {row} «{column}»: {message}", book=book, row=self.row, column=column,
                       message=self.message)
        if self.id:
            return Msg("{book}, rad {row} ({id}): {message}", book=book, row=self.row, id=self.id,
                       message=self.message)
        return Msg("{book}, rad {row}: {message}", book=book, row=self.row, message=self.message)

    def __str__(self) -> str:
        """In bokmål, for logs and tests."""
        return str(self.text())


@dataclass(frozen=True)
class Decisions:
    """The rows of the workbook, in its order, and what reading them found wrong."""

    rows: tuple[Decision, ...] = ()
    issues: tuple[Issue, ...] = ()  # from reading the cells (a year that is no year, …)


@dataclass(frozen=True)
class Resolved:
    """The decisions a run uses, by the measure's own id (see :func:`resolve`)."""

    by_id: dict[str, Decision] = field(default_factory=dict)  # usable decisions, the choice possibly reset
    merged: dict[str, str] = field(default_factory=dict)  # id → the joint measure's id
    vanished: tuple[Decision, ...] = ()  # decisions on ids no measure has
    issues: tuple[Issue, ...] = ()  # reading and conflicts, in row order

    def get(self, id: str) -> Decision | None:
        return self.by_id.get(id)


def resolve(decisions: Decisions | None, ids: Sequence[str], years: Sequence[int]) -> Resolved:
    """The usable decisions for the measures *ids* of a strategy period of
    *years*: every row matched to its measure, and a per-row :class:`Issue` for
    each conflict, which is then left out (the row's other columns count).

    * A row naming no measure is *vanished*: kept, reported, not used.
    * A second row for the same measure is ignored.
    * «Utsett til år» needs a year in the period; without one it counts as «Automatisk».
    * «År» outside the period is not used; with «Automatisk» or «Ta ikke med» it is ignored.
    * «Slå sammen med» must name another measure that is not itself merged
      into a third; a decision beside a merge is not used (decide on the joint measure)."""
    if decisions is None:
        return Resolved()
    own = {id_key(i): i for i in ids}
    issues: list[Issue] = list(decisions.issues)
    rows: dict[str, Decision] = {}
    vanished: list[Decision] = []
    first, last = (min(years), max(years)) if years else (None, None)
    for d in decisions.rows:
        measure = own.get(id_key(d.id))
        if measure is None:
            if not d.empty:
                vanished.append(d)
                issues.append(Issue(d.row, None, Msg("Tiltaket finnes ikke lenger (ingen enhet har tiltaket {id} nå). "
                                                     "Beslutningen er tatt vare på nederst i arket, men brukes ikke.",
                                                     id=d.id), d.id))
            continue
        if measure in rows:
            issues.append(Issue(d.row, None, Msg("{id} står også på rad {row}; denne raden brukes ikke.",
                                                 id=measure, row=rows[measure].row), measure))
            continue
        rows[measure] = _checked_year(replace(d, id=measure), first, last, issues)

    merged: dict[str, str] = {}
    written = dict(rows)  # as written: whether a target is itself merged does not depend on the row order
    for measure, d in written.items():
        if not d.merge_into:
            continue
        target = own.get(id_key(d.merge_into))
        problem = None
        if target is None:
            problem = Msg("Det finnes ikke noe tiltak {id}; tiltaket er ikke slått sammen.", id=d.merge_into)
        elif target == measure:
            problem = Msg("Et tiltak kan ikke slås sammen med seg selv.")
        elif _merge_of(written.get(target), own) not in (None, target):
            problem = Msg("{target} er selv slått sammen med {joint}. Slå sammen med det felles tiltaket i stedet.",
                          target=target, joint=_merge_of(written[target], own))
        if problem:
            issues.append(Issue(d.row, COL_MERGE, problem, measure))
            rows[measure] = replace(d, merge_into=None)
            continue
        merged[measure] = target
        rows[measure] = replace(d, merge_into=target)
    for measure, target in merged.items():
        d = rows[measure]
        if d.choice != AUTOMATIC or d.year is not None:
            issues.append(Issue(d.row, COL_CHOICE, Msg("Tiltaket er slått sammen med {target}, så beslutningen "
                                                       "«{choice}» brukes ikke. Sett beslutningen på {target}.",
                                                       target=target, choice=_choice(d.choice)), measure))
            rows[measure] = replace(d, choice=AUTOMATIC, year=None)
    issues.sort(key=lambda i: (i.row == 0, i.row))
    return Resolved(
        by_id={k: v for k, v in rows.items() if not v.empty},
        merged=merged,
        vanished=tuple(vanished),
        issues=tuple(issues),
    )


def _choice(choice: str) -> Msg | str:
    """A «Beslutning» choice as the reader's dropdown lists it (an unknown one as it is)."""
    return label("decision", choice) if choice in CHOICES else choice


def _checked_year(d: Decision, first: int | None, last: int | None, issues: list[Issue]) -> Decision:
    if d.choice == POSTPONE:
        if d.year is None:
            issues.append(Issue(d.row, COL_YEAR, Msg("«{postpone}» trenger et år; beslutningen brukes ikke før "
                                                     "året er fylt inn.", postpone=_choice(POSTPONE)), d.id))
            return replace(d, choice=AUTOMATIC)
        if first is not None and not first <= d.year <= last:
            issues.append(Issue(d.row, COL_YEAR, Msg("{year} er utenfor strategiperioden {first}–{last}; "
                                                     "beslutningen brukes ikke.", year=d.year, first=first,
                                                     last=last), d.id))
            return replace(d, choice=AUTOMATIC, year=None)
    elif d.year is not None:
        if d.choice in (AUTOMATIC, EXCLUDE):
            issues.append(Issue(d.row, COL_YEAR, Msg("År brukes bare med «{postpone}» eller «{include}»; {year} er "
                                                     "ikke brukt.", postpone=_choice(POSTPONE),
                                                     include=_choice(INCLUDE), year=d.year), d.id))
            return replace(d, year=None)
        if first is not None and not first <= d.year <= last:
            issues.append(Issue(d.row, COL_YEAR, Msg("{year} er utenfor strategiperioden {first}–{last}; tiltaket "
                                                     "tas med i sitt eget år.", year=d.year, first=first,
                                                     last=last), d.id))
            return replace(d, year=None)
    return d


def _merge_of(d: Decision | None, own: dict[str, str]) -> str | None:
    """The measure *d* is merged into (its own id when the target is unknown), or None."""
    if d is None or not d.merge_into:
        return None
    return own.get(id_key(d.merge_into), d.id)


def changed(old: dict | None, new: dict | None) -> Iterable[tuple[str, object, object]]:
    """The fields of a decision's snapshot (see :func:`snapshot_of`) that differ: (label, old, new)."""
    old, new = old or {"choice": AUTOMATIC}, new or {"choice": AUTOMATIC}  # no row: «Automatisk»
    for key, label in SNAPSHOT_LABELS.items():
        if old.get(key) != new.get(key):
            yield label, old.get(key), new.get(key)


#: The fields of a decision kept in a version's snapshot, with their labels in the change list.
SNAPSHOT_LABELS = {
    "choice": COL_CHOICE,
    "year": COL_YEAR,
    "merge_into": COL_MERGE,
    "title": COL_TITLE,
    "reason": COL_REASON,
}


def snapshot_of(d: Decision) -> dict:
    """A decision as plain JSON for a version's snapshot."""
    return {"choice": d.choice, "year": d.year, "merge_into": d.merge_into, "title": d.title, "reason": d.reason}


def from_snapshot(decisions: dict | None) -> Decisions:
    """The decisions a version recorded (``snapshot["decisions"]``): what a run
    uses when the workbook cannot be read, so an unreadable file never undoes
    the secretariat's decisions."""
    return Decisions(tuple(
        Decision(id, d.get("choice") or AUTOMATIC, d.get("year"), d.get("merge_into"), d.get("title"),
                 d.get("reason"))
        for id, d in (decisions or {}).items()
    ))
