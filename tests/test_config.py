import re
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


# -- the file as the secretariat edits it: syntax errors, unknown keys, warnings -------------------

DEFAULT_TEXT = (DEFAULTS / "strategi.toml").read_text("utf-8")


def write_config(tmp_path, old: str, new: str) -> Path:
    """The default strategi.toml with the first *old* replaced by *new*, written to *tmp_path*."""
    assert old in DEFAULT_TEXT, old
    path = tmp_path / "strategi.toml"
    path.write_text(DEFAULT_TEXT.replace(old, new, 1), "utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The last line of *path* that is *text* (or starts with it): a repeated key
    is the error, not the first."""
    lines = [line.strip() for line in path.read_text("utf-8").splitlines()]
    exact = [i for i, line in enumerate(lines, 1) if line == text]
    return (exact or [i for i, line in enumerate(lines, 1) if line.startswith(text)])[-1]


def config_error(path: Path) -> str:
    with pytest.raises(ConfigError) as err:
        load_config(path)
    return str(err.value)


@pytest.mark.parametrize(
    "old, new, shown, hint",
    [
        ("2027 = 2500000", "2027 = 1 200 000", "2027 = 1 200 000",
         "et tall kan ikke ha mellomrom i TOML. Skriv 1200000 eller 1_200_000."),
        ("2028 = 2500000", "2028 = 2\u00a0500\u00a0000", "2028 = 2\u00a0500\u00a0000", "Skriv 2500000 eller 2_500_000."),
        ("2029 = 2000000", "2029 = 2.000.000", "2029 = 2.000.000", "punktum som tusenskille"),
        ("2030 = 2000000", "2030 = 2000000 kr", "2030 = 2000000 kr", "uten «kr»: 2000000"),
        ("2027 = 2500000", "2027 = 2,5 mill", "2027 = 2,5 mill", "i hele kroner: 2500000"),
        ("diskonteringsrente = 0.04", "diskonteringsrente = 0,04", "diskonteringsrente = 0,04",
         "TOML bruker punktum som desimaltegn. Skriv 0.04."),
        ("diskonteringsrente = 0.04", "diskonteringsrente = 4 %", "diskonteringsrente = 4 %", "uten %: 0.04"),
        ('kommune = "Fjordvik kommune"', "kommune = Fjordvik kommune", "kommune = Fjordvik kommune",
         'tekst skal stå i anførselstegn: "Fjordvik kommune"'),
        ('kommune = "Fjordvik kommune"', "kommune = “Fjordvik kommune”", "kommune = “Fjordvik kommune”",
         "bruk vanlige anførselstegn"),
        ('kommune = "Fjordvik kommune"', 'kommune = "Fjordvik kommune', 'kommune = "Fjordvik kommune',
         "mangler anførselstegn"),
        ('saksbehandler = "Kari Nordmann"', "saksbehandler = 'Kari's'", "saksbehandler = 'Kari's'",
         'Bruk vanlige anførselstegn: "Kari\'s"'),
        ('saksbehandler = "Kari Nordmann"', "saksbehandler =", "saksbehandler =", "verdien mangler etter ="),
        ('motedato = "03.03.2027"', "motedato = 03.03.2027", "motedato = 03.03.2027",
         'en dato skal stå i anførselstegn: "03.03.2027"'),
        ("okonomi = 40", "okonomi = 40\nbrukes = True", "brukes = True", "skriv true eller false"),
        ('kommune = "Fjordvik kommune"', 'kommune = "Fjordvik kommune"\nspråk = "nb"', 'språk = "nb"',
         'ikke æ, ø og å. Skriv sprak, eller sett nøkkelen i anførselstegn: "språk" = …'),
        ("[tekster]", "[tjenesteområder]", "[tjenesteområder]", "Skriv [tjenesteomrader]."),
        ("okonomi = 40", "okonomi = 40\nrisiko faktor = 3", "risiko faktor = 3", "Skriv risiko_faktor"),
        ("[periode]", "[periode", "[periode", "overskriften mangler ] på slutten. Skriv [periode]."),
        ("[[enheter]]", "[[enheter]", "[[enheter]", "overskriften mangler ]] på slutten. Skriv [[enheter]]."),
        ('saksbehandler = "Kari Nordmann"', 'saksbehandler = "Kari Nordmann"\nsaksbehandler = "Ola Hansen"',
         'saksbehandler = "Ola Hansen"', "«saksbehandler» står to ganger i samme tabell (også på linje"),
        ("[tekster]", "[periode]\n\n[tekster]", "[periode]", "tabellen [periode] står to ganger (også på linje 29)"),
        ('kommune = "Fjordvik kommune"', 'kommune = "Fjordvik kommune"\nlogo = "C:\\bilder\\logo.png"',
         'logo = "C:\\bilder\\logo.png"', "enkle anførselstegn: 'C:\\bilder\\logo.png'"),
        ('"Helse og omsorg",', '"Helse og omsorg"', '"Teknisk og eiendom",', "mangler et komma"),
    ],
)
def test_syntax_error_names_the_line_shows_its_text_and_gives_a_hint(tmp_path, old, new, shown, hint):
    path = write_config(tmp_path, old, new)
    message = config_error(path)
    assert message.startswith(f"strategi.toml har en skrivefeil på linje {line_of(path, shown)}: `{shown}` — ")
    assert hint in message
    assert "Expected" not in message and "kolonne" not in message  # no English, no columns to count


def test_an_indented_key_is_fine(tmp_path):
    path = write_config(tmp_path, "fra = 2027\ntil = 2030", "\tfra = 2027\n    til = 2030")
    assert load_config(path).years == (2027, 2028, 2029, 2030)


def test_a_misspelled_key_is_an_error_with_its_line_and_the_closest_known_key(tmp_path):
    path = write_config(tmp_path, "saksbehandler = ", "saksbehandlar = ")
    assert config_error(path) == (
        f"Ukjent nøkkel «saksbehandlar» i [sak] (linje {line_of(path, 'saksbehandlar =')}). Mente du «saksbehandler»?"
    )


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ('kommune = "Fjordvik kommune"', 'kommun = "Fjordvik kommune"',
         "Ukjent nøkkel «kommun» øverst i fila (linje {line}). Mente du «kommune»?"),
        ('kode = "SBH"', 'kde = "SBH"', "Ukjent nøkkel «kde» i [[enheter]] nr. 2 (linje {line}). Mente du «kode»?"),
        ("tid = 15", "tidd = 15", "Ukjent nøkkel «tidd» i [kriterier.vekter] (linje {line}). Mente du «tid»?"),
        ('saksnr = ""\n\n[[sak', 'saksnummer = ""\n\n[[sak',
         "Ukjent nøkkel «saksnummer» i [[sak.saksgang]] nr. 1 (linje {line}). Mente du «saksnr»?"),
        ("[sak]", "[sakk]", "Ukjent tabell [sakk] (linje {line}). Mente du [sak]?"),
        ("[kriterier.quick_win]", "[kriterier.quickwin]",
         "Ukjent tabell [kriterier.quickwin] (linje {line}). Mente du [kriterier.quick_win]?"),
        ("[[enheter]]", "[[enhet]]", "Ukjent tabell [[enhet]] (linje {line}). Mente du [[enheter]]?"),
        ("# [epost]\n# imap_server = ", "[epost]\nimap_servr = ",
         "Ukjent nøkkel «imap_servr» i [epost] (linje {line}). Mente du «imap_server»?"),
    ],
)
def test_unknown_keys_are_found_in_every_table(tmp_path, old, new, expected):
    path = write_config(tmp_path, old, new)
    key = re.search(r"«(\w+)»|(\[+[\w.]+\]+)", expected)
    assert config_error(path) == expected.format(line=line_of(path, f"{key.group(1)} =" if key.group(1) else key.group(2)))


def test_a_key_under_the_wrong_heading_says_where_it_belongs(tmp_path):
    path = write_config(tmp_path, 'standarder = "', 'saksbehandler = "Per Olsen"\nstandarder = "')
    message, line = config_error(path), line_of(path, 'saksbehandler = "Per Olsen"')
    assert message.startswith(f"Ukjent nøkkel «saksbehandler» i [tekster] (linje {line}).")
    assert "«saksbehandler» hører hjemme i [sak]" in message


def test_every_unknown_key_is_reported_at_once(tmp_path):
    path = tmp_path / "strategi.toml"
    path.write_text(DEFAULT_TEXT.replace("saksbehandler =", "saksbehandlar =").replace("horisont_ar =", "horisont ="),
                    "utf-8")
    message = config_error(path)
    assert message.startswith("strategi.toml har 2 ukjente nøkler:\n  - Ukjent nøkkel «horisont» i [kriterier]")
    assert "\n  - Ukjent nøkkel «saksbehandlar» i [sak]" in message


def test_mail_keys_are_the_ones_the_mail_settings_read():
    from pipeline.configcheck import MAIL_KEYS
    from pipeline.mail import settings

    assert set(MAIL_KEYS) == set(settings._KEYS)


def test_weights_that_do_not_sum_to_100_are_a_warning_with_the_scaled_weights(tmp_path):
    path = write_config(tmp_path, "okonomi = 40", "okonomi = 60")
    config = load_config(path)
    assert config.warnings == (
        "Vektene i [kriterier.vekter] er til sammen 120, ikke 100. De regnes om så summen blir 100 "
        "(økonomi 50, strategi 21, risiko 17, tid 12 poeng). Rett vektene i strategi.toml så de blir 100 til sammen.",
    )
    assert load_config(DEFAULTS / "strategi.toml").warnings == ()


def test_a_frame_year_outside_the_period_is_an_error_that_names_the_year_and_the_period(tmp_path):
    path = write_config(tmp_path, "2030 = 2000000", "2031 = 2000000")
    assert config_error(path) == (
        f"«budsjett.investeringsramme»: året 2031 (linje {line_of(path, '2031 =')}) er utenfor strategiperioden "
        "2027–2030. Rammen kan bare gjelde årene i perioden: rett årstallet, eller endre [periode]."
    )


def test_a_period_year_without_a_frame_is_a_warning(tmp_path):
    path = write_config(tmp_path, "2029 = 2000000\n2030 = 2000000\n", "")
    assert load_config(path).warnings == (
        "[budsjett.investeringsramme] har ingen ramme for 2029 og 2030, så tiltak med investering de årene havner "
        "utenfor rammen. Skriv 2029 = 0 hvis det er meningen.",
    )


def test_run_shows_the_configuration_warnings(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.workspace import init_workspace

    ws = init_workspace(tmp_path / "ws")
    ws.config_path.write_text(DEFAULT_TEXT.replace("okonomi = 40", "okonomi = 60"), "utf-8")
    result = CliRunner().invoke(cli, ["-w", str(ws.root), "run"], prog_name="iktplan")
    assert result.exit_code == 0, result.output
    assert "Advarsel: Vektene i [kriterier.vekter] er til sammen 120, ikke 100." in result.output


def test_every_key_is_documented_in_the_configuration_reference():
    from pipeline.configcheck import key_paths

    reference = (ROOT / "docs" / "konfigurasjon.md").read_text("utf-8")
    missing = [path for path in key_paths() if f"`{path}`" not in reference]
    assert not missing, f"docs/konfigurasjon.md does not describe {missing}"


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
    ({"fristen": "01.02.2027"}, "Ukjent nøkkel «fristen» i [innlevering]. Mente du «frist»?"),
    ({"kontakt": 12345678}, "«innlevering.kontakt» skal være tekst i anførselstegn"),
])
def test_a_wrong_innlevering_value_names_the_key(section, message):
    data = default_data()
    data["innlevering"] = section
    with pytest.raises(ConfigError) as err:
        parse_config(data)
    assert message in str(err.value)


def test_the_secretariat_may_name_its_own_texts_under_tekster(tmp_path):
    path = write_config(tmp_path, 'standarder = "', 'hilsen = "Takk til alle."\nbakgrunn = "Tekst."\nstandarder = "')
    assert load_config(path).texts["hilsen"] == "Takk til alle."


def test_the_case_keys_for_a_municipal_case_document_are_read(tmp_path):
    path = write_config(tmp_path, 'arkivkode = "070"',
                        'arkivkode = "K1-070"\ndrofting = "Drøftet 15.02.2027."\nokonomiplan_periode = "2027–2030"')
    case = load_config(path).case
    assert (case.archive_code, case.consultation, case.economic_plan) == ("K1-070", "Drøftet 15.02.2027.", "2027–2030")
    assert case.delegate_revision is True  # as the example file says
    [decision] = case.earlier_decisions
    assert (decision.committee, decision.case_number) == ("Formannskapet", "41/26")


def test_delegating_the_revision_must_be_true_or_false(tmp_path):
    path = write_config(tmp_path, "deleger_rullering = true", 'deleger_rullering = "ja"')
    assert "«sak.deleger_rullering» skal være true eller false" in config_error(path)


def test_moving_to_a_later_year_is_a_yes_or_no_setting_on_by_default(tmp_path):
    assert load_config(DEFAULTS / "strategi.toml").criteria.move_to_later_year is True
    off = write_config(tmp_path, "flytt_til_senere_aar = true", "flytt_til_senere_aar = false")
    assert load_config(off).criteria.move_to_later_year is False
    wrong = write_config(tmp_path, "flytt_til_senere_aar = true", 'flytt_til_senere_aar = "ja"')
    assert "«kriterier.flytt_til_senere_aar» skal være true eller false" in config_error(wrong)
