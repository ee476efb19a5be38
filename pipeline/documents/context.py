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
from pipeline.core.challenges import challenges
from pipeline.core.comparison import NO_COMPARISON, BarometerComparison
from pipeline.core.model import Municipality
from pipeline.core.versions import VersionInfo
from pipeline.documents.casecontext import CASE, CHANGES, case_context, changes_context
from pipeline.documents.comparisoncontext import comparison_context, figure_numbers
from pipeline.documents.economycontext import ECONOMY, TOTAL, YEAR, economy_context  # noqa: F401 - YEAR, TOTAL: for schemadoc
from pipeline.documents.measurecontext import NOT_GIVEN, decision_text, measure_context
from pipeline.documents.prose import PROSE_SECTIONS
from pipeline.formatting import number
from pipeline.i18n import Lang, Words

from pipeline.documents.fields import FLAG, IMAGE, PROSE, TEXT  # noqa: F401 - the markers SCHEMA uses
#: A key of a dict in :data:`SCHEMA` that stands for any key (``tekster``: every key under [tekster]).
ANY_KEY = "*"

DASH = "–"
TOP_MEASURES = 5
MAIN_CHALLENGES = 5

MEASURE: dict[str, Any] = {
    "id": TEXT, "tittel": TEXT, "overskrift": TEXT, "rangering": TEXT, "poeng": TEXT,
    "enhet": TEXT, "omrade": TEXT, "beskrivelse": TEXT, "delmal": TEXT, "problemer": TEXT,
    "investering": TEXT, "investering_tekst": TEXT, "investering_avrundet": TEXT, "drift": TEXT, "gevinst": TEXT, "gevinst_tekst": TEXT,
    "gevinst_type": TEXT, "gevinst_samlet": TEXT, "naverdi": TEXT,
    "nytte_kost": TEXT, "tilbakebetaling": TEXT, "tidsrom": TEXT, "varighet": TEXT, "tidsrom_plan": TEXT,
    "ansvarlig": TEXT, "oppfolging": TEXT, "risiko": TEXT, "kategori": TEXT, "kategori_liten": TEXT,
    "kategori_tekst": TEXT, "avhengigheter": TEXT, "status": TEXT, "ramme_tekst": TEXT, "innenfor": FLAG,
    "begrunnelse": TEXT, "beslutning": TEXT, "samordning": TEXT,
    "poengdeler": [{"kriterium": TEXT, "vekt": TEXT, "poeng": TEXT, "begrunnelse": TEXT}],
    "advarsler": [TEXT],
    "gevinstplan": {"har": FLAG, "eier": TEXT, "indikator": TEXT, "nullpunkt": TEXT, "malverdi": TEXT,
                    "maldato": TEXT},
}
UNIT: dict[str, Any] = {"navn": TEXT, "kode": TEXT, "omrade": TEXT, "kontakt": TEXT, "revisjon": TEXT,
                        "levert": TEXT}

SCHEMA: dict[str, Any] = {
    "kommune": TEXT,
    "tittel": TEXT,
    "periode": TEXT,
    "versjon": {"nummer": TEXT, "dato": TEXT, "tekst": TEXT, "utkast": FLAG, "status": TEXT},
    "mandat": [TEXT],
    "standarder": [TEXT],
    "tekster": {ANY_KEY: [TEXT]},
    "prosa": {key: PROSE for key in PROSE_SECTIONS},
    "virksomhetsmal": TEXT,
    "hovedmal": [TEXT],
    "delmal": [{"kode": TEXT, "tekst": TEXT, "tiltak": [MEASURE], "prosa": PROSE}],
    "uten_delmal": [MEASURE],
    "deltakelse": {"levert": TEXT, "forventet": TEXT, "tekst": TEXT},
    "enheter": [UNIT],
    "enheter_mangler": [{"navn": TEXT, "omrade": TEXT}],
    "antall": {k: TEXT for k in ("tiltak", "innenfor", "utenfor", "kritiske", "quick_wins", "problemer",
                                 "sammenslatt", "utredes")},
    "problemer": [{"prioritet": TEXT, "enhet": TEXT, "nr": TEXT, "beskrivelse": TEXT, "type": TEXT,
                   "konsekvens": TEXT}],
    "hovedutfordringer": [TEXT],
    "utfordringer_regel": TEXT,
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
    "handlingsplan": {"kritiske": [MEASURE], "quick_wins": [MEASURE], "utenfor": [MEASURE],
                      "sammenslatt": [MEASURE]},
    "beslutninger": [TEXT],
    "samordning": [TEXT],
    "okonomi": ECONOMY,
    "vurdering": {"forklaring": [TEXT]},
    "sak": CASE,
    "endringer": CHANGES,
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
    lang = config.lang
    period = f"{config.period_from}–{config.period_to}"
    measures = [measure_context(model, a) for a in assessment.measures]
    by_id = {m["id"]: m for m in measures}
    in_frame = [a for a in assessment.measures if a.in_frame]
    goal_codes = {identity.key(g.code) for g in config.sub_goals}

    return {
        "kommune": config.municipality,
        "tittel": lang.gettext("IKT-strategi for {municipality} {period}", municipality=config.municipality,
                               period=period),
        "periode": period,
        "versjon": _version(version, lang),
        "mandat": _paragraphs(config.texts.get("mandat")),
        "standarder": _paragraphs(config.texts.get("standarder")),
        "tekster": {key: _paragraphs(text) for key, text in config.texts.items()},
        "prosa": {key: "" for key in PROSE_SECTIONS},  # the Word texts are added when rendering
        "virksomhetsmal": config.business_goal or lang.gettext(NOT_GIVEN),
        "hovedmal": list(config.main_goals),
        "delmal": [
            {
                "kode": g.code,
                "tekst": g.text,
                "tiltak": [by_id[a.id] for a in assessment.measures
                           if identity.key(a.measure.sub_goal or "") == identity.key(g.code)],
                "prosa": "",  # added when rendering
            }
            for g in config.sub_goals
        ],
        "uten_delmal": [by_id[a.id] for a in assessment.measures
                        if identity.key(a.measure.sub_goal or "") not in goal_codes],
        "deltakelse": _participation(model, lang),
        "enheter": [
            {
                "navn": u.name,
                "kode": u.code,
                "omrade": u.service_area,
                "kontakt": u.contact,
                "revisjon": str(u.revision),
                "levert": lang.day(u.delivered_at),
            }
            for u in model.units
        ],
        "enheter_mangler": [
            {"navn": u.name, "omrade": u.service_area or lang.gettext("tjenesteområde ikke oppgitt")}
            for u in model.missing_units
        ],
        "antall": {
            "tiltak": number(len(assessment.measures)),
            "innenfor": number(len(in_frame)),
            "utenfor": number(len(assessment.outside_frame)),
            "kritiske": number(len(assessment.critical)),
            "quick_wins": number(len(assessment.quick_wins)),
            "problemer": number(len(model.problems)),
            "sammenslatt": number(len(assessment.merged)),
            "utredes": number(len(assessment.uncosted)),
        },
        "problemer": _problems(model, lang),
        "hovedutfordringer": _challenges(model, lang),
        "utfordringer_regel": challenge_rule(lang),
        "systemer": _systems(model, assessment, lang),
        "barometer": _barometer(model, assessment, lang),
        "sammenligning": comparison_context(comparison, lang),
        "figur": figure_numbers(comparison),
        "tiltak": measures,
        "topp_tiltak": measures[:TOP_MEASURES],
        "handlingsplan": {
            "kritiske": [by_id[a.id] for a in assessment.critical],
            "quick_wins": [by_id[a.id] for a in assessment.quick_wins],
            "utenfor": [by_id[a.id] for a in assessment.outside_frame],
            "sammenslatt": [by_id[a.id] for a in assessment.merged],
        },
        "beslutninger": [f"{a.id}: {a.title} – {decision_text(a, lang)}" for a in assessment.measures
                         if a.decision is not None],
        "samordning": [_group_line(g, lang) for g in assessment.coordination_groups],
        "okonomi": economy_context(model, assessment),
        "vurdering": {"forklaring": [config.lang.render(p) for p in assessment.explanation]},
        "sak": case_context(model, assessment, version),
        "endringer": changes_context(version, lang),
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


def _participation(model: Municipality, lang: Lang) -> dict[str, str]:
    delivered = len(model.units)
    expected = delivered + len(model.missing_units)
    if delivered == 0:
        text = lang.gettext("Ingen enheter har levert skjema ennå.")
    elif model.missing_units:
        text = lang.ngettext("{delivered} av {n} enhet har levert skjema.", "{delivered} av {n} enheter har levert skjema.",
                             expected, delivered=delivered)
    elif delivered == 1:
        text = lang.gettext("Den ene enheten har levert skjema.")
    else:
        text = lang.gettext("Alle de {n} enhetene har levert skjema.", n=delivered)
    return {"levert": lang.number(delivered), "forventet": lang.number(expected), "tekst": text}


def _priority_order(priority: str | None) -> int:
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)


def _sorted_problems(model: Municipality):
    order = {u.key: i for i, u in enumerate(model.units)}
    return sorted(model.problems, key=lambda p: (_priority_order(p.priority), order.get(p.prov.unit, 0), p.nr))


def _problems(model: Municipality, lang: Lang) -> list[dict[str, str]]:
    # The priority as the form's «priority» words in the language (the form's room marks them).
    return [
        {
            "prioritet": lang.pgettext("priority", p.priority) if p.priority else DASH,
            "enhet": model.unit(p.prov.unit).name,
            "nr": str(p.nr),
            "beskrivelse": p.description,
            "type": lang.pgettext("type", p.type) if p.type else "",
            "konsekvens": p.consequence or "",
        }
        for p in _sorted_problems(model)
    ]


def challenge_rule(lang: Lang) -> str:
    """How the main challenges are ordered (under the list in the strategy)."""
    return lang.gettext("Utfordringene er ordnet etter prioriteten enhetene har gitt dem, og deretter etter hvor "
                        "mange enheter som melder om det samme. Ved likt går tjenesteområdene på omgang.")


def _challenges(model: Municipality, lang: Lang) -> list[str]:
    """The main challenges (:func:`pipeline.core.challenges.challenges`), each with the units reporting it."""
    lines = []
    for c in challenges(model)[:MAIN_CHALLENGES]:
        names = [model.unit(k).name for k in c.units]
        first = model.unit(c.problems[0].prov.unit).name
        others = [n for n in names if n != first]
        if others:
            lines.append(lang.gettext("{description} ({first}; lignende meldes fra {others})",
                                      description=c.description, first=first, others=Words(others)))
        else:
            lines.append(lang.gettext("{description} ({first})", description=c.description, first=first))
    return lines


def _version(version: VersionInfo, lang: Lang) -> dict[str, Any]:
    """``versjon``: number and date, and whether it is still a draft (the header says so)."""
    date = lang.day(version.created)
    draft = version.draft
    _ = lang.gettext
    return {
        "nummer": str(version.number),
        "dato": date,
        "tekst": (_("Utkast – versjon {number}, {date}", number=version.number, date=date) if draft
                  else _("Versjon {number}, {date}", number=version.number, date=date)),
        "utkast": draft,
        "status": (_("Utkast: ikke sendt til politisk behandling ennå.") if draft
                   else _("Sendt til politisk behandling.")),
    }


def _systems(model: Municipality, assessment: Assessment, lang: Lang) -> dict[str, Any]:
    number = lang.number
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
            lang.gettext("{systems} brukes til det samme ({purpose}) i {units}.",
                         systems=Words([lang.quote(n) for n in d.systems]), purpose=d.purpose, units=Words(d.units))
            for d in assessment.duplicate_systems
        ],
    }


def _barometer(model: Municipality, assessment: Assessment, lang: Lang) -> dict[str, Any]:
    number = lang.number
    areas = []
    for area in assessment.barometer_areas:
        scored = [s for s in area.service_areas if s.average is not None]
        low = min(scored, key=lambda s: s.average) if scored else None
        high = max(scored, key=lambda s: s.average) if scored else None
        areas.append({
            "omrade": lang.pgettext("area", area.area),
            "kommune": number(area.average, 1) if area.average is not None else DASH,
            "lavest": f"{low.name} ({number(low.average, 1)})" if low and len(scored) > 1 else DASH,
            "hoyest": f"{high.name} ({number(high.average, 1)})" if high and len(scored) > 1 else DASH,
        })
    answers = sum(1 for b in model.barometer if b.score is not None)
    units = len({b.prov.unit for b in model.barometer if b.score is not None})
    if answers:
        text = lang.ngettext("Det kom {answers} svar fra {n} enhet.", "Det kom {answers} svar fra {n} enheter.", units,
                             answers=answers)
    else:
        text = lang.gettext("Ingen enheter har svart på barometeret ennå.")
    return {"tekst": text, "omrader": areas}


#: A coordination group's line lists at most this many of its measures by id.
GROUP_IDS_LISTED = 8


def _group_line(g, lang: Lang) -> str:
    """«S-3: Nye elev-PC-er, 16 enheter (FBS-2, … og 14 til): reason» – bounded, however large the group."""
    ids = list(g.ids[:GROUP_IDS_LISTED])
    rest = len(g.ids) - len(ids)
    listed = ", ".join(ids)
    if rest:
        listed = lang.gettext("{ids} og {rest} til", ids=listed, rest=rest)
    return lang.gettext("{label} ({ids}): {reason}", label=lang.render(g.label), ids=listed, reason=lang.render(g.reason))
