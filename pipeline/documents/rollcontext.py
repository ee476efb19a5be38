"""The template context of the rolled action plan and of the case for the yearly
rullering (issue 15): what ``Handlingsplan-rullert.docx`` and ``Saksframlegg-rullering.docx``
show, from a :class:`~pipeline.core.rollover.RolledPlan`.

Every text made here goes through the workspace's language (``lang.gettext``, docs/sprak.md);
the templates hold the rest. :data:`ROLL_SCHEMA` lists every name, so
:func:`pipeline.documents.templatecheck.check_template` can check an edited template.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.config import Config
from pipeline.contract import DONE, IN_PROGRESS, NOT_STARTED, POSTPONED, STOPPED
from pipeline.core.assessment import EXCLUDED, MERGED
from pipeline.core.followup import MeasureFollowUp
from pipeline.core.rollover import CARRIED, NEW, REASSESSED, RolledMeasure, RolledPlan
from pipeline.documents.casecontext import proposer_of
from pipeline.documents.fields import FLAG, TEXT
from pipeline.i18n import Lang

#: The templates by key (:mod:`pipeline.i18n.filenames`: ``Handlingsplan-rullert.docx``, in Danish
#: ``Handleplan-rulleret.docx`` …), in the order they are rendered.
ROLLED_PLAN, ROLLING_CASE = "rolled_plan", "rolling_case"
ROLL_DOCUMENTS = (ROLLED_PLAN, ROLLING_CASE)

_ROW = {"id": TEXT, "tittel": TEXT, "enhet": TEXT}
ROLL_SCHEMA: dict[str, Any] = {
    "kommune": TEXT, "periode": TEXT, "tittel": TEXT, "ar": TEXT, "ar_for": TEXT, "dato": TEXT,
    "vedtatt": {"dato": TEXT, "sak": TEXT, "versjon": TEXT, "tekst": TEXT},
    "statusrapport": TEXT, "statusrapport_bestemt": TEXT, "utgar_liste": TEXT,
    "antall": {k: TEXT for k in ("ferdig", "videreført", "nye", "vurdert", "utgar", "i_planen", "utenfor",
                                 "rapportert", "vedtatte", "forsinket", "ikke_rapportert")},
    "okonomi": {"investering": TEXT, "ramme": TEXT, "har_ramme": FLAG, "innenfor_ramme": FLAG,
                "overskridelse": TEXT, "planlagt_fjor": TEXT, "brukt_fjor": TEXT, "gevinst_lovet": TEXT,
                "gevinst_realisert": TEXT, "ramme_per_ar": TEXT, "har_lovet_gevinst": FLAG,
                "har_realisert_gevinst": FLAG},
    "ar_tabell": [{"ar": TEXT, "ramme": TEXT, "i_planen": TEXT, "igjen": TEXT, "tiltak": TEXT}],
    "plan": [{**_ROW, "rangering": TEXT, "endring": TEXT, "ar": TEXT, "investering": TEXT, "status_fjor": TEXT}],
    "videreforte": [{**_ROW, "status": TEXT, "vedtatt": TEXT, "brukt": TEXT, "gjenstar": TEXT, "ar": TEXT,
                     "kommentar": TEXT}],
    "nye": [{**_ROW, "investering": TEXT, "ar": TEXT, "plass": TEXT}],
    "utgar": [{**_ROW, "kommentar": TEXT, "brukt": TEXT}],
    "ferdige": [{**_ROW, "brukt": TEXT, "gevinst": TEXT}],
    "utenfor": [{**_ROW, "endring": TEXT, "investering": TEXT, "grunn": TEXT}],
    "regler": [TEXT],
    "sak": {"tittel": TEXT, "saksbehandler": TEXT, "arkivsaksnr": TEXT, "forslag_overskrift": TEXT,
            "vedtaksorgan": TEXT, "vedtaksorgan_liten": TEXT, "forslagsstiller": TEXT,
            "forslagsstiller_liten": TEXT, "underskriver": TEXT, "underskriver_tittel": TEXT, "sted_dato": TEXT,
            "saksgang": [{"utvalg": TEXT}]},
}


def origin_text(origin: str, lang: Lang) -> str:
    """«Videreført», «Nytt», «Vurdert på nytt» as the plan's «Endring» column says it."""
    return {
        CARRIED: lang.pgettext("rolled", "Videreført"),
        NEW: lang.pgettext("rolled", "Nytt"),
        REASSESSED: lang.pgettext("rolled", "Vurdert på nytt"),
    }[origin]


def status_text(status: str | None, lang: Lang) -> str:
    """The status a unit reported, in the language; «Ikke rapportert» for None."""
    texts = {
        None: lang.pgettext("status", "Ikke rapportert"),
        NOT_STARTED: lang.pgettext("status", "Ikke startet"),
        IN_PROGRESS: lang.pgettext("status", "Pågår"),
        DONE: lang.pgettext("status", "Ferdig"),
        POSTPONED: lang.pgettext("status", "Utsatt"),
        STOPPED: lang.pgettext("status", "Avbrutt"),
    }
    return texts.get(status, status or "")


def roll_context(plan: RolledPlan, config: Config, today: date, lang: Lang) -> dict[str, Any]:
    """The context of both documents. *today*: the documents' date."""
    _ = lang.gettext
    base, follow = plan.baseline, plan.followup
    years = [y for y in config.years if y >= plan.year]
    frame = config.investment_frame
    in_plan = plan.in_plan
    by_year = {y: [m for m in in_plan if m.assessment.frame_year == y] for y in years}
    invest = sum(_cost(m) for m in in_plan)
    frame_sum = sum(frame.get(y, 0) for y in years) if frame is not None else None
    over = sum(max(0, sum(_cost(m) for m in by_year[y]) - frame.get(y, 0)) for y in years) if frame else 0
    totals = follow.totals
    unit_name = {u.key: u.name for u in plan.model.units}

    def unit(m: RolledMeasure) -> str:
        return unit_name.get(m.assessment.measure.prov.unit, m.assessment.unit.name)

    def row(m: RolledMeasure) -> dict[str, str]:
        return {"id": m.id, "tittel": m.assessment.title or m.assessment.measure.title, "enhet": unit(m)}

    def reported_row(f: MeasureFollowUp) -> dict[str, str]:
        return {"id": f.id, "tittel": f.measure.title, "enhet": f.unit.name}

    adopted_on = lang.day(base.adopted_on)
    adopted = (_("vedtatt {date}, sak {case}", date=adopted_on, case=base.case_ref) if base.case_ref
               else _("vedtatt {date}", date=adopted_on))
    return {
        "kommune": config.municipality,
        "periode": f"{config.period_from}–{config.period_to}",
        "tittel": _("Handlingsplan for IKT {year}", year=plan.year),
        "ar": str(plan.year),
        "ar_for": str(follow.year),
        "dato": lang.day(today),
        "vedtatt": {"dato": adopted_on, "sak": base.case_ref or "", "versjon": str(base.version), "tekst": adopted},
        "statusrapport": _("Statusrapport for IKT-handlingsplanen {year}", year=follow.year),
        # TRANSLATORS: the status report in the definite form, inside a sentence («tar … til orientering»).
        "statusrapport_bestemt": _("statusrapporten for IKT-handlingsplanen {year}", year=follow.year),
        "utgar_liste": lang.join([f.id for f in plan.dropped]),
        "antall": {
            "ferdig": str(len(plan.done)), "videreført": str(len([m for m in plan.measures if m.carry])),
            "nye": str(len(plan.with_origin(NEW))), "vurdert": str(len(plan.with_origin(REASSESSED))),
            "utgar": str(len(plan.dropped)), "i_planen": str(len(in_plan)), "utenfor": str(len(plan.outside)),
            "rapportert": str(totals.reported), "vedtatte": str(totals.measures),
            "forsinket": str(len(follow.delayed)), "ikke_rapportert": str(len(follow.not_reported)),
        },
        "okonomi": {
            "investering": lang.kroner(invest), "ramme": lang.kroner(frame_sum) if frame_sum is not None else "",
            "har_ramme": frame is not None, "innenfor_ramme": frame is None or over == 0,
            "overskridelse": lang.kroner(over),
            "planlagt_fjor": lang.kroner(totals.planned_investment), "brukt_fjor": lang.kroner(totals.spent),
            "gevinst_lovet": lang.kroner(totals.planned_benefit_to_date),
            "gevinst_realisert": lang.kroner(totals.realised_to_date),
            "har_lovet_gevinst": bool(totals.planned_benefit_to_date),
            "har_realisert_gevinst": bool(totals.realised_to_date),
            "ramme_per_ar": lang.join([_("{year}: {amount}", year=y, amount=lang.kroner(frame.get(y, 0)))
                                       for y in years]) if frame is not None else "",
        },
        "ar_tabell": [{
            "ar": str(y),
            "ramme": lang.kroner(frame.get(y, 0)) if frame is not None else "",
            "i_planen": lang.kroner(sum(_cost(m) for m in by_year[y])),
            "igjen": lang.kroner(frame.get(y, 0) - sum(_cost(m) for m in by_year[y])) if frame is not None else "",
            "tiltak": str(len(by_year[y])),
        } for y in years],
        "plan": [{
            **row(m), "rangering": str(i), "endring": origin_text(m.origin, lang),
            "ar": str(m.assessment.frame_year) if m.assessment.frame_year else "",
            "investering": _money(m.assessment.measure.investment, lang),
            "status_fjor": status_text(m.followup.status, lang) if m.followup else "",
        } for i, m in enumerate(in_plan, start=1)],
        "videreforte": [{
            **row(m), "status": status_text(m.followup.status, lang),
            "vedtatt": _money(m.followup.measure.investment, lang),
            "brukt": _money(m.followup.spent, lang) if m.followup.spent is not None else _("ikke oppgitt"),
            "gjenstar": _money(m.carry.remaining, lang),
            "ar": (str(m.assessment.frame_year) if m.in_plan and m.assessment.frame_year
                   else _("ikke i planen") if not m.in_plan else ""),
            "kommentar": m.followup.comment or "",
        } for m in plan.measures if m.carry and m.followup],
        "nye": [{**row(m), "investering": _money(m.assessment.measure.investment, lang),
                 "ar": str(m.assessment.frame_year or ""), "plass": _place(m, lang)}
                for m in plan.with_origin(NEW)],
        "utgar": [{**reported_row(f), "kommentar": f.comment or _("Ingen begrunnelse er oppgitt."),
                   "brukt": _money(f.spent, lang) if f.spent is not None else _("ikke oppgitt")}
                  for f in plan.dropped],
        "ferdige": [{**reported_row(f), "brukt": _money(f.spent, lang) if f.spent is not None else _("ikke oppgitt"),
                     "gevinst": lang.kroner(f.realised_to_date) if f.realised_to_date is not None
                     else _("ikke oppgitt")} for f in plan.done],
        "utenfor": [{**row(m), "endring": origin_text(m.origin, lang),
                     "investering": _money(m.assessment.measure.investment, lang),
                     "grunn": lang.render(m.assessment.frame_reason) if m.assessment.frame_reason else ""}
                    for m in plan.outside if m.assessment.status != MERGED],
        "regler": rules(plan.year, lang),
        "sak": _case(config, today, plan.year, lang),
    }


def rules(year: int, lang: Lang) -> list[str]:
    """The carry-over and re-prioritising rules, as the plan and docs/rullering.md state them."""
    _ = lang.gettext
    return [
        _("Tiltak som er rapportert «Ferdig», tas ut av planen og listes som ferdige."),
        _("Tiltak som er rapportert «Avbrutt», utgår av planen med enhetens begrunnelse."),
        _("Tiltak som pågår, ikke er startet, er utsatt eller ikke er rapportert på, videreføres. Det som "
          "gjenstår å investere, er vedtatt investering minus det som er brukt hittil, aldri under null."),
        _("Et videreført tiltak regnes inn i rammen for året det nå ventes ferdig (ny sluttdato, ellers planlagt "
          "slutt), tidligst {year}. Et tiltak som skulle starte i {year} eller senere og ikke har fått ny "
          "sluttdato, beholder sitt planlagte tidsrom.", year=year),
        _("Nye tiltak fra enhetenes kartleggingsskjema etter vedtaket, og tiltak som ikke kom med i den vedtatte "
          "planen, vurderes på nytt. Starter de før {year}, flyttes de til {year}.", year=year),
        _("Alle tiltakene prioriteres på nytt etter de samme kriteriene og innenfor investeringsrammen for hvert "
          "år, med sekretariatets beslutninger fra vedtaket og senere beslutninger."),
    ]


def _case(config: Config, today: date, year: int, lang: Lang) -> dict[str, str]:
    _ = lang.gettext
    case = config.case
    heading = case.proposal_heading
    # Who proposes, as the strategy's case document says it («Kommunedirektøren», da «Direktionen»).
    proposer = proposer_of(heading, case.signer_title, lang)
    body = case.deciding_body(lang)
    place = config.municipality.removesuffix(" kommune").removesuffix(" Kommune")
    return {
        "tittel": _("Rullering av handlingsplanen for IKT {year}", year=year),
        "saksbehandler": case.case_officer, "arkivsaksnr": case.archive_number, "forslag_overskrift": heading,
        "vedtaksorgan": body, "vedtaksorgan_liten": body[:1].lower() + body[1:],
        "forslagsstiller": proposer, "forslagsstiller_liten": proposer[:1].lower() + proposer[1:],
        "underskriver": case.signer, "underskriver_tittel": case.signer_title,
        "sted_dato": _("{proposer} i {place}, {date}", proposer=proposer, place=place, date=lang.day(today)),
        # The committees the case goes through (their meeting dates are the strategy case's, not this one's).
        "saksgang": [{"utvalg": m.committee} for m in case.meetings],
    }


def _cost(m: RolledMeasure) -> int:
    """What the measure takes of the frame (a cost not computed counts 0)."""
    return m.assessment.measure.investment or 0


def _money(value: int | None, lang: Lang) -> str:
    return lang.kroner(value) if value is not None else lang.gettext("kostnad utredes")


def _place(m: RolledMeasure, lang: Lang) -> str:
    if m.in_plan:
        return lang.gettext("I planen")
    if m.assessment.status == EXCLUDED:
        return lang.gettext("Tatt ut etter beslutning")
    return lang.gettext("Utenfor rammen")
