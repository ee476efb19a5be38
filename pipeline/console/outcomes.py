"""What became of each file received, and what stays in the inbox and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.console.common import lang_of
from pipeline.core.submission import SubmissionStatus
from pipeline.i18n import Lang, N_
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.intake.listing import LeftInInbox
    from pipeline.intake.receive import Outcome


def _detail(o: Outcome, lang: Lang) -> str:
    """What became of the file, after its status: «Enhet, revisjon 2, 1 merknad», «3 feil»."""
    r = o.record
    if r.status == SubmissionStatus.ACCEPTED:
        if r.warnings:
            return lang.ngettext("{unit}, revisjon {revision}, {n} merknad", "{unit}, revisjon {revision}, {n} merknader",
                                 len(r.warnings), unit=r.unit_name, revision=r.revision)
        return lang.gettext("{unit}, revisjon {revision}", unit=r.unit_name, revision=r.revision)
    if r.status == SubmissionStatus.DUPLICATE:
        return lang.gettext("identisk med en tidligere revisjon, ikke talt på nytt")
    if r.status == SubmissionStatus.HELD:
        return lang.gettext("«{unit}», innlevering {id}: ukjent enhetsnavn, ikke med i dokumentene ennå",
                            unit=r.unit_name, id=r.id)
    return lang.ngettext("{n} feil", "{n} feil", len(r.errors))


def outcome_line(o: Outcome, lang: Lang | None = None) -> str:
    """``GODKJENT  Skjema.xlsx: Fjordvik barneskole, revisjon 1``: the status in a column."""
    lang = lang_of(lang)
    return f"{lang.render(o.record.status.text).upper():<8}  {o.record.original_name}: {_detail(o, lang)}"


def print_outcome(o: Outcome, lang: Lang | None = None) -> None:
    """One line per file received (and the receipt's name), as it happens."""
    lang = lang_of(lang)
    line = "  " + outcome_line(o, lang)
    if o.record.status == SubmissionStatus.REJECTED:
        echo(line, fg="yellow")
    else:
        echo(line)
    if o.receipt is not None:
        echo("            " + lang.gettext("kvittering: {file}", file=o.receipt.name))


def arrival_line(o: Outcome, lang: Lang | None = None) -> str:
    """The watcher's sentence for one file: ``Mottatt «Skjema.xlsx» fra …: godkjent – …``."""
    lang = lang_of(lang)
    _ = lang.gettext
    r = o.record
    name, status = r.original_name, lang.render(r.status.text)
    if r.sender:
        received = _("Mottatt «{file}» fra {sender}", file=name, sender=r.sender)
    else:
        received = _("Mottatt «{file}»", file=name)
    if r.status == SubmissionStatus.ACCEPTED:
        return f"{received}: {status} – {_detail(o, lang)}."
    if r.status == SubmissionStatus.DUPLICATE:
        return f"{received}: " + _("identisk med et skjema vi har fra før, ikke talt på nytt.")
    if r.status == SubmissionStatus.HELD:
        return f"{received}: {status} – {_detail(o, lang)}. " + _("Se «iktplan status» for hva du kan gjøre.")
    receipt = " " + _("Se kvitteringen «{file}».", file=o.receipt.name) if o.receipt else ""
    return f"{received}: {status.upper()} – {_detail(o, lang)}.{receipt}"


def status_counts(outcomes: list[Outcome], lang: Lang | None = None) -> str:
    """``3 filer, 2 godkjent, 1 avvist``."""
    lang = lang_of(lang)
    if not outcomes:
        return lang.gettext("ingen nye filer i innboksen")
    parts = [lang.ngettext("{n} fil", "{n} filer", len(outcomes))]
    for status in SubmissionStatus:
        n = sum(1 for o in outcomes if o.status == status)
        if n:
            parts.append(f"{n} {lang.render(status.text)}")
    return ", ".join(parts)


_LEFT = {
    "hidden": N_("skjult (navnet begynner med punktum), så den tas ikke med. Er det et skjema, gi det et navn "
                 "uten punktum først"),
    "temporary": N_("ser ut som en fil som fortsatt lagres eller lastes ned (.tmp, .part …), så den tas ikke med. "
                    "Er den ferdig, gi den riktig navn (for eksempel .xlsx)"),
    "link": N_("en snarvei (symbolsk lenke), som iktplan ikke følger. Legg selve filen i innboksen"),
    "special": N_("ikke en vanlig fil (en navngitt rørledning eller en enhet), så den tas ikke med. Fjern den"),
    "too-deep": N_("ligger for mange mappenivåer under innboksen, så den tas ikke med. Flytt filene høyere opp"),
    "unreadable": N_("iktplan har ikke lov til å lese den. Gi lesetilgang, så tas den med ved neste kjøring"),
    "gone": N_("forsvant før den ble lest (flyttet eller slettet av noen andre). Legg den i innboksen på nytt"),
}


def left_line(left: LeftInInbox, lang: Lang | None = None) -> str:
    """``«Enhet/.skjult.xlsx»: skjult (…), så den tas ikke med. …``"""
    lang = lang_of(lang)
    reason = _LEFT.get(left.reason)
    text = lang.gettext(reason) if reason is not None else lang.gettext("tas ikke med ({reason})", reason=left.reason)
    return lang.gettext("«{name}»: {reason}.", name=left.name, reason=text)


def left_lines(left: list[LeftInInbox] | tuple[LeftInInbox, ...], lang: Lang | None = None) -> list[str]:
    """The heading and one line per thing left in the inbox (empty when nothing was)."""
    if not left:
        return []
    lang = lang_of(lang)
    return ([lang.gettext("Ligger i innboksen, men er ikke tatt med ({n}):", n=len(left))]
            + ["  " + left_line(x, lang) for x in left])
