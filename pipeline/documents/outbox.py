"""Publish a rendered version: archive it, then replace the current documents,
never losing what a person did to them.

The documents are rendered into a staging folder first (all or nothing). Then
:func:`publish` copies them into ``outbox/arkiv/v<N>/`` and replaces the current
files at their fixed paths in ``outbox/``, each through the one atomic writer
(:func:`pipeline.fileio.atomic_write_bytes`: a temporary file in the same folder,
flushed to disk and renamed over the old one). A reader, or Word opening the
document on a share, sees the old file or the new one, never half of one.

Hand edits. Before a current file is replaced, its bytes are compared with the
archived copies (the archive is what was published; no store is needed). A file
that matches none of them was changed by a person: it is kept in the archive of
the version it was made from, as ``Saksframlegg (redigert 29.11.2026 kl.
14.02).docx`` (the time it was last saved), before the new version takes its
place, and the run says so. A file that is open in Word, Excel or LibreOffice
(:func:`pipeline.fileio.office_lock`) is not replaced at all: the new version
waits in its archive, and a later run puts it in place once the file is closed
(:func:`settle`). The same holds for the PDFs and the overview workbook: no
person's bytes are ever overwritten or deleted without a copy and a word.
"""

from __future__ import annotations

import errno
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline import faults
from pipeline.errors import WorkspaceError
from pipeline.fileio import ReplaceError, atomic_write_bytes, office_lock, write_error
from pipeline.formatting import file_stamp
from pipeline.i18n import Lang, Msg
from pipeline.i18n.filenames import EDITED as EDITED_WORD
from pipeline.i18n.filenames import MADE, FileNames, every_word

#: The version archive, ``outbox/arkiv/``: the same word in nb, nn and da, and the same folder when a
#: workspace's language changes (:mod:`pipeline.i18n.filenames`).
ARCHIVE = "arkiv"
#: «redigert» in an edited copy's name, in bokmål; each language has its own
#: (:data:`pipeline.i18n.filenames.EDITED`).
EDITED = EDITED_WORD.id
#: The folder in ``arkiv/vN/`` with the documents as they were sent to political
#: treatment (``iktplan publiser``): the same version without the draft marks.
SENT = "sendt"
_VERSION_DIR = re.compile(r"v(\d+)")


def archive_dir(outbox_dir: Path, version_number: int) -> Path:
    return Path(outbox_dir) / ARCHIVE / f"v{version_number}"


@dataclass
class OutboxReport:
    """What publishing (or settling) did besides putting files in place."""

    current: list[Path] = field(default_factory=list)  # files written to outbox/ now
    #: A person's edited file, kept: (the file's name in outbox/, where its bytes are now).
    kept: list[tuple[str, Path]] = field(default_factory=list)
    #: Files left as they are because they are open: (name in outbox/, the lock file, where the new version waits).
    waiting: list[tuple[str, Path, Path]] = field(default_factory=list)
    #: Current files a person has edited since they were published (no new version replaced them).
    edited: list[str] = field(default_factory=list)

    def notes(self, outbox_dir: Path) -> list[Msg]:
        """What the run's output says about it, as messages (shown in the workspace's language)."""
        root = Path(outbox_dir).parent
        lines = []
        for name, kept in self.kept:
            # TRANSLATORS: {file} is a document's file name (e.g. «Saksframlegg.docx»); {path} where
            # its edited copy is kept.
            lines.append(Msg(
                "{file} var endret for hånd. Endringene er tatt vare på i {path}; den nye versjonen ligger nå i "
                "outbox/. Skal endringene med neste gang, må de inn i tekstene (tekster/), strategi.toml eller malen.",
                file=name, path=_rel(kept, root)))
        for name, lock, waits in self.waiting:
            if lock.name != name:
                # TRANSLATORS: {lock} is the lock file Word or Excel leaves beside an open file («~$ksframlegg.docx»).
                lines.append(Msg(
                    "{file} er åpen i et annet program, så den er ikke byttet ut. Den nye versjonen ligger i {path} og "
                    "kommer i outbox/ neste gang iktplan kjøres etter at fila er lukket. (Er den ikke åpen, er "
                    "låsefila {lock} blitt liggende: slett den.)", file=name, path=_rel(waits, root), lock=lock.name))
            else:
                lines.append(Msg(
                    "{file} er åpen i et annet program, så den er ikke byttet ut. Den nye versjonen ligger i {path} og "
                    "kommer i outbox/ neste gang iktplan kjøres etter at fila er lukket.",
                    file=name, path=_rel(waits, root)))
        for name in self.edited:
            lines.append(Msg(
                "{file} i outbox/ er endret for hånd etter at den ble laget. Den blir liggende; når det kommer en "
                "ny versjon, tas den vare på i arkivet før den byttes ut.", file=name))
        return lines


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def published_hashes(outbox_dir: Path, name: str) -> set[str]:
    """The hashes of every archived copy of *name* (every version iktplan made,
    as a draft and as sent to political treatment)."""
    found = set()
    archive = Path(outbox_dir) / ARCHIVE
    if not archive.is_dir():
        return found
    for folder in archive.iterdir():
        if not _VERSION_DIR.fullmatch(folder.name):
            continue
        for copy in (folder / name, *folder.glob(f"{SENT}*/{name}")):
            if copy.is_file():
                try:
                    found.add(_sha(copy.read_bytes()))
                except OSError:
                    pass
    return found


def edited_name(name: str, saved: datetime, lang: Lang | None = None) -> str:
    """``Saksframlegg (redigert 29.11.2026 kl. 14.02).docx``, the word in *lang* (None: bokmål;
    Danish ``redigeret``)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    return f"{stem} ({FileNames(lang).edited} {file_stamp(saved)})" + (f".{suffix}" if suffix else "")


def _is_edited_copy(name: str) -> bool:
    """Whether *name* is that of an edited copy, in any language's word."""
    return any(f"({word} " in name for word in every_word(EDITED_WORD))


def keep_edited(current: Path, into: Path, lang: Lang | None = None) -> Path:
    """Keep *current* (a person's edited file) in the archive folder *into*,
    named by when it was saved (in *lang*; None: bokmål); an identical copy kept
    before is reused."""
    data = current.read_bytes()
    saved = datetime.fromtimestamp(current.stat().st_mtime)
    target = Path(into) / edited_name(current.name, saved, lang)
    n = 2
    while target.exists():
        if target.read_bytes() == data:
            return target
        stem, _, suffix = edited_name(current.name, saved, lang).rpartition(".")
        target = Path(into) / f"{stem} ({n}).{suffix}"
        n += 1
    _install(data, target)
    faults.point("outbox.edited-kept")
    return target


def publish(staging_dir: Path, outbox_dir: Path, version_number: int, previous: int | None = None,
            lang: Lang | None = None) -> OutboxReport:
    """Archive every file of *staging_dir* as version *version_number* and make
    them the current documents. *previous* is the version in ``outbox/`` until
    now (None: none): a person's edits of it are kept in its archive, named in
    the workspace's *lang* (None: bokmål).

    A ``X.pdf`` in ``outbox/`` whose ``X.docx`` is published without a PDF is
    taken away: it belongs to an older version, which keeps it in its archive
    (or, if a person changed it, it is kept in the archive first)."""
    staging_dir, outbox_dir = Path(staging_dir), Path(outbox_dir)
    files = sorted(p for p in staging_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise WorkspaceError(Msg("Det er ingen dokumenter å publisere i {folder}.", folder=str(staging_dir)))
    archive = archive_dir(outbox_dir, version_number)
    _refuse_to_replace_archived(files, archive)
    names = {f.name for f in files}
    stale_pdfs = [outbox_dir / f"{f.stem}.pdf" for f in files
                  if f.suffix.lower() == ".docx" and f"{f.stem}.pdf" not in names]
    # What iktplan made: every archived copy, and this version's own bytes.
    ours = {p.name: published_hashes(outbox_dir, p.name) for p in [*(outbox_dir / n for n in names), *stale_pdfs]}
    for f in files:
        if not (archive / f.name).exists():  # already there with these bytes: a publish being finished
            _install(f.read_bytes(), archive / f.name)
    faults.point("outbox.archived")
    edits_into = archive_dir(outbox_dir, previous if previous is not None else version_number)
    report = _put_in_place(files, outbox_dir, archive, edits_into, ours, lang)
    for stale in stale_pdfs:
        if stale.exists():
            _take_away(stale, ours[stale.name], edits_into, report, lang)
    return report


def put_in_place(source_dir: Path, outbox_dir: Path, version_number: int, lang: Lang | None = None) -> OutboxReport:
    """Make the files of *source_dir* (archived already: e.g. a version's documents
    as sent to political treatment) the current ones in ``outbox/``, keeping a
    person's edits in the archive of *version_number* (named in *lang*; None: bokmål)
    and leaving open files alone."""
    source_dir, outbox_dir = Path(source_dir), Path(outbox_dir)
    files = sorted(p for p in source_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    ours = {f.name: published_hashes(outbox_dir, f.name) for f in files}
    archive = archive_dir(outbox_dir, version_number)
    archive.mkdir(parents=True, exist_ok=True)
    return _put_in_place(files, outbox_dir, source_dir, archive, ours, lang)


def _put_in_place(files: list[Path], outbox_dir: Path, archive: Path, edits_into: Path,
                  ours: dict[str, set[str]], lang: Lang | None = None) -> OutboxReport:
    report = OutboxReport()
    for f in files:
        target = outbox_dir / f.name
        data = f.read_bytes()
        if _place(data, target, ours[f.name] | {_sha(data)}, archive, edits_into, report, lang):
            report.current.append(target)
            faults.point("outbox.replaced")
    return report


def _place(data: bytes, target: Path, ours: set[str], archive: Path, edits_into: Path,
           report: OutboxReport, lang: Lang | None = None) -> bool:
    """Put *data* at *target* unless it is there already or the file there is open.
    A file there whose hash is not in *ours* (what iktplan made) is a person's
    edit, and is kept first. True when *target* was written."""
    if target.exists():
        lock = office_lock(target)
        if lock is not None:
            report.waiting.append((target.name, lock, archive / target.name))
            return False
        try:
            there = target.read_bytes()
        except OSError as exc:
            raise write_error(exc, target) from None
        if there == data:
            return False
        if _sha(there) not in ours:
            edits_into.mkdir(parents=True, exist_ok=True)
            report.kept.append((target.name, keep_edited(target, edits_into, lang)))
    try:
        atomic_write_bytes(target, data, written=_temp_written, replaced=_no_point)
    except ReplaceError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):  # Windows: open in Word, so it cannot be replaced
            report.waiting.append((target.name, target, archive / target.name))
            return False
        raise WorkspaceError(Msg("Kan ikke skrive {path}: {reason}. Den nye versjonen ligger i {folder}.",
                                 path=str(target), reason=exc.strerror or "", folder=str(archive))) from None
    except OSError as exc:
        raise WorkspaceError(_waits(write_error(exc, target).msg, archive)) from None
    return True


def _take_away(stale: Path, ours: set[str], edits_into: Path, report: OutboxReport, lang: Lang | None = None) -> None:
    """Remove a PDF of an older version from ``outbox/``; one a person changed is kept first."""
    if office_lock(stale) is not None:
        return  # open: leave it; it names its version inside
    try:
        if _sha(stale.read_bytes()) not in ours:
            edits_into.mkdir(parents=True, exist_ok=True)
            report.kept.append((stale.name, keep_edited(stale, edits_into, lang)))
        stale.unlink()
    except OSError:
        pass  # an old PDF left behind is harmless: the archive says which version it is


def current_source(outbox_dir: Path, version_number: int, sent: bool) -> Path:
    """Where the current documents of version *version_number* are kept: its
    archive, or the documents as sent (*sent*), with the files the sending did
    not make (the overview) from the archive."""
    return archive_dir(outbox_dir, version_number) / SENT if sent else archive_dir(outbox_dir, version_number)


def _kept_copy(outbox_dir: Path, version_number: int, name: str, sent: bool) -> Path:
    if sent and (current_source(outbox_dir, version_number, True) / name).is_file():
        return current_source(outbox_dir, version_number, True) / name
    return archive_dir(outbox_dir, version_number) / name


def settle(outbox_dir: Path, version_number: int, names: list[str], sent: bool = False) -> OutboxReport:
    """No new version: bring ``outbox/`` in line with version *version_number*
    (as sent to political treatment, when *sent*) where that loses nothing. A
    missing file is put back from the archive; a file of another version, or
    the draft of a version since sent (left because it was open), is replaced
    once it is closed; a file a person edited is left alone and reported."""
    outbox_dir = Path(outbox_dir)
    archive = archive_dir(outbox_dir, version_number)
    report = OutboxReport()
    for name in names:
        kept, target = _kept_copy(outbox_dir, version_number, name, sent), outbox_dir / name
        if not kept.is_file():
            continue
        data = kept.read_bytes()
        if not target.exists():
            report.current.append(_install(data, target, archive=archive))
            continue
        try:
            there = target.read_bytes()
        except OSError:
            continue
        if there == data:
            continue
        if _sha(there) not in published_hashes(outbox_dir, name):
            report.edited.append(name)
            continue
        lock = office_lock(target)
        if lock is not None:
            report.waiting.append((name, lock, kept))
            continue
        report.current.append(_install(data, target, archive=archive))
    return report


def state(outbox_dir: Path, version_number: int, names: list[str], sent: bool = False) -> OutboxReport:
    """What :func:`settle` would find, without changing anything (for ``iktplan status``)."""
    outbox_dir = Path(outbox_dir)
    report = OutboxReport()
    for name in names:
        kept, target = _kept_copy(outbox_dir, version_number, name, sent), outbox_dir / name
        if not kept.is_file() or not target.is_file():
            continue
        try:
            there = target.read_bytes()
        except OSError:
            continue
        if there == kept.read_bytes():
            continue
        if _sha(there) not in published_hashes(outbox_dir, name):
            report.edited.append(name)
        elif (lock := office_lock(target)) is not None:
            report.waiting.append((name, lock, kept))
    return report


def kept_copies(outbox_dir: Path) -> list[Path]:
    """Every edited file kept in the archive, oldest version first."""
    archive = Path(outbox_dir) / ARCHIVE
    if not archive.is_dir():
        return []
    folders = sorted((f for f in archive.iterdir() if _VERSION_DIR.fullmatch(f.name)), key=lambda f: int(f.name[1:]))
    return [p for f in folders for p in sorted(f.iterdir()) if _is_edited_copy(p.name) and p.is_file()]


def _refuse_to_replace_archived(files: list[Path], archive: Path) -> None:
    """An archived version is never overwritten, whatever the caller believes the next
    number is: the politicians may have read it. Only the very same bytes may be
    there already (a publish interrupted and finished by the next run)."""
    for f in files:
        kept = archive / f.name
        if kept.exists() and (not kept.is_file() or kept.read_bytes() != f.read_bytes()):
            raise WorkspaceError(Msg(
                "{folder} finnes allerede med andre dokumenter, og en arkivert versjon skrives aldri over. "
                "Lageret i .iktplan stemmer trolig ikke med arkivet (tomt, skadet eller lagt tilbake fra en eldre "
                "sikkerhetskopi): bygg det opp igjen med «iktplan gjenopprett-lager». Ingenting er endret.",
                folder=str(archive)))


def _install(data: bytes, target: Path, archive: Path | None = None) -> Path:
    """Write *data* to *target* atomically; *archive*: where this version is kept
    whole, for the message when the current file cannot be replaced."""
    try:
        return atomic_write_bytes(target, data, written=_temp_written, replaced=_no_point)
    except ReplaceError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            problem = Msg("Kan ikke erstatte {path}: fila er trolig åpen i et annet program (f.eks. Word). Lukk den "
                          "og kjør på nytt.", path=str(target))
        else:
            problem = Msg("Kan ikke skrive {path}: {reason}.", path=str(target), reason=exc.strerror or "")
        raise WorkspaceError(_waits(problem, archive)) from None
    except OSError as exc:
        raise WorkspaceError(_waits(write_error(exc, target).msg, archive)) from None


def _waits(problem: Msg | str, archive: Path | None) -> Msg | str:
    """*problem*, and where the new version waits (*archive*; None: said nothing of)."""
    if archive is None:
        return problem
    return Msg("{problem} Den nye versjonen ligger i {folder}.", problem=problem, folder=str(archive))


def _temp_written() -> None:
    faults.point("outbox.temp-written")


def _no_point() -> None:
    """After the rename: :func:`publish` marks each current file replaced itself."""


def publish_yearly(data: bytes, outbox_dir: Path, name: str, folder: str,
                   lang: Lang | None = None) -> tuple[Path, OutboxReport]:
    """Put a yearly document (the status report) in ``outbox/`` as *name*, keeping
    every copy made in ``outbox/arkiv/<folder>/`` (as ``<name> (laget <time>)``, the
    word in *lang* (None: bokmål), and the newest also as *name*). A current file that
    matches none of them was edited by a person: it is kept there first, as for the
    version documents; an open file is left, and the new one waits in the archive.
    Returns the archived copy and what was done."""
    outbox_dir = Path(outbox_dir)
    archive = outbox_dir / ARCHIVE / folder
    copies = [p for p in archive.glob("*") if p.is_file() and not _is_edited_copy(p.name)] if archive.is_dir() else []
    ours = {_sha(p.read_bytes()) for p in copies}
    stem, _, suffix = name.rpartition(".")
    kept = next((p for p in copies if any(p.name.startswith(f"{stem} ({word} ") for word in every_word(MADE))
                 and p.read_bytes() == data), None)
    if kept is None:
        made = f"{stem} ({FileNames(lang).made} {file_stamp(datetime.now())})"
        kept, n = archive / f"{made}.{suffix}", 2
        while kept.exists():  # made twice in a minute: each copy kept
            kept, n = archive / f"{made} ({n}).{suffix}", n + 1
        _install(data, kept)
    _install(data, archive / name)
    faults.point("outbox.archived")
    report = OutboxReport()
    if _place(data, outbox_dir / name, ours | {_sha(data)}, archive, archive, report, lang):
        report.current.append(outbox_dir / name)
        faults.point("outbox.replaced")
    return kept, report
