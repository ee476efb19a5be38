"""The one normaliser (issue 10, item 5): names that look the same are the same,
whatever invisible characters copying out of Teams, SharePoint or Word left in them."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import identity
from pipeline.core.model import unit_key

INVISIBLE = ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200e", "\u200f", "\u202a", "\u202c", "\u2066", "\u2069",
             "\u200c", "\u200d", "\u034f", "\ufe0f", "\x07"]
ODD_SPACES = ["\u00a0", "\u202f", "\u2009", "\u2007", "\u3000", "\u2003"]


@pytest.mark.parametrize("spelling", [
    "Teknisk drift", "Teknisk\u200b drift", "Tek\u00adnisk drift", "\ufeffTeknisk drift", "  teknisk   DRIFT ",
    "Teknisk\u00a0drift", "Teknisk\u202fdrift", "Teknisk\ndrift", "Teknisk\u2028drift", "\u202aTeknisk drift\u202c",
    "Ｔｅｋｎｉｓｋ ｄｒｉｆｔ",  # full-width, as some East Asian input methods type
])
def test_every_spelling_of_teknisk_drift_is_the_same_unit(spelling):
    assert identity.key(spelling) == unit_key(spelling) == "teknisk drift"
    assert identity.same(spelling, "Teknisk drift")


def test_decomposed_letters_are_the_same_as_composed():
    decomposed = unicodedata.normalize("NFD", "Åsane skole, Øvre Ære")
    assert decomposed != "Åsane skole, Øvre Ære"
    assert identity.key(decomposed) == identity.key("åsane skole, øvre ære")
    assert identity.clean(decomposed) == "Åsane skole, Øvre Ære"


def test_different_names_stay_different():
    assert identity.key("Teknisk drift") != identity.key("Teknisk-drift")
    assert identity.key("Helse og omsorg") != identity.key("Helse omsorg")
    assert not identity.same("Teknisk drift", None) and identity.same(None, None)


def test_clean_removes_what_cannot_be_seen_and_keeps_what_can():
    assert identity.clean("\ufeff Teknisk\u200b drift\u00ad ") == "Teknisk drift"
    assert identity.clean("Linje 1\r\nLinje 2\x0bLinje 3\u2029Linje 4") == "Linje 1\nLinje 2\nLinje 3\nLinje 4"
    assert identity.clean("150\u00a0000\u202fkr") == "150 000 kr"
    assert identity.clean("Emoji 👩\u200d💻 og 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f") == (
        "Emoji 👩\u200d💻 og 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f")  # ZWJ and tags build emoji
    assert identity.clean("a\tb") == "a\tb"
    assert identity.one_line(" Teknisk \n\n drift ") == "Teknisk drift"


def test_the_spelled_out_format_characters_are_every_format_character_python_knows():
    # identity spells the list out (computing it costs half a second per start):
    # a newer Unicode in a newer Python must not slip a new invisible character past it.
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) == "Cf":
            assert identity.key(f"a{ch}b") == "ab", f"U+{code:04X}"
        if unicodedata.category(ch) == "Zs":
            assert identity.clean(f"a{ch}b") == "a b", f"U+{code:04X}"


_names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(_names, st.lists(st.tuples(st.integers(0, 20), st.sampled_from(INVISIBLE)), max_size=5))
def test_invisible_characters_never_change_an_identity(name, insertions):
    spelled = name
    for at, ch in insertions:
        spelled = spelled[:at] + ch + spelled[at:]
    assert identity.key(spelled) == identity.key(name)


@given(st.lists(st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8),
                min_size=1, max_size=4), st.sampled_from(ODD_SPACES + [" ", "  ", "\n", "\t"]))
def test_any_space_between_words_is_one_space(words, space):
    assert identity.key(space.join(words)) == identity.key(" ".join(words))


@given(_names)
def test_key_is_stable_and_clean_keeps_the_identity(name):
    assert identity.key(identity.key(name)) == identity.key(name)
    assert identity.key(identity.clean(name)) == identity.key(name)
    assert identity.key(identity.one_line(name)) == identity.key(name)
    assert identity.clean(identity.clean(name)) == identity.clean(name)
