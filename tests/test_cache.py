"""The compiled-data cache: verified before use, rebuilt when corrupt, invalidated by change."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctscreen import cache
from sanctscreen.cache import (
    MAGIC,
    cache_dir,
    cached,
    load,
    load_lists_cached,
    make_key,
    store,
)
from sanctscreen.lists import load_lists
from sanctscreen.matching import Matcher, Thresholds
from sanctscreen.screen import compiled_matcher
from tests.engines.holdings import LISTS


@pytest.fixture(autouse=True)
def _empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests count and damage cache files: none compiled by other tests may be there.
    monkeypatch.setenv("SANCTSCREEN_CACHE_DIR", str(tmp_path / "empty-cache"))


def _only_file(kind: str) -> Path:
    [path] = cache_dir().glob(f"{kind}-*.cache")
    return path


def test_the_folder_follows_the_environment(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANCTSCREEN_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"


def test_a_value_comes_back_and_is_built_once() -> None:
    builds = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"answer": 42}

    key = make_key("test", 1)
    assert cached("test", key, build) == {"answer": 42}
    assert cached("test", key, build) == {"answer": 42}
    assert len(builds) == 1
    assert _only_file("test").read_bytes().startswith(MAGIC)


def test_keys_differ_by_every_part() -> None:
    assert make_key("a", 1) != make_key("a", 2)
    assert make_key("a", 1) == make_key("a", 1)


@pytest.mark.parametrize("damage", ["flip", "truncate", "magic", "header"])
def test_a_damaged_file_is_never_trusted(damage: str) -> None:
    key = make_key("test", damage)
    store("test", key, ["payload"] * 100)
    path = _only_file("test")
    blob = bytearray(path.read_bytes())
    if damage == "flip":
        blob[-10] ^= 0xFF
    elif damage == "truncate":
        blob = blob[:-20]
    elif damage == "magic":
        blob[:4] = b"XXXX"
    else:
        blob[len(MAGIC):len(MAGIC) + 8] = b"zzzzzzzz"
    path.write_bytes(bytes(blob))
    assert load("test", key) is None
    assert not path.exists()  # removed, so the next run writes a sound one
    assert cached("test", key, lambda: "rebuilt") == "rebuilt"
    assert load("test", key) == "rebuilt"


def test_a_new_version_replaces_the_old_file() -> None:
    store("test", make_key("v1"), 1)
    store("test", make_key("v2"), 2)
    assert load("test", make_key("v2")) == 2
    assert len(list(cache_dir().glob("test-*.cache"))) == 1


def test_a_cache_that_cannot_be_written_costs_only_speed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SANCTSCREEN_CACHE_DIR", str(blocker / "cache"))
    assert cached("test", make_key("x"), lambda: "built") == "built"


def test_lists_come_from_the_cache_while_their_files_are_unchanged(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    extra = tmp_path / "own.csv"
    extra.write_text("name,country\nAcme Shell Company,RU\n", encoding="utf-8")
    ids = ["seed", "ofac-cons"]
    fresh = load_lists(ids, [extra])
    assert load_lists_cached(ids, [extra]) == fresh
    calls = []
    monkeypatch.setattr("sanctscreen.lists.load_lists",
                        lambda *a, **k: calls.append(a) or fresh)
    assert load_lists_cached(ids, [extra]) == fresh
    assert calls == []  # served from the cache
    extra.write_text("name,country\nOther Shell Company,RU\n", encoding="utf-8")
    load_lists_cached(ids, [extra])
    assert len(calls) == 1  # the edit is a new key


def test_the_matcher_is_compiled_once_per_list_version(monkeypatch: pytest.MonkeyPatch) -> None:
    entities = [e for lst in LISTS for e in lst.entities]
    first = compiled_matcher(entities, Thresholds(), LISTS)
    built = []
    original = Matcher.__init__

    def counting(self: Matcher, *args: object, **kwargs: object) -> None:
        built.append(1)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Matcher, "__init__", counting)
    again = compiled_matcher(entities, Thresholds(), LISTS)
    assert built == []
    assert again.match("Megvii") == first.match("Megvii")
    compiled_matcher(entities, Thresholds(hit=0.95), LISTS)  # other options: another key
    assert built == [1]


def test_the_matcher_names_the_parties_it_shares_with_the_lists() -> None:
    # The compiled index is stored without the parties: it comes back holding this run's.
    entities = [e for lst in LISTS for e in lst.entities]
    compiled_matcher(entities, Thresholds(), LISTS)
    again = compiled_matcher(entities, Thresholds(), LISTS)
    assert all(a is b for a, b in zip(again.entities, entities, strict=True))
    assert again.match("Megvii")[0].entity in entities
    # Other parties (another order, one fewer): another key, never positions read wrongly.
    reordered = compiled_matcher(entities[::-1], Thresholds(), LISTS)
    assert reordered.entities == tuple(entities[::-1])
    assert len(list(cache_dir().glob("matcher-*.cache"))) == 1


def test_a_shared_object_this_run_does_not_have_rebuilds() -> None:
    store("kind", "key", ["a", SHARED], shared=[SHARED])
    assert load("kind", "key", shared=[SHARED]) == ["a", SHARED]
    assert load("kind", "key", shared=[]) is None  # read as a plain pickle: refused


SHARED = ("shared", 1)


def test_a_corrupt_matcher_is_rebuilt_with_the_same_answers() -> None:
    entities = [e for lst in LISTS for e in lst.entities]
    expected = compiled_matcher(entities, Thresholds(), LISTS).match("HANGZHOU HIKVISION")
    path = _only_file("matcher")
    path.write_bytes(path.read_bytes()[: len(MAGIC) + 100])
    assert compiled_matcher(entities, Thresholds(), LISTS).match("HANGZHOU HIKVISION") == expected
    assert cache.load("matcher", "absent") is None
