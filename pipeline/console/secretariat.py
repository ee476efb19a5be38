"""What the secretariat did: a judgement on a unit or a submission, and sending a version to political treatment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.console.common import lang_of
from pipeline.console.status import held_lines
from pipeline.i18n import Lang
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.sekretariat import ActionReport


def action_lines(r: ActionReport, lang: Lang | None = None) -> list[str]:
    """What a secretariat command recorded, the new receipts, and what still waits."""
    lang = lang_of(lang)
    _ = lang.gettext
    done = r.done
    lines = [_("Handling {id} er registrert: {sentence}", id=done.action.id, sentence=lang.render(done.sentence))]
    for j in done.judged:
        lines.append("  " + _("Ny kvittering til enheten: {file}", file=j.receipt.name))
    if r.mailed:
        lines.append("  " + lang.ngettext("{n} kvittering sendt på e-post.", "{n} kvitteringer sendt på e-post.",
                                          r.mailed))
    lines += ["  " + _("Kvittering ikke sendt: {error}", error=lang.render(e)) for e in r.mail_errors]
    if done.held_again:
        lines.append("  " + lang.ngettext("{n} skjema venter på sekretariatet igjen.",
                                          "{n} skjemaer venter på sekretariatet igjen.", done.held_again))
    if done.list_entry:
        lines.append(_("Legg gjerne enheten inn i strategi.toml, så står den på listen (og i nedtrekkslisten i "
                       "skjemaet) neste gang:"))
        lines += ["  " + line for line in done.list_entry.splitlines()]
    if done.action.kind != "angre":
        lines.append(_("Angre med «iktplan angre {id} --grunn \"…\"».", id=done.action.id))
    lines += held_lines(r.held, r.listed, lang)
    return lines


def print_action(r: ActionReport, lang: Lang | None = None) -> None:
    for line in action_lines(r, lang):
        echo(line)


def print_sent(report, lang: Lang | None = None) -> None:
    """What ``iktplan publiser`` did (*report*: a :class:`pipeline.publication.SendReport`)."""
    lang = lang_of(lang)
    _ = lang.gettext
    if report.at is None:
        echo(_("Versjon {version} er ikke lenger markert som sendt; den er et utkast igjen.", version=report.version))
    elif report.already:
        echo(_("Versjon {version} ble sendt til politisk behandling {day}. Ingenting er endret.",
               version=report.version, day=lang.day(report.at)))
    elif report.kept_in:
        echo(_("Versjon {version} er markert som sendt til politisk behandling {day}. Dokumentene uten «Utkast» "
               "ligger i outbox/ og i {folder}.", version=report.version, day=lang.day(report.at),
               folder=str(report.kept_in)))
    else:
        echo(_("Versjon {version} er markert som sendt til politisk behandling {day}. Dokumentene uten «Utkast» "
               "ligger i outbox/.", version=report.version, day=lang.day(report.at)))
    for path in report.outputs:
        echo(f"  {path}")
    for note in report.notes:
        echo(_("Merk: {note}", note=lang.render(note)), fg="yellow")
