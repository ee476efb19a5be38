"""Keep the gettext catalogues: ``python3 -m pipeline.i18n.catalogue COMMAND``.

Run from a checkout (it reads ``babel.cfg`` at the repository root)::

    update         extract the marked text from pipeline/ into pipeline/locale/iktplan.pot
                   and click's messages into click.pot, merge them into every language's
                   .po files, compile the .mo files
    compile        compile every .po into its .mo (after translating)
    check          what is stale, untranslated or wrong; exit code 1 if anything is
    init CODE      start a new language: pipeline/locale/CODE/LC_MESSAGES/{iktplan,click}.po

The work of a sweep, in order: mark the text (docs/sprak.md), ``update``,
translate the new entries in ``nn`` and ``da`` (``msgstr ""`` or ``#, fuzzy``),
``compile``, add the module to :data:`SWEPT`, ``check``, commit the ``.pot``,
``.po`` and ``.mo`` files.

Two domains: ``iktplan``, our own text, whose msgids are bokmål (so
``nb/iktplan.po`` keeps every ``msgstr`` empty: the source is the text); and
``click``, click's own English messages (:mod:`pipeline.i18n.clickcatalogue`),
translated in every language, bokmål too.
"""

from __future__ import annotations

import ast
import fnmatch
import gettext
import io
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.i18n import clickcatalogue
from pipeline.i18n.clickcatalogue import CLICK
from pipeline.i18n.languages import DEFAULT_LANGUAGE, DOMAIN, LOCALE_DIR

REPO = LOCALE_DIR.parent.parent
PACKAGE = LOCALE_DIR.parent
BABEL_CFG = REPO / "babel.cfg"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
DOMAINS = (DOMAIN, CLICK)
UPDATE = "python3 -m pipeline.i18n.catalogue update"

#: The modules whose text is marked and translated ("swept"). Every message
#: found in one of them must be translated in every language; elsewhere an
#: untranslated message shows in bokmål until its room is swept. A sweeper adds
#: the modules of the room when the room is done (patterns as in fnmatch).
SWEPT: tuple[str, ...] = (
    "pipeline/i18n/*.py",
    "pipeline/core/receipts.py",
    "pipeline/core/submission.py",
    "pipeline/documents/templatebuild/*.py",
    "pipeline/documents/context.py",
    "pipeline/documents/measurecontext.py",
    "pipeline/documents/casecontext.py",
    "pipeline/documents/economycontext.py",
    "pipeline/documents/charts.py",
    "pipeline/documents/charttext.py",
    "pipeline/documents/chartimages.py",
    "pipeline/demo/*.py",
    # the form and what a unit reads about it (issue 14)
    "pipeline/contract.py",
    "pipeline/forms/amounts.py",
    "pipeline/forms/blankform.py",
    "pipeline/forms/guide.py",
    "pipeline/forms/issues.py",
    "pipeline/forms/reader.py",
    "pipeline/forms/sniff.py",
    "pipeline/forms/terms.py",
    "pipeline/forms/unitsheet.py",
    "pipeline/forms/validation.py",
    "pipeline/forms/followupform.py",  # the yearly follow-up form (issue 14)
    "pipeline/forms/followupvalidation.py",
    "pipeline/forms/values.py",
    "pipeline/intake/message.py",
    "pipeline/intake/worker.py",
    "pipeline/mail/smtp.py",
    # issue 14, the prose the pure core produces and the overview workbook
    "pipeline/core/assessment.py",
    "pipeline/core/coordination.py",
    "pipeline/core/flags.py",
    "pipeline/core/frame.py",
    "pipeline/core/joint.py",
    "pipeline/core/labels.py",
    "pipeline/core/model.py",
    "pipeline/core/scoring.py",
    "pipeline/core/versions.py",
    "pipeline/documents/overview.py",
    "pipeline/documents/xlsxtables.py",
    "pipeline/documents/statuscontext.py",  # issue 15: the status report's sentences
    "pipeline/documents/statusbook.py",  # issue 15: the status report's workbook
    "pipeline/documents/outbox.py",  # issue 14: what a run says about the documents it put in outbox/
    "pipeline/documents/rollcontext.py",  # issue 14: the rolled plan and the rolling case
    "pipeline/documents/rolldocs.py",
    # the command line (issue 14, room «kommandolinje og konsoll»)
    "pipeline/console/__init__.py",
    "pipeline/console/common.py",
    "pipeline/console/followup.py",
    "pipeline/console/rolling.py",
    "pipeline/console/decisions.py",
    "pipeline/console/demo.py",
    "pipeline/console/mailfetch.py",
    "pipeline/console/messages.py",
    "pipeline/console/outcomes.py",
    "pipeline/console/runreport.py",
    "pipeline/console/secretariat.py",
    "pipeline/console/status.py",
    "pipeline/console/store.py",
    "pipeline/console/watch.py",
    "pipeline/cli/__init__.py",
    "pipeline/cli/followup.py",
    "pipeline/cli/yearly.py",
    "pipeline/cli/inbox.py",
    "pipeline/cli/secretariat.py",
    "pipeline/cli/setup.py",
    "pipeline/cli/store.py",
    "pipeline/watch.py",
    "pipeline/build.py",
    "pipeline/intake/status.py",
    # issue 15, the yearly cycle: its errors
    "pipeline/followuprun.py",
    "pipeline/rollrun.py",
    "pipeline/intake/followup.py",
    "pipeline/config.py",
    "pipeline/configcheck.py",
    "pipeline/workspace.py",
    "pipeline/errors.py",
    # issue 14, the secretariat's decisions workbook
    "pipeline/forms/decisionbook.py",
    "pipeline/forms/decisionsheet.py",
    "pipeline/decisionrun.py",
    "pipeline/core/decisions.py",
    "pipeline/core/roster.py",
    "pipeline/intake/actions.py",
    # issue 14, the rest of the core, the intake and the store (branch i14-coresweep); modules
    # without reader text are here too, so a string added to them later must be translated
    "pipeline/core/baseline.py",
    "pipeline/core/barometer.py",
    "pipeline/core/comparison.py",
    "pipeline/core/economics.py",
    "pipeline/core/followup.py",
    "pipeline/core/followupreport.py",
    "pipeline/core/rollover.py",
    "pipeline/intake/groupcommit.py",
    "pipeline/intake/inbox.py",
    "pipeline/intake/netfs.py",
    "pipeline/intake/readahead.py",
    "pipeline/intake/receive.py",
    "pipeline/intake/receivemessage.py",
    "pipeline/intake/samarbeid.py",
    "pipeline/intake/store_copy.py",
    "pipeline/intake/store_joint.py",
    "pipeline/intake/store_postgres.py",
    "pipeline/intake/store_roster.py",
    "pipeline/intake/store_settings.py",
    "pipeline/forms/fastreader.py",
    "pipeline/forms/formfill.py",
    "pipeline/lager.py",
    "pipeline/publication.py",
    "pipeline/jsonreport.py",
    "pipeline/runlog.py",
    "pipeline/faults.py",
    "pipeline/formatting.py",
    # issue 14, the last of the command line: fetching mail and its settings
    "pipeline/mail/imap.py",
    "pipeline/mail/settings.py",
    # the store's and the workspace's own errors (SQLite; PostgreSQL not yet)
    "pipeline/fileio.py",
    "pipeline/intake/migrations.py",
    "pipeline/intake/store.py",
    "pipeline/intake/store_sqlite.py",
    "pipeline/intake/rebuild.py",
    "pipeline/intake/store_history.py",
    "pipeline/intake/store_followup.py",
    # issue 14, the documents room: the template check and what a run says about documents
    "pipeline/documents/templatecheck.py",
    "pipeline/documents/templatewarnings.py",
    "pipeline/documents/comparisoncontext.py",
    "pipeline/documents/prose.py",
    "pipeline/documents/rendering.py",
    "pipeline/documents/pdf.py",
    "pipeline/documents/pdfa.py",
    "pipeline/documents/jointoverview.py",
    "pipeline/documents/schemadoc.py",
    # reviewed: no text a reader sees (segments' one log line stays as logs do)
    "pipeline/documents/accessibility.py",
    "pipeline/documents/columns.py",
    "pipeline/documents/docxtemplate.py",
    "pipeline/documents/latevalues.py",
    "pipeline/documents/segments.py",
    "pipeline/documents/toc.py",
    # issue 14, the last rooms: no text a reader sees today; swept so that text added later is translated
    "pipeline/__init__.py",
    "pipeline/__main__.py",
    "pipeline/*/__init__.py",
    "pipeline/core/challenges.py",
    "pipeline/core/names.py",
    "pipeline/documents/cleaning.py",
    "pipeline/documents/fields.py",
    "pipeline/documents/templatefiles.py",
    "pipeline/forms/merged.py",
    "pipeline/forms/outlook.py",
    "pipeline/identity.py",
    "pipeline/intake/listing.py",
    "pipeline/intake/rekey.py",
    "pipeline/sekretariat.py",
    "pipeline/terminal.py",
)

#: The marker functions and which arguments are the text (Babel's keyword
#: specs: ``(1, "c")`` is the context). gettext's own names come first.
KEYWORDS: dict[str, object] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    "NP_": ((1, "c"), 2),
    "Msg": None,
    "pMsg": ((1, "c"), 2),
    "nMsg": (1, 2),
    "npMsg": ((1, "c"), 2, 3),
}
#: Comments above a message that go into the catalogue for the translator.
COMMENT_TAGS = ("TRANSLATORS:",)

_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}|%\(([A-Za-z_]+)\)s")


# --- extraction --------------------------------------------------------------------------------


def _method_map() -> list[tuple[str, str]]:
    from babel.messages.frontend import parse_mapping_cfg

    if not BABEL_CFG.is_file():
        raise SystemExit(f"Fant ikke {BABEL_CFG}: kjør verktøyet fra en utsjekk av iktplan.")
    with open(BABEL_CFG, encoding="utf-8") as f:
        method_map, _options = parse_mapping_cfg(f)
    return method_map


def extract():
    """The messages marked in ``pipeline/`` now, as a Babel ``Catalog`` (the
    template; locations without line numbers, so the files change only when
    the text does)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="iktplan", fuzzy=False, header_comment=_HEADER, msgid_bugs_address="")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(REPO), method_map=_method_map(), keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        template.add(message, None, [(Path(filename).as_posix(), lineno)], auto_comments=comments, context=context)
    return template


_HEADER = """\
# The reader-facing text of iktplan. The msgids are bokmål, the source language.
# Kept with: python3 -m pipeline.i18n.catalogue update (docs/sprak.md)."""


# --- reading and writing -------------------------------------------------------------------------


def languages(domain: str = DOMAIN) -> list[str]:
    """The languages with a ``.po`` for *domain*, by folder name."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po"))


def po_path(code: str, domain: str = DOMAIN) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{domain}.po"


def template_path(domain: str = DOMAIN) -> Path:
    return TEMPLATE if domain == DOMAIN else LOCALE_DIR / f"{domain}.pot"


def extract_domain(domain: str):
    """The template of *domain*: what our code marks, or what the installed click has."""
    return extract() if domain == DOMAIN else clickcatalogue.click_template()


def read(path: Path, code: str | None = None):
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        return read_po(f, locale=code)


def _write(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    for message in catalog:  # files only, once each: line numbers would change the file on every edit
        message.locations = sorted({(file, None) for file, _line in message.locations})
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_by_file=True, include_lineno=False, ignore_obsolete=True,
             omit_header=False)
    data = _tidy(buffer.getvalue())
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _tidy(data: bytes) -> bytes:
    """The header's creation and revision dates change on every run; keep them
    out so an unchanged catalogue is an unchanged file."""
    data = re.sub(rb'"(POT-Creation-Date|PO-Revision-Date|Report-Msgid-Bugs-To): [^"]*\\n"\n', b"", data)
    return re.sub(rb'"Project-Id-Version: [^"]*\\n"', lambda m: b'"Project-Id-Version: iktplan\\n"', data)


_NO_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def update() -> None:
    """Extract, write the templates, merge them into every ``.po``, compile."""
    for domain in DOMAINS:
        template = extract_domain(domain)
        _write(template_path(domain), template)
        for code in languages(domain):
            catalog = read(po_path(code, domain), code)
            catalog.update(template, update_header_comment=False)
            _write(po_path(code, domain), catalog)
    compile_all()


def compile_all() -> None:
    from babel.messages.mofile import write_mo

    for domain in DOMAINS:
        for code in languages(domain):
            catalog = read(po_path(code, domain), code)
            # The .po files keep no dates (see _tidy); a fixed one keeps an unchanged .mo unchanged.
            catalog.creation_date = catalog.revision_date = _NO_DATE
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            target = po_path(code, domain).with_suffix(".mo")
            if not target.exists() or target.read_bytes() != buffer.getvalue():
                target.write_bytes(buffer.getvalue())


def init(code: str) -> Path:
    """A new language's ``iktplan.po`` from the template (every ``msgstr`` empty)."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog

    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise SystemExit(f"«{code}» er ikke en språkkode CLDR kjenner (f.eks. sv, en, se).") from None
    path = po_path(code)
    if path.exists():
        raise SystemExit(f"{path} finnes allerede.")
    for domain in DOMAINS:
        template = read(template_path(domain))
        catalog = Catalog(locale=code, project=domain, fuzzy=False, header_comment=_HEADER, msgid_bugs_address="",
                          last_translator="iktplan", language_team=Locale.parse(code).get_display_name(code))
        catalog.update(template)
        po_path(code, domain).parent.mkdir(parents=True, exist_ok=True)
        _write(po_path(code, domain), catalog)
    compile_all()
    return path


# --- checks --------------------------------------------------------------------------------------


def _key(message) -> tuple:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    return (message.context, *ids)


def is_swept(locations) -> bool:
    """Whether a message found at *locations* ((file, line) pairs) is in a swept module."""
    return any(fnmatch.fnmatch(file, pattern) for file, _line in locations for pattern in SWEPT)


def fields(text: str) -> set[str]:
    """The names of the ``{field}`` (and ``%(field)s``) placeholders in *text*."""
    return {a or b for a, b in _FIELD.findall(text)}


@dataclass
class Report:
    problems: list[str]
    pending: dict[str, int]  # language → messages not yet translated (outside swept modules)


def stale_template(fresh, committed) -> list[str]:
    """What the committed template lacks or has too many of, against *fresh*."""
    now = {_key(m): m for m in fresh if m.id}
    then = {_key(m) for m in committed if m.id}
    new = [m for k, m in now.items() if k not in then]
    gone = then - set(now)
    if not new and not gone:
        return []
    example = f" (f.eks. «{_text(new[0])}» i {new[0].locations[0][0]})" if new else ""
    return [f"iktplan.pot er ikke oppdatert: {len(new)} nye og {len(gone)} fjernede tekster{example}. "
            f"Kjør «{UPDATE}», oversett det nye i nn og da, og kjør «python3 -m pipeline.i18n.catalogue compile»."]


def _text(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def po_messages(code: str, domain: str = DOMAIN) -> dict:
    """The entries of *code*'s ``.po`` as the compiled ``.mo`` must hold them,
    keyed as :class:`gettext.GNUTranslations` keys them: the non-fuzzy
    translations, and every plural message (Babel's ``write_mo`` writes an
    untranslated plural form as its msgid, which is what gettext shows anyway)."""
    found: dict = {}
    for m in read(po_path(code, domain), code):
        if not m.id or m.fuzzy:
            continue
        prefix = f"{m.context}\x04" if m.context else ""
        if m.pluralizable:
            for i, text in enumerate(m.string):
                found[(prefix + m.id[0], i)] = text or m.id[min(i, 1)]
        elif m.string:
            found[prefix + m.id] = m.string
    return found


def mo_messages(code: str, domain: str = DOMAIN) -> dict:
    """The entries of *code*'s compiled ``.mo`` (without the header)."""
    with open(po_path(code, domain).with_suffix(".mo"), "rb") as f:
        catalog = dict(gettext.GNUTranslations(f)._catalog)  # noqa: SLF001 - the parsed entries
    catalog.pop("", None)
    return catalog


def language_problems(code: str, fresh) -> tuple[list[str], int]:
    """Everything wrong with *code*'s catalogue against the *fresh* extraction,
    and how many messages outside the swept modules still wait for a translation."""
    problems: list[str] = []
    if not po_path(code).with_suffix(".mo").is_file() or mo_messages(code) != po_messages(code):
        problems.append(f"{code}/{DOMAIN}.mo er ikke kompilert fra {DOMAIN}.po: kjør «python3 -m "
                        "pipeline.i18n.catalogue compile».")
    catalog = {_key(m): m for m in read(po_path(code), code) if m.id}
    pending = 0
    missing = [m for m in fresh if m.id and _key(m) not in catalog]
    if missing:
        problems.append(f"{code}/{DOMAIN}.po mangler {len(missing)} tekster (f.eks. «{_text(missing[0])}»): "
                        f"kjør «{UPDATE}».")
    for m in fresh:
        if not m.id or _key(m) not in catalog:
            continue
        entry = catalog[_key(m)]
        strings = list(entry.string) if entry.pluralizable else [entry.string]
        where = f"«{_text(m)}» ({m.locations[0][0]})"
        if code == DEFAULT_LANGUAGE:
            if any(strings):
                problems.append(f"{code}: {where} har en oversettelse; bokmål er kildeteksten, så msgstr skal "
                                "være tom (endre teksten i koden i stedet).")
            continue
        if entry.fuzzy or not all(strings):
            if is_swept(m.locations):
                state = "er usikker (fuzzy)" if entry.fuzzy and all(strings) else "er ikke oversatt"
                problems.append(f"{code}: {where} {state}, men modulen er gjennomgått (SWEPT).")
            else:
                pending += 1
            continue
        problems += _placeholder_problems(code, where, m, strings)
    return problems, pending


def _placeholder_problems(code: str, where: str, message, strings: list[str]) -> list[str]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    wanted = set().union(*(fields(i) for i in ids))
    found = []
    for n, text in enumerate(strings):
        have = fields(text)
        if have - wanted:
            found.append(f"{code}: {where}: ukjente plassholdere {sorted(have - wanted)} i «{text}».")
        # The singular form of a plural message may leave out the count («Vi fann éin feil»).
        lost = wanted - have - ({"n"} if len(ids) > 1 and n == 0 else set())
        if lost:
            found.append(f"{code}: {where}: mangler plassholderne {sorted(lost)} i «{text}».")
    return found


def marker_problems() -> list[str]:
    """Marked text the extraction cannot see or translate (:func:`built_messages`)
    in every file the extraction reads."""
    patterns = [pattern for pattern, method in _method_map() if method == "python"]
    ignored = [pattern for pattern, method in _method_map() if method == "ignore"]
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if any(fnmatch.fnmatch(rel, p) for p in ignored) or not any(fnmatch.fnmatch(rel, p) for p in patterns):
            continue
        found += built_messages(path.read_text("utf-8"), rel)
    return found


def built_messages(source: str, name: str) -> list[str]:
    """One sentence per marker call in *source* whose text is built in the code
    (an f-string, ``+``, ``%`` or ``.format()``): extraction cannot see what it
    becomes, so it can never be translated."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.Call):
            continue
        marker = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if marker not in KEYWORDS:
            continue
        for position in KEYWORDS[marker] or (1,):
            index = (position[0] if isinstance(position, tuple) else position) - 1
            if index < len(node.args) and _built(node.args[index]):
                found.append(f"{name}:{node.lineno}: {marker}() får en tekst som bygges i koden (f-streng, + eller "
                             ".format); skriv en fast tekst med navngitte {plassholdere} og gi verdiene som "
                             "nøkkelord.")
    return found


def _built(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "format"


def report(fresh=None) -> Report:
    """Every problem with the catalogues, and the pending work per language."""
    fresh = fresh if fresh is not None else extract()
    problems = marker_problems()
    if not TEMPLATE.is_file():
        problems.append(f"{TEMPLATE.name} mangler: kjør «{UPDATE}».")
    else:
        problems += stale_template(fresh, read(TEMPLATE))
    pending = {}
    codes = languages()
    if DEFAULT_LANGUAGE not in codes:
        problems.append(f"{DEFAULT_LANGUAGE}/{DOMAIN}.po mangler.")
    for code in codes:
        found, pending[code] = language_problems(code, fresh)
        problems += found
    problems += click_problems()
    return Report(problems, pending)


def click_problems() -> list[str]:
    """Everything wrong with the ``click`` domain: a stale template, a language
    without a ``click.po``, a stale ``.mo``, a message of the installed click
    not translated, a placeholder lost or invented."""
    template = clickcatalogue.click_template()
    found = []
    if not template_path(CLICK).is_file():
        found.append(f"click.pot mangler: kjør «{UPDATE}».")
    elif {_key(m) for m in read(template_path(CLICK)) if m.id} != {_key(m) for m in template if m.id}:
        found.append(f"click.pot er ikke det den installerte click har (ny click-versjon?): kjør «{UPDATE}» og "
                     "oversett de nye meldingene i hver click.po.")
    for code in sorted(set(languages()) - set(languages(CLICK))):
        found.append(f"{code}/click.po mangler: click ville snakket engelsk til brukere av {code}.")
    for code in languages(CLICK):
        if not po_path(code, CLICK).with_suffix(".mo").is_file() or \
                mo_messages(code, CLICK) != po_messages(code, CLICK):
            found.append(f"{code}/click.mo er ikke kompilert fra click.po: kjør «python3 -m pipeline.i18n.catalogue "
                         "compile».")
        found += clickcatalogue.problems(code, read(po_path(code, CLICK), code), template, fields)
    return found


def main(argv: list[str]) -> int:
    command, *rest = argv or [""]
    if command == "update" and not rest:
        update()
        print(f"Oppdatert {TEMPLATE.relative_to(REPO)} og {', '.join(languages())}. Oversett det nye "
              "(tom msgstr eller «fuzzy») og kjør «compile».")
        return _print_check()
    if command == "compile" and not rest:
        compile_all()
        return _print_check()
    if command == "check" and not rest:
        return _print_check()
    if command == "init" and len(rest) == 1:
        print(f"Laget {init(rest[0]).relative_to(REPO)}. Se docs/sprak.md om hva et nytt språk trenger mer.")
        return 0
    print("Bruk: python3 -m pipeline.i18n.catalogue update|compile|check|init KODE", file=sys.stderr)
    return 2


def _print_check() -> int:
    found = report()
    for problem in found.problems:
        print(problem)
    waiting = ", ".join(f"{code}: {n}" for code, n in found.pending.items() if code != DEFAULT_LANGUAGE and n)
    if waiting:
        print(f"Venter på oversettelse (moduler som ikke er gjennomgått ennå, vises på bokmål): {waiting}.")
    if not found.problems:
        print("Katalogene er i orden.")
    return 1 if found.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
