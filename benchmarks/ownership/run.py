"""Time the ownership graph on a synthetic 100 000-link corporate forest and print the figures.

Run: .venv/bin/python benchmarks/ownership/run.py [--links N] [--queries N] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sanctscreen.models import Designation, Entity, Link, Relation
from sanctscreen.ownership import OwnershipGraph, OwnershipPolicy

T = TypeVar("T")
LIST_CODES = ("SDN", "NS-CMIC", "EL", "SSI", "DPL")


def synthetic(links: int, rng: random.Random) -> tuple[list[Entity], list[Link]]:
    """Groups of companies under holding parents, 1 % of them listed, with realistic mess:

    mostly majority stakes, some minority and unknown shares, some control-only links, a few
    cross-holdings that close cycles.
    """
    nodes = int(links * 0.7)
    entities = []
    for i in range(nodes):
        listed = rng.random() < 0.01
        designations = (Designation(rng.choice(LIST_CODES)),) if listed else ()
        entities.append(Entity(id=f"bench:{i}", name=f"Company {i}", designations=designations))
    made: list[Link] = []
    for _ in range(links):
        owned = rng.randrange(1, nodes)
        # Owners mostly sit "above" (lower index) so the graph is deep; 2 % point back (cycles).
        owner = rng.randrange(0, owned) if rng.random() > 0.02 else rng.randrange(owned, nodes)
        roll = rng.random()
        if roll < 0.05:
            made.append(Link(f"bench:{owner}", f"bench:{owned}", Relation.CONTROLS))
            continue
        share = None if roll < 0.15 else rng.choice((100.0, 75.0, 51.0, 50.0, 30.0, 25.0, 10.0))
        made.append(Link(f"bench:{owner}", f"bench:{owned}", share=share, source="bench"))
    return entities, made


def timed(label: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    print(f"{label:<50} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    entities, links = timed(f"build {args.links} synthetic links",
                            lambda: synthetic(args.links, rng))
    policy = OwnershipPolicy(as_of=date(2026, 11, 22))
    graph = timed("OwnershipGraph(...)", lambda: OwnershipGraph(entities, links, policy))
    first = timed("first findings() (all fixed points)", lambda: graph.findings(entities[-1].id))
    ids = [e.id for e in rng.sample(entities, min(args.queries, len(entities)))]
    results = timed(f"findings() for {len(ids)} random nodes",
                    lambda: [graph.findings(i) for i in ids])
    flagged = sum(1 for r in results if r)
    hits = sum(1 for r in results if r and r[0].status.value == "hit")
    timed("tree() of one listed node, depth 5",
          lambda: graph.tree(next(e.id for e in entities if e.listed), depth=5))
    print(f"entities {len(entities)}, links {len(links)}, first query findings {len(first)}")
    print(f"of {len(ids)} queried nodes: {flagged} flagged, {hits} with a hit")
    # Worst case for the fixed points: every stake is 100 %, so status reaches most of the graph.
    full = [Link(lk.owner, lk.owned, lk.relation, 100.0 if lk.share is not None else None)
            for lk in links]
    dense = timed("worst case: OwnershipGraph(...) all 100 %",
                  lambda: OwnershipGraph(entities, full, policy))
    timed("worst case: first findings() (all fixed points)",
          lambda: dense.findings(entities[-1].id))
    dense_results = timed(f"worst case: findings() for {len(ids)} nodes",
                          lambda: [dense.findings(i) for i in ids])
    print(f"worst case: {sum(1 for r in dense_results if r)} of {len(ids)} flagged")


if __name__ == "__main__":
    main()
