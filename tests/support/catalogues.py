"""Keep the gettext catalogues: ``python tests/support/catalogues.py update``
extracts click's messages from the *installed* click into
``pipeline/locale/click.pot``, merges them into every language's ``click.po``
and compiles the ``.mo`` files; ``check`` lists what is stale or untranslated
(``tests/i18n/`` runs the same checks).

A developer's tool, so it lives with the tests: it needs Babel (in the ``test``
extra), while the program itself reads only the compiled ``.mo`` files, with
the standard library. After a click upgrade: ``update``, translate the new
entries in each ``click.po`` (they have an empty ``msgstr``), ``compile``,
commit.
"""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

#: ``pipeline/locale`` of this checkout (also when run as a script, outside pytest).
LOCALE_DIR = Path(__file__).resolve().parents[2] / "pipeline" / "locale"

CLICK = "click"

#: Messages click translates through a variable, which extraction cannot see:
#: ``_(extra["required"])`` in ``Option.get_help_extra`` («[required]»).
CLICK_EXTRA_MSGIDS = ("required",)

#: Placeholders a translation may leave out on purpose, per msgid. click fills
#: ``{number_type}`` with an English type name («integer») and ``{param_type}``
#: with «option»/«argument»; the Norwegian sentence reads better without them.
OPTIONAL_FIELDS = {
    "{value!r} is not a valid {number_type}.": {"number_type"},
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": {"param_type"},
}

_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}|%\(([A-Za-z_]+)\)s")


def languages(domain: str = CLICK) -> list[str]:
    """The languages with a ``.po`` for *domain*, by folder name."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po"))


def po_path(language: str, domain: str = CLICK) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def click_template():
    """click's messages, extracted from the installed click (a Babel ``Catalog``)."""
    import click
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    from importlib.metadata import version

    folder = Path(click.__file__).parent
    template = Catalog(project="click", version=version("click"), fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(folder), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for msgid in CLICK_EXTRA_MSGIDS:
        template.add(msgid, None, [], auto_comments=["click translates it through a variable (Option.get_help_extra)"])
    return template


def update() -> None:
    """Write ``click.pot``, merge it into every ``click.po``, compile."""
    from babel.messages.pofile import read_po, write_po

    template = click_template()
    with open(LOCALE_DIR / f"{CLICK}.pot", "wb") as f:
        write_po(f, template, width=100, omit_header=False)
    for language in languages():
        path = po_path(language)
        with open(path, "rb") as f:
            catalog = read_po(f, locale=language)
        catalog.update(template, update_header_comment=False)
        with open(path, "wb") as f:
            write_po(f, catalog, width=100, ignore_obsolete=True)
    compile_all()


def compile_all(domain: str = CLICK) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for language in languages(domain):
        path = po_path(language, domain)
        with open(path, "rb") as f:
            catalog = read_po(f, locale=language)
        with open(path.with_suffix(".mo"), "wb") as f:
            write_mo(f, catalog, use_fuzzy=False)


def po_messages(language: str, domain: str = CLICK) -> dict:
    """The translated, non-fuzzy entries of a ``.po`` as :class:`gettext.GNUTranslations`
    keys them: ``msgid`` → text, plurals as ``(msgid, n)`` → text."""
    from babel.messages.pofile import read_po

    with open(po_path(language, domain), "rb") as f:
        catalog = read_po(f, locale=language)
    found: dict = {}
    for m in catalog:
        if not m.id or m.fuzzy or not m.string or not all(m.string if m.pluralizable else [m.string]):
            continue
        prefix = f"{m.context}\x04" if m.context else ""
        if m.pluralizable:
            for i, text in enumerate(m.string):
                found[(prefix + m.id[0], i)] = text
        else:
            found[prefix + m.id] = m.string
    return found


def mo_messages(language: str, domain: str = CLICK) -> dict:
    """The entries of the compiled ``.mo`` (without the header)."""
    with open(po_path(language, domain).with_suffix(".mo"), "rb") as f:
        catalog = dict(gettext.GNUTranslations(f)._catalog)  # noqa: SLF001 - the parsed entries
    catalog.pop("", None)
    return catalog


def fields(text: str) -> set[str]:
    """The names of the ``{field}`` and ``%(field)s`` placeholders in *text*."""
    return {a or b for a, b in _FIELD.findall(text)}


def problems(language: str) -> list[str]:
    """Everything wrong with *language*'s click catalogue: stale ``.mo``,
    messages of the installed click without a translation, placeholders a
    translation invents or loses. Empty: all is well."""
    found = []
    translated = po_messages(language)
    if mo_messages(language) != translated:
        found.append(f"{language}/click.mo er ikke kompilert fra click.po (kjør «update» eller «compile»)")
    for m in click_template():
        if not m.id:
            continue
        ids = m.id if m.pluralizable else (m.id,)
        keys = [(ids[0], i) for i in range(2)] if m.pluralizable else [ids[0]]
        texts = [translated.get(k) for k in keys]
        if any(t is None for t in texts):
            found.append(f"{language}: ikke oversatt: {ids[0]!r}")
            continue
        optional = OPTIONAL_FIELDS.get(ids[0], set())
        for n, text in enumerate(texts):
            wanted = fields(ids[min(n, len(ids) - 1)])  # plural forms after the first follow the plural msgid
            have = fields(text)
            if have - wanted:
                found.append(f"{language}: {ids[0]!r}: ukjente felt {sorted(have - wanted)} i {text!r}")
            if wanted - optional - have:
                found.append(f"{language}: {ids[0]!r}: mangler {sorted(wanted - optional - have)} i {text!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = [p for language in languages() for p in problems(language)]
        print("\n".join(found) or "Katalogene er i orden.")
        return 1 if found else 0
    else:
        print("Bruk: python tests/support/catalogues.py update|compile|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
