"""click speaks Norwegian through its own gettext hook: a ``click`` catalogue
per language in ``pipeline/locale``, compiled ``.mo`` committed beside its
``.po``. These tests keep the ``.mo`` equal to the ``.po`` and every message of
the *installed* click translated, so a click upgrade with new messages fails
here instead of speaking English to a secretariat."""

from __future__ import annotations

import gettext
import os

import pytest

from pipeline.i18n import DEFAULT_LANGUAGE, LOCALE_DIR
from pipeline.i18n.clicklang import IntRange, Path, child_environment, click_language
from support import catalogues


def test_the_catalogue_tool_and_the_program_read_the_same_folder():
    assert catalogues.LOCALE_DIR == LOCALE_DIR


def test_there_is_a_click_catalogue_for_bokmal():
    assert DEFAULT_LANGUAGE in catalogues.languages()
    assert (LOCALE_DIR / "nb" / "LC_MESSAGES" / "click.mo").is_file()


@pytest.mark.parametrize("language", catalogues.languages())
def test_each_compiled_catalogue_is_its_po_file(language):
    assert catalogues.mo_messages(language) == catalogues.po_messages(language)


@pytest.mark.parametrize("language", catalogues.languages())
def test_every_message_of_the_installed_click_is_translated_with_its_placeholders(language):
    assert catalogues.problems(language) == []


def test_the_template_is_what_the_installed_click_has():
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / "click.pot", "rb") as f:
        committed = {m.id for m in read_po(f) if m.id}
    assert committed == {m.id for m in catalogues.click_template() if m.id}


def test_a_placeholder_the_translation_invents_or_loses_is_found():
    assert catalogues.fields("Valget «{name}» må ha {nargs} verdier (%(prog)s).") == {"name", "nargs", "prog"}
    assert catalogues.fields("{value!r} is not {choice}.") == {"value", "choice"}


def test_click_speaks_bokmal_inside_the_block_and_its_own_language_after():
    before = os.environ.get("LANGUAGE")
    with click_language("nb"):
        assert gettext.gettext("Aborted!") == "Avbrutt."
        assert gettext.ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})",
                                2).format(args="a b") == "Argumentene «a b» var ikke ventet."
        assert Path(file_okay=False).name == "mappen"
    assert os.environ.get("LANGUAGE") == before
    assert gettext.gettext("Aborted!") == "Aborted!"
    assert Path(file_okay=False).name == "directory"


def test_ranges_are_described_the_norwegian_way():
    assert IntRange(5, 3600)._describe_range() == "5–3600"
    assert IntRange(min=5)._describe_range() == "minst 5"
    assert IntRange(max=10)._describe_range() == "høyst 10"


def test_the_catalogue_tool_reports_all_is_well(capsys):
    assert catalogues.main(["check"]) == 0
    assert "i orden" in capsys.readouterr().out


def test_a_message_click_gained_but_the_catalogue_lacks_is_reported(monkeypatch):
    """What a click upgrade with a new message looks like to the check."""
    real = catalogues.po_messages("nb")
    shrunk = {k: v for k, v in real.items() if k != "Missing command."}
    monkeypatch.setattr(catalogues, "po_messages", lambda language, domain="click": shrunk)
    monkeypatch.setattr(catalogues, "mo_messages", lambda language, domain="click": shrunk)
    assert catalogues.problems("nb") == ["nb: ikke oversatt: 'Missing command.'"]
    broken = {**real, "Error: {message}": "Feil: {melding}"}
    monkeypatch.setattr(catalogues, "po_messages", lambda language, domain="click": broken)
    monkeypatch.setattr(catalogues, "mo_messages", lambda language, domain="click": real)
    found = catalogues.problems("nb")
    assert found[0].startswith("nb/click.mo er ikke kompilert")
    assert any("ukjente felt ['melding']" in p for p in found) and any("mangler ['message']" in p for p in found)


@pytest.mark.parametrize("users", [None, "nn:nb"])
def test_child_processes_get_the_users_own_language_setting(monkeypatch, users):
    if users is None:
        monkeypatch.delenv("LANGUAGE", raising=False)
    else:
        monkeypatch.setenv("LANGUAGE", users)
    with click_language("nb"):
        assert os.environ["LANGUAGE"] == "nb"
        assert child_environment().get("LANGUAGE") == users
    assert os.environ.get("LANGUAGE") == users and child_environment().get("LANGUAGE") == users
