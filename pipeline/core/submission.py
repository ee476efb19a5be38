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
    DUPLICATE = "duplikat"  # byte-identical to an accepted form: answered, not counted again

    @property
    def label(self) -> str:
        """The status in a sentence, in bokmål: «godkjent», «avvist», «mottatt tidligere»."""
        return str(self.text)

    @property
    def text(self) -> Msg:
        """The status in a sentence, in any language: ``lang.render(status.text)``."""
        return _LABELS[self]


_LABELS = {
    SubmissionStatus.ACCEPTED: pMsg("status", "godkjent"),
    SubmissionStatus.REJECTED: pMsg("status", "avvist"),
    SubmissionStatus.DUPLICATE: pMsg("status", "mottatt tidligere"),
}
