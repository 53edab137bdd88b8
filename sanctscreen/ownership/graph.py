"""The ownership graph: which listed parties stand above a node, by which rule, on which chain."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from sanctscreen.models import SEVERITY, Designation, Entity, Link, PathStep
from sanctscreen.ownership.paths import format_share
from sanctscreen.ownership.policy import OwnershipFinding, OwnershipPolicy
from sanctscreen.ownership.propagation import (
    EPSILON,
    Edge,
    Spread,
    Weight,
    merge_links,
    spread,
    weight_influence,
    weight_known,
    weight_possible,
)
from sanctscreen.ownership.regimes import GENERIC_RULES, RULE_BRIEFS, RULES, Tier, Verdict
from sanctscreen.ownership.tree import OwnershipTree, build_tree
from sanctscreen.programs import BIS_SDN_PROGRAMS, Regime, kind_of
from sanctscreen.purposes import Consequence, Effect, graded, strongest


@dataclass(frozen=True)
class _RegimeState:
    """The three fixed points of one regime: stated ownership, possible ownership, influence."""

    seeds: frozenset[str]
    known: Spread
    possible: Spread
    influence: Spread

    def support(self, tier: Tier) -> tuple[Spread, Weight]:
        """The member set and edge weight whose edges explain a node of `tier`."""
        if tier is Tier.SHARE_UNKNOWN:
            return self.possible, weight_possible
        if tier is Tier.CONTROLLED:
            return self.influence, weight_influence
        return self.known, weight_known


class OwnershipGraph:
    """Entities and links of every loaded list (and user files), read under one policy.

    The per-regime fixed points are computed on first use and kept, so screening many rows
    against the same graph costs one pass over the links per regime.
    """

    def __init__(self, entities: Iterable[Entity], links: Iterable[Link],
                 policy: OwnershipPolicy) -> None:
        self.policy = policy
        self._entities: dict[str, Entity] = {}
        for item in entities:
            self._entities.setdefault(item.id, item)  # the first loaded list wins on duplicates
        self._children: dict[str, list[Edge]] = defaultdict(list)
        self._parents: dict[str, list[Edge]] = defaultdict(list)
        for edge in merge_links(links):
            self._children[edge.owner].append(edge)
            self._parents[edge.owned].append(edge)
        self._seeds: dict[Regime, set[str]] = defaultdict(set)
        for item in self._entities.values():
            for designation in item.designations:
                self._seeds[kind_of(designation.list_code).regime].add(item.id)
                if designation.list_code == "SDN" and designation.program in BIS_SDN_PROGRAMS:
                    # 15 CFR 744.8(a)(1): the EAR treats these SDNs like Entity List parties.
                    self._seeds[Regime.BIS_AFFILIATES].add(item.id)
        self._states: dict[Regime, _RegimeState] = {}
        # Screens meet the same matched entity on many rows; its findings never change.
        self._findings: dict[str, tuple[OwnershipFinding, ...]] = {}

    # -- lookups used by the tree and the CLI --------------------------------------------------
    def entity(self, entity_id: str) -> Entity:
        """The entity for an id; ids only named by links become bare nodes named by their id."""
        found = self._entities.get(entity_id)
        if found is None:
            list_id = entity_id.split(":", 1)[0] if ":" in entity_id else ""
            found = Entity(id=entity_id, name=entity_id, list_id=list_id)
        return found

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities or entity_id in self._children \
            or entity_id in self._parents

    def owners_of(self, entity_id: str) -> Sequence[Edge]:
        return self._parents.get(entity_id, ())

    def owned_by(self, entity_id: str) -> Sequence[Edge]:
        return self._children.get(entity_id, ())

    # -- findings ------------------------------------------------------------------------------
    def findings(self, entity_id: str) -> list[OwnershipFinding]:
        """Every listed owner whose rule reaches `entity_id`, most severe first, one per owner."""
        cached = self._findings.get(entity_id)
        if cached is None:
            found: list[OwnershipFinding] = []
            for regime in sorted(self._seeds):
                if entity_id in self._seeds[regime]:
                    continue  # listed itself under this regime: a direct match, not ownership
                found.extend(self._regime_findings(entity_id, regime))
            cached = self._findings[entity_id] = tuple(_one_per_owner(found))
        return list(cached)  # a fresh list: callers may sort or extend it

    def tree(self, entity_id: str, depth: int | None = None) -> OwnershipTree:
        """Owners above and holdings below `entity_id`, each node with its findings."""
        return build_tree(self, entity_id, self.policy.max_depth if depth is None else depth)

    def _state(self, regime: Regime) -> _RegimeState:
        state = self._states.get(regime)
        if state is None:
            seeds = frozenset(self._seeds[regime])
            threshold, depth = self.policy.sdn_threshold, self.policy.max_depth
            state = _RegimeState(
                seeds,
                spread(seeds, self._children, weight_known, threshold, depth),
                spread(seeds, self._children, weight_possible, threshold, depth),
                spread(seeds, self._children, weight_influence, threshold, depth),
            )
            self._states[regime] = state
        return state

    def _tier(self, entity_id: str, state: _RegimeState) -> Tier | None:
        if entity_id in state.known.depth:
            return Tier.OWNED
        if entity_id in state.possible.depth:
            return Tier.SHARE_UNKNOWN
        if entity_id in state.influence.depth:
            return Tier.CONTROLLED
        minority = self.policy.minority_review_share
        if minority is not None and state.known.held.get(entity_id, 0.0) >= minority - EPSILON:
            return Tier.MINORITY
        return None

    def _regime_findings(self, entity_id: str, regime: Regime) -> list[OwnershipFinding]:
        state = self._state(regime)
        tier = self._tier(entity_id, state)
        if tier is None:
            return []
        verdict = RULES[regime].verdict(tier, self.policy)
        if verdict is None:
            return []
        members, weight = state.support(tier)
        chains = self._chains(entity_id, members.depth, weight, state.seeds)
        holders = [e for e in self.owners_of(entity_id)
                   if e.owner in members.depth and weight(e) > 0]
        effective = sum(weight_known(e) for e in holders) \
            if tier in (Tier.OWNED, Tier.MINORITY) else None
        shares_unknown = tier is Tier.SHARE_UNKNOWN
        findings = []
        for owner_id, path in chains.items():
            owner = self.entity(owner_id)
            meant = self._consequence(owner, regime)
            findings.append(OwnershipFinding(
                owner=owner, path=path, status=graded(verdict.status, meant.effect),
                rule=verdict.rule, effective_share=effective,
                explanation=self._explain(verdict, holders, effective, state.seeds, path,
                                          shares_unknown),
                consequence=meant.text))
        return findings

    def _consequence(self, owner: Entity, regime: Regime) -> Consequence:
        """What the owner's listings under `regime` mean for the screen's purpose."""
        designations = [d for d in owner.designations
                        if kind_of(d.list_code).regime is regime]
        if regime is Regime.BIS_AFFILIATES and not designations:
            # An SDN of a 15 CFR 744.8(a)(1) program: the export rule of the Entity List.
            designations = [Designation("EL")]
        policy = self.policy
        found = strongest(designations, policy.purpose, policy.as_of, owner.features)
        return found or Consequence("", Effect.PROHIBITED, "")

    def _chains(self, start: str, members: Mapping[str, int], weight: Weight,
                seeds: frozenset[str]) -> dict[str, tuple[PathStep, ...]]:
        """The shortest chain from `start` up to each listed owner, over the edges that count.

        Breadth-first, so each owner is reached by its shortest chain; parents are visited by
        descending weight then id, so ties resolve the same way on every run. The walk stops at a
        listed owner: what stands above it does not change that it is listed.
        """
        came_by: dict[str, Edge | None] = {start: None}
        level = {start: 0}
        queue = deque([start])
        reached: list[str] = []
        while queue:
            node = queue.popleft()
            if node != start and node in seeds:
                reached.append(node)
                continue
            if level[node] >= self.policy.max_depth:
                continue
            parents = sorted(self.owners_of(node), key=lambda e: (-weight(e), e.owner))
            for edge in parents:
                if edge.owner in members and edge.owner not in came_by and weight(edge) > 0:
                    came_by[edge.owner] = edge
                    level[edge.owner] = level[node] + 1
                    queue.append(edge.owner)
        return {owner: self._path(owner, came_by) for owner in reached}

    def _path(self, top: str, came_by: Mapping[str, Edge | None]) -> tuple[PathStep, ...]:
        steps: list[PathStep] = []
        node: str = top
        edge = came_by[node]
        while edge is not None:
            steps.append(self._step(node, edge.relation, edge.share))
            node = edge.owned
            edge = came_by[node]
        steps.append(self._step(node, "", None))
        return tuple(reversed(steps))

    def _step(self, entity_id: str, relation: str, share: float | None) -> PathStep:
        item = self.entity(entity_id)
        return PathStep(item.id, item.name, relation, share, item.list_codes)

    def _explain(self, verdict: Verdict, holders: Sequence[Edge], effective: float | None,
                 seeds: frozenset[str], path: Sequence[PathStep], shares_unknown: bool) -> str:
        """Who holds the node and what that means, in words: "100 % owned by Dawning
        Information Industry Co., Ltd. [EL, NS-CMIC]: restricted as an affiliate: … (rule
        bis-affiliates)". The chain itself travels as the match's path."""
        top = path[-1] if path else None
        parts = []
        for edge in holders:
            owner = self.entity(edge.owner)
            if edge.owner in seeds:
                listed = f" [{', '.join(owner.list_codes)}]"
            elif top is not None:
                listed = f", itself held by {top.entity_name} [{', '.join(top.lists)}]"
            else:
                listed = ""
            parts.append((edge, owner.name, listed))
        if len(parts) == 1:
            edge, name, listed = parts[0]
            how = ("controlled by" if not edge.owns else "owned (share not stated) by"
                   if edge.share is None else f"{format_share(edge.share)} owned by")
            held = f"{how} {name}{listed}"
        else:
            named = [f"{name} {_holding(edge)}{listed}" for edge, name, listed in parts]
            held = "held by " + ", ".join(named[:-1]) + " and " + named[-1]
            if effective is not None:
                held += f", together {format_share(effective)}"
        if shares_unknown:
            held += f" (stated shares {format_share(sum(weight_known(e) for e in holders))})"
        return f"{held}: {verdict.reason} (rule {verdict.rule})"


def _holding(edge: Edge) -> str:
    if not edge.owns:
        return "(control)"
    return "(share not stated)" if edge.share is None else format_share(edge.share)


# Of two rules of equal weight that reach a node through one owner, the one named first: an
# SDN's subsidiary is blocked under OFAC's 50 Percent Rule, and the export rule that also
# reaches it (15 CFR 744.8, the Affiliates Rule) is named beside it.
_PRECEDENCE = {"ofac-50-percent": 0}


def _one_per_owner(found: list[OwnershipFinding]) -> list[OwnershipFinding]:
    """Most severe first, one finding per listed owner; other rules it brings are named.

    An owner on two lists (SDN and NS-CMIC, EL and NS-CMIC) reaches a node under two rules; the
    report shows one match per owner, so the weaker rules are added to the explanation.
    """
    found = sorted(found, key=lambda f: (-SEVERITY[f.status], f.rule in GENERIC_RULES,
                                         f.owner.id, _PRECEDENCE.get(f.rule, 1), f.rule))
    kept: dict[str, OwnershipFinding] = {}
    others: dict[str, list[str]] = defaultdict(list)
    for finding in found:
        if finding.owner.id in kept:
            brief = RULE_BRIEFS.get(finding.rule, finding.rule)
            others[finding.owner.id].append(
                f"{brief}, {finding.status.value} (rule {finding.rule})")
        else:
            kept[finding.owner.id] = finding
    result = [
        replace(f, explanation=f"{f.explanation}; also {'; '.join(others[key])}")
        if others[key] else f
        for key, f in kept.items()
    ]
    return sorted(result, key=lambda f: (-SEVERITY[f.status], f.rule in GENERIC_RULES,
                                         f.rule, f.owner.id))
