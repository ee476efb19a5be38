"""The secretariat's judgements on units and submissions, recorded so the next run reads them.

Four commands, each one :class:`~pipeline.core.roster.Action` in the store (one
transaction, with time and reason), never changed or deleted afterwards:

- **withdraw** a submission (``iktplan trekk-tilbake``): it stays in the store and in
  ``.iktplan/innleveringer``, but counts no more; the unit's previous revision is
  its current one again;
- **map** a unit name to a unit (``iktplan koble-enhet``): every form with that
  name, held or already counted as a unit of its own, counts as that unit's
  revisions in arrival order, also forms that arrive later;
- **accept** a name as a new unit (``iktplan godta-enhet``): its forms count;
- **undo** an action (``iktplan angre``): recorded as an action of its own.

After the action is recorded, each held form it made count gets a new receipt
(«godkjent etter sekretariatets vurdering»), and the action is copied to
``.iktplan/handlinger/NNNN.json`` so ``iktplan gjenopprett-lager`` can rebuild it.
Both steps are repaired by the next command or run (:func:`repair`) if a crash
stops them; each is a :mod:`pipeline.faults` point.

A judgement that would contradict one in force is refused with the command that
undoes the first: the store's history reads as a sequence of clear decisions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline import contract, faults
from pipeline.config import Config
from pipeline.core.frame import sentences
from pipeline.core.receipts import (
    JUDGED_ACCEPTED,
    JUDGED_MAPPED,
    ReceiptFacts,
    is_held_receipt,
    receipt_file_name,
    receipt_text,
)
from pipeline.core.roster import Action, ActionKind, Roster, resembles
from pipeline.core.submission import SubmissionStatus
from pipeline.errors import IktplanError
from pipeline.fileio import atomic_write_bytes, write_error
from pipeline.i18n import Day, Msg, pMsg
from pipeline.identity import key, one_line
from pipeline.intake.store import Store, SubmissionRecord
from pipeline.workspace import Workspace


class ActionError(IktplanError):
    """A judgement the secretariat asked for that cannot be recorded (nothing is changed)."""


@dataclass(frozen=True)
class Judged:
    """A held form a judgement made count, and the new receipt it got."""

    record: SubmissionRecord
    receipt: Path
    text: str  # the receipt's text (for an e-mail to the sender)


@dataclass(frozen=True)
class Done:
    """What one command recorded."""

    action: Action
    sentence: Msg  # «Sekretariatet koblet «X» til Y 29.11.2026: skrivefeil i enhetsnavnet»
    judged: tuple[Judged, ...]  # held forms that count now, with their new receipts
    #: ACCEPT: the ``[[enheter]]`` block that puts the unit on the list; None: nothing to add.
    list_entry: str | None = None
    #: Forms that wait for the secretariat again (an undone mapping or acceptance).
    held_again: int = 0


NOTHING_CHANGED = Msg("Ingenting er endret.")


def withdraw(ws: Workspace, store: Store, config: Config, submission: int, reason: str, now: datetime) -> Done:
    """Withdraw submission number *submission*."""
    reason = _reason(reason)
    roster = store.roster(config.expected_units)
    record = _submission(store, submission)
    if record.status == SubmissionStatus.REJECTED:
        raise ActionError(_refused(Msg("Innlevering {id} ble avvist og teller ikke med; den trenger ikke trekkes "
                                       "tilbake.", id=submission)))
    if record.status == SubmissionStatus.DUPLICATE:
        raise ActionError(_refused(Msg("Innlevering {id} er en kopi av innlevering {original} og teller ikke selv. "
                                       "Vil du trekke skjemaet tilbake, trekk tilbake innlevering {original}.",
                                       id=submission, original=record.duplicate_of)))
    placed = roster.placement(submission)
    if placed is not None and placed.withdrawn is not None:
        raise ActionError(_refused(Msg("Innlevering {id} er allerede trukket tilbake (handling {action}).",
                                       id=submission, action=placed.withdrawn.id)))
    action = store.add_action(ActionKind.WITHDRAW, reason, now, submission=submission)
    return _finish(ws, store, config, action)


def map_unit(ws: Workspace, store: Store, config: Config, name: str, target: str, reason: str,
             now: datetime) -> Done:
    """Map the unit name *name* (or the name of submission number *name*) to the unit *target*."""
    reason = _reason(reason)
    roster = store.roster(config.expected_units)
    typed = _name(store, roster, name)
    k = key(typed)
    if k in roster.configured:
        raise ActionError(_refused(Msg("«{name}» står i [[enheter]] i strategi.toml og er en enhet selv; den "
                                       "kobles ikke til en annen.", name=typed)))
    _no_judgement_in_force(roster, typed)
    unit = roster.known(target)
    if unit is None:
        raise ActionError(_refused(Msg("«{name}» er ikke en enhet i [[enheter]] i strategi.toml eller en enhet som "
                                       "har levert.", name=one_line(target)), _suggest(target, _units(roster))))
    if unit[0] == k:
        raise ActionError(_refused(Msg("«{name}» er allerede enheten «{unit}».", name=typed, unit=unit[1])))
    action = store.add_action(ActionKind.MAP, reason, now, name=typed, target=unit[1])
    return _finish(ws, store, config, action)


def accept_unit(ws: Workspace, store: Store, config: Config, name: str, reason: str, now: datetime) -> Done:
    """Accept the unit name *name* (or the name of submission number *name*) as a new unit."""
    reason = _reason(reason)
    roster = store.roster(config.expected_units)
    typed = _name(store, roster, name)
    k = key(typed)
    if k in roster.configured:
        raise ActionError(_refused(Msg("«{name}» står allerede i [[enheter]] i strategi.toml.", name=typed)))
    _no_judgement_in_force(roster, typed)
    if k in roster.own:
        raise ActionError(_refused(Msg("Skjemaene fra «{name}» teller allerede som en egen enhet.", name=typed)))
    action = store.add_action(ActionKind.ACCEPT, reason, now, name=typed)
    done = _finish(ws, store, config, action)
    entry = None
    if roster.listed:
        area = _area(store, store.roster(config.expected_units), k)
        entry = f'[[enheter]]\nnavn = "{typed}"\n' + (f'tjenesteomrade = "{area}"\n' if area else "")
    return Done(done.action, done.sentence, done.judged, entry)


def undo(ws: Workspace, store: Store, config: Config, number: int, reason: str, now: datetime) -> Done:
    """Undo action number *number*."""
    reason = _reason(reason)
    roster = store.roster(config.expected_units)
    original = next((a for a in roster.actions if a.id == number), None)
    if original is None:
        last = roster.actions[-1].id if roster.actions else 0
        if last:
            raise ActionError(_refused(Msg("Det finnes ingen handling {number} (den siste er {last}). «iktplan status» "
                                           "viser handlingene.", number=number, last=last)))
        raise ActionError(_refused(Msg("Det finnes ingen handling {number} (sekretariatet har ikke gjort noe ennå). "
                                       "«iktplan status» viser handlingene.", number=number)))
    if original.kind == ActionKind.UNDO:
        raise ActionError(_refused(Msg("Handling {number} er selv en angring, og den kan ikke angres. Gjør den "
                                       "opprinnelige handlingen på nytt i stedet.", number=number)))
    if number in roster.undone_by:
        raise ActionError(_refused(Msg("Handling {number} er allerede angret (handling {undo}).", number=number,
                                       undo=roster.undone_by[number].id)))
    before = {p.id for p in roster.held()}
    action = store.add_action(ActionKind.UNDO, reason, now, undoes=number)
    done = _finish(ws, store, config, action)
    again = sum(1 for p in store.roster(config.expected_units).held() if p.id not in before)
    return Done(done.action, done.sentence, done.judged, None, again)


# --- after the record: receipts and the copy for a rebuild ------------------------------------


def _finish(ws: Workspace, store: Store, config: Config, action: Action) -> Done:
    faults.point("sekretariat.recorded")
    roster = store.roster(config.expected_units)
    _journal(ws, action)
    judged = tuple(_judged_receipts(ws, store, config, roster))
    return Done(action, roster.sentence(action), judged)


def repair(ws: Workspace, store: Store, config: Config) -> list[Judged]:
    """Finish what an interrupted command left: every action's copy in
    ``.iktplan/handlinger``, and the receipt of every held form that counts now.
    Returns the receipts written (empty: nothing was missing)."""
    actions = store.actions()
    if not actions:
        return []
    for action in actions:
        if not _journal_path(ws, action.id).exists():
            _journal(ws, action)
    return list(_judged_receipts(ws, store, config, store.roster(config.expected_units)))


def journal_rows(ws: Workspace) -> list[dict]:
    """The actions kept in ``.iktplan/handlinger``, as the store's ``actions`` columns, in order
    (for :mod:`~pipeline.intake.rebuild`); unreadable files are left out."""
    rows = []
    try:
        paths = sorted(ws.actions.glob("*.json"))
    except OSError:
        return []
    for path in paths:
        try:
            data = json.loads(path.read_text("utf-8"))
            rows.append({"id": int(data["id"]), "at": datetime.fromisoformat(data["at"]).isoformat(),
                         "kind": str(ActionKind(data["kind"])), "reason": str(data["reason"]),
                         "submission_id": data.get("submission"), "unit_name": data.get("name"),
                         "target_name": data.get("target"), "undoes": data.get("undoes")})
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(rows, key=lambda r: r["id"])


def _journal_path(ws: Workspace, number: int) -> Path:
    return ws.actions / f"{number:04d}.json"


def _journal(ws: Workspace, action: Action) -> None:
    data = {"id": action.id, "at": action.at.isoformat(), "kind": str(action.kind), "reason": action.reason,
            "submission": action.submission, "name": action.name, "target": action.target, "undoes": action.undoes}
    _write(_journal_path(ws, action.id), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    faults.point("sekretariat.journal-written")


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise write_error(exc, path) from None


def _judged_receipts(ws: Workspace, store: Store, config: Config, roster: Roster):
    """A new receipt for every form that was held when it arrived (its receipt says so) and
    counts now, unless it has one already."""
    judged_names = set(roster.mapped) | set(roster.accepted)
    for p in roster.placements:
        if not p.counted or key(p.typed) not in judged_names:
            continue
        record = store.submission(p.id)
        if record.status != SubmissionStatus.HELD or not is_held_receipt(record.receipt_path or ""):
            continue
        judgement = _judgement(roster, p.typed)
        if judgement is None:
            continue
        newer = max((q.revision for q in roster.placements if q.key == p.key and q.counted and q.id > p.id),
                    default=None)
        facts = ReceiptFacts(
            municipality=config.municipality, original_name=record.original_name, received_at=record.received_at,
            sha256=record.sha256, status=SubmissionStatus.ACCEPTED, unit_name=p.name, revision=p.revision,
            counts=record.counts, barometer_total=len(contract.BAROMETER), warnings=tuple(record.warnings),
            sender=record.sender, typed_name=p.typed if key(p.typed) != p.key else None,
            judged_at=judgement[0], judgement=judgement[1], newer_revision=newer)
        path = ws.receipts / receipt_file_name(facts, record.id, config.lang)
        if path.exists():
            continue
        from pipeline.intake.receive import RECEIPT_ENCODING  # the form readers: only when a receipt is due

        text = receipt_text(facts, config.lang)
        _write(path, text.encode(RECEIPT_ENCODING))
        faults.point("sekretariat.receipt-written")
        yield Judged(record, path, text)


def _judgement(roster: Roster, typed: str) -> tuple[datetime, Msg] | None:
    """(when, the judged receipt's sentence on what was done) of the judgement in force that makes
    forms named *typed* count; None: none is in force."""
    k = key(typed)
    for a in reversed(roster.actions):
        if a.id in roster.undone_by or a.name is None or key(a.name) != k:
            continue
        if a.kind == ActionKind.MAP:
            return a.at, JUDGED_MAPPED.fill(day=Day(a.at), unit=a.target)
        if a.kind == ActionKind.ACCEPT:
            return a.at, JUDGED_ACCEPTED.fill(day=Day(a.at), name=pMsg("quote", "«{text}»", text=one_line(a.name)))
    return None


# --- checks ---------------------------------------------------------------------------------


def _reason(reason: str) -> str:
    text = one_line(reason or "")
    if not text:
        raise ActionError(_refused(Msg("Skriv hvorfor med --grunn, f.eks. --grunn \"skrivefeil i enhetsnavnet\". "
                                       "Grunnen står i endringslisten i saksframlegget.")))
    return text


def _submission(store: Store, number: int) -> SubmissionRecord:
    record = store.find_submission(number)
    if record is None:
        last = store.last_submission_id()
        if last:
            raise ActionError(_refused(Msg("Det finnes ingen innlevering {number} (den siste er {last}). «iktplan "
                                           "status» viser numrene.", number=number, last=last)))
        raise ActionError(_refused(Msg("Det finnes ingen innlevering {number}. «iktplan status» viser numrene.",
                                       number=number)))
    return record


def _name(store: Store, roster: Roster, text: str) -> str:
    """The unit name as the forms spell it: *text* itself, or the name of submission number *text*."""
    if text.strip().isdigit():
        record = _submission(store, int(text))
        placed = roster.placement(record.id)
        if placed is None:
            raise ActionError(_refused(Msg("Innlevering {id} er {status} og har ikke et enhetsnavn som kan kobles "
                                           "eller godtas.", id=record.id, status=record.status.text)))
        return placed.typed
    k = key(text)
    spelled = next((p.typed for p in reversed(roster.placements) if key(p.typed) == k), None)
    if spelled is None:
        names = list(dict.fromkeys(p.typed for p in roster.placements))
        raise ActionError(_refused(Msg("Ingen innlevering har enhetsnavnet «{name}».", name=one_line(text)),
                                   _suggest(text, names),
                                   Msg("«iktplan status» viser skjemaene som venter, med nummer.")))
    return spelled


def _no_judgement_in_force(roster: Roster, typed: str) -> None:
    k = key(typed)
    for a in reversed(roster.actions):
        if a.kind in (ActionKind.MAP, ActionKind.ACCEPT) and a.name and key(a.name) == k \
                and a.id not in roster.undone_by:
            raise ActionError(_refused(Msg("Sekretariatet har allerede {what} (handling {id}). Angre den først med "
                                           "«iktplan angre {id} --grunn \"…\"».", what=roster.describe(a), id=a.id)))


def _units(roster: Roster) -> list[str]:
    return list(dict.fromkeys([*roster.configured.values(), *(p.name for p in roster.placements if p.counted)]))


def _suggest(text: str, names: list[str]) -> Msg | None:
    close = resembles(text, names)
    return Msg("Mente du «{name}»?", name=close) if close else None


def _refused(*parts: Msg | None) -> Msg:
    """*parts* (None: left out) one after the other, and that nothing is changed."""
    return sentences([*(p for p in parts if p is not None), NOTHING_CHANGED])


def _area(store: Store, roster: Roster, unit: str) -> str | None:
    """The service area of the newest counted form of *unit*, for the suggested list entry."""
    placed = roster.latest().get(unit)
    if placed is None:
        return None
    record = store.submission(placed.id)
    try:
        return json.loads(record.content_json)["unit"]["service_area"] if record.content_json else None
    except (ValueError, KeyError, TypeError):
        return None
