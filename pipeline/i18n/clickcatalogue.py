"""click's own messages: the ``click`` domain of :mod:`pipeline.i18n.catalogue`.

click's msgids are English and come from the *installed* click, not from our
code, so its template is extracted from click's folder, and every language –
bokmål too – translates every message: a click upgrade with new messages fails
the check (and ``tests/i18n/``) instead of speaking English to a secretariat.
After an upgrade: ``python3 -m pipeline.i18n.catalogue update``, translate the
new entries of every ``click.po`` (empty ``msgstr``), ``compile``, commit.
"""

from __future__ import annotations

from pathlib import Path

CLICK = "click"

#: Messages click translates through a variable, which extraction cannot see:
#: ``_(extra["required"])`` in ``Option.get_help_extra`` («[required]»).
CLICK_EXTRA_MSGIDS = ("required",)

#: Placeholders a translation may leave out on purpose, per msgid. click fills
#: ``{number_type}`` with an English type name («integer») and ``{param_type}``
#: with «option»/«argument»; the sentence reads better without them.
OPTIONAL_FIELDS = {
    "{value!r} is not a valid {number_type}.": {"number_type"},
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": {"param_type"},
}


def click_template():
    """click's messages, extracted from the installed click (a Babel ``Catalog``)."""
    from importlib.metadata import version

    import click
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    folder = Path(click.__file__).parent
    template = Catalog(project="click", version=version("click"), fuzzy=False, msgid_bugs_address="",
                       header_comment="# click's own messages, extracted from the installed click.\n"
                                      "# Kept with: python3 -m pipeline.i18n.catalogue update (docs/sprak.md).")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(folder), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for msgid in CLICK_EXTRA_MSGIDS:
        template.add(msgid, None, [], auto_comments=["click translates it through a variable (Option.get_help_extra)"])
    return template


def problems(code: str, catalog, template, fields) -> list[str]:
    """Every message of *template* (the installed click) that *catalog* (a
    language's ``click.po``) lacks a translation for, or translates with a
    placeholder too many or too few. *fields* gives a text's placeholder names."""
    translated = {m.id if not m.pluralizable else m.id[0]: m for m in catalog if m.id and not m.fuzzy}
    found = []
    for m in template:
        if not m.id:
            continue
        ids = m.id if m.pluralizable else (m.id,)
        entry = translated.get(ids[0])
        texts = (list(entry.string) if entry.pluralizable else [entry.string]) if entry is not None else []
        if not texts or not all(texts):
            found.append(f"{code}/click.po: ikke oversatt: «{ids[0]}».")
            continue
        optional = OPTIONAL_FIELDS.get(ids[0], set())
        for n, text in enumerate(texts):
            wanted = fields(ids[min(n, len(ids) - 1)])  # forms after the first follow the plural msgid
            have = fields(text)
            if have - wanted:
                found.append(f"{code}/click.po: «{ids[0]}»: ukjente plassholdere {sorted(have - wanted)} i «{text}».")
            if wanted - optional - have:
                found.append(f"{code}/click.po: «{ids[0]}»: mangler {sorted(wanted - optional - have)} i «{text}».")
    return found
