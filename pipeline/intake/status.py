"""Status: who has delivered, which revision, when, and what sits in quarantine.

Read-only: it looks at the store and the configuration, never at the inbox files'
contents, so it is safe to run while another process works.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline import identity
from pipeline.config import Config
from pipeline.core.model import unit_key
from pipeline.core.submission import SubmissionStatus
from pipeline.intake.listing import LeftInInbox
from pipeline.intake.store import Store, SubmissionRecord

if TYPE_CHECKING:
    from pipeline.intake.followup import FollowUpStatus


@dataclass(frozen=True)
class UnitStatus:
    name: str
    service_area: str | None  # None: not known (unexpected unit whose form was never accepted)
    expected: bool
    revision: int | None  # latest accepted revision; None: nothing accepted yet
    delivered_at: datetime | None  # when the latest accepted revision arrived
    counts: dict[str, int]  # items per sheet of the latest accepted revision
    last_rejected_at: datetime | None  # a rejection newer than the latest acceptance, else None
    key: str = ""  # the normalised unit name (model.unit_key)

    @property
    def label(self) -> str:
        if self.revision is None:
            return "Avvist – venter på rettet skjema" if self.last_rejected_at else "Ikke levert"
        if self.last_rejected_at:
            return "Levert (siste innsending avvist)"
        return "Levert"


@dataclass(frozen=True)
class StatusReport:
    units: tuple[UnitStatus, ...]
    quarantined: tuple[SubmissionRecord, ...]
    pending: int  # files waiting in the inbox
    version: int | None  # current document version; None: no documents yet
    left: tuple[LeftInInbox, ...] = ()  # in the inbox but not received by a run, and why
    #: Who has reported on the year's follow-up (:class:`pipeline.intake.followup.FollowUpStatus`);
    #: None: no plan adopted yet (``iktplan vedta``).
    followup: FollowUpStatus | None = None

    @property
    def delivered(self) -> int:
        return sum(1 for u in self.units if u.revision is not None)

    def corrected_by(self, record: SubmissionRecord) -> UnitStatus | None:
        """The unit whose accepted revision came after the quarantined *record*
        (the unit has sent a corrected form since); None: not corrected yet."""
        for u in self.units:
            if u.key and u.key == record.unit_key and u.delivered_at and u.delivered_at > record.received_at:
                return u
        return None


def unit_statuses(config: Config, store: Store) -> tuple[UnitStatus, ...]:
    """Expected units in configuration order, then unexpected units that sent something."""
    accepted: dict[str, SubmissionRecord] = {}
    rejected: dict[str, SubmissionRecord] = {}
    for rec in store.submissions():
        if rec.unit_key is None:
            continue
        if rec.status == SubmissionStatus.ACCEPTED:
            accepted[rec.unit_key] = rec
        elif rec.status == SubmissionStatus.REJECTED:
            rejected[rec.unit_key] = rec

    def status(key: str, name: str, area: str | None, expected: bool) -> UnitStatus:
        acc, rej = accepted.get(key), rejected.get(key)
        newer_rejection = rej is not None and (acc is None or rej.id > acc.id)
        if acc is not None:
            name = identity.one_line(acc.unit_name or name)
        return UnitStatus(
            name=name,
            service_area=_area(acc) or area,
            expected=expected,
            revision=acc.revision if acc else None,
            delivered_at=acc.received_at if acc else None,
            counts=acc.counts if acc else {},
            last_rejected_at=rej.received_at if newer_rejection else None,
            key=key,
        )

    rows, seen = [], set()
    for u in config.expected_units:
        key = unit_key(u.name)
        seen.add(key)
        rows.append(status(key, u.name, u.service_area, True))
    for key in sorted(set(accepted) | set(rejected)):
        if key not in seen:
            rec = accepted.get(key) or rejected[key]
            rows.append(status(key, rec.unit_name or key, None, False))
    return tuple(rows)


def _area(rec: SubmissionRecord | None) -> str | None:
    if rec is None or not rec.content_json:
        return None
    return json.loads(rec.content_json)["unit"]["service_area"]
