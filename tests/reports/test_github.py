import re

from sanctscreen.reports import render
from sanctscreen.reports.github import escape_data, escape_property
from tests.reports import sample

_COMMAND = re.compile(r"^::(?P<cmd>\w+)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")


def _unescape(text: str) -> str:
    for code, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(code, char)
    return text


def _commands() -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in render(sample.report(), "github").decode("utf-8").splitlines():
        found = _COMMAND.match(line)
        assert found, line
        props = dict(p.split("=", 1) for p in (found["props"] or "").split(",") if p)
        parsed.append((found["cmd"], {k: _unescape(v) for k, v in props.items()},
                       _unescape(found["msg"])))
    return parsed


def test_one_annotation_per_flagged_row_and_a_summary() -> None:
    commands = _commands()
    assert [(c, p.get("line")) for c, p, _ in commands] == [
        ("notice", None), ("error", "2"), ("warning", "3"), ("warning", "4"), ("warning", "6"),
        ("notice", "7")]
    _, props, message = commands[1]
    assert props["file"] == "holdings.xlsx"
    assert props["title"] == ("HIT: Megvii Technology Ltd - Megvii Technology Limited"
                              " (sheet Holdings)")
    assert "seed:megvii" in message
    assert commands[0][2].startswith("6 rows screened: 1 hit")


def test_properties_with_commas_and_colons_survive() -> None:
    commands = _commands()
    review = commands[2][1]
    assert review["title"] == ("REVIEW: Beijing Kuangshi Technology - Megvii Technology Limited"
                               " (sheet Holdings)")
    formula = commands[3][1]
    assert formula["title"].startswith(f"REVIEW: {sample.FORMULA_NAME}")


def test_escaping_rules() -> None:
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
