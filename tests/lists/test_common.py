"""Shared importer helpers: decoding, dates, null markers, names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.common import (
    clean,
    decode,
    entity_type,
    parse_date,
    read_bytes,
    slug,
    unique,
)
from sanctscreen.models import EntityType


def test_decode_strips_dos_eof_and_falls_back_to_cp1252(tmp_path: Path) -> None:
    assert decode(b'1,"A"\r\n\x1a', tmp_path) == '1,"A"\r\n'
    assert decode("Société".encode("cp1252"), tmp_path) == "Société"
    with pytest.raises(ListError, match="binary"):
        decode(b"PK\x00\x00", tmp_path)


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ListError, match="file not found"):
        read_bytes(tmp_path / "nope.csv")


@pytest.mark.parametrize(("text", "expected"), [
    ("16 Dec 2021", date(2021, 12, 16)),
    ("2021-12-16", date(2021, 12, 16)),
    ("3/20/1992", date(1992, 3, 20)),
    ("someday", None),
    (None, None),
])
def test_parse_date(text: str | None, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_clean_unique_slug_and_types() -> None:
    assert clean("-0- ") is None and clean("  A   B ") == "A B"
    assert unique(["a", "A", None, "b", "X"], exclude=["x"]) == ("a", "b")
    assert slug("Sugon Co., Ltd.") == "sugon-co-ltd"
    assert entity_type("individual") is EntityType.PERSON
    assert entity_type("-0-") is EntityType.ORGANIZATION
    assert entity_type("Aircraft") is EntityType.AIRCRAFT
