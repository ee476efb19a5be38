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
from pipeline.workspace import Workspace
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


#: The seasons a unit writes, in each language (contract.py): a document names a period with them.
SEASON_WORDS = {"nb": ("Vinter", "Vår", "Sommer", "Høst"), "nn": ("Vinter", "Vår", "Sommar", "Haust"),
                "da": ("Vinter", "Forår", "Sommer", "Efterår")}


def test_the_documents_name_the_periods_with_the_languages_seasons(demo_round):
    """«Tidsrom»/«Tidsrum» in the measure descriptions and the plan: the season as the
    language says it, never another language's («Vår 2027» in a Danish document)."""
    from support.documents import document_text

    code, workspace, _, _ = demo_round
    ws = Workspace(workspace)
    text = "\n".join(document_text(ws.outbox / name) for name in (ws.names.measures, ws.names.strategy))
    seasons = re.findall(r"\b(\w+) 20[23]\d\b", text)
    own = set(SEASON_WORDS[code])
    foreign = {w for other, words in SEASON_WORDS.items() if other != code for w in words} - own
    assert own & set(seasons), seasons[:20]
    assert not foreign & {w.capitalize() for w in seasons}, sorted(foreign & {w.capitalize() for w in seasons})


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


# --- the second year: the fourth «iktplan demo» in nynorsk and Danish ------------------------
# (bokmål's second year is tests/test_demo_second_year.py)

#: The languages whose demo runs the second year here.
YEARLY = ("nn", "da")


@pytest.fixture(scope="module", params=YEARLY)
def second_year(request, tmp_path_factory) -> tuple[str, Path, str, set[str]]:
    """(language, workspace, what the fourth call printed, the receipts it added): the demo run
    four times, the fourth being the second year (adopted, followed up, status report, rolled)."""
    code = request.param
    workspace = tmp_path_factory.mktemp(f"second-year-{code}") / "ws"
    runner = CliRunner()
    receipts: set[str] = set()
    printed = ""
    for i in range(4):
        args = ["demo", "--språk", code, str(workspace)] if i == 0 else ["demo", str(workspace)]
        if i == 3:
            receipts = {p.name for p in Workspace(workspace).receipts.glob("*")}
        result = runner.invoke(cli, args, prog_name="iktplan")
        assert result.exit_code == 0, result.output
        printed = result.output
    added = {p.name for p in Workspace(workspace).receipts.glob("*")} - receipts
    return code, workspace, printed, added


def _followup_forms(workspace: Path) -> list[Path]:
    """The follow-up forms the second year handed out (the blank mapping form is not one)."""
    return sorted(p for p in (workspace / "excel_forms").rglob("*.xlsx") if p.parent != workspace / "excel_forms")


def test_the_second_year_adopts_follows_up_and_rolls_over_in_the_language(second_year):
    code, workspace, printed, added = second_year
    from pipeline.core.followup import combine_followup
    from pipeline.i18n import Lang
    from pipeline.intake.store import open_store
    from pipeline.workspace import open_workspace

    ws = open_workspace(workspace)
    year = load(code).second_year
    lang = Lang.for_code(code)
    assert lang.day(year.adopted_on) in printed and year.new_measure_unit in printed
    with open_store(ws) as store:
        [baseline] = store.baselines()
        follow = combine_followup(baseline, store.followup_submissions(), year.year)
    # Every unit reported, in its own form, with the statuses of the story: done, delayed, one stopped.
    assert not follow.missing_units and not follow.not_reported
    assert len(follow.done) >= 2 and len(follow.delayed) >= 2 and len(follow.stopped) == 1
    assert len(added) == len(_followup_forms(workspace)) + 1  # and the unit's form with the new measure
    documents = [o.name for o in collect(workspace) if o.kind == "docx"]
    assert len(documents) == 6, documents  # the four of the first year, the rolled plan and its case


def _headings(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith("Heading") and p.text]


def test_the_danish_rolling_case_follows_the_danish_case_skeleton(second_year):
    code, workspace, _, _ = second_year
    if code != "da":
        pytest.skip("the Danish skeleton")
    from docx import Document

    from pipeline.i18n import Lang
    from pipeline.workspace import open_workspace

    lang = Lang.for_code(code)
    _ = lang.gettext
    config = open_workspace(workspace).config()
    title = _("Rullering av handlingsplanen for IKT {year}", year=load(code).second_year.year + 1)
    [case] = [p for p in (workspace / "outbox").glob("*/*.docx") if title in _headings(p)]
    headings = _headings(case)
    order = [_("Sammendrag"), _("Saksopplysninger"), _("Vurdering"), _("Økonomiske konsekvenser"),
             config.case.proposal_heading, _("Vedtak"), _("Vedlegg")]
    assert [h for h in headings if h in order] == order, headings
    # Indstilling: who recommends, then at-clauses; the last one ends the sentence.
    paragraphs = [p.text for p in Document(str(case)).paragraphs]
    start = paragraphs.index(config.case.proposal_heading)
    clauses = [t for t in paragraphs[start + 2: paragraphs.index(_("Vedtak"))] if t]
    assert paragraphs[start + 1] == _("{{ sak.forslagsstiller }} tilrår").replace("{{ sak.forslagsstiller }}",
                                                                                   "Direktionen")
    assert len(clauses) >= 3 and all(t.startswith("at ") for t in clauses), clauses
    assert all(t.endswith(",") for t in clauses[:-1]) and clauses[-1].endswith(".")
    # Beslutning: one heading per committee in the case's path.
    for meeting in config.case.meetings:
        assert _("Vedtak i {{ m.utvalg }}").replace("{{ m.utvalg }}", meeting.committee) in headings


def test_no_output_of_the_second_year_has_a_word_of_another_language(second_year):
    code, workspace, printed, added = second_year
    # The follow-up forms' file names are iktplan's own (their language: branch i14-names), and checked below.
    form_names = [p.name for p in _followup_forms(workspace)]
    outputs = collect(workspace, cli_output=_prose(_without(printed, form_names)))
    names = {o.name for o in outputs}
    assert any("Statusrapport" in n and n.endswith(".xlsx") for n in names), names
    checked = []
    for o in outputs:
        if o.kind == "receipt" and Path(o.name).name in added:
            pieces = tuple(type(p)(p.where, _without(p.text, form_names)) for p in o.pieces)
            o = type(o)(o.name, o.kind, pieces)
        checked.append(o)
    found = leaks(checked, code)
    assert not found, f"{len(found)} ord fra andre språk ({code}):\n" + "\n".join(
        f"  {f.output} [{f.where}]: {f.leak}" for f in found[:60])
    # A Danish amount ends in «kr.»: a sentence that ends with one must not add a second full stop.
    doubled = [f"{o.name}: …{p.text[max(0, m.start() - 60): m.end()]}" for o in outputs if o.kind == "docx"
               for p in o.pieces for m in re.finditer(r"kr\.\.", p.text)]
    assert not doubled, "\n".join(doubled)


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


def test_the_follow_up_forms_are_named_in_the_language(second_year):
    code, workspace, _, _ = second_year
    from support.languages import foreign_words

    forms = _followup_forms(workspace)
    word = {"nn": "Oppfølging", "da": "Opfølgning"}[code]
    assert forms and all(p.parent.name.startswith(f"{word} ") and f" {word} " in p.name for p in forms), forms
    found = [leak for p in forms for leak in foreign_words(p.stem, code)]
    assert not found, found
