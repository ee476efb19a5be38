"""What a run did with the secretariat's decisions (beslutninger.xlsx), and measures depending on each other in a circle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from pipeline import formatting as fmt
from pipeline.console.common import fmt_join

if TYPE_CHECKING:
    from pipeline.build import RunReport


def decision_lines(report: RunReport) -> list[str]:
    """What the run did with beslutninger.xlsx, every row it could not use, and
    the measures depending on each other in a circle. Empty when the run built nothing."""
    d = report.decisions
    lines = []
    if d is not None:
        if d.unreadable:
            lines.append(d.unreadable)
        if d.used:
            lines.append(f"Sekretariatets beslutninger: {fmt.plural(d.used, 'beslutning', 'beslutninger')} fra "
                         f"{d.path.name} er brukt.")
        if d.issues:
            lines.append(f"{d.path.name}: {fmt.plural(len(d.issues), 'rad', 'rader')} kunne ikke brukes helt "
                         "(resten av arket er brukt):")
            lines += [f"  {issue}" for issue in d.issues]
        if d.vanished:
            lines.append(f"Beslutninger om tiltak som ikke finnes lenger (tatt vare på nederst i arket): "
                         f"{', '.join(d.vanished)}.")
        if d.not_written:
            lines.append(d.not_written)
        elif d.created:
            lines.append(f"Laget {d.path}: her skriver sekretariatet sine beslutninger om tiltakene "
                         "(se arket «Veiledning»).")
        elif d.written:
            what = (f"{d.path.name}: la til {fmt.plural(len(d.added), 'nytt tiltak', 'nye tiltak')} "
                    f"({_listed(d.added)}) og oppdaterte tallene" if d.added else f"tallene i {d.path.name}")
            lines.append(f"Oppdaterte {what}" +
                         (f" (forrige versjon er tatt vare på som {d.copy.name})." if d.copy else "."))
    for cycle in report.cycles:
        lines.append(f"Tiltakene {fmt_join(cycle)} forutsetter hverandre i en sirkel: rett «Avhengigheter» i "
                     "skjemaene, eller slå dem sammen i beslutninger.xlsx.")
    return lines


def _listed(ids: Sequence[str], limit: int = 5) -> str:
    """«A, B og C», or «A, B, C, D, E og 7 til» when there are more than *limit*."""
    if len(ids) <= limit:
        return fmt_join(ids)
    return f"{', '.join(ids[:limit])} og {len(ids) - limit} til"
