"""The rules that keep a score meaning the same with the full SDN list loaded: each test
names the rule and the case behind it, false hits first, then listed names let through."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sanctscreen.matching import Candidate, Matcher, Thresholds
from sanctscreen.matching.index import CROWDED
from sanctscreen.matching.normalise import simplified, tokens
from sanctscreen.matching.pinyin import is_pinyin
from sanctscreen.matching.score import similarity
from sanctscreen.models import Entity, EntityType, Identifier, Status
from tests.factory import entity
from tests.matching.entities import listed_entities

THRESHOLDS = Thresholds()
RU, SY, IR = ("RU",), ("SY",), ("IR",)


def crowd() -> list[Entity]:
    """List entries that share one word, as the SDN's many "Federal ..." entries do."""
    return [entity(f"federal-{n}", f"Federal {word} Agency", countries=RU, lists=("SDN",))
            for n, word in enumerate(f"Alpha{'x' * n}" for n in range(CROWDED))]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    extra = [
        entity("ep-cap", "EP-CAP", type=EntityType.AIRCRAFT, countries=(), lists=("SDN",)),
        entity("vista", "VISTA", type=EntityType.VESSEL, countries=IR, lists=("SDN",)),
        entity("devon", "DEVON", type=EntityType.VESSEL, countries=(), lists=("SDN",)),
        entity("ivanov", "Ivanov, Pyotr", type=EntityType.PERSON, countries=RU,
               lists=("SDN",)),
        replace(entity("industrial-bank", "Industrial Bank", countries=(), lists=("SDN",)),
                remarks="Website www.industrialbank.gov.sy."),
        replace(entity("dana", "Dana Holdings Limited", countries=(), lists=("SDN",)),
                remarks="Registration ID HE 319556 (Cyprus)."),
        entity("digital", "Limited Liability Company Digital Technologies", countries=RU,
               lists=("SDN",)),
        entity("fss", "Federal Security Service", countries=RU, lists=("SDN",)),
        entity("itc", "Limited Liability Company ITC Engineering Group", countries=RU,
               lists=("SDN",)),
        entity("larosa", "LAROSA", countries=("MV",), lists=("SDN",)),
        entity("bank-spb", "Bank Saint Petersburg", countries=RU, lists=("SDN",)),
        entity("rosneft", "Rosneft Oil Company", aliases=["OAO Rosneft Oil Company"],
               countries=RU, lists=("SDN", "SSI")),
        entity("sberbank", "PJSC Sberbank", countries=RU, lists=("SDN",)),
        entity("dji-cn", "SZ DJI", aliases=["大疆创新"], countries=("CN",)),
        replace(entity("inter", "Inter Agro Trading", countries=("TR",), lists=("SDN",)),
                weak_aliases=("INTER",)),
        *crowd(),
    ]
    return Matcher([*listed_entities(), *extra])


def best(matcher: Matcher, name: str, country: str | None = None,
         *identifiers: Identifier) -> Candidate | None:
    found = matcher.match(name, identifiers, country)
    return found[0] if found else None


def score_of(matcher: Matcher, name: str, entity_id: str, country: str | None = None) -> float:
    found = {c.entity.id: c.score for c in matcher.match(name, (), country)}
    return found.get(f"test:{entity_id}", 0.0)


# --- false hits ------------------------------------------------------------------------

def test_kind_a_company_row_is_not_an_aircraft_registration_mark(matcher: Matcher) -> None:
    # "CAP SA" (a holding) against the SDN aircraft EP-CAP
    assert score_of(matcher, "CAP SA", "ep-cap") < THRESHOLDS.review


def test_kind_a_line_of_business_names_a_company_not_a_vessel(matcher: Matcher) -> None:
    found = best(matcher, "Devon Energy", "US")
    assert found is None or found.entity.id != "test:devon" or \
        found.score < THRESHOLDS.review


def test_kind_explanation_names_both_kinds(matcher: Matcher) -> None:
    found = [c for c in matcher.match("Vista Corp") if c.entity.id == "test:vista"]
    assert found == [] or "kind differs: the row names a company (CORP), listed as a vessel" \
        in found[0].explanation


def test_kind_a_company_named_like_a_person_is_a_look_at_most(matcher: Matcher) -> None:
    found = [c for c in matcher.match("Ivanov Pyotr LLC") if c.entity.id == "test:ivanov"]
    assert found and THRESHOLDS.status(found[0].score) is Status.REVIEW
    assert "listed as a person" in found[0].explanation


def test_country_of_an_all_common_words_name_read_from_the_website(matcher: Matcher) -> None:
    # A Chinese "Industrial Bank" is not Syria's state Industrial Bank (www.….gov.sy)
    assert score_of(matcher, "Industrial Bank", "industrial-bank", "CN") < THRESHOLDS.review
    assert score_of(matcher, "Industrial Bank", "industrial-bank", "SY") >= THRESHOLDS.hit
    low = Matcher(matcher.entities, Thresholds(review=0.3))
    found = best(low, "Industrial Bank", "CN")
    assert found is not None and found.entity.id == "test:industrial-bank"
    assert "country differs: row CN, listed SY" in found.explanation


def test_country_read_from_a_registration_number(matcher: Matcher) -> None:
    assert score_of(matcher, "Dana Incorporated", "dana", "US") < THRESHOLDS.review


def test_country_counts_little_for_a_person(matcher: Matcher) -> None:
    home = score_of(matcher, "Pyotr Ivanov", "ivanov", "RU")
    abroad = score_of(matcher, "Pyotr Ivanov", "ivanov", "US")
    assert abroad == pytest.approx(home - 0.05)


def test_country_an_offshore_holding_company_of_a_mainland_group(matcher: Matcher) -> None:
    # Chinese groups list through Cayman holding companies: KY does not contradict CN
    assert score_of(matcher, "SenseTime Group Ltd", "sensetime", "KY") == 1.0


def test_common_words_only_need_the_country_to_hit(matcher: Matcher) -> None:
    unknown = best(matcher, "Digital Technologies LLC")
    confirmed = best(matcher, "Digital Technologies LLC", "RU")
    assert unknown is not None and confirmed is not None
    assert THRESHOLDS.status(unknown.score) is Status.REVIEW
    assert "common words only, and no country to confirm them" in unknown.explanation
    assert THRESHOLDS.status(confirmed.score) is Status.HIT


def test_list_name_other_words_count_when_the_shared_word_is_crowded(matcher: Matcher) -> None:
    # "Federal Corp" shares one crowded word with the Federal Security Service
    assert score_of(matcher, "Federal Corp", "fss") < THRESHOLDS.hit
    # a brand as rare as a name still stands for the full name
    assert score_of(matcher, "Hikvision", "hikvision") >= THRESHOLDS.hit


def test_one_short_token_needs_corroboration(matcher: Matcher) -> None:
    found = best(matcher, "ITC Ltd")
    assert found is not None and found.entity.id == "test:itc"
    assert THRESHOLDS.status(found.score) is Status.REVIEW
    assert "one short word (ITC) and nothing else agrees: review at most" in found.explanation
    assert score_of(matcher, "ITC Ltd", "itc", "IN") < THRESHOLDS.hit  # and the country differs


def test_one_short_token_the_party_is_listed_under_alone(matcher: Matcher) -> None:
    assert score_of(matcher, "SZ DJI", "dji-cn") >= THRESHOLDS.hit
    zte = Matcher([entity("zte", "ZTE Corporation")]).match("ZTE Corp")
    assert zte and zte[0].score >= THRESHOLDS.hit  # an acronym and a legal form: known by it


def test_one_misspelt_short_word_alone_is_not_a_look(matcher: Matcher) -> None:
    # "Arcosa" (a US company) against the listed LAROSA
    assert score_of(matcher, "Larosaa", "larosa", "US") < THRESHOLDS.review


def test_a_weak_alias_counts_only_as_written(matcher: Matcher) -> None:
    assert score_of(matcher, "Intel", "inter") == 0.0  # INTEL≈INTER is no match on a weak alias


def test_a_run_together_brand_with_a_common_word_is_not_split(matcher: Matcher) -> None:
    assert score_of(matcher, "Bankinter", "inter") == 0.0


def test_romanisation_systems_told_apart(matcher: Matcher) -> None:
    # Wade-Giles "Kuang-Chi" (光启) is not pinyin "Kuangshi" (旷视)
    assert is_pinyin("kuangchi") and is_pinyin("kuangshi")
    assert similarity("kuangchi", "kuangshi", False) == 0.0
    assert score_of(matcher, "Kuang-Chi Technologies", "kuangshi") < THRESHOLDS.review
    # a misspelling that is not pinyin is still a misspelling
    assert not is_pinyin("kuangshy") and similarity("kuangshy", "kuangshi", False) > 0.0


def test_a_pinyin_syllable_starting_with_a_vowel_starts_the_word() -> None:
    assert not is_pinyin("quanguoo")  # not QUAN GUO O: a misspelt QUANGUO


# --- listed names let through ----------------------------------------------------------

@pytest.mark.parametrize("row", ["Megvii Technology Limited (via distributor)",
                                 "Megvii Technology Limited - Account 4471",
                                 "Megvii Technology Limited c/o agent"])
def test_trailing_text_after_a_complete_match_costs_little(matcher: Matcher, row: str) -> None:
    found = best(matcher, row)
    assert found is not None and found.entity.id == "test:megvii"
    assert THRESHOLDS.status(found.score) is Status.HIT
    assert "text after the name set aside" in found.explanation


def test_trailing_text_never_takes_a_hit_below_the_hit_threshold(matcher: Matcher) -> None:
    # The full name less its city prefix scores just above the threshold; the text after it
    # costs a little, but not the band the name reached.
    plain = best(matcher, "Hikvision Digital Technology")
    trailing = best(matcher, "Hikvision Digital Technology - REMIT TO")
    assert plain is not None and trailing is not None
    assert plain.score < THRESHOLDS.hit + 0.01
    assert THRESHOLDS.status(trailing.score) is Status.HIT
    assert trailing.score < plain.score or trailing.score == THRESHOLDS.hit


@pytest.mark.parametrize(("row", "full"), [
    ("Semiconductor Manufacturing Internat'l Corp", "international"),
    ("China Mobile Comms Group", "communication"), ("Acme Mgmt Svcs", "management")])
def test_abbreviations_of_common_words_as_data_vendors_write_them(row: str, full: str) -> None:
    assert full in [t.text for t in tokens(row)]


@pytest.mark.parametrize(("row", "expected"), [
    ("HANGZHOUHIKVISION", "hikvision"), ("XIAMENMEIYAPICO", "meiya"),
    ("ZHEJIANGDAHUA", "dahua"), ("S.Z. D.J.I. Technology", "dji"), ("海 康 威 视", "hikvision")])
def test_joined_or_spaced_forms(matcher: Matcher, row: str, expected: str) -> None:
    found = best(matcher, row)
    assert found is not None and found.entity.id == f"test:{expected}", row
    assert THRESHOLDS.status(found.score) is Status.HIT, found.explanation


def test_pinyin_is_not_split_into_list_words(matcher: Matcher) -> None:
    assert [t.text for t in matcher._index.split_joined(tokens("Dongfang Wangli"))] == [
        "dongfang", "wangli"]


def test_traditional_chinese_meets_the_simplified_listing(matcher: Matcher) -> None:
    assert simplified("大疆創新") == "大疆创新"
    assert score_of(matcher, "大疆創新", "dji-cn") == 1.0


def test_a_cyrillic_look_alike_letter_inside_a_latin_word(matcher: Matcher) -> None:
    assert [t.text for t in tokens("Meiya \u0420ico")] == ["meiya", "pico"]
    assert [t.text for t in tokens("Газпром")] == ["gazprom"]  # a Cyrillic word is transliterated
    assert score_of(matcher, "Xiamen Meiya \u0420ico Information", "meiya") >= THRESHOLDS.hit


def test_st_is_saint(matcher: Matcher) -> None:
    assert score_of(matcher, "Bank St. Petersburg", "bank-spb", "RU") == 1.0


@pytest.mark.parametrize("row", ["NK ROSNEFT", "Rosneft Oil Co PJSC GDR", "OAO NK Rosneft"])
def test_issuers_as_index_providers_write_them(matcher: Matcher, row: str) -> None:
    assert score_of(matcher, row, "rosneft", "RU") >= THRESHOLDS.hit, row


@pytest.mark.parametrize("row", ["Sberbank Preference Shares", "SBERBANK PREF", "Sberbank GDR"])
def test_share_class_words_are_not_part_of_the_name(matcher: Matcher, row: str) -> None:
    assert score_of(matcher, row, "sberbank", "RU") >= THRESHOLDS.hit, row


def test_a_chinese_short_name_is_the_start_of_the_full_one(matcher: Matcher) -> None:
    assert score_of(matcher, "海康", "hikvision") >= THRESHOLDS.review
