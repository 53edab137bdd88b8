"""What a matcher returns, and the two thresholds that turn scores into statuses."""

from __future__ import annotations

from dataclasses import dataclass

from sanctscreen.models import Entity, MatchType, Status

DEFAULT_HIT = 0.90
DEFAULT_REVIEW = 0.75


@dataclass(frozen=True, slots=True)
class Thresholds:
    """A score at or above `hit` is a hit; at or above `review`, a review; below, clear."""

    hit: float = DEFAULT_HIT
    review: float = DEFAULT_REVIEW

    def status(self, score: float) -> Status:
        if score >= self.hit:
            return Status.HIT
        if score >= self.review:
            return Status.REVIEW
        return Status.CLEAR


@dataclass(frozen=True, slots=True)
class Candidate:
    """A list entity that one input name (or identifier) resembles, with the reason in one line."""

    entity: Entity
    score: float  # in [0, 1]
    matched_name: str  # the list name or alias (or identifier) that matched
    match_type: MatchType  # NAME or IDENTIFIER
    explanation: str
