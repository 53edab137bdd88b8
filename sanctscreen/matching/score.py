"""Align the tokens of two names, score the alignment, and say in one line why."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from rapidfuzz.distance import OSA, Indel

from sanctscreen.matching import tables
from sanctscreen.matching.index import WToken
from sanctscreen.matching.normalise import Kind, Token
from sanctscreen.matching.pinyin import is_pinyin

# Penalty factor of a word one side has and the other lacks, when it is not distinctive.
# Holdings files drop legal forms and city prefixes all the time, so these barely count.
SOFT_FACTOR = {Kind.LEGAL: 0.2, Kind.GENERIC: 0.4, Kind.PLACE: 0.5}
# Missing non-distinctive words can lower a perfect distinctive match by at most this share,
# which keeps "HIKVISION" a hit against "Hangzhou Hikvision Digital Technology Co., Ltd.".
SOFT_CAP = 0.1
# Except when both names add common words the other lacks ("Green Systems" and "Smart Green
# Power"): they then describe two businesses that share one word, and those words count in
# full (a listed name the query only shortens, or the reverse, keeps the cap).
# The cap holds for what the query shortens to a word as rare as a brand ("Hikvision" for
# the full name). A matched word that crowds the lists ("FEDERAL", on 92 entries) does not
# identify the party on its own, so the listed name's other words count in full ("Federal
# Corp" is not the "Federal Security Service").
# A misspelt word costs half as much when another word of the name agrees as written and
# nothing contradicts.
CONFIRMED_SPELLING = 0.5
PREFIX_SIMILARITY = 0.9  # a word cut short by a terminal's 30-character field
# Word similarity is the better of Indel and OSA (which counts a swap as one edit).
SPELLING_CUTOFF = 0.8  # one edit in a word of 5 to 7 letters
LONG_SPELLING_CUTOFF = 0.74  # two edits in a word of 8 or more letters
SHORT_SPELLING_CUTOFF = 0.88  # a four-letter word with one letter added
MAX_JOIN = 4  # "HAI KANG WEI SHI" is the longest split we rejoin
JOIN_SIMILARITY = 0.85  # "MEGA VII" joins as MEGAVII for MEGVII: a split and a typo at once


@dataclass(frozen=True, slots=True)
class Pair:
    query: WToken
    listed: WToken
    similarity: float

    def label(self) -> str:
        q, c = self.query.token, self.listed.token
        if q.text != c.text:
            return f"{q.label}≈{c.label}"
        upper = q.text.upper()
        sources = [s for s in dict.fromkeys((q.source, c.source)) if s != upper]
        return f"{upper} ({' / '.join(sources)})" if sources else upper


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    pairs: tuple[Pair, ...] = ()
    unmatched: tuple[WToken, ...] = ()  # distinctive, or contradicting (two places, industries)
    ignored: tuple[WToken, ...] = ()  # words one name has and the other lacks, of no weight
    differing: tuple[WToken, ...] = ()  # common words each name adds: counted, not capped

    def explain(self, matched_name: str, primary: bool, weak: bool = False) -> str:
        what = "name" if primary else "weak alias" if weak else "alias"
        parts = [f'{what} "{matched_name}" matched']
        strong = [p.label() for p in self.pairs if p.listed.kind is Kind.DISTINCTIVE]
        if strong:
            parts.append(f"its distinctive word {strong[0]} agrees" if len(strong) == 1
                         else f"its distinctive words {', '.join(strong)} agree")
        places = [p.label() for p in self.pairs if p.listed.kind is Kind.PLACE]
        if places:
            parts.append(f"place {', '.join(places)} agrees")
        common = [p.label() for p in self.pairs if p.listed.kind is Kind.GENERIC]
        if common and not strong:
            # a name of common words only: say which of them carried the match
            parts.append(f"its common words {', '.join(common)} agree")
        ignored = [t.token.label for t in self.ignored if t.kind is not Kind.LEGAL]
        if ignored:
            parts.append(f"{', '.join(ignored)} in one name only (common, little weight)")
        lowered = []
        spelled = [p.label() for p in self.pairs if p.similarity < 1.0]
        if spelled:
            lowered.append(f"spelt differently: {', '.join(spelled)}")
        if self.unmatched:
            words = ", ".join(t.token.label for t in self.unmatched)
            lowered.append(f"{words} in one name only")
        if self.differing:
            words = ", ".join(t.token.label for t in self.differing)
            lowered.append(f"each name has common words the other lacks ({words}): "
                           "perhaps two businesses")
        if lowered:
            parts.append(f"lower because {'; '.join(lowered)}")
        return "; ".join(parts)


NO_MATCH = NameScore(0.0)


def score_names(query: Sequence[WToken], listed: Sequence[WToken],
                weigh: Callable[[Token], float], truncated: bool = False,
                industries: frozenset[str] = frozenset(),
                crowded: frozenset[str] = frozenset()) -> NameScore:
    """How well `query` names the same party as `listed`, in [0, 1].

    A listed name with a distinctive word must share it: names that agree only on generic
    words or a place score 0 ("Beijing Sinovel Technology" is not "Beijing Kuangshi
    Technology"). A listed name made only of common words ("China Mobile", "Kashgar
    Prefecture Public Security Bureau") must be matched word for word instead.
    `industries` are the lines of business the listed party's names state: a query naming
    another one ("Dahua Securities" for Dahua Technology) is a different party. `crowded`
    are the distinctive words on many list entries, which do not identify a party alone.
    """
    listed_texts = {t.text for t in listed}
    query = _join_split_words(query, listed_texts, weigh)
    listed = _join_split_words(listed, {t.text for t in query}, weigh)
    pairs, extra_q, extra_c = _align(query, listed, truncated)
    extras = (*extra_q, *extra_c)
    distinctive = any(p.listed.kind is Kind.DISTINCTIVE for p in pairs)
    if distinctive:
        places = _conflict(extra_q, extra_c, _is_place)
        foreign = tuple(t for t in extra_q if _is_industry(t) and t.text not in industries)
        hard = foreign + tuple(t for t in extras if t.kind is Kind.DISTINCTIVE
                               or (places and _is_place(t)))
    elif any(p.listed.kind is not Kind.LEGAL for p in pairs) and not any(
            t.kind is Kind.DISTINCTIVE for t in listed):
        hard = tuple(t for t in extras if t.kind is not Kind.LEGAL
                     and t.text not in tables.ADMIN
                     and not (t.text in tables.STRUCTURE and t in extra_c))
    else:
        return NameScore(0.0, tuple(pairs))
    # WTokens compare by value; most pairs have no hard word, and the test is skipped.
    soft = tuple(t for t in extras if t not in hard) if hard else extras
    matched = sum(p.similarity * p.listed.weight for p in pairs)
    penalty = sum((1.0 - p.similarity) * p.listed.weight for p in pairs)
    if not hard and any(p.similarity == 1.0 and p.listed.kind is not Kind.LEGAL for p in pairs):
        penalty *= CONFIRMED_SPELLING  # "Mgevii Technology": TECHNOLOGY confirms MGEVII
    penalty += sum(t.weight for t in hard)
    missing = sum(t.weight * SOFT_FACTOR[t.kind] for t in soft)
    # (A name of common words only is matched word for word above; what it may add are
    # administrative words, "City" for "Municipality".)
    differing = _added_on_both_sides(soft, extra_q, extra_c) if distinctive else ()
    if differing:
        score = matched / (matched + penalty + missing)
        return NameScore(score, tuple(pairs), hard,
                         tuple(t for t in soft if t not in differing), differing)
    shared = distinctive and all(p.listed.text in crowded for p in pairs
                                 if p.listed.kind is Kind.DISTINCTIVE)
    capped = missing if shared else min(missing, SOFT_CAP * matched)
    score = matched / (matched + penalty + capped)
    return NameScore(score, tuple(pairs), hard, soft)


def _added_on_both_sides(soft: Sequence[WToken], extra_q: Sequence[WToken],
                         extra_c: Sequence[WToken]) -> tuple[WToken, ...]:
    """The common words of `soft`, if each name adds some the other lacks; else ()."""
    added_q = tuple(t for t in extra_q if t.kind is Kind.GENERIC and t in soft)
    added_c = tuple(t for t in extra_c if t.kind is Kind.GENERIC and t in soft)
    return (*added_q, *added_c) if added_q and added_c else ()


def _is_place(t: WToken) -> bool:
    return t.kind is Kind.PLACE


def _is_industry(t: WToken) -> bool:
    return t.text in tables.INDUSTRY


def _conflict(extra_q: Sequence[WToken], extra_c: Sequence[WToken],
              test: Callable[[WToken], bool]) -> bool:
    """Both names say something of this sort, and not the same thing."""
    return any(test(t) for t in extra_q) and any(test(t) for t in extra_c)


def similarity(query: str, listed: str, prefix: bool) -> float:
    """Word similarity: exact, cut short (prefix of the last query word), or one or two typos."""
    if query == listed:
        return 1.0
    if prefix and listed.startswith(query):
        return PREFIX_SIMILARITY
    # Written out rather than with min() and abs(): this runs for every pair of words.
    size_q, size_l = len(query), len(listed)
    shorter = size_q if size_q < size_l else size_l
    if shorter < 4 or size_q - size_l > 2 or size_l - size_q > 2:
        return 0.0  # short words must be exact ("DJI" vs "DJL"); two typos bridge two letters
    if query[0] != listed[0] and query[-1] != listed[-1]:
        return 0.0  # a word changed at both ends is another word
    return _spelling(query, listed, shorter)


@lru_cache(maxsize=1 << 18)
def _spelling(query: str, listed: str, shorter: int) -> float:
    # Cached: the same word pairs (a list's words against a file's) recur from row to row.
    if shorter == 4:
        cutoff = SHORT_SPELLING_CUTOFF  # "PICCO" for PICO, but not "PICA"
    else:
        cutoff = LONG_SPELLING_CUTOFF if shorter >= 8 else SPELLING_CUTOFF
    cutoff -= 0.005  # rapidfuzz turns the cutoff into an edit count; keep 0.8 itself in
    # Indel counts a swap of two letters as two edits, OSA as one: "GRUOP" is one typo.
    found = max(Indel.normalized_similarity(query, listed, score_cutoff=cutoff),
                OSA.normalized_similarity(query, listed, score_cutoff=cutoff))
    if found and is_pinyin(query) and is_pinyin(listed):
        # Two different pinyin words are two different Chinese names, not a typo: Wade-Giles
        # "Kuang-Chi" (光启) is not pinyin "Kuangshi" (旷视), whose syllables it respells.
        return 0.0
    return found


def _align(query: Sequence[WToken], listed: Sequence[WToken], truncated: bool
           ) -> tuple[list[Pair], list[WToken], list[WToken]]:
    """Greedy one-to-one alignment, most similar and heaviest words first; order is free."""
    options: list[tuple[float, float, int, int]] = []
    last = len(query) - 1
    for i, q in enumerate(query):
        text = q.text
        size, first, end = len(text), text[:1], text[-1:]
        cut = truncated and i == last
        for j, c in enumerate(listed):
            other = c.text
            if text == other:
                options.append((-1.0, -c.weight, i, j))
                continue
            # A cut-short word of one or two letters may complete a legal form or a
            # generic word ("CO L" → CO LTD), never a distinctive one.
            prefix = cut and (size >= 3 or c.kind is not Kind.DISTINCTIVE)
            if not prefix and (size < 4 or len(other) < 4 or not -2 <= len(other) - size <= 2
                               or (other[:1] != first and other[-1:] != end)):
                continue  # what `similarity` rejects first, tested here: most pairs are these
            sim = similarity(text, other, prefix)
            if sim > 0.0:
                options.append((-sim, -c.weight, i, j))
    options.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[Pair] = []
    for neg_sim, _, i, j in options:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append(Pair(query[i], listed[j], -neg_sim))
    extra_q = [t for i, t in enumerate(query) if i not in used_q]
    extra_c = [t for j, t in enumerate(listed) if j not in used_c]
    return pairs, extra_q, extra_c


def _join_split_words(side: Sequence[WToken], other: set[str],
                      weigh: Callable[[Token], float]) -> Sequence[WToken]:
    """Rejoin words the other name writes as one: "SENSE TIME" → SENSETIME, "HAIKANG WEISHI"."""
    texts = [t.text for t in side]
    taken = [text in other for text in texts]  # words the other name has as they are
    if taken.count(False) < 2 or all(map(operator.or_, taken, taken[1:])):
        return side  # a join needs two neighbouring words the other name lacks
    # Only words of the other name that this one lacks can receive a join.
    present = set(texts)
    loose = [o for o in other if o not in present]
    if not loose:
        return side
    sizes = [len(o) for o in loose]
    shortest, longest = min(sizes) - 2, max(sizes) + 2
    # Joined words short of six join exactly; longer ones may differ by a typo, and only
    # from words within two letters of their length.
    near = [o for o in loose if len(o) >= 6]
    out = list(side)
    starts = list(accumulate(map(len, texts), initial=0))  # letters before each word
    i = 0
    while i < len(out) - 1:
        if taken[i] or taken[i + 1]:  # every window from here holds a taken word
            i += 1
            continue
        joined_at = None
        for end in range(min(len(out), i + MAX_JOIN), i + 1, -1):
            if any(taken[i + 2:end]):
                continue
            size = starts[end] - starts[i]
            if size < shortest:
                break  # the windows only get shorter
            if size > longest:
                continue
            text = "".join(texts[i:end])
            if text in other or any(
                    # (`similarity` is 0 for words that differ at both ends.)
                    size - 2 <= len(o) <= size + 2 and (o[0] == text[0] or o[-1] == text[-1])
                    and similarity(text, o, False) >= JOIN_SIMILARITY for o in near):
                joined_at = end
                break
        if joined_at is not None:
            parts = out[i:joined_at]
            token = Token("".join(p.text for p in parts), Kind.DISTINCTIVE,
                          " ".join(p.token.source for p in parts))
            out[i:joined_at] = [WToken(token, weigh(token))]
            texts[i:joined_at] = [token.text]
            taken[i:joined_at] = [True]
            starts = list(accumulate(map(len, texts), initial=0))
        i += 1
    return out
