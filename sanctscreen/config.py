"""The settings of a run: flags or keyword arguments layered over the settings file
(`sanctscreen.toml` or `[tool.sanctscreen]` in pyproject.toml), and the defaults."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sanctscreen.errors import ConfigError
from sanctscreen.matching.interface import DEFAULT_HIT, DEFAULT_REVIEW, Thresholds, WeakAliases
from sanctscreen.models import Status
from sanctscreen.ownership import OwnershipPolicy
from sanctscreen.purposes import Purpose
from sanctscreen.settings import (
    SETTINGS,
    AffiliatesRule,
    FailOn,
    SubsidiaryStatus,
    from_argument,
    from_file,
    from_flag,
    shown,
)

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


_AFFILIATES: dict[str, Literal["auto", "on", "off"]] = {"auto": "auto", "on": "on", "off": "off"}


class Settings(dict[str, Any]):
    """Command-line values (or a library call's keyword arguments) layered over the settings
    file, each checked by sanctscreen.settings before any input is read: every value held is
    of its kind (a float, a list of ids ...)."""

    file: Path | None = None  # the settings file read, if any
    from_file: frozenset[str] = frozenset()  # the keys whose value is the file's
    arguments: bool = False  # set by keyword arguments (the library), not by flags

    @classmethod
    def resolve(cls, config: Path | None, flags: Mapping[str, Any]) -> Settings:
        """The command line's settings: `flags` over `config`, or over the nearest settings
        file from the current folder up."""
        path = config or find_config(Path.cwd())
        settings = cls(load_config(path))
        settings.file = path
        from_file = set(settings)
        for key, value in flags.items():
            key = "format" if key == "fmt" else key
            if key not in SETTINGS or value is None:
                continue  # not a setting (files, --output, --workers ...), or not given
            if isinstance(value, bool) and not value and key in settings:
                continue  # an unset boolean flag does not override the file
            settings[key] = from_flag(key, value)
            from_file.discard(key)
        settings.from_file = frozenset(from_file)
        settings.thresholds()  # the two thresholds are checked against each other up front
        return settings

    @classmethod
    def of_arguments(cls, config: Path | None, arguments: Mapping[str, Any]) -> Settings:
        """A library call's settings: keyword `arguments` (None: not given) over `config`, a
        settings file named explicitly (a library never reads one it was not given)."""
        settings = cls(load_config(config))
        settings.file = config
        settings.arguments = True
        given = {key: from_argument(key, value) for key, value in arguments.items()
                 if value is not None}
        settings.update(given)
        settings.from_file = frozenset(set(settings) - set(given))
        settings.thresholds()
        return settings

    def with_values(self, values: Mapping[str, Any]) -> Settings:
        """A copy with `values` (checked already) set as given by the caller."""
        copy = type(self)(self)
        copy.update(values)
        copy.file, copy.arguments = self.file, self.arguments
        copy.from_file = self.from_file - set(values)
        return copy

    def thresholds(self) -> Thresholds:
        hit = float(self.get("hit_threshold", DEFAULT_HIT))
        review = float(self.get("review_threshold", min(DEFAULT_REVIEW, hit)))
        if review > hit:
            where = ", ".join(self.origin(k) for k in ("review_threshold", "hit_threshold")
                              if k in self)
            raise ConfigError(f"review threshold {review} is above the hit threshold {hit} "
                              f"({where})")
        return Thresholds(hit=hit, review=review)

    def weak_aliases(self) -> WeakAliases:
        return WeakAliases(self.get("weak_aliases", WeakAliases.REVIEW))

    def max_list_age(self) -> int | None:
        """The most days old a list may be, or None when no limit was set."""
        value = self.get("max_list_age")
        return None if value is None else int(value)

    def fail_on(self) -> FailOn:
        return FailOn(self.get("fail_on", FailOn.HIT))

    def policy(self) -> OwnershipPolicy:
        """The ownership policy: the date rules are applied as of, the purpose, the rules."""
        subsidiaries = Status(self.get("ns_cmic_subsidiaries", SubsidiaryStatus.REVIEW))
        policy = OwnershipPolicy(
            as_of=self.get("as_of") or date.today(), ns_cmic_subsidiaries=subsidiaries,
            affiliates_rule=_AFFILIATES[self.get("affiliates_rule", AffiliatesRule.AUTO)],
            purpose=Purpose(self.get("purpose", Purpose.GENERAL)))
        if self.get("max_depth"):
            policy = replace(policy, max_depth=int(self["max_depth"]))
        return policy

    def paths(self, key: str) -> list[Path]:
        """The files a setting names (`list_files`, `ownership`)."""
        return [Path(p) for p in self.get(key, [])]

    def origin(self, key: str) -> str:
        """How the user set `key`, as they wrote it: `--max-list-age 30`, `max_list_age=30`,
        or `max_list_age = 30 in sanctscreen.toml`."""
        value = self[key]
        if key in self.from_file and self.file is not None:
            return f"{key} = {shown(value)} in {self.file}"
        if self.arguments:
            return f"{key}={shown(value)}"
        return SETTINGS[key].flag if isinstance(value, bool) else f"{SETTINGS[key].flag} {value}"

    def report_options(self, *, thresholds: Thresholds, weak_aliases: WeakAliases,
                       policy: OwnershipPolicy) -> dict[str, Any]:
        """The options a report records, so that the screen can be reproduced."""
        return {
            "hit_threshold": thresholds.hit,
            "review_threshold": thresholds.review,
            "weak_aliases": str(weak_aliases),
            "fail_on": str(self.fail_on()),
            "strict": bool(self.get("strict")),
            "as_of": policy.as_of.isoformat(),
            "ns_cmic_subsidiaries": str(policy.ns_cmic_subsidiaries),
            "affiliates_rule": policy.affiliates_rule,
            "purpose": str(policy.purpose),
            "max_depth": policy.max_depth,
            "max_list_age": self.max_list_age(),
            # As --lists takes them; a file's list of ids is recorded the same way.
            "lists": ",".join(self["lists"]) if self.get("lists") else None,
            "list_files": self.get("list_files", []),
            "ownership_files": self.get("ownership", []),
            "allow": self.get("allow"),
            "sheet": self.get("sheet"),
            "name_column": self.get("name_column"),
        }
