"""A pool of worker processes that score the distinct, not yet answered names of a batch."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from types import FrameType, TracebackType
from typing import Protocol

from sanctscreen.matching.matcher import CacheKey, Matcher, Query, Record

# Below this many new names a batch is scored in-process: starting the workers costs tens of
# milliseconds and each exchange about one, while a name costs about a millisecond. Small
# files therefore never start a process.
MIN_PARALLEL_NAMES = 500

# The matcher a worker answers with. Forked workers inherit it from the parent for free;
# spawned ones (macOS, Windows) receive one pickled copy each, when they start.
_matcher: Matcher | None = None


def resolve_workers(workers: int | None) -> int:
    """`workers` as a process count: 0, None or a negative number mean one per core."""
    if workers is None or workers <= 0:
        return max(1, os.cpu_count() or 1)
    return workers


@dataclass(frozen=True)
class Pending:
    """Names sent to the workers, and their answers to come."""

    keys: list[CacheKey]
    result: AsyncResult[list[list[tuple[CacheKey, list[Record]]]]]


class MatchPool:
    """Answers a batch's new names in `workers` processes and stores them in the matcher."""

    def __init__(self, matcher: Matcher, workers: int) -> None:
        self.matcher = matcher
        self.workers = workers
        self._pool: Pool | None = None  # started by the first batch that needs it
        self._sent: set[CacheKey] = set()  # names being scored, not yet stored
        self._frozen = False
        self._stopping: Stopping | None = None  # shared with the workers: see _quiet

    @property
    def started(self) -> bool:
        return self._pool is not None

    def _start(self) -> Pool:
        global _matcher
        if "fork" in multiprocessing.get_all_start_methods():
            _matcher = self.matcher  # inherited by the forked workers: nothing is pickled
            # Freeze the objects that exist now (the compiled index: millions of them) out
            # of the cyclic collector's reach. Otherwise each worker's full collections walk
            # them all, which is slow and writes to every page, undoing copy-on-write sharing.
            if not gc.get_freeze_count():  # the caller may have set them aside already
                gc.freeze()
                self._frozen = True
            _trim_heap()
            context = multiprocessing.get_context("fork")
            self._stopping = context.RawValue(ctypes.c_bool, False)
            with _signals_held():
                return context.Pool(self.workers, initializer=_quiet,
                                    initargs=(self._stopping,))
        spawn = multiprocessing.get_context("spawn")  # pragma: no cover - no fork
        self._stopping = spawn.RawValue(ctypes.c_bool, False)
        with _signals_held():
            return spawn.Pool(self.workers, initializer=_install,
                              initargs=(self.matcher, self._stopping))

    def prime(self, queries: Sequence[Query]) -> None:
        """Score the queries `matcher.match` would have to compute, in the workers."""
        self.collect(self.submit(queries))

    def submit(self, queries: Sequence[Query]) -> Pending | None:
        """Start scoring the new names of `queries`; None when there are too few to send.

        Names already sent with an earlier batch are not sent again, so that the next batch
        can be read while the workers score this one.
        """
        keys = [key for key in self.matcher.uncached(queries) if key not in self._sent]
        if len(keys) < MIN_PARALLEL_NAMES:
            return None
        if self._pool is None:
            self._pool = self._start()
        self._sent.update(keys)
        # Contiguous slices, a few per worker, so that one slow slice does not hold up the rest.
        parts = self.workers * 4
        size = -(-len(keys) // parts)
        slices = [keys[start:start + size] for start in range(0, len(keys), size)]
        return Pending(keys, self._pool.map_async(_answer, slices))

    def collect(self, pending: Pending | None) -> None:
        """Wait for a submitted batch and store its answers in the matcher."""
        if pending is None:
            return
        for answered in pending.result.get():
            self.matcher.remember(answered)
        self._sent.difference_update(pending.keys)

    def close(self) -> None:
        global _matcher
        _matcher = None
        if self._pool is not None:
            if self._stopping is not None:
                self._stopping.value = True  # the SIGTERMs terminate() sends now end them
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def __enter__(self) -> MatchPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


# Ctrl-C reaches every process of the terminal's process group, and a CI runner's SIGTERM
# often does too. The parent alone reports it (one line, exit 130 or 143) and ends the pool;
# a worker that raised KeyboardInterrupt, or wrote its answer to a parent already gone, would
# print a traceback each (see _quiet).
_STOP_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the workers are forked, so that none arrives in a
    worker before `_quiet` has run; the parent gets any held signal right after."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    # Threads started meanwhile (the pool's handlers) keep the mask: signals go to the main
    # thread, which is where Python handles them anyway.
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class Stopping(Protocol):
    """A flag in memory shared with the workers (a multiprocessing RawValue)."""

    value: bool


def _quiet(stopping: Stopping) -> None:
    """Set up a worker: deaf to Ctrl-C and to a SIGTERM sent to the whole process group, ended
    without a word by the SIGTERM of the parent's Pool.terminate(), or by a broken pipe.

    A worker killed by the group's SIGTERM could die holding the lock of the task queue (an
    idle worker waits for a task holding it), and the parent's Pool.terminate() would then
    wait for that lock forever. So the parent ends the workers itself, once it has set
    `stopping`; a pipe to a parent that is gone (killed outright) ends a worker at once.
    """
    def stop(signum: int, frame: FrameType | None) -> None:
        if stopping.value:
            os._exit(0)

    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _install(matcher: Matcher, stopping: Stopping
             ) -> None:  # pragma: no cover - runs in spawned workers
    global _matcher
    _matcher = matcher
    _quiet(stopping)


def _answer(keys: Sequence[CacheKey]) -> list[tuple[CacheKey, list[Record]]]:
    if _matcher is None:  # pragma: no cover - a worker that was never given the matcher
        raise RuntimeError("worker process has no matcher")
    return [(key, _matcher.answer(key)) for key in keys]


def _trim_heap() -> None:
    """Give back to the system the memory that the C heap and Arrow's allocator hold free.

    Forked workers would otherwise each inherit it, resident: reading a CSV file in threads
    leaves such memory behind, and the three processes of a 1 000 000-row check peaked about
    100 MB higher without this.
    """
    import ctypes.util

    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # its own allocator (mimalloc or jemalloc) keeps freed memory too
        arrow.default_memory_pool().release_unused()
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # musl, for one, has no malloc_trim
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
