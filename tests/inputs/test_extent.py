from __future__ import annotations

from pathlib import Path

import pytest

from sanctscreen.errors import InputError
from sanctscreen.inputs import extent, read_input
from sanctscreen.inputs.extent import check_extent
from tests.inputs.files import replace_part, write_xlsx

FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'


def test_sheet_spanning_the_whole_grid_is_refused_before_calamine(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sparse.xlsx", {"S": [["Name"], ["Megvii"]]})
    replace_part(path, "xl/worksheets/sheet1.xml", "</sheetData>", FAR_CELL + "</sheetData>")
    with pytest.raises(InputError) as caught:
        read_input(path)  # calamine would abort the process on this file
    assert str(caught.value) == (
        f"{path}: refusing worksheet xl/worksheets/sheet1.xml: its cells span 1,048,576 rows by "
        "16,384 columns (17,179,869,184 cells, limit 100,000,000)")


def test_ordinary_sheets_pass_and_the_limit_counts_rows_times_columns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["Name", *[f"c{i}" for i in range(29)]]] + [["x"] * 30 for _ in range(40)]
    path = write_xlsx(tmp_path / "wide.xlsx", {"S": rows})
    check_extent(path)
    monkeypatch.setattr(extent, "MAX_CELLS", 41 * 30)
    check_extent(path)
    monkeypatch.setattr(extent, "MAX_CELLS", 41 * 30 - 1)
    with pytest.raises(InputError, match="span 41 rows by 30 columns"):
        check_extent(path)


def test_reference_cut_between_two_chunks_is_still_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extent, "_CHUNK", 7)
    path = write_xlsx(tmp_path / "s.xlsx", {"S": [["Name"], ["Megvii"]]})
    replace_part(path, "xl/worksheets/sheet1.xml", "</sheetData>", FAR_CELL + "</sheetData>")
    with pytest.raises(InputError, match="span 1,048,576 rows by 16,384 columns"):
        check_extent(path)


def test_part_needing_an_unknown_zip_version_is_an_input_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "v.xlsx", {"S": [["Name"], ["Megvii"]]})
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at != -1:  # "version needed to extract" of the sheet's central directory entry
        if data[at + 46: at + 46 + len(name)] == name:
            data[at + 6: at + 8] = (250).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        read_input(path)
    assert str(caught.value) == (f"{path}: file is a damaged ZIP archive, not a readable "
                                 "workbook (zip file version 25.0)")


def test_a_stray_zip_signature_in_another_file_is_an_input_error(tmp_path: Path) -> None:
    # Found by fuzzing: an OLE .xls with "PK\x05\x06" inside passes zipfile.is_zipfile() but
    # has no readable central directory.
    data = bytearray((Path(__file__).parent.parent / "data" / "inputs" / "vendors.xls")
                     .read_bytes())
    data[53:57] = b"PK\x05\x06"
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data[:5121]))
    with pytest.raises(InputError, match="damaged"):
        read_input(path)
