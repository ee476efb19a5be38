"""Universal design of the rendered Word documents (WCAG 2.1 AA), read back with
python-docx from the demo municipality's documents: the language, the title,
alt text that states the charts' data, headings in order, header rows only
where there are headers, link texts, and the contrast of every colour used in
the documents and the charts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.documents import charts
from pipeline.documents.accessibility import (
    LARGE_CONTRAST,
    TEXT_CONTRAST,
    WP_DOCPR,
    colour_pairs,
    contrast,
    document_language,
    has_header_column,
    heading_level,
    is_header_row,
    language_tag,
)
from pipeline.documents.rendering import render_template
from pipeline.formatting import kroner, number
from support.documents import CASE, MEASURES, STRATEGY, TEMPLATES, render
from support.examples import HOSTILE, hostile_model


@pytest.fixture(scope="module")
def demo(demo_documents):
    return demo_documents


def _parts(doc):
    """The body, the headers and the footers of *doc*."""
    yield doc.element.body
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                yield part._element


# --- language and title (WCAG 3.1.1, 2.4.2) ---------------------------------------------------


def test_every_document_is_in_the_workspace_language(demo):
    for path in demo[2].values():
        doc = Document(str(path))
        assert document_language(doc) == "nb-NO"
        assert doc.core_properties.language == "nb-NO"
        # no style or run says another language: every part of the text is bokmål
        assert {el.get(qn("w:val")) for el in doc.element.body.iter(qn("w:lang"))} <= {"nb-NO"}
        assert {el.get(qn("w:val")) for el in doc.styles.element.iter(qn("w:lang"))} == {"nb-NO"}


def test_the_language_tag_follows_the_language_setting():
    assert language_tag(SimpleNamespace()) == "nb-NO"
    assert language_tag(SimpleNamespace(sprak="nn")) == "nn-NO"
    assert language_tag(SimpleNamespace(sprak="da")) == "da-DK"


def test_a_document_is_rendered_in_the_language_it_is_given():
    data = render_template(TEMPLATES / CASE, _minimal_context(), {}, "nn-NO")
    import io

    doc = Document(io.BytesIO(data))
    assert document_language(doc) == "nn-NO" and doc.core_properties.language == "nn-NO"


def _minimal_context():
    from pipeline.core.assessment import assess
    from pipeline.core.model import combine
    from pipeline.core.versions import VersionInfo
    from pipeline.config import load_config
    from pipeline.documents.cleaning import clean
    from pipeline.documents.context import build_context
    from support.documents import CREATED
    from support.paths import DEFAULTS

    model = combine(load_config(DEFAULTS / "strategi.toml"), [])
    return clean(build_context(model, assess(model), VersionInfo(1, CREATED)))


def test_every_document_has_a_title_with_the_municipality_and_the_period(demo, config):
    period = f"{config.period_from}–{config.period_to}"
    titles = {name: Document(str(path)).core_properties.title for name, path in demo[2].items()}
    assert titles == {
        STRATEGY: f"IKT-strategi for {config.municipality} {period}",
        MEASURES: f"Tiltaksbeskrivelser – IKT-strategi for {config.municipality} {period}",
        CASE: f"Saksframlegg – IKT-strategi for {config.municipality} {period}",
    }


def test_title_and_alt_text_keep_every_character_the_units_typed(config, tmp_path):
    model = hostile_model(config)
    _, paths = render(model, tmp_path)
    doc = Document(str(paths[0]))
    assert doc.core_properties.title.startswith(f"IKT-strategi for {model.config.municipality} ")  # not &amp;
    timeline = _alt_texts(paths[0])[1]
    for text in (HOSTILE["markup"], HOSTILE["tags"]):
        assert text in timeline  # quotes, <, & and braces as typed: the alt text is an attribute, escaped once


# --- charts (WCAG 1.1.1, 1.4.1, 1.4.11) ----------------------------------------------------------


def _alt_texts(path) -> list[str]:
    return [docpr.get("descr") or "" for docpr in Document(str(path)).element.body.iter(WP_DOCPR)]


def test_every_picture_has_alt_text_that_states_the_data(demo):
    model, assessment, docs = demo
    for name, path in docs.items():
        alts = _alt_texts(path)
        assert all(alt.strip() for alt in alts), name
        for docpr in Document(str(path)).element.body.iter(WP_DOCPR):
            assert not docpr.get("title"), "LibreOffice would put the title in front of the description"
    barometer, timeline, economy = _alt_texts(docs[STRATEGY])
    assert not any(alt.startswith("Figur") for alt in (barometer, timeline, economy))

    for area in assessment.barometer_areas:
        assert f"{area.area}: kommunen {number(area.average, 1)}" in barometer
        for group in area.service_areas:
            if group.average is not None:
                assert f"{group.name} {number(group.average, 1)}" in barometer
    for y in assessment.years:
        assert (f"{y.year}: investering {kroner(y.investment_in_frame)}, drift "
                f"{kroner(y.operating_cost_in_frame)}, gevinst i kroner {kroner(y.cash_benefit_in_frame)}.") in economy
    planned = [a for a in assessment.measures if a.in_frame and a.measure.period is not None]
    assert f"med {len(planned)} tiltak innenfor rammen" in timeline
    for a in planned:
        assert f"{a.id} {a.measure.title}: {a.category[0].lower()}{a.category[1:]}, fra " in timeline


def test_chart_colours_stand_out_from_the_page_and_the_text_can_be_read():
    marking = ([c for _l, _a, c, _h in charts.ECONOMY_SERIES] + list(charts.PALETTE)
               + [c for c, _h in charts.CATEGORY_STYLE.values()] + [charts.DARK, charts.AXIS])
    for colour in marking:
        assert contrast(colour, "#FFFFFF") >= LARGE_CONTRAST, colour  # graphics: 3:1 (WCAG 1.4.11)
    for colour in (charts.TEXT, charts.NOTE):
        assert contrast(colour, "#FFFFFF") >= TEXT_CONTRAST, colour


def test_no_chart_tells_its_series_apart_by_colour_alone():
    hatches = [h for _l, _a, _c, h in charts.ECONOMY_SERIES]
    assert len(set(hatches)) == len(hatches)
    assert len(set(charts.MARKERS)) == len(charts.MARKERS) == len(charts.PALETTE)
    category_hatches = [h for _c, h in charts.CATEGORY_STYLE.values()]
    assert len(set(category_hatches)) == len(category_hatches)


# --- structure (WCAG 1.3.1, 2.4.6, 2.4.4) ---------------------------------------------------------


def test_headings_are_real_headings_in_order_without_a_skipped_level(demo):
    for name, path in demo[2].items():
        doc = Document(str(path))
        levels = [heading_level(p.style) for p in doc.paragraphs]
        levels = [lvl for lvl in levels if lvl is not None]
        assert levels[0] == 1, name
        skips = [(a, b) for a, b in zip([0] + levels, levels) if b > a + 1]
        assert skips == [], name
        assert 2 in levels, name
        # the template's old look-alike heading style is gone: what looks like a heading is one
        assert not [p.text for p in doc.paragraphs if p.style.name == "Underoverskrift"]


def test_header_rows_are_marked_and_repeat_and_only_real_ones(demo):
    for name, path in demo[2].items():
        doc = Document(str(path))
        assert doc.tables, name
        for table in doc.tables:
            rows = table._tbl.findall(qn("w:tr"))
            header = is_header_row(rows[0])
            labels = has_header_column(table._tbl)
            assert header != labels, (name, [c.text for c in table.rows[0].cells])
            assert not any(is_header_row(r) for r in rows[1:])  # only leading rows can be header rows
            if header:
                assert all(c.text.strip() for c in table.rows[0].cells)
            else:
                assert all(row.cells[0].text.strip() for row in table.rows)  # every value has its label


def test_every_link_says_where_it_leads(demo):
    for name, path in demo[2].items():
        doc = Document(str(path))
        headings = {p.text.strip() for p in doc.paragraphs if heading_level(p.style)}
        for link in doc.element.body.iter(qn("w:hyperlink")):
            text = "".join(t.text or "" for t in link.iter(qn("w:t"))).strip()
            assert text in headings, (name, text)  # the contents: each entry is its heading


# --- contrast (WCAG 1.4.3) ----------------------------------------------------------------------


def test_every_text_colour_in_the_documents_meets_aa(demo):
    for name, path in demo[2].items():
        doc = Document(str(path))
        pairs = list(colour_pairs(doc, _parts(doc)))
        assert len({(p.text, p.background) for p in pairs}) >= 3, name  # the check sees the colours
        weak = {(p.text, p.background, round(p.ratio, 2), p.sample) for p in pairs if p.ratio < p.required}
        assert weak == set(), name


def test_an_alt_text_reads_back_exactly_as_it_was_made():
    import io

    from PIL import Image

    from pipeline.documents.chartimages import ChartImage

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "#2E5597").save(buffer, format="PNG")
    alt = 'Tiltak «A» & "B" <C>\tmed {_{ x }_} og {{ y }}\nneste linje'
    images = {field: ChartImage(buffer.getvalue(), alt)
              for field in ("diagram_barometer", "diagram_okonomi", "diagram_tidslinje")}
    data = render_template(TEMPLATES / STRATEGY, _minimal_context(), images)
    doc = Document(io.BytesIO(data))
    assert [docpr.get("descr") for docpr in doc.element.body.iter(WP_DOCPR)] == [alt] * 3


def test_a_template_whose_title_was_removed_still_gives_a_titled_document(tmp_path):
    import io
    import shutil

    shutil.copy(TEMPLATES / MEASURES, tmp_path / MEASURES)
    template = Document(str(tmp_path / MEASURES))
    template.core_properties.title = ""
    template.save(str(tmp_path / MEASURES))
    context = _minimal_context()
    doc = Document(io.BytesIO(render_template(tmp_path / MEASURES, context, {})))
    assert doc.core_properties.title == f"Tiltaksbeskrivelser – IKT-strategi for {context['kommune']} {context['periode']}"
