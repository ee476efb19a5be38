"""The case document a secretariat can send as it is: the parts of a Norwegian
municipal case document (seed 004) — archive code, date, the earlier decision,
the consultation, the consequences —, a resolution in one voice that states the
yearly cost, an optional delegation point, consistent wording, the units named as
configured, and amounts rounded for readers in the text."""

from __future__ import annotations

import dataclasses
import re

import pytest
from docx import Document

from pipeline.config import EarlierDecision
from pipeline.core.model import Period
from pipeline.formatting import NBSP, amount, kroner
from support.documents import CASE, STRATEGY, document_text, render
from support.examples import demo_model
from support.libreoffice import needs_libreoffice
from support.models import form, municipality, measure, problem


@pytest.fixture(scope="module")
def demo(config, blank_form, tmp_path_factory):
    out = tmp_path_factory.mktemp("sak")
    model = demo_model(config, blank_form, out / "skjema")
    assessment, paths = render(model, out / "docs")
    return model, assessment, {p.name: p for p in paths}


def points(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name == "Vedtakspunkt"]


def test_the_head_has_archive_code_and_date_and_the_earlier_decision_is_named(demo):
    text = document_text(demo[2][CASE])
    assert "Arkivkode:\n070" in text and "Dato:\n01.02.2027" in text
    assert ("Formannskapet 24.04.2026, sak 41/26: Kommunedirektøren får i oppdrag å revidere IKT-strategien"
            in text)


def test_the_resolution_states_the_yearly_operating_cost_and_speaks_in_one_voice(demo):
    _, assessment, docs = demo
    yearly = sum(a.measure.operating_cost or 0 for a in assessment.measures if a.in_frame)  # «utredes»: not counted
    found = points(docs[CASE])
    assert any(f"øker driftskostnadene med {kroner(yearly)} per år" in p for p in found)
    assert all(re.search(r"\bKommunestyret (vedtar|ber|delegerer)\b", p) for p in found)
    assert not [p for p in found if re.search(r"\b\w+(es|as)\b\.$", p) or " vedtas" in p]
    assert found[-1].startswith("Kommunestyret delegerer til kommunedirektøren å rullere handlingsplanen")


def test_optional_parts_come_and_go_with_the_configuration(config, blank_form, tmp_path):
    case = dataclasses.replace(config.case, archive_code="", delegate_revision=False, earlier_decisions=(),
                               consultation="Saken er drøftet med de hovedtillitsvalgte 15.02.2027.")
    model = demo_model(dataclasses.replace(config, case=case), blank_form, tmp_path / "skjema")
    _, paths = render(model, tmp_path / "docs")
    path = {p.name: p for p in paths}[CASE]
    text = document_text(path)
    assert "Arkivkode:" not in text and "Saken bygger på disse vedtakene:" not in text
    assert not any("delegerer" in p for p in points(path))
    headings = [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert "Medvirkning og drøfting" in headings
    assert "Saken er drøftet med de hovedtillitsvalgte 15.02.2027." in text


def test_without_a_consultation_the_section_is_left_out(demo):
    headings = [p.text for p in Document(str(demo[2][CASE])).paragraphs if p.style.name.startswith("Heading")]
    assert "Medvirkning og drøfting" not in headings  # the example configuration has none, and no text in Word


@needs_libreoffice
def test_the_resolution_points_are_numbered_without_gaps_when_one_is_left_out(config, blank_form, tmp_path):
    from pipeline.documents.pdf import convert_to_pdf
    import subprocess

    case = dataclasses.replace(config.case, delegate_revision=False)
    model = demo_model(dataclasses.replace(config, case=case), blank_form, tmp_path / "skjema")
    _, paths = render(model, tmp_path / "docs")
    [pdf] = convert_to_pdf([p for p in paths if p.name == CASE], tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    numbers = [int(m) for m in re.findall(r"^\s*(\d)\.\s+Kommunestyret|^\s*(\d)\.\s+Tiltakene", text, re.M)
               for m in m if m]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 4


def test_the_method_is_named_once_and_the_grouping_is_not_attributed_to_ks(demo):
    case, strategy = document_text(demo[2][CASE]), document_text(demo[2][STRATEGY])
    assert case.count("KS' verktøykasse") == 1
    assert "som i KS' verktøykasse" not in strategy
    assert strategy.count("Arbeidet følger KS' verktøykasse") == 1


def test_quick_win_is_written_the_same_way_everywhere(demo):
    for path in demo[2].values():
        text = document_text(path)
        # capital only where a sentence, a cell or a heading starts; never «Quick win» in the middle of a sentence
        assert not re.search(r"[a-zæøå,] «?Quick win", text), path.name
        assert "«Quick win»" not in text and "«Kritiske prosesser»" not in text


def test_amounts_in_running_text_are_rounded_and_tables_exact(demo):
    _, assessment, docs = demo
    text = document_text(docs[CASE])
    invested = sum(y.investment_in_frame for y in assessment.years)
    summary = next(line for line in text.split("\n") if line.startswith("Fjordvik kommune har revidert"))
    assert f"samlet investering på {amount(invested)}" in summary
    assert kroner(invested) in text  # in the resolution and the table
    assert NBSP + "mill." + NBSP + "kr" in summary


def test_units_are_named_as_configured_not_as_typed(config, tmp_path):
    typed = form("servicetorget", "Sentraladministrasjonen",
                 problems=(problem(1, "Høy", "Kommunen har ingen samlet sikkerhetsplan."),),
                 measures=(measure(1, "Sikkerhetsplan", problem_nrs=(1,), period=Period(2027, "Vår")),))
    model = municipality(config, typed)
    assert [u.name for u in model.units] == ["Servicetorget"]
    _, paths = render(model, tmp_path)
    for path in paths:
        text = document_text(path)
        assert "servicetorget" not in text.replace("Servicetorget", ""), path.name


def test_the_main_challenges_name_every_unit_that_reports_them(config, tmp_path):
    model = municipality(
        config,
        form("Fjordvik sykehjem", "Helse og omsorg",
             problems=(problem(1, "Høy", "Turnusen lages i regneark, og endringer føres for hånd."),)),
        form("Hjemmetjenesten", "Helse og omsorg",
             problems=(problem(1, "Høy", "Turnusen lages i regneark, som på sykehjemmet."),)),
    )
    _, paths = render(model, tmp_path)
    text = document_text(next(p for p in paths if p.name == STRATEGY))
    assert ("Turnusen lages i regneark, og endringer føres for hånd. (Fjordvik sykehjem; lignende meldes fra "
            "Hjemmetjenesten)") in text


@pytest.mark.parametrize("code", ["nb", "nn", "da"])
def test_the_change_list_shows_a_measures_place_category_and_risk_in_the_language(code):
    """The snapshot keeps the core's bokmål words («utenfor», «Høy»); the list of changes shows
    them as the reader's language says them (a nynorsk case document said «innenfor → utenfor»)."""
    from pipeline.documents.measurecontext import format_field
    from pipeline.i18n import Lang

    lang = Lang.for_code(code)
    assert format_field("status", "utenfor", lang) == lang.pgettext("plan", "utenfor")
    assert format_field("status", "slått sammen med FSH-1", lang) == \
        lang.gettext("{status} med {measure}", status=lang.pgettext("plan", "slått sammen"), measure="FSH-1")
    assert format_field("risk", "Høy", lang) == lang.pgettext("risk", "Høy")
    assert format_field("category", "Quick win", lang) == lang.pgettext("category", "Quick win")
    assert format_field("title", "Nytt trådløst nett", lang) == "Nytt trådløst nett"  # the unit's own text
    if code != "nb":
        assert format_field("status", "innenfor", lang) != "innenfor"


@pytest.mark.parametrize("code, stored, shown", [
    ("nn", "Høst 2028", "Haust 2028"), ("da", "Høst 2028", "Efterår 2028"), ("da", "Vår 2027", "Forår 2027"),
    ("nb", "Høst 2028", "Høst 2028"), ("da", "Våren 2027", "Våren 2027"), ("da", "2027", "2027")])
def test_the_change_list_shows_a_stored_period_in_the_readers_language(code, stored, shown):
    """The snapshot keeps the period as the bokmål label; a label it cannot read is shown as stored."""
    from pipeline.documents.measurecontext import format_field
    from pipeline.i18n import Lang

    assert format_field("period", stored, Lang.for_code(code)) == shown
