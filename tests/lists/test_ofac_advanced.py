"""The OFAC advanced XML importer on the real CONS_ADVANCED.XML of 2020-03-17 and on broken ones."""

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
from sanctscreen.lists.ofac_advanced import NAMESPACES, OfacAdvancedLoader
from sanctscreen.models import Entity, EntityType, Feature, Relation, ScreeningList

# OFAC's publication of 2020, in the UN-derived namespace (tests/data/lists/SOURCES.md).
FILE = Path(__file__).resolve().parent.parent / "data" / "lists" / \
    "ofac_cons_advanced_2020-03-17.xml"
REAL = FILE.read_bytes()
OLD_NS, NEW_NS = "http://www.un.org/sanctions/1.0", NAMESPACES[0]


@pytest.fixture(scope="module")
def cons() -> ScreeningList:
    return OfacAdvancedLoader().load(FILE)


def by_id(loaded: ScreeningList) -> dict[str, Entity]:
    return {e.id.split(":", 1)[1]: e for e in loaded.entities}


def raw_list_counts() -> Counter[str]:
    """SanctionsEntry elements per list, read with regular expressions (the list names are
    reference values; "Consolidated List" is the umbrella every entry is on)."""
    raw = REAL.decode()
    names = dict(re.findall(r'<List ID="(\d+)">([^<]+)</List>', raw))
    return Counter(names[list_id] for list_id in
                   re.findall(r'<SanctionsEntry ID="\d+" ProfileID="\d+" ListID="(\d+)"', raw))


# --- the real file -------------------------------------------------------------------------


def test_metadata(cons: ScreeningList) -> None:
    assert cons.info.id == "ofac-cons" and cons.info.format == "ofac-advanced"
    assert cons.info.entries == 375 == REAL.count(b"<DistinctParty ")
    assert cons.info.as_of == date(2020, 3, 17)  # <DateOfIssue>
    assert cons.info.sha256 == hashlib.sha256(REAL).hexdigest()
    assert cons.warnings == ()
    assert len(cons.entities) == 375 and all(e.listed for e in cons.entities)


def test_designations_per_list_match_the_xml(cons: ScreeningList) -> None:
    assert raw_list_counts() == {
        "Consolidated List": 375, "Sectoral Sanctions Identifications List": 290,
        "Non-SDN Palestinian Legislative Council List": 78, "SDN List": 9, "FSE List": 6,
        "CAPTA List": 1}
    assert Counter(code for e in cons.entities for code in e.list_codes) == {
        "SSI": 290, "NS-PLC": 78, "SDN": 9, "FSE": 6, "CAPTA": 1}
    # Before the NS-CMIC list (June 2021) and before CMIC ISINs were published.
    assert not [e for e in cons.entities if e.identifiers]


def test_a_capta_entry(cons: ScreeningList) -> None:
    kunlun = by_id(cons)["15268"]
    assert kunlun.name == "BANK OF KUNLUN CO LTD" and kunlun.countries == ("CN",)
    assert kunlun.aliases == ("KARAMAY URBAN CREDIT COOPERATIVES",
                              "KARAMAY CITY COMMERCIAL BANK CO LTD.")
    (designation,) = kunlun.designations
    assert (designation.list_code, designation.program, designation.listed_on) == (
        "CAPTA", "561-Related", date(2019, 3, 14))  # its CAPTA List entry, not the umbrella's
    assert designation.legal_basis == "CISADA"
    assert Feature("SWIFT/BIC", "CKLBCNBJ") in kunlun.features
    assert Feature("Address", "9 Dongzhimen North Street, Dongcheng District, (Head Office), "
                              "Beijing, 100007, China") in kunlun.features
    assert kunlun.remarks is not None and "561.201(c)" in kunlun.remarks


def test_an_ns_plc_individual(cons: ScreeningList) -> None:
    haniya = by_id(cons)["9639"]
    assert haniya.type is EntityType.PERSON
    assert haniya.name == "HANIYA, Ismail Abdul Salah"  # Last Name part, then First Name
    assert haniya.aliases == ("HANIYA, Ismail", "HANIYYA, Ismaeel")
    assert [(d.list_code, d.program, d.listed_on) for d in haniya.designations] == [
        ("NS-PLC", "NS-PLC", date(2006, 4, 12))]
    # A DatePeriod from 1962-01-01 to 1962-12-31: the year of birth, not 1 January.
    assert Feature("Birthdate", "1962") in haniya.features
    assert Feature("Place of Birth", "Shati") in haniya.features
    assert haniya.countries == ()  # its one Location is "undetermined"
    people = [e for e in cons.entities if e.type is EntityType.PERSON]
    assert len(people) == 82 and all(", " in person.name for person in people)


def test_an_exact_birthdate_and_documents(cons: ScreeningList) -> None:
    bektas = by_id(cons)["17526"]
    assert bektas.name == "Bektas, Halis" and bektas.type is EntityType.PERSON
    assert Feature("Birthdate", "1966-02-13") in bektas.features
    assert Feature("Citizenship Country", "Switzerland") in bektas.features
    assert Feature("Passport", "X0906223 (CH)") in bektas.features  # an IDRegDocument
    assert bektas.countries == ("CH",)
    assert [(d.list_code, d.program) for d in bektas.designations] == [
        ("SDN", "SYRIA"), ("FSE", "FSE-SY")]


def test_ssi_directives_are_features(cons: ScreeningList) -> None:
    orenburgneft = by_id(cons)["18267"]
    # FeatureType "Executive Order 13662 Directive Determination -", a DetailReference value.
    assert [f.value for f in orenburgneft.features
            if f.label == "Executive Order 13662 Directive Determination"] == [
        "Subject to Directive 2", "Subject to Directive 4"]
    assert [(d.list_code, d.program, d.listed_on) for d in orenburgneft.designations] == [
        ("SSI", "UKRAINE-EO13662", date(2015, 7, 30))]
    assert sum(f.label == "Executive Order 13662 Directive Determination"
               for e in cons.entities for f in e.features) == 310


def test_an_ssi_entity_that_is_an_sdn_as_well(cons: ScreeningList) -> None:
    trading = by_id(cons)["18299"]
    assert trading.name == "ROSNEFT TRADING S.A."
    assert [(d.list_code, d.program, d.listed_on) for d in trading.designations] == [
        ("SDN", "VENEZUELA-EO13850", date(2020, 2, 18)),
        ("SSI", "UKRAINE-EO13662", date(2015, 7, 30))]


def test_relationships(cons: ScreeningList) -> None:
    raw = REAL.decode()
    relations = re.findall(r'<ProfileRelationship ID="\d+" From-ProfileID="(\d+)" '
                           r'To-ProfileID="(\d+)" RelationTypeID="15003"', raw)
    assert len(relations) == 276 == raw.count("<ProfileRelationship ")
    assert '<RelationType ID="15003" Symmetrical="false">Owned or Controlled By<' in raw
    # "From: Owned or Controlled By To": the To-profile is the owner.
    assert {(link.owner, link.owned) for link in cons.links} == {
        (f"ofac-cons:{owner}", f"ofac-cons:{owned}") for owned, owner in relations}
    assert ("18267", "17022") in relations
    assert all(link.relation is Relation.CONTROLS and link.share is None and
               link.source == "OFAC Consolidated Sanctions List (Non-SDN): Owned or Controlled By"
               for link in cons.links)
    assert sum(link.owner == "ofac-cons:17022" for link in cons.links) == 18  # Rosneft


def test_address_countries_come_from_the_locations(cons: ScreeningList) -> None:
    entities = by_id(cons)
    assert entities["17530"].countries == ("NL", "CH")  # Staroil: Haarlem and Geneva
    assert Feature("Address", "Wilhelminastraat 43 A, Haarlem, 2011 VK, Netherlands") \
        in entities["17530"].features
    assert entities["18289"].countries == ("GG", "RU")
    assert Counter(c for e in cons.entities for c in e.countries).most_common(2) == [
        ("RU", 251), ("PS", 24)]


def test_weak_aliases(cons: ScreeningList) -> None:
    # 31 aliases flagged LowQuality="true", one of them published twice for one party.
    assert REAL.count(b'LowQuality="true"') == 31
    assert sum(len(e.weak_aliases) for e in cons.entities) == 30


# --- format sniffing and the two namespaces --------------------------------------------------


def test_load_list_sniffs_the_format_by_content(tmp_path: Path) -> None:
    assert load_list(FILE).info.format == "ofac-advanced"
    renamed = tmp_path / "download"
    renamed.write_bytes(REAL)
    loaded = load_list(renamed)
    assert loaded.info.format == "ofac-advanced" and loaded.info.entries == 375
    assert loaded.info.id == "ofac-cons"  # from the lists its entries are on, not the name


def test_the_namespace_of_the_sanctions_list_service(tmp_path: Path) -> None:
    path = tmp_path / "CONS_ADVANCED.XML"
    path.write_bytes(REAL.replace(OLD_NS.encode(), NEW_NS.encode()))
    assert OfacAdvancedLoader.sniff(path)
    loaded = load_list(path)
    assert loaded.info.format == "ofac-advanced"
    assert loaded.info.entries == 375 and len(loaded.links) == 276
    assert by_id(loaded)["15268"].list_codes == ("CAPTA",)


def test_sniff_wants_the_root_and_a_known_namespace(data: Path, tmp_path: Path) -> None:
    assert OfacAdvancedLoader.sniff(FILE)
    assert not OfacAdvancedLoader.sniff(data / "ofac_cons_enhanced_2024-07-03.xml")
    assert not OfacAdvancedLoader.sniff(tmp_path)
    other = tmp_path / "other.xml"
    other.write_text('<Sanctions xmlns="urn:somebody-else"/>')
    assert not OfacAdvancedLoader.sniff(other)


# --- broken and hostile files --------------------------------------------------------------

HEAD = REAL[:REAL.index(b"<DistinctParties>")]  # date, reference values, locations, documents


def document(parties: str, relationships: str = "", entries: str = "") -> bytes:
    """The real file's reference values with the given parties, relationships and entries."""
    return HEAD + (f"<DistinctParties>{parties}</DistinctParties><ProfileRelationships>"
                   f"{relationships}</ProfileRelationships><SanctionsEntries>{entries}"
                   "</SanctionsEntries></Sanctions>").encode()


def party(uid: str, name: str | None, features: str = "") -> str:
    alias = (f'<Alias Primary="true" LowQuality="false"><DocumentedName DocNameStatusID="1">'
             f'<DocumentedNamePart><NamePartValue NamePartGroupID="{uid}0">{name}'
             "</NamePartValue></DocumentedNamePart></DocumentedName></Alias>") if name else ""
    return (f'<DistinctParty FixedRef="{uid}"><Profile ID="{uid}" PartySubTypeID="3">'
            f'<Identity ID="{uid}1">{alias}<NamePartGroups><MasterNamePartGroup>'
            f'<NamePartGroup ID="{uid}0" NamePartTypeID="1525" /></MasterNamePartGroup>'
            f"</NamePartGroups></Identity>{features}</Profile></DistinctParty>")


def ssi_entry(uid: str) -> str:
    return (f'<SanctionsEntry ID="9{uid}" ProfileID="{uid}" ListID="91507"><EntryEvent '
            f'LegalBasisID="91503"><Date><Year>2014</Year><Month>7</Month><Day>16</Day></Date>'
            f'</EntryEvent><SanctionsMeasure SanctionsTypeID="1"><Comment>UKRAINE-EO13662'
            f"</Comment></SanctionsMeasure></SanctionsEntry>")


def relationship(ident: str, source: str, target: str) -> str:
    return (f'<ProfileRelationship ID="{ident}" From-ProfileID="{source}" To-ProfileID='
            f'"{target}" RelationTypeID="15003" />')


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "CONS_ADVANCED.XML"
    path.write_bytes(content)
    return path


def load_error(path: Path) -> str:
    with pytest.raises(ListError) as caught:
        OfacAdvancedLoader().load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message  # one line naming the file
    return message


def test_a_minimal_document_loads(tmp_path: Path) -> None:
    loaded = OfacAdvancedLoader().load(write(tmp_path, document(
        party("1", "ACME TRADING"), entries=ssi_entry("1"))))
    (acme,) = loaded.entities
    assert acme.name == "ACME TRADING" and loaded.warnings == ()
    assert [(d.list_code, d.program, d.listed_on, d.legal_basis) for d in acme.designations] \
        == [("SSI", "UKRAINE-EO13662", date(2014, 7, 16), "Executive Order 13662 (Ukraine)")]


@pytest.mark.parametrize("cut", [
    len(REAL) // 2,
    REAL.index(b'<DistinctParty FixedRef="15268">') + 10,  # inside a tag
    len(REAL) - 3,  # inside </Sanctions>
])
def test_a_truncated_file(tmp_path: Path, cut: int) -> None:
    assert "the XML ends before the document does, at line" in load_error(
        write(tmp_path, REAL[:cut]))


def test_an_external_entity_is_refused_and_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT")
    declaration = f'<!DOCTYPE Sanctions [<!ENTITY secret SYSTEM "file://{secret}">]>\n'
    head, rest = REAL.split(b"\n", 1)
    raw = head + b"\n" + declaration.encode() + rest.replace(b"BANK OF KUNLUN CO LTD", b"&secret;")
    path = write(tmp_path, raw)
    assert OfacAdvancedLoader.sniff(path)
    message = load_error(path)
    assert "declares a DTD or entities" in message and "TOP SECRET" not in message


@pytest.mark.parametrize(("old", "new", "message"), [
    (OLD_NS.encode(), b"http://www.un.org/sanctions/2.0",
     "not an OFAC advanced XML document (namespace 'http://www.un.org/sanctions/2.0')"),
    (f' xmlns="{OLD_NS}"'.encode(), b"",
     "not an OFAC advanced XML document (namespace 'none')"),
    # Refused at the root's start tag, before the end tag that no longer matches is read.
    (b"<Sanctions ", b"<Sanction ", "not an OFAC advanced XML document (root <Sanction>)"),
])
def test_a_document_that_is_not_advanced_xml(tmp_path: Path, old: bytes, new: bytes,
                                             message: str) -> None:
    assert message in load_error(write(tmp_path, REAL.replace(old, new, 1)))


def test_a_root_that_is_not_sanctions(tmp_path: Path, data: Path) -> None:
    assert load_error(data / "ofac_cons_enhanced_2024-07-03.xml").endswith(
        "not an OFAC advanced XML document (root <sanctionsData>)")
    path = write(tmp_path, f'<SanctionsList xmlns="{OLD_NS}"/>'.encode())
    assert load_error(path).endswith("not an OFAC advanced XML document (root <SanctionsList>)")


def test_no_parties(tmp_path: Path) -> None:
    assert load_error(write(tmp_path, document(""))).endswith(
        "no <DistinctParty> elements found")


def test_a_folder(tmp_path: Path) -> None:
    assert load_error(tmp_path).endswith("give the XML file, not its folder")


def test_a_party_without_a_name_is_skipped_with_a_warning(tmp_path: Path) -> None:
    loaded = OfacAdvancedLoader().load(write(tmp_path, document(
        party("1", "ACME TRADING") + party("2", None) + party("1", "ACME AGAIN"),
        entries=ssi_entry("1") + ssi_entry("2"))))
    assert [e.name for e in loaded.entities] == ["ACME TRADING"]
    assert loaded.warnings == (
        "a DistinctParty without id or name (FixedRef 2) was skipped",
        "entry 1 repeated, kept the first",
        "sanctions entry 92 for profile 2, which is not in the file, was ignored")


def test_relationships_to_and_from_unknown_profiles(tmp_path: Path) -> None:
    loaded = OfacAdvancedLoader().load(write(tmp_path, document(
        party("1", "ACME TRADING") + party("2", "ACME PARENT"),
        relationship("50", "1", "2") + relationship("51", "1", "999999")
        + relationship("52", "888888", "1"),
        ssi_entry("1") + ssi_entry("2"))))
    assert [(link.owner, link.owned) for link in loaded.links] == [
        ("ofac-cons:2", "ofac-cons:1")]
    assert loaded.warnings == (
        "relationship 52 from profile 888888, which is not in the file, was ignored",
        "1: relationship to entry 999999, which is not in the file and has no name; ignored")
    assert [e.id for e in loaded.entities] == ["ofac-cons:1", "ofac-cons:2"]


def test_a_party_without_a_sanctions_entry(tmp_path: Path) -> None:
    loaded = OfacAdvancedLoader().load(write(tmp_path, document(
        party("1", "ACME TRADING") + party("2", "ACME PARENT"), entries=ssi_entry("1"))))
    assert loaded.warnings == ("1 parties have no sanctions entry in the file (profile 2); "
                               "screened as listed on the file's list",)
    assert by_id(loaded)["2"].listed


def test_feature_dates(tmp_path: Path) -> None:
    def feature(type_id: str, detail: str = "", period: str = "") -> str:
        return (f'<Feature FeatureTypeID="{type_id}"><FeatureVersion>{period}'
                f"<VersionDetail>{detail}</VersionDetail></FeatureVersion></Feature>")

    def when(start: tuple[int, int, int], end: tuple[int, int, int]) -> str:
        def day(d: tuple[int, int, int]) -> str:
            return f"<Year>{d[0]}</Year><Month>{d[1]}</Month><Day>{d[2]}</Day>"
        return (f"<DatePeriod><Start><From>{day(start)}</From><To>{day(start)}</To></Start>"
                f"<End><From>{day(end)}</From><To>{day(end)}</To></End></DatePeriod>")

    features = (feature("8", "sometime in 1990")  # Birthdate, as text that is no date
                + feature("8", period=when((1962, 1, 1), (1962, 12, 31)))
                + feature("8", period=when((1966, 2, 13), (1966, 2, 13)))
                + feature("8", period=when((1950, 1, 1), (1952, 12, 31))))
    loaded = OfacAdvancedLoader().load(write(tmp_path, document(
        party("1", "ACME", features), entries=ssi_entry("1"))))
    assert loaded.warnings == ("1: Birthdate 'sometime in 1990' is not a date; kept as "
                               "published",)
    assert by_id(loaded)["1"].features == (
        Feature("Birthdate", "sometime in 1990"), Feature("Birthdate", "1962"),
        Feature("Birthdate", "1966-02-13"), Feature("Birthdate", "1950-01-01 to 1952-12-31"))


# --- streaming -----------------------------------------------------------------------------


def test_memory_stays_that_of_one_party_not_of_the_file(tmp_path: Path) -> None:
    """Every real party padded with 60 kB the importer has no use for: a loader that kept the
    document's tree would hold over 22 MB."""
    padding = b"<Padding>" + b"x" * 60_000 + b"</Padding></DistinctParty>"
    path = write(tmp_path, REAL.replace(b"</DistinctParty>", padding))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        loaded = OfacAdvancedLoader().load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert loaded.info.entries == 375 and len(loaded.links) == 276
    assert size > 22_000_000 and peak < size / 4
