"""Worker processes score new names: results equal to one process, for any batch or worker count."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import pytest

from sanctscreen.inputs import read_input
from sanctscreen.matching import Matcher, parallel
from sanctscreen.matching.matcher import CacheKey, Query, Record
from sanctscreen.matching.parallel import MatchPool, resolve_workers
from sanctscreen.models import Identifier
from tests.engines.holdings import LISTS, screener, single_process, write_csv


@pytest.fixture(autouse=True)
def _pool_for_every_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pool normally waits for hundreds of new names; the tests must see it work.
    monkeypatch.setattr(parallel, "MIN_PARALLEL_NAMES", 1)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("batch_rows", [1, 7, 1000])
def test_results_equal_one_process(tmp_path: Path, workers: int, batch_rows: int) -> None:
    path = write_csv(tmp_path / "holdings.csv", 40)
    subjects = [s for table in read_input(path) for s in table.subjects]
    results = list(screener(workers, batch_rows).screen(subjects))
    assert results == single_process(path)
    assert [r.subject.row for r in results] == list(range(2, 42))


def test_the_pool_answers_new_names_and_stores_them() -> None:
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    queries = [("MEGVII TECHNOLOGY LTD", (), "CN"), ("Apple Inc", (), None),
               ("MEGVII TECHNOLOGY LTD", (), "CN")]
    with MatchPool(matcher, 2) as pool:
        pool.prime(queries)
        assert pool.started
    assert matcher.uncached(queries) == []  # answered by the workers, kept here
    reference = Matcher([e for lst in LISTS for e in lst.entities])
    for name, ids, country in queries:
        found = matcher.match(name, ids, country)
        assert found == reference.match(name, ids, country)
        # Rebuilt around this process's entities, not copies of them.
        assert all(any(c.entity is e for e in matcher.entities) for c in found)
    assert [c.entity.id for c in matcher.match("MEGVII TECHNOLOGY LTD", (), "CN")] == [
        "test:megvii"]


def test_a_few_names_start_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_NAMES", 10)
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    with MatchPool(matcher, 2) as pool:
        pool.prime([("Sugon", (), None)])
        assert not pool.started
    assert matcher.uncached([("Sugon", (), None)]) == [("Sugon", (), None)]


def test_a_batch_is_collected_a_slice_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # A batch sent at once is answered in slices, in order; the names of a step are waited
    # for alone, the later slices left to the workers meanwhile.
    monkeypatch.setattr(parallel, "MAX_SLICE_NAMES", 5)
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    queries: list[Query] = [(f"Trading Company {n}", (), None) for n in range(40)]
    with MatchPool(matcher, 2) as pool:
        pending = pool.submit(queries)
        assert pending is not None and len(pending.slices) == 8
        pool.collect(pending, queries[:7])  # in the first two slices
        assert pending.done == 2
        assert matcher.uncached(queries) == queries[10:]
        pool.collect(pending, queries[:3])  # answered already: nothing to wait for
        assert pending.done == 2
        pool.collect(pending)
        assert pending.done == 8
    assert matcher.uncached(queries) == []
    assert matcher.computed == 40


def test_once_the_workers_run_a_small_batch_goes_to_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_NAMES", 20)
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    with MatchPool(matcher, 2) as pool:
        assert pool.submit([(f"Trading Company {n}", (), None) for n in range(19)]) is None
        pool.prime([(f"Trading Company {n}", (), None) for n in range(20)])
        assert pool.started
        small = [(f"Other Company {n}", (), None) for n in range(parallel.MIN_SENT_NAMES)]
        pending = pool.submit(small)
        assert pending is not None
        assert pool.submit([("Sugon", (), None)]) is None  # one name: scored here
        pool.collect(pending)
    assert matcher.uncached(small) == []


def test_worker_counts() -> None:
    assert resolve_workers(3) == 3
    assert resolve_workers(0) >= 1
    assert resolve_workers(-1) == resolve_workers(None) == resolve_workers(0)


def test_the_matcher_travels_without_its_answers() -> None:
    import pickle

    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    matcher.match("Sugon")
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy.uncached([("Sugon", (), None)]) == [("Sugon", (), None)]
    assert copy.match("Sugon") == matcher.match("Sugon")



def test_freed_memory_is_given_back_before_the_workers_fork(
        monkeypatch: pytest.MonkeyPatch) -> None:
    trims: list[bool] = []
    monkeypatch.setattr(parallel, "_trim_heap", lambda: trims.append(True))
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    with MatchPool(matcher, 2) as pool:
        assert trims == []
        pool.prime([("MEGVII TECHNOLOGY LTD", (), "CN")])
        assert pool.started and trims == [True]


def test_trimming_asks_arrow_and_the_c_library(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes
    import sys
    from types import SimpleNamespace

    calls: list[str] = []
    arrow_pool = SimpleNamespace(release_unused=lambda: calls.append("release_unused"))
    monkeypatch.setitem(sys.modules, "pyarrow",
                        SimpleNamespace(default_memory_pool=lambda: arrow_pool))
    libc = SimpleNamespace(malloc_trim=lambda pad: calls.append(f"malloc_trim({pad})"))
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    parallel._trim_heap()
    linux = sys.platform.startswith("linux")
    assert calls == ["release_unused", *(["malloc_trim(0)"] if linux else [])]
    monkeypatch.setattr(ctypes, "CDLL", lambda name: SimpleNamespace())  # no malloc_trim
    parallel._trim_heap()  # nothing to call: no error


def _signals_of(pid: int) -> tuple[int, int]:
    """The (ignored, caught) signal masks of a process, as Linux shows them."""
    fields = dict(line.split(":\t", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines() if ":\t" in line)
    return int(fields["SigIgn"], 16), int(fields["SigCgt"], 16)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_workers_ignore_ctrl_c_and_leave_sigterm_to_the_parent() -> None:
    import multiprocessing
    import signal

    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    with MatchPool(matcher, 2) as pool:
        pool.prime([("MEGVII TECHNOLOGY LTD", (), "CN"), ("Apple Inc", (), None)])
        children = multiprocessing.active_children()
        assert children
        for child in children:
            ignored, caught = _signals_of(child.pid or 0)
            assert ignored >> (signal.SIGINT - 1) & 1  # Ctrl-C: the parent reports it
            assert caught >> (signal.SIGTERM - 1) & 1  # ended only once the parent says so
            assert not ignored >> (signal.SIGPIPE - 1) & 1  # a parent gone ends it at once
    assert not [c for c in multiprocessing.active_children() if c in children]


# A worker that dies with a batch in flight: multiprocessing.Pool lost its task and waited for
# it forever. The workers fork from the test process, so a stand-in for the function they run,
# patched in before they start, is theirs too; it is sent by name, so it lives at module level.
_REAL_ANSWER = parallel._answer
_DOOMED = "Sugon"  # the worker given the slice with this name dies
_STARTED: Path | None = None  # where the slow stand-in writes its process id


def _dying_answer(keys: Sequence[CacheKey]) -> list[tuple[CacheKey, list[Record]]]:
    if any(key[0] == _DOOMED for key in keys):
        os._exit(1)
    return _REAL_ANSWER(keys)


def _slow_answer(keys: Sequence[CacheKey]) -> list[tuple[CacheKey, list[Record]]]:
    if any(key[0] == _DOOMED for key in keys) and _STARTED is not None:
        written = _STARTED.with_suffix(".part")
        written.write_text(str(os.getpid()))
        written.rename(_STARTED)  # whole, or not yet there
        time.sleep(60)  # until killed
    return _REAL_ANSWER(keys)


@contextlib.contextmanager
def _within(seconds: float) -> Iterator[None]:
    """Fail, rather than hang, when the block takes longer than `seconds`."""
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_QUERIES = [*((f"Apple Inc Fund {n}", (), "US") for n in range(30)),
            ("MEGVII TECHNOLOGY LTD", (), "CN"), (_DOOMED, (), "HK"),
            ("HANGZHOU HIKVISION DIGITAL TEC", (), "CN"), ("", (("isin", "CNE100001TW7"),), "CN")]


def _queries() -> list[Query]:
    return [(name, tuple(Identifier(*i) for i in ids), country)
            for name, ids, country in _QUERIES]


def _assert_answered_as_in_one_process(matcher: Matcher) -> None:
    assert matcher.uncached(_queries()) == []
    reference = Matcher([e for lst in LISTS for e in lst.entities])
    for query in _queries():
        assert matcher.match(*query) == reference.match(*query)
    assert [c.entity.id for c in matcher.match(_DOOMED, (), "HK")] == ["test:dawning"]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="patches the function the forked workers run")
def test_a_worker_that_dies_mid_batch_leaves_its_names_to_this_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_answer", _dying_answer)
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    pool = MatchPool(matcher, 2)
    try:
        with _within(30):
            pending = pool.submit(_queries())
            assert pending is not None and pool.started
            children = multiprocessing.active_children()
            pool.collect(pending)
            _assert_answered_as_in_one_process(matcher)
            # The rest of the run does without workers: new names are left to `match`.
            assert pool.submit([("Siemens AG Fund 1", (), "DE")]) is None
    finally:
        with _within(30):
            pool.close()
    assert not [c for c in multiprocessing.active_children() if c in children]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="patches the function the forked workers run")
def test_a_worker_killed_while_it_scores_leaves_its_names_to_this_process(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started = tmp_path / "started"
    monkeypatch.setattr(parallel, "_answer", _slow_answer)
    monkeypatch.setattr(f"{__name__}._STARTED", started)
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    pool = MatchPool(matcher, 2)
    try:
        with _within(30):
            pending = pool.submit(_queries())
            children = multiprocessing.active_children()
            while not started.exists():
                time.sleep(0.01)
            os.kill(int(started.read_text()), signal.SIGKILL)
            pool.collect(pending)
            _assert_answered_as_in_one_process(matcher)
    finally:
        with _within(30):
            pool.close()
    assert not [c for c in multiprocessing.active_children() if c in children]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="patches the function the forked workers run")
@pytest.mark.parametrize("batch_rows", [7, 1000])
def test_a_run_whose_worker_dies_gives_the_results_of_one_process(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, batch_rows: int) -> None:
    monkeypatch.setattr(parallel, "_answer", _dying_answer)
    path = write_csv(tmp_path / "holdings.csv", 40)
    subjects = [s for table in read_input(path) for s in table.subjects]
    with _within(30):
        results = list(screener(2, batch_rows).screen(subjects))
    assert results == single_process(path)


def test_workers_that_cannot_start_leave_the_run_to_this_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[int] = []

    def no_processes(*args: object, **kwargs: object) -> None:
        attempts.append(1)
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_processes)
    matcher = Matcher([e for lst in LISTS for e in lst.entities])
    with MatchPool(matcher, 2) as pool:
        assert pool.submit(_queries()) is None
        assert pool.submit(_queries()) is None
        assert not pool.started and attempts == [1]  # tried once, not for every batch
    matcher.match_many(_queries())
    _assert_answered_as_in_one_process(matcher)
