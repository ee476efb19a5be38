"""Status: who has delivered, which revision, when, what waits for the secretariat,
what sits in quarantine, and what the secretariat has done.

Read-only: it looks at the store and the configuration, never at the inbox files'
contents, so it is safe to run while another process works. A unit is one row,
whatever names its forms used, once the secretariat has mapped them
(:mod:`pipeline.core.roster`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.core.roster import Action, Placement, Roster
from pipeline.core.submission import SubmissionStatus
from pipeline.i18n import Msg, pMsg
from pipeline.identity import key
from pipeline.intake.listing import LeftInInbox
from pipeline.intake.store import Store, SubmissionRecord

if TYPE_CHECKING:
    from pipeline.intake.followup import FollowUpStatus


@dataclass(frozen=True)
class UnitStatus:
    name: str
    service_area: str | None  # None: not known (unexpected unit whose form was never accepted)
    expected: bool
    revision: int | None  # latest counted revision; None: nothing counted yet
    delivered_at: datetime | None  # when the latest counted revision arrived
    counts: dict[str, int]  # items per sheet of the latest counted revision
    last_rejected_at: datetime | None  # a rejection newer than the latest counted form, else None
    key: str = ""  # the normalised unit name (model.unit_key)
    submission: int | None = None  # the number of the latest counted submission; None: none
    names: tuple[str, ...] = ()  # the name keys whose forms are this unit's (mapped names included)

    @property
    def text(self) -> Msg:
        """The unit's status as ``status`` shows it, to be rendered in a language."""
        if self.revision is None:
            return _REJECTED if self.last_rejected_at else _NOT_DELIVERED
        if self.last_rejected_at:
            return _DELIVERED_REJECTED
        return _DELIVERED

    @property
    def label(self) -> str:
        """:attr:`text` in bokmål (the JSON report)."""
        return str(self.text)


_REJECTED = pMsg("status", "Avvist – venter på rettet skjema")
_NOT_DELIVERED = pMsg("status", "Ikke levert")
_DELIVERED_REJECTED = pMsg("status", "Levert (siste innsending avvist)")
_DELIVERED = pMsg("status", "Levert")


@dataclass(frozen=True)
class ActionView:
    """One of the secretariat's actions, as ``status`` lists it."""

    action: Action
    text: Msg  # «koblet «X» til Y», shown with lang.render
    undone_by: Action | None  # the undo that undid it; None: in force (or itself an undo)


@dataclass(frozen=True)
class StatusReport:
    units: tuple[UnitStatus, ...]
    quarantined: tuple[SubmissionRecord, ...]
    pending: int  # files waiting in the inbox
    version: int | None  # current document version; None: no documents yet
    held: tuple[Placement, ...] = ()  # valid forms waiting for the secretariat, in arrival order
    listed: bool = True  # the configuration lists its units ([[enheter]])
    actions: tuple[ActionView, ...] = field(default=())
    left: tuple[LeftInInbox, ...] = ()  # in the inbox but not received by a run, and why
    #: Who has reported on the year's follow-up (:class:`pipeline.intake.followup.FollowUpStatus`);
    #: None: no plan adopted yet (``iktplan vedta``).
    followup: FollowUpStatus | None = None
    #: Sentences about the documents: edited by hand, open, kept copies, drafts (empty: nothing to
    #: say); messages, or bokmål text from rooms not yet translated.
    documents: tuple[Msg | str, ...] = ()

    @property
    def delivered(self) -> int:
        return sum(1 for u in self.units if u.revision is not None)

    def corrected_by(self, record: SubmissionRecord) -> UnitStatus | None:
        """The unit whose counted revision came after the quarantined *record*
        (the unit has sent a corrected form since); None: not corrected yet."""
        for u in self.units:
            if (u.key and record.unit_key and (u.key == record.unit_key or record.unit_key in u.names)
                    and u.delivered_at and u.delivered_at > record.received_at):
                return u
        return None


def status_report(config: Config, store: Store, pending: int, left: tuple[LeftInInbox, ...] = (),
                  documents: tuple[str, ...] = (), followup: FollowUpStatus | None = None) -> StatusReport:
    """Everything ``iktplan status`` shows (*pending*: files waiting in the inbox; *left*: what
    stays in it, not received, and why; *documents*: what to say about the documents in outbox/;
    *followup*: who has reported on the year's follow-up, None: no plan adopted)."""
    roster = store.roster(config.expected_units)
    version = store.latest_version_number()
    return StatusReport(
        units=unit_statuses(config, store, roster),
        quarantined=tuple(store.submissions(SubmissionStatus.REJECTED)),
        pending=pending,
        version=version,
        held=tuple(roster.held()),
        listed=roster.listed,
        actions=action_views(roster),
        left=left,
        documents=documents,
        followup=followup,
    )


def action_views(roster: Roster) -> tuple[ActionView, ...]:
    return tuple(ActionView(a, roster.describe(a), roster.undone_by.get(a.id)) for a in roster.actions)


def unit_statuses(config: Config, store: Store, roster: Roster | None = None) -> tuple[UnitStatus, ...]:
    """Expected units in configuration order, then other units whose forms count, then
    names with only rejected forms (none of them held or mapped)."""
    roster = roster if roster is not None else store.roster(config.expected_units)
    records = {r.id: r for r in store.submissions()}
    latest = roster.latest()
    held_names = {key(p.typed) for p in roster.held()}
    rejected: dict[str, SubmissionRecord] = {}
    for rec in records.values():
        if rec.status == SubmissionStatus.REJECTED and rec.unit_key is not None:
            rejected[roster.unit_of(rec.unit_key)] = rec

    def status(unit: str, name: str, area: str | None, expected: bool) -> UnitStatus:
        placed, rej = latest.get(unit), rejected.get(unit)
        acc = records.get(placed.id) if placed else None
        newer_rejection = rej is not None and (acc is None or rej.id > acc.id)
        return UnitStatus(
            name=placed.name if placed else name,
            service_area=_area(acc) or area,
            expected=expected,
            revision=placed.revision if placed else None,
            delivered_at=placed.received_at if placed else None,
            counts=acc.counts if acc else {},
            last_rejected_at=rej.received_at if newer_rejection else None,
            key=unit,
            submission=placed.id if placed else None,
            names=roster.same_unit(unit),
        )

    rows, seen = [], set()
    for u in config.expected_units:
        unit = key(u.name)
        seen.add(unit)
        rows.append(status(unit, roster.configured.get(unit, u.name), u.service_area, True))
    for unit in sorted(set(latest) - seen):
        seen.add(unit)
        rows.append(status(unit, latest[unit].name, None, False))
    for unit in sorted(set(rejected) - seen - held_names):
        rec = rejected[unit]
        rows.append(status(unit, rec.unit_name or unit, None, False))
    return tuple(rows)


def _area(rec: SubmissionRecord | None) -> str | None:
    if rec is None or not rec.content_json:
        return None
    return json.loads(rec.content_json)["unit"]["service_area"]
