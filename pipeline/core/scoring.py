"""How one measure is judged: the four parts of its score (0–100), its category
(quick win or critical process), and the explanation of both that the documents
print. The rules are listed in :mod:`pipeline.core.assessment`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pipeline.config import Criteria
from pipeline.contract import CATEGORIES
from pipeline.core.economics import Economics
from pipeline.core.model import Measure, Municipality, Problem
from pipeline.i18n import Amount, Lang, Msg, Number, Percent, Rounded, pMsg

CRITICAL, QUICK_WIN = CATEGORIES  # "Kritisk prosess", "Quick win"

ECONOMY, STRATEGY, RISK, TIME = "Økonomi", "Strategisk forankring", "Risiko", "Tid til effekt"
#: The criteria as a reader sees them (the constants above are identifiers, bokmål in every language).
CRITERION_NAMES = {
    ECONOMY: pMsg("criterion", "Økonomi"),
    STRATEGY: pMsg("criterion", "Strategisk forankring"),
    RISK: pMsg("criterion", "Risiko"),
    TIME: pMsg("criterion", "Tid til effekt"),
}
#: A priority or a risk inside a sentence («et problem med høy prioritet»).
PRIORITY_WORDS = {"Høy": pMsg("priority", "høy"), "Middels": pMsg("priority", "middels"),
                  "Lav": pMsg("priority", "lav")}
RISK_WORDS = {"Høy": pMsg("risk", "høy"), "Middels": pMsg("risk", "middels"), "Lav": pMsg("risk", "lav")}

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

    criterion: str  # «Økonomi», «Strategisk forankring», «Risiko», «Tid til effekt» (an identifier)
    weight: float  # the configured weight
    points: float  # contribution to the 0–100 score, one decimal
    reason: Msg  # one sentence, rendered by the edge (``lang.render``)

    @property
    def name(self) -> Msg:
        """The criterion as a reader sees it."""
        return CRITERION_NAMES[self.criterion]


def scoring_explanation(criteria: Criteria) -> tuple[Msg, ...]:
    """The scoring and the filling of the frame in a few paragraphs a politician
    can read, with the configured values: one message per paragraph (an edge
    renders each and puts them on lines of their own, :func:`explanation_text`)."""
    w = criteria.weights
    scale = 100 / w.total
    weights = [round(x * scale) for x in (w.economy, w.strategy, w.risk, w.time)]
    later = (
        Msg("Får et tiltak ikke plass i rammen for året det starter, flyttes det til det første senere året i "
            "strategiperioden som har plass, og grunnen står ved tiltaket.")
        if criteria.move_to_later_year else
        Msg("Får et tiltak ikke plass i rammen for året det starter, står det utenfor rammen (det flyttes ikke til "
            "et senere år).")
    )
    return (
        Msg("Hvert tiltak får en poengsum fra 0 til 100. Poengene er summen av fire kriterier: "
            "økonomi ({economy} poeng), strategisk forankring ({strategy}), "
            "risiko ({risk}) og tid til effekt ({time}).",
            economy=weights[0], strategy=weights[1], risk=weights[2], time=weights[3]),
        # TRANSLATORS: {source} is the configuration's «rente_kilde», written in the workspace's language
        # (e.g. «Finansdepartementets rundskriv R-109/2021»); Danish: the samfundsøkonomiske diskonteringsrente.
        Msg("Økonomi: Nåverdien regnes over {horizon} år med "
            "{rate} reell kalkulasjonsrente, slik {source} anbefaler. "
            "Investeringen regnes i år 0, årlig drift og gevinst fra år 1. "
            "Er gevinsten like stor som kostnaden (begge regnet som nåverdi), får tiltaket halve "
            "økonomipoengene; dobbelt så stor gevinst gir fulle poeng. Gevinster i tid og kvalitet regnes med "
            "slik enhetene har verdsatt dem, selv om de ikke gir penger i budsjettet. Er et beløp ikke beregnet "
            "(«kostnad utredes»), regnes ingen nåverdi, og økonomien gir ingen poeng.",
            horizon=criteria.horizon_years, rate=_rate(criteria.discount_rate), source=criteria.rate_source),
        Msg("Strategisk forankring: Halve poengene for å bygge opp under et delmål i strategien, "
            "resten etter prioriteten til problemene tiltaket løser."),
        Msg("Risiko: Lav risiko gir fulle poeng, middels halve, høy ingen. Tid til effekt: Jo tidligere "
            "i strategiperioden tiltaket er ferdig, jo flere poeng. Mangler et svar, gir det lave poeng "
            "og en merknad."),
        Msg("Ved lik poengsum går tiltaket med høyest nåverdi foran, deretter det med lavest investering. "
            "Handlingsplanen fylles innenfor hvert års investeringsramme; hele investeringen regnes i året "
            "tiltaket starter. Tiltak sekretariatet har besluttet å ta med, tas inn først, sammen med tiltakene "
            "de forutsetter (med mindre sekretariatet har besluttet å ikke ta dem med), deretter de andre i "
            "prioritert rekkefølge. Tiltak sekretariatet har besluttet å ikke ta med, står utenfor planen, og "
            "et tiltak som er utsatt, regnes i året det er utsatt til. Tiltak som er slått sammen, er ett "
            "felles tiltak som regnes én gang, med tallene til tiltaket de er slått sammen med."),
        Msg("Et tiltak tas aldri inn i et tidligere år enn tiltakene det forutsetter: det venter på "
            "forutsetningen, og er ikke forutsetningen med i planen, er heller ikke tiltaket det. "
            "Forutsetningen trekkes ikke fram foran tiltak med høyere prioritet, unntatt når sekretariatet "
            "har tatt med tiltaket som trenger den. Tiltak som forutsetter hverandre i en sirkel, får en merknad."),
        # TRANSLATORS: {frame_rule} is one of the two sentences «Får et tiltak ikke plass i rammen …».
        Msg("{frame_rule} Et tiltak med kostnad som utredes, står i planen i sitt år, men belaster ikke rammen; "
            "summene sier hvor mange slike tiltak de ikke tar med.", frame_rule=later),
        Msg("Et tiltak er en quick win når det er lite og raskt og risikoen ikke er høy: investeringen er "
            "høyst {investment}, det tar høyst {months} "
            "måneder, og risikoen er oppgitt og ikke høy. Er kostnaden ikke beregnet, avgjør varigheten og "
            "risikoen. Lønnsomhet kreves ikke, den teller i poengsummen. De andre tiltakene er kritiske "
            "prosesser, de store og langsiktige prosjektene.",
            investment=Amount(criteria.quick_win_max_investment), months=criteria.quick_win_max_months),
    )


def explanation_text(paragraphs: Sequence[Msg | str], lang: Lang | None = None) -> str:
    """The explanation in *lang* (None: bokmål), one paragraph a line."""
    lang = lang or Lang.source()
    return "\n".join(lang.render(p) for p in paragraphs)


def _rate(rate: float) -> Percent:
    whole = abs(rate * 100 - round(rate * 100)) < 1e-9
    return Percent(rate, 0 if whole else 1)


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


def _economy(econ: Economics | None, horizon: int) -> tuple[float, Msg]:
    if econ is None:
        return 0.0, Msg("Kostnad eller gevinst er ikke beregnet (utredes), så økonomien gir ingen poeng.")
    if econ.benefit_cost_ratio is not None:
        ratio = econ.benefit_cost_ratio
        return (
            min(ratio / 2, 1.0),
            Msg("Nåverdien over {horizon} år er {npv}; gevinsten er {ratio} ganger kostnaden.",
                horizon=horizon, npv=Rounded(econ.npv), ratio=Number(ratio, 1)),
        )
    if econ.total_benefit > 0:
        return 1.0, Msg("Tiltaket har ingen kostnader og en nåverdi over {horizon} år på {npv}.",
                        horizon=horizon, npv=Rounded(econ.npv))
    return 0.5, Msg("Verken kostnader eller gevinst er oppgitt i kroner, så økonomien gir halve poeng.")


def _strategy(model: Municipality, m: Measure, index: dict[tuple[str, int], Problem]) -> tuple[float, Msg]:
    goal = model.config.sub_goal(m.sub_goal)
    problems = [p for nr in m.problem_nrs if (p := index.get((m.prov.unit, nr))) is not None]
    priorities = [p.priority for p in problems if p.priority in PRIORITY_FRACTION]
    fraction = 0.0
    if priorities:
        best = max(priorities, key=PRIORITY_FRACTION.__getitem__)
        fraction = PRIORITY_FRACTION[best]
        reason = (Msg("Bygger opp under delmål {goal} og svarer på et problem med {priority} prioritet.",
                      goal=goal.code, priority=PRIORITY_WORDS[best]) if goal else
                  Msg("Er ikke knyttet til et delmål og svarer på et problem med {priority} prioritet.",
                      priority=PRIORITY_WORDS[best]))
    elif problems:
        fraction = PRIORITY_FRACTION["Lav"]
        reason = (Msg("Bygger opp under delmål {goal} og svarer på et problem uten oppgitt prioritet "
                      "(regnet som lav).", goal=goal.code) if goal else
                  Msg("Er ikke knyttet til et delmål og svarer på et problem uten oppgitt prioritet "
                      "(regnet som lav)."))
    else:
        reason = (Msg("Bygger opp under delmål {goal} og svarer ikke på et registrert problem.", goal=goal.code)
                  if goal else Msg("Er ikke knyttet til et delmål og svarer ikke på et registrert problem."))
    return (0.5 if goal else 0.0) + 0.5 * fraction, reason


def _risk(m: Measure) -> tuple[float, Msg]:
    if m.risk in RISK_FRACTION:
        return RISK_FRACTION[m.risk], Msg("Risikoen er vurdert som {risk}.", risk=RISK_WORDS[m.risk])
    return UNKNOWN_FRACTION, Msg("Risikoen er ikke oppgitt, så den gir lave poeng.")


def _time(model: Municipality, m: Measure) -> tuple[float, Msg]:
    config = model.config
    if m.period is None:
        return UNKNOWN_FRACTION, Msg("Tidsrom er ikke oppgitt, så tid til effekt gir lave poeng.")
    span = 12 * len(config.years)
    duration = m.duration_months or ASSUMED_DURATION_MONTHS
    start = max(0, (m.period.year - config.period_from) * 12 + m.period.start_month - 1)
    done = start + duration
    fraction = min(1.0, max(0.0, 1 - done / span))
    if m.duration_months:
        reason = Msg("Starter {period} og varer {duration} måneder: ferdig etter om lag {done} av {span} måneder "
                     "i strategiperioden.", period=m.period.words, duration=duration, done=done, span=span)
    else:
        reason = Msg("Starter {period} og varighet er ikke oppgitt (regnet som {duration} måneder): ferdig etter "
                     "om lag {done} av {span} måneder i strategiperioden.",
                     period=m.period.words, duration=duration, done=done, span=span)
    return fraction, reason


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
