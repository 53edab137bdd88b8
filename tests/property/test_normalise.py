"""Properties of the name normaliser (sanctscreen.matching.normalise) on arbitrary Unicode."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from sanctscreen.matching.normalise import Kind, has_cjk, tokens
from tests.property.strategies import names

_CANONICAL = re.compile(r"[0-9a-z]+")


@given(names, st.booleans())
def test_tokens_are_canonical_unique_and_never_raise(name: str, person: bool) -> None:
    found = tokens(name, person)
    texts = [t.text for t in found]
    assert len(texts) == len(set(texts))  # "without duplicates"
    for token in found:
        # A rare Chinese character with no pinyin reading (U+38BF) stays as written.
        assert _CANONICAL.fullmatch(token.text) or has_cjk(token.text), token
        assert isinstance(token.kind, Kind)
        assert token.source  # every token can be shown to the analyst


@given(names)
def test_tokenising_the_canonical_form_again_changes_nothing(name: str) -> None:
    first = [t.text for t in tokens(name)]
    # Dropping a repeated word brings its neighbours together, and single letters join up as
    # initials ("I B M" is IBM) and a trailing "class" is a share class: the canonical form is
    # a fixed point for names without repeated words or single letters. Chinese script is
    # left out: its pinyin is one-way ("倨" is JU, and a written "Ju" is the bureau 局).
    words = re.findall(r"\w+", name.casefold())
    assume(len(set(words)) == len(words) and all(len(text) > 1 for text in first))
    assume(not has_cjk(name))
    assume(first[-1:] != ["class"])
    again = [t.text for t in tokens(" ".join(first))]
    assert again == first


@given(names)
def test_invisible_characters_do_not_change_the_tokens(name: str) -> None:
    hidden = "\u200b".join(name.split(" "))  # zero-width spaces in place of nothing at all
    spaced = f"\ufeff {name} \u200e"
    assert [t.text for t in tokens(spaced)] == [t.text for t in tokens(name)]
    assert isinstance(tokens(hidden), tuple)


def test_a_symbol_between_words_separates_them_in_any_script() -> None:
    assert [t.text for t in tokens("Alpha+Beta Ω")][:2] == ["alpha", "beta"]
    assert [t.text for t in tokens("Alpha+Beta\u200b")] == ["alpha", "beta"]
