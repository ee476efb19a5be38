"""The secretariat's own texts in a nynorsk and a Danish workspace (issue 14): the
stubs ``iktplan init --språk`` writes in ``tekster/`` (what to write, an example from a
plan in that language, the note about the guidance style) and the notes a run gives
about a text it cannot use are in the workspace's language."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.documents.prose import GUIDANCE_STYLE, PROSE_SECTIONS, load_prose
from pipeline.i18n import Lang
from support.languages import assert_no_foreign_words

#: A Danish reader sees the documents' file names as they are (another branch names them per language).
_FILE = r"\S+\.docx"


@pytest.fixture(scope="module", params=("nn", "da"))
def workspace(request, tmp_path_factory):
    code = request.param
    folder = tmp_path_factory.mktemp(f"tekster-{code}") / "ws"
    result = CliRunner().invoke(cli, ["init", "--språk", code, str(folder)], prog_name="iktplan")
    assert result.exit_code == 0, result.output
    return code, folder


def test_every_stub_is_written_in_the_workspaces_language(workspace):
    import re

    code, folder = workspace
    stubs = sorted((folder / "tekster").glob("*.docx"))
    config = load_config(folder / "strategi.toml")
    assert len(stubs) == len(PROSE_SECTIONS) + len(config.sub_goals)
    for path in stubs:
        doc = Document(str(path))
        assert {p.style.name for p in doc.paragraphs} == {GUIDANCE_STYLE}
        assert doc.core_properties.language == {"nn": "nn-NO", "da": "da-DK"}[code]
        text = re.sub(_FILE, " ", "\n".join(p.text for p in doc.paragraphs))
        assert_no_foreign_words(text, code, where=path.name)
        assert ("Time kommune" if code == "nn" else "Thisted Kommune") in text  # an example from a plan in the language
        assert "Ballangen" not in text


def test_a_text_that_cannot_be_used_gets_a_note_in_the_workspaces_language(workspace):
    code, folder = workspace
    (folder / "tekster" / "Bakgrunn.docx").write_bytes(b"ikkje eit Word-dokument")
    prose = load_prose(folder / "tekster", load_config(folder / "strategi.toml"))
    (note,) = prose.notes
    shown = Lang.for_code(code).render(note)
    assert "tekster/Bakgrunn.docx" in shown and shown != str(note)
    assert_no_foreign_words(shown.replace("tekster/Bakgrunn.docx", " "), code, where="merknaden")
