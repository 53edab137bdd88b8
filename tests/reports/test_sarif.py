import json
from pathlib import Path

import jsonschema

from sanctscreen.reports import render
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
