"""Project configuration: `sanctscreen.toml` or `[tool.sanctscreen]` in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sanctscreen.errors import ConfigError
from sanctscreen.settings import from_file

CONFIG_NAME = "sanctscreen.toml"


def find_config(start: Path) -> Path | None:
    """The nearest sanctscreen.toml, or pyproject.toml with [tool.sanctscreen], from `start` up."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tool = _read(pyproject).get("tool")
            if isinstance(tool, dict) and "sanctscreen" in tool:
                return pyproject
    return None


def load_config(path: Path | None) -> dict[str, Any]:
    """The checked settings in `path` (see sanctscreen.settings); file names in it are resolved
    against its folder."""
    if path is None:
        return {}
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("sanctscreen", {})
        if not isinstance(data, dict):
            raise ConfigError("[tool.sanctscreen] must be a table of settings", path=path)
    return from_file(data, path)


def _read(path: Path) -> dict[str, Any]:
    if path.exists() and not path.is_file():
        # A folder, or a device or pipe that may never end (/dev/zero): never parsed.
        raise ConfigError("is not a settings file (not a regular file)", path=path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from None
    except RecursionError:  # a hostile file nested deeper than the parser can follow
        raise ConfigError("nested too deeply to be a settings file", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from None
