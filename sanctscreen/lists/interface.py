"""The interface every list loader implements, and the error base its failures use."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from sanctscreen.models import ScreeningList


class ListLoader(ABC):
    """Reads one list format into a ScreeningList.

    Loaders raise `sanctscreen.errors.ListError` (naming the file) for anything malformed,
    and return recoverable oddities (orphan rows, unknown columns) as `ScreeningList.warnings`.
    """

    NAME: ClassVar[str]  # the --format value, e.g. "ofac-csv"
    DESCRIPTION: ClassVar[str]

    @classmethod
    @abstractmethod
    def sniff(cls, path: Path) -> bool:
        """Whether `path` (a file, or a directory for multi-file sets) looks like this format."""

    @abstractmethod
    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        """Load `path`; `list_id` overrides the id the loader would choose."""
