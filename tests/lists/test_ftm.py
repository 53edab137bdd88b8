"""The FollowTheMoney importer on a small entity graph written here."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.ftm import FtmLoader
from sanctscreen.models import EntityType, Identifier, Relation


def ftm(id: str, schema: str, datasets: tuple[str, ...] = ("test",),
        **properties: list[str]) -> dict[str, Any]:
    return {"id": id, "schema": schema, "caption": (properties.get("name") or [id])[0],
            "properties": properties, "datasets": list(datasets)}


GRAPH = [
    ftm("co-parent", "Company", name=["Parent Holding Ltd", "Parent Holdings"],
        jurisdiction=["cn"], leiCode=["5493001KJTIIGC8Y1R12"]),
    ftm("co-child", "Company", name=["Child Technology Co"], country=["hk"]),
    ftm("p-owner", "Person", name=["Jane Roe"], alias=["J. Roe"], weakAlias=["Janey"]),
    ftm("sec-1", "Security", isin=["CNE100001TW7"], issuer=["co-child"]),
    ftm("own-1", "Ownership", owner=["co-parent"], asset=["co-child"], percentage=["51.5"]),
    ftm("own-2", "Ownership", owner=["p-owner"], asset=["co-parent"]),
    ftm("own-3", "Ownership", owner=["missing"], asset=["co-parent"], percentage=["10"]),
    ftm("s-1", "Sanction", ("us_ofac_cons",), entity=["co-parent"], program=["CMIC-EO13959"],
        listingDate=["2021-12-16"]),
    ftm("s-2", "Sanction", ("us_trade_csl",), entity=["co-child"],
        program=["Entity List (EL) - Bureau of Industry and Security"]),
    ftm("s-3", "Sanction", ("gb_fcdo_sanctions",), entity=["p-owner"], program=["UK"]),
]


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_graph(tmp_path: Path) -> None:
    path = write(tmp_path / "entities.ftm.json", GRAPH)
    assert FtmLoader.sniff(path)
    loaded = FtmLoader().load(path, list_id="os")
    entities = {e.id: e for e in loaded.entities}
    parent, child, owner = entities["os:co-parent"], entities["os:co-child"], entities["os:p-owner"]
    assert parent.aliases == ("Parent Holdings",) and parent.countries == ("CN",)
    assert parent.list_codes == ("NS-CMIC",)
    assert parent.designations[0].listed_on == date(2021, 12, 16)
    assert Identifier("lei", "5493001KJTIIGC8Y1R12") in parent.identifiers
    # The Security's ISIN identifies its issuer.
    assert child.identifiers == (Identifier("isin", "CNE100001TW7"),)
    assert child.list_codes == ("EL",)
    # A UK sanction is not a US listing: the person stays an unlisted related party.
    assert not owner.listed and owner.type is EntityType.PERSON and owner.aliases == ("J. Roe",)
    assert owner.weak_aliases == ("Janey",)
    links = {(lk.owner, lk.owned): lk for lk in loaded.links}
    assert links[("os:co-parent", "os:co-child")].share == 51.5
    assert links[("os:p-owner", "os:co-parent")].share is None
    assert all(lk.relation is Relation.OWNS for lk in loaded.links)
    assert loaded.info.entries == 2
    assert "1 sanctions by authorities other than the US ignored" in loaded.warnings
    assert any("1 ownership records name an entity not in the file" in w
               for w in loaded.warnings)


@pytest.mark.parametrize(("text", "message"), [
    ("{broken\n", "line 1 is not JSON"),
    ('{"no": "schema"}\n', "line 1 is not a FollowTheMoney entity"),
    ('{"id": "x", "schema": "Address", "properties": {}}\n', "no Company, Person"),
])
def test_malformed(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ListError, match=message):
        FtmLoader().load(path)
