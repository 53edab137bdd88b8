"""The screening pipeline on tiny lists: statuses, ownership, subsumption, summaries."""

from __future__ import annotations

from datetime import date

from sanctscreen.matching.interface import Thresholds
from sanctscreen.models import MatchType, Relation, Status, Subject
from sanctscreen.ownership import OwnershipPolicy
from sanctscreen.screen import Screener, build_report
from tests.factory import entity, link, screening_list, subject

MEGVII = entity("megvii", "Megvii Technology Limited", aliases=("旷视科技有限公司", "旷视"),
                lists=("NS-CMIC",))
KUANGSHI = entity("kuangshi", "Beijing Kuangshi Technology Co., Ltd.",
                  aliases=("北京旷视科技有限公司",), lists=())
DAWNING = entity("dawning", "Dawning Information Industry Co., Ltd.", aliases=("Sugon",),
                 lists=("NS-CMIC",), identifiers=(("isin", "CNE100001TW7"),))
TIGER = entity("tiger", "Tiger Shipping Holdings Ltd", lists=("SDN",), countries=("RU",))
TIGER_SUB = entity("tiger-sub", "Ostrava Freight Services s.r.o.", lists=(), countries=("CZ",))

LISTS = [screening_list(
    [MEGVII, KUANGSHI, DAWNING, TIGER, TIGER_SUB],
    [link(MEGVII, KUANGSHI, relation=Relation.CONTROLS), link(TIGER, TIGER_SUB, 60.0)],
)]
POLICY = OwnershipPolicy(as_of=date(2026, 11, 22))


def screener() -> Screener:
    return Screener(LISTS, Thresholds(), POLICY)


def test_direct_name_match_is_a_hit_with_the_list_and_entity() -> None:
    result = screener().screen_one(subject("MEGVII TECHNOLOGY LTD"))
    assert result.status is Status.HIT
    best = result.matches[0]
    assert best.entity_id == "test:megvii" and best.lists == ("NS-CMIC",)
    assert best.match_type is MatchType.NAME
    assert best.entity_version  # decisions are tied to this version of the entry


def test_identifier_without_a_name_is_screened() -> None:
    result = screener().screen_one(subject(None, identifiers=[("isin", "CNE100001TW7")]))
    assert result.status is Status.HIT
    assert result.matches[0].match_type is MatchType.IDENTIFIER
    assert result.matches[0].entity_id == "test:dawning"


def test_subsidiary_of_ns_cmic_company_is_review_with_the_chain() -> None:
    result = screener().screen_one(subject("Beijing Kuangshi Technology Co Ltd"))
    assert result.status is Status.REVIEW  # NS-CMIC has no 50 percent rule
    match = result.matches[0]
    assert match.match_type is MatchType.OWNERSHIP
    assert [step.entity_id for step in match.path] == ["test:kuangshi", "test:megvii"]


def test_weaker_alias_echo_of_the_owner_is_subsumed_by_the_ownership_match() -> None:
    # "Kuangshi" is also the pinyin of Megvii's Chinese alias 旷视: the row names the subsidiary,
    # so the report must show the ownership chain, not a direct hit on the parent's alias.
    result = screener().screen_one(subject("Beijing Kuangshi Technology Co Ltd"))
    assert not [m for m in result.matches if m.match_type is MatchType.NAME
                and m.entity_id == "test:megvii"]


def test_sdn_owned_sixty_percent_is_blocked() -> None:
    result = screener().screen_one(subject("OSTRAVA FREIGHT SERVICES SRO"))
    assert result.status is Status.HIT
    assert result.matches[0].path[-1].entity_id == "test:tiger"


def test_skipped_subjects_stay_in_order_and_count() -> None:
    rows = [subject("Nestle SA", 2), Subject("in.csv", None, 3, None, skip_reason="blank name"),
            subject("Megvii", 4)]
    results = list(screener().screen(rows))
    assert [r.subject.row for r in results] == [2, 3, 4]
    assert [r.status for r in results] == [Status.CLEAR, Status.SKIPPED, Status.HIT]


def test_report_counts_every_row_but_keeps_only_flagged_ones() -> None:
    rows = [subject("Nestle SA", 2), subject("Megvii", 3), subject("Toyota Motor", 4)]
    report = build_report(screener().screen(rows), LISTS, ["in.csv"], {})
    assert report.summary.rows == 3 and report.summary.clear == 2 and report.summary.hits == 1
    assert [r.subject.row for r in report.results] == [3]
    everything = build_report(screener().screen(rows), LISTS, ["in.csv"], {}, include_clear=True)
    assert [r.subject.row for r in everything.results] == [2, 3, 4]
    assert everything.summary == report.summary
