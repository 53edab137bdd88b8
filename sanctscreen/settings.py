"""Every value a user can set — on the command line, in a settings file, in a decisions file —
with its type, its range or choices, and the one message that refuses a bad one.

Each source hands its raw values here before any input file is read: the command line gives
text, TOML and YAML give typed values. Both meet the same checks, so `--threshold 9.5` and
`hit_threshold = 9.5` are refused alike, and a value that passes is the value the program uses
(a float, an int, a date, a list of ids), never a string to be parsed again later.
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from os import PathLike
from pathlib import Path
from typing import Any

from sanctscreen.errors import ConfigError
from sanctscreen.matching.interface import WeakAliases
from sanctscreen.purposes import Purpose

# The report formats by name, without importing the report modules (they pull in openpyxl,
# which `lookup` and `--help` should not wait for); a test keeps them equal to the registry's.
REPORT_FORMATS = ("csv", "github", "html", "json", "junit", "markdown", "parquet", "sarif",
                  "xlsx")
# Formats whose bytes are not text: written to a terminal they are noise, and can upset it.
BINARY_FORMATS = frozenset({"parquet", "xlsx"})


class FailOn(StrEnum):
    HIT = "hit"
    REVIEW = "review"
    NEVER = "never"


class SubsidiaryStatus(StrEnum):
    REVIEW = "review"
    HIT = "hit"


class AffiliatesRule(StrEnum):
    AUTO = "auto"
    ON = "on"
    OFF = "off"


class Invalid(ValueError):
    """A value is not of its kind; the caller says where it came from. The message, if any,
    is a hint on how to write it."""


class Kind:
    """A kind of value: what it must be (for the message) and how a raw one becomes it."""

    expected = "a value"

    def parse(self, value: object, *, typed: bool = False) -> Any:
        """The value as the program uses it; Invalid when it is not one of this kind.

        The command line gives text, which is parsed. A file with types (`typed`: TOML, YAML)
        must give a number or a boolean as one: `max_list_age = "30"` is refused, as a sign
        that the file does not say what its writer meant.
        """
        raise NotImplementedError


_UNQUOTE = "write it without quotes"


class Number(Kind):
    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.expected = f"a number from {low:g} to {high:g}"

    def parse(self, value: object, *, typed: bool = False) -> float:
        if isinstance(value, str) and typed:
            raise Invalid(_UNQUOTE)
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise Invalid from None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            raise Invalid
        # NaN compares false with everything: as a threshold it would pass every range check
        # and then make no score a hit.
        if not math.isfinite(number) or not self.low <= number <= self.high:
            raise Invalid
        return number


class Whole(Kind):
    def __init__(self, low: int) -> None:
        self.low = low
        self.expected = f"a whole number of {low} or more"

    def parse(self, value: object, *, typed: bool = False) -> int:
        if isinstance(value, str) and typed:
            raise Invalid(_UNQUOTE)
        if isinstance(value, str):
            try:
                number = int(value.strip())
            except ValueError:
                raise Invalid from None
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            raise Invalid
        if number < self.low:
            raise Invalid
        return number


class Choice(Kind):
    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = tuple(choices)
        quoted = [f"'{c}'" for c in self.choices]
        self.expected = (" or ".join(quoted) if len(quoted) == 2
                         else "one of " + ", ".join(quoted))

    def parse(self, value: object, *, typed: bool = False) -> str:
        if not isinstance(value, str) or value.strip().lower() not in self.choices:
            raise Invalid
        return value.strip().lower()


class Text(Kind):
    expected = "a text that is not blank"

    def parse(self, value: object, *, typed: bool = False) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid
        return value


class Encoding(Text):
    expected = "an encoding Python knows, e.g. utf-8, gb18030, cp1252, utf-16"

    def parse(self, value: object, *, typed: bool = False) -> str:
        text = super().parse(value)
        try:
            codecs.lookup(text.strip())
        except LookupError:
            raise Invalid from None
        return text.strip()


class Shown(Kind):
    """How many flagged rows the terminal shows: a whole number, or "all"."""

    expected = "a whole number of 0 or more, or 'all'"

    def parse(self, value: object, *, typed: bool = False) -> int | str:
        if isinstance(value, str) and value.strip().lower() == "all":
            return "all"
        return Whole(0).parse(value, typed=typed)


class Flag(Kind):
    expected = "true or false"

    def parse(self, value: object, *, typed: bool = False) -> bool:
        if not isinstance(value, bool):
            raise Invalid(_UNQUOTE if typed and value in ("true", "false") else "")
        return value


class Day(Kind):
    expected = "a date like 2026-01-31"

    def parse(self, value: object, *, typed: bool = False) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            raise Invalid
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date()  # "2026-01-31 09:00", as YAML allows
        except ValueError:
            raise Invalid from None


class Ids(Kind):
    """List ids: "seed,ofac-cons" (the command line's form, also accepted in a file) or a list
    of strings. An empty list is refused: screening against no list passes every row."""

    expected = 'list ids, as "seed,ofac-cons" or ["seed", "ofac-cons"]'

    def parse(self, value: object, *, typed: bool = False) -> list[str]:
        if isinstance(value, str):
            items: list[object] = list(value.split(","))
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            raise Invalid
        if not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise Invalid
        return [str(i).strip() for i in items]


class Files(Kind):
    """File names: a list of them, or one (a string)."""

    expected = 'file names, as ["owners.csv"]'

    def parse(self, value: object, *, typed: bool = False) -> list[str]:
        items = list(value) if isinstance(value, list | tuple) else [value]
        names = [_path_text(item) for item in items]
        if not names or any(name is None for name in names):
            raise Invalid
        return [name for name in names if name is not None]


class File(Kind):
    expected = "a file name"

    def parse(self, value: object, *, typed: bool = False) -> str:
        name = _path_text(value)
        if name is None:
            raise Invalid
        return name


def _path_text(value: object) -> str | None:
    if isinstance(value, PathLike):
        value = str(Path(value))
    if not isinstance(value, str) or not value.strip() or value.strip() == ".":
        return None  # "" becomes "." as a Path: the current folder, never a file
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its key in a settings file, its command-line flag, and its kind."""

    key: str
    kind: Kind
    flag: str
    in_file: bool = True  # whether a settings file may set it
    relative: bool = False  # file names in a settings file are relative to its folder


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("lists", Ids(), "--lists"),
    Setting("list_files", Files(), "--list", relative=True),
    Setting("ownership", Files(), "--ownership", relative=True),
    Setting("hit_threshold", Number(0, 1), "--threshold"),
    Setting("review_threshold", Number(0, 1), "--review-threshold"),
    Setting("weak_aliases", Choice([w.value for w in WeakAliases]), "--weak-aliases"),
    Setting("name_column", Text(), "--name-column"),
    Setting("sheet", Text(), "--sheet"),
    Setting("encoding", Encoding(), "--encoding"),
    Setting("fail_on", Choice([f.value for f in FailOn]), "--fail-on"),
    Setting("strict", Flag(), "--strict"),
    Setting("allow", File(), "--allow", relative=True),
    Setting("ns_cmic_subsidiaries", Choice([s.value for s in SubsidiaryStatus]),
            "--ns-cmic-subsidiaries"),
    Setting("affiliates_rule", Choice([r.value for r in AffiliatesRule]), "--affiliates-rule"),
    Setting("purpose", Choice([p.value for p in Purpose]), "--purpose"),
    Setting("max_depth", Whole(1), "--max-depth"),
    Setting("max_list_age", Whole(0), "--max-list-age"),
    Setting("include_clear", Flag(), "--include-clear"),
    Setting("format", Choice(["table", *REPORT_FORMATS]), "--format"),
    Setting("show", Shown(), "--show"),
    # Not in a settings file: a date fixed in a CI job's settings would go on applying old rules
    # (and keep expired decisions alive) long after it was written.
    Setting("as_of", Day(), "--as-of", in_file=False),
)}


def _refusal(what: str, kind: Kind, value: object, problem: Invalid) -> str:
    hint = f" ({problem})" if str(problem) else ""
    return f"{what} must be {kind.expected}, not {shown(value)}{hint}"


def shown(value: object) -> str:
    """A value as the message quotes it: text in quotes (cut short), the rest as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, PathLike):
        value = str(value)
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"'{text[:57]}...'" if len(text) > 60 else f"'{text}'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def from_flag(key: str, value: object) -> Any:
    """A command-line value of setting `key`, checked; ConfigError naming the flag."""
    setting = SETTINGS[key]
    try:
        return setting.kind.parse(value)
    except Invalid as problem:
        raise ConfigError(_refusal(setting.flag, setting.kind, value, problem)) from None


def from_argument(key: str, value: object) -> Any:
    """A library call's keyword argument `key`, checked as its flag would be: text is parsed
    as on the command line, and Python values (a float, a date, a list, a Path) are taken as
    they are; ConfigError naming the argument."""
    setting = SETTINGS[key]
    try:
        return setting.kind.parse(value)
    except Invalid as problem:
        raise ConfigError(_refusal(key, setting.kind, value, problem)) from None


def path_argument(name: str, value: object) -> str:
    """A file name given to the library as argument `name` (text or a path); ConfigError."""
    try:
        return File().parse(value)
    except Invalid as problem:
        raise ConfigError(_refusal(name, File(), value, problem)) from None


def from_file(raw: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """The settings of a settings file, checked, with file names made relative to its folder;
    ConfigError naming the file and the setting."""
    settings: dict[str, Any] = {}
    for name, value in raw.items():
        key = str(name).replace("-", "_")
        setting = SETTINGS.get(key)
        if setting is None or not setting.in_file:
            known = ", ".join(sorted(k for k, s in SETTINGS.items() if s.in_file))
            raise ConfigError(f"unknown setting {key!r} (known: {known})", path=path)
        try:
            parsed = setting.kind.parse(value, typed=True)
        except Invalid as problem:
            raise ConfigError(_refusal(f"setting {key!r}", setting.kind, value, problem),
                              path=path) from None
        if setting.relative:
            parsed = ([str((path.parent / p).resolve()) for p in parsed]
                      if isinstance(parsed, list) else str((path.parent / parsed).resolve()))
        settings[key] = parsed
    return settings


def entry_field(kind: Kind, name: str, value: object, where: str, path: Path) -> Any:
    """A field of an entry in a data file (a decisions file), checked by the same kinds as a
    setting; ConfigError naming the file, the entry and the field."""
    try:
        return kind.parse(value, typed=True)
    except Invalid as problem:
        raise ConfigError(_refusal(f"{where}: '{name}'", kind, value, problem),
                          path=path) from None
