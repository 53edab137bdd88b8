"""README-section.md is the README's "What sanctscreen does with bad input", word for word: the
promises these tests keep, kept beside them."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADING = "## What sanctscreen does with bad input"


def test_the_copy_equals_the_readme_section() -> None:
    readme = (HERE.parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index(HEADING)
    end = readme.find("\n## ", start + len(HEADING))
    section = readme[start:] if end < 0 else readme[start:end + 1]
    copy = (HERE / "README-section.md").read_text(encoding="utf-8")
    assert copy.rstrip("\n") == section.rstrip("\n")
