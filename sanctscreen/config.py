"""Project configuration: `sanctscreen.toml` or `[tool.sanctscreen]` in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sanctscreen.errors import ConfigError

CONFIG_NAME = "sanctscreen.toml"

# Keys whose number may not be below this (a negative age limit would refuse every list).
MINIMUM = {"max_list_age": 0}

# Every key a configuration file may set, with the type its value must have.
KEYS: dict[str, type | tuple[type, ...]] = {
    "lists": list,
    "list_files": list,
    "ownership": list,
    "hit_threshold": (int, float),
    "review_threshold": (int, float),
    "weak_aliases": str,
    "name_column": str,
    "sheet": str,
    "encoding": str,
    "fail_on": str,
    "allow": str,
    "ns_cmic_subsidiaries": str,
    "affiliates_rule": str,
    "purpose": str,
    "max_depth": int,
    "max_list_age": int,
    "include_clear": bool,
    "format": str,
}


def find_config(start: Path) -> Path | None:
    """The nearest sanctscreen.toml, or pyproject.toml with [tool.sanctscreen], from `start` up."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in _read(pyproject) and "sanctscreen" in _read(
            pyproject
        ).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None) -> dict[str, Any]:
    """The validated settings in `path`; relative paths in it are resolved against its folder."""
    if path is None:
        return {}
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("sanctscreen", {})
    settings: dict[str, Any] = {}
    for key, value in data.items():
        key = key.replace("-", "_")
        expected = KEYS.get(key)
        if expected is None:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"unknown setting {key!r} (known: {known})", path=path)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"setting {key!r} has the wrong type", path=path)
        if key in MINIMUM and isinstance(value, int) and value < MINIMUM[key]:
            raise ConfigError(f"setting {key!r} must be {MINIMUM[key]} or more", path=path)
        settings[key] = value
    for key in ("list_files", "ownership"):
        if key in settings:
            settings[key] = [str((path.parent / p).resolve()) for p in settings[key]]
    if "allow" in settings:
        settings["allow"] = str((path.parent / settings["allow"]).resolve())
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from None
    except RecursionError:  # a hostile file nested deeper than the parser can follow
        raise ConfigError("nested too deeply to be a settings file", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from None
