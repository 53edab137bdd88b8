"""One party, many listings: the entries of the loaded lists that name the same party, merged
into one on evidence (never on a name alone), with every designation, name and source kept.

Evidence, strongest first:
- the same OFAC entry number: OFAC numbers each party once across the SDN and Consolidated
  lists and all their formats (`ofac-sdn:17018` and `ofac-cons:17018` are Sberbank), and the
  trade.gov CSL rows that republish an OFAC entry carry its number;
- an explicit `same_as` (the seed list names the OFAC entry of each of its firms);
- a shared decisive identifier (ISIN, LEI, USCC, CUSIP; a ticker is not one): merged unless
  the two entries' names and countries both disagree, which is reported instead.
Two entries of the same list are never merged: a list numbers distinct listings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sanctscreen.models import Designation, Entity, EntityType, Link, ScreeningList

# Part of the compiled index's cache key: raise it when what is merged, or how, changes.
MERGE_FORMAT = 1
DECISIVE = ("isin", "lei", "uscc", "cusip")
# List formats whose entry ids end in OFAC's own entry numbers.
OFAC_FORMATS = frozenset({"ofac-csv", "ofac-xml", "ofac-enhanced", "ofac-advanced"})


@dataclass(frozen=True)
class Parties:
    """The loaded entries as parties: a merged party stands in place of its entries."""

    entities: tuple[Entity, ...]
    links: tuple[Link, ...]  # between parties
    members: Mapping[str, tuple[Entity, ...]] = field(default_factory=dict)  # party id -> entries
    party_of: Mapping[str, str] = field(default_factory=dict)  # merged entry id -> party id
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # party id -> why
    warnings: tuple[str, ...] = ()

    def party(self, entity_id: str) -> str:
        """The party an entry id belongs to (itself when it stands alone)."""
        return self.party_of.get(entity_id, entity_id)


def ofac_key(entity: Entity, fmt: str) -> str | None:
    """'ofac:<entry number>' for an entry of an OFAC list (also an unlisted party an OFAC
    relationship names by number, `ofac-cons:linked-4695`), else None."""
    if fmt not in OFAC_FORMATS:
        return None
    local = entity.id.split(":", 1)[-1].removeprefix("linked-")
    return f"ofac:{local}" if local.isdigit() else None


def _same_as_key(key: str) -> str:
    """`ofac-sdn:29159` and `ofac-cons:29159` name OFAC's entry 29159: 'ofac:29159'."""
    prefix, _, local = key.partition(":")
    if prefix in ("ofac-sdn", "ofac-cons") and local.isdigit():
        return f"ofac:{local}"
    return key


class _Groups:
    """Union-find over entry positions that never joins two entries of one list."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.parent = list(range(len(entities)))
        self.entities = entities
        self.lists: dict[int, set[str]] = {}  # the lists of a group that has grown, by root
        self.why: dict[int, list[str]] = {}

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, reason: str) -> bool:
        """Join the groups of a and b (the earlier one leads); False when they hold entries
        of the same list, or are one group already."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return False
        lists_a, lists_b = self._lists(ra), self._lists(rb)
        if lists_a & lists_b:
            return False
        lead, other = min(ra, rb), max(ra, rb)
        self.parent[other] = lead
        self.lists[lead] = lists_a | lists_b
        self.lists.pop(other, None)
        self.why.setdefault(lead, []).extend([*self.why.pop(other, []), reason])
        return True

    def _lists(self, root: int) -> set[str]:
        return self.lists.get(root) or {self.entities[root].list_id}


# The last merge, by the identity of the lists it was made of (kept alive with it): a run
# merges its lists once, whether for the ownership files' names or for the screen.
_last: tuple[tuple[ScreeningList, ...], Parties] | None = None


def merge(lists: Sequence[ScreeningList]) -> Parties:
    """The parties of `lists`, in load order; a merged party takes its first entry's id."""
    global _last
    if _last is not None and len(_last[0]) == len(lists) \
            and all(a is b for a, b in zip(_last[0], lists, strict=True)):
        return _last[1]
    parties = _merge(lists)
    _last = (tuple(lists), parties)
    return parties


def remember(lists: Sequence[ScreeningList], parties: Parties) -> None:
    """Take `parties` as the merge of `lists` (read back from the cache with them)."""
    global _last
    _last = (tuple(lists), parties)


def _merge(lists: Sequence[ScreeningList]) -> Parties:
    entities = [e for lst in lists for e in lst.entities]
    formats = {lst.info.id: lst.info.format for lst in lists}
    groups = _Groups(entities)
    _join_by_keys(entities, formats, groups)
    warnings = _join_by_identifiers(entities, groups)
    members: dict[int, list[int]] = {}
    for i in range(len(entities)):
        members.setdefault(groups.root(i), []).append(i)
    merged: dict[str, Entity] = {}
    party_of: dict[str, str] = {}
    parts: dict[str, tuple[Entity, ...]] = {}
    evidence: dict[str, tuple[str, ...]] = {}
    for lead, positions in members.items():
        if len(positions) < 2:
            continue
        group = [entities[i] for i in positions]
        party = combine(group)
        merged[party.id] = party
        parts[party.id] = tuple(group)
        evidence[party.id] = tuple(dict.fromkeys(groups.why.get(lead, [])))
        party_of.update((e.id, party.id) for e in group)
    if not merged:
        links = tuple(link for lst in lists for link in lst.links)
        return Parties(tuple(entities), links, warnings=tuple(warnings))
    kept = tuple(merged.get(party_of[e.id], e) if e.id in party_of else e for e in entities
                 if e.id not in party_of or party_of[e.id] == e.id)
    links = tuple(_repointed((link for lst in lists for link in lst.links), party_of))
    return Parties(kept, links, parts, party_of, evidence, tuple(warnings))


def _join_by_keys(entities: Sequence[Entity], formats: Mapping[str, str],
                  groups: _Groups) -> None:
    """Join entries that carry the same OFAC entry number or name each other in `same_as`."""
    first: dict[str, int] = {}
    for i, entity in enumerate(entities):
        own = ofac_key(entity, formats.get(entity.list_id, "")) or entity.id
        keys = (own, *(_same_as_key(k) for k in entity.same_as)) if entity.same_as else (own,)
        for key in keys:
            j = first.setdefault(key, i)
            if j != i:
                groups.join(j, i, f"OFAC entry {key[5:]}" if key.startswith("ofac:")
                            else f"same as {key}")


def _join_by_identifiers(entities: Sequence[Entity], groups: _Groups) -> list[str]:
    """Join entries of different lists that share a decisive identifier, unless their names
    and their countries both disagree (then say so instead)."""
    warnings: list[str] = []
    first: dict[tuple[str, str], int] = {}
    for i, entity in enumerate(entities):
        for identifier in entity.identifiers:
            if identifier.scheme not in DECISIVE:
                continue
            key = (identifier.scheme, identifier.value)
            if key not in first:
                first[key] = i
                continue
            other = entities[first[key]]
            if other.list_id == entity.list_id or groups.root(first[key]) == groups.root(i):
                continue
            if not (_names_agree(other, entity) or _countries_agree(other, entity)):
                warnings.append(
                    f"{other.id} ({other.name}) and {entity.id} ({entity.name}) share "
                    f"{identifier} but neither their names nor their countries agree; "
                    "not merged")
                continue
            groups.join(first[key], i, str(identifier))
    return warnings


def _distinctive(entity: Entity) -> set[str]:
    from sanctscreen.matching.normalise import Kind, tokens

    person = entity.type is EntityType.PERSON
    return {t.text for name in entity.names for t in tokens(name, person)
            if t.kind is Kind.DISTINCTIVE}


def _names_agree(a: Entity, b: Entity) -> bool:
    return bool(_distinctive(a) & _distinctive(b))


def _countries_agree(a: Entity, b: Entity) -> bool:
    return bool(set(a.countries) & set(b.countries))


def _unique(values: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    seen = {v.casefold() for v in exclude}
    kept: list[str] = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return tuple(kept)


def combine(group: Sequence[Entity]) -> Entity:
    """One party of `group`: the first entry's id and name; every entry's other names,
    designations, identifiers, countries, facts and `same_as`; the sources in order."""
    lead = group[0]
    kind = next((e.type for e in group if e.type is not EntityType.UNKNOWN), lead.type)
    aliases = _unique([n for e in group for n in e.names], exclude=[lead.name])
    weak = _unique([n for e in group for n in e.weak_aliases], exclude=[lead.name, *aliases])
    # One listing stated by two sources is one designation: the first source's wording of it,
    # with what it leaves out taken from the others.
    designations: dict[tuple[object, ...], Designation] = {}
    for entity in group:
        for d in entity.designations:
            key = (d.list_code, d.program, d.listed_on)
            known = designations.get(key)
            designations[key] = d if known is None else Designation(
                known.list_code, known.program, known.listed_on,
                known.legal_basis or d.legal_basis, known.source_url or d.source_url)
    return Entity(
        id=lead.id,
        name=lead.name,
        type=kind,
        list_id=lead.list_id,
        aliases=aliases,
        designations=tuple(designations.values()),
        identifiers=tuple(dict.fromkeys(i for e in group for i in e.identifiers)),
        countries=tuple(dict.fromkeys(c for e in group for c in e.countries)),
        remarks=lead.remarks,
        weak_aliases=weak,
        features=tuple(dict.fromkeys(f for e in group for f in e.features)),
        same_as=tuple(dict.fromkeys(k for e in group for k in e.same_as)),
        sources=tuple(e.id for e in group),
    )


def _repointed(links: Iterable[Link], party_of: Mapping[str, str]) -> Iterable[Link]:
    """Links between parties: an entry's links become its party's; links inside one party
    (an entry's tie to another entry of the same party) fall away."""
    for link in links:
        owner, owned = party_of.get(link.owner, link.owner), party_of.get(link.owned, link.owned)
        if owner == owned:
            continue
        if (owner, owned) == (link.owner, link.owned):
            yield link
        else:
            yield Link(owner, owned, link.relation, link.share, link.source)
