"""The library: screen DataFrames, Arrow tables and files from Python, as the command line does.

    screener = Screener.from_lists(["seed", "ofac-sdn", "ofac-cons"], purpose="securities")
    screening = screener.screen(holdings)   # a pandas DataFrame, a pyarrow Table or paths
    screening.to_pandas()                   # one row per input row, on the input's index

The command line is built on this module: `sanctscreen check` builds its Screener with
`Screener.from_settings` and screens with `Screener.screen_sources`, the path `screen` takes,
so the two give the same results. Nothing here prints or exits: every problem a caller can
cause is a `SanctscreenError` with the one-line message the command line would print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sanctscreen.config import Settings
from sanctscreen.engines import CHUNK_ROWS, Batch, FrameSource, Source, Sources, engine_for
from sanctscreen.errors import ConfigError, InputError, ReportError
from sanctscreen.models import (
    Identifier,
    ListInfo,
    Report,
    Result,
    ScreeningList,
    Status,
    Subject,
    Summary,
)
from sanctscreen.settings import from_argument, path_argument

if TYPE_CHECKING:
    import pandas as pd

    from sanctscreen.decisions import Decisions
    from sanctscreen.screen import Screener as Pipeline

__all__ = ["Screener", "Screening", "lookup"]

FilePath = str | PathLike[str]
Lists = str | Sequence[str]
FailOnName = Literal["hit", "review", "never"]


class Screener:
    """Screens tables and files against restricted-party lists: build once, screen many.

    Building one loads the lists (from the compiled cache while their files are unchanged),
    merges the same party across lists, and builds the ownership graph; it takes about a
    second with the default lists, a screen of a new table then only the time its new names
    take. Use `from_lists` to build one.
    """

    def __init__(self, pipeline: Pipeline, settings: Settings, warnings: Sequence[str],
                 decisions: Decisions | None = None, age_warnings: Sequence[str] = ()) -> None:
        self.pipeline = pipeline  # the screening pipeline (sanctscreen.screen), for engines
        self.settings = settings
        self.warnings: tuple[str, ...] = tuple(warnings)
        self.age_warnings: tuple[str, ...] = tuple(age_warnings)
        self.decisions = decisions
        self._learnt = False  # what earlier runs stored for these lists, taken in once

    @classmethod
    def from_lists(
        cls,
        lists: Lists | None = None,
        *,
        list_files: Sequence[FilePath] | FilePath | None = None,
        purpose: Literal["securities", "procurement", "exports", "general"] | None = None,
        ownership: Sequence[FilePath] | FilePath | None = None,
        decisions: FilePath | None = None,
        hit_threshold: float | None = None,
        review_threshold: float | None = None,
        weak_aliases: Literal["review", "ignore", "screen"] | None = None,
        as_of: date | str | None = None,
        max_list_age: int | None = None,
        ns_cmic_subsidiaries: Literal["review", "hit"] | None = None,
        affiliates_rule: Literal["auto", "on", "off"] | None = None,
        max_depth: int | None = None,
        settings_file: FilePath | None = None,
        workers: int = 1,
    ) -> Screener:
        """A Screener of the lists with these ids (None: the defaults for `purpose`).

        Every argument is the keyword of the command-line flag of the same name and is
        checked the same way; None leaves the setting to `settings_file` (a sanctscreen.toml,
        read only when named) or to the default.

        - `list_files`: more list files, in any supported format (`--list`).
        - `purpose`: what the data is screened for: "securities" (holdings), "procurement"
          (vendors), "exports" (customers, consignees), "general" (every listing counts).
        - `ownership`: ownership files (owner, owned, share, relation) added to the graph.
        - `decisions`: a reviewed decisions file (`--allow`) that clears known false positives.
        - `hit_threshold`, `review_threshold`: scores (0..1) from which a name match is a hit
          or a review; `weak_aliases`: how OFAC's weak a.k.a.s count.
        - `as_of`: the date dated rules are applied as of (default today); `max_list_age`:
          refuse lists older than this many days; `ns_cmic_subsidiaries`, `affiliates_rule`,
          `max_depth`: the ownership rules.
        - `workers`: processes that score new names (1: this one; 0: one per core).

        Raises ConfigError for a bad value or file, ListError for a list that cannot be read
        or is older than `max_list_age`.
        """
        arguments = {
            "lists": lists, "list_files": list_files, "purpose": purpose,
            "ownership": ownership, "allow": decisions, "hit_threshold": hit_threshold,
            "review_threshold": review_threshold, "weak_aliases": weak_aliases,
            "as_of": as_of, "max_list_age": max_list_age,
            "ns_cmic_subsidiaries": ns_cmic_subsidiaries, "affiliates_rule": affiliates_rule,
            "max_depth": max_depth,
        }
        config = (None if settings_file is None
                  else Path(path_argument("settings_file", settings_file)))
        return cls.from_settings(Settings.of_arguments(config, arguments), workers=workers)

    @classmethod
    def from_settings(cls, settings: Settings, *, workers: int = 1) -> Screener:
        """A Screener of checked settings (`sanctscreen.config.Settings`): the decisions file
        is read first, then the lists, then the ownership files resolved against them."""
        from sanctscreen.decisions import load_decisions

        decisions = load_decisions(Path(settings["allow"])) if settings.get("allow") else None
        lists, warnings, ages = screening_lists(settings)
        pipeline = _pipeline(lists, settings)
        pipeline.workers = workers
        return cls(pipeline, settings, warnings, decisions, ages)

    @property
    def lists(self) -> tuple[ListInfo, ...]:
        """The provenance of every list screened against: id, version, date, sha256."""
        return tuple(lst.info for lst in self.pipeline.lists)

    def screen(
        self,
        data: Any,
        *,
        name_column: str | None = None,
        sheet: str | None = None,
        encoding: str | None = None,
        include_clear: bool = False,
        label: str | None = None,
        engine: Literal["local", "dask"] = "local",
        scheduler: str | None = None,
        chunk_rows: int = CHUNK_ROWS,
    ) -> Screening:
        """Screen `data`: a pandas DataFrame or pyarrow Table, a file's path, or several.

        Columns are found as in a file (the name, ISIN, LEI, ticker, USCC, CUSIP and country
        columns by their headers); `name_column` names the name column. A table's records
        are numbered as the same data in a CSV file would be (row 2 is the first record) and
        reported under `label` ("DataFrame" or "Table" by default). `sheet` and `encoding`
        apply to files; `include_clear` keeps a Result for every row, not only flagged ones.
        `engine="dask"` screens on a Dask cluster (`scheduler`, or one on this machine).

        Raises InputError for data that cannot be read, ConfigError for a bad argument.
        """
        values = {"name_column": name_column, "sheet": sheet, "encoding": encoding}
        settings = self.settings.with_values(
            {k: from_argument(k, v) for k, v in values.items() if v is not None})
        if not isinstance(include_clear, bool):
            from_argument("include_clear", include_clear)  # refused, with its message
        if engine not in ("local", "dask"):
            raise ConfigError(f"engine must be 'local' or 'dask', not {engine!r}")
        if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
            raise ConfigError(f"chunk_rows must be a whole number of 1 or more, not "
                              f"{chunk_rows!r}")
        from sanctscreen.inputs import frame_length, is_frame

        index: pd.Index[Any] | None = None
        skipped: list[str] = []
        if is_frame(data):
            if settings.get("sheet") is not None:
                raise InputError("a table has no sheets to choose from", path=label or "table",
                                 hint="sheet= applies to workbooks only")
            name = label or ("Table" if hasattr(data, "num_rows") else "DataFrame")
            sources: Sources = [FrameSource(data, name, settings.get("name_column"))]
            inputs = [name]
            index = _index_of(data, frame_length(data))
        else:
            paths, skipped = input_files(_paths(data))
            sources = [Source(path, settings.get("sheet"), settings.get("name_column"),
                              settings.get("encoding")) for path in paths]
            inputs = [str(path) for path in paths]
        return self.screen_sources(sources, inputs, settings=settings,
                                   include_clear=include_clear, engine=engine,
                                   scheduler=scheduler, chunk_rows=chunk_rows,
                                   warnings=skipped, index=index)

    def screen_sources(
        self,
        sources: Sources,
        inputs: Sequence[str],
        *,
        settings: Settings | None = None,
        include_clear: bool = False,
        engine: str = "local",
        scheduler: str | None = None,
        chunk_rows: int = CHUNK_ROWS,
        warnings: Sequence[str] = (),
        index: pd.Index[Any] | None = None,
        watch: Callable[[Iterator[Batch]], Iterator[Batch]] | None = None,
        finish: Callable[[Report], Report] | None = None,
    ) -> Screening:
        """Screen sources already judged (see `input_files`): the engine-level call `screen`
        and the command line share.

        `watch` sees the batches as they are screened (a progress bar); `finish` is given the
        report before what was learnt is stored (the command line writes it there).
        """
        from sanctscreen.engines.verdicts import load_rows, save_rows
        from sanctscreen.screen import build_report

        settings = settings or self.settings
        pipeline = self.pipeline
        if not self._learnt:
            # What earlier runs with the same lists learnt: the matcher's answers to names,
            # and the rows that are clear whatever the policy.
            pipeline.load_answers()
            load_rows(pipeline)
            self._learnt = True
        chosen = engine_for(engine, scheduler=scheduler, chunk_rows=chunk_rows)
        tally = _Tally()
        batches = tally.count(chosen.run(pipeline, sources, keep_clear=include_clear))
        if watch is not None:
            batches = watch(batches)
        results = (result for batch in batches for result in batch.results)
        options = settings.report_options(thresholds=pipeline.thresholds,
                                          weak_aliases=pipeline.weak_aliases,
                                          policy=pipeline.policy)
        # The rows are screened while the report is built; then what was learnt is stored.
        report = build_report(results, pipeline.lists, inputs, options,
                              include_clear=include_clear, decisions=self.decisions,
                              today=pipeline.policy.as_of, clear_rows=0)
        notes = _unused_decisions(self.decisions, settings.get("allow"))
        summary = replace(report.summary, rows=report.summary.rows + tally.clear,
                          clear=report.summary.clear + tally.clear)
        report = replace(report, summary=summary, warnings=tuple(dict.fromkeys(
            [*self.warnings, *warnings, *tally.warnings, *notes])))
        if finish is not None:
            report = finish(report)
        pipeline.save_answers()
        save_rows(pipeline)
        return Screening(report, index=index, notes=tuple(notes))

    def lookup(self, name: str = "", *, isin: str | None = None, lei: str | None = None,
               ticker: str | None = None, country: str | None = None) -> Result:
        """Screen one party by its name and/or identifiers: the Result a row holding them
        would get, with every match and why."""
        return self.pipeline.screen_one(lookup_subject(name, isin=isin, lei=lei, ticker=ticker,
                                                       country=country))

    def __repr__(self) -> str:
        ids = ", ".join(info.id for info in self.lists)
        return f"<Screener of {ids}; purpose {self.pipeline.policy.purpose}>"


@dataclass(frozen=True)
class Screening:
    """The outcome of one screen: the report every format writes, and ways to look at it.

    `results` are the rows the report lists (flagged ones; every row with include_clear),
    `flagged` those that are a hit or need review, `summary` the counts over every row.
    """

    report: Report
    # The screened table's index, when a table was screened: `to_pandas` is aligned on it.
    index: pd.Index[Any] | None = field(default=None, repr=False, compare=False)
    notes: tuple[str, ...] = ()  # e.g. that decisions matched no flagged row

    @property
    def summary(self) -> Summary:
        return self.report.summary

    @property
    def results(self) -> tuple[Result, ...]:
        return self.report.reported

    @property
    def flagged(self) -> tuple[Result, ...]:
        """The rows that are a hit or need review, most severe first, in input order within."""
        order = {Status.HIT: 0, Status.REVIEW: 1}
        rows = [r for r in self.report.results if r.status in order]
        return tuple(sorted(rows, key=lambda r: order[r.status]))

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.report.warnings

    def failed(self, fail_on: FailOnName = "hit", *, strict: bool = False) -> bool:
        """Whether the screen fails a gate: a row with status `fail_on` or worse (hit; review
        also fails on "review"; "never" never fails), or with `strict` a skipped row."""
        from sanctscreen.settings import FailOn

        gate = FailOn(from_argument("fail_on", fail_on))
        statuses = {result.status for result in self.report.results}
        failing = {FailOn.HIT: {Status.HIT}, FailOn.REVIEW: {Status.HIT, Status.REVIEW},
                   FailOn.NEVER: set()}[gate]
        return bool(statuses & failing) or (strict and self.summary.skipped > 0)

    def to_pandas(self) -> pd.DataFrame:
        """The findings as a DataFrame: for a screened table, one row per input row on the
        input's index (clear rows too), ready to join back; for files, one row per row the
        report lists, with its file, sheet and row number.

        Columns: status, score, party, party_id, lists, consequence, match_type,
        matched_name, ownership_path, explanation, decision, reason, other_parties.
        """
        from sanctscreen.reports.frame import findings_frame

        return findings_frame(self.report, self.index)

    def render(self, fmt: str = "json") -> bytes:
        """The report in a format by name: json, csv, html, markdown, junit, sarif, xlsx ..."""
        from sanctscreen.reports import format_for, render

        return render(self.report, format_for(from_argument("format", fmt)).NAME)

    def write(self, path: FilePath, fmt: str | None = None) -> Path:
        """Write the report to `path`, atomically, in the format its suffix names (.xlsx
        .csv .json .md .html .xml .sarif .parquet) or `fmt`; the path written."""
        from sanctscreen.reports import write_report

        target = Path(path_argument("path", path))
        if fmt is not None:
            fmt = from_argument("format", fmt)
            if fmt == "table":
                raise ReportError("'table' is the terminal's view, not a file format",
                                  path=target)
        write_report(self.report, target, fmt)
        return target

    def _repr_html_(self) -> str:
        from sanctscreen.reports.notebook import notebook_html

        return notebook_html(self.report)

    def __repr__(self) -> str:
        s = self.summary
        return (f"<Screening of {s.rows} rows: {s.hits} hit, {s.reviews} review, "
                f"{s.noted} noted, {s.cleared} cleared, {s.skipped} skipped>")


def lookup(name: str = "", *, isin: str | None = None, lei: str | None = None,
           ticker: str | None = None, country: str | None = None, lists: Lists | None = None,
           list_files: Sequence[FilePath] | FilePath | None = None,
           purpose: Literal["securities", "procurement", "exports", "general"] | None = None,
           as_of: date | str | None = None) -> Result:
    """Screen one party against the lists (the defaults unless `lists` names others): the
    Result a row holding it would get. For many lookups, build a Screener once and call its
    `lookup`: this loads the lists on every call."""
    screener = Screener.from_lists(lists, list_files=list_files, purpose=purpose, as_of=as_of)
    return screener.lookup(name, isin=isin, lei=lei, ticker=ticker, country=country)


def lookup_subject(name: str = "", *, isin: str | None = None, lei: str | None = None,
                   ticker: str | None = None, country: str | None = None) -> Subject:
    """The one-row Subject of a lookup; ConfigError for an invalid identifier or nothing to
    look up."""
    from sanctscreen.identifiers import SCHEMES, normalise

    if not isinstance(name, str):
        raise ConfigError(f"the name must be text, not {type(name).__name__}")
    identifiers: list[Identifier] = []
    for scheme, value in {"isin": isin, "lei": lei, "ticker": ticker}.items():
        if value is None:
            continue
        identifier = normalise(scheme, value) if isinstance(value, str) else None
        if identifier is None:
            raise ConfigError(f"{value!r} is not a valid {scheme.upper()}")
        identifiers.append(identifier)
    if not name.strip() and not identifiers:
        raise ConfigError("give a name or an identifier (" + ", ".join(SCHEMES) + ")")
    return Subject(file="", sheet=None, row=0, name=name or None,
                   identifiers=tuple(identifiers), country=country)


def screening_lists(settings: Settings) -> tuple[list[ScreeningList], tuple[str, ...],
                                                 tuple[str, ...]]:
    """The lists to screen against, every warning about them as a report records them, and
    those about their age.

    ListError when a list is older than the `max_list_age` setting (judged on today's date:
    staleness is about the data held, whatever date the rules are applied as of).
    """
    from sanctscreen.cache import load_lists_cached
    from sanctscreen.lists import default_ids
    from sanctscreen.lists.freshness import age_warnings

    lists = load_lists_cached(settings.get("lists") or default_ids(settings.get("purpose")),
                              settings.paths("list_files"))
    max_age = settings.max_list_age()
    ages = tuple(age_warnings(lists, date.today(), max_age,
                              limit=settings.origin("max_list_age") if max_age is not None
                              else ""))
    loaded = [f"{lst.info.id}: {warning}" for lst in lists for warning in lst.warnings]
    return lists, tuple(dict.fromkeys([*loaded, *ages])), ages


def input_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The files to screen, each checked (it exists, is a file, is a kind we read), and a
    warning for each office lock file among them (a glob such as *.xlsx picks up
    ~$holdings.xlsx while the workbook is open). A lock file given alone, or with only other
    lock files, is refused: there is nothing to screen."""
    from sanctscreen.inputs import LockFileError, detect

    inputs: list[Path] = []
    skipped: list[str] = []
    refused: LockFileError | None = None
    for path in paths:
        if not path.exists():
            raise InputError("no such file", path=path)
        if path.is_dir():
            raise InputError("is a directory, not a file", path=path)
        try:
            detect(path)  # an empty, locked, foreign or ZIP-bomb file fails before lists load
        except LockFileError as exc:
            refused = refused or exc
            skipped.append(f"{path} not screened: {exc.what}")
            continue
        inputs.append(path)
    if not inputs and refused is not None:
        raise refused
    return inputs, skipped


def _paths(data: Any) -> list[Path]:
    """The paths `data` names: one path, or a sequence of them."""
    items = [data] if isinstance(data, str | PathLike) else data
    if isinstance(items, Sequence) and not isinstance(items, bytes) and items and all(
            isinstance(item, str | PathLike) for item in items):
        return [Path(path_argument("data", item)) for item in items]
    what = "no files" if isinstance(items, Sequence) and not items else type(data).__name__
    raise ConfigError(f"can screen a pandas DataFrame, a pyarrow Table, a file's path or a "
                      f"list of paths, not {what}")


def _index_of(data: Any, length: int) -> pd.Index[Any]:
    import pandas as pd

    index = getattr(data, "index", None)
    return index if isinstance(index, pd.Index) else pd.RangeIndex(length)


def _pipeline(lists: Sequence[ScreeningList], settings: Settings) -> Pipeline:
    """The screening pipeline, with any ownership files resolved against the lists by the
    matcher."""
    from sanctscreen.models import Entity, Link
    from sanctscreen.ownership import read_ownership_file
    from sanctscreen.parties import merge
    from sanctscreen.screen import Screener as Pipeline
    from sanctscreen.screen import compiled_matcher

    thresholds = settings.thresholds()
    entities: list[Entity] = []
    links: list[Link] = []
    files = settings.paths("ownership")
    if files:
        # The lists' own compiled matcher (cached), not one built afresh for each run.
        resolver = compiled_matcher(merge(lists).entities, thresholds, lists)

        def resolve(name: str) -> Entity | None:
            found = [c for c in resolver.match(name) if c.score >= thresholds.hit]
            return found[0].entity if found else None

        for path in files:
            new_entities, new_links = read_ownership_file(path, resolve)
            entities.extend(new_entities)
            links.extend(new_links)
    return Pipeline(lists, thresholds, settings.policy(), entities, links,
                    weak_aliases=settings.weak_aliases())


class _Tally:
    """What the batches tell besides their results: clear rows not kept, reader warnings."""

    def __init__(self) -> None:
        self.clear = 0
        self.warnings: dict[str, None] = {}  # each once, in the order given

    def count(self, batches: Iterator[Batch]) -> Iterator[Batch]:
        for batch in batches:
            self.clear += batch.clear
            self.warnings.update(dict.fromkeys(batch.warnings))
            yield batch


def _unused_decisions(decisions: Decisions | None, allow: str | None) -> list[str]:
    """The note that decisions matched no flagged row: they may be out of date."""
    if decisions is None or not decisions.stale:
        return []
    return [f"{len(decisions.stale)} decision(s) in {allow} matched no flagged row"]
