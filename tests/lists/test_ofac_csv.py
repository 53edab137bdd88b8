"""The OFAC legacy CSV importer on the real SDN and Consolidated files and on broken variants."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.ofac_csv import OfacCsvLoader
from sanctscreen.models import EntityType, Identifier, Relation

DATA = Path(__file__).resolve().parent.parent / "data" / "lists"
CONS = DATA / "ofac_cons_2025-12-19"


def distinct_ent_nums(primary: Path) -> int:
    with primary.open(encoding="utf-8", newline="") as handle:
        return len({row[0] for row in csv.reader(handle) if len(row) > 1})


@pytest.mark.parametrize("folder", ["ofac_sdn_2021-07", "ofac_sdn_small"])
def test_entry_count_is_the_number_of_distinct_ent_nums(data: Path, folder: str) -> None:
    loaded = OfacCsvLoader().load(data / folder)
    assert loaded.info.entries == distinct_ent_nums(data / folder / "sdn.csv")
    assert loaded.info.id == "ofac-sdn"
    assert all(e.list_codes == ("SDN",) for e in loaded.entities if e.listed)
    if folder == "ofac_sdn_2021-07":
        assert loaded.info.entries == 8976
        assert not loaded.warnings  # every add/alt row of this full set has its primary entry


def test_bundled_consolidated_list_counts() -> None:
    loaded = OfacCsvLoader().load(CONS)
    assert loaded.info.id == "ofac-cons"
    assert loaded.info.entries == 442 == distinct_ent_nums(CONS / "cons_prim.csv")
    assert sum("NS-CMIC" in e.list_codes for e in loaded.entities) == 68
    assert sum("SSI" in e.list_codes for e in loaded.entities) == 286
    assert sum("NS-PLC" in e.list_codes for e in loaded.entities) == 78


def test_dawning_has_its_isin_and_both_aliases() -> None:
    entities = {e.id: e for e in OfacCsvLoader().load(CONS).entities}
    dawning = entities["ofac-cons:33113"]
    assert dawning.name == "DAWNING INFORMATION INDUSTRY CO., LTD"
    assert Identifier("isin", "CNE100001TW7") in dawning.identifiers
    assert Identifier("uscc", "91120000783342508F") in dawning.identifiers
    assert Identifier("ticker", "603019") in dawning.identifiers
    assert "SUGON" in dawning.weak_aliases  # a.k.a. 'SUGON' in the remarks: a weak alias
    assert "Sugon Information Industry Co., Ltd." in dawning.aliases  # Issuer Name
    (designation,) = dawning.designations
    assert (designation.list_code, designation.program) == ("NS-CMIC", "CMIC-EO13959")
    assert designation.listed_on is not None and designation.listed_on.isoformat() == "2021-12-16"
    assert dawning.countries == ("CN",)


def test_alt_file_aliases_and_address_countries() -> None:
    entities = {e.id: e for e in OfacCsvLoader().load(CONS).entities}
    hikvision = entities["ofac-cons:30946"]
    assert len(hikvision.aliases) >= 2  # cons_alt.csv has two rows for it
    megvii = entities["ofac-cons:33091"]
    assert set(megvii.countries) == {"KY", "CN"}  # Ugland House, Cayman, and Beijing


def test_linked_to_becomes_a_link_to_the_named_entry() -> None:
    loaded = OfacCsvLoader().load(CONS)
    links = {(link.owner, link.owned): link for link in loaded.links}
    # 32087 Huawei Investment & Holding: "Linked To: HUAWEI TECHNOLOGIES CO., LTD."
    link = links[("ofac-cons:30947", "ofac-cons:32087")]
    assert link.relation is Relation.CONTROLS and link.share is None


def test_unresolved_linked_to_target_becomes_an_unlisted_related_entity() -> None:
    loaded = OfacCsvLoader().load(CONS)
    hamas = next(e for e in loaded.entities if e.name == "HAMAS")
    assert not hamas.listed and hamas.id == "ofac-cons:linked-hamas"
    assert any(lk.owner == hamas.id and lk.owned == "ofac-cons:9647" for lk in loaded.links)


def test_comments_file_continues_the_remarks() -> None:
    entities = {e.id: e for e in OfacCsvLoader().load(CONS).entities}
    remarks = entities["ofac-cons:17014"].remarks or ""
    # cons_prim.csv cuts the remarks at "Registration Numbe"; cons_comments.csv has the rest.
    assert "Registration Number 1027700342890 (Russia)" in remarks
    assert "RUSAG" in entities["ofac-cons:17014"].weak_aliases


def test_orphan_rows_are_warnings(data: Path) -> None:
    loaded = OfacCsvLoader().load(data / "ofac_sdn_small")
    assert any(w.startswith("add.csv: rows for 4 entries") and "12562" in w
               for w in loaded.warnings)
    assert any(w.startswith("alt.csv: rows for 5 entries") for w in loaded.warnings)


def write_set(folder: Path, prim: str, alt: str = "", add: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "sdn.csv").write_bytes(prim.encode() + b"\r\n\x1a")
    if alt:
        (folder / "alt.csv").write_bytes(alt.encode() + b"\r\n\x1a")
    if add:
        (folder / "add.csv").write_bytes(add.encode() + b"\r\n\x1a")
    return folder


def test_made_set_types_nulls_and_programs(tmp_path: Path) -> None:
    prim = "\r\n".join([
        '1,"ACME TRADING",-0- ,"SDGT] [IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        '2,"DOE, John","individual","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1960; '
        'nationality Cuba."',
        '3,"SEA STAR","vessel","IRAN",-0- ,"ABCD",-0- ,-0- ,-0- ,"Iran",-0- ,-0- ',
    ])
    loaded = OfacCsvLoader().load(write_set(tmp_path / "set", prim, add='1,10,-0- ,-0- ,'
                                            '"Korea, North",-0- '))
    acme, doe, ship = loaded.entities
    assert [d.program for d in acme.designations] == ["SDGT", "IRAN"]
    assert acme.type is EntityType.ORGANIZATION and acme.countries == ("KP",)
    assert doe.type is EntityType.PERSON and doe.remarks == "DOB 1960; nationality Cuba."
    assert doe.countries == ("CU",)
    assert ship.type is EntityType.VESSEL and ship.countries == ("IR",)  # its flag


def test_a_file_of_garbage_is_a_list_error(tmp_path: Path) -> None:
    page = tmp_path / "sdn.csv"
    page.write_text("<html><body>Service unavailable</body></html>\n")
    with pytest.raises(ListError, match="no OFAC entries found") as caught:
        OfacCsvLoader().load(page)
    assert str(page) in str(caught.value)


def test_bad_rows_are_skipped_with_a_warning(tmp_path: Path) -> None:
    prim = '1,"ACME",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\nnot,an,entry\r\n' \
           '1,"ACME AGAIN",-0- ,"SDGT"'
    loaded = OfacCsvLoader().load(write_set(tmp_path / "set", prim))
    assert [e.name for e in loaded.entities] == ["ACME"]
    assert any("line 2: not an OFAC entry" in w for w in loaded.warnings)
    assert any("entry 1 repeated" in w for w in loaded.warnings)


def test_folder_without_a_primary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ListError, match=r"no sdn\.csv or cons_prim\.csv"):
        OfacCsvLoader().load(tmp_path)


def test_sniff_recognises_sets_and_primary_files(data: Path, tmp_path: Path) -> None:
    assert OfacCsvLoader.sniff(data / "ofac_sdn_small")
    assert OfacCsvLoader.sniff(CONS / "cons_prim.csv")
    other = tmp_path / "other.csv"
    other.write_text("name,country\nACME,CN\n")
    assert not OfacCsvLoader.sniff(other)
    assert not OfacCsvLoader.sniff(tmp_path)
