"""Name and identifier matching against loaded list entities."""

from sanctscreen.matching.interface import Candidate, Thresholds, WeakAliases
from sanctscreen.matching.matcher import Matcher

__all__ = ["Candidate", "Matcher", "Thresholds", "WeakAliases"]
