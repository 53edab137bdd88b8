import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from sanctscreen.models import Report, Status
from sanctscreen.reports import render
from sanctscreen.reports.sarif import HELP_URI
from tests.reports import sample

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "reports" / "sarif-schema-2.1.0.json").read_text())


def _log(**kw: object) -> dict:
    return json.loads(render(sample.report(**kw), "sarif"))


def test_log_validates_against_the_sarif_2_1_0_schema() -> None:
    log = _log()
    jsonschema.validate(log, SCHEMA)
    assert log["version"] == "2.1.0"


def test_schema_rejects_a_broken_log() -> None:
    log = _log()
    log["runs"][0]["results"][0]["level"] = "fatal"
    try:
        jsonschema.validate(log, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted an invalid level")


def test_one_result_per_flagged_row_with_location_and_level() -> None:
    run = _log()["runs"][0]
    results = run["results"]
    assert [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["level"])
            for r in results] == [(2, "error"), (3, "warning"), (4, "warning"), (7, "note")]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "holdings.xlsx"
    assert results[0]["ruleId"] == "NS-CMIC"
    assert results[2]["ruleId"] == "EL"
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["EL", "NS-CMIC"]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    assert results[0]["properties"]["matches"][0]["entity_id"] == "seed:megvii"


def test_cleared_rows_are_suppressed_and_skipped_rows_are_notifications() -> None:
    run = _log()["runs"][0]
    cleared = run["results"][3]
    assert cleared["suppressions"][0]["kind"] == "external"
    assert cleared["suppressions"][0]["justification"].startswith("cleared by ana")
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1
    assert notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    assert "no name or identifier" in notes[0]["message"]["text"]


def test_fingerprints_are_stable_when_rows_move() -> None:
    fingerprints = [r["partialFingerprints"] for r in _log()["runs"][0]["results"]]
    assert fingerprints == [r["partialFingerprints"] for r in _log()["runs"][0]["results"]]
    assert len({f["sanctscreen/v1"] for f in fingerprints}) == 4


def test_empty_report_is_valid() -> None:
    log = json.loads(render(sample.empty_report(), "sarif"))
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"] == []


def _with_file(name: str) -> Report:
    base = sample.report()
    return replace(base, results=tuple(replace(r, subject=replace(r.subject, file=name))
                                       for r in base.results))


def _uris(log: dict) -> list[dict]:
    run = log["runs"][0]
    found = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    return found + [n["locations"][0]["physicalLocation"]["artifactLocation"] for n in notes]


@pytest.mark.parametrize(("name", "uri"), [
    ("holdings.xlsx", "holdings.xlsx"),
    ("./vendors/master list.xlsx", "vendors/master%20list.xlsx"),
    ("vendors\\master.xlsx", "vendors/master.xlsx"), ("{root}/data/h.xlsx", "data/h.xlsx"),
    ("data/../h.xlsx", "h.xlsx"),
])
def test_files_are_relative_to_srcroot_wherever_the_job_ran(
        name: str, uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    log = json.loads(render(_with_file(name.format(root=tmp_path)), "sarif"))
    jsonschema.validate(log, SCHEMA)
    assert {json.dumps(found) for found in _uris(log)} == {
        json.dumps({"uri": uri, "uriBaseId": "%SRCROOT%"})}
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]
    assert base["uri"] == tmp_path.as_uri() + "/"


def test_a_file_outside_the_directory_keeps_its_absolute_uri(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "job").mkdir()
    monkeypatch.chdir(tmp_path / "job")
    log = json.loads(render(_with_file(str(tmp_path / "elsewhere.xlsx")), "sarif"))
    jsonschema.validate(log, SCHEMA)
    assert _uris(log)[0] == {"uri": (tmp_path / "elsewhere.xlsx").as_uri()}
    windows = json.loads(render(_with_file("C:\\data\\h.xlsx"), "sarif"))
    assert _uris(windows)[0] == {"uri": "file:///C:/data/h.xlsx"}


def test_a_row_on_several_lists_is_a_result_per_list() -> None:
    base = sample.report()
    dji = replace(sample.MEGVII, lists=("NS-CMIC", "EL"))
    other = replace(sample.EVIL, lists=("SDN", "EL"), status=Status.HIT, score=0.99)
    row = replace(base.results[0], matches=(dji, other))
    log = json.loads(render(replace(base, results=(row,)), "sarif"))
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["EL", "NS-CMIC", "SDN"]
    found = [(r["ruleId"], r["properties"]["list"], r["message"]["text"].split(" matches ")[1]
              .split(" [")[0]) for r in run["results"]]
    # EL: both parties are on it; the stronger match (0.99 against 0.97) decides it.
    assert sorted(found) == [("EL", "EL", sample.FORMULA_ENTITY),
                             ("NS-CMIC", "NS-CMIC", "Megvii Technology Limited"),
                             ("SDN", "SDN", sample.FORMULA_ENTITY)]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    assert {r["level"] for r in run["results"]} == {"error"}


def test_every_rule_links_to_the_readme_section_on_lists() -> None:
    rules = _log()["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["helpUri"] for rule in rules} == {HELP_URI}
    assert HELP_URI == "https://github.com/sanctscreen/sanctscreen#lists"
    readme = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "\n## Lists\n" in readme  # the anchor #lists exists
