"""The Word templates of a workspace: where each one is, and their bytes for the
version fingerprint (:func:`pipeline.core.versions.fingerprint`): reading them is
I/O, so it lives here and not in the pure core. Light on purpose: a run with
nothing new calls it without loading any Word library.

A template is named after its document, in the workspace's language
(``word_templates/It-strategi.docx`` in Danish). A workspace whose language was
changed keeps its old templates until the secretariat copies in the new set, so
a template missing under its own name is found under its name in another
language (bokmål first)."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.versions import DOCUMENTS
from pipeline.i18n import Lang
from pipeline.i18n.filenames import FileNames, every_name


def template_paths(templates_dir: Path, lang: Lang | None = None) -> dict[str, Path]:
    """The template of each document (by key, in :data:`DOCUMENTS` order) in
    *templates_dir*, for a workspace in *lang* (None: bokmål): its own name, or,
    when there is no file by that name, the first found under another language's
    name; a template found under no name has its own (missing) path."""
    names = FileNames(lang)
    found = {}
    for key in DOCUMENTS:
        own = Path(templates_dir) / names.name(key)
        found[key] = own if own.is_file() else next(
            (p for p in (Path(templates_dir) / n for n in every_name(key)) if p.is_file()), own)
    return found


def template_bytes(templates_dir: Path, lang: Lang | None = None) -> bytes:
    """The three templates' bytes in a fixed order, for the version fingerprint.
    A missing template contributes its name only (rendering will then fail)."""
    parts = []
    for path in template_paths(templates_dir, lang).values():
        parts.append(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<mangler>") + b"\0")
    return b"".join(parts)
