import csv
import io

from sanctscreen.reports import render
from sanctscreen.reports.csv import _cell
from tests.reports import sample


def _rows(**kw: object) -> list[dict[str, str]]:
    text = render(sample.report(**kw), "csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_line_per_flagged_row_and_match_with_original_columns() -> None:
    rows = _rows()
    assert [(r["Row"], r["Status"]) for r in rows] == [
        ("2", "hit"), ("3", "review"), ("4", "review"), ("6", "skipped"), ("7", "cleared")]
    megvii = rows[0]
    assert megvii["Vendor"] == "Megvii Technology Ltd"
    assert megvii["Amount"] == "1234.5"
    assert megvii["Note"] == "旷视科技"
    assert megvii["Entity ID"] == "seed:megvii"
    assert megvii["Lists"] == "NS-CMIC"
    assert megvii["Score"] == "0.9712"
    assert rows[1]["Ownership path"] == (
        "Beijing Kuangshi Technology Co., Ltd., owned 100% by Megvii Technology Limited [NS-CMIC]")
    assert rows[3]["Reason"] == "no name or identifier"
    assert rows[3]["Entity ID"] == ""
    assert rows[4]["Decision"].startswith("cleared by ana")


def test_formula_text_is_neutralised_but_numbers_are_not() -> None:
    rows = _rows()
    evil = rows[2]
    assert evil["Vendor"] == "'" + sample.FORMULA_NAME
    assert evil["Matched entity"] == "'" + sample.FORMULA_ENTITY
    assert evil["Note"] == "'+cmd|' /C calc'!A0"
    assert evil["Explanation"] == "'-1+1 looks like =A1"
    assert rows[1]["Amount"] == "-5"  # a number is never a formula
    for row in rows:
        for value in row.values():
            if value.lstrip("-").replace(".", "", 1).isdigit():
                continue  # a number such as -5 cannot run anything
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_cell_helper_neutralises_each_trigger() -> None:
    for trigger in ("=", "+", "-", "@", "\t", "\r"):
        assert _cell(f"{trigger}1") == f"'{trigger}1"
    assert _cell("Megvii") == "Megvii"
    assert _cell(-3) == "-3"


def test_include_clear_and_utf8_bom() -> None:
    raw = render(sample.report(include_clear=True), "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "5" in [r["Row"] for r in _rows(include_clear=True)]
