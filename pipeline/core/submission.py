"""What became of a submission: its status, and the word a person reads for it.

The values are the words the store keeps (its ``CHECK`` constraint names them,
and existing stores hold them), so they never change; a :class:`SubmissionStatus`
compares equal to its word. The labels are what the terminal, the receipts and
the e-mail subjects say.
"""

from __future__ import annotations

from enum import StrEnum

from pipeline.i18n import Msg, pMsg


class SubmissionStatus(StrEnum):
    ACCEPTED = "godkjent"
    REJECTED = "avvist"
    DUPLICATE = "duplikat"  # byte-identical to a kept form: answered, not counted again
    #: A valid form whose unit name the intake does not know by itself: not on the
    #: secretariat's list (``[[enheter]]``), or a near-miss of a unit that has
    #: delivered. It counts only once the secretariat has mapped the name to a unit
    #: or accepted it as a new unit (:mod:`pipeline.core.roster`); until then it
    #: is kept, answered and in no document.
    HELD = "holdt"

    @property
    def label(self) -> str:
        """The status in a sentence, in bokmål: «godkjent», «avvist», «mottatt tidligere»,
        «venter på sekretariatet»."""
        return str(self.text)

    @property
    def text(self) -> Msg:
        """The status in a sentence, in any language: ``lang.render(status.text)``."""
        return _LABELS[self]


_LABELS = {
    SubmissionStatus.ACCEPTED: pMsg("status", "godkjent"),
    SubmissionStatus.REJECTED: pMsg("status", "avvist"),
    SubmissionStatus.DUPLICATE: pMsg("status", "mottatt tidligere"),
    SubmissionStatus.HELD: pMsg("status", "venter på sekretariatet"),
}
