"""The small, immutable records that flow through a screen: lists, entities, input rows, matches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")


def _pickled_as_a_call(cls: type[T]) -> type[T]:
    """Pickle instances of a frozen slots dataclass as a call of the class with its fields.

    The compiled lists hold tens of thousands of these, unpickled on every `lookup` and
    `check`. Through dataclasses' own __setstate__ each costs a Python loop over its fields;
    as a call of the class, its __init__ (see benchmarks/README.md for what it buys).
    """
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: T) -> tuple[Callable[..., T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


class EntityType(StrEnum):
    """What kind of party a list entry is."""

    ORGANIZATION = "organization"
    GOVERNMENT = "government"  # public bodies such as a Public Security Bureau
    PERSON = "person"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """The outcome for one input row, ordered from most to least severe by `SEVERITY`."""

    HIT = "hit"
    REVIEW = "review"
    CLEARED = "cleared"  # a reviewed decision cleared every match of the row
    # Listed, but the listing has no consequence for the screen's purpose (an Entity List
    # company in a fund's holdings): reported with why, never failing the gate.
    NOTED = "noted"
    CLEAR = "clear"
    SKIPPED = "skipped"


# Higher is worse; used to pick a row's status from its matches and to sort reports.
SEVERITY: Mapping[Status, int] = MappingProxyType(
    {Status.HIT: 5, Status.REVIEW: 4, Status.CLEARED: 3, Status.NOTED: 2, Status.SKIPPED: 1,
     Status.CLEAR: 0}
)


class MatchType(StrEnum):
    NAME = "name"
    IDENTIFIER = "identifier"
    OWNERSHIP = "ownership"


class Relation(StrEnum):
    """How an owner holds what it owns. `parent`/`subsidiary` in user files become OWNS."""

    OWNS = "owns"
    CONTROLS = "controls"


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Identifier:
    """A typed identifier; `value` is normalised (upper case, no blanks) by its producer."""

    scheme: str  # "isin", "lei", "ticker", "uscc", "cusip", ...
    value: str

    def __str__(self) -> str:
        return f"{self.scheme.upper()} {self.value}"


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Designation:
    """One listing of an entity: which list, which program, when and on what legal basis."""

    list_code: str  # a code from sanctscreen.programs.LISTS: "SDN", "NS-CMIC", "EL", ...
    program: str | None = None  # the publisher's program tag, e.g. "CMIC-EO13959", "GLOMAG"
    listed_on: date | None = None
    legal_basis: str | None = None
    source_url: str | None = None


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Feature:
    """A fact a list states about an entity besides its names, identifiers and designations:
    a website, an address, a registration number, a dated event such as a divestment date."""

    label: str  # as the publisher labels it: "Website", "Effective Date (CMIC)", "Tax ID No."
    value: str  # as published; a date the publisher also gives parsed is written YYYY-MM-DD


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Entity:
    """A party known to a list. Entities without designations are related parties (graph nodes)."""

    id: str  # unique across all loaded lists: "<list id>:<id within the list>"
    name: str
    type: EntityType = EntityType.ORGANIZATION
    list_id: str = ""
    aliases: tuple[str, ...] = ()
    designations: tuple[Designation, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, upper case
    remarks: str | None = None
    # OFAC's weak a.k.a.s: broad or generic aliases (nicknames, common acronyms) OFAC does
    # not expect to be screened on their own (FAQs 122-124); see matching.WeakAliases.
    weak_aliases: tuple[str, ...] = ()
    features: tuple[Feature, ...] = ()
    # Other lists' entries this entry says it is ("ofac:33091": OFAC's entry 33091 in any
    # OFAC list); evidence for merging them into one party (sanctscreen.parties).
    same_as: tuple[str, ...] = ()
    # A party merged from several lists' entries: their ids, this one's first. Empty for an
    # entry that stands alone.
    sources: tuple[str, ...] = ()

    @property
    def listed(self) -> bool:
        return bool(self.designations)

    @property
    def list_codes(self) -> tuple[str, ...]:
        return tuple(sorted({d.list_code for d in self.designations}))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Link:
    """An ownership or control edge `owner -> owned`, as stated by `source`."""

    owner: str  # entity id
    owned: str  # entity id
    relation: Relation = Relation.OWNS
    share: float | None = None  # percent 0-100; None when the source does not say
    source: str = ""


@dataclass(frozen=True, slots=True)
class ListInfo:
    """What a report records about a list so that a screen can be reproduced."""

    id: str
    name: str
    source: str  # publisher and URL, or the local path it was imported from
    as_of: date | None
    entries: int
    sha256: str  # of the source file(s) as read
    format: str  # the loader NAME


@dataclass(frozen=True)
class ScreeningList:
    """A loaded list: its metadata, entities (listed and related), links, and load warnings."""

    info: ListInfo
    entities: tuple[Entity, ...]
    links: tuple[Link, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Subject:
    """One input row to screen. `row` is what a person sees: spreadsheet row or CSV line."""

    file: str
    sheet: str | None
    row: int
    name: str | None
    identifiers: tuple[Identifier, ...] = ()
    country: str | None = None
    cells: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    skip_reason: str | None = None


@dataclass(frozen=True, slots=True)
class PathStep:
    """One node on an ownership path, read from the screened company up to the listed owner."""

    entity_id: str
    entity_name: str
    relation: str  # how this node holds the previous one: "owns", "controls"; "" for the first
    share: float | None
    lists: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One list entry merged into a party, with its own fingerprint: a decision made against
    the entry before the lists were merged still applies while the entry is unchanged."""

    entity_id: str  # "ofac-cons:33111"
    version: str


@dataclass(frozen=True, slots=True)
class Match:
    """Why a row was flagged against one listed entity (a party of one or more list entries)."""

    entity_id: str
    entity_name: str
    lists: tuple[str, ...]
    score: float
    matched_name: str
    match_type: MatchType
    status: Status
    explanation: str
    path: tuple[PathStep, ...] = ()
    entity_version: str = ""  # fingerprint of the list entry; a decision re-opens when it changes
    decision: str | None = None  # the note of a reviewed decision that cleared this match
    # The list entries merged into the party, when there are several (see SourceEntry).
    sources: tuple[SourceEntry, ...] = ()
    # What the listing means for the screen's purpose, in one sentence with its legal source.
    consequence: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome for one input row."""

    subject: Subject
    status: Status
    matches: tuple[Match, ...] = ()
    reason: str | None = None
    change: str | None = None  # with --since: "new", "changed" or "resolved"


@dataclass(frozen=True)
class Summary:
    rows: int = 0
    hits: int = 0
    reviews: int = 0
    clear: int = 0
    skipped: int = 0
    cleared: int = 0
    noted: int = 0
    # Per list code, how many rows it makes a hit, a review or noted (a row counts once per
    # list of its best match per party); empty when nothing is flagged.
    by_list: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, results: Iterable[Result]) -> Summary:
        counts = {status: 0 for status in Status}
        by_list: dict[str, dict[str, int]] = {}
        rows = 0
        for result in results:
            counts[result.status] += 1
            rows += 1
            _count_lists(result, by_list)
        return cls(
            rows=rows,
            hits=counts[Status.HIT],
            reviews=counts[Status.REVIEW],
            clear=counts[Status.CLEAR],
            skipped=counts[Status.SKIPPED],
            cleared=counts[Status.CLEARED],
            noted=counts[Status.NOTED],
            by_list={code: dict(sorted(c.items())) for code, c in sorted(by_list.items())},
        )


def _count_lists(result: Result, by_list: dict[str, dict[str, int]]) -> None:
    """Count the row once per list and status among its matches."""
    seen: set[tuple[str, Status]] = set()
    for match in result.matches:
        if match.status in (Status.HIT, Status.REVIEW, Status.NOTED):
            for code in match.lists:
                if (code, match.status) not in seen:
                    seen.add((code, match.status))
                    bucket = by_list.setdefault(code, {})
                    bucket[match.status.value] = bucket.get(match.status.value, 0) + 1


@dataclass(frozen=True)
class Report:
    """Everything a report format needs: the run's provenance and every row's result."""

    version: str
    generated_at: str  # ISO 8601, UTC
    lists: tuple[ListInfo, ...]
    inputs: tuple[str, ...]
    options: Mapping[str, Any]
    results: tuple[Result, ...]  # the rows the report lists: flagged (all with include_clear)
    summary: Summary  # counts over every row screened, listed or not
    include_clear: bool = False
    # Everything the run warned about (list load warnings, old lists, sheets not screened,
    # names truncated, unused decisions), each once: a filed report must not look cleaner
    # than the run was. The terminal shows only the first few; the report keeps them all.
    warnings: tuple[str, ...] = ()

    @property
    def reported(self) -> tuple[Result, ...]:
        """The rows a report lists: every non-clear row, or all rows with --include-clear."""
        if self.include_clear:
            return self.results
        return tuple(r for r in self.results if r.status is not Status.CLEAR or r.change)
