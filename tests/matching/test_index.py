"""The blocking index: word weights from the loaded lists, and which aliases a query reaches."""

from __future__ import annotations

from sanctscreen.matching.index import MAX_DISTINCTIVE, NameIndex, WToken
from sanctscreen.matching.normalise import Kind, Token, tokens
from tests.factory import entity
from tests.matching.entities import listed_entities

INDEX = NameIndex(listed_entities())


def reached(index: NameIndex, query: str, truncated: bool = False) -> set[str]:
    found = index.candidates(index.weigh(tokens(query)), truncated)
    return {index.entities[index.aliases[i].entity].id for i in found}


def test_generic_words_weigh_less_than_distinctive_ones() -> None:
    weights = {t.text: w.weight for t, w in zip(tokens("Megvii Technology Limited"),
                                                  INDEX.weigh(tokens("Megvii Technology Limited")),
                                                  strict=True)}
    assert weights["ltd"] < weights["technology"] < weights["megvii"]


def test_unseen_word_weighs_most() -> None:
    assert INDEX.weight(Token("zzyzx", Kind.DISTINCTIVE, "ZZYZX")) == MAX_DISTINCTIVE


def test_weights_are_recomputed_from_the_loaded_names() -> None:
    # "Acme" on one entry is rare; on every entry it says little
    rare = NameIndex([entity("a", "Acme Widgets"), entity("b", "Other Works")])
    common = NameIndex([entity(f"e{i}", f"Acme Widget {i}") for i in range(20)])
    acme = Token("acme", Kind.DISTINCTIVE, "ACME")
    assert common.weight(acme) < rare.weight(acme)


def test_exact_and_typo_keys() -> None:
    assert reached(INDEX, "Megvii") == {"test:megvii"}
    assert reached(INDEX, "Megvi") == {"test:megvii"}
    assert reached(INDEX, "Hikvsion") == {"test:hikvision"}


def test_split_and_joined_keys() -> None:
    assert "test:sensetime" in reached(INDEX, "Sense Time")
    assert "test:meiya" in reached(INDEX, "MeiyaPico")
    assert "test:chen-quanguo" in reached(INDEX, "陈全国")


def test_prefix_key_only_for_truncated_names() -> None:
    assert "test:cloudwalk" in reached(INDEX, "CLOUDW", truncated=True)
    assert "test:cloudwalk" not in reached(INDEX, "CLOUDW")


def test_common_words_names_are_reached_by_their_rarest_word() -> None:
    assert "test:china-mobile" in reached(INDEX, "China Mobile")
    # "China" alone reaches no name with a distinctive word
    assert reached(INDEX, "China") <= {"test:china-mobile"}


def test_generic_only_query_reaches_no_company_with_a_distinctive_word() -> None:
    assert reached(INDEX, "Technology Co Ltd") == set()


def test_place_keys_reach_public_security_bureaus() -> None:
    assert reached(INDEX, "Kashgar PSB") == {"test:kashgar-psb"}


def test_empty_index() -> None:
    empty = NameIndex([])
    assert empty.aliases == ()
    assert reached(empty, "Megvii") == set()


def test_weighted_tokens_compare_by_value() -> None:
    # Scoring tells a word's hard and soft uses apart by value, not by identity.
    word = WToken(Token("megvii", Kind.DISTINCTIVE, "Megvii"), 2.5)
    same = WToken(Token("megvii", Kind.DISTINCTIVE, "Megvii"), 2.5)
    assert word == same and hash(word) == hash(same) and same in (word,)
    assert word != WToken(Token("megvii", Kind.DISTINCTIVE, "Megvii"), 1.0)
    assert word != WToken(Token("megvii", Kind.DISTINCTIVE, "MEGVII"), 2.5)
    assert word != WToken(Token("kuangshi", Kind.DISTINCTIVE, "Megvii"), 2.5)
    assert word != word.token
