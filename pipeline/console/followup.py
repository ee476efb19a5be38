"""The adopted plan and its yearly follow-up (issue 15): what ``vedta`` recorded, the
follow-up forms ``oppfolging`` wrote, and who has reported (in ``status``)."""

from __future__ import annotations

from pipeline.console.common import lang_of
from pipeline.i18n import Lang
from pipeline.terminal import echo


def followup_lines(f, lang: Lang | None = None) -> list[str]:
    """Which units have reported on the year's follow-up (:class:`pipeline.intake.followup.FollowUpStatus`),
    in *lang* (``None``: the command line's language)."""
    lang = lang_of(lang)
    _ = lang.gettext
    lines = ["\n" + _("Oppfølging {year} (vedtatt plan {date}):", year=f.year, date=lang.day(f.adopted_on))]
    # TRANSLATORS: the column headings of the follow-up table in «iktplan status»; keep them short.
    rows = [(lang.pgettext("column", "Enhet"), lang.pgettext("column", "Tiltak"), lang.pgettext("column", "Rev."),
             lang.pgettext("column", "Levert"), lang.pgettext("column", "Rapportert"),
             lang.pgettext("column", "Status"))]
    for u in f.units:
        rows.append((u.name, str(u.measures), str(u.revision or ""), lang.timestamp(u.delivered_at),
                     _("{reported} av {n}", reported=u.reported, n=u.measures) if u.revision else "",
                     lang.render(u.label)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    lines.append("\n" + lang.ngettext("{delivered} av {n} enhet har rapportert på oppfølgingen for {year}.",
                                      "{delivered} av {n} enheter har rapportert på oppfølgingen for {year}.",
                                      len(f.units), delivered=f.delivered, year=f.year))
    if f.quarantined:
        lines.append(_("Oppfølgingsskjemaer i karantene ({n}):", n=len(f.quarantined)))
        for r in f.quarantined:
            line = f"  {lang.timestamp(r.received_at)}  {r.original_name}  – " + \
                lang.ngettext("{n} feil", "{n} feil", len(r.errors))
            if r.unit_name:
                line += f" ({r.unit_name})"
            lines.append(line)
    return lines


def print_adopted(b, lang: Lang | None = None) -> None:
    """What ``iktplan vedta`` recorded (a :class:`pipeline.core.baseline.Baseline`), in *lang*
    (``None``: the command line's language)."""
    lang = lang_of(lang)
    _ = lang.gettext
    measures = lang.ngettext("{n} tiltak", "{n} tiltak", len(b.adopted))
    units = lang.ngettext("{n} enhet", "{n} enheter", len(b.reporting_units))
    if b.case_ref:
        # TRANSLATORS: {measures} is «3 tiltak», {units} «2 enheter» (translated on their own).
        echo(_("Vedtaket {date} ({case}) er registrert: versjon {version} med {measures} i handlingsplanen fra "
               "{units} er utgangspunktet for oppfølgingen {first}–{last}.", date=lang.day(b.adopted_on),
               case=b.case_ref, version=b.version, measures=measures, units=units, first=b.first_year,
               last=b.period_to))
    else:
        echo(_("Vedtaket {date} er registrert: versjon {version} med {measures} i handlingsplanen fra {units} er "
               "utgangspunktet for oppfølgingen {first}–{last}.", date=lang.day(b.adopted_on), version=b.version,
               measures=measures, units=units, first=b.first_year, last=b.period_to))
    echo(_("Lag oppfølgingsskjemaene med «iktplan oppfolging --ar {year}».", year=b.first_year))


def print_followup_round(r, lang: Lang | None = None) -> None:
    """The follow-up forms ``iktplan oppfolging`` wrote (a :class:`pipeline.intake.followup.Round`), in
    *lang* (``None``: the command line's language)."""
    lang = lang_of(lang)
    echo(lang.ngettext("{n} oppfølgingsskjema for {year} er laget i {folder}:",
                       "{n} oppfølgingsskjemaer for {year} er laget i {folder}:", len(r.forms), year=r.year,
                       folder=str(r.folder)))
    for path in r.forms:
        echo(f"  {path.name}")
    echo(lang.gettext("Send hver enhet sitt skjema. Utfylte skjemaer legges i innboksen eller sendes på e-post."))


def status_report_lines(r, root, lang: Lang | None = None) -> list[str]:
    """What ``iktplan statusrapport`` made (a :class:`pipeline.followuprun.StatusReportResult`), in
    *lang* (``None``: the command line's language)."""
    lang = lang_of(lang)
    _ = lang.gettext
    t = r.followup.totals
    where = r.path.relative_to(root).as_posix() if r.path.is_relative_to(root) else str(r.path)
    if not r.waiting:
        lines = [_("Statusrapporten for {year} er laget: {path}", year=r.year, path=where)]
    else:
        lines = [_("Statusrapporten for {year} er laget, men {path} er åpen i et annet program. Den nye ligger i "
                   "{folder} og legges på plass når fila er lukket og du kjører «iktplan statusrapport» igjen.",
                   year=r.year, path=where, folder=r.archived.parent.relative_to(root).as_posix())]
    lines.append(lang.ngettext("{reported} av {n} enhet har rapportert, på {measures_reported} av {measures} tiltak.",
                               "{reported} av {n} enheter har rapportert, på {measures_reported} av {measures} "
                               "tiltak.", len(r.followup.units), reported=len(r.followup.reported_units),
                               measures_reported=t.reported, measures=t.measures))
    if r.kept_edit is not None:
        lines.append(_("Den forrige var redigert for hånd; den er tatt vare på som {path}.",
                       path=r.kept_edit.relative_to(root).as_posix()))
    if r.workbook is not None:
        book = r.workbook.relative_to(root).as_posix() if r.workbook.is_relative_to(root) else str(r.workbook)
        if not r.workbook_waiting:
            lines.append(_("Oppfølgingen og gevinstene per tiltak står også som regneark i {path}.", path=book))
        else:
            lines.append(_("{path} er åpen i et annet program, så regnearket med oppfølgingen og gevinstene er "
                           "ikke byttet ut. Det nye legges på plass når fila er lukket og du kjører «iktplan "
                           "statusrapport» igjen.", path=book))
        if r.workbook_kept_edit is not None:
            lines.append(_("Det forrige regnearket var redigert for hånd; det er tatt vare på som {path}.",
                           path=r.workbook_kept_edit.relative_to(root).as_posix()))
    if r.followup.missing_units:
        lines.append(_("Ikke levert ennå: {units}.", units=lang.join([u.unit.name for u in r.followup.missing_units])))
    return lines


def print_status_report(r, root, lang: Lang | None = None) -> None:
    for line in status_report_lines(r, root, lang):
        echo(line)
