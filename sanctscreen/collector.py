"""Python's cyclic garbage collector paused around work that makes many objects and no cycles.

The compiled lists are millions of long-lived objects; an unpickled index or a block of rows
makes hundreds of thousands of new containers that would trigger collections, each walking
what is alive, without ever forming a cycle.

What such a block makes and keeps (the lists and index just unpickled) would still be walked
once, by the first collections after it. `paused(keep=True)` moves it to the oldest generation
without that walk: `gc.freeze()` moves every tracked object to the permanent generation (a list
splice, without looking at them) and `gc.unfreeze()` puts them back into the oldest one. A
cycle among them is still collected, by the next full collection. It makes a cached `lookup`
about a fifth faster (benchmarks/README.md, "What each speed device buys").
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(*, keep: bool = False) -> Iterator[None]:
    """No collection inside the block; the collector runs again after it, if it ran before.

    `keep`: what the block made is long-lived and holds no cycle; it goes to the oldest
    generation instead of being walked by the next collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep and not gc.get_freeze_count():
            # (Objects someone else froze, before a fork say, are not ours to unfreeze.)
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
