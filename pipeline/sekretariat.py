"""The secretariat's commands on units and submissions: ``trekk-tilbake``,
``koble-enhet``, ``godta-enhet`` and ``angre``.

Entry point, like :mod:`pipeline.lager`: each command takes the workspace's lock
(and, on PostgreSQL, the lock in the database), finishes what an interrupted
command left (:func:`pipeline.intake.actions.repair`), records one action with
the time now (:mod:`pipeline.intake.actions`), and e-mails the new receipts of
held forms that count now to their senders when ``[epost]`` has SMTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from pipeline.config import Config
from pipeline.core.roster import Placement
from pipeline.fileio import WorkspaceLock
from pipeline.i18n import Msg
from pipeline.intake import actions
from pipeline.intake.actions import Done
from pipeline.intake.store import Store, open_store
from pipeline.workspace import Workspace

Command = Callable[[Workspace, Store, Config, datetime], Done]


@dataclass(frozen=True)
class ActionReport:
    done: Done
    held: tuple[Placement, ...]  # forms still waiting for the secretariat
    listed: bool = True  # the configuration lists its units ([[enheter]])
    mailed: int = 0  # new receipts sent by e-mail
    mail_errors: list[Msg | str] = field(default_factory=list)  # one per receipt not sent (lang.render)


def withdraw(ws: Workspace, submission: int, reason: str) -> ActionReport:
    """«iktplan trekk-tilbake»."""
    return _act(ws, lambda ws, store, config, now: actions.withdraw(ws, store, config, submission, reason, now))


def map_unit(ws: Workspace, name: str, target: str, reason: str) -> ActionReport:
    """«iktplan koble-enhet»."""
    return _act(ws, lambda ws, store, config, now: actions.map_unit(ws, store, config, name, target, reason, now))


def accept_unit(ws: Workspace, name: str, reason: str) -> ActionReport:
    """«iktplan godta-enhet»."""
    return _act(ws, lambda ws, store, config, now: actions.accept_unit(ws, store, config, name, reason, now))


def undo(ws: Workspace, number: int, reason: str) -> ActionReport:
    """«iktplan angre»."""
    return _act(ws, lambda ws, store, config, now: actions.undo(ws, store, config, number, reason, now))


def _act(ws: Workspace, command: Command) -> ActionReport:
    config = ws.config()
    ws.ensure_dirs()
    with WorkspaceLock(ws.lock_path), open_store(ws, config, lock=True) as store:
        actions.repair(ws, store, config)
        done = command(ws, store, config, datetime.now().astimezone())
        roster = store.roster(config.expected_units)
    mailed, errors = _mail(ws, config, done)
    return ActionReport(done, tuple(roster.held()), roster.listed, mailed, errors)


def _mail(ws: Workspace, config: Config, done: Done) -> tuple[int, list[str]]:
    """The new receipts to the senders of forms that came by e-mail, when SMTP is set up."""
    wanted = [j for j in done.judged if j.record.sender]
    if not wanted:
        return 0, []
    from pipeline.errors import IktplanError
    from pipeline.mail.settings import mail_settings
    from pipeline.mail.smtp import judged_subject, send_receipt_texts

    try:
        settings = mail_settings(config, ws.root)
    except IktplanError as exc:  # [epost] is wrong: the receipts are written, only not sent
        return 0, [exc.render(config.lang)]
    if settings is None or not settings.sends_receipts:
        return 0, []
    receipts = [(j.record.sender, judged_subject(j.record.original_name, config.lang), j.text) for j in wanted]
    errors = send_receipt_texts(settings, receipts)
    return len(receipts) - len(errors), errors
