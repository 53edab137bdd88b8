"""OFAC records to entities: list codes per program and Linked To resolution."""

from __future__ import annotations

from sanctscreen.lists.ofac_records import Flavour, OfacRecord, build_list, cons_codes, name_key
from sanctscreen.models import EntityType


def test_consolidated_program_codes() -> None:
    assert cons_codes(["CMIC-EO13959"]) == ["NS-CMIC"]
    assert cons_codes(["CCMC-EO13959"]) == ["NS-CMIC"]
    assert cons_codes(["UKRAINE-EO13662", "RUSSIA-EO14024"]) == ["SSI", "NS-MBS"]
    assert cons_codes(["NS-PLC"]) == ["NS-PLC"]
    assert cons_codes(["561-Related"]) == ["CAPTA"]
    assert cons_codes(["FSE-IR"]) == ["FSE"]
    # An SDN program tag on a non-SDN entry takes that entry's non-SDN code.
    assert cons_codes(["SDGT", "NS-PLC"]) == ["NS-PLC", "NS-PLC"]
    assert cons_codes(["BURMA-EO14014"]) == ["NS-MBS"]


def record(uid: str, name: str, remarks: str | None = None) -> OfacRecord:
    return OfacRecord(uid, name, EntityType.ORGANIZATION, ["SDGT"], remarks)


def test_links_resolve_by_name_or_alias_ignoring_punctuation() -> None:
    loaded = build_list(
        [record("1", "PARENT CO., LTD.", "a.k.a. 'PARENT GROUP'"),
         record("2", "CHILD ONE", "Linked To: PARENT CO LTD."),
         record("3", "CHILD TWO", "Linked To: PARENT GROUP."),
         record("4", "CHILD THREE", "Linked To: NOBODY KNOWN.")],
        Flavour.SDN, list_id=None, sha256="x", source="test", as_of=None, fmt="ofac-csv")
    pairs = {(link.owner, link.owned) for link in loaded.links}
    assert pairs == {("ofac-sdn:1", "ofac-sdn:2"), ("ofac-sdn:1", "ofac-sdn:3"),
                     ("ofac-sdn:linked-nobody-known", "ofac-sdn:4")}
    assert loaded.info.entries == 4  # the unresolved target is not an entry
    assert len(loaded.entities) == 5


def test_name_key() -> None:
    assert name_key("Huawei Technologies Co., Ltd.") == name_key("HUAWEI TECHNOLOGIES CO LTD")
