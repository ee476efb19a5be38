"""The language setting in strategi.toml (``sprak``), the economics defaults that follow
it, and ``iktplan init --språk``: a new workspace in nynorsk or Danish gets its own
commented strategi.toml."""

from __future__ import annotations

import tomllib

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.configcheck import key_paths
from pipeline.errors import ConfigError
from pipeline.i18n import Lang
from pipeline.workspace import default_config, init_workspace
from support.paths import DEFAULTS

BOKMAL = (DEFAULTS / "strategi.toml").read_text("utf-8")


def config_with(tmp_path, old: str, new: str):
    assert old in BOKMAL
    path = tmp_path / "strategi.toml"
    path.write_text(BOKMAL.replace(old, new, 1), "utf-8")
    return load_config(path)


def error_with(tmp_path, old: str, new: str) -> str:
    with pytest.raises(ConfigError) as caught:
        config_with(tmp_path, old, new)
    return str(caught.value)


def test_bokmal_is_the_default_language(tmp_path):
    config = config_with(tmp_path, 'sprak = "nb"\n', "")
    assert config.language == "nb" and config.lang is Lang.for_code("nb")


@pytest.mark.parametrize(("line", "code"), [
    ('sprak = "nn"', "nn"), ('sprak = "da"', "da"), ('"språk" = "nn"', "nn"), ('sprak = " NN "', "nn"),
])
def test_the_language_is_read_with_either_spelling_of_the_key(tmp_path, line, code):
    config = config_with(tmp_path, 'sprak = "nb"', line)
    assert config.language == code and config.lang.code == code


def test_both_spellings_at_once_is_an_error(tmp_path):
    message = error_with(tmp_path, 'sprak = "nb"', 'sprak = "nb"\n"språk" = "nn"')
    assert message == "strategi.toml har både «sprak» og «språk». Det er samme innstilling; behold én av dem."


@pytest.mark.parametrize("value", ['"sv"', '"nynorsk"', "3"])
def test_a_language_iktplan_cannot_write_names_the_ones_it_can(tmp_path, value):
    message = error_with(tmp_path, 'sprak = "nb"', f"sprak = {value}")
    assert message.endswith('er ikke et språk iktplan kan skrive. Velg "nb" (norsk bokmål), "da" (dansk) eller '
                            '"nn" (norsk nynorsk).')


def test_the_key_with_a_bare_a_ring_gets_the_syntax_hint(tmp_path):
    message = error_with(tmp_path, 'sprak = "nb"', 'språk = "nn"')
    assert "Skriv sprak, eller sett nøkkelen i anførselstegn" in message


def test_the_discount_rate_and_its_source_follow_the_language_unless_given(tmp_path):
    bokmal = load_config(DEFAULTS / "strategi.toml").criteria
    assert (bokmal.discount_rate, bokmal.rate_source) == (0.04, "Finansdepartementets rundskriv R-109/2021")
    without = BOKMAL.replace("diskonteringsrente = 0.04\n", "").replace(
        'rente_kilde = "Finansdepartementets rundskriv R-109/2021"\n', "")
    path = tmp_path / "strategi.toml"
    path.write_text(without.replace('sprak = "nb"', 'sprak = "da"'), "utf-8")
    danish = load_config(path).criteria
    assert danish.discount_rate == 0.035 and "Finansministeriets dokumentationsnotat" in danish.rate_source
    path.write_text(without.replace('[kriterier]\n', '[kriterier]\nrente_kilde = "Vedtak i kommunestyret"\n'), "utf-8")
    assert load_config(path).criteria.rate_source == "Vedtak i kommunestyret"


@pytest.mark.parametrize("code", ["nn", "da"])
def test_each_language_has_a_complete_valid_default_configuration(code):
    config = load_config(DEFAULTS / code / "strategi.toml")
    assert config.language == code and config.warnings == ()
    theirs = set(_paths(tomllib.loads((DEFAULTS / code / "strategi.toml").read_text("utf-8"))))
    ours = set(_paths(tomllib.loads(BOKMAL)))
    assert ours - theirs == set(), f"{code}/strategi.toml mangler nøkler som bokmålsfila har: {sorted(ours - theirs)}"
    assert theirs <= set(key_paths())


def test_the_danish_default_cites_the_danish_rate_never_r109():
    text = (DEFAULTS / "da" / "strategi.toml").read_text("utf-8")
    config = load_config(DEFAULTS / "da" / "strategi.toml")
    assert config.criteria.discount_rate == 0.035
    assert "Dokumentationsnotat – den samfundsøkonomiske diskonteringsrente" in text and "3,5 pct. i år 0-35" in text
    assert "R-109" not in text and "Finansdepartement" not in text and "KS" not in text


@pytest.mark.parametrize(("option", "code"), [("--språk", "nn"), ("--sprak", "da"), (None, "nb")])
def test_init_makes_a_workspace_in_the_language_asked_for(tmp_path, option, code):
    args = ["init", str(tmp_path / "ws")] + ([option, code] if option else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    written = (tmp_path / "ws" / "strategi.toml").read_bytes()
    own = DEFAULTS / code / "strategi.toml" if code != "nb" else DEFAULTS / "strategi.toml"
    assert written == own.read_bytes()
    assert load_config(tmp_path / "ws" / "strategi.toml").language == code
    form = {"nb": "Kartleggingsskjema.xlsx", "nn": "Kartleggingsskjema.xlsx", "da": "Kortlægningsskema.xlsx"}[code]
    assert [p.name for p in (tmp_path / "ws" / "excel_forms").iterdir()] == [form]


def test_a_language_without_its_own_defaults_gets_bokmal_with_its_code(monkeypatch, tmp_path):
    import pipeline.workspace as workspace

    monkeypatch.setattr(workspace, "has_own_defaults", lambda name, code: code == "nb")
    monkeypatch.setattr(workspace, "defaults_file", lambda name, code: DEFAULTS / name)
    data = default_config("nn").decode("utf-8")
    assert data == BOKMAL.replace('sprak = "nb"', 'sprak = "nn"')
    ws = init_workspace(tmp_path / "ws", "nn")
    assert ws.config().language == "nn"


def _paths(table: dict, prefix: str = ""):
    """The dotted keys with a value (arrays of tables by their keys), as configcheck names them."""
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            if key in ("investeringsramme", "tekster"):
                yield path  # years, or names the secretariat chooses (any key under [tekster])
                continue
            yield from _paths(value, path + ".")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                yield from _paths(item, path + ".")
        else:
            yield path
