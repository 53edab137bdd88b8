"""The kinds of settings values: what each accepts from the command line and from typed files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from sanctscreen.errors import ConfigError
from sanctscreen.settings import (
    SETTINGS,
    Choice,
    Day,
    Files,
    Ids,
    Invalid,
    Number,
    Whole,
    entry_field,
    from_file,
    from_flag,
    shown,
)


@pytest.mark.parametrize(("value", "typed", "expected"), [
    ("0.5", False, 0.5), (" 1 ", False, 1.0), (0, True, 0.0), (0.9, True, 0.9), (1, True, 1.0)])
def test_number_accepts_text_on_the_command_line_and_numbers_in_files(
        value: object, typed: bool, expected: float) -> None:
    assert Number(0, 1).parse(value, typed=typed) == expected


@pytest.mark.parametrize(("value", "typed"), [
    ("0.5", True), ("nan", False), (float("nan"), True), (float("inf"), True), ("1.01", False),
    (-0.01, True), (True, True), ("", False), (None, True), ([0.5], True)])
def test_number_refuses_what_would_not_gate(value: object, typed: bool) -> None:
    with pytest.raises(Invalid):
        Number(0, 1).parse(value, typed=typed)


def test_whole_numbers_and_their_floor() -> None:
    assert Whole(0).parse("0") == 0 and Whole(1).parse(25, typed=True) == 25
    for bad in (-1, 1.0, True, "3"):
        with pytest.raises(Invalid):
            Whole(0).parse(bad, typed=True)


def test_choices_are_compared_without_case_or_spaces() -> None:
    kind = Choice(["hit", "review", "never"])
    assert kind.parse(" Review ") == "review"
    assert kind.expected == "one of 'hit', 'review', 'never'"
    assert Choice(["clear", "match"]).expected == "'clear' or 'match'"
    with pytest.raises(Invalid):
        kind.parse("sometimes")


@pytest.mark.parametrize(("value", "expected"), [
    ("seed,ofac-cons", ["seed", "ofac-cons"]), (" seed , ofac-cons ", ["seed", "ofac-cons"]),
    (["seed", "ofac-cons"], ["seed", "ofac-cons"]), ("seed", ["seed"])])
def test_list_ids_in_either_form(value: object, expected: list[str]) -> None:
    assert Ids().parse(value, typed=True) == expected


@pytest.mark.parametrize("value", ["", ",", "seed,", [], ["seed", ""], [1], 3])
def test_no_list_at_all_is_refused(value: object) -> None:
    with pytest.raises(Invalid):
        Ids().parse(value, typed=True)


def test_dates_and_files() -> None:
    assert Day().parse("2026-01-31") == date(2026, 1, 31)
    assert Day().parse(datetime(2026, 1, 31, 9), typed=True) == date(2026, 1, 31)
    assert Day().parse("2026-01-31 09:00", typed=True) == date(2026, 1, 31)
    for bad in ("2027-02-30", "last week", 20260131):
        with pytest.raises(Invalid):
            Day().parse(bad, typed=True)
    assert Files().parse("owners.csv", typed=True) == ["owners.csv"]
    assert Files().parse([Path("a.csv")]) == ["a.csv"]
    with pytest.raises(Invalid):
        Files().parse(["a.csv", ""], typed=True)


def test_messages_name_the_flag_or_the_setting_and_its_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as flag:
        from_flag("hit_threshold", "9.5")
    assert str(flag.value) == "--threshold must be a number from 0 to 1, not '9.5'"
    path = tmp_path / "sanctscreen.toml"
    with pytest.raises(ConfigError) as setting:
        from_file({"hit_threshold": 9.5}, path)
    assert str(setting.value) == (
        f"{path}: setting 'hit_threshold' must be a number from 0 to 1, not 9.5")
    with pytest.raises(ConfigError) as entry:
        entry_field(Day(), "expires", "2027-02-30", "decision 3", path)
    assert str(entry.value) == (
        f"{path}: decision 3: 'expires' must be a date like 2026-01-31, not '2027-02-30'")


def test_file_names_in_a_settings_file_are_relative_to_it(tmp_path: Path) -> None:
    settings = from_file({"allow": "d.yaml", "ownership": "o.csv", "list-files": ["l.csv"]},
                         tmp_path / "sanctscreen.toml")
    assert settings == {"allow": str(tmp_path / "d.yaml"), "ownership": [str(tmp_path / "o.csv")],
                        "list_files": [str(tmp_path / "l.csv")]}


def test_every_setting_has_a_flag_and_a_kind() -> None:
    for key, setting in SETTINGS.items():
        assert setting.key == key and setting.flag.startswith("--")
        assert setting.kind.expected


def test_shown_quotes_text_and_cuts_it_short() -> None:
    assert shown("x" * 100).endswith("...'") and len(shown("x" * 100)) == 62
    assert (shown(True), shown(9.5), shown(["a", 1])) == ("true", "9.5", "['a', 1]")
