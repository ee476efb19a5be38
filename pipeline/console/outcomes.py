"""What became of each file received, and what stays in the inbox and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import formatting as fmt
from pipeline.core.submission import SubmissionStatus
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.intake.listing import LeftInInbox
    from pipeline.intake.receive import Outcome


def _detail(o: Outcome) -> str:
    """What became of the file, after its status: «Enhet, revisjon 2, 1 merknad», «3 feil»."""
    r = o.record
    if r.status == SubmissionStatus.ACCEPTED:
        note = f", {fmt.plural(len(r.warnings), 'merknad', 'merknader')}" if r.warnings else ""
        return f"{r.unit_name}, revisjon {r.revision}{note}"
    if r.status == SubmissionStatus.DUPLICATE:
        return "identisk med en tidligere revisjon, ikke talt på nytt"
    if r.status == SubmissionStatus.HELD:
        return f"«{r.unit_name}», innlevering {r.id}: ukjent enhetsnavn, ikke med i dokumentene ennå"
    return fmt.plural(len(r.errors), "feil", "feil")


def outcome_line(o: Outcome) -> str:
    """``GODKJENT  Skjema.xlsx: Fjordvik barneskole, revisjon 1``: the status in a column."""
    return f"{o.record.status.label.upper():<8}  {o.record.original_name}: {_detail(o)}"


def print_outcome(o: Outcome) -> None:
    """One line per file received (and the receipt's name), as it happens."""
    line = "  " + outcome_line(o)
    if o.record.status == SubmissionStatus.REJECTED:
        echo(line, fg="yellow")
    else:
        echo(line)
    if o.receipt is not None:
        echo(f"            kvittering: {o.receipt.name}")


def arrival_line(o: Outcome) -> str:
    """The watcher's sentence for one file: ``Mottatt «Skjema.xlsx» fra …: godkjent – …``."""
    r = o.record
    source = f" fra {r.sender}" if r.sender else ""
    if r.status == SubmissionStatus.ACCEPTED:
        return f"Mottatt «{r.original_name}»{source}: {r.status.label} – {_detail(o)}."
    if r.status == SubmissionStatus.DUPLICATE:
        return f"Mottatt «{r.original_name}»{source}: identisk med et skjema vi har fra før, ikke talt på nytt."
    if r.status == SubmissionStatus.HELD:
        return (f"Mottatt «{r.original_name}»{source}: {r.status.label} – {_detail(o)}. "
                "Se «iktplan status» for hva du kan gjøre.")
    receipt = f" Se kvitteringen «{o.receipt.name}»." if o.receipt else ""
    return f"Mottatt «{r.original_name}»{source}: {r.status.label.upper()} – {_detail(o)}.{receipt}"


def status_counts(outcomes: list[Outcome]) -> str:
    """``3 filer, 2 godkjent, 1 avvist``."""
    if not outcomes:
        return "ingen nye filer i innboksen"
    parts = [fmt.plural(len(outcomes), "fil", "filer")]
    for status in SubmissionStatus:
        n = sum(1 for o in outcomes if o.status == status)
        if n:
            parts.append(f"{n} {status.label}")
    return ", ".join(parts)


_LEFT = {
    "hidden": "skjult (navnet begynner med punktum), så den tas ikke med. Er det et skjema, gi det et navn "
              "uten punktum først",
    "temporary": "ser ut som en fil som fortsatt lagres eller lastes ned (.tmp, .part …), så den tas ikke med. "
                 "Er den ferdig, gi den riktig navn (for eksempel .xlsx)",
    "link": "en snarvei (symbolsk lenke), som iktplan ikke følger. Legg selve filen i innboksen",
    "special": "ikke en vanlig fil (en navngitt rørledning eller en enhet), så den tas ikke med. Fjern den",
    "too-deep": "ligger for mange mappenivåer under innboksen, så den tas ikke med. Flytt filene høyere opp",
    "unreadable": "iktplan har ikke lov til å lese den. Gi lesetilgang, så tas den med ved neste kjøring",
    "gone": "forsvant før den ble lest (flyttet eller slettet av noen andre). Legg den i innboksen på nytt",
}


def left_line(left: LeftInInbox) -> str:
    """``«Enhet/.skjult.xlsx»: skjult (…), så den tas ikke med. …``"""
    reason = _LEFT.get(left.reason, f"tas ikke med ({left.reason})")
    return f"«{left.name}»: {reason}."


def left_lines(left: list[LeftInInbox] | tuple[LeftInInbox, ...]) -> list[str]:
    """The heading and one line per thing left in the inbox (empty when nothing was)."""
    if not left:
        return []
    return [f"Ligger i innboksen, men er ikke tatt med ({len(left)}):"] + ["  " + left_line(x) for x in left]
