"""Receipts: what the unit reads after sending a form. Pure text, no I/O.

A receipt must answer, for a school principal or a nursing-home manager: did it
arrive, was it accepted, what did you read, and — if not — exactly what must I
fix and what do I do next.

:func:`receipt_text` writes it in the workspace's language (a
:class:`~pipeline.i18n.Lang`; ``None`` is bokmål) from frozen facts; the errors
and remarks in the facts are messages (:class:`~pipeline.i18n.Msg`) or, from
code not yet swept and from old stores, plain text shown as it is.
:func:`read_receipt` reads one back in any language (rebuilding the store from
the receipts, ``iktplan gjenopprett-lager``).
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from pipeline.contract import DONE, FOLLOWUP_STATUSES, IN_PROGRESS, NOT_STARTED, POSTPONED, STOPPED
from pipeline.core.names import printable_name
from pipeline.core.submission import SubmissionStatus
from pipeline.i18n import Lang, Msg, Timestamp, every_translation, nMsg, pMsg

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
    errors: tuple[str | Msg, ...] = ()
    warnings: tuple[str | Msg, ...] = ()
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
    #: did, as a whole sentence (:data:`JUDGED_MAPPED`, :data:`JUDGED_ACCEPTED`). None: the arrival's receipt.
    judged_at: datetime | None = None
    judgement: str | Msg | None = None
    #: A newer revision of the unit that has arrived since (a judged receipt); None: none.
    newer_revision: int | None = None
    #: A message kept whole because not all of it was registered: what it is called
    #: in a sentence (:data:`CONTAINERS`: «e-posten», «Outlook-meldingen»). None: a file or a form.
    container: str | Msg | None = None
    #: Which form: «kartlegging» (the mapping form) or «oppfolging» (the yearly follow-up form).
    form: str = "kartlegging"
    year: int | None = None  # a follow-up form's year; None: not a follow-up form, or not readable

    @property
    def followup(self) -> bool:
        return self.form == "oppfolging"


#: The stored file's type → the word for a message kept whole (see ``ReceiptFacts.container``).
CONTAINERS = {
    # TRANSLATORS: «e-posten» and «Outlook-meldingen» stand inside sentences and, capitalised, first in one.
    ".eml": pMsg("container", "e-posten"),
    ".msg": pMsg("container", "Outlook-meldingen"),
}
#: The headings of a kept message's lists: what is not registered, and remarks. A store
#: rebuilt from the receipts (:func:`read_receipt`) reads the items under them.
KEPT_ERRORS_HEADING = Msg("Dette er ikke registrert:")
KEPT_REMARKS_HEADING = Msg("Merk:")


# The labels of the header block, by what they stand for (read_receipt finds them in any language).
_HEADER = {
    "file": pMsg("receipt", "Fil:"),
    "received": pMsg("receipt", "Mottatt:"),
    "sender": pMsg("receipt", "Fra:"),
    "unit": pMsg("receipt", "Enhet:"),
    "result": pMsg("receipt", "Resultat:"),
}
# TRANSLATORS: the last line but one of a receipt; {sha256} is 64 hexadecimal digits.
_CHECKSUM = pMsg("receipt", "Kontrollsum (SHA-256): {sha256}")
_REGISTERED = Msg("{status} – registrert som revisjon {revision}")
_ERRORS = nMsg("Vi fant {n} feil som må rettes:", "Vi fant {n} feil som må rettes:", 1)
_REMARKS_TOO = Msg("Se også på dette (ikke feil, men merknader):")


def receipt_text(f: ReceiptFacts, lang: Lang | None = None) -> str:
    """The receipt for *f* in *lang* (``None``: bokmål)."""
    lang = lang or Lang.source()
    _ = lang.gettext
    label = {key: lang.render(msg) for key, msg in _HEADER.items()}
    width = max(len(text) for text in label.values()) + 2
    lines = [
        _title(f, lang),
        f.municipality,
        _RULE,
        label["file"].ljust(width) + f.original_name,
        label["received"].ljust(width) + lang.timestamp(f.received_at),
    ]
    if f.sender:
        lines.append(label["sender"].ljust(width) + f.sender)
    if f.unit_name:
        lines.append(label["unit"].ljust(width) + f.unit_name)
    if f.typed_name and f.typed_name != f.unit_name:
        lines.append(" " * width + _("(i skjemaet: {name})", name=lang.quote(f.typed_name)))
    result, *rest = _judged(f, lang) if f.judged_at is not None else _body(f, lang)
    lines += [label["result"].ljust(width) + result, *rest]
    lines += ["", _RULE, lang.render(_CHECKSUM.fill(sha256=f.sha256)),
              _("Denne kvitteringen er laget automatisk av iktplan.")]
    return "\n".join(lines) + "\n"


def _title(f: ReceiptFacts, lang: Lang) -> str:
    _ = lang.gettext
    if not f.followup:
        return _("KVITTERING – kartleggingsskjema til IKT-strategien")
    if f.year:
        return _("KVITTERING – oppfølgingsskjema for IKT-handlingsplanen {year}", year=f.year)
    return _("KVITTERING – oppfølgingsskjema for IKT-handlingsplanen")


def _body(f: ReceiptFacts, lang: Lang) -> list[str]:
    """The result (after the label «Resultat:») and what follows it."""
    if f.status == SubmissionStatus.ACCEPTED:
        return _accepted(f, lang)
    if f.status == SubmissionStatus.HELD:
        return _held(f, lang)
    if f.container and f.status == SubmissionStatus.REJECTED:
        return _kept_message(f, lang)
    if f.status == SubmissionStatus.REJECTED:
        return _rejected(f, lang)
    _ = lang.gettext
    if f.revision is None:  # identical to a form that waits for the secretariat
        return [
            _("{status} – identisk med et skjema som venter på sekretariatet", status=_headline(f.status, lang)),
            "",
            _("Denne filen er helt lik skjemaet vi fikk {when}. Det venter på at sekretariatet ser på enhetsnavnet, "
              "og du får ny kvittering når det er gjort. Du trenger ikke sende skjemaet på nytt.",
              when=Timestamp(f.previous_delivery)),
        ]
    return [
        _("{status} – identisk med revisjon {revision}", status=_headline(f.status, lang), revision=f.revision),
        "",
        _("Denne filen er helt lik skjemaet vi fikk {when} (revisjon {revision}). Den er ikke registrert på nytt, "
          "og du trenger ikke gjøre noe mer.", when=Timestamp(f.previous_delivery), revision=f.revision),
        _("Vil du endre noe, retter du i skjemaet og sender det igjen; da blir det en ny revisjon."),
    ]


def _accepted(f: ReceiptFacts, lang: Lang) -> list[str]:
    if f.followup:
        return _accepted_followup(f, lang)
    _ = lang.gettext
    lines = [lang.render(_REGISTERED.fill(status=_headline(f.status, lang), revision=f.revision)), ""]
    if f.typed_name and f.unit_name and f.typed_name != f.unit_name:
        lines += [_("Sekretariatet har koblet navnet {typed} til {unit}, så skjemaet er registrert der. "
                    "Skriv gjerne {unit_quoted} neste gang.",
                    typed=lang.quote(f.typed_name), unit=f.unit_name, unit_quoted=lang.quote(f.unit_name)), ""]
    lines += _what_we_read(f, lang)
    if f.revision and f.revision > 1:
        lines += ["", _("Skjemaet erstatter revisjon {previous}. Det er alltid den nyeste revisjonen som teller.",
                        previous=f.revision - 1)]
    if f.warnings:
        lines += ["", _("Merknader ({count}) – skjemaet er godkjent, men se gjerne på dette:",
                        count=len(f.warnings))]
        lines += _numbered(f.warnings, lang)
        lines += ["", _("Vil du rette noe, sender du bare skjemaet på nytt; da blir det revisjon {next}.",
                        next=(f.revision or 0) + 1)]
    lines += ["", _("Takk! Innspillene tas med i arbeidet med IKT-strategien og handlingsplanen.")]
    return lines


#: A follow-up form's statuses as the receipt counts them (the stored codes are bokmål).
FOLLOWUP_STATUS_LABELS = {
    NOT_STARTED: pMsg("status", "Ikke startet:"),
    IN_PROGRESS: pMsg("status", "Pågår:"),
    DONE: pMsg("status", "Ferdig:"),
    POSTPONED: pMsg("status", "Utsatt:"),
    STOPPED: pMsg("status", "Avbrutt:"),
}
assert tuple(FOLLOWUP_STATUS_LABELS) == FOLLOWUP_STATUSES


def _accepted_followup(f: ReceiptFacts, lang: Lang) -> list[str]:
    """An accepted follow-up form: how many measures it has, how many are reported on, by status."""
    _ = lang.gettext
    c = f.counts
    counted = [
        (lang.pgettext("receipt", "Tiltak i skjemaet:"), c.get("tiltak", 0)),
        (lang.pgettext("receipt", "Rapportert på:"), c.get("rapportert", 0)),
        *((lang.render(label), c[status]) for status, label in FOLLOWUP_STATUS_LABELS.items() if c.get(status)),
    ]
    width = max(len(text) for text, _value in counted) + 1
    lines = [lang.render(_REGISTERED.fill(status=_headline(f.status, lang), revision=f.revision)), "",
             _("Dette leste vi fra skjemaet:"), *(f"  {text.ljust(width)}{value}" for text, value in counted)]
    if f.revision and f.revision > 1:
        lines += ["", _("Skjemaet erstatter revisjon {previous}. Det er alltid den nyeste revisjonen som teller.",
                        previous=f.revision - 1)]
    if f.warnings:
        lines += ["", _("Merknader ({count}) – skjemaet er godkjent, men se gjerne på dette:",
                        count=len(f.warnings))]
        lines += _numbered(f.warnings, lang)
        lines += ["", _("Vil du rette noe, sender du bare skjemaet på nytt; da blir det revisjon {next}.",
                        next=(f.revision or 0) + 1)]
    lines += ["", _("Takk! Rapporten tas med i statusrapporten for handlingsplanen og i rulleringen av planen.")]
    return lines


def _what_we_read(f: ReceiptFacts, lang: Lang) -> list[str]:
    c = f.counts
    counted = [
        (lang.pgettext("receipt", "Problemer og muligheter:"), str(c.get("problemer", 0))),
        (lang.pgettext("receipt", "Systemer:"), str(c.get("systemer", 0))),
        (lang.pgettext("receipt", "Tiltak:"), str(c.get("tiltak", 0))),
        (lang.pgettext("receipt", "IKT-barometer:"),
         lang.ngettext("{answered} av {n} påstand besvart", "{answered} av {n} påstander besvart",
                       f.barometer_total, answered=c.get("barometersvar", 0))),
    ]
    width = max(len(text) for text, _value in counted) + 1
    return [lang.gettext("Dette leste vi fra skjemaet:"), *(f"  {text.ljust(width)}{value}" for text, value in counted)]


def _held(f: ReceiptFacts, lang: Lang) -> list[str]:
    _ = lang.gettext
    name = lang.quote(f.unit_name or "")
    if f.listed:
        why = _("Skjemaet er i orden, men enhetsnavnet {name} står ikke på sekretariatets liste over enheter.",
                name=name)
    else:
        why = _("Skjemaet er i orden, men enhetsnavnet {name} er nesten likt navnet på en enhet som har levert før.",
                name=name)
    if f.near:
        why += " " + _("Det ligner {near}.", near=lang.quote(f.near))
    lines = [
        _("MOTTATT – {status}", status=lang.render(SubmissionStatus.HELD.text)),
        "",
        why,
        _("Sekretariatet ser på det og kobler skjemaet til riktig enhet, eller godtar det som en ny enhet. Til da er "
          "skjemaet tatt vare på, men ikke med i dokumentene. Du får en ny kvittering når det er avgjort."),
        "",
        *_what_we_read(f, lang),
    ]
    if f.warnings:
        lines += ["", _("Merknader ({count}):", count=len(f.warnings)), *_numbered(f.warnings, lang)]
    # TRANSLATORS: one paragraph in two lines, each indented by two spaces: keep a line under 100 characters.
    what_now = _("Du trenger ikke gjøre noe. Er enhetsnavnet feil skrevet, kan du også rette det i skjemaet\n"
                 "og sende det på nytt; da teller det nye skjemaet med en gang.")
    return [*lines, "", _("Hva gjør du nå?"), *("  " + line for line in what_now.splitlines())]


#: What the secretariat did to make a held form count, a whole sentence for the judged
#: receipt: ``JUDGED_MAPPED.fill(day=Day(at), unit="Hurdal sjukeheim")``,
#: ``JUDGED_ACCEPTED.fill(day=Day(at), name=pMsg("quote", "«{text}»", text=typed))``.
JUDGED_MAPPED = Msg("Skjemaet ventet på sekretariatet fordi enhetsnavnet ikke var kjent. {day} koblet sekretariatet "
                    "skjemaet til {unit}, og skjemaet er nå med i arbeidet med IKT-strategien.")
JUDGED_ACCEPTED = Msg("Skjemaet ventet på sekretariatet fordi enhetsnavnet ikke var kjent. {day} godtok "
                      "sekretariatet {name} som ny enhet, og skjemaet er nå med i arbeidet med IKT-strategien.")


def _judged(f: ReceiptFacts, lang: Lang) -> list[str]:
    """The receipt for a held form the secretariat's judgement made count."""
    _ = lang.gettext
    lines = [
        _("{status} etter sekretariatets vurdering – registrert som revisjon {revision}",
          status=_headline(SubmissionStatus.ACCEPTED, lang), revision=f.revision),
        "",
        lang.render(f.judgement),
    ]
    if f.newer_revision:
        lines += ["", _("Dere har sendt et nyere skjema siden (revisjon {newer}); det er alltid den nyeste revisjonen "
                        "som teller.", newer=f.newer_revision)]
    elif f.revision and f.revision > 1:
        lines += ["", _("Skjemaet erstatter revisjon {previous}. Det er alltid den nyeste revisjonen som teller.",
                        previous=f.revision - 1)]
    if f.typed_name and f.unit_name and f.typed_name != f.unit_name:
        lines += ["", _("Skriv gjerne {unit} som enhetsnavn neste gang.", unit=lang.quote(f.unit_name))]
    return [*lines, "", *_what_we_read(f, lang), "", _("Takk! Du trenger ikke gjøre noe mer.")]


def _rejected(f: ReceiptFacts, lang: Lang) -> list[str]:
    _ = lang.gettext
    lines = [
        _("{status} – skjemaet er ikke registrert", status=_headline(f.status, lang)),
        "",
        lang.render(_ERRORS.fill(len(f.errors))),
        *_numbered(f.errors, lang),
    ]
    if f.warnings:
        lines += ["", lang.render(_REMARKS_TOO), *_numbered(f.warnings, lang)]
    # TRANSLATORS: one paragraph in four lines, each indented by two spaces: keep a line under 100 characters.
    what_now = _("Rett feilene i det samme skjemaet, lagre det som Excel-arbeidsbok (.xlsx), og send det på nytt\n"
                 "på samme måte som før. Du trenger ikke fylle ut noe på nytt.\n"
                 "Filen du sendte er tatt vare på hos sekretariatet, så ingenting er tapt.\n"
                 "Står du fast, ta kontakt med sekretariatet for IKT-strategien og oppgi kontrollsummen nederst.")
    return [*lines, "", _("Hva gjør du nå?"), *("  " + line for line in what_now.splitlines())]


def _kept_message(f: ReceiptFacts, lang: Lang) -> list[str]:
    """A message (e-mail or Outlook .msg) kept whole: what in it is not registered,
    and what to do. Forms in it that were taken have receipts of their own."""
    _ = lang.gettext
    what = lang.render(f.container or CONTAINERS[".eml"])
    status = _headline(SubmissionStatus.REJECTED, lang)
    lines = [
        _("{status} – ikke alt i {container} er registrert", status=status, container=what) if f.warnings else
        _("{status} – ingen skjema er registrert fra {container}", status=status, container=what),
        "",
        lang.render(KEPT_ERRORS_HEADING),
        *_numbered(f.errors, lang),
    ]
    if f.warnings:
        lines += ["", lang.render(KEPT_REMARKS_HEADING), *_numbered(f.warnings, lang)]
    # TRANSLATORS: one paragraph, each line indented by two spaces: keep a line under 100 characters.
    # {Container} is {container} with a capital letter, first in a sentence.
    what_now = _("Send det som skulle vært registrert, som utfylt kartleggingsskjema (.xlsx) – som vedlegg i en ny\n"
                 "e-post eller som fil til sekretariatet. Skjemaer med egen kvittering er registrert allerede.\n"
                 "Var et vedlegg noe annet enn et skjema (for eksempel et følgebrev), trenger du ikke gjøre noe med "
                 "det.\n"
                 "{Container} er tatt vare på hos sekretariatet, så ingenting er tapt.\n"
                 "Står du fast, ta kontakt med sekretariatet for IKT-strategien og oppgi kontrollsummen nederst.",
                 Container=what[:1].upper() + what[1:])
    return [*lines, "", _("Hva gjør du nå?"), *("  " + line for line in what_now.splitlines())]


def _headline(status: SubmissionStatus, lang: Lang) -> str:
    return lang.render(status.text).upper()


def _numbered(items, lang: Lang) -> list[str]:
    width = len(str(len(items)))
    return [f"  {str(i).rjust(width)}. {lang.render(item)}" for i, item in enumerate(items, 1)]


# --- reading a receipt back --------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptReading:
    """What :func:`read_receipt` found. ``None``/empty: not in the receipt."""

    header: dict[str, str]  # "file", "received", "sender", "unit" → the text after the label
    sha256: str | None
    revision: int | None  # the revision an accepted receipt registered
    errors: tuple[str, ...]  # a rejection's numbered errors (or a kept message's «not registered»), as written
    warnings: tuple[str, ...]  # a rejection's numbered remarks («ikke feil, men merknader», «Merk:»)


def read_receipt(text: str) -> ReceiptReading:
    """Read a receipt :func:`receipt_text` wrote, in any available language."""
    lines = [line.rstrip() for line in text.splitlines()]
    labels = {key: every_translation(msg) for key, msg in _HEADER.items()}
    header: dict[str, str] = {}
    result = None
    for line in lines:
        key, rest = _labelled(line, labels)
        if key == "result":
            result = rest
            break
        if key is not None:
            header.setdefault(key, rest)
    sha = _match(_CHECKSUM, lines, sha256="[0-9a-f]{64}")
    revision = _match(_REGISTERED, [result] if result else [], revision=r"\d+")
    return ReceiptReading(
        header=header,
        sha256=sha.group("sha256") if sha else None,
        revision=int(revision.group("revision")) if revision else None,
        errors=_items_after(_ERRORS, lines, n=r"\d+") or _items_after(KEPT_ERRORS_HEADING, lines),
        warnings=_items_after(_REMARKS_TOO, lines) or _items_after(KEPT_REMARKS_HEADING, lines),
    )


def _labelled(line: str, labels: dict[str, set[str]]) -> tuple[str | None, str]:
    """Which header label *line* starts with (followed by spaces), and the rest."""
    for key, texts in labels.items():
        for label in texts:
            if line.startswith(label) and line[len(label):len(label) + 1] == " ":
                return key, line[len(label):].strip()
    return None, ""


def _pattern(template: str, groups: dict[str, str]) -> re.Pattern:
    """*template* (a message with ``{fields}``) as a regular expression, each
    field a named group (its pattern from *groups*, else any text)."""
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>{groups.get(name, '.*?')})")
    return re.compile("".join(parts))


def _match(msg: Msg, lines: list[str], **groups: str) -> re.Match | None:
    """The first of *lines* that is *msg* in some language."""
    patterns = [_pattern(t, groups) for t in sorted(every_translation(msg))]
    return next((m for line in lines for p in patterns if (m := p.fullmatch(line))), None)


def _items_after(heading: Msg, lines: list[str], **groups: str) -> tuple[str, ...]:
    """The numbered items after the first line that is *heading* in some language."""
    patterns = [_pattern(t, groups) for t in sorted(every_translation(heading))]
    for i, line in enumerate(lines):
        if any(p.fullmatch(line) for p in patterns):
            items = []
            for item in lines[i + 1:]:
                m = re.match(r"^\s+\d+\. (.*)$", item)
                if not m:
                    break
                items.append(m.group(1))
            return tuple(items)
    return ()


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


#: The status in a receipt's file name, in the workspace's language: a rejection stands
#: out in the folder. The rebuild (:mod:`pipeline.intake.rebuild`) reads every
#: language's words back (:func:`file_name_words`).
FILE_NAME_WORDS = {
    # TRANSLATORS: the end of a receipt's file name: one word (or words joined with «-»), no spaces.
    SubmissionStatus.ACCEPTED: pMsg("receipt file", "godkjent"),
    # TRANSLATORS: the end of a rejected form's receipt file name, in capitals so it stands out in the folder.
    SubmissionStatus.REJECTED: pMsg("receipt file", "AVVIST"),
    SubmissionStatus.DUPLICATE: pMsg("receipt file", "mottatt-tidligere"),
    SubmissionStatus.HELD: pMsg("receipt file", "venter"),
}
#: A judged receipt's file name ends so: the arrival's receipt of the same submission stays.
JUDGED_WORD = pMsg("receipt file", "godkjent etter vurdering")
_REVISION_IN_NAME = pMsg("receipt file", " – revisjon {revision}")
_FOLLOWUP_IN_NAME = pMsg("receipt file", " – oppfølging {year}")


def file_name_words() -> dict[str, SubmissionStatus]:
    """Every language's status word in a receipt's file name → the status (the judged
    receipts' words are not among them: they are not read back)."""
    return {word: status for status, msg in FILE_NAME_WORDS.items() for word in every_translation(msg)}


def is_held_receipt(name: str) -> bool:
    """Whether *name* is the file name of a receipt that told a unit its form waits
    for the secretariat (``… – venter.txt``; nynorsk and Danish have their own word)."""
    return any(name.endswith(f" – {word}.txt") for word in every_translation(FILE_NAME_WORDS[SubmissionStatus.HELD]))


def receipt_file_name(f: ReceiptFacts, submission_id: int, lang: Lang | None = None) -> str:
    """``2027-03-15_140509_0007 Fjordvik barneskole – revisjon 2 – godkjent.txt``:
    when it arrived (so the folder sorts by time), the submission's number (no two
    receipts share a name), the unit and revision, and the result. A form whose
    unit could not be read is named by its file instead (every unit may send
    «Kartleggingsskjema.xlsx», so the file name alone tells the receipts apart
    poorly). At most 80 characters and 150 bytes for the name part, like
    :func:`safe_name`: the whole name stays well under the 255 bytes file systems allow."""
    lang = lang or Lang.source()
    status = lang.render(JUDGED_WORD if f.judged_at is not None else FILE_NAME_WORDS[f.status])
    # A follow-up form's number is of another table: «O0007», which the store's history
    # check and the rebuild (they read the mapping forms' numbers from the receipts) pass by.
    number = f"O{submission_id:04d}" if f.followup else f"{submission_id:04d}"
    if f.unit_name and f.unit_name.strip():
        stem = safe_name(" ".join(f.unit_name.split()), 60, 150)
        if f.followup and f.year:
            stem += lang.render(_FOLLOWUP_IN_NAME.fill(year=f.year))
        if f.revision is not None and f.status != SubmissionStatus.REJECTED:
            stem += lang.render(_REVISION_IN_NAME.fill(revision=f.revision))
    else:
        stem = safe_name(f.original_name.rsplit(".", 1)[0] if "." in f.original_name else f.original_name, 60, 150)
    return f"{f.received_at:%Y-%m-%d_%H%M%S}_{number} {stem} – {status}.txt"
