"""The OFAC classic XML importer, including its refusal of DTDs, entities and bombs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.ofac_xml import OfacXmlLoader
from sanctscreen.models import EntityType, Identifier


def test_sdn_xml(data: Path) -> None:
    loaded = OfacXmlLoader().load(data / "ofac_sdn_2014.xml")
    assert loaded.info.id == "ofac-sdn" and loaded.info.entries == 4
    assert loaded.info.as_of == date(2014, 7, 16)
    entities = {e.id: e for e in loaded.entities}
    bank = entities["ofac-sdn:306"]
    assert bank.name == "BANCO NACIONAL DE CUBA"
    assert bank.aliases == ("NATIONAL BANK OF CUBA",)
    assert bank.weak_aliases == ("BNC",)  # <category>weak</category>
    assert set(bank.countries) == {"CH", "ES", "JP", "PA"}
    person = entities["ofac-sdn:6982"]
    assert person.name == "JIM'ALE, Ahmed Nur Ali" and person.type is EntityType.PERSON


def test_consolidated_xml_cmic_entry(data: Path) -> None:
    loaded = OfacXmlLoader().load(data / "ofac_consolidated_2021.xml")
    assert loaded.info.id == "ofac-cons"
    smic = next(e for e in loaded.entities if e.id == "ofac-cons:30951")
    assert smic.list_codes == ("NS-CMIC",)
    assert Identifier("isin", "KYG8020E1199") in smic.identifiers
    assert "SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION LIMITED" in smic.aliases
    assert smic.designations[0].listed_on == date(2021, 6, 3)
    assert any("15268 repeated" in w for w in loaded.warnings)


XXE = """<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY secret SYSTEM "file://{path}">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&secret;</lastName></sdnEntry></sdnList>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&d;</lastName></sdnEntry></sdnList>"""


def test_external_entity_is_refused_and_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT")
    path = tmp_path / "sdn.xml"
    path.write_text(XXE.format(path=secret))
    with pytest.raises(ListError, match="DTD or entities") as caught:
        OfacXmlLoader().load(path)
    assert "TOP SECRET" not in str(caught.value)


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(BOMB)
    with pytest.raises(ListError, match="DTD or entities"):
        OfacXmlLoader().load(path)


@pytest.mark.parametrize(("text", "message"), [
    ("<sdnList><sdnEntry>", "not well-formed"),
    ("<other/>", "not an OFAC sdnList"),
    ("<sdnList></sdnList>", "no sdnEntry"),
])
def test_malformed_documents(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(text)
    with pytest.raises(ListError, match=message):
        OfacXmlLoader().load(path)


def test_sniff(data: Path, tmp_path: Path) -> None:
    assert OfacXmlLoader.sniff(data / "ofac_sdn_2014.xml")
    other = tmp_path / "x.xml"
    other.write_text("<root/>")
    assert not OfacXmlLoader.sniff(other)
