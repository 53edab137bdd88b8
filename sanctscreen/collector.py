"""Python's cyclic garbage collector around work that makes many objects and no cycles.

The compiled lists are millions of long-lived objects; every full collection walks them all
again, and a chunk of rows, an unpickled index or a report makes hundreds of thousands of new
containers that trigger collections without ever forming a cycle.
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


@contextmanager
def spared() -> Iterator[None]:
    """The objects alive now set aside from the collector for the block (gc.freeze): later
    collections walk only what the block makes. For a command's whole run, not a library."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
