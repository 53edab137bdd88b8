"""Files that are not tables, office lock files picked up by a glob, and workbooks whose names
were never computed: refused or skipped saying what they are, never screened as something else
with the gate passing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.hostile.helpers import assert_refused, invoke, snapshot

LISTS = ("--lists", "seed,ofac-cons")
RECORDS = [{"id": i, "name": name, "country": "CN"} for i, name in enumerate(
    ["Megvii Technology Limited", "Hangzhou Hikvision Digital Technology",
     "Zhejiang Dahua Technology", "iFlytek", "Dawning Information Industry"])]
SAVE_AS = "(save it as .xlsx or .csv)"


@pytest.mark.parametrize(("name", "text", "what"), [
    ("vendors.json", json.dumps(RECORDS, indent=2), "file is JSON, not a table"),
    ("vendors.json", json.dumps(RECORDS), "file is JSON, not a table"),
    ("vendors.jsonl", "\n".join(json.dumps(r) for r in RECORDS), "file is JSON, not a table"),
    ("vendors.csv", json.dumps({"vendors": RECORDS}), "file is JSON, not a table"),
    ("vendors.txt", '[\n  "Megvii Technology Limited"\n]\n', "file is JSON, not a table"),
    ("vendors.xls", "<Workbook xmlns='urn:schemas-microsoft-com:office:spreadsheet'>\n",
     "file is an HTML or XML document, not a spreadsheet"),
    ("vendors.xls", "<!-- exported -->\n<table><tr><td>Name</td></tr></table>\n",
     "file is an HTML or XML document, not a spreadsheet"),
    ("vendors.csv", "  <html><body>Name</body></html>", "file is an HTML or XML document, "
                                                         "not a spreadsheet"),
    ("vendors.txt", "{\\rtf1\\ansi Name\\par Megvii\\par}", "file is an RTF document, not a "
                                                           "spreadsheet"),
])
def test_a_file_that_is_not_a_table_is_refused(tmp_path: Path, name: str, text: str,
                                               what: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    result = invoke("check", path, *LISTS, "-o", tmp_path / "report.json", "--no-progress")
    assert_refused(result, f"error: {path}: {what} {SAVE_AS}")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("text", "column"), [
    ("[Name],[Country]\nMegvii Technology Limited,CN\n", "[Name]"),
    ("<Name>,<Country>\nMegvii Technology Limited,CN\n", "<Name>"),
    ("[2026-01-31] vendor export\nName\nMegvii Technology Limited\n", "Name"),
    ("{Vendor}\nMegvii Technology Limited\n", "{Vendor}"),
])
def test_tables_that_start_like_json_or_markup_are_still_screened(tmp_path: Path, text: str,
                                                                  column: str) -> None:
    path = tmp_path / "vendors.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke("check", path, *LISTS, "--format", "json", "--name-column", column)
    assert result.exit_code == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["hits"] == 1


def _lock_file(folder: Path, book: str) -> Path:
    """What Excel leaves beside an open workbook: the user's name, length-prefixed and padded,
    then again in UTF-16."""
    user = "j.rivera"
    data = bytes([len(user)]) + user.encode().ljust(53) + bytes([len(user), 0])
    data += user.encode("utf-16-le") + b"\x00" * (162 - len(data) - 2 * len(user))
    path = folder / f"~${book}"
    path.write_bytes(data)
    return path


def test_an_excel_lock_file_among_the_files_is_skipped_with_a_warning(
        tmp_path: Path, examples: Path) -> None:
    book = tmp_path / "holdings.xlsx"
    book.write_bytes((examples / "holdings.xlsx").read_bytes())
    lock = _lock_file(tmp_path, "holdings.xlsx")
    libre = tmp_path / ".~lock.holdings.xlsx#"
    libre.write_text("j.rivera,host,/home/j,03.12.2026 09:00,file:///home/j/.config;\n")
    before = snapshot(tmp_path)
    result = invoke("check", book, lock, libre, *LISTS, "--format", "json", "--no-progress")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["inputs"] == [str(book)]
    said = (f"{lock} not screened: an Excel lock file (Excel keeps it while holdings.xlsx is "
            "open)")
    said_libre = (f"{libre} not screened: a LibreOffice lock file (LibreOffice keeps it while "
                  "holdings.xlsx is open)")
    assert f"warning: {said}" in result.stderr.splitlines()
    assert f"warning: {said_libre}" in result.stderr.splitlines()
    assert said in report["warnings"] and said_libre in report["warnings"]
    assert snapshot(tmp_path) == before


def test_an_excel_lock_file_alone_is_refused(tmp_path: Path) -> None:
    lock = _lock_file(tmp_path, "holdings.xlsx")
    result = invoke("check", lock, *LISTS, "--no-progress")
    assert_refused(result, f"error: {lock}: is an Excel lock file (Excel keeps it while "
                           "holdings.xlsx is open), not a spreadsheet")


def test_a_real_workbook_named_like_a_lock_file_is_screened(tmp_path: Path,
                                                            examples: Path) -> None:
    odd = tmp_path / "~$holdings.xlsx"
    odd.write_bytes((examples / "holdings.xlsx").read_bytes())
    assert invoke("check", odd, *LISTS, "--no-progress").exit_code == 1


def _uncomputed(path: Path) -> Path:
    """A workbook as openpyxl (or any program without a calculation engine) saves one: the
    name column holds formulas and no values."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Vendors"
    sheet.append(["Vendor Name", "Legal name"])
    for row in range(2, 5):
        sheet.append([f"=B{row}", "Megvii Technology Limited"])
    book.save(path)
    return path


def test_names_that_were_never_computed_are_said_to_be_so(tmp_path: Path) -> None:
    path = _uncomputed(tmp_path / "vendors.xlsx")
    result = invoke("check", path, *LISTS, "--format", "json", "--name-column", "Vendor Name")
    assert result.exit_code == 0  # nothing screened is nothing found: see --strict
    report = json.loads(result.stdout)
    assert report["summary"]["skipped"] == 3
    assert {r["reason"] for r in report["results"]} == {
        "blank name: a formula whose value was never computed"}
    warning = (f"{path}: sheet 'Vendors': name cells hold formulas whose values were never "
               "computed (row 2 first): the file was saved by a program that does not "
               "calculate; open the file in Excel and save it, then screen it again")
    assert result.stderr.splitlines().count(f"warning: {warning}") == 1
    assert warning in report["warnings"]


@pytest.mark.parametrize("how", ["--strict", "strict = true"])
def test_strict_fails_the_gate_on_skipped_rows(tmp_path: Path, how: str) -> None:
    path = _uncomputed(tmp_path / "vendors.xlsx")
    flags: list[str | Path] = ["--strict"]
    if how != "--strict":
        settings = tmp_path / "sanctscreen.toml"
        settings.write_text(how + "\n", encoding="utf-8")
        flags = ["--config", settings]
    result = invoke("check", path, *LISTS, *flags, "-o", tmp_path / "report.junit.xml",
                    "--name-column", "Vendor Name", "--no-progress")
    assert result.exit_code == 1, result.stderr
    settings = tmp_path / "sanctscreen.toml"
    origin = "--strict" if how == "--strict" else f"strict = true in {settings}"
    assert result.stderr.strip().splitlines()[-1] == (
        f"note: 3 skipped row(s) fail the gate ({origin})")
    junit = (tmp_path / "report.junit.xml").read_text(encoding="utf-8")
    assert junit.count("<failure") == 3  # the report says what the gate said


def test_strict_passes_a_file_with_nothing_skipped(tmp_path: Path) -> None:
    path = tmp_path / "vendors.csv"
    path.write_text("Vendor\nNestle SA\n", encoding="utf-8")
    assert invoke("check", path, *LISTS, "--strict", "--no-progress").exit_code == 0
