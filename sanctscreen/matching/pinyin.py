"""Whether a romanised word is pinyin: two pinyin words that differ are two Chinese names."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def is_pinyin(word: str) -> bool:
    """Whether `word` is written wholly in pinyin syllables ("kuangshi", "kuangchi").

    A syllable that starts with a vowel starts the word: pinyin writes an apostrophe before
    one inside a word ("Xi'an"), so "quanguoo" is not QUAN GUO O but a misspelling.
    """
    syllables = _pinyin_syllables()
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(reachable[start] and word[start:end] in syllables
                             and (start == 0 or word[start] not in "aeiou")
                             for start in range(max(0, end - 6), end))
    return reachable[-1]


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every syllable pypinyin's dictionary reads, without tones; the vowelless
    interjections ("n", "ng", "hm") left out."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = {r for value in set(pinyin_dict.values()) for r in value.split(",")}
    plain = {"".join(ch for ch in unicodedata.normalize("NFD", r) if not unicodedata.combining(ch))
             for r in readings}
    return frozenset(s for s in plain if s.isascii() and set(s) & set("aeiou"))
