"""Forms whose unit name the intake does not know: held for the secretariat, kept,
answered, and in no document — with the secretariat's list of units and without it."""

from __future__ import annotations

import pytest

from pipeline import build
from pipeline.core.submission import SubmissionStatus
from support.documents import DOCUMENTS
from pipeline.workspace import init_workspace
from support.documents import document_text
from support.units import CONFIGURED, HYPHEN, MISTYPED, drop, unit_form, without_unit_list


@pytest.fixture
def ws(tmp_path):
    return init_workspace(tmp_path / "ws")


def receipt(outcome) -> str:
    return outcome.receipt.read_text("utf-8-sig")


def test_a_form_from_a_mistyped_unit_is_held_kept_answered_and_in_no_document(ws, make_form):
    drop(ws, unit_form(make_form, CONFIGURED, "første"), unit_form(make_form, MISTYPED, "feilstavet"))
    report = build.run(ws)
    first, held = report.outcomes
    assert (first.status, held.status) == (SubmissionStatus.ACCEPTED, SubmissionStatus.HELD)
    assert held.record.revision is None and (ws.root / held.record.stored_path).is_file()
    text = receipt(held)
    assert held.receipt.name.endswith("– venter.txt")
    assert "MOTTATT – venter på sekretariatet" in text and f"Det ligner «{CONFIGURED}»." in text
    assert f"enhetsnavnet «{MISTYPED}» står ikke på sekretariatets liste over enheter" in text
    assert text.count("står ikke på sekretariatets liste") == 1  # the form's own remark gives way to this
    assert "Dette leste vi fra skjemaet:" in text and "Tiltak:                  3" in text
    # Counted nowhere: one unit with three measures, and the mistyped form's measures in no document.
    assert [u.name for u in report.model.units] == [CONFIGURED] and len(report.model.measures) == 3
    assert [p.id for p in report.held] == [held.record.id] and report.held[0].near == CONFIGURED
    for name in DOCUMENTS:
        words = document_text(ws.outbox / name)
        assert "feilstavet" not in words and MISTYPED not in words, name
    assert "1 av 8 enheter" in document_text(ws.outbox / "Saksframlegg.docx")


def test_a_held_form_makes_no_new_version(ws, make_form):
    drop(ws, unit_form(make_form, CONFIGURED, "første"))
    assert build.run(ws).version == 1
    drop(ws, unit_form(make_form, MISTYPED, "feilstavet"))
    report = build.run(ws)
    assert [o.status for o in report.outcomes] == [SubmissionStatus.HELD]
    assert (report.version, report.new_version) == (1, False)


def test_the_same_held_file_sent_again_is_received_earlier_and_still_waits(ws, make_form):
    form = unit_form(make_form, MISTYPED, "feilstavet")
    drop(ws, form)
    build.run(ws)
    (ws.inbox / "igjen.xlsx").write_bytes(form.read_bytes())
    [again] = build.run(ws).outcomes
    assert again.status == SubmissionStatus.DUPLICATE
    assert "identisk med et skjema som venter på sekretariatet" in receipt(again)
    assert len(build.status(ws).held) == 1


def test_a_configured_unit_is_spelled_as_configured_in_the_receipt_the_status_and_the_documents(ws, make_form):
    drop(ws, unit_form(make_form, "  fjordvik   BARNESKOLE ", "store"))
    report = build.run(ws)
    [o] = report.outcomes
    assert o.status == SubmissionStatus.ACCEPTED and o.record.unit_name == CONFIGURED
    assert f"Enhet:     {CONFIGURED}\n" in receipt(o) and "i skjemaet" not in receipt(o)
    assert [u.name for u in report.model.units] == [CONFIGURED]
    assert build.status(ws).units[0].name == CONFIGURED
    assert "BARNESKOLE" not in document_text(ws.outbox / "IKT-strategi.docx")


def test_without_a_list_a_new_unit_counts_but_a_near_miss_of_a_unit_that_delivered_waits(ws, make_form):
    without_unit_list(ws)
    drop(ws, unit_form(make_form, CONFIGURED, "første"), unit_form(make_form, HYPHEN, "bindestrek"),
         unit_form(make_form, "Fjordvik kulturskole", "ny", area="Kultur og fritid"))
    report = build.run(ws)
    assert [o.status for o in report.outcomes] == [SubmissionStatus.ACCEPTED, SubmissionStatus.HELD,
                                                   SubmissionStatus.ACCEPTED]
    assert sorted(u.name for u in report.model.units) == [CONFIGURED, "Fjordvik kulturskole"]
    text = receipt(report.outcomes[1])
    assert "er nesten likt navnet på en enhet som har levert før" in text and f"Det ligner «{CONFIGURED}»." in text
    status = build.status(ws)
    assert not status.listed and [p.typed for p in status.held] == [HYPHEN]


def test_a_form_named_as_the_secretariat_mapped_counts_at_once_as_the_units_next_revision(ws, make_form):
    from pipeline import sekretariat

    drop(ws, unit_form(make_form, CONFIGURED, "første"), unit_form(make_form, MISTYPED, "andre"))
    build.run(ws)
    done = sekretariat.map_unit(ws, MISTYPED, CONFIGURED, "skrivefeil i enhetsnavnet").done
    assert [j.record.id for j in done.judged] == [2]
    drop(ws, unit_form(make_form, MISTYPED, "tredje", measures=2))
    report = build.run(ws)
    [o] = report.outcomes
    assert (o.status, o.record.revision, o.record.unit_name) == (SubmissionStatus.ACCEPTED, 3, CONFIGURED)
    text = receipt(o)
    assert "GODKJENT – registrert som revisjon 3" in text and f"(i skjemaet: «{MISTYPED}»)" in text
    assert f"Sekretariatet har koblet navnet «{MISTYPED}» til {CONFIGURED}" in text
    assert [(u.name, u.revision) for u in report.model.units] == [(CONFIGURED, 3)]
    assert {m.title.rsplit(" ", 1)[1] for m in report.model.measures} == {"tredje"}
