"""OpenSanctions FollowTheMoney JSON lines: parties, securities, ownership stakes, sanctions."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from sanctscreen.countries import country_code
from sanctscreen.errors import ListError
from sanctscreen.identifiers import normalise
from sanctscreen.lists.common import (
    TOO_DEEP,
    clean,
    decode,
    first_line,
    parse_date,
    read_bytes,
    unique,
)
from sanctscreen.lists.csl import source_code
from sanctscreen.lists.interface import ListLoader
from sanctscreen.lists.ofac_records import cons_codes
from sanctscreen.models import (
    Designation,
    Entity,
    EntityType,
    Identifier,
    Link,
    ListInfo,
    Relation,
    ScreeningList,
)

_PARTIES = {"Company": EntityType.ORGANIZATION, "Organization": EntityType.ORGANIZATION,
            "LegalEntity": EntityType.ORGANIZATION, "PublicBody": EntityType.GOVERNMENT,
            "Person": EntityType.PERSON, "Vessel": EntityType.VESSEL,
            "Airplane": EntityType.AIRCRAFT}
_ID_PROPERTIES = {"isinCode": "isin", "leiCode": "lei", "uscCode": "uscc", "ticker": "ticker"}
_ALIAS_PROPERTIES = ("alias", "previousName")


def _props(entity: Mapping[str, Any], key: str) -> list[str]:
    values = entity.get("properties", {}).get(key, [])
    return [str(v) for v in values if clean(v)] if isinstance(values, list) else []


def _first(entity: Mapping[str, Any], key: str) -> str | None:
    values = _props(entity, key)
    return values[0] if values else None


def _codes(sanction: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """US list codes a Sanction entity states; sanctions of other countries give none."""
    datasets = set(sanction.get("datasets", []))
    programs = _props(sanction, "program")
    tags: list[str | None] = [*programs] or [None]
    if "us_ofac_sdn" in datasets:
        return [("SDN", tag) for tag in tags]
    if "us_ofac_cons" in datasets:
        return list(zip(cons_codes(programs or [""]), tags, strict=True))
    if "us_bis_denied" in datasets:
        return [("DPL", None)]
    if "us_trade_csl" in datasets:
        labels = [*programs, *_props(sanction, "authority")]
        found = [code for label in labels if (code := source_code(label))]
        return [(found[0], programs[0] if programs else None)] if found else []
    return []


class FtmLoader(ListLoader):
    NAME: ClassVar[str] = "ftm"
    DESCRIPTION: ClassVar[str] = "OpenSanctions FollowTheMoney entities, JSON lines"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        head = first_line(path, 65536)
        return head.startswith("{") and '"schema"' in head and '"properties"' in head

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        data = read_bytes(path)
        records = self._records(decode(data, path), path)
        list_id = list_id or "ftm"
        by_schema: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in records:
            by_schema[str(record.get("schema"))].append(record)
        designations, skipped = self._designations(by_schema["Sanction"])
        identifiers = self._securities(by_schema["Security"])
        entities = [self._entity(r, list_id, designations, identifiers)
                    for schema, items in by_schema.items() if schema in _PARTIES for r in items]
        if not entities:
            raise ListError("no Company, Person or Organization entities found", path=path)
        known = {e.id for e in entities}
        links, dangling = self._links(by_schema["Ownership"], list_id, known)
        warnings = []
        if skipped:
            warnings.append(f"{skipped} sanctions by authorities other than the US ignored")
        if dangling:
            warnings.append(f"{dangling} ownership records name an entity not in the file; "
                            "ignored")
        info = ListInfo(list_id, f"FollowTheMoney entities {path.name}", str(path), None,
                        sum(e.listed for e in entities), hashlib.sha256(data).hexdigest(),
                        self.NAME)
        return ScreeningList(info, tuple(entities), tuple(links), tuple(warnings))

    @staticmethod
    def _records(text: str, path: Path) -> list[dict[str, Any]]:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ListError(f"line {number} is not JSON ({exc.msg})", path=path) from None
            except RecursionError:
                raise ListError(f"line {number}: {TOO_DEEP}", path=path) from None
            if not isinstance(record, dict) or "schema" not in record or "id" not in record:
                raise ListError(f"line {number} is not a FollowTheMoney entity", path=path)
            records.append(record)
        return records

    @staticmethod
    def _designations(sanctions: list[dict[str, Any]]) -> tuple[dict[str, list[Designation]], int]:
        found: dict[str, list[Designation]] = defaultdict(list)
        skipped = 0
        for sanction in sanctions:
            codes = _codes(sanction)
            skipped += not codes
            listed_on = parse_date(_first(sanction, "listingDate") or _first(sanction, "startDate"))
            for target in _props(sanction, "entity"):
                found[target].extend(
                    Designation(code, program, listed_on, _first(sanction, "reason"),
                                _first(sanction, "sourceUrl"))
                    for code, program in codes)
        return found, skipped

    @staticmethod
    def _securities(securities: list[dict[str, Any]]) -> dict[str, list[Identifier]]:
        # A Security's ISIN identifies its issuer: screening by ISIN finds the company.
        found: dict[str, list[Identifier]] = defaultdict(list)
        for security in securities:
            for isin in _props(security, "isin"):
                identifier = normalise("isin", isin)
                for issuer in _props(security, "issuer") if identifier else []:
                    found[issuer].append(identifier)  # type: ignore[arg-type]
        return found

    @staticmethod
    def _entity(record: Mapping[str, Any], list_id: str,
                designations: Mapping[str, list[Designation]],
                securities: Mapping[str, list[Identifier]]) -> Entity:
        names = _props(record, "name") or [str(record.get("caption") or record["id"])]
        caption = clean(record.get("caption"))
        if caption in names:  # the caption is the name OpenSanctions chose to display
            names.insert(0, names.pop(names.index(caption)))
        own = [i for prop, scheme in _ID_PROPERTIES.items()
               for value in _props(record, prop) if (i := normalise(scheme, value))]
        countries = [c for key in ("country", "jurisdiction")
                     for value in _props(record, key) if (c := country_code(value))]
        return Entity(
            id=f"{list_id}:{record['id']}",
            name=names[0],
            type=_PARTIES[str(record["schema"])],
            list_id=list_id,
            aliases=(strong := unique(
                [*names[1:], *(a for p in _ALIAS_PROPERTIES for a in _props(record, p))],
                exclude=[names[0]])),
            weak_aliases=unique(_props(record, "weakAlias"), exclude=[names[0], *strong]),
            designations=tuple(dict.fromkeys(designations.get(str(record["id"]), []))),
            identifiers=tuple(dict.fromkeys([*own, *securities.get(str(record["id"]), [])])),
            countries=unique(countries),
        )

    @staticmethod
    def _links(ownerships: list[dict[str, Any]], list_id: str,
               known: set[str]) -> tuple[list[Link], int]:
        links: list[Link] = []
        dangling = 0
        for ownership in ownerships:
            share = None
            for raw in _props(ownership, "percentage"):
                try:
                    share = float(raw.rstrip("% "))
                    break
                except ValueError:
                    continue
            for owner in _props(ownership, "owner"):
                for asset in _props(ownership, "asset"):
                    link = Link(f"{list_id}:{owner}", f"{list_id}:{asset}", Relation.OWNS, share,
                                source=f"FollowTheMoney {ownership['id']}")
                    if link.owner in known and link.owned in known:
                        links.append(link)
                    else:
                        dangling += 1
        return links, dangling
