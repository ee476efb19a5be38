"""The remarks on a measure (messages the secretariat and the documents
show, rendered by the edge with ``lang.render``): missing or unknown answers, amounts not computed, references
under «Avhengigheter» that name no known measure, its coordination group,
dependency cycles, and what the frame could not honour."""

from __future__ import annotations

import re
from typing import Sequence

from pipeline.core.coordination import CoordinationGroup
from pipeline.core.model import Measure, Municipality, Problem
from pipeline.core.scoring import ASSUMED_DURATION_MONTHS, RISK_FRACTION
from pipeline.i18n import Amount, Msg, Words

#: The remark on a measure with an amount not computed starts so; the documents show the state as this.
COST_UNKNOWN = "Kostnad utredes"
#: The amounts of a measure inside a sentence («investeringen og den årlige driften er ikke beregnet»).
_AMOUNT_WORDS = {"investment": Msg("investeringen"), "operating_cost": Msg("den årlige driften"),
                 "benefit": Msg("den årlige gevinsten")}


def measure_flags(model: Municipality, m: Measure, unknown_refs: tuple[str, ...],
                  problems: dict[tuple[str, int], Problem]) -> list[Msg]:
    """The remarks on *m* alone: *unknown_refs* are its dependency references
    that name no measure, *problems* the model's problems by (unit key, nr)."""
    config = model.config
    flags = []
    if not m.sub_goal:
        flags.append(Msg("Tiltaket er ikke knyttet til et delmål."))
    elif cites_unknown_sub_goal(model, m):
        flags.append(Msg("Delmålet «{goal}» finnes ikke i strategien.", goal=m.sub_goal))
    for nr in m.problem_nrs:
        if (m.prov.unit, nr) not in problems:
            flags.append(Msg("Problem nr. {nr} finnes ikke i enhetens problemliste.", nr=nr))
    unknown = [_AMOUNT_WORDS[name] for name, value in (("investment", m.investment),
                                                       ("operating_cost", m.operating_cost),
                                                       ("benefit", m.benefit)) if value is None]
    if unknown:
        # TRANSLATORS: starts with «Kostnad utredes:» (the state the documents show); {amounts} is e.g.
        # «investeringen og den årlige driften».
        flags.append(Msg("Kostnad utredes: {amounts} er ikke beregnet. Tiltaket får ingen økonomipoeng og "
                         "belaster ikke investeringsrammen før beløpet er kjent.", amounts=Words(unknown)))
    elif m.investment + m.operating_cost > 0 and m.benefit == 0:
        flags.append(Msg("Tiltaket har kostnader, men ingen gevinst i kroner (gevinsten er bare beskrevet i ord).")
                     if m.benefit_description else Msg("Tiltaket har kostnader, men ingen gevinst i kroner."))
    elif m.investment == 0 and m.operating_cost == 0 and m.benefit == 0:
        flags.append(Msg("Tiltaket har verken kostnader eller gevinst i kroner."))
    if not _named(m.responsible):
        flags.append(Msg("Ingen er satt som ansvarlig for gjennomføring."))
    if not _named(m.follow_up):
        flags.append(Msg("Ingen er satt som ansvarlig for oppfølging."))
    if m.risk not in RISK_FRACTION:
        flags.append(Msg("Risiko er ikke oppgitt."))
    if m.period is None:
        flags.append(Msg("Tidsrom er ikke oppgitt."))
    elif not config.period_from <= m.period.year <= config.period_to:
        flags.append(Msg("Tidsrommet {period} er utenfor strategiperioden {start}–{end}.",
                         period=m.period.words, start=config.period_from, end=config.period_to))
    elif m.duration_months is not None:
        end_month = (m.period.start_month - 1) + m.duration_months  # months after 1 January of the start year
        if m.period.year + (end_month - 1) // 12 > config.period_to:
            flags.append(Msg("Med {months} måneders varighet blir tiltaket ikke ferdig innen strategiperioden "
                             "{start}–{end}.", months=m.duration_months, start=config.period_from,
                             end=config.period_to))
    if m.duration_months is None:
        flags.append(Msg("Varighet er ikke oppgitt (regnet som {months} måneder).", months=ASSUMED_DURATION_MONTHS))
    for ref in unknown_refs:
        flags.append(Msg("Avhengigheten «{reference}» viser ikke til noe kjent tiltak.", reference=ref))
    return flags


def coordination_flag(group: CoordinationGroup, partners: Sequence[str]) -> Msg:
    """The remark on a measure of coordination *group*: the *partners* by id when
    the group is small (they are given), else the group by its id and name, so
    the remark has the same size however many units propose the same thing."""
    if partners:
        return Msg("Kan samordnes med {ids} i andre enheter (samordningsgruppe {group}).",
                   ids=Words(partners), group=group.id)
    # TRANSLATORS: «Samordning» is the overview workbook's sheet and «Samlet-oversikt.xlsx» its file name:
    # use the names the overview has in your language.
    return Msg("Inngår i samordningsgruppe {group}, «{name}», med {measures} tiltak fra "
               "{units} enheter; se arket «Samordning» i Samlet-oversikt.xlsx.",
               group=group.id, name=group.name, measures=len(group.ids), units=len(group.units))


def cycle_flag(id: str, cycle: Sequence[str]) -> Msg:
    """The remark on measure *id*, which depends on the others of *cycle* in a circle."""
    others = [c for c in cycle if c != id]
    return Msg("Tiltaket og {ids} forutsetter hverandre i en sirkel, så rekkefølgen mellom dem er ikke "
               "sjekket. Rett «Avhengigheter» i skjemaet, eller slå tiltakene sammen i beslutninger.xlsx.",
               ids=Words(others))


def placement_flags(included: bool, waits_for: Sequence[str], over_frame: int, year: int | None,
                    needed_by: Sequence[str] = ()) -> list[Msg]:
    """The remarks on what placing an included measure (or a prerequisite of
    one, *needed_by*) could not honour: a prerequisite not in the plan, a year's
    frame overrun."""
    flags = []
    if (included or needed_by) and waits_for:
        flags.append(Msg("Tiltaket er tatt med etter beslutning, men forutsetter {ids}, som ikke er med i "
                         "planen. Ta med forutsetningen også, eller rett avhengigheten.", ids=Words(waits_for)))
    if over_frame > 0 and needed_by and not included:
        flags.append(Msg("Rammen for {year} er overskredet med {over} fordi {ids} er tatt "
                         "med etter beslutning og forutsetter tiltaket.",
                         year=year, over=Amount(over_frame), ids=Words(needed_by)))
    elif over_frame > 0:
        flags.append(Msg("Rammen for {year} er overskredet med {over} fordi tiltaket er tatt med etter "
                         "beslutning.", year=year, over=Amount(over_frame)))
    return flags


def moved_past_period_flag(m: Measure, year: int | None, last_year: int) -> list[Msg]:
    """The remark on a measure the plan moved to start in *year* (None: no
    year) that then finishes after the strategy period's *last_year*; none when
    it was not moved or its duration is not given."""
    if m.period is None or year is None or year == m.period.year or not m.duration_months:
        return []
    moved = m.period.moved_to(year)
    end = moved.end_year(m.duration_months)
    if end <= last_year:
        return []
    return [Msg("Tiltaket starter nå {moved} i stedet for {planned} og varer {months} måneder, så det blir ferdig "
                "i {end}, etter strategiperioden, som slutter i {last_year}.",
                moved=moved.words, planned=m.period.words, months=m.duration_months, end=end, last_year=last_year)]


def cites_unknown_sub_goal(model: Municipality, m: Measure) -> bool:
    """*m* names a delmål the configuration does not have (the form was accepted
    when it had; a renamed or removed delmål costs the measure its strategy points)."""
    return bool(m.sub_goal) and model.config.sub_goal(m.sub_goal) is None


def _named(text: str | None) -> bool:
    """A name, not a placeholder such as «-» or «?»."""
    return any(ch.isalnum() for ch in text or "")


class References:
    """Finds measure references in the free text «Avhengigheter».

    ``<unit code>-<nr>`` (any configured or used unit code, any letter case,
    e.g. ``FBS-3``) names a measure of that unit; ``tiltak 3`` / ``tiltak nr. 3``
    names the same unit's measure 3. Anything else that looks like a measure id,
    two to six capital letters, a hyphen and a number (``ABC-7``), names an
    unknown unit. A reference to no existing measure is reported."""

    _ID = re.compile(r"(?<![\w-])([A-ZÆØÅ]{2,6})\s?-\s?(\d{1,3})(?![\d-])")
    _LOCAL = re.compile(r"\btiltak(?:\s+(?:nr\.?|nummer))?\s*(\d{1,3})\b", re.IGNORECASE)

    def __init__(self, model: Municipality, ids: dict[Measure, str]):
        self.known = {(m.prov.unit, m.nr): ids[m] for m in model.measures}
        codes = sorted(((u.code, u.key) for u in model.units), key=lambda c: (-len(c[0]), c[0]))
        self.codes = [
            (re.compile(r"(?<![\w-])" + re.escape(code) + r"\s?-\s?(\d{1,3})(?![\d-])", re.IGNORECASE), key)
            for code, key in codes
        ]

    def resolve(self, m: Measure) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(ids of the known measures named, references as written that name none)."""
        text = m.dependencies or ""
        # Longest unit codes first, then unknown ids, then «tiltak N»; a stretch of
        # text is only read once.
        # Every id pattern needs a hyphen; most texts have none (or no text at all).
        ids = [(pattern, key) for pattern, key in self.codes] + [(self._ID, None)] if "-" in text else []
        searches = ids + [(self._LOCAL, m.prov.unit)]
        found: list[tuple[int, int, str, str | None, int]] = []  # start, end, as written, unit key, nr
        for pattern, key in searches:
            for match in pattern.finditer(text):
                start, end = match.span()
                if all(end <= s or start >= e for s, e, *_ in found):
                    found.append((start, end, match.group(0), key, int(match.group(match.lastindex))))
        known, unknown = [], []
        for _, _, written, key, nr in sorted(found):
            target = self.known.get((key, nr)) if key else None
            if target is None:
                unknown.append(written)
            elif (key, nr) != (m.prov.unit, m.nr):
                known.append(target)
        return tuple(dict.fromkeys(known)), tuple(dict.fromkeys(unknown))
