"""The ownership policy of a screen, the findings it yields, and the BIS Affiliates Rule dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sanctscreen.models import Entity, PathStep, Status
from sanctscreen.purposes import Purpose

# BIS "Expansion of End-User Controls To Cover Affiliates of Certain Listed Entities",
# interim final rule, 90 FR 47201 (FR Doc. 2025-19001, published 30 Sep 2025),
# effective 29 Sep 2025.
AFFILIATES_RULE_EFFECTIVE = date(2025, 9, 29)
# BIS "One Year Suspension of Expansion of End-User Controls for Affiliates of Certain Listed
# Entities", final rule (Federal Register vol. 90 no. 216, 12 Nov 2025): the rule's changes to
# the EAR are suspended from 10 Nov 2025 through 9 Nov 2026 and return on 10 Nov 2026 absent an
# extension.
AFFILIATES_SUSPENDED_FROM = date(2025, 11, 10)
AFFILIATES_SUSPENDED_UNTIL = date(2026, 11, 9)  # last day of the suspension, inclusive


@dataclass(frozen=True)
class OwnershipPolicy:
    """How ownership findings are graded; one policy per screen."""

    as_of: date  # the screening date; decides dated rules such as the BIS Affiliates Rule
    ns_cmic_subsidiaries: Status = Status.REVIEW  # Status.HIT for conservative investment policies
    affiliates_rule: Literal["auto", "on", "off"] = "auto"  # "auto" follows the dates above
    max_depth: int = 25
    sdn_threshold: float = 50.0  # percent; the rules read "50 percent or more"
    # A blocked owner's stake below the threshold is not blocking, but OFAC FAQ 398 urges caution
    # with "significant" minority stakes; 25 % is the beneficial-ownership threshold of the FinCEN
    # CDD rule (31 CFR 1010.230), a figure compliance teams already use. None turns this off.
    minority_review_share: float | None = 25.0
    # SSI/menu-based lists: OFAC applies the 50 % rule to entities owned by SSI parties, which are
    # then subject to the same directives - not blocked, but restricted, hence a hit by default.
    non_sdn_subsidiaries: Status = Status.HIT
    # What the screen is for: each finding is graded by what its owner's listing means for it
    # (sanctscreen.purposes); `general` keeps every rule's own grade.
    purpose: Purpose = Purpose.GENERAL

    def __post_init__(self) -> None:
        if self.ns_cmic_subsidiaries not in (Status.HIT, Status.REVIEW):
            raise ValueError("ns_cmic_subsidiaries must be Status.HIT or Status.REVIEW")
        if self.non_sdn_subsidiaries not in (Status.HIT, Status.REVIEW):
            raise ValueError("non_sdn_subsidiaries must be Status.HIT or Status.REVIEW")
        if self.max_depth < 1:
            raise ValueError("max_depth must be at least 1")
        if not 0 < self.sdn_threshold <= 100:
            raise ValueError("sdn_threshold must be a percentage above 0 and at most 100")


@dataclass(frozen=True)
class OwnershipFinding:
    """Why a node is restricted (HIT) or needs a look (REVIEW) because of who owns it."""

    owner: Entity  # the listed entity at the top of the path
    path: tuple[PathStep, ...]  # from the screened node (relation "") up to `owner` (last step)
    status: Status
    rule: str  # "ofac-50-percent", "ns-cmic-subsidiary", "bis-affiliates", "share-unknown", ...
    effective_share: float | None  # aggregate share held by blocked/listed owners, when known
    explanation: str
    consequence: str = ""  # what the owner's listing means for the screen's purpose


def affiliates_rule_status(policy: OwnershipPolicy) -> tuple[bool, str]:
    """Whether the BIS Affiliates Rule applies on `policy.as_of`, and the reason in words."""
    if policy.affiliates_rule == "on":
        return True, "BIS Affiliates Rule applied by policy"
    if policy.affiliates_rule == "off":
        return False, "BIS Affiliates Rule switched off by policy"
    day = policy.as_of
    if day < AFFILIATES_RULE_EFFECTIVE:
        return False, (f"BIS Affiliates Rule (90 FR 47201) not yet in force on {day.isoformat()}; "
                       f"effective {AFFILIATES_RULE_EFFECTIVE.isoformat()}")
    if AFFILIATES_SUSPENDED_FROM <= day <= AFFILIATES_SUSPENDED_UNTIL:
        return False, (f"BIS Affiliates Rule (90 FR 47201) suspended on {day.isoformat()} "
                       f"({AFFILIATES_SUSPENDED_FROM.isoformat()} to "
                       f"{AFFILIATES_SUSPENDED_UNTIL.isoformat()})")
    return True, f"BIS Affiliates Rule (90 FR 47201) in force on {day.isoformat()}"
