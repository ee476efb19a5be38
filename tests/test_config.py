import tomllib
from pathlib import Path

import pytest

from pipeline.config import load_config, parse_config
from pipeline.errors import ConfigError
from support.paths import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]


def default_data() -> dict:
    return tomllib.loads((DEFAULTS / "strategi.toml").read_text("utf-8"))


def test_default_configuration_is_valid_and_complete(config):
    assert config.municipality == "Fjordvik kommune"
    assert config.years == (2027, 2028, 2029, 2030)
    assert [g.code for g in config.sub_goals] == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert len(config.service_areas) == 6
    assert len(config.expected_units) == 8
    assert config.investment_frame[2027] == 2_500_000
    assert config.criteria.discount_rate == 0.04
    assert config.case.proposal_heading == "Kommunedirektørens forslag til vedtak"
    assert [m.committee for m in config.case.meetings] == ["Formannskapet", "Kommunestyret"]


def test_repository_root_is_a_workspace_with_the_packaged_configuration():
    assert (ROOT / "strategi.toml").read_bytes() == (DEFAULTS / "strategi.toml").read_bytes()


@pytest.mark.parametrize(
    "mutate, key_in_message",
    [
        (lambda d: d.pop("kommune"), "«kommune» mangler"),
        (lambda d: d["periode"].update(fra="2027"), "«periode.fra» skal være et helt tall"),
        (lambda d: d["periode"].update(til=2020), "«periode.til» (2020) kan ikke være før"),
        (lambda d: d["mal"]["delmal"][0].update(kode="D 1"), "«mal.delmal[1].kode»"),
        (lambda d: d["mal"]["delmal"][1].update(kode="D1"), "kode «D1» står to ganger"),
        (lambda d: d["enheter"][0].update(tjenesteomrade="Skole"), "«enheter[1].tjenesteomrade» = «Skole»"),
        (lambda d: d["kriterier"].update(diskonteringsrente=4), "«kriterier.diskonteringsrente» = 4"),
        (lambda d: d["budsjett"]["investeringsramme"].update({"neste år": 5}), "«neste år» er ikke et årstall"),
        (lambda d: d["sak"]["saksgang"][0].update(motedato="3. mars"), "«sak.saksgang[1].motedato»"),
        (lambda d: d.update(tjenesteomrader="Oppvekst"), "«tjenesteomrader» skal være en liste"),
    ],
)
def test_invalid_value_names_the_key_and_the_problem(mutate, key_in_message):
    data = default_data()
    mutate(data)
    with pytest.raises(ConfigError) as err:
        parse_config(data)
    assert key_in_message in str(err.value)


def test_missing_frame_means_no_frame():
    data = default_data()
    del data["budsjett"]
    assert parse_config(data).investment_frame is None


def test_syntax_error_gives_line_and_column(tmp_path):
    path = tmp_path / "strategi.toml"
    path.write_text('kommune = "Fjordvik\n', "utf-8")
    with pytest.raises(ConfigError, match=r"linje 1"):
        load_config(path)


def test_missing_file_tells_how_to_make_a_workspace(tmp_path):
    with pytest.raises(ConfigError, match="iktplan init"):
        load_config(tmp_path / "strategi.toml")


# --- [innlevering] (issue 17) -----------------------------------------------------------


def test_innlevering_is_read_with_a_date_written_either_way():
    data = default_data()
    assert parse_config(data).delivery.deadline.isoformat() == "2027-02-01"
    data["innlevering"] = {"frist": tomllib.loads("d = 2027-03-15")["d"], "innboks": "K:\\IKT\\inn", "kontakt": " Kari "}
    delivery = parse_config(data).delivery
    assert (delivery.deadline.isoformat(), delivery.inbox, delivery.contact) == ("2027-03-15", "K:\\IKT\\inn", "Kari")


def test_without_innlevering_nothing_is_configured():
    data = default_data()
    del data["innlevering"]
    delivery = parse_config(data).delivery
    assert (delivery.deadline, delivery.contact, delivery.inbox, delivery.email) == (None, None, None, None)


@pytest.mark.parametrize("section, message", [
    ({"frist": "1. februar"}, "«innlevering.frist» = «1. februar» er ikke en dato på formen dd.mm.åååå."),
    ({"epost": "ikt-strategi"}, "«innlevering.epost» = «ikt-strategi» er ikke en e-postadresse"),
    ({"fristen": "01.02.2027"}, "«innlevering.fristen» er ikke en kjent innstilling. Kjente er: frist, kontakt, "
                                "innboks, epost."),
    ({"kontakt": 12345678}, "«innlevering.kontakt» skal være tekst i anførselstegn"),
])
def test_a_wrong_innlevering_value_names_the_key(section, message):
    data = default_data()
    data["innlevering"] = section
    with pytest.raises(ConfigError) as err:
        parse_config(data)
    assert message in str(err.value)
