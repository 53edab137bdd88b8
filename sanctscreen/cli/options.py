"""Options shared by the commands: settings (flags > settings file > defaults) and setup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from sanctscreen.cache import load_lists_cached
from sanctscreen.config import find_config, load_config
from sanctscreen.errors import ConfigError
from sanctscreen.lists.freshness import age_warnings
from sanctscreen.matching.interface import DEFAULT_HIT, DEFAULT_REVIEW, Thresholds, WeakAliases
from sanctscreen.models import Entity, Link, ScreeningList, Status
from sanctscreen.ownership import OwnershipPolicy, read_ownership_file
from sanctscreen.parties import merge
from sanctscreen.purposes import Purpose
from sanctscreen.screen import Screener, compiled_matcher

ListsOption = Annotated[
    str | None,
    typer.Option("--lists", help="Comma-separated list ids to screen against (default: defaults)."),
]

# Load warnings of each list shown on the terminal; the report records all of them.
LIST_WARNINGS_SHOWN = 5


class SubsidiaryStatus(StrEnum):
    REVIEW = "review"
    HIT = "hit"


class AffiliatesRule(StrEnum):
    AUTO = "auto"
    ON = "on"
    OFF = "off"


PurposeOption = Annotated[Purpose | None, typer.Option(
    help="What the file is screened for: securities (holdings), procurement (vendors), exports "
    "(customers, consignees) or general (every listing counts, the default). It decides what "
    "each listing means: a hit, a review, or noted (listed, no consequence for this purpose).")]

WeakAliasesOption = Annotated[WeakAliases | None, typer.Option(
    help="OFAC's weak a.k.a.s (nicknames, common acronyms): review (a match on one alone is "
    "a review at most; the default), ignore them as OFAC's FAQ 124 allows, or screen them "
    "like any alias.")]

MaxListAgeOption = Annotated[int | None, typer.Option(
    min=0, metavar="DAYS", help="Refuse to screen when a list in use is more than DAYS days old "
    "(by today's date; the seed list, a compilation, is not judged).")]


# Command-line parameters that are not settings a configuration file could hold.
_NOT_SETTINGS = frozenset(
    {"files", "config", "output", "quiet", "no_progress", "name", "isin", "since"})


class Settings(dict[str, Any]):
    """Command-line values layered over the configuration file."""

    file: Path | None = None  # the settings file read, if any
    from_file: frozenset[str] = frozenset()  # the keys whose value is the file's

    @classmethod
    def resolve(cls, config: Path | None, flags: Mapping[str, Any]) -> Settings:
        path = config or find_config(Path.cwd())
        settings = cls(load_config(path))
        settings.file = path
        from_file = set(settings)
        for key, value in flags.items():
            if key in _NOT_SETTINGS or value is None:
                continue
            key = "format" if key == "fmt" else key
            if isinstance(value, bool) and not value and key in settings:
                continue  # an unset boolean flag does not override the file
            settings[key] = str(value) if isinstance(value, Path) else value
            from_file.discard(key)
        settings.from_file = frozenset(from_file)
        if "list_files" in settings:
            settings["list_files"] = [str(p) for p in settings["list_files"]]
        if "ownership" in settings:
            settings["ownership"] = [str(p) for p in settings["ownership"]]
        return settings

    def thresholds(self) -> Thresholds:
        hit = float(self.get("hit_threshold", DEFAULT_HIT))
        review = float(self.get("review_threshold", min(DEFAULT_REVIEW, hit)))
        if review > hit:
            raise ConfigError(f"review threshold {review} is above the hit threshold {hit}")
        return Thresholds(hit=hit, review=review)

    def weak_aliases(self) -> WeakAliases:
        value = self.get("weak_aliases", WeakAliases.REVIEW)
        try:
            return WeakAliases(value)
        except ValueError:
            known = ", ".join(w.value for w in WeakAliases)
            raise ConfigError(f"weak_aliases must be one of {known}, not {value!r}") from None

    def max_list_age(self) -> int | None:
        """The most days old a list may be, or None when no limit was set."""
        value = self.get("max_list_age")  # checked by the option and by load_config
        return None if value is None else int(value)

    def origin(self, key: str) -> str:
        """How the user set `key`, as they wrote it: `--max-list-age 30`, or
        `max_list_age = 30 in sanctscreen.toml`."""
        if key in self.from_file and self.file is not None:
            return f"{key} = {self[key]!r} in {self.file}"
        return f"--{key.replace('_', '-')} {self[key]}"

    def report_options(self, screener: Screener) -> dict[str, Any]:
        """The options a report records, so that the screen can be reproduced."""
        policy = screener.policy
        return {
            "hit_threshold": screener.thresholds.hit,
            "review_threshold": screener.thresholds.review,
            "weak_aliases": str(screener.weak_aliases),
            "fail_on": self.get("fail_on", "hit"),
            "as_of": policy.as_of.isoformat(),
            "ns_cmic_subsidiaries": str(policy.ns_cmic_subsidiaries),
            "affiliates_rule": policy.affiliates_rule,
            "purpose": str(policy.purpose),
            "max_depth": policy.max_depth,
            "max_list_age": self.max_list_age(),
            "lists": self.get("lists"),
            "list_files": self.get("list_files", []),
            "ownership_files": self.get("ownership", []),
            "allow": self.get("allow"),
            "sheet": self.get("sheet"),
            "name_column": self.get("name_column"),
        }


_AFFILIATES: dict[AffiliatesRule, Literal["auto", "on", "off"]] = {
    AffiliatesRule.AUTO: "auto", AffiliatesRule.ON: "on", AffiliatesRule.OFF: "off"}


@dataclass(frozen=True)
class OwnershipSettings:
    policy: OwnershipPolicy
    files: tuple[Path, ...]

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> OwnershipSettings:
        as_of = parse_date(settings.get("as_of")) or date.today()
        try:
            subsidiaries = Status(SubsidiaryStatus(settings.get("ns_cmic_subsidiaries", "review")))
            rule = AffiliatesRule(settings.get("affiliates_rule", AffiliatesRule.AUTO))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        raw = settings.get("purpose", Purpose.GENERAL)
        try:
            purpose = Purpose(raw)
        except ValueError:
            known = ", ".join(p.value for p in Purpose)
            raise ConfigError(f"purpose must be one of {known}, not {raw!r}") from None
        policy = OwnershipPolicy(as_of=as_of, ns_cmic_subsidiaries=subsidiaries,
                                 affiliates_rule=_AFFILIATES[rule], purpose=purpose)
        if settings.get("max_depth"):
            policy = replace(policy, max_depth=int(settings["max_depth"]))
        return cls(policy, tuple(Path(p) for p in settings.get("ownership", [])))


def parse_date(text: object) -> date | None:
    if text in (None, ""):
        return None
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise ConfigError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def load_screening_lists(settings: Settings, *, warn: bool = True) -> list[ScreeningList]:
    """The lists to screen against, their warnings printed on stderr (see `screening_lists`)."""
    return screening_lists(settings, warn=warn)[0]


def screening_lists(settings: Settings, *, warn: bool = True
                    ) -> tuple[list[ScreeningList], tuple[str, ...]]:
    """The lists to screen against and every warning about them, as a report records them.

    ListError when a list is older than the `max_list_age` setting (judged on today's date:
    staleness is about the data held, whatever date the rules are applied as of). With
    `warn`, the warnings are also printed on stderr, the first few of each list's.
    """
    from sanctscreen.cli.app import err

    extra = [Path(p) for p in settings.get("list_files", [])]
    lists = load_lists_cached(_list_ids(settings.get("lists")), extra)
    max_age = settings.max_list_age()
    ages = age_warnings(lists, date.today(), max_age,
                        limit=settings.origin("max_list_age") if max_age is not None else "")
    if warn:
        for lst in lists:
            for warning in lst.warnings[:LIST_WARNINGS_SHOWN]:
                err.print(f"warning: {lst.info.id}: {warning}", highlight=False, markup=False,
                          soft_wrap=True)
        for warning in ages:
            err.print(f"warning: {warning}", highlight=False, markup=False, soft_wrap=True)
    loaded = [f"{lst.info.id}: {warning}" for lst in lists for warning in lst.warnings]
    return lists, tuple(dict.fromkeys([*loaded, *ages]))


def _list_ids(chosen: object) -> list[str] | None:
    """The list ids of `--lists a,b` or of `lists = ["a", "b"]` in a settings file."""
    if isinstance(chosen, list):
        return [str(i) for i in chosen]
    if isinstance(chosen, str) and chosen:
        return [i.strip() for i in chosen.split(",")]
    return None


def build_screener(lists: Sequence[ScreeningList], settings: Settings,
                   ownership: OwnershipSettings) -> Screener:
    """The Screener, with any user ownership files resolved against the lists by the matcher."""
    thresholds = settings.thresholds()
    entities: list[Entity] = []
    links: list[Link] = []
    if ownership.files:
        # The lists' own compiled matcher (cached), not one built afresh for each run.
        resolver = compiled_matcher(merge(lists).entities, thresholds, lists)

        def resolve(name: str) -> Entity | None:
            found = [c for c in resolver.match(name) if c.score >= thresholds.hit]
            return found[0].entity if found else None

        for path in ownership.files:
            new_entities, new_links = read_ownership_file(path, resolve)
            entities.extend(new_entities)
            links.extend(new_links)
    return Screener(lists, thresholds, ownership.policy, entities, links,
                    weak_aliases=settings.weak_aliases())
