"""Languages. Today: click's own messages (usage errors, help headings) in
Norwegian, through click's supported hook, a ``click`` gettext domain
(:mod:`pipeline.i18n.clicklang`). The catalogue is kept with a developer's tool
that needs Babel, ``tests/support/catalogues.py`` (``update``, ``compile``,
``check``); the program needs only the standard library.

The catalogues live in ``pipeline/locale/<language>/LC_MESSAGES/<domain>.po``
with the compiled ``.mo`` beside them, committed: click reads ``.mo`` files from
disk through the module-level :mod:`gettext` API, and an editable or plain
``pip install`` runs no compile step. Tests keep each ``.mo`` equal to its
``.po`` and every message of the installed click translated.
"""

from __future__ import annotations

from pathlib import Path

#: ``pipeline/locale``: one folder per language, ``LC_MESSAGES/<domain>.po`` and ``.mo`` in each.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: The language every command speaks until a workspace can choose another (issue 14).
DEFAULT_LANGUAGE = "nb"
