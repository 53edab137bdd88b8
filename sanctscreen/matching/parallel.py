"""A pool of worker processes that score the distinct, not yet answered names of a batch."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType, TracebackType
from typing import Protocol

from sanctscreen.matching.matcher import CacheKey, Matcher, Query, Record

# Below this many new names a batch is scored in-process while no worker runs: starting the
# workers costs tens of milliseconds and each exchange about one, while a name costs about a
# millisecond. Small files therefore never start a process. Once the workers run, a batch of
# MIN_SENT_NAMES or more goes to them (the engines send a step of new names at a time).
MIN_PARALLEL_NAMES = 500
MIN_SENT_NAMES = 16
# Names per slice at least (a slice costs an exchange) and at most (the first answers of a
# large batch come back within a fraction of a second; see Judge.send).
MIN_SLICE_NAMES = 8
MAX_SLICE_NAMES = 250
# How long close() gives the workers to end on SIGTERM before it kills them.
_END_SECONDS = 2.0

# The matcher a worker answers with. Forked workers inherit it from the parent for free;
# spawned ones (macOS, Windows) receive one pickled copy each, when they start.
_matcher: Matcher | None = None

Answers = list[tuple[CacheKey, list[Record]]]


def resolve_workers(workers: int | None) -> int:
    """`workers` as a process count: 0, None or a negative number mean one per core."""
    if workers is None or workers <= 0:
        return max(1, os.cpu_count() or 1)
    return workers


@dataclass
class Pending:
    """Names sent to the workers, and their answers to come: one future per slice, collected
    in order (`done` of them so far)."""

    keys: list[CacheKey]
    slices: list[list[CacheKey]]
    futures: list[Future[Answers]]
    done: int = 0

    def slices_for(self, keys: Sequence[CacheKey]) -> int:
        """How many slices, from the first, hold all of `keys` that were sent."""
        where = self._where
        return max((where.get(key, -1) for key in keys), default=-1) + 1

    @functools.cached_property
    def _where(self) -> dict[CacheKey, int]:
        return {key: i for i, part in enumerate(self.slices) for key in part}


class MatchPool:
    """Answers a batch's new names in `workers` processes and stores them in the matcher.

    A worker that dies (killed, out of memory) breaks the pool: the names it and its siblings
    had not answered are then scored here, and the rest of the run does without workers.
    """

    def __init__(self, matcher: Matcher, workers: int) -> None:
        self.matcher = matcher
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None  # started by the first big batch
        self._started = False
        self._broken = False  # the workers failed: every later batch is scored here
        self._sent: set[CacheKey] = set()  # names being scored, not yet stored
        self._stopping: Stopping | None = None  # shared with the workers: see _quiet

    @property
    def started(self) -> bool:
        return self._started

    def _start(self) -> ProcessPoolExecutor:
        """The executor; its processes are created by the first submit (see submit)."""
        global _matcher
        if "fork" in multiprocessing.get_all_start_methods():
            _matcher = self.matcher  # inherited by the forked workers: nothing is pickled
            _trim_heap()
            context = multiprocessing.get_context("fork")
            self._stopping = context.RawValue(ctypes.c_bool, False)
            return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_quiet,
                                       initargs=(self._stopping,))
        spawn = multiprocessing.get_context("spawn")  # pragma: no cover - no fork
        self._stopping = spawn.RawValue(ctypes.c_bool, False)
        return ProcessPoolExecutor(self.workers, mp_context=spawn,  # pragma: no cover
                                   initializer=_install,
                                   initargs=(self.matcher, self._stopping))

    def prime(self, queries: Sequence[Query]) -> None:
        """Score the queries `matcher.match` would have to compute, in the workers."""
        self.collect(self.submit(queries))

    def submit(self, queries: Sequence[Query]) -> Pending | None:
        """Start scoring the new names of `queries`; None when there are too few to send, or
        when the workers have failed (`matcher.match` then scores them here).

        Names already sent with an earlier batch are not sent again, so that the next batch
        can be read while the workers score this one.
        """
        if self._broken:
            return None
        keys = [key for key in self.matcher.uncached(queries) if key not in self._sent]
        if len(keys) < (MIN_SENT_NAMES if self._executor is not None else MIN_PARALLEL_NAMES):
            return None
        # Contiguous slices, a few per worker, so that one slow slice does not hold up the rest.
        parts = max(1, min(self.workers * 4, len(keys) // MIN_SLICE_NAMES))
        size = min(-(-len(keys) // parts), MAX_SLICE_NAMES)
        slices = [keys[start:start + size] for start in range(0, len(keys), size)]
        try:
            if self._executor is None:
                self._executor = self._start()
                self._started = True
            # The executor creates its processes as tasks are submitted (with fork, all of
            # them on the first submit; with spawn, one per submit while none is idle), so
            # the submits are made with the stop signals held (see _signals_held).
            with _signals_held():
                futures = [self._executor.submit(_answer, part) for part in slices]
        except Exception:  # no process could be started, or the pool broke meanwhile
            self._abandon()
            return None
        self._sent.update(keys)
        return Pending(keys, slices, futures)

    def collect(self, pending: Pending | None, queries: Sequence[Query] | None = None
                ) -> None:
        """Wait for a submitted batch and store its answers in the matcher; with `queries`,
        only for the slices, from the first, that hold those of them not answered yet.

        Slices the workers could not answer (the pool broke) are scored here instead, with
        the same matcher: the answers are those of a run without workers.
        """
        if pending is None:
            return
        upto = (len(pending.slices) if queries is None
                else pending.slices_for(self.matcher.uncached(queries)))
        left: list[CacheKey] = []
        for at in range(pending.done, upto):
            part = pending.slices[at]
            answered = self._answers(pending.futures[at])
            if answered is None:
                left.extend(part)
            else:
                self.matcher.remember(answered)
            self._sent.difference_update(part)
        pending.done = max(pending.done, upto)
        # `match` stores each answer it computes, as it does without workers.
        self.matcher.match_many(left)

    def _answers(self, future: Future[Answers]) -> Answers | None:
        """A slice's answers; None once the workers have failed."""
        if self._broken and not future.done():
            return None
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):  # a worker died: no more workers
            self._abandon()
            return None

    def _abandon(self) -> None:
        """Stop using the workers for the rest of the run, and end them."""
        self._broken = True
        self._end_workers()

    def _end_workers(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if self._stopping is not None:
            self._stopping.value = True  # the SIGTERMs sent now end them (see _quiet)
        # The executor keeps its processes in the private `_processes` (a dict by pid), and
        # has no public way to end them: shutdown(wait=False) only sends each worker a stop
        # once it is idle, so a worker busy with a slice would go on scoring, and one waiting
        # for a task queue whose lock a dead sibling took along would never leave. Taken
        # before shutdown(), which drops the dict; should a later Python rename it, busy
        # workers are left to end on shutdown's stop, after their slice.
        held = getattr(executor, "_processes", None)
        processes: list[BaseProcess] = list(held.values()) if isinstance(held, dict) else []
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(OSError, ValueError):
                process.terminate()
        if not _ended(processes, _END_SECONDS):
            for process in processes:  # pragma: no cover - a worker deaf to SIGTERM
                with contextlib.suppress(OSError, ValueError):
                    process.kill()
            _ended(processes, _END_SECONDS)

    def close(self) -> None:
        global _matcher
        _matcher = None
        self._end_workers()

    def __enter__(self) -> MatchPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _ended(processes: Sequence[BaseProcess], seconds: float) -> bool:
    """Wait up to `seconds` for the processes to exit and be reaped; whether they all have.

    Polled, not joined: the executor's own thread may be joining them too, and of two threads
    waiting for one child, one finds it gone before the other has noted its exit code.
    """
    deadline = time.monotonic() + seconds
    while any(_running(process) for process in processes):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)
    return True


def _running(process: BaseProcess) -> bool:
    try:
        return process.exitcode is None
    except ValueError:  # closed: it has ended
        return False


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
    # Threads started meanwhile (the executor's manager thread, its queue's feeder) keep the
    # mask: signals go to the main thread, which is where Python handles them anyway.
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
    without a word by the SIGTERM of the parent's close(), or by a broken pipe.

    The parent alone decides when the workers end: it reports the signal, and ends them once
    it has set `stopping` (the SIGTERMs the executor itself sends when a worker has died are
    ignored until then: the parent ends the rest). A pipe to a parent that is gone (killed
    outright) ends a worker at once.
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


def _answer(keys: Sequence[CacheKey]) -> Answers:
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
