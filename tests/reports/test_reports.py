import json
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from sanctscreen.errors import ReportError
from sanctscreen.reports import FORMATS, format_for, render, write_report
from sanctscreen.reports.json import JsonFormat
from tests.reports import sample


def test_registry_is_keyed_by_name() -> None:
    assert sorted(FORMATS) == ["csv", "github", "html", "json", "junit", "markdown", "parquet",
                               "sarif", "xlsx"]
    assert all(name == cls.NAME for name, cls in FORMATS.items())


@pytest.mark.parametrize(("file_name", "expected"), [
    ("out.json", "json"), ("out.CSV", "csv"), ("out.xlsx", "xlsx"), ("out.md", "markdown"),
    ("out.html", "html"), ("out.htm", "html"), ("results.xml", "junit"),
    ("scan.junit.xml", "junit"), ("scan.sarif", "sarif"), ("scan.sarif.json", "sarif"),
])
def test_format_by_suffix(file_name: str, expected: str) -> None:
    chosen = format_for(None, Path(file_name))
    assert type(chosen) is FORMATS[expected]


def test_explicit_name_wins_and_default_is_json() -> None:
    assert format_for("Markdown", Path("x.json")).NAME == "markdown"
    assert format_for(None, None).NAME == "json"


def test_unknown_format_lists_the_choices() -> None:
    with pytest.raises(ReportError) as caught:
        format_for("pdf", None)
    assert str(caught.value) == ("unknown report format 'pdf' (choose from csv, github, html, "
                                 "json, junit, markdown, parquet, sarif, xlsx)")
    with pytest.raises(ReportError, match=r"out\.pdf: cannot tell the report format"):
        format_for(None, Path("out.pdf"))


def test_write_report_is_atomic_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    write_report(sample.report(), target)
    assert json.loads(target.read_text())["summary"]["hits"] == 1
    assert os.listdir(tmp_path) == ["report.json"]


def test_write_report_refuses_a_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.json"
    with pytest.raises(ReportError) as caught:
        write_report(sample.report(), target)
    assert str(caught.value) == f"{target}: directory {target.parent} does not exist"
    assert not target.parent.exists()


def test_write_report_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="is a directory"):
        write_report(sample.report(), tmp_path)


def test_failed_write_leaves_the_old_file(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")

    def half_then_fail(self: object, report: object, out: BinaryIO) -> None:
        out.write(b'{"sanctscreen": ')
        raise RuntimeError("interrupted")

    monkeypatch.setattr(JsonFormat, "write", half_then_fail)
    with pytest.raises(RuntimeError):
        write_report(sample.report(), target)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["report.json"]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_bytes(name: str) -> None:
    assert render(sample.report(include_clear=True), name)
    assert render(sample.empty_report(), name)
