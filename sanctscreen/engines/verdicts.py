"""Verdicts on distinct rows: what every row with the same role cells becomes, judged once.

A row's outcome depends only on its role cells (name, identifiers, country): the fast paths
judge one stand-in row per distinct tuple of them, count the rows that come out clear and
build Subjects only for the rows a report lists.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctscreen import cache as disk
from sanctscreen.inputs import MAX_NAME, Cells, Layout, RowBuilder
from sanctscreen.matching.parallel import MatchPool, Pending
from sanctscreen.models import Result, Status, Subject
from sanctscreen.screen import Screener

# What rows become: None (a clear row, only counted), or the Result that stands for every
# row with those role cells and whether a row's Subject may be made from it directly (False
# for skipped rows and rows whose long name earns a warning: those are built as the row
# reader builds them).
Verdict = tuple[bool, Result] | None
# Verdicts per screener (by id, dropped with it) and per column roles: they depend on nothing
# else, so that later files, and later runs of a long-lived screener, judge each row once.
# Beside them, the keys whose rows are clear whatever the ownership policy (not skipped, no
# candidate at all): those may be stored for later runs with the same lists and code.
_STATES: dict[int, _State] = {}
# A table holding more verdicts than this is emptied before the next chunk (a bound on memory
# for files of millions of distinct rows; the matcher's own cache still knows the names); no
# more clear keys than this are kept for later runs.
MAX_VERDICTS = 1_000_000
# Marks a key holding cells other than text (see grouped.py); such keys are never stored.
TYPED = object()
KIND = "rows"


@dataclass
class _State:
    tables: dict[tuple[Any, ...], dict[Any, Verdict]] = field(default_factory=dict)
    clear: dict[tuple[Any, ...], set[Any]] = field(default_factory=dict)
    added: int = 0  # clear keys found since the state was created or loaded
    known: dict[tuple[Any, ...], Known] = field(default_factory=dict)  # per table


class Known:
    """The text keys of a verdict table as Arrow strings, with their verdicts, so that the
    columnar path looks up a block's distinct keys with Arrow's hashing (`pc.index_in`, in its
    reading threads) instead of making each a Python string and a dict look-up.

    Taken from the table when it is asked for and the table has changed size since. A key's
    verdict never changes within a table (the table is only added to, or emptied by
    `Judge.trim`), so a Known can lack keys judged since, which are then looked up in the
    table itself, but never disagree with it.
    """

    def __init__(self, table: dict[Any, Verdict]) -> None:
        import numpy as np
        import pyarrow as pa

        self.size = len(table)
        texts = [(key, verdict) for key, verdict in table.items() if type(key) is str]
        self.keys = pa.array([key for key, _ in texts], type=pa.string())
        self._verdicts = [verdict for _, verdict in texts]
        self._listed = np.fromiter((verdict is not None for _, verdict in texts), dtype=bool,
                                   count=len(texts))

    def look_up(self, keys: Any) -> tuple[Any, Any, dict[int, tuple[bool, Result]]]:
        """For Arrow strings `keys`: which are not known (numpy booleans), which are listed
        (numpy booleans), and the verdict on each listed one, by position in `keys`."""
        import numpy as np
        import pyarrow.compute as pc

        if not len(self.keys):
            return np.ones(len(keys), dtype=bool), np.zeros(len(keys), dtype=bool), {}
        at = pc.fill_null(pc.index_in(keys, value_set=self.keys), -1).to_numpy(
            zero_copy_only=False)
        unknown = at < 0
        listed = np.zeros(len(keys), dtype=bool)
        listed[~unknown] = self._listed[at[~unknown]]
        verdicts = self._verdicts
        found = {k: verdicts[at[k]] for k in np.flatnonzero(listed).tolist()}
        return unknown, listed, found


def _state(screener: Screener) -> _State:
    state = _STATES.get(id(screener))
    if state is None:
        state = _STATES[id(screener)] = _State()
        weakref.finalize(screener, _STATES.pop, id(screener), None)
    return state


def row_result(verdict: Result, direct: bool, file: str, sheet: str | None, number: int,
               cells: Cells, builder: RowBuilder, raw: Sequence[Any]) -> Result | None:
    """What one row with a known, not clear verdict becomes.

    `direct`: the stand-in's Subject with this row's number and `cells`. Otherwise (skipped
    rows, long names that warn, ragged rows) the `raw` row is built as the row reader builds
    it; None if that row turns out clear.
    """
    if direct:
        stand_in = verdict.subject
        subject = Subject(file, sheet, number, stand_in.name, stand_in.identifiers,
                          stand_in.country, cells)
        return Result(subject, verdict.status, verdict.matches)
    [subject] = builder.build([(number, raw)])
    if verdict.status is Status.SKIPPED:
        return Result(subject, Status.SKIPPED, reason=subject.skip_reason)
    if verdict.status is Status.CLEAR:
        return None
    return Result(subject, verdict.status, verdict.matches)


def roles_of(layout: Layout) -> tuple[int, ...]:
    """The columns a row's outcome depends on (name, identifiers, country), in order."""
    name = () if layout.name_index is None else (layout.name_index,)
    country = () if layout.country_index is None else (layout.country_index,)
    return (*name, *(i for _, i in layout.id_indexes), *country)


def signature(layout: Layout) -> tuple[Any, ...]:
    """What a row's outcome depends on besides its role cells: the roles and their header
    texts (a repeated header row is recognised by them)."""
    return (layout.name_index is None, tuple(s for s, _ in layout.id_indexes),
            layout.country_index is None,
            tuple(layout.columns[i].casefold() for i in roles_of(layout)))


def verdicts_for(screener: Screener, layout: Layout) -> dict[Any, Verdict]:
    """The verdicts `screener` gave rows read with the column roles of `layout`."""
    return _state(screener).tables.setdefault(signature(layout), {})


def load_rows(screener: Screener) -> int:
    """Take in the keys an earlier run found clear for these lists and this code; how many."""
    key = _rows_key(screener)
    found = None if key is None else disk.load(KIND, key)
    if not isinstance(found, dict):
        return 0
    if not all(isinstance(keys, set) for keys in found.values()):
        return 0  # not what save_rows writes: ignored, as a corrupt file is
    state = _state(screener)
    for layout_signature, keys in found.items():
        state.clear.setdefault(layout_signature, set()).update(keys)
        state.tables.setdefault(layout_signature, {}).update(dict.fromkeys(keys))
    return sum(len(keys) for keys in found.values())


def save_rows(screener: Screener) -> None:
    """Store the keys found clear, for later runs, if any were found."""
    state = _STATES.get(id(screener))
    key = _rows_key(screener)
    if state is not None and state.added and key is not None:
        disk.store(KIND, key, state.clear)


def _rows_key(screener: Screener) -> str | None:
    """The answers' key (lists, matcher, matching code) with a digest of the code that turns
    cells into Subjects and rows into keys; None for lists built in memory."""
    from sanctscreen.matching.answers import answers_key
    from sanctscreen.screen import matcher_key

    key = matcher_key(screener.thresholds, screener.lists, screener.extra_entities,
                      screener.weak_aliases)
    if key is None:
        return None
    package = Path(__file__).parents[1]
    return disk.make_key(KIND, answers_key(key), disk.code_digest(
        (package / "inputs", package / "engines", package / "countries.py",
         package / "identifiers.py"), ("python-stdnum", "pycountry")))


class Judge:
    """Screens one stand-in row per new key of a sheet and stores what such rows become."""

    # New keys judged at a time at most: the engines yield a chunk's rows in steps of so
    # many new keys, so that a first screen's progress moves every fraction of a second
    # (the workers are sent the chunk's new names at once: see `send`).
    STEP = 1_000

    def __init__(self, screener: Screener, pool: MatchPool | None, file: str,
                 layout: Layout) -> None:
        self.screener = screener
        self.pool = pool
        self.layout = layout
        self.roles = roles_of(layout)
        self.verdicts = verdicts_for(screener, layout)
        self._signature = signature(layout)
        # Builds the stand-ins; its warnings (row 0) are dropped: rows that warn are built
        # again for real.
        self._probe = RowBuilder(file, None, layout)
        self._name_at = (self.roles.index(layout.name_index)
                         if layout.name_index is not None else None)
        # What `send` sent: the names in the workers, and the stand-ins built for them.
        self._sent: Pending | None = None
        self._built: dict[Any, Subject] = {}

    def known(self) -> Known:
        """The table's text keys and their verdicts as Arrow sees them (see `Known`)."""
        states = _state(self.screener).known
        known = states.get(self._signature)
        if known is None or known.size != len(self.verdicts):
            known = states[self._signature] = Known(self.verdicts)
        return known

    def trim(self) -> None:
        """Forget every verdict when there are too many; call between chunks, not within."""
        if len(self.verdicts) > MAX_VERDICTS:
            self.verdicts.clear()

    def send(self, keys: Sequence[tuple[Any, Sequence[Any]]]) -> None:
        """Start the workers on the (key, role cells) `keys`, which `judge` is then asked for
        a step at a time, in this order: the workers score the later steps while the rows of
        the earlier ones are made into results."""
        if self.pool is None:
            return
        self.pool.collect(self._sent)  # what an earlier send left, if anything
        stand_ins = self._stand_ins(keys)
        self._built = {key: stand_in for (key, _), stand_in in zip(keys, stand_ins, strict=True)}
        self._sent = self.pool.submit([(s.name, s.identifiers, s.country) for s in stand_ins
                                       if s.skip_reason is None])

    def judge(self, keys: Sequence[tuple[Any, Sequence[Any]]]) -> None:
        """Judge each (key, role cells in the order of `roles`) and remember it by key."""
        built = self._built
        stand_ins = ([built.pop(key) for key, _ in keys]
                     if built and all(key in built for key, _ in keys) else
                     self._stand_ins(keys))
        screened = [s for s in stand_ins if s.skip_reason is None]
        if self.pool is not None:
            queries = [(s.name, s.identifiers, s.country) for s in screened]
            self.pool.collect(self._sent, queries)
            self.pool.prime(queries)
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
                if not self.screener.matcher.match(stand_in.name, stand_in.identifiers,
                                                   stand_in.country):
                    self._clear(key)
            else:
                self.verdicts[key] = (short, outcome)

    def _stand_ins(self, keys: Sequence[tuple[Any, Sequence[Any]]]) -> list[Subject]:
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
        return stand_ins

    def _clear(self, key: Any) -> None:
        """Note a key whose rows are clear whatever the policy (no candidate at all)."""
        if isinstance(key, tuple) and key and key[0] is TYPED:
            return
        state = _state(self.screener)
        keys = state.clear.setdefault(self._signature, set())
        if len(keys) < MAX_VERDICTS:
            keys.add(key)
            state.added += 1
