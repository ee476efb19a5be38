"""The command line speaks the workspace's language (issue 14): a run, ``status``, the
one-line user errors and click's usage errors, in nynorsk and Danish workspaces, with no
word from the other languages' marker lists. Bokmål stays as it was (tests/test_cli*.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.workspace import Workspace
from support.languages import assert_no_foreign_words

#: A unit and its service area in each language's default strategi.toml.
UNITS = {"nn": ("Fjordvik barneskule", "Oppvekst og utdanning"), "da": ("Fjordby Skole", "Børn og unge")}


def _workspace(tmp_path: Path, code: str) -> Path:
    ws = tmp_path / f"ws-{code}"
    result = CliRunner().invoke(cli, ["init", "--språk", code, str(ws)])
    assert result.exit_code == 0, result.output
    return ws


def _form(ws: Path, name: str, code: str, **broken) -> Path:
    """A form for the workspace's first unit, filled in the workspace's own blank form."""
    from pipeline.forms.formfill import example_unit, fill_form

    data = example_unit()
    unit, area = UNITS[code]
    data["unit"] = {**data["unit"], "enhet": unit, "tjenesteomrade": area, **broken}
    return fill_form(Workspace(ws).blank_form, ws / "inbox" / name, **data)


def _reader_text(output: str, ws: Path) -> str:
    """What the command wrote, without what is not the console's own text: the
    workspace's paths (file names of documents and receipts belong to their rooms)."""
    lines = [line for line in output.splitlines() if str(ws) not in line and "kvittering" not in line.lower()]
    return "\n".join(lines)


@pytest.mark.parametrize("code", ["nn", "da"])
def test_run_and_status_speak_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    _form(ws, "skole.xlsx", code)
    _form(ws, "skole-2.xlsx", code, epost="ikke-en-adresse")  # a rejected form: its errors are counted
    run = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), "run"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    unit = UNITS[code][0]
    expected = {"nn": f"{unit}, revisjon 1", "da": f"{unit}, revision 1"}[code]
    assert expected in run.stdout
    assert {"nn": "Samla: 1 eining", "da": "I alt: 1 enhed"}[code] in run.stdout
    assert {"nn": "Dokumenta er no versjon 1", "da": "Dokumenterne er nu version 1"}[code] in run.stdout
    assert_no_foreign_words(_reader_text(run.stdout + run.stderr, ws), code, where=f"«iktplan run» ({code})")

    status = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), "status"], capture_output=True,
                            text=True)
    assert status.returncode == 0, status.stderr
    assert {"nn": "1 av 8 venta einingar har levert.", "da": "1 ud af 8 forventede enheder har indsendt."}[code] \
        in status.stdout
    assert {"nn": "Ikkje levert", "da": "Ikke indsendt"}[code] in status.stdout
    assert {"nn": "I karantene (1):", "da": "I karantæne (1):"}[code] in status.stdout
    assert_no_foreign_words(_reader_text(status.stdout + status.stderr, ws), code, where=f"«iktplan status» ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_misspelled_key_in_strategi_toml_is_reported_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    config = ws / "strategi.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"(?m)^kommune =", "kommun =", text, count=1), "utf-8")
    result = CliRunner().invoke(cli, ["-w", str(ws), "status"])
    assert result.exit_code == 1
    expected = {"nn": "Feil: Ukjend nøkkel «kommun» øvst i fila (linje ", "da": "Fejl: Ukendt nøgle »kommun« øverst i filen (linje "}
    assert expected[code] in result.output
    assert {"nn": "Meinte du «kommune»?", "da": "Mente du »kommune«?"}[code] in result.output
    assert_no_foreign_words(result.output.replace("kommun ", ""), code, where=f"feilen ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_two_unknown_tables_are_listed_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    config = ws / "strategi.toml"
    config.write_text(config.read_text("utf-8") + "\n[sakk]\na = 1\n\n[eposten]\nb = 2\n", "utf-8")
    result = CliRunner().invoke(cli, ["-w", str(ws), "run"])
    assert result.exit_code == 1
    assert {"nn": "strategi.toml har 2 ukjende nøklar:\n  - Ukjend tabell [sakk]",
            "da": "strategi.toml har 2 ukendte nøgler:\n  - Ukendt tabel [sakk]"}[code] \
        in result.output
    assert_no_foreign_words(result.output, code, where=f"feilen ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_syntax_error_in_strategi_toml_is_explained_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    config = ws / "strategi.toml"
    config.write_text(config.read_text("utf-8") + "\n[ekstra]\nbelop = 1 200 000\n", "utf-8")
    result = CliRunner().invoke(cli, ["-w", str(ws), "status"])
    assert result.exit_code == 1
    assert {"nn": "eit tal kan ikkje ha mellomrom i TOML", "da": "et tal må ikke have mellemrum i TOML"}[code] in result.output
    written = re.sub(r"`[^`]*`", "", result.output)  # the line as the user wrote it is quoted as it is
    assert_no_foreign_words(written, code, where=f"feilen ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_missing_or_wrong_folder_is_reported_in_the_language_asked_for(tmp_path, code):
    ws = _workspace(tmp_path, code)
    again = CliRunner().invoke(cli, ["init", "--språk", code, str(ws)])  # already a workspace
    assert again.exit_code == 1
    assert {"nn": "er alt ei arbeidsmappe (strategi.toml finst). Ingenting er endra.",
            "da": "er allerede en arbejdsmappe (strategi.toml findes). Intet er ændret."}[code] in again.output
    assert_no_foreign_words(again.output.replace(str(ws), "MAPPA"), code, where=f"feilen ({code})")

    (ws / "inbox").rmdir()
    (ws / "inbox").write_text("ikkje ei mappe")  # the inbox folder cannot be made: a file is in the way
    missing = CliRunner().invoke(cli, ["-w", str(ws), "status"])
    assert missing.exit_code == 1
    assert {"nn": "Feil: Kan ikkje lage mappa", "da": "Fejl: Kan ikke oprette mappen"}[code] in missing.output
    assert_no_foreign_words(re.sub(r"\S*/\S*", "", missing.output), code, where=f"feilen ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_usage_error_is_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    result = CliRunner().invoke(cli, ["-w", str(ws), "run", "--pfd"])
    assert result.exit_code == 2
    assert {"nn": "Feil:", "da": "Fejl:"}[code] in result.output
    assert_no_foreign_words(result.output, code, where=f"bruksfeilen ({code})", english=True)


def test_the_same_process_speaks_each_workspaces_language_in_turn(tmp_path):
    """No state leaks between commands: bokmål, nynorsk and Danish one after the other."""
    runner = CliRunner()
    spaces = {code: tmp_path / code for code in ("nb", "nn", "da")}
    for code, ws in spaces.items():
        assert runner.invoke(cli, ["init", "--språk", code, str(ws)]).exit_code == 0
    said = {code: runner.invoke(cli, ["-w", str(ws), "status"]).output for code, ws in spaces.items()}
    assert "0 av 8 forventede enheter har levert." in said["nb"]
    assert "0 av 8 venta einingar har levert." in said["nn"]
    assert "0 ud af 8 forventede enheder har indsendt." in said["da"]


@pytest.mark.parametrize("code", ["nn", "da"])
def test_every_commands_help_is_in_the_workspaces_language(tmp_path, code):
    ws = _workspace(tmp_path, code)
    runner = CliRunner()
    # Command and option names (koble-enhet, --uten-kjoring, [[enheter]]) are identifiers, the same everywhere;
    # so are, for now, the placeholders in capitals (MAPPE, ENHET, NAVN).
    identifiers = re.compile(r"(?:\b[A-ZÆØÅ]{3,}\b|iktplan \S+|\b[a-z]+-[a-z-]+\b|--?[\w-]+|\[\[?\w+\]\]?|\w+_\w+|\S+/\S*|"
                             r"\S+\.(?:toml|xlsx|sqlite|log))")
    overview = runner.invoke(cli, ["-w", str(ws), "--help"])
    assert overview.exit_code == 0
    assert {"nn": "Avslutningskodar:", "da": "Afslutningskoder:"}[code] in overview.output
    assert_no_foreign_words(identifiers.sub("", overview.output), code, where=f"«iktplan --help» ({code})")
    for name in cli.commands:
        result = runner.invoke(cli, ["-w", str(ws), name, "--help"])
        assert result.exit_code == 0 and "Eksempel" in result.output, name
        assert not {"Usage:", "Options:", "Commands:"} & set(result.output.split()), name  # click's own words
        assert_no_foreign_words(identifiers.sub("", result.output), code, where=f"«iktplan {name} --help» ({code})")


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_yearly_cycle_speaks_the_workspaces_language(tmp_path, code):
    """vedta, oppfolging, status with the follow-up, statusrapport and its errors (issue 15)."""
    ws = _workspace(tmp_path, code)
    runner = CliRunner()

    def iktplan(*args):
        result = runner.invoke(cli, ["-w", str(ws), *args])
        # The file names are checked too: the follow-up forms' («2027 Opfølgning <enhed>.xlsx») follow the language.
        assert_no_foreign_words(_reader_text(result.output, ws), code, where=f"«iktplan {args[0]}» ({code})")
        return result

    missing = iktplan("statusrapport")
    assert missing.exit_code == 1
    assert {"nn": "ikkje registrert nokon vedteken plan", "da": "ikke registreret nogen godkendt plan"}[code] \
        in missing.output
    _form(ws, "skole.xlsx", code)
    assert iktplan("run").exit_code == 0
    adopted = iktplan("vedta", "--dato", "10.12.2026", "--sak", "PS 45/26")
    assert adopted.exit_code == 0, adopted.output
    assert {"nn": "Vedtaket 10.12.2026 (PS 45/26) er registrert", "da": "Beslutningen 10.12.2026 (PS 45/26) er "
            "registreret"}[code] in adopted.output
    handed_out = iktplan("oppfolging", "--ar", "2027")
    assert handed_out.exit_code == 0, handed_out.output
    assert {"nn": "1 oppfølgingsskjema for 2027 er laga", "da": "1 opfølgningsskema for 2027 er oprettet"}[code] \
        in handed_out.output
    folder = {"nn": "Oppfølging 2027", "da": "Opfølgning 2027"}[code]
    [form] = (ws / "excel_forms" / folder).iterdir()
    assert form.name == f"2027 {folder.split()[0]} {UNITS[code][0]}.xlsx"
    status = iktplan("status")
    assert {"nn": "0 av 1 eining har rapportert på oppfølginga for 2027.",
            "da": "0 af 1 enhed har rapporteret på opfølgningen for 2027."}[code] in status.output
    assert {"nn": "Ikkje levert", "da": "Ikke indsendt"}[code] in status.output
    report = iktplan("statusrapport")
    assert report.exit_code == 0, report.output
    assert {"nn": "Statusrapporten for 2027 er laga", "da": "Statusrapporten for 2027 er oprettet"}[code] in report.output
    # The workbook next to the report: sheet names and headers in the workspace's language.
    from openpyxl import load_workbook
    book = load_workbook(ws / "outbox" / "Statusrapport 2027.xlsx", read_only=True)
    assert book.sheetnames == [{"nn": "Oppfølging", "da": "Opfølgning"}[code],
                               {"nn": "Gevinstar", "da": "Gevinster"}[code]]
    headers = "\n".join(str(c.value) for sheet in book.worksheets for c in next(sheet.iter_rows(max_row=1)))
    book.close()
    assert_no_foreign_words(headers, code, where=f"Statusrapport 2027.xlsx ({code})")
    wrong = iktplan("statusrapport", "--ar", "2035")
    assert wrong.exit_code == 1
    assert {"nn": "Den vedtekne planen gjeld ikkje 2035", "da": "Den godkendte plan gælder ikke 2035"}[code] \
        in wrong.output


@pytest.mark.parametrize("code", ["nn", "da"])
def test_a_date_option_that_is_no_date_is_refused_in_the_workspaces_language(tmp_path, code):
    """The reason comes from the form reader as a message; click must say it in the
    workspace's language, not the bokmål it was written in."""
    ws = _workspace(tmp_path, code)
    result = CliRunner().invoke(cli, ["-w", str(ws), "vedta", "--dato", "33.13.2026"])
    assert result.exit_code == 2
    assert {"nn": "er ikkje ein dato som finst", "da": "er ikke en dato, der findes"}[code] in result.output
    assert_no_foreign_words(result.output, code, where=f"«iktplan vedta --dato» ({code})")


def test_the_case_documents_change_list_tells_the_secretariats_action_in_nynorsk(tmp_path):
    """Round three of the demo connects a misspelt unit name; the case document of the
    next version lists that judgement in the workspace's language."""
    from support.documents import document_text

    runner = CliRunner()
    ws = tmp_path / "fjordvik"
    for args in (["demo", "--språk", "nn", str(ws)], ["demo", str(ws)], ["-w", str(ws), "publiser"],
                 ["demo", str(ws)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    case = document_text(ws / "outbox" / "Saksframlegg.docx")
    assert "Sekretariatet kopla «Kulturhuset og bibloteket» til Kulturhuset og biblioteket" in case
    assert "Sekretariatet koblet" not in case
