"""The `owners` command: who holds a party, what it holds, and the rule that restricts each node."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.tree import Tree

from sanctscreen.cli.app import app, out, user_errors
from sanctscreen.errors import InputError
from sanctscreen.models import Entity, Link, ScreeningList, Status
from sanctscreen.ownership import (
    OwnershipFinding,
    OwnershipGraph,
    OwnershipPolicy,
    OwnershipTree,
    TreeNode,
    format_share,
    read_ownership_file,
)
from sanctscreen.ownership.userfile import USER_LIST_ID, slug

Resolver = Callable[[str], Entity | None]

_STYLE = {Status.HIT: "bold red", Status.REVIEW: "yellow"}


@app.command("owners")
@user_errors
def owners(
    name: Annotated[str, typer.Argument(
        help="A party's name, as listed or as in your ownership file.")],
    as_of: Annotated[datetime | None, typer.Option(
        "--as-of", formats=["%Y-%m-%d"],
        help="Screening date (YYYY-MM-DD); decides dated rules such as the BIS Affiliates Rule. "
             "Default: today.")] = None,
    max_depth: Annotated[int, typer.Option(
        "--max-depth", min=1, help="How many ownership levels to follow up and down.")] = 25,
    ownership: Annotated[list[Path] | None, typer.Option(
        "--ownership", help="Your own owners.csv/.xlsx (owner, owned, share, relation); "
                            "repeatable.")] = None,
) -> None:
    """Show who owns NAME and what NAME owns, with shares, lists and the rule behind each flag."""
    policy = OwnershipPolicy(as_of=as_of.date() if as_of else date.today(), max_depth=max_depth)
    lists = _load_lists()
    entities = [item for screening_list in lists for item in screening_list.entities]
    links: list[Link] = [edge for screening_list in lists for edge in screening_list.links]
    resolve = _resolver(entities)
    for path in ownership or ():
        extra_entities, extra_links = read_ownership_file(path, resolve)
        entities.extend(extra_entities)
        links.extend(extra_links)
    graph = OwnershipGraph(entities, links, policy)
    target = find_party(name, resolve, graph)
    out.print(render_tree(graph.tree(target.id, depth=max_depth)))


def find_party(name: str, resolve: Resolver, graph: OwnershipGraph) -> Entity:
    """The entity NAME resolves to, or the node an ownership file made for it."""
    found = resolve(name)
    if found is not None:
        return found
    node_id = f"{USER_LIST_ID}:{slug(name)}"
    if node_id in graph:
        return graph.entity(node_id)
    raise InputError(f"no listed or related party matches {name!r}",
                     hint="check the spelling, or add the party with --ownership")


def _load_lists() -> Sequence[ScreeningList]:
    from sanctscreen.lists import load_lists

    return load_lists()


def _resolver(entities: Sequence[Entity]) -> Resolver:
    """Resolve names with the matcher, accepting only candidates scored as a hit.

    A review-grade candidate would silently graft a user's subsidiary onto a listed company.
    """
    from sanctscreen.matching import Matcher
    from sanctscreen.matching.interface import DEFAULT_HIT

    matcher = Matcher(entities)

    def resolve(name: str) -> Entity | None:
        candidates = matcher.match(name)
        if candidates and candidates[0].score >= DEFAULT_HIT:
            entity: Entity = candidates[0].entity
            return entity
        return None

    return resolve


def render_tree(tree: OwnershipTree) -> Tree:
    """A Rich tree: the party, then `owned by` (upward) and `owns` (downward) branches."""
    root = Tree(_label(tree.root, tree.findings, None, bold=True))
    for finding in tree.findings:
        root.add(f"[dim]why: {escape(finding.explanation)}[/]")
    if tree.owners:
        _add(root.add("[dim]owned by[/]"), tree.owners)
    if tree.owned:
        _add(root.add("[dim]owns[/]"), tree.owned)
    if not tree.owners and not tree.owned:
        root.add("[dim]no ownership links known[/]")
    root.add(f"[dim]rules as of {tree.as_of.isoformat()}[/]")
    return root


def _add(branch: Tree, nodes: Sequence[TreeNode]) -> None:
    for node in nodes:
        child = branch.add(_label(node.entity, node.findings, node))
        if node.repeated:
            child.add("[dim]… cycle: already shown on this branch[/]")
        elif node.children:
            _add(child, node.children)
        elif node.truncated:
            child.add("[dim]… more beyond --max-depth[/]")


def _label(entity: Entity, findings: Sequence[OwnershipFinding], node: TreeNode | None,
           *, bold: bool = False) -> str:
    name = f"[bold]{escape(entity.name)}[/]" if bold else escape(entity.name)
    parts = []
    if node is not None:
        parts.append("controls" if node.relation == "controls" else format_share(node.share))
    parts.append(name)
    if entity.listed:
        parts.append(f"[bold red]\\[listed: {escape(', '.join(entity.list_codes))}][/]")
    if findings:
        top = findings[0]
        style = _STYLE.get(top.status, "")
        owner = escape(top.owner.name)
        parts.append(f"[{style}]{top.status.value.upper()} {top.rule} via {owner}[/]")
        if len(findings) > 1:
            parts.append(f"[dim](+{len(findings) - 1} more)[/]")
    return " ".join(parts)
