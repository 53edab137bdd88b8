import re

from sanctscreen.reports import render
from sanctscreen.reports.markdown import escape
from tests.reports import sample

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _table(text: str) -> list[list[str]]:
    """The table of flagged rows (the lists table under it is tested in test_provenance)."""
    text = text.split("Lists screened:")[0]
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[c.strip() for c in _CELL_SPLIT.split(line)[1:-1]] for line in lines]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_summary_line_and_table_of_flagged_rows_hits_first() -> None:
    text = render(sample.report(), "markdown").decode("utf-8")
    assert "6 rows screened: 1 hit, 2 to review, 1 cleared by decisions, 1 clear, 1 skipped" in text
    table = _table(text)
    assert table[0] == ["Status", "File", "Row", "Name", "Matched entity", "Lists", "Score",
                        "Type", "Why"]
    body = table[2:]
    assert [(r[0], r[2]) for r in body] == [
        ("**HIT**", "2"), ("REVIEW", "3"), ("REVIEW", "4"), ("cleared", "7"), ("skipped", "6")]
    assert all(len(row) == 9 for row in body)
    assert body[0][4] == "Megvii Technology Limited"
    assert body[0][6] == "0.97"
    assert "Path: Beijing Kuangshi" in _unescape(body[1][8])


def test_pipes_and_markup_in_names_do_not_break_the_table() -> None:
    table = _table(render(sample.report(), "markdown").decode("utf-8"))
    dji = next(row for row in table if row[2] == "7")
    assert len(dji) == 9
    assert dji[3] == r"DJI \<script\>alert(1)\</script\> \| & Co"
    assert _unescape(dji[3]) == sample.SCRIPT_NAME


def test_escape_flattens_lines_and_neutralises_mentions() -> None:
    assert escape("a\nb | c") == r"a b \| c"
    assert escape("@octocat *bold* [x](y)") == r"\@octocat \*bold\* \[x\](y)"


def test_no_flagged_rows() -> None:
    text = render(sample.empty_report(), "markdown").decode("utf-8")
    assert "No flagged rows." in text
    assert _table(text) == []
