"""The interface every report format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import BinaryIO, ClassVar

from sanctscreen.models import Report


class ReportFormat(ABC):
    """Renders a Report to bytes. Formats never print and never decide exit codes."""

    NAME: ClassVar[str]  # the --format value, e.g. "json"
    EXTENSIONS: ClassVar[tuple[str, ...]]  # file suffixes that select this format, e.g. (".json",)

    @abstractmethod
    def write(self, report: Report, out: BinaryIO) -> None:
        """Write the whole report to `out`."""
