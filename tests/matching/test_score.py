"""Scoring two names: word similarity, alignment, the distinctive-word gate, and explanations."""

from __future__ import annotations

import pytest

from sanctscreen.matching.index import NameIndex
from sanctscreen.matching.normalise import tokens
from sanctscreen.matching.score import NameScore, score_names, similarity
from tests.matching.entities import listed_entities

INDEX = NameIndex(listed_entities())


def score(query: str, listed: str, truncated: bool = False,
          industries: frozenset[str] = frozenset()) -> NameScore:
    return score_names(INDEX.weigh(tokens(query)), INDEX.weigh(tokens(listed)), INDEX.weight,
                       truncated, industries)


@pytest.mark.parametrize(("a", "b", "prefix", "expected"), [
    pytest.param("megvii", "megvii", False, 1.0, id="exact"),
    pytest.param("tec", "technology", True, 0.9, id="cut-short-last-word"),
    pytest.param("tec", "technology", False, 0.0, id="prefix-only-when-truncated"),
    pytest.param("gruop", "group", False, 0.8, id="swap-is-one-edit"),
    pytest.param("dahau", "dahua", False, 0.8, id="swap-in-five-letters"),
    pytest.param("picco", "pico", False, 8 / 9, id="letter-added-to-four"),
    pytest.param("pica", "pico", False, 0.0, id="four-letters-substituted"),
    pytest.param("dji", "djl", False, 0.0, id="short-words-exact-only"),
    pytest.param("kuaishou", "kuangshi", False, 0.0, id="different-words"),
])
def test_similarity(a: str, b: str, prefix: bool, expected: float) -> None:
    assert similarity(a, b, prefix) == pytest.approx(expected)


def test_only_generic_words_in_common_scores_zero() -> None:
    result = score("Beijing Sinovel Technology", "Beijing Kuangshi Technology Co., Ltd.")
    assert result.score == 0.0


def test_missing_legal_form_and_city_barely_count() -> None:
    assert score("Kuangshi", "Beijing Kuangshi Technology Co., Ltd.").score >= 0.9


def test_other_distinctive_word_pulls_far_down() -> None:
    assert score("Leon's Furniture", "Leon Technology Company Limited").score < 0.6


def test_different_places_contradict() -> None:
    # both names carry a place the other lacks: a Beijing firm is not the Shanghai one
    same = score("Shanghai Yitu Technology", "Shanghai Yitu Technology").score
    other = score("Beijing Yitu Technology", "Shanghai Yitu Technology").score
    assert same == 1.0
    assert other < 0.8


def test_names_that_each_add_common_words_describe_two_businesses() -> None:
    # One shared word is all "Green Systems" and "Smart Green Power" have in common (as an
    # OFAC alias of a party whose other names state both lines of business).
    lines = frozenset({"system", "power"})
    both = score("Green Systems Limited", "Smart Green Power", industries=lines)
    assert 0.75 <= both.score < 0.9
    assert [t.text for t in both.differing] == ["system", "smart", "power"]
    assert "each name has common words the other lacks (SYSTEM (SYSTEMS), SMART, POWER)" in (
        both.explain("Smart Green Power", False))
    # Only one name adding them keeps the cap: a shortened or a longer form of one name.
    assert score("Green Systems Limited", "Green Limited", industries=lines).score >= 0.9
    assert score("Green", "Smart Green Power", industries=lines).score >= 0.9


def test_other_line_of_business_contradicts() -> None:
    industries = frozenset({"technology"})
    plain = score("Dahua", "Zhejiang Dahua Technology Co., Ltd.", industries=industries)
    other = score("Dahua Securities", "Zhejiang Dahua Technology Co., Ltd.",
                  industries=industries)
    assert plain.score >= 0.9
    assert other.score < 0.9
    assert [t.text for t in other.unmatched] == ["securities"]


def test_common_words_name_must_match_word_for_word() -> None:
    assert score("China Mobile Ltd", "China Mobile Limited").score == 1.0
    assert score("China Mobile Games", "China Mobile Limited").score < 0.75


def test_structure_word_added_to_common_words_name_is_another_party() -> None:
    listed = "Limited Liability Company Digital Technologies"
    assert score("Digital Technology Co Ltd", listed).score >= 0.9
    assert score("Global Digital Technology Co Ltd", listed).score < 0.75
    assert score("Group Technology Co Ltd", "General Technology Limited").score < 0.75
    # ... while the listed name may carry one the holdings file dropped
    assert score("Inner Mongolia First Machinery",
                 "Inner Mongolia First Machinery Group Co., Ltd.").score >= 0.9


def test_administrative_words_may_differ_in_psb_names() -> None:
    assert score("Karamay City PSB", "Kelamayi Municipality Public Security Bureau").score >= 0.9
    assert score("Urumqi Bank", "Urumqi Municipal Public Security Bureau").score < 0.5


def test_split_words_are_joined_on_either_side() -> None:
    assert score("Sense Time Group", "SenseTime Group Limited").score >= 0.95
    assert score("SenseTime", "Sense Time").score == 1.0
    assert score("Haikang Weishi", "海康威视").score == 1.0


def test_truncated_last_word_completes() -> None:
    result = score("ZHEJIANG DAHUA TECHNOLOGY CO L", "Zhejiang Dahua Technology Co., Ltd.",
                   truncated=True)
    assert result.score >= 0.95


def test_one_letter_never_completes_a_distinctive_word() -> None:
    assert score("Zhejiang D", "Zhejiang Dahua", truncated=True).score < 0.5


def test_explanation_of_a_typo() -> None:
    result = score("Megvi Technology", "Megvii Technology Limited")
    assert result.explain("Megvii Technology Limited", primary=True) == (
        'name "Megvii Technology Limited" matched; its distinctive word MEGVI≈MEGVII agrees; '
        "lower because spelt differently: MEGVI≈MEGVII")


def test_explanation_of_native_script() -> None:
    result = score("Haikang Weishi", "海康威视")
    assert result.explain("海康威视", primary=False) == (
        'alias "海康威视" matched; '
        "its distinctive word HAIKANGWEISHI (HAIKANG WEISHI / 海康威视) agrees")


def test_explanation_of_a_common_words_name() -> None:
    result = score("CHINA MOBILE LTD-ADR", "China Mobile Limited")
    assert result.explain("China Mobile Limited", primary=True) == (
        'name "China Mobile Limited" matched; its common words CHINA, MOBILE agree')
