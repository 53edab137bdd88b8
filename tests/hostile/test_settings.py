"""Settings that would silently disable the gate, or crash it, from any source: each is one line
naming the flag (or the setting and its file), exit 2, before a list is loaded or a row read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.helpers import assert_refused, forbid_screening, invoke, snapshot

VENDORS = "Vendor\nMegvii Technology Limited\nNestle SA\n"
NUMBER = "must be a number from 0 to 1"
FAIL_ON = "must be one of 'hit', 'review', 'never'"
IDS = 'must be list ids, as "seed,ofac-cons" or ["seed", "ofac-cons"]'


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a vendor file, where `check` finds sanctscreen.toml by itself."""
    (tmp_path / "vendors.csv").write_text(VENDORS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("lists", ['["seed", "ofac-cons"]', '"seed,ofac-cons"',
                                   '"seed, ofac-cons"'])
def test_the_readme_settings_example_and_the_string_form_of_lists_screen(
        folder: Path, lists: str) -> None:
    (folder / "sanctscreen.toml").write_text(f"lists = {lists}\nfail_on = \"review\"\n",
                                             encoding="utf-8")
    for command in (["check", "vendors.csv", "--format", "json", "--no-progress"],
                    ["owners", "Megvii Technology Limited"]):
        result = invoke(*command)
        assert result.exit_code == (1 if command[0] == "check" else 0), result.stderr
        assert "error" not in result.stderr
    report = json.loads(invoke("check", "vendors.csv", "--format", "json").stdout)
    assert [lst["id"] for lst in report["lists"]] == ["seed", "ofac-cons"]
    assert report["options"]["lists"] == "seed,ofac-cons"  # as --lists takes them


@pytest.mark.parametrize(("text", "message"), [
    ("hit_threshold = 9.5", f"setting 'hit_threshold' {NUMBER}, not 9.5"),
    ("hit_threshold = -0.1", f"setting 'hit_threshold' {NUMBER}, not -0.1"),
    # NaN passes every comparison as false: as a threshold it would make no score a hit.
    ("hit_threshold = nan", f"setting 'hit_threshold' {NUMBER}, not nan"),
    ("review_threshold = inf", f"setting 'review_threshold' {NUMBER}, not inf"),
    ('hit_threshold = "0.9"', f"setting 'hit_threshold' {NUMBER}, not '0.9' "
                              "(write it without quotes)"),
    ("hit_threshold = true", f"setting 'hit_threshold' {NUMBER}, not true"),
    ('fail_on = "sometimes"', f"setting 'fail_on' {FAIL_ON}, not 'sometimes'"),
    ("fail_on = 3", f"setting 'fail_on' {FAIL_ON}, not 3"),
    ("lists = []", f"setting 'lists' {IDS}, not []"),
    ('lists = ""', f"setting 'lists' {IDS}, not ''"),
    ('lists = ["seed", ""]', f"setting 'lists' {IDS}, not ['seed', '']"),
    ("lists = [1]", f"setting 'lists' {IDS}, not [1]"),
    ("max_depth = 0", "setting 'max_depth' must be a whole number of 1 or more, not 0"),
    ("max_list_age = 1.5", "setting 'max_list_age' must be a whole number of 0 or more, not 1.5"),
    ('name_column = " "', "setting 'name_column' must be a text that is not blank, not ''"),
    ('encoding = "klingon"', "setting 'encoding' must be an encoding Python knows, e.g. utf-8, "
                             "gb18030, cp1252, utf-16, not 'klingon'"),
    ('include_clear = "yes"', "setting 'include_clear' must be true or false, not 'yes'"),
    ('strict = "true"', "setting 'strict' must be true or false, not 'true' "
                        "(write it without quotes)"),
    ('allow = ""', "setting 'allow' must be a file name, not ''"),
    ('format = "pdf"', "setting 'format' must be one of 'table', 'csv', 'github', 'html', "
                       "'json', 'junit', 'markdown', 'parquet', 'sarif', 'xlsx', not 'pdf'"),
    ('weak_aliases = "sometimes"', "setting 'weak_aliases' must be one of 'ignore', 'review', "
                                   "'screen', not 'sometimes'"),
])
def test_a_bad_setting_in_the_settings_file_is_refused_before_any_work(
        folder: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    settings = folder / "sanctscreen.toml"
    settings.write_text(text + "\n", encoding="utf-8")
    before = snapshot(folder)
    forbid_screening(monkeypatch)
    result = invoke("check", "vendors.csv", "-o", "report.json", "--no-progress")
    assert_refused(result, f"error: {settings}: {message}")
    assert snapshot(folder) == before  # the inputs unchanged, no report left behind


@pytest.mark.parametrize("command", [["owners", "Megvii Technology Limited"],
                                     ["lookup", "Megvii Technology Limited"]])
def test_owners_and_lookup_read_the_same_settings_the_same_way(
        folder: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    settings = folder / "sanctscreen.toml"
    settings.write_text("lists = []\n", encoding="utf-8")
    forbid_screening(monkeypatch)
    assert_refused(invoke(*command), f"error: {settings}: setting 'lists' {IDS}, not []")


def test_tool_sanctscreen_in_pyproject_is_checked_alike(folder: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = folder / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.sanctscreen]\nhit_threshold = 9.5\n',
                         encoding="utf-8")
    forbid_screening(monkeypatch)
    assert_refused(invoke("check", "vendors.csv"),
                   f"error: {pyproject}: setting 'hit_threshold' {NUMBER}, not 9.5")


@pytest.mark.parametrize("text", ["tool = 3\n", "[tool]\nsanctscreen = 3\n"])
def test_a_pyproject_with_an_odd_tool_key_is_no_crash(folder: Path, text: str) -> None:
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    result = invoke("check", "vendors.csv", "--lists", "seed")
    assert result.exit_code in (1, 2) and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.strip().splitlines()[-1] == (
            f"error: {folder / 'pyproject.toml'}: [tool.sanctscreen] must be a table of settings")


@pytest.mark.parametrize(("flags", "message"), [
    (["--threshold", "9.5"], f"--threshold {NUMBER}, not '9.5'"),
    (["--hit-threshold", "nan"], f"--threshold {NUMBER}, not 'nan'"),
    (["--review-threshold", "x"], f"--review-threshold {NUMBER}, not 'x'"),
    (["--fail-on", "sometimes"], f"--fail-on {FAIL_ON}, not 'sometimes'"),
    (["--lists", ","], f"--lists {IDS}, not ','"),
    (["--lists", "seed,"], f"--lists {IDS}, not 'seed,'"),
    (["--max-depth", "0"], "--max-depth must be a whole number of 1 or more, not '0'"),
    (["--max-list-age", "-1"], "--max-list-age must be a whole number of 0 or more, not '-1'"),
    (["--as-of", "2027-02-30"], "--as-of must be a date like 2026-01-31, not '2027-02-30'"),
    (["--weak-aliases", "all"], "--weak-aliases must be one of 'ignore', 'review', 'screen', "
                                "not 'all'"),
    (["--affiliates-rule", "yes"], "--affiliates-rule must be one of 'auto', 'on', 'off', "
                                   "not 'yes'"),
    (["--ns-cmic-subsidiaries", "clear"], "--ns-cmic-subsidiaries must be 'review' or 'hit', "
                                          "not 'clear'"),
    (["--name-column", ""], "--name-column must be a text that is not blank, not ''"),
    (["--allow", ""], "--allow must be a file name, not '.'"),
    (["--threshold", "0.5", "--review-threshold", "0.8"],
     "review threshold 0.8 is above the hit threshold 0.5 (--review-threshold 0.8, "
     "--threshold 0.5)"),
])
def test_a_bad_flag_is_refused_with_the_same_words(
        folder: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], message: str) -> None:
    before = snapshot(folder)
    forbid_screening(monkeypatch)
    result = invoke("check", "vendors.csv", *flags, "-o", "report.json", "--no-progress")
    assert_refused(result, f"error: {message}")
    assert snapshot(folder) == before


def test_a_flag_overrides_a_bad_looking_file_only_where_it_is_given(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = folder / "sanctscreen.toml"
    settings.write_text("review_threshold = 0.95\n", encoding="utf-8")
    forbid_screening(monkeypatch)
    assert_refused(invoke("check", "vendors.csv"),
                   "error: review threshold 0.95 is above the hit threshold 0.9 "
                   f"(review_threshold = 0.95 in {settings})")


def test_a_threshold_the_file_sets_still_gates(folder: Path) -> None:
    (folder / "sanctscreen.toml").write_text('lists = "seed"\nhit_threshold = 0.95\n',
                                             encoding="utf-8")
    result = invoke("check", "vendors.csv", "--format", "json")
    assert result.exit_code == 1  # Megvii Technology Limited is listed as written
    assert json.loads(result.stdout)["options"]["hit_threshold"] == 0.95


@pytest.mark.parametrize("text", ['as_of = 2026-01-01', 'as-of = "2026-01-01"', "threshold = 1"])
def test_keys_a_settings_file_may_not_hold_are_unknown(folder: Path, text: str) -> None:
    settings = folder / "sanctscreen.toml"
    settings.write_text(text + "\n", encoding="utf-8")
    result = invoke("check", "vendors.csv")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith(
        f"error: {settings}: unknown setting ")


@pytest.mark.parametrize("text", ["lists = [\n", "a = 1\na = 2\n", "d = 2027-02-30\n"])
def test_a_settings_file_that_is_not_toml_is_one_line(folder: Path, text: str) -> None:
    settings = folder / "sanctscreen.toml"
    settings.write_text(text, encoding="utf-8")
    result = invoke("check", "vendors.csv")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {settings}: not valid TOML")


def test_a_device_as_the_settings_file_is_never_read(folder: Path) -> None:
    assert_refused(invoke("check", "vendors.csv", "--config", "/dev/zero"),
                   "error: /dev/zero: is not a settings file (not a regular file)")
