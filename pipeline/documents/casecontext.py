"""The case document's own parts of the template context: the case (``sak``)
and what changed since the version last sent to political treatment (``endringer``)."""

from __future__ import annotations

from typing import Any

from pipeline.core.assessment import Assessment
from pipeline.core.model import Municipality
from pipeline.core.versions import Changes, DecisionChange, VersionInfo
from pipeline.documents.fields import FLAG, TEXT
from pipeline.documents.measurecontext import format_field
from pipeline.formatting import day, kroner
from pipeline.i18n import Lang

CASE: dict[str, Any] = {
    "tittel": TEXT, "saksbehandler": TEXT, "arkivsaksnr": TEXT, "arkivkode": TEXT, "dato": TEXT,
    "forslag_overskrift": TEXT, "underskriver": TEXT, "underskriver_tittel": TEXT,
    "saksgang": [{"utvalg": TEXT, "motedato": TEXT, "saksnr": TEXT}],
    "vedtaksorgan": TEXT, "vedtaksorgan_liten": TEXT, "forslagsstiller": TEXT, "forslagsstiller_liten": TEXT,
    "sted_dato": TEXT, "tidligere_vedtak": [TEXT], "drofting": TEXT, "deleger_rullering": FLAG,
    "utenfor_rammen": FLAG,
}
CHANGES: dict[str, Any] = {
    "forste_versjon": FLAG, "ingen": FLAG, "forrige_nummer": TEXT, "forrige_dato": TEXT,
    "enheter": [TEXT], "lagt_til": [TEXT], "fjernet": [TEXT], "beslutninger": [TEXT],
    "endret": [{"tiltak": TEXT, "felt": TEXT, "fra": TEXT, "til": TEXT}],
    "totaler": [{"ar": TEXT, "felt": TEXT, "fra": TEXT, "til": TEXT, "endring": TEXT}],
    "sekretariatet": [TEXT],
    "sammenligning": FLAG,
}


def case_context(model: Municipality, assessment: Assessment, version: VersionInfo) -> dict[str, Any]:
    """``sak``: the case's facts from the configuration, and who proposes and decides."""
    config = model.config
    case = config.case
    heading = case.proposal_heading
    first = heading.split()[0] if heading.split() else ""
    # «Kommunedirektørens forslag …» → «Kommunedirektøren»; «Rådmannens …» → «Rådmannen».
    proposer = first[:-1] if len(first) > 2 and first.endswith("s") else (case.signer_title or "Kommunedirektøren")
    body = case.meetings[-1].committee if case.meetings else "Kommunestyret"
    place = config.municipality
    for suffix in (" kommune", " Kommune"):
        if place.endswith(suffix):
            place = place[: -len(suffix)]
    return {
        "tittel": case.title,
        "saksbehandler": case.case_officer,
        "arkivsaksnr": case.archive_number,
        "arkivkode": case.archive_code,
        "dato": day(version.created),
        "forslag_overskrift": heading,
        "underskriver": case.signer,
        "underskriver_tittel": case.signer_title,
        "saksgang": [
            {"utvalg": m.committee, "motedato": day(m.date) if m.date else "", "saksnr": m.case_number}
            for m in case.meetings
        ],
        "vedtaksorgan": body,
        "vedtaksorgan_liten": body[:1].lower() + body[1:],
        "forslagsstiller": proposer,
        "forslagsstiller_liten": proposer[:1].lower() + proposer[1:],
        "sted_dato": f"{proposer} i {place}, {day(version.created)}",
        "tidligere_vedtak": [_decision(d) for d in case.earlier_decisions],
        "drofting": case.consultation,
        "deleger_rullering": case.delegate_revision,
        "utenfor_rammen": bool(assessment.outside_frame),
    }


def _decision(d) -> str:
    """«Formannskapet 24.04.2026, sak 45/26: …»."""
    when = f" {day(d.date)}" if d.date else ""
    number = f", sak {d.case_number}" if d.case_number else ""
    return f"{d.committee}{when}{number}: {d.text}"


def changes_context(version: VersionInfo, lang: Lang | None = None) -> dict[str, Any]:
    """``endringer``: what changed since the version last sent to political
    treatment (:attr:`VersionInfo.base_number`); nothing before the first one is sent.
    *lang*: the language the field names are shown in (None: bokmål)."""
    lang = lang or Lang.source()
    changes: Changes | None = version.changes
    if changes is None:
        return {
            "forste_versjon": True, "ingen": False, "forrige_nummer": "", "forrige_dato": "",
            "enheter": [], "lagt_til": [], "fjernet": [], "endret": [], "totaler": [], "beslutninger": [],
            "sammenligning": False, "sekretariatet": [],
        }
    units = [
        f"{u.name}: ny enhet (revisjon {u.new_revision})" if u.old_revision is None
        else f"{u.name}: revisjon {u.old_revision} → {u.new_revision}"
        for u in changes.units
    ]
    changed = []
    for c in changes.changed:
        for i, f in enumerate(c.fields):
            changed.append({
                # the measure is named on its first row only, so the table reads as a list per measure
                "tiltak": f"{c.measure.id}: {c.measure.title}" if i == 0 else "",
                "felt": lang.render(f.label),
                "fra": format_field(f.field, f.old),
                "til": format_field(f.field, f.new),
            })
    totals = [
        {
            "ar": str(t.year),
            "felt": lang.render(t.label),
            "fra": kroner(t.old),
            "til": kroner(t.new),
            "endring": ("+" if t.delta > 0 else "") + kroner(t.delta),
        }
        for t in changes.totals
    ]
    return {
        "forste_versjon": False,
        "ingen": changes.empty,
        "forrige_nummer": str(version.base_number if version.base_number is not None else version.number - 1),
        "forrige_dato": day(version.previous_created) if version.previous_created else "",
        "enheter": units,
        "lagt_til": [f"{m.id}: {m.title} ({m.unit})" for m in changes.added],
        "fjernet": [f"{m.id}: {m.title} ({m.unit})" for m in changes.removed],
        "endret": changed,
        "totaler": totals,
        "beslutninger": [_decision_change(c) for c in changes.decisions],
        "sammenligning": changes.comparison,
        "sekretariatet": list(changes.actions),
    }


def _decision_change(c: DecisionChange) -> str:
    """«SRV-4: Sikkerhetsplan …: Beslutning «Automatisk» → «Ta med»»."""
    def shown(value: Any) -> str:
        return "(tom)" if value in (None, "") else f"«{value}»"

    measure = f"{c.id}: {c.title}" if c.title else f"{c.id} (finnes ikke lenger)"
    return f"{measure}: {c.label} {shown(c.old)} → {shown(c.new)}"
