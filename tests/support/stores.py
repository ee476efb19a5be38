"""Stores as older versions of iktplan left them."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.core.model import FormContent
from pipeline.core.submission import SubmissionStatus
from pipeline.intake.store import Store

#: «Teknisk drift» as it arrives copied out of Teams, SharePoint and Word:
#: plain, with a zero-width space, with a soft hyphen, with a byte order mark.
TEKNISK_DRIFT = ("Teknisk drift", "Teknisk\u200b drift", "Tek\u00adnisk drift", "\ufeffTeknisk drift")


def key_version_1(name: str) -> str:
    """``model.unit_key`` before ``identity.KEY_VERSION`` 2: NFC, spaces collapsed, case-folded."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def store_with_version_1_keys(path: Path, forms: list[FormContent]) -> None:
    """A real store, as iktplan made it before ``identity.KEY_VERSION`` 2: each
    of *forms* accepted in turn, one hour apart, under the unit key the old
    normaliser made of its unit name (so invisible characters made new units),
    and no record of the key version."""
    start = datetime(2027, 1, 11, 9, 0, tzinfo=timezone.utc)
    with Store(path) as store:
        for i, content in enumerate(forms):
            store.add_submission(
                received_at=start + timedelta(hours=i), original_name=f"skjema{i}.xlsx", sha256=f"{i:064x}",
                size=1000, status=SubmissionStatus.ACCEPTED, unit_key=key_version_1(content.unit.name),
                unit_name=content.unit.name, stored_path=f".iktplan/innleveringer/{i:064x}.xlsx", content=content,
            )
        store.db.execute("DELETE FROM meta WHERE key = 'unit_keys'")
