"""What changed between two versions of a list: entries added, removed, changed field by field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sanctscreen.models import Entity, Link, Relation, ScreeningList

# The fields compared, each as a set of strings so that a change reads "removed X, added Y".
FIELDS = ("name", "type", "aliases", "weak_aliases", "programs", "identifiers", "countries",
          "links")
_PASSIVE = {Relation.OWNS: "owned by", Relation.CONTROLS: "controlled by"}


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One entry present in both versions, with the values each changed field lost and gained."""

    id: str
    name: str
    changes: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]  # field -> (removed, added)


@dataclass(frozen=True)
class ListDiff:
    old: str
    new: str
    added: tuple[Entity, ...] = ()
    removed: tuple[Entity, ...] = ()
    changed: tuple[EntryChange, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for `lists diff --json`."""
        def brief(entity: Entity) -> dict[str, Any]:
            return {"id": _local(entity.id), "name": entity.name, "lists": list(entity.list_codes)}

        return {
            "old": self.old,
            "new": self.new,
            "added": [brief(e) for e in self.added],
            "removed": [brief(e) for e in self.removed],
            "changed": [
                {"id": c.id, "name": c.name,
                 "changes": {k: {"removed": list(r), "added": list(a)}
                             for k, (r, a) in c.changes.items()}}
                for c in self.changed
            ],
        }


def _local(entity_id: str) -> str:
    """The id within its list: versions of one list may be loaded under different list ids."""
    return entity_id.split(":", 1)[-1]


def _facets(entity: Entity, links: Mapping[str, list[str]]) -> dict[str, set[str]]:
    return {
        "name": {entity.name},
        "type": {entity.type.value},
        "aliases": set(entity.aliases),
        "weak_aliases": set(entity.weak_aliases),
        "programs": {f"{d.list_code} {d.program}" if d.program else d.list_code
                     for d in entity.designations},
        "identifiers": {str(i) for i in entity.identifiers},
        "countries": set(entity.countries),
        "links": set(links.get(entity.id, [])),
    }


def _link_texts(screening_list: ScreeningList) -> dict[str, list[str]]:
    """Each entity's links as text naming the other party, so ids from two loads compare."""
    names = {e.id: e.name for e in screening_list.entities}
    texts: dict[str, list[str]] = {}

    def describe(link: Link, other: str, verb: str) -> str:
        share = f" {link.share:g}%" if link.share is not None else ""
        return f"{verb} {names.get(other, _local(other))}{share}"

    for link in screening_list.links:
        passive = _PASSIVE.get(link.relation, f"{link.relation} by")
        texts.setdefault(link.owned, []).append(describe(link, link.owner, passive))
        texts.setdefault(link.owner, []).append(describe(link, link.owned, str(link.relation)))
    return texts


def diff_lists(old: ScreeningList, new: ScreeningList) -> ListDiff:
    """Entries of `new` not in `old`, entries of `old` gone from `new`, and changed entries.

    Only listed entries count; related parties appear through the links of listed ones.
    """
    before = {_local(e.id): e for e in old.entities if e.listed}
    after = {_local(e.id): e for e in new.entities if e.listed}
    old_links, new_links = _link_texts(old), _link_texts(new)
    changed: list[EntryChange] = []
    for key in sorted(before.keys() & after.keys(), key=lambda k: (len(k), k)):
        was, now = _facets(before[key], old_links), _facets(after[key], new_links)
        changes = {name: (tuple(sorted(was[name] - now[name])),
                          tuple(sorted(now[name] - was[name])))
                   for name in FIELDS if was[name] != now[name]}
        if changes:
            changed.append(EntryChange(key, after[key].name, changes))

    def ordered(keys: set[str], side: Mapping[str, Entity]) -> tuple[Entity, ...]:
        return tuple(side[k] for k in sorted(keys, key=lambda k: (len(k), k)))

    return ListDiff(old.info.id, new.info.id,
                    ordered(after.keys() - before.keys(), after),
                    ordered(before.keys() - after.keys(), before), tuple(changed))
