"""The one atomic writer: every durable file (receipts, archived forms, documents,
the current outbox) goes through it, with one rule for the new file's mode."""

from __future__ import annotations

import os
import stat

import pytest

from pipeline import fileio
from pipeline.documents.outbox import publish
from pipeline.fileio import ReplaceError, atomic_copy, atomic_write_bytes


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the process umask for one test; the old one comes back afterwards."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX-tilganger")
def test_a_new_file_gets_the_mode_the_umask_gives_at_the_time_of_writing(tmp_path, umask):
    umask(0o027)
    assert mode(atomic_write_bytes(tmp_path / "a.txt", b"a")) == 0o640
    umask(0o022)
    assert mode(atomic_write_bytes(tmp_path / "b.txt", b"b")) == 0o644
    assert mode(atomic_copy(tmp_path / "b.txt", tmp_path / "c.txt")) == 0o644


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX-tilganger")
def test_a_replaced_file_keeps_its_mode_in_the_intake_and_in_the_outbox(tmp_path, umask):
    umask(0o022)
    receipt = tmp_path / "kvittering.txt"
    receipt.write_bytes(b"gammel")
    receipt.chmod(0o600)
    atomic_write_bytes(receipt, b"ny")
    assert (receipt.read_bytes(), mode(receipt)) == (b"ny", 0o600)

    staging, out = tmp_path / "under-arbeid", tmp_path / "outbox"
    staging.mkdir()
    (staging / "IKT-strategi.docx").write_bytes(b"v1")
    publish(staging, out, 1)
    (out / "IKT-strategi.docx").chmod(0o640)
    (staging / "IKT-strategi.docx").write_bytes(b"v2")
    publish(staging, out, 2)
    assert (out / "IKT-strategi.docx").read_bytes() == b"v2" and mode(out / "IKT-strategi.docx") == 0o640
    assert mode(out / "arkiv" / "v2" / "IKT-strategi.docx") == 0o644


def test_a_failed_rename_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "Saksframlegg.docx"
    target.write_bytes(b"gammel versjon")

    def busy(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileio.os, "replace", busy)
    with pytest.raises(ReplaceError) as err:
        atomic_write_bytes(target, b"ny versjon")
    assert err.value.errno == 13
    assert target.read_bytes() == b"gammel versjon"
    assert [p.name for p in tmp_path.iterdir()] == ["Saksframlegg.docx"]
