"""The shipped Word templates: real styles, header and footer, cover page, table of
contents, repeating table headers; and the context they are rendered with has
exactly the shape the template check knows."""

from __future__ import annotations

import dataclasses

from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.core.assessment import assess
from pipeline.documents.context import ANY_KEY, FLAG, IMAGE, IMAGE_FIELDS, PROSE, SCHEMA, TEXT, build_context
from pipeline.documents.templatebuild import build_all
from pipeline.core.versions import VersionInfo, diff, snapshot
from support.documents import DOCUMENTS
from support.comparisons import demo_comparison
from support.examples import demo_decisions, demo_model, demo_submissions

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "word_templates"
DEFAULTS = REPO / "pipeline" / "defaults" / "word_templates"
STRATEGY, MEASURES, CASE = DOCUMENTS


def test_shipped_templates_are_what_the_build_script_makes(tmp_path):
    build_all([tmp_path])
    for name in DOCUMENTS:
        built = (tmp_path / name).read_bytes()
        assert (SHIPPED / name).read_bytes() == built, f"{name}: kjør «python -m pipeline.documents.templatebuild»"
        assert (DEFAULTS / name).read_bytes() == built, f"{name}: kjør «python -m pipeline.documents.templatebuild»"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_template_uses_real_word_styles(name):
    doc = Document(str(SHIPPED / name))
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1"} <= used
    for level in (1, 2, 3):
        ppr = doc.styles[f"Heading {level}"].element.pPr
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)  # the navigation pane works
    assert doc.styles["Iktplan tabell"].type == 3  # a table style
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    lang = doc.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "nb-NO"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_table_with_a_header_row_repeats_it_on_each_page(name):
    doc = Document(str(SHIPPED / name))
    headed = 0
    for table in doc.tables:
        if table.style.name != "Iktplan tabell":
            continue
        first = table.rows[0]._tr
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look.get(qn("w:firstRow")) == "1":
            headed += 1
            assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert headed >= 2


@pytest.mark.parametrize("name", DOCUMENTS)
def test_only_real_header_rows_are_header_rows(name):
    """The table style marks no row (LibreOffice would make the first row of a
    label/value table a header row); a label/value table says its first column
    holds the labels instead."""
    doc = Document(str(SHIPPED / name))
    style = doc.styles["Iktplan tabell"].element
    assert style.find(f".//{qn('w:tblHeader')}") is None
    for table in doc.tables:
        first = table.rows[0]._tr
        labels = table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstColumn")) == "1"
        header = first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert header != labels, [c.text for c in table.rows[0].cells]
        if labels:
            assert len(table.columns) == 2


@pytest.mark.parametrize("name", DOCUMENTS)
def test_header_and_footer_carry_municipality_version_and_page_x_of_y(name):
    doc = Document(str(SHIPPED / name))
    section = doc.sections[0]
    header = section.header.paragraphs[0].text
    assert "{{ kommune }}" in header and "{{ versjon.tekst }}" in header
    footer = section.footer._element
    instructions = [i.text.strip() for i in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Side " in section.footer.paragraphs[0].text and " av " in section.footer.paragraphs[0].text


@pytest.mark.parametrize(("name", "levels"), [(STRATEGY, "1-3"), (MEASURES, "1-1")])
def test_strategy_and_measures_have_a_cover_page_and_a_table_of_contents(name, levels):
    doc = Document(str(SHIPPED / name))
    assert doc.sections[0].different_first_page_header_footer  # no header on the cover
    assert any(p.style.name == "Title" for p in doc.paragraphs[:4])
    instructions = [i.text for i in doc.element.body.iter(qn("w:instrText"))]
    # the measure descriptions list only the measures: their «Vurdering» and «Merknader» would triple it
    assert f' TOC \\o "{levels}" \\h \\z \\u ' in instructions
    assert doc.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_the_case_document_starts_like_a_municipal_case_without_a_cover():
    doc = Document(str(SHIPPED / CASE))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["{{ kommune }}", "Saksframlegg"]
    info = doc.tables[0]
    labels = [r.cells[0].text for r in info.rows if not r.cells[0].text.startswith("{%")]
    assert labels == ["Saksbehandler:", "Arkivsaksnr.:", "Arkivkode:", "Dato:", "Versjon:"]
    assert [c.text for c in doc.tables[1].rows[0].cells] == ["Saksgang", "Møtedato", "Saksnr"]


def test_the_action_plan_table_follows_the_seed(tmp_path):
    doc = Document(str(SHIPPED / STRATEGY))
    header = ["Aktivitet/prosjekt", "Tidsrom for gjennomføring", "Ansvarlig for gjennomføring",
              "Ansvarlig for oppfølging"]
    plans = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == header]
    assert len(plans) == 2
    groups = [r.cells[0].text for r in plans[0].rows if len({id(c._tc) for c in r.cells}) == 1
              and not r.cells[0].text.startswith("{%")]
    assert groups == ["Kritiske prosesser", "Quick wins"]


# --- the context ----------------------------------------------------------------------


def shape_errors(value, schema, path="") -> list[str]:
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not dict"]
        if list(schema) == [ANY_KEY]:  # any key (e.g. «tekster»): each value has the one shape
            return [e for k, v in value.items() for e in shape_errors(v, schema[ANY_KEY], f"{path}.{k}")]
        errors = [f"{path}.{k}: missing" for k in schema if k not in value]
        errors += [f"{path}.{k}: not in SCHEMA" for k in value if k not in schema]
        for k in schema:
            if k in value:
                errors += shape_errors(value[k], schema[k], f"{path}.{k}")
        return errors
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__}, not list"]
        return [e for i, v in enumerate(value) for e in shape_errors(v, schema[0], f"{path}[{i}]")]
    if schema == PROSE:  # filled when rendering; the context has no text from Word yet
        return [] if value == "" else [f"{path}: {value!r}, not empty before rendering"]
    expected = {TEXT: str, FLAG: bool}[schema]
    return [] if type(value) is expected else [f"{path}: {type(value).__name__}, not {expected.__name__}"]


def _lists_filled(value, schema, path="") -> set[str]:
    """The list paths of *schema* that have at least one element in *value*."""
    found = set()
    if isinstance(schema, dict) and isinstance(value, dict) and list(schema) == [ANY_KEY]:
        for v in value.values():
            found |= _lists_filled(v, schema[ANY_KEY], f"{path}.{ANY_KEY}")
    elif isinstance(schema, dict) and isinstance(value, dict):
        for k in schema:
            found |= _lists_filled(value.get(k), schema[k], f"{path}.{k}")
    elif isinstance(schema, list) and isinstance(value, list) and value:
        found.add(path)
        for v in value:
            found |= _lists_filled(v, schema[0], path + "[]")
    return found


def _all_lists(schema, path="") -> set[str]:
    found = set()
    if isinstance(schema, dict):
        for k, v in schema.items():
            found |= _all_lists(v, f"{path}.{k}")
    elif isinstance(schema, list):
        found.add(path)
        found |= _all_lists(schema[0], path + "[]")
    return found


def test_context_has_exactly_the_shape_the_template_check_knows(config, blank_form, tmp_path):
    old = demo_model(config, blank_form, tmp_path)
    new = demo_model(config, blank_form, tmp_path, revision=True)
    # The secretariat has mapped a unit name since the first version (endringer.sekretariatet).
    new = dataclasses.replace(new, actions=((1, "Sekretariatet koblet «Hjemmetjenestene» til Hjemmetjenesten "
                                                "20.02.2027: skrivefeil i enhetsnavnet"),))
    old_a, new_a = assess(old), assess(new, demo_decisions())  # the second round with the secretariat's decisions
    changes = diff(snapshot(old, old_a), snapshot(new, new_a))
    assert changes.actions == (new.actions[0][1],)
    schema = {k: v for k, v in SCHEMA.items() if v != IMAGE}
    assert set(IMAGE_FIELDS) == {"diagram_barometer", "diagram_sammenligning", "diagram_okonomi", "diagram_tidslinje"}
    first = build_context(old, old_a, VersionInfo(1, datetime(2027, 2, 1)))
    compared = demo_comparison(demo_submissions(config, blank_form, tmp_path, revision=True))
    second = build_context(new, new_a, VersionInfo(2, datetime(2027, 2, 20), changes, datetime(2027, 2, 1)), compared)
    assert shape_errors(first, schema) == []
    assert shape_errors(second, schema) == []
    # every list in the schema is exercised by the demo (except the ones the demo cannot fill)
    unfilled = _all_lists(schema) - _lists_filled(first, schema) - _lists_filled(second, schema)
    # (a measure merged into another has no remarks of its own in the demo)
    assert unfilled <= {".endringer.fjernet", ".systemer.overlapp", ".uten_delmal", ".uten_delmal[]", ".uten_delmal[].poengdeler",
                        ".uten_delmal[].advarsler", ".handlingsplan.sammenslatt[].advarsler"}, unfilled


def test_context_writes_numbers_and_dates_the_norwegian_way(config, blank_form, tmp_path):
    model = demo_model(config, blank_form, tmp_path)
    a = assess(model)
    ctx = build_context(model, a, VersionInfo(7, datetime(2027, 3, 15, 14, 5)))
    assert ctx["versjon"] == {"nummer": "7", "dato": "15.03.2027", "tekst": "Utkast – versjon 7, 15.03.2027",
                              "utkast": True, "status": "Utkast: ikke sendt til politisk behandling ennå."}
    assert ctx["okonomi"]["ar"][0]["ramme"] == "2\u00a0500\u00a0000\u00a0kr"
    assert ctx["okonomi"]["rente"] == "4,0\u00a0%"
    assert ctx["periode"] == "2027–2030"
    first = ctx["tiltak"][0]
    assert first["poeng"] == f"{a.measures[0].score:.1f}".replace(".", ",")
    assert ctx["sak"]["sted_dato"] == "Kommunedirektøren i Fjordvik, 15.03.2027"
    assert ctx["sak"]["saksgang"][0] == {"utvalg": "Formannskapet", "motedato": "03.03.2027", "saksnr": ""}
