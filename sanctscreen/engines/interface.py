"""What an engine is given (input files and how to read them) and what it hands back (batches)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from sanctscreen.models import Result, Status
from sanctscreen.screen import Screener

# Rows read and screened at a time: memory follows this, not the size of the file.
CHUNK_ROWS = 100_000


@dataclass(frozen=True)
class Source:
    """One input file and the reading options the user gave for it."""

    path: Path
    sheet: str | None = None
    name_column: str | None = None
    encoding: str | None = None

    @property
    def file(self) -> str:
        return str(self.path)  # Subject.file keeps the path as given


@dataclass(frozen=True)
class FrameSource:
    """A table held in memory (a pandas DataFrame or a pyarrow Table), read as a Parquet file
    of the same columns would be (sanctscreen.inputs.frame) and reported under `file`."""

    data: Any
    file: str
    name_column: str | None = None


Sources = Sequence[Source | FrameSource]


@dataclass(frozen=True)
class Batch:
    """Consecutive rows of the input: how many were screened, and the results that were kept
    (every non-clear row, or every row when clear ones are kept), in input order."""

    rows: int
    results: tuple[Result, ...]
    warnings: tuple[str, ...] = ()

    @property
    def clear(self) -> int:
        """Clear rows screened but not kept."""
        return self.rows - len(self.results)


class Engine(ABC):
    """Runs a Screener over input files; engines differ in where the rows are screened."""

    NAME: ClassVar[str]

    @abstractmethod
    def run(self, screener: Screener, sources: Sources, *, keep_clear: bool = False
            ) -> Iterator[Batch]:
        """Batches covering every row of `sources`, in input order."""


def kept(results: Iterator[Result] | Sequence[Result], keep_clear: bool) -> tuple[Result, ...]:
    """The results a report lists: clear rows are only counted unless `keep_clear`."""
    return tuple(r for r in results if keep_clear or r.status is not Status.CLEAR)


def shifted(result: Result, offset: int) -> Result:
    """The result with its row number moved by `offset` (a partition's place in the file)."""
    if not offset:
        return result
    return replace(result, subject=replace(result.subject, row=result.subject.row + offset))
