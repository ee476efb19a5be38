"""The yearly rullering («iktplan rullering») and the demo's second year."""

from __future__ import annotations

from pathlib import Path

from pipeline.i18n import Lang
from pipeline.terminal import echo


def rolled_lines(result, lang: Lang) -> list[str]:
    """What ``iktplan rullering`` made (*result*: a :class:`pipeline.rollrun.RollResult`)."""
    _ = lang.gettext
    plan = result.plan
    carried = sum(1 for m in plan.measures if m.carry)
    new = sum(1 for m in plan.measures if m.origin == "nytt")
    lines = [
        lang.ngettext("Handlingsplanen er rullert til {year}: {n} tiltak i planen.",
                      "Handlingsplanen er rullert til {year}: {n} tiltak i planen.", len(plan.in_plan),
                      year=plan.year),
        _("  Videreført: {carried}. Nye: {new}. Utgår: {dropped}. Ferdige: {done}.", carried=carried, new=new,
          dropped=len(plan.dropped), done=len(plan.done)),
    ]
    lines += [f"  {p}" for p in result.paths]
    lines += [lang.render(note) for note in result.notes]
    lines.append(_("Når kommunestyret har vedtatt planen: iktplan vedta --fra-ar {year} --dato DATO --sak SAKSNR",
                   year=plan.year))
    return lines


def print_rolled(result, lang: Lang) -> None:
    for line in rolled_lines(result, lang):
        echo(line)


def print_demo_second_year(lang: Lang, baseline, forms: int, new_from: str) -> None:
    """The demo's fourth call: the plan adopted, the follow-up forms filled in (*new_from*: the
    unit that added a measure)."""
    _ = lang.gettext
    echo(_("Andre år: kommunestyret vedtok planen {date} (sak {case}), og enhetene har fylt ut "
           "oppfølgingsskjemaene for {year}: noen tiltak er ferdige, noen er utsatt, ett er avbrutt, og gevinstene "
           "er delvis realisert. {unit} har meldt inn et nytt tiltak.",
           date=lang.day(baseline.adopted_on), case=baseline.case_ref or "", year=baseline.first_year,
           unit=new_from))
    echo(lang.ngettext("{n} skjema lagt i innboksen.", "{n} skjemaer lagt i innboksen.", forms))


def print_demo_status_report(lang: Lang, status_report: Path | None) -> None:
    """Where the demo's status report is (None: not made)."""
    if status_report is not None:
        echo(lang.gettext("Statusrapporten: {path}", path=str(status_report)))


def print_adopted_rolled(baseline, lang: Lang) -> None:
    """What ``iktplan vedta --fra-ar`` recorded after a rullering (a :class:`pipeline.core.baseline.Baseline`)."""
    _ = lang.gettext
    if baseline.case_ref:
        echo(_("Vedtaket {date} ({case}) er registrert: den rullerte handlingsplanen med {n} tiltak gjelder fra "
               "{year}.", date=lang.day(baseline.adopted_on), case=baseline.case_ref, n=len(baseline.adopted),
               year=baseline.first_year))
    else:
        echo(_("Vedtaket {date} er registrert: den rullerte handlingsplanen med {n} tiltak gjelder fra {year}.",
               date=lang.day(baseline.adopted_on), n=len(baseline.adopted), year=baseline.first_year))
    echo(_("Lag oppfølgingsskjemaene med «iktplan oppfolging --ar {year}».", year=baseline.first_year))
