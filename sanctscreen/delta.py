"""Re-screen deltas: what changed since a previous report (new, changed and resolved flags)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from sanctscreen.models import Report, Result, Status, Subject

# Rows whose flags an analyst has to look at; cleared rows were already decided.
FLAGGED = frozenset({Status.HIT, Status.REVIEW})


class Change(StrEnum):
    NEW = "new"  # flagged now, not flagged (or against other entities) before
    CHANGED = "changed"  # flagged against the same entities, but a list entry changed since
    RESOLVED = "resolved"  # flagged before, no longer flagged


@dataclass(frozen=True)
class Delta:
    results: tuple[Result, ...]

    def count(self, change: Change) -> int:
        return sum(1 for r in self.results if r.change == change)


def party_key(subject: Subject) -> tuple[str, str, tuple[str, ...]]:
    """Who a row is about, independent of its position: rows move between weekly exports."""
    name = " ".join((subject.name or "").casefold().split())
    ids = tuple(sorted(f"{i.scheme}:{i.value}" for i in subject.identifiers))
    return Path(subject.file).name, name, ids


def delta(previous: Report, current: Iterable[Result]) -> Delta:
    """The current flags that are new or changed, and the previous flags now resolved."""
    before = _flagged(previous.results)
    now = _flagged(current)
    changes: list[Result] = []
    for key, result in now.items():
        old = before.get(key)
        if old is None or set(_versions(old)) != set(_versions(result)):
            changes.append(replace(result, change=Change.NEW))
        elif _versions(old) != _versions(result):
            changes.append(replace(result, change=Change.CHANGED))
    for key, old in before.items():
        if key not in now:
            changes.append(replace(old, status=Status.CLEAR, matches=(), change=Change.RESOLVED,
                                   reason="flagged in the previous report, not any more"))
    changes.sort(key=lambda r: (r.subject.file, r.subject.sheet or "", r.subject.row))
    return Delta(tuple(changes))


def _flagged(results: Iterable[Result]) -> dict[tuple[str, str, tuple[str, ...]], Result]:
    return {party_key(r.subject): r for r in results if r.status in FLAGGED}


def _versions(result: Result) -> dict[str, str]:
    return {m.entity_id: m.entity_version for m in result.matches if m.status in FLAGGED}
