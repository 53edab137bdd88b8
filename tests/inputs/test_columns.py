from __future__ import annotations

from collections.abc import Sequence

import pytest

from sanctscreen.inputs.columns import dedupe, find_column, find_header, header_key, layout

NAME_SYNONYMS = [
    "Name", "Issuer Name", "Issuer", "Security Description", "Security Name", "Description",
    "Vendor", "Vendor Name", "Supplier", "Supplier Name", "Company", "Company Name",
    "Counterparty", "Counterparty Name", "Legal Name", "Entity", "Entity Name", "Customer",
    "Customer Name", "Party", "Holding", "Account Name", "Beneficiary", "名称", "公司名称",
    "企业名称", "ISSUER_NAME", "company-name", " legal  name: ",
]


def rows(*cells: Sequence[object]) -> list[tuple[int, list[object]]]:
    return [(n, list(c)) for n, c in enumerate(cells, start=1)]


def test_header_key_ignores_case_space_and_punctuation() -> None:
    assert header_key("  Issuer_Name: ") == "issuername"
    assert header_key("统一社会信用代码") == "统一社会信用代码"


@pytest.mark.parametrize("synonym", NAME_SYNONYMS)
def test_every_name_synonym_is_the_name_column(synonym: str) -> None:
    sheet = rows(["Weight", synonym, "Notes"], [0.5, "Megvii", ""])
    found = layout(sheet, find_header(sheet) or 0)
    assert found.name_column == " ".join(synonym.split())
    assert found.header_row == 1


def test_header_below_a_title_and_blank_rows() -> None:
    sheet = rows(["Quarterly holdings report"], [], ["As of 2025-12-31"],
                 ["Issuer Name", "ISIN", "Country of Risk", "Weight"], ["Megvii", "x", "CN", 1])
    index = find_header(sheet)
    assert index == 3
    found = layout(sheet, index)
    assert (found.header_row, found.name_column, found.id_columns, found.country_column) == (
        4, "Issuer Name", {"isin": "ISIN"}, "Country of Risk")


def test_name_priority_beats_position() -> None:
    sheet = rows(["Description", "Security Name", "Issuer Name"])
    assert layout(sheet, 0).name_column == "Issuer Name"


def test_ties_go_to_the_leftmost_column() -> None:
    sheet = rows(["Vendor", "Weight", "Vendor"])
    found = layout(sheet, 0)
    assert found.columns == ("Vendor", "Weight", "Vendor (2)")
    assert found.name_index == 0


@pytest.mark.parametrize(("header", "scheme"), [
    ("ISIN", "isin"), ("LEI", "lei"), ("Ticker", "ticker"), ("Symbol", "ticker"),
    ("Bloomberg Ticker", "ticker"), ("USCC", "uscc"), ("Unified Social Credit Code", "uscc"),
    ("统一社会信用代码", "uscc"), ("CUSIP", "cusip"),
])
def test_identifier_headers(header: str, scheme: str) -> None:
    sheet = rows(["Name", header])
    assert layout(sheet, 0).id_columns == {scheme: header}


@pytest.mark.parametrize("header", ["Country", "Country of Risk", "Country of Incorporation",
                                    "Domicile", "Nationality", "Country Code"])
def test_country_headers(header: str) -> None:
    assert layout(rows(["Name", header]), 0).country_column == header


def test_identifier_only_header_is_a_header() -> None:
    sheet = rows(["Fund holdings"], ["ISIN", "Weight"], ["US0378331005", 1])
    found = layout(sheet, find_header(sheet) or 0)
    assert (found.header_row, found.name_column, found.id_columns) == (2, None, {"isin": "ISIN"})


def test_no_header_when_nothing_is_recognised() -> None:
    assert find_header(rows(["Foo", "Bar"], ["a", "b"])) is None


def test_data_row_containing_a_header_word_does_not_win() -> None:
    sheet = rows(["Name", "ISIN", "Country"], ["Name", "x", "CN"])
    assert find_header(sheet) == 0


def test_header_texts_are_deduplicated_and_blanks_named() -> None:
    assert dedupe(["Name", None, "name", 2024.0, "", "Name"]) == (
        "Name", "Column 2", "name (2)", "2024", "Column 5", "Name (3)")


def test_find_column_is_case_insensitive() -> None:
    sheet = rows(["Report"], ["Ref", "Legal Entity"])
    assert find_column(sheet, "legal entity") == (1, 1)
    assert find_column(sheet, "missing") is None


@pytest.mark.parametrize(("headers", "name"), [
    (["Ref", "Company Name (English)", "Company Name (Chinese)"], "Company Name (English)"),
    (["Name of Issuer", "CUSIP"], "Name of Issuer"),
    (["序号", "公司名称\uff08中文\uff09"], "公司名称\uff08中文\uff09"),  # full-width brackets
    (["Vendor Name EN", "Name"], "Name"),  # an exact synonym beats a longer header
])
def test_headers_that_start_with_a_synonym(headers: list[str], name: str) -> None:
    sheet = rows(["Vendor register"], headers)
    index = find_header(sheet)
    assert index == 1
    assert layout(sheet, index).name_column == name


def test_a_long_sentence_starting_with_a_synonym_is_not_a_header() -> None:
    assert find_header(rows(["Name of the fund manager responsible for this report"])) is None


def test_a_data_row_with_more_header_words_does_not_displace_the_header() -> None:
    sheet = rows(["Name", "Role", "Since"], ["Customer", "Vendor", "2020"], ["x", "Vendor", "1"])
    assert find_header(sheet) == 0


def test_a_one_cell_banner_word_does_not_displace_a_fuller_header() -> None:
    sheet = rows(["Customer"], ["Customer Name", "Country", "LEI"], ["Megvii", "CN", ""])
    assert find_header(sheet) == 1


def test_key_value_lines_above_the_table_are_not_the_header() -> None:
    sheet = rows(["Company:", "Acme Asset Management"], ["Description:", "Q4 holdings"],
                 [], ["Issuer Name", "ISIN", "Weight"], ["Megvii", "", "1"])
    assert find_header(sheet) == 3


def test_header_typed_on_two_lines_in_one_cell() -> None:
    sheet = rows(["Issuer\nName", "Country of\r\nRisk"])
    found = layout(sheet, find_header(sheet) or 0)
    assert (found.columns, found.name_column, found.country_column) == (
        ("Issuer Name", "Country of Risk"), "Issuer Name", "Country of Risk")
