"""The store's part of the roster (:mod:`pipeline.core.roster`): the valid forms, the
secretariat's recorded actions, and the content of the forms that count.

Mixed into :class:`pipeline.intake.store.Store`, so both backends share it: the
SQL is the store's common dialect (``?`` placeholders, ``RETURNING``). An action
is one row, written in one transaction and never changed or deleted (an undo is a
row of its own), so the store keeps the whole history of the secretariat's judgements.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable

from pipeline.config import ExpectedUnit
from pipeline.core.model import FormContent, Submission
from pipeline.core.roster import Action, ActionKind, Arrival, Roster, Ruling, make_roster
from pipeline.core.submission import SubmissionStatus
from pipeline.i18n import Msg
from pipeline.identity import key, one_line

if TYPE_CHECKING:
    from pipeline.intake.store import SubmissionRecord

_VALID = (str(SubmissionStatus.ACCEPTED), str(SubmissionStatus.HELD))
_STATUS = {str(s): s for s in SubmissionStatus}


class RosterQueries:
    """Roster queries for a store (the methods :class:`~pipeline.intake.store.Store` supplies:
    ``_rows``, ``_one``, ``_run``, ``transaction``, ``_record``, ``damaged``)."""

    def arrivals(self) -> list[Arrival]:
        """Every valid form (accepted or held when it arrived), in arrival order, without its content."""
        rows = self._rows("SELECT id, received_at, status, unit_name FROM submissions "
                          "WHERE status IN (?, ?) AND unit_name IS NOT NULL ORDER BY id", _VALID)
        try:
            return [Arrival(r["id"], datetime.fromisoformat(r["received_at"]), _STATUS[r["status"]],
                            r["unit_name"]) for r in rows]
        except (ValueError, TypeError, KeyError) as exc:
            raise self.damaged(Msg("en innlevering kan ikke leses: {detail}", detail=type(exc).__name__)) from exc

    def actions(self) -> list[Action]:
        """Every action the secretariat has recorded, in order (undone ones and the undos included)."""
        rows = self._rows("SELECT * FROM actions ORDER BY id")
        try:
            return [Action(r["id"], datetime.fromisoformat(r["at"]), ActionKind(r["kind"]), r["reason"],
                           r["submission_id"], r["unit_name"], r["target_name"], r["undoes"]) for r in rows]
        except (ValueError, TypeError) as exc:
            raise self.damaged(Msg("en av sekretariatets handlinger kan ikke leses: {detail}",
                                   detail=type(exc).__name__)) from exc

    def roster(self, configured: Iterable[ExpectedUnit] = ()) -> Roster:
        """The roster now, with *configured*: the units of ``[[enheter]]`` (empty: no list)."""
        return make_roster(configured, self.arrivals(), self.actions())

    def rule(self, configured: Iterable[ExpectedUnit], name: str) -> Ruling:
        """What becomes of a new form from *name* (:meth:`Roster.rule
        <pipeline.core.roster.Roster.rule>`). Without recorded actions, a configured name
        or one with accepted forms is decided by two small queries instead of placing
        every form: that is nearly every form that arrives."""
        k = key(name)
        units = {key(u.name): u.name for u in configured}
        if self._one("SELECT COUNT(*) AS n FROM actions")["n"] == 0:
            if k in units:
                return Ruling(SubmissionStatus.ACCEPTED, True, k, one_line(units[k]), (k,), None, None, None)
            if self._one("SELECT COUNT(*) AS n FROM submissions WHERE unit_key = ? AND status = ?",
                                            (k, str(SubmissionStatus.ACCEPTED)))["n"]:
                return Ruling(SubmissionStatus.ACCEPTED, True, k, one_line(name), (k,), None, None, None)
        return self.roster(configured).rule(name)

    def counted(self, roster: Roster) -> list[Submission]:
        """The newest counted form of every unit in *roster*, parsed, for ``model.combine``:
        under the unit it counts for, as its revision, with the unit's spelling."""
        latest = roster.latest()
        contents = self._contents([p.id for p in latest.values()])
        try:
            return [Submission(unit_key=unit, revision=p.revision, received_at=p.received_at,
                               original_name=contents[p.id][0], content=FormContent.from_dict(contents[p.id][1]),
                               unit_name=p.name)
                    for unit, p in sorted(latest.items())]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self.damaged(Msg("innholdet i en innlevering kan ikke leses: {detail}",
                                   detail=type(exc).__name__)) from exc

    def latest_accepted(self, configured: Iterable[ExpectedUnit] = ()) -> list[Submission]:
        """The newest counted revision of every unit, parsed (see :meth:`counted`); *configured*:
        the units of ``[[enheter]]`` (held forms from them count)."""
        return self.counted(self.roster(configured))

    def _contents(self, ids: list[int]) -> dict[int, tuple[str, Any]]:
        out: dict[int, tuple[str, Any]] = {}
        for start in range(0, len(ids), 500):  # under any backend's limit on parameters
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in self._rows(f"SELECT id, original_name, content_json FROM submissions WHERE id IN ({marks})",
                                tuple(chunk)):
                try:
                    out[r["id"]] = (r["original_name"], json.loads(r["content_json"]))
                except (ValueError, TypeError) as exc:
                    raise self.damaged(Msg("innholdet i innlevering {id} kan ikke leses: {detail}", id=r["id"],
                                           detail=type(exc).__name__)) from exc
        return out

    def find_submission(self, number: int) -> SubmissionRecord | None:
        """Submission *number*, or None if the store has none by that number."""
        row = self._one("SELECT * FROM submissions WHERE id = ?", (number,))
        return self._record(row) if row is not None else None

    def kept_by_hash(self, sha256: str) -> list[SubmissionRecord]:
        """The valid submissions (accepted or held) with these exact bytes, in arrival order."""
        return [self._record(r) for r in self._rows(
            "SELECT * FROM submissions WHERE sha256 = ? AND status IN (?, ?) ORDER BY id", (sha256, *_VALID))]

    def add_action(self, kind: ActionKind, reason: str, at: datetime, *, submission: int | None = None,
                   name: str | None = None, target: str | None = None, undoes: int | None = None) -> Action:
        """Record one action, in one transaction; return it with its number."""
        with self.transaction():
            row = self._one("INSERT INTO actions (at, kind, reason, submission_id, unit_name, target_name, undoes) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            (at.isoformat(), str(kind), reason, submission, name, target, undoes))
        return Action(row["id"], at, kind, reason, submission, name, target, undoes)

    def actions_token(self) -> str:
        """Changes whenever an action is recorded (see ``Store.state_token``)."""
        row = self._one("SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM actions")
        return f"h{row['n']}:{row['last']}"

