"""A measure's rank and remarks and the number of measures are filled in late
only where the template prints them as they are; anything else the secretariat
writes around them gets the values themselves, so the document is the same."""

from __future__ import annotations

import jinja2
import pytest

from pipeline.documents.cleaning import clean
from pipeline.documents.latevalues import START, late_values

REMARK = "Inngår i samordningsgruppe S-1, «Visma & co», med 367 tiltak fra 50 enheter; se arket «Samordning»."


def _context(**extra):
    measures = [{"id": f"FBS-{i}", "rangering": str(i), "tittel": f"Tiltak {i}",
                 "advarsler": [REMARK, "To\nlinjer", 'Med "sitat"'] if i == 2 else []} for i in (1, 2, 10)]
    return clean({"tiltak": measures, "delmal": [{"tiltak": measures[:1]}],
                  "antall": {"tiltak": "2\u00a0000", "problemer": "7"}, **extra})


def _env():
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def _render(source, context):
    return _env().from_string(source).render(context)


PLAIN = ("{% for t in tiltak %}<w:p>Prioritet {{ t.rangering }} av {{ antall.tiltak }} · {{ antall.problemer }}"
         "</w:p>{% if t.advarsler %}Merknader{% for a in t.advarsler %}<w:p>{{ a }}</w:p>{% endfor %}{% endif %}"
         "{% endfor %}{% for g in delmal %}{% for x in g.tiltak %}{{ x.rangering }}{% endfor %}{% endfor %}")


def test_printed_values_are_marks_that_fill_in_to_the_full_render():
    context = _context()
    late = late_values(_env(), PLAIN, context)
    assert late is not None
    marked = _render(PLAIN, late.context)
    assert "Prioritet 1 " not in marked and "2\u00a0000" not in marked and "367" not in marked
    assert "To\nlinjer" in marked  # a remark with a line break is not marked: docxtpl makes a break of it
    assert late.fill_text(marked) == _render(PLAIN, context)
    assert context["tiltak"][0]["rangering"] == "1"  # the caller's context is left as it was


def test_filled_bytes_are_what_the_xml_writer_makes_of_the_text():
    from lxml import etree

    context = _context()
    late = late_values(_env(), PLAIN, context)
    marked = f"<w:body xmlns:w='urn:w'>{_render(PLAIN, late.context)}</w:body>"
    full = f"<w:body xmlns:w='urn:w'>{_render(PLAIN, context)}</w:body>"
    assert late.fill_bytes(etree.tostring(etree.fromstring(marked), encoding="UTF-8")) == \
        etree.tostring(etree.fromstring(full), encoding="UTF-8")


@pytest.mark.parametrize("source", [
    "{% for t in tiltak %}{{ t.rangering|int + 1 }}{% endfor %}",
    "{% for t in tiltak %}{% if t.rangering == '1' %}Først{% endif %}{% endfor %}",
    "{% for t in tiltak|sort(attribute='rangering') %}{{ t.rangering }}{% endfor %}",
    "{% for t in tiltak %}{{ t['rangering'] }}{% endfor %}",
    "{% set n = antall.tiltak %}{{ n|length }}",
    "{{ antall['tiltak']|length }}",
    "{% for k, v in antall.items() %}{{ v|length }}{% endfor %}",
    "{% filter upper %}{% for t in tiltak %}{{ t.rangering }}{% endfor %}{% endfilter %}",
    "{% set x %}{{ antall.tiltak }}{% endset %}{{ x|length }}",
    "{% for t in tiltak %}{{ t|tojson }}{% endfor %}",
    "{{ (antall.tiltak ~ ' tiltak')|length }}",
    "{% for t in tiltak %}{% for a in t.advarsler %}{{ a|length }}{% endfor %}{% endfor %}",
    "{% for t in tiltak %}{% for a in t.advarsler if 'S-1' in a %}{{ a }}{% endfor %}{% endfor %}",
    "{% for t in tiltak %}{{ t.advarsler|join(', ')|length }}{% endfor %}",
    "{% for t in tiltak %}{{ t.advarsler[0] is defined and t.advarsler[0][:5] }}{% endfor %}",
])
def test_a_template_that_does_more_than_print_them_makes_the_same_text(source):
    context = _context()
    late = late_values(_env(), source, context)
    if late is not None:
        assert late.fill_text(_render(source, late.context)) == _render(source, context)


def test_a_text_holding_a_marks_character_turns_the_marks_off():
    context = _context()
    context["tiltak"][2]["tittel"] = f"Tiltak {START}12\ue0d3"
    assert late_values(_env(), PLAIN, context) is None
    assert late_values(_env(), PLAIN + START, _context()) is None


def test_a_value_that_is_not_plain_text_is_printed_as_it_is():
    context = _context()
    context["tiltak"][1]["rangering"] = "2\t"
    late = late_values(_env(), PLAIN, context)
    assert "2\t" in _render(PLAIN, late.context)
    assert late.fill_text(_render(PLAIN, late.context)) == _render(PLAIN, context)


def test_the_shipped_measure_descriptions_fill_them_in_late(config, blank_form, tmp_path):
    from docxtpl import DocxTemplate

    from pipeline.core.assessment import assess
    from pipeline.core.versions import VersionInfo
    from pipeline.documents.context import build_context
    from support.documents import CREATED, MEASURES, TEMPLATES
    from support.examples import demo_model

    model = demo_model(config, blank_form, tmp_path)
    tpl = DocxTemplate(str(TEMPLATES / MEASURES))
    tpl.init_docx()
    source = tpl.patch_xml(tpl.get_xml())
    late = late_values(_env(), source, clean(build_context(model, assess(model), VersionInfo(1, CREATED))))
    assert late is not None
    rendered = _render(source, late.context)
    assert rendered.count(START) > 2 * len(model.measures)  # a rank and a count on every page, and remarks
