"""OFAC entries (read from CSV or XML) turned into entities, designations and ownership links."""

from __future__ import annotations

import dataclasses
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
    Feature,
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


# OFAC's list names, as the enhanced and advanced XML formats name them, and their list codes.
# "Consolidated List" is the umbrella every non-SDN entry is on: it designates nothing itself.
UMBRELLA = "consolidated list"
_LIST_NAMES = {
    "sdn list": "SDN",
    "sectoral sanctions identifications list": "SSI",
    "non-sdn palestinian legislative council list": "NS-PLC",
    "non-sdn menu-based sanctions list": "NS-MBS",
    "capta list": "CAPTA",
    "561 list": "CAPTA",
    "fse list": "FSE",
    "foreign sanctions evaders list": "FSE",
}


def list_code(name: str) -> str | None:
    """The list code for an OFAC list name ("Non-SDN CMIC List" -> "NS-CMIC"), or None."""
    key = " ".join(name.casefold().split())
    if "cmic" in key or "ccmc" in key:
        return "NS-CMIC"
    return _LIST_NAMES.get(key)


def program_code(program: str) -> str | None:
    """The non-SDN list a Consolidated-list program tag puts an entry on, or None."""
    tag = program.upper()
    if tag.startswith(("CMIC", "CCMC")):
        return "NS-CMIC"
    if tag.startswith("FSE"):
        return "FSE"
    return _CONS_PROGRAMS.get(tag)


def cons_codes(programs: Sequence[str]) -> list[str]:
    """The list code of each program of a Consolidated-list entry, in order.

    A tag that names no non-SDN list (SDGT on an NS-PLC member, VENEZUELA-EO13850 on an SSI
    entity) is an SDN program of a party listed there too; it takes the entry's other code.
    """
    codes = [program_code(program) for program in programs]
    fallback = next((code for code in codes if code), "NS-MBS")
    return [code or fallback for code in codes]


@dataclass(frozen=True, slots=True)
class Related:
    """A relationship an entry states to another entry, read from the structured formats."""

    uid: str  # the other entry's number
    kind: str  # OFAC's relationship type as seen from this entry: "Owned or Controlled By"
    name: str | None = None  # the other entry's name as the relationship gives it


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
    # Only the structured formats (enhanced and advanced XML) state these:
    lists: list[tuple[str, date | None]] = field(default_factory=list)  # list, date published
    authorities: list[str] = field(default_factory=list)  # "Executive Order 14032 (CMIC)"
    features: list[Feature] = field(default_factory=list)  # websites, addresses, dates ...
    related: list[Related] = field(default_factory=list)


def _entity(record: OfacRecord, flavour: Flavour, list_id: str,
            warnings: list[str]) -> tuple[Entity, Facts]:
    facts = Facts()
    for label, value in record.labelled:
        facts.add(label, value)
    parse_remarks(record.remarks, facts)
    warnings.extend(f"{record.uid}: {problem}" for problem in facts.problems)
    designations = (_listed(record, facts, warnings) if record.lists
                    else _designations(record, flavour, facts))
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
        features=tuple(dict.fromkeys(record.features)),
    )
    return entity, facts


def _designations(record: OfacRecord, flavour: Flavour, facts: Facts) -> tuple[Designation, ...]:
    """Designations from the program tags alone (the legacy CSV and classic XML)."""
    programs = record.programs or [""]
    codes = ["SDN"] * len(programs) if flavour is Flavour.SDN else cons_codes(programs)
    return tuple(
        Designation(code, program or None, facts.listed_on,
                    source_url=SEARCH_URL.format(uid=record.uid))
        for code, program in zip(codes, programs, strict=True)
    )


def _listed(record: OfacRecord, facts: Facts, warnings: list[str]) -> tuple[Designation, ...]:
    """Designations from the lists the entry is on, each with the date it was published there
    and the programs that belong to it (the enhanced and advanced XML state both).

    A program's own list (CMIC-EO13959 -> NS-CMIC) claims it when the entry is on that list;
    any other program of an entry on the SDN list is an SDN program (RUSSIA-EO14024 blocks an
    SSI entity that is an SDN as well); otherwise it goes with the entry's one list.
    """
    dated: dict[str, date | None] = {}
    for name, published in record.lists:
        code = list_code(name)
        if code is None and " ".join(name.casefold().split()) != UMBRELLA:
            code = next((c for p in record.programs if (c := program_code(p))), "NS-MBS")
            warnings.append(f"{record.uid}: OFAC list {name!r} is not known; screened as {code}")
        if code is not None and code not in dated:
            dated[code] = published
    if not dated:
        dated = {code: None for code in cons_codes(record.programs or [""])}
    paired: dict[str, list[str]] = {code: [] for code in dated}
    for program in record.programs:
        own = program_code(program)
        code = own if own in paired else "SDN" if "SDN" in paired else next(iter(paired))
        paired[code].append(program)
    basis = "; ".join(dict.fromkeys(record.authorities)) or None
    url = SEARCH_URL.format(uid=record.uid)
    return tuple(
        Designation(code, program or None, dated[code] or facts.listed_on, basis, url)
        for code, programs in paired.items() for program in (programs or [""])
    )


def name_key(name: str) -> str:
    """How Linked To targets are compared with names: letters and digits only, case-folded."""
    return re.sub(r"[\W_]+", "", name.casefold())


def build_list(records: Iterable[OfacRecord], flavour: Flavour, *, list_id: str | None,
               sha256: str, source: str, as_of: date | None, fmt: str,
               warnings: Sequence[str] = ()) -> ScreeningList:
    """The ScreeningList of `records`, with Linked To targets resolved by name within the list
    and the structured formats' relationships by entry number."""
    list_id = list_id or flavour.list_id
    notes = list(warnings)
    # Identifiers OFAC publishes with a wrong check digit are kept as published; a warning on
    # every screen would be noise the user cannot act on.
    bad_checks: list[str] = []
    entities: list[Entity] = []
    linked: list[tuple[Entity, str]] = []
    related: dict[str, list[Related]] = {}
    for record in records:
        entity, facts = _entity(record, flavour, list_id, bad_checks)
        entities.append(entity)
        linked.extend((entity, target) for target in facts.linked_to)
        if record.related:
            related[entity.id] = record.related
    by_name: dict[str, str] = {}
    for entity in entities:
        for name in (*entity.names, *entity.weak_aliases):  # any name OFAC writes for it
            by_name.setdefault(name_key(name), entity.id)
    outside: dict[str, Entity] = {}
    links: list[Link] = []
    for entity, target in linked:
        owner_id = by_name.get(name_key(target))
        if owner_id is None:
            # Named but not on this list (HAMAS is an SDN, not a non-SDN entry): keep it as an
            # unlisted party so the link, and a match on its name, still lead somewhere.
            owner_id = f"{list_id}:linked-{slug(target)}"
            outside.setdefault(owner_id, Entity(owner_id, target, list_id=list_id))
        # "Linked To" states a tie, not a share: CONTROLS with no percentage says exactly that.
        links.append(Link(owner_id, entity.id, Relation.CONTROLS, None,
                          source=f"{flavour.label}: Linked To"))
    if related:
        by_id = {entity.id: entity for entity in entities}
        entities = [_relate(entity, related.get(entity.id, ()), by_id, flavour, links, outside,
                            notes) for entity in entities]
    listed = len(entities)
    info = ListInfo(list_id, flavour.label, source, as_of, listed, sha256, fmt)
    return ScreeningList(info, (*entities, *outside.values()), tuple(links), tuple(notes))


# OFAC's relationship types that state ownership or control, by the direction they read in:
# "A: Owned or Controlled By B" makes B the owner; "A: Owns, controls, or operates B" makes A.
# The other types (Acting for or on behalf of, Associate Of, Leader or official of ...) tie two
# parties without ownership; they are kept as facts of the entry, not as links the ownership
# rules would follow.
_OWNED_BY = frozenset({"owned or controlled by"})
_OWNS = frozenset({"owns, controls, or operates", "owns or controls"})


def _relate(entity: Entity, related: Sequence[Related], by_id: dict[str, Entity],
            flavour: Flavour, links: list[Link], outside: dict[str, Entity],
            notes: list[str]) -> Entity:
    """`entity` with its non-ownership relationships as features; its ownership and control
    relationships appended to `links` (parties not on this list become unlisted parties)."""
    list_id = entity.list_id
    facts: list[Feature] = []
    for relation in related:
        other_id = f"{list_id}:{relation.uid}"
        listed = by_id.get(other_id)
        if listed is None and not relation.name:
            notes.append(f"{entity.id.split(':', 1)[1]}: relationship to entry "
                         f"{relation.uid}, which is not in the file and has no name; ignored")
            continue
        kind = " ".join(relation.kind.casefold().split())
        if kind not in _OWNED_BY and kind not in _OWNS:
            name = listed.name if listed is not None else relation.name
            facts.append(Feature(relation.kind, f"{name} (entry {relation.uid})"))
            continue
        if listed is None and relation.name:
            # Another list's entry (an SDN owner of a non-SDN entity): an unlisted party here,
            # kept by its entry number so that the same party is recognised elsewhere. Only an
            # ownership link makes one: a party no link reaches would be a node of nothing.
            other_id = f"{list_id}:linked-{relation.uid}"
            outside.setdefault(other_id, Entity(other_id, relation.name, list_id=list_id))
        source = f"{flavour.label}: {relation.kind}"
        if kind in _OWNED_BY:
            links.append(Link(other_id, entity.id, Relation.CONTROLS, None, source))
        else:
            links.append(Link(entity.id, other_id, Relation.CONTROLS, None, source))
    if not facts:
        return entity
    return dataclasses.replace(entity, features=(*entity.features, *facts))
