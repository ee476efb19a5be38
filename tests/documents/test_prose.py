"""The secretariat's own prose, written in Word in tekster/, arrives in the
documents with its formatting; stubs, empty, missing, broken and open files give
the default with a clear word; every key under [tekster] reaches the templates;
a changed text makes a new version. Real workspaces and real runs."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

from pipeline import build
from pipeline.documents.prose import GUIDANCE_STYLE, PROSE_SECTIONS
from pipeline.workspace import init_workspace
from support.documents import document_text

STRATEGY, CASE = "IKT-strategi.docx", "Saksframlegg.docx"


def workspace(tmp_path, make_form, stubs: bool = True):
    ws = init_workspace(tmp_path / "ws")
    if stubs:
        build.write_prose_stubs(ws)
    make_form(name="a.xlsx").replace(ws.inbox / "a.xlsx")
    return ws


def write_text(path, build_doc) -> None:
    """A text as a secretariat writes it in Word: its own paragraphs below the stub's guidance."""
    doc = Document(str(path)) if path.exists() else Document()
    build_doc(doc)
    doc.save(str(path))


def organisation(doc) -> None:
    p = doc.add_paragraph("Prosjektansvarlig er ")
    p.add_run("kommunedirektøren").bold = True
    p.add_run(", og formannskapet er styringsgruppe.")
    doc.add_paragraph("Arbeidsgruppe: seks ansatte", "List Bullet")
    doc.add_paragraph("Ressursgruppe: én fra hver seksjon", "List Bullet")
    table = doc.add_table(rows=2, cols=2)
    table.style = doc.styles["Table Grid"]
    for (r, c), text in {(0, 0): "Rolle", (0, 1): "Hvem", (1, 0): "Prosjektleder", (1, 1): "Per Hansen"}.items():
        table.cell(r, c).text = text


def test_prose_arrives_with_bold_a_bullet_list_and_a_table(tmp_path, make_form):
    ws = workspace(tmp_path, make_form)
    write_text(ws.texts / PROSE_SECTIONS["prosjektorganisering"].file, organisation)
    build.run(ws)
    doc = Document(str(ws.outbox / STRATEGY))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1.3 Prosjektorganisering" in headings
    [lead] = [p for p in doc.paragraphs if p.text.startswith("Prosjektansvarlig er kommunedirektøren")]
    assert [(r.text, bool(r.bold)) for r in lead.runs] == [
        ("Prosjektansvarlig er ", False), ("kommunedirektøren", True), (", og formannskapet er styringsgruppe.", False)]
    bullets = [p for p in doc.paragraphs if p.text in ("Arbeidsgruppe: seks ansatte", "Ressursgruppe: én fra hver seksjon")]
    assert len(bullets) == 2 and all(p.style.name == "List Bullet" for p in bullets)
    numbering = ws.outbox / STRATEGY
    assert bullets[0].style.element.pPr.find(qn("w:numPr")) is not None, numbering  # a real Word list
    [table] = [t for t in doc.tables if t.cell(0, 0).text == "Rolle"]
    assert [[c.text for c in r.cells] for r in table.rows] == [["Rolle", "Hvem"], ["Prosjektleder", "Per Hansen"]]
    # a short table stays on one page: no lone header row at the foot of a page
    assert table.rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    # the stub's guidance never reaches a document
    for name in (STRATEGY, CASE):
        text = document_text(ws.outbox / name)
        assert "Veiledning" not in text and "Ballangen" not in text


def test_stubs_and_missing_files_give_the_defaults(tmp_path, make_form):
    ws = workspace(tmp_path, make_form)
    report = build.run(ws)
    assert report.notes == []
    strategy = document_text(ws.outbox / STRATEGY)
    assert "1.3 Prosjektorganisering" not in strategy  # left out
    assert "5.1 Satsingsområdene" in strategy and "5.1 Alternativer og strategisk valg" not in strategy
    case = document_text(ws.outbox / CASE)
    config = ws.config()
    assert config.texts["mandat"] in case  # the background falls back on [tekster] mandat
    assert "Tiltak som behandler personopplysninger, skal ha en risikovurdering" in case  # the consequences' default
    assert "innarbeider investeringene og driftskostnadene i forslaget til økonomiplan for 2027–2030" in case


def test_init_writes_a_stub_for_every_section_and_sub_goal_with_guidance_only(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    written = build.write_prose_stubs(ws)
    names = sorted(p.name for p in written)
    expected = sorted([s.file for s in PROSE_SECTIONS.values()] + [f"Delmål {g.code}.docx" for g in ws.config().sub_goals])
    assert names == expected
    doc = Document(str(ws.texts / "Prosjektorganisering.docx"))
    assert {p.style.name for p in doc.paragraphs} == {GUIDANCE_STYLE}
    assert any("Ballangen" in p.text for p in doc.paragraphs)  # an example from a real plan
    assert build.write_prose_stubs(ws) == []  # never written over


def test_a_file_that_is_not_a_docx_gets_a_message_and_the_default(tmp_path, make_form):
    ws = workspace(tmp_path, make_form)
    (ws.texts / "Bakgrunn.docx").write_bytes(b"Dette er ikke et Word-dokument")
    report = build.run(ws)
    assert any("tekster/Bakgrunn.docx er ikke et Word-dokument" in str(n) for n in report.notes)
    assert ws.config().texts["mandat"] in document_text(ws.outbox / CASE)


def test_a_text_open_in_word_is_used_as_last_saved_with_a_message(tmp_path, make_form):
    ws = workspace(tmp_path, make_form)
    write_text(ws.texts / "Medvirkning.docx", lambda d: d.add_paragraph("Drøftet med tillitsvalgte 15.02.2027."))
    (ws.texts / "~$dvirkning.docx").write_bytes(b"\x0bKari" + b" " * 40)
    report = build.run(ws)
    assert any("tekster/Medvirkning.docx er åpen i Word" in str(n) for n in report.notes)
    assert "Drøftet med tillitsvalgte 15.02.2027." in document_text(ws.outbox / CASE)


def test_a_text_under_tekster_in_strategi_toml_stands_in_for_a_missing_file(tmp_path, make_form):
    ws = workspace(tmp_path, make_form, stubs=False)
    toml = ws.config_path.read_text("utf-8").replace(
        "[tekster]\n", '[tekster]\nprosjektorganisering = "Kommunedirektøren er prosjektansvarlig."\n', 1)
    ws.config_path.write_text(toml, "utf-8")
    build.run(ws)
    assert "Kommunedirektøren er prosjektansvarlig." in document_text(ws.outbox / STRATEGY)


def test_every_key_under_tekster_reaches_the_templates(tmp_path, make_form):
    ws = workspace(tmp_path, make_form)
    toml = ws.config_path.read_text("utf-8").replace(
        "[tekster]\n", '[tekster]\nhilsen = "Takk til alle enhetene for godt arbeid."\n', 1)
    ws.config_path.write_text(toml, "utf-8")
    template = Document(str(ws.templates / CASE))
    template.add_paragraph("{%p for avsnitt in tekster.hilsen %}")
    template.add_paragraph("{{ avsnitt }}")
    template.add_paragraph("{%p endfor %}")
    template.save(str(ws.templates / CASE))
    assert build.check_templates(ws) == []
    build.run(ws)
    assert "Takk til alle enhetene for godt arbeid." in document_text(ws.outbox / CASE)


def test_a_changed_text_makes_a_new_version(tmp_path, make_form):
    ws = workspace(tmp_path, make_form)
    assert build.run(ws).version == 1
    assert not build.run(ws).new_version
    write_text(ws.texts / "Strategiske valg.docx", lambda d: d.add_paragraph("Vi velger trinnvis fornying."))
    report = build.run(ws)
    assert report.new_version and report.version == 2
    assert "Vi velger trinnvis fornying." in document_text(ws.outbox / STRATEGY)


def test_a_sub_goal_gets_its_own_text_before_its_measures(tmp_path, make_form):
    ws = workspace(tmp_path, make_form)
    write_text(ws.texts / "Delmål D4.docx", lambda d: d.add_paragraph("Stabilt nett er grunnmuren for alt annet."))
    build.run(ws)
    doc = Document(str(ws.outbox / STRATEGY))
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("Stabilt nett er grunnmuren for alt annet.")
    assert texts[at - 1].startswith("D4: ") and texts[at + 1] == "Tiltak:"
