"""The distinct-row path gives the exact reader's reports for workbooks, Parquet and odd text."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from sanctscreen.engines import Source
from sanctscreen.engines.local import LocalEngine
from sanctscreen.errors import InputError
from tests.engines.compare import assert_same, run, screener

DATA = Path(__file__).parents[1] / "data"
HEADER = ["Issuer Name", "ISIN", "Country", "Quantity"]
# Cells as a workbook types them: numbers, booleans and dates in the name and ISIN columns,
# short and long rows, blanks, a repeated header and duplicates with other cells.
TYPED: list[list[Any]] = [
    ["MEGVII TECHNOLOGY LTD", None, "CN", 1],
    [None, None, None, None],  # an empty row
    ["   ", None, "CN", 2],  # a whitespace name
    [None, "CNE100001TW7", "CN", 3],  # screened by ISIN alone
    [None, "XX123", None, 4],  # an invalid ISIN and nothing else
    ["Issuer Name", "ISIN", "Country", "Quantity"],  # the header repeated
    ["MEGVII TECHNOLOGY LTD", None, "CN", 6],  # a duplicate, other cells differ
    [True, None, "CN", 7],  # a boolean name: skipped, and not the name "1"
    [1, None, "CN", 8],
    [1.0, None, "CN", 9],
    ["1", None, "CN", 10],
    [False, "CNE100001TW7", None, 11],  # a boolean beside a listed ISIN
    [0, "CNE100001TW7", None, 12],
    [360, None, "CN", 13],  # "360" (Qihoo 360) is a name Excel stores as a number
    [datetime(2021, 12, 16), None, None, 14],  # a date in the name column
    [date(2021, 12, 16), "CNE100001TW7", None, 15],
    ["Sugon", None, "HK", 16],
    ["Beijing Kuangshi Technology Co Ltd", None, "CN"],  # a short row
    ["Apple Inc", "US0378331005", "US", 17, "extra"],  # a long row
    ["Megvii " + "x" * 2000, None, "CN", 18],  # a long name, truncated with a warning
    [None, None, None, 19],  # blank roles, a filled cell: not an empty row
    ["旷视科技有限公司", None, "CN", 20],
]


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("path", [
    Path(__file__).parents[2] / "examples" / "holdings.xlsx",
    DATA / "hostile" / "holdings.xlsx", DATA / "hostile" / "holdings.xls",
    DATA / "hostile" / "holdings.ods", DATA / "inputs" / "vendors.xls",
], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_workbooks(path: Path) -> None:
    report = assert_same(path, columnar=False)
    assert report["summary"]["rows"] > 0


@pytest.mark.parametrize("chunk_rows", [1, 5, 1000])
def test_typed_cells_ragged_rows_and_sheets(tmp_path: Path, chunk_rows: int) -> None:
    path = _workbook(tmp_path / "typed.xlsx", {
        "Cover": [["Holdings as of 2026-11-01"]],
        "Holdings": [["Fund A holdings"], [], HEADER, *TYPED * 2],
        "Empty": [HEADER],
        "More": [["Name", "Country"], ["Sugon", "CN"], [True, "CN"], ["Siemens AG", "DE"]],
    })
    report = assert_same(path, columnar=False, chunk_rows=chunk_rows)
    rows = {r["row"]: (r["status"], r["reason"]) for r in report["results"]
            if r["sheet"] == "Holdings"}
    assert rows[11] == ("skipped", "name is not text: boolean TRUE")
    assert rows[4][0] == "hit" and rows[10][0] == "hit"  # Megvii, and again
    assert report["summary"]["rows"] == 2 * len(TYPED) + 3


def test_boolean_and_number_cells_are_never_confused(tmp_path: Path) -> None:
    # The same cells in the other order: a verdict stored for 1 must not answer TRUE.
    rows = [[1, None, "CN", 1], [True, None, "CN", 2], [1.0, None, "CN", 3],
            [False, "CNE100001TW7", None, 4], [0, "CNE100001TW7", None, 5]]
    path = _workbook(tmp_path / "order.xlsx", {"Holdings": [HEADER, *rows]})
    report = assert_same(path, columnar=False)
    statuses = {r["row"]: r["status"] for r in report["results"]}
    assert statuses[3] == "skipped"  # TRUE, after 1 was judged
    assert statuses[5] == statuses[6] == "hit"  # the ISIN


def test_a_chosen_sheet_and_name_column(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "two.xlsx", {
        "A": [["Code", "Label"], ["C1", "Sugon"], ["C2", "Siemens AG"]],
        "B": [["Code", "Label"], ["C3", "Megvii Technology Limited"], ["C4", "Nestle SA"]],
    })
    assert assert_same(path, columnar=False, sheet="b", name_column="Label")["summary"][
        "hits"] == 1


def test_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ["Megvii Technology Limited", None, "Siemens AG", "Sugon", "", "Sugon"] * 50
    table = pa.table({"Issuer Name": names, "ISIN": [None] * len(names),
                      "Weight": list(range(len(names)))})
    path = tmp_path / "holdings.parquet"
    pq.write_table(table, path)
    report = assert_same(path, columnar=False, chunk_rows=64)
    assert report["summary"]["hits"] == 150


def test_randomized_workbooks_with_workers(tmp_path: Path) -> None:
    rng = random.Random(3)
    pool = [row[:3] for row in TYPED if len(row) >= 3]
    rows = [[*rng.choice(pool), n] for n in range(2500)]
    rows += [[f"Acme Holding {n}", None, "US", n] for n in range(600)]
    rng.shuffle(rows)
    path = _workbook(tmp_path / "random.xlsx", {"Holdings": [HEADER, *rows]})
    exact, exact_warnings, _ = run(path, fast=False, chunk_rows=1000)
    quick, quick_warnings, _ = run(path, fast=True, chunk_rows=1000, workers=2)
    assert quick == exact and quick_warnings == exact_warnings
    assert exact["summary"]["rows"] == len(rows)


def test_files_without_a_name_column_or_missing_are_refused(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx", {"Holdings": [HEADER, *TYPED]})
    bad = _workbook(tmp_path / "bad.xlsx", {"Numbers": [["Amount"], [1], [2]]})
    with pytest.raises(InputError, match="no name column found"):
        list(LocalEngine().run(screener(), [Source(good), Source(bad)]))
    with pytest.raises(InputError, match="file not found"):
        LocalEngine().run(screener(), [Source(good), Source(tmp_path / "none.xlsx")]).__next__()


def test_a_header_only_sheet_still_says_which_sheets_were_passed_over(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "empty.xlsx", {"Cover": [["Holdings report"]],
                                              "Holdings": [HEADER]})
    for fast in (True, False):
        report, warnings, _ = run(path, fast=fast)
        assert report["summary"]["rows"] == 0
        assert warnings == ["sheet 'Cover' not screened: no name or identifier column"]
