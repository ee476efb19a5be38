"""The year's follow-up: the adopted plan against the latest report of every unit (issue 15)."""

from __future__ import annotations

from datetime import date, datetime

from pipeline.contract import DONE, IN_PROGRESS, POSTPONED, STOPPED
from pipeline.core.followup import FollowUpSubmission, combine_followup, leading_number
from pipeline.core.followupreport import FollowUpReport, ReportedMeasure, ReportUnit
from pipeline.core.model import Provenance
from support.followupforms import demo_baseline


def _row(id, status=None, **fields):
    values = dict(percent_done=None, spent=None, new_end=None, benefit_realised=None, benefit_text=None,
                  indicator_value=None, comment=None)
    values.update(fields)
    return ReportedMeasure(id=id, status=status, prov=Provenance("Oppfølging", 2), **values)


def _form(unit, year, revision, *rows, day=15):
    report = FollowUpReport(ReportUnit("Fjordvik kommune", unit.name, "Ingrid Berg", "i@fjordvik.no", None, "1.0"),
                            year, tuple(rows))
    return FollowUpSubmission(unit.key, year, revision, datetime(year + 1, 1, day, 9), "skjema.xlsx", 1, report)


def test_the_latest_revision_of_a_unit_is_what_counts(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    unit = b.reporting_units[0]
    first, second = b.adopted_for(unit.key)[:2]
    subs = [_form(unit, 2027, 1, _row(first.id, IN_PROGRESS, percent_done=40), day=10),
            _form(unit, 2027, 2, _row(first.id, DONE, percent_done=100),
                  _row(second.id, POSTPONED, new_end=date(2030, 6, 30), comment="Leverandøren er forsinket"), day=20)]
    f = combine_followup(b, subs, 2027)
    by_id = {m.id: m for m in f.measures}
    assert by_id[first.id].status == DONE and by_id[first.id].revision == 2
    assert by_id[second.id] in f.delayed
    assert [u.unit.key for u in f.reported_units] == [unit.key]
    assert len(f.missing_units) == len(b.reporting_units) - 1
    assert f.totals.by_status[DONE] == 1 and f.totals.reported == 2


def test_a_measure_nobody_reported_on_is_not_reported_not_zero(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    f = combine_followup(b, [], 2027)
    assert len(f.not_reported) == len(b.adopted)
    assert all(m.status is None and m.spent is None and m.benefit_realised is None for m in f.measures)
    assert f.totals.realised_benefit == 0 and f.totals.reported == 0


def test_benefits_realised_add_up_over_the_years(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    unit = b.reporting_units[0]
    m = b.adopted_for(unit.key)[0]
    subs = [_form(unit, 2027, 1, _row(m.id, IN_PROGRESS, benefit_realised=10_000)),
            _form(unit, 2028, 1, _row(m.id, DONE, benefit_realised=30_000))]
    f = combine_followup(b, subs, 2028)
    got = next(x for x in f.measures if x.id == m.id)
    assert got.realised_by_year == {2027: 10_000, 2028: 30_000}
    assert got.realised_to_date == 40_000
    assert got.previous_status == IN_PROGRESS
    assert combine_followup(b, subs, 2027).totals.realised_to_date == 10_000


def test_a_unit_cannot_report_on_another_units_measure(config, blank_form, tmp_path):
    b = demo_baseline(config, blank_form, tmp_path)
    mine, theirs = b.reporting_units[:2]
    other = b.adopted_for(theirs.key)[0]
    f = combine_followup(b, [_form(mine, 2027, 1, _row(other.id, STOPPED, comment="Feil enhet"))], 2027)
    assert next(x for x in f.measures if x.id == other.id).status is None


def test_the_indicator_is_read_as_units_write_numbers():
    assert leading_number("40 per uke") == 40.0
    assert leading_number("12,5 timer") == 12.5
    assert leading_number("1 200 kr") == 1200.0
    assert leading_number("omtrent 3") is None
