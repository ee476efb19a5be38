"""Receipts: what the unit reads after sending a form. Pure text, no I/O.

A receipt must answer, for a school principal or a nursing-home manager: did it
arrive, was it accepted, what did you read, and — if not — exactly what must I
fix and what do I do next.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from pipeline import formatting as fmt
from pipeline.contract import FOLLOWUP_STATUSES
from pipeline.core.names import printable_name
from pipeline.core.submission import SubmissionStatus

_RULE = "─" * 64


@dataclass(frozen=True)
class ReceiptFacts:
    municipality: str
    original_name: str
    received_at: datetime
    sha256: str
    status: SubmissionStatus
    unit_name: str | None = None  # None: the unit could not be read from the form
    revision: int | None = None  # the new revision (accepted) or the identical one (duplicate)
    previous_delivery: datetime | None = None  # duplicate: when the identical file arrived
    counts: dict[str, int] = field(default_factory=dict)
    barometer_total: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    sender: str | None = None  # e-mail sender, when the form came by e-mail
    #: A message kept whole because not all of it was registered: what it is called
    #: in a sentence («e-posten», «Outlook-meldingen»). None: a file or a form.
    container: str | None = None
    #: Which form: «kartlegging» (the mapping form) or «oppfolging» (the yearly follow-up form).
    form: str = "kartlegging"
    year: int | None = None  # a follow-up form's year; None: not a follow-up form, or not readable

    @property
    def followup(self) -> bool:
        return self.form == "oppfolging"


#: The stored file's type → the word for a message kept whole (see ``ReceiptFacts.container``).
CONTAINERS = {".eml": "e-posten", ".msg": "Outlook-meldingen"}
#: The headings of a kept message's lists: what is not registered, and remarks. A store
#: rebuilt from the receipts (:mod:`pipeline.intake.rebuild`) reads the items under them.
KEPT_ERRORS_HEADING = "Dette er ikke registrert:"
KEPT_REMARKS_HEADING = "Merk:"


def receipt_text(f: ReceiptFacts) -> str:
    title = (f"KVITTERING – oppfølgingsskjema for IKT-handlingsplanen{f' {f.year}' if f.year else ''}"
             if f.followup else "KVITTERING – kartleggingsskjema til IKT-strategien")
    lines = [
        title,
        f.municipality,
        _RULE,
        f"Fil:       {f.original_name}",
        f"Mottatt:   {fmt.timestamp(f.received_at)}",
    ]
    if f.sender:
        lines.append(f"Fra:       {f.sender}")
    if f.unit_name:
        lines.append(f"Enhet:     {f.unit_name}")
    lines += _body(f)
    lines += ["", _RULE, f"Kontrollsum (SHA-256): {f.sha256}", "Denne kvitteringen er laget automatisk av iktplan."]
    return "\n".join(lines) + "\n"


def _body(f: ReceiptFacts) -> list[str]:
    if f.status == SubmissionStatus.ACCEPTED:
        return _accepted(f)
    if f.container and f.status == SubmissionStatus.REJECTED:
        return _kept_message(f)
    if f.status == SubmissionStatus.DUPLICATE:
        return [
            f"Resultat:  {_headline(SubmissionStatus.DUPLICATE)} – identisk med revisjon {f.revision}",
            "",
            f"Denne filen er helt lik skjemaet vi fikk {fmt.timestamp(f.previous_delivery)} "
            f"(revisjon {f.revision}). Den er ikke registrert på nytt, og du trenger ikke gjøre noe mer.",
            "Vil du endre noe, retter du i skjemaet og sender det igjen; da blir det en ny revisjon.",
        ]
    return _rejected(f)


def _accepted(f: ReceiptFacts) -> list[str]:
    c = f.counts
    if f.followup:
        return _accepted_followup(f)
    lines = [
        f"Resultat:  {_headline(SubmissionStatus.ACCEPTED)} – registrert som revisjon {f.revision}",
        "",
        "Dette leste vi fra skjemaet:",
        f"  Problemer og muligheter: {c.get('problemer', 0)}",
        f"  Systemer:                {c.get('systemer', 0)}",
        f"  Tiltak:                  {c.get('tiltak', 0)}",
        f"  IKT-barometer:           {c.get('barometersvar', 0)} av {f.barometer_total} påstander besvart",
    ]
    if f.revision and f.revision > 1:
        lines += ["", f"Skjemaet erstatter revisjon {f.revision - 1}. Det er alltid den nyeste revisjonen som teller."]
    if f.warnings:
        lines += ["", f"Merknader ({len(f.warnings)}) – skjemaet er godkjent, men se gjerne på dette:"]
        lines += _numbered(f.warnings)
        lines += ["", "Vil du rette noe, sender du bare skjemaet på nytt; da blir det revisjon " f"{(f.revision or 0) + 1}."]
    lines += ["", "Takk! Innspillene tas med i arbeidet med IKT-strategien og handlingsplanen."]
    return lines


def _accepted_followup(f: ReceiptFacts) -> list[str]:
    c = f.counts
    lines = [
        f"Resultat:  {_headline(SubmissionStatus.ACCEPTED)} – registrert som revisjon {f.revision}",
        "",
        "Dette leste vi fra skjemaet:",
        f"  Tiltak i skjemaet:       {c.get('tiltak', 0)}",
        f"  Rapportert på:           {c.get('rapportert', 0)}",
    ]
    lines += [f"  {status + ':':<25}{c[status]}" for status in FOLLOWUP_STATUSES if c.get(status)]
    if f.revision and f.revision > 1:
        lines += ["", f"Skjemaet erstatter revisjon {f.revision - 1}. Det er alltid den nyeste revisjonen som teller."]
    if f.warnings:
        lines += ["", f"Merknader ({len(f.warnings)}) – skjemaet er godkjent, men se gjerne på dette:"]
        lines += _numbered(f.warnings)
        lines += ["", "Vil du rette noe, sender du bare skjemaet på nytt; da blir det revisjon " f"{(f.revision or 0) + 1}."]
    lines += ["", "Takk! Rapporten tas med i statusrapporten for handlingsplanen og i rulleringen av planen."]
    return lines


def _rejected(f: ReceiptFacts) -> list[str]:
    n = len(f.errors)
    lines = [
        f"Resultat:  {_headline(SubmissionStatus.REJECTED)} – skjemaet er ikke registrert",
        "",
        "Vi fant 1 feil som må rettes:" if n == 1 else f"Vi fant {n} feil som må rettes:",
    ]
    lines += _numbered(f.errors)
    if f.warnings:
        lines += ["", "Se også på dette (ikke feil, men merknader):"]
        lines += _numbered(f.warnings)
    lines += [
        "",
        "Hva gjør du nå?",
        "  Rett feilene i det samme skjemaet, lagre det som Excel-arbeidsbok (.xlsx), og send det på nytt",
        "  på samme måte som før. Du trenger ikke fylle ut noe på nytt.",
        "  Filen du sendte er tatt vare på hos sekretariatet, så ingenting er tapt.",
        "  Står du fast, ta kontakt med sekretariatet for IKT-strategien og oppgi kontrollsummen nederst.",
    ]
    return lines


def _kept_message(f: ReceiptFacts) -> list[str]:
    """A message (e-mail or Outlook .msg) kept whole: what in it is not registered,
    and what to do. Forms in it that were taken have receipts of their own."""
    what = f.container or "e-posten"
    Whole = what[0].upper() + what[1:]
    summary = f"ikke alt i {what} er registrert" if f.warnings else f"ingen skjema er registrert fra {what}"
    lines = [f"Resultat:  {_headline(SubmissionStatus.REJECTED)} – {summary}", "", KEPT_ERRORS_HEADING]
    lines += _numbered(f.errors)
    if f.warnings:
        lines += ["", KEPT_REMARKS_HEADING]
        lines += _numbered(f.warnings)
    lines += [
        "",
        "Hva gjør du nå?",
        "  Send det som skulle vært registrert, som utfylt kartleggingsskjema (.xlsx) – som vedlegg i en ny",
        "  e-post eller som fil til sekretariatet. Skjemaer med egen kvittering er registrert allerede.",
        "  Var et vedlegg noe annet enn et skjema (for eksempel et følgebrev), trenger du ikke gjøre noe med det.",
        f"  {Whole} er tatt vare på hos sekretariatet, så ingenting er tapt.",
        "  Står du fast, ta kontakt med sekretariatet for IKT-strategien og oppgi kontrollsummen nederst.",
    ]
    return lines


def _headline(status: SubmissionStatus) -> str:
    return status.label.upper()


def _numbered(items) -> list[str]:
    width = len(str(len(items)))
    return [f"  {str(i).rjust(width)}. {text}" for i, text in enumerate(items, 1)]


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
# Windows treats these as devices whatever follows after spaces and a dot.
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])\s*(\..*)?")


def safe_name(name: str, limit: int = 80, max_bytes: int = 200) -> str:
    """A file-name part that is safe on Windows and POSIX shares: no path
    separators, reserved characters, control characters or lone surrogates, no
    Windows device name (``CON``, ``COM¹``, ``NUL .xlsx`` …), NFC, at most *limit*
    characters and *max_bytes* bytes of UTF-8 (file systems count bytes: 255)."""
    name = printable_name(name, limit=1000) if name.strip() else ""  # Latin-1 bytes read, controls as «?»
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip(" .")
    if _RESERVED.fullmatch(name):
        name = "_" + name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 6:
        stem, dot, ext = name, "", ""
    stem = stem[: max(limit - len(dot + ext), 1)]
    while len((stem + dot + ext).encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    name = (stem.rstrip(" .") + dot + ext).strip(" .")
    return name or "uten-navn"


#: The status in a receipt's file name: a rejection stands out in the folder.
_FILE_NAME_WORDS = {
    SubmissionStatus.ACCEPTED: "godkjent",
    SubmissionStatus.REJECTED: "AVVIST",
    SubmissionStatus.DUPLICATE: "mottatt-tidligere",
}


def receipt_file_name(f: ReceiptFacts, submission_id: int) -> str:
    """``2027-03-15_140509_0007 Fjordvik barneskole – revisjon 2 – godkjent.txt``:
    when it arrived (so the folder sorts by time), the submission's number (no two
    receipts share a name), the unit and revision, and the result. A form whose
    unit could not be read is named by its file instead (every unit may send
    «Kartleggingsskjema.xlsx», so the file name alone tells the receipts apart
    poorly). At most 80 characters and 150 bytes for the name part, like
    :func:`safe_name`: the whole name stays well under the 255 bytes file systems allow."""
    status = _FILE_NAME_WORDS[f.status]
    # A follow-up form's number is of another table: «O0007», which the store's history
    # check and the rebuild (they read the mapping forms' numbers from the receipts) pass by.
    number = f"O{submission_id:04d}" if f.followup else f"{submission_id:04d}"
    if f.unit_name and f.unit_name.strip():
        stem = safe_name(" ".join(f.unit_name.split()), 60, 150)
        if f.followup and f.year:
            stem += f" – oppfølging {f.year}"
        if f.revision is not None and f.status != SubmissionStatus.REJECTED:
            stem += f" – revisjon {f.revision}"
    else:
        stem = safe_name(f.original_name.rsplit(".", 1)[0] if "." in f.original_name else f.original_name, 60, 150)
    return f"{f.received_at:%Y-%m-%d_%H%M%S}_{number} {stem} – {status}.txt"
