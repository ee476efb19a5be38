"""Is a text in one language only? The marker-word check of issue 14, for any test
that reads an output (a receipt, a document, the overview, the form, CLI output).

    from support.languages import assert_no_foreign_words
    assert_no_foreign_words(receipt, "nn", where="kvitteringen")

The word lists and their traps are data: ``tests/support/markers.toml``. A text
is checked against the other languages' lists: nynorsk against bokmål-only and
Danish-only words, bokmål against nynorsk-only and Danish-only, Danish against
nynorsk-only and Norwegian-only words (plus «R-109», «KS'» … as text). Numbers
written the other languages' way (``1.250.000 kr`` in Norwegian, ``1 250 000``
in Danish) are found by pattern. ``english=True`` adds click's English words,
for CLI output.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MARKERS = Path(__file__).with_name("markers.toml")

#: Which lists a text in each language is checked against.
_AGAINST = {
    "nb": ("nn_only", "da_only"),
    "nn": ("nb_only", "da_only"),
    "da": ("nn_only", "no_only"),
}

# Removed before tokenising: «kommune.no» would give the token «no», «thisted.dk» «dk».
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[\w.-]+\.(?:no|dk|com|org|net)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Leak:
    word: str  # the marker word, a pattern or a substring
    context: str  # 60 characters around it

    def __str__(self) -> str:
        return f"«{self.word}» i «…{self.context}…»"


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(MARKERS.read_text("utf-8"))


def marker_words(list_name: str) -> frozenset[str]:
    """The words of one list in markers.toml (``nb_only``, ``nn_only``, ``no_only``, ``da_only``, ``english``)."""
    return frozenset(_data()["lists"][list_name].split())


def forbidden_words(language: str, english: bool = False) -> frozenset[str]:
    """Every word that must not appear in a text in *language*."""
    words = set().union(*(marker_words(name) for name in _AGAINST[language]))
    return frozenset(words | (marker_words("english") if english else set()))


def foreign_words(text: str, language: str, english: bool = False) -> list[Leak]:
    """Every marker word, substring and number pattern of the other languages in *text*."""
    cleaned = _NOT_WORDS.sub(" ", text)
    folded = cleaned.casefold()
    forbidden = forbidden_words(language, english)
    found = [Leak(m.group(), _around(cleaned, m.start(), m.end()))
             for m in _WORD.finditer(folded) if m.group() in forbidden]
    for substring in _data()["substrings"].get(language, []):
        start = cleaned.find(substring)
        if start >= 0:
            found.append(Leak(substring, _around(cleaned, start, start + len(substring))))
    for pattern in _data()["patterns"].get(language, []):
        for m in re.finditer(pattern, cleaned):
            found.append(Leak(m.group(), _around(cleaned, m.start(), m.end())))
    return found


def assert_no_foreign_words(text: str, language: str, where: str = "teksten", english: bool = False) -> None:
    """Fail, naming every leaked word with 60 characters around it, if *text*
    has a word of the other languages' marker lists (see the module docstring)."""
    leaks = foreign_words(text, language, english)
    assert not leaks, f"{where} ({language}) har ord fra andre språk:\n" + "\n".join(f"  {leak}" for leak in leaks)


def _around(text: str, start: int, end: int) -> str:
    half = max(0, (60 - (end - start)) // 2)
    return text[max(0, start - half):end + half].replace("\n", " ")
