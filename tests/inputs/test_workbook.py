from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sanctscreen.errors import InputError
from sanctscreen.inputs import read_input
from sanctscreen.inputs.workbook import open_workbook, pick_sheet, sheet_rows, worksheet_names
from tests.inputs.files import replace_part, write_ods, write_xlsx

DATA = Path(__file__).parent.parent / "data" / "inputs"


def rows_of(table_path: Path, **options: str) -> list[tuple[int, str | None, str | None]]:
    [table] = read_input(table_path, **options)
    return [(s.row, s.name, s.skip_reason) for s in table.subjects]


def test_header_on_row_four_under_a_title(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Global Equity Fund - holdings"
    sheet["A2"] = "As of 31 December 2025"
    sheet.append([])
    sheet["A4"], sheet["B4"], sheet["C4"] = "Security Description", "ISIN", "Weight"
    sheet.append(["Megvii Technology Ltd", None, 0.5])
    sheet.append([None, "US0378331005", 1.5])
    sheet.append([None, None, 2.0])
    book.save(tmp_path / "h.xlsx")
    [table] = read_input(tmp_path / "h.xlsx")
    assert (table.sheet, table.header_row, table.columns) == (
        "Sheet", 4, ("Security Description", "ISIN", "Weight"))
    assert [(s.row, s.name, s.skip_reason) for s in table.subjects] == [
        (5, "Megvii Technology Ltd", None), (6, None, None), (7, None, "blank name")]
    assert dict(table.subjects[2].cells) == {"Security Description": None, "ISIN": None,
                                             "Weight": 2.0}


def test_names_on_the_second_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover["B2"] = "Vendor due diligence - Q4"
    vendors = book.create_sheet("Vendors")
    vendors.append(["Supplier Name", "Country"])
    vendors.append(["SZ DJI Technology Co., Ltd.", "China"])
    book.save(tmp_path / "v.xlsx")
    [table] = read_input(tmp_path / "v.xlsx")
    assert (table.sheet, table.name_column, table.country_column) == (
        "Vendors", "Supplier Name", "Country")
    assert [(s.sheet, s.row, s.name, s.country) for s in table.subjects] == [
        ("Vendors", 2, "SZ DJI Technology Co., Ltd.", "CN")]
    assert table.warnings == ("sheet 'Cover' not screened: no name or identifier column",)


def test_every_sheet_with_names_is_read_and_sheet_option_picks_one(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "two.xlsx", {"Equities": [["Issuer", "ISIN"], ["Netposa", None]],
                                              "Bonds": [["Issuer"], ["Dawning"]]})
    assert [(t.sheet, [s.name for s in t.subjects]) for t in read_input(path)] == [
        ("Equities", ["Netposa"]), ("Bonds", ["Dawning"])]
    assert [t.sheet for t in read_input(path, sheet="bonds")] == ["Bonds"]
    with pytest.raises(InputError) as caught:
        read_input(path, sheet="Loans")
    assert str(caught.value) == f"{path}: no sheet named 'Loans'; sheets: Equities, Bonds"


def test_merged_cells_keep_the_value_in_the_top_left_cell(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Notes"])
    sheet.append(["Yitu Technology", "merged across two rows"])
    sheet.append([None, None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.append(["Cloudwalk", None])
    book.save(tmp_path / "m.xlsx")
    assert rows_of(tmp_path / "m.xlsx") == [
        (2, "Yitu Technology", None), (3, None, "empty row"), (4, "Cloudwalk", None)]


def test_formulas_are_read_as_their_cached_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", {"S": [
        ["Name", "Ticker", "Raw"],
        [("=PROPER(C2)", "Megvii Technology"), ("=\"688\"&\"XXX\"", "688XXX"), "megvii technology"],
        [("=TRIM(C3)", "Dawning Information"), ("=600000+11", 603019), " Dawning Information"],
    ]})
    [table] = read_input(path)
    assert [(s.name, [i.value for i in s.identifiers]) for s in table.subjects] == [
        ("Megvii Technology", ["688XXX"]), ("Dawning Information", ["603019"])]


def test_typed_cells_in_the_name_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Company"], [360], [True], [dt.date(2021, 12, 16)], ["  "], ["Leon 🚀"]):
        sheet.append(row)
    book.save(tmp_path / "t.xlsx")
    assert rows_of(tmp_path / "t.xlsx") == [
        (2, "360", None), (3, "TRUE", "name is not text: boolean TRUE"),
        (4, "2021-12-16", "name is not text: date 2021-12-16"),
        (5, None, "empty row"), (6, "Leon 🚀", None)]


def test_legacy_xls(tmp_path: Path) -> None:
    [table] = read_input(DATA / "vendors.xls")
    assert (table.sheet, table.header_row, table.name_column, dict(table.id_columns)) == (
        "Vendors", 3, "Vendor Name", {"lei": "LEI"})
    assert [(s.row, s.name, s.country) for s in table.subjects] == [
        (4, "Megvii Technology Limited", "CN"), (5, "北京旷视科技有限公司", "CN"),
        (6, "360", "CN"), (7, "Apple Inc.", "US")]
    assert [str(i) for i in table.subjects[3].identifiers] == ["LEI HWUPKR0MPOU8FGXBT394"]


def test_ods(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "o.ods", {"Cover": [["Counterparty list"]],
                                          "List": [["Counterparty", "LEI"], ["Meiya Pico", None]]})
    [table] = read_input(path)
    assert (table.sheet, [(s.row, s.name) for s in table.subjects]) == (
        "List", [(2, "Meiya Pico")])


def test_sheet_names_lookup_and_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", {"A": [[None, "Name"], [None, "x"]], "B": [["y"]]})
    with open_workbook(path) as workbook:
        assert worksheet_names(workbook) == ["A", "B"]
        assert pick_sheet(path, ["A", "B"], " b ") == "B"
        assert list(sheet_rows(path, workbook, "A")) == [(1, ["Name"]), (2, ["x"])]


def test_damaged_workbook_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S" r:id="rId1"/>')
    with pytest.raises(InputError) as caught:
        read_input(path)
    assert str(caught.value).startswith(f"{path}: workbook cannot be read (")


def _declare_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size a ZIP declares for `member`, as a lying ZIP bomb does."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at: at + name_at + len(name)] == name:
                data[at + size_at: at + size_at + 4] = size.to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_part_larger_than_declared_is_refused_not_inflated(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "lie.xlsx", {"S": [["Name"], ["x" * 3_000_000]]})
    _declare_size(path, "xl/worksheets/sheet1.xml", 1000)
    with pytest.raises(InputError) as caught:
        read_input(path)
    assert str(caught.value) == (f"{path}: workbook is damaged (xl/worksheets/sheet1.xml: "
                                 "Bad CRC-32 for file 'xl/worksheets/sheet1.xml')")


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".xlsm"])
def test_workbook_with_the_wrong_suffix_is_read_by_content(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"renamed{suffix}"
    path.write_bytes((DATA / "vendors.xls").read_bytes())
    [table] = read_input(path)
    assert (table.sheet, len(table.subjects)) == ("Vendors", 4)
    other = write_xlsx(tmp_path / "book.xlsx", {"S": [["Name"], ["Leon"]]})
    renamed = other.rename(tmp_path / "book.xls")
    assert [s.name for t in read_input(renamed) for s in t.subjects] == ["Leon"]


def test_xlsm_and_hidden_sheets_are_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    visible = book.active
    assert visible is not None
    visible.append(["Entity Name"])
    visible.append(["Netposa Technologies"])
    hidden = book.create_sheet("Old vendors")
    hidden.append(["Vendor"])
    hidden.append(["Xiamen Meiya Pico"])
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "macro.xlsm")
    tables = read_input(tmp_path / "macro.xlsm")
    assert [(t.sheet, [s.name for s in t.subjects]) for t in tables] == [
        ("Sheet", ["Netposa Technologies"]), ("Old vendors", ["Xiamen Meiya Pico"])]


def test_ods_repeating_a_cell_over_the_whole_grid_is_an_input_error(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "sparse.ods", {"S": [["Name"], ["x"]]})
    far = ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
           'table:number-columns-repeated="16384"/></table:table-row><table:table-row>'
           '<table:table-cell table:number-columns-repeated="16000"/><table:table-cell '
           'office:value-type="string"><text:p>z</text:p></table:table-cell></table:table-row>')
    replace_part(path, "content.xml", "</table:table>", far + "</table:table>")
    with pytest.raises(InputError) as caught:
        read_input(path)
    assert str(caught.value).startswith(f"{path}: workbook cannot be read (Cell limit exceeded")


def test_formulas_without_saved_values_are_named_as_such(tmp_path: Path) -> None:
    book = openpyxl.Workbook()  # openpyxl saves formulas without computing them
    sheet = book.active
    assert sheet is not None
    sheet.title = "Vendors"
    sheet["C3"] = "Name"
    sheet["D3"] = "Legal name"
    sheet["C4"] = "=D4"
    sheet["D4"] = "Megvii Technology Limited"
    sheet["C5"] = "Dawning Information Industry"
    sheet["C6"] = None
    sheet["D6"] = "x"
    book.save(tmp_path / "f.xlsx")
    [table] = read_input(tmp_path / "f.xlsx", name_column="Name")
    assert [(s.row, s.skip_reason) for s in table.subjects] == [
        (4, "blank name: a formula whose value was never computed"), (5, None),
        (6, "blank name")]
    assert sum("were never computed" in w for w in table.warnings) == 1
