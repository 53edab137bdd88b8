from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from sanctscreen.errors import InputError
from sanctscreen.inputs import sniff
from sanctscreen.inputs.sniff import Kind, detect
from tests.inputs.files import write_encrypted_office, write_ods, write_xlsx

DATA = Path(__file__).parent.parent / "data" / "inputs"


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        detect(path)
    return str(caught.value)


def test_kinds_are_judged_by_content_not_suffix(tmp_path: Path) -> None:
    assert detect(write_xlsx(tmp_path / "a.csv", {"S": [["Name"]]})) is Kind.WORKBOOK
    assert detect(write_ods(tmp_path / "b.ods", {"S": [["Name"]]})) is Kind.WORKBOOK
    (tmp_path / "c.xlsx").write_text("Name\nMegvii\n")
    assert detect(tmp_path / "c.xlsx") is Kind.TEXT
    (tmp_path / "d.csv").write_text("Name\nMegvii\n", encoding="utf-16")
    assert detect(tmp_path / "d.csv") is Kind.TEXT
    shutil.copy(DATA / "vendors.xls", tmp_path / "e.xls")
    assert detect(tmp_path / "e.xls") is Kind.WORKBOOK
    (tmp_path / "f.parquet").write_bytes(b"PAR1" + bytes(20) + b"PAR1")
    assert detect(tmp_path / "f.parquet") is Kind.PARQUET


def test_missing_directory_and_empty(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.csv") == f"{tmp_path / 'nope.csv'}: file not found"
    assert error_of(tmp_path) == f"{tmp_path}: is a directory, not a file"
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert error_of(tmp_path / "empty.xlsx").endswith("empty.xlsx: file is empty")
    (tmp_path / "blank.csv").write_bytes(b"\xef\xbb\xbf\r\n  \n")
    assert error_of(tmp_path / "blank.csv").endswith("blank.csv: file is empty")


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = write_encrypted_office(tmp_path / "locked.xlsx")
    assert error_of(path) == (f"{path}: workbook is password-protected "
                              "(remove the password and save it again)")


def test_foreign_files(tmp_path: Path) -> None:
    cases = {
        "report.xlsx": (b"%PDF-1.7\n" + bytes(100), "file is a PDF document, not a spreadsheet"),
        "page.xls": (b"<!DOCTYPE html><html><table><tr><td>Name</td></tr></table></html>",
                     "file is an HTML or XML document, not a spreadsheet"),
        "noise.xlsx": (bytes(range(256)) * 8, "file is not a spreadsheet or a text table"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        assert message in error_of(tmp_path / name), name


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "doc.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "file is a Word document, not a workbook" in error_of(tmp_path / "doc.xlsx")
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04" + bytes(50))
    assert "damaged ZIP archive" in error_of(tmp_path / "cut.xlsx")


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(48):
                member.write(zeros)
    assert path.stat().st_size < 1 << 20
    message = error_of(path)
    assert "part xl/worksheets/sheet1.xml inflates" in message
    assert message.endswith("(possible ZIP bomb)")


def test_declared_total_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", {"S": [["Name"], ["Megvii"] * 3]})
    monkeypatch.setattr(sniff, "MAX_INFLATED", 100)
    assert "refusing a workbook that inflates to" in error_of(path)


def test_leading_blank_lines_longer_than_the_sniffed_head(tmp_path: Path) -> None:
    path = tmp_path / "padded.csv"
    path.write_text("\n" * 10_000 + "Name\nMegvii\n")
    assert detect(path) is Kind.TEXT
    (tmp_path / "blank.csv").write_text("\n" * 10_000)
    assert error_of(tmp_path / "blank.csv").endswith("file is empty")


def test_a_stray_nul_in_text_is_not_binary(tmp_path: Path) -> None:
    (tmp_path / "nul.csv").write_bytes(b"Name\nMei\x00ya Pico\nDJI\x1a\n")
    assert detect(tmp_path / "nul.csv") is Kind.TEXT


def test_devices_are_refused_without_reading_them() -> None:
    device = Path("/dev/zero")
    if not device.exists():
        pytest.skip("no /dev/zero here")
    assert error_of(device) == "/dev/zero: is not a regular file"


@pytest.mark.parametrize(("text", "what"), [
    ('[{"name": "Megvii"}]', "file is JSON, not a table"),
    ('{"name": "Megvii"}\n{"name": "Sugon"}\n', "file is JSON, not a table"),
    ("\ufeff  [\n]", "file is JSON, not a table"),
    ("<?xml version='1.0'?><a/>", "file is an HTML or XML document, not a spreadsheet"),
    ("<ss:Workbook>", "file is an HTML or XML document, not a spreadsheet"),
    ("{\\rtf1 Name}", "file is an RTF document, not a spreadsheet"),
])
def test_text_that_is_not_a_table_is_refused(tmp_path: Path, text: str, what: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    assert error_of(path) == f"{path}: {what} (save it as .xlsx or .csv)"


@pytest.mark.parametrize("text", ["[Name],Country\n", "<Name>;<ISIN>\n", "[x] banner\nName\n"])
def test_tables_with_brackets_are_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    assert detect(path) is Kind.TEXT


def test_lock_files_are_told_apart_from_workbooks(tmp_path: Path) -> None:
    lock = tmp_path / "~$book.xlsx"
    lock.write_bytes(b"\x03ana" + b" " * 50 + b"\x03\x00a\x00n\x00a\x00")
    with pytest.raises(sniff.LockFileError) as caught:
        detect(lock)
    assert caught.value.what == "an Excel lock file (Excel keeps it while book.xlsx is open)"
    real = write_xlsx(tmp_path / "~$real.xlsx", {"S": [["Name"], ["Megvii"]]})
    assert detect(real) is Kind.WORKBOOK
    big = tmp_path / "~$big.csv"
    big.write_text("Name\n" + "Megvii\n" * 1000)
    assert detect(big) is Kind.TEXT
