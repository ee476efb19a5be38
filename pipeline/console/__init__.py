"""Every line iktplan writes to the terminal, in Norwegian: what became of each
file, what a run did, who has delivered, what a mail fetch found, what the
watcher is doing, and the one-line errors.

The entry points (:mod:`pipeline.cli`, :mod:`pipeline.watch`) call this package;
the rooms below them return data and never print. The ``*_line`` and ``*_lines``
functions are pure text; the ``print_*`` functions write it with click (stdout,
errors on stderr, through :mod:`pipeline.terminal`, so a closed pipe never
stops the work); :class:`ConsoleReporter` prints the watcher's events.

One module per thing printed: :mod:`~pipeline.console.outcomes` (each file, what
stays in the inbox), :mod:`~pipeline.console.runreport` (a run),
:mod:`~pipeline.console.decisions` (beslutninger.xlsx), :mod:`~pipeline.console.status`
(who has delivered, what waits for the secretariat), :mod:`~pipeline.console.secretariat`
(the secretariat's actions, publiser), :mod:`~pipeline.console.mailfetch`,
:mod:`~pipeline.console.watch`, :mod:`~pipeline.console.store`,
:mod:`~pipeline.console.demo`, :mod:`~pipeline.console.followup` (vedta, oppfolging,
the follow-up in ``status``), :mod:`~pipeline.console.messages` (setting up,
warnings, errors) and :mod:`~pipeline.console.common` (shared helpers). Every
name is offered here, so callers write ``console.print_run``.
"""

from pipeline.console.common import fmt_join, print_json, print_lines, print_progress
from pipeline.console.decisions import decision_lines
from pipeline.console.demo import print_demo_end, print_demo_mapping, print_demo_round, print_demo_shared_store
from pipeline.console.followup import followup_lines, print_adopted, print_followup_round
from pipeline.console.mailfetch import mail_lines, print_mail
from pipeline.console.messages import (
    config_warning_line, print_blank_form, print_config_warnings, print_interrupted, print_template_problems,
    print_unexpected, print_user_error, print_workspace_made)
from pipeline.console.outcomes import arrival_line, left_line, left_lines, outcome_line, print_outcome, status_counts
from pipeline.console.runreport import print_run, unknown_sub_goal_lines
from pipeline.console.secretariat import action_lines, print_action, print_sent
from pipeline.console.status import held_lines, print_status, status_lines
from pipeline.console.store import (
    copy_lines, joint_overview_lines, new_municipality_lines, new_secretariat_lines, rebuild_lines)
from pipeline.console.watch import (
    BUSY, STOPPING, ConsoleReporter, WatchEvent, mail_crashed, mail_failed, new_version, run_crashed, run_failed,
    run_finished, run_started, waiting_line, watch_started, watch_stopped)

__all__ = [
    "followup_lines", "print_adopted", "print_followup_round",
    "BUSY", "STOPPING", "ConsoleReporter", "WatchEvent", "action_lines", "arrival_line", "config_warning_line",
    "copy_lines", "decision_lines", "fmt_join", "held_lines", "joint_overview_lines", "left_line", "left_lines",
    "mail_crashed", "mail_failed", "mail_lines", "new_municipality_lines", "new_secretariat_lines", "new_version",
    "outcome_line", "print_action", "print_blank_form", "print_config_warnings", "print_demo_end",
    "print_demo_mapping", "print_demo_round", "print_demo_shared_store", "print_interrupted", "print_json",
    "print_lines", "print_mail", "print_outcome", "print_progress", "print_run", "print_sent", "print_status",
    "print_template_problems", "print_unexpected", "print_user_error", "print_workspace_made", "rebuild_lines",
    "run_crashed", "run_failed", "run_finished", "run_started", "status_counts", "status_lines",
    "unknown_sub_goal_lines", "waiting_line", "watch_started", "watch_stopped",
]
