"""LibreOffice (``soffice``) for the tests: skip without it, and open and save
a workbook the way a unit with Calc would."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest


def has_soffice() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


needs_libreoffice = pytest.mark.skipif(not has_soffice(), reason="LibreOffice (soffice) er ikke installert")


def libreoffice_roundtrip(src: Path, tmp_path: Path) -> Path:
    """Open *src* in LibreOffice and save it again as .xlsx, as a unit with Calc would."""
    outdir = tmp_path / "lo"
    outdir.mkdir()
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(outdir), str(src)],
        capture_output=True, text=True, timeout=120,
    )
    out = outdir / src.name
    assert out.exists(), result.stderr
    return out
