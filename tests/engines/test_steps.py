"""A first screen comes back in steps of new names, so that its progress moves within a chunk;
a repeat screen of the same rows, one batch per chunk. The rows and results are the same."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from sanctscreen.engines import Source
from sanctscreen.engines.local import LocalEngine
from sanctscreen.engines.verdicts import Judge
from sanctscreen.lists import load_lists
from sanctscreen.matching import parallel
from sanctscreen.matching.matcher import Query
from sanctscreen.matching.parallel import MatchPool
from sanctscreen.models import Status
from sanctscreen.screen import Screener
from tests.engines.holdings import LISTS, POLICY

STEP = 4
LISTED = ["Megvii Technology Limited", "Sugon", "SZ DJI Technology Co Ltd"]


def _rows(prefix: str) -> list[list[str]]:
    """30 distinct names (3 listed), each on two rows, the second half repeating the first."""
    names = [*LISTED, *(f"{prefix} Trading {n}" for n in range(27))]
    return [[name, "CN", str(i)] for i, name in enumerate(names + names)]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Issuer Name", "Country", "Quantity"])
        writer.writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Issuer Name", "Country", "Quantity"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _screen(path: Path, screener: Screener, *, fast: bool = True
            ) -> list[tuple[int, list[tuple[int, Status]]]]:
    engine = LocalEngine(1000, fast=fast)
    batches = [(b.rows, [(r.subject.row, r.status) for r in b.results])
               for b in engine.run(screener, [Source(path)])]
    # Text is read by the columnar path, a workbook by the distinct-row path.
    assert engine.fast_files == ([str(path)] if fast and path.suffix == ".csv" else [])
    return batches


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"], ids=["columnar", "distinct rows"])
def test_new_names_come_in_steps_and_known_ones_in_one_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, workers: int) -> None:
    monkeypatch.setattr(Judge, "STEP", STEP)
    rows = _rows(f"Step {tmp_path.name}")
    path = (_csv if suffix == ".csv" else _xlsx)(tmp_path / f"rows{suffix}", rows)
    screener = Screener([*load_lists(), *LISTS], policy=POLICY, workers=workers)
    first = _screen(path, screener)
    # 30 new names in the first half of the file: a batch per 4 of them; the second half
    # repeats them and comes with the last step.
    assert len(first) == math.ceil(30 / STEP)
    assert sum(rows for rows, _ in first) == len(rows)
    again = _screen(path, screener)
    assert len(again) == 1
    flat = [found for _, results in first for found in results]
    assert flat == again[0][1] == [found for _, results in _screen(
        path, Screener([*load_lists(), *LISTS], policy=POLICY), fast=False)
        for found in results]
    assert [status for _, status in flat].count(Status.HIT) == 2 * len(LISTED)


def test_a_step_is_counted_in_new_names_not_rows(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Judge, "STEP", STEP)
    # One new name on many rows, then a few more: one step holds all of them.
    rows = [["Acme Holding", "US", str(n)] for n in range(50)]
    rows += [[f"Acme {tmp_path.name} {n}", "US", "1"] for n in range(STEP - 1)]
    path = _csv(tmp_path / "rows.csv", rows)
    screener = Screener([*load_lists(), *LISTS], policy=POLICY)
    assert [count for count, _ in _screen(path, screener)] == [len(rows)]


def test_the_workers_are_sent_the_new_names_of_a_chunk_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The steps are waited for one by one while the workers score the later ones: each name
    # is scored once, by the workers, and the results are those of one process.
    monkeypatch.setattr(Judge, "STEP", STEP)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_NAMES", 1)
    monkeypatch.setattr(parallel, "MAX_SLICE_NAMES", 3)
    sent: list[int] = []
    submit = MatchPool.submit

    def counted(pool: MatchPool, queries: Sequence[Query]) -> parallel.Pending | None:
        pending = submit(pool, queries)
        sent.append(0 if pending is None else len(pending.keys))
        return pending

    monkeypatch.setattr(MatchPool, "submit", counted)
    rows = _rows(f"Sent {tmp_path.name}")
    for suffix in (".csv", ".xlsx"):
        path = (_csv if suffix == ".csv" else _xlsx)(tmp_path / f"rows{suffix}", rows)
        screener = Screener([*load_lists(), *LISTS], policy=POLICY, workers=2)
        sent.clear()
        batches = _screen(path, screener)
        assert len(batches) == math.ceil(30 / STEP)
        assert sent[0] == 30  # the whole chunk's new names, then nothing left to send
        assert not any(sent[1:])
        assert screener.matcher.computed == 30
        assert [found for _, results in batches for found in results] == [
            found for _, results in _screen(
                path, Screener([*load_lists(), *LISTS], policy=POLICY), fast=False)
            for found in results]
