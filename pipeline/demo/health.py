"""Hjemmetjenesten's revised form of the bokmål demo's second round (:mod:`pipeline.demo.data`)."""

from __future__ import annotations

from typing import Any

from pipeline.demo.data import load


def demo_revision() -> dict[str, Any]:
    """A second version of Hjemmetjenesten's form: after a market dialogue the
    alarm measure (HJT-3) is cheaper and starts earlier, and a training measure
    (HJT-7) is added. Valid."""
    return load().revision
