"""docs/malvariabler.md is generated from the template schema and cannot drift."""

import re

import pytest

from pipeline.core.versions import DOCUMENTS
from pipeline.documents import schemadoc
from pipeline.documents.context import SCHEMA, TEXT
from pipeline.i18n import Lang
from support.languages import assert_no_foreign_words
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


@pytest.mark.parametrize("code", ["nn", "da"])
def test_the_reference_reads_in_nynorsk_and_danish_with_the_same_field_names(code):
    """Every explanation in the language; the names inside ``{{ }}`` stay as they are
    (identifiers in every language), and so do the file names of the shipped templates."""
    text = schemadoc.render(lang=Lang.for_code(code))
    source = schemadoc.render()
    names = re.compile(r"^\| `([^`]+)` \|", re.MULTILINE)
    assert names.findall(text) == names.findall(source)
    assert text.count("\n") == source.count("\n")
    prose = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    prose = re.sub(r"`[^`]*`|\S+\.(?:docx|xlsx|toml|md)\b", " ", prose)
    for document in DOCUMENTS:
        prose = prose.replace(document.removesuffix(".docx"), " ")
    assert_no_foreign_words(prose, code, where="malvariablane")
    assert {"nn": "Malvariablar", "da": "Skabelonvariabler"}[code] in text
