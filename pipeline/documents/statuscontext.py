"""The context of «Statusrapport for IKT-handlingsplanen <år>» (issue 15): the adopted plan
against what the units reported for the year (:class:`pipeline.core.followup.FollowUp`).

:func:`status_context` gives the template's fields (:data:`STATUS_SCHEMA`, checked by
:func:`pipeline.documents.templatecheck.check_template`), :func:`status_charts` the two
charts (planned against spent investment, promised against realised benefit), drawn by
:mod:`pipeline.documents.chartimages` like the strategy's. Every text a reader sees is
marked for the catalogues and written in the workspace's language (*lang*); what a unit
wrote (titles, comments) is shown as written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pipeline.contract import DONE, FOLLOWUP_STATUSES, IN_PROGRESS, NOT_STARTED, POSTPONED, STOPPED
from pipeline.core.followup import FollowUp, MeasureFollowUp
from pipeline.documents.fields import FLAG, IMAGE, TEXT
from pipeline.i18n import Lang, pMsg

#: The template's key (:mod:`pipeline.i18n.filenames`: ``Statusrapport.docx`` in ``word_templates/``).
STATUS_TEMPLATE = "status_template"
#: How many measures a chart shows at most (the largest amounts); the tables show every one.
CHART_LIMIT = 15

#: A status as the report writes it (the stored codes are bokmål); «Ikke rapportert» for none.
STATUS_WORDS = {
    NOT_STARTED: pMsg("status", "Ikke startet"),
    IN_PROGRESS: pMsg("status", "Pågår"),
    DONE: pMsg("status", "Ferdig"),
    POSTPONED: pMsg("status", "Utsatt"),
    STOPPED: pMsg("status", "Avbrutt"),
    None: pMsg("status", "Ikke rapportert"),
}

_MEASURE = {"id": TEXT, "tittel": TEXT, "enhet": TEXT, "status": TEXT, "fullfort": TEXT, "investering": TEXT,
            "brukt": TEXT, "andel": TEXT, "gevinst_lovet": TEXT, "gevinst_aret": TEXT, "gevinst_hittil": TEXT,
            "planlagt_slutt": TEXT, "slutt": TEXT, "kommentar": TEXT, "grunn": TEXT, "indikator": TEXT,
            "nullpunkt": TEXT, "malverdi": TEXT, "indikator_na": TEXT, "maldato": TEXT, "gevinsteier": TEXT}
STATUS_SCHEMA: dict[str, Any] = {
    "kommune": TEXT,
    "tittel": TEXT,
    "ar": TEXT,
    "periode": TEXT,
    "laget": TEXT,
    "vedtak": TEXT,
    "sammendrag": [TEXT],
    "statuser": [{"status": TEXT, "antall": TEXT}],
    "totalt": {k: TEXT for k in ("tiltak", "rapportert", "investering", "brukt", "andel", "gevinst_lovet",
                                 "gevinst_aret", "gevinst_lovet_hittil", "gevinst_hittil", "gevinst_andel")},
    "okonomi_tekst": TEXT,
    "gevinst_tekst": TEXT,
    "tiltak": [_MEASURE],
    "gevinst_tiltak": [_MEASURE],
    "forsinket": [_MEASURE],
    "avbrutt": [_MEASURE],
    "ferdig": [_MEASURE],
    "ikke_rapportert": [_MEASURE],
    "indikatorer": [_MEASURE],
    "enheter": [{"navn": TEXT, "tiltak": TEXT, "rapportert": TEXT, "levert": TEXT, "revisjon": TEXT}],
    "enheter_mangler": [TEXT],
    "har_diagram": {"investering": FLAG, "gevinst": FLAG},
    "diagram_investering": IMAGE,
    "diagram_gevinst": IMAGE,
}
STATUS_IMAGE_FIELDS = ("diagram_investering", "diagram_gevinst")


def status_context(f: FollowUp, lang: Lang, made_at: datetime) -> dict[str, Any]:
    """The fields of the status report for *f*, in *lang*; *made_at*: when it is made."""
    _ = lang.gettext
    b, t = f.baseline, f.totals
    adopted = _("Handlingsplanen ble vedtatt {day}, versjon {version}.", day=lang.day(b.adopted_on),
                version=b.version) if not b.case_ref else \
        _("Handlingsplanen ble vedtatt {day} ({case}), versjon {version}.", day=lang.day(b.adopted_on),
          case=b.case_ref, version=b.version)
    rows = [_measure(m, lang) for m in f.measures]
    by_id = {m.id: row for m, row in zip(f.measures, rows)}
    return {
        "kommune": b.municipality,
        "tittel": _("Statusrapport for IKT-handlingsplanen {year}", year=f.year),
        "ar": str(f.year),
        "periode": f"{b.period_from}–{b.period_to}",
        "laget": lang.day(made_at),
        "vedtak": adopted,
        "sammendrag": _summary(f, lang),
        "statuser": [{"status": lang.render(STATUS_WORDS[s]), "antall": str(n)}
                     for s, n in [*((s, t.by_status[s]) for s in FOLLOWUP_STATUSES),
                                  (None, t.measures - sum(t.by_status.values()))] if n],
        "totalt": {
            "tiltak": str(t.measures), "rapportert": str(t.reported),
            "investering": lang.kroner(t.planned_investment), "brukt": lang.kroner(t.spent),
            "andel": _share(t.spent, t.planned_investment, lang),
            "gevinst_lovet": lang.kroner(t.planned_benefit), "gevinst_aret": lang.kroner(t.realised_benefit),
            "gevinst_lovet_hittil": lang.kroner(t.planned_benefit_to_date),
            "gevinst_hittil": lang.kroner(t.realised_to_date),
            "gevinst_andel": _share(t.realised_to_date, t.planned_benefit_to_date, lang),
        },
        "okonomi_tekst": _(
            "Handlingsplanen har en samlet investering på {planned}. Enhetene har rapportert at {spent} er brukt "
            "hittil ({share}).", planned=lang.amount(t.planned_investment), spent=lang.amount(t.spent),
            share=_share(t.spent, t.planned_investment, lang)),
        "gevinst_tekst": _benefit_text(f, lang),
        "tiltak": rows,
        "gevinst_tiltak": [by_id[m.id] for m in _benefit_rows(f)],
        "forsinket": [by_id[m.id] for m in f.delayed],
        "avbrutt": [by_id[m.id] for m in f.stopped],
        "ferdig": [by_id[m.id] for m in f.done],
        "ikke_rapportert": [by_id[m.id] for m in f.not_reported],
        "indikatorer": [by_id[m.id] for m in f.measures if m.measure.plan is not None and m.measure.plan.indicator],
        "enheter": [{"navn": u.unit.name, "tiltak": str(u.measures), "rapportert": str(u.reported),
                     "levert": lang.day(u.delivered_at) if u.delivered_at else _("Ikke levert"),
                     "revisjon": str(u.revision) if u.revision else "–"} for u in f.units],
        "enheter_mangler": [u.unit.name for u in f.missing_units],
        "har_diagram": {"investering": bool(_investment_rows(f)), "gevinst": bool(_benefit_rows(f))},
    }


def _measure(m: MeasureFollowUp, lang: Lang) -> dict[str, str]:
    _ = lang.gettext
    not_given = _("Ikke oppgitt")
    plan = m.measure.plan
    reason = m.comment or (_("Enheten har ikke oppgitt hvorfor.") if m.status in (POSTPONED, STOPPED) or m.delayed
                           else "")
    return {
        "id": m.id,
        "tittel": m.measure.title,
        "enhet": m.unit.name,
        "status": lang.render(STATUS_WORDS[m.status]),
        "fullfort": lang.percent(m.percent_done / 100, 0) if m.percent_done is not None else "–",
        "investering": lang.kroner(m.planned_investment) if m.planned_investment is not None else _("Utredes"),
        "brukt": lang.kroner(m.spent) if m.spent is not None else "–",
        "andel": lang.percent(m.spent_share, 0) if m.spent_share is not None else "–",
        "gevinst_lovet": lang.kroner(m.planned_benefit_to_date),
        "gevinst_aret": lang.kroner(m.benefit_realised) if m.benefit_realised is not None else "–",
        "gevinst_hittil": lang.kroner(m.realised_to_date) if m.realised_to_date is not None else "–",
        "planlagt_slutt": lang.day(m.measure.end) if m.measure.end else not_given,
        "slutt": lang.day(m.end) if m.end else not_given,
        "kommentar": m.comment or "",
        "grunn": reason,
        "indikator": (plan.indicator if plan else None) or not_given,
        "nullpunkt": (plan.baseline_value if plan else None) or not_given,
        "malverdi": (plan.target_value if plan else None) or not_given,
        "indikator_na": m.indicator_value or "–",
        "maldato": lang.day(plan.target_date) if plan and plan.target_date else not_given,
        "gevinsteier": (plan.owner if plan else None) or m.measure.follow_up or not_given,
    }


def _benefit_text(f: FollowUp, lang: Lang) -> str:
    """The benefits in a sentence: promised to date against realised (the plan promises a
    measure's yearly benefit from the year after it starts, so a first year may promise none)."""
    _ = lang.gettext
    t = f.totals
    if not t.planned_benefit_to_date:
        return _("Handlingsplanen lovet ingen gevinst i kroner til og med {year}: gevinstene regnes fra året etter "
                 "at et tiltak starter. Enhetene har likevel rapportert {realised} realisert i {year}.",
                 year=f.year, realised=lang.amount(t.realised_benefit))
    return _("Fra tiltakene startet og til og med {year} lovet handlingsplanen gevinster på {promised}. Enhetene har "
             "rapportert {realised} realisert ({share}), {this_year} av det i {year}.", year=f.year,
             promised=lang.amount(t.planned_benefit_to_date), realised=lang.amount(t.realised_to_date),
             share=_share(t.realised_to_date, t.planned_benefit_to_date, lang),
             this_year=lang.amount(t.realised_benefit))


def _share(part: int, whole: int, lang: Lang) -> str:
    """«40 %» of *whole*; «–» when nothing was planned."""
    return lang.percent(part / whole, 0) if whole else "–"


def _summary(f: FollowUp, lang: Lang) -> list[str]:
    """The report in a few sentences: who reported, how far the measures are, the money."""
    _ = lang.gettext
    t = f.totals
    delivered = len(f.reported_units)
    lines = [_("{delivered} av {units} enheter har levert oppfølgingsskjema for {year}, med rapport på {reported} av "
               "{measures} tiltak i handlingsplanen.", delivered=delivered, units=len(f.units), year=f.year,
               reported=t.reported, measures=t.measures)]
    parts = [lang.ngettext("{n} tiltak er ferdig", "{n} tiltak er ferdige", len(f.done)),
             lang.ngettext("{n} pågår", "{n} pågår", len(f.in_progress)),
             lang.ngettext("{n} er ikke startet", "{n} er ikke startet", len(f.not_started)),
             lang.ngettext("{n} er utsatt eller forsinket", "{n} er utsatt eller forsinket", len(f.delayed)),
             lang.ngettext("{n} er avbrutt", "{n} er avbrutt", len(f.stopped))]
    lines.append(_("Status for {year}: {statuses}.", year=f.year, statuses=lang.join(parts)))
    if f.not_reported:
        lines.append(lang.ngettext("{n} tiltak er ikke rapportert.", "{n} tiltak er ikke rapportert.",
                                   len(f.not_reported)))
    return lines


def _investment_rows(f: FollowUp) -> list[MeasureFollowUp]:
    return [m for m in f.measures if (m.planned_investment or 0) > 0 or (m.spent or 0) > 0]


def _benefit_rows(f: FollowUp) -> list[MeasureFollowUp]:
    return [m for m in f.measures if m.planned_benefit_to_date > 0 or (m.realised_to_date or 0) > 0]


def status_charts(f: FollowUp, lang: Lang) -> tuple[dict[str, tuple[str, tuple, dict]], dict[str, str]]:
    """The two charts for :func:`pipeline.documents.chartimages.start_named`: (the charts by
    field, their alternative texts). A chart with no amount to show is left out."""
    from pipeline.documents.charts import PlanActual

    _ = lang.gettext
    missing = _("ikke oppgitt")
    wanted: dict[str, tuple[str, tuple, dict]] = {}
    alts: dict[str, str] = {}
    for field, ms, planned_label, actual_label, amounts in (
        ("diagram_investering", _investment_rows(f), _("Planlagt investering"), _("Brukt hittil"),
         lambda m: (m.planned_investment or 0, m.spent)),
        ("diagram_gevinst", _benefit_rows(f), _("Gevinst lovet hittil"), _("Gevinst realisert hittil"),
         lambda m: (m.planned_benefit_to_date, m.realised_to_date)),
    ):
        if not ms:
            continue
        # Reported amounts first, then the largest: what the units said is what the chart is for.
        shown = sorted(ms, key=lambda m: (amounts(m)[1] is None, -max(amounts(m)[0], amounts(m)[1] or 0)))
        shown = shown[:CHART_LIMIT]
        shown = [m for m in ms if m in shown]  # the plan's order
        note = _("Viser {shown} av {all} tiltak: de rapporterte, så de med størst beløp.", shown=len(shown),
                 all=len(ms)) \
            if len(ms) > len(shown) else None
        rows = [PlanActual(f"{m.id} {m.measure.title}", *amounts(m)) for m in shown]
        wanted[field] = ("plan_actual_chart", (rows, planned_label, actual_label, missing),
                         {"language": lang.code, "note": note})
        alts[field] = _("{planned} og {actual} per tiltak: {rows}.", planned=planned_label, actual=actual_label,
                        rows="; ".join(f"{r.label}: {lang.kroner(r.planned)}, "
                                       + (lang.kroner(r.actual) if r.actual is not None else missing) for r in rows))
    return wanted, alts
