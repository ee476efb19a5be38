"""Every line iktplan writes to the terminal, in Norwegian: what became of each
file, what a run did, who has delivered, what a mail fetch found, what the
watcher is doing, and the one-line errors.

The entry points (:mod:`pipeline.cli`, :mod:`pipeline.watch`) call this module;
the rooms below them return data and never print. The ``*_line`` and ``*_lines``
functions are pure text; the ``print_*`` functions write it with click (stdout,
errors on stderr, through :mod:`pipeline.terminal`, so a closed pipe never
stops the work); :class:`ConsoleReporter` prints the watcher's events.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline import formatting as fmt
from pipeline.terminal import echo, write
from pipeline.core.submission import SubmissionStatus

if TYPE_CHECKING:
    from pipeline.build import RunReport
    from pipeline.intake.listing import LeftInInbox
    from pipeline.core.versions import Changes
    from pipeline.intake.receive import Outcome
    from pipeline.intake.status import StatusReport
    from pipeline.mail.imap import FetchReport
    from pipeline.documents.templatecheck import TemplateProblem
    from pipeline.intake.rebuild import RebuildReport
    from pipeline.intake.store_copy import CopyReport
    from pipeline.workspace import Workspace

# -- one outcome --------------------------------------------------------------------------------


def _detail(o: Outcome) -> str:
    """What became of the file, after its status: «Enhet, revisjon 2, 1 merknad», «3 feil»."""
    r = o.record
    if r.status == SubmissionStatus.ACCEPTED:
        note = f", {fmt.plural(len(r.warnings), 'merknad', 'merknader')}" if r.warnings else ""
        return f"{r.unit_name}, revisjon {r.revision}{note}"
    if r.status == SubmissionStatus.DUPLICATE:
        return "identisk med en tidligere revisjon, ikke talt på nytt"
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


# -- what stays in the inbox --------------------------------------------------------------------

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


# -- a run ----------------------------------------------------------------------------------------


def print_run(report: RunReport) -> None:
    """What a run did: what stayed in the inbox and why, the combined numbers,
    the assessment, the version."""
    for i, line in enumerate(left_lines(report.left)):
        echo(line, fg="yellow") if i == 0 else echo(line)
    if not report.outcomes:
        echo("Ingen nye skjemaer i innboksen." if not report.left else "Ingen nye skjemaer ble tatt imot.")
    s = report.summary  # numbers only: a run with nothing new builds no model
    echo(
        f"Samlet: {fmt.plural(s.units, 'enhet', 'enheter')}, {fmt.plural(s.measures, 'tiltak', 'tiltak')}, "
        f"{fmt.plural(s.systems, 'system', 'systemer')}, {fmt.plural(s.problems, 'problem', 'problemer')}."
    )
    if s.missing_units:
        echo("Mangler skjema fra: " + ", ".join(s.missing_units))
    echo(
        f"Vurdering: innenfor investeringsrammen {s.critical} kritiske prosesser og "
        f"{s.quick_wins} quick wins; {fmt.plural(s.outside_frame, 'tiltak', 'tiltak')} utenfor rammen."
    )
    for line in unknown_sub_goal_lines(s.unknown_sub_goals):
        echo(line, fg="yellow")
    if report.new_version:
        echo(f"Dokumentene er nå versjon {report.version}{_change_summary(report.changes)}:")
    elif report.version is not None:
        echo(f"Ingen endringer i innholdet – dokumentene er fortsatt versjon {report.version}.")
    for path in report.outputs:
        echo(f"  {path}")


def unknown_sub_goal_lines(cited: tuple[tuple[str, str], ...]) -> list[str]:
    """One line per measure that cites a delmål strategi.toml no longer has
    (*cited*: measure id, delmål as the form gives it)."""
    return [
        f"{measure} viser til delmål {code}, som ikke finnes i strategi.toml lenger – "
        "tiltaket får ikke poeng for strategisk forankring."
        for measure, code in cited
    ]


def print_progress(line: str) -> None:
    """A stage of a run as it starts («Lager dokumentene, versjon 2 …»)."""
    echo(line)


def print_json(document: dict) -> None:
    """A machine-readable report (:mod:`pipeline.jsonreport`): the only thing on stdout."""
    echo(json.dumps(document, ensure_ascii=False, indent=2))


def _change_summary(changes: Changes | None) -> str:
    """« (2 enheter med ny revisjon, 1 tiltak lagt til, …)», or empty for the first version."""
    if changes is None:
        return ""
    parts = []
    if changes.units:
        parts.append(fmt.plural(len(changes.units), "enhet med ny revisjon", "enheter med ny revisjon"))
    if changes.added:
        parts.append(f"{fmt.plural(len(changes.added), 'tiltak', 'tiltak')} lagt til")
    if changes.removed:
        parts.append(f"{fmt.plural(len(changes.removed), 'tiltak', 'tiltak')} fjernet")
    if changes.changed:
        parts.append(f"{fmt.plural(len(changes.changed), 'tiltak', 'tiltak')} endret")
    if changes.comparison:
        parts.append("sammenligningen med andre kommuner er endret")
    if not parts:
        parts.append("endret oppsett eller maler")
    return " (" + ", ".join(parts) + ")"


# -- who has delivered ---------------------------------------------------------------------------


def status_lines(s: StatusReport) -> list[str]:
    """The delivery table, what waits in the inbox and the quarantine, and the version."""
    rows = [("Enhet", "Tjenesteområde", "Rev.", "Levert", "Probl.", "Syst.", "Tiltak", "Status")]
    for u in s.units:
        c = u.counts
        rows.append(
            (
                u.name + ("" if u.expected else " (ikke i listen)"),
                u.service_area or "",
                str(u.revision or ""),
                fmt.timestamp(u.delivered_at),
                str(c.get("problemer", "")),
                str(c.get("systemer", "")),
                str(c.get("tiltak", "")),
                u.label,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    expected = sum(1 for u in s.units if u.expected)
    delivered = sum(1 for u in s.units if u.expected and u.revision is not None)
    lines.append(f"\n{delivered} av {expected} forventede enheter har levert.")
    if s.pending:
        lines.append(f"{fmt.plural(s.pending, 'fil venter', 'filer venter')} i innboksen (kjør «iktplan run»).")
    if s.left:
        lines.append("")
        lines += left_lines(s.left)
    if s.quarantined:
        lines.append(f"\nI karantene ({len(s.quarantined)}):")
        for r in s.quarantined:
            later = s.corrected_by(r)
            lines.append(
                f"  {fmt.timestamp(r.received_at)}  {r.original_name}  – {fmt.plural(len(r.errors), 'feil', 'feil')}"
                + (f" ({r.unit_name})" if r.unit_name else "")
                + (f" – rettet: revisjon {later.revision} godkjent {fmt.timestamp(later.delivered_at)}" if later else "")
            )
    if s.followup is not None:
        lines += followup_lines(s.followup)
    if s.version:
        lines.append(f"\nDokumentene er i versjon {s.version}.")
    return lines


def followup_lines(f) -> list[str]:
    """Which units have reported on the year's follow-up (:class:`pipeline.intake.followup.FollowUpStatus`)."""
    lines = [f"\nOppfølging {f.year} (vedtatt plan {fmt.day(f.adopted_on)}):"]
    rows = [("Enhet", "Tiltak", "Rev.", "Levert", "Rapportert", "Status")]
    for u in f.units:
        rows.append((u.name, str(u.measures), str(u.revision or ""), fmt.timestamp(u.delivered_at),
                     f"{u.reported} av {u.measures}" if u.revision else "", u.label))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    lines.append(f"\n{f.delivered} av {len(f.units)} enheter har rapportert på oppfølgingen for {f.year}.")
    if f.quarantined:
        lines.append(f"Oppfølgingsskjemaer i karantene ({len(f.quarantined)}):")
        for r in f.quarantined:
            lines.append(f"  {fmt.timestamp(r.received_at)}  {r.original_name}  – "
                         f"{fmt.plural(len(r.errors), 'feil', 'feil')}" + (f" ({r.unit_name})" if r.unit_name else ""))
    return lines


def print_adopted(b) -> None:
    """What ``iktplan vedta`` recorded (a :class:`pipeline.core.baseline.Baseline`)."""
    case = f" ({b.case_ref})" if b.case_ref else ""
    echo(f"Vedtaket {fmt.day(b.adopted_on)}{case} er registrert: versjon {b.version} med "
         f"{fmt.plural(len(b.adopted), 'tiltak', 'tiltak')} i handlingsplanen fra "
         f"{fmt.plural(len(b.reporting_units), 'enhet', 'enheter')} er utgangspunktet for oppfølgingen "
         f"{b.first_year}–{b.period_to}.")
    echo(f"Lag oppfølgingsskjemaene med «iktplan oppfolging --ar {b.first_year}».")


def print_followup_round(r) -> None:
    """The follow-up forms ``iktplan oppfolging`` wrote (a :class:`pipeline.intake.followup.Round`)."""
    echo(f"{fmt.plural(len(r.forms), 'oppfølgingsskjema', 'oppfølgingsskjemaer')} for {r.year} er laget i {r.folder}:")
    for path in r.forms:
        echo(f"  {path.name}")
    echo("Send hver enhet sitt skjema. Utfylte skjemaer legges i innboksen eller sendes på e-post.")


def print_status(s: StatusReport, *, blank_line_before: bool = False) -> None:
    if blank_line_before:
        echo("")
    for line in status_lines(s):
        echo(line)


# -- a mail fetch -------------------------------------------------------------------------------


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


# -- the other commands --------------------------------------------------------------------------


def print_workspace_made(ws: Workspace, form: Path) -> None:
    echo(f"Arbeidsmappen er laget: {ws.root}")
    echo("Neste steg:")
    echo(f"  1. Rediger {ws.config_path.name} (kommune, periode, mål, enheter).")
    echo(f"  2. Kjør «iktplan -w \"{ws.root}\" forms» og send {form.name} til enhetene.")
    echo(f"  3. Legg innkomne skjemaer i {ws.inbox} og kjør «iktplan -w \"{ws.root}\" run».")


def print_blank_form(path: Path) -> None:
    echo(f"Tomt skjema skrevet: {path}")


def print_template_problems(problems: list[TemplateProblem], warnings: list[TemplateProblem] | None = None) -> None:
    """The template errors (the documents cannot be made) and the warnings about
    universal design (they can, but should not be published so; None: not looked for)."""
    if warnings:
        echo(f"{fmt.plural(len(warnings), 'merknad', 'merknader')} om universell utforming (dokumentene "
             "lages likevel, men bør rettes før de publiseres):", fg="yellow")
        for w in warnings:
            echo(f"  - {w}")
    if not problems:
        echo("Malene kan brukes." if warnings else "Malene er i orden.")
        return
    echo(f"Fant {fmt.plural(len(problems), 'problem', 'problemer')} i malene:", fg="red", err=True)
    for p in problems:
        echo(f"  - {p}", err=True)


def print_demo_round(first: bool, count: int, inbox: Path, second_round: str | None = None) -> None:
    """*second_round*: what happens in the second round (None: Fjordvik's)."""
    if first:
        echo(f"Første runde: {count} eksempelskjemaer lagt i {inbox}.")
    else:
        echo(second_round or
             "Andre runde: Hjemmetjenesten sender en ny revisjon, og Solsiden barnehage sender skjemaet sitt rettet.")


def print_demo_shared_store(municipality: str, store: str, consent: str) -> None:
    """The demo municipality's shared store (*store*, without a password) and what it consented to share."""
    echo(f"{municipality} bruker det felles lageret {store} og deler dette under [samarbeid] i strategi.toml:")
    for line in consent.splitlines():
        echo(f"  {line}")


def print_demo_end(outbox: Path, again: str) -> None:
    echo("")
    echo(f"Se resultatet i {outbox}: kvitteringer/ har svaret til hver enhet.")
    echo(f"Kjør «{again}» en gang til for å se hva som skjer når enhetene sender nye versjoner.")


def config_warning_line(warning: str) -> str:
    return f"Advarsel: {warning}"


def print_config_warnings(warnings: tuple[str, ...]) -> None:
    """What strategi.toml allows but is probably a mistake (:attr:`Config.warnings`), before a run."""
    for warning in warnings:
        echo(config_warning_line(warning), err=True, fg="yellow")


def print_user_error(message: str) -> None:
    echo(f"Feil: {message}", err=True, fg="red")


def print_interrupted() -> None:
    echo("Avbrutt.", err=True)


def print_unexpected(exc: BaseException) -> None:
    echo(
        f"Uventet feil ({type(exc).__name__}). Ingen innleverte filer er tapt. "
        "Kjør kommandoen på nytt med --debug for detaljer, og send dem til den som drifter iktplan.",
        err=True,
        fg="red",
    )


# -- the watcher ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchEvent:
    """Something the watcher did, as one Norwegian line (*message*).

    *kind*: ``start``, ``stop``, ``file`` (*data*: the Outcome), ``run-start``,
    ``progress``, ``run`` (*data*: the RunReport), ``warning`` (after a run: a
    warning about a changed strategi.toml, or a measure citing a delmål it no
    longer has), ``version`` (*data*: the version number), ``waiting`` (*data*: file
    name), ``left`` (*data*: what stays in the inbox,
    :class:`~pipeline.intake.listing.LeftInInbox`), ``busy``, ``mail`` and ``error``."""

    kind: str
    message: str
    data: Any = None


#: Written straight to stderr by the signal handler at the first Ctrl-C.
STOPPING = "\nStopper … En kjøring som pågår, blir gjort ferdig først (Ctrl+C igjen avbryter straks).\n"


def watch_started(inbox: Path, mail: bool, polling: bool) -> str:
    what = f"{inbox}" + (" og e-post" if mail else "")
    kind = "sjekker mappen hvert sekund" if polling else "varsler fra filsystemet"
    return f"Følger med på {what} ({kind}). Stopp med Ctrl+C."


def watch_stopped(runs: int, files: int) -> str:
    return f"Stoppet. {fmt.plural(runs, 'kjøring', 'kjøringer')}, {fmt.plural(files, 'fil', 'filer')} mottatt."


def waiting_line(name: str, reason: str) -> str:
    """Why a file in the inbox is not taken yet (*reason*: ``open`` or ``unfinished``)."""
    if reason == "open":
        return f"«{name}» er åpen i Excel eller LibreOffice; tas med når den lukkes."
    return f"«{name}» ser ikke ferdig kopiert ut ennå; venter."


def run_started(number: int, new_files: int, config_changed: bool) -> str:
    reason = fmt.plural(new_files, "ny fil", "nye filer") if new_files else (
        "strategi.toml er endret" if config_changed else "nye skjemaer fra e-post")
    return f"Kjøring {number} starter ({reason}) …"


def run_finished(number: int, seconds: float, outcomes: list[Outcome]) -> str:
    return f"Kjøring {number} ferdig på {_seconds(seconds)}: {status_counts(outcomes)}."


def new_version(report: RunReport) -> str:
    names = ", ".join(p.name for p in report.outputs)
    return f"Dokumentene er oppdatert: versjon {report.version}" + (f" ({names})." if names else ".")


BUSY = "En annen iktplan-prosess arbeider i arbeidsmappen; prøver igjen om litt."


def run_failed(number: int, message: str) -> str:
    return f"Kjøring {number} stoppet: {message} Prøver igjen ved neste endring."


def run_crashed(number: int, exc: BaseException) -> str:
    return (
        f"Kjøring {number} stoppet på en uventet feil ({type(exc).__name__}). Ingen innleverte filer er tapt; "
        "prøver igjen ved neste endring. Kjør «iktplan --debug run» for detaljer."
    )


def mail_failed(message: str) -> str:
    return f"E-post ble ikke hentet: {message}"


def mail_crashed(exc: BaseException) -> str:
    return f"E-post ble ikke hentet (uventet feil: {type(exc).__name__})."


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


class ConsoleReporter:
    """Prints watch events: a spinner with the current stage while a run is in
    progress when *stream* is a terminal, plain time-stamped lines otherwise.

    Our own few lines rather than a library: a run's stages have no known
    length (click's ``progressbar`` draws a bar towards a total), and ``rich``
    would bring three packages for one spinner. The lines go through
    :func:`pipeline.terminal.write`, so a closed pipe never stops the watcher."""

    FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

    def __init__(self, stream: TextIO | None = None, tty: bool | None = None):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self._lock = threading.Lock()
        self._spinner: threading.Thread | None = None
        self._spinning = threading.Event()
        self._status = ""
        self._started = 0.0

    def __call__(self, event: WatchEvent) -> None:
        if event.kind == "run-start":
            if self.tty:
                self._start_spinner(event.message)
            else:
                self._line(event.message)
            return
        if event.kind == "progress":
            if self.tty:
                self._status = event.message
            return
        if event.kind in ("run", "error", "stop"):
            self._stop_spinner()
        self._line(event.message)

    def _line(self, message: str) -> None:
        with self._lock:
            clear = "\r\033[K" if self.tty and self._spinning.is_set() else ""
            write(self.stream, f"{clear}{time.strftime('%H:%M:%S')} {message}\n")

    def _start_spinner(self, message: str) -> None:
        self._status = message
        self._started = time.monotonic()
        self._spinning.set()
        self._spinner = threading.Thread(target=self._spin, name="iktplan-spinner", daemon=True)
        self._spinner.start()

    def _spin(self) -> None:
        for frame in itertools.cycle(self.FRAMES):
            if not self._spinning.is_set():
                return
            with self._lock:
                if not self._spinning.is_set():
                    return
                elapsed = _seconds(time.monotonic() - self._started)
                width = 100
                text = f"{frame} {self._status} ({elapsed})"[:width]
                write(self.stream, f"\r\033[K{text}")
            time.sleep(0.1)

    def _stop_spinner(self) -> None:
        if self._spinner is None:
            return
        with self._lock:
            self._spinning.clear()
            write(self.stream, "\r\033[K")
        self._spinner.join(timeout=1)
        self._spinner = None


# -- the store commands -------------------------------------------------------------------------


def rebuild_lines(r: RebuildReport) -> list[str]:
    """What «iktplan gjenopprett-lager» did."""
    out = [f"Lageret er bygget opp igjen: {r.submissions} innleveringer ({r.accepted} godkjent, "
           f"{r.rejected} avvist, {r.duplicates} mottatt tidligere) og {r.versions} dokumentversjoner."]
    if r.without_receipt:
        out.append(f"{r.without_receipt} godkjente skjemaer manglet kvittering og er lagt til etter de andre.")
    out += r.notes
    if r.moved_aside is not None:
        out.append(f"Det gamle lageret er tatt vare på som {r.moved_aside}.")
    out.append("Kjør «iktplan run» for å fortsette.")
    return out


def copy_lines(r: CopyReport) -> list[str]:
    """What «iktplan kopier-lager» did."""
    if r.already_copied:
        return [f"Lageret er allerede kopiert til {r.target}; ingenting å gjøre."]
    out = [f"Kopierte {r.submissions} innleveringer, {r.versions} dokumentversjoner og {r.files} filer "
           f"({r.bytes / 1e6:.1f} MB) til {r.target}. Alt er kontrollert mot kilden."]
    if r.already_gone:
        out.append(f"{len(r.already_gone)} avviste filer var allerede fjernet fra karantenen (innlevering "
                   f"{', '.join(map(str, r.already_gone))}); radene er kopiert.")
    out.append("SQLite-lageret i .iktplan er ikke endret. Fra nå bruker iktplan PostgreSQL (url under [lager]).")
    return out


def new_municipality_lines(name: str, role: str, schema: str, url: str, password: bool) -> list[str]:
    """What «iktplan lager-ny-kommune» made, and what to put in the municipality's strategi.toml."""
    return [f"Laget brukeren {role} og skjemaet {schema} for {name}. Brukeren ser bare sitt eget skjema.",
            f"Sett dette i strategi.toml til {name}:",
            "", "[lager]", f'url = "{url}"', "",
            "og passordet i miljøvariabelen IKTPLAN_LAGER_PASSORD på maskinene som kjører iktplan." if password
            else "(uten passord: bare for en server som stoler på maskinene, f.eks. på samme maskin)"]


def new_secretariat_lines(name: str, role: str, url: str, password: bool) -> list[str]:
    """What «iktplan lager-nytt-sekretariat» made, and what to put in the secretariat's strategi.toml."""
    return [f"Laget brukeren {role} for sekretariatet i {name}. Brukeren ser bare det kommunene deler med "
            "samarbeidet (del_tiltak = true), og ingen kommunes skjema.",
            "Sett dette i strategi.toml i sekretariatets arbeidsmappe:",
            "", "[lager]", f'url = "{url}"', "",
            "og passordet i miljøvariabelen IKTPLAN_LAGER_PASSORD. Så: iktplan samarbeid-oversikt" if password
            else "(uten passord: bare for en server som stoler på maskinene). Så: iktplan samarbeid-oversikt"]


def joint_overview_lines(report) -> list[str]:
    """What «iktplan samarbeid-oversikt» found and wrote."""
    names = list(report.municipalities)
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    return [f"Leste det {listed} deler med samarbeidet.",
            f"  Systemer i flere kommuner:         {report.systems}",
            f"  Grupper av like tiltak:            {report.groups}",
            f"  Kandidater til felles anskaffelse: {report.candidates}",
            f"Skrev {report.path}"]


def print_lines(lines: list[str]) -> None:
    for line in lines:
        echo(line)
