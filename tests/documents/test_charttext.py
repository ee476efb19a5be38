"""The charts' alternative texts say in words what the chart shows, from the same
rows the chart is drawn from, also when there is nothing yet to show."""

from __future__ import annotations

from pipeline.documents.charts import BarometerRow, TimelineItem, YearAmounts
from pipeline.documents.charttext import barometer_text, economy_text, timeline_text


def test_the_barometer_text_gives_every_average_and_says_where_no_one_answered():
    rows = [BarometerRow("Brukeren i sentrum", 3.25, (("Skole", 3.0), ("Helse", None))),
            BarometerRow("Digital kompetanse", None, ())]
    assert barometer_text(rows) == (
        "Diagram over IKT-barometeret: snittet per område på en skala fra 1 til 5, der 5 er best. "
        "Brukeren i sentrum: kommunen 3,2 (Skole 3,0, Helse ingen svar). Digital kompetanse: ingen svar."
    )
    assert barometer_text([rows[1]]).endswith("der 5 er best. Ingen svar ennå.")


def test_the_economy_text_gives_every_amount_per_year():
    years = [YearAmounts(2027, 1_250_000, 0, 0), YearAmounts(2028, 0, 80_000, 450_000)]
    assert economy_text(years) == (
        "Stolpediagram over investering, drift og gevinst i kroner (penger i budsjettet) per år for tiltakene "
        "innenfor rammen. "
        "2027: investering 1\u00a0250\u00a0000\u00a0kr, drift 0\u00a0kr, gevinst i kroner 0\u00a0kr. "
        "2028: investering 0\u00a0kr, drift 80\u00a0000\u00a0kr, gevinst i kroner 450\u00a0000\u00a0kr."
    )
    assert economy_text([YearAmounts(2027, 0, 0, 0)]).endswith("innenfor rammen. Ingen beløp ennå.")


def test_the_timeline_text_gives_every_measure_with_its_start_and_duration():
    items = [TimelineItem("FBS-3 Ny skoleportal", 2027, 3, 6, "Kritisk prosess"),
             TimelineItem("HJT-1 Nøkkelbokser", 2028, 9, None, "Quick win"),
             TimelineItem("SRV-2 Chatbot", 2029, 1, 1, "Quick win")]
    note = "Viser de 3 høyest prioriterte av 50 tiltak med tidsrom."
    assert timeline_text(items, 2027, 2030, note) == (
        "Tidslinje for handlingsplanen 2027–2030 med 3 tiltak innenfor rammen, i prioritert rekkefølge. "
        "Viser de 3 høyest prioriterte av 50 tiltak med tidsrom. "
        "FBS-3 Ny skoleportal: kritisk prosess, fra mars 2027, 6 måneder. "
        "HJT-1 Nøkkelbokser: quick win, fra september 2028, varighet ikke oppgitt. "
        "SRV-2 Chatbot: quick win, fra januar 2029, 1 måned."
    )
    assert timeline_text([], 2027, 2030) == "Tidslinje for handlingsplanen 2027–2030: ingen tiltak innenfor rammen ennå."
