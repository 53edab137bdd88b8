"""What a listing means for what the user is doing: each list's consequence per purpose,
with its legal source and the dates it starts. One table, reviewed like the ownership rules.

A fund screening holdings (`securities`) is barred from the publicly traded securities of an
NS-CMIC company, while an Entity List designation restricts exports to a company, not holding
its shares; a vendor gate (`procurement`) cares about NDAA section 889, the FCC Covered List,
the DoD 1260H list and the UFLPA Entity List; `exports` about the Commerce and State lists.
SDN blocking applies to everything. `general` treats every listing as having consequences,
as a screen without a purpose always has.

Effects: PROHIBITED keeps the match as scored (a hit stays a hit); RESTRICTED makes it a
review at most (a decision is needed: the listing restricts some dealings only); NONE makes it
*noted*: reported with the listing and why it does not apply, never failing the gate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from sanctscreen.models import SEVERITY, Designation, Feature, Status


class Purpose(StrEnum):
    GENERAL = "general"
    SECURITIES = "securities"  # holding, buying or selling securities (a fund's holdings)
    PROCUREMENT = "procurement"  # buying goods and services (a vendor master)
    EXPORTS = "exports"  # shipping items to the party (customers, consignees)


class Effect(IntEnum):
    NONE = 0
    RESTRICTED = 1
    PROHIBITED = 2


@dataclass(frozen=True, slots=True)
class Rule:
    """One list's consequence for one purpose; `starts` dates it (before it, `earlier`)."""

    effect: Effect
    text: str  # one plain sentence, with its legal source in parentheses
    starts: date | None = None
    earlier: Rule | None = None


@dataclass(frozen=True, slots=True)
class Consequence:
    """What one listing means for the screen's purpose on its date."""

    list_code: str
    effect: Effect
    text: str


_NONE_SECURITIES = "{list} does not restrict holding, buying or selling its securities."
_NONE_PROCUREMENT = "{list} does not restrict buying from it."
_NONE_EXPORTS = "{list} does not restrict exports to it."

# Section 805 of the NDAA for FY2024 (Pub. L. 118-31): DoD may not contract with a 1260H
# company (or an entity it controls) from 30 June 2026, nor indirectly from 30 June 2027.
DOD_1260H_CONTRACTS = date(2026, 6, 30)
# Section 889(a)(1)(A) applies from 13 Aug 2019, (a)(1)(B) from 13 Aug 2020.
SECTION_889_A = date(2019, 8, 13)
SECTION_889_B = date(2020, 8, 13)

_SDN = Rule(Effect.PROHIBITED, "Blocked: US persons may not deal in this party's property or "
            "interests in property, wherever located, and must block what comes into their "
            "possession (31 CFR part 501 and the program's regulations; the E.O. named in the "
            "listing).")
_FSE = Rule(Effect.PROHIBITED, "Transactions by US persons involving this foreign sanctions "
            "evader, in goods, services or technology in or intended for the United States or "
            "provided by US persons, are prohibited (E.O. 13608 sec. 1; FSE list).")
_NS_PLC = Rule(Effect.RESTRICTED, "Transactions with this member of the Palestinian Legislative "
               "Council elected on the slate of a designated group are prohibited unless "
               "authorised (31 CFR part 594; OFAC General License 4).")
_CUSTOM = Rule(Effect.PROHIBITED, "On your organisation's own restricted list (the list file "
               "you screen against).")

TABLE: dict[str, dict[Purpose, Rule]] = {
    "SDN": {p: _SDN for p in Purpose},
    "NS-CMIC": {
        Purpose.SECURITIES: Rule(Effect.PROHIBITED, "Purchase or sale by US persons of this "
                                 "company's publicly traded securities, or of securities "
                                 "derivative of them, is prohibited (E.O. 13959 as amended by "
                                 "E.O. 14032, sec. 1)."),
        Purpose.PROCUREMENT: Rule(Effect.NONE, "The NS-CMIC listing restricts investment in "
                                  "the company's publicly traded securities only (E.O. 14032); "
                                  "it does not restrict buying from it."),
        Purpose.EXPORTS: Rule(Effect.NONE, "The NS-CMIC listing restricts investment in the "
                              "company's publicly traded securities only (E.O. 14032); it does "
                              "not restrict exports to it."),
    },
    "SSI": {
        Purpose.SECURITIES: Rule(Effect.RESTRICTED, "Dealings in new debt (beyond the "
                                 "directive's maturity) or new equity of this entity are "
                                 "prohibited by the directive it is listed under (E.O. 13662 "
                                 "Directives 1-3, as amended under CAATSA sec. 223); its "
                                 "existing securities are not blocked."),
        Purpose.PROCUREMENT: Rule(Effect.NONE, "The SSI directives restrict new debt, new "
                                  "equity and support for certain oil projects (E.O. 13662); "
                                  "they do not restrict buying from it."),
        Purpose.EXPORTS: Rule(Effect.RESTRICTED, "Directive 4 bars goods, services and "
                              "technology for certain Russian oil projects, and the EAR's Russia "
                              "measures require licences for most items (E.O. 13662 Directive 4; "
                              "15 CFR 746.8)."),
    },
    "NS-MBS": {
        Purpose.SECURITIES: Rule(Effect.RESTRICTED, "Menu-based sanctions: the directive it is "
                                 "listed under prohibits specific dealings, such as in new debt "
                                 "or new equity (E.O. 14024 Directives 1A-4; E.O. 14014; "
                                 "E.O. 14059)."),
        Purpose.PROCUREMENT: Rule(Effect.RESTRICTED, "Menu-based sanctions: some directives "
                                  "prohibit any transaction with the listed party (E.O. 14024 "
                                  "Directive 4); check the directive it is listed under."),
        Purpose.EXPORTS: Rule(Effect.RESTRICTED, "Menu-based sanctions: some directives "
                              "prohibit any transaction with the listed party (E.O. 14024 "
                              "Directive 4), and the EAR's Russia measures require licences for "
                              "most items (15 CFR 746.8)."),
    },
    "CAPTA": {
        Purpose.SECURITIES: Rule(Effect.NONE, "The CAPTA listing bars US financial institutions "
                                 "from correspondent or payable-through accounts for this bank "
                                 "(31 CFR 561.201, CAPTA list); it does not restrict its "
                                 "securities."),
        Purpose.PROCUREMENT: Rule(Effect.NONE, "The CAPTA listing bars US financial "
                                  "institutions from correspondent or payable-through accounts "
                                  "for this bank (31 CFR 561.201); it does not restrict buying "
                                  "from it."),
        Purpose.EXPORTS: Rule(Effect.NONE, "The CAPTA listing bars US financial institutions "
                              "from correspondent or payable-through accounts for this bank "
                              "(31 CFR 561.201); it does not restrict exports to it."),
    },
    "FSE": {p: _FSE for p in Purpose},
    "NS-PLC": {p: _NS_PLC for p in Purpose},
    "EL": {
        Purpose.SECURITIES: Rule(Effect.NONE, "The Entity List restricts exports to the party "
                                 "(15 CFR 744.11); it does not restrict holding, buying or "
                                 "selling its securities."),
        Purpose.PROCUREMENT: Rule(Effect.NONE, "The Entity List restricts exports to the party "
                                  "(15 CFR 744.11); it does not restrict buying from it."),
        Purpose.EXPORTS: Rule(Effect.PROHIBITED, "A licence is required to export, reexport or "
                              "transfer any item subject to the EAR to this party, generally "
                              "with a presumption of denial (15 CFR 744.11; Supp. No. 4 to "
                              "part 744)."),
    },
    "MEU": {
        Purpose.SECURITIES: Rule(Effect.NONE, "The Military End-User List restricts exports "
                                 "(15 CFR 744.21); it does not restrict its securities."),
        Purpose.PROCUREMENT: Rule(Effect.NONE, "The Military End-User List restricts exports "
                                  "(15 CFR 744.21); it does not restrict buying from it."),
        Purpose.EXPORTS: Rule(Effect.RESTRICTED, "A licence is required to export, reexport or "
                              "transfer the items of Supp. No. 2 to part 744 to this military "
                              "end user (15 CFR 744.21; Supp. No. 7 to part 744)."),
    },
    "UVL": {
        Purpose.SECURITIES: Rule(Effect.NONE, "The Unverified List concerns exports (15 CFR "
                                 "744.15); it does not restrict its securities."),
        Purpose.PROCUREMENT: Rule(Effect.NONE, "The Unverified List concerns exports (15 CFR "
                                  "744.15); it does not restrict buying from it."),
        Purpose.EXPORTS: Rule(Effect.RESTRICTED, "Exports to this party need a UVL statement "
                              "from it and may not use licence exceptions (15 CFR 744.15; Supp. "
                              "No. 6 to part 744)."),
    },
    "DPL": {
        Purpose.SECURITIES: Rule(Effect.NONE, "A denial order concerns export transactions "
                                 "(15 CFR part 764); it does not restrict its securities."),
        Purpose.PROCUREMENT: Rule(Effect.RESTRICTED, "This person's export privileges are "
                                  "denied: no one may buy from it, or otherwise benefit from, "
                                  "items subject to the EAR that are exported or to be exported "
                                  "(15 CFR part 764, Supp. No. 1: the standard denial order)."),
        Purpose.EXPORTS: Rule(Effect.PROHIBITED, "This person's export privileges are denied: "
                              "no one may take part in an export or reexport of items subject "
                              "to the EAR with it (15 CFR part 764; its denial order)."),
    },
    "ISN": {
        Purpose.SECURITIES: Rule(Effect.NONE, "State's nonproliferation sanctions bar US "
                                 "government procurement from and exports to this party (e.g. "
                                 "INKSNA sec. 3; E.O. 12938); they do not restrict its "
                                 "securities."),
        Purpose.PROCUREMENT: Rule(Effect.RESTRICTED, "State's nonproliferation sanctions may "
                                  "bar US government procurement from this party; check the "
                                  "measure imposed (e.g. INKSNA sec. 3; E.O. 12938)."),
        Purpose.EXPORTS: Rule(Effect.RESTRICTED, "State's nonproliferation sanctions may bar "
                              "exports to this party; check the measure imposed (e.g. INKSNA "
                              "sec. 3; E.O. 12938)."),
    },
    "DTC": {
        Purpose.SECURITIES: Rule(Effect.NONE, "ITAR debarment concerns defense trade (22 CFR "
                                 "127.7); it does not restrict its securities."),
        Purpose.PROCUREMENT: Rule(Effect.NONE, "ITAR debarment concerns exports of defense "
                                  "articles and services (22 CFR 127.7); it does not restrict "
                                  "buying from it."),
        Purpose.EXPORTS: Rule(Effect.PROHIBITED, "Debarred from taking part, directly or "
                              "indirectly, in exports of defense articles and services (22 CFR "
                              "127.7, ITAR)."),
    },
    "NDAA-889": {
        Purpose.SECURITIES: Rule(Effect.NONE, _NONE_SECURITIES.format(
            list="Section 889 restricts federal procurement only (Pub. L. 115-232 sec. 889); it")),
        Purpose.PROCUREMENT: Rule(
            Effect.PROHIBITED, "Executive agencies may not procure, and from 13 Aug 2020 may "
            "not contract with an entity that uses, telecommunications or video surveillance "
            "equipment or services produced by this company or its subsidiaries and affiliates "
            "(NDAA FY2019 sec. 889(a); FAR 52.204-25).", starts=SECTION_889_A),
        Purpose.EXPORTS: Rule(Effect.NONE, _NONE_EXPORTS.format(
            list="Section 889 restricts federal procurement only (Pub. L. 115-232 sec. 889); it")),
    },
    "FCC-COVERED": {
        Purpose.SECURITIES: Rule(Effect.NONE, _NONE_SECURITIES.format(
            list="The FCC Covered List concerns communications equipment and services (47 U.S.C. "
                 "1601); it")),
        Purpose.PROCUREMENT: Rule(Effect.RESTRICTED, "Its communications equipment or services "
                                  "are on the FCC Covered List: federal Universal Service Fund "
                                  "support may not be used for them and new equipment "
                                  "authorisations are barred (47 U.S.C. 1601-1602; 47 CFR "
                                  "1.50002)."),
        Purpose.EXPORTS: Rule(Effect.NONE, _NONE_EXPORTS.format(
            list="The FCC Covered List concerns communications equipment and services (47 U.S.C. "
                 "1601); it")),
    },
    "DOD-1260H": {
        Purpose.SECURITIES: Rule(Effect.NONE, _NONE_SECURITIES.format(
            list="The DoD 1260H list (NDAA FY2021 sec. 1260H) itself")),
        Purpose.PROCUREMENT: Rule(
            Effect.PROHIBITED, "The Department of Defense may not enter into a contract with "
            "this Chinese military company or an entity it controls from 30 Jun 2026, nor "
            "indirectly from 30 Jun 2027 (NDAA FY2024 sec. 805).", starts=DOD_1260H_CONTRACTS,
            earlier=Rule(Effect.RESTRICTED, "On the DoD list of Chinese military companies: "
                         "from 30 Jun 2026 the Department of Defense may not contract with it "
                         "or an entity it controls (NDAA FY2024 sec. 805).")),
        Purpose.EXPORTS: Rule(Effect.NONE, _NONE_EXPORTS.format(
            list="The DoD 1260H list (NDAA FY2021 sec. 1260H) itself")),
    },
    "UFLPA": {
        Purpose.SECURITIES: Rule(Effect.NONE, _NONE_SECURITIES.format(
            list="The UFLPA Entity List concerns imports of goods (Pub. L. 117-78 sec. 2(d)); "
                 "it")),
        Purpose.PROCUREMENT: Rule(Effect.RESTRICTED, "Goods mined, produced or manufactured "
                                  "wholly or in part by this entity are presumed made with "
                                  "forced labour and may not be imported into the United States "
                                  "(UFLPA sec. 3, Pub. L. 117-78; 19 U.S.C. 1307)."),
        Purpose.EXPORTS: Rule(Effect.NONE, _NONE_EXPORTS.format(
            list="The UFLPA Entity List concerns imports of goods (Pub. L. 117-78 sec. 2(d)); "
                 "it")),
    },
    "CUSTOM": {p: _CUSTOM for p in Purpose},
}
# What each listing means, for the `general` purpose: the sentence of the purpose it matters
# most for; there every listing counts in full, as it always has.
for _rules in TABLE.values():
    _weightiest = max((r for p, r in _rules.items() if p is not Purpose.GENERAL),
                      key=lambda r: r.effect)
    _rules[Purpose.GENERAL] = Rule(Effect.PROHIBITED, _weightiest.text)


def _dated(rule: Rule, as_of: date) -> Rule:
    if rule.starts is not None and as_of < rule.starts:
        if rule.earlier is not None:
            return rule.earlier
        return Rule(Effect.RESTRICTED, f"From {rule.starts:%d %b %Y}: {rule.text}")
    return rule


def _feature_date(features: Iterable[Feature], label: str) -> date | None:
    for feature in features:
        if feature.label.casefold() == label.casefold():
            try:
                return date.fromisoformat(feature.value[:10])
            except ValueError:
                return None
    return None


def _ns_cmic(rule: Rule, as_of: date, features: Sequence[Feature]) -> Rule:
    """The NS-CMIC securities rule with the entry's own dates: OFAC states the date the
    prohibition took effect and the last day of sales for divestment."""
    effective = _feature_date(features, "Effective Date (CMIC)")
    divest = _feature_date(features, "Purchase/Sales For Divestment Date (CMIC)")
    if effective is not None and as_of < effective:
        return Rule(Effect.RESTRICTED, f"Listed under E.O. 13959 as amended: purchase or sale "
                    f"of its publicly traded securities by US persons is prohibited from "
                    f"{effective:%d %b %Y} (E.O. 14032, sec. 1).")
    if divest is not None:
        ended = "ended" if as_of > divest else "ends"
        return Rule(rule.effect, f"{rule.text[:-1]}; the time for sales to divest {ended} "
                    f"{divest:%d %b %Y}.")
    return rule


def consequence(designation: Designation, purpose: Purpose, as_of: date,
                features: Sequence[Feature] = ()) -> Consequence:
    """What `designation` means for `purpose` on `as_of` (a list not in the table counts in
    full, as the user's own list does)."""
    rules = TABLE.get(designation.list_code, TABLE["CUSTOM"])
    rule = rules[purpose] if purpose is Purpose.GENERAL else _dated(rules[purpose], as_of)
    if designation.list_code == "NS-CMIC" and purpose is Purpose.SECURITIES:
        rule = _ns_cmic(rule, as_of, features)
    return Consequence(designation.list_code, rule.effect, rule.text)


def strongest(designations: Iterable[Designation], purpose: Purpose, as_of: date,
              features: Sequence[Feature] = ()) -> Consequence | None:
    """The weightiest consequence among `designations` (the first of equals, in list order)."""
    found = [consequence(d, purpose, as_of, features) for d in designations]
    return max(found, key=lambda c: c.effect) if found else None


def graded(status: Status, effect: Effect) -> Status:
    """A match's status once its listing's consequence for the purpose is applied."""
    if status not in (Status.HIT, Status.REVIEW):
        return status
    if effect is Effect.NONE:
        return Status.NOTED
    if effect is Effect.RESTRICTED:
        return min(status, Status.REVIEW, key=SEVERITY.__getitem__)
    return status
