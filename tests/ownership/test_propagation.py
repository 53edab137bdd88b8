"""Merging stated links into edges, and the fixed point over them."""

from __future__ import annotations

from collections import defaultdict

from sanctscreen.models import Link, Relation
from sanctscreen.ownership.propagation import (
    Edge,
    merge_links,
    spread,
    weight_influence,
    weight_known,
    weight_possible,
)


def test_merge_keeps_largest_share_and_both_relations() -> None:
    edges = merge_links([
        Link("a", "b", share=30, source="one"),
        Link("a", "b", share=45, source="two"),
        Link("a", "b", Relation.CONTROLS, source="two"),
        Link("c", "c", share=100),
    ])
    assert edges == [Edge("a", "b", 45, owns=True, controls=True, sources=("one", "two"))]


def test_merge_unknown_share_stays_unknown_until_a_source_states_one() -> None:
    [edge] = merge_links([Link("a", "b"), Link("a", "b")])
    assert edge.share is None and edge.owns and not edge.controls
    [edge] = merge_links([Link("a", "b"), Link("a", "b", share=20)])
    assert edge.share == 20


def test_weights() -> None:
    owned = Edge("a", "b", 30, owns=True, controls=False)
    unknown = Edge("a", "b", None, owns=True, controls=False)
    controlled = Edge("a", "b", None, owns=False, controls=True)
    assert [weight_known(e) for e in (owned, unknown, controlled)] == [30, 0, 0]
    assert [weight_possible(e) for e in (owned, unknown, controlled)] == [30, 100, 0]
    assert [weight_influence(e) for e in (owned, unknown, controlled)] == [30, 100, 100]


def _children(edges: list[Edge]) -> dict[str, list[Edge]]:
    children: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        children[edge.owner].append(edge)
    return children


def test_spread_records_depth_and_held_shares() -> None:
    edges = merge_links([Link("x", "a", share=50), Link("a", "b", share=50),
                         Link("x", "c", share=20)])
    result = spread({"x"}, _children(edges), weight_known, 50.0, 25)
    assert dict(result.depth) == {"x": 0, "a": 1, "b": 2}
    assert result.held["c"] == 20


def test_spread_terminates_on_cycles() -> None:
    edges = merge_links([Link("x", "a", share=100), Link("a", "b", share=100),
                         Link("b", "a", share=100)])
    result = spread({"x"}, _children(edges), weight_known, 50.0, 25)
    assert set(result.depth) == {"x", "a", "b"}


def _brute_force(seeds: set[str], edges: list[Edge], threshold: float) -> set[str]:
    """The fixed point by naive iteration: add every node whose members' stakes reach it."""
    members = set(seeds)
    while True:
        held: dict[str, float] = defaultdict(float)
        for edge in edges:
            if edge.owner in members:
                held[edge.owned] += weight_known(edge)
        grown = members | {node for node, total in held.items() if total >= threshold - 1e-9}
        if grown == members:
            return members
        members = grown


def test_spread_equals_naive_iteration_on_random_graphs() -> None:
    import random

    rng = random.Random(401)
    for _ in range(300):
        size = rng.randint(2, 12)
        links = [Link(f"n{rng.randrange(size)}", f"n{rng.randrange(size)}",
                      share=rng.choice((None, 10.0, 25.0, 30.0, 49.0, 50.0, 75.0, 100.0)))
                 for _ in range(rng.randint(1, 30))]
        edges = merge_links(links)
        seeds = {f"n{i}" for i in range(size) if rng.random() < 0.25}
        result = spread(seeds, _children(edges), weight_known, 50.0, max_depth=1000)
        assert set(result.depth) == _brute_force(seeds, edges, 50.0)
