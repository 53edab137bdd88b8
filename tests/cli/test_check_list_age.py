"""`--max-list-age DAYS` and `max_list_age`: `check` and `owners` refuse lists older than the
limit before any row is read, naming the list and its date; undated lists are named as unjudged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sanctscreen.cli import app
from tests.cli.test_check_warnings import install

runner = CliRunner()
DATA = Path(__file__).resolve().parent.parent / "data" / "lists"
OLD = date(2020, 1, 2)


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def last_line(result: Any) -> str:
    return str(result.stderr).strip().splitlines()[-1]


def days_old(as_of: date) -> int:
    return (date.today() - as_of).days


@pytest.fixture
def vendors(tmp_path: Path) -> Path:
    path = tmp_path / "vendors.csv"
    path.write_text("Vendor\nMegvii Technology Limited\nNestle SA\n", encoding="utf-8")
    return path


def test_a_list_older_than_the_limit_stops_the_run_before_any_report(
        vendors: Path, tmp_path: Path) -> None:
    install(tmp_path, "internal", OLD)
    report = tmp_path / "report.json"
    result = run("check", vendors, "--lists", "internal", "--max-list-age", "30", "-o", report)
    assert result.exit_code == 2
    assert last_line(result) == (f"error: list internal is as of {OLD}, {days_old(OLD)} days old "
                                 "(--max-list-age 30); use a current copy of internal")
    assert not report.exists()


def test_an_official_publication_is_refreshed_by_lists_update(vendors: Path,
                                                              tmp_path: Path) -> None:
    imported = run("lists", "import", DATA / "ofac_sdn_small", "--format", "ofac-csv",
                   "--id", "ofac-sdn", "--as-of", OLD.isoformat())
    assert imported.exit_code == 0, imported.stderr
    result = run("check", vendors, "--lists", "ofac-sdn", "--max-list-age", "30")
    assert result.exit_code == 2
    assert last_line(result) == (f"error: list ofac-sdn is as of {OLD}, {days_old(OLD)} days old "
                                 "(--max-list-age 30); run `sanctscreen lists update`")


def test_no_row_is_read_when_the_lists_are_too_old(vendors: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sanctscreen.api as api

    def no_engine(*args: object, **kwargs: object) -> object:
        raise AssertionError("rows were read")

    monkeypatch.setattr(api, "engine_for", no_engine)
    install(tmp_path, "internal", OLD)
    result = run("check", vendors, "--lists", "internal", "--max-list-age", "30")
    assert result.exit_code == 2 and "days old" in last_line(result)


def test_lists_within_the_limit_are_screened_without_the_90_day_warning(
        vendors: Path, tmp_path: Path) -> None:
    install(tmp_path, "internal", OLD)
    limit = days_old(OLD)  # exactly the limit old is within it
    result = run("check", vendors, "--lists", "internal", "--max-list-age", str(limit),
                 "--format", "json")
    assert result.exit_code == 1  # Megvii is on the list
    report = json.loads(result.stdout)
    assert report["options"]["max_list_age"] == limit
    assert report["warnings"] == [] and "warning" not in result.stderr


def test_the_seed_list_is_not_judged(vendors: Path) -> None:
    result = run("check", vendors, "--lists", "seed", "--max-list-age", "0", "--format", "json")
    assert result.exit_code == 1  # Megvii is in the seed list, whose as-of is 2021
    assert json.loads(result.stdout)["warnings"] == []


def test_an_undated_list_is_named_as_not_judged_on_stderr_and_in_the_report(
        vendors: Path, tmp_path: Path) -> None:
    install(tmp_path, "fresh", date.today())
    blocklist = tmp_path / "block.csv"
    blocklist.write_text("name\nNestle SA\n", encoding="utf-8")
    result = run("check", vendors, "--lists", "fresh", "--list", blocklist,
                 "--max-list-age", "30", "--format", "json")
    assert result.exit_code == 1
    warning = (f"list custom-block ({blocklist.resolve()}) has no as-of date: --max-list-age 30 "
               "cannot judge its age")
    assert json.loads(result.stdout)["warnings"] == [warning]
    assert f"warning: {warning}" in " ".join(result.stderr.split())


def test_the_settings_file_sets_the_limit_and_the_flag_overrides_it(
        vendors: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, "internal", OLD)
    settings = tmp_path / "sanctscreen.toml"
    settings.write_text('lists = ["internal"]\nmax_list_age = 30\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.json"
    refused = run("check", vendors, "-o", report)
    assert refused.exit_code == 2
    assert last_line(refused) == (
        f"error: list internal is as of {OLD}, {days_old(OLD)} days old (max_list_age = 30 in "
        f"{settings}); use a current copy of internal")
    assert not report.exists()
    allowed = run("check", vendors, "--max-list-age", "100000", "-o", report)
    assert allowed.exit_code == 1 and report.exists()


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "setting 'max_list_age' must be a whole number of 0 or more, not -1"),
    ('"30"', "setting 'max_list_age' must be a whole number of 0 or more, not '30' "
             "(write it without quotes)"),
    ("true", "setting 'max_list_age' must be a whole number of 0 or more, not true"),
])
def test_a_bad_setting_is_one_line_naming_the_file(vendors: Path, tmp_path: Path, value: str,
                                                   message: str) -> None:
    settings = tmp_path / "sanctscreen.toml"
    settings.write_text(f"max_list_age = {value}\n", encoding="utf-8")
    result = run("check", vendors, "--config", settings)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: {settings}: {message}"]


def test_a_negative_flag_is_a_usage_error(vendors: Path) -> None:
    result = run("check", vendors, "--max-list-age", "-1")
    assert result.exit_code == 2 and "--max-list-age" in result.stderr


def test_owners_takes_the_same_limit(tmp_path: Path) -> None:
    install(tmp_path, "internal", OLD)
    result = run("owners", "Megvii Technology Limited", "--lists", "internal",
                 "--max-list-age", "30")
    assert result.exit_code == 2
    assert last_line(result).startswith(f"error: list internal is as of {OLD}")
    assert run("owners", "Megvii Technology Limited", "--lists", "internal").exit_code == 0


def test_a_settings_file_may_name_the_lists_as_an_array(vendors: Path, tmp_path: Path) -> None:
    settings = tmp_path / "sanctscreen.toml"
    settings.write_text('lists = ["seed"]\n', encoding="utf-8")
    result = run("check", vendors, "--config", settings, "--format", "json")
    assert result.exit_code == 1
    assert [lst["id"] for lst in json.loads(result.stdout)["lists"]] == ["seed"]
