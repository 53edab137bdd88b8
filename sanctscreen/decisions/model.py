"""Reviewed decisions and how they change results: clear a false match, confirm a true one.

A decision binds an input row (by its name, or by a row key) to one list entry *as it was*
(its fingerprint). When the entry changes or the decision expires, the decision no longer
applies and the match says why it is open again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import PurePath

from sanctscreen.models import SEVERITY, Match, Result, SourceEntry, Status, Subject

_NOT_WORD = re.compile(r"[\W_]+")


class Verdict(StrEnum):
    CLEAR = "clear"  # a false positive: the row is not the listed party
    MATCH = "match"  # a confirmed true hit


def normalise_name(name: str) -> str:
    """The form in which input names are compared: case, width, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def row_keys(subject: Subject) -> frozenset[str]:
    """The `row_key` spellings that point at a row: "file:row" and "file:sheet:row"."""
    files = {subject.file, _file_name(subject.file)}
    keys = {f"{f}:{subject.row}" for f in files}
    if subject.sheet:
        keys |= {f"{f}:{subject.sheet}:{subject.row}" for f in files}
    return frozenset(keys)


def _file_name(file: str) -> str:
    # A key names the file, not the folder it was screened in (nor a Windows path's drive).
    return PurePath(file.replace("\\", "/")).name


@dataclass(frozen=True)
class Decision:
    """One disposition of (input row, list entry) by a named person on a date."""

    entity_id: str
    entity_version: str
    decision: Verdict
    by: str
    on: date
    why: str = ""
    name: str | None = None  # the input name, compared normalised
    row_key: str | None = None  # "file:row", "file:sheet:row", or a value of `key_column`
    key_column: str | None = None
    expires: date | None = None

    def covers(self, subject: Subject) -> bool:
        """Whether this decision is about `subject` (both name and row key must agree if given)."""
        if self.name is not None and (
            subject.name is None or normalise_name(subject.name) != normalise_name(self.name)
        ):
            return False
        if self.row_key is None:
            return self.name is not None
        if self.key_column is not None:
            value = subject.cells.get(self.key_column)
            return value is not None and str(value).strip() == self.row_key
        return self.row_key in row_keys(subject)

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    @classmethod
    def about(cls, subject: Subject, match: Match, verdict: Verdict, *, by: str, on: date,
              why: str = "", expires: date | None = None) -> Decision:
        """A decision on `match` for the row `subject`, keyed by its name (or position)."""
        name = subject.name.strip() if subject.name and subject.name.strip() else None
        row_key = None
        if name is None:
            place = f"{subject.sheet}:" if subject.sheet else ""
            row_key = f"{_file_name(subject.file)}:{place}{subject.row}"
        return cls(entity_id=match.entity_id, entity_version=match.entity_version,
                   decision=verdict, by=by, on=on, why=why, name=name, row_key=row_key,
                   expires=expires)

    def note(self) -> str:
        verb = "cleared" if self.decision is Verdict.CLEAR else "confirmed as a match"
        note = f"{verb} by {self.by} on {self.on.isoformat()}"
        return f"{note}: {self.why}" if self.why else note


class Decisions:
    """A decisions file in memory. `apply` marks results; `stale` then lists unused decisions."""

    def __init__(self, entries: Iterable[Decision] = ()) -> None:
        self.entries: tuple[Decision, ...] = tuple(entries)
        self._stale: tuple[Decision, ...] = ()
        self._by_entity: dict[str, list[Decision]] = {}
        for entry in self.entries:
            self._by_entity.setdefault(entry.entity_id, []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def stale(self) -> tuple[Decision, ...]:
        """Decisions the last `apply` found no row and entity for (for information only)."""
        return self._stale

    def find(self, subject: Subject, entity_id: str) -> Decision | None:
        """The newest decision about this row and entity; on the same day, the later entry."""
        found = [d for d in self._by_entity.get(entity_id, ()) if d.covers(subject)]
        if not found:
            return None
        # max() keeps the first of equal keys, so walk the entries newest-in-file first.
        return max(reversed(found), key=lambda d: d.on)

    def apply(self, results: Sequence[Result], today: date) -> list[Result]:
        """Results with decided matches cleared or confirmed, and stale decisions re-raised."""
        used: set[int] = set()
        applied = [self._apply_one(result, today, used) for result in results]
        self._stale = tuple(d for d in self.entries if id(d) not in used)
        return applied

    def merged(self, new: Iterable[Decision]) -> Decisions:
        """These decisions followed by `new`; a later decision supersedes an earlier one."""
        return Decisions((*self.entries, *new))

    def _for(self, subject: Subject, match: Match) -> list[tuple[Decision, SourceEntry | None]]:
        """The decisions about this row and the match's party, and those made about one of
        the list entries merged into it (before the lists were merged), with that entry."""
        found: list[tuple[Decision, SourceEntry | None]] = []
        decision = self.find(subject, match.entity_id)
        if decision is not None:
            found.append((decision, None))
        for source in match.sources:
            decision = self.find(subject, source.entity_id)
            if decision is not None:
                found.append((decision, source))
        return found

    def _apply_one(self, result: Result, today: date, used: set[int]) -> Result:
        if not result.matches:
            return result
        matches = []
        for match in result.matches:
            found = self._for(result.subject, match)
            if found:
                used.update(id(decision) for decision, _ in found)
                match = _decide(match, *_fitting(match, found), today)
            matches.append(match)
        if matches == list(result.matches):
            return result
        return replace(result, matches=tuple(matches), status=_row_status(matches))


def _fitting(match: Match, found: Sequence[tuple[Decision, SourceEntry | None]]
             ) -> tuple[Decision, SourceEntry | None]:
    """Of the decisions found for a match, one made against the party or entry as it is now;
    failing that, the first, which the match then re-raises as changed."""
    for decision, source in found:
        version = source.version if source is not None else match.entity_version
        if decision.entity_version == version:
            return decision, source
    return found[0]


def _decide(match: Match, decision: Decision, source: SourceEntry | None,
            today: date) -> Match:
    """`match` as `decision` leaves it. A decision made about `source`, one list entry of the
    merged party, holds while that entry is unchanged, and its note says so."""
    made = decision.on.isoformat()
    version = source.version if source is not None else match.entity_version
    note = decision.note()
    if source is not None:
        others = ", ".join(s.entity_id for s in match.sources if s.entity_id != source.entity_id)
        note += (f" (decided for the list entry {source.entity_id} alone; now one party with "
                 f"{others})")
    if decision.entity_version != version:
        reason = "list entry changed"
    elif decision.expired(today):
        assert decision.expires is not None
        reason = f"expired on {decision.expires.isoformat()}"
    elif decision.decision is Verdict.CLEAR:
        return replace(match, status=Status.CLEARED, decision=note)
    else:
        # A confirmed match is a hit whatever its score: an analyst said it is the listed party.
        return replace(match, status=Status.HIT, decision=note)
    sentence = f"decision of {made} re-raised: {reason}"
    if sentence in match.explanation:  # a report read back and decided again
        return match
    explanation = f"{match.explanation.rstrip('. ')}; {sentence}" if match.explanation else sentence
    return replace(match, explanation=explanation)


def _row_status(matches: Sequence[Match]) -> Status:
    open_matches = [m for m in matches if m.status is not Status.CLEARED]
    if not open_matches:
        return Status.CLEARED
    return max((m.status for m in open_matches), key=lambda s: SEVERITY[s])
