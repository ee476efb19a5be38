"""Who has delivered («iktplan status»), and the forms waiting for the secretariat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import formatting as fmt
from pipeline.console.followup import followup_lines
from pipeline.console.outcomes import left_lines
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.core.roster import Placement
    from pipeline.intake.status import StatusReport


def status_lines(s: StatusReport) -> list[str]:
    """The delivery table, what waits in the inbox and the quarantine, and the version."""
    rows = [("Enhet", "Tjenesteområde", "Rev.", "Innl.", "Levert", "Probl.", "Syst.", "Tiltak", "Status")]
    for u in s.units:
        c = u.counts
        rows.append(
            (
                u.name + ("" if u.expected or not s.listed else " (ikke i listen)"),
                u.service_area or "",
                str(u.revision or ""),
                str(u.submission or ""),
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
    lines += held_lines(s.held, s.listed)
    if s.left:
        lines.append("")
        lines += left_lines(s.left)
    if s.quarantined:
        lines.append(f"\nI karantene ({len(s.quarantined)}):")
        for r in s.quarantined:
            later = s.corrected_by(r)
            lines.append(
                f"  {r.id:>4}  {fmt.timestamp(r.received_at)}  {r.original_name}  – "
                f"{fmt.plural(len(r.errors), 'feil', 'feil')}"
                + (f" ({r.unit_name})" if r.unit_name else "")
                + (f" – rettet: revisjon {later.revision} godkjent {fmt.timestamp(later.delivered_at)}" if later else "")
            )
    if s.actions:
        lines.append(f"\nSekretariatets handlinger ({len(s.actions)}):")
        for v in s.actions:
            a = v.action
            undone = f"  (angret ved handling {v.undone_by.id})" if v.undone_by else ""
            lines.append(f"  {a.id:>4}  {fmt.timestamp(a.at)}  {v.text} – {a.reason}{undone}")
        lines.append("  Angre en handling med «iktplan angre NUMMER --grunn \"…\"».")
    if s.followup is not None:
        lines += followup_lines(s.followup)
    if s.version:
        lines.append(f"\nDokumentene er i versjon {s.version}.")
    lines += list(s.documents)
    return lines


def held_lines(held: tuple[Placement, ...], listed: bool) -> list[str]:
    """The forms waiting for the secretariat, one entry per unit name, with the commands
    that resolve them (empty: none waits)."""
    if not held:
        return []
    by_name: dict[str, list[Placement]] = {}
    from pipeline.identity import key

    for p in held:
        by_name.setdefault(key(p.typed), []).append(p)
    why = "enhetsnavnet står ikke i [[enheter]] i strategi.toml" if listed else \
        "enhetsnavnet er nesten likt en enhet som har levert"
    lines = [f"\nVenter på sekretariatet ({fmt.plural(len(held), 'skjema', 'skjemaer')}: {why}):"]
    for forms in by_name.values():
        first = forms[0]
        numbers = ", ".join(str(p.id) for p in forms)
        what = "Innlevering" if len(forms) == 1 else "Innleveringene"
        like = f", ligner «{first.near}»" if first.near else ""
        lines.append(f"  {what} {numbers} fra «{first.typed}» (mottatt {fmt.timestamp(forms[-1].received_at)}{like}).")
        if first.near:
            lines.append(f"    Samme enhet:  iktplan koble-enhet {first.id} --til \"{first.near}\" "
                         "--grunn \"skrivefeil i enhetsnavnet\"")
        else:
            lines.append(f"    Samme enhet:  iktplan koble-enhet {first.id} --til \"ENHET\" --grunn \"…\"")
        lines.append(f"    Ny enhet:     iktplan godta-enhet {first.id} --grunn \"…\"")
        lines.append(f"    Feil skjema:  iktplan trekk-tilbake {first.id} --grunn \"…\"")
    return lines


def print_status(s: StatusReport, *, blank_line_before: bool = False) -> None:
    if blank_line_before:
        echo("")
    for line in status_lines(s):
        echo(line)
