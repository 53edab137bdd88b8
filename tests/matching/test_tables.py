"""The word tables agree with each other, so that canonical spellings classify as intended."""

from __future__ import annotations

from sanctscreen.matching import tables
from sanctscreen.matching.normalise import Kind, classify


def test_canonical_spellings_are_fixed_points() -> None:
    for target in tables.VARIANTS.values():
        assert tables.VARIANTS.get(target, target) == target
    for target in tables.ABBREVIATIONS.values():
        assert tables.VARIANTS.get(target, target) == target


def test_classes_do_not_overlap() -> None:
    assert not tables.LEGAL_FORMS & tables.GENERIC
    assert not tables.GENERIC & tables.PLACES
    assert not tables.LEGAL_FORMS & tables.PLACES


def test_subsets_of_generic() -> None:
    assert tables.INDUSTRY <= tables.GENERIC
    assert tables.ADMIN <= tables.GENERIC
    assert tables.STRUCTURE <= tables.GENERIC


def test_chinese_terms_stand_for_non_distinctive_words() -> None:
    # the one proper name among them is the XPCC's, which its acronym spells out the same way
    proper = set(tables.ACRONYMS["xpcc"])
    for english in tables.CJK_TERMS.values():
        for word in english.split():
            assert classify(word) is not Kind.DISTINCTIVE or word in proper, word


def test_acronyms_expand_to_known_words() -> None:
    assert tables.ACRONYMS["psb"] == ("public", "security", "bureau")
    assert all(classify(w) is Kind.PLACE for w in tables.ACRONYMS["xuar"])
