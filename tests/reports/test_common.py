import math
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path

import pytest

from sanctscreen.models import Identifier, PathStep, Status, Subject, Summary
from sanctscreen.reports.common import (
    best_match,
    by_severity,
    display_name,
    failing_statuses,
    gate_failed,
    neutralise,
    path_text,
    plain,
    summary_line,
    text_of,
    verdict_line,
)
from tests.reports import sample


class Colour(Enum):
    RED = "red"


def test_plain_makes_values_json_safe() -> None:
    assert plain({"d": date(2026, 1, 2), "p": Path("a/b"), "e": Colour.RED, "n": math.nan,
                  "s": {"b", "a"}, "t": (1, Decimal("2.5")), "dt": datetime(2026, 1, 2, 3, 4)}
                 ) == {"d": "2026-01-02", "p": "a/b", "e": "red", "n": None, "s": ["a", "b"],
                       "t": [1, 2.5], "dt": "2026-01-02T03:04:00"}
    assert plain(object.__new__(type("Odd", (), {"__str__": lambda self: "odd"}))) == "odd"


def test_text_of() -> None:
    assert text_of(None) == ""
    assert text_of(True) == "true"
    assert text_of(["a", 1]) == "a, 1"
    assert text_of(math.nan) == ""


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_formula_triggers(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_ordinary_text() -> None:
    assert neutralise("Megvii = face") == "Megvii = face"
    assert neutralise("") == ""


def test_path_text_reads_from_the_row_up() -> None:
    path = (PathStep("a", "Alpha", "", None), PathStep("b", "Beta", "owns", 60.0),
            PathStep("c", "Gamma", "controls", None, ("SDN",)))
    assert path_text(path) == "Alpha, owned 60% by Beta, controlled by Gamma [SDN]"
    assert path_text(()) == ""


def test_best_match_prefers_status_then_score() -> None:
    row = sample.report().results[0]
    weak_hit = replace(sample.MEGVII, score=0.5)
    strong_review = replace(sample.EVIL, score=0.99)
    assert best_match(replace(row, matches=(strong_review, weak_hit))) is weak_hit
    assert best_match(sample.report().results[3]) is None


def test_by_severity_is_stable() -> None:
    rows = by_severity(sample.report().results)
    assert [r.subject.row for r in rows] == [2, 3, 4, 7, 6, 5]


@pytest.mark.parametrize(("fail_on", "expected"), [
    ("hit", {Status.HIT}), ("review", {Status.HIT, Status.REVIEW}), ("never", set()),
    (None, set()), (["review"], {Status.REVIEW}),
])
def test_failing_statuses(fail_on: object, expected: set[Status]) -> None:
    assert failing_statuses(sample.report(fail_on=fail_on)) == expected


def test_failing_statuses_default_is_hits() -> None:
    report = sample.report()
    report = replace(report, options={})
    assert failing_statuses(report) == {Status.HIT}


def test_display_name_falls_back_to_identifiers() -> None:
    assert display_name(Subject("f", None, 2, "Megvii")) == "Megvii"
    assert display_name(Subject("f", None, 2, " ", (Identifier("isin", "CNE100000PM8"),))) == (
        "ISIN CNE100000PM8")
    assert display_name(Subject("f", None, 2, None)) == "(no name)"


def test_summary_line() -> None:
    assert summary_line(sample.report()) == (
        "6 rows screened: 1 hit, 2 to review, 1 cleared by decisions, 1 clear, 1 skipped")


@pytest.mark.parametrize(("options", "expected"), [
    ({}, "1 hit — this file fails the gate (--fail-on hit); also 2 rows to review"),
    ({"fail_on": "review"}, "1 hit, 2 to review — this file fails the gate (--fail-on review)"),
    ({"fail_on": "review", "strict": True},
     "1 hit, 2 to review, 1 not screened — this file fails the gate (--fail-on review, "
     "--strict)"),
    ({"fail_on": "never"}, "1 hit, 2 to review — the gate is off (--fail-on never)"),
])
def test_verdict_line_follows_the_gate(options: dict[str, object], expected: str) -> None:
    report = sample.report(**options)
    assert verdict_line(report) == expected
    assert gate_failed(report) is (options.get("fail_on") != "never")


def test_verdict_line_when_the_screen_passes() -> None:
    assert verdict_line(sample.empty_report()) == ("No hits — this file passes the gate "
                                                   "(--fail-on hit)")
    base = sample.report()
    reviews = tuple(r for r in base.results if r.status is not Status.HIT)
    passed = replace(base, results=reviews, summary=Summary.of(list(reviews)),
                     inputs=("a.csv", "b.csv"))
    assert verdict_line(passed) == ("No hits — these files pass the gate (--fail-on hit); "
                                    "2 rows to review")
    assert not gate_failed(passed)
