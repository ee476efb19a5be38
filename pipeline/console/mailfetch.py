"""What a mail fetch found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.console.outcomes import outcome_line
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.mail.imap import FetchReport


def mail_lines(report: FetchReport) -> list[str]:
    """One line per message and per form, then what was left and what was not sent."""
    out = []
    for m in report.messages:
        who = m.sender or "ukjent avsender"
        subject = f"«{m.subject}»" if m.subject else "(uten emne)"
        if m.error:
            out.append(f"E-post fra {who} {subject}: ikke behandlet – {m.error} Prøves igjen neste gang.")
            continue
        if m.automatic and not m.outcomes:
            out.append(f"E-post fra {who} {subject}: automatisk svar uten skjema, flyttet uten kvittering.")
            continue
        out.append(f"E-post fra {who} {subject}:")
        for o in m.outcomes:
            out.append("  " + outcome_line(o))
    if report.left_too_large:
        from pipeline.mail.imap import MAX_FETCH_BYTES, TOO_LARGE_FLAG  # loaded already: the report came from it

        out.append(
            f"{report.left_too_large} e-post(er) er over {MAX_FETCH_BYTES // (1024 * 1024)} MB og er ikke hentet; "
            f"de ligger igjen i postkassen, merket «{TOO_LARGE_FLAG.lstrip('$')}»."
        )
    out += [f"Kvittering ikke sendt: {e}" for e in report.receipt_errors]
    return out


def print_mail(report: FetchReport) -> None:
    for line in mail_lines(report):
        echo(line)
    if not report.messages:
        echo("Ingen nye e-poster.")
