"""Verdicts on distinct rows: what every row with the same role cells becomes, judged once.

A row's outcome depends only on its role cells (name, identifiers, country): the fast paths
judge one stand-in row per distinct tuple of them, count the rows that come out clear and
build Subjects only for the rows a report lists.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from sanctscreen.inputs.cells import MAX_NAME, RowBuilder
from sanctscreen.inputs.columns import Layout
from sanctscreen.matching.parallel import MatchPool
from sanctscreen.models import Result, Status, Subject
from sanctscreen.screen import Screener

# What rows become: None (a clear row, only counted), or the Result that stands for every
# row with those role cells and whether a row's Subject may be made from it directly (False
# for skipped rows and rows whose long name earns a warning: those are built as the row
# reader builds them).
Verdict = tuple[bool, Result] | None
# Verdicts per screener (by id, dropped with it) and per column roles: they depend on nothing
# else, so that later files, and later runs of a long-lived screener, judge each row once.
_VERDICTS: dict[int, dict[tuple[Any, ...], dict[Any, Verdict]]] = {}
# A table holding more verdicts than this is emptied before the next chunk (a bound on memory
# for files of millions of distinct rows; the matcher's own cache still knows the names).
MAX_VERDICTS = 1_000_000


def roles_of(layout: Layout) -> tuple[int, ...]:
    """The columns a row's outcome depends on (name, identifiers, country), in order."""
    name = () if layout.name_index is None else (layout.name_index,)
    country = () if layout.country_index is None else (layout.country_index,)
    return (*name, *(i for _, i in layout.id_indexes), *country)


def verdicts_for(screener: Screener, layout: Layout) -> dict[Any, Verdict]:
    """The verdicts `screener` gave rows read with the column roles of `layout`."""
    tables = _VERDICTS.get(id(screener))
    if tables is None:
        tables = _VERDICTS[id(screener)] = {}
        weakref.finalize(screener, _VERDICTS.pop, id(screener), None)
    # The roles and their header texts (a repeated header row is recognised by them).
    signature = (layout.name_index is None, tuple(s for s, _ in layout.id_indexes),
                 layout.country_index is None,
                 tuple(layout.columns[i].casefold() for i in roles_of(layout)))
    return tables.setdefault(signature, {})


class Judge:
    """Screens one stand-in row per new key of a sheet and stores what such rows become."""

    def __init__(self, screener: Screener, pool: MatchPool | None, file: str,
                 layout: Layout) -> None:
        self.screener = screener
        self.pool = pool
        self.layout = layout
        self.roles = roles_of(layout)
        self.verdicts = verdicts_for(screener, layout)
        # Builds the stand-ins; its warnings (row 0) are dropped: rows that warn are built
        # again for real.
        self._probe = RowBuilder(file, None, layout)
        self._name_at = (self.roles.index(layout.name_index)
                         if layout.name_index is not None else None)

    def trim(self) -> None:
        """Forget every verdict when there are too many; call between chunks, not within."""
        if len(self.verdicts) > MAX_VERDICTS:
            self.verdicts.clear()

    def judge(self, keys: Sequence[tuple[Any, Sequence[Any]]]) -> None:
        """Judge each (key, role cells in the order of `roles`) and remember it by key."""
        width = len(self.layout.columns)
        stand_ins: list[Subject] = []
        for _, cells in keys:
            # Cells outside the roles are filled so that the stand-in is never an empty row;
            # a row that really is empty has blank role cells, which skips the stand-in too.
            values: list[Any] = ["x"] * width
            for position, value in zip(self.roles, cells, strict=True):
                values[position] = value
            stand_ins.extend(self._probe.build([(0, values)]))
        self._probe.take_warnings()
        screened = [s for s in stand_ins if s.skip_reason is None]
        if self.pool is not None:
            self.pool.prime([(s.name, s.identifiers, s.country) for s in screened])
        outcomes = iter(self.screener.screen(screened, workers=1))
        for (key, cells), stand_in in zip(keys, stand_ins, strict=True):
            if stand_in.skip_reason is not None:
                self.verdicts[key] = (False, Result(stand_in, Status.SKIPPED,
                                                    reason=stand_in.skip_reason))
                continue
            outcome = next(outcomes)
            raw = cells[self._name_at] if self._name_at is not None else None
            # A name cut for matching earns its row a warning: such rows are built for real.
            short = raw is None or len(raw if isinstance(raw, str) else str(raw)) <= MAX_NAME
            if outcome.status is Status.CLEAR and short:
                self.verdicts[key] = None
            else:
                self.verdicts[key] = (short, outcome)
