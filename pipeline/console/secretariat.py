"""What the secretariat did: a judgement on a unit or a submission, and sending a version to political treatment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import formatting as fmt
from pipeline.console.status import held_lines
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.sekretariat import ActionReport


def action_lines(r: ActionReport) -> list[str]:
    """What a secretariat command recorded, the new receipts, and what still waits."""
    done = r.done
    lines = [f"Handling {done.action.id} er registrert: {done.sentence}"]
    for j in done.judged:
        lines.append(f"  Ny kvittering til enheten: {j.receipt.name}")
    if r.mailed:
        lines.append(f"  {fmt.plural(r.mailed, 'kvittering', 'kvitteringer')} sendt på e-post.")
    lines += [f"  Kvittering ikke sendt: {e}" for e in r.mail_errors]
    if done.held_again:
        lines.append(f"  {fmt.plural(done.held_again, 'skjema venter', 'skjemaer venter')} på sekretariatet igjen.")
    if done.list_entry:
        lines.append("Legg gjerne enheten inn i strategi.toml, så står den på listen (og i nedtrekkslisten i "
                     "skjemaet) neste gang:")
        lines += ["  " + line for line in done.list_entry.splitlines()]
    if done.action.kind != "angre":
        lines.append(f"Angre med «iktplan angre {done.action.id} --grunn \"…\"».")
    lines += held_lines(r.held, r.listed)
    return lines


def print_action(r: ActionReport) -> None:
    for line in action_lines(r):
        echo(line)


def print_sent(report) -> None:
    """What ``iktplan publiser`` did (*report*: a :class:`pipeline.publication.SendReport`)."""
    if report.at is None:
        echo(f"Versjon {report.version} er ikke lenger markert som sendt; den er et utkast igjen.")
    elif report.already:
        echo(f"Versjon {report.version} ble sendt til politisk behandling {fmt.day(report.at)}. "
             "Ingenting er endret.")
    else:
        echo(f"Versjon {report.version} er markert som sendt til politisk behandling {fmt.day(report.at)}. "
             "Dokumentene uten «Utkast» ligger i outbox/" + (f" og i {report.kept_in}." if report.kept_in else "."))
    for path in report.outputs:
        echo(f"  {path}")
    for note in report.notes:
        echo(f"Merk: {note}", fg="yellow")
