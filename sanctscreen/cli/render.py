"""Terminal rendering of results: the flagged-rows table and the one-line summary."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from sanctscreen.matching.interface import Candidate
from sanctscreen.models import Match, MatchType, Result, Status, Summary
from sanctscreen.ownership import format_path
from sanctscreen.reports.common import others_text

STYLES = {
    Status.HIT: "bold red",
    Status.REVIEW: "yellow",
    Status.CLEARED: "green",
    Status.NOTED: "cyan",
    Status.SKIPPED: "dim",
    Status.CLEAR: "green",
}


def results_table(results: Sequence[Result], *, title: str | None = None,
                  consequences: bool = False) -> Table:
    """One line per reported row: where it is, what it says, what it matched and why; with
    `consequences` (a screen for a purpose), first what the listing means for it."""
    table = Table(title=title, show_lines=False, expand=False, header_style="bold")
    table.add_column("Row", justify="right", no_wrap=True)
    table.add_column("Name", overflow="fold", max_width=40)
    table.add_column("Status", no_wrap=True)
    table.add_column("Matched entity", overflow="fold", max_width=40)
    table.add_column("List", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=1)
    for result in results:
        subject = result.subject
        where = f"{subject.sheet}!{subject.row}" if subject.sheet else str(subject.row)
        status = Text(result.status.value, style=STYLES[result.status])
        name = Text(subject.name or "")
        if not result.matches:
            table.add_row(where, name, status, "", "", "", Text(result.reason or ""))
            continue
        best = result.matches[0]
        more = others_text(result)
        table.add_row(
            where,
            name,
            status,
            Text(best.entity_name + more),
            ", ".join(best.lists),
            f"{best.score:.2f}",
            Text(f"{best.consequence} {why(best)}" if consequences and best.consequence
                 else why(best)),
        )
    return table


def why(match: Match) -> str:
    """The explanation, with the ownership chain spelled out for ownership matches."""
    text = match.explanation
    if match.match_type is MatchType.OWNERSHIP and match.path and "chain" not in text:
        text = f"{format_path(match.path)} — {text}"
    if match.decision:
        text = f"{text} [{match.decision}]"
    return text


def candidates_table(name: str, candidates: Sequence[tuple[Candidate, list[Match]]]) -> Table:
    """The `lookup` view: every candidate with its score, lists and ownership consequences."""
    table = Table(title=f"Candidates for {name!r}", header_style="bold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Entity", overflow="fold", max_width=45)
    table.add_column("Id", no_wrap=True)
    table.add_column("Lists", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=1)
    for candidate, matches in candidates:
        entity = candidate.entity
        lists = ", ".join(entity.list_codes) or "(not listed)"
        table.add_row(
            f"{candidate.score:.2f}", Text(entity.name), entity.id, lists,
            Text(candidate.explanation),
        )
        for match in matches:
            if match.match_type is MatchType.OWNERSHIP:
                table.add_row(
                    "", Text(f"↳ {match.entity_name}"), match.entity_id, ", ".join(match.lists),
                    Text(f"{match.status.value}: {why(match)}", style=STYLES[match.status]),
                )
    return table


def summary_line(summary: Summary, files: int) -> str:
    parts = [
        f"{summary.rows} rows in {files} file{'s' if files != 1 else ''}",
        f"{summary.hits} hit{'s' if summary.hits != 1 else ''}",
        f"{summary.reviews} to review",
    ]
    if summary.noted:
        parts.append(f"{summary.noted} noted (listed, no consequence for the purpose)")
    if summary.cleared:
        parts.append(f"{summary.cleared} cleared by decisions")
    parts.append(f"{summary.clear} clear")
    parts.append(f"{summary.skipped} skipped")
    return ", ".join(parts)
