"""What a flag's short reason says: the explanation, and an ownership chain through
intermediaries after it."""

from __future__ import annotations

from sanctscreen.cli.render import why
from sanctscreen.models import Match, MatchType, PathStep, Status


def _ownership(path: tuple[PathStep, ...]) -> Match:
    return Match(entity_id="t:top", entity_name="Top Corp", lists=("SDN",), score=1.0,
                 matched_name="Blockchain Holdings", match_type=MatchType.OWNERSHIP,
                 status=Status.HIT, explanation="51 % owned by Middle GmbH, itself held by "
                 "Top Corp [SDN]: blocked (rule ofac-50-percent); the row names Blockchain "
                 "Holdings: name matched", path=path)


ROW = PathStep("t:row", "Blockchain Holdings", "", None, ())
MIDDLE = PathStep("t:mid", "Middle GmbH", "owns", 51.0, ())
TOP = PathStep("t:top", "Top Corp", "owns", 100.0, ("SDN",))


def test_a_chain_through_intermediaries_follows_the_explanation() -> None:
    # The row's party is "Blockchain Holdings": a word in a name never stands for the chain.
    text = why(_ownership((ROW, MIDDLE, TOP)))
    assert text.startswith("51 % owned by Middle GmbH")
    assert text.endswith("; chain: Blockchain Holdings ← 51 % Middle GmbH ← 100 % Top Corp [SDN]")


def test_a_direct_holder_needs_no_chain() -> None:
    direct = PathStep("t:top", "Top Corp", "owns", 51.0, ("SDN",))
    assert "; chain: " not in why(_ownership((ROW, direct)))
