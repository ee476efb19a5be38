"""The command line as the secretariat uses it: one clear Norwegian line on a
user error (exit 1), exit 2 on a usage error, never a traceback without --debug."""

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, *args):
    return runner.invoke(cli, list(map(str, args)), catch_exceptions=False)


def test_init_makes_a_workspace_with_the_blank_form(runner, tmp_path):
    result = invoke(runner, "init", tmp_path / "ny")
    assert result.exit_code == 0, result.output
    for part in ("strategi.toml", "inbox", "outbox", "excel_forms/Kartleggingsskjema.xlsx", "word_templates"):
        assert (tmp_path / "ny" / part).exists(), part
    assert "Neste steg" in result.output


def test_init_refuses_to_overwrite_a_workspace(runner, tmp_path):
    invoke(runner, "init", tmp_path / "ny")
    (tmp_path / "ny" / "strategi.toml").write_text('kommune = "Min endring"\n', "utf-8")
    result = invoke(runner, "init", tmp_path / "ny")
    assert result.exit_code == 1
    assert "allerede en arbeidsmappe" in result.output
    assert (tmp_path / "ny" / "strategi.toml").read_text("utf-8") == 'kommune = "Min endring"\n'


def test_run_outside_a_workspace_explains_in_one_line(runner, tmp_path):
    result = invoke(runner, "-w", tmp_path, "run")
    assert result.exit_code == 1
    assert result.output.startswith("Feil: ") and "iktplan init" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_invalid_configuration_names_the_key(runner, tmp_path):
    invoke(runner, "init", tmp_path / "ws")
    cfg = tmp_path / "ws" / "strategi.toml"
    cfg.write_text(cfg.read_text("utf-8").replace("fra = 2027", 'fra = "2027"'), "utf-8")
    result = invoke(runner, "-w", tmp_path / "ws", "run")
    assert result.exit_code == 1
    assert "«periode.fra» skal være et helt tall" in result.output


def test_usage_error_exits_2(runner):
    assert runner.invoke(cli, ["run", "--finnes-ikke"]).exit_code == 2
    assert runner.invoke(cli, ["finnes-ikke"]).exit_code == 2


def test_every_command_has_help_with_an_example(runner):
    for name, command in cli.commands.items():
        result = invoke(runner, name, "--help")
        assert result.exit_code == 0
        assert "Eksempel" in result.output, name


def test_unexpected_error_shows_no_traceback_unless_debug(runner, tmp_path, monkeypatch):
    invoke(runner, "init", tmp_path / "ws")

    def boom(*a, **k):
        raise ZeroDivisionError("intern")

    monkeypatch.setattr("pipeline.build.run", boom)
    plain = runner.invoke(cli, ["-w", str(tmp_path / "ws"), "run"])
    assert plain.exit_code == 1 and "Uventet feil (ZeroDivisionError)" in plain.output
    assert "Traceback" not in plain.output
    debug = runner.invoke(cli, ["--debug", "-w", str(tmp_path / "ws"), "run"])
    assert debug.exit_code == 1 and "Traceback" in debug.output


def test_run_then_status_in_a_real_process(tmp_path, make_form):
    """The installed entry points, in a subprocess, as a user runs them."""
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, "-m", "pipeline", "init", str(ws)], check=True, capture_output=True)
    shutil.copyfile(make_form("Skjema skole.xlsx"), ws / "inbox" / "Skjema skole.xlsx")
    run = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), "run"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "GODKJENT  Skjema skole.xlsx: Fjordvik barneskole, revisjon 1" in run.stdout
    status = subprocess.run([sys.executable, "-m", "pipeline", "-w", str(ws), "status"], capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    assert "1 av 8 forventede enheter har levert." in status.stdout
    assert "NAV Fjordvik" in status.stdout and "Ikke levert" in status.stdout


def test_watch_refuses_a_rescan_interval_below_five_seconds(runner, tmp_path):
    invoke(runner, "init", tmp_path / "ws")
    result = runner.invoke(cli, ["-w", str(tmp_path / "ws"), "watch", "--intervall", "2"])
    assert result.exit_code == 2 and "--intervall" in result.output


def test_watch_with_mail_but_no_mailbox_says_what_to_configure(runner, tmp_path):
    invoke(runner, "init", tmp_path / "ws")
    result = runner.invoke(cli, ["-w", str(tmp_path / "ws"), "watch", "--mail"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "«--mail» krever [epost]" in result.output


def test_the_demo_shows_the_whole_flow_and_a_second_round_makes_version_2(runner, tmp_path):
    first = invoke(runner, "demo", tmp_path / "fjordvik")
    assert first.exit_code == 0, first.output
    out = first.output
    assert "Første runde: 8 eksempelskjemaer" in out
    assert out.count("GODKJENT") == 7 and "AVVIST    Kartlegging Solsiden barnehage.xlsx: 8 feil" in out
    assert "Dokumentene er nå versjon 1" in out and "7 av 8 forventede enheter har levert." in out
    for name in ("IKT-strategi.docx", "Tiltaksbeskrivelser.docx", "Saksframlegg.docx", "Samlet-oversikt.xlsx"):
        assert (tmp_path / "fjordvik" / "outbox" / name).stat().st_size > 0, name
    assert len(list((tmp_path / "fjordvik" / "outbox" / "kvitteringer").iterdir())) == 8
    assert f"Laget {tmp_path / 'fjordvik' / 'beslutninger.xlsx'}" in out

    second = invoke(runner, "demo", tmp_path / "fjordvik")
    assert second.exit_code == 0, second.output
    out = second.output
    assert "Andre runde" in out and "Hjemmetjenesten, revisjon 2" in out and "Solsiden barnehage, revisjon 1" in out
    assert "Dokumentene er nå versjon 2 (2 enheter med ny revisjon" in out
    assert "Sekretariatet har fylt ut beslutninger.xlsx" in out and "beslutninger endret)" in out
    assert "4 beslutninger fra beslutninger.xlsx er brukt" in out
    assert "forutsetter hverandre i en sirkel" in out
    assert "8 av 8 forventede enheter har levert." in out
    # The rejected first try stays in quarantine, and says that the unit has corrected it since.
    [line] = [line for line in out.splitlines() if "Kartlegging Solsiden barnehage.xlsx" in line]
    assert "8 feil" in line and "rettet: revisjon 1 godkjent" in line
    assert (tmp_path / "fjordvik" / "outbox" / "arkiv" / "v1" / "Saksframlegg.docx").exists()
    # Kulturhuset's new form with its name mistyped waits for the secretariat, with the command to map it.
    assert "VENTER PÅ SEKRETARIATET  Kartlegging Kulturhuset (ny versjon).xlsx: «Kulturhuset og bibloteket»" in out
    assert ('iktplan koble-enhet 11 --til "Kulturhuset og biblioteket" --grunn "skrivefeil i enhetsnavnet"' in out)
    assert "Kjør «iktplan demo" in out and "så kobler demoen det til riktig enhet" in out

    # Version 2 goes to political treatment, so version 3's case document lists what changed since.
    sent = invoke(runner, "-w", tmp_path / "fjordvik", "publiser")
    assert sent.exit_code == 0, sent.output
    third = invoke(runner, "demo", tmp_path / "fjordvik")
    assert third.exit_code == 0, third.output
    out = third.output
    assert "Tredje runde" in out and "Handling 1 er registrert: Sekretariatet koblet «Kulturhuset og bibloteket» " \
                                     "til Kulturhuset og biblioteket" in out
    assert "Dokumentene er nå versjon 3 (1 enhet med ny revisjon, 1 tiltak lagt til, 1 handling fra sekretariatet)" in out
    assert "Venter på sekretariatet" not in out and "Sekretariatets handlinger (1):" in out
    from support.documents import document_text

    case = document_text(tmp_path / "fjordvik" / "outbox" / "Saksframlegg.docx")
    assert "Sekretariatets vurderinger:\nSekretariatet koblet «Kulturhuset og bibloteket» til Kulturhuset og " \
           "biblioteket" in case and "Kulturhuset og biblioteket: revisjon 1 → 2" in case
