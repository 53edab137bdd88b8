"""The blocking index: every list name as weighted tokens, and the keys that find candidates."""

from __future__ import annotations

import bisect
import itertools
import math
import pickle
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from sanctscreen import collector
from sanctscreen.matching import tables
from sanctscreen.matching.normalise import Kind, Token, classify, tokens
from sanctscreen.matching.pinyin import is_pinyin
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
# A distinctive word on this many entries ("FEDERAL", "NATIONAL") does not identify one.
CROWDED = 20
MIN_SPLIT = 4  # a run-together word splits only into list words this long or longer
# How the index is stored (part of the compiled matcher's cache key, see screen.py): raise it
# when the pickled state of NameIndex, KeyTable or AliasTable changes.
LAYOUT = 2


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

    def __eq__(self, other: object) -> bool:
        # By value, as the dataclass would, but written out: scoring asks whether a token is
        # among a few others for every candidate, and most differ in their text.
        if self is other:
            return True
        if type(other) is not WToken:
            return NotImplemented
        return (self.text == other.text and self.weight == other.weight
                and self.token == other.token)

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
    """Blocking keys → alias ids, with one-typo (symmetric deletion) and prefix lookups.

    Once frozen, the keys are one sorted list and their alias ids one array, cut by offsets:
    a few objects to store and restore instead of a list per key (70 000 with the full
    defaults).
    """

    def __init__(self) -> None:
        self._building: dict[str, list[int]] = defaultdict(list)
        self._joined: set[str] = set()  # keys made of two words: found exactly, never by typo
        self._singles: set[str] = set()
        self._deletes: dict[str, tuple[str, ...]] | None = {}
        self._deletes_blob: bytes | None = None
        self._sorted: list[str] = []  # every key, in order
        self._slot: dict[str, int] = {}  # key -> its position in _sorted
        self._starts = array("i", [0])  # the ids of key i are _ids[_starts[i]:_starts[i + 1]]
        self._ids = array("i")

    def add(self, key: str, alias_id: int, joined: bool = False) -> None:
        (self._joined if joined else self._singles).add(key)
        postings = self._building[key]
        if not postings or postings[-1] != alias_id:
            postings.append(alias_id)

    def freeze(self) -> None:
        # Tuples, not sets: the table has 200 000 entries with the full defaults, nearly all
        # of one key, and a tuple of strings unpickles in half the time of a set.
        deletes: dict[str, tuple[str, ...]] = {}
        for key in self._building:
            if len(key) >= MIN_FUZZY_KEY and (key in self._singles or key not in self._joined):
                for variant in {key, *_deletions(key)}:
                    found = deletes.get(variant)
                    deletes[variant] = (key,) if found is None else (*found, key)
        self._deletes = deletes
        self._sorted = sorted(self._building)
        self._slot = {key: position for position, key in enumerate(self._sorted)}
        starts, ids = array("i", [0]), array("i")
        for key in self._sorted:
            ids.extend(self._building[key])
            starts.append(len(ids))
        self._starts, self._ids = starts, ids
        self._building = defaultdict(list)
        self._joined, self._singles = set(), set()  # needed only to build the table

    def postings(self, key: str) -> Sequence[int]:
        """The alias ids under `key`, in order; none for a key the table does not have."""
        slot = self._slot.get(key)
        if slot is None:
            return ()
        return self._ids[self._starts[slot]:self._starts[slot + 1]]

    def count(self, key: str) -> int:
        slot = self._slot[key]
        return self._starts[slot + 1] - self._starts[slot]

    def __getstate__(self) -> dict[str, object]:
        # The one-typo table is the largest part of the index (200 000 entries with the full
        # defaults) and only a word not found as written needs it: it travels as bytes, and is
        # decoded the first time one is looked up, which `lookup` of a listed name and a repeat
        # screen of a known file never do. The slots are rebuilt from the sorted keys.
        if self._building:
            raise ValueError("a KeyTable is stored once frozen")
        deletes = self._deletes_blob
        if self._deletes is not None:
            deletes = pickle.dumps(self._deletes, protocol=pickle.HIGHEST_PROTOCOL)
        return {"layout": LAYOUT, "sorted": self._sorted, "starts": self._starts,
                "ids": self._ids, "deletes": deletes}

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.get("layout") != LAYOUT:  # stored by another build: the cache rebuilds it
            raise pickle.UnpicklingError("a KeyTable of another layout")
        self._building = defaultdict(list)
        self._joined, self._singles = set(), set()
        self._sorted = state["sorted"]
        self._slot = dict(zip(self._sorted, range(len(self._sorted)), strict=True))
        self._starts, self._ids = state["starts"], state["ids"]
        self._deletes, self._deletes_blob = None, state["deletes"]

    def _one_typo(self) -> dict[str, tuple[str, ...]]:
        if self._deletes is None:
            with collector.paused(keep=True):  # 400 000 strings and tuples, no cycle
                self._deletes = pickle.loads(self._deletes_blob) if self._deletes_blob else {}
            self._deletes_blob = None
        return self._deletes

    def similar(self, key: str, prefix: bool) -> set[str]:
        similar = {key} if key in self._slot else set()
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
        count = self.count
        matches = {m for m in matches if m in keys or count(m) <= CANDIDATE_BUDGET}
        ordered = sorted(matches, key=lambda m: (count(m), m))
        if len(ordered) > 1 and count(ordered[0]) > CANDIDATE_BUDGET:
            # Only crowded words ("Mohammad Ali"): the party must carry the two rarest.
            return set(self.postings(ordered[0])).intersection(self.postings(ordered[1]))
        found: set[int] = set()
        for match in ordered:
            postings = self.postings(match)
            if found and len(found) + len(postings) > CANDIDATE_BUDGET:
                break
            found.update(postings)
        return found


class AliasTable(Sequence[Alias]):
    """The aliases of an index read back from the cache: stored as a few flat columns (a
    string per name and per distinct word, arrays of numbers), each Alias built the first
    time it is asked for. A lookup asks for a few hundred of the 40 000; the 170 000 objects
    of the whole table took a third of its start-up to unpickle."""

    def __init__(self, aliases: Sequence[Alias]) -> None:
        words: dict[int, int] = {}  # id(WToken) -> its position in the word columns
        texts: list[str] = []
        kinds = bytearray()
        sources: list[str] = []
        weights = array("d")
        industries: dict[frozenset[str], int] = {}
        self._entity = array("i")
        self._names: list[str] = []
        self._starts = array("i", [0])
        self._words = array("i")
        self._industry = array("i")
        weak = bytearray()
        for alias in aliases:
            self._entity.append(alias.entity)
            self._names.append(alias.name)
            for wtoken in alias.tokens:
                position = words.get(id(wtoken))
                if position is None:
                    position = words[id(wtoken)] = len(texts)
                    texts.append(wtoken.token.text)
                    kinds.append(wtoken.token.kind)
                    sources.append(wtoken.token.source)
                    weights.append(wtoken.weight)
                self._words.append(position)
            self._starts.append(len(self._words))
            self._industry.append(industries.setdefault(alias.industries, len(industries)))
            weak.append(alias.weak)
        self._texts, self._kinds, self._sources, self._weights = (
            texts, bytes(kinds), sources, weights)
        self._industries = [tuple(sorted(found)) for found in industries]
        self._weak = bytes(weak)
        self._restore()

    def _restore(self) -> None:
        self._built: list[Alias | None] = [None] * len(self._names)
        self._wtokens: list[WToken | None] = [None] * len(self._texts)
        self._industry_sets = [frozenset(found) for found in self._industries]

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        for name in ("_built", "_wtokens", "_industry_sets"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._restore()

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, position: int) -> Alias: ...

    @overload
    def __getitem__(self, position: slice) -> list[Alias]: ...

    def __getitem__(self, position: int | slice) -> Alias | list[Alias]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        alias = self._built[position]
        if alias is None:
            alias = self._build(position % len(self._names))
        return alias

    def __iter__(self) -> Iterator[Alias]:
        return (self[i] for i in range(len(self._names)))

    def _build(self, position: int) -> Alias:
        wtokens = self._wtokens
        words: list[WToken] = []
        for word in self._words[self._starts[position]:self._starts[position + 1]]:
            wtoken = wtokens[word]
            if wtoken is None:  # one WToken per distinct word, shared as when compiled
                token = Token(self._texts[word], _KINDS[self._kinds[word]], self._sources[word])
                wtoken = wtokens[word] = WToken(token, self._weights[word])
            words.append(wtoken)
        alias = Alias(self._entity[position], self._names[position], tuple(words),
                      self._industry_sets[self._industry[position]], bool(self._weak[position]))
        self._built[position] = alias
        return alias


_KINDS = tuple(sorted(Kind))  # Kind by its value


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
        self.crowded = frozenset(word for word, count in df.items() if count >= CROWDED)
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

        self.aliases: Sequence[Alias] = tuple(
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

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        if not isinstance(self.aliases, AliasTable):
            state["aliases"] = AliasTable(self.aliases)
        state["layout"] = LAYOUT
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.pop("layout", None) != LAYOUT:  # stored by another build: rebuilt
            raise pickle.UnpicklingError("a NameIndex of another layout")
        self.__dict__.update(state)

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

    def split_joined(self, toks: Sequence[Token]) -> tuple[Token, ...]:
        """Words the lists write apart, run together ("HANGZHOUHIKVISION", "XIAMENMEIYAPICO"):
        a word no list name has that is made exactly of two or three list words, each of
        MIN_SPLIT letters or more and none of them a common word, becomes those words.
        Pinyin is left whole unless it starts with a place ("ZHEJIANGDAHUA"): Chinese names
        run their syllables together ("Dongfang" is not DONG FANG), and the lists do too."""
        out: list[Token] = []
        for token in toks:
            parts = None
            if (token.kind is Kind.DISTINCTIVE and len(token.text) >= 2 * MIN_SPLIT
                    and token.text not in self._df):
                parts = _split(token.text, self._df)
                if parts and is_pinyin(token.text) and classify(parts[0]) is not Kind.PLACE:
                    parts = None
            if parts is None:
                out.append(token)
                continue
            kinds = [classify(part) for part in parts]
            if not all(kind in (Kind.DISTINCTIVE, Kind.PLACE) for kind in kinds):
                # "InterDigital", "Bankinter": a brand made with a common word is one word
                out.append(token)
                continue
            out.extend(Token(part, kind, token.source)
                       for part, kind in zip(parts, kinds, strict=True))
        return tuple(out)

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


def _split(word: str, vocabulary: dict[str, int], pieces: int = 3) -> list[str] | None:
    """`word` as the fewest (at most `pieces`) vocabulary words, longest first word first."""
    if word in vocabulary:
        return [word]
    if pieces == 1:
        return None
    for cut in range(len(word) - MIN_SPLIT, MIN_SPLIT - 1, -1):
        head = word[:cut]
        if head in vocabulary:
            rest = _split(word[cut:], vocabulary, pieces - 1)
            if rest is not None:
                return [head, *rest]
    return None


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]
