import json
from pathlib import Path

import pytest

from sanctscreen.errors import InputError
from sanctscreen.models import MatchType, Status
from sanctscreen.reports import render
from sanctscreen.reports.common import json_bytes
from sanctscreen.reports.json import from_dict, read_report, to_dict
from tests.reports import sample


def _load(**kw: object) -> dict:
    return json.loads(render(sample.report(**kw), "json"))


def test_top_level_keys_follow_the_contract_in_order() -> None:
    data = _load()
    assert list(data) == ["sanctscreen", "generated_at", "lists", "inputs", "options",
                          "summary", "warnings", "results"]
    assert data["sanctscreen"] == "0.1.0"
    assert data["generated_at"] == "2026-01-12T09:30:00Z"
    assert data["inputs"] == ["holdings.xlsx"]
    assert data["options"] == {"fail_on": "hit", "threshold_hit": 0.92, "as_of": "2026-01-12"}
    assert data["lists"] == [{"id": "seed", "name": "Bundled seed list",
                              "source": "Treasury press release 16 Dec 2021",
                              "as_of": "2021-12-16", "entries": 36, "sha256": "ab" * 32,
                              "format": "seed"}]
    assert data["summary"] == {"rows": 6, "hits": 1, "reviews": 2, "clear": 1, "skipped": 1,
                               "cleared": 1, "noted": 0,
                               "by_list": {"EL": {"review": 1},
                                           "NS-CMIC": {"hit": 1, "review": 1}}}
    assert data["warnings"] == []  # always there; empty when the run warned of nothing
    assert _load_warned()["warnings"] == list(sample.WARNINGS)


def _load_warned() -> dict:
    return json.loads(render(sample.warned(), "json"))


def test_results_list_flagged_rows_with_match_fields() -> None:
    results = _load()["results"]
    assert [(r["row"], r["status"]) for r in results] == [
        (2, "hit"), (3, "review"), (4, "review"), (6, "skipped"), (7, "cleared")]
    first = results[0]
    assert list(first)[:6] == ["file", "sheet", "row", "name", "status", "reason"]
    assert (first["file"], first["sheet"], first["name"]) == ("holdings.xlsx", "Holdings",
                                                             "Megvii Technology Ltd")
    match = first["matches"][0]
    assert list(match)[:8] == ["entity_id", "entity_name", "lists", "score", "matched_name",
                               "match_type", "path", "explanation"]
    assert match["score"] == 0.9712  # rounded to 4 decimals
    assert match["lists"] == ["NS-CMIC"]
    assert match["entity_version"] == "v-megvii"
    assert results[3]["reason"] == "no name or identifier"
    assert results[4]["matches"][0]["decision"].startswith("cleared by ana")


def test_ownership_path_is_listed_from_the_screened_company_up() -> None:
    path = _load()["results"][1]["matches"][0]["path"]
    assert [(p["entity_id"], p["relation"], p["share"]) for p in path] == [
        ("seed:kuangshi", "", None), ("seed:megvii", "owns", 100.0)]


def test_include_clear_adds_clear_rows() -> None:
    rows = [(r["row"], r["status"]) for r in _load(include_clear=True)["results"]]
    assert (5, "clear") in rows
    assert len(rows) == 6


def test_text_is_kept_verbatim_and_unescaped() -> None:
    raw = render(sample.report(), "json").decode("utf-8")
    assert "旷视科技" in raw  # ensure_ascii=False
    data = json.loads(raw)
    assert data["results"][2]["name"] == sample.FORMULA_NAME  # JSON is not neutralised
    assert data["results"][2]["matches"][0]["entity_name"] == sample.FORMULA_ENTITY


def test_output_is_deterministic() -> None:
    assert render(sample.report(), "json") == render(sample.report(), "json")


def test_round_trip_restores_results(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(render(sample.report(), "json"))
    report = read_report(path)
    original = sample.report()
    assert report.summary == original.summary
    assert report.lists == original.lists
    assert [r.status for r in report.results] == [r.status for r in original.reported]
    kuangshi = report.results[1].matches[0]
    assert kuangshi.match_type is MatchType.OWNERSHIP
    assert kuangshi.status is Status.REVIEW
    assert kuangshi.path[1].share == 100.0
    assert report.results[0].subject.cells["Note"] == "旷视科技"
    assert from_dict(json.loads(render(report, "json"))) == report


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not a readable JSON report"),
    ('{"sanctscreen": "1"}', "not a sanctscreen JSON report"),
])
def test_bad_report_is_an_input_error_naming_the_file(tmp_path: Path, content: str,
                                                      message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError) as caught:
        read_report(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_missing_report(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="report not found"):
        read_report(tmp_path / "nope.json")


def test_matches_the_golden_report() -> None:
    # The JSON layout is a contract for CI users: a change here must be deliberate (and
    # additive). Regenerate with the command in tests/data/reports/SOURCES.md.
    golden = Path(__file__).parent.parent / "data" / "reports" / "golden-report.json"
    assert render(sample.report(), "json").decode("utf-8") == golden.read_text(encoding="utf-8")


def test_written_as_the_json_module_would_indent_it() -> None:
    report = sample.report()
    data = to_dict(report)
    expected = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    assert json_bytes(data) == expected
    assert render(report, "json") == expected


def test_values_beyond_orjson_fall_back_to_the_json_module() -> None:
    data = {"cells": {"Quantity": 2**70, "Name": "旷视"}}
    assert json_bytes(data) == (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
