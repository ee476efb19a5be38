"""Document versions: what a version records, whether anything changed, and what.

Pure (no clock, no I/O). The build takes a
:func:`snapshot` of the model and the assessment, computes its :func:`fingerprint` together with the configuration and
the templates, and makes version N+1 only when the fingerprint differs from the
latest stored one. :func:`diff` of the snapshot of the version last sent to political treatment and
the new one is what the case document lists under «Endringer siden forrige behandling».

A snapshot is plain JSON (the store keeps it as text): the measures by a stable
key (unit key and measure number, so a changed unit code shows as a changed
measure number rather than a removed and an added measure), with the fields a
politician cares about, the totals per year, and every unit with its revision.
Every change to the combined model comes with a new revision of some unit, so the
revisions make the fingerprint follow the whole model, not only these fields.
The secretariat's recorded actions (:mod:`pipeline.core.roster`) are in the
snapshot too, by number: each makes a new version, and the change list says
what the secretariat did, when and why. So are the secretariat's decisions
(``beslutninger.xlsx``), by measure id: a changed decision makes a new version,
and the change list says which decision changed and how.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.core.decisions import changed as decision_fields
from pipeline.core.decisions import snapshot_of
from pipeline.core.model import Municipality
from pipeline.i18n import Msg, pMsg
from pipeline.i18n.filenames import DOCUMENTS, OVERVIEW  # noqa: F401 - the version's documents, re-exported
from pipeline.i18n.message import from_stored, to_stored

SNAPSHOT_FORMAT = 1

#: The Word documents of a version by key (``"strategy"``, ``"measures"``, ``"case"``), in the order
#: they are rendered (:mod:`pipeline.documents.rendering`; each has a template of the same name), and
#: the overview workbook's key. Their names follow the language: :class:`pipeline.i18n.filenames.FileNames`.

#: Measure fields in a snapshot, with the label the change list shows (rendered by the edge).
#: In the order a reader wants them; the rank is left out on purpose: one new
#: measure moves every measure below it.
MEASURE_FIELDS: dict[str, Msg] = {
    "title": pMsg("field", "Tittel"),
    "investment": pMsg("field", "Investering"),
    "operating_cost": pMsg("field", "Årlig drift"),
    "benefit": pMsg("field", "Årlig gevinst"),
    "benefit_kind": pMsg("field", "Gevinsttype"),
    "period": pMsg("field", "Tidsrom"),
    "duration_months": pMsg("field", "Varighet"),
    "in_frame": pMsg("field", "Innenfor rammen"),
    "status": pMsg("field", "Plass i planen"),
    "frame_year": pMsg("field", "År i rammen"),
    "category": pMsg("field", "Kategori"),
    "score": pMsg("field", "Poeng"),
    "npv": pMsg("field", "Nåverdi"),
    "responsible": pMsg("field", "Ansvarlig for gjennomføring"),
    "follow_up": pMsg("field", "Ansvarlig for oppfølging"),
    "risk": pMsg("field", "Risiko"),
    "sub_goal": pMsg("field", "Delmål"),
    "sub_goal_known": pMsg("field", "Delmålet finnes i strategien"),
    "unit": pMsg("field", "Enhet"),
    "id": pMsg("field", "Tiltaksnummer"),
}

#: Measure fields a snapshot leaves out when they have this value (so that
#: snapshots, and with them fingerprints, made before the field existed stay the same).
MEASURE_DEFAULTS: dict[str, Any] = {"sub_goal_known": True}

#: Totals per year compared between versions, with their labels.
TOTAL_FIELDS: dict[str, Msg] = {
    "investment_in_frame": pMsg("field", "Investering innenfor rammen"),
    "operating_cost_in_frame": pMsg("field", "Årlig drift innenfor rammen"),
    "cash_benefit_in_frame": pMsg("field", "Gevinst i kroner innenfor rammen"),
    "investment": pMsg("field", "Investering, alle forslag"),
}


#: Snapshot key of the barometer comparison's numbers (absent: none shown).
COMPARISON_KEY = "barometer_comparison"


#: The snapshot's key for the action sentences as stored messages (not fingerprinted).
ACTION_MESSAGES = "action_messages"


def snapshot(model: Municipality, assessment: Any, comparison: Any = None) -> dict[str, Any]:
    """The JSON-able state of a version (see the module docstring). *comparison*: the
    :class:`~pipeline.core.comparison.BarometerComparison` the documents show (None:
    none); its numbers are kept only when it shows something, so a municipality that
    compares with no one has the snapshot it would have without it."""
    measures = {}
    for a in assessment.measures:
        m = a.measure
        measures[f"{m.prov.unit}#{m.nr}"] = {
            "id": a.id,
            "title": m.title,
            "unit": a.unit.name,
            "rank": a.rank,
            "score": round(float(a.score), 1),
            "category": a.category,
            "in_frame": bool(a.in_frame),
            "frame_year": a.frame_year,
            "status": a.status if a.merged_into is None else f"{a.status} med {a.merged_into}",
            "investment": _whole(m.investment),
            "operating_cost": _whole(m.operating_cost),
            "benefit": _whole(m.benefit),
            "benefit_kind": m.benefit_kind,
            "npv": int(round(a.economics.npv)) if a.economics is not None else None,
            "period": m.period.label if m.period else None,
            "duration_months": m.duration_months,
            "responsible": m.responsible or None,
            "follow_up": m.follow_up or None,
            "risk": m.risk,
            "sub_goal": m.sub_goal,
        }
        if not a.sub_goal_known:  # a renamed or removed delmål: the change list says why the points fell
            measures[f"{m.prov.unit}#{m.nr}"]["sub_goal_known"] = False
    years = {
        str(y.year): {name: int(getattr(y, name)) for name in TOTAL_FIELDS} for y in assessment.years
    }
    units = {u.key: {"name": u.name, "revision": u.revision} for u in model.units}
    decisions = {id: snapshot_of(d) for id, d in sorted(assessment.decisions.by_id.items())}
    snap = {"format": SNAPSHOT_FORMAT, "measures": measures, "years": years, "units": units,
            "decisions": decisions}
    if model.actions:  # absent when there are none: a store without actions keeps its fingerprints
        snap["actions"] = {str(number): str(sentence) for number, sentence in model.actions}
        said = {str(number): to_stored(sentence) for number, sentence in model.actions if isinstance(sentence, Msg)}
        if said:
            snap[ACTION_MESSAGES] = said
    compared = comparison.snapshot() if comparison is not None else []
    if compared:
        snap[COMPARISON_KEY] = compared
    return snap


def _whole(amount: int | None) -> int | None:
    return None if amount is None else int(amount)


def fingerprint(snapshot: dict[str, Any], config_bytes: bytes, template_bytes: bytes) -> str:
    """SHA-256 over the snapshot (canonical JSON), the configuration file and the
    templates: equal fingerprints mean the documents would come out the same."""
    # The action sentences as messages are the same sentences as snap["actions"] (bokmål),
    # kept so a change list can say them in any language; hashing them as well would give
    # every store made before they were kept a new version that changed nothing.
    snapshot = {k: v for k, v in snapshot.items() if k != ACTION_MESSAGES}
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return digest(canonical, config_bytes, template_bytes)


def digest(*parts: bytes) -> str:
    """SHA-256 (hex) over *parts*, each preceded by its length (8 bytes, big-endian),
    so no two sequences of parts run together into the same bytes. Stores keep
    these values (fingerprints, the build's input token): the scheme never changes."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


@dataclass(frozen=True)
class MeasureRef:
    key: str  # "<unit key>#<nr>"
    id: str
    title: str
    unit: str


@dataclass(frozen=True)
class FieldChange:
    field: str  # a key of MEASURE_FIELDS
    label: Msg  # the field as a reader sees it
    old: Any  # as stored in the snapshot; None: not given
    new: Any


@dataclass(frozen=True)
class MeasureChange:
    measure: MeasureRef  # as it is now
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class UnitChange:
    key: str
    name: str
    old_revision: int | None  # None: the unit is new in this version
    new_revision: int


@dataclass(frozen=True)
class TotalChange:
    year: int
    field: str  # a key of TOTAL_FIELDS
    label: Msg  # the total as a reader sees it
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class DecisionChange:
    """The secretariat changed its decision on a measure (a field of ``beslutninger.xlsx``)."""

    id: str
    title: str  # the measure's title now ("" when no measure has the id now)
    label: str  # the column: «Beslutning», «År», «Slå sammen med», …
    old: Any  # None: empty
    new: Any


@dataclass(frozen=True)
class Changes:
    units: tuple[UnitChange, ...] = ()
    added: tuple[MeasureRef, ...] = ()
    removed: tuple[MeasureRef, ...] = ()
    changed: tuple[MeasureChange, ...] = ()
    totals: tuple[TotalChange, ...] = ()
    decisions: tuple[DecisionChange, ...] = ()
    #: The comparison of the IKT-barometer with other municipalities has other numbers (or came or went).
    comparison: bool = False
    #: What the secretariat did since the version compared with, as sentences
    #: («Sekretariatet koblet «X» til Y 29.11.2026: skrivefeil i enhetsnavnet»).
    actions: tuple[Msg | str, ...] = ()

    @property
    def empty(self) -> bool:
        """No unit, measure, decision, total or comparison changed and the secretariat did
        nothing (a new version then comes from the configuration or the templates)."""
        return not (self.units or self.added or self.removed or self.changed or self.totals or self.decisions
                    or self.comparison or self.actions)


@dataclass(frozen=True)
class VersionInfo:
    """The version the documents are rendered as."""

    number: int
    created: datetime
    #: What changed since the version compared with (:attr:`base_number`). ``None``:
    #: there is none (no version has been sent to political treatment before this one).
    changes: Changes | None = None
    #: When the version compared with was made. ``None``: there is none, or not known.
    previous_created: datetime | None = None
    #: Still a draft: not (yet) the version sent to political treatment.
    draft: bool = True
    #: The version the change list compares with: the last one sent to political
    #: treatment. ``None``: the previous number (``number - 1``).
    base_number: int | None = None


def _said(stored: Any, text: str) -> Msg | str:
    """An action's sentence as a message from the snapshot; its bokmål *text* when the
    snapshot has none (made before they were kept) or one this version cannot read."""
    if stored is None:
        return text
    try:
        return from_stored(stored)
    except (KeyError, TypeError, ValueError):
        return text


def diff(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """What changed from snapshot *old* to snapshot *new*, in the new order."""
    old_m, new_m = old.get("measures", {}), new.get("measures", {})
    added = tuple(_ref(k, v) for k, v in new_m.items() if k not in old_m)
    removed = tuple(_ref(k, v) for k, v in old_m.items() if k not in new_m)
    changed = []
    for key, now in new_m.items():
        before = old_m.get(key)
        if before is None:
            continue
        # A field an older snapshot does not have is no change (that iktplan did not record
        # it), unless it has a default that stands for «not recorded».
        fields = tuple(
            FieldChange(name, label, _field(before, name), _field(now, name))
            for name, label in MEASURE_FIELDS.items()
            if (name in before or name in MEASURE_DEFAULTS) and _field(before, name) != _field(now, name)
        )
        if fields:
            changed.append(MeasureChange(_ref(key, now), fields))

    units = []
    old_u = old.get("units", {})
    for key, unit in new.get("units", {}).items():
        before = old_u.get(key)
        if before is None or before.get("revision") != unit.get("revision"):
            units.append(UnitChange(key, unit["name"], before.get("revision") if before else None, unit["revision"]))

    totals = []
    old_y, new_y = old.get("years", {}), new.get("years", {})
    for year in sorted(set(old_y) | set(new_y), key=int):
        for name, label in TOTAL_FIELDS.items():
            if year in old_y and year in new_y and (name not in old_y[year]) != (name not in new_y[year]):
                continue  # a snapshot from a version that did not count this total: nothing to compare
            a = int(old_y.get(year, {}).get(name, 0))
            b = int(new_y.get(year, {}).get(name, 0))
            if a != b:
                totals.append(TotalChange(int(year), name, label, a, b))
    old_a, said = old.get("actions", {}), new.get(ACTION_MESSAGES, {})
    actions = tuple(_said(said.get(number), text)
                    for number, text in sorted(new.get("actions", {}).items(), key=lambda kv: int(kv[0]))
                    if number not in old_a)
    return Changes(tuple(units), added, removed, tuple(changed), tuple(totals), _decision_changes(old, new),
                   comparison=old.get(COMPARISON_KEY, []) != new.get(COMPARISON_KEY, []), actions=actions)


def _decision_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[DecisionChange, ...]:
    """The decisions that changed, by measure id in the new snapshot's measure order. A
    snapshot from before decisions were kept has none, so nothing changed then."""
    if "decisions" not in old:
        return ()
    before, now = old["decisions"], new.get("decisions", {})
    titles = {m.get("id"): m.get("title", "") for m in new.get("measures", {}).values()}
    order = {id: i for i, id in enumerate(titles)}
    ids = sorted(set(before) | set(now), key=lambda i: (order.get(i, len(order)), i))
    return tuple(
        DecisionChange(id, titles.get(id, ""), label, a, b)
        for id in ids
        for label, a, b in decision_fields(before.get(id), now.get(id))
    )


def _field(measure: dict[str, Any], name: str) -> Any:
    return measure.get(name, MEASURE_DEFAULTS.get(name))


def _ref(key: str, m: dict[str, Any]) -> MeasureRef:
    return MeasureRef(key=key, id=m.get("id", key), title=m.get("title", ""), unit=m.get("unit", ""))
