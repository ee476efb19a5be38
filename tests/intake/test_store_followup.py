"""The adopted plans and the follow-up forms in the store, against both backends (issue 15)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.core.followupreport import FollowUpReport, ReportUnit
from pipeline.core.submission import SubmissionStatus
from pipeline.errors import StoreError
from support.followupforms import demo_baseline
from support.stores import open_test_store

AT = datetime(2028, 1, 15, 9, 0, tzinfo=timezone.utc)


def _report(name: str, year: int) -> FollowUpReport:
    return FollowUpReport(ReportUnit("Fjordvik kommune", name, "Ingrid Berg", "i@fjordvik.no", None, "1.0"), year)


def _add(store, name: str, year: int, sha: str, status=SubmissionStatus.ACCEPTED):
    fields = dict(received_at=AT, original_name="svar.xlsx", sha256=sha, size=1, source="mappe", status=status,
                  unit_key=name.casefold(), unit_name=name, year=year, stored_path=f"x/{sha}")
    if status == SubmissionStatus.ACCEPTED:
        fields.update(baseline=1, report=_report(name, year))
    return store.add_followup(**fields)


def test_follow_up_revisions_count_per_unit_and_year(backend, tmp_path, config, blank_form):
    baseline = demo_baseline(config, blank_form, tmp_path)
    with open_test_store(backend, tmp_path) as store:
        store.add_version(1, AT, "fp", {"measures": {}, "units": {}})
        store.add_baseline(baseline)
        assert store.baselines() == [baseline]
        revisions = [_add(store, "Skolen", 2027, "a" * 64).revision, _add(store, "Skolen", 2027, "b" * 64).revision,
                     _add(store, "Skolen", 2028, "c" * 64).revision, _add(store, "Barnehagen", 2027, "d" * 64).revision]
        assert revisions == [1, 2, 1, 1]
        assert _add(store, "Skolen", 2027, "e" * 64, SubmissionStatus.REJECTED).revision is None
        assert [s.revision for s in store.followup_submissions(2027)] == [1, 2, 1]
        assert store.accepted_followup_by_hash("b" * 64).revision == 2
        assert store.followups(SubmissionStatus.REJECTED)[0].report is None
        assert store.submissions() == []  # the mapping forms never see a follow-up form


def test_an_adoption_cannot_be_taken_back_once_a_form_was_checked_against_it(backend, tmp_path, config, blank_form):
    baseline = demo_baseline(config, blank_form, tmp_path)
    with open_test_store(backend, tmp_path) as store:
        store.add_version(1, AT, "fp", {"measures": {}, "units": {}})
        store.add_baseline(baseline)
        _add(store, "Skolen", 2027, "a" * 64)
        with pytest.raises(StoreError, match="kan ikke angres"):
            store.remove_baseline(1)
        assert len(store.baselines()) == 1
