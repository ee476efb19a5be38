"""docs/malvariabler.md is generated from the template schema and cannot drift."""

from pipeline.documents import schemadoc
from pipeline.documents.context import SCHEMA, TEXT
from support.paths import REPO


def test_the_committed_reference_is_what_the_schema_and_the_templates_give():
    committed = (REPO / "docs" / "malvariabler.md").read_text("utf-8")
    assert committed == schemadoc.render(), (
        "docs/malvariabler.md is out of date: run «python3 -m pipeline.documents.schemadoc» and commit it"
    )


def test_every_name_in_the_schema_is_in_the_reference():
    committed = (REPO / "docs" / "malvariabler.md").read_text("utf-8")
    for name in SCHEMA:
        assert f"| `{name}` |" in committed, name
    assert "| `t.poengdeler[].begrunnelse` |" in committed and "| `a.netto` |" in committed


def test_a_new_field_without_a_description_is_refused():
    missing: list[str] = []
    schemadoc._rows({**SCHEMA, "ny_verdi": TEXT, "versjon": {**SCHEMA["versjon"], "ny": TEXT}}, "", missing)
    assert missing == ["versjon.ny", "ny_verdi"]


def test_the_check_command_says_whether_the_file_is_up_to_date(capsys):
    assert schemadoc.main(["--check"]) == 0
    assert "er à jour" in capsys.readouterr().out


def test_the_reference_says_which_shipped_template_uses_a_name():
    used = schemadoc.used_names()
    assert "sak" in used["Saksframlegg.docx"] and "handlingsplan" in used["IKT-strategi.docx"]
    assert all(name in SCHEMA for names in used.values() for name in names)
