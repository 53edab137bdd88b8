"""The screening pipeline: input rows and loaded lists → matches → ownership findings → results."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from sanctscreen import __version__, collector
from sanctscreen.cache import cached, make_key, shared_digest
from sanctscreen.decisions import Decisions, entity_fingerprint
from sanctscreen.matching import Matcher
from sanctscreen.matching.index import LAYOUT as INDEX_LAYOUT
from sanctscreen.matching.interface import Candidate, Thresholds, WeakAliases
from sanctscreen.matching.matcher import INDEX_FORMAT, Query
from sanctscreen.matching.parallel import MatchPool, Pending, resolve_workers
from sanctscreen.models import (
    SEVERITY,
    Entity,
    Link,
    Match,
    MatchType,
    Report,
    Result,
    ScreeningList,
    SourceEntry,
    Status,
    Subject,
    Summary,
)
from sanctscreen.ownership import OwnershipFinding, OwnershipGraph, OwnershipPolicy
from sanctscreen.parties import MERGE_FORMAT, merge
from sanctscreen.purposes import graded, strongest

# Rows are matched in batches so that the matcher can use both cores and its caches; with
# worker processes, batches are larger so that each sends the pool enough new names.
BATCH_ROWS = 2_000
PARALLEL_BATCH_ROWS = 50_000


@dataclass
class Screener:
    """Screens subjects against `lists`; build once, call `screen` for any number of rows."""

    lists: Sequence[ScreeningList]
    thresholds: Thresholds = field(default_factory=Thresholds)
    policy: OwnershipPolicy = field(default_factory=lambda: OwnershipPolicy(as_of=date.today()))
    extra_entities: Sequence[Entity] = ()
    extra_links: Sequence[Link] = ()
    # Processes that score new names (1: this one only; 0 or less: one per core).
    workers: int = 1
    weak_aliases: WeakAliases = WeakAliases.REVIEW  # OFAC's weak a.k.a.s (FAQ 124)
    batch_rows: int | None = None  # None: BATCH_ROWS, or PARALLEL_BATCH_ROWS with workers

    def __post_init__(self) -> None:
        # The compiled lists are loaded and the ownership graph built from them: a million
        # objects and no cycle, which full collections would walk over and over.
        with collector.paused():
            self._build()

    def _build(self) -> None:
        # The same party on several lists is one party (sanctscreen.parties): one match per
        # party, with every list it is on, and one question per row and party in `review`.
        self.parties = merge(self.lists)
        entities: dict[str, Entity] = {}
        for entity in self.parties.entities:
            entities.setdefault(entity.id, entity)
        for entity in self.extra_entities:
            entities.setdefault(entity.id, entity)
        self.entities = entities
        self.links: tuple[Link, ...] = (*self.parties.links, *self.extra_links)
        self.matcher = compiled_matcher(entities.values(), self.thresholds, self.lists,
                                        self.extra_entities, self.weak_aliases)
        self.graph = OwnershipGraph(entities.values(), self.links, self.policy)
        self._versions: dict[str, str] = {}
        self._sources: dict[str, tuple[SourceEntry, ...]] = {}
        self._source_links: dict[str, list[Link]] | None = None
        self._links_of: dict[str, list[Link]] = {}
        for link in self.links:
            self._links_of.setdefault(link.owner, []).append(link)
            self._links_of.setdefault(link.owned, []).append(link)

    def screen(self, subjects: Iterable[Subject], *, workers: int | None = None
               ) -> Iterator[Result]:
        """Yield one Result per subject, in input order, whatever the batch size or workers.

        `workers` overrides the screener's own setting (e.g. 1 inside a Dask worker).
        """
        count = resolve_workers(self.workers if workers is None else workers)
        size = self.batch_rows or (PARALLEL_BATCH_ROWS if count > 1 else BATCH_ROWS)
        iterator = iter(subjects)
        pool = MatchPool(self.matcher, count) if count > 1 else None
        pending: tuple[list[Subject], list[Query], Pending | None] | None = None
        try:
            while True:
                # With workers, the next batch is read (and its new names sent) while the
                # workers still score this one.
                batch = list(islice(iterator, size))
                if batch:
                    queries: list[Query] = [(s.name, s.identifiers, s.country) for s in batch
                                            if not s.skip_reason]
                    sent = pool.submit(queries) if pool is not None else None
                if pending is not None:
                    yield from self._finish(pool, *pending)
                if not batch:
                    return
                pending = (batch, queries, sent)
        finally:
            if pool is not None:
                pool.close()

    def _finish(self, pool: MatchPool | None, batch: list[Subject], queries: list[Query],
                sent: Pending | None) -> Iterator[Result]:
        if pool is not None:
            pool.collect(sent)
        found = iter(self.matcher.match_many(queries))
        for subject in batch:
            if subject.skip_reason:
                yield Result(subject, Status.SKIPPED, reason=subject.skip_reason)
            else:
                yield self._result(subject, next(found))

    def load_answers(self) -> int:
        """Learn the answers an earlier run stored for these lists and this matcher (see
        matching/answers.py); how many. Lists built in memory have none."""
        from sanctscreen.matching.answers import answers_key, load_answers

        key = matcher_key(self.thresholds, self.lists, self.extra_entities,
                          self.weak_aliases)
        return 0 if key is None else load_answers(self.matcher, answers_key(key))

    def save_answers(self) -> None:
        """Store the matcher's answers for the next run with these lists, if it computed any."""
        from sanctscreen.matching.answers import answers_key, save_answers

        key = matcher_key(self.thresholds, self.lists, self.extra_entities,
                          self.weak_aliases)
        if key is not None and self.matcher.computed:
            save_answers(self.matcher, answers_key(key))

    def screen_one(self, subject: Subject) -> Result:
        return next(self.screen([subject]))

    def entity_version(self, entity_id: str) -> str:
        """A fingerprint of the party (every entry merged into it) and its links; decisions
        re-open when it changes."""
        if entity_id not in self._versions:
            entity = self.entities[entity_id]
            links = self._links_of.get(entity_id, [])
            self._versions[entity_id] = entity_fingerprint(entity, links)
        return self._versions[entity_id]

    def sources(self, entity_id: str) -> tuple[SourceEntry, ...]:
        """The list entries merged into a party, each with its own fingerprint (as the entry
        alone would have had it); () for an entry that stands alone."""
        members = self.parties.members.get(entity_id)
        if not members:
            return ()
        if entity_id not in self._sources:
            if self._source_links is None:
                self._source_links = {}
                for link in (link for lst in self.lists for link in lst.links):
                    self._source_links.setdefault(link.owner, []).append(link)
                    self._source_links.setdefault(link.owned, []).append(link)
            self._sources[entity_id] = tuple(
                SourceEntry(m.id, entity_fingerprint(m, self._source_links.get(m.id, [])))
                for m in members)
        return self._sources[entity_id]

    def _result(self, subject: Subject, candidates: Sequence[Candidate]) -> Result:
        if not candidates:
            return Result(subject, Status.CLEAR)  # most rows: nothing to rank or subsume
        produced = [match for candidate in candidates for match in self._matches(candidate)]
        # A listed owner reached through a better-matching subsidiary: the row names the
        # subsidiary, so a weaker direct name match to the owner (often the owner's alias in
        # another script) is subsumed by the ownership match, which carries the chain.
        reached: dict[str, float] = {}
        for match in produced:
            if match.match_type is MatchType.OWNERSHIP:
                reached[match.entity_id] = max(reached.get(match.entity_id, 0.0), match.score)
        best: dict[tuple[str, MatchType, tuple[str, ...]], Match] = {}
        for match in produced:
            if match.match_type is MatchType.NAME \
                    and reached.get(match.entity_id, -1.0) > match.score:
                continue
            key = (match.entity_id, match.match_type, tuple(s.entity_id for s in match.path))
            if key not in best or _rank(match) > _rank(best[key]):
                best[key] = match
        matches = tuple(sorted(best.values(), key=_rank, reverse=True))
        if not matches:
            return Result(subject, Status.CLEAR)
        return Result(subject, matches[0].status, matches)

    def _matches(self, candidate: Candidate) -> Iterator[Match]:
        entity = candidate.entity
        name_status = self.thresholds.status(candidate.score)
        if entity.listed:
            policy = self.policy
            meant = strongest(entity.designations, policy.purpose, policy.as_of, entity.features)
            yield Match(
                entity_id=entity.id,
                entity_name=entity.name,
                lists=entity.list_codes,
                score=candidate.score,
                matched_name=candidate.matched_name,
                match_type=candidate.match_type,
                status=graded(name_status, meant.effect) if meant else name_status,
                explanation=candidate.explanation,
                entity_version=self.entity_version(entity.id),
                sources=self.sources(entity.id),
                consequence=meant.text if meant else "",
            )
        for finding in self.graph.findings(entity.id):
            yield self._ownership_match(candidate, name_status, finding)

    def _ownership_match(
        self, candidate: Candidate, name_status: Status, finding: OwnershipFinding
    ) -> Match:
        # An ownership flag can be no surer than the name match that led to the subsidiary.
        status = min(finding.status, name_status, key=SEVERITY.__getitem__)
        return Match(
            entity_id=finding.owner.id,
            entity_name=finding.owner.name,
            lists=finding.owner.list_codes,
            score=candidate.score,
            matched_name=candidate.matched_name,
            match_type=MatchType.OWNERSHIP,
            status=status,
            explanation=f"{finding.explanation}; the row names {candidate.entity.name}: "
            f"{candidate.explanation}",
            path=finding.path,
            entity_version=self.entity_version(finding.owner.id),
            sources=self.sources(finding.owner.id),
            consequence=finding.consequence,
        )


def compiled_matcher(entities: Iterable[Entity], thresholds: Thresholds,
                     lists: Sequence[ScreeningList], extra: Sequence[Entity] = (),
                     weak: WeakAliases = WeakAliases.REVIEW) -> Matcher:
    """The Matcher for these lists, from the on-disk cache when it was compiled before.

    `entities` are the parties of `lists` (`sanctscreen.parties.merge`) and `extra`.
    Keyed by each list's id, sha256 and size, the thresholds, how weak aliases are screened
    and any extra entities (from ownership files), the merge and index formats, the layout the
    index is stored in and the sanctscreen version. Lists without a real digest (built in
    memory) are compiled every time.
    """
    key = matcher_key(thresholds, lists, extra, weak)
    if key is None:
        return Matcher(entities, thresholds, weak)
    # The index refers to the parties by position in `entities`, which the cached lists
    # hold already; the key names them, in order, so that another sequence never reads it.
    shared = tuple(entities)
    key = make_key(key, INDEX_LAYOUT, shared_digest(shared, lambda entity: entity.id))
    return cached("matcher", key, lambda: Matcher(shared, thresholds, weak), shared)


def matcher_key(thresholds: Thresholds, lists: Sequence[ScreeningList],
                extra: Sequence[Entity] = (), weak: WeakAliases = WeakAliases.REVIEW
                ) -> str | None:
    """The cache key of the Matcher for these lists, or None when they cannot be keyed."""
    if not lists or not all(_is_digest(lst.info.sha256) for lst in lists):
        return None
    extra_digest = hashlib.sha256(repr(tuple(extra)).encode()).hexdigest() if extra else ""
    return make_key("matcher", Matcher.NAME, INDEX_FORMAT, MERGE_FORMAT, thresholds, weak.value,
                    [(lst.info.id, lst.info.sha256, lst.info.entries) for lst in lists],
                    extra_digest)


def _is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _rank(match: Match) -> tuple[int, float, int, str]:
    # Most severe first, then best score, then direct before ownership, then a stable id order.
    direct = 0 if match.match_type is MatchType.OWNERSHIP else 1
    return (SEVERITY[match.status], match.score, direct, _reverse_key(match.entity_id))


@functools.lru_cache(maxsize=1 << 16)  # an entity id: matches meet the same few again
def _reverse_key(text: str) -> str:
    # sorted(..., reverse=True) would put ids in descending order; invert so ties read ascending.
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def build_report(
    results: Iterable[Result],
    lists: Sequence[ScreeningList],
    inputs: Sequence[str],
    options: dict[str, Any],
    *,
    include_clear: bool = False,
    decisions: Decisions | None = None,
    today: date | None = None,
    generated_at: datetime | None = None,
    clear_rows: int = 0,
) -> Report:
    """Assemble a Report with the provenance of every list used, for the audit trail.

    Results are consumed as a stream: clear rows are only counted unless `include_clear`, so
    memory follows the number of flagged rows, not the size of the input. `clear_rows` counts
    clear rows screened elsewhere and not passed in (an engine keeps only flagged rows).
    """
    kept: list[Result] = []
    dropped_clear = clear_rows
    for result in results:
        if include_clear or result.status is not Status.CLEAR:
            kept.append(result)
        else:
            dropped_clear += 1
    if decisions is not None:
        kept = decisions.apply(kept, today or date.today())
    summary = Summary.of(kept)
    summary = replace(summary, rows=summary.rows + dropped_clear,
                      clear=summary.clear + dropped_clear)
    when = (generated_at or datetime.now(UTC)).replace(microsecond=0)
    return Report(
        version=__version__,
        generated_at=when.isoformat().replace("+00:00", "Z"),
        lists=tuple(lst.info for lst in lists),
        inputs=tuple(inputs),
        options=options,
        results=tuple(kept),
        summary=summary,
        include_clear=include_clear,
    )
