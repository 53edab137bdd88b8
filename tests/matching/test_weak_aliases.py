"""OFAC's weak aliases: ignored, a review at most, or screened like any alias (OFAC FAQ 124)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sanctscreen.decisions import entity_fingerprint
from sanctscreen.matching import Matcher, Thresholds, WeakAliases
from sanctscreen.models import Identifier, Status
from tests.factory import entity

THRESHOLDS = Thresholds()
SMIC = replace(entity("smic", "Semiconductor Manufacturing International Corporation",
                      identifiers=[("ticker", "981")]), weak_aliases=("SMIC",))
NICK = replace(entity("falcon", "Ivanov, Pyotr", lists=("SDN",)), weak_aliases=("THE FALCON",))


def best(mode: WeakAliases, name: str, *ids: Identifier) -> tuple[float, str] | None:
    found = Matcher([SMIC, NICK], THRESHOLDS, mode).match(name, ids)
    return (found[0].score, found[0].explanation) if found else None


def test_ignored_weak_aliases_are_not_screened() -> None:
    assert best(WeakAliases.IGNORE, "SMIC") is None
    assert best(WeakAliases.IGNORE, "The Falcon") is None
    # the entry's other names still are
    assert best(WeakAliases.IGNORE, "Semiconductor Manufacturing International Corp") is not None


def test_a_weak_alias_alone_is_a_review_at_most() -> None:
    found = best(WeakAliases.REVIEW, "SMIC")
    assert found is not None
    score, explanation = found
    assert THRESHOLDS.status(score) is Status.REVIEW and score == pytest.approx(0.89)
    assert explanation.startswith('weak alias "SMIC" matched')
    assert explanation.endswith("a weak alias (OFAC FAQ 124): review at most")


def test_a_ticker_that_agrees_confirms_a_weak_alias() -> None:
    found = best(WeakAliases.REVIEW, "SMIC", Identifier("ticker", "981"))
    assert found is not None and THRESHOLDS.status(found[0]) is Status.HIT
    assert "TICKER 981 agrees" in found[1]


def test_screened_weak_aliases_count_like_any_alias() -> None:
    found = best(WeakAliases.SCREEN, "SMIC")
    assert found is not None and found[0] == 1.0
    assert "review at most" not in found[1]


def test_the_default_is_review() -> None:
    assert Matcher([SMIC]).weak is WeakAliases.REVIEW


def test_a_strong_name_wins_over_a_weak_alias_of_the_same_words() -> None:
    both = replace(SMIC, aliases=("SMIC",))
    found = Matcher([both], THRESHOLDS, WeakAliases.REVIEW).match("SMIC")
    assert found[0].score == 1.0 and found[0].explanation.startswith('alias "SMIC"')


def test_a_weak_alias_is_a_name_of_the_entry_whether_screened_or_not() -> None:
    # Telling weak aliases apart from the others leaves decisions made before valid.
    strong = replace(SMIC, weak_aliases=(), aliases=("SMIC",))
    assert entity_fingerprint(strong) == entity_fingerprint(SMIC)
    assert entity_fingerprint(replace(SMIC, weak_aliases=())) != entity_fingerprint(SMIC)


def test_a_weak_alias_of_an_entry_spanning_countries_is_cleared_by_another_country() -> None:
    # "PPL Corporation" (US) against the weak alias PPL of an entry listed in IR, VE and VG:
    # a country discounted for a many-country entry still counts in full against a weak alias
    spanning = replace(entity("petropars", "Petropars Ltd.", countries=("IR", "VE", "VG"),
                              lists=("SDN",)), weak_aliases=("PPL",))
    matcher = Matcher([spanning], THRESHOLDS, WeakAliases.REVIEW)
    assert not matcher.match("PPL Corporation", (), "US")
    found = matcher.match("PPL Corporation", (), "IR")
    assert found and THRESHOLDS.status(found[0].score) is Status.REVIEW
    # a name of the entry, not a weak alias, keeps the small discount
    named = matcher.match("Petropars Ltd", (), "US")
    assert named and "listed in several countries" in named[0].explanation
