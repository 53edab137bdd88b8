"""The OFAC enhanced XML importer on the two real CONS_ENHANCED.XML copies and on broken ones."""

from __future__ import annotations

import hashlib
import re
import tracemalloc
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists import load_list
from sanctscreen.lists.catalog import bundled_dir
from sanctscreen.lists.ofac_csv import OfacCsvLoader
from sanctscreen.lists.ofac_enhanced import NAMESPACE, OfacEnhancedLoader
from sanctscreen.models import Entity, EntityType, Feature, Identifier, Relation, ScreeningList

# The bundled copy, data as of 2026-01-08 (its PROVENANCE.md), and an older one, 2024-07-03
# (tests/data/lists/SOURCES.md).
CONS_2026 = bundled_dir() / "ofac-consolidated-2026-01-08" / "CONS_ENHANCED.XML"
OLD_NAME = "ofac_cons_enhanced_2024-07-03.xml"

# OFAC's list names and the list codes screening uses for them.
CODES = {
    "SDN List": "SDN",
    "Sectoral Sanctions Identifications List": "SSI",
    "Non-SDN Palestinian Legislative Council List": "NS-PLC",
    "Non-SDN CMIC List": "NS-CMIC",
    "Non-SDN Menu-Based Sanctions List": "NS-MBS",
    "CAPTA List": "CAPTA",
    "FSE List": "FSE",
}


@pytest.fixture(scope="module")
def cons() -> ScreeningList:
    return OfacEnhancedLoader().load(CONS_2026)


def by_id(loaded: ScreeningList) -> dict[str, Entity]:
    return {e.id.split(":", 1)[1]: e for e in loaded.entities}


def raw_list_counts(raw: str) -> Counter[str]:
    """How many entities name each list, read with a regular expression: an entity names each
    of its lists once, with the date it was published there (the publication's own filter,
    "Consolidated List", has no date)."""
    names = re.findall(r'<sanctionsList [^>]*datePublished="[^"]*">([^<]+)</sanctionsList>', raw)
    return Counter(CODES[name] for name in names if name != "Consolidated List")


def listed_counts(loaded: ScreeningList) -> Counter[str]:
    return Counter(code for e in loaded.entities for code in e.list_codes)


# --- the real files ------------------------------------------------------------------------


def test_the_2026_file_metadata(cons: ScreeningList) -> None:
    raw = CONS_2026.read_bytes()
    assert cons.info.id == "ofac-cons" and cons.info.format == "ofac-enhanced"
    assert cons.info.entries == 442 == raw.count(b"<entity id=")
    assert cons.info.as_of == date(2026, 1, 8)
    assert cons.info.sha256 == hashlib.sha256(raw).hexdigest()
    assert cons.info.source == str(CONS_2026)
    assert cons.warnings == ()
    # Every entity is an entry: no party outside the file is needed for its links.
    assert len(cons.entities) == 442 and all(e.listed for e in cons.entities)


def test_designations_per_list_match_the_xml(cons: ScreeningList) -> None:
    expected = {"SSI": 286, "SDN": 88, "NS-PLC": 78, "NS-CMIC": 68, "NS-MBS": 12, "CAPTA": 1}
    assert raw_list_counts(CONS_2026.read_text(encoding="utf-8")) == expected
    assert listed_counts(cons) == expected


def test_the_2024_file(data: Path) -> None:
    path = data / OLD_NAME
    loaded = OfacEnhancedLoader().load(path)
    raw = path.read_text(encoding="utf-8")
    assert loaded.info.entries == 443 == raw.count("<entity id=")
    assert loaded.info.as_of == date(2024, 7, 3) and loaded.info.id == "ofac-cons"
    assert loaded.info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    expected = {"SSI": 287, "NS-PLC": 78, "NS-CMIC": 68, "SDN": 63, "NS-MBS": 13, "CAPTA": 1,
                "FSE": 1}
    assert raw_list_counts(raw) == expected == listed_counts(loaded)
    assert len(loaded.links) == 283  # 279 "Owned or Controlled By", 4 "Owns, controls, or ..."
    evren = by_id(loaded)["26182"]
    assert evren.name == "KAYAKIRAN, Evren" and evren.type is EntityType.PERSON
    assert [(d.list_code, d.program, d.listed_on) for d in evren.designations] == [
        ("FSE", "FSE-IR", date(2019, 2, 7))]


def test_dawning(cons: ScreeningList) -> None:
    dawning = by_id(cons)["33113"]
    assert dawning.name == "DAWNING INFORMATION INDUSTRY CO., LTD"
    assert dawning.type is EntityType.ORGANIZATION and dawning.countries == ("CN",)
    assert set(dawning.identifiers) == {Identifier("isin", "CNE100001TW7"),
                                        Identifier("uscc", "91120000783342508F"),
                                        Identifier("ticker", "603019")}  # published "603019CN"
    # The Chinese Simplified translation of the primary name, and the Issuer Name feature.
    assert dawning.aliases == ("曙光信息产业股份有限公司", "Sugon Information Industry Co., Ltd.")
    assert dawning.weak_aliases == ("SUGON",)  # <isLowQuality>true</isLowQuality>
    (designation,) = dawning.designations
    assert designation.list_code == "NS-CMIC" and designation.program == "CMIC-EO13959"
    assert designation.listed_on == date(2021, 12, 16)
    assert designation.legal_basis == "Executive Order 14032 (CMIC)"
    assert designation.source_url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=33113"
    assert Feature("Effective Date (CMIC)", "2022-02-14") in dawning.features
    assert Feature("Purchase/Sales For Divestment Date (CMIC)", "2022-12-16") in dawning.features
    assert Feature("Address", "Zhongguancun Software Park, Sugon Building 36, 8, Dongbeiwang "
                              "West Road, Haidian District, Beijing, 100193, China") \
        in dawning.features


def test_megvii_and_hikvision(cons: ScreeningList) -> None:
    entities = by_id(cons)
    megvii = entities["33091"]
    assert megvii.name == "MEGVII TECHNOLOGY LIMITED"
    assert megvii.aliases == ("旷视科技有限公司",)
    assert megvii.countries == ("KY", "CN")  # Ugland House, Grand Cayman; then Beijing
    assert megvii.identifiers == ()
    hikvision = entities["30946"]
    assert hikvision.name == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."
    assert "HIKVISION" in hikvision.aliases
    assert set(hikvision.identifiers) == {Identifier("isin", "CNE100000PM8"),
                                          Identifier("ticker", "002415"),
                                          Identifier("uscc", "91330000733796106P")}
    assert [d.listed_on for d in hikvision.designations] == [date(2021, 6, 3)]
    assert Feature("Target Type", "Public Company") in hikvision.features


def test_an_individual_and_a_birth_year(cons: ScreeningList) -> None:
    haniya = by_id(cons)["9639"]
    assert haniya.type is EntityType.PERSON
    assert haniya.name == "HANIYA, Ismail Abdul Salah"  # OFAC's 'LAST, First'
    assert haniya.aliases == ("HANIYA, Ismail", "HANIYYA, Ismaeel")
    assert [(d.list_code, d.program, d.listed_on) for d in haniya.designations] == [
        ("NS-PLC", "NS-PLC", date(2006, 4, 12))]
    # OFAC states the year only (the period 1962-01-01 to 1962-12-31): not 1 January.
    assert Feature("Birthdate", "1962") in haniya.features
    assert Feature("Place of Birth", "Shati") in haniya.features
    people = [e for e in cons.entities if e.type is EntityType.PERSON]
    raw = CONS_2026.read_text(encoding="utf-8")
    assert len(people) == 79 == raw.count('<entityType refId="600">Individual</entityType>')
    assert all(", " in person.name for person in people)


def test_an_ssi_entity_that_is_an_sdn_as_well(cons: ScreeningList) -> None:
    gazprombank = by_id(cons)["17016"]
    assert gazprombank.name == "GAZPROMBANK JOINT STOCK COMPANY"
    assert [(d.list_code, d.program, d.listed_on) for d in gazprombank.designations] == [
        ("SSI", "UKRAINE-EO13662", date(2014, 7, 16)),
        ("SDN", "RUSSIA-EO14024", date(2024, 11, 21))]
    assert gazprombank.list_codes == ("SDN", "SSI")
    assert Identifier("lei", "253400WSS48YWMBUA688") in gazprombank.identifiers
    assert "ГАЗПРОМБАНК АКЦИОНЕРНОЕ ОБЩЕСТВО" in gazprombank.aliases  # the Cyrillic name
    assert Feature("Listing Date (EO 14024 Directive 3)", "2022-02-24") in gazprombank.features


def test_cyrillic_names_are_aliases(cons: ScreeningList) -> None:
    lukoil = by_id(cons)["17248"]
    assert lukoil.name == "LUKOIL OAO"
    assert {"ЛУКОЙЛ", "ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО НЕФТЯНАЯ КОМПАНИЯ ЛУКОЙЛ"} \
        <= set(lukoil.aliases)


def test_ownership_relationships_become_links_in_the_direction_they_read(
        cons: ScreeningList) -> None:
    raw = CONS_2026.read_text(encoding="utf-8")
    owned_by = raw.count('<type refId="15003">Owned or Controlled By</type>')
    owns = raw.count('<type refId="92019">Owns, controls, or operates</type>')
    assert (owned_by, owns) == (278, 4)
    assert len(cons.links) == owned_by + owns
    assert all(link.relation is Relation.CONTROLS and link.share is None for link in cons.links)
    links = {(link.owner, link.owned): link for link in cons.links}
    # 32089 Proven Glory: "Owned or Controlled By" 32087 Huawei Investment & Holding.
    assert links[("ofac-cons:32087", "ofac-cons:32089")].source.endswith(
        ": Owned or Controlled By")
    # 32087 states "Owns, controls, or operates" 30947 Huawei Technologies: 32087 is the owner.
    assert links[("ofac-cons:32087", "ofac-cons:30947")].source == (
        "OFAC Consolidated Sanctions List (Non-SDN): Owns, controls, or operates")
    assert ("ofac-cons:30947", "ofac-cons:32087") not in links


def test_other_relationships_are_features_not_links(cons: ScreeningList) -> None:
    zahhar = by_id(cons)["9647"]
    # <relationship> "Acting for or on behalf of" HAMAS (entityId 4695, an SDN, not in the file)
    assert Feature("Acting for or on behalf of", "HAMAS (entry 4695)") in zahhar.features
    assert not [link for link in cons.links if "ofac-cons:9647" in (link.owner, link.owned)]
    assert "ofac-cons:linked-4695" not in {e.id for e in cons.entities}
    assert [(d.list_code, d.program) for d in zahhar.designations] == [
        ("NS-PLC", "NS-PLC"), ("SDN", "SDGT")]


def test_agrees_with_the_legacy_csv_on_the_cmic_isins(data: Path, cons: ScreeningList) -> None:
    """The enhanced XML of 2026-01-08 and the legacy CSV set of 2025-12-19, read by two
    importers with nothing in common (features against remarks text), give the same NS-CMIC
    entries with the same ISINs."""
    legacy = OfacCsvLoader().load(data / "ofac_cons_2025-12-19")

    def isins(loaded: ScreeningList) -> dict[str, set[str]]:
        return {e.id: {i.value for i in e.identifiers if i.scheme == "isin"}
                for e in loaded.entities if "NS-CMIC" in e.list_codes}

    xml, csv = isins(cons), isins(legacy)
    assert len(xml) == 68 and sorted(xml) == sorted(csv)
    assert xml == csv
    assert sum(map(len, xml.values())) == 163
    assert xml["ofac-cons:33113"] == {"CNE100001TW7"}


def test_agrees_with_the_legacy_csv_on_every_entry(data: Path, cons: ScreeningList) -> None:
    legacy = {e.id: e for e in OfacCsvLoader().load(data / "ofac_cons_2025-12-19").entities
              if e.listed}
    xml = {e.id: e for e in cons.entities}
    assert sorted(xml) == sorted(legacy)
    for key, entity in xml.items():
        other = legacy[key]
        assert (entity.name, entity.type) == (other.name, other.type), key
        assert set(entity.identifiers) == set(other.identifiers), key
    # The CSV cannot carry other scripts; the XML adds each entry's Cyrillic and Chinese names.
    added = {name for key, entity in xml.items()
             for name in set(entity.aliases) - set(legacy[key].aliases)}
    assert {"ЛУКОЙЛ", "曙光信息产业股份有限公司", "旷视科技有限公司"} <= added


# --- format sniffing -----------------------------------------------------------------------


def test_load_list_sniffs_the_format_by_content(data: Path, tmp_path: Path) -> None:
    assert load_list(CONS_2026).info.format == "ofac-enhanced"
    assert load_list(data / OLD_NAME).info.format == "ofac-enhanced"
    renamed = tmp_path / "download.dat"
    renamed.write_bytes(CONS_2026.read_bytes())
    loaded = load_list(renamed)
    assert loaded.info.format == "ofac-enhanced" and loaded.info.entries == 442
    assert loaded.info.id == "ofac-cons"  # from <publicationInfo>, not the file's name


def test_sniff_wants_the_root_and_the_namespace(data: Path, tmp_path: Path) -> None:
    assert OfacEnhancedLoader.sniff(CONS_2026)
    assert not OfacEnhancedLoader.sniff(data / "ofac_cons_advanced_2020-03-17.xml")
    assert not OfacEnhancedLoader.sniff(data / "ofac_sdn_2014.xml")
    assert not OfacEnhancedLoader.sniff(tmp_path)  # a folder
    other = tmp_path / "other.xml"
    other.write_text('<sanctionsData xmlns="urn:somebody-else"/>')
    assert not OfacEnhancedLoader.sniff(other)


# --- broken and hostile files --------------------------------------------------------------

REAL = CONS_2026.read_bytes()
HEAD = REAL[:REAL.index(b"<entities>")]  # publication info and reference values (countries)


def document(*entities: str) -> bytes:
    """A document with the real file's reference values and the given <entity> elements."""
    return HEAD + f"<entities>{''.join(entities)}</entities></sanctionsData>".encode()


def entity(uid: str | None, name: str | None, body: str = "") -> str:
    names = (f"<names><name><isPrimary>true</isPrimary><isLowQuality>false</isLowQuality>"
             f"<translations><translation><isPrimary>true</isPrimary>"
             f"<formattedFullName>{name}</formattedFullName></translation></translations>"
             f"</name></names>") if name else ""
    ident = f' id="{uid}"' if uid else ""
    return (f"<entity{ident}><generalInfo><entityType>Entity</entityType></generalInfo>"
            f'<sanctionsLists><sanctionsList datePublished="2021-06-03">Non-SDN CMIC List'
            f"</sanctionsList></sanctionsLists><sanctionsPrograms><sanctionsProgram>"
            f"CMIC-EO13959</sanctionsProgram></sanctionsPrograms>{names}{body}</entity>")


def write(tmp_path: Path, content: bytes, name: str = "CONS_ENHANCED.XML") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def load_error(path: Path) -> str:
    with pytest.raises(ListError) as caught:
        OfacEnhancedLoader().load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message  # one line naming the file
    return message


@pytest.mark.parametrize("cut", [
    len(REAL) // 2,  # between elements
    REAL.index(b'<entity id="33113">') + 12,  # inside a tag
    REAL.index("曙光".encode()) + 1,  # inside a UTF-8 character
    len(REAL) - 1,  # the last '>' of </sanctionsData>
    40,  # inside the XML declaration
])
def test_a_truncated_file(tmp_path: Path, cut: int) -> None:
    path = write(tmp_path, REAL[:cut])
    assert "the XML ends before the document does, at line" in load_error(path)


def test_an_empty_file(tmp_path: Path) -> None:
    assert "ends before the document does" in load_error(write(tmp_path, b""))


XXE = """<?xml version="1.0"?>
<!DOCTYPE sanctionsData [<!ENTITY secret SYSTEM "file://{path}">]>
<sanctionsData xmlns="{ns}"><entities><entity id="1"><names><name><isPrimary>true</isPrimary>
<translations><translation><isPrimary>true</isPrimary><formattedFullName>&secret;</formattedFullName>
</translation></translations></name></names></entity></entities></sanctionsData>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE sanctionsData [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<sanctionsData xmlns="{ns}"><entities><entity id="1"><names><name><isPrimary>true</isPrimary>
<translations><translation><isPrimary>true</isPrimary><formattedFullName>&d;</formattedFullName>
</translation></translations></name></names></entity></entities></sanctionsData>"""


def test_an_external_entity_is_refused_and_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT")
    path = write(tmp_path, XXE.format(path=secret, ns=NAMESPACE).encode())
    assert OfacEnhancedLoader.sniff(path)  # it looks like a list, so it reaches the parser
    message = load_error(path)
    assert "declares a DTD or entities" in message and "refused" in message
    assert "TOP SECRET" not in message


@pytest.mark.parametrize("text", [
    BOMB,
    '<?xml version="1.0"?>\n<!DOCTYPE sanctionsData>\n<sanctionsData xmlns="{ns}"/>',
])
def test_any_dtd_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text.format(ns=NAMESPACE).encode())
    assert "declares a DTD or entities" in load_error(path)


@pytest.mark.parametrize(("old", "new", "message"), [
    (NAMESPACE.encode(), b"https://example.org/ENHANCED_XML",
     "not an OFAC enhanced XML document (namespace 'https://example.org/ENHANCED_XML')"),
    (f' xmlns="{NAMESPACE}"'.encode(), b"",
     "not an OFAC enhanced XML document (namespace 'none')"),
    (b"sanctionsData", b"sdnList", "not an OFAC enhanced XML document (root <sdnList>)"),
])
def test_a_document_that_is_not_enhanced_xml(tmp_path: Path, old: bytes, new: bytes,
                                             message: str) -> None:
    path = write(tmp_path, REAL.replace(old, new))
    assert load_error(path).endswith(message)


def test_the_advanced_file_given_as_enhanced(data: Path) -> None:
    path = data / "ofac_cons_advanced_2020-03-17.xml"
    assert load_error(path).endswith("not an OFAC enhanced XML document (root <Sanctions>)")


def test_a_document_without_entities(tmp_path: Path) -> None:
    assert load_error(write(tmp_path, document())).endswith("no <entity> elements found")


def test_a_folder(tmp_path: Path) -> None:
    assert load_error(tmp_path).endswith("give the XML file, not its folder")
    with pytest.raises(ListError, match="give the XML file, not its folder"):
        load_list(tmp_path, "ofac-enhanced")


def test_entities_without_id_or_name_are_skipped_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, REAL.replace(b'<entity id="33113">', b"<entity>"))
    loaded = OfacEnhancedLoader().load(path)
    assert loaded.info.entries == 441 and "ofac-cons:33113" not in {e.id for e in loaded.entities}
    assert loaded.warnings == ("an entity without id or name (id None) was skipped",)
    loaded = OfacEnhancedLoader().load(write(tmp_path, document(
        entity("1", "ACME TRADING"), entity("2", None), entity("1", "ACME AGAIN"))))
    assert [e.name for e in loaded.entities] == ["ACME TRADING"]
    assert loaded.warnings == ("an entity without id or name (id 2) was skipped",
                               "entry 1 repeated, kept the first")


def test_a_relationship_to_an_unknown_entry_without_a_name(tmp_path: Path) -> None:
    raw = REAL.replace(b'<relatedEntity entityId="4695">HAMAS</relatedEntity>',
                       b'<relatedEntity entityId="4695" />')
    loaded = OfacEnhancedLoader().load(write(tmp_path, raw))
    assert loaded.info.entries == 442 and len(loaded.links) == 282
    assert loaded.warnings == ("9647: relationship to entry 4695, which is not in the file and "
                               "has no name; ignored",)
    assert not [f for f in by_id(loaded)["9647"].features if f.label.startswith("Acting")]


def test_an_ownership_relationship_to_an_entry_of_another_list(tmp_path: Path) -> None:
    owned = entity("1", "ACME SUBSIDIARY", '<relationships><relationship><type>Owned or '
                   'Controlled By</type><relatedEntity entityId="777">ACME PARENT (SDN)'
                   "</relatedEntity></relationship></relationships>")
    loaded = OfacEnhancedLoader().load(write(tmp_path, document(owned)))
    (link,) = loaded.links
    assert (link.owner, link.owned) == ("ofac-cons:linked-777", "ofac-cons:1")
    parent = by_id(loaded)["linked-777"]
    assert parent.name == "ACME PARENT (SDN)" and not parent.listed
    assert loaded.info.entries == 1


def test_feature_dates(tmp_path: Path) -> None:
    features = ("<features>"
                "<feature><type>Organization Established Date</type><value>sometime in 1990"
                "</value></feature>"
                "<feature><type>Effective Date (CMIC)</type><value>14 Feb 2022</value></feature>"
                "<feature><type>Birthdate</type><value>1962</value><valueDate>"
                "<fromDateBegin>1962-01-01</fromDateBegin><toDateEnd>1962-12-31</toDateEnd>"
                "</valueDate></feature>"
                "<feature><type>Birthdate</type><value>Mar 1970</value><valueDate>"
                "<fromDateBegin>1970-03-01T00:00:00</fromDateBegin>"
                "<toDateEnd>1970-03-31T00:00:00</toDateEnd></valueDate></feature>"
                "<feature><type>Birthdate</type><value>1950 to 1952</value><valueDate>"
                "<fromDateBegin>1950-01-01</fromDateBegin><toDateEnd>1952-12-31</toDateEnd>"
                "</valueDate></feature>"
                "</features>")
    loaded = OfacEnhancedLoader().load(write(tmp_path, document(entity("5", "ACME", features))))
    assert loaded.warnings == ("5: Organization Established Date 'sometime in 1990' is not a "
                               "date; kept as published",)
    assert by_id(loaded)["5"].features == (
        Feature("Organization Established Date", "sometime in 1990"),
        Feature("Effective Date (CMIC)", "2022-02-14"),
        Feature("Birthdate", "1962"),
        Feature("Birthdate", "1970-03"),
        Feature("Birthdate", "1950-01-01 to 1952-12-31"),
    )


# --- streaming -----------------------------------------------------------------------------


def test_a_file_of_many_copies_of_the_entries(tmp_path: Path) -> None:
    """The real entries three times over, renumbered: every copy is read, with its links."""
    start, end = REAL.index(b"<entities>") + len(b"<entities>"), REAL.index(b"</entities>")

    def renumbered(copy: int) -> bytes:
        return re.sub(rb'((?:entity id|entityId)=")(\d+)"',
                      lambda m: m[1] + str(int(m[2]) + copy * 1_000_000).encode() + b'"',
                      REAL[start:end])

    path = write(tmp_path, REAL[:start] + b"".join(map(renumbered, range(3))) + REAL[end:])
    loaded = OfacEnhancedLoader().load(path)
    assert loaded.info.entries == 3 * 442 and len(loaded.links) == 3 * 282
    assert listed_counts(loaded)["NS-CMIC"] == 3 * 68
    links = {(link.owner, link.owned) for link in loaded.links}
    assert ("ofac-cons:2032087", "ofac-cons:2030947") in links
    assert Identifier("isin", "CNE100001TW7") in by_id(loaded)["1033113"].identifiers


def test_memory_stays_that_of_one_entry_not_of_the_file(tmp_path: Path) -> None:
    """100 real entries, each padded with 200 kB the importer has no use for: a loader that kept
    the document's tree would hold 20 MB; one that clears each entry holds about one."""
    entries = re.findall(rb"<entity id=.*?</entity>", REAL, flags=re.S)[:100]
    padding = b"<padding>" + b"x" * 200_000 + b"</padding></entity>"
    path = write(tmp_path, HEAD + b"<entities>" + b"".join(
        e.replace(b"</entity>", padding) for e in entries) + b"</entities></sanctionsData>")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        loaded = OfacEnhancedLoader().load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert loaded.info.entries == 100
    assert size > 20_000_000 and peak < size / 4
