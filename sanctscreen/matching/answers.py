"""The matcher's answers from earlier runs, kept in the user cache.

A file screened again (tomorrow's holdings, the same vendor master in every CI run) then
scores only the names it has not seen before. The answers are keyed by the compiled index's
own key (the lists' sha256, the thresholds, the sanctscreen version) and by a digest of the
matching code and of the libraries that normalise and compare names, so that any change to
what an answer depends on starts afresh. The file is checked like every cache file: a
truncated or altered one is ignored and removed.
"""

from __future__ import annotations

from pathlib import Path

from sanctscreen import cache as disk
from sanctscreen import collector
from sanctscreen.matching.matcher import Matcher

KIND = "answers"
# The libraries that turn names into tokens and compare them.
_LIBRARIES = ("rapidfuzz", "pypinyin", "anyascii")


def answers_key(matcher_key: str) -> str:
    """The key of the answers of the matcher compiled under `matcher_key`."""
    return disk.make_key(KIND, matcher_key,
                         disk.code_digest((Path(__file__).parent,), _LIBRARIES))


def load_answers(matcher: Matcher, key: str) -> int:
    """Teach `matcher` the answers stored under `key`; how many there were."""
    found = disk.load(KIND, key)
    if not isinstance(found, list):
        return 0
    try:
        with collector.paused(keep=True):  # many small objects, kept, no cycles
            matcher.learn(found)
    except (TypeError, ValueError, IndexError):
        return 0  # not what save_answers writes: ignored, as a corrupt file is
    return len(found)


def save_answers(matcher: Matcher, key: str) -> None:
    """Store every answer `matcher` knows under `key` (a cache that cannot be written only
    costs the next run its speed)."""
    disk.store(KIND, key, matcher.known_answers())
