"""Publishing: every version archived, the current documents replaced atomically."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from pipeline import fileio as fileio_module
from pipeline.errors import WorkspaceError
from pipeline.documents.outbox import archive_dir, publish
from support.bokmal import nb

NAMES = ("IKT-strategi.docx", "Tiltaksbeskrivelser.docx", "Saksframlegg.docx")


def stage(folder, version: int, names=NAMES, size: int = 100) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name in names:
        (folder / name).write_bytes(f"{name} v{version} ".encode() * size)


def test_publish_archives_the_version_and_makes_it_current(tmp_path):
    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    stage(staging, 1)
    current = publish(staging, out, 1).current
    assert [p.name for p in current] == sorted(NAMES)
    for name in NAMES:
        assert (out / name).read_bytes() == (staging / name).read_bytes()
        assert (archive_dir(out, 1) / name).read_bytes() == (staging / name).read_bytes()
    assert archive_dir(out, 1) == out / "arkiv" / "v1"


def test_a_new_version_replaces_the_current_documents_and_keeps_the_earlier_ones(tmp_path):
    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    stage(staging, 1)
    publish(staging, out, 1)
    stage(staging, 2)
    publish(staging, out, 2)
    for name in NAMES:
        assert (out / name).read_bytes().startswith(f"{name} v2".encode())
        assert (out / "arkiv" / "v1" / name).read_bytes().startswith(f"{name} v1".encode())
        assert (out / "arkiv" / "v2" / name).read_bytes().startswith(f"{name} v2".encode())


def test_no_temporary_file_is_left_and_files_are_readable_by_others(tmp_path):
    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    stage(staging, 1)
    old = os.umask(0o022)
    try:
        publish(staging, out, 1)
    finally:
        os.umask(old)
    for path in [*out.iterdir(), *archive_dir(out, 1).iterdir()]:
        assert not path.name.startswith(".~tmp"), path
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_an_old_pdf_goes_when_the_new_version_has_none(tmp_path):
    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    stage(staging, 1, NAMES + ("IKT-strategi.pdf",))
    publish(staging, out, 1)
    stage(staging, 2)
    publish(staging, out, 2)
    assert not (out / "IKT-strategi.pdf").exists()
    assert (out / "arkiv" / "v1" / "IKT-strategi.pdf").exists()


def test_a_reader_never_sees_a_half_written_document(tmp_path):
    staging_a, staging_b, out = tmp_path / "a", tmp_path / "b", tmp_path / "outbox"
    stage(staging_a, 1, NAMES[:1], size=200_000)
    stage(staging_b, 2, NAMES[:1], size=200_000)
    whole = {(staging_a / NAMES[0]).read_bytes(), (staging_b / NAMES[0]).read_bytes()}
    publish(staging_a, out, 1)
    stop, seen, bad = threading.Event(), [], []

    def read():
        while not stop.is_set():
            data = (out / NAMES[0]).read_bytes()
            seen.append(len(data))
            if data not in whole:
                bad.append(len(data))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for version in range(2, 22):
            publish(staging_b if version % 2 else staging_a, out, version)
    finally:
        stop.set()
        reader.join(timeout=30)
    assert seen and not bad


def test_a_document_that_cannot_be_replaced_waits_in_the_archive_with_a_norwegian_message(tmp_path, monkeypatch):
    """On Windows, a document open in Word refuses to be replaced: the new version waits in its archive."""
    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    stage(staging, 1)
    publish(staging, out, 1)
    stage(staging, 2)
    real_replace = os.replace

    def locked(src, dst):
        if os.path.dirname(dst) == str(out):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(fileio_module.os, "replace", locked)
    report = publish(staging, out, 2, previous=1)
    assert sorted(name for name, _, _ in report.waiting) == sorted(NAMES) and report.current == []
    message = " ".join(nb(report.notes(out)))
    assert "åpen i et annet program" in message and "outbox/arkiv/v2/" in message
    for name in NAMES:
        assert (archive_dir(out, 2) / name).read_bytes().startswith(f"{name} v2".encode())  # safe in the archive
        assert (out / name).read_bytes().startswith(f"{name} v1".encode())  # and the open one untouched
    assert not [p for p in out.iterdir() if p.name.startswith(".~tmp")]


def test_an_empty_staging_folder_is_refused(tmp_path):
    (tmp_path / "tom").mkdir()
    with pytest.raises(WorkspaceError):
        publish(tmp_path / "tom", tmp_path / "outbox", 1)


def test_an_archived_version_is_never_overwritten(tmp_path):
    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    stage(staging, 1)
    publish(staging, out, 1)
    archived = {name: (archive_dir(out, 1) / name).read_bytes() for name in NAMES}
    stage(staging, 2)  # other documents under the same number: a store that forgot its versions
    with pytest.raises(WorkspaceError, match="en arkivert versjon skrives aldri over"):
        publish(staging, out, 1)
    assert {name: (archive_dir(out, 1) / name).read_bytes() for name in NAMES} == archived
    assert all((out / name).read_bytes() == archived[name] for name in NAMES)  # nothing was replaced


def test_publishing_the_same_version_again_finishes_an_interrupted_publish(tmp_path):
    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    stage(staging, 1)
    publish(staging, out, 1)
    (archive_dir(out, 1) / NAMES[0]).unlink()  # killed before the last archive file was written
    (out / NAMES[1]).unlink()
    publish(staging, out, 1)  # the same bytes: allowed, and completes the version
    for name in NAMES:
        assert (archive_dir(out, 1) / name).read_bytes() == (staging / name).read_bytes() == (out / name).read_bytes()
