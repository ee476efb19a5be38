"""How one measure is judged: the four parts of its score (0–100), its category
(quick win or critical process), and the explanation of both that the documents
print. The rules are listed in :mod:`pipeline.core.assessment`."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config import Criteria
from pipeline.contract import CATEGORIES
from pipeline.core.economics import Economics
from pipeline.core.model import Measure, Municipality, Problem
from pipeline.formatting import amount, kroner, number, percent

CRITICAL, QUICK_WIN = CATEGORIES  # "Kritisk prosess", "Quick win"

ECONOMY, STRATEGY, RISK, TIME = "Økonomi", "Strategisk forankring", "Risiko", "Tid til effekt"

PRIORITY_FRACTION = {"Høy": 1.0, "Middels": 0.6, "Lav": 0.3}
RISK_FRACTION = {"Lav": 1.0, "Middels": 0.5, "Høy": 0.0}
#: Fraction given when the risk or the time is not stated: low, so a measure is
#: never rewarded for missing information, but above the worst answer.
UNKNOWN_FRACTION = 0.25
#: Duration assumed when a measure gives a time but no duration.
ASSUMED_DURATION_MONTHS = 12


@dataclass(frozen=True)
class ScorePart:
    """One criterion's contribution to a measure's score."""

    criterion: str  # «Økonomi», «Strategisk forankring», «Risiko», «Tid til effekt»
    weight: float  # the configured weight
    points: float  # contribution to the 0–100 score, one decimal
    reason: str  # one Norwegian sentence


def scoring_explanation(criteria: Criteria) -> str:
    """The scoring and the filling of the frame in a few paragraphs a politician
    can read (one per line), with the configured values."""
    w = criteria.weights
    scale = 100 / w.total
    weights = [round(x * scale) for x in (w.economy, w.strategy, w.risk, w.time)]
    later = (
        "Får et tiltak ikke plass i rammen for året det starter, flyttes det til det første senere året i "
        "strategiperioden som har plass, og grunnen står ved tiltaket."
        if criteria.move_to_later_year else
        "Får et tiltak ikke plass i rammen for året det starter, står det utenfor rammen (det flyttes ikke til "
        "et senere år)."
    )
    return (
        "Hvert tiltak får en poengsum fra 0 til 100. Poengene er summen av fire kriterier: "
        f"økonomi ({weights[0]} poeng), strategisk forankring ({weights[1]}), "
        f"risiko ({weights[2]}) og tid til effekt ({weights[3]}).\n"
        f"Økonomi: Nåverdien regnes over {criteria.horizon_years} år med "
        f"{_rate(criteria.discount_rate)} reell kalkulasjonsrente, slik Finansdepartementets "
        "rundskriv R-109 anbefaler. Investeringen regnes i år 0, årlig drift og gevinst fra år 1. "
        "Er gevinsten like stor som kostnaden (begge regnet som nåverdi), får tiltaket halve "
        "økonomipoengene; dobbelt så stor gevinst gir fulle poeng. Gevinster i tid og kvalitet regnes med "
        "slik enhetene har verdsatt dem, selv om de ikke gir penger i budsjettet. Er et beløp ikke beregnet "
        "(«kostnad utredes»), regnes ingen nåverdi, og økonomien gir ingen poeng.\n"
        "Strategisk forankring: Halve poengene for å bygge opp under et delmål i strategien, "
        "resten etter prioriteten til problemene tiltaket løser.\n"
        "Risiko: Lav risiko gir fulle poeng, middels halve, høy ingen. Tid til effekt: Jo tidligere "
        "i strategiperioden tiltaket er ferdig, jo flere poeng. Mangler et svar, gir det lave poeng "
        "og en merknad.\n"
        "Ved lik poengsum går tiltaket med høyest nåverdi foran, deretter det med lavest investering. "
        "Handlingsplanen fylles innenfor hvert års investeringsramme; hele investeringen regnes i året "
        "tiltaket starter. Tiltak sekretariatet har besluttet å ta med, tas inn først, sammen med tiltakene "
        "de forutsetter (med mindre sekretariatet har besluttet å ikke ta dem med), deretter de andre i "
        "prioritert rekkefølge. Tiltak sekretariatet har besluttet å ikke ta med, står utenfor planen, og "
        "et tiltak som er utsatt, regnes i året det er utsatt til. Tiltak som er slått sammen, er ett "
        "felles tiltak som regnes én gang, med tallene til tiltaket de er slått sammen med.\n"
        "Et tiltak tas aldri inn i et tidligere år enn tiltakene det forutsetter: det venter på "
        "forutsetningen, og er ikke forutsetningen med i planen, er heller ikke tiltaket det. "
        "Forutsetningen trekkes ikke fram foran tiltak med høyere prioritet, unntatt når sekretariatet "
        "har tatt med tiltaket som trenger den. Tiltak som forutsetter hverandre i en sirkel, får en merknad.\n"
        f"{later} Et tiltak med kostnad som utredes, står i planen i sitt år, men belaster ikke rammen; "
        "summene sier hvor mange slike tiltak de ikke tar med.\n"
        "Et tiltak er en quick win når det er lite og raskt og risikoen ikke er høy: investeringen er "
        f"høyst {kroner(criteria.quick_win_max_investment)}, det tar høyst {criteria.quick_win_max_months} "
        "måneder, og risikoen er oppgitt og ikke høy. Er kostnaden ikke beregnet, avgjør varigheten og "
        "risikoen. Lønnsomhet kreves ikke, den teller i poengsummen. De andre tiltakene er kritiske "
        "prosesser, de store og langsiktige prosjektene."
    )


def _rate(rate: float) -> str:
    whole = abs(rate * 100 - round(rate * 100)) < 1e-9
    return percent(rate, 0 if whole else 1)


#: The explanation with the default criteria. Documents should prefer
#: ``Assessment.explanation``, which shows the workspace's configured values.
SCORING_EXPLANATION = scoring_explanation(Criteria())


# --- the score's parts -----------------------------------------------------------------


def score_parts(model: Municipality, m: Measure, econ: Economics | None,
                problems: dict[tuple[str, int], Problem]) -> tuple[ScorePart, ...]:
    """Economy, strategy, risk and time, each with its points and reason.
    *econ* is None when an amount is not computed; *problems* holds the model's
    problems by (unit key, nr)."""
    w = model.config.criteria.weights
    scale = 100 / w.total
    economy, economy_reason = _economy(econ, model.config.criteria.horizon_years)
    strategy, strategy_reason = _strategy(model, m, problems)
    risk, risk_reason = _risk(m)
    time, time_reason = _time(model, m)
    return (
        ScorePart(ECONOMY, w.economy, round(w.economy * scale * economy, 1), economy_reason),
        ScorePart(STRATEGY, w.strategy, round(w.strategy * scale * strategy, 1), strategy_reason),
        ScorePart(RISK, w.risk, round(w.risk * scale * risk, 1), risk_reason),
        ScorePart(TIME, w.time, round(w.time * scale * time, 1), time_reason),
    )


def _economy(econ: Economics | None, horizon: int) -> tuple[float, str]:
    if econ is None:
        return 0.0, "Kostnad eller gevinst er ikke beregnet (utredes), så økonomien gir ingen poeng."
    over = f"over {horizon} år"
    if econ.benefit_cost_ratio is not None:
        ratio = econ.benefit_cost_ratio
        return (
            min(ratio / 2, 1.0),
            f"Nåverdien {over} er {amount(econ.npv)}; gevinsten er {number(ratio, 1)} ganger kostnaden.",
        )
    if econ.total_benefit > 0:
        return 1.0, f"Tiltaket har ingen kostnader og en nåverdi {over} på {amount(econ.npv)}."
    return 0.5, "Verken kostnader eller gevinst er oppgitt i kroner, så økonomien gir halve poeng."


def _strategy(model: Municipality, m: Measure, index: dict[tuple[str, int], Problem]) -> tuple[float, str]:
    goal = model.config.sub_goal(m.sub_goal)
    problems = [p for nr in m.problem_nrs if (p := index.get((m.prov.unit, nr))) is not None]
    priorities = [p.priority for p in problems if p.priority in PRIORITY_FRACTION]
    if priorities:
        best = max(priorities, key=PRIORITY_FRACTION.__getitem__)
        fraction, answers = PRIORITY_FRACTION[best], f"et problem med {best.lower()} prioritet"
    elif problems:
        fraction, answers = PRIORITY_FRACTION["Lav"], "et problem uten oppgitt prioritet (regnet som lav)"
    else:
        fraction, answers = 0.0, None
    serves = f"Bygger opp under delmål {goal.code}" if goal else "Er ikke knyttet til et delmål"
    reason = f"{serves} og svarer på {answers}." if answers else f"{serves} og svarer ikke på et registrert problem."
    return (0.5 if goal else 0.0) + 0.5 * fraction, reason


def _risk(m: Measure) -> tuple[float, str]:
    if m.risk in RISK_FRACTION:
        return RISK_FRACTION[m.risk], f"Risikoen er vurdert som {m.risk.lower()}."
    return UNKNOWN_FRACTION, "Risikoen er ikke oppgitt, så den gir lave poeng."


def _time(model: Municipality, m: Measure) -> tuple[float, str]:
    config = model.config
    if m.period is None:
        return UNKNOWN_FRACTION, "Tidsrom er ikke oppgitt, så tid til effekt gir lave poeng."
    span = 12 * len(config.years)
    duration = m.duration_months or ASSUMED_DURATION_MONTHS
    start = max(0, (m.period.year - config.period_from) * 12 + m.period.start_month - 1)
    done = start + duration
    fraction = min(1.0, max(0.0, 1 - done / span))
    if m.duration_months:
        lasts = f"varer {duration} måneder"
    else:
        lasts = f"varighet er ikke oppgitt (regnet som {duration} måneder)"
    return fraction, (
        f"Starter {m.period.label} og {lasts}: ferdig etter om lag {done} av {span} måneder i strategiperioden."
    )


# --- category ---------------------------------------------------------------------------


def category(m: Measure, criteria: Criteria) -> str:
    """«Quick win» when small, fast and not high risk; otherwise «Kritisk prosess».
    Profit is not asked for (it counts in the score). An investment that is not
    computed does not count against «small»: duration and risk decide (as in
    Ballangen's plan, seed 003, where «kostnad utredes» measures are quick wins)."""
    quick = (
        (m.investment is None or m.investment <= criteria.quick_win_max_investment)
        and m.duration_months is not None
        and m.duration_months <= criteria.quick_win_max_months
        and m.risk in ("Lav", "Middels")
    )
    return QUICK_WIN if quick else CRITICAL
