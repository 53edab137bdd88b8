"""The per-list ownership rules: what being owned or controlled by a listed party means, per list.

Which rule governs comes from the listed owner's designation (`sanctscreen.programs.kind_of`):

- SDN (`Regime.OFAC_BLOCKING`): OFAC's 50 Percent Rule (Revised Guidance of 13 Aug 2014; FAQs 398,
  399, 401). 50 % or more, directly or indirectly, individually or in aggregate -> blocked (HIT).
  Control without such ownership is not blocking (FAQ 398) -> REVIEW "control-only".
- NS-CMIC (`Regime.OFAC_NS_CMIC`): E.O. 13959 as amended by E.O. 14032 covers listed entities only;
  OFAC's Chinese Military Companies FAQs state the 50 Percent Rule does not apply and a subsidiary
  is covered once it is itself listed. Treasury lists subsidiaries that are 50 % owned or controlled
  (FAQ 857), so such subsidiaries are graded by `policy.ns_cmic_subsidiaries` (REVIEW by default).
- SSI and menu-based lists (`Regime.OFAC_NON_SDN`): OFAC's 2014 guidance applies the 50 % rule to
  entities owned by SSI parties, which fall under the same directives ->
  `policy.non_sdn_subsidiaries`.
- Entity List / MEU (`Regime.BIS_AFFILIATES`): the BIS Affiliates Rule (90 FR 47201) -> HIT while in
  force; while suspended or before it took effect, a would-be affiliate is a REVIEW saying so.
  SDNs designated under the programs of 15 CFR 744.8(a)(1) count as owners too (Supp. No. 8 to
  part 744); for them OFAC's 50 Percent Rule comes first and the export rule is named beside it.
- NDAA FY2019 sec. 889 (`Regime.NDAA_889`): "any subsidiary or affiliate" -> HIT when majority
  owned or controlled. DoD 1260H (`Regime.DOD_1260H`): NDAA FY2024 sec. 805 reaches "any entity
  subject to the control" of a listed company -> HIT when majority owned or controlled.
- Everything else (`Regime.LISTED_ONLY`): the listing names one party only; a majority-owned or
  controlled affiliate is a REVIEW ("listed-party-affiliate"), never a hit.

Everywhere: a stake that is not stated is a REVIEW "share-unknown", never silently a hit or a clear.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from sanctscreen.models import Status
from sanctscreen.ownership.policy import OwnershipPolicy, affiliates_rule_status
from sanctscreen.programs import Regime


class Tier(StrEnum):
    """How strongly listed parties hold a node, from the three fixed points in `propagation`."""

    OWNED = "owned"  # stated shares reach the threshold
    SHARE_UNKNOWN = "share-unknown"  # would reach it if unstated shares were large
    CONTROLLED = "controlled"  # reached only through control
    MINORITY = "minority"  # a significant stated stake below the threshold


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    rule: str
    reason: str  # one clause, read after the node's name


def _common(tier: Tier, policy: OwnershipPolicy, label: str,
            control_basis: str = "OFAC FAQ 398") -> Verdict | None:
    """The tiers that read the same under every ownership-based rule."""
    if tier is Tier.SHARE_UNKNOWN:
        return Verdict(Status.REVIEW, "share-unknown",
                       f"share unknown: may be {policy.sdn_threshold:g} % or more owned by "
                       f"{label} parties")
    if tier is Tier.CONTROLLED:
        return Verdict(Status.REVIEW, "control-only",
                       f"controlled by {label} parties without stated ownership of "
                       f"{policy.sdn_threshold:g} % or more; control alone does not extend the "
                       f"restriction ({control_basis})")
    if tier is Tier.MINORITY:
        return Verdict(Status.REVIEW, "minority-stake",
                       f"significant minority stake held by {label} parties, below "
                       f"{policy.sdn_threshold:g} % (OFAC FAQ 398 urges caution)")
    return None


# Rules that only say "look closer"; a regime's own rule explains more when both apply.
GENERIC_RULES = frozenset({"share-unknown", "control-only", "minority-stake"})

# Each rule in a few words, for a second rule named beside the first ("also …").
RULE_BRIEFS = {
    "ofac-50-percent": "blocked under OFAC's 50 Percent Rule",
    "ofac-non-sdn-50-percent": "covered by the owner's OFAC directives (50 Percent Rule)",
    "ns-cmic-subsidiary": "a subsidiary of an NS-CMIC company, not itself listed",
    "bis-affiliates": "an affiliate under the BIS Affiliates Rule",
    "bis-affiliates-not-in-force": "an affiliate, were the BIS Affiliates Rule in force",
    "ndaa-889-affiliate": "a subsidiary or affiliate of a section 889 company",
    "dod-1260h-controlled": "subject to the control of a 1260H company",
    "share-unknown": "possibly majority-owned (shares not stated)",
    "control-only": "controlled without stated majority ownership",
    "minority-stake": "a significant minority stake",
    "listed-party-affiliate": "an affiliate of a listed party",
}


class RegimeRule(ABC):
    """One list regime's reading of the tiers."""

    NAME: ClassVar[Regime]
    LABEL: ClassVar[str]  # how restricted owners are called in explanations

    @abstractmethod
    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        """The status and rule for a node in `tier`, or None when the tier has no consequence."""


class OfacBlockingRule(RegimeRule):
    NAME = Regime.OFAC_BLOCKING
    LABEL = "blocked"

    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        if tier is Tier.OWNED:
            return Verdict(Status.HIT, "ofac-50-percent",
                           "blocked under OFAC's 50 Percent Rule (2014 guidance, FAQs 398-401)")
        return _common(tier, policy, self.LABEL)


class OfacNonSdnRule(RegimeRule):
    NAME = Regime.OFAC_NON_SDN
    LABEL = "SSI/non-SDN listed"

    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        if tier is Tier.OWNED:
            return Verdict(policy.non_sdn_subsidiaries, "ofac-non-sdn-50-percent",
                           "subject to the same directives under OFAC's 50 Percent Rule guidance")
        return _common(tier, policy, self.LABEL)


class NsCmicRule(RegimeRule):
    NAME = Regime.OFAC_NS_CMIC
    LABEL = "NS-CMIC listed"

    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        if tier in (Tier.OWNED, Tier.CONTROLLED):
            how = "owned" if tier is Tier.OWNED else "controlled"
            return Verdict(policy.ns_cmic_subsidiaries, "ns-cmic-subsidiary",
                           f"{how} subsidiary of an NS-CMIC company; E.O. 13959 covers it only "
                           "once it is itself listed (the 50 Percent Rule does not apply)")
        if tier is Tier.SHARE_UNKNOWN:
            return _common(tier, policy, self.LABEL)
        return None  # a minority stake is no ground for listing under FAQ 857


class BisAffiliatesRule(RegimeRule):
    NAME = Regime.BIS_AFFILIATES
    LABEL = "Entity List/MEU"

    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        if tier is Tier.OWNED:
            applies, why = affiliates_rule_status(policy)
            if applies:
                return Verdict(Status.HIT, "bis-affiliates",
                               f"restricted as an affiliate: {why}")
            return Verdict(Status.REVIEW, "bis-affiliates-not-in-force",
                           f"would be restricted as an affiliate, but {why}")
        # The rule's new red flag covers "significant minority ownership" and control ties
        # whether or not the 50 % test applies on the day.
        return _common(tier, policy, self.LABEL,
                       "the Affiliates Rule counts ownership only; control is a red flag")


class Ndaa889Rule(RegimeRule):
    """Section 889 covers the equipment of the named companies "or any subsidiary or affiliate
    of such entities"; FAR 2.101 makes affiliates of parties one of which controls the other:
    a majority-owned or controlled entity is covered."""

    NAME = Regime.NDAA_889
    LABEL = "section 889"

    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        if tier in (Tier.OWNED, Tier.CONTROLLED):
            how = "majority-owned" if tier is Tier.OWNED else "controlled"
            return Verdict(Status.HIT, "ndaa-889-affiliate",
                           f"{how}, so a subsidiary or affiliate of a section 889 company "
                           "(NDAA FY2019 sec. 889(f)(3); FAR 2.101 'affiliates')")
        return _common(tier, policy, self.LABEL, "FAR 2.101: affiliation follows control")


class Dod1260hRule(RegimeRule):
    """Section 805 of the NDAA for FY2024 bars DoD contracts with a 1260H company and with "any
    entity subject to the control of" one; majority ownership is control."""

    NAME = Regime.DOD_1260H
    LABEL = "1260H"

    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        if tier in (Tier.OWNED, Tier.CONTROLLED):
            how = "majority-owned" if tier is Tier.OWNED else "controlled"
            return Verdict(Status.HIT, "dod-1260h-controlled",
                           f"{how}, so subject to the control of a 1260H company (NDAA FY2024 "
                           "sec. 805)")
        if tier is Tier.SHARE_UNKNOWN:
            return _common(tier, policy, self.LABEL)
        return None  # a minority stake is not control


class ListedOnlyRule(RegimeRule):
    NAME = Regime.LISTED_ONLY
    LABEL = "listed"

    def verdict(self, tier: Tier, policy: OwnershipPolicy) -> Verdict | None:
        if tier is Tier.SHARE_UNKNOWN:
            return _common(tier, policy, self.LABEL)
        if tier in (Tier.OWNED, Tier.CONTROLLED):
            return Verdict(Status.REVIEW, "listed-party-affiliate",
                           "affiliate of a party whose listing covers the named party only")
        return None


RULES: dict[Regime, RegimeRule] = {
    rule.NAME: rule
    for rule in (OfacBlockingRule(), OfacNonSdnRule(), NsCmicRule(), BisAffiliatesRule(),
                 Ndaa889Rule(), Dod1260hRule(), ListedOnlyRule())
}
