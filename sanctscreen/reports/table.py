"""The flat table the spreadsheet formats (CSV, XLSX) share: original columns plus findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sanctscreen.models import Match, Report, Result, Status
from sanctscreen.reports.common import best_match, lists_text, path_text, score_of, sources_text

LEAD_COLUMNS = ("Status", "File", "Sheet", "Row")
MATCH_COLUMNS = (
    "Score",
    "Matched entity",
    "Entity ID",
    "Source entries",
    "Lists",
    "Consequence",
    "Match type",
    "Matched name",
    "Match status",
    "Ownership path",
    "Explanation",
    "Decision",
    "Entity version",
    "Reason",
)
OTHER_MATCHES = "Other matches"


@dataclass(frozen=True)
class Table:
    """Header and rows of raw values (not yet made spreadsheet-safe), with each line's status."""

    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    statuses: tuple[Status, ...]


def original_columns(results: Sequence[Result]) -> list[str]:
    """Every input column seen in the reported rows, in first-seen order."""
    seen: dict[str, None] = {}
    for result in results:
        for key in result.subject.cells:
            seen.setdefault(str(key), None)
    return list(seen)


def build(report: Report, *, per_match: bool) -> Table:
    """One line per (row, match) pair when `per_match`, else one per row with its best match."""
    results = report.reported
    originals = original_columns(results)
    ours = set(LEAD_COLUMNS) | set(MATCH_COLUMNS) | {OTHER_MATCHES}
    # An input column named like one of ours keeps its values under a distinguishable header.
    shown = [f"{c} (input)" if c in ours else c for c in originals]
    header = (*LEAD_COLUMNS, *shown, *MATCH_COLUMNS, *(() if per_match else (OTHER_MATCHES,)))
    rows: list[tuple[Any, ...]] = []
    statuses: list[Status] = []
    for result in results:
        lead = _lead(result, originals)
        if per_match and result.matches:
            for match in result.matches:
                rows.append((*lead, *_match_cells(match, result)))
                statuses.append(result.status)
            continue
        best = best_match(result)
        cells = _match_cells(best, result)
        if not per_match:
            others = [m for m in result.matches if m is not best]
            cells = (*cells, "; ".join(_other_text(m) for m in others))
        rows.append((*lead, *cells))
        statuses.append(result.status)
    return Table(tuple(header), tuple(rows), tuple(statuses))


def _lead(result: Result, originals: Sequence[str]) -> tuple[Any, ...]:
    subject = result.subject
    cells = {str(k): v for k, v in subject.cells.items()}
    return (
        result.status.value,
        subject.file,
        subject.sheet or "",
        subject.row,
        *(cells.get(column) for column in originals),
    )


def _match_cells(match: Match | None, result: Result) -> tuple[Any, ...]:
    if match is None:
        return (*([None] * (len(MATCH_COLUMNS) - 1)), result.reason or "")
    return (
        score_of(match),
        match.entity_name,
        match.entity_id,
        sources_text(match),
        lists_text(match.lists),
        match.consequence,
        match.match_type.value,
        match.matched_name,
        match.status.value,
        path_text(match.path),
        match.explanation,
        match.decision or "",
        match.entity_version,
        result.reason or "",
    )


def _other_text(match: Match) -> str:
    return f"{match.entity_name} [{lists_text(match.lists)}] {score_of(match):.2f} ({match.status})"
