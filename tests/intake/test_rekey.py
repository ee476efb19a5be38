"""Re-keying a store whose unit keys an older normaliser made (issue 10, item 5)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.model import unit_key
from pipeline.intake.rekey import plan
from support.stores import TEKNISK_DRIFT, key_version_1


def row(id, name, revision, status="godkjent", key=None):
    return {"id": id, "status": status, "unit_key": key or (key_version_1(name) if name else None),
            "unit_name": name, "revision": revision}


def test_two_old_units_become_one_with_revisions_in_arrival_order():
    rows = [row(1, "Teknisk drift", 1), row(2, "Teknisk\u200b drift", 1), row(3, "Teknisk drift", 2),
            row(4, "Tek\u00adnisk drift", None, status="avvist"), row(5, "Hjemmetjenesten", 1), row(6, None, None,
                                                                                              status="avvist")]
    assert plan(rows) == [(2, "teknisk drift", 2), (3, "teknisk drift", 3), (4, "teknisk drift", None)]


def test_a_store_with_todays_keys_needs_nothing():
    rows = [row(1, "Teknisk drift", 1, key=unit_key("Teknisk drift")), row(2, "Hjemmetjenesten", 1)]
    assert plan(rows) == []


@given(st.lists(st.tuples(st.sampled_from(TEKNISK_DRIFT + ("Hjemmetjenesten", "HJEMMETJENESTEN")),
                          st.booleans()), max_size=12))
def test_after_re_keying_every_unit_has_revisions_one_to_n_in_arrival_order(arrivals):
    rows, counts = [], {}
    for i, (name, accepted) in enumerate(arrivals, start=1):  # as the old program numbered them
        old = key_version_1(name)
        revision = counts[old] = counts.get(old, 0) + 1 if accepted else counts.get(old, 0)
        rows.append(row(i, name, revision if accepted else None, "godkjent" if accepted else "avvist"))
    changed = {row_id: (key, revision) for row_id, key, revision in plan(rows)}
    after = [{**r, **dict(zip(("unit_key", "revision"), changed.get(r["id"], (r["unit_key"], r["revision"]))))}
             for r in rows]
    assert all(r["unit_key"] == unit_key(r["unit_name"]) for r in after)
    for key in {r["unit_key"] for r in after}:
        revisions = [r["revision"] for r in after if r["unit_key"] == key and r["status"] == "godkjent"]
        assert revisions == list(range(1, len(revisions) + 1))
