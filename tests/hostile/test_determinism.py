"""The same inputs, lists and options give the same report, byte for byte, whatever the row
order, the chunk size or the number of worker processes."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.helpers import invoke


def _report(*args: str | Path) -> tuple[bytes, dict[str, Any]]:
    result = invoke("check", *args, "--format", "json", "--include-clear", "--no-progress",
                    "--as-of", "2026-01-15")
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report.pop("generated_at")
    return json.dumps(report, sort_keys=True, ensure_ascii=False).encode(), report


@pytest.fixture
def inputs(examples: Path) -> list[Path]:
    return [examples / "holdings.xlsx", examples / "vendors.csv"]


def test_two_runs_give_identical_reports(inputs: list[Path], examples: Path) -> None:
    options: list[str | Path] = [*inputs, "--ownership", examples / "owners.csv"]
    first, report = _report(*options)
    assert report["summary"]["hits"] >= 5  # a report with something in it
    assert _report(*options)[0] == first


@pytest.mark.parametrize("variant", [("--chunk-rows", "1"), ("--chunk-rows", "3"),
                                     ("--chunk-rows", "7", "--workers", "2")],
                         ids=["chunk1", "chunk3", "chunk7-workers2"])
def test_chunking_and_workers_do_not_change_the_report(inputs: list[Path],
                                                       variant: tuple[str, ...]) -> None:
    baseline, _ = _report(*inputs)
    assert _report(*inputs, *variant)[0] == baseline


def _by_content(report: dict[str, Any]) -> list[str]:
    """Each row's result without its position, as comparable text, in content order."""
    rows = []
    for result in report["results"]:
        result = {k: v for k, v in result.items() if k not in ("row", "file")}
        rows.append(json.dumps(result, sort_keys=True, ensure_ascii=False))
    return sorted(rows)


def test_row_order_does_not_change_any_rows_result(examples: Path, tmp_path: Path) -> None:
    with (examples / "vendors.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    results = []
    for seed in (None, 1, 2):
        shuffled = list(rows)
        if seed is not None:
            random.Random(seed).shuffle(shuffled)
        path = tmp_path / f"vendors-{seed}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *shuffled])
        _, report = _report(path, "--ownership", examples / "owners.csv")
        results.append(_by_content(report))
    assert len(results[0]) == len(rows)
    assert results[1] == results[0] and results[2] == results[0]
