"""Run a file through the local engine's fast paths and through the exact reader, and compare."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sanctscreen.engines import Source
from sanctscreen.engines.local import LocalEngine
from sanctscreen.lists import load_lists
from sanctscreen.reports.json import to_dict
from sanctscreen.screen import Screener, build_report
from tests.engines.holdings import LISTS, POLICY

WHEN = datetime(2026, 11, 22, tzinfo=UTC)


@cache
def screener(workers: int = 1) -> Screener:
    return Screener([*load_lists(), *LISTS], policy=POLICY, workers=workers)


def run(path: Path, *, fast: bool, chunk_rows: int = 7, keep_clear: bool = False,
        workers: int = 1, **options: Any) -> tuple[dict[str, Any], list[str], list[str]]:
    """(JSON report, reader warnings, files the columnar path took) of one path."""
    engine = LocalEngine(chunk_rows, fast=fast)
    chosen = screener(workers)
    batches = list(engine.run(chosen, [Source(path, **options)], keep_clear=keep_clear))
    results = [r for b in batches for r in b.results]
    report = build_report(results, chosen.lists, [str(path)], {}, include_clear=keep_clear,
                          generated_at=WHEN, clear_rows=sum(b.clear for b in batches))
    return to_dict(report), [w for b in batches for w in b.warnings], engine.fast_files


def assert_same(path: Path, *, columnar: bool = True, **options: Any) -> dict[str, Any]:
    """The fast paths give the exact reader's report and warnings; the columnar path was
    taken iff `columnar` (otherwise the distinct-row path read the file)."""
    exact, exact_warnings, none = run(path, fast=False, **options)
    quick, quick_warnings, taken = run(path, fast=True, **options)
    assert none == []
    assert quick == exact
    assert quick_warnings == exact_warnings
    assert taken == ([str(path)] if columnar else [])
    return quick
