from html.parser import HTMLParser

from sanctscreen.reports import render
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
