"""The policy's validation and the dates of the BIS Affiliates Rule."""

from __future__ import annotations

from datetime import date

import pytest

from sanctscreen.models import Status
from sanctscreen.ownership.policy import OwnershipPolicy, affiliates_rule_status


@pytest.mark.parametrize(("day", "applies"), [
    (date(2025, 9, 28), False),
    (date(2025, 9, 29), True),
    (date(2025, 11, 9), True),
    (date(2025, 11, 10), False),
    (date(2026, 11, 9), False),
    (date(2026, 11, 10), True),
])
def test_affiliates_rule_dates(day: date, applies: bool) -> None:
    assert affiliates_rule_status(OwnershipPolicy(as_of=day))[0] is applies


def test_affiliates_rule_reason_names_the_rule_and_the_suspension() -> None:
    applies, why = affiliates_rule_status(OwnershipPolicy(as_of=date(2026, 1, 15)))
    assert not applies
    assert why == ("BIS Affiliates Rule (90 FR 47201) suspended on 2026-01-15 "
                   "(2025-11-10 to 2026-11-09)")


def test_forced_affiliates_rule_ignores_the_date() -> None:
    day = date(2026, 1, 15)
    assert affiliates_rule_status(OwnershipPolicy(as_of=day, affiliates_rule="on"))[0]
    assert not affiliates_rule_status(OwnershipPolicy(as_of=date(2025, 10, 1),
                                                      affiliates_rule="off"))[0]


@pytest.mark.parametrize("bad", [
    {"ns_cmic_subsidiaries": Status.CLEAR},
    {"non_sdn_subsidiaries": Status.SKIPPED},
    {"max_depth": 0},
    {"sdn_threshold": 0},
    {"sdn_threshold": 120},
])
def test_invalid_policies_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        OwnershipPolicy(as_of=date(2026, 1, 1), **bad)  # type: ignore[arg-type]
