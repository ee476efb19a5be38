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
    #: The unit name as the form spells it, when the receipt names the unit otherwise
    #: (a name the secretariat mapped to a unit); None: as ``unit_name``.
    typed_name: str | None = None
    #: Held: the known unit the name resembles; None: none.
    near: str | None = None
    #: Held (or a duplicate of a held form): the configuration lists its units (the name
    #: is not on the list); False: the name is a near-miss of a unit that has delivered.
    listed: bool = True
    #: A receipt the secretariat's judgement made (a held form now counts): when, and what it
    #: did («koblet skjemaet til Hurdal helse- og omsorgssenter»). None: the arrival's receipt.
    judged_at: datetime | None = None
    judgement: str | None = None
    #: A newer revision of the unit that has arrived since (a judged receipt); None: none.
    newer_revision: int | None = None


def receipt_text(f: ReceiptFacts) -> str:
    lines = [
        "KVITTERING – kartleggingsskjema til IKT-strategien",
        f.municipality,
        _RULE,
        f"Fil:       {f.original_name}",
        f"Mottatt:   {fmt.timestamp(f.received_at)}",
    ]
    if f.sender:
        lines.append(f"Fra:       {f.sender}")
    if f.unit_name:
        lines.append(f"Enhet:     {f.unit_name}")
    if f.typed_name and f.typed_name != f.unit_name:
        lines.append(f"           (i skjemaet: «{f.typed_name}»)")
    lines += _judged(f) if f.judged_at is not None else _body(f)
    lines += ["", _RULE, f"Kontrollsum (SHA-256): {f.sha256}", "Denne kvitteringen er laget automatisk av iktplan."]
    return "\n".join(lines) + "\n"


def _body(f: ReceiptFacts) -> list[str]:
    if f.status == SubmissionStatus.ACCEPTED:
        return _accepted(f)
    if f.status == SubmissionStatus.HELD:
        return _held(f)
    if f.status == SubmissionStatus.DUPLICATE and f.revision is None:
        return [
            f"Resultat:  {_headline(SubmissionStatus.DUPLICATE)} – identisk med et skjema som venter på sekretariatet",
            "",
            f"Denne filen er helt lik skjemaet vi fikk {fmt.timestamp(f.previous_delivery)}. Det venter på at "
            "sekretariatet ser på enhetsnavnet, og du får ny kvittering når det er gjort. Du trenger ikke sende "
            "skjemaet på nytt.",
        ]
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
    lines = [
        f"Resultat:  {_headline(SubmissionStatus.ACCEPTED)} – registrert som revisjon {f.revision}",
        "",
    ]
    if f.typed_name and f.unit_name and f.typed_name != f.unit_name:
        lines += [f"Sekretariatet har koblet navnet «{f.typed_name}» til {f.unit_name}, så skjemaet er registrert "
                  f"der. Skriv gjerne «{f.unit_name}» neste gang.", ""]
    lines += _what_we_read(f)
    if f.revision and f.revision > 1:
        lines += ["", f"Skjemaet erstatter revisjon {f.revision - 1}. Det er alltid den nyeste revisjonen som teller."]
    if f.warnings:
        lines += ["", f"Merknader ({len(f.warnings)}) – skjemaet er godkjent, men se gjerne på dette:"]
        lines += _numbered(f.warnings)
        lines += ["", "Vil du rette noe, sender du bare skjemaet på nytt; da blir det revisjon " f"{(f.revision or 0) + 1}."]
    lines += ["", "Takk! Innspillene tas med i arbeidet med IKT-strategien og handlingsplanen."]
    return lines


def _what_we_read(f: ReceiptFacts) -> list[str]:
    c = f.counts
    return [
        "Dette leste vi fra skjemaet:",
        f"  Problemer og muligheter: {c.get('problemer', 0)}",
        f"  Systemer:                {c.get('systemer', 0)}",
        f"  Tiltak:                  {c.get('tiltak', 0)}",
        f"  IKT-barometer:           {c.get('barometersvar', 0)} av {f.barometer_total} påstander besvart",
    ]


def _held(f: ReceiptFacts) -> list[str]:
    if f.listed:
        why = f"Skjemaet er i orden, men enhetsnavnet «{f.unit_name}» står ikke på sekretariatets liste over enheter."
    else:
        why = (f"Skjemaet er i orden, men enhetsnavnet «{f.unit_name}» er nesten likt navnet på en enhet som har "
               "levert før.")
    if f.near:
        why += f" Det ligner «{f.near}»."
    lines = [
        f"Resultat:  MOTTATT – {SubmissionStatus.HELD.label}",
        "",
        why,
        "Sekretariatet ser på det og kobler skjemaet til riktig enhet, eller godtar det som en ny enhet. Til da er "
        "skjemaet tatt vare på, men ikke med i dokumentene. Du får en ny kvittering når det er avgjort.",
        "",
    ]
    lines += _what_we_read(f)
    if f.warnings:
        lines += ["", f"Merknader ({len(f.warnings)}):"]
        lines += _numbered(f.warnings)
    lines += [
        "",
        "Hva gjør du nå?",
        "  Du trenger ikke gjøre noe. Er enhetsnavnet feil skrevet, kan du også rette det i skjemaet",
        "  og sende det på nytt; da teller det nye skjemaet med en gang.",
    ]
    return lines


def _judged(f: ReceiptFacts) -> list[str]:
    """The receipt for a held form the secretariat's judgement made count."""
    lines = [
        f"Resultat:  {_headline(SubmissionStatus.ACCEPTED)} etter sekretariatets vurdering – registrert som "
        f"revisjon {f.revision}",
        "",
        f"Skjemaet ventet på sekretariatet fordi enhetsnavnet ikke var kjent. {fmt.day(f.judged_at)} "
        f"{f.judgement}, og skjemaet er nå med i arbeidet med IKT-strategien.",
    ]
    if f.newer_revision:
        lines += ["", f"Dere har sendt et nyere skjema siden (revisjon {f.newer_revision}); det er alltid den "
                      "nyeste revisjonen som teller."]
    elif f.revision and f.revision > 1:
        lines += ["", f"Skjemaet erstatter revisjon {f.revision - 1}. Det er alltid den nyeste revisjonen som teller."]
    if f.typed_name and f.unit_name and f.typed_name != f.unit_name:
        lines += ["", f"Skriv gjerne «{f.unit_name}» som enhetsnavn neste gang."]
    lines += ["", *_what_we_read(f), "", "Takk! Du trenger ikke gjøre noe mer."]
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
    name = name.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(name) else name
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


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


#: The status in a receipt's file name: a rejection stands out in the folder.
_FILE_NAME_WORDS = {
    SubmissionStatus.ACCEPTED: "godkjent",
    SubmissionStatus.REJECTED: "AVVIST",
    SubmissionStatus.DUPLICATE: "mottatt-tidligere",
    SubmissionStatus.HELD: "venter",
}
#: A judged receipt's file name ends so: the arrival's receipt of the same submission stays.
JUDGED_WORD = "godkjent etter vurdering"


def receipt_file_name(f: ReceiptFacts, submission_id: int) -> str:
    """``2027-03-15_140509_0007 Fjordvik barneskole – revisjon 2 – godkjent.txt``:
    when it arrived (so the folder sorts by time), the submission's number (no two
    receipts share a name), the unit and revision, and the result. A form whose
    unit could not be read is named by its file instead (every unit may send
    «Kartleggingsskjema.xlsx», so the file name alone tells the receipts apart
    poorly). At most 80 characters and 150 bytes for the name part, like
    :func:`safe_name`: the whole name stays well under the 255 bytes file systems allow."""
    status = JUDGED_WORD if f.judged_at is not None else _FILE_NAME_WORDS[f.status]
    if f.unit_name and f.unit_name.strip():
        stem = safe_name(" ".join(f.unit_name.split()), 60, 150)
        if f.revision is not None and f.status != SubmissionStatus.REJECTED:
            stem += f" – revisjon {f.revision}"
    else:
        stem = safe_name(f.original_name.rsplit(".", 1)[0] if "." in f.original_name else f.original_name, 60, 150)
    return f"{f.received_at:%Y-%m-%d_%H%M%S}_{submission_id:04d} {stem} – {status}.txt"
