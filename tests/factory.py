"""Builders for tiny lists and input rows, so that tests state only what they are about."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

from sanctscreen.models import (
    Designation,
    Entity,
    EntityType,
    Identifier,
    Link,
    ListInfo,
    Relation,
    ScreeningList,
    Subject,
)


def entity(
    local_id: str,
    name: str,
    *,
    aliases: Sequence[str] = (),
    lists: Sequence[str] = ("NS-CMIC",),
    identifiers: Iterable[tuple[str, str]] = (),
    countries: Sequence[str] = ("CN",),
    type: EntityType = EntityType.ORGANIZATION,
    list_id: str = "test",
    listed_on: date | None = date(2021, 12, 16),
) -> Entity:
    """An entity on `lists` (pass `lists=()` for an unlisted related party)."""
    return Entity(
        id=f"{list_id}:{local_id}",
        name=name,
        type=type,
        list_id=list_id,
        aliases=tuple(aliases),
        designations=tuple(Designation(code, listed_on=listed_on) for code in lists),
        identifiers=tuple(Identifier(s, v) for s, v in identifiers),
        countries=tuple(countries),
    )


def link(owner: Entity, owned: Entity, share: float | None = None,
         relation: Relation = Relation.OWNS) -> Link:
    return Link(owner=owner.id, owned=owned.id, relation=relation, share=share, source="test")


def screening_list(entities: Sequence[Entity], links: Sequence[Link] = (),
                   list_id: str = "test", as_of: date | None = date(2025, 12, 19)) -> ScreeningList:
    digest = hashlib.sha256(repr(entities).encode()).hexdigest()
    info = ListInfo(list_id, f"Test list {list_id}", "tests", as_of,
                    sum(e.listed for e in entities), digest, "test")
    return ScreeningList(info, tuple(entities), tuple(links))


def subject(name: str | None, row: int = 2, *, identifiers: Iterable[tuple[str, str]] = (),
            country: str | None = None, file: str = "input.csv") -> Subject:
    return Subject(file=file, sheet=None, row=row, name=name,
                   identifiers=tuple(Identifier(s, v) for s, v in identifiers), country=country,
                   cells={"Name": name})
