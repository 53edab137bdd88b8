"""Differences between two versions of a list."""

from __future__ import annotations

from pathlib import Path

from sanctscreen.lists.diff import diff_lists
from sanctscreen.lists.ofac_csv import OfacCsvLoader
from tests.factory import entity, link, screening_list


def test_added_removed_and_changed_fields() -> None:
    parent = entity("1", "Parent Co", aliases=["Parent"], identifiers=[("isin", "CNE100001TW7")])
    child = entity("2", "Child Co")
    gone = entity("3", "Gone Co")
    old = screening_list([parent, child, gone], list_id="v1")
    parent2 = entity("1", "Parent Co", aliases=["Parent", "Parent Group"], lists=("NS-CMIC", "EL"),
                     identifiers=[("isin", "CNE100000PM8")], list_id="v2")
    child2 = entity("2", "Child Co", list_id="v2")
    new_one = entity("4", "New Co", list_id="v2")
    new = screening_list([parent2, child2, new_one], [link(parent2, child2, 60.0)], list_id="v2")
    result = diff_lists(old, new)
    assert [e.name for e in result.added] == ["New Co"]
    assert [e.name for e in result.removed] == ["Gone Co"]
    by_id = {c.id: c for c in result.changed}
    assert set(by_id) == {"1", "2"}
    assert by_id["1"].changes == {
        "aliases": ((), ("Parent Group",)),
        "programs": ((), ("EL",)),
        "identifiers": (("ISIN CNE100001TW7",), ("ISIN CNE100000PM8",)),
        "links": ((), ("owns Child Co 60%",)),
    }
    assert by_id["2"].changes == {"links": ((), ("owned by Parent Co 60%",))}
    data = result.to_dict()
    assert data["added"] == [{"id": "4", "name": "New Co", "lists": ["NS-CMIC"]}]
    assert data["changed"][0]["changes"]["aliases"] == {"removed": [], "added": ["Parent Group"]}


def test_identical_lists_have_no_differences(data: Path) -> None:
    loaded = OfacCsvLoader().load(data / "ofac_sdn_small")
    assert diff_lists(loaded, loaded).empty


def test_unlisted_related_parties_are_not_entries() -> None:
    old = screening_list([entity("1", "A")])
    new = screening_list([entity("1", "A"), entity("9", "Related", lists=())])
    assert diff_lists(old, new).empty
