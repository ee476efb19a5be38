"""What a run did: the combined numbers, the assessment, the version and what the secretariat must know."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import formatting as fmt
from pipeline.console.decisions import decision_lines
from pipeline.console.outcomes import left_lines
from pipeline.console.status import held_lines
from pipeline.core.frame import overrun_text
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.build import RunReport
    from pipeline.core.versions import Changes


def print_run(report: RunReport, example_warning: bool = True) -> None:
    """What a run did: what stayed in the inbox and why, the combined numbers,
    the assessment, the version, and what the secretariat must know
    (*example_warning*: also that strategi.toml is still the example; the demo
    runs on the example on purpose)."""
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
    if s.overrun:
        echo(f"Tiltak som er tatt med etter beslutning, gjør at investeringsrammen overskrides "
             f"{overrun_text(s.overrun)}.", fg="yellow")
    for line in unknown_sub_goal_lines(s.unknown_sub_goals):
        echo(line, fg="yellow")
    for line in decision_lines(report):
        echo(line)
    if report.new_version:
        echo(f"Dokumentene er nå versjon {report.version}{_change_summary(report.changes)} – et utkast "
             "til den sendes til politisk behandling med «iktplan publiser»:")
    elif report.version is not None:
        echo(f"Ingen endringer i innholdet – dokumentene er fortsatt versjon {report.version}.")
    for path in report.outputs:
        echo(f"  {path}")
    for note in report.notes:
        echo(f"Merk: {note}", fg="yellow")
    if example_warning and report.example_config:
        from pipeline.workspace import EXAMPLE_CONFIG

        echo(f"Merk: {EXAMPLE_CONFIG}", fg="yellow")
    for line in held_lines(report.held, report.listed):
        echo(line, fg="yellow") if line.startswith("\nVenter") else echo(line)


def unknown_sub_goal_lines(cited: tuple[tuple[str, str], ...]) -> list[str]:
    """One line per measure that cites a delmål strategi.toml no longer has
    (*cited*: measure id, delmål as the form gives it)."""
    return [
        f"{measure} viser til delmål {code}, som ikke finnes i strategi.toml lenger – "
        "tiltaket får ikke poeng for strategisk forankring."
        for measure, code in cited
    ]


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
    if changes.decisions:
        parts.append(f"{fmt.plural(len({c.id for c in changes.decisions}), 'beslutning', 'beslutninger')} endret")
    if changes.comparison:
        parts.append("sammenligningen med andre kommuner er endret")
    if changes.actions:
        parts.append(fmt.plural(len(changes.actions), "handling fra sekretariatet", "handlinger fra sekretariatet"))
    if not parts:
        parts.append("endret oppsett eller maler")
    return " (" + ", ".join(parts) + ")"
