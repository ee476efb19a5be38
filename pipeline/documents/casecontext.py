"""The case document's own parts of the template context: the case (``sak``)
and what changed since the version last sent to political treatment (``endringer``)."""

from __future__ import annotations

from typing import Any

from pipeline.core.assessment import Assessment
from pipeline.core.model import Municipality
from pipeline.core.versions import Changes, DecisionChange, VersionInfo
from pipeline.documents.fields import FLAG, TEXT
from pipeline.documents.measurecontext import format_field
from pipeline.i18n import Day, Lang

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
    lang = config.lang
    case = config.case
    heading = case.proposal_heading
    proposer = proposer_of(heading, case.signer_title, lang)
    body = case.deciding_body(lang)
    place = config.municipality
    for suffix in (" kommune", " Kommune"):
        if place.endswith(suffix):
            place = place[: -len(suffix)]
    return {
        "tittel": case.title,
        "saksbehandler": case.case_officer,
        "arkivsaksnr": case.archive_number,
        "arkivkode": case.archive_code,
        "dato": lang.day(version.created),
        "forslag_overskrift": heading,
        "underskriver": case.signer,
        "underskriver_tittel": case.signer_title,
        "saksgang": [
            {"utvalg": m.committee, "motedato": lang.day(m.date) if m.date else "", "saksnr": m.case_number}
            for m in case.meetings
        ],
        "vedtaksorgan": body,
        "vedtaksorgan_liten": body[:1].lower() + body[1:],
        "forslagsstiller": proposer,
        "forslagsstiller_liten": proposer[:1].lower() + proposer[1:],
        # TRANSLATORS: above the signatures: «Kommunedirektøren i Havvik, 01.02.2027».
        "sted_dato": lang.gettext("{proposer} i {place}, {date}", proposer=proposer, place=place,
                                  date=Day(version.created)),
        "tidligere_vedtak": [_decision(d, lang) for d in case.earlier_decisions],
        "drofting": case.consultation,
        "deleger_rullering": case.delegate_revision,
        "utenfor_rammen": bool(assessment.outside_frame),
    }


def proposer_of(heading: str, signer_title: str, lang: Lang) -> str:
    """Who proposes, from the proposal's heading: «Kommunedirektørens forslag …» →
    «Kommunedirektøren»; nynorsk «Rådmannen si tilråding» → «Rådmannen»; else the
    signer's title, or the language's default (da always «Direktionen», who «indstiller»)."""
    words = heading.split()
    if len(words) >= 2 and words[1] in ("sitt", "si", "sine"):
        return words[0]
    first = words[0] if words else ""
    if len(first) > 2 and first.endswith("s") and lang.code != "da":
        return first[:-1]
    # TRANSLATORS: who proposes the resolution when the heading does not say (da «Direktionen»).
    default = lang.gettext("Kommunedirektøren")
    return default if lang.code == "da" else (signer_title or default)


def _decision(d, lang: Lang) -> str:
    """«Formannskapet 24.04.2026, sak 45/26: …»."""
    if d.date and d.case_number:
        return lang.gettext("{committee} {date}, sak {number}: {text}", committee=d.committee, date=Day(d.date),
                            number=d.case_number, text=d.text)
    if d.date:
        return lang.gettext("{committee} {date}: {text}", committee=d.committee, date=Day(d.date), text=d.text)
    if d.case_number:
        return lang.gettext("{committee}, sak {number}: {text}", committee=d.committee, number=d.case_number,
                            text=d.text)
    return lang.gettext("{committee}: {text}", committee=d.committee, text=d.text)


def changes_context(version: VersionInfo, lang: Lang | None = None) -> dict[str, Any]:
    """``endringer``: what changed since the version last sent to political
    treatment (:attr:`VersionInfo.base_number`); nothing before the first one is sent.
    *lang* None: bokmål. The field labels (``felt``) are the core's (:mod:`pipeline.core.versions`)."""
    t = lang or Lang.source()
    changes: Changes | None = version.changes
    if changes is None:
        return {
            "forste_versjon": True, "ingen": False, "forrige_nummer": "", "forrige_dato": "",
            "enheter": [], "lagt_til": [], "fjernet": [], "endret": [], "totaler": [], "beslutninger": [],
            "sammenligning": False, "sekretariatet": [],
        }
    units = [
        t.gettext("{unit}: ny enhet (revisjon {new})", unit=u.name, new=u.new_revision) if u.old_revision is None
        else t.gettext("{unit}: revisjon {old} → {new}", unit=u.name, old=u.old_revision, new=u.new_revision)
        for u in changes.units
    ]
    changed = []
    for c in changes.changed:
        for i, f in enumerate(c.fields):
            changed.append({
                # the measure is named on its first row only, so the table reads as a list per measure
                "tiltak": f"{c.measure.id}: {c.measure.title}" if i == 0 else "",
                "felt": t.render(f.label),
                "fra": format_field(f.field, f.old, t),
                "til": format_field(f.field, f.new, t),
            })
    totals = [
        {
            "ar": str(tc.year),
            "felt": t.render(tc.label),
            "fra": t.kroner(tc.old),
            "til": t.kroner(tc.new),
            "endring": ("+" if tc.delta > 0 else "") + t.kroner(tc.delta),
        }
        for tc in changes.totals
    ]
    return {
        "forste_versjon": False,
        "ingen": changes.empty,
        "forrige_nummer": str(version.base_number if version.base_number is not None else version.number - 1),
        "forrige_dato": t.day(version.previous_created) if version.previous_created else "",
        "enheter": units,
        "lagt_til": [t.gettext("{id}: {title} ({unit})", id=m.id, title=m.title, unit=m.unit) for m in changes.added],
        "fjernet": [t.gettext("{id}: {title} ({unit})", id=m.id, title=m.title, unit=m.unit) for m in changes.removed],
        "endret": changed,
        "totaler": totals,
        "beslutninger": [_decision_change(c, t) for c in changes.decisions],
        "sammenligning": changes.comparison,
        "sekretariatet": [t.render(x) for x in changes.actions],
    }


def _decision_change(c: DecisionChange, t: Lang) -> str:
    """«SRV-4: Sikkerhetsplan …: Beslutning «Automatisk» → «Ta med»»."""
    def shown(value: Any) -> str:
        return t.gettext("(tom)") if value in (None, "") else t.quote(str(value))

    measure = (f"{c.id}: {c.title}" if c.title
               else t.gettext("{id} (finnes ikke lenger)", id=c.id))
    return t.gettext("{measure}: {field} {old} → {new}", measure=measure, field=t.render(c.label), old=shown(c.old),
                     new=shown(c.new))
