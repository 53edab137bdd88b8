"""Python's cyclic garbage collector paused around work that makes many objects and no cycles.

The compiled lists are millions of long-lived objects; a chunk of rows, an unpickled index or a
report makes hundreds of thousands of new containers that would trigger collections, each
walking what is alive, without ever forming a cycle.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block; the collector runs again after it, if it ran before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
