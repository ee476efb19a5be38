"""The store's part of the yearly cycle: the adopted plans (``baselines``) and the
follow-up forms that arrived (``followups``). A mixin of :class:`~pipeline.intake.store.Store`,
so both backends have it with the same SQL and the same guarantees (every write one
transaction, fault points ``store.before-commit`` / ``store.committed``).

A follow-up form is kept like a mapping form — every arrival a row, whatever became of
it, with its bytes, receipt and errors — but in a table of its own: it is numbered per
unit *and year* (revision 1 of 2028 follows revision 3 of 2027), and the mapping
form's model, revisions and status never see it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pipeline.core.baseline import Baseline
from pipeline.core.followup import FollowUpSubmission
from pipeline.core.followupreport import FollowUpReport
from pipeline.core.submission import SubmissionStatus
from pipeline.errors import StoreError
from pipeline.i18n import Msg, from_stored, nMsg, to_stored

#: ``meta`` key of the latest round of follow-up forms handed out (see :meth:`FollowUpQueries.set_followup_round`).
_ROUND = "followup_round"


@dataclass(frozen=True)
class FollowUpRecord:
    """One row of ``followups``: a follow-up form that arrived, whatever became of it.
    Its fields are those of :class:`~pipeline.intake.store.SubmissionRecord` (so the
    console, the JSON reports and the e-mail receipts treat both alike), plus the year
    and the baseline."""

    kind: ClassVar[str] = "oppfolging"

    id: int
    received_at: datetime
    original_name: str
    sha256: str
    size: int
    source: str  # 'mappe' or 'epost'
    sender: str | None  # e-mail sender; None for files from the folder
    status: SubmissionStatus
    unit_key: str | None  # None: the unit could not be read
    unit_name: str | None
    year: int | None  # the year the form reports on; None: it could not be read
    baseline: int | None  # the adopted plan it was checked against; None unless accepted (or a duplicate)
    revision: int | None  # per unit and year; None unless accepted
    duplicate_of: int | None  # a duplicate: the accepted follow-up form it repeats
    stored_path: str  # relative to the workspace
    receipt_path: str | None
    errors: list[Msg | str]  # messages (Msg); plain text from older stores
    warnings: list[Msg | str]
    content_json: str | None  # None unless accepted

    @property
    def report(self) -> FollowUpReport | None:
        """The accepted form's content; None for the others."""
        return FollowUpReport.from_dict(json.loads(self.content_json)) if self.content_json else None

    @property
    def counts(self) -> dict[str, int]:
        """Rows, rows reported on, and rows per status; empty unless accepted."""
        report = self.report
        return report.counts() if report else {}


class FollowUpQueries:
    """The adopted plans and the follow-up forms (mixed into :class:`~pipeline.intake.store.Store`)."""

    # --- the adopted plans ------------------------------------------------------------------

    def baselines(self) -> list[Baseline]:
        """Every adopted plan, in the order they were recorded."""
        rows = self._rows("SELECT number, baseline_json FROM baselines ORDER BY number")
        try:
            return [Baseline.from_dict(json.loads(r["baseline_json"])) for r in rows]
        except (ValueError, KeyError, TypeError) as exc:
            raise self.damaged(f"en vedtatt plan kan ikke leses: {type(exc).__name__}") from exc

    def next_baseline_number(self) -> int:
        return self._one("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM baselines")["n"]

    def add_baseline(self, baseline: Baseline) -> None:
        """Record *baseline* (its :attr:`~Baseline.number` must be :meth:`next_baseline_number`)."""
        with self.transaction():
            if self._one("SELECT number FROM versions WHERE number = ?", (baseline.version,)) is None:
                raise StoreError(Msg("Versjon {number} finnes ikke i lageret.", number=int(baseline.version)))
            self._run("INSERT INTO baselines (number, version, adopted_on, case_ref, first_year, recorded_at, "
                      "baseline_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (baseline.number, baseline.version, baseline.adopted_on.isoformat(), baseline.case_ref,
                       baseline.first_year, baseline.recorded_at.isoformat(),
                       json.dumps(baseline.to_dict(), ensure_ascii=False)))

    def remove_baseline(self, number: int) -> None:
        """Take back adoption *number* (recorded by mistake). Refused (:class:`StoreError`)
        once a follow-up form was checked against it."""
        with self.transaction():
            used = self._one("SELECT COUNT(*) AS n FROM followups WHERE baseline = ?", (number,))["n"]
            if used:
                raise StoreError(nMsg(
                    "Vedtaket kan ikke angres: {n} oppfølgingsskjema er allerede lest inn mot det. Registrer heller "
                    "det nye vedtaket med «iktplan vedta».",
                    "Vedtaket kan ikke angres: {n} oppfølgingsskjemaer er allerede lest inn mot det. Registrer heller "
                    "det nye vedtaket med «iktplan vedta».", int(used)))
            self._run("DELETE FROM baselines WHERE number = ?", (number,))

    # --- follow-up forms ------------------------------------------------------------------------

    def add_followup(self, *, data: bytes | None = None, **fields: Any) -> FollowUpRecord:
        """Insert one follow-up form that arrived. An accepted one gets the unit's next
        revision for its year, inside the same transaction. *data*: its bytes, for a
        backend that keeps them (PostgreSQL)."""
        fields = dict(fields)
        fields["errors_json"] = json.dumps([to_stored(e) for e in fields.pop("errors", [])], ensure_ascii=False)
        fields["warnings_json"] = json.dumps([to_stored(w) for w in fields.pop("warnings", [])], ensure_ascii=False)
        report: FollowUpReport | None = fields.pop("report", None)
        if report is not None:
            fields["content_json"] = json.dumps(report.to_dict(), ensure_ascii=False)
        fields["received_at"] = fields["received_at"].isoformat()
        with self.transaction():
            if fields["status"] == SubmissionStatus.ACCEPTED:
                self._before_revision(f"oppfølging:{fields['year']}:{fields['unit_key']}")
                row = self._one("SELECT COALESCE(MAX(revision), 0) AS n FROM followups WHERE unit_key = ? "
                                "AND year = ?", (fields["unit_key"], fields["year"]))
                fields["revision"] = row["n"] + 1
            if data is not None:
                self._keep_bytes(fields["sha256"], data)
            names = ", ".join(fields)
            marks = ", ".join("?" for _ in fields)
            new_id = self._one(f"INSERT INTO followups ({names}) VALUES ({marks}) RETURNING id",
                               tuple(fields.values()))["id"]
        return self.followup(new_id)

    def set_followup_receipt(self, followup_id: int, receipt_path: str) -> None:
        with self.transaction():
            self._run("UPDATE followups SET receipt_path = ? WHERE id = ?", (receipt_path, followup_id))

    def followup(self, followup_id: int) -> FollowUpRecord:
        return self._followup_record(self._one("SELECT * FROM followups WHERE id = ?", (followup_id,)))

    def followups(self, status: SubmissionStatus | None = None, year: int | None = None) -> list[FollowUpRecord]:
        """Every follow-up form that arrived, in arrival order (only *status* / *year*, when given)."""
        where, params = [], []
        if status is not None:
            where.append("status = ?")
            params.append(str(status))
        if year is not None:
            where.append("year = ?")
            params.append(year)
        sql = "SELECT * FROM followups" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id"
        return [self._followup_record(r) for r in self._rows(sql, tuple(params))]

    def accepted_followup_by_hash(self, sha256: str) -> FollowUpRecord | None:
        """The accepted follow-up form with these exact bytes; None: there is none."""
        row = self._one("SELECT * FROM followups WHERE sha256 = ? AND status = ? ORDER BY id LIMIT 1",
                        (sha256, str(SubmissionStatus.ACCEPTED)))
        return self._followup_record(row) if row else None

    def same_followup_arrival(self, sha256: str, inbox_name: str, mtime_ns: int) -> FollowUpRecord | None:
        """The follow-up form recorded from this very inbox file (see ``Store.same_arrival``); None: none."""
        row = self._one("SELECT * FROM followups WHERE sha256 = ? AND inbox_name = ? AND inbox_mtime_ns = ? LIMIT 1",
                        (sha256, inbox_name, mtime_ns))
        return self._followup_record(row) if row else None

    def last_followup_id(self) -> int:
        """The highest follow-up form number (0: none yet)."""
        return self._one("SELECT COALESCE(MAX(id), 0) AS last FROM followups")["last"]

    def followup_submissions(self, year: int | None = None) -> list[FollowUpSubmission]:
        """Every accepted follow-up form (of *year*; None: every year), parsed, for
        :func:`pipeline.core.followup.combine_followup` (which keeps each unit's latest revision)."""
        sql = "SELECT unit_key, year, revision, received_at, original_name, baseline, content_json FROM followups " \
              "WHERE status = ?" + (" AND year = ?" if year is not None else "") + " ORDER BY id"
        params = (str(SubmissionStatus.ACCEPTED),) + ((year,) if year is not None else ())
        try:
            return [FollowUpSubmission(r["unit_key"], r["year"], r["revision"], datetime.fromisoformat(r["received_at"]),
                                       r["original_name"], r["baseline"],
                                       FollowUpReport.from_dict(json.loads(r["content_json"])))
                    for r in self._rows(sql, params)]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self.damaged(f"et oppfølgingsskjema kan ikke leses: {type(exc).__name__}") from exc

    def followup_round(self) -> dict[str, Any] | None:
        """The latest round of follow-up forms handed out: ``{"year", "baseline", "written"}``; None: none yet."""
        return self._meta(_ROUND)

    def set_followup_round(self, year: int, baseline: int, written: str) -> None:
        """Record that the follow-up forms of *year*, against adoption *baseline*, were written at *written*."""
        with self.transaction():
            self._put_meta(_ROUND, {"year": year, "baseline": baseline, "written": written})

    def _followup_record(self, row: Any) -> FollowUpRecord:
        try:
            return FollowUpRecord(
                id=row["id"], received_at=datetime.fromisoformat(row["received_at"]),
                original_name=row["original_name"], sha256=row["sha256"], size=row["size"], source=row["source"],
                sender=row["sender"], status=SubmissionStatus(row["status"]), unit_key=row["unit_key"],
                unit_name=row["unit_name"], year=row["year"], baseline=row["baseline"], revision=row["revision"],
                duplicate_of=row["duplicate_of"], stored_path=row["stored_path"], receipt_path=row["receipt_path"],
                errors=[from_stored(e) for e in json.loads(row["errors_json"])],
                warnings=[from_stored(w) for w in json.loads(row["warnings_json"])],
                content_json=row["content_json"],
            )
        except (ValueError, TypeError) as exc:
            raise self.damaged(f"et oppfølgingsskjema kan ikke leses: {type(exc).__name__}") from exc
