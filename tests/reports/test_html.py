import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from sanctscreen.models import Report
from sanctscreen.reports import render
from sanctscreen.reports.html import STYLE
from tests.reports import sample


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _parse(**kw: object) -> _Collector:
    parser = _Collector()
    parser.feed(render(sample.report(**kw), "html").decode("utf-8"))
    parser.close()
    return parser


def test_self_contained_no_scripts_no_remote_assets() -> None:
    page = _parse()
    names = [tag for tag, _ in page.tags]
    assert "script" not in names
    assert "link" not in names and "img" not in names
    for _, attrs in page.tags:
        for key in ("src", "href"):
            assert key not in attrs
    style = "".join(page.text)
    assert "@media print" in style


def test_hostile_names_are_text_not_markup() -> None:
    page = _parse()
    assert sample.SCRIPT_NAME in [cell for row in page.rows for cell in row]
    assert sample.FORMULA_NAME in "".join(page.text)


def test_flagged_rows_hits_first_with_status_classes() -> None:
    page = _parse()
    classes = [attrs.get("class") for tag, attrs in page.tags if tag == "tr" and attrs]
    assert classes == ["hit", "review", "review", "cleared", "skipped"]
    hit = next(row for row in page.rows if row and row[0] == "hit")
    assert hit[1] == "holdings.xlsx, Holdings, row 2"
    assert hit[3].startswith("Megvii Technology Limited")
    assert hit[5] == "0.97"
    text = "".join(page.text)
    assert "Ownership: Beijing Kuangshi Technology Co., Ltd., owned 100% by Megvii" in text
    assert "ab" * 32 in text  # the list's sha256 in the Lists table
    assert "threshold_hit" in text


def test_include_clear_shows_clear_rows() -> None:
    rows = _parse(include_clear=True).rows
    assert any(row and row[0] == "clear" for row in rows)


def _grid_widths(rows: list[list[tuple[int, int]]]) -> list[int]:
    """How many columns each table row fills, counting cells that earlier rows span into."""
    taken: set[tuple[int, int]] = set()
    for line, cells in enumerate(rows):
        column = 0
        for rowspan, colspan in cells:
            while (line, column) in taken:
                column += 1
            taken |= {(line + down, column + right)
                      for down in range(rowspan) for right in range(colspan)}
            column += colspan
    return [1 + max(column for row, column in taken if row == line)
            for line in range(len(rows))]


class _Spans(HTMLParser):
    """Each table's rows as the (rowspan, colspan) of their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[int, int]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append((int(found.get("rowspan") or 1),
                                        int(found.get("colspan") or 1)))


def _spans(report: Report) -> list[list[list[tuple[int, int]]]]:
    parser = _Spans()
    parser.feed(render(report, "html").decode("utf-8"))
    return parser.tables


def _two_matches() -> Report:
    base = sample.report()
    first = base.results[0]
    both = replace(first, matches=(sample.MEGVII, sample.EVIL))
    return replace(base, results=(both, *base.results[1:]))


@pytest.mark.parametrize("report", [sample.report(), sample.report(include_clear=True),
                                    _two_matches()], ids=["flagged", "all", "two-matches"])
def test_every_row_of_every_table_fills_the_header_exactly(report: Report) -> None:
    for table in _spans(report):
        header, *body = table
        assert set(_grid_widths(body)) == {len(header)}


def test_a_skipped_row_has_no_phantom_column() -> None:
    page = _parse()
    skipped = next(row for row in page.rows if row and row[0] == "skipped")
    assert skipped[-1] == "no name or identifier"
    flagged = _spans(sample.report())[0]
    assert flagged[0] == [(1, 1)] * 8
    assert sum(colspan for _, colspan in flagged[4]) == 8  # the skipped row


def test_the_verdict_comes_first_and_follows_the_gate() -> None:
    html = render(sample.report(), "html").decode("utf-8")
    verdict = re.search(r'<p class="verdict (\w+)"[^>]*>([^<]*)</p>', html)
    assert verdict is not None
    assert verdict.groups() == ("fail", "1 hit — this file fails the gate (--fail-on hit); also "
                                        "2 rows to review")
    assert verdict.start() < html.index("rows screened") < html.index("<table")
    passed = render(sample.report(fail_on="never"), "html").decode("utf-8")
    assert '<p class="verdict pass"' in passed and "the gate is off" in passed


def test_long_urls_and_hashes_wrap_and_printing_does_not_keep_rows_whole() -> None:
    style = STYLE.replace("\n", " ")
    cells = re.search(r"th, td \{[^}]*\}", style)
    assert cells is not None and "overflow-wrap: break-word" in cells.group()
    assert re.search(r"code \{[^}]*word-break: break-all", style)
    html = render(sample.report(), "html").decode("utf-8")
    assert f"<code>{'ab' * 32}</code>" in html
    print_rules = style[style.index("@media print"):]
    assert "break-inside: avoid" not in print_rules
    assert "thead { display: table-header-group; }" in print_rules
    assert "@page { size: landscape" in style
