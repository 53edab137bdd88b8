"""sanctscreen: screen holdings, vendor and counterparty files against US restricted-party lists.

The library's face; the command line is built on it:

    import sanctscreen

    screener = sanctscreen.Screener.from_lists(purpose="securities")
    screening = screener.screen(holdings)   # a pandas DataFrame, a pyarrow Table or a path
    screening.flagged                       # the rows that are a hit or need review, and why
    screening.to_pandas()                   # one row per input row, on the input's index
    sanctscreen.lookup("Megvii")            # one party, the Result a row would get

Every problem a caller can cause raises a SanctscreenError (InputError, ListError, ConfigError,
ReportError) with the one-line message the command line prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sanctscreen.errors import ConfigError, InputError, ListError, ReportError, SanctscreenError

if TYPE_CHECKING:
    from sanctscreen.api import Screener, Screening, lookup
    from sanctscreen.models import Match, MatchType, PathStep, Result, Status, Subject, Summary

# The single source of the version (pyproject.toml reads it from here); a constant rather than
# importlib.metadata, which costs tens of milliseconds at every start of the command.
__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "InputError",
    "ListError",
    "Match",
    "MatchType",
    "PathStep",
    "ReportError",
    "Result",
    "SanctscreenError",
    "Screener",
    "Screening",
    "Status",
    "Subject",
    "Summary",
    "__version__",
    "lookup",
]

# Imported on first use: `sanctscreen --version` and `--help` need none of it.
_LAZY = {"Screener": "api", "Screening": "api", "lookup": "api", "Match": "models",
         "MatchType": "models", "PathStep": "models", "Result": "models", "Status": "models",
         "Subject": "models", "Summary": "models"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sanctscreen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"sanctscreen.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
