"""Arbitrary cell values written to CSV and XLSX come back as one subject per row, in order."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from sanctscreen.errors import InputError
from sanctscreen.inputs import read_input
from tests.property.strategies import names

# openpyxl refuses the control characters XML 1.0 cannot hold; Excel cannot hold them either.
xlsx_text = names.map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text))
cells = st.one_of(st.none(), xlsx_text, st.integers(-10**15, 10**15),
                  st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                  st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)))


def _subjects(path: Path) -> list[Any] | None:
    """Every subject of `path`, or None when it is refused (InputError naming the file)."""
    try:
        tables = read_input(path)
    except InputError as exc:
        # Refusing is allowed (a row of control bytes reads as binary), silently losing rows
        # or raising anything else is not.
        assert str(exc).startswith(f"{path}: ")
        return None
    return [s for table in tables for s in table.subjects]


@given(st.lists(names, min_size=1, max_size=12))
def test_csv_rows_round_trip(values: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Company Name", "Reference"])
            # A reference in every row, so that no row is blank and each can be told apart.
            writer.writerows([value, f"REF-{i}"] for i, value in enumerate(values))
        subjects = _subjects(path)
    if subjects is None:
        return
    assert [s.cells["Reference"] for s in subjects] == [f"REF-{i}" for i in range(len(values))]
    rows = [s.row for s in subjects]
    assert rows == sorted(set(rows))


@settings(max_examples=50)
@given(st.lists(cells, min_size=1, max_size=10))
def test_xlsx_rows_round_trip(values: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.xlsx"
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Company Name", "Reference"])
        for i, value in enumerate(values):
            sheet.append([value, f"REF-{i}"])
        book.save(path)
        subjects = _subjects(path)
    assert subjects is not None  # a workbook openpyxl wrote is never refused
    assert [s.cells["Reference"] for s in subjects] == [f"REF-{i}" for i in range(len(values))]
    assert [s.row for s in subjects] == list(range(2, len(values) + 2))
    for subject in subjects:
        assert (subject.name is None) == (subject.skip_reason is not None) or subject.name
