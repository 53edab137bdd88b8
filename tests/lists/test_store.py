"""The list store: versions, the CURRENT pointer, verification before a swap, pruning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists import load_list, store
from sanctscreen.models import ScreeningList


def custom_csv(names: int) -> bytes:
    return ("name\n" + "".join(f"Company {i}\n" for i in range(names))).encode()


def verify(path: Path) -> ScreeningList:
    return load_list(path, "custom", list_id="mine")


def install(names: int, max_drop: float = store.DEFAULT_MAX_DROP) -> store.Installed:
    return store.install("mine", {"list.csv": custom_csv(names)}, fmt="custom",
                         entry="list.csv", source="test", as_of=date(2026, 1, 1),
                         verify=verify, max_drop=max_drop)


def test_data_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.DATA_DIR_ENV, str(tmp_path))
    assert store.lists_dir() == tmp_path / "lists"
    assert store.installed() == []


def test_install_then_replace_keeps_the_previous_version() -> None:
    first = install(10)
    assert first.entries == 10 and first.as_of == date(2026, 1, 1)
    assert (store.lists_dir() / "mine" / "CURRENT").read_text() == first.version
    second = install(12)
    assert store.current("mine") == second
    before = store.previous("mine")
    assert before is not None and before.version == first.version
    third = install(11)
    kept = sorted(p.name for p in (store.lists_dir() / "mine").iterdir() if p.is_dir())
    assert kept == [second.version, third.version]  # the oldest is pruned
    assert [i.id for i in store.installed()] == ["mine"]


def test_collapse_is_refused_and_the_working_version_stays() -> None:
    working = install(10)
    with pytest.raises(ListError, match="has 4 entries against 10 before"):
        install(4)
    assert store.current("mine") == working
    # Nothing half-made is left beside the versions.
    assert [p.name for p in (store.lists_dir() / "mine").iterdir() if p.name.startswith(".")] \
        == []
    assert install(4, max_drop=1.0).entries == 4


def test_a_list_that_does_not_load_is_never_installed() -> None:
    working = install(3)
    with pytest.raises(ListError, match="no names"):
        store.install("mine", {"list.csv": b"name\n"}, fmt="custom", entry="list.csv",
                      source="t", as_of=None, verify=verify)
    assert store.current("mine") == working


def test_damaged_metadata_reads_as_not_installed() -> None:
    item = install(2)
    (item.folder / "meta.json").write_text("{broken")
    assert store.current("mine") is None


@pytest.mark.parametrize("bad", ["../x", ".hidden", "a/b", "ofac-cons:1", ""])
def test_list_ids_must_name_a_folder(bad: str) -> None:
    with pytest.raises(ListError, match="cannot be a list id"):
        store.install(bad, {"list.csv": custom_csv(1)}, fmt="custom", entry="list.csv",
                      source="t", as_of=None, verify=verify)
    assert store.current(bad) is None


def test_describe_is_plain_data() -> None:
    data = store.describe(install(2))
    assert data["id"] == "mine" and data["as_of"] == "2026-01-01" and data["entries"] == 2
