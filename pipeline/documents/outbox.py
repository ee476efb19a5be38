"""Publish a rendered version: archive it, then replace the current documents.

The documents are rendered into a staging folder first (all or nothing). Then
:func:`publish` copies them into ``outbox/arkiv/v<N>/`` and replaces the current
files at their fixed paths in ``outbox/``, each through the one atomic writer
(:func:`pipeline.fileio.atomic_write_bytes`: a temporary file in the same folder,
flushed to disk and renamed over the old one). A reader, or Word opening the
document on a share, sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import errno
from pathlib import Path

from pipeline import faults
from pipeline.errors import WorkspaceError
from pipeline.fileio import ReplaceError, atomic_write_bytes, write_error

ARCHIVE = "arkiv"


def archive_dir(outbox_dir: Path, version_number: int) -> Path:
    return Path(outbox_dir) / ARCHIVE / f"v{version_number}"


def publish(staging_dir: Path, outbox_dir: Path, version_number: int) -> list[Path]:
    """Archive every file of *staging_dir* as version *version_number* and make
    them the current documents; return the current paths in ``outbox/``.

    A ``X.pdf`` in ``outbox/`` whose ``X.docx`` is published without a PDF is
    removed: it belongs to an older version (which keeps it in its archive)."""
    staging_dir, outbox_dir = Path(staging_dir), Path(outbox_dir)
    files = sorted(p for p in staging_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise WorkspaceError(f"Det er ingen dokumenter å publisere i {staging_dir}.")
    archive = archive_dir(outbox_dir, version_number)
    _refuse_to_replace_archived(files, archive)
    for f in files:
        if not (archive / f.name).exists():  # already there with these bytes: a publish being finished
            _install(f.read_bytes(), archive / f.name)
    faults.point("outbox.archived")
    current = []
    for f in files:
        current.append(_install(f.read_bytes(), outbox_dir / f.name, archive=archive))
        faults.point("outbox.replaced")
    names = {f.name for f in files}
    for f in files:
        stale = outbox_dir / f"{f.stem}.pdf"
        if f.suffix.lower() == ".docx" and stale.name not in names and stale.exists():
            try:
                stale.unlink()
            except OSError:
                pass  # an old PDF left behind is harmless: the archive says which version it is
    return current


def _refuse_to_replace_archived(files: list[Path], archive: Path) -> None:
    """An archived version is never overwritten, whatever the caller believes the next
    number is: the politicians may have read it. Only the very same bytes may be
    there already (a publish interrupted and finished by the next run)."""
    for f in files:
        kept = archive / f.name
        if kept.exists() and (not kept.is_file() or kept.read_bytes() != f.read_bytes()):
            raise WorkspaceError(
                f"{archive} finnes allerede med andre dokumenter, og en arkivert versjon skrives aldri over. "
                "Lageret i .iktplan stemmer trolig ikke med arkivet (tomt, skadet eller lagt tilbake fra en eldre "
                "sikkerhetskopi): bygg det opp igjen med «iktplan gjenopprett-lager». Ingenting er endret."
            )


def _install(data: bytes, target: Path, archive: Path | None = None) -> Path:
    """Write *data* to *target* atomically; *archive*: where this version is kept
    whole, for the message when the current file cannot be replaced."""
    where = f" Den nye versjonen ligger i {archive}." if archive else ""
    try:
        return atomic_write_bytes(target, data, written=_temp_written, replaced=_no_point)
    except ReplaceError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise WorkspaceError(
                f"Kan ikke erstatte {target}: fila er trolig åpen i et annet program (f.eks. Word). "
                f"Lukk den og kjør på nytt.{where}"
            ) from None
        raise WorkspaceError(f"Kan ikke skrive {target}: {exc.strerror}.{where}") from None
    except OSError as exc:
        raise WorkspaceError(write_error(exc, target).message + where) from None


def _temp_written() -> None:
    faults.point("outbox.temp-written")


def _no_point() -> None:
    """After the rename: :func:`publish` marks each current file replaced itself."""
