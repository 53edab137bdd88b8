from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctscreen.inputs.cells import MAX_NAME, MAX_WARNINGS, RowBuilder, clean_text, name_of
from sanctscreen.inputs.columns import layout
from sanctscreen.models import Identifier, Subject

MEGVII_ISIN = "US0378331005"  # a valid ISIN (Apple's); only its check digit matters here


def build(header: list[Any], *data: list[Any]) -> tuple[RowBuilder, list[Subject]]:
    rows = [(1, header), *((n, row) for n, row in enumerate(data, start=2))]
    builder = RowBuilder("in.csv", None, layout(rows, 0))
    return builder, list(builder.build(rows[1:]))


@pytest.mark.parametrize(("raw", "clean"), [
    ("  Megvii \t Technology\nLimited ", "Megvii Technology Limited"),
    ("Mei\x00ya\x1b Pico", "Mei ya Pico"),
    ("\u202eCloudwalk\u202c", "Cloudwalk"),
    ("\ufeffDawning", "Dawning"),
    ("Meg\u200bvii", "Megvii"),
    ("北京\u3000旷视", "北京 旷视"),
    ("Leon 🚀 Technology", "Leon 🚀 Technology"),
])
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(("value", "expected"), [
    (None, (None, "blank name")),
    ("   ", (None, "blank name")),
    ("#N/A", (None, "name cell unreadable (#N/A)")),
    (360, ("360", None)),
    (360.0, ("360", None)),
    (1.5, ("1.5", None)),
    (float("nan"), (None, "blank name")),
    (True, ("TRUE", "name is not text: boolean TRUE")),
    (dt.date(2024, 1, 5), ("2024-01-05", "name is not text: date 2024-01-05")),
    (dt.time(9, 30), ("09:30:00", "name is not text: time 09:30:00")),
    (b"\x00\x01", (None, "name cell unreadable (binary data)")),
])
def test_name_of(value: object, expected: tuple[str | None, str | None]) -> None:
    assert name_of(value) == expected


def test_rows_keep_numbers_cells_and_reasons() -> None:
    _, subjects = build(
        ["Name", "ISIN", "Country"],
        ["Megvii Technology Ltd", MEGVII_ISIN, "China"],
        ["", "", ""],
        ["  ", "US0378331006", "cn"],
        [None, MEGVII_ISIN, None],
        [dt.date(2024, 1, 5), None, "Hong Kong"],
    )
    assert [(s.row, s.name, s.skip_reason) for s in subjects] == [
        (2, "Megvii Technology Ltd", None),
        (3, None, "empty row"),
        (4, None, "blank name; ISIN 'US0378331006' is not valid"),
        (5, None, None),
        (6, "2024-01-05", "name is not text: date 2024-01-05"),
    ]
    assert subjects[0].identifiers == (Identifier("isin", MEGVII_ISIN),)
    assert [s.country for s in subjects] == ["CN", None, "CN", None, "HK"]
    assert dict(subjects[2].cells) == {"Name": "  ", "ISIN": "US0378331006", "Country": "cn"}
    assert subjects[3].identifiers == (Identifier("isin", MEGVII_ISIN),)


def test_a_date_with_an_identifier_is_screened_by_the_identifier_only() -> None:
    _, [subject] = build(["Name", "ISIN"], [dt.date(2024, 1, 5), MEGVII_ISIN])
    assert (subject.name, subject.skip_reason) == (None, None)
    assert subject.identifiers == (Identifier("isin", MEGVII_ISIN),)


def test_ragged_rows_keep_every_cell() -> None:
    _, subjects = build(["Name", "Ticker"], ["DJI"], ["Netposa", "300367", "extra"])
    assert dict(subjects[0].cells) == {"Name": "DJI", "Ticker": None}
    assert dict(subjects[1].cells) == {"Name": "Netposa", "Ticker": "300367",
                                       "Column 3": "extra"}
    assert subjects[1].identifiers == (Identifier("ticker", "300367"),)


def test_numeric_identifiers_from_excel() -> None:
    _, [subject] = build(["Name", "Ticker", "CUSIP"], ["Apple", 700.0, 37833100.0])
    assert subject.identifiers == (Identifier("ticker", "700"), Identifier("cusip", "037833100"))
    _, [flag] = build(["Name", "Ticker"], ["Apple", True])
    assert flag.identifiers == ()


def test_long_names_are_truncated_with_a_warning() -> None:
    long_name = "Dawning Information Industry " * 4000
    builder, [subject] = build(["Name"], [long_name])
    assert subject.skip_reason is None
    assert subject.name is not None and len(subject.name) == MAX_NAME
    assert subject.cells["Name"] == long_name
    assert builder.warnings == [
        "line 2: name of 115,999 characters truncated to 1,000 for matching"]


def test_identifier_only_layout_reports_rows_without_identifiers() -> None:
    _, subjects = build(["ISIN", "Weight"], [MEGVII_ISIN, 1], ["", 2], ["bad", 3])
    assert [(s.name, s.skip_reason) for s in subjects] == [
        (None, None),
        (None, "no name and no valid identifier"),
        (None, "no name and no valid identifier; ISIN 'bad' is not valid"),
    ]


def test_header_repeated_in_the_data_is_skipped() -> None:
    _, subjects = build(["Issuer Name", "ISIN", "Weight"], ["Megvii", "", "1"],
                        ["ISSUER NAME ", "ISIN", "Weight"], ["Issuer Name", "", "2"])
    assert [(s.row, s.name, s.skip_reason) for s in subjects] == [
        (2, "Megvii", None), (3, None, "repeated header row"), (4, "Issuer Name", None)]


@given(st.text())
def test_clean_text_has_no_runs_of_space_no_edges_and_no_controls(text: str) -> None:
    clean = clean_text(text)
    assert clean == clean.strip()
    assert "  " not in clean
    assert all(c == " " or not c.isspace() for c in clean)
    assert not any(unicodedata.category(c) == "Cc" for c in clean)
    assert clean_text(clean) == clean


def test_warnings_name_a_few_rows_and_count_the_rest() -> None:
    builder, subjects = build(["Name"], *[["x" * 1001] for _ in range(MAX_WARNINGS + 5)])
    assert all(len(s.name or "") == MAX_NAME for s in subjects)
    taken = builder.take_warnings()
    assert len(taken) == MAX_WARNINGS + 1
    assert taken[0] == "line 2: name of 1,001 characters truncated to 1,000 for matching"
    assert taken[-1] == "5 more rows had their names truncated"
    assert builder.take_warnings() == ()


def test_invalid_identifiers_are_shown_short() -> None:
    _, [subject] = build(["Name", "LEI"], ["", "Z" * 500])
    assert subject.skip_reason == f"blank name; LEI '{'Z' * 36}...' is not valid"
