"""The owners-above and holdings-below view of one node, as the `owners` command shows it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sanctscreen.models import Entity
from sanctscreen.ownership.policy import OwnershipFinding, OwnershipPolicy
from sanctscreen.ownership.propagation import Edge


class Holdings(Protocol):
    """What a tree is drawn from: the ownership graph (graph.py builds trees of itself, so this
    module does not import it)."""

    policy: OwnershipPolicy

    def entity(self, entity_id: str) -> Entity: ...
    def owners_of(self, entity_id: str) -> Sequence[Edge]: ...
    def owned_by(self, entity_id: str) -> Sequence[Edge]: ...
    def findings(self, entity_id: str) -> list[OwnershipFinding]: ...


# A conglomerate can hold thousands of companies; a terminal tree beyond this says nothing more.
MAX_NODES = 500


@dataclass(frozen=True)
class TreeNode:
    """One party in the tree, with how it is linked to its parent node in the tree."""

    entity: Entity
    relation: str  # "owns" or "controls": the edge between this node and its tree parent
    share: float | None
    findings: tuple[OwnershipFinding, ...]  # why this party is restricted through ownership
    children: tuple[TreeNode, ...] = ()
    repeated: bool = False  # already on this branch (a cycle): not expanded again
    truncated: bool = False  # it has further links beyond the depth or size limit


@dataclass(frozen=True)
class OwnershipTree:
    root: Entity
    findings: tuple[OwnershipFinding, ...]
    owners: tuple[TreeNode, ...]  # who holds the root, and who holds them, upward
    owned: tuple[TreeNode, ...]  # what the root holds, downward
    as_of: date


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def build_tree(graph: Holdings, entity_id: str, depth: int) -> OwnershipTree:
    """Walk `depth` levels up and down from `entity_id`; cycles stop where they close."""
    budget = _Budget(MAX_NODES)
    up = _branch(graph, entity_id, depth, graph.owners_of, lambda e: e.owner,
                 frozenset({entity_id}), budget)
    down = _branch(graph, entity_id, depth, graph.owned_by, lambda e: e.owned,
                   frozenset({entity_id}), budget)
    return OwnershipTree(graph.entity(entity_id), tuple(graph.findings(entity_id)), up, down,
                         graph.policy.as_of)


def _branch(graph: Holdings, node: str, depth: int,
            edges: Callable[[str], Sequence[Edge]], other: Callable[[Edge], str],
            on_branch: frozenset[str], budget: _Budget) -> tuple[TreeNode, ...]:
    nodes = []
    for edge in sorted(edges(node), key=lambda e: (-(e.share or 0.0), other(e))):
        next_id = other(edge)
        if not budget.take():
            break
        item = graph.entity(next_id)
        findings = tuple(graph.findings(next_id))
        if next_id in on_branch:
            nodes.append(TreeNode(item, edge.relation, edge.share, findings, repeated=True))
            continue
        if depth <= 1:
            nodes.append(TreeNode(item, edge.relation, edge.share, findings,
                                  truncated=bool(edges(next_id))))
            continue
        children = _branch(graph, next_id, depth - 1, edges, other, on_branch | {next_id}, budget)
        nodes.append(TreeNode(item, edge.relation, edge.share, findings, children,
                              truncated=len(children) < len(edges(next_id))))
    return tuple(nodes)
