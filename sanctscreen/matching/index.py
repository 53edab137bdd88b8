"""The blocking index: every list name as weighted tokens, and the keys that find candidates."""

from __future__ import annotations

import bisect
import itertools
import math
import pickle
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sanctscreen import collector
from sanctscreen.matching import tables
from sanctscreen.matching.normalise import Kind, Token, tokens
from sanctscreen.models import Entity, EntityType

# Fixed weights of the words whose class says it all; distinctive words are weighed by IDF.
CLASS_WEIGHT = {Kind.LEGAL: 0.05, Kind.GENERIC: 0.25, Kind.PLACE: 0.5}
MIN_DISTINCTIVE = 0.3  # a word on every list entry still says more than a generic one
MAX_DISTINCTIVE = 1.5  # an unseen or unique word
MIN_FUZZY_KEY = 5  # shorter keys are looked up exactly only: one edit changes too much
MAX_PREFIX_HITS = 64  # a truncated word like "TEC" must not pull in half the vocabulary
# Candidate budget per query: keys are taken rarest first until it is spent, so that a
# surname or word on thousands of entries ("Chen", "Mohammad") does not drag them all in
# when a rarer word of the same query already found its party. When even the rarest key is
# over budget, the candidates are the entries that carry the two rarest keys together.
CANDIDATE_BUDGET = 400


@dataclass(frozen=True, slots=True)
class WToken:
    """A token with its weight; text and kind are copied out because scoring reads them most."""

    token: Token
    weight: float
    text: str = field(init=False, compare=False)
    kind: Kind = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", self.token.text)
        object.__setattr__(self, "kind", self.token.kind)

    def __reduce__(self) -> tuple[type[WToken], tuple[Token, float]]:
        return (WToken, (self.token, self.weight))  # see Token.__reduce__


@dataclass(frozen=True, slots=True)
class Alias:
    entity: int  # position in NameIndex.entities
    name: str  # as the list writes it
    tokens: tuple[WToken, ...]
    industries: frozenset[str]  # the lines of business any name of the entity states
    weak: bool = False  # one of OFAC's weak a.k.a.s

    def __reduce__(self) -> tuple[type[Alias], tuple[int, str, tuple[WToken, ...],
                                                      frozenset[str], bool]]:
        return (Alias, (self.entity, self.name, self.tokens, self.industries, self.weak))


class KeyTable:
    """Blocking keys → alias ids, with one-typo (symmetric deletion) and prefix lookups."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self._joined: set[str] = set()  # keys made of two words: found exactly, never by typo
        self._singles: set[str] = set()
        self._deletes: dict[str, tuple[str, ...]] | None = {}
        self._deletes_blob: bytes | None = None
        self._sorted: list[str] = []

    def add(self, key: str, alias_id: int, joined: bool = False) -> None:
        (self._joined if joined else self._singles).add(key)
        postings = self.postings[key]
        if not postings or postings[-1] != alias_id:
            postings.append(alias_id)

    def freeze(self) -> None:
        # Tuples, not sets: the table has 200 000 entries with the full defaults, nearly all
        # of one key, and a tuple of strings unpickles in half the time of a set.
        deletes: dict[str, tuple[str, ...]] = {}
        for key in self.postings:
            if len(key) >= MIN_FUZZY_KEY and (key in self._singles or key not in self._joined):
                for variant in {key, *_deletions(key)}:
                    found = deletes.get(variant)
                    deletes[variant] = (key,) if found is None else (*found, key)
        self._deletes = deletes
        self._sorted = sorted(self.postings)

    def __getstate__(self) -> dict[str, object]:
        # The one-typo table is the largest part of the index (200 000 entries with the full
        # defaults) and only a word not found as written needs it: it travels as bytes, and is
        # decoded the first time one is looked up, which `lookup` of a listed name and a repeat
        # screen of a known file never do.
        state = self.__dict__.copy()
        if self._deletes is not None:
            state["_deletes_blob"] = pickle.dumps(self._deletes, protocol=pickle.HIGHEST_PROTOCOL)
        state["_deletes"] = None
        return state

    def _one_typo(self) -> dict[str, tuple[str, ...]]:
        if self._deletes is None:
            with collector.paused(keep=True):  # 400 000 strings and tuples, no cycle
                self._deletes = pickle.loads(self._deletes_blob) if self._deletes_blob else {}
            self._deletes_blob = None
        return self._deletes

    def similar(self, key: str, prefix: bool) -> set[str]:
        similar = {key} if key in self.postings else set()
        # A word found as written is taken as written: looking for its one-typo neighbours
        # too would only add other parties' words (crowded for short pinyin syllables).
        if not similar and len(key) >= MIN_FUZZY_KEY - 1:
            # Symmetric deletion: a shared one-deletion variant means at most one edit
            # each way, which covers a typo, a dropped or an added letter.
            for variant in (key, *_deletions(key)):
                similar.update(self._one_typo().get(variant, ()))
        if prefix and len(key) >= 3:
            start = bisect.bisect_left(self._sorted, key)
            for found in self._sorted[start:start + MAX_PREFIX_HITS]:
                if not found.startswith(key):
                    break
                similar.add(found)
        return similar

    def lookup(self, keys: Sequence[str], last: str, truncated: bool) -> set[int]:
        """Alias ids under `keys`, exactly or else by one typo, rarest key first."""
        matches: set[str] = set()
        for key in keys:
            matches |= self.similar(key, prefix=truncated and key == last)
        # A word reached only by a typo or as a prefix must not bring a crowd ("TIANJINV"
        # is not every Tianjin entity): crowded keys count only when written as such.
        matches = {m for m in matches
                   if m in keys or len(self.postings[m]) <= CANDIDATE_BUDGET}
        ordered = sorted(matches, key=lambda m: (len(self.postings[m]), m))
        if len(ordered) > 1 and len(self.postings[ordered[0]]) > CANDIDATE_BUDGET:
            # Only crowded words ("Mohammad Ali"): the party must carry the two rarest.
            return set(self.postings[ordered[0]]).intersection(self.postings[ordered[1]])
        found: set[int] = set()
        for match in ordered:
            postings = self.postings[match]
            if found and len(found) + len(postings) > CANDIDATE_BUDGET:
                break
            found.update(postings)
        return found


class NameIndex:
    """All names and aliases of the loaded entities, weighed by how rare their words are.

    `weak`: index OFAC's weak aliases too (after the entity's other names, so that a tie
    between a weak and a strong alias goes to the strong one).
    """

    def __init__(self, entities: Iterable[Entity], weak: bool = False) -> None:
        self.entities: tuple[Entity, ...] = tuple(entities)
        raw: list[tuple[int, str, tuple[Token, ...], bool]] = []
        df: dict[str, int] = defaultdict(int)
        for position, entity in enumerate(self.entities):
            seen_names: set[tuple[Token, ...]] = set()
            words: set[str] = set()
            names = [(n, False) for n in entity.names]
            if weak:
                names += [(n, True) for n in entity.weak_aliases]
            for name, is_weak in names:
                toks = tokens(name, entity.type is EntityType.PERSON)
                if toks and toks not in seen_names:
                    seen_names.add(toks)
                    raw.append((position, name, toks, is_weak))
                    words.update(t.text for t in toks)
            for word in words:
                df[word] += 1
        self._df = dict(df)
        self._log_n = math.log(len(self.entities) + 2)
        industries: dict[int, set[str]] = defaultdict(set)
        for position, _, toks, _ in raw:
            industries[position].update(t.text for t in toks if t.text in tables.INDUSTRY)
        frozen = {position: frozenset(words) for position, words in industries.items()}
        # One WToken per distinct token: the same word in a thousand names is one object,
        # which pickle then stores and restores once.
        shared: dict[Token, WToken] = {}

        def weighed(toks: tuple[Token, ...]) -> tuple[WToken, ...]:
            return tuple(shared.get(t) or shared.setdefault(t, WToken(t, self.weight(t)))
                         for t in toks)

        self.aliases: tuple[Alias, ...] = tuple(
            Alias(position, name, weighed(toks), frozen[position], is_weak)
            for position, name, toks, is_weak in raw
        )
        self._keys = KeyTable()
        # Names made only of common words ("China Mobile Limited") are found through their
        # rarest common word, in a table of their own so that "China" finds only them.
        self._common = KeyTable()
        for alias_id, alias in enumerate(self.aliases):
            singles, joined = _keys(alias.tokens, listed=True)
            for key in singles:
                self._keys.add(key, alias_id)
            for key in joined:
                self._keys.add(key, alias_id, joined=True)
            if not any(t.kind in (Kind.DISTINCTIVE, Kind.PLACE) for t in alias.tokens):
                rarest = self._rarest_common(alias.tokens)
                if rarest is not None:
                    self._common.add(rarest, alias_id)
        self._keys.freeze()
        self._common.freeze()

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
        """Ids of the aliases that share a key with the query (exactly, by a typo, as prefix)."""
        if not query:
            return set()
        last = query[-1].text
        singles, joined = _keys(query, places=False)
        if not singles:
            singles, joined = _keys(query)
        found = self._keys.lookup([*singles, *joined], last, truncated)
        common = [t.text for t in query if _is_common_key(t)]
        found.update(self._common.lookup(common, last, truncated))
        return found

    def _rarest_common(self, toks: Sequence[WToken]) -> str | None:
        common = [t.text for t in toks if _is_common_key(t)]
        if not common:
            return None
        return min(common, key=lambda text: (self._df.get(text, 0), text))


def _keys(toks: Sequence[WToken], places: bool = True,
          listed: bool = False) -> tuple[list[str], list[str]]:
    """Blocking keys: distinctive words (and places), and neighbouring words joined.

    A query joins any pair with a distinctive word ("HIK VISION" → HIKVISION); a listed
    name only pairs of distinctive words ("Meiya Pico" → MEIYAPICO), which keeps the index
    small: the listed side needs the pair only when the query writes it as one word.
    """
    wanted = {Kind.DISTINCTIVE, Kind.PLACE} if places else {Kind.DISTINCTIVE}
    singles = list(dict.fromkeys(t.text for t in toks if t.kind in wanted))
    joined = []
    for left, right in itertools.pairwise(toks):
        kinds = {left.kind, right.kind}
        both_distinctive = kinds == {Kind.DISTINCTIVE}
        if both_distinctive or (not listed and kinds & wanted):
            joined.append(left.text + right.text)
    return singles, [k for k in dict.fromkeys(joined) if k not in singles]


def _is_common_key(t: WToken) -> bool:
    return (t.kind is Kind.GENERIC and t.text not in tables.ADMIN
            and t.text not in tables.STRUCTURE)


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]
