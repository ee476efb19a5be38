"""What became of a submission: its status, and the word a person reads for it.

The values are the words the store keeps (its ``CHECK`` constraint names them,
and existing stores hold them), so they never change; a :class:`SubmissionStatus`
compares equal to its word. The labels are what the terminal, the receipts and
the e-mail subjects say.
"""

from __future__ import annotations

from enum import StrEnum


class SubmissionStatus(StrEnum):
    ACCEPTED = "godkjent"
    REJECTED = "avvist"
    DUPLICATE = "duplikat"  # byte-identical to an accepted form: answered, not counted again

    @property
    def label(self) -> str:
        """The status in a sentence: «godkjent», «avvist», «mottatt tidligere»."""
        return _LABELS[self]


_LABELS = {
    SubmissionStatus.ACCEPTED: "godkjent",
    SubmissionStatus.REJECTED: "avvist",
    SubmissionStatus.DUPLICATE: "mottatt tidligere",
}
