"""The Word templates as bytes, for the version fingerprint
(:func:`pipeline.core.versions.fingerprint`): reading them is I/O, so it lives here
and not in the pure core. Light on purpose: a run with nothing new calls it
without loading any Word library."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.versions import DOCUMENTS


def template_bytes(templates_dir: Path) -> bytes:
    """The three templates' bytes in a fixed order, for the version fingerprint.
    A missing template contributes its name only (rendering will then fail)."""
    parts = []
    for name in DOCUMENTS:
        path = Path(templates_dir) / name
        parts.append(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<mangler>") + b"\0")
    return b"".join(parts)
