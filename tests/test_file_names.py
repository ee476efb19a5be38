"""The names of the files and folders a run writes follow the workspace's language (issue 14):
a bokmål workspace keeps the names it always had, a nynorsk or Danish one gets its own, and a
workspace whose language is changed leaves what it wrote under the old names alone."""

from __future__ import annotations

import re

import pytest

from pipeline import build
from pipeline.core.submission import SubmissionStatus
from pipeline.i18n import Lang
from pipeline.i18n.filenames import FileNames, every_name
from pipeline.workspace import Workspace, init_workspace
from support.bokmal import nb
from support.units import drop, unit_form


def _set_language(ws: Workspace, code: str) -> None:
    text = ws.config_path.read_text("utf-8")
    text, found = re.subn(r'(?m)^sprak = "[^"]*"', f'sprak = "{code}"', text, count=1)
    assert found
    ws.config_path.write_text(text, "utf-8")


def test_a_bokmal_workspace_keeps_the_names_it_always_had(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    assert ws.language == "nb"
    assert (ws.receipts.name, ws.quarantine.name, ws.blank_form.name) == ("kvitteringer", "karantene",
                                                                         "Kartleggingsskjema.xlsx")
    assert FileNames().outbox == ["IKT-strategi.docx", "Tiltaksbeskrivelser.docx", "Saksframlegg.docx",
                                  "IKT-strategi.pdf", "Tiltaksbeskrivelser.pdf", "Saksframlegg.pdf",
                                  "Samlet-oversikt.xlsx"]
    assert sorted(p.name for p in ws.templates.iterdir()) == [
        "Handlingsplan-rullert.docx", "IKT-strategi.docx", "Saksframlegg-rullering.docx", "Saksframlegg.docx",
        "Statusrapport.docx", "Tiltaksbeskrivelser.docx"]


@pytest.mark.parametrize(("code", "names"), [
    ("nn", ("IKT-strategi.docx", "Tiltaksskildringar.docx", "Saksframlegg.docx", "Samla-oversikt.xlsx",
            "kvitteringar", "karantene", "Statusrapport 2028", "Rullering 2028", "Oppfølging 2028",
            "2028 Oppfølging Heimetenesta.xlsx", "Handlingsplan-rullert.docx")),
    ("da", ("It-strategi.docx", "Tiltagsbeskrivelser.docx", "Sagsfremstilling.docx", "Samlet-oversigt.xlsx",
            "kvitteringer", "karantæne", "Statusrapport 2028", "Rullering 2028", "Opfølgning 2028",
            "2028 Opfølgning Heimetenesta.xlsx", "Handleplan-rulleret.docx")),
])
def test_each_language_names_the_files_in_its_own_words(code, names):
    n = FileNames(Lang.for_code(code))
    assert (*n.documents, n.overview, n.receipts, n.quarantine, n.status_report(2028), n.rolling_folder(2028),
            n.followup_folder(2028), n.followup_form(2028, "Heimetenesta"), n.name("rolled_plan")) == names


def test_a_reader_knows_a_documents_name_in_every_language():
    assert every_name("case") == ("Saksframlegg.docx", "Sagsfremstilling.docx")
    assert every_name("receipts") == ("kvitteringer", "kvitteringar")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_held_form_gets_its_judged_receipt_in_nynorsk_and_danish(tmp_path, make_form, code):
    """The secretariat maps a mistyped unit name: the held form's receipt is found by its
    language's word («ventar», «venter») and the form gets its judged receipt."""
    from pipeline import sekretariat

    ws = init_workspace(tmp_path / "ws", code)
    unit = ws.config().expected_units[0]
    mistyped = unit.name + "x"
    drop(ws, unit_form(make_form, unit.name, "første", area=unit.service_area),
         unit_form(make_form, mistyped, "andre", area=unit.service_area))
    report = build.run(ws)
    held = report.outcomes[1]
    assert held.status == SubmissionStatus.HELD and held.receipt.parent == ws.receipts
    assert held.receipt.name.endswith(Lang.for_code(code).pgettext("receipt file", "venter") + ".txt")
    done = sekretariat.map_unit(ws, mistyped, unit.name, "skrivefeil").done
    assert [j.record.id for j in done.judged] == [held.record.id]
    [judged] = done.judged
    assert judged.receipt.parent == ws.receipts and judged.receipt.is_file()
    assert judged.receipt.name != held.receipt.name and held.receipt.is_file()  # the first receipt stays


def test_a_language_change_leaves_what_was_written_under_the_old_names_alone(tmp_path, make_form):
    ws = init_workspace(tmp_path / "ws")
    drop(ws, unit_form(make_form, "Fjordvik barneskole", "første"))
    first = build.run(ws)
    assert first.version == 1
    old = {p.relative_to(ws.root): p.read_bytes() for p in ws.outbox.rglob("*") if p.is_file()}
    assert ws.outbox / "Saksframlegg.docx" in first.outputs

    _set_language(ws, "da")
    assert (ws.language, ws.receipts.name, ws.blank_form.name) == ("da", "kvitteringer", "Kortlægningsskema.xlsx")
    drop(ws, unit_form(make_form, "Fjordvik barneskole", "andre"))
    second = build.run(ws)
    assert second.version == 2 and second.new_version
    # every file written before is still there, byte for byte: nothing renamed, replaced or deleted
    for rel, data in old.items():
        assert (ws.root / rel).read_bytes() == data, rel
    assert {p.name for p in second.outputs} == {"It-strategi.docx", "Tiltagsbeskrivelser.docx",
                                                "Sagsfremstilling.docx", "Samlet-oversigt.xlsx"}
    assert sorted(p.name for p in (ws.archive / "v2").iterdir()) == sorted(p.name for p in second.outputs)
    assert sorted(p.name for p in (ws.archive / "v1").iterdir()) == [
        "IKT-strategi.docx", "Saksframlegg.docx", "Samlet-oversikt.xlsx", "Tiltaksbeskrivelser.docx"]
    # the templates are still the bokmål set under their bokmål names, and they are used
    assert not (ws.templates / "Sagsfremstilling.docx").exists()
    assert (ws.forms / "Kartleggingsskjema.xlsx").is_file() and ws.blank_form.is_file()  # the old form stays too
    # the store keeps relative paths: the version before is still found in the archive, and the
    # receipts of both languages' folders count for the store's history check
    again = build.run(ws)
    assert (again.version, again.new_version) == (2, False)
    status = build.status(ws)
    assert status.version == 2
    said = " ".join(nb(status.documents))
    assert "endret for hånd" not in said and "Redigerte dokumenter" not in said


def test_a_run_after_a_language_change_finds_the_receipts_under_the_old_folder(tmp_path, make_form):
    """The store's history check reads the receipts' numbers under every language's folder name:
    a store that lost submissions is still caught after the language changed."""
    from pipeline.intake.store_history import receipt_ids

    ws = init_workspace(tmp_path / "ws")
    drop(ws, unit_form(make_form, "Fjordvik barneskole", "første"))
    build.run(ws)
    _set_language(ws, "nn")
    assert ws.receipts.name == "kvitteringar" and not ws.receipts.exists()
    assert list(receipt_ids(ws)) == [1]


def test_an_edited_copy_is_named_in_the_workspaces_language_and_found_in_any(tmp_path):
    """«Sagsfremstilling (redigeret 29.11.2026 kl. 14.02).docx» in Danish; the archive's list of
    kept copies finds a bokmål and a Danish one alike (a workspace whose language changed)."""
    from pipeline.documents.outbox import kept_copies, publish

    da = Lang.for_code("da")
    out, staging = tmp_path / "outbox", tmp_path / "staging"
    staging.mkdir()
    name = FileNames(da).case
    for version, lang in ((1, None), (2, None), (3, da)):
        (staging / name).write_bytes(f"versjon {version}".encode())
        if version > 1:
            (out / name).write_bytes(f"redigert før versjon {version}".encode())
        report = publish(staging, out, version, previous=version - 1 if version > 1 else None, lang=lang)
    [(_, kept)] = report.kept
    assert kept.name.startswith("Sagsfremstilling (redigeret ") and kept.parent.name == "v2"
    assert [p.parent.name for p in kept_copies(out)] == ["v1", "v2"]
    assert "(redigert " in kept_copies(out)[0].name
