"""Machine-readable reports: ``iktplan run --json``, ``status --json``,
``fetch-mail --json`` and the secretariat's commands (``koble-enhet --json`` …).
Plain dicts (the CLI prints them as JSON).

The schema is documented in ``docs/maskinlesbar.md`` and is stable: every document names itself and its version in ``schema``
(``iktplan.run/1`` …); a field is only ever added within a version, and a
change that could break a script gets a new number. Keys are English and
values are codes (``accepted``, ``rejected``, ``duplicate``), so the same
script works whatever language the workspace speaks; times are ISO 8601 with
their offset. A document holds nothing personal beyond what ``iktplan status``
shows anyway (unit names, file names): no e-mail addresses, no subjects.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.core.submission import SubmissionStatus

if TYPE_CHECKING:
    from pipeline.build import RunReport
    from pipeline.core.roster import Action, Placement
    from pipeline.i18n import Msg
    from pipeline.sekretariat import ActionReport
    from pipeline.config import Config
    from pipeline.intake.receive import Outcome
    from pipeline.intake.status import StatusReport, UnitStatus
    from pipeline.mail.imap import FetchReport

SCHEMA_VERSION = 1

#: Submission statuses as codes (the store's words are Norwegian).
STATUS_CODES = {
    SubmissionStatus.ACCEPTED: "accepted",
    SubmissionStatus.REJECTED: "rejected",
    SubmissionStatus.DUPLICATE: "duplicate",
    SubmissionStatus.HELD: "held",  # waits for the secretariat: the unit name is not known
}

#: The secretariat's actions as codes (the store's words are Norwegian).
ACTION_CODES = {"trekk-tilbake": "withdraw", "koble": "map", "godta": "accept", "angre": "undo"}

#: The form's counts (the store's keys) as the documents name them.
COUNT_KEYS = {"problemer": "problems", "systemer": "systems", "tiltak": "measures", "barometersvar": "barometer_answers"}


def when(value: datetime | None) -> str | None:
    """ISO 8601 with the offset (a time without one is local time)."""
    return None if value is None else value.astimezone().isoformat(timespec="seconds")


def _head(kind: str, config: Config) -> dict[str, Any]:
    return {
        "schema": f"iktplan.{kind}/{SCHEMA_VERSION}",
        "iktplan_version": __version__,
        "generated_at": when(datetime.now().astimezone()),
        "municipality": config.municipality,
        "config_warnings": [str(w) for w in config.warnings],
    }


def outcome(o: Outcome) -> dict[str, Any]:
    r = o.record
    return {
        "submission": r.id,
        "file": r.original_name,
        "status": STATUS_CODES[r.status],
        "source": "email" if r.source == "epost" else "folder",
        "received_at": when(r.received_at),
        "unit": r.unit_name,
        "revision": r.revision,
        "errors": len(r.errors),
        "remarks": len(r.warnings),
        "receipt": o.receipt.name if o.receipt is not None else None,
    }


def _outcome_counts(outcomes: list[Outcome]) -> dict[str, int]:
    counts = {"files": len(outcomes)}
    for status, code in STATUS_CODES.items():
        counts[code] = sum(1 for o in outcomes if o.status == status)
    return counts


def run_document(report: RunReport, config: Config) -> dict[str, Any]:
    """What one run did (``iktplan.run/1``)."""
    s = report.summary
    changes = report.changes
    return {
        **_head("run", config),
        "outcomes": [outcome(o) for o in report.outcomes],
        "counts": _outcome_counts(report.outcomes),
        "model": {
            "units": s.units,
            "measures": s.measures,
            "systems": s.systems,
            "problems": s.problems,
            "missing_units": list(s.missing_units),
            "critical_in_frame": s.critical,
            "quick_wins_in_frame": s.quick_wins,
            "outside_frame": s.outside_frame,
        },
        "unknown_sub_goals": [{"measure": m, "sub_goal": code} for m, code in s.unknown_sub_goals],
        "held": [held(p) for p in report.held],
        "decisions": _decisions(report),
        "dependency_cycles": [list(cycle) for cycle in report.cycles],
        "version": None if report.version is None else {
            "number": report.version,
            "new": report.new_version,
            "changes": None if changes is None else {
                "units": len(changes.units),
                "added": len(changes.added),
                "removed": len(changes.removed),
                "changed": len(changes.changed),
                "actions": len(changes.actions),
                "decisions": len({c.id for c in changes.decisions}),
                "comparison": changes.comparison,
            },
            "outputs": [p.name for p in report.outputs],
        },
    }


def _decisions(report: RunReport) -> dict[str, Any] | None:
    """What the run did with beslutninger.xlsx; None when it built nothing (and so read nothing)."""
    d = report.decisions
    if d is None:
        return None
    return {
        "used": d.used,
        "issues": [str(i) for i in d.issues],  # bokmål, as every text of the report
        "vanished": list(d.vanished),
        "written": d.written,
        "not_written": d.not_written,
        "unreadable": d.unreadable,
    }


def _state(u: UnitStatus) -> str:
    if u.revision is None:
        return "rejected" if u.last_rejected_at else "missing"
    return "delivered_last_rejected" if u.last_rejected_at else "delivered"


def status_document(s: StatusReport, config: Config) -> dict[str, Any]:
    """Who has delivered (``iktplan.status/1``)."""
    expected = [u for u in s.units if u.expected]
    units = [
        {
            "name": u.name,
            "service_area": u.service_area,
            "expected": u.expected,
            "state": _state(u),
            "revision": u.revision,
            "submission": u.submission,
            "delivered_at": when(u.delivered_at),
            "last_rejected_at": when(u.last_rejected_at),
            "counts": {COUNT_KEYS.get(k, k): v for k, v in u.counts.items()},
        }
        for u in s.units
    ]
    quarantine = []
    for r in s.quarantined:
        later = s.corrected_by(r)
        quarantine.append({
            "submission": r.id,
            "file": r.original_name,
            "received_at": when(r.received_at),
            "unit": r.unit_name,
            "errors": len(r.errors),
            "corrected_by_revision": later.revision if later else None,
        })
    return {
        **_head("status", config),
        "units": units,
        "counts": {
            "expected": len(expected),
            "delivered": sum(1 for u in expected if u.revision is not None),
            "unexpected": len(s.units) - len(expected),
            "pending_in_inbox": s.pending,
            "quarantined": len(s.quarantined),
        },
        "quarantine": quarantine,
        "held": [held(p) for p in s.held],
        "actions": [action(v.action, v.text, v.undone_by) for v in s.actions],
        "version": s.version,
        "followup": followup(s.followup),
    }


def followup(f) -> dict[str, Any] | None:
    """The year's follow-up (:class:`pipeline.intake.followup.FollowUpStatus`); None: no plan adopted."""
    if f is None:
        return None
    return {
        "year": f.year,
        "adopted_plan": f.baseline,
        "adopted_on": f.adopted_on.isoformat(),
        "units": [{"name": u.name, "measures": u.measures, "revision": u.revision,
                   "delivered_at": when(u.delivered_at), "reported": u.reported,
                   "last_rejected_at": when(u.rejected_at)} for u in f.units],
        "delivered": f.delivered,
        "quarantined": [{"followup": r.id, "file": r.original_name, "received_at": when(r.received_at),
                         "unit": r.unit_name, "errors": len(r.errors)} for r in f.quarantined],
    }


def held(p: Placement) -> dict[str, Any]:
    """A form that waits for the secretariat."""
    return {"submission": p.id, "unit": p.typed, "received_at": when(p.received_at), "resembles": p.near}


def action(a: Action, text: Msg | str, undone_by: Action | None = None) -> dict[str, Any]:
    """One of the secretariat's actions (*text*: what it did, as ``status`` says it; written in bokmål)."""
    return {
        "number": a.id,
        "kind": ACTION_CODES[str(a.kind)],
        "at": when(a.at),
        "reason": a.reason,
        "submission": a.submission,
        "unit": a.name,
        "target": a.target,
        "undoes": a.undoes,
        "undone_by": undone_by.id if undone_by else None,
        "text": str(text),
    }


def action_document(report: ActionReport, run: RunReport | None, config: Config) -> dict[str, Any]:
    """What a secretariat command recorded, and the run after it (``iktplan.action/1``)."""
    done = report.done
    return {
        **_head("action", config),
        "action": action(done.action, done.sentence),
        "new_receipts": [{"submission": j.record.id, "receipt": j.receipt.name} for j in done.judged],
        "receipts_sent": report.mailed,
        "receipts_not_sent": len(report.mail_errors),
        "held_again": done.held_again,
        "held": [held(p) for p in report.held],
        "run": None if run is None else run_document(run, config),
    }


def mail_document(fetch: FetchReport, run: RunReport | None, config: Config) -> dict[str, Any]:
    """What a mail fetch found, and the run after it (``iktplan.fetch-mail/1``);
    messages are counted, never named (a sender or a subject is personal)."""
    return {
        **_head("fetch-mail", config),
        "messages": {
            "total": len(fetch.messages),
            "handled": sum(1 for m in fetch.messages if m.error is None),
            "failed": len(fetch.failed),
            "automatic_without_form": sum(1 for m in fetch.messages if m.automatic and not m.outcomes),
            "left_too_large": fetch.left_too_large,
            "receipts_sent": sum(m.receipts_sent for m in fetch.messages),
            "receipts_not_sent": len(fetch.receipt_errors),
        },
        "outcomes": [outcome(o) for o in fetch.outcomes],
        "counts": _outcome_counts(fetch.outcomes),
        "run": None if run is None else run_document(run, config),
    }
