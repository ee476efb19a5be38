"""click speaks the command line's language through its own gettext hook: a
``click`` catalogue per language in ``pipeline/locale``, compiled ``.mo``
committed beside its ``.po``. These tests keep the ``.mo`` equal to the ``.po``
and every message of the *installed* click translated in every language, so a
click upgrade with new messages fails here instead of speaking English to a
secretariat. The language is the workspace's (``sprak``) or ``--språk``'s."""

from __future__ import annotations

import gettext
import os

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.i18n import DEFAULT_LANGUAGE, LOCALE_DIR, available, catalogue, clickcatalogue
from pipeline.i18n.clicklang import IntRange, Path, child_environment, click_language
from support.languages import assert_no_foreign_words

CLICK = clickcatalogue.CLICK


def test_the_catalogue_tool_and_the_program_read_the_same_folder():
    assert catalogue.LOCALE_DIR == LOCALE_DIR


def test_every_language_has_a_click_catalogue():
    assert catalogue.languages(CLICK) == sorted(available())
    for code in available():
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "click.mo").is_file()


@pytest.mark.parametrize("language", catalogue.languages(CLICK))
def test_each_compiled_catalogue_is_its_po_file(language):
    assert catalogue.mo_messages(language, CLICK) == catalogue.po_messages(language, CLICK)


def test_every_message_of_the_installed_click_is_translated_with_its_placeholders():
    assert catalogue.click_problems() == []


def test_the_template_is_what_the_installed_click_has():
    committed = {m.id for m in catalogue.read(catalogue.template_path(CLICK)) if m.id}
    assert committed == {m.id for m in clickcatalogue.click_template() if m.id}


def test_a_placeholder_the_translation_invents_or_loses_is_found():
    assert catalogue.fields("Valget «{name}» må ha {nargs} verdier (%(prog)s).") == {"name", "nargs", "prog"}
    assert catalogue.fields("{value!r} is not {choice}.") == {"value", "choice"}


def test_click_speaks_the_language_inside_the_block_and_its_own_after():
    before = os.environ.get("LANGUAGE")
    with click_language("nb"):
        assert gettext.gettext("Aborted!") == "Avbrutt."
        assert gettext.ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})",
                                2).format(args="a b") == "Argumentene «a b» var ikke ventet."
        assert Path(file_okay=False).name == "mappen"
    with click_language("nn"):
        assert gettext.gettext("Aborted!") == "Avbrote."
        assert Path(file_okay=False).name == "mappa"
    with click_language("da"):
        assert gettext.gettext("Show this message and exit.") == "Vis denne hjælp, og afslut."
        assert Path(file_okay=True, dir_okay=False).name == "filen"
    assert os.environ.get("LANGUAGE") == before
    assert gettext.gettext("Aborted!") == "Aborted!"
    assert Path(file_okay=False).name == "directory"


@pytest.mark.parametrize(("code", "both", "low", "high"), [
    ("nb", "5–3600", "minst 5", "høyst 10"),
    ("nn", "5–3600", "minst 5", "høgst 10"),
    ("da", "5–3600", "mindst 5", "højst 10"),
])
def test_ranges_are_described_the_languages_way(code, both, low, high):
    with click_language(code):
        assert IntRange(5, 3600)._describe_range() == both
        assert IntRange(min=5)._describe_range() == low
        assert IntRange(max=10)._describe_range() == high


def test_the_catalogue_tool_reports_all_is_well(capsys):
    assert catalogue.main(["check"]) == 0
    assert "i orden" in capsys.readouterr().out


def test_a_message_click_gained_but_a_catalogue_lacks_is_reported():
    """What a click upgrade with a new message looks like to the check."""
    template = clickcatalogue.click_template()
    nb = catalogue.read(catalogue.po_path("nb", CLICK), "nb")
    nb.delete("Missing command.")
    assert clickcatalogue.problems("nb", nb, template, catalogue.fields) == [
        "nb/click.po: ikke oversatt: «Missing command.»."]
    nb = catalogue.read(catalogue.po_path("nb", CLICK), "nb")
    nb["Error: {message}"].string = "Feil: {melding}"
    assert clickcatalogue.problems("nb", nb, template, catalogue.fields) == [
        "nb/click.po: «Error: {message}»: ukjente plassholdere ['melding'] i «Feil: {melding}».",
        "nb/click.po: «Error: {message}»: mangler ['message'] i «Feil: {melding}».",
    ]


@pytest.mark.parametrize("users", [None, "nn:nb"])
def test_child_processes_get_the_users_own_language_setting(monkeypatch, users):
    if users is None:
        monkeypatch.delenv("LANGUAGE", raising=False)
    else:
        monkeypatch.setenv("LANGUAGE", users)
    with click_language("nb"):
        assert os.environ["LANGUAGE"] == "nb"
        assert child_environment().get("LANGUAGE") == users
    assert os.environ.get("LANGUAGE") == users and child_environment().get("LANGUAGE") == users


# --- the command line speaks the workspace's language, usage errors included -----------------


@pytest.mark.parametrize(("code", "expected"), [
    ("nb", ["Bruk: iktplan run", "Prøv «iktplan run --help» for hjelp.",
            "Feil: Ukjent valg: --pfd. Mente du «--pdf»?"]),
    ("nn", ["Bruk: iktplan run", "Skriv «iktplan run --help» for å få hjelp.",
            "Feil: Ukjend val: --pfd. Meinte du «--pdf»?"]),
    ("da", ["Brug: iktplan run", "Skriv »iktplan run --help« for at få hjælp.",
            "Fejl: Ukendt tilvalg: --pfd. Mente du »--pdf«?"]),
])
def test_a_usage_error_is_in_the_workspace_language(tmp_path, code, expected):
    runner = CliRunner()
    made = runner.invoke(cli, ["init", "--språk", code, str(tmp_path / "ws")])
    assert made.exit_code == 0, made.output
    result = runner.invoke(cli, ["-w", str(tmp_path / "ws"), "run", "--pfd"], prog_name="iktplan")
    assert result.exit_code == 2
    for line in expected:
        assert line in result.output
    if code != DEFAULT_LANGUAGE:
        # Only click's words: the usage line's [VALG] is the CLI's own text, swept with the CLI.
        assert_no_foreign_words(result.output.replace("[VALG]", ""), code, "bruksfeilen", english=True)


def test_init_speaks_the_language_it_is_asked_for(tmp_path):
    result = CliRunner().invoke(cli, ["init", "--sprak", "da", str(tmp_path / "ws"), "ekstra"], prog_name="iktplan")
    assert result.exit_code == 2
    assert "Fejl: Argumentet »ekstra« var ikke ventet." in result.output
