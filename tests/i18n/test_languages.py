"""Which languages exist (found from the catalogues, never listed in code), and which
one a command line speaks before click has parsed it."""

from __future__ import annotations

import pytest

from pipeline.i18n import available, defaults_file, peek_language
from pipeline.i18n.languages import DEFAULTS_DIR


def test_the_languages_are_found_from_the_catalogues_bokmal_first():
    assert available() == ("nb", "da", "nn")


def test_a_language_with_its_own_defaults_gets_them_and_bokmal_is_the_fallback():
    assert defaults_file("strategi.toml", "nn") == DEFAULTS_DIR / "nn" / "strategi.toml"
    assert defaults_file("strategi.toml", "nb") == DEFAULTS_DIR / "strategi.toml"
    assert defaults_file("word_templates", "da") == DEFAULTS_DIR / "da" / "word_templates"
    assert defaults_file("word_templates", "sv") == DEFAULTS_DIR / "word_templates"  # a language without its own


def workspace(tmp_path, text: str):
    (tmp_path / "strategi.toml").write_text(text, "utf-8")
    return tmp_path


@pytest.mark.parametrize(("args", "expected"), [
    (["init", "--språk", "nn", "x"], "nn"),
    (["init", "--sprak", "da", "x"], "da"),
    (["init", "--språk=da", "x"], "da"),
    (["init", "--sprak=nn", "x"], "nn"),
    (["init", "--språk", "sv", "x"], "nb"),  # a language iktplan cannot write: click will say so, in bokmål
    (["init", "x"], "nb"),
    (["init", "--", "--språk", "nn"], "nb"),  # after -- everything is an argument
    ([], "nb"),
])
def test_a_language_given_on_the_command_line_wins(tmp_path, args, expected):
    assert peek_language(args, cwd=tmp_path) == expected


def test_otherwise_the_workspace_decides(tmp_path):
    (tmp_path / "ws").mkdir()
    ws = workspace(tmp_path / "ws", 'kommune = "x"\nsprak = "da"\n')
    assert peek_language(["run"], cwd=ws) == "da"
    assert peek_language(["-w", str(ws), "run"], cwd=tmp_path) == "da"
    assert peek_language([f"--workspace={ws}", "run"], cwd=tmp_path) == "da"
    assert peek_language([f"-w{ws}", "status"], cwd=tmp_path) == "da"
    assert peek_language(["run", "-w", str(ws)], cwd=tmp_path) == "da"


@pytest.mark.parametrize(("text", "expected"), [
    ('"språk" = "nn"\n', "nn"),
    ('sprak = "NN"\n', "nn"),  # as the configuration reads it
    ('sprak = "sv"\n', "nb"),  # the configuration will report it; the command speaks bokmål
    ('sprak = "nn"\nkommune = Fjordvik\n', "nn"),  # a syntax error elsewhere: still nynorsk
    ('språk = "da"\n', "da"),  # not valid TOML (å in a bare key), but its language is clear
    ('kommune = "x"\n', "nb"),
    ('sprak = 3\n', "nb"),
    ("\ufeffsprak = 'nn'\n", "nn"),
])
def test_the_workspace_language_is_read_even_from_a_broken_file(tmp_path, text, expected):
    assert peek_language(["run"], cwd=workspace(tmp_path, text)) == expected


def test_no_workspace_or_an_unreadable_one_is_bokmal(tmp_path):
    assert peek_language(["run"], cwd=tmp_path / "missing") == "nb"
    (tmp_path / "strategi.toml").mkdir()
    assert peek_language(["run"], cwd=tmp_path) == "nb"
    assert peek_language(["-w"], cwd=tmp_path) == "nb"
