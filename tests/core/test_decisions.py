"""The secretariat's decisions checked against a run's measures
(:func:`pipeline.core.decisions.resolve`): what is used, and a message per row
for what is not."""

from __future__ import annotations

from pipeline.core.decisions import (
    AUTOMATIC,
    COL_CHOICE,
    COL_MERGE,
    COL_YEAR,
    EXCLUDE,
    INCLUDE,
    POSTPONE,
    Decision,
    Decisions,
    Issue,
    id_key,
    resolve,
)
from support.bokmal import nb

IDS = ["FBS-1", "FBS-2", "FSH-1", "HJT-1", "HJT-2"]
YEARS = [2027, 2028, 2029, 2030]


def rows(*decisions: Decision) -> Decisions:
    return Decisions(tuple(decisions))


def test_ids_match_whatever_the_case_spaces_or_dash():
    assert id_key(" fsh – 1 ") == id_key("FSH-1") == id_key("Fsh\u22121")
    resolved = resolve(rows(Decision("fsh -1", INCLUDE, row=3)), IDS, YEARS)
    assert resolved.get("FSH-1").choice == INCLUDE and resolved.issues == ()


def test_rows_that_decide_nothing_are_not_kept():
    assert resolve(rows(Decision("FBS-1", row=2)), IDS, YEARS).by_id == {}


def test_a_decision_on_a_measure_no_unit_has_now_is_kept_apart_and_reported():
    gone = Decision("SRV-9", INCLUDE, reason="Lovpålagt", row=7)
    resolved = resolve(rows(gone, Decision("SRV-8", row=8)), IDS, YEARS)
    assert resolved.vanished == (gone,) and resolved.by_id == {}
    assert [(i.row, i.id) for i in resolved.issues] == [(7, "SRV-9")]
    assert "finnes ikke lenger" in nb(resolved.issues[0].message)


def test_postponing_needs_a_year_in_the_period():
    resolved = resolve(rows(Decision("FBS-1", POSTPONE, row=2), Decision("FBS-2", POSTPONE, 2031, row=3),
                            Decision("FSH-1", POSTPONE, 2029, row=4)), IDS, YEARS)
    assert "FBS-1" not in resolved.by_id and "FBS-2" not in resolved.by_id
    assert resolved.get("FSH-1").year == 2029
    assert [(i.row, i.column) for i in resolved.issues] == [(2, COL_YEAR), (3, COL_YEAR)]
    assert "2031 er utenfor strategiperioden 2027–2030" in nb(resolved.issues[1].message)


def test_a_year_beside_automatic_or_exclude_is_ignored_with_a_message():
    resolved = resolve(rows(Decision("FBS-1", AUTOMATIC, 2028, row=2), Decision("FBS-2", EXCLUDE, 2028, row=3),
                            Decision("FSH-1", INCLUDE, 2028, row=4)), IDS, YEARS)
    assert resolved.get("FBS-2").year is None and resolved.get("FSH-1").year == 2028
    assert [i.row for i in resolved.issues] == [2, 3]


def test_a_merge_names_another_measure_that_is_not_itself_merged():
    resolved = resolve(rows(
        Decision("HJT-1", merge_into="fsh-1", row=2),  # fine
        Decision("HJT-2", merge_into="HJT-1", row=3),  # HJT-1 is itself merged
        Decision("FBS-1", merge_into="FBS-1", row=4),  # itself
        Decision("FBS-2", merge_into="XYZ-5", row=5),  # no such measure
    ), IDS, YEARS)
    assert resolved.merged == {"HJT-1": "FSH-1"}
    assert [(i.row, i.column) for i in resolved.issues] == [(3, COL_MERGE), (4, COL_MERGE), (5, COL_MERGE)]
    assert "HJT-1 er selv slått sammen med FSH-1" in nb(resolved.issues[0].message)


def test_merges_that_point_at_each_other_are_both_refused_whatever_the_row_order():
    for order in ((2, 3), (3, 2)):
        a, b = Decision("FBS-1", merge_into="FBS-2", row=order[0]), Decision("FBS-2", merge_into="FBS-1", row=order[1])
        resolved = resolve(rows(a, b), IDS, YEARS)
        assert resolved.merged == {} and len(resolved.issues) == 2


def test_a_decision_beside_a_merge_is_not_used_and_the_row_says_where_to_put_it():
    resolved = resolve(rows(Decision("HJT-1", INCLUDE, merge_into="FSH-1", reason="Felles anskaffelse", row=2)),
                       IDS, YEARS)
    d = resolved.get("HJT-1")
    assert (d.choice, d.merge_into, d.reason) == (AUTOMATIC, "FSH-1", "Felles anskaffelse")
    assert resolved.issues[0].column == COL_CHOICE and "Sett beslutningen på FSH-1" in nb(resolved.issues[0].message)


def test_the_second_row_for_a_measure_is_not_used():
    resolved = resolve(rows(Decision("FBS-1", INCLUDE, row=2), Decision("FBS-1", EXCLUDE, row=9)), IDS, YEARS)
    assert resolved.get("FBS-1").choice == INCLUDE
    assert resolved.issues[0].row == 9 and "rad 2" in nb(resolved.issues[0].message)


def test_reading_problems_come_first_in_row_order_with_the_conflicts():
    read = Issue(5, COL_YEAR, "«neste år» er ikke et årstall.", "FBS-2")
    resolved = resolve(Decisions((Decision("FSH-1", POSTPONE, row=3),), (read,)), IDS, YEARS)
    assert [i.row for i in resolved.issues] == [3, 5]
    assert str(read) == "beslutninger.xlsx, rad 5 «År» (FBS-2): «neste år» er ikke et årstall."


def test_no_workbook_decides_nothing():
    resolved = resolve(None, IDS, YEARS)
    assert resolved.by_id == {} and resolved.issues == () and resolved.merged == {}
