"""The adopted plan and its yearly follow-up (issue 15): what ``vedta`` recorded, the
follow-up forms ``oppfolging`` wrote, and who has reported (in ``status``)."""

from __future__ import annotations

from pipeline import formatting as fmt
from pipeline.terminal import echo


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
