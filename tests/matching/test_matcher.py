"""The Matcher end to end: which entity each spelling finds, with which status and why."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctscreen.matching import Candidate, Matcher, Thresholds
from sanctscreen.models import Identifier, MatchType, Status
from tests.factory import entity
from tests.matching.entities import listed_entities

THRESHOLDS = Thresholds()


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(listed_entities())


def best(matcher: Matcher, name: str | None, *identifiers: Identifier,
         country: str | None = None) -> Candidate | None:
    found = matcher.match(name, identifiers, country)
    return found[0] if found else None


# (query, expected entity, status): each row says what a holdings or vendor file writes.
SHOULD_HIT = [
    pytest.param("HANGZHOU HIKVISION DIGITAL-A", "hikvision", id="hik-terminal-description"),
    pytest.param("ZHEJIANG DAHUA TECHNOLOGY LTD A", "dahua", id="dahua-terminal-share-class"),
    pytest.param("CHINA MOBILE LTD-ADR", "china-mobile", id="adr-suffix-common-words-name"),
    pytest.param("HANGZHOU HIKVISION DIGITAL TEC", "hikvision", id="hik-truncated-30-chars"),
    pytest.param("DAWNING INFORMATION INDUS", "dawning", id="dawning-truncated"),
    pytest.param("Dawning Info Ind Co", "dawning", id="abbreviations-info-ind"),
    pytest.param("Hikvision", "hikvision", id="brand-for-full-legal-name"),
    pytest.param("Shenzhen DJI Technology", "dji", id="sz-is-shenzhen"),
    pytest.param("Hikvision Digital Technology", "hikvision", id="city-prefix-dropped"),
    pytest.param("Beijing Megvii Technology", "megvii", id="city-prefix-added"),
    pytest.param("Sense Time", "sensetime", id="split-token-joined"),
    pytest.param("Hik Vision", "hikvision", id="split-brand-joined"),
    pytest.param("Net Posa Technologies", "netposa", id="netposa-split"),
    pytest.param("Meiya-Pico", "meiya", id="hyphenated-brand"),
    pytest.param("Megvi Technology", "megvii", id="typo-one-letter-dropped"),
    # a misspelling that another word of the name confirms as written
    pytest.param("Zhejiang Dahau Technology", "dahua", id="typo-swap-confirmed-by-place"),
    pytest.param("海康威视", "hikvision", id="chinese-native-alias"),
    pytest.param("杭州海康威视", "hikvision", id="chinese-with-city-prefix"),
    pytest.param("深圳市大疆创新科技有限公司", "dji", id="chinese-full-legal-name"),
    pytest.param("Kuangshi", "kuangshi", id="unlisted-related-party-found"),
    pytest.param("旷视", "kuangshi", id="chinese-core-of-related-party"),
    pytest.param("Haikang Weishi", "hikvision", id="pinyin-of-chinese-alias"),
    pytest.param("Dongfang Wangli", "netposa", id="pinyin-dongfang-wangli"),
    pytest.param("Dajiang", "dji", id="pinyin-dajiang-without-innovation"),
    pytest.param("CHEN, Quanguo", "chen-quanguo", id="person-surname-comma"),
    pytest.param("Quanguo Chen", "chen-quanguo", id="person-given-name-first"),
    pytest.param("陈全国", "chen-quanguo", id="person-native-script"),
    pytest.param("XUAR PSB", "xuar-psb", id="xuar-and-psb-acronyms"),
    pytest.param("Xinjiang Uyghur Autonomous Region PSB", "xuar-psb", id="uyghur-uighur"),
    pytest.param("XPCC PSB", "xpcc-psb", id="xpcc-acronym"),
    pytest.param("Kashi Prefecture PSB", "kashgar-psb", id="kashi-is-kashgar"),
    pytest.param("Hotan PSB", "hotan-psb", id="hotan-is-hetian"),
    pytest.param("Karamay City PSB", "karamay-psb", id="karamay-is-kelamayi"),
    pytest.param("Wulumuqi PSB", "urumqi-psb", id="wulumuqi-is-urumqi"),
    pytest.param("Inner Mongolia 1st Machinery Group", "first-machinery", id="ordinal-1st"),
    pytest.param("Cloud Walk Technology", "cloudwalk", id="cloudwalk-split"),
    pytest.param("iFlytek Co Ltd-A", "iflytek", id="iflytek-terminal"),
]


@pytest.mark.parametrize(("query", "expected"), SHOULD_HIT)
def test_spellings_hit_the_listed_entity(matcher: Matcher, query: str, expected: str) -> None:
    found = best(matcher, query)
    assert found is not None, query
    assert found.entity.id == f"test:{expected}"
    assert THRESHOLDS.status(found.score) is Status.HIT, found.explanation
    assert found.match_type is MatchType.NAME


# Two edits, or one in a short word, leave a resemblance an analyst should look at; so does
# one short word that the party is not listed under alone.
SHOULD_REVIEW = [
    pytest.param("Hikvsion", "hikvision", id="typo-transposition"),
    pytest.param("DJI", "dji", id="acronym-of-a-longer-listed-name"),
    pytest.param("Leon Energy Corp", "leon", id="shared-name-other-business"),
    pytest.param("Dahua Securities Co Ltd", "dahua", id="dahua-securities-other-business"),
]


@pytest.mark.parametrize(("query", "expected"), SHOULD_REVIEW)
def test_weaker_resemblances_ask_for_review(matcher: Matcher, query: str, expected: str) -> None:
    found = best(matcher, query)
    assert found is not None
    assert found.entity.id == f"test:{expected}"
    assert THRESHOLDS.status(found.score) is Status.REVIEW, found.explanation


# Names that must not be flagged at all, and why.
SHOULD_CLEAR = [
    pytest.param("Beijing Sinovel Technology", id="beijing-generic-negative"),
    pytest.param("Hangzhou Sinovel Digital Technology", id="hangzhou-digital-technology-negative"),
    pytest.param("Technology Group Co Ltd", id="only-generic-words"),
    pytest.param("Chen Guangcheng", id="other-person-surnamed-chen"),
    pytest.param("Beijing Municipal Public Security Bureau", id="psb-elsewhere"),
    pytest.param("Public Security Bureau", id="psb-without-place"),
    pytest.param("China Mobile Games & Entertainment", id="common-words-name-plus-more"),
    pytest.param("China Construction Bank Corp-H", id="china-bank-generic"),
    pytest.param("Leon's Furniture", id="possessive-and-other-distinctive-word"),
    pytest.param("Apple Inc", id="clean-apple"),
    pytest.param("Tencent Holdings Ltd", id="clean-tencent"),
    pytest.param("Uighur PSB", id="ethnic-word-is-not-a-place"),
]


@pytest.mark.parametrize("query", SHOULD_CLEAR)
def test_look_alikes_are_not_candidates(matcher: Matcher, query: str) -> None:
    assert matcher.match(query) == []


def test_other_place_psb_is_not_the_listed_one(matcher: Matcher) -> None:
    # Only the place tells Public Security Bureaus apart; Hotan's must not find Kashgar's.
    ids = [c.entity.id for c in matcher.match("Hotan Prefecture Public Security Bureau")]
    assert ids == ["test:hotan-psb"]


def test_explanation_names_alias_tokens_and_ignored_words(matcher: Matcher) -> None:
    found = best(matcher, "Sugon Information Industry")
    assert found is not None
    assert found.matched_name == "Sugon"
    assert found.explanation == ('alias "Sugon" matched; its distinctive word SUGON agrees; '
                                 "INFORMATION, INDUSTRY in one name only (common, "
                                 "little weight)")


def test_explanation_says_what_lowered_the_score(matcher: Matcher) -> None:
    found = best(matcher, "Leon Energy Corp")
    assert found is not None
    assert "lower because ENERGY in one name only" in found.explanation


def test_isin_decides(matcher: Matcher) -> None:
    found = best(matcher, "anything", Identifier("isin", "CNE100001TW7"))
    assert found is not None
    assert (found.entity.id, found.score, found.match_type) == (
        "test:dawning", 1.0, MatchType.IDENTIFIER)
    assert found.matched_name == "ISIN CNE100001TW7"
    assert found.explanation == (
        "ISIN CNE100001TW7 is listed for Dawning Information Industry Co., Ltd")


def test_name_match_with_conflicting_isin_is_downgraded(matcher: Matcher) -> None:
    # Hikvision's ISIN on a row named Dawning: the ISIN decides Hikvision, and Dawning
    # becomes a review because its own ISIN differs.
    found = matcher.match("Dawning Information Industry", [Identifier("isin", "CNE100000PM8")])
    by_id = {c.entity.id: c for c in found}
    assert by_id["test:hikvision"].score == 1.0
    dawning = by_id["test:dawning"]
    assert THRESHOLDS.status(dawning.score) is Status.REVIEW
    assert "ISIN CNE100000PM8 is not the entity's (CNE100001TW7)" in dawning.explanation


def test_isin_of_entity_without_isins_does_not_downgrade(matcher: Matcher) -> None:
    found = best(matcher, "Megvii Technology", Identifier("isin", "CNE100000PM8"))
    assert found is not None
    assert found.entity.id == "test:hikvision"  # the ISIN decides first
    megvii = [c for c in matcher.match("Megvii Technology", [Identifier("isin", "CNE100000PM8")])
              if c.entity.id == "test:megvii"]
    assert megvii[0].score >= THRESHOLDS.hit


def test_ticker_alone_asks_for_review_only(matcher: Matcher) -> None:
    found = best(matcher, "Some Fund Holding", Identifier("ticker", "603019"))
    assert found is not None
    assert found.entity.id == "test:dawning"
    assert THRESHOLDS.status(found.score) is Status.REVIEW
    assert "tickers collide" in found.explanation


def test_ticker_confirms_a_resembling_name(matcher: Matcher) -> None:
    plain = best(matcher, "Dawnign Info Industry Holdings")
    confirmed = best(matcher, "Dawnign Info Industry Holdings", Identifier("ticker", "603019"))
    assert plain is not None and confirmed is not None
    assert THRESHOLDS.status(plain.score) is Status.REVIEW
    assert THRESHOLDS.status(confirmed.score) is Status.HIT
    assert "TICKER 603019 agrees" in confirmed.explanation


def test_country_mismatch_takes_an_organisation_to_review(matcher: Matcher) -> None:
    home = best(matcher, "Megvii Technology", country="CN")
    abroad = best(matcher, "Megvii Technology", country="US")
    assert home is not None and abroad is not None
    assert abroad.score == pytest.approx(home.score - 0.2)
    assert THRESHOLDS.status(abroad.score) is Status.REVIEW
    assert "country differs: row US, listed CN" in abroad.explanation


def test_hong_kong_listing_of_mainland_group_is_not_a_mismatch(matcher: Matcher) -> None:
    found = best(matcher, "China Mobile Ltd", country="CN")
    assert found is not None
    assert found.score == 1.0


def test_one_candidate_per_entity_best_first_ties_by_id() -> None:
    twins = [entity("b", "Megvii Technology Limited"), entity("a", "Megvii Technology Limited",
                                                             aliases=["Megvii"])]
    found = Matcher(twins).match("Megvii")
    assert [c.entity.id for c in found] == ["test:a", "test:b"]
    assert found[0].matched_name == "Megvii"


def test_thresholds_set_the_review_cut() -> None:
    strict = Matcher(listed_entities(), Thresholds(hit=0.95, review=0.9))
    assert strict.match("Leon Energy Corp") == []


def test_empty_or_missing_name_without_identifiers(matcher: Matcher) -> None:
    assert matcher.match(None) == []
    assert matcher.match("   ") == []
    assert matcher.match("-A") == []


def test_match_many_equals_match(matcher: Matcher) -> None:
    queries = [("Hikvision", (), None), ("Apple Inc", (), None), ("Hikvision", (), None),
               (None, (Identifier("isin", "CNE100001TW7"),), None)]
    assert matcher.match_many(queries) == [matcher.match(*q) for q in queries]


def test_results_are_copies(matcher: Matcher) -> None:
    first = matcher.match("Hikvision")
    first.clear()
    assert matcher.match("Hikvision") != []


def test_country_that_is_not_a_code_says_nothing(matcher: Matcher) -> None:
    home = best(matcher, "Megvii Technology")
    unknown = best(matcher, "Megvii Technology", country="China")
    assert home is not None and unknown is not None
    assert unknown.score == home.score


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_sorted_scores_in_range(text: str) -> None:
    found = MATCHER_FOR_PROPERTIES.match(text)
    assert all(0.0 <= c.score <= 1.0 for c in found)
    assert found == sorted(found, key=lambda c: (-c.score, c.entity.id))
    assert len({c.entity.id for c in found}) == len(found)


MATCHER_FOR_PROPERTIES = Matcher(listed_entities())
