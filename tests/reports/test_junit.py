import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctscreen.cli import app
from sanctscreen.reports import render
from tests.reports import sample


def _suite(**options: object) -> ET.Element:
    root = ET.fromstring(render(sample.report(**options), "junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    return suites[0]


def _outcomes(suite: ET.Element) -> dict[str, str]:
    outcomes = {}
    for case in suite.findall("testcase"):
        children = [child.tag for child in case if child.tag in ("failure", "skipped")]
        outcomes[case.get("name", "").split(":")[0]] = children[0] if children else "passed"
    return outcomes


def test_hits_fail_reviews_skip_by_default() -> None:
    suite = _suite()
    assert _outcomes(suite) == {
        "holdings.xlsx, Holdings, row 2": "failure",
        "holdings.xlsx, Holdings, row 3": "skipped",
        "holdings.xlsx, Holdings, row 4": "skipped",
        "holdings.xlsx, Holdings, row 6": "skipped",
        "holdings.xlsx, Holdings, row 7": "passed",
    }
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped"),
            suite.get("errors")) == ("5", "1", "3", "0")
    failure = suite.find("testcase/failure")
    assert failure is not None
    assert failure.get("message") == "hit: Megvii Technology Limited [NS-CMIC] score 0.97"
    assert "seed:megvii" in (failure.text or "")


def test_fail_on_review_makes_reviews_failures() -> None:
    suite = _suite(fail_on="review")
    outcomes = _outcomes(suite)
    assert outcomes["holdings.xlsx, Holdings, row 3"] == "failure"
    assert outcomes["holdings.xlsx, Holdings, row 6"] == "skipped"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "3", "1")


def test_fail_on_never_has_no_failures() -> None:
    suite = _suite(fail_on="never")
    assert suite.get("failures") == "0"
    assert _outcomes(suite)["holdings.xlsx, Holdings, row 2"] == "passed"


def test_counts_match_children_and_text_survives_xml() -> None:
    suite = _suite(include_clear=True)
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) == "6"
    assert suite.get("failures") == str(len(suite.findall("testcase/failure")))
    assert suite.get("skipped") == str(len(suite.findall("testcase/skipped")))
    names = [c.get("name") for c in cases]
    assert f"holdings.xlsx, Holdings, row 7: {sample.SCRIPT_NAME}" in names
    assert "holdings.xlsx, Holdings, row 6: (no name)" in names


def _check(tmp_path: Path, *args: str, config: str = "") -> tuple[int, dict[str, str]]:
    """`sanctscreen check` of the example vendors, its exit code and the JUnit outcome by row."""
    examples = Path(__file__).resolve().parent.parent.parent / "examples"
    (tmp_path / "sanctscreen.toml").write_text(config)
    report = tmp_path / "report.junit.xml"
    result = CliRunner().invoke(app, ["check", str(examples / "vendors.csv"), "--lists",
                                      "seed,ofac-cons", "-o", str(report), *args],
                                catch_exceptions=False)
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    return result.exit_code, {name.rsplit("row ", 1)[1]: outcome
                              for name, outcome in _outcomes(suite).items()}


@pytest.mark.parametrize(("args", "config"), [(("--fail-on", "review"), ""),
                                              ((), 'fail_on = "review"\n')],
                         ids=["flag", "config-file"])
def test_the_command_line_gate_on_reviews_makes_them_failures(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
        config: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, outcomes = _check(tmp_path, *args, config=config)
    assert code == 1
    assert outcomes["12"] == "failure"  # Sugon Logistics, to review
    assert outcomes["11"] == "skipped"  # the row with no name
    assert outcomes["9"] == "failure"


def test_without_the_gate_on_reviews_they_are_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, outcomes = _check(tmp_path, "--fail-on", "never")
    assert code == 0
    assert (outcomes["12"], outcomes["11"], outcomes["9"]) == ("skipped", "skipped", "passed")


def test_the_gate_given_as_an_enum_is_read_as_its_value() -> None:
    from sanctscreen.settings import FailOn

    outcomes = _outcomes(_suite(fail_on=FailOn.REVIEW))
    assert outcomes["holdings.xlsx, Holdings, row 3"] == "failure"
    assert outcomes["holdings.xlsx, Holdings, row 6"] == "skipped"
