"""What a mail fetch found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.console.common import lang_of
from pipeline.console.outcomes import outcome_line
from pipeline.i18n import Lang
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.mail.imap import FetchReport


def mail_lines(report: FetchReport, lang: Lang | None = None) -> list[str]:
    """One line per message and per form, then what was left and what was not sent."""
    lang = lang_of(lang)
    _ = lang.gettext
    out = []
    for m in report.messages:
        who = m.sender or _("ukjent avsender")
        subject = _("«{subject}»", subject=m.subject) if m.subject else _("(uten emne)")
        if m.error:
            out.append(_("E-post fra {sender} {subject}: ikke behandlet – {error} Prøves igjen neste gang.",
                         sender=who, subject=subject, error=lang.render(m.error)))
            continue
        if m.automatic and not m.outcomes:
            out.append(_("E-post fra {sender} {subject}: automatisk svar uten skjema, flyttet uten kvittering.",
                         sender=who, subject=subject))
            continue
        out.append(_("E-post fra {sender} {subject}:", sender=who, subject=subject))
        for o in m.outcomes:
            out.append("  " + outcome_line(o, lang))
    if report.left_too_large:
        from pipeline.mail.imap import MAX_FETCH_BYTES, TOO_LARGE_FLAG  # loaded already: the report came from it

        out.append(lang.ngettext(
            "{n} e-post er over {mb} MB og er ikke hentet; den ligger igjen i postkassen, merket «{flag}».",
            "{n} e-poster er over {mb} MB og er ikke hentet; de ligger igjen i postkassen, merket «{flag}».",
            report.left_too_large, mb=MAX_FETCH_BYTES // (1024 * 1024), flag=TOO_LARGE_FLAG.lstrip("$")))
    out += [_("Kvittering ikke sendt: {error}", error=lang.render(e)) for e in report.receipt_errors]
    return out


def print_mail(report: FetchReport, lang: Lang | None = None) -> None:
    for line in mail_lines(report, lang):
        echo(line)
    if not report.messages:
        echo(lang_of(lang).gettext("Ingen nye e-poster."))
