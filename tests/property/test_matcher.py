"""Properties of the matcher (sanctscreen.matching) on arbitrary names, identifiers, countries."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from sanctscreen.matching import Matcher
from sanctscreen.matching.normalise import tokens
from sanctscreen.matching.score import similarity
from sanctscreen.models import Identifier
from tests.factory import entity
from tests.property.strategies import any_text, name_like, names

_BACKGROUND = [
    entity("megvii", "Megvii Technology Limited", aliases=["北京旷视科技有限公司"],
           identifiers=[("isin", "CNE100001TW7")]),
    entity("iflytek", "iFlytek Co., Ltd.", aliases=["科大讯飞股份有限公司"]),
    entity("bureau", "Kashgar Prefecture Public Security Bureau", lists=("EL",)),
    entity("person", "CHEN Quanguo", lists=("SDN",)),
]
MATCHER = Matcher(_BACKGROUND)
identifiers = st.lists(st.builds(Identifier, st.sampled_from(["isin", "lei", "ticker", "x"]),
                                 any_text), max_size=3)
countries = st.one_of(st.none(), any_text, st.sampled_from(["CN", "US", "cn", ""]))


@given(names, identifiers, countries)
def test_scores_are_in_range_and_nothing_raises(name: str, ids: list[Identifier],
                                                country: str | None) -> None:
    found = MATCHER.match(name, ids, country)
    for candidate in found:
        assert 0.0 <= candidate.score <= 1.0
        assert candidate.explanation
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)


@given(st.lists(name_like, min_size=1, max_size=4))
def test_a_listed_name_finds_its_own_entity(listed: list[str]) -> None:
    assume(all(any(t.kind.name == "DISTINCTIVE" for t in tokens(n)) for n in listed))
    target = entity("target", listed[0], aliases=listed[1:], list_id="prop")
    matcher = Matcher([*_BACKGROUND, target])
    for name in listed:
        found = {c.entity.id: c.score for c in matcher.match(name)}
        assert found.get("prop:target") == 1.0, (name, found)


@given(st.text("abcdefghijklmnopqrstuvwxyz", max_size=12),
       st.text("abcdefghijklmnopqrstuvwxyz", max_size=12))
def test_word_similarity_is_symmetric_without_truncation(a: str, b: str) -> None:
    # Only the untruncated comparison is meant to be symmetric: a prefix is the query's.
    score = similarity(a, b, prefix=False)
    assert score == similarity(b, a, prefix=False)
    assert 0.0 <= score <= 1.0
    assert (score == 1.0) == (a == b)
