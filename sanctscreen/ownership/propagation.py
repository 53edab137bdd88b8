"""Ownership edges between two parties, and the fixed point that spreads restricted status downward.

OFAC's 50 Percent Rule (Revised Guidance on Entities Owned by Persons Whose Property and Interests
in Property Are Blocked, 13 Aug 2014; FAQs 398, 399, 401) and the BIS Affiliates Rule (90 FR 47201)
share one computation: an entity is restricted when the shares held *directly* by restricted
owners add up to the threshold, and an entity restricted that way is itself a restricted owner one
level further down. Shares are summed, never multiplied along a chain (FAQ 401, examples 1-3).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sanctscreen.models import Link, Relation

FULL = 100.0
# Shares come from spreadsheets as floats: 30.1 + 19.9 must still reach 50.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Edge:
    """Everything the sources say about how `owner` holds `owned`, merged into one edge."""

    owner: str
    owned: str
    share: float | None  # the largest stated share; None when no source states one
    owns: bool
    controls: bool
    sources: tuple[str, ...] = ()

    @property
    def relation(self) -> str:
        return Relation.OWNS.value if self.owns else Relation.CONTROLS.value


def merge_links(links: Iterable[Link]) -> list[Edge]:
    """One Edge per (owner, owned) pair, in a stable order.

    Two sources stating a stake in the same pair describe the same shares, so they are not added:
    the largest stated share is kept (the cautious reading). Self-ownership is dropped - treasury
    shares neither block nor unblock anyone.
    """
    merged: dict[tuple[str, str], Edge] = {}
    for link in links:
        if link.owner == link.owned:
            continue
        key = (link.owner, link.owned)
        owns = link.relation is Relation.OWNS
        share = link.share if owns else None
        old = merged.get(key)
        if old is not None:
            shares = [s for s in (old.share, share) if s is not None]
            sources = old.sources if link.source in old.sources or not link.source \
                else (*old.sources, link.source)
            merged[key] = Edge(link.owner, link.owned, max(shares) if shares else None,
                               old.owns or owns, old.controls or not owns, sources)
        else:
            merged[key] = Edge(link.owner, link.owned, share, owns, not owns,
                               (link.source,) if link.source else ())
    return sorted(merged.values(), key=lambda e: (e.owned, e.owner))


Weight = Callable[[Edge], float]


def weight_known(edge: Edge) -> float:
    """Only stated ownership counts: the lower bound, which decides hits."""
    return edge.share if edge.owns and edge.share is not None else 0.0


def weight_possible(edge: Edge) -> float:
    """An unstated share could be everything: the upper bound, which decides "share unknown"."""
    if not edge.owns:
        return 0.0
    return edge.share if edge.share is not None else FULL


def weight_influence(edge: Edge) -> float:
    """Control counts as full ownership: who could be steered by a restricted party at all."""
    return FULL if edge.controls else weight_possible(edge)


class Depths(Mapping[str, int]):
    """The members of a fixed point and the depth each was reached at: the seeds, at 0, as
    given (not copied: the OFAC regime alone has 15 000), and the nodes reached from them."""

    __slots__ = ("_reached", "_seeds")

    def __init__(self, seeds: frozenset[str], reached: dict[str, int]) -> None:
        self._seeds = seeds
        self._reached = reached  # holds no seed

    def __getitem__(self, node: str) -> int:
        found = self._reached.get(node)
        if found is not None:
            return found
        if node in self._seeds:
            return 0
        raise KeyError(node)

    def __contains__(self, node: object) -> bool:
        return node in self._reached or node in self._seeds

    def __iter__(self) -> Iterator[str]:
        yield from self._seeds
        yield from self._reached

    def __len__(self) -> int:
        return len(self._seeds) + len(self._reached)


@dataclass(frozen=True)
class Spread:
    """The result of one fixed point: members with the depth they were reached at, and sums."""

    depth: Mapping[str, int]  # seeds at 0
    held: Mapping[str, float]  # per node, the summed weight of edges from members


def spread(seeds: Iterable[str], children: Mapping[str, Sequence[Edge]], weight: Weight,
           threshold: float, max_depth: int) -> Spread:
    """The least fixed point of "restricted owners hold `threshold` or more of it".

    A worklist visits each member once and each of its outgoing edges once, so the cost is linear
    in the graph and cycles terminate (membership only grows). A node joins at one level below
    the owner whose stake took it over the threshold; members at `max_depth` do not pass status on.
    """
    seeded = seeds if isinstance(seeds, frozenset) else frozenset(seeds)
    reached: dict[str, int] = {}
    held: dict[str, float] = defaultdict(float)
    # A seed that holds nothing passes nothing on: only the others are visited, in a stable
    # order (thousands of listed parties own nothing known; copying and sorting them all cost
    # a new process 60 ms before its first screen).
    queue = deque(sorted(seeded.intersection(children)))
    while queue:
        node = queue.popleft()
        level = reached.get(node, 0)
        if level >= max_depth:
            continue
        for edge in children.get(node, ()):
            amount = weight(edge)
            if amount <= 0:
                continue
            owned = edge.owned
            held[owned] += amount
            if (owned not in reached and owned not in seeded
                    and held[owned] >= threshold - EPSILON):
                reached[owned] = level + 1
                queue.append(owned)
    return Spread(Depths(seeded, reached), dict(held))
