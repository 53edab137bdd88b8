"""How old the lists of a screen are: the staleness warning."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sanctscreen.lists import stale_lists
from sanctscreen.models import ScreeningList

# The default lists are refreshed weekly or faster by their publishers; older than this, warn.
STALE_AFTER_DAYS = 90


def stale_warning(lists: Sequence[ScreeningList], today: date) -> str | None:
    """The warning given when even the newest dated list is old."""
    stale = stale_lists(lists, today, STALE_AFTER_DAYS)
    if not stale:
        return None
    newest = max(info.as_of for info in stale if info.as_of)
    return (f"the default lists are older than {STALE_AFTER_DAYS} days (newest as of {newest}); "
            "run `sanctscreen lists update`")
