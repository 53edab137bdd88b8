"""The Matcher: one input name (with identifiers and country) → scored, explained candidates."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, ClassVar

from sanctscreen.matching import qualifiers
from sanctscreen.matching.index import Alias, NameIndex, WToken
from sanctscreen.matching.interface import Candidate, Thresholds, WeakAliases
from sanctscreen.matching.normalise import Kind, tokens
from sanctscreen.matching.score import NameScore, score_names
from sanctscreen.models import Entity, Identifier, MatchType

# Identifiers whose equality decides: they carry check digits and are issued once.
DECISIVE_SCHEMES = ("isin", "lei", "uscc", "cusip")
# Short numeric tickers collide across exchanges (941 HK vs 941 elsewhere), so a ticker
# alone only asks for review; it confirms a name that already resembles the entity.
TICKER_ONLY_SCORE = 0.8
IDENTIFIER_CONFLICT_PENALTY = 0.15  # a valid ISIN that differs: likely a namesake
# Qualifiers only subtract: the row's country and kind, and how much one word proves, are
# in qualifiers.py.
# With weak aliases screened for review, a match on one scores at most this far below a hit.
WEAK_MARGIN = 0.01
# A weak alias is broad or generic by OFAC's own account: it says less than a name, so that
# with anything against it (another country) it is not worth a look.
WEAK_ALIAS_PENALTY = 0.1
# Names at least this long may have been cut by a terminal's fixed-width field.
TRUNCATION_LENGTH = 18
CACHE_SIZE = 100_000
# Vendor masters and custody files append text to a name ("Megvii Technology Limited (via
# distributor)", "... - Account 4471"): a listed name matched in full before such a break
# keeps its score less this little, enough to be flagged, never enough to be outscored; and
# never enough to take it below the threshold the name reached (a hit stays a hit).
TRAILING_PENALTY = 0.01
_CJK_ONLY = re.compile("\\s*[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}\\s*")
_TRAILING = re.compile(r"\s*[(\[{]|\s+[-\u2013\u2014/|:;#]+\s+|\s+(?:c/o|via|attn|a/c|"
                       r"acct|account|ref)\b", re.IGNORECASE)
# Part of the on-disk cache key of a compiled matcher: raise it when the index layout changes.
INDEX_FORMAT = 5

Query = tuple[str | None, Sequence[Identifier], str | None]
CacheKey = tuple[str | None, tuple[Identifier, ...], str | None]
# A CacheKey with its identifiers as (scheme, value) pairs.
PlainKey = tuple[str | None, tuple[tuple[str, str], ...], str | None]
# A candidate by entity position: (position, score, matched name, match type, explanation).
Record = tuple[int, float, str, str, str]
DEFAULT_THRESHOLDS = Thresholds()


class Matcher:
    """Finds the entities an input row may name, by identifier first and by name otherwise."""

    NAME: ClassVar[str] = "sanctscreen"

    def __init__(self, entities: Iterable[Entity],
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 weak: WeakAliases = WeakAliases.REVIEW) -> None:
        self.thresholds = thresholds
        self.weak = weak
        self._index = NameIndex(entities, weak=weak is not WeakAliases.IGNORE)
        self._by_identifier: dict[Identifier, list[int]] = defaultdict(list)
        for position, entity in enumerate(self._index.entities):
            for identifier in dict.fromkeys(entity.identifiers):
                self._by_identifier[identifier].append(position)
        self._cache: dict[CacheKey, list[Candidate]] = {}
        # Answers learnt from an earlier run, kept as plain records until first asked for.
        self._learnt: dict[PlainKey, list[Record]] = {}
        self._worth: dict[tuple[tuple[tuple[str, Kind], ...], bool], list[int]] = {}
        self.computed = 0  # answers scored here or by workers, not learnt from a file

    def __getstate__(self) -> dict[str, Any]:
        # The compiled index travels (to the disk cache, to worker processes); the caches of
        # answers do not: they are per run and can grow larger than the index.
        state = self.__dict__.copy()
        for name in ("_cache", "_learnt", "_worth", "_positions"):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cache = {}
        self._learnt = {}
        self._worth = {}
        self.computed = 0

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self._index.entities

    def uncached(self, queries: Sequence[Query]) -> list[CacheKey]:
        """The distinct queries of `queries` that `match` has not answered yet, in order."""
        keys = dict.fromkeys((name, tuple(ids), country) for name, ids, country in queries)
        learnt = self._learnt
        return [key for key in keys
                if key not in self._cache and not (learnt and _plain(key) in learnt)]

    def answer(self, key: CacheKey) -> list[Record]:
        """`match` for a key, as plain records that name entities by position (cheap to send)."""
        positions = self._entity_positions()
        return [(positions[id(c.entity)], c.score, c.matched_name, c.match_type.value,
                 c.explanation) for c in self.match(*key)]

    def remember(self, answers: Sequence[tuple[CacheKey, list[Record]]]) -> None:
        """Store answers computed elsewhere (by `answer` on a copy of this matcher)."""
        self.computed += len(answers)
        self._store(answers)

    def _store(self, answers: Sequence[tuple[CacheKey, list[Record]]]) -> None:
        entities = self.entities
        # Built in full before any is stored: answers that do not fit change nothing.
        built = {key: [Candidate(entities[position], score, matched, MatchType(kind),
                                 explanation)
                       for position, score, matched, kind, explanation in records]
                 for key, records in answers}
        if len(self._cache) + len(built) > CACHE_SIZE:
            self._cache.clear()
        self._cache.update(built)

    def known_answers(self) -> list[tuple[PlainKey, list[Record]]]:
        """Every answer known (the cache, and learnt answers not asked for), as plain data that
        names entities by position; at most CACHE_SIZE, the latest."""
        positions = self._entity_positions()
        cached = [(_plain(key), [(positions[id(c.entity)], c.score, c.matched_name,
                                  c.match_type.value, c.explanation) for c in candidates])
                  for key, candidates in self._cache.items()]
        learnt = [(key, records) for key, records in self._learnt.items()]
        return [*learnt, *cached][-CACHE_SIZE:]

    def learn(self, answers: Sequence[tuple[PlainKey, list[Record]]]) -> None:
        """Take answers given by `known_answers` of a matcher compiled from the same lists.

        They are checked now, and all of them are refused if any is out of shape (ValueError);
        each becomes Candidates only when `match` is first asked for it: a run needs few of
        the answers stored by all the runs before it.
        """
        kept = dict(answers)
        count = len(self.entities)
        for records in kept.values():
            for record in records:
                if len(record) != 5 or not 0 <= record[0] < count:
                    raise ValueError(f"not an answer of this matcher: {record!r}")
        self._learnt.update(kept)

    def _recall(self, key: CacheKey) -> list[Candidate] | None:
        """The learnt answer for `key` as Candidates, or None (none, or one that does not fit:
        then it is scored afresh)."""
        records = self._learnt.pop(_plain(key), None)
        if records is None:
            return None
        entities = self.entities
        try:
            return [Candidate(entities[position], score, matched, MatchType(kind), explanation)
                    for position, score, matched, kind, explanation in records]
        except (TypeError, ValueError, IndexError):
            return None

    def _entity_positions(self) -> dict[int, int]:
        # By object identity: two list entries may share an id, never an object.
        positions: dict[int, int] | None = self.__dict__.get("_positions")
        if positions is None:
            positions = {id(entity): position for position, entity in enumerate(self.entities)}
            self.__dict__["_positions"] = positions
        return positions

    def match(self, name: str | None, identifiers: Sequence[Identifier] = (),
              country: str | None = None) -> list[Candidate]:
        """Every entity scoring at least the review threshold, best first, ties by entity id."""
        key = (name, tuple(identifiers), country)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._recall(key) if self._learnt else None
            if cached is None:
                cached = self._match(name, key[1], country)
                self.computed += 1
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = cached
        return list(cached)

    def match_many(self, queries: Sequence[Query]) -> list[list[Candidate]]:
        """`match` for each query; repeated queries (common in holdings files) are scored once."""
        return [self.match(name, identifiers, country) for name, identifiers, country in queries]

    def _match(self, name: str | None, identifiers: tuple[Identifier, ...],
               country: str | None) -> list[Candidate]:
        best: dict[int, Candidate] = {}
        for position, candidate in self._identifier_candidates(identifiers):
            best[position] = candidate
        tickers = {i for i in identifiers if i.scheme == "ticker"}
        form = qualifiers.row_form(name)
        for position, (alias, score, trailing) in self._with_trailing_text(name).items():
            if position in best or score.score < self.thresholds.review:
                continue  # qualifiers only lower a score, and a ticker confirms only a review
            if alias.weak and any(p.similarity < 1.0 for p in score.pairs):
                continue  # a weak alias (a nickname, an acronym) counts only as written
            entity = self.entities[position]
            candidate = self._qualify(entity, alias, score, identifiers, tickers, country, form,
                                      trailing)
            if candidate.score >= self.thresholds.review:
                best[position] = candidate
        for position, ticker in self._ticker_positions(tickers):
            if position not in best:
                entity = self.entities[position]
                best[position] = Candidate(
                    entity, TICKER_ONLY_SCORE, str(ticker), MatchType.IDENTIFIER,
                    f"{ticker} is listed for {entity.name}; tickers collide across exchanges, "
                    "so confirm by name")
        found = [c for c in best.values() if c.score >= self.thresholds.review]
        return sorted(found, key=lambda c: (-c.score, c.entity.id))

    def _identifier_candidates(self, identifiers: Sequence[Identifier]
                               ) -> Iterable[tuple[int, Candidate]]:
        for identifier in identifiers:
            if identifier.scheme not in DECISIVE_SCHEMES:
                continue
            for position in self._by_identifier.get(identifier, ()):
                entity = self.entities[position]
                yield position, Candidate(entity, 1.0, str(identifier), MatchType.IDENTIFIER,
                                          f"{identifier} is listed for {entity.name}")

    def _ticker_positions(self, tickers: set[Identifier]) -> Iterable[tuple[int, Identifier]]:
        for ticker in sorted(tickers, key=str):
            for position in self._by_identifier.get(ticker, ()):
                yield position, ticker

    def _with_trailing_text(self, name: str | None
                            ) -> dict[int, tuple[Alias, NameScore, str | None]]:
        """`_name_scores`, and those of the name before text a file appended to it, less
        TRAILING_PENALTY (but not below a threshold the name reached), where they are higher;
        with the text set aside."""
        found: dict[int, tuple[Alias, NameScore, str | None]] = {
            position: (alias, score, None)
            for position, (alias, score) in self._name_scores(name).items()}
        cut = _TRAILING.search(name or "")
        if cut is None or not name or not name[:cut.start()].strip():
            return found
        trailing = name[cut.start():].strip()
        for position, (alias, score) in self._name_scores(name[:cut.start()]).items():
            lowered = score.score - TRAILING_PENALTY
            for threshold in (self.thresholds.hit, self.thresholds.review):
                if score.score >= threshold > lowered:
                    lowered = threshold
            current = found.get(position)
            if lowered > (current[1].score if current else 0.0):
                found[position] = (alias, replace(score, score=lowered), trailing)
        return found

    def _name_scores(self, name: str | None) -> dict[int, tuple[Alias, NameScore]]:
        """The best-scoring alias of every entity the name resembles at the review threshold."""
        if not name or not name.strip():
            return {}
        query = self._index.weigh(self._index.split_joined(tokens(name)))
        if not query:
            return {}
        # A Chinese short name keeps the first characters of the full one (美亚 for 美亚柏科):
        # its last word may be the start of a listed one, as a truncated field's may.
        truncated = (len(name.strip()) >= TRUNCATION_LENGTH
                     or _CJK_ONLY.fullmatch(name) is not None)
        # Scores depend on the words, not on how the row wrote them ("ACME LTD", "Acme Ltd."),
        # so the aliases worth a look are remembered per word sequence; only those are scored
        # again, for an explanation in the row's own spelling.
        words = (tuple((t.text, t.kind) for t in query), truncated)
        worth = self._worth.get(words)
        fresh: dict[int, NameScore] = {}  # scored just now, for these very tokens
        if worth is None:
            for alias_id in sorted(self._index.candidates(query, truncated)):
                scored = self._score(query, alias_id, truncated)
                if scored.score >= self.thresholds.review:
                    fresh[alias_id] = scored
            worth = list(fresh)
            if len(self._worth) >= CACHE_SIZE:
                self._worth.clear()
            self._worth[words] = worth
        best: dict[int, tuple[Alias, NameScore]] = {}
        for alias_id in worth:
            alias = self._index.aliases[alias_id]
            scored = fresh[alias_id] if alias_id in fresh else self._score(query, alias_id,
                                                                           truncated)
            current = best.get(alias.entity)
            if scored.score <= (current[1].score if current else 0.0):
                continue
            best[alias.entity] = (alias, scored)
        return best

    def _score(self, query: Sequence[WToken], alias_id: int, truncated: bool) -> NameScore:
        alias = self._index.aliases[alias_id]
        return score_names(query, alias.tokens, self._index.weight, truncated, alias.industries,
                           self._index.crowded)

    def _qualify(self, entity: Entity, alias: Alias, scored: NameScore,
                 identifiers: Sequence[Identifier], tickers: set[Identifier],
                 country: str | None, form: str | None = None,
                 trailing: str | None = None) -> Candidate:
        """Apply what the row's identifiers and country say about a name match."""
        alias_name = alias.name
        score = scored.score
        notes: list[str] = []
        if trailing:
            notes.append(f'text after the name set aside: "{trailing}"')
        for scheme in DECISIVE_SCHEMES:
            given = {i for i in identifiers if i.scheme == scheme}
            listed = {i for i in entity.identifiers if i.scheme == scheme}
            if given and listed and not given & listed:
                score -= IDENTIFIER_CONFLICT_PENALTY
                values = ", ".join(sorted(i.value for i in given))
                notes.append(f"{scheme.upper()} {values} is not the entity's "
                             f"({', '.join(sorted(i.value for i in listed))})")
        row = qualifiers.Row(identifiers, country, form)
        ceiling = self.thresholds.hit - WEAK_MARGIN
        for qualify in (partial(qualifiers.country, weak_alias=alias.weak),
                        partial(qualifiers.corroboration, alias=alias,
                                                    scored=scored, ceiling=ceiling),
                        qualifiers.kind):
            adjustment = qualify(entity, row=row, score=score)
            if adjustment is not None:
                score, note = adjustment
                notes.append(note)
        agreeing = sorted(str(t) for t in tickers & set(entity.identifiers))
        if agreeing and score >= self.thresholds.review:
            score = max(score, self.thresholds.hit)
            notes.append(f"{agreeing[0]} agrees")
        if alias.weak and self.weak is WeakAliases.REVIEW and not agreeing:
            score -= WEAK_ALIAS_PENALTY
            notes.append("a weak alias says less than a name")
        ceiling = max(self.thresholds.review, self.thresholds.hit - WEAK_MARGIN)
        if alias.weak and self.weak is WeakAliases.REVIEW and not agreeing and score > ceiling:
            # OFAC does not expect a weak alias alone to be screened (FAQ 124): without other
            # information agreeing, it asks for a look and never blocks.
            score = ceiling
            notes.append("a weak alias (OFAC FAQ 124): review at most")
        explanation = scored.explain(alias_name, alias_name == entity.name, weak=alias.weak)
        if notes:
            explanation += "; " + "; ".join(notes)
        return Candidate(entity, round(max(score, 0.0), 4), alias_name, MatchType.NAME,
                         explanation)


def _plain(key: CacheKey) -> PlainKey:
    name, identifiers, country = key
    return name, tuple((i.scheme, i.value) for i in identifiers), country
