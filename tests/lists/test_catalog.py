"""The bundled list catalog and the provenance of the bundled OFAC copy."""

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
    assert set(entries) == {"seed", "ofac-cons"}
    cons = entries["ofac-cons"]
    assert cons.format == "ofac-csv" and cons.default and cons.as_of == date(2025, 12, 19)
    assert cons.path.is_dir()
    assert all(e.format in LOADERS or e.format == "sanctscreen" for e in entries.values())


def test_bundled_copy_matches_its_provenance_checksums() -> None:
    folder = catalog.bundled_dir() / "ofac-consolidated-2025-12-19"
    recorded = dict(re.findall(r"\| (cons_\w+\.csv) \| ([0-9a-f]{64}) \|",
                               (folder / "PROVENANCE.md").read_text()))
    assert len(recorded) == 4
    for name, digest in recorded.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


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
