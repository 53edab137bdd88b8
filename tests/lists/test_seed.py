"""Tests for the bundled seed list (its facts) and for SeedLoader (its validation)."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import textwrap
from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.seed import SeedLoader, bundled_seed_path
from sanctscreen.models import Entity, EntityType, Identifier, Relation, ScreeningList
from sanctscreen.programs import LISTS

DEC_2021_NS_CMIC = {
    "Cloudwalk Technology Co., Ltd.",
    "Dawning Information Industry Co., Ltd.",
    "Leon Technology Company Limited",
    "Megvii Technology Limited",
    "Netposa Technologies Limited",
    "SZ DJI Technology Co., Ltd.",
    "Xiamen Meiya Pico Information Co., Ltd.",
    "Yitu Limited",
}
OCT_2019_COMPANIES = {
    "seed:dahua", "seed:hikvision", "seed:iflytek", "seed:megvii",
    "seed:sensetime", "seed:meiya-pico", "seed:yitu", "seed:yixin",
}


@pytest.fixture(scope="module")
def seed() -> ScreeningList:
    return SeedLoader().load(bundled_seed_path())


def by_id(seed: ScreeningList, local_id: str) -> Entity:
    return next(e for e in seed.entities if e.id == f"seed:{local_id}")


def listed_on(entity: Entity, code: str) -> set[date | None]:
    return {d.listed_on for d in entity.designations if d.list_code == code}


# --- the bundled file ---------------------------------------------------------------


def test_bundled_file_is_found_and_sniffed() -> None:
    path = bundled_seed_path()
    assert path.name == "seed.yaml"
    assert SeedLoader.sniff(path)


def test_list_info_describes_the_file(seed: ScreeningList) -> None:
    info = seed.info
    data = bundled_seed_path().read_bytes()
    assert (info.id, info.format, info.as_of) == ("seed", "sanctscreen", date(2021, 12, 17))
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.entries == sum(e.listed for e in seed.entities)
    assert info.entries < len(seed.entities)  # related parties are not counted
    assert seed.warnings == ()


def test_the_eight_firms_identified_on_16_december_2021(seed: ScreeningList) -> None:
    identified = {e.name for e in seed.entities if date(2021, 12, 16) in listed_on(e, "NS-CMIC")}
    assert identified == DEC_2021_NS_CMIC
    for entity in seed.entities:
        for d in entity.designations:
            if d.listed_on == date(2021, 12, 16):
                assert d.program == "CMIC-EO13959"
                assert d.legal_basis == "E.O. 13959 as amended by E.O. 14032"
                assert d.source_url == "https://home.treasury.gov/news/press-releases/jy0538"


def test_the_eight_firms_are_also_on_the_entity_list(seed: ScreeningList) -> None:
    # Treasury: "The eight entities identified today are on the ... Entity List."
    for entity in seed.entities:
        if entity.name in DEC_2021_NS_CMIC:
            assert "EL" in entity.list_codes, entity.name
    assert listed_on(by_id(seed, "dji"), "EL") == {date(2020, 12, 18)}


def test_sensetime_identified_on_10_december_2021(seed: ScreeningList) -> None:
    sensetime = by_id(seed, "sensetime")
    assert sensetime.name == "SenseTime Group Limited"
    assert listed_on(sensetime, "NS-CMIC") == {date(2021, 12, 10)}
    assert listed_on(sensetime, "EL") == {date(2019, 10, 9)}


def test_october_2019_entity_list_action_has_20_bodies_and_8_companies(
        seed: ScreeningList) -> None:
    added = [e for e in seed.entities if date(2019, 10, 9) in listed_on(e, "EL")]
    bodies = [e for e in added if e.type is EntityType.GOVERNMENT]
    companies = {e.id for e in added if e.type is EntityType.ORGANIZATION}
    assert len(added) == 28
    assert len(bodies) == 20
    assert companies == OCT_2019_COMPANIES
    assert all(e.name.endswith(("Public Security Bureau", "Police College")) for e in bodies)
    for entity in added:
        (designation,) = [d for d in entity.designations if d.list_code == "EL"]
        assert designation.legal_basis == "15 CFR 744 Supp. 4; 84 FR 54002"


def test_iflytek_is_on_the_entity_list_from_9_october_2019(seed: ScreeningList) -> None:
    iflytek = by_id(seed, "iflytek")
    assert iflytek.list_codes == ("EL",)
    assert listed_on(iflytek, "EL") == {date(2019, 10, 9)}
    assert "科大讯飞" in iflytek.aliases


def test_december_2021_entity_list_additions_were_identified_earlier(
        seed: ScreeningList) -> None:
    for local_id in ("aerosun", "jingjia", "torch-electron", "first-machinery"):
        entity = by_id(seed, local_id)
        assert listed_on(entity, "EL") == {date(2021, 12, 17)}, local_id
        assert listed_on(entity, "NS-CMIC") == {date(2021, 6, 3)}, local_id


def test_chen_quanguo_is_a_person_on_the_sdn_list(seed: ScreeningList) -> None:
    chen = by_id(seed, "chen-quanguo")
    assert chen.type is EntityType.PERSON
    (designation,) = chen.designations
    assert (designation.list_code, designation.program) == ("SDN", "GLOMAG")
    assert designation.listed_on == date(2020, 7, 9)
    assert designation.legal_basis == "E.O. 13818"
    assert "陈全国" in chen.aliases


def test_xinjiang_public_security_bureau_is_on_sdn_and_entity_list(seed: ScreeningList) -> None:
    bureau = by_id(seed, "xuar-psb")
    assert bureau.type is EntityType.GOVERNMENT
    assert bureau.list_codes == ("EL", "SDN")
    assert {d.program for d in bureau.designations if d.list_code == "SDN"} == {"GLOMAG"}
    assert "Xinjiang Public Security Bureau" in bureau.aliases
    assert "新疆维吾尔自治区公安厅" in bureau.aliases


def test_the_stated_ownership_links(seed: ScreeningList) -> None:
    links = {(link.owner, link.owned): link for link in seed.links}
    assert set(links) == {
        ("seed:megvii", "seed:kuangshi"),
        ("seed:netposa", "seed:sensenets"),
        ("seed:dawning", "seed:sugon-cloud"),
        ("seed:yitu", "seed:shanghai-yitu"),
        ("seed:cetc", "seed:hikvision"),
    }
    sugon = links[("seed:dawning", "seed:sugon-cloud")]
    assert (sugon.relation, sugon.share) == (Relation.OWNS, 100.0)
    assert links[("seed:megvii", "seed:kuangshi")].relation is Relation.CONTROLS
    assert links[("seed:cetc", "seed:hikvision")].share is None
    assert all(link.source for link in seed.links)


def test_related_parties_are_unlisted_graph_nodes(seed: ScreeningList) -> None:
    for local_id in ("kuangshi", "sugon-cloud", "shanghai-yitu", "cetc"):
        assert not by_id(seed, local_id).listed, local_id
    assert by_id(seed, "kuangshi").name == "Beijing Kuangshi Technology Co., Ltd."


@pytest.mark.parametrize(("local_id", "names"), [
    ("megvii", {"Megvii", "旷视", "旷视科技"}),
    ("dji", {"DJI", "大疆", "大疆创新"}),
    ("hikvision", {"Hikvision", "海康威视"}),
    ("dahua", {"Dahua Technology", "大华股份"}),
    ("iflytek", {"iFlytek", "科大讯飞"}),
    ("sensetime", {"SenseTime", "商汤"}),
    ("dawning", {"Sugon", "中科曙光"}),
    ("netposa", {"Netposa", "东方网力"}),
    ("meiya-pico", {"Meiya Pico", "美亚柏科"}),
    ("yitu", {"Yitu", "依图"}),
    ("cloudwalk", {"Cloudwalk", "云从科技"}),
    ("leon", {"Leon Technology", "立昂技术"}),
])
def test_brand_and_chinese_names_are_aliases(
        seed: ScreeningList, local_id: str, names: set[str]) -> None:
    assert names <= set(by_id(seed, local_id).aliases)


@pytest.mark.parametrize(("local_id", "variant"), [
    ("kizilsu-psb", "Kizilsu Kyrgyz Autonomous Prefecture Public Security Bureau"),
    ("hotan-psb", "Hotan Prefecture Public Security Bureau"),
    ("karamay-psb", "Karamay Municipality Public Security Bureau"),
    ("tumxuk-psb", "Tumxuk Municipal Public Security Bureau"),
    ("turpan-psb", "Turpan Municipality Public Security Bureau"),
    ("ili-psb", "Ili Kazakh Autonomous Prefecture Public Security Bureau"),
    ("bortala-psb", "Bortala Mongolian Autonomous Prefecture Public Security Bureau"),
    ("urumqi-psb", "Wulumuqi Municipal Public Security Bureau"),
    ("hami-psb", "Kumul Municipality Public Security Bureau"),
])
def test_romanisation_variants_of_the_bureaus(
        seed: ScreeningList, local_id: str, variant: str) -> None:
    assert variant in by_id(seed, local_id).names


def test_identifiers_from_the_ofac_consolidated_list(seed: ScreeningList) -> None:
    assert set(by_id(seed, "dawning").identifiers) == {
        Identifier("isin", "CNE100001TW7"), Identifier("ticker", "603019"),
        Identifier("uscc", "91120000783342508F")}
    assert Identifier("isin", "CNE100001S40") in by_id(seed, "netposa").identifiers
    assert Identifier("ticker", "002415") in by_id(seed, "hikvision").identifiers


def test_every_designation_is_complete(seed: ScreeningList) -> None:
    for entity in seed.entities:
        assert entity.countries, entity.id
        for d in entity.designations:
            assert d.list_code in LISTS
            assert d.listed_on is not None, entity.id
            assert d.legal_basis, entity.id


def test_list_id_override_renames_entities_and_links() -> None:
    other = SeedLoader().load(bundled_seed_path(), list_id="xj")
    assert other.info.id == "xj"
    assert all(e.id.startswith("xj:") and e.list_id == "xj" for e in other.entities)
    assert ("xj:megvii", "xj:kuangshi") in {(link.owner, link.owned) for link in other.links}


# --- the loader on small files ------------------------------------------------------

MINIMAL = """\
schema: 1
list:
  id: tiny
  name: Tiny list
  as_of: 2024-01-31
entities:
  - id: a
    name: Alpha Co.
    identifiers:
      isin: "CNE100001TW7"
    designations:
      - list: NS-CMIC
        listed_on: 2021-12-16
  - id: b
    name: Beta Co.
links:
  - owner: a
    owned: b
    share: 51
    source: test
"""


def write(tmp_path: Path, text: str, name: str = "list.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_minimal_file_loads(tmp_path: Path) -> None:
    loaded = SeedLoader().load(write(tmp_path, MINIMAL))
    assert loaded.info.id == "tiny"
    assert loaded.info.entries == 1
    assert loaded.info.source == str(tmp_path / "list.yaml")  # no publisher given
    assert [e.id for e in loaded.entities] == ["tiny:a", "tiny:b"]
    assert loaded.entities[0].designations[0].listed_on == date(2021, 12, 16)
    (link,) = loaded.links
    assert (link.owner, link.owned, link.relation, link.share) == (
        "tiny:a", "tiny:b", Relation.OWNS, 51.0)


def test_json_file_in_the_same_schema_loads(tmp_path: Path) -> None:
    import yaml

    document = yaml.safe_load(MINIMAL)
    path = tmp_path / "list.json"
    path.write_text(json.dumps(document, default=str), encoding="utf-8")
    assert SeedLoader.sniff(path)
    assert [e.name for e in SeedLoader().load(path).entities] == ["Alpha Co.", "Beta Co."]


def test_unlisted_entity_without_links_is_a_warning(tmp_path: Path) -> None:
    text = MINIMAL.split("links:")[0] + "  - id: c\n    name: Gamma Co.\n"
    loaded = SeedLoader().load(write(tmp_path, text))
    assert loaded.warnings == (
        "entity 'tiny:b' has no designation and no link, so it can never match",
        "entity 'tiny:c' has no designation and no link, so it can never match",
    )


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    name: Alpha Co.\n", "    name: Alpha Co.\n    alias: [A]\n",
     "entity 'a': unknown key 'alias' (allowed: aliases, countries,"),
    ("    name: Alpha Co.\n", "", "entity 'a': missing 'name'"),
    ("listed_on: 2021-12-16", "listed_on: 2021-13-01",
     "entity 'a': designation 1: listed_on '2021-13-01' is not a date (write YYYY-MM-DD)"),
    ("list: NS-CMIC", "list: OFAC",
     "entity 'a': designation 1: unknown list code 'OFAC' (known: SDN, NS-CMIC,"),
    ("owned: b", "owned: ghost", "link 1: owned 'ghost' is not the id of an entity in this file"),
    ("owned: b", "owned: a", "link 1: owner and owned are the same entity 'tiny:a'"),
    ("  - id: b\n", "  - id: a\n", "entity 'a': duplicate id"),
    ('isin: "CNE100001TW7"', 'isin: "CNE100001TW8"',
     "entity 'a': identifiers.isin 'CNE100001TW8' is not a valid ISIN"),
    ('isin: "CNE100001TW7"', "uscc: 913500001562023628",
     "entity 'a': identifiers.uscc value 913500001562023628 must be written in quotes"),
    ('isin: "CNE100001TW7"', 'figi: "BBG000B9XRY4"', "entity 'a': identifiers: unknown key 'figi'"),
    ("    share: 51\n", "    share: 51\n    relation: parent\n",
     "relation 'parent' is not one of: owns, controls"),
    ("share: 51", "share: 150", "link 1 (tiny:a -> tiny:b): share 150 must be a percentage"),
    ("share: 51", "share: half", "share 'half' must be a number of percent or null"),
    ("    name: Beta Co.\n", "    name: Beta Co.\n    type: company\n",
     "entity 'b': type 'company' is not one of: organization, government, person"),
    ("    name: Beta Co.\n", "    name: Beta Co.\n    countries: [CN, NO]\n",
     "entity 'b': 'countries' holds False, which is not text (write it in quotes)"),
    ("    name: Beta Co.\n", "    name: Beta Co.\n    countries: [China]\n",
     "entity 'b': countries: 'China' is not an ISO 3166-1 alpha-2 code"),
    ("    name: Beta Co.\n", "    name: Beta Co.\n    name: Beta Ltd.\n",
     "invalid YAML: key 'name' appears twice in one mapping (line 16)"),
    ("  - id: b\n", "  - id: Beta Co\n", "entity 'Beta Co': id 'Beta Co' must be lower-case"),
    ("schema: 1", "schema: 2", "'schema' must be 1 (found 2)"),
    ("list:\n", "version: 3\nlist:\n", "the file: unknown key 'version'"),
    ("    source: test\n", "", "link 1 (tiny:a -> tiny:b): missing 'source'"),
    ("  as_of: 2024-01-31", "  as_of: last year", "'list': as_of 'last year' is not a date"),
    ("links:\n", "links:\n  - [a, b]\n", "link 1 must be a mapping of keys to values"),
    ("    name: Alpha Co.\n", "    name: Alpha Co.\n   bad: indent\n", "invalid YAML:"),
])
def test_malformed_files_are_refused_with_one_line(
        tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(ListError) as caught:
        SeedLoader().load(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{"schema": 1,\n "list": }', name="broken.json")
    with pytest.raises(ListError, match=r"invalid JSON at line 2"):
        SeedLoader().load(path)
    assert not SeedLoader.sniff(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ListError, match="file not found"):
        SeedLoader().load(tmp_path / "absent.yaml")


@pytest.mark.parametrize(("name", "text"), [
    ("holdings.csv", "name,isin\nMegvii,\n"),
    ("config.yaml", "threshold: 90\nlists: [seed]\n"),
    ("other.json", '{"list": [], "entities": []}'),
    ("notes.yml", "- just\n- a list\n"),
])
def test_sniff_refuses_other_files(tmp_path: Path, name: str, text: str) -> None:
    assert not SeedLoader.sniff(write(tmp_path, text, name=name))


def test_sniff_refuses_missing_path(tmp_path: Path) -> None:
    assert not SeedLoader.sniff(tmp_path / "absent.yaml")
    assert not SeedLoader.sniff(tmp_path)


def test_bundled_path_prefers_the_copy_inside_the_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packaged = tmp_path / "_bundled_lists" / "seed.yaml"
    packaged.parent.mkdir()
    packaged.write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path)
    assert bundled_seed_path() == packaged


def test_a_mapping_used_as_key_is_invalid_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("  - id: b\n", "  - {? [x] : 1}\n  - id: b\n"))
    with pytest.raises(ListError, match="invalid YAML"):
        SeedLoader().load(path)
