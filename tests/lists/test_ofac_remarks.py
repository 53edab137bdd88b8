"""Facts read from OFAC remarks: aliases, Linked To, identifiers and listing dates."""

from __future__ import annotations

from datetime import date

from sanctscreen.lists.ofac_remarks import Facts, parse_remarks, split_remarks
from sanctscreen.models import Identifier

DAWNING = ("Equity Ticker 603019CN; Issuer Name Sugon Information Industry Co., Ltd.; "
           "ISIN CNE100001TW7; Effective Date (CMIC) 14 Feb 2022; Purchase/Sales For "
           "Divestment Date (CMIC) 16 Dec 2022; Listing Date (CMIC) 16 Dec 2021; Unified Social "
           "Credit Code (USCC) 91120000783342508F (China); a.k.a. 'SUGON'.")


def test_cmic_remarks() -> None:
    facts = parse_remarks(DAWNING)
    assert facts.aliases == ["Sugon Information Industry Co., Ltd."]
    assert facts.weak_aliases == ["SUGON"]  # quoted: one of OFAC's weak a.k.a.s
    assert facts.identifiers == [Identifier("ticker", "603019"),
                                 Identifier("isin", "CNE100001TW7"),
                                 Identifier("uscc", "91120000783342508F")]
    assert facts.listed_on == date(2021, 12, 16)  # not the effective or divestment date
    assert facts.linked_to == []


def test_alt_prefixes_linked_to_and_lei() -> None:
    facts = parse_remarks("alt. ISIN CND10003D0F9; alt. Issuer Name Huawei Investment and "
                          "Holding Co., Ltd.; Legal Entity Number 253400WSS48YWMBUA688; "
                          "f.k.a. 'OLD NAME'; Linked To: HUAWEI TECHNOLOGIES CO., LTD.")
    assert Identifier("isin", "CND10003D0F9") in facts.identifiers
    assert Identifier("lei", "253400WSS48YWMBUA688") in facts.identifiers
    assert facts.aliases == ["Huawei Investment and Holding Co., Ltd."]
    assert facts.weak_aliases == ["OLD NAME"]
    assert facts.linked_to == ["HUAWEI TECHNOLOGIES CO., LTD"]


def test_earliest_listing_date_with_colon_form() -> None:
    facts = parse_remarks("Listing Date (EO 14024 Directive 3): 24 Feb 2022; "
                          "Listing Date (EO 14024 Directive 2): 22 Feb 2022")
    assert facts.listed_on == date(2022, 2, 22)


def test_bad_check_digit_isin_is_kept_as_published_and_noted() -> None:
    facts = parse_remarks("ISIN CND10002K094")
    assert facts.identifiers == [Identifier("isin", "CND10002K094")]
    assert facts.problems == ["ISIN CND10002K094"]


def test_national_register_number_labelled_lei_is_dropped() -> None:
    assert parse_remarks("Legal Entity Number 851683897 (Netherlands)").identifiers == []


def test_labelled_values_from_xml_id_lists() -> None:
    facts = Facts()
    facts.add("ISIN", "KYG8020E1199")
    facts.add("Listing Date (CMIC)", "03 Jun 2021")
    facts.add("Tax ID No.", "123")  # not something we keep
    assert facts.identifiers == [Identifier("isin", "KYG8020E1199")]
    assert facts.listed_on == date(2021, 6, 3)


def test_nationality_and_citizenship_give_countries() -> None:
    facts = parse_remarks("DOB 1945; nationality Palestinian; citizen Mexico; Gender Male")
    assert facts.countries == ["PS", "MX"]


def test_split_keeps_inner_full_stops() -> None:
    assert split_remarks("Issuer Name X Co., Ltd.; DOB 1960.") == ["Issuer Name X Co., Ltd.",
                                                                   "DOB 1960"]
    assert parse_remarks(None).aliases == []
