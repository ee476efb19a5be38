"""Receiving a whole message: an e-mail (an ``.eml`` file in the inbox, or a
message fetched over IMAP) or an Outlook message saved as a file (``.msg``).

Every attachment is accounted for. Each form becomes a submission exactly as a
file from the folder (:func:`pipeline.intake.receive.receive_bytes`). When the
message had no form, or anything in it was not taken (not a spreadsheet, too
large, ``winmail.dat``, more than
:data:`pipeline.intake.message.MAX_FORMS_PER_MESSAGE` forms), the message
itself is kept whole in ``outbox/karantene/`` and answered with a receipt that
names every attachment not taken and why. Only then does it leave the inbox
(or, over IMAP, move to the done folder).

Each form is keyed by the message's arrival and its place in it
(``fil:Skjema.eml#7``), the kept message by ``#0``: a run killed in the middle
of a message with 30 forms is finished by the next one, with nothing recorded
twice (``tests/test_crash.py``).
"""

from __future__ import annotations

import hashlib
import logging

from pipeline.config import Config
from pipeline.forms.outlook import OutlookMessage
from pipeline.i18n import Msg
from pipeline.intake.message import (
    EMAIL,
    OUTLOOK_MESSAGE,
    MAX_MESSAGE_BYTES,
    MailSubmission,
    kept_message_errors,
    message_name,
    must_keep,
    submissions_from_message,
    submissions_from_outlook,
)
from pipeline.intake.receive import (
    InboxFile,
    Outcome,
    _common,
    _keep,
    _reject,
    ensure_receipt,
    leave_inbox,
    receive_bytes,
    receive_file,
    recorded_arrival,
)
from pipeline.intake.store import Store
from pipeline.intake.worker import Checked, unpack_outlook
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.intake")


def receive_message(
    ws: Workspace,
    store: Store,
    config: Config,
    data: bytes,
    original_name: str | None = None,
    *,
    arrival: str | None = None,
    arrival_ns: int = 0,
    found: MailSubmission | None = None,
    skip_automatic: bool = False,
) -> list[Outcome]:
    """Record every form attached to the e-mail *data* as a submission from its
    sender, and keep the message whole (in ``outbox/karantene/``, answered) when
    it had no form or anything in it was not taken. Returns the outcomes: one per
    form, then one for the kept message.

    *arrival* names where the message came from (the ``.eml`` file, or an IMAP
    message) and *arrival_ns* its modification time: a message received again
    after an interrupted run is finished, not recorded twice. ``None``: the
    message's own hash is used. *original_name*: what the kept message is called
    (None: its subject). *found*: the message already parsed (None: parsed here).
    With *skip_automatic*, an automatic message (auto-reply, bounce) without a
    form is not recorded; the result is then empty.
    """
    found = found or submissions_from_message(data)
    arrival = arrival or "melding:" + hashlib.sha256(data).hexdigest()[:32]
    return receive_found(ws, store, config, data, found, original_name or message_name(found), arrival, arrival_ns,
                         source="epost", suffix=".eml", what=EMAIL, skip_automatic=skip_automatic)


def receive_found(ws: Workspace, store: Store, config: Config, data: bytes, found: MailSubmission, name: str,
                  arrival: str, arrival_ns: int, *, source: str, suffix: str, what: Msg | str,
                  skip_automatic: bool = False) -> list[Outcome]:
    """The forms *found* in the message *data*, then the message itself when it
    must be kept (see :func:`receive_message`). *name*, *suffix* and *what*: what the
    kept message is called, its file type, and the word for it in the receipt."""
    outcomes = []
    for index, (form_name, blob) in enumerate(found.attachments):
        sha = hashlib.sha256(blob).hexdigest()
        key = f"{arrival}#{index + 1}"
        earlier = recorded_arrival(store, sha, key, arrival_ns)
        if earlier is not None:
            outcomes.append(Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True))
            continue
        outcomes.append(receive_bytes(ws, store, config, blob, form_name, source=source, sender=found.sender,
                                      inbox_name=key, inbox_mtime_ns=arrival_ns, sha256=sha))
    if not must_keep(found):
        return outcomes
    if skip_automatic and found.automatic and not found.attachments:
        log.info("automatisk e-post uten skjema hoppet over")  # no subject: it may name a person
        return outcomes
    errors, remarks = kept_message_errors(found, what)
    code = "too-large" if found.too_large else ("no-form" if not found.attachments else "not-all-taken")
    checked = Checked(code, errors=errors, warnings=remarks)
    outcomes.append(_keep_message(ws, store, config, data, name, found.sender, checked, arrival, arrival_ns,
                                  source=source, suffix=suffix))
    return outcomes


def _keep_message(ws, store, config, data: bytes, name: str, sender: str | None, checked: Checked, arrival: str,
                  arrival_ns: int, *, source: str, suffix: str) -> Outcome:
    """The message kept whole in quarantine (as *suffix*), recorded as rejected from
    its sender with *checked*'s errors, answered."""
    sha = hashlib.sha256(data).hexdigest()
    key = f"{arrival}#0"
    earlier = store.same_arrival(sha, key, arrival_ns)
    if earlier is not None:
        return Outcome(earlier, ensure_receipt(ws, store, config, earlier), repaired=True)
    common = _common(name, sha, len(data), source, sender, key, arrival_ns)
    return _reject(ws, store, config, common, checked, lambda target: _keep(target, data), suffix=suffix, data=data)


def receive_eml_file(ws: Workspace, store: Store, config: Config, path, *, read: InboxFile | None = None
                     ) -> list[Outcome]:
    """Receive an ``.eml`` file from the inbox (see :func:`receive_message`) and
    remove it from the inbox once all of it is accounted for. Raises
    :class:`~pipeline.intake.receive.NotReceived` if it cannot be read."""
    read = read or InboxFile.read(ws, path, MAX_MESSAGE_BYTES)
    if len(read.data) > MAX_MESSAGE_BYTES:
        return [receive_file(ws, store, config, path, read=read)]  # quarantined as too large, like any file
    outcomes = receive_message(ws, store, config, read.data, read.shown, arrival=f"fil:{read.key}",
                               arrival_ns=read.status.st_mtime_ns)
    leave_inbox(read, outcomes[0].record.sha256)  # the log names the file by its first submission
    return outcomes


def receive_outlook_file(ws: Workspace, store: Store, config: Config, read: InboxFile) -> list[Outcome]:
    """Receive an Outlook message saved as a file (``.msg``, whatever it is called):
    its attachments are taken out in the parse worker and received as an e-mail's,
    from its sender (see :func:`receive_found`); a ``.msg`` that cannot be read is
    kept whole and answered with what to do instead."""
    if len(read.data) > MAX_MESSAGE_BYTES:
        return [receive_file(ws, store, config, read.path, read=read)]
    arrival, arrival_ns = f"fil:{read.key}", read.status.st_mtime_ns
    unpacked = unpack_outlook(read.data)
    if isinstance(unpacked, OutlookMessage):
        found = submissions_from_outlook(unpacked)
        outcomes = receive_found(ws, store, config, read.data, found, read.shown, arrival, arrival_ns,
                                 source="epost", suffix=".msg", what=OUTLOOK_MESSAGE)
    else:
        log.info("outlook-melding kunne ikke leses kode=%s%s", unpacked.code,
                 f" ({unpacked.detail})" if unpacked.detail else "")
        outcomes = [_keep_message(ws, store, config, read.data, read.shown, None, unpacked, arrival, arrival_ns,
                                  source="epost", suffix=".msg")]
    leave_inbox(read, outcomes[0].record.sha256)
    return outcomes
