"""The comparison of the IKT-barometer (``sammenligning`` in the strategy) in a nynorsk
and a Danish workspace (issue 14): the explanation, the answers («ingen svar», «for få
svar», «2 kommuner, 80 svar») and the numbers are in the workspace's language."""

from __future__ import annotations

import pytest

from pipeline.core.comparison import MIN_ANSWERS, AreaScore, comparison_of
from pipeline.documents.comparisoncontext import comparison_context
from pipeline.i18n import Lang
from support.languages import assert_no_foreign_words


def _comparison():
    """Three areas: all three municipalities in the first, the own units silent in the
    second, the others under the minimum of answers in the third (so left out)."""
    scores = [
        AreaScore("Fjordvik kommune", True, True, "Digital kompetanse", 42, 3.04),
        AreaScore("Havvik kommune", False, True, "Digital kompetanse", 40, 3.51),
        AreaScore("Kommune A", False, False, "Digital kompetanse", 1250, 2.26),
        AreaScore("Havvik kommune", False, True, "Infrastruktur", 30, 4.0),
        AreaScore("Fjordvik kommune", True, True, "Samhandling", 12, 2.5),
    ]
    return comparison_of(True, scores)


def _text(context) -> str:
    rows = [" | ".join(str(v) for v in row.values()) for row in context["omrader"]]
    return "\n".join([context["tekst"], context["kommuner"], *rows])


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_comparison_reads_in_the_workspaces_language(code):
    lang = Lang.for_code(code)
    context = comparison_context(_comparison(), lang)
    text = _text(context)
    assert_no_foreign_words(text, code, where="sammenlikninga")
    by_area = {row["omrade"]: row for row in context["omrader"]}
    assert by_area["Samhandling"]["andre_svar"] == "for få svar"
    assert by_area["Infrastruktur"]["egen_svar"] == "ingen svar"
    assert by_area["Digital kompetanse"]["andre_svar"] == lang.ngettext("{n} kommune, {answers}",
                                                                        "{n} kommuner, {answers}", 2,
                                                                        answers=f"{lang.number(1290)} svar")
    assert lang.number(1290) in by_area["Digital kompetanse"]["andre_svar"]
    assert ("kommunar" if code == "nn" else "kommuner") in by_area["Digital kompetanse"]["andre_svar"]
    assert str(MIN_ANSWERS) in context["tekst"]
    assert context["tekst"] != comparison_context(_comparison())["tekst"]


@pytest.mark.parametrize("code", ["nn", "da"])
def test_consent_without_anyone_to_compare_with_is_one_sentence_in_the_language(code):
    context = comparison_context(comparison_of(True, []), Lang.for_code(code))
    assert context["vises"] is False and context["tekst"]
    assert_no_foreign_words(context["tekst"], code, where="sammenlikninga")
