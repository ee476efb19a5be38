"""The gettext catalogues (domain «iktplan», msgids in bokmål) stay in step with the
code: the template is what the code marks now, every .po has every message, the
committed .mo files are their .po files, every message of a swept module is
translated in every language, and no translation loses or invents a placeholder.

The transition rule: a module not yet swept (see catalogue.SWEPT) may have messages
without a translation – they show in bokmål. These tests must pass on main at all
times; a sweeper adds a room to SWEPT when its translations are done."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.catalog import Catalog

from pipeline.i18n import LOCALE_DIR, available, catalogue

LANGUAGES = catalogue.languages()
TRANSLATED = [code for code in LANGUAGES if code != "nb"]


@pytest.fixture(scope="module")
def fresh():
    """What the code marks now (one extraction for the module: it reads every file)."""
    return catalogue.extract()


def test_every_language_iktplan_can_write_has_a_catalogue():
    assert LANGUAGES == ["da", "nb", "nn"]
    assert set(available()) == set(LANGUAGES)


def test_the_template_is_what_the_code_marks_now(fresh):
    assert catalogue.stale_template(fresh, catalogue.read(catalogue.TEMPLATE)) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_compiled_catalogue_is_its_po_file(code):
    assert catalogue.mo_messages(code) == catalogue.po_messages(code)


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_catalogue_is_complete_for_the_swept_modules_and_keeps_its_placeholders(code, fresh):
    problems, _pending = catalogue.language_problems(code, fresh)
    assert problems == []


def test_the_swept_modules_are_really_translated(fresh):
    swept = [m for m in fresh if m.id and catalogue.is_swept(m.locations)]
    assert len(swept) >= 30  # the receipt, the status words, the formats
    for code in TRANSLATED:
        entries = {catalogue._key(m): m for m in catalogue.read(catalogue.po_path(code), code) if m.id}
        for m in swept:
            entry = entries[catalogue._key(m)]
            assert not entry.fuzzy and all(entry.string if entry.pluralizable else [entry.string]), (code, m.id)


def test_no_marked_text_is_built_in_the_code():
    assert catalogue.marker_problems() == []


def test_the_catalogue_command_reports_all_is_well(capsys):
    assert catalogue.main(["check"]) == 0
    assert "Katalogene er i orden." in capsys.readouterr().out


# --- the checks can fail, and say what to do -------------------------------------------------


def _template(*messages) -> Catalog:
    template = Catalog()
    for msgid, location in messages:
        template.add(msgid, None, [(location, 1)])
    return template


def test_a_new_message_without_a_catalogue_update_names_the_command_to_run(fresh):
    committed = catalogue.read(catalogue.TEMPLATE)
    grown = catalogue.read(catalogue.TEMPLATE)
    grown.add("Ny tekst som ingen har oversatt.", None, [("pipeline/core/receipts.py", 9)])
    [problem] = catalogue.stale_template(grown, committed)
    assert "1 nye og 0 fjernede" in problem and "«Ny tekst som ingen har oversatt.» i pipeline/core/receipts.py" in problem
    assert "python3 -m pipeline.i18n.catalogue update" in problem


def test_an_untranslated_message_is_an_error_in_a_swept_module_and_pending_elsewhere(tmp_path, monkeypatch):
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path / "locale")
    po = catalogue.po_path("nn")
    catalog = catalogue.read(po, "nn")
    catalog.add("Ny setning i kvitteringen.", "", [("pipeline/core/receipts.py", 1)])
    catalog.add("Ny setning i skjemaet.", "", [("pipeline/room_not_swept_yet.py", 1)])
    catalogue._write(po, catalog)
    catalogue.compile_all()
    fresh = _template(("Ny setning i kvitteringen.", "pipeline/core/receipts.py"),
                      ("Ny setning i skjemaet.", "pipeline/room_not_swept_yet.py"))
    problems, pending = catalogue.language_problems("nn", fresh)
    assert problems == ["nn: «Ny setning i kvitteringen.» (pipeline/core/receipts.py) er ikke oversatt, men "
                        "modulen er gjennomgått (SWEPT)."]
    assert pending == 1


def test_a_stale_compiled_catalogue_is_found(tmp_path, monkeypatch):
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path / "locale")
    po = catalogue.po_path("da")
    po.write_text(po.read_text("utf-8").replace('msgstr "godkendt"', 'msgstr "godkendt!"'), "utf-8")
    problems, _ = catalogue.language_problems("da", Catalog())
    assert problems == ["da/iktplan.mo er ikke kompilert fra iktplan.po: kjør «python3 -m pipeline.i18n.catalogue "
                        "compile»."]


def test_a_translation_that_loses_or_invents_a_placeholder_is_found():
    template = Catalog()
    template.add("Rammen for {year} er brukt opp av {what}.", None, [("pipeline/x.py", 1)])
    template.add(("Vi fant {n} feil:", "Vi fant {n} feil:"), None, [("pipeline/x.py", 2)])
    single, plural = list(template)[1:]
    assert catalogue._placeholder_problems("nn", "x", single, ["Ramma for {aar} er brukt opp av {what}."]) == [
        "nn: x: ukjente plassholdere ['aar'] i «Ramma for {aar} er brukt opp av {what}.».",
        "nn: x: mangler plassholderne ['year'] i «Ramma for {aar} er brukt opp av {what}.».",
    ]
    # The singular of a plural message may leave out the count; the other forms may not.
    assert catalogue._placeholder_problems("nn", "x", plural, ["Vi fann éin feil:", "Vi fann {n} feil:"]) == []
    assert catalogue._placeholder_problems("nn", "x", plural, ["Vi fann éin feil:", "Vi fann feil:"]) == [
        "nn: x: mangler plassholderne ['n'] i «Vi fann feil:»."]


def test_bokmal_keeps_its_translations_empty(tmp_path, monkeypatch):
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path / "locale")
    po = catalogue.po_path("nb")
    catalog = catalogue.read(po, "nb")
    catalog.add("Avvist", "Forkastet", [("pipeline/core/receipts.py", 1)])
    catalogue._write(po, catalog)
    catalogue.compile_all()
    problems, _ = catalogue.language_problems("nb", _template(("Avvist", "pipeline/core/receipts.py")))
    assert problems == ["nb: «Avvist» (pipeline/core/receipts.py) har en oversettelse; bokmål er kildeteksten, så "
                        "msgstr skal være tom (endre teksten i koden i stedet)."]


@pytest.mark.parametrize("source", [
    'lang.gettext(f"Rammen for {year}")',
    '_("Rammen for " + str(year))',
    'Msg("Rammen for {}".format(year))',
    'pMsg("status", f"{x}")',
    'nMsg("{n} rad", f"{n} rader", n)',
])
def test_text_built_in_the_code_is_refused(source):
    [problem] = catalogue.built_messages(source, "x.py")
    assert problem.startswith("x.py:1:") and "fast tekst med navngitte {plassholdere}" in problem


def test_marked_text_with_named_placeholders_is_fine():
    assert catalogue.built_messages('_("Rammen for {year}", year=2027); lang.gettext(text)', "x.py") == []


def test_update_on_a_clean_checkout_changes_nothing(tmp_path, monkeypatch):
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(catalogue, "TEMPLATE", tmp_path / "locale" / "iktplan.pot")
    before = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "locale").rglob("*") if p.is_file()}
    catalogue.update()
    after = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "locale").rglob("*") if p.is_file()}
    assert after == before


def test_a_new_language_starts_from_the_template(tmp_path, monkeypatch):
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(catalogue, "TEMPLATE", tmp_path / "locale" / "iktplan.pot")
    path = catalogue.init("sv")
    catalog = catalogue.read(path, "sv")
    template = catalogue.read(catalogue.TEMPLATE)
    assert {catalogue._key(m) for m in catalog if m.id} == {catalogue._key(m) for m in template if m.id}
    assert catalog.locale.language == "sv" and not any(m.string for m in catalog if m.id and not m.pluralizable)
    assert path.with_suffix(".mo").is_file()


def test_every_module_of_the_package_is_swept():
    """Every room is swept (issue 14): a module added later is listed in SWEPT when it
    is written, so its text is translated in every language from the start."""
    import fnmatch

    modules = [p.relative_to(catalogue.REPO).as_posix() for p in sorted(catalogue.PACKAGE.rglob("*.py"))]
    unswept = [m for m in modules if not any(fnmatch.fnmatch(m, pattern) for pattern in catalogue.SWEPT)]
    assert modules and not unswept, "Moduler som ikke er i catalogue.SWEPT:\n" + "\n".join(unswept)
