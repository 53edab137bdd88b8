import re
from dataclasses import replace

from sanctscreen.models import Report
from sanctscreen.reports import render
from sanctscreen.reports.common import short
from sanctscreen.reports.markdown import BREAK, SHORT, escape
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


def test_heading_is_the_verdict_with_counts() -> None:
    lines = render(sample.report(), "markdown").decode("utf-8").splitlines()
    assert lines[0] == "### 1 hit — this file fails the gate (--fail-on hit); also 2 rows to review"
    assert lines[2].startswith("6 rows screened: 1 hit, 2 to review")
    review = render(sample.report(fail_on="review"), "markdown").decode("utf-8")
    assert review.startswith("### 1 hit, 2 to review — this file fails the gate (--fail-on "
                             "review)\n")
    assert render(sample.empty_report(), "markdown").decode("utf-8").startswith(
        "### No hits — this file passes the gate (--fail-on hit)\n")


def _long() -> Report:
    """The sample with a matcher's long explanation and a decision on the ownership row."""
    base = sample.report()
    explanation = "; ".join(f"clause {n} about the name and its tokens" for n in range(12))
    kuangshi = replace(sample.KUANGSHI, explanation=explanation, decision="kept: ana, 2026-01-10")
    rows = list(base.results)
    rows[1] = replace(rows[1], matches=(kuangshi,))
    return replace(base, results=tuple(rows))


def test_why_is_short_with_a_break_between_explanation_path_and_decision() -> None:
    text = render(_long(), "markdown").decode("utf-8")
    why = next(row for row in _table(text) if row[2] == "3")[8]
    explanation, path, decision = why.split(BREAK)
    assert explanation.startswith("clause 0 about") and explanation.endswith(" …")
    assert len(_unescape(explanation)) <= SHORT + 1
    assert path.startswith("Path: Beijing Kuangshi") and len(_unescape(path)) <= SHORT + 1
    assert decision == "Decision: kept: ana, 2026-01-10"
    assert max(len(row[8]) for row in _table(text)[2:]) < 3 * (SHORT + 20)


def test_full_reasons_are_folded_under_the_table() -> None:
    text = render(_long(), "markdown").decode("utf-8")
    folded = text[text.index("<details><summary>Full reasons</summary>"):text.index("</details>")]
    assert text.index("| Status |") < text.index("<details>") < text.index("Lists screened:")
    assert "clause 11 about the name and its tokens" in folded
    assert "  - Path: Beijing Kuangshi Technology Co., Ltd., owned 100% by Megvii" in _unescape(
        folded)
    assert "- **holdings.xlsx, row 3**: Beijing Kuangshi Technology" in folded


def test_short_keeps_whole_clauses_then_whole_words() -> None:
    assert short("a; b", 10) == "a; b"
    assert short("alpha beta; gamma delta; epsilon", 20) == "alpha beta …"
    assert short("one two three four five six", 12) == "one two …"
    assert short("x" * 30, 10) == "x" * 9 + " …"
