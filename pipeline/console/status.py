"""Who has delivered («iktplan status»), and the forms waiting for the secretariat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.console.common import lang_of
from pipeline.console.followup import followup_lines
from pipeline.console.outcomes import left_lines
from pipeline.i18n import Lang
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.core.roster import Placement
    from pipeline.intake.status import StatusReport


def status_lines(s: StatusReport, lang: Lang | None = None) -> list[str]:
    """The delivery table, what waits in the inbox and the quarantine, and the version,
    in *lang* (``None``: the command line's language)."""
    lang = lang_of(lang)
    _ = lang.gettext
    # TRANSLATORS: the column headings of «iktplan status»; keep them short (abbreviations are fine).
    rows = [(lang.pgettext("column", "Enhet"), lang.pgettext("column", "Tjenesteområde"),
             lang.pgettext("column", "Rev."), lang.pgettext("column", "Innl."), lang.pgettext("column", "Levert"),
             lang.pgettext("column", "Probl."), lang.pgettext("column", "Syst."), lang.pgettext("column", "Tiltak"),
             lang.pgettext("column", "Status"))]
    for u in s.units:
        c = u.counts
        rows.append(
            (
                u.name if u.expected or not s.listed else _("{name} (ikke i listen)", name=u.name),
                u.service_area or "",
                str(u.revision or ""),
                str(u.submission or ""),
                lang.timestamp(u.delivered_at),
                str(c.get("problemer", "")),
                str(c.get("systemer", "")),
                str(c.get("tiltak", "")),
                lang.render(u.text),
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
    lines.append("\n" + lang.ngettext("{delivered} av {n} forventet enhet har levert.",
                                      "{delivered} av {n} forventede enheter har levert.", expected, delivered=delivered))
    if s.pending:
        lines.append(lang.ngettext("{n} fil venter i innboksen (kjør «iktplan run»).",
                                   "{n} filer venter i innboksen (kjør «iktplan run»).", s.pending))
    lines += held_lines(s.held, s.listed, lang)
    if s.left:
        lines.append("")
        lines += left_lines(s.left, lang)
    if s.quarantined:
        lines.append("\n" + _("I karantene ({n}):", n=len(s.quarantined)))
        for r in s.quarantined:
            later = s.corrected_by(r)
            errors = lang.ngettext("{n} feil", "{n} feil", len(r.errors))
            line = f"  {r.id:>4}  {lang.timestamp(r.received_at)}  {r.original_name}  – {errors}"
            if r.unit_name:
                line += f" ({r.unit_name})"
            if later:
                line += " – " + _("rettet: revisjon {revision} godkjent {time}", revision=later.revision,
                                  time=lang.timestamp(later.delivered_at))
            lines.append(line)
    if s.actions:
        lines.append("\n" + _("Sekretariatets handlinger ({n}):", n=len(s.actions)))
        for v in s.actions:
            a = v.action
            undone = "  " + _("(angret ved handling {id})", id=v.undone_by.id) if v.undone_by else ""
            lines.append(f"  {a.id:>4}  {lang.timestamp(a.at)}  {lang.render(v.text)} – {a.reason}{undone}")
        lines.append("  " + _("Angre en handling med «iktplan angre NUMMER --grunn \"…\"»."))
    if s.followup is not None:
        lines += followup_lines(s.followup, lang)
    if s.version:
        lines.append("\n" + _("Dokumentene er i versjon {version}.", version=s.version))
    lines += [lang.render(d) for d in s.documents]
    return lines


def held_lines(held: tuple[Placement, ...], listed: bool, lang: Lang | None = None) -> list[str]:
    """The forms waiting for the secretariat, one entry per unit name, with the commands
    that resolve them (empty: none waits)."""
    if not held:
        return []
    lang = lang_of(lang)
    _ = lang.gettext
    by_name: dict[str, list[Placement]] = {}
    from pipeline.identity import key

    for p in held:
        by_name.setdefault(key(p.typed), []).append(p)
    if listed:
        heading = lang.ngettext(
            "Venter på sekretariatet ({n} skjema: enhetsnavnet står ikke i [[enheter]] i strategi.toml):",
            "Venter på sekretariatet ({n} skjemaer: enhetsnavnet står ikke i [[enheter]] i strategi.toml):",
            len(held))
    else:
        heading = lang.ngettext(
            "Venter på sekretariatet ({n} skjema: enhetsnavnet er nesten likt en enhet som har levert):",
            "Venter på sekretariatet ({n} skjemaer: enhetsnavnet er nesten likt en enhet som har levert):",
            len(held))
    lines = ["\n" + heading]
    for forms in by_name.values():
        first = forms[0]
        numbers = ", ".join(str(p.id) for p in forms)
        received = lang.timestamp(forms[-1].received_at)
        if first.near:
            lines.append("  " + lang.ngettext(
                "Innlevering {numbers} fra «{name}» (mottatt {time}, ligner «{near}»).",
                "Innleveringene {numbers} fra «{name}» (mottatt {time}, ligner «{near}»).",
                len(forms), numbers=numbers, name=first.typed, time=received, near=first.near))
        else:
            lines.append("  " + lang.ngettext(
                "Innlevering {numbers} fra «{name}» (mottatt {time}).",
                "Innleveringene {numbers} fra «{name}» (mottatt {time}).",
                len(forms), numbers=numbers, name=first.typed, time=received))
        # TRANSLATORS: the three labels are padded to one width by the code; the commands stay as they are.
        same, new, wrong = (_("Samme enhet:"), _("Ny enhet:"), _("Feil skjema:"))
        width = max(len(same), len(new), len(wrong)) + 2
        if first.near:
            lines.append("    " + same.ljust(width) + _("iktplan koble-enhet {id} --til \"{near}\" --grunn \"skrivefeil i enhetsnavnet\"",
                                                      id=first.id, near=first.near))
        else:
            lines.append("    " + same.ljust(width) + _("iktplan koble-enhet {id} --til \"ENHET\" --grunn \"…\"", id=first.id))
        lines.append("    " + new.ljust(width) + _("iktplan godta-enhet {id} --grunn \"…\"", id=first.id))
        lines.append("    " + wrong.ljust(width) + _("iktplan trekk-tilbake {id} --grunn \"…\"", id=first.id))
    return lines


def print_status(s: StatusReport, *, blank_line_before: bool = False, lang: Lang | None = None) -> None:
    if blank_line_before:
        echo("")
    for line in status_lines(s, lang):
        echo(line)
