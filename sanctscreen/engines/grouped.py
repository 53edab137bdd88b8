"""The distinct-row path for workbooks, Parquet and text the columnar path does not take.

Rows come from the exact reader (the same sheets, header, columns and row numbers); each
distinct tuple of role cells is judged once, clear rows are only counted, and Subjects are
built only for the rows a report lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import compress, count, islice, pairwise, repeat
from operator import is_not, itemgetter
from typing import Any

from sanctscreen import collector
from sanctscreen.engines.interface import Batch
from sanctscreen.engines.verdicts import TYPED, Judge, row_result
from sanctscreen.inputs import Cells, RawSheet, RowBuilder
from sanctscreen.matching.parallel import MatchPool
from sanctscreen.models import Result
from sanctscreen.screen import Screener

_MISSING = object()


class SheetScreen:
    """One sheet: each distinct tuple of role cells judged once, rows only counted if clear."""

    def __init__(self, screener: Screener, pool: MatchPool | None, sheet: RawSheet, *,
                 builder: RowBuilder | None = None) -> None:
        self.sheet = sheet
        layout = sheet.layout
        # `builder`: one that built earlier rows of the sheet (its warning count goes on).
        self.builder = builder or sheet.builder()
        self.builder.warnings.extend(sheet.notes)
        self.judge = Judge(screener, pool, sheet.file, layout)
        roles = self.judge.roles
        self._width = len(layout.columns)
        self._top = max(roles)  # a row shorter than this is padded before its key is taken
        self._key: Callable[[Sequence[Any]], Any] = (
            itemgetter(*roles) if len(roles) > 1 else _single(roles[0]))
        self._index = {column: i for i, column in enumerate(layout.columns)}

    def batches(self, chunk_rows: int) -> Iterator[Batch]:
        rows = self.sheet.rows
        first = True
        while True:
            with collector.paused():  # many containers, no cycle
                chunk = list(islice(rows, chunk_rows))
                keys = self._keys(chunk)
                self.judge.trim()
                found: list[Any] = list(map(self.judge.verdicts.get, keys, repeat(_MISSING)))
            # Rows holding many keys not judged yet are screened, and yielded, a step of them
            # at a time (see Judge.STEP), the workers sent all their names first.
            steps = _steps(keys, found, self.judge.STEP)
            if len(steps) > 1:
                self._send(keys, found)
            for start, stop in steps:
                with collector.paused():
                    results = self._chunk(chunk[start:stop], keys[start:stop],
                                          found[start:stop])
                yield Batch(stop - start, results, self.builder.take_warnings())
            if not chunk and first:  # a sheet with no rows still says what its reader noticed
                yield Batch(0, (), self.builder.take_warnings())
            first = False
            if len(chunk) < chunk_rows:
                return

    def _keys(self, chunk: list[tuple[int, Sequence[Any]]]) -> list[Any]:
        """Each row's key: its role cells (a short row padded first)."""
        key, top, width = self._key, self._top, self._width
        if not chunk:
            return []
        raws = [raw for _, raw in chunk]
        if min(map(len, raws)) > top:  # a workbook's rows all have the sheet's width
            return list(map(key, raws))
        return [key(raw) if len(raw) > top else key([*raw, *[None] * (width - len(raw))])
                for raw in raws]

    def _chunk(self, chunk: list[tuple[int, Sequence[Any]]], keys: list[Any],
               found: list[Any]) -> tuple[Result, ...]:
        """The results of the rows `chunk` a report lists, given their `keys` and the verdicts
        `found` on them (_MISSING where not known when the chunk was read)."""
        if not chunk:
            return ()
        width = self._width
        numbers, raws = zip(*chunk, strict=True)
        if _MISSING in found:
            self._fill(found, keys, [i for i, v in enumerate(found) if v is _MISSING])
        file, sheet, index = self.sheet.file, self.sheet.name, self._index
        results = []
        for i in compress(count(), map(is_not, found, repeat(None))):
            direct: bool
            outcome: Result
            direct, outcome = found[i]
            number, raw = numbers[i], raws[i]
            result = row_result(outcome, direct and len(raw) == width, file, sheet, number,
                                Cells(index, [None if v == "" else v for v in raw]),
                                self.builder, raw)
            if result is not None:
                results.append(result)
        return tuple(results)

    def _send(self, keys: list[Any], found: list[Any]) -> None:
        """Send the workers the names of the rows not judged yet, in the order they appear
        (keys of text cells only: the others are sent when judged)."""
        misses = dict.fromkeys(k for k, v in zip(keys, found, strict=True) if v is _MISSING)
        self.judge.send([(k, k) for k in misses
                         if all(v is None or type(v) is str for v in k)])

    def _fill(self, found: list[Any], keys: list[Any], misses: list[int]) -> None:
        """Look up the rows missed by their plain key: by typed key, else judge them."""
        verdicts = self.judge.verdicts
        # Keys of text cells only are their own stored key. The others are stored with their
        # cells' types, row by row: True == 1 == 1.0 in Python (dict.fromkeys would merge
        # (TRUE,) with (1,)), but a name cell holding TRUE is not the name "1".
        plain = {k for k in dict.fromkeys(keys[i] for i in misses)
                 if all(v is None or type(v) is str for v in k)}
        new: dict[Any, Sequence[Any]] = {k: k for k in plain if k not in verdicts}
        typed: dict[int, Any] = {}
        for i in misses:
            cells = keys[i]
            if cells not in plain:
                typed[i] = stored = (TYPED, cells, tuple(map(type, cells)))
                if stored not in verdicts:
                    new.setdefault(stored, cells)
        if new:
            self.judge.judge(list(new.items()))
        if not typed:  # the common case: every key of the chunk is now a stored key
            found[:] = map(verdicts.__getitem__, keys)
            return
        for i in misses:
            found[i] = verdicts[typed[i]] if i in typed else verdicts[keys[i]]


def _steps(keys: list[Any], found: list[Any], step: int) -> list[tuple[int, int]]:
    """The rows in ranges, each first to hold at most `step` keys not judged yet (most often
    one range: few keys are new)."""
    if not keys:
        return []
    misses = [i for i, v in enumerate(found) if v is _MISSING] if _MISSING in found else []
    if len(misses) <= step:
        return [(0, len(keys))]
    seen: set[Any] = set()
    cuts = [0]
    for i in misses:
        if keys[i] not in seen:
            if len(seen) and not len(seen) % step:
                cuts.append(i)
            seen.add(keys[i])
    cuts.append(len(keys))
    return list(pairwise(cuts))


def _single(position: int) -> Any:
    def key(raw: Sequence[Any]) -> tuple[Any]:
        return (raw[position],)

    return key


def screen_sheets(screener: Screener, pool: MatchPool | None, sheets: Iterator[RawSheet],
                  chunk_rows: int) -> Iterator[Batch]:
    """Batches of every sheet of one file, in order."""
    for sheet in sheets:
        yield from SheetScreen(screener, pool, sheet).batches(chunk_rows)
