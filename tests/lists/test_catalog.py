"""The bundled list catalog and the provenance of the bundled OFAC copies."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists import LOADERS, catalog


def test_bundled_entries() -> None:
    entries = {e.id: e for e in catalog.bundled()}
    assert list(entries) == ["seed", "ofac-sdn", "ofac-cons", "ndaa-889", "fcc-covered", "uflpa"]
    # The procurement and import lists are opt-in (tests/lists/test_procurement_lists.py).
    assert [e.id for e in entries.values() if e.default] == ["seed", "ofac-sdn", "ofac-cons"]
    sdn, cons = entries["ofac-sdn"], entries["ofac-cons"]
    assert sdn.format == "ofac-csv" and sdn.as_of == date(2024, 5, 3) and sdn.path.is_dir()
    assert dict(sdn.options) == {"primary_as_of": date(2024, 5, 3),
                                 "companions_as_of": date(2025, 12, 24)}
    assert cons.format == "ofac-enhanced" and cons.as_of == date(2026, 1, 8)
    assert cons.path.is_file()
    assert all(e.format in LOADERS for e in entries.values())


@pytest.mark.parametrize("folder", ["ofac-sdn-2024-05-03", "ofac-consolidated-2026-01-08"])
def test_bundled_copy_matches_its_provenance_checksums(folder: str) -> None:
    home = catalog.bundled_dir() / folder
    recorded = dict(re.findall(r"\| (\w+\.(?:csv|XML)) \|.*\| ([0-9a-f]{64}) \|",
                               (home / "PROVENANCE.md").read_text()))
    files = sorted(p.name for p in home.iterdir() if p.name != "PROVENANCE.md")
    assert sorted(recorded) == files  # every file shipped has its checksum, and no other
    for name, digest in recorded.items():
        assert hashlib.sha256((home / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(("text", "message"), [
    ("lists: [", "not valid YAML"),
    ("other: 1", "expected a `lists:` sequence"),
    ("lists:\n  - id: x\n", "needs an id, a format and a path"),
    ("lists:\n  - {id: x, format: f, path: p, as_of: soon}\n", "is not a date"),
])
def test_broken_catalogs(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / catalog.CATALOG_FILE).write_text(text)
    with pytest.raises(ListError, match=message):
        catalog._read(tmp_path)


def test_missing_catalog(tmp_path: Path) -> None:
    with pytest.raises(ListError, match="catalog is missing"):
        catalog._read(tmp_path)
