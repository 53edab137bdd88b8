"""Every report format records the audit trail: each list's id, as-of date and sha256, the
sanctscreen version and the thresholds — parsed from what was written, not by substring."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

from openpyxl import load_workbook

from sanctscreen.models import ListInfo, Report
from sanctscreen.reports import render
from tests.reports.sample import report as sample_report

LISTS = (
    ListInfo("seed", "Seed list", "sanctscreen", date(2021, 12, 17), 39, "a" * 64, "sanctscreen"),
    ListInfo("ofac-cons", "OFAC Consolidated", "OFAC", date(2025, 12, 19), 442, "b" * 64,
             "ofac-csv"),
)


def report() -> Report:
    base = sample_report(hit_threshold=0.9, review_threshold=0.75, fail_on="hit")
    return replace(base, lists=LISTS, version="9.9.9")


def test_csv_repeats_the_audit_trail_in_its_last_two_columns() -> None:
    text = render(report(), "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        lists = row["Lists screened"].split("; ")
        assert [part for part in lists if part.startswith("sha256 ")] == [
            "sha256 " + "a" * 64, "sha256 " + "b" * 64]
        settings = dict(part.split("=", 1) for part in row["Screen settings"].split("; "))
        assert settings["sanctscreen"] == "9.9.9"
        assert settings["hit_threshold"] == "0.9" and settings["review_threshold"] == "0.75"


def test_markdown_has_a_lists_table_with_sha256_and_the_settings() -> None:
    lines = render(report(), "markdown").decode("utf-8").splitlines()
    table = [line for line in lines if line.startswith("| ") and "`" in line]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table]
    assert [(c[0], c[2], c[4]) for c in cells] == [
        ("seed", "2021-12-17", "`" + "a" * 64 + "`"),
        ("ofac-cons", "2025-12-19", "`" + "b" * 64 + "`"),
    ]
    settings = next(line for line in lines if line.startswith("Settings: "))
    assert "sanctscreen 9.9.9" in settings and "hit\\_threshold 0.9" in settings


def test_junit_suite_carries_properties() -> None:
    root = ET.fromstring(render(report(), "junit"))
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["sanctscreen"] == "9.9.9"
    assert props["hit_threshold"] == "0.9"
    assert props["list.seed"].endswith("sha256 " + "a" * 64)
    assert "as of 2025-12-19" in props["list.ofac-cons"]


def test_json_sarif_html_and_xlsx_carry_the_list_hashes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(report(), "json"))
    assert [(lst["id"], lst["sha256"]) for lst in data["lists"]] == [
        ("seed", "a" * 64), ("ofac-cons", "b" * 64)]
    assert data["options"]["hit_threshold"] == 0.9 and data["sanctscreen"] == "9.9.9"
    sarif = json.loads(render(report(), "sarif"))
    assert "b" * 64 in json.dumps(sarif["runs"][0])
    html = render(report(), "html").decode("utf-8")
    assert "a" * 64 in html and "b" * 64 in html
    path = tmp_path / "r.xlsx"
    path.write_bytes(render(report(), "xlsx"))
    book = load_workbook(path, read_only=True)
    hashes = {cell for row in book["Lists"].iter_rows(values_only=True) for cell in row}
    assert "a" * 64 in hashes and "b" * 64 in hashes
