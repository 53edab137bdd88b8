"""Turn a raw name (any script, any holdings-file spelling) into classified comparison tokens."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from sanctscreen.matching import tables
from sanctscreen.matching.org_types import ORG_TYPES


class Kind(IntEnum):
    """How much a token can say about identity, from nothing (legal form) to everything."""

    LEGAL = 0
    GENERIC = 1
    PLACE = 2
    DISTINCTIVE = 3


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # the canonical comparison form: lower case ASCII, pinyin for Chinese script
    kind: Kind
    source: str  # as the name wrote it, for explanations ("TECH", "旷视")

    def __reduce__(self) -> tuple[type[Token], tuple[str, Kind, str]]:
        # The compiled index holds hundreds of thousands of tokens; the constructor restores
        # one several times faster than the dataclass default (a setattr per field by name).
        return (Token, (self.text, self.kind, self.source))

    @property
    def label(self) -> str:
        upper = self.text.upper()
        return upper if self.source == upper else f"{upper} ({self.source})"


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEGMENTS = re.compile(f"[{_CJK}]+|[^{_CJK}]+")
_IS_CJK = re.compile(f"[{_CJK}]")
_APOSTROPHES = ("'", "\u2019")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_CJK_MAX_TERM = max(len(term) for term in tables.CJK_TERMS)
# Chinese written with a space between characters ("海 康 威 视") is one run of characters.
_CJK_SPACES = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
# Dotted initials ("S.Z. D.J.I."): each group is one word, before punctuation is dropped.
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}(?!\w)")
# Latin words with a Cyrillic or Greek look-alike letter inside ("Meiya \\u0420ico"): a mixed word
# takes the Latin letter each look-alike stands for, where a whole Cyrillic word is
# transliterated ("Газпром" → GAZPROM).
_LOOKALIKES = str.maketrans("авсекмнорстухіјѕԁԛԝ" "αβεικνορτυχ",
                            "abcekmhopctyxijsdqw" "abeikvoptux")
_CYRILLIC_OR_GREEK = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
_LATIN_LETTER = re.compile("[a-z]")
_MIXED_WORD = re.compile("\\w+")
# anyascii writes nothing for the Arabic alif, which romanised names spell ("al-", "Iran").
_ALIF = str.maketrans({"\u0627": "a"})
_ORG_FORMS = {alias: form for form, aliases in ORG_TYPES.items() for alias in aliases}


def _org_lengths() -> dict[str, tuple[int, ...]]:
    """The word counts of the legal-form aliases that start with each word, longest first."""
    lengths: dict[str, set[int]] = {}
    for alias in _ORG_FORMS:
        lengths.setdefault(alias.split()[0], set()).add(alias.count(" ") + 1)
    return {word: tuple(sorted(counts, reverse=True)) for word, counts in lengths.items()}


_ORG_LENGTHS = _org_lengths()


def has_cjk(text: str) -> bool:
    return _IS_CJK.search(text) is not None


@lru_cache(maxsize=200_000)
def tokens(raw: str, person: bool = False) -> tuple[Token, ...]:
    """The tokens of `raw`, in order, without duplicates; share-class suffixes removed.

    `person` splits a Chinese-script personal name into family name and given name, the way
    romanised lists write it ("陈全国" → CHEN, QUANGUO).
    """
    text = unicodedata.normalize("NFKC", raw).casefold()
    if has_cjk(text):
        text = _CJK_SPACES.sub("", simplified(text))
    if _CYRILLIC_OR_GREEK.search(text):
        text = _MIXED_WORD.sub(_latin_lookalikes, text)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    words: list[tuple[str, str]] = []  # (canonical word, source)
    for segment in _SEGMENTS.findall(text):
        if has_cjk(segment):
            words.extend(_cjk_words(segment, person))
        else:
            words.extend(_latin_words(segment))
    words = _strip_share_class(words)
    legal = _legal_words(" ".join(word for word, _ in words))
    seen: set[str] = set()
    result: list[Token] = []
    for word, source in words:
        if word in seen or word in tables.STOPWORDS:
            continue
        seen.add(word)
        result.append(Token(word, classify(word, legal), source))
    return tuple(result)


def simplified(text: str) -> str:
    """Chinese in Simplified characters, as the lists write it ("大疆創新" → 大疆创新): OpenCC's
    maintained Traditional-to-Simplified tables (opencc-purepy), not a table of our own."""
    return str(_converter().convert(text))


@lru_cache(maxsize=1)
def _converter() -> Any:
    # Imported on first use, like pypinyin: a Latin name never pays for the tables.
    from opencc_purepy import OpenCC

    return OpenCC("t2s")


def _latin_lookalikes(match: re.Match[str]) -> str:
    word = match.group(0)
    if _LATIN_LETTER.search(word) and _CYRILLIC_OR_GREEK.search(word):
        return word.translate(_LOOKALIKES)
    return word


def classify(word: str, legal: frozenset[str] = frozenset()) -> Kind:
    if word in tables.LEGAL_FORMS or word in legal:
        return Kind.LEGAL
    if word in tables.GENERIC:
        return Kind.GENERIC
    if word in tables.PLACES:
        return Kind.PLACE
    return Kind.DISTINCTIVE


def _latin_words(segment: str) -> list[tuple[str, str]]:
    # Accents are folded so that "Société" meets "SOCIETE"; "&" means "and" in every list.
    folded = unicodedata.normalize("NFKD", segment)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    if not folded.isascii():
        # Cyrillic, Arabic, Hangul, kana: transliterated (anyascii) so that a Cyrillic
        # "Gazprom" meets the list's "OOO GAZPROM". Symbols outside ASCII (€, ©, emoji) are
        # dropped, not spelt out: no list writes them.
        kept = "".join(ch for ch in folded
                       if ch.isascii() or not unicodedata.category(ch).startswith("S"))
        folded = anyascii(kept.translate(_ALIF)).lower()
    folded = _POSSESSIVE.sub("", folded.replace("&", " and "))
    for apostrophe in _APOSTROPHES:
        folded = folded.replace(apostrophe, "")
    plain = " " + " ".join(_join_initials(_NON_WORD.sub(" ", folded).split())) + " "
    for phrase, replacement in tables.PHRASES:
        plain = plain.replace(f" {phrase} ", f" {replacement} ")
    out: list[tuple[str, str]] = []
    for raw_word in plain.split():
        source = raw_word.upper()
        expanded = tables.ACRONYMS.get(raw_word)
        if expanded is not None:
            out.extend((word, source) for word in expanded)
            continue
        word = tables.ABBREVIATIONS.get(raw_word, raw_word)
        out.append((tables.VARIANTS.get(word, word), source))
    return out


def _join_initials(words: list[str]) -> list[str]:
    """Dotted initials lose their dots to punctuation: "s a" (S.A.) is one word again."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        out.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if word:
            out.append(word)
    return out


def _cjk_words(segment: str, person: bool) -> list[tuple[str, str]]:
    """Known terms become their English words; every other run becomes one pinyin token."""
    out: list[tuple[str, str]] = []
    core = ""
    i = 0
    while i < len(segment):
        term = _term_at(segment, i)
        if term is None:
            core += segment[i]
            i += 1
            continue
        if core:
            out.extend(_pinyin_words(core, person))
            core = ""
        english = tables.CJK_TERMS[term]
        i += len(term)
        # "深圳市" and "浙江省": the administrative suffix belongs to the place.
        at_suffix = i < len(segment) and segment[i] in tables.CJK_PLACE_SUFFIXES
        if english in tables.PLACES and at_suffix:
            term += segment[i]
            i += 1
        out.extend((word, term) for word in english.split())
    if core:
        out.extend(_pinyin_words(core, person))
    return out


def _term_at(segment: str, i: int) -> str | None:
    for length in range(min(_CJK_MAX_TERM, len(segment) - i), 1, -1):
        candidate = segment[i:i + length]
        if candidate in tables.CJK_TERMS:
            return candidate
    return None


def _pinyin_words(core: str, person: bool) -> list[tuple[str, str]]:
    # Imported here: pypinyin's dictionaries take a quarter of a second to load, which
    # `lookup` of a Latin name should not pay.
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(core)
    if person and 2 <= len(syllables) <= 4:
        # Romanised lists write the family name apart: 陈全国 → "Chen Quanguo".
        return [(syllables[0], core[0]), ("".join(syllables[1:]), core[1:])]
    word = "".join(syllables)
    return [(tables.VARIANTS.get(word, word), core)]


def _strip_share_class(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop what terminals append to describe the security: "-A", "H SHS", "ADR", "CL B"."""
    end = len(words)
    while end > 1 and words[end - 1][0] in tables.SHARE_CLASS:
        end -= 1
    return words[:end]


def _legal_words(text: str) -> frozenset[str]:
    """Legal-form words in any language, from rigour's org-type database (org_types.py): the
    words of the aliases found, left to right and longest first, and of their forms."""
    words = text.split()
    found: set[str] = set()
    i = 0
    while i < len(words):
        for length in _ORG_LENGTHS.get(words[i], ()):
            form = _ORG_FORMS.get(" ".join(words[i:i + length]))
            if form is not None and i + length <= len(words):
                found.update(words[i:i + length])
                found.update(form.split())
                i += length
                break
        else:
            i += 1
    return frozenset(found - tables.NOT_LEGAL)
