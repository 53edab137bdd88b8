"""The collector is paused around blocks that make many objects, and cycles are still
collected."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from sanctscreen import collector


class Node:
    """A container the collector tracks."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if enabled else gc.disable)()


def test_no_collection_inside_and_the_collector_runs_again_after() -> None:
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled(), "a collector that was off stays off"


def test_a_cycle_made_in_a_paused_block_is_still_collected() -> None:
    with collector.paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
    del first, second
    assert alive() is not None  # a cycle: only the collector frees it
    gc.collect()
    assert alive() is None


def _in_generation(thing: object, generation: int) -> bool:
    return any(found is thing for found in gc.get_objects(generation=generation))


def test_what_a_kept_block_made_goes_to_the_oldest_generation() -> None:
    with collector.paused(keep=True):
        kept = [Node() for _ in range(1000)]
    assert gc.get_count()[0] < 10  # nothing left for the next young collection to walk
    assert not _in_generation(kept[0], 0)
    assert _in_generation(kept[0], 2)
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_in_a_kept_block_is_still_collected() -> None:
    with collector.paused(keep=True):
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
    del first, second
    gc.collect()
    assert alive() is None


def test_objects_someone_else_froze_stay_frozen() -> None:
    gc.freeze()  # as a server does before it forks its workers
    try:
        frozen = gc.get_freeze_count()
        with collector.paused(keep=True):
            [Node() for _ in range(10)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
