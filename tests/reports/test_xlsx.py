import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sanctscreen.models import Report
from sanctscreen.reports import render, write_report
from sanctscreen.reports.xlsx_layout import LINE_HEIGHT, MIN_SCALE, print_scale, text_lines
from tests.reports import sample


def _book(**kw: object):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render(sample.report(**kw), "xlsx")))


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]


def test_flagged_sheet_has_original_columns_and_findings() -> None:
    book = _book()
    assert book.sheetnames == ["Flagged", "Print", "Summary", "Warnings", "Lists"]
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


def _long_report() -> Report:
    """The sample with a matcher's long explanation on the hit and many columns of input."""
    base = sample.report()
    first = base.results[0]
    explanation = "; ".join(f"clause {n} on the name's tokens and where they align" for n in
                            range(8))
    cells = {**first.subject.cells, **{f"Column {n}": n for n in range(15)}}
    hit = replace(first, subject=replace(first.subject, cells=cells),
                  matches=(replace(sample.MEGVII, explanation=explanation),))
    return replace(base, results=(hit, *base.results[1:]))


def _xml(data: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part).decode("utf-8")


def test_print_sheet_has_the_columns_an_analyst_prints_hits_first() -> None:
    sheet = _book()["Print"]
    assert [c.value for c in sheet[1]] == ["Row", "Name", "Status", "Lists", "Matched party",
                                          "Score", "Reason"]
    rows = _records(sheet)
    assert [(r["Row"], r["Status"]) for r in rows] == [
        (2, "hit"), (3, "review"), (4, "review"), (7, "cleared"), (6, "skipped")]
    assert rows[1]["Reason"] == ("owned by a listed company; NS-CMIC covers listed entities "
                                 "only\nPath: Beijing Kuangshi Technology Co., Ltd., owned 100% "
                                 "by Megvii Technology Limited [NS-CMIC]")
    assert rows[4]["Reason"] == "no name or identifier"
    several = replace(sample.report(), inputs=("a.xlsx", "b.xlsx"))
    rows = list(several.results)
    rows[0] = replace(rows[0], subject=replace(rows[0].subject, file="a.xlsx"))
    book = load_workbook(io.BytesIO(render(replace(several, results=tuple(rows)), "xlsx")))
    assert book["Print"]["A1"].value == "Where"
    assert book["Print"]["A2"].value == "a.xlsx, Holdings, row 2"


def test_print_sheet_prints_landscape_one_page_wide_with_the_header_repeated() -> None:
    sheet = _book()["Print"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, 8)]
    assert print_scale(widths) >= MIN_SCALE
    assert "1 hit — this file fails the gate" in sheet.oddHeader.center.text
    assert sheet.oddFooter.center.text == "Page &P of &N"


def test_a_wide_flagged_sheet_is_not_shrunk_to_one_page() -> None:
    sheet = load_workbook(io.BytesIO(render(_long_report(), "xlsx")))["Flagged"]
    assert sheet.max_column > 20
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$D"
    assert sheet.page_setup.pageOrder == "overThenDown"


def test_lists_sheet_prints_on_one_page() -> None:
    sheet = _book()["Lists"]
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
    widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, 7)]
    assert print_scale(widths) >= 0.5  # the 64 hex digits of a hash stay readable
    assert sheet["C2"].alignment.wrap_text


def test_wrapped_rows_have_heights_that_office_applications_honour() -> None:
    data = render(_long_report(), "xlsx")
    book = load_workbook(io.BytesIO(data))
    flagged = book["Flagged"]
    header = [c.value for c in flagged[1]]
    column = header.index("Explanation") + 1
    cell = flagged.cell(row=2, column=column)
    assert cell.alignment.wrap_text
    width = flagged.column_dimensions[get_column_letter(column)].width
    lines = text_lines(cell.value, width)
    assert lines >= 7  # 8 clauses of about 50 characters in a column of 60
    assert flagged.row_dimensions[2].height == lines * LINE_HEIGHT
    assert flagged.row_dimensions[5].height is None  # the clear row: one line, the default
    # customHeight is what makes Excel and LibreOffice keep the height instead of their own.
    assert re.search(r'<row r="2"[^>]*customHeight="1"', _xml(data, "xl/worksheets/sheet1.xml"))
    reason = book["Print"]["G3"]  # the ownership row: explanation and path, two lines or more
    assert reason.alignment.wrap_text and "\n" in reason.value
    assert book["Print"].row_dimensions[3].height == LINE_HEIGHT * text_lines(
        reason.value, book["Print"].column_dimensions["G"].width)


def test_text_lines_counts_wrapped_lines() -> None:
    assert text_lines("short", 20) == 1
    assert text_lines("x" * 18, 20) == 1
    assert text_lines("x" * 100, 20) == 6
    assert text_lines("a\nb\nc", 20) == 3
    assert text_lines("旷视科技" * 5, 20) == 3  # wide characters take two digits each


def test_scores_show_two_decimals_and_keep_their_value() -> None:
    book = _book()
    for name in ("Flagged", "Print"):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        score = sheet.cell(row=2, column=header.index("Score") + 1)
        assert score.number_format == "0.00"
        assert score.value == pytest.approx(0.9712, abs=1e-4)


def test_one_font_in_the_whole_workbook() -> None:
    data = render(sample.warned(), "xlsx")
    # Written by lxml or by the standard library, which spaces "<x />": either form.
    fonts = re.findall(r"<font>.*?</font>|<font\s*/>", _xml(data, "xl/styles.xml"), re.S)
    assert fonts
    for font in fonts:
        assert re.search(r'<name val="Calibri"\s*/>', font), font
        assert re.search(r'<sz val="11"\s*/>', font), font
    book = load_workbook(io.BytesIO(data))
    assert book["Flagged"]["A1"].font.b and book["Flagged"]["A1"].font.name == "Calibri"


def test_summary_states_the_verdict() -> None:
    summary = {row[0].value: row[1].value for row in _book(fail_on="never")["Summary"].iter_rows(2)}
    assert summary["Verdict"] == "1 hit, 2 to review — the gate is off (--fail-on never)"
