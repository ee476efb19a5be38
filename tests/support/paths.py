"""Where the repository and the shipped defaults are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULTS = REPO / "pipeline" / "defaults"
