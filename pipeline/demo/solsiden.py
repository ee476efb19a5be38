"""Solsiden barnehage: the demo's form with errors, the mistakes the secretariat
sees every round, and the corrected form the unit sends after reading the
rejection receipt."""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.demo.builders import (
    DOMAIN,
    Row,
    barometer,
    form,
    m365,
    measure,
    problem,
    system,
    unit_info,
    visma_enterprise,
)

#: The configured unit that has no accepted form after the demo.
UNIT_WITHOUT_ACCEPTED_FORM = "Solsiden barnehage"


def _solsiden(email: str, measures: list[Row], file_name: str, form_date: date | str) -> dict[str, Any]:
    return form(
        file_name,
        unit_info("Solsiden barnehage", "Oppvekst og utdanning", "Anne-Kristin Dahl", email, form_date),
        [
            problem(1, "Foreldre får beskjeder både i Vigilo, på SMS og på oppslagstavla.", "Problem",
                    "Beskjeder blir borte, og foreldrene vet ikke hvor de skal se.", "Middels"),
            problem(2, "De ansatte deler to PC-er på personalrommet.", "Problem",
                    "Dokumentasjon og planlegging må gjøres etter arbeidstid.", "Høy"),
            problem(3, "Søknad om barnehageplass og endring av oppholdstid skjer på papir.", "Problem",
                    "Mye manuelt arbeid ved hovedopptaket.", "Middels"),
            problem(4, "Pedagogisk dokumentasjon kan gjøres med bilder og video på nettbrett.", "Mulighet",
                    "Bedre dialog med foreldrene om barnets utvikling.", "Lav"),
            problem(5, "Uklart hvor bilder av barna lagres og hvem som har tilgang.", "Problem",
                    "Risiko for brudd på personvernet.", "Høy"),
        ],
        [
            system("Vigilo", "Vigilo", "Meldinger, fravær og henting", 20, 4, "Videreutvikle"),
            system("Visma Flyt Barnehage", "Visma", "Opptak, plasser og foreldrebetaling", 3, 3, "Beholde"),
            visma_enterprise(20, 3),
            m365(20, 3),
        ],
        measures,
        barometer(3, 3, 3, 2, 2, 3, 2, 2, 3, 2, 2, 3, 3, 3, 2, None, 2, None),
    )


def _solsiden_measures(*, with_errors: bool) -> list[Row]:
    """The barnehage's measures; *with_errors* gives the first attempt, with the
    mistakes the secretariat sees every round."""
    return [
        measure(1, "Vigilo som eneste kanal til foreldrene", benefit_kind="Kroner (budsjett)",
                description="Alle beskjeder, fravær og henting går i Vigilo; SMS-tjenesten sies opp.",
                sub_goal="D5", problem_nrs=1, investment=15000, operating_cost=0, benefit=12000,
                benefit_description="Foreldrene vet hvor de skal se.",
                period="neste år" if with_errors else "Vår 2027", months=2,
                responsible="Anne-Kristin Dahl", follow_up="Liv Marie Torsvik (kommunalsjef oppvekst)", risk="Lav",
                category="Quick win"),
        measure(2, "Nettbrett og PC-er til alle avdelinger",
                description="Ett nettbrett per avdeling og tre nye PC-er til pedagogene.",
                sub_goal="D4", problem_nrs="2, 4", investment="ca. 2 mill" if with_errors else "210 000",
                operating_cost=18000,
                benefit_description="Pedagogene kan dokumentere i arbeidstida.",
                period="Høst 2027", months="3-4 mnd" if with_errors else 4,
                responsible=None if with_errors else "Jon Erik Stene (IKT)",
                follow_up="Anne-Kristin Dahl", risk="Lav"),
        measure(3, "Digital søknad om plass og endring av oppholdstid", benefit_kind="Tid",
                description="Søknad og endringer gjøres i foreldreportalen til Visma Flyt Barnehage.",
                sub_goal="D7" if with_errors else "D1", problem_nrs=3, investment=30000, operating_cost=0,
                benefit=40000,
                benefit_description="Mindre papirarbeid ved hovedopptaket.",
                period="Vår 2028", months=3, responsible="Liv Marie Torsvik (kommunalsjef oppvekst)",
                follow_up="Anne-Kristin Dahl", risk="Lav"),
        measure(4, "Rutine for lagring av bilder",
                description="Bilder tas bare på barnehagens nettbrett og lagres i Vigilo; private telefoner brukes "
                            "ikke.",
                sub_goal="D2", problem_nrs="5, 9" if with_errors else 5, investment=0, operating_cost=0,
                benefit_description="Personvernet til barna ivaretas.",
                period="Høst 2027", months=1, responsible="Anne-Kristin Dahl",
                follow_up="Siv Kristoffersen (personvernombud)", risk="Stor" if with_errors else "Middels"),
    ]


#: A first attempt with eight mistakes: an invalid e-mail, «neste år», «ca. 2 mill»,
#: «3-4 mnd», a missing Ansvarlig gjennomføring, Delmål «D7», a Problem nr that
#: does not exist and a Risiko outside the list.
ERROR_FORM: dict[str, Any] = _solsiden(
    "anne-kristin.dahl@fjordvik,kommune.no",
    _solsiden_measures(with_errors=True),
    "Kartlegging Solsiden barnehage.xlsx",
    "12.11.2026",
)



def demo_correction() -> dict[str, Any]:
    """Solsiden barnehage's corrected form: what the unit sends after reading
    the rejection receipt. Valid."""
    return _solsiden(
        f"anne-kristin.dahl@{DOMAIN}",
        _solsiden_measures(with_errors=False),
        "Kartlegging Solsiden barnehage - rettet.xlsx",
        "19.11.2026",
    )

