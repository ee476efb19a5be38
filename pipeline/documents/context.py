"""Model + assessment + version → what the Word templates see.

Pure: no I/O. Everything in the context is a plain ``dict``, ``list``, ``str`` or
``bool``, already written the Norwegian way (``1 250 000 kr``, ``15.03.2027``,
``72,5``), so a template only places values and never formats them. The names
are Norwegian (without æøå) because the secretariat reads them in the templates.

:data:`SCHEMA` lists every name a template may use; :mod:`pipeline.documents.templatecheck`
checks the templates against it and a test checks that :func:`build_context`
produces exactly this shape. One measure's entry is made in
:mod:`pipeline.documents.measurecontext`, the case document's ``sak`` and
``endringer`` in :mod:`pipeline.documents.casecontext`. The three charts
(``diagram_*``) are drawn by :mod:`pipeline.documents.chartimages` and added by
:mod:`pipeline.documents.rendering`, which owns the images.
"""

from __future__ import annotations

from typing import Any

from pipeline import identity
from pipeline.contract import PRIORITIES
from pipeline.core.assessment import Assessment
from pipeline.core.comparison import NO_COMPARISON, BarometerComparison
from pipeline.core.model import Municipality
from pipeline.core.versions import VersionInfo
from pipeline.documents.casecontext import case_context, changes_context
from pipeline.documents.comparisoncontext import comparison_context, figure_numbers
from pipeline.documents.measurecontext import NOT_GIVEN, measure_context
from pipeline.formatting import day, kroner, number, percent

#: Marks a field that holds a chart image in :data:`SCHEMA`.
IMAGE = "bilde"
TEXT, FLAG = "tekst", "ja/nei"

DASH = "–"
TOP_MEASURES = 5
MAIN_CHALLENGES = 5

MEASURE: dict[str, Any] = {
    "id": TEXT, "tittel": TEXT, "overskrift": TEXT, "rangering": TEXT, "poeng": TEXT,
    "enhet": TEXT, "omrade": TEXT, "beskrivelse": TEXT, "delmal": TEXT, "problemer": TEXT,
    "investering": TEXT, "drift": TEXT, "gevinst": TEXT, "gevinst_tekst": TEXT, "gevinst_samlet": TEXT,
    "naverdi": TEXT,
    "nytte_kost": TEXT, "tilbakebetaling": TEXT, "tidsrom": TEXT, "varighet": TEXT, "tidsrom_plan": TEXT,
    "ansvarlig": TEXT, "oppfolging": TEXT, "risiko": TEXT, "kategori": TEXT, "kategori_liten": TEXT,
    "kategori_tekst": TEXT, "avhengigheter": TEXT, "status": TEXT, "ramme_tekst": TEXT, "innenfor": FLAG,
    "begrunnelse": TEXT,
    "poengdeler": [{"kriterium": TEXT, "vekt": TEXT, "poeng": TEXT, "begrunnelse": TEXT}],
    "advarsler": [TEXT],
    "gevinstplan": {"har": FLAG, "eier": TEXT, "indikator": TEXT, "nullpunkt": TEXT, "malverdi": TEXT,
                    "maldato": TEXT},
}
YEAR: dict[str, Any] = {"ar": TEXT, "ramme": TEXT, "investering": TEXT, "drift": TEXT, "gevinst": TEXT,
                        "netto": TEXT}
TOTAL: dict[str, Any] = dict(YEAR)  # the sum row: «ar» is «Sum»
UNIT: dict[str, Any] = {"navn": TEXT, "kode": TEXT, "omrade": TEXT, "kontakt": TEXT, "revisjon": TEXT,
                        "levert": TEXT}

SCHEMA: dict[str, Any] = {
    "kommune": TEXT,
    "tittel": TEXT,
    "periode": TEXT,
    "versjon": {"nummer": TEXT, "dato": TEXT, "tekst": TEXT},
    "mandat": [TEXT],
    "standarder": [TEXT],
    "virksomhetsmal": TEXT,
    "hovedmal": [TEXT],
    "delmal": [{"kode": TEXT, "tekst": TEXT, "tiltak": [MEASURE]}],
    "uten_delmal": [MEASURE],
    "deltakelse": {"levert": TEXT, "forventet": TEXT, "tekst": TEXT},
    "enheter": [UNIT],
    "enheter_mangler": [{"navn": TEXT, "omrade": TEXT}],
    "antall": {k: TEXT for k in ("tiltak", "innenfor", "utenfor", "kritiske", "quick_wins", "problemer")},
    "problemer": [{"prioritet": TEXT, "enhet": TEXT, "nr": TEXT, "beskrivelse": TEXT, "type": TEXT,
                   "konsekvens": TEXT}],
    "hovedutfordringer": [TEXT],
    "systemer": {
        "antall": TEXT,
        "per_omrade": [{k: TEXT for k in ("omrade", "antall", "tilfredshet", "beholde", "videreutvikle",
                                           "erstatte", "avvikle")}],
        "felles": [{"navn": TEXT, "enheter": TEXT, "tilfredshet": TEXT, "livslop": TEXT}],
        "overlapp": [TEXT],
    },
    "barometer": {"tekst": TEXT, "omrader": [{"omrade": TEXT, "kommune": TEXT, "lavest": TEXT, "hoyest": TEXT}]},
    "sammenligning": {
        "valgt": FLAG, "vises": FLAG, "tekst": TEXT, "kommuner": TEXT,
        "omrader": [{k: TEXT for k in ("omrade", "egen", "egen_svar", "snitt_andre", "andre_svar", "forskjell",
                                        "hver")}],
    },
    "figur": {"sammenligning": TEXT, "tidslinje": TEXT, "okonomi": TEXT},
    "tiltak": [MEASURE],
    "topp_tiltak": [MEASURE],
    "handlingsplan": {"kritiske": [MEASURE], "quick_wins": [MEASURE], "utenfor": [MEASURE]},
    "samordning": [TEXT],
    "okonomi": {
        "ar": [YEAR], "sum": TOTAL, "alle_ar": [YEAR], "alle_sum": TOTAL,
        "naverdi": TEXT, "naverdi_innenfor": TEXT, "rente": TEXT, "horisont": TEXT,
        "har_ramme": FLAG, "ramme_per_ar": TEXT,
    },
    "vurdering": {"forklaring": [TEXT]},
    "sak": {
        "tittel": TEXT, "saksbehandler": TEXT, "arkivsaksnr": TEXT, "forslag_overskrift": TEXT,
        "underskriver": TEXT, "underskriver_tittel": TEXT,
        "saksgang": [{"utvalg": TEXT, "motedato": TEXT, "saksnr": TEXT}],
        "vedtaksorgan": TEXT, "vedtaksorgan_liten": TEXT, "forslagsstiller": TEXT, "sted_dato": TEXT,
    },
    "endringer": {
        "forste_versjon": FLAG, "ingen": FLAG, "forrige_nummer": TEXT, "forrige_dato": TEXT,
        "enheter": [TEXT], "lagt_til": [TEXT], "fjernet": [TEXT],
        "endret": [{"tiltak": TEXT, "felt": TEXT, "fra": TEXT, "til": TEXT}],
        "totaler": [{"ar": TEXT, "felt": TEXT, "fra": TEXT, "til": TEXT, "endring": TEXT}],
        "sammenligning": FLAG,
    },
    "diagram_barometer": IMAGE,
    "diagram_sammenligning": IMAGE,
    "diagram_okonomi": IMAGE,
    "diagram_tidslinje": IMAGE,
}

IMAGE_FIELDS = tuple(k for k, v in SCHEMA.items() if v == IMAGE)


def build_context(model: Municipality, assessment: Assessment, version: VersionInfo,
                  comparison: BarometerComparison = NO_COMPARISON) -> dict[str, Any]:
    """The template context, without the chart images (see :data:`IMAGE_FIELDS`).
    *comparison*: the IKT-barometer beside other municipalities', as the build gathered it."""
    config = model.config
    period = f"{config.period_from}–{config.period_to}"
    measures = [measure_context(model, a) for a in assessment.measures]
    by_id = {m["id"]: m for m in measures}
    in_frame = [a for a in assessment.measures if a.in_frame]
    goal_codes = {identity.key(g.code) for g in config.sub_goals}

    return {
        "kommune": config.municipality,
        "tittel": f"IKT-strategi for {config.municipality} {period}",
        "periode": period,
        "versjon": {
            "nummer": str(version.number),
            "dato": day(version.created),
            "tekst": f"Versjon {version.number}, {day(version.created)}",
        },
        "mandat": _paragraphs(config.texts.get("mandat")),
        "standarder": _paragraphs(config.texts.get("standarder")),
        "virksomhetsmal": config.business_goal or NOT_GIVEN,
        "hovedmal": list(config.main_goals),
        "delmal": [
            {
                "kode": g.code,
                "tekst": g.text,
                "tiltak": [by_id[a.id] for a in assessment.measures
                           if identity.key(a.measure.sub_goal or "") == identity.key(g.code)],
            }
            for g in config.sub_goals
        ],
        "uten_delmal": [by_id[a.id] for a in assessment.measures
                        if identity.key(a.measure.sub_goal or "") not in goal_codes],
        "deltakelse": _participation(model),
        "enheter": [
            {
                "navn": u.name,
                "kode": u.code,
                "omrade": u.service_area,
                "kontakt": u.contact,
                "revisjon": str(u.revision),
                "levert": day(u.delivered_at),
            }
            for u in model.units
        ],
        "enheter_mangler": [
            {"navn": u.name, "omrade": u.service_area or "tjenesteområde ikke oppgitt"} for u in model.missing_units
        ],
        "antall": {
            "tiltak": number(len(assessment.measures)),
            "innenfor": number(len(in_frame)),
            "utenfor": number(len(assessment.outside_frame)),
            "kritiske": number(len(assessment.critical)),
            "quick_wins": number(len(assessment.quick_wins)),
            "problemer": number(len(model.problems)),
        },
        "problemer": _problems(model),
        "hovedutfordringer": _challenges(model),
        "systemer": _systems(model, assessment),
        "barometer": _barometer(model, assessment),
        "sammenligning": comparison_context(comparison),
        "figur": figure_numbers(comparison),
        "tiltak": measures,
        "topp_tiltak": measures[:TOP_MEASURES],
        "handlingsplan": {
            "kritiske": [by_id[a.id] for a in assessment.critical],
            "quick_wins": [by_id[a.id] for a in assessment.quick_wins],
            "utenfor": [by_id[a.id] for a in assessment.outside_frame],
        },
        "samordning": [
            f"{', '.join(g.ids)} ({', '.join(g.units)}): {g.reason}" for g in assessment.coordination_groups
        ],
        "okonomi": _economy(model, assessment),
        "vurdering": {"forklaring": _paragraphs(assessment.explanation, single_newline=True)},
        "sak": case_context(model, version),
        "endringer": changes_context(version),
    }


# --- the parts shared by the strategy and the case: units, problems, systems, economy ---


def _paragraphs(text: str | None, *, single_newline: bool = False) -> list[str]:
    """Paragraphs of a configured text: split on blank lines (or on every line
    break with *single_newline*); the line breaks left inside a paragraph stay."""
    if not text:
        return []
    separator = "\n" if single_newline else "\n\n"
    parts = text.replace("\r\n", "\n").replace("\r", "\n").split(separator)
    return [p.strip() for p in parts if p.strip()]


def _participation(model: Municipality) -> dict[str, str]:
    delivered = len(model.units)
    expected = delivered + len(model.missing_units)
    if delivered == 0:
        text = "Ingen enheter har levert skjema ennå."
    elif model.missing_units:
        text = f"{number(delivered)} av {number(expected)} enheter har levert skjema."
    elif delivered == 1:
        text = "Den ene enheten har levert skjema."
    else:
        text = f"Alle de {number(delivered)} enhetene har levert skjema."
    return {"levert": number(delivered), "forventet": number(expected), "tekst": text}


def _priority_order(priority: str | None) -> int:
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)


def _sorted_problems(model: Municipality):
    order = {u.key: i for i, u in enumerate(model.units)}
    return sorted(model.problems, key=lambda p: (_priority_order(p.priority), order.get(p.prov.unit, 0), p.nr))


def _problems(model: Municipality) -> list[dict[str, str]]:
    return [
        {
            "prioritet": p.priority or DASH,
            "enhet": model.unit(p.prov.unit).name,
            "nr": str(p.nr),
            "beskrivelse": p.description,
            "type": p.type or "",
            "konsekvens": p.consequence or "",
        }
        for p in _sorted_problems(model)
    ]


def _challenges(model: Municipality) -> list[str]:
    ranked = _sorted_problems(model)
    high = [p for p in ranked if p.priority == PRIORITIES[0]] or ranked
    return [f"{p.description} ({model.unit(p.prov.unit).name})" for p in high[:MAIN_CHALLENGES]]


def _systems(model: Municipality, assessment: Assessment) -> dict[str, Any]:
    areas = list(dict.fromkeys([*model.config.service_areas, *(u.service_area for u in model.units)]))
    area_of = {u.key: u.service_area for u in model.units}
    per_area = []
    for area in areas:
        systems = [s for s in model.systems if area_of.get(s.prov.unit) == area]
        if not systems:
            continue
        scores = [s.satisfaction for s in systems if s.satisfaction is not None]
        per_area.append({
            "omrade": area,
            "antall": number(len(systems)),
            "tilfredshet": number(sum(scores) / len(scores), 1) if scores else DASH,
            "beholde": number(sum(1 for s in systems if s.lifecycle == "Beholde")),
            "videreutvikle": number(sum(1 for s in systems if s.lifecycle == "Videreutvikle")),
            "erstatte": number(sum(1 for s in systems if s.lifecycle == "Erstatte")),
            "avvikle": number(sum(1 for s in systems if s.lifecycle == "Avvikle")),
        })
    return {
        "antall": number(len(model.systems)),
        "per_omrade": per_area,
        "felles": [
            {
                "navn": s.name,
                "enheter": ", ".join(s.units),
                "tilfredshet": number(s.satisfaction, 1) if s.satisfaction is not None else DASH,
                "livslop": ", ".join(s.lifecycles) or DASH,
            }
            for s in assessment.shared_systems
        ],
        "overlapp": [
            f"{_join(['«' + n + '»' for n in d.systems])} brukes til det samme ({d.purpose}) i "
            f"{_join(list(d.units))}."
            for d in assessment.duplicate_systems
        ],
    }


def _barometer(model: Municipality, assessment: Assessment) -> dict[str, Any]:
    areas = []
    for area in assessment.barometer_areas:
        scored = [s for s in area.service_areas if s.average is not None]
        low = min(scored, key=lambda s: s.average) if scored else None
        high = max(scored, key=lambda s: s.average) if scored else None
        areas.append({
            "omrade": area.area,
            "kommune": number(area.average, 1) if area.average is not None else DASH,
            "lavest": f"{low.name} ({number(low.average, 1)})" if low and len(scored) > 1 else DASH,
            "hoyest": f"{high.name} ({number(high.average, 1)})" if high and len(scored) > 1 else DASH,
        })
    answers = sum(1 for b in model.barometer if b.score is not None)
    units = len({b.prov.unit for b in model.barometer if b.score is not None})
    if answers:
        text = f"Det kom {number(answers)} svar fra {number(units)} {'enhet' if units == 1 else 'enheter'}."
    else:
        text = "Ingen enheter har svart på barometeret ennå."
    return {"tekst": text, "omrader": areas}


def _year_row(year: str, frame: int | None, investment: int, cost: int, benefit: int) -> dict[str, str]:
    return {
        "ar": year,
        "ramme": kroner(frame) if frame is not None else DASH,
        "investering": kroner(investment),
        "drift": kroner(cost),
        "gevinst": kroner(benefit),
        "netto": kroner(benefit - cost),
    }


def _economy(model: Municipality, assessment: Assessment) -> dict[str, Any]:
    config = model.config
    years = assessment.years
    has_frame = config.investment_frame is not None
    frames = [y.frame for y in years if y.frame is not None]
    in_frame = [_year_row(str(y.year), y.frame, y.investment_in_frame, y.operating_cost_in_frame,
                          y.benefit_in_frame) for y in years]
    every = [_year_row(str(y.year), y.frame, y.investment, y.operating_cost, y.benefit) for y in years]
    return {
        "ar": in_frame,
        "sum": _year_row("Sum", sum(frames) if has_frame else None, sum(y.investment_in_frame for y in years),
                         sum(y.operating_cost_in_frame for y in years), sum(y.benefit_in_frame for y in years)),
        "alle_ar": every,
        "alle_sum": _year_row("Sum", sum(frames) if has_frame else None, sum(y.investment for y in years),
                              sum(y.operating_cost for y in years), sum(y.benefit for y in years)),
        "naverdi": kroner(assessment.npv_total),
        "naverdi_innenfor": kroner(assessment.npv_in_frame),
        "rente": percent(config.criteria.discount_rate),
        "horisont": str(config.criteria.horizon_years),
        "har_ramme": has_frame,
        "ramme_per_ar": ", ".join(f"{y.year}: {kroner(y.frame)}" for y in years if y.frame is not None),
    }


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]

