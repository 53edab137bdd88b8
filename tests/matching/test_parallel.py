"""Worker processes score new names: results equal to one process, for any batch or worker count."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctscreen.inputs import read_input
from sanctscreen.matching import Matcher, parallel
from sanctscreen.matching.parallel import MatchPool, resolve_workers
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
