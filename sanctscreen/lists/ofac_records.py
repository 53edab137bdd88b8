"""OFAC entries (read from CSV or XML) turned into entities, designations and Linked To links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sanctscreen.lists.common import slug, unique
from sanctscreen.lists.ofac_remarks import Facts, parse_remarks
from sanctscreen.models import (
    Designation,
    Entity,
    EntityType,
    Link,
    ListInfo,
    Relation,
    ScreeningList,
)

SEARCH_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={uid}"


class Flavour(StrEnum):
    """Which OFAC publication a file belongs to; it decides list codes and the default list id."""

    SDN = "sdn"
    CONS = "cons"

    @property
    def list_id(self) -> str:
        return f"ofac-{self.value}"

    @property
    def label(self) -> str:
        if self is Flavour.SDN:
            return "OFAC Specially Designated Nationals (SDN) List"
        return "OFAC Consolidated Sanctions List (Non-SDN)"


# Program tags of the Consolidated (non-SDN) list and the non-SDN list each one puts an entry on.
_CONS_PROGRAMS = {
    "UKRAINE-EO13662": "SSI",
    "NS-PLC": "NS-PLC",
    "561-RELATED": "CAPTA",
    "561LIST": "CAPTA",
    # Menu-based sanctions: directives under these orders, not blocking.
    "RUSSIA-EO14024": "NS-MBS",
    "CAATSA - RUSSIA": "NS-MBS",
    "BURMA-EO14014": "NS-MBS",
    "ILLICIT-DRUGS-EO14059": "NS-MBS",
}


def cons_codes(programs: Sequence[str]) -> list[str]:
    """The list code of each program of a Consolidated-list entry, in order.

    A tag that names no non-SDN list (SDGT on an NS-PLC member, VENEZUELA-EO13850 on an SSI
    entity) is an SDN program of a party listed there too; it takes the entry's other code.
    """
    codes: list[str | None] = []
    for program in programs:
        tag = program.upper()
        if tag.startswith(("CMIC", "CCMC")):
            codes.append("NS-CMIC")
        elif tag.startswith("FSE"):
            codes.append("FSE")
        else:
            codes.append(_CONS_PROGRAMS.get(tag))
    fallback = next((code for code in codes if code), "NS-MBS")
    return [code or fallback for code in codes]


@dataclass
class OfacRecord:
    """One OFAC entry as read, before its remarks are interpreted."""

    uid: str
    name: str
    type: EntityType
    programs: list[str]
    remarks: str | None = None
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)  # XML <category>weak</category>
    countries: list[str] = field(default_factory=list)
    labelled: list[tuple[str, str]] = field(default_factory=list)  # XML <id> type/number pairs


def _entity(record: OfacRecord, flavour: Flavour, list_id: str,
            warnings: list[str]) -> tuple[Entity, Facts]:
    facts = Facts()
    for label, value in record.labelled:
        facts.add(label, value)
    parse_remarks(record.remarks, facts)
    warnings.extend(f"{record.uid}: {problem}" for problem in facts.problems)
    programs = record.programs or [""]
    codes = ["SDN"] * len(programs) if flavour is Flavour.SDN else cons_codes(programs)
    designations = tuple(
        Designation(code, program or None, facts.listed_on,
                    source_url=SEARCH_URL.format(uid=record.uid))
        for code, program in zip(codes, programs, strict=True)
    )
    entity = Entity(
        id=f"{list_id}:{record.uid}",
        name=record.name,
        type=record.type,
        list_id=list_id,
        aliases=(strong := unique([*record.aliases, *facts.aliases], exclude=[record.name])),
        designations=designations,
        identifiers=tuple(facts.identifiers),
        countries=unique([*record.countries, *facts.countries]),
        remarks=record.remarks,
        weak_aliases=unique([*record.weak_aliases, *facts.weak_aliases],
                            exclude=[record.name, *strong]),
    )
    return entity, facts


def name_key(name: str) -> str:
    """How Linked To targets are compared with names: letters and digits only, case-folded."""
    return re.sub(r"[\W_]+", "", name.casefold())


def build_list(records: Iterable[OfacRecord], flavour: Flavour, *, list_id: str | None,
               sha256: str, source: str, as_of: date | None, fmt: str,
               warnings: Sequence[str] = ()) -> ScreeningList:
    """The ScreeningList of `records`, with Linked To targets resolved by name within the list."""
    list_id = list_id or flavour.list_id
    notes = list(warnings)
    # Identifiers OFAC publishes with a wrong check digit are kept as published; a warning on
    # every screen would be noise the user cannot act on.
    bad_checks: list[str] = []
    entities: list[Entity] = []
    linked: list[tuple[Entity, str]] = []
    for record in records:
        entity, facts = _entity(record, flavour, list_id, bad_checks)
        entities.append(entity)
        linked.extend((entity, target) for target in facts.linked_to)
    by_name: dict[str, str] = {}
    for entity in entities:
        for name in (*entity.names, *entity.weak_aliases):  # any name OFAC writes for it
            by_name.setdefault(name_key(name), entity.id)
    related: dict[str, Entity] = {}
    links: list[Link] = []
    for entity, target in linked:
        owner_id = by_name.get(name_key(target))
        if owner_id is None:
            # Named but not on this list (HAMAS is an SDN, not a non-SDN entry): keep it as an
            # unlisted party so the link, and a match on its name, still lead somewhere.
            owner_id = f"{list_id}:linked-{slug(target)}"
            related.setdefault(owner_id, Entity(owner_id, target, list_id=list_id))
        # "Linked To" states a tie, not a share: CONTROLS with no percentage says exactly that.
        links.append(Link(owner_id, entity.id, Relation.CONTROLS, None,
                          source=f"{flavour.label}: Linked To"))
    listed = len(entities)
    info = ListInfo(list_id, flavour.label, source, as_of, listed, sha256, fmt)
    return ScreeningList(info, (*entities, *related.values()), tuple(links), tuple(notes))
