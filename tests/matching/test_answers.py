"""Answers kept between runs: used only for the same lists and matcher, never trusted if altered."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sanctscreen import cache as disk
from sanctscreen.cli import app
from sanctscreen.lists import load_lists
from sanctscreen.matching.answers import load_answers
from sanctscreen.matching.interface import Thresholds
from sanctscreen.models import Identifier, Result, Subject
from sanctscreen.screen import Screener

# The bundled lists without the 16 500-entry SDN list, which these tests do not need.
SMALL = ["seed", "ofac-cons"]

NAMES = [("MEGVII TECHNOLOGY LTD", (), "CN"), ("Sugon", (), "HK"), ("Apple Inc", (), "US"),
         (None, (Identifier("isin", "CNE100001TW7"),), None), ("Nestle SA", (), None),
         ("旷视科技有限公司", (), "CN"), ("Hangzhou Hikvision Digital Tec", (), None)]


def _screen(screener: Screener) -> list[Result]:
    subjects = [Subject("f.csv", None, row, name, ids, country, {})
                for row, (name, ids, country) in enumerate(NAMES, start=2)]
    return list(screener.screen(subjects))


def _cache_files() -> list[Path]:
    return sorted(Path(os.environ["SANCTSCREEN_CACHE_DIR"]).glob("answers-*"))


def test_a_later_screener_answers_from_the_stored_answers(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    lists = load_lists(SMALL)
    first = Screener(lists)
    expected = _screen(first)
    assert first.load_answers() == 0  # nothing stored yet
    first.save_answers()
    assert len(_cache_files()) == 1
    later = Screener(lists)
    assert later.load_answers() == len(NAMES)

    def never(*args: Any) -> Any:
        raise AssertionError("a stored answer was scored again")

    monkeypatch.setattr(later.matcher, "_match", never)
    assert _screen(later) == expected
    assert any(r.status.value == "hit" for r in expected)


def test_other_thresholds_or_lists_do_not_use_them() -> None:
    lists = load_lists(SMALL)
    first = Screener(lists)
    _screen(first)
    first.save_answers()
    assert Screener(lists, thresholds=Thresholds(hit=0.95, review=0.8)).load_answers() == 0
    assert Screener(lists[:1]).load_answers() == 0
    assert Screener(lists).load_answers() == len(NAMES)


def test_an_altered_answers_file_is_ignored_and_removed() -> None:
    lists = load_lists(SMALL)
    first = Screener(lists)
    expected = _screen(first)
    first.save_answers()
    [path] = _cache_files()
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))
    later = Screener(lists)
    assert later.load_answers() == 0
    assert not path.exists()
    assert _screen(later) == expected


def test_nothing_new_writes_nothing() -> None:
    lists = load_lists(SMALL)
    first = Screener(lists)
    _screen(first)
    first.save_answers()
    [path] = _cache_files()
    stamp = path.stat().st_mtime_ns
    later = Screener(lists)
    later.load_answers()
    _screen(later)
    later.save_answers()
    assert path.stat().st_mtime_ns == stamp


def test_check_twice_gives_the_same_report(tmp_path: Path, examples: Path) -> None:
    reports = []
    for run in range(2):
        out = tmp_path / f"report{run}.json"
        result = CliRunner().invoke(app, ["check", str(examples / "holdings.xlsx"), "-o",
                                          str(out), "--quiet", "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        report = json.loads(out.read_text(encoding="utf-8"))
        report.pop("generated_at")
        reports.append(report)
        assert len(_cache_files()) == 1
        cache = Path(os.environ["SANCTSCREEN_CACHE_DIR"])
        assert len(list(cache.glob("rows-*"))) == 1  # rows clear whatever the policy
    assert reports[0] == reports[1]
    assert reports[0]["summary"]["hits"] > 0


def test_answers_of_another_shape_are_ignored() -> None:
    screener = Screener(load_lists(SMALL))
    disk.store("answers", "k" * 64, [(("Sugon", (), None), [(10**9, 1.0, "x", "name", "e")])])
    assert load_answers(screener.matcher, "k" * 64) == 0
    assert screener.matcher.match("Sugon")  # scored afresh, not from the stored answer


def test_learnt_answers_are_used_when_asked_and_kept_when_not() -> None:
    lists = load_lists(SMALL)
    first = Screener(lists)
    _screen(first)
    first.save_answers()
    later = Screener(lists).matcher
    assert load_answers(later, _key(Screener(lists))) == len(NAMES)
    assert later.uncached(NAMES) == []  # nothing for worker processes to score
    assert later.match("Sugon", (), "HK") == first.matcher.match("Sugon", (), "HK")
    assert later.computed == 0
    # Answers not asked for in this run are stored again with those that were.
    assert sorted(map(repr, later.known_answers())) == sorted(
        map(repr, first.matcher.known_answers()))


def test_a_stored_answer_that_does_not_fit_is_scored_afresh() -> None:
    screener = Screener(load_lists(SMALL))
    disk.store("answers", "j" * 64, [(("Sugon", (), None), [(0, 1.0, "x", "no-such-type", "e")])])
    assert load_answers(screener.matcher, "j" * 64) == 1
    found = screener.matcher.match("Sugon")
    assert found and found[0].matched_name != "x" and screener.matcher.computed == 1


def _key(screener: Screener) -> str:
    from sanctscreen.matching.answers import answers_key
    from sanctscreen.screen import matcher_key

    key = matcher_key(screener.thresholds, screener.lists, screener.extra_entities,
                      screener.weak_aliases)
    assert key is not None
    return answers_key(key)
