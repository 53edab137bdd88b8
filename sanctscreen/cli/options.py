"""Options shared by the commands: settings (flags > settings file > defaults) and setup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from sanctscreen.cache import load_lists_cached
from sanctscreen.config import find_config, load_config
from sanctscreen.errors import ConfigError
from sanctscreen.lists import default_ids
from sanctscreen.lists.freshness import age_warnings
from sanctscreen.matching.interface import DEFAULT_HIT, DEFAULT_REVIEW, Thresholds, WeakAliases
from sanctscreen.models import Entity, Link, ScreeningList, Status
from sanctscreen.ownership import OwnershipPolicy, read_ownership_file
from sanctscreen.parties import merge
from sanctscreen.purposes import Purpose
from sanctscreen.screen import Screener, compiled_matcher
from sanctscreen.settings import (
    SETTINGS,
    AffiliatesRule,
    FailOn,
    SubsidiaryStatus,
    from_flag,
    shown,
)

__all__ = ["AffiliatesRule", "FailOn", "SubsidiaryStatus"]  # re-exported for the commands

ListsOption = Annotated[
    str | None,
    typer.Option("--lists", help="Comma-separated list ids to screen against (default: defaults)."),
]

# Load warnings of each list shown on the terminal; the report records all of them.
LIST_WARNINGS_SHOWN = 5


WeakAliasesOption = Annotated[str | None, typer.Option(
    metavar="review|ignore|screen", help="OFAC's weak a.k.a.s (nicknames, common acronyms): "
    "review (a match on one alone is a review at most; the default), ignore them as OFAC's "
    "FAQ 124 allows, or screen them like any alias.")]

PurposeOption = Annotated[str | None, typer.Option(
    metavar="securities|procurement|exports|general", help="What the file is screened for: "
    "securities (holdings), procurement (vendors), exports (customers, consignees) or general "
    "(every listing counts, the default). It decides what each listing means: a hit, a review, "
    "or noted (listed, no consequence for this purpose).")]

MaxListAgeOption = Annotated[str | None, typer.Option(
    metavar="DAYS", help="Refuse to screen when a list in use is more than DAYS days old "
    "(by today's date; the seed list, a compilation, is not judged).")]


class Settings(dict[str, Any]):
    """Command-line values layered over the settings file, each checked by sanctscreen.settings
    before any input is read: every value held is of its kind (a float, a list of ids ...)."""

    file: Path | None = None  # the settings file read, if any
    from_file: frozenset[str] = frozenset()  # the keys whose value is the file's

    @classmethod
    def resolve(cls, config: Path | None, flags: Mapping[str, Any]) -> Settings:
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

    def origin(self, key: str) -> str:
        """How the user set `key`, as they wrote it: `--max-list-age 30`, or
        `max_list_age = 30 in sanctscreen.toml`."""
        value = self[key]
        if key in self.from_file and self.file is not None:
            return f"{key} = {shown(value)} in {self.file}"
        return SETTINGS[key].flag if isinstance(value, bool) else f"{SETTINGS[key].flag} {value}"

    def report_options(self, screener: Screener) -> dict[str, Any]:
        """The options a report records, so that the screen can be reproduced."""
        policy = screener.policy
        return {
            "hit_threshold": screener.thresholds.hit,
            "review_threshold": screener.thresholds.review,
            "weak_aliases": str(screener.weak_aliases),
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


_AFFILIATES: dict[str, Literal["auto", "on", "off"]] = {"auto": "auto", "on": "on", "off": "off"}


@dataclass(frozen=True)
class OwnershipSettings:
    policy: OwnershipPolicy
    files: tuple[Path, ...]

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> OwnershipSettings:
        """The ownership policy of checked settings (see Settings.resolve)."""
        as_of = settings.get("as_of") or date.today()
        subsidiaries = Status(settings.get("ns_cmic_subsidiaries", SubsidiaryStatus.REVIEW))
        rule = _AFFILIATES[settings.get("affiliates_rule", AffiliatesRule.AUTO)]
        purpose = Purpose(settings.get("purpose", Purpose.GENERAL))
        policy = OwnershipPolicy(as_of=as_of, ns_cmic_subsidiaries=subsidiaries,
                                 affiliates_rule=rule, purpose=purpose)
        if settings.get("max_depth"):
            policy = replace(policy, max_depth=int(settings["max_depth"]))
        return cls(policy, tuple(Path(p) for p in settings.get("ownership", [])))


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
    lists = load_lists_cached(settings.get("lists") or default_ids(settings.get("purpose")), extra)
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
