"""What a matcher returns, the two thresholds that turn scores into statuses, and how OFAC's
weak aliases are screened."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sanctscreen.models import Entity, MatchType, Status

DEFAULT_HIT = 0.90
DEFAULT_REVIEW = 0.75


class WeakAliases(StrEnum):
    """How OFAC's weak a.k.a.s are screened: broad or generic aliases (nicknames, common
    acronyms) that OFAC does not expect anyone to screen on their own, but that may confirm a
    match found by other information (OFAC FAQs 122-125)."""

    IGNORE = "ignore"  # not screened, as OFAC expects
    REVIEW = "review"  # screened, but a match on one alone is a review at most (the default)
    SCREEN = "screen"  # screened like any other alias


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
