"""The fixed values of the model as a reader sees them, in any language.

The model keeps the values the form gives (``"Høy"``, ``"Beholde"``,
``"Kroner (budsjett)"``) and the assessment its own (``"innenfor"``,
``"Kritisk prosess"``, ``"Ta med"``): they are identifiers, compared and stored
in bokmål whatever the workspace's language. An edge that shows one to a reader
renders :func:`label` with its language (``lang.render(label("risk", m.risk))``).
A value not in the tables (text from an older form) is shown as it is.
"""

from __future__ import annotations

from pipeline.i18n import Msg, pMsg

_LABELS: dict[str, dict[str, Msg]] = {
    "priority": {"Høy": pMsg("priority", "Høy"), "Middels": pMsg("priority", "Middels"),
                 "Lav": pMsg("priority", "Lav")},
    "risk": {"Høy": pMsg("risk", "Høy"), "Middels": pMsg("risk", "Middels"), "Lav": pMsg("risk", "Lav")},
    "type": {"Problem": pMsg("type", "Problem"), "Mulighet": pMsg("type", "Mulighet")},
    "lifecycle": {"Beholde": pMsg("lifecycle", "Beholde"), "Videreutvikle": pMsg("lifecycle", "Videreutvikle"),
                  "Erstatte": pMsg("lifecycle", "Erstatte"), "Avvikle": pMsg("lifecycle", "Avvikle")},
    "category": {"Kritisk prosess": pMsg("category", "Kritisk prosess"), "Quick win": pMsg("category", "Quick win")},
    "benefit": {"Kroner (budsjett)": pMsg("benefit", "Kroner (budsjett)"), "Tid": pMsg("benefit", "Tid"),
                "Kvalitet": pMsg("benefit", "Kvalitet")},
    # The IKT-barometer's areas (pipeline.contract.BAROMETER), as the form names them.
    "area": {"Brukeren i sentrum": pMsg("area", "Brukeren i sentrum"),
             "Informasjonssikkerhet og personvern": pMsg("area", "Informasjonssikkerhet og personvern"),
             "Digital kompetanse": pMsg("area", "Digital kompetanse"),
             "Infrastruktur og drift": pMsg("area", "Infrastruktur og drift"),
             "Systemer og integrasjon": pMsg("area", "Systemer og integrasjon"),
             "Styring og organisering": pMsg("area", "Styring og organisering")},
    # Where a measure ended up (pipeline.core.assessment: INSIDE, OUTSIDE, EXCLUDED, MERGED).
    "status": {"innenfor": pMsg("plan", "innenfor"), "utenfor": pMsg("plan", "utenfor"),
               "tatt ut": pMsg("plan", "tatt ut"), "slått sammen": pMsg("plan", "slått sammen")},
    # The secretariat's choices (pipeline.core.decisions: AUTOMATIC, INCLUDE, EXCLUDE, POSTPONE).
    "decision": {"Automatisk": pMsg("decision", "Automatisk"), "Ta med": pMsg("decision", "Ta med"),
                 "Ta ikke med": pMsg("decision", "Ta ikke med"), "Utsett til år": pMsg("decision", "Utsett til år")},
}

KINDS = tuple(_LABELS)


def label(kind: str, value: str | None) -> Msg | str | None:
    """*value* of *kind* (one of :data:`KINDS`) as a message; a value not in
    the table as it is; ``None`` as ``None``."""
    if value is None:
        return None
    return _LABELS[kind].get(value, value)


def yes_no(value: bool) -> Msg:
    """«Ja» or «Nei»."""
    return pMsg("answer", "Ja") if value else pMsg("answer", "Nei")
