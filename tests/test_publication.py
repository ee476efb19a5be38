"""Drafts and the version sent to political treatment (``iktplan publiser``): the
documents say «Utkast» until a version is sent; sending keeps the documents as sent
in the archive and puts them in outbox/; the case document of later versions
compares with the version last sent, never with the drafts in between; a
workspace still on the example configuration says so on every run. Real runs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline import build, console
from pipeline.cli import cli
from support.documents import DOCUMENTS
from pipeline.documents.outbox import SENT, archive_dir
from pipeline.errors import WorkspaceError
from pipeline.forms.formfill import example_unit
from pipeline.intake.store import open_store
from pipeline.publication import send, unsend
from pipeline.workspace import init_workspace
from support.documents import document_text, header_footer_texts
from support.bokmal import nb

CASE = "Saksframlegg.docx"


@pytest.fixture
def ws(tmp_path, make_form):
    ws = init_workspace(tmp_path / "ws")
    make_form(name="a.xlsx").replace(ws.inbox / "a.xlsx")
    assert build.run(ws).version == 1
    return ws


def revise(ws, make_form, name: str, measures: int) -> None:
    """A new revision of the unit with *measures* of its measures."""
    make_form(name=name, measures=example_unit()["measures"][:measures]).replace(ws.inbox / name)


def change_config(ws, comment: str) -> None:
    """A change that makes a new draft and nothing else: draft churn."""
    ws.config_path.write_text(ws.config_path.read_text("utf-8") + f"\n# {comment}\n", "utf-8")


def draft_marked(path) -> bool:
    return any("Utkast" in t for t in header_footer_texts(path)) or "UTKAST" in document_text(path)


def test_documents_are_drafts_until_the_version_is_sent(ws):
    for name in DOCUMENTS:
        assert draft_marked(ws.outbox / name), name
    draft = {name: (ws.outbox / name).read_bytes() for name in DOCUMENTS}
    report = send(ws)
    assert report.version == 1 and report.at is not None
    for name in DOCUMENTS:
        current = ws.outbox / name
        assert not draft_marked(current), name
        assert current.read_bytes() == (archive_dir(ws.outbox, 1) / SENT / name).read_bytes()
        assert (archive_dir(ws.outbox, 1) / name).read_bytes() == draft[name]  # the draft archive is untouched
    assert any("SaksframleggVersjon 1, " in t for t in header_footer_texts(ws.outbox / CASE))  # the tab is not text
    with open_store(ws) as store:
        assert store.last_published().number == 1
    assert not build.run(ws).new_version  # sending is not a change of content
    assert not draft_marked(ws.outbox / CASE)
    assert any("Versjon 1 er sendt til politisk behandling" in line for line in console.status_lines(build.status(ws)))


def test_the_change_list_compares_with_the_version_last_sent_never_the_drafts(ws, make_form):
    change_config(ws, "utkast 2")
    assert build.run(ws).version == 2
    # nothing sent yet: no change list at all, however many drafts there were
    assert "Dette er første gang saken legges fram til politisk behandling." in document_text(ws.outbox / CASE)
    send(ws)  # version 2 goes to the politicians
    revise(ws, make_form, "b.xlsx", 1)  # a real change
    assert build.run(ws).version == 3
    change_config(ws, "utkast 4")  # draft churn
    assert build.run(ws).version == 4
    text = document_text(ws.outbox / CASE)
    assert "Versjon 4 erstatter versjon 2 av" in text and "som ble sendt til politisk behandling" in text
    assert "versjon 3" not in text.lower()
    assert "Fjordvik barneskole: revisjon 1 → 2" in text  # the change made in draft 3 is listed against version 2


def test_only_the_current_unchanged_version_can_be_sent(ws, make_form):
    change_config(ws, "versjon 2")
    build.run(ws)
    with pytest.raises(WorkspaceError, match="Bare den gjeldende versjonen, versjon 2"):
        send(ws, 1)
    change_config(ws, "endret etter versjon 2")
    with pytest.raises(WorkspaceError, match="Noe er endret siden versjon 2 ble laget"):
        send(ws)
    build.run(ws)
    revise(ws, make_form, "b.xlsx", 1)
    with pytest.raises(WorkspaceError, match="ligger 1 fil i innboksen"):
        send(ws)


def test_sending_again_changes_nothing(ws):
    first = send(ws)
    again = send(ws)
    assert again.already and again.at == first.at


def test_the_mark_can_be_taken_away_and_the_draft_comes_back(ws):
    draft = (ws.outbox / CASE).read_bytes()
    send(ws)
    report = unsend(ws)
    assert report.at is None
    assert (ws.outbox / CASE).read_bytes() == draft
    kept = [p.name for p in archive_dir(ws.outbox, 1).iterdir() if p.is_dir()]
    assert len(kept) == 1 and kept[0].startswith("sendt (angret ")  # what was sent is kept, never deleted
    with open_store(ws) as store:
        assert store.last_published() is None
    assert send(ws).version == 1  # and it can be sent again
    assert not draft_marked(ws.outbox / CASE)


def test_taking_away_an_earlier_mark_makes_the_next_run_a_new_draft(ws, make_form):
    send(ws)
    revise(ws, make_form, "b.xlsx", 1)
    assert build.run(ws).version == 2  # compares with version 1
    unsend(ws, 1)
    report = build.run(ws)
    assert report.new_version and report.version == 3
    assert "Dette er første gang saken legges fram til politisk behandling." in document_text(ws.outbox / CASE)


def test_an_edited_draft_is_kept_when_the_version_is_sent(ws):
    doc = Document(str(ws.outbox / CASE))
    doc.add_paragraph("Rettet for hånd før sending.")
    doc.save(str(ws.outbox / CASE))
    edited = (ws.outbox / CASE).read_bytes()
    report = send(ws)
    kept = [p for p in archive_dir(ws.outbox, 1).iterdir() if "redigert" in p.name]
    assert [p.read_bytes() for p in kept] == [edited]
    assert any("var endret for hånd" in n for n in nb(report.notes))


def test_the_command_line_sends_and_takes_back(ws):
    runner = CliRunner()
    result = runner.invoke(cli, ["-w", str(ws.root), "publiser"])
    assert result.exit_code == 0, result.output
    assert "Versjon 1 er markert som sendt til politisk behandling" in result.output
    result = runner.invoke(cli, ["-w", str(ws.root), "publiser", "--angre"])
    assert result.exit_code == 0 and "er et utkast igjen" in result.output
    result = runner.invoke(cli, ["-w", str(ws.root), "publiser", "7"])
    assert result.exit_code == 1 and "Feil: Bare den gjeldende versjonen" in result.output


def test_every_run_says_when_strategi_toml_is_still_the_example(ws, make_form, capsys):
    runner = CliRunner()
    result = runner.invoke(cli, ["-w", str(ws.root), "run"])
    assert "strategi.toml er fortsatt eksempeloppsettet" in result.output
    assert any("eksempeloppsettet" in line for line in console.status_lines(build.status(ws)))
    toml = ws.config_path.read_text("utf-8").replace('kommune = "Fjordvik kommune"', 'kommune = "Nordvik kommune"')
    ws.config_path.write_text(toml, "utf-8")
    result = runner.invoke(cli, ["-w", str(ws.root), "run"])
    assert result.exit_code == 0 and "eksempeloppsettet" not in result.output
