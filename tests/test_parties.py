"""Merging the same party across lists: by OFAC entry number, `same_as` and a shared decisive
identifier, never by a name alone, with a warning when a shared identifier looks wrong."""

from __future__ import annotations

import dataclasses
from datetime import date

from sanctscreen.decisions import Decision, Decisions, Verdict
from sanctscreen.lists import load_lists
from sanctscreen.models import Designation, Entity, Identifier, Relation, ScreeningList, Status
from sanctscreen.parties import combine, merge, ofac_key
from sanctscreen.screen import Screener
from tests.factory import entity, link, screening_list, subject


def as_format(lst: ScreeningList, fmt: str) -> ScreeningList:
    return dataclasses.replace(lst, info=dataclasses.replace(lst.info, format=fmt))


def sdn_and_cons() -> list[ScreeningList]:
    sdn = entity("17018", "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", lists=("SDN",),
                 list_id="ofac-sdn", countries=("RU",))
    cons = entity("17018", "SBERBANK OF RUSSIA", lists=("SSI",), list_id="ofac-cons",
                  aliases=("ПАО СБЕРБАНК",), countries=("RU", "IN"))
    other = entity("17019", "SBERBANK OF RUSSIA", lists=("SSI",), list_id="ofac-cons")
    return [as_format(screening_list([sdn], list_id="ofac-sdn"), "ofac-csv"),
            as_format(screening_list([cons, other], list_id="ofac-cons"), "ofac-enhanced")]


def test_the_same_ofac_entry_number_is_one_party_across_lists_and_formats() -> None:
    parties = merge(sdn_and_cons())
    party = next(e for e in parties.entities if e.id == "ofac-sdn:17018")
    assert party.sources == ("ofac-sdn:17018", "ofac-cons:17018")
    assert party.list_codes == ("SDN", "SSI")
    assert "ПАО СБЕРБАНК" in party.aliases and "SBERBANK OF RUSSIA" in party.aliases
    assert party.countries == ("RU", "IN")
    assert parties.party("ofac-cons:17018") == "ofac-sdn:17018"
    assert parties.evidence["ofac-sdn:17018"] == ("OFAC entry 17018",)
    # 17019 has the same name but another entry number: never merged on a name alone.
    assert "ofac-cons:17019" in {e.id for e in parties.entities}
    assert len(parties.entities) == 2


def test_an_ofac_key_needs_an_ofac_format_and_a_number() -> None:
    assert ofac_key(entity("33091", "Megvii", list_id="ofac-cons"), "ofac-csv") == "ofac:33091"
    assert ofac_key(entity("linked-4695", "HAMAS", list_id="ofac-cons"),
                    "ofac-enhanced") == "ofac:4695"
    assert ofac_key(entity("linked-hamas", "HAMAS", list_id="ofac-cons"), "ofac-csv") is None
    assert ofac_key(entity("33091", "Megvii", list_id="mine"), "custom") is None


def test_same_as_joins_a_seed_entry_to_its_ofac_entry() -> None:
    seed = dataclasses.replace(entity("dji", "SZ DJI Technology Co., Ltd.", lists=("EL",),
                                      list_id="seed"), same_as=("ofac:33111",))
    ofac = entity("33111", "SZ DJI TECHNOLOGY CO., LTD.", list_id="ofac-cons")
    lists = [screening_list([seed], list_id="seed"),
             as_format(screening_list([ofac], list_id="ofac-cons"), "ofac-csv")]
    (party,) = merge(lists).entities
    assert party.id == "seed:dji" and party.sources == ("seed:dji", "ofac-cons:33111")
    assert party.list_codes == ("EL", "NS-CMIC")
    assert merge(lists).evidence["seed:dji"] == ("OFAC entry 33111",)


def test_a_shared_isin_joins_entries_whose_names_agree() -> None:
    mine = entity("h", "Hikvision", list_id="mine", identifiers=(("isin", "CNE100000PM8"),))
    theirs = entity("30946", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.",
                    list_id="other", identifiers=(("isin", "CNE100000PM8"),))
    parties = merge([screening_list([mine], list_id="mine"),
                     screening_list([theirs], list_id="other")])
    (party,) = parties.entities
    assert party.sources == ("mine:h", "other:30946")
    assert parties.evidence["mine:h"] == ("ISIN CNE100000PM8",)
    assert not parties.warnings


def test_a_ticker_is_no_evidence() -> None:
    a = entity("a", "Alpha Holdings", list_id="a", identifiers=(("ticker", "700"),))
    b = entity("b", "Alpha Holdings", list_id="b", identifiers=(("ticker", "700"),))
    parties = merge([screening_list([a], list_id="a"), screening_list([b], list_id="b")])
    assert len(parties.entities) == 2 and not parties.members


def test_a_shared_isin_with_other_names_and_countries_is_a_warning_not_a_merge() -> None:
    a = entity("a", "Shenzhen Example Drone Co", list_id="a", countries=("CN",),
               identifiers=(("isin", "CNE100000PM8"),))
    b = entity("b", "Pacific Timber Holdings", list_id="b", countries=("NZ",),
               identifiers=(("isin", "CNE100000PM8"),))
    parties = merge([screening_list([a], list_id="a"), screening_list([b], list_id="b")])
    assert len(parties.entities) == 2 and not parties.members
    (warning,) = parties.warnings
    assert warning.startswith("a:a (Shenzhen Example Drone Co) and b:b (Pacific Timber Holdings) "
                              "share ISIN CNE100000PM8")
    assert warning.endswith("neither their names nor their countries agree; not merged")


def test_two_entries_of_one_list_are_never_merged() -> None:
    a = entity("1", "Beta Bank", list_id="l", identifiers=(("isin", "CNE100000PM8"),))
    b = entity("2", "Beta Bank", list_id="l", identifiers=(("isin", "CNE100000PM8"),))
    c = dataclasses.replace(entity("c", "Beta Bank", list_id="m"), same_as=("l:1", "l:2"))
    parties = merge([screening_list([a, b], list_id="l"), screening_list([c], list_id="m")])
    # c names both; it joins the first, and the second stays a party of its own.
    assert {e.id: e.sources for e in parties.entities} == {"l:1": ("l:1", "m:c"), "l:2": ()}


def test_links_join_the_merged_party() -> None:
    parent = dataclasses.replace(entity("megvii", "Megvii Technology Limited", list_id="seed"),
                                 same_as=("ofac:33091",))
    sub = entity("kuangshi", "Beijing Kuangshi Technology", lists=(), list_id="seed")
    ofac = entity("33091", "MEGVII TECHNOLOGY LIMITED", list_id="ofac-cons")
    other = entity("9", "Harrow Imaging", lists=(), list_id="ofac-cons")
    seed = screening_list([parent, sub], [link(parent, sub, relation=Relation.CONTROLS)],
                          list_id="seed")
    cons = as_format(screening_list([ofac, other], [link(ofac, other, share=51.0)],
                                    list_id="ofac-cons"), "ofac-enhanced")
    parties = merge([seed, cons])
    assert {(lk.owner, lk.owned, lk.share) for lk in parties.links} == {
        ("seed:megvii", "seed:kuangshi", None), ("seed:megvii", "ofac-cons:9", 51.0)}


def test_one_listing_stated_twice_is_one_designation() -> None:
    a = dataclasses.replace(entity("a", "Gamma", list_id="a"), designations=(
        Designation("NS-CMIC", "CMIC-EO13959", date(2021, 12, 16), "E.O. 13959 as amended"),))
    b = dataclasses.replace(entity("b", "GAMMA", list_id="b"), designations=(
        Designation("NS-CMIC", "CMIC-EO13959", date(2021, 12, 16), "Executive Order 14032",
                    "https://sanctionssearch"),
        Designation("EL", None, date(2019, 10, 9))))
    party = combine([a, b])
    assert party.designations == (
        Designation("NS-CMIC", "CMIC-EO13959", date(2021, 12, 16), "E.O. 13959 as amended",
                    "https://sanctionssearch"),
        Designation("EL", None, date(2019, 10, 9)))
    assert party.aliases == ()  # "GAMMA" is the lead's name in another case


def test_the_default_lists_merge_the_seed_firms_and_the_treasury_entries_on_both_lists() -> None:
    parties = merge(load_lists())
    members = {pid: tuple(m.id for m in ms) for pid, ms in parties.members.items()}
    assert members["seed:megvii"] == ("seed:megvii", "ofac-cons:33091")
    assert members["seed:hikvision"] == ("seed:hikvision", "ofac-cons:30946")
    assert members["seed:xuar-psb"] == ("seed:xuar-psb", "ofac-sdn:29159")  # an SDN, too
    assert members["ofac-sdn:17018"] == ("ofac-sdn:17018", "ofac-cons:17018")  # Sberbank
    # Every seed firm with an OFAC entry, and the SSI/NS-MBS entries that are SDNs as well.
    assert len(members) == 102 and not parties.warnings
    megvii = next(e for e in parties.entities if e.id == "seed:megvii")
    assert megvii.list_codes == ("EL", "NS-CMIC") and "旷视科技有限公司" in megvii.aliases


def test_a_match_names_every_source_and_a_decision_on_one_still_applies() -> None:
    seed = dataclasses.replace(entity("dawning", "Dawning Information Industry Co., Ltd.",
                                      lists=("EL",), list_id="seed", aliases=("Sugon",)),
                               same_as=("ofac:33113",))
    ofac = entity("33113", "DAWNING INFORMATION INDUSTRY CO., LTD", list_id="ofac-cons",
                  identifiers=(("isin", "CNE100001TW7"),))
    lists = [screening_list([seed], list_id="seed"),
             as_format(screening_list([ofac], list_id="ofac-cons"), "ofac-csv")]
    screener = Screener(lists)
    row = subject("Dawning Information Industry Co Ltd")
    (match,) = screener.screen_one(row).matches
    assert match.entity_id == "seed:dawning" and match.lists == ("EL", "NS-CMIC")
    assert [s.entity_id for s in match.sources] == ["seed:dawning", "ofac-cons:33113"]
    # A decision made before the merge, against the OFAC entry alone, as it still is.
    alone = Screener([lists[1]])
    (old,) = alone.screen_one(row).matches
    decision = Decision.about(row, old, Verdict.CLEAR, by="analyst", on=date(2026, 11, 1))
    result = screener.screen_one(row)
    (cleared,) = Decisions([decision]).apply([result], date(2026, 12, 1))
    assert cleared.status is Status.CLEARED
    assert cleared.matches[0].decision is not None
    assert "decided for the list entry ofac-cons:33113 alone; now one party with seed:dawning" \
        in cleared.matches[0].decision
    # The same decision against a changed OFAC entry is asked again.
    changed = dataclasses.replace(ofac, identifiers=(Identifier("isin", "CNE100000PM8"),))
    screener = Screener([lists[0], as_format(screening_list([changed], list_id="ofac-cons"),
                                             "ofac-csv")])
    (reopened,) = Decisions([decision]).apply([screener.screen_one(row)], date(2026, 12, 1))
    assert reopened.status is not Status.CLEARED
    assert "re-raised: list entry changed" in reopened.matches[0].explanation


def test_a_decision_on_the_party_covers_it_and_a_change_in_any_source_reopens_it() -> None:
    seed = dataclasses.replace(entity("dji", "SZ DJI Technology Co., Ltd.", lists=("EL",),
                                      list_id="seed"), same_as=("ofac:33111",))
    ofac = entity("33111", "SZ DJI TECHNOLOGY CO., LTD.", list_id="ofac-cons")
    lists = [screening_list([seed], list_id="seed"),
             as_format(screening_list([ofac], list_id="ofac-cons"), "ofac-csv")]
    row = subject("DJI Technology Co Ltd")
    (match,) = Screener(lists).screen_one(row).matches
    decision = Decision.about(row, match, Verdict.CLEAR, by="analyst", on=date(2026, 11, 1))
    assert decision.entity_id == "seed:dji"
    (kept,) = Decisions([decision]).apply([Screener(lists).screen_one(row)], date(2026, 12, 1))
    assert kept.status is Status.CLEARED and "decided for" not in (kept.matches[0].decision or "")
    renamed: Entity = dataclasses.replace(ofac, aliases=("DA-JIANG INNOVATIONS",))
    lists[1] = as_format(screening_list([renamed], list_id="ofac-cons"), "ofac-csv")
    (again,) = Decisions([decision]).apply([Screener(lists).screen_one(row)], date(2026, 12, 1))
    assert again.status is not Status.CLEARED
