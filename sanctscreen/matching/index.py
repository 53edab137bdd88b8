"""The blocking index: every list name as weighted tokens, and the keys that find candidates."""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sanctscreen.matching.normalise import Kind, Token, tokens
from sanctscreen.models import Entity, EntityType

# Fixed weights of the words whose class says it all; distinctive words are weighed by IDF.
CLASS_WEIGHT = {Kind.LEGAL: 0.05, Kind.GENERIC: 0.25, Kind.PLACE: 0.5}
MIN_DISTINCTIVE = 0.3  # a word on every list entry still says more than a generic one
MAX_DISTINCTIVE = 1.5  # an unseen or unique word
MIN_FUZZY_KEY = 5  # shorter keys are looked up exactly only: one edit changes too much
MAX_PREFIX_HITS = 64  # a truncated word like "TEC" must not pull in half the vocabulary
MAX_POSTINGS = 5_000  # keys this frequent block nothing; other keys of the query do the work


@dataclass(frozen=True, slots=True)
class WToken:
    token: Token
    weight: float

    @property
    def text(self) -> str:
        return self.token.text

    @property
    def kind(self) -> Kind:
        return self.token.kind


@dataclass(frozen=True, slots=True)
class Alias:
    entity: int  # position in NameIndex.entities
    name: str  # as the list writes it
    tokens: tuple[WToken, ...]


class NameIndex:
    """All names and aliases of the loaded entities, weighed by how rare their words are."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities: tuple[Entity, ...] = tuple(entities)
        raw: list[tuple[int, str, tuple[Token, ...]]] = []
        df: dict[str, int] = defaultdict(int)
        for position, entity in enumerate(self.entities):
            seen_names: set[tuple[Token, ...]] = set()
            words: set[str] = set()
            for name in entity.names:
                toks = tokens(name, entity.type is EntityType.PERSON)
                if toks and toks not in seen_names:
                    seen_names.add(toks)
                    raw.append((position, name, toks))
                    words.update(t.text for t in toks)
            for word in words:
                df[word] += 1
        self._df = dict(df)
        self._log_n = math.log(len(self.entities) + 2)
        self.aliases: tuple[Alias, ...] = tuple(
            Alias(position, name, self.weigh(toks)) for position, name, toks in raw
        )
        self._postings: dict[str, list[int]] = defaultdict(list)
        for alias_id, alias in enumerate(self.aliases):
            for key in _keys(alias.tokens):
                postings = self._postings[key]
                if not postings or postings[-1] != alias_id:
                    postings.append(alias_id)
        self._deletes: dict[str, set[str]] = defaultdict(set)
        for key in self._postings:
            if len(key) >= MIN_FUZZY_KEY:
                for variant in (key, *_deletions(key)):
                    self._deletes[variant].add(key)
        self._sorted_keys = sorted(self._postings)

    def weight(self, token: Token) -> float:
        """Class weight for legal/generic/place words (capped by rarity); IDF for the rest."""
        count = self._df.get(token.text, 0)
        rarity = math.log((len(self.entities) + 2) / (count + 1)) / self._log_n
        distinctive = max(MIN_DISTINCTIVE, MAX_DISTINCTIVE * min(1.0, rarity))
        if token.kind is Kind.DISTINCTIVE:
            return distinctive
        return min(CLASS_WEIGHT[token.kind], distinctive)

    def weigh(self, toks: Sequence[Token]) -> tuple[WToken, ...]:
        return tuple(WToken(t, self.weight(t)) for t in toks)

    def candidates(self, query: Sequence[WToken], truncated: bool) -> set[int]:
        """Ids of the aliases that share a distinctive key (exactly, by one typo, or as prefix)."""
        keys = _keys(query, places=False) or _keys(query)
        found: set[int] = set()
        last = query[-1].text if query else ""
        for key in keys:
            for match in self._similar_keys(key, prefix=truncated and key == last):
                postings = self._postings[match]
                if len(postings) <= MAX_POSTINGS or len(keys) == 1:
                    found.update(postings)
        return found

    def _similar_keys(self, key: str, prefix: bool) -> set[str]:
        similar = {key} if key in self._postings else set()
        if len(key) >= MIN_FUZZY_KEY - 1:
            # Symmetric deletion: a shared one-deletion variant means at most one edit
            # each way, which covers a typo, a dropped or an added letter.
            for variant in (key, *_deletions(key)):
                similar.update(self._deletes.get(variant, ()))
        if prefix and len(key) >= 3:
            start = bisect.bisect_left(self._sorted_keys, key)
            for found in self._sorted_keys[start:start + MAX_PREFIX_HITS]:
                if not found.startswith(key):
                    break
                similar.add(found)
        return similar


def _keys(toks: Sequence[WToken], places: bool = True) -> list[str]:
    """Blocking keys: distinctive words (and places), and adjacent words joined ("SENSE TIME")."""
    wanted = {Kind.DISTINCTIVE, Kind.PLACE} if places else {Kind.DISTINCTIVE}
    keys = [t.text for t in toks if t.kind in wanted]
    for left, right in itertools.pairwise(toks):
        if Kind.DISTINCTIVE in (left.kind, right.kind) or (
            places and Kind.PLACE in (left.kind, right.kind)
        ):
            keys.append(left.text + right.text)
    return list(dict.fromkeys(keys))


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]
