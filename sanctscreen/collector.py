"""Python's cyclic garbage collector around work that makes many objects and no cycles.

The compiled lists are millions of long-lived objects; every full collection walks them all
again, and a chunk of rows, an unpickled index or a report makes hundreds of thousands of new
containers that trigger collections without ever forming a cycle.

What such a block makes and keeps (a chunk's Results, held until the report is written; the
index just unpickled) would still be walked once, by the first young collection after it: for
the 14 663 flagged rows of a 200 000-row file, 13 ms of a 100 ms screening. `paused(keep=True)`
moves it out of the young generation without that walk, by `gc.freeze()` (which moves every
tracked object to the permanent generation, a list splice, without looking at them) and, outside
`spared`, `gc.unfreeze()` (which puts them back into the oldest generation). A cycle among them
is still collected, by the next full collection, or at the end of `spared`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# How many `spared` blocks are open: inside one, kept objects stay set aside until it ends.
_sparing = 0


@contextmanager
def paused(*, keep: bool = False) -> Iterator[None]:
    """No collection inside the block; the collector runs again after it, if it ran before.

    `keep`: what the block made is long-lived and holds no cycle; it goes to the oldest
    generation (inside `spared`: is set aside with the rest) instead of being walked by the
    next young collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            _promote()
        if enabled:
            gc.enable()


def _promote() -> None:
    if _sparing:
        gc.freeze()  # with the objects `spared` set aside; its end puts them all back
    elif not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()
    # else: someone else froze objects (before a fork, say); theirs are not ours to unfreeze


@contextmanager
def spared() -> Iterator[None]:
    """The objects alive now set aside from the collector for the block (gc.freeze): later
    collections walk only what the block makes. For a command's whole run, not a library."""
    global _sparing
    gc.freeze()
    _sparing += 1
    try:
        yield
    finally:
        _sparing -= 1
        gc.unfreeze()
