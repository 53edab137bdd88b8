"""What a listing means per purpose: the table is complete and cited, dated where the law is,
and a screen grades each match by it (a hit, a review, or noted), ownership included."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from sanctscreen.models import Designation, Entity, Feature, Relation, Status
from sanctscreen.ownership import OwnershipPolicy
from sanctscreen.programs import LISTS
from sanctscreen.purposes import TABLE, Effect, Purpose, consequence, graded, strongest
from sanctscreen.screen import Screener
from tests.factory import entity, link, screening_list, subject

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
DAY = date(2026, 12, 3)
# The effect of each list for securities, procurement and exports (general always counts).
EXPECTED = {
    "SDN": ("PROHIBITED", "PROHIBITED", "PROHIBITED"),
    "NS-CMIC": ("PROHIBITED", "NONE", "NONE"),
    "SSI": ("RESTRICTED", "NONE", "RESTRICTED"),
    "NS-MBS": ("RESTRICTED", "RESTRICTED", "RESTRICTED"),
    "CAPTA": ("NONE", "NONE", "NONE"),
    "FSE": ("PROHIBITED", "PROHIBITED", "PROHIBITED"),
    "NS-PLC": ("RESTRICTED", "RESTRICTED", "RESTRICTED"),
    "EL": ("NONE", "NONE", "PROHIBITED"),
    "MEU": ("NONE", "NONE", "RESTRICTED"),
    "UVL": ("NONE", "NONE", "RESTRICTED"),
    "DPL": ("NONE", "RESTRICTED", "PROHIBITED"),
    "ISN": ("NONE", "RESTRICTED", "RESTRICTED"),
    "DTC": ("NONE", "NONE", "PROHIBITED"),
    "NDAA-889": ("NONE", "PROHIBITED", "NONE"),
    "FCC-COVERED": ("NONE", "RESTRICTED", "NONE"),
    "DOD-1260H": ("NONE", "PROHIBITED", "NONE"),
    "UFLPA": ("NONE", "RESTRICTED", "NONE"),
    "CUSTOM": ("PROHIBITED", "PROHIBITED", "PROHIBITED"),
}
PURPOSES = (Purpose.SECURITIES, Purpose.PROCUREMENT, Purpose.EXPORTS)


def test_every_list_code_has_a_consequence_for_every_purpose() -> None:
    assert set(TABLE) == set(LISTS) == set(EXPECTED)
    for code, rules in TABLE.items():
        assert set(rules) == set(Purpose), code


@pytest.mark.parametrize("code", sorted(EXPECTED))
@pytest.mark.parametrize("purpose", PURPOSES)
def test_the_effect_of_each_list_for_each_purpose(code: str, purpose: Purpose) -> None:
    found = consequence(Designation(code), purpose, DAY)
    assert found.effect.name == EXPECTED[code][PURPOSES.index(purpose)]
    # One sentence with its legal source in parentheses.
    assert found.text.endswith(".") and re.search(r"\([^)]+\)", found.text), found.text
    if code != "CUSTOM":  # a statute, order, regulation or section is named
        assert re.search(r"\([^)]*\d[^)]*\)", found.text), found.text


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_general_counts_every_listing_in_full(code: str) -> None:
    found = consequence(Designation(code), Purpose.GENERAL, date(2020, 1, 1))
    assert found.effect is Effect.PROHIBITED and found.text


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_the_readme_table_names_every_list_and_its_source(code: str) -> None:
    section = README[README.index("### What each listing means"):]
    row = next((line for line in section.splitlines() if line.startswith(f"| `{code}`")), None)
    assert row is not None, f"no README row for {code}"
    assert row.count("|") >= 6


def test_the_1260h_contract_ban_starts_on_30_june_2026() -> None:
    before = consequence(Designation("DOD-1260H"), Purpose.PROCUREMENT, date(2026, 6, 29))
    after = consequence(Designation("DOD-1260H"), Purpose.PROCUREMENT, date(2026, 6, 30))
    assert before.effect is Effect.RESTRICTED and "from 30 Jun 2026" in before.text
    assert after.effect is Effect.PROHIBITED and "NDAA FY2024 sec. 805" in after.text


def test_section_889_starts_on_13_august_2019() -> None:
    early = consequence(Designation("NDAA-889"), Purpose.PROCUREMENT, date(2019, 1, 1))
    assert early.effect is Effect.RESTRICTED and early.text.startswith("From 13 Aug 2019:")


def test_ns_cmic_dates_come_from_the_entry() -> None:
    features = (Feature("Effective Date (CMIC)", "2022-02-14"),
                Feature("Purchase/Sales For Divestment Date (CMIC)", "2022-12-16"))
    listed = Designation("NS-CMIC", "CMIC-EO13959", date(2021, 12, 16))
    pending = consequence(listed, Purpose.SECURITIES, date(2022, 1, 10), features)
    assert pending.effect is Effect.RESTRICTED and "prohibited from 14 Feb 2022" in pending.text
    open_ = consequence(listed, Purpose.SECURITIES, date(2022, 6, 1), features)
    assert open_.effect is Effect.PROHIBITED
    assert open_.text.endswith("the time for sales to divest ends 16 Dec 2022.")
    closed = consequence(listed, Purpose.SECURITIES, DAY, features)
    assert closed.text.endswith("the time for sales to divest ended 16 Dec 2022.")


def test_the_weightiest_listing_speaks_for_a_party() -> None:
    found = strongest([Designation("EL"), Designation("NS-CMIC")], Purpose.SECURITIES, DAY)
    assert found is not None and found.list_code == "NS-CMIC"
    assert found.effect is Effect.PROHIBITED


@pytest.mark.parametrize(("status", "effect", "graded_as"), [
    (Status.HIT, Effect.PROHIBITED, Status.HIT),
    (Status.HIT, Effect.RESTRICTED, Status.REVIEW),
    (Status.REVIEW, Effect.RESTRICTED, Status.REVIEW),
    (Status.HIT, Effect.NONE, Status.NOTED),
    (Status.REVIEW, Effect.NONE, Status.NOTED),
    (Status.CLEARED, Effect.NONE, Status.CLEARED),
])
def test_grading(status: Status, effect: Effect, graded_as: Status) -> None:
    assert graded(status, effect) is graded_as


def screen(entities: list[Entity], name: str, purpose: Purpose, *, links: tuple = (),
           as_of: date = DAY) -> tuple[Status, str, str]:
    lists = [screening_list(entities, list(links))]
    policy = OwnershipPolicy(as_of=as_of, purpose=purpose)
    result = Screener(lists, policy=policy).screen_one(subject(name))
    best = result.matches[0]
    return result.status, best.consequence, best.explanation


def test_an_entity_list_company_is_noted_in_holdings_and_a_hit_in_exports() -> None:
    iflytek = entity("iflytek", "iFlytek Co., Ltd.", lists=("EL",))
    status, meant, _ = screen([iflytek], "IFLYTEK CO LTD-A", Purpose.SECURITIES)
    assert status is Status.NOTED
    assert meant.startswith("The Entity List restricts exports to the party (15 CFR 744.11)")
    assert screen([iflytek], "IFLYTEK CO LTD-A", Purpose.EXPORTS)[0] is Status.HIT
    assert screen([iflytek], "IFLYTEK CO LTD-A", Purpose.GENERAL)[0] is Status.HIT


def test_an_ns_cmic_company_is_a_hit_in_holdings_and_noted_for_procurement() -> None:
    megvii = entity("megvii", "Megvii Technology Limited", lists=("NS-CMIC", "EL"))
    status, meant, _ = screen([megvii], "MEGVII TECHNOLOGY LTD", Purpose.SECURITIES)
    assert status is Status.HIT and "E.O. 13959" in meant
    assert screen([megvii], "MEGVII TECHNOLOGY LTD", Purpose.PROCUREMENT)[0] is Status.NOTED
    assert screen([megvii], "MEGVII TECHNOLOGY LTD", Purpose.EXPORTS)[0] is Status.HIT  # EL


def test_an_ssi_entity_is_a_review_in_holdings() -> None:
    bank = entity("vtb", "VTB Bank", lists=("SSI",), countries=("RU",))
    assert screen([bank], "VTB Bank PJSC", Purpose.SECURITIES)[0] is Status.REVIEW
    assert screen([bank], "VTB Bank PJSC", Purpose.GENERAL)[0] is Status.HIT


def test_the_1260h_list_in_a_vendor_screen_before_and_after_30_june_2026() -> None:
    company = entity("avic", "Aviation Industry Corporation of China", lists=("DOD-1260H",))
    before = screen([company], "Aviation Industry Corp of China", Purpose.PROCUREMENT,
                    as_of=date(2026, 6, 1))
    after = screen([company], "Aviation Industry Corp of China", Purpose.PROCUREMENT,
                   as_of=date(2026, 7, 1))
    assert before[0] is Status.REVIEW and after[0] is Status.HIT


def test_a_section_889_subsidiary_is_a_hit_for_procurement_only() -> None:
    parent = entity("hytera", "Hytera Communications Corporation", lists=("NDAA-889",))
    child = entity("hytera-uk", "Hytera Communications (UK) Co Ltd", lists=())
    owned = (link(parent, child, share=100.0),)
    status, meant, why = screen([parent, child], "Hytera Communications (UK) Co Ltd",
                                Purpose.PROCUREMENT, links=owned)
    assert status is Status.HIT and "ndaa-889-affiliate" in why
    assert "NDAA FY2019 sec. 889(a)" in meant
    assert screen([parent, child], "Hytera Communications (UK) Co Ltd", Purpose.SECURITIES,
                  links=owned)[0] is Status.NOTED


def test_a_1260h_controlled_entity_follows_its_controller() -> None:
    parent = entity("cetc", "China Electronics Technology Group", lists=("DOD-1260H",))
    child = entity("cetc-sub", "CETC Glarun Group", lists=())
    controlled = (link(parent, child, relation=Relation.CONTROLS),)
    status, _, why = screen([parent, child], "CETC Glarun Group", Purpose.PROCUREMENT,
                            links=controlled)
    assert status is Status.HIT and "dod-1260h-controlled" in why


def test_an_entity_list_affiliate_is_noted_in_holdings() -> None:
    parent = entity("sugon", "Dawning Information Industry", lists=("EL",))
    child = entity("cloud", "Xinjiang Sugon Cloud Computing", lists=())
    owned = (link(parent, child, share=100.0),)
    assert screen([parent, child], "Xinjiang Sugon Cloud Computing", Purpose.EXPORTS,
                  links=owned)[0] is Status.HIT
    status, meant, _ = screen([parent, child], "Xinjiang Sugon Cloud Computing",
                              Purpose.SECURITIES, links=owned)
    assert status is Status.NOTED and "15 CFR 744.11" in meant


def test_an_sdn_subsidiary_is_blocked_and_named_under_the_export_rule_too() -> None:
    # 15 CFR 744.8(a)(1): SDNs of these programs count as owners for the Affiliates Rule.
    owner = dataclasses.replace(entity("x", "Rosoboronexport", lists=()), designations=(
        Designation("SDN", "RUSSIA-EO14024", date(2022, 4, 6)),))
    sub = entity("y", "Oboronexport Trading LLC", lists=())
    owned = (link(owner, sub, share=60.0),)
    status, _, why = screen([owner, sub], "Oboronexport Trading LLC", Purpose.EXPORTS,
                            links=owned)
    assert status is Status.HIT
    assert "(rule ofac-50-percent)" in why
    assert "also an affiliate under the BIS Affiliates Rule, hit (rule bis-affiliates)" in why
    # A program outside 744.8(a)(1): OFAC's rule alone.
    other = dataclasses.replace(owner, designations=(Designation("SDN", "IRAN", None),))
    _, _, why = screen([other, sub], "Oboronexport Trading LLC", Purpose.EXPORTS, links=owned)
    assert "bis-affiliates" not in why
