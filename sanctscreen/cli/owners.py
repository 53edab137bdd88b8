"""The `owners` command: who holds a party, what it holds, and the rule that restricts each node."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.tree import Tree

from sanctscreen.api import Screener
from sanctscreen.cli.app import Command, app, out, user_errors
from sanctscreen.cli.options import (
    DebugOption,
    ListsOption,
    MaxListAgeOption,
    NoColorOption,
    PurposeOption,
    Settings,
    plain_output,
    show_list_warnings,
)
from sanctscreen.errors import InputError
from sanctscreen.models import Entity, Status
from sanctscreen.ownership import (
    OwnershipFinding,
    OwnershipGraph,
    OwnershipTree,
    TreeNode,
    format_share,
)
from sanctscreen.ownership.userfile import USER_LIST_ID, slug

Resolver = Callable[[str], Entity | None]

_STYLE = {Status.HIT: "bold red", Status.REVIEW: "yellow"}


@app.command("owners", cls=Command)
@user_errors
def owners(
    name: Annotated[str, typer.Argument(
        help="A party's name, as listed or as in your ownership file.")],
    as_of: Annotated[str | None, typer.Option(
        help="Screening date (YYYY-MM-DD); decides dated rules such as the BIS Affiliates Rule. "
             "Default: today.")] = None,
    max_depth: Annotated[str | None, typer.Option(
        metavar="N", help="How many ownership levels to follow up and down (default 25).")]
    = None,
    ownership: Annotated[list[Path] | None, typer.Option(
        help="Your own owners.csv/.xlsx (owner, owned, share, relation); repeatable.")] = None,
    purpose: PurposeOption = None,
    lists: ListsOption = None,
    list_files: Annotated[list[Path] | None, typer.Option(
        "--list", help="Also use this list file (any supported format).")] = None,
    max_list_age: MaxListAgeOption = None,
    ns_cmic_subsidiaries: Annotated[str | None, typer.Option(
        metavar="review|hit",
        help="Status for owned subsidiaries of NS-CMIC companies (default review).")] = None,
    affiliates_rule: Annotated[str | None, typer.Option(
        metavar="auto|on|off", help="BIS Affiliates Rule: auto (by date), on, off.")] = None,
    config: Annotated[Path | None, typer.Option(help="Settings file (sanctscreen.toml).")] = None,
    no_color: NoColorOption = False,
    debug: DebugOption = False,
) -> None:
    """Show who owns NAME and what NAME owns, with shares, lists and the rule behind each flag.

    The lists, ownership files and rules are those `check` uses with the same options and
    settings file, so that the tree explains the verdicts `check` gives.
    """
    plain_output(no_color)
    settings = Settings.resolve(config, locals())
    library = Screener.from_settings(settings)
    show_list_warnings(library)
    screener = library.pipeline
    hit = screener.thresholds.hit

    def resolve(text: str) -> Entity | None:
        # Only a hit: a review-grade candidate would show another party's tree.
        candidates = screener.matcher.match(text)
        return candidates[0].entity if candidates and candidates[0].score >= hit else None

    target = find_party(name, resolve, screener.graph)
    out.print(render_tree(screener.graph.tree(target.id, depth=screener.policy.max_depth)))


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
