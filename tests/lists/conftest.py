"""Paths to the real list excerpts stored under tests/data/lists."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "lists"


@pytest.fixture
def data() -> Path:
    return DATA
