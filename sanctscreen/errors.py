"""The exceptions a user can cause; each message is one line written for the person reading it."""

from __future__ import annotations

from pathlib import Path


class SanctscreenError(Exception):
    """Base of every error a user can cause: bad input, bad list, bad option. Exit code 2."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None, hint: str | None = None):
        self.path = str(path) if path is not None else None
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        text = super().__str__()
        if self.path:
            text = f"{self.path}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return text


class InputError(SanctscreenError):
    """A file to screen cannot be read or understood."""


class ListError(SanctscreenError):
    """A list file is missing, malformed, or parses to nothing."""


class ReportError(SanctscreenError):
    """A report cannot be written where asked."""


class ConfigError(SanctscreenError):
    """An option, configuration file or decisions file is invalid."""
