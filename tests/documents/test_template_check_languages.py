"""``iktplan check-templates`` speaks the workspace's language (issue 14): a nynorsk
and a Danish workspace, made with ``init --språk``, get their templates broken the
way an edit in Word breaks them (a tag split by Enter, a block left open, a name
that does not exist, a heading that skips a level, a table without a header row, a
picture without alt text), and every error and warning the command prints, and the
error that stops a run, is in that language: no marker word of the other languages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Mm

from pipeline.cli import cli
from pipeline.workspace import Workspace
from pipeline.documents.templatecheck import check_templates, template_error
from pipeline.documents.templatewarnings import template_warnings
from pipeline.i18n import Lang
from support.languages import assert_no_foreign_words

#: File names and template tags are names, the same in every language (the documents' file
#: names follow the language on another branch).
_NAMES = re.compile(r"\S+\.(?:docx|xlsx|toml)\b|\{[{%#].*?[}%#]\}|«[^»]*»|»[^«]*«|word_templates/")


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1F3864").save(buffer, format="PNG")
    return buffer.getvalue()


def _break(templates: Path) -> None:
    """Five errors and three warnings, in two templates."""
    names = Workspace(templates.parent).names
    case = templates / names.case
    doc = Document(str(case))
    first = doc.paragraphs[0]
    first.insert_paragraph_before("{{ kommune }")                      # not closed in its paragraph
    first.insert_paragraph_before("{%p if okonomi.har_ramme %}")      # never closed
    first.insert_paragraph_before("Tekst {%p if sak.utenfor_rammen %}")  # text lost with the tag line
    first.insert_paragraph_before().add_run().add_picture(io.BytesIO(_png()), width=Mm(20))  # no alt text
    doc.save(str(case))
    measures = templates / names.measures
    doc = Document(str(measures))
    doc.add_paragraph("{{ komune }}")                                 # no such name; «kommune» suggested
    doc.add_paragraph("Overskrift", style="Heading 1")
    doc.add_paragraph("Underoverskrift", style="Heading 3")             # skips a level
    table = doc.add_table(rows=2, cols=2)                              # no header row
    table.cell(0, 0).text = "A"
    doc.save(str(measures))


@pytest.fixture(scope="module", params=("nn", "da"))
def broken(request, tmp_path_factory) -> tuple[str, Path]:
    code = request.param
    workspace = tmp_path_factory.mktemp(f"templates-{code}") / "ws"
    result = CliRunner().invoke(cli, ["init", "--språk", code, str(workspace)], prog_name="iktplan")
    assert result.exit_code == 0, result.output
    _break(workspace / "word_templates")
    return code, workspace


def test_check_templates_names_every_problem_in_the_workspaces_language(broken):
    code, workspace = broken
    result = CliRunner().invoke(cli, ["-w", str(workspace), "check-templates"], prog_name="iktplan")
    assert result.exit_code != 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("  - ")]
    problems = check_templates(workspace / "word_templates")
    warnings = template_warnings(workspace / "word_templates")
    assert len(problems) >= 4 and len(warnings) >= 3, (problems, warnings)
    assert len(lines) == len(problems) + len(warnings), result.output
    assert_no_foreign_words(_NAMES.sub(" ", result.output), code, where="iktplan check-templates")
    shown = result.output
    if code == "nn":
        assert "finst ikkje" in shown and "Meinte du «kommune»?" in shown and "alternativ tekst" in shown
    else:
        assert "findes ikke" in shown and "Mente du »kommune«?" in shown and "skabelon" in shown.lower()


def test_the_error_that_stops_a_run_is_in_the_workspaces_language(broken):
    code, workspace = broken
    error = template_error(check_templates(workspace / "word_templates"))
    text = error.render(Lang.for_code(code))
    assert text.count("\n  - ") == len(check_templates(workspace / "word_templates"))
    assert_no_foreign_words(_NAMES.sub(" ", text), code, where="feilen som stoppar køyringa")
    assert error.render() != text  # bokmål for the logs
