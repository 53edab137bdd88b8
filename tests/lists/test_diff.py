"""Differences between two versions of a list."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctscreen.lists.catalog import bundled_dir
from sanctscreen.lists.diff import ListDiff, diff_lists
from sanctscreen.lists.ofac_csv import OfacCsvLoader
from sanctscreen.lists.ofac_enhanced import OfacEnhancedLoader
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


# Two real versions of OFAC's enhanced XML of the Consolidated list, 18 months apart: data as
# of 2024-07-03 (tests/data/lists) and 2026-01-08 (the bundled copy). Every change asserted
# below can be read in the two files (each test checks the raw XML as well).
ENHANCED_2026 = bundled_dir() / "ofac-consolidated-2026-01-08" / "CONS_ENHANCED.XML"


@pytest.fixture(scope="module")
def enhanced() -> tuple[ListDiff, str, str]:
    old_path = Path(__file__).resolve().parent.parent / "data" / "lists" / \
        "ofac_cons_enhanced_2024-07-03.xml"
    loader = OfacEnhancedLoader()
    result = diff_lists(loader.load(old_path), loader.load(ENHANCED_2026))
    return (result, old_path.read_text(encoding="utf-8"),
            ENHANCED_2026.read_text(encoding="utf-8"))


def entry_xml(raw: str, uid: str) -> str:
    """The <entity> element of entry `uid` in a raw enhanced XML document ('' when absent)."""
    start = raw.find(f'<entity id="{uid}">')
    return raw[start:raw.index("</entity>", start)] if start >= 0 else ""


def test_real_entries_added_and_removed(enhanced: tuple[ListDiff, str, str]) -> None:
    result, old, new = enhanced
    assert [(e.id, e.name, e.list_codes) for e in result.added] == [
        ("ofac-cons:50476", "MARTELLY, Michel Joseph", ("NS-MBS",))]
    assert [(e.id, e.name, e.list_codes) for e in result.removed] == [
        ("ofac-cons:18293", "PROMINVESTBANK", ("SDN", "SSI")),
        ("ofac-cons:26182", "KAYAKIRAN, Evren", ("FSE",))]
    assert not entry_xml(old, "50476") and "MARTELLY, Michel Joseph" in entry_xml(new, "50476")
    assert ">Non-SDN Menu-Based Sanctions List<" in entry_xml(new, "50476")
    for gone in ("18293", "26182"):
        assert entry_xml(old, gone) and not entry_xml(new, gone)
    assert len(result.changed) == 28


def test_a_real_change_of_list_and_identifier(enhanced: tuple[ListDiff, str, str]) -> None:
    result, old, new = enhanced
    changes = {c.id: c.changes for c in result.changed}
    # Gazprombank: on the Menu-Based Sanctions list in 2024, an SDN since 2024-11-21.
    gazprombank = changes["17016"]
    assert gazprombank["programs"] == (("NS-MBS RUSSIA-EO14024",), ("SDN RUSSIA-EO14024",))
    assert gazprombank["identifiers"] == ((), ("LEI 253400WSS48YWMBUA688",))
    assert ">Non-SDN Menu-Based Sanctions List<" in entry_xml(old, "17016")
    assert 'datePublished="2024-11-21">SDN List<' in entry_xml(new, "17016")
    assert ">SDN List<" not in entry_xml(old, "17016")
    assert "253400WSS48YWMBUA688" not in old and "253400WSS48YWMBUA688" in entry_xml(new, "17016")
    # Rosoboronexport: the SYRIA program is gone, its other programs stay.
    assert changes["18782"] == {"programs": (("SDN SYRIA",), ())}
    assert ">SYRIA</sanctionsProgram>" in entry_xml(old, "18782")
    assert ">SYRIA</sanctionsProgram>" not in entry_xml(new, "18782")


def test_a_real_change_of_name_alias_and_link(enhanced: tuple[ListDiff, str, str]) -> None:
    result, old, new = enhanced
    changes = {c.id: c.changes for c in result.changed}
    # The refinery's primary name was respelt; its owner's link names it the new way.
    assert changes["18284"]["name"] == (("RN-KOMSOMOLSKY REFINERY LLC",),
                                        ("RN KOMSOMOLSKIY REFINERY LLC",))
    assert "<formattedFullName>RN-KOMSOMOLSKY REFINERY LLC<" in entry_xml(old, "18284")
    assert "<formattedFullName>RN KOMSOMOLSKIY REFINERY LLC<" in entry_xml(new, "18284")
    assert changes["17022"]["links"] == (("controls RN-KOMSOMOLSKY REFINERY LLC",),
                                         ("controls RN KOMSOMOLSKIY REFINERY LLC",))
    # Lukoil gained its Russian names, in Cyrillic.
    assert {"ЛУКОЙЛ", "ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО НЕФТЯНАЯ КОМПАНИЯ ЛУКОЙЛ"} \
        <= set(changes["17248"]["aliases"][1])
    assert "ЛУКОЙЛ" not in old and "<formattedFullName>ЛУКОЙЛ<" in entry_xml(new, "17248")
    # VEB controlled the removed Prominvestbank (its "Owned or Controlled By" 17015).
    assert changes["17015"] == {"links": (("controls PROMINVESTBANK",), ())}
    assert '<relatedEntity entityId="17015">' in entry_xml(old, "18293")
