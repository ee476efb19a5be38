"""What a run did: the combined numbers, the assessment, the version and what the secretariat must know."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.console.common import lang_of
from pipeline.console.decisions import decision_lines
from pipeline.console.outcomes import left_lines
from pipeline.console.status import held_lines
from pipeline.core.frame import overrun_text
from pipeline.i18n import Lang
from pipeline.terminal import echo

if TYPE_CHECKING:
    from pipeline.build import RunReport
    from pipeline.core.versions import Changes


def print_run(report: RunReport, example_warning: bool = True, lang: Lang | None = None) -> None:
    """What a run did: what stayed in the inbox and why, the combined numbers,
    the assessment, the version, and what the secretariat must know
    (*example_warning*: also that strategi.toml is still the example; the demo
    runs on the example on purpose), in *lang* (``None``: the command line's)."""
    lang = lang_of(lang)
    _ = lang.gettext
    for i, line in enumerate(left_lines(report.left, lang)):
        echo(line, fg="yellow") if i == 0 else echo(line)
    if not report.outcomes:
        echo(_("Ingen nye skjemaer i innboksen.") if not report.left else _("Ingen nye skjemaer ble tatt imot."))
    s = report.summary  # numbers only: a run with nothing new builds no model
    echo(_("Samlet: {units}, {measures}, {systems}, {problems}.",
           units=lang.ngettext("{n} enhet", "{n} enheter", s.units),
           measures=lang.ngettext("{n} tiltak", "{n} tiltak", s.measures),
           systems=lang.ngettext("{n} system", "{n} systemer", s.systems),
           problems=lang.ngettext("{n} problem", "{n} problemer", s.problems)))
    if s.missing_units:
        echo(_("Mangler skjema fra: {units}", units=", ".join(s.missing_units)))
    echo(_("Vurdering: innenfor investeringsrammen {critical} kritiske prosesser og {quick_wins} quick wins; "
           "{outside} utenfor rammen.", critical=s.critical, quick_wins=s.quick_wins,
           outside=lang.ngettext("{n} tiltak", "{n} tiltak", s.outside_frame)))
    if s.overrun:
        echo(_("Tiltak som er tatt med etter beslutning, gjør at investeringsrammen overskrides {overrun}.",
               overrun=overrun_text(s.overrun)), fg="yellow")
    for line in unknown_sub_goal_lines(s.unknown_sub_goals, lang):
        echo(line, fg="yellow")
    for line in decision_lines(report):
        echo(line)
    if report.new_version:
        echo(_("Dokumentene er nå versjon {version}{changes} – et utkast til den sendes til politisk behandling "
               "med «iktplan publiser»:", version=report.version, changes=_change_summary(report.changes, lang)))
    elif report.version is not None:
        echo(_("Ingen endringer i innholdet – dokumentene er fortsatt versjon {version}.", version=report.version))
    for path in report.outputs:
        echo(f"  {path}")
    for note in report.notes:
        echo(_("Merk: {note}", note=lang.render(note)), fg="yellow")
    if example_warning and report.example_config:
        from pipeline.workspace import EXAMPLE_CONFIG

        echo(_("Merk: {note}", note=lang.render(EXAMPLE_CONFIG)), fg="yellow")
    for i, line in enumerate(held_lines(report.held, report.listed, lang)):
        echo(line, fg="yellow") if i == 0 else echo(line)


def unknown_sub_goal_lines(cited: tuple[tuple[str, str], ...], lang: Lang | None = None) -> list[str]:
    """One line per measure that cites a delmål strategi.toml no longer has
    (*cited*: measure id, delmål as the form gives it)."""
    lang = lang_of(lang)
    return [
        lang.gettext("{measure} viser til delmål {code}, som ikke finnes i strategi.toml lenger – "
                     "tiltaket får ikke poeng for strategisk forankring.", measure=measure, code=code)
        for measure, code in cited
    ]


def _change_summary(changes: Changes | None, lang: Lang) -> str:
    """« (2 enheter med ny revisjon, 1 tiltak lagt til, …)», or empty for the first version."""
    if changes is None:
        return ""
    # lang.ngettext by its own name: Babel finds the text only in a call it knows (KEYWORDS)
    parts = []
    if changes.units:
        parts.append(lang.ngettext("{n} enhet med ny revisjon", "{n} enheter med ny revisjon", len(changes.units)))
    if changes.added:
        parts.append(lang.ngettext("{n} tiltak lagt til", "{n} tiltak lagt til", len(changes.added)))
    if changes.removed:
        parts.append(lang.ngettext("{n} tiltak fjernet", "{n} tiltak fjernet", len(changes.removed)))
    if changes.changed:
        parts.append(lang.ngettext("{n} tiltak endret", "{n} tiltak endret", len(changes.changed)))
    if changes.decisions:
        parts.append(lang.ngettext("{n} beslutning endret", "{n} beslutninger endret", len({c.id for c in changes.decisions})))
    if changes.comparison:
        parts.append(lang.gettext("sammenligningen med andre kommuner er endret"))
    if changes.actions:
        parts.append(lang.ngettext("{n} handling fra sekretariatet", "{n} handlinger fra sekretariatet", len(changes.actions)))
    if not parts:
        parts.append(lang.gettext("endret oppsett eller maler"))
    return " (" + ", ".join(parts) + ")"
