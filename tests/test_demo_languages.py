"""Issue 14's done-criterion: ``iktplan demo --språk CODE`` writes everything a reader
sees in that language, and the unit with mistakes gets a receipt in that language that
lists every mistake.

For nynorsk and Danish the demo runs two rounds through the CLI; then the text of every
output (the three Word documents with tables, headers and footers, the overview, every
receipt, the blank form with its sheet names and validation prompts, what the CLI
printed, and ``iktplan status``) is checked against the other languages' marker words
(``tests/support/markers.toml``). ``python3 -m tests.support.language_leaks CODE DIR``
prints the same leaks grouped by output and by the module they come from.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline import contract as c
from pipeline.cli import cli
from pipeline.demo.data import load
from support.language_leaks import collect, leaks

#: Bokmål is checked too: no nynorsk or Danish word may leak into it.
LANGUAGES = ("nb", "nn", "da")

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module", params=LANGUAGES)
def demo_round(request, tmp_path_factory) -> tuple[str, Path, str, str]:
    """(language, workspace, what the two demo rounds printed, what ``status`` printed)."""
    code = request.param
    workspace = tmp_path_factory.mktemp(f"demo-{code}") / "ws"
    runner = CliRunner()
    printed = []
    for args in (["demo", "--språk", code, str(workspace)], ["demo", str(workspace)]):
        result = runner.invoke(cli, args, prog_name="iktplan")
        assert result.exit_code == 0, result.output
        printed.append(result.output)
    status = runner.invoke(cli, ["-w", str(workspace), "status"], prog_name="iktplan")
    return code, workspace, "\n".join(printed), status.output


def test_the_demo_workspace_is_in_the_language_asked_for_with_that_languages_units(demo_round):
    code, workspace, _, _ = demo_round
    from pipeline.workspace import open_workspace

    config = open_workspace(workspace).config()
    demo = load(code)
    assert config.language == code and config.municipality == demo.municipality
    configured = {u.name for u in config.expected_units}
    assert {f["form"]["unit"]["enhet"] for f in demo.forms()} == configured
    assert {f["form"]["unit"]["tjenesteomrade"] for f in demo.forms()} <= set(config.service_areas)


#: What the command line prints that is a name, not prose: paths and file names (the folders a
#: workspace is made of are the same in every language; the documents' own names are checked as
#: pieces of the outputs, see support.language_leaks.collect), the commands with their options, and
#: the keys of strategi.toml.
_IDENTIFIERS = re.compile(r"\S*/\S*|\S+\.(?:docx|xlsx|txt|toml|pdf)\b|iktplan(?: [a-z-]+)+|\[\[?[a-z_.]+\]\]?")


def _prose(printed: str) -> str:
    return _IDENTIFIERS.sub(" ", printed)


def test_no_output_of_the_demo_has_a_word_of_another_language(demo_round):
    code, workspace, printed, status = demo_round
    outputs = collect(workspace, cli_output=_prose(printed), status_output=_prose(status))
    kinds = {o.kind for o in outputs}
    assert {"docx", "xlsx", "receipt", "cli"} <= kinds and len([o for o in outputs if o.kind == "docx"]) == 3
    found = leaks(outputs, code)
    assert not found, f"{len(found)} ord fra andre språk ({code}):\n" + "\n".join(
        f"  {f.output} [{f.where}]: {f.leak}" for f in found[:60])


def _mistakes(code: str, blank_form: Path) -> list[tuple[str, int, str, str | None]]:
    """The mistakes of the demo's form with errors: (sheet title, row, column label, typed value or None),
    in the words of the workspace's blank form."""
    wb = openpyxl.load_workbook(blank_form)
    sheets = {name: wb.worksheets[c.SHEETS.index(name)] for name in c.SHEETS}
    measures = sheets[c.SHEET_MEASURES]
    header_row = next(r for r in range(1, 11) if measures.cell(r, 1).value and measures.cell(r, 2).value)
    labels = {key: measures.cell(header_row, i).value for i, key in enumerate(_MEASURE_KEYS, 1)}
    email_sheet, email_ref = next(wb.defined_names["epost"].destinations)
    email_row = int(re.sub(r"\D", "", email_ref))
    demo = load(code)
    rows = {m[c.MEASURE_HEADERS[0]]: i + 2 for i, m in enumerate(demo.error_form["form"]["measures"])}
    found = []
    for change in demo.error_changes:
        if "email" in change:
            found.append((email_sheet, email_row, wb[email_sheet].cell(email_row, 1).value, change["email"]))
            continue
        for key, value in change.items():
            if key != "nr":
                found.append((measures.title, rows[change["nr"]], labels[key], None if value is False else str(value)))
    return found


_MEASURE_KEYS = ("nr", "title", "description", "sub_goal", "problem_nrs", "investment", "operating_cost", "benefit",
                 "benefit_description", "period", "duration_months", "responsible", "follow_up", "risk", "category",
                 "dependencies", "benefit_kind")


def test_the_form_with_mistakes_gets_a_receipt_in_the_language_listing_every_mistake(demo_round):
    code, workspace, _, _ = demo_round
    from pipeline.i18n import Lang

    demo = load(code)
    from pipeline.workspace import open_workspace

    receipts = sorted(open_workspace(workspace).receipts.glob("*"))
    first = demo.error_form["file_name"]
    receipt = next(p.read_text("utf-8-sig") for p in receipts if first in p.read_text("utf-8-sig"))
    lang = Lang.for_code(code)
    assert lang.gettext("KVITTERING – kartleggingsskjema til IKT-strategien") in receipt
    assert lang.gettext("Hva gjør du nå?") in receipt
    # The first paragraph with numbered lines is the list of errors (the notes come after it).
    paragraphs = [block.splitlines() for block in receipt.split("\n\n")]
    errors = next(lines for lines in paragraphs if any(re.match(r"\s+\d+\.\s", line) for line in lines))
    errors = [line for line in errors if re.match(r"\s+\d+\.\s", line)]
    mistakes = _mistakes(code, next((workspace / "excel_forms").glob("*.xlsx")))
    assert len(mistakes) == 8 and len(errors) == len(mistakes), "\n".join(errors)
    for sheet, row, label, value in mistakes:
        hits = [line for line in errors
                if sheet in line and label in line and re.search(rf"\b{row}\b", line)
                and (value is None or value in line or value.split(",")[-1].strip() in line)]  # «5, 9»: «9»
        assert hits, f"the receipt ({code}) does not list {sheet}, row {row}, {label}: {value!r}\n{receipt}"


#: The names a reader sees in each language (docs/sprak.md, «Navnene på filene og mappene»), written
#: out here so a changed catalogue entry is caught.
NAMES = {
    "nb": ("IKT-strategi.docx", "Tiltaksbeskrivelser.docx", "Saksframlegg.docx", "Samlet-oversikt.xlsx",
           "Kartleggingsskjema.xlsx", "kvitteringer", "karantene"),
    "nn": ("IKT-strategi.docx", "Tiltaksskildringar.docx", "Saksframlegg.docx", "Samla-oversikt.xlsx",
           "Kartleggingsskjema.xlsx", "kvitteringar", "karantene"),
    "da": ("It-strategi.docx", "Tiltagsbeskrivelser.docx", "Sagsfremstilling.docx", "Samlet-oversigt.xlsx",
           "Kortlægningsskema.xlsx", "kvitteringer", "karantæne"),
}


def test_the_files_and_folders_are_named_in_the_language(demo_round):
    code, workspace, _, _ = demo_round
    strategy, measures, case, overview, form, receipts, quarantine = NAMES[code]
    outbox = workspace / "outbox"
    assert sorted(p.name for p in outbox.iterdir()) == sorted([strategy, measures, case, overview, "arkiv", receipts,
                                                                quarantine])
    latest = max((outbox / "arkiv").glob("v*"), key=lambda p: int(p.name[1:]))
    assert sorted(p.name for p in latest.iterdir()) == sorted([strategy, measures, case, overview])
    assert [p.name for p in (workspace / "excel_forms").iterdir()] == [form]
    assert any((outbox / receipts).iterdir()) and any((outbox / quarantine).iterdir())
    templates = {p.name for p in (workspace / "word_templates").iterdir()}
    assert {strategy, measures, case} <= templates
    # the folders a workspace is made of are the same in every language
    assert {"inbox", "outbox", "excel_forms", "word_templates", ".iktplan", "strategi.toml"} <= {
        p.name for p in workspace.iterdir()}


def test_the_language_is_chosen_only_for_a_new_demo_workspace(demo_round):
    code, workspace, _, _ = demo_round
    other = next(c for c in LANGUAGES if c != code)
    result = CliRunner().invoke(cli, ["demo", "--språk", other, str(workspace)], prog_name="iktplan")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--språk" in result.output and "demo" in result.output


def test_the_neighbour_havvik_is_bokmal_only(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--sprak", "nn", "--kommune", "havvik", str(tmp_path / "ws")],
                                prog_name="iktplan")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Havvik" in result.output and not (tmp_path / "ws").exists()
