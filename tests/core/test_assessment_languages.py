"""The assessment's prose – scoring reasons, remarks, frame reasons, the
explanation, coordination groups, the change list's field names – rendered in
each workspace language (issue 14): the core returns messages, the edge renders
them, and bokmål is what it always was."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.config import language_defaults
from pipeline.core.assessment import assess
from pipeline.core.frame import overrun_text
from pipeline.core.scoring import explanation_text
from pipeline.core.versions import MEASURE_FIELDS, TOTAL_FIELDS
from pipeline.i18n import Lang, from_stored, to_stored
from support.bokmal import nb
from support.examples import demo_decisions, demo_model
from support.languages import assert_no_foreign_words
from support.plainmodels import language_config, plain_model


def _in_language(model, code: str):
    """*model* with its configuration in language *code* (the rate and its source as that language's defaults)."""
    k = language_defaults(code)["kriterier"]
    criteria = replace(model.config.criteria, rate_source=k["rente_kilde"], discount_rate=k["diskonteringsrente"])
    return replace(model, config=replace(model.config, language=code, criteria=criteria))


def _prose(assessment, lang: Lang, own_text: set[str]) -> str:
    """Every sentence the assessment says, in *lang*, with the units' own text (titles,
    group names) taken out: that is written by the units, in their language."""
    lines = [explanation_text(assessment.explanation, lang)]
    for a in assessment.measures:
        lines += [f"{lang.render(p.name)}: {lang.render(p.reason)}" for p in a.parts]
        lines += [lang.render(f) for f in a.flags]
        lines += [lang.render(a.frame_reason), lang.render(a.placement)]
    for g in assessment.coordination_groups:
        lines += [lang.render(g.label), lang.render(g.reason)]
    lines += [lang.render(label) for label in (*MEASURE_FIELDS.values(), *TOTAL_FIELDS.values())]
    lines.append(overrun_text([(2027, 460_000), (2028, 1_250_000)], lang))
    text = "\n".join(line for line in lines if line)
    for own in sorted(own_text, key=len, reverse=True):
        text = text.replace(own, "X")
    return text


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_demo_assessment_in_nynorsk_and_danish_has_no_word_of_the_other_languages(config, blank_form,
                                                                                      tmp_path, code):
    model = _in_language(demo_model(config, blank_form, tmp_path), code)
    assessment = assess(model, demo_decisions())
    own = {m.title for m in model.measures} | {g.name for g in assessment.coordination_groups}
    text = _prose(assessment, Lang.for_code(code), own)
    assert len(text) > 5_000  # every measure has four reasons
    assert_no_foreign_words(text, code, where="vurderingen av demokommunen")
    assert language_defaults(code)["kriterier"]["rente_kilde"] in text


@pytest.mark.parametrize("code", ["nn", "da"])
def test_every_kind_of_remark_is_written_in_the_workspace_language(code):
    config = language_config(code)
    model = plain_model(config)
    assessment = assess(model)
    lang = config.lang
    text = _prose(assessment, lang, set())
    assert_no_foreign_words(text, code, where="merknadene")
    kinds = {nb(f).split(" ")[0] for a in assessment.measures for f in a.flags}
    assert len(kinds) >= 6, kinds  # missing answers, cost not computed, unknown reference, coordination …
    assert any(not a.in_frame for a in assessment.measures)
    assert any(a.placement is not None for a in assessment.measures)


def test_bokmal_is_what_the_core_always_wrote(config):
    a = assess(plain_model(config))
    wifi = next(m for m in a.measures if m.title == "Wi-Fi")
    assert nb(wifi.parts[1].reason) == "Bygger opp under delmål D1 og svarer på et problem med høy prioritet."
    assert nb(wifi.parts[2].reason) == "Risikoen er vurdert som høy."
    assert nb(wifi.parts[3].reason) == ("Starter vår 2027 og varer 6 måneder: ferdig etter om lag 9 av 48 måneder "
                                        "i strategiperioden.")
    assert overrun_text([(2027, 460_000), (2028, 1_250_000)]) == "i 2027 med 460\u00a0000\u00a0kr og i 2028 med 1\u00a0250\u00a0000\u00a0kr"


def test_the_explanation_cites_the_rate_and_source_of_the_language(config):
    da = explanation_text(assess(plain_model(language_config("da"))).explanation, Lang.for_code("da"))
    assert "3,5\u00a0%" in da and "Finansministeriets" in da and "R-109" not in da
    nn = explanation_text(assess(plain_model(language_config("nn"))).explanation, Lang.for_code("nn"))
    assert "rundskriv R-109/2021 frå Finansdepartementet tilrår" in nn


def test_a_remark_goes_into_the_store_and_back_unchanged(config):
    a = assess(plain_model(config))
    for flag in (f for m in a.measures for f in m.flags):
        assert from_stored(to_stored(flag)) == flag
