"""The marker-word check (tests/support/languages.py) finds the other languages' words,
and leaves alone the words that are right in the language checked (its traps)."""

from __future__ import annotations

import re
import tomllib

import pytest

from pipeline.i18n import DEFAULTS_DIR
from support.languages import assert_no_foreign_words, foreign_words


def words(text: str, language: str, english: bool = False) -> list[str]:
    return [leak.word for leak in foreign_words(text, language, english)]


def test_a_bokmal_leftover_in_nynorsk_is_found_with_its_context():
    leaks = foreign_words("Vi fann feil. Vi fant ikke enhetene i skjemaet.", "nn")
    assert [leak.word for leak in leaks] == ["ikke", "enhetene"]
    assert "Vi fant ikke enhetene" in leaks[0].context
    with pytest.raises(AssertionError, match="«ikke» i «…"):
        assert_no_foreign_words("Det er ikke mogleg.", "nn", "kvitteringen")


@pytest.mark.parametrize(("text", "language"), [
    ("Skemaet er ikke registreret, og tjenester er også danske ord.", "da"),  # «ikke», «tjenester», «også»
    ("Vi har også høg prioritet og eit framlegg.", "nn"),  # «også» is allowed nynorsk
    ("Fristen er høg, og framlegget ligger i Beslutning og Bilag.", "nb"),  # allowed bokmål
    ("Send til postmottak@kommune.no eller sjå www.kommune.no.", "nn"),  # addresses are not words
])
def test_words_that_are_right_in_the_language_are_left_alone(text, language):
    assert_no_foreign_words(text, language)


@pytest.mark.parametrize(("text", "language", "found"), [
    ("Skjemaet er ikkje godkjent.", "nb", ["ikkje"]),
    ("Tiltaket er avvist på grunn av feil.", "da", ["tiltaket", "avvist", "av", "feil"]),
    ("Vi fant fejl i skemaet.", "nb", ["fejl", "skemaet"]),
    ("Nåverdien etter R-109 er 4 %.", "da", ["etter", "nåverdien", "R-109"]),
    ("Investeringen er 1.250.000 kr i 2027.", "nb", ["1.250.000"]),
    ("Investeringen er 1 250 000 kr. i 2027.", "da", ["1 250 000"]),
    ("Modtaget 15.03.2027 kl. 14:05.", "da", ["kl. 14:05"]),
    ("Usage: iktplan run [OPTIONS]", "nb", ["usage", "options"]),
])
def test_the_other_languages_words_substrings_and_numbers_are_found(text, language, found):
    assert sorted(words(text, language, english=True)) == sorted(found)


def prose_of(path) -> str:
    """The comments and the text values of a strategi.toml – what a reader reads;
    the keys are identifiers, Norwegian in every language."""
    text = path.read_text("utf-8")
    # A commented-out setting («# skjema = "…"») starts with its key: leave the key out.
    comments = [re.sub(r"^\s*[\w.]+\s*=", " ", line.split("#", 1)[1]) for line in text.splitlines() if "#" in line]
    values = []

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            values.append(node)

    walk(tomllib.loads(text))
    prose = "\n".join(comments + values)
    # Key names quoted in the comments ([epost], imap_bruker, outbox/kvitteringer/) are identifiers too.
    return re.sub(r"\[[a-z_.]+\]|\b[a-z]+_[a-z_]+\b|outbox/\S+|IKTPLAN_\w+", " ", prose)


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_default_configuration_of_a_language_is_written_in_it(code):
    assert_no_foreign_words(prose_of(DEFAULTS_DIR / code / "strategi.toml"), code, f"{code}/strategi.toml")


def test_the_bokmal_default_configuration_is_bokmal():
    assert_no_foreign_words(prose_of(DEFAULTS_DIR / "strategi.toml"), "nb", "strategi.toml")
