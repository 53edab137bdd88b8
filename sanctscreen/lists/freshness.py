"""How old the lists of a screen are: the staleness warning and the `--max-list-age` limit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sanctscreen.errors import ListError
from sanctscreen.lists import stale_lists
from sanctscreen.models import ListInfo, ScreeningList

# The default lists are refreshed weekly or faster by their publishers; older than this, warn.
STALE_AFTER_DAYS = 90

# Lists in the seed schema are compilations: their as-of date is that of the newest listing
# they record (the bundled seed list's is 2021-12-17), not of a publication that `lists update`
# could fetch again. An age limit cannot be met by them, so it does not judge them.
COMPILATION_FORMAT = "sanctscreen"


def stale_warning(lists: Sequence[ScreeningList], today: date) -> str | None:
    """The warning given without an age limit when even the newest dated publication is old
    (compilations, such as the seed list, are not judged: they have no newer copy)."""
    from sanctscreen.lists.publications import SOURCES

    stale = stale_lists([lst for lst in lists if lst.info.format != COMPILATION_FORMAT], today,
                        STALE_AFTER_DAYS)
    if not stale:
        return None
    newest = max(info.as_of for info in stale if info.as_of)
    remedy = ("run `sanctscreen lists update`" if any(info.id in SOURCES for info in stale)
              else f"use a current copy of {', '.join(info.id for info in stale)}")
    return (f"the lists screened are older than {STALE_AFTER_DAYS} days (newest as of "
            f"{newest}); {remedy}")


def age_warnings(lists: Sequence[ScreeningList], today: date, max_age: int | None,
                 *, limit: str = "") -> list[str]:
    """What a run warns about the age of its lists; ListError when one is over `max_age` days.

    Without a limit this is the staleness warning, if any. With one, each list judged (dated,
    not a compilation) must be at most `max_age` days old on `today`, and the lists that
    cannot be judged for want of a date are named. `limit` is how the user set the limit
    (`--max-list-age 30`), for the messages.
    """
    if max_age is None:
        warning = stale_warning(lists, today)
        return [] if warning is None else [warning]
    limit = limit or f"--max-list-age {max_age}"
    judged = [lst.info for lst in lists if lst.info.format != COMPILATION_FORMAT]
    too_old = sorted((info for info in judged if _days_old(info, today) > max_age),
                     key=lambda info: (-_days_old(info, today), info.id))
    if too_old:
        raise ListError(_too_old_message(too_old, today, limit))
    return [f"list {info.id} ({info.source}) has no as-of date: {limit} cannot judge its age"
            for info in judged if info.as_of is None]


def _days_old(info: ListInfo, today: date) -> int:
    """Days between the list's as-of date and `today`; 0 for an undated list (not judged)."""
    return (today - info.as_of).days if info.as_of is not None else 0


def _too_old_message(too_old: Sequence[ListInfo], today: date, limit: str) -> str:
    if len(too_old) == 1:
        info = too_old[0]
        what = f"list {info.id} is as of {info.as_of}, {_days_old(info, today)} days old"
    else:
        named = ", ".join(f"{info.id} (as of {info.as_of}, {_days_old(info, today)} days old)"
                          for info in too_old)
        what = f"lists {named} are too old"
    return f"{what} ({limit}); {_remedy(too_old)}"


def _remedy(too_old: Sequence[ListInfo]) -> str:
    """`lists update` refreshes the official publications; other lists come from the user."""
    from sanctscreen.lists.publications import SOURCES

    steps = []
    if any(info.id in SOURCES for info in too_old):
        steps.append("run `sanctscreen lists update`")
    others = [info.id for info in too_old if info.id not in SOURCES]
    if others:
        steps.append(f"use a current copy of {', '.join(others)}")
    return " and ".join(steps)
