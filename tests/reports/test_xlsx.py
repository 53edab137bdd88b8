import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from sanctscreen.reports import render, write_report
from tests.reports import sample


def _book(**kw: object):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render(sample.report(**kw), "xlsx")))


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]


def test_flagged_sheet_has_original_columns_and_findings() -> None:
    book = _book()
    assert book.sheetnames == ["Flagged", "Summary", "Warnings", "Lists"]
    rows = _records(book["Flagged"])
    assert [(r["Row"], r["Status"]) for r in rows] == [
        (2, "hit"), (3, "review"), (4, "review"), (6, "skipped"), (7, "cleared")]
    megvii = rows[0]
    assert megvii["Vendor"] == "Megvii Technology Ltd"
    assert megvii["Amount"] == 1234.5
    assert megvii["Matched entity"] == "Megvii Technology Limited"
    assert megvii["Lists"] == "NS-CMIC"
    assert megvii["Match type"] == "name"
    assert rows[1]["Ownership path"].endswith("owned 100% by Megvii Technology Limited [NS-CMIC]")
    assert rows[3]["Reason"] == "no name or identifier"
    assert rows[4]["Note"] == "a\ufffdbell"  # a control character XML cannot hold


def test_layout_colours_freeze_and_filter() -> None:
    sheet = _book()["Flagged"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet["A1"].font.bold
    colours = [sheet.cell(row=r, column=1).fill.fgColor.rgb for r in range(2, 7)]
    assert colours == ["00FFC7CE", "00FFEB9C", "00FFEB9C", "00D9D9D9", "00C6EFCE"]
    assert 8 <= sheet.column_dimensions["A"].width <= 60
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"


def test_formulas_never_become_formulas() -> None:
    sheet = _book()["Flagged"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    assert texts[sample.FORMULA_NAME].data_type == "s"
    assert texts[sample.FORMULA_NAME].quotePrefix
    assert texts[sample.FORMULA_ENTITY].data_type == "s"
    assert texts["+cmd|' /C calc'!A0"].quotePrefix


def test_summary_and_lists_sheets() -> None:
    book = _book()
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(2)}
    assert summary["Hits"] == 1
    assert summary["To review"] == 2
    assert summary["Generated at (UTC)"] == "2026-01-12T09:30:00Z"
    assert summary["Input"] == "holdings.xlsx"
    assert summary["Option: threshold_hit"] == "0.92"
    lists = _records(book["Lists"])
    assert lists[0]["ID"] == "seed"
    assert lists[0]["SHA-256"] == "ab" * 32
    assert lists[0]["Entries"] == 36


def test_include_clear_lists_every_row() -> None:
    rows = _records(_book(include_clear=True)["Flagged"])
    assert len(rows) == 6
    assert rows[3]["Status"] == "clear"


def _office() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(_office() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_without_evaluating_formulas(tmp_path: Path) -> None:
    workbook = tmp_path / "report.xlsx"
    write_report(sample.report(), workbook)
    office = _office()
    assert office is not None
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
         str(workbook)],
        check=True, capture_output=True, timeout=180,
    )
    text = (tmp_path / "report.csv").read_text(encoding="utf-8")
    assert sample.FORMULA_NAME.replace('"', '""') in text  # shown as text, not as "x"
    assert "Megvii Technology Limited" in text
    assert "旷视科技" in text


def test_awkward_cell_values_are_stored(tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import UTC, date, datetime
    from decimal import Decimal

    report = sample.report()
    first = report.results[0]
    cells = {"When": datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "Day": date(2026, 1, 2),
             "Missing": float("nan"), "Price": Decimal("1.25"), "Tags": ["a", "b"]}
    odd = replace(first, subject=replace(first.subject, cells=cells))
    path = tmp_path / "odd.xlsx"
    write_report(replace(report, results=(odd,)), path)
    [record] = _records(load_workbook(path)["Flagged"])
    assert record["When"] == "2026-01-02T03:04:00+00:00"  # Excel has no time zones
    assert record["Day"] == datetime(2026, 1, 2)
    assert record["Missing"] is None
    assert record["Price"] == 1.25
    assert record["Tags"] == "a, b"
