"""Every report format records every warning of the run, kept inert, and none when there were
none — read back from what was written, the way each format's reader would."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from sanctscreen.reports import FORMATS, render
from sanctscreen.reports.csv import WARNING_STATUS
from sanctscreen.reports.json import from_dict
from sanctscreen.reports.parquet import WARNINGS_KEY
from tests.reports import sample

SARIF_SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "reports" / "sarif-schema-2.1.0.json").read_text())
HOSTILE = sample.WARNINGS[2]  # starts with "=": a formula to a spreadsheet


def json_warnings(data: bytes) -> list[str]:
    return list(json.loads(data)["warnings"])


def csv_warnings(data: bytes) -> list[str]:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [row["Reason"] for row in rows if row["Status"] == WARNING_STATUS]


def xlsx_warnings(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    lines = [row[0] for row in book["Warnings"].iter_rows(min_row=2, values_only=True)]
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Warnings (see the Warnings sheet)"] == len(lines)
    return [str(line) for line in lines]


class _Box(HTMLParser):
    """The items of the warnings box, as a browser shows them."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = self.item = False
        self.items: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and ("class", "warnings") in attrs:
            self.inside = True
        elif tag == "li" and self.inside:
            self.item = True
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "section"
        self.item = self.item and tag != "li"

    def handle_data(self, data: str) -> None:
        if self.item:
            self.items[-1] += data


def html_warnings(data: bytes) -> list[str]:
    box = _Box()
    box.feed(data.decode("utf-8"))
    return box.items


def markdown_warnings(data: bytes) -> list[str]:
    lines = data.decode("utf-8").splitlines()
    heads = [i for i, line in enumerate(lines) if re.fullmatch(r"\*\*Warnings \(\d+\)\*\*", line)]
    if not heads:
        return []
    items = []
    for line in lines[heads[0] + 2:]:
        if not line.startswith("- "):
            break
        items.append(re.sub(r"\\(.)", r"\1", line[2:]))  # CommonMark's backslash escapes
    return items


def sarif_warnings(data: bytes) -> list[str]:
    log = json.loads(data)
    jsonschema.validate(log, SARIF_SCHEMA)
    notes = log["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
    # Rows not screened are notifications too, each with its location; the run's have none.
    return [n["message"]["text"] for n in notes if "locations" not in n and n["level"] == "warning"]


def junit_warnings(data: bytes) -> list[str]:
    suite = ET.fromstring(data).find("testsuite")
    assert suite is not None
    err = suite.find("system-err")
    return [] if err is None else [line.removeprefix("warning: ")
                                   for line in (err.text or "").splitlines()]


def parquet_warnings(data: bytes) -> list[str]:
    metadata = pq.read_schema(io.BytesIO(data)).metadata
    return list(json.loads(metadata[WARNINGS_KEY]))


def github_warnings(data: bytes) -> list[str]:
    prefix = "::warning title=sanctscreen::"
    return [line.removeprefix(prefix).replace("%0A", "\n").replace("%0D", "\r")
            .replace("%25", "%") for line in data.decode("utf-8").splitlines()
            if line.startswith(prefix)]


READERS: dict[str, Callable[[bytes], list[str]]] = {
    "json": json_warnings, "csv": csv_warnings, "xlsx": xlsx_warnings, "html": html_warnings,
    "markdown": markdown_warnings, "sarif": sarif_warnings, "junit": junit_warnings,
    "parquet": parquet_warnings, "github": github_warnings,
}


def test_every_format_has_a_reader_here() -> None:
    assert sorted(READERS) == sorted(FORMATS)


@pytest.mark.parametrize("name", sorted(READERS))
def test_every_warning_is_recorded_in_order(name: str) -> None:
    found = READERS[name](render(sample.warned(), name))
    if name in ("csv", "xlsx"):
        # Spreadsheets keep text that would be a formula as text ("'" prefix / quotePrefix).
        found = [w.removeprefix("'") if w.startswith("'=") else w for w in found]
    assert found == list(sample.WARNINGS)


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_run_without_warnings_records_none(name: str) -> None:
    assert READERS[name](render(sample.report(), name)) == []
    assert READERS[name](render(sample.empty_report(), name)) == []


def test_warnings_without_flagged_rows_are_still_recorded() -> None:
    quiet = replace(sample.empty_report(), warnings=sample.WARNINGS)
    for name, read in READERS.items():
        assert len(read(render(quiet, name))) == len(sample.WARNINGS), name


def test_csv_stays_a_table_pandas_reads_with_the_rows_unchanged() -> None:
    frame = pd.read_csv(io.BytesIO(render(sample.warned(), "csv")), encoding="utf-8-sig")
    rows = frame[frame["Status"] != WARNING_STATUS]
    assert list(rows["Row"].astype(int)) == [2, 3, 4, 6, 7]
    warnings = frame[frame["Status"] == WARNING_STATUS]
    assert len(warnings) == len(sample.WARNINGS)
    assert warnings["File"].isna().all() and warnings["Lists screened"].notna().all()


def test_formula_like_warnings_stay_text_in_spreadsheets() -> None:
    assert "'" + HOSTILE in csv_warnings(render(sample.warned(), "csv"))
    book = load_workbook(io.BytesIO(render(sample.warned(), "xlsx")))
    cell = next(c for row in book["Warnings"].iter_rows() for c in row if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix
    assert book["Warnings"].sheet_properties.tabColor.rgb.endswith("FFC000")


def test_html_and_markdown_keep_markup_in_warnings_inert() -> None:
    html = render(sample.warned(), "html").decode("utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    box = html.index('class="warnings"')
    assert box < html.index("<h2>Flagged rows</h2>")  # near the top, before the rows
    markdown = render(sample.warned(), "markdown").decode("utf-8")
    assert "<script>" not in markdown and "\\*no\\*" in markdown


def test_json_round_trip_keeps_the_warnings() -> None:
    data = json.loads(render(sample.warned(), "json"))
    assert from_dict(data).warnings == sample.WARNINGS
    del data["warnings"]  # a report written before the field existed
    assert from_dict(data).warnings == ()

