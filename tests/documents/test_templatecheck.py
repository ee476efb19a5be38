"""The template check: what goes wrong when a template is edited in Word is named,
in Norwegian, with the template and the place."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from pipeline.documents.templatecheck import check_template, check_templates, describe

REPO = Path(__file__).resolve().parents[2]


def template(tmp_path: Path, *paragraphs, name: str = "Saksframlegg.docx", table_rows=()) -> Path:
    """A template whose paragraphs are given as strings, or as lists of runs."""
    doc = Document()
    for p in paragraphs:
        para = doc.add_paragraph()
        for run in [p] if isinstance(p, str) else p:
            para.add_run(run)
    if table_rows:
        table = doc.add_table(rows=0, cols=2)
        for row in table_rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
    path = tmp_path / name
    doc.save(str(path))
    return path


def test_shipped_templates_have_no_problems():
    assert check_templates(REPO / "word_templates") == []
    assert check_templates(REPO / "pipeline" / "defaults" / "word_templates") == []


def test_a_tag_broken_over_two_paragraphs_is_named_with_its_paragraph(tmp_path):
    path = template(tmp_path, "Kommune: {{ kom", "mune }}")
    problems = check_template(path)
    assert len(problems) == 2
    assert problems[0].template == "Saksframlegg.docx"
    assert "«Kommune: {{ kom»" in problems[0].where and "brødteksten" in problems[0].where
    assert "«{{» er ikke avsluttet med «}}» i samme avsnitt" in problems[0].message
    assert "«}}» avslutter en kode som ikke er startet" in problems[1].message


def test_a_tag_split_over_runs_in_one_paragraph_is_fine(tmp_path):
    path = template(tmp_path, ["Kommune: {", "{ kom", "mune }", "} og {{ periode }}"])
    assert check_template(path) == []


def test_a_missing_closing_brace_is_named(tmp_path):
    problems = check_template(template(tmp_path, "Til {{ kommune } i dag"))
    assert [p.message.split(".")[0] for p in problems] == ["«{{» er ikke avsluttet med «}}» i samme avsnitt"]


def test_an_unknown_field_is_named_with_a_suggestion(tmp_path):
    problems = check_template(template(tmp_path, "Antall tiltak: {{ antall.tiltakk }}"))
    assert len(problems) == 1
    assert problems[0].message == (
        "Feltet «antall.tiltakk» finnes ikke, så dokumentet kan ikke lages. Mente du «antall.tiltak»?"
    )
    assert "Antall tiltak" in problems[0].where


def test_an_unknown_field_of_a_loop_variable_is_found(tmp_path):
    path = template(tmp_path, "{%p for t in handlingsplan.kritiske %}", "{{ t.titel }} ({{ t.enhet }})",
                    "{%p endfor %}", "{{ ukjent }}")
    messages = [p.message for p in check_template(path)]
    assert messages == [
        "Feltet «t.titel» finnes ikke, så dokumentet kan ikke lages. Mente du «t.tittel»?",
        "Feltet «ukjent» finnes ikke, så dokumentet kan ikke lages.",
    ]


def test_known_fields_loops_conditions_and_filters_pass(tmp_path):
    path = template(
        tmp_path,
        "{%p for d in delmal %}",
        "{{ d.kode }} {{ d.tekst|upper }} ({{ d.tiltak|length }} tiltak, nr. {{ loop.index }})",
        "{%p for t in d.tiltak %}",
        "{{ t.overskrift }} {{ t.poengdeler[0].poeng }}",
        "{%p endfor %}",
        "{%p endfor %}",
        "{%p if endringer.forste_versjon %}",
        "Første versjon",
        "{%p else %}",
        "{{ versjon.tekst }} {{ diagram_okonomi }}",
        "{%p endif %}",
    )
    assert check_template(path) == []


def test_text_beside_a_paragraph_tag_would_be_lost_and_is_named(tmp_path):
    (problem,) = check_template(template(tmp_path, "Første versjon {%p if endringer.forste_versjon %}",
                                         "{%p endif %}"))
    assert problem.message.startswith("Teksten «Første versjon» står i samme avsnitt som "
                                      "«{%p if endringer.forste_versjon %}», og blir borte")


def test_a_for_without_endfor_is_named(tmp_path):
    problems = check_template(template(tmp_path, "{%p for t in tiltak %}", "{{ t.tittel }}"))
    assert len(problems) == 1
    assert problems[0].message == "«{%p for t in tiltak %}» er ikke avsluttet. Legg til «{%p endfor %}» der blokken skal slutte."
    assert "{%p for t in tiltak %}" in problems[0].where


def test_an_endif_without_if_and_a_crossed_block_are_named(tmp_path):
    problems = check_template(template(
        tmp_path, "{%p endif %}", "{%p for t in tiltak %}", "{%p if t.innenfor %}", "{%p endfor %}", "{%p endif %}",
    ))
    messages = [p.message for p in problems]
    assert messages[0].startswith("«{%p endif %}» avslutter en «if»-blokk som ikke er startet")
    assert messages[1].startswith("«{%p endfor %}» avslutter en «for»-blokk, men den åpne blokken er «{%p if t.innenfor %}»")
    assert len(problems) == 3  # and then the for is left open


def test_a_row_tag_outside_a_table_is_named(tmp_path):
    problems = check_template(template(tmp_path, "{%tr for t in tiltak %}", "{%tr endfor %}"))
    assert problems and all("kan bare stå i en tabellrad" in p.message for p in problems)


def test_row_tags_inside_a_table_pass_and_say_so_in_the_place(tmp_path):
    path = template(tmp_path, table_rows=[["{%tr for t in tiltak %}", ""], ["{{ t.id }}", "{{ t.tittl }}"],
                                          ["{%tr endfor %}", ""]])
    (problem,) = check_template(path)
    assert "i en tabell" in problem.where and "«t.tittl»" in problem.message


def test_a_syntax_error_in_an_expression_is_named(tmp_path):
    (problem,) = check_template(template(tmp_path, "Sum: {{ okonomi.sum.investering + }}"))
    assert problem.message.startswith("Malen har en feil i en kode:")
    assert "Sum:" in problem.where


def test_a_missing_template_and_a_file_that_is_not_word_are_named(tmp_path):
    for name in ("IKT-strategi.docx", "Tiltaksbeskrivelser.docx"):
        shutil.copy(REPO / "word_templates" / name, tmp_path / name)
    (tmp_path / "Tiltaksbeskrivelser.docx").write_bytes(b"dette er ikke et Word-dokument")
    problems = check_templates(tmp_path)
    assert [(p.template, p.message.split(":")[0].split(".")[0]) for p in problems] == [
        ("Tiltaksbeskrivelser.docx", "Fila kan ikke åpnes som et Word-dokument ("),
        ("Saksframlegg.docx", "Malen finnes ikke"),
    ]


def test_fields_in_headers_are_checked_too(tmp_path):
    path = template(tmp_path, "{{ kommune }}")
    doc = Document(str(path))
    doc.sections[0].header.paragraphs[0].text = "{{ komune }} – side"
    doc.save(str(path))
    (problem,) = check_template(path)
    assert problem.where.startswith("topptekst") and "«komune»" in problem.message and "«kommune»" in problem.message


def test_describe_lists_every_problem_for_the_user(tmp_path):
    problems = check_template(template(tmp_path, "{{ x }}", "{{ y }}"))
    text = describe(problems)
    assert text.startswith("Malene har 2 feil, så dokumentene er ikke laget.")
    assert text.count("\n- Saksframlegg.docx, brødteksten") == 2
