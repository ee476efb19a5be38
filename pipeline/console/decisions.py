"""What a run did with the secretariat's decisions (beslutninger.xlsx), and measures depending on each other in a circle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from pipeline.console.common import lang_of
from pipeline.i18n import Lang

if TYPE_CHECKING:
    from pipeline.build import RunReport


def decision_lines(report: RunReport, lang: Lang | None = None) -> list[str]:
    """What the run did with beslutninger.xlsx, every row it could not use, and
    the measures depending on each other in a circle. Empty when the run built nothing."""
    lang = lang_of(lang)
    _ = lang.gettext
    d = report.decisions
    lines = []
    if d is not None:
        if d.unreadable:
            lines.append(lang.render(d.unreadable))
        if d.used:
            lines.append(lang.ngettext("Sekretariatets beslutninger: {n} beslutning fra {file} er brukt.",
                                       "Sekretariatets beslutninger: {n} beslutninger fra {file} er brukt.",
                                       d.used, file=d.path.name))
        if d.issues:
            lines.append(lang.ngettext("{file}: {n} rad kunne ikke brukes helt (resten av arket er brukt):",
                                       "{file}: {n} rader kunne ikke brukes helt (resten av arket er brukt):",
                                       len(d.issues), file=d.path.name))
            lines += [f"  {lang.render(issue)}" for issue in d.issues]
        if d.vanished:
            lines.append(_("Beslutninger om tiltak som ikke finnes lenger (tatt vare på nederst i arket): {ids}.",
                           ids=", ".join(d.vanished)))
        if d.not_written:
            lines.append(lang.render(d.not_written))
        elif d.created:
            lines.append(_("Laget {file}: her skriver sekretariatet sine beslutninger om tiltakene "
                           "(se arket «Veiledning»).", file=str(d.path)))
        elif d.written:
            lines.append(_written_line(d, lang))
    for cycle in report.cycles:
        lines.append(_("Tiltakene {ids} forutsetter hverandre i en sirkel: rett «Avhengigheter» i "
                       "skjemaene, eller slå dem sammen i beslutninger.xlsx.", ids=lang.join(list(cycle))))
    return lines


def _written_line(d, lang: Lang) -> str:
    """«Oppdaterte beslutninger.xlsx: la til 1 nytt tiltak (FBS-4) og oppdaterte tallene.» (and the kept copy)."""
    if d.added and d.copy:
        return lang.ngettext(
            "Oppdaterte {file}: la til {n} nytt tiltak ({ids}) og oppdaterte tallene (forrige versjon er tatt vare på "
            "som {copy}).",
            "Oppdaterte {file}: la til {n} nye tiltak ({ids}) og oppdaterte tallene (forrige versjon er tatt vare på "
            "som {copy}).", len(d.added), file=d.path.name, ids=_listed(d.added, lang), copy=d.copy.name)
    if d.added:
        return lang.ngettext("Oppdaterte {file}: la til {n} nytt tiltak ({ids}) og oppdaterte tallene.",
                             "Oppdaterte {file}: la til {n} nye tiltak ({ids}) og oppdaterte tallene.",
                             len(d.added), file=d.path.name, ids=_listed(d.added, lang))
    if d.copy:
        return lang.gettext("Oppdaterte tallene i {file} (forrige versjon er tatt vare på som {copy}).",
                            file=d.path.name, copy=d.copy.name)
    return lang.gettext("Oppdaterte tallene i {file}.", file=d.path.name)


def _listed(ids: Sequence[str], lang: Lang, limit: int = 5) -> str:
    """«A, B og C», or «A, B, C, D, E og 7 til» when there are more than *limit*."""
    if len(ids) <= limit:
        return lang.join(list(ids))
    return lang.gettext("{ids} og {n} til", ids=", ".join(ids[:limit]), n=len(ids) - limit)
