"""The command line's conventions, for every command: ``-w`` and ``--debug``
before or after the command's name, Norwegian in every line click writes
itself, and the exit codes listed in ``--help``."""

from __future__ import annotations

import json
import re

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import EXIT_MEANINGS, Exit, cli
from support.paths import REPO
from support.workspaces import iktplan, new_workspace

COMMANDS = sorted(cli.commands)
#: Commands that open no workspace (a folder or a database of their own).
NO_WORKSPACE = {"init", "lager-ny-kommune", "lager-nytt-sekretariat"}
#: What a command needs besides the workspace to get as far as opening it.
REQUIRED = {
    "trekk-tilbake": ["3", "--grunn", "feil"],
    "koble-enhet": ["Fjordvik barneskule", "--til", "Fjordvik barneskole", "--grunn", "skrivefeil"],
    "godta-enhet": ["Fjordvik kulturskole", "--grunn", "ny enhet"],
    "angre": ["1", "--grunn", "feil"],
}
#: Words of click's English that must never reach a user.
ENGLISH = re.compile(
    r"Usage|Error|Try |for help|No such|Missing|Invalid value|Got unexpected|Did you mean|is not|does not|"
    r"default:|DIRECTORY|INTEGER|<=|Aborted|Options|Commands|Show this|Show the|required|range"
)


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], prog_name="iktplan")


@pytest.fixture
def workspace(tmp_path):
    return new_workspace(tmp_path / "ws")


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in NO_WORKSPACE])
def test_the_workspace_option_works_before_and_after_every_command(runner, tmp_path, command):
    """Pointed at a folder that is no workspace, both spellings reach the
    command (a user error naming «iktplan init», not a usage error)."""
    missing = tmp_path / "ikke-en-arbeidsmappe"
    needed = REQUIRED.get(command, [])
    for args in (["-w", missing, command, *needed], [command, *needed, "-w", missing],
                 [command, "--workspace", missing, *needed]):
        result = invoke(runner, *args)
        assert result.exit_code == Exit.USER_ERROR, (args, result.output)
        assert result.output.startswith("Feil: ") and str(missing) in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_init_accepts_the_shared_options_after_its_folder(runner, tmp_path):
    result = invoke(runner, "init", tmp_path / "ny", "--debug", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ny" / "strategi.toml").is_file()


def test_the_workspace_after_the_command_wins_over_the_one_before(runner, tmp_path, workspace):
    result = invoke(runner, "-w", tmp_path / "feil", "status", "-w", workspace)
    assert result.exit_code == 0, result.output
    assert "forventede enheter har levert" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_the_shared_options_are_accepted_before_and_after_every_command(runner, tmp_path, command):
    for args in (["--debug", "-w", tmp_path, command, "-h"], [command, "--debug", "-w", tmp_path, "-h"]):
        result = invoke(runner, *args)
        assert result.exit_code == 0, (args, result.output)
        assert "--debug" in result.output and "-w, --workspace MAPPE" in result.output


@pytest.mark.parametrize("position", ["before", "after"])
def test_debug_shows_the_traceback_of_an_unexpected_error_wherever_it_stands(runner, workspace, monkeypatch,
                                                                             position):
    def boom(*a, **k):
        raise ZeroDivisionError("intern")

    monkeypatch.setattr("pipeline.build.status", boom)
    args = ["--debug", "-w", workspace, "status"] if position == "before" else ["status", "-w", workspace, "--debug"]
    result = invoke(runner, *args)
    assert result.exit_code == Exit.USER_ERROR
    assert "Traceback" in result.output and "Uventet feil (ZeroDivisionError)" in result.output
    plain = invoke(runner, "status", "-w", workspace)
    assert "Traceback" not in plain.output


@pytest.mark.parametrize("args, expected", [
    (["run", "--pfd"], "Feil: Ukjent valg: --pfd. Mente du «--pdf»?"),
    (["stauts"], "Feil: Ukjent kommando: stauts. Mente du «status»?"),
    (["init"], "Feil: Mangler argumentet «MAPPE»."),
    (["status", "ekstra"], "Feil: Argumentet «ekstra» var ikke ventet."),
    (["status", "en", "to"], "Feil: Argumentene «en to» var ikke ventet."),
    (["watch", "--intervall", "2"], "Feil: Ugyldig verdi for «--intervall»: 2 er utenfor området 5–3600."),
    (["watch", "--intervall", "ofte"], "Feil: Ugyldig verdi for «--intervall»: «ofte» er ikke et gyldig tall."),
    (["watch", "--intervall"], "Feil: Valget «--intervall» må ha en verdi."),
    (["-w", REPO / "pyproject.toml", "status"],
     f"Feil: Ugyldig verdi for «-w» / «--workspace»: Mappen «{REPO / 'pyproject.toml'}» er en fil."),
    (["--debug"], "Feil: Du må oppgi en kommando."),
    (["run", "--pdf=ja"], "Feil: Valget «--pdf» skal ikke ha noen verdi."),
    (["angre", "3"], "Feil: Mangler valget «--grunn»."),
    (["trekk-tilbake", "tolv", "--grunn", "feil"], "Feil: Ugyldig verdi for «INNLEVERING»: «tolv» er ikke et gyldig tall."),
])
def test_usage_errors_are_norwegian_and_exit_2(runner, args, expected):
    result = invoke(runner, *args)
    assert result.exit_code == Exit.USAGE
    assert expected in result.output, result.output
    assert "Bruk: iktplan" in result.output and "Prøv «iktplan" in result.output and "for hjelp." in result.output
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_is_norwegian(runner, command):
    result = invoke(runner, *([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Bruk: iktplan" in result.output and "Valg:" in result.output
    assert not ENGLISH.search(result.output), result.output


def test_the_help_lists_every_exit_code(runner):
    out = invoke(runner, "--help").output
    listed = {int(code) for code in re.findall(r"^\s+(\d+)  ", out[out.index("Avslutningskoder:"):], re.MULTILINE)}
    documented = {int(c) for c in re.findall(r"^\| `(\d+)` \|", (REPO / "docs" / "avslutningskoder.md").read_text("utf-8"),
                                             re.MULTILINE)}
    assert listed == {int(code) for code in Exit} == {int(code) for code in EXIT_MEANINGS} == documented
    assert "fetch-mail" in out  # a message it could not handle: exit 1


def test_the_default_and_range_read_the_norwegian_way(runner):
    out = invoke(runner, "watch", "--help").output
    assert "[standard: 60; 5–3600]" in " ".join(out.split())


@pytest.fixture
def extra_command():
    """A command added the way the next engineer adds one."""

    @cli.command("prove")
    @click.option("--antall", type=int, help="Et tall.")
    @click.pass_context
    def prove(ctx, antall):
        """Prøvekommando."""
        click.echo(f"arbeidsmappe={ctx.obj['workspace']} debug={ctx.obj['debug']} antall={antall}")

    yield
    cli.commands.pop("prove")


def test_a_new_command_gets_the_shared_options_and_norwegian_for_free(runner, tmp_path, extra_command):
    result = invoke(runner, "prove", "-w", tmp_path, "--debug")
    assert result.exit_code == 0 and f"arbeidsmappe={tmp_path} debug=True" in result.output
    wrong = invoke(runner, "prove", "--antall", "mange")
    assert wrong.exit_code == 2 and "Ugyldig verdi for «--antall»: «mange» er ikke et gyldig tall." in wrong.output
    assert not ENGLISH.search(wrong.output)


def test_a_real_process_speaks_norwegian_whatever_the_locale(tmp_path):
    ws = new_workspace(tmp_path / "ws")
    for variables in ({"LANGUAGE": "en", "LANG": "C.UTF-8"}, {"LANGUAGE": "", "LC_ALL": "de_DE.UTF-8"}):
        done = iktplan("run", "--pfd", "-w", ws, variables=variables)
        assert done.returncode == 2
        assert "Feil: Ukjent valg: --pfd. Mente du «--pdf»?" in done.stderr
        assert not ENGLISH.search(done.stderr), done.stderr
    ok = iktplan("status", "-w", ws)
    assert ok.returncode == 0 and "0 av 8 forventede enheter har levert." in ok.stdout


@pytest.mark.parametrize("args", [["status"], ["forms"], ["run"], ["run", "--json"], ["status", "--json"]])
def test_configuration_warnings_are_shown_by_every_command_that_reads_the_configuration(runner, workspace, args):
    config = workspace / "strategi.toml"
    config.write_text(config.read_text("utf-8").replace("okonomi = 40", "okonomi = 60"), "utf-8")
    result = runner.invoke(cli, [*args, "-w", str(workspace)], prog_name="iktplan")
    assert result.exit_code == 0, result.output
    warning = "Vektene i [kriterier.vekter] er til sammen 120, ikke 100."
    if "--json" in args:
        doc = json.loads(result.stdout)
        assert any(w.startswith(warning) for w in doc["config_warnings"]) and result.stderr == ""
    else:
        assert f"Advarsel: {warning}" in result.stderr and warning not in result.stdout


def test_the_watcher_shows_the_warnings_of_a_strategi_toml_saved_while_it_watches(workspace):
    import threading

    from pipeline.watch import watch
    from pipeline.workspace import open_workspace

    ws = open_workspace(workspace)
    stop, events = threading.Event(), []

    def on_event(event):
        events.append(event)
        if event.kind == "start":
            ws.config_path.write_text(ws.config_path.read_text("utf-8").replace("okonomi = 40", "okonomi = 60"),
                                      "utf-8")
        if event.kind == "warning":
            stop.set()

    thread = threading.Thread(target=watch, args=(ws,), kwargs=dict(on_event=on_event, stop=stop,
                                                                    settle_seconds=0.2, rescan_seconds=600))
    thread.start()
    thread.join(timeout=120)
    stop.set()
    assert any(e.kind == "warning" and e.message.startswith("Advarsel: Vektene i [kriterier.vekter] er til sammen 120")
               for e in events), [e.message for e in events]
