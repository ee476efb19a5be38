"""A measure's rank and the number of measures are filled in late only where the
template prints them as they are; anything else the secretariat writes around
them gets the values themselves."""

from __future__ import annotations

import jinja2
import pytest

from pipeline.documents.cleaning import clean
from pipeline.documents.latevalues import late_values


def _context(**extra):
    measures = [{"id": f"FBS-{i}", "rangering": str(i), "tittel": f"Tiltak {i}"} for i in (1, 2, 10)]
    return clean({"tiltak": measures, "delmal": [{"tiltak": measures[:1]}],
                  "antall": {"tiltak": "2\u00a0000", "problemer": "7"}, **extra})


def _env():
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


PLAIN = ("{% for t in tiltak %}<w:p>Prioritet {{ t.rangering }} av {{ antall.tiltak }} · {{ antall.problemer }}"
         "</w:p>{% endfor %}{% for g in delmal %}{% for x in g.tiltak %}{{ x.rangering }}{% endfor %}{% endfor %}")


def test_printed_ranks_and_count_are_marks_that_fill_in_to_the_full_render():
    env, context = _env(), _context()
    late = late_values(env, PLAIN, context)
    assert late is not None
    marked = env.from_string(PLAIN).render(late.context)
    assert "Prioritet 1 " not in marked and "2\u00a0000" not in marked  # the marks stand there
    assert late.fill_text(marked) == env.from_string(PLAIN).render(context)
    assert late.fill_bytes(marked.encode()) == env.from_string(PLAIN).render(context).encode()
    assert context["tiltak"][0]["rangering"] == "1"  # the caller's context is left as it was


@pytest.mark.parametrize("source", [
    "{% for t in tiltak %}{{ t.rangering|int + 1 }}{% endfor %}",
    "{% for t in tiltak %}{% if t.rangering == '1' %}Først{% endif %}{% endfor %}",
    "{% for t in tiltak|sort(attribute='rangering') %}{{ t.rangering }}{% endfor %}",
    "{% for t in tiltak %}{{ t['rangering'] }}{% endfor %}",
    "{% set n = antall.tiltak %}{{ n }}",
    "{{ antall['tiltak'] }}",
    "{% for k, v in antall.items() %}{{ v }}{% endfor %}",
    "{% filter upper %}{% for t in tiltak %}{{ t.rangering }}{% endfor %}{% endfilter %}",
    "{% set x %}{{ antall.tiltak }}{% endset %}{{ x|length }}",
    "{% for t in tiltak %}{{ t|tojson }}{% endfor %}",
    "{{ antall.tiltak ~ ' tiltak' }}",
])
def test_a_template_that_does_more_than_print_them_gets_the_values(source):
    assert late_values(_env(), source, _context()) is None


def test_a_text_holding_a_marks_character_turns_the_marks_off():
    assert late_values(_env(), PLAIN, _context(kommune="Fjordvik \ue0d212\ue0d3")) is None
    assert late_values(_env(), PLAIN + "\ue0d2", _context()) is None


def test_a_value_that_is_not_plain_text_is_not_filled_in_late():
    context = _context()
    context["tiltak"][1]["rangering"] = "2 <b>"
    assert late_values(_env(), PLAIN, context) is None


def test_the_shipped_measure_descriptions_fill_them_in_late(config, blank_form, tmp_path):
    from docxtpl import DocxTemplate

    from pipeline.core.assessment import assess
    from pipeline.core.versions import VersionInfo
    from pipeline.documents.context import build_context
    from support.documents import CREATED, MEASURES, TEMPLATES
    from support.examples import demo_model

    model = demo_model(config, blank_form, tmp_path)
    assessment = assess(model)
    tpl = DocxTemplate(str(TEMPLATES / MEASURES))
    tpl.init_docx()
    source = tpl.patch_xml(tpl.get_xml())
    assert late_values(_env(), source, clean(build_context(model, assessment, VersionInfo(1, CREATED)))) is not None
